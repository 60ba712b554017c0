import datetime

from flowkeeper.engine.v1 import batch_pb2 as _batch_pb2
from flowkeeper.engine.v1 import case_execution_pb2 as _case_execution_pb2
from flowkeeper.engine.v1 import case_instance_pb2 as _case_instance_pb2
from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as _process_instance_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CleanUpHistoryRequest(_message.Message):
    __slots__ = ("batch_size",)
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    batch_size: int
    def __init__(self, batch_size: _Optional[int] = ...) -> None: ...

class CleanUpHistoryResponse(_message.Message):
    __slots__ = ("removed_process_instances", "removed_case_instances", "more", "removed_batches", "removed_decision_instances")
    REMOVED_PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    REMOVED_CASE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    MORE_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BATCHES_FIELD_NUMBER: _ClassVar[int]
    REMOVED_DECISION_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    removed_process_instances: int
    removed_case_instances: int
    more: bool
    removed_batches: int
    removed_decision_instances: int
    def __init__(self, removed_process_instances: _Optional[int] = ..., removed_case_instances: _Optional[int] = ..., more: _Optional[bool] = ..., removed_batches: _Optional[int] = ..., removed_decision_instances: _Optional[int] = ...) -> None: ...

class GetHistoryCleanupRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetHistoryCleanupResponse(_message.Message):
    __slots__ = ("history_cleanup",)
    HISTORY_CLEANUP_FIELD_NUMBER: _ClassVar[int]
    history_cleanup: HistoryCleanup
    def __init__(self, history_cleanup: _Optional[_Union[HistoryCleanup, _Mapping]] = ...) -> None: ...

class HistoryCleanup(_message.Message):
    __slots__ = ("automatic", "batch_window", "interval_seconds", "batch_size", "next_run_time", "last_run_time", "last_removed_process_instances", "last_removed_case_instances", "last_removed_batches", "batch_history_time_to_live", "batch_history_time_to_live_by_type", "last_removed_decision_instances")
    class BatchHistoryTimeToLiveByTypeEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    AUTOMATIC_FIELD_NUMBER: _ClassVar[int]
    BATCH_WINDOW_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    NEXT_RUN_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_RUN_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_REMOVED_PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    LAST_REMOVED_CASE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    LAST_REMOVED_BATCHES_FIELD_NUMBER: _ClassVar[int]
    BATCH_HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    BATCH_HISTORY_TIME_TO_LIVE_BY_TYPE_FIELD_NUMBER: _ClassVar[int]
    LAST_REMOVED_DECISION_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    automatic: bool
    batch_window: str
    interval_seconds: int
    batch_size: int
    next_run_time: _timestamp_pb2.Timestamp
    last_run_time: _timestamp_pb2.Timestamp
    last_removed_process_instances: int
    last_removed_case_instances: int
    last_removed_batches: int
    batch_history_time_to_live: int
    batch_history_time_to_live_by_type: _containers.ScalarMap[str, int]
    last_removed_decision_instances: int
    def __init__(self, automatic: _Optional[bool] = ..., batch_window: _Optional[str] = ..., interval_seconds: _Optional[int] = ..., batch_size: _Optional[int] = ..., next_run_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_run_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_removed_process_instances: _Optional[int] = ..., last_removed_case_instances: _Optional[int] = ..., last_removed_batches: _Optional[int] = ..., batch_history_time_to_live: _Optional[int] = ..., batch_history_time_to_live_by_type: _Optional[_Mapping[str, int]] = ..., last_removed_decision_instances: _Optional[int] = ...) -> None: ...

class HistoricActivityInstance(_message.Message):
    __slots__ = ("id", "parent_activity_instance_id", "activity_id", "activity_name", "activity_type", "process_definition_key", "process_definition_id", "process_instance_id", "execution_id", "task_id", "assignee", "called_process_instance_id", "start_time", "end_time", "duration", "canceled", "complete_scope", "tenant_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    CALLED_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    CANCELED_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_SCOPE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent_activity_instance_id: str
    activity_id: str
    activity_name: str
    activity_type: str
    process_definition_key: str
    process_definition_id: str
    process_instance_id: str
    execution_id: str
    task_id: str
    assignee: str
    called_process_instance_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    duration: _duration_pb2.Duration
    canceled: bool
    complete_scope: bool
    tenant_id: str
    def __init__(self, id: _Optional[str] = ..., parent_activity_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_name: _Optional[str] = ..., activity_type: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., task_id: _Optional[str] = ..., assignee: _Optional[str] = ..., called_process_instance_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., canceled: _Optional[bool] = ..., complete_scope: _Optional[bool] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class QueryHistoricActivityInstancesRequest(_message.Message):
    __slots__ = ("activity_instance_id", "process_instance_id", "process_definition_id", "execution_id", "activity_id", "activity_name", "activity_name_like", "activity_type", "finished", "unfinished", "canceled", "complete_scope", "started_before", "started_after", "finished_before", "finished_after", "tenant_id_in", "without_tenant_id", "page", "sorting", "task_assignee")
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    CANCELED_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_SCOPE_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    activity_instance_id: str
    process_instance_id: str
    process_definition_id: str
    execution_id: str
    activity_id: str
    activity_name: str
    activity_name_like: str
    activity_type: str
    finished: bool
    unfinished: bool
    canceled: bool
    complete_scope: bool
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    task_assignee: str
    def __init__(self, activity_instance_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_name: _Optional[str] = ..., activity_name_like: _Optional[str] = ..., activity_type: _Optional[str] = ..., finished: _Optional[bool] = ..., unfinished: _Optional[bool] = ..., canceled: _Optional[bool] = ..., complete_scope: _Optional[bool] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., task_assignee: _Optional[str] = ...) -> None: ...

class QueryHistoricActivityInstancesResponse(_message.Message):
    __slots__ = ("historic_activity_instances",)
    HISTORIC_ACTIVITY_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    historic_activity_instances: _containers.RepeatedCompositeFieldContainer[HistoricActivityInstance]
    def __init__(self, historic_activity_instances: _Optional[_Iterable[_Union[HistoricActivityInstance, _Mapping]]] = ...) -> None: ...

class CountHistoricActivityInstancesRequest(_message.Message):
    __slots__ = ("activity_instance_id", "process_instance_id", "process_definition_id", "execution_id", "activity_id", "activity_name", "activity_name_like", "activity_type", "finished", "unfinished", "canceled", "complete_scope", "started_before", "started_after", "finished_before", "finished_after", "tenant_id_in", "without_tenant_id", "task_assignee")
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    CANCELED_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_SCOPE_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    activity_instance_id: str
    process_instance_id: str
    process_definition_id: str
    execution_id: str
    activity_id: str
    activity_name: str
    activity_name_like: str
    activity_type: str
    finished: bool
    unfinished: bool
    canceled: bool
    complete_scope: bool
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    task_assignee: str
    def __init__(self, activity_instance_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_name: _Optional[str] = ..., activity_name_like: _Optional[str] = ..., activity_type: _Optional[str] = ..., finished: _Optional[bool] = ..., unfinished: _Optional[bool] = ..., canceled: _Optional[bool] = ..., complete_scope: _Optional[bool] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., task_assignee: _Optional[str] = ...) -> None: ...

class CountHistoricActivityInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricActivityInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricActivityInstanceResponse(_message.Message):
    __slots__ = ("historic_activity_instance",)
    HISTORIC_ACTIVITY_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    historic_activity_instance: HistoricActivityInstance
    def __init__(self, historic_activity_instance: _Optional[_Union[HistoricActivityInstance, _Mapping]] = ...) -> None: ...

class UserOperation(_message.Message):
    __slots__ = ("id", "operation_id", "operation_type", "entity_type", "category", "user_id", "timestamp", "property", "org_value", "new_value", "process_definition_id", "process_definition_key", "process_instance_id", "execution_id", "job_id", "job_definition_id", "incident_id", "external_task_id", "process_step_id", "tenant_id", "task_id", "deployment_id", "case_definition_id", "case_instance_id", "case_execution_id", "batch_id", "annotation")
    ID_FIELD_NUMBER: _ClassVar[int]
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_FIELD_NUMBER: _ClassVar[int]
    ORG_VALUE_FIELD_NUMBER: _ClassVar[int]
    NEW_VALUE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_STEP_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    ANNOTATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    operation_id: str
    operation_type: str
    entity_type: str
    category: str
    user_id: str
    timestamp: _timestamp_pb2.Timestamp
    property: str
    org_value: str
    new_value: str
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    execution_id: str
    job_id: str
    job_definition_id: str
    incident_id: str
    external_task_id: str
    process_step_id: str
    tenant_id: str
    task_id: str
    deployment_id: str
    case_definition_id: str
    case_instance_id: str
    case_execution_id: str
    batch_id: str
    annotation: str
    def __init__(self, id: _Optional[str] = ..., operation_id: _Optional[str] = ..., operation_type: _Optional[str] = ..., entity_type: _Optional[str] = ..., category: _Optional[str] = ..., user_id: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., property: _Optional[str] = ..., org_value: _Optional[str] = ..., new_value: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., job_id: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., incident_id: _Optional[str] = ..., external_task_id: _Optional[str] = ..., process_step_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., task_id: _Optional[str] = ..., deployment_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., batch_id: _Optional[str] = ..., annotation: _Optional[str] = ...) -> None: ...

class QueryUserOperationsRequest(_message.Message):
    __slots__ = ("operation_id", "operation_type", "entity_type", "category", "user_id", "property", "process_definition_id", "process_definition_key", "process_instance_id", "execution_id", "job_id", "job_definition_id", "incident_id", "external_task_id", "process_step_id", "after_timestamp", "before_timestamp", "tenant_id_in", "without_tenant_id", "page", "sorting", "task_id", "deployment_id", "case_definition_id", "case_instance_id", "case_execution_id", "batch_id")
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_STEP_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    BEFORE_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    operation_type: str
    entity_type: str
    category: str
    user_id: str
    property: str
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    execution_id: str
    job_id: str
    job_definition_id: str
    incident_id: str
    external_task_id: str
    process_step_id: str
    after_timestamp: _timestamp_pb2.Timestamp
    before_timestamp: _timestamp_pb2.Timestamp
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    task_id: str
    deployment_id: str
    case_definition_id: str
    case_instance_id: str
    case_execution_id: str
    batch_id: str
    def __init__(self, operation_id: _Optional[str] = ..., operation_type: _Optional[str] = ..., entity_type: _Optional[str] = ..., category: _Optional[str] = ..., user_id: _Optional[str] = ..., property: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., job_id: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., incident_id: _Optional[str] = ..., external_task_id: _Optional[str] = ..., process_step_id: _Optional[str] = ..., after_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., before_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., task_id: _Optional[str] = ..., deployment_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., batch_id: _Optional[str] = ...) -> None: ...

class QueryUserOperationsResponse(_message.Message):
    __slots__ = ("user_operations",)
    USER_OPERATIONS_FIELD_NUMBER: _ClassVar[int]
    user_operations: _containers.RepeatedCompositeFieldContainer[UserOperation]
    def __init__(self, user_operations: _Optional[_Iterable[_Union[UserOperation, _Mapping]]] = ...) -> None: ...

class CountUserOperationsRequest(_message.Message):
    __slots__ = ("operation_id", "operation_type", "entity_type", "category", "user_id", "property", "process_definition_id", "process_definition_key", "process_instance_id", "execution_id", "job_id", "job_definition_id", "incident_id", "external_task_id", "process_step_id", "after_timestamp", "before_timestamp", "tenant_id_in", "without_tenant_id", "task_id", "deployment_id", "case_definition_id", "case_instance_id", "case_execution_id", "batch_id")
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_STEP_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    BEFORE_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    operation_type: str
    entity_type: str
    category: str
    user_id: str
    property: str
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    execution_id: str
    job_id: str
    job_definition_id: str
    incident_id: str
    external_task_id: str
    process_step_id: str
    after_timestamp: _timestamp_pb2.Timestamp
    before_timestamp: _timestamp_pb2.Timestamp
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    task_id: str
    deployment_id: str
    case_definition_id: str
    case_instance_id: str
    case_execution_id: str
    batch_id: str
    def __init__(self, operation_id: _Optional[str] = ..., operation_type: _Optional[str] = ..., entity_type: _Optional[str] = ..., category: _Optional[str] = ..., user_id: _Optional[str] = ..., property: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., job_id: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., incident_id: _Optional[str] = ..., external_task_id: _Optional[str] = ..., process_step_id: _Optional[str] = ..., after_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., before_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., task_id: _Optional[str] = ..., deployment_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., batch_id: _Optional[str] = ...) -> None: ...

class CountUserOperationsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class SetUserOperationAnnotationRequest(_message.Message):
    __slots__ = ("operation_id", "annotation")
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    ANNOTATION_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    annotation: str
    def __init__(self, operation_id: _Optional[str] = ..., annotation: _Optional[str] = ...) -> None: ...

class SetUserOperationAnnotationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ClearUserOperationAnnotationRequest(_message.Message):
    __slots__ = ("operation_id",)
    OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    operation_id: str
    def __init__(self, operation_id: _Optional[str] = ...) -> None: ...

class ClearUserOperationAnnotationResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteHistoricProcessInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteHistoricProcessInstanceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteHistoricCaseInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteHistoricCaseInstanceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HistoricVariableInstance(_message.Message):
    __slots__ = ("id", "name", "value", "state", "create_time", "process_definition_key", "process_definition_id", "process_instance_id", "execution_id", "activity_instance_id", "case_definition_key", "case_definition_id", "case_instance_id", "case_execution_id", "case_activity_id", "task_id", "tenant_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    value: _types_pb2.TypedValue
    state: str
    create_time: _timestamp_pb2.Timestamp
    process_definition_key: str
    process_definition_id: str
    process_instance_id: str
    execution_id: str
    activity_instance_id: str
    case_definition_key: str
    case_definition_id: str
    case_instance_id: str
    case_execution_id: str
    case_activity_id: str
    task_id: str
    tenant_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., state: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., process_definition_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_activity_id: _Optional[str] = ..., task_id: _Optional[str] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class QueryHistoricVariableInstancesRequest(_message.Message):
    __slots__ = ("variable_name", "variable_name_like", "variable_value", "variable_names_ignore_case", "variable_values_ignore_case", "variable_name_in", "variable_type_in", "include_deleted", "process_instance_id", "process_instance_id_in", "process_definition_id", "process_definition_key", "execution_id_in", "case_instance_id", "case_execution_id_in", "case_activity_id_in", "task_id_in", "activity_instance_id_in", "tenant_id_in", "without_tenant_id", "page", "sorting")
    VARIABLE_NAME_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_TYPE_IN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    variable_name: str
    variable_name_like: str
    variable_value: _struct_pb2.Value
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    variable_name_in: _containers.RepeatedScalarFieldContainer[str]
    variable_type_in: _containers.RepeatedScalarFieldContainer[str]
    include_deleted: bool
    process_instance_id: str
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_id: str
    process_definition_key: str
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_id: str
    case_execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    task_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, variable_name: _Optional[str] = ..., variable_name_like: _Optional[str] = ..., variable_value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., variable_name_in: _Optional[_Iterable[str]] = ..., variable_type_in: _Optional[_Iterable[str]] = ..., include_deleted: _Optional[bool] = ..., process_instance_id: _Optional[str] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., case_instance_id: _Optional[str] = ..., case_execution_id_in: _Optional[_Iterable[str]] = ..., case_activity_id_in: _Optional[_Iterable[str]] = ..., task_id_in: _Optional[_Iterable[str]] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricVariableInstancesResponse(_message.Message):
    __slots__ = ("historic_variable_instances",)
    HISTORIC_VARIABLE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    historic_variable_instances: _containers.RepeatedCompositeFieldContainer[HistoricVariableInstance]
    def __init__(self, historic_variable_instances: _Optional[_Iterable[_Union[HistoricVariableInstance, _Mapping]]] = ...) -> None: ...

class CountHistoricVariableInstancesRequest(_message.Message):
    __slots__ = ("variable_name", "variable_name_like", "variable_value", "variable_names_ignore_case", "variable_values_ignore_case", "variable_name_in", "variable_type_in", "include_deleted", "process_instance_id", "process_instance_id_in", "process_definition_id", "process_definition_key", "execution_id_in", "case_instance_id", "case_execution_id_in", "case_activity_id_in", "task_id_in", "activity_instance_id_in", "tenant_id_in", "without_tenant_id")
    VARIABLE_NAME_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_TYPE_IN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DELETED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    variable_name: str
    variable_name_like: str
    variable_value: _struct_pb2.Value
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    variable_name_in: _containers.RepeatedScalarFieldContainer[str]
    variable_type_in: _containers.RepeatedScalarFieldContainer[str]
    include_deleted: bool
    process_instance_id: str
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_id: str
    process_definition_key: str
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_id: str
    case_execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    task_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    def __init__(self, variable_name: _Optional[str] = ..., variable_name_like: _Optional[str] = ..., variable_value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., variable_name_in: _Optional[_Iterable[str]] = ..., variable_type_in: _Optional[_Iterable[str]] = ..., include_deleted: _Optional[bool] = ..., process_instance_id: _Optional[str] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., case_instance_id: _Optional[str] = ..., case_execution_id_in: _Optional[_Iterable[str]] = ..., case_activity_id_in: _Optional[_Iterable[str]] = ..., task_id_in: _Optional[_Iterable[str]] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountHistoricVariableInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricVariableInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricVariableInstanceResponse(_message.Message):
    __slots__ = ("historic_variable_instance",)
    HISTORIC_VARIABLE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    historic_variable_instance: HistoricVariableInstance
    def __init__(self, historic_variable_instance: _Optional[_Union[HistoricVariableInstance, _Mapping]] = ...) -> None: ...

class GetHistoricVariableInstanceDataRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricVariableInstanceDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class DeleteHistoricVariableInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteHistoricVariableInstanceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteHistoricVariableInstancesOfProcessInstanceRequest(_message.Message):
    __slots__ = ("process_instance_id",)
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    def __init__(self, process_instance_id: _Optional[str] = ...) -> None: ...

class DeleteHistoricVariableInstancesOfProcessInstanceResponse(_message.Message):
    __slots__ = ("deleted_variable_instances",)
    DELETED_VARIABLE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    deleted_variable_instances: int
    def __init__(self, deleted_variable_instances: _Optional[int] = ...) -> None: ...

class HistoricDetail(_message.Message):
    __slots__ = ("id", "type", "variable_instance_id", "variable_name", "value", "revision", "event", "initial", "time", "user_operation_id", "process_definition_key", "process_definition_id", "process_instance_id", "execution_id", "activity_instance_id", "case_definition_key", "case_definition_id", "case_instance_id", "case_execution_id", "case_activity_id", "task_id", "tenant_id", "field_id", "field_value")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    INITIAL_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    USER_OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_VALUE_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    variable_instance_id: str
    variable_name: str
    value: _types_pb2.TypedValue
    revision: int
    event: str
    initial: bool
    time: _timestamp_pb2.Timestamp
    user_operation_id: str
    process_definition_key: str
    process_definition_id: str
    process_instance_id: str
    execution_id: str
    activity_instance_id: str
    case_definition_key: str
    case_definition_id: str
    case_instance_id: str
    case_execution_id: str
    case_activity_id: str
    task_id: str
    tenant_id: str
    field_id: str
    field_value: str
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., variable_instance_id: _Optional[str] = ..., variable_name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., revision: _Optional[int] = ..., event: _Optional[str] = ..., initial: _Optional[bool] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., user_operation_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_activity_id: _Optional[str] = ..., task_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., field_id: _Optional[str] = ..., field_value: _Optional[str] = ...) -> None: ...

class QueryHistoricDetailsRequest(_message.Message):
    __slots__ = ("process_instance_id", "process_instance_id_in", "execution_id", "task_id", "activity_instance_id", "case_instance_id", "case_execution_id", "variable_instance_id", "variable_type_in", "tenant_id_in", "without_tenant_id", "user_operation_id", "exclude_task_details", "initial", "occurred_before", "occurred_after", "page", "sorting", "form_fields", "variable_updates")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_TYPE_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_TASK_DETAILS_FIELD_NUMBER: _ClassVar[int]
    INITIAL_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AFTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELDS_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_UPDATES_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id: str
    task_id: str
    activity_instance_id: str
    case_instance_id: str
    case_execution_id: str
    variable_instance_id: str
    variable_type_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    user_operation_id: str
    exclude_task_details: bool
    initial: bool
    occurred_before: _timestamp_pb2.Timestamp
    occurred_after: _timestamp_pb2.Timestamp
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    form_fields: bool
    variable_updates: bool
    def __init__(self, process_instance_id: _Optional[str] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id: _Optional[str] = ..., task_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., variable_instance_id: _Optional[str] = ..., variable_type_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., user_operation_id: _Optional[str] = ..., exclude_task_details: _Optional[bool] = ..., initial: _Optional[bool] = ..., occurred_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., occurred_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., form_fields: _Optional[bool] = ..., variable_updates: _Optional[bool] = ...) -> None: ...

class QueryHistoricDetailsResponse(_message.Message):
    __slots__ = ("historic_details",)
    HISTORIC_DETAILS_FIELD_NUMBER: _ClassVar[int]
    historic_details: _containers.RepeatedCompositeFieldContainer[HistoricDetail]
    def __init__(self, historic_details: _Optional[_Iterable[_Union[HistoricDetail, _Mapping]]] = ...) -> None: ...

class CountHistoricDetailsRequest(_message.Message):
    __slots__ = ("process_instance_id", "process_instance_id_in", "execution_id", "task_id", "activity_instance_id", "case_instance_id", "case_execution_id", "variable_instance_id", "variable_type_in", "tenant_id_in", "without_tenant_id", "user_operation_id", "exclude_task_details", "initial", "occurred_before", "occurred_after", "form_fields", "variable_updates")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_TYPE_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_OPERATION_ID_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_TASK_DETAILS_FIELD_NUMBER: _ClassVar[int]
    INITIAL_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FORM_FIELDS_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_UPDATES_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id: str
    task_id: str
    activity_instance_id: str
    case_instance_id: str
    case_execution_id: str
    variable_instance_id: str
    variable_type_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    user_operation_id: str
    exclude_task_details: bool
    initial: bool
    occurred_before: _timestamp_pb2.Timestamp
    occurred_after: _timestamp_pb2.Timestamp
    form_fields: bool
    variable_updates: bool
    def __init__(self, process_instance_id: _Optional[str] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id: _Optional[str] = ..., task_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., variable_instance_id: _Optional[str] = ..., variable_type_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., user_operation_id: _Optional[str] = ..., exclude_task_details: _Optional[bool] = ..., initial: _Optional[bool] = ..., occurred_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., occurred_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., form_fields: _Optional[bool] = ..., variable_updates: _Optional[bool] = ...) -> None: ...

class CountHistoricDetailsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricDetailRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricDetailResponse(_message.Message):
    __slots__ = ("historic_detail",)
    HISTORIC_DETAIL_FIELD_NUMBER: _ClassVar[int]
    historic_detail: HistoricDetail
    def __init__(self, historic_detail: _Optional[_Union[HistoricDetail, _Mapping]] = ...) -> None: ...

class GetHistoricDetailVariableDataRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricDetailVariableDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class HistoricTaskInstance(_message.Message):
    __slots__ = ("id", "process_definition_key", "process_definition_id", "process_instance_id", "execution_id", "case_definition_key", "case_definition_id", "case_instance_id", "case_execution_id", "activity_instance_id", "name", "description", "delete_reason", "assignee", "start_time", "end_time", "duration", "task_definition_key", "priority", "due", "follow_up", "tenant_id", "owner", "parent_task_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    process_definition_key: str
    process_definition_id: str
    process_instance_id: str
    execution_id: str
    case_definition_key: str
    case_definition_id: str
    case_instance_id: str
    case_execution_id: str
    activity_instance_id: str
    name: str
    description: str
    delete_reason: str
    assignee: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    duration: _duration_pb2.Duration
    task_definition_key: str
    priority: int
    due: _timestamp_pb2.Timestamp
    follow_up: _timestamp_pb2.Timestamp
    tenant_id: str
    owner: str
    parent_task_id: str
    def __init__(self, id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., delete_reason: _Optional[str] = ..., assignee: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., task_definition_key: _Optional[str] = ..., priority: _Optional[int] = ..., due: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., follow_up: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id: _Optional[str] = ..., owner: _Optional[str] = ..., parent_task_id: _Optional[str] = ...) -> None: ...

class QueryHistoricTaskInstancesRequest(_message.Message):
    __slots__ = ("task_id", "process_instance_id", "process_instance_id_in", "execution_id", "process_definition_id", "process_definition_key", "case_instance_id", "case_execution_id", "case_definition_id", "case_definition_key", "activity_instance_id_in", "task_name", "task_name_like", "task_description", "task_description_like", "task_definition_key", "task_definition_key_in", "task_delete_reason", "task_delete_reason_like", "assigned", "unassigned", "task_assignee", "task_assignee_like", "task_priority", "finished", "unfinished", "process_finished", "process_unfinished", "task_due_date", "task_due_date_before", "task_due_date_after", "without_task_due_date", "task_follow_up_date", "task_follow_up_date_before", "task_follow_up_date_after", "started_before", "started_after", "finished_before", "finished_after", "tenant_id_in", "without_tenant_id", "page", "sorting", "task_variables", "process_variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case", "task_owner", "task_owner_like", "or_queries", "task_parent_task_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TASK_DESCRIPTION_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    TASK_DELETE_REASON_LIKE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    UNASSIGNED_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_FINISHED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TASK_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    TASK_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    TASK_OWNER_FIELD_NUMBER: _ClassVar[int]
    TASK_OWNER_LIKE_FIELD_NUMBER: _ClassVar[int]
    OR_QUERIES_FIELD_NUMBER: _ClassVar[int]
    TASK_PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    process_instance_id: str
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id: str
    process_definition_id: str
    process_definition_key: str
    case_instance_id: str
    case_execution_id: str
    case_definition_id: str
    case_definition_key: str
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    task_name: str
    task_name_like: str
    task_description: str
    task_description_like: str
    task_definition_key: str
    task_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    task_delete_reason: str
    task_delete_reason_like: str
    assigned: bool
    unassigned: bool
    task_assignee: str
    task_assignee_like: str
    task_priority: int
    finished: bool
    unfinished: bool
    process_finished: bool
    process_unfinished: bool
    task_due_date: _timestamp_pb2.Timestamp
    task_due_date_before: _timestamp_pb2.Timestamp
    task_due_date_after: _timestamp_pb2.Timestamp
    without_task_due_date: bool
    task_follow_up_date: _timestamp_pb2.Timestamp
    task_follow_up_date_before: _timestamp_pb2.Timestamp
    task_follow_up_date_after: _timestamp_pb2.Timestamp
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    task_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    task_owner: str
    task_owner_like: str
    or_queries: _containers.RepeatedCompositeFieldContainer[HistoricTaskOrQuery]
    task_parent_task_id: str
    def __init__(self, task_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., task_name: _Optional[str] = ..., task_name_like: _Optional[str] = ..., task_description: _Optional[str] = ..., task_description_like: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., task_definition_key_in: _Optional[_Iterable[str]] = ..., task_delete_reason: _Optional[str] = ..., task_delete_reason_like: _Optional[str] = ..., assigned: _Optional[bool] = ..., unassigned: _Optional[bool] = ..., task_assignee: _Optional[str] = ..., task_assignee_like: _Optional[str] = ..., task_priority: _Optional[int] = ..., finished: _Optional[bool] = ..., unfinished: _Optional[bool] = ..., process_finished: _Optional[bool] = ..., process_unfinished: _Optional[bool] = ..., task_due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_due_date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_due_date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., without_task_due_date: _Optional[bool] = ..., task_follow_up_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_follow_up_date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_follow_up_date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., task_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., task_owner: _Optional[str] = ..., task_owner_like: _Optional[str] = ..., or_queries: _Optional[_Iterable[_Union[HistoricTaskOrQuery, _Mapping]]] = ..., task_parent_task_id: _Optional[str] = ...) -> None: ...

class QueryHistoricTaskInstancesResponse(_message.Message):
    __slots__ = ("historic_task_instances",)
    HISTORIC_TASK_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    historic_task_instances: _containers.RepeatedCompositeFieldContainer[HistoricTaskInstance]
    def __init__(self, historic_task_instances: _Optional[_Iterable[_Union[HistoricTaskInstance, _Mapping]]] = ...) -> None: ...

class CountHistoricTaskInstancesRequest(_message.Message):
    __slots__ = ("task_id", "process_instance_id", "process_instance_id_in", "execution_id", "process_definition_id", "process_definition_key", "case_instance_id", "case_execution_id", "case_definition_id", "case_definition_key", "activity_instance_id_in", "task_name", "task_name_like", "task_description", "task_description_like", "task_definition_key", "task_definition_key_in", "task_delete_reason", "task_delete_reason_like", "assigned", "unassigned", "task_assignee", "task_assignee_like", "task_priority", "finished", "unfinished", "process_finished", "process_unfinished", "task_due_date", "task_due_date_before", "task_due_date_after", "without_task_due_date", "task_follow_up_date", "task_follow_up_date_before", "task_follow_up_date_after", "started_before", "started_after", "finished_before", "finished_after", "tenant_id_in", "without_tenant_id", "task_variables", "process_variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case", "task_owner", "task_owner_like", "or_queries", "task_parent_task_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TASK_DESCRIPTION_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    TASK_DELETE_REASON_LIKE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    UNASSIGNED_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_FINISHED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TASK_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    TASK_OWNER_FIELD_NUMBER: _ClassVar[int]
    TASK_OWNER_LIKE_FIELD_NUMBER: _ClassVar[int]
    OR_QUERIES_FIELD_NUMBER: _ClassVar[int]
    TASK_PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    process_instance_id: str
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id: str
    process_definition_id: str
    process_definition_key: str
    case_instance_id: str
    case_execution_id: str
    case_definition_id: str
    case_definition_key: str
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    task_name: str
    task_name_like: str
    task_description: str
    task_description_like: str
    task_definition_key: str
    task_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    task_delete_reason: str
    task_delete_reason_like: str
    assigned: bool
    unassigned: bool
    task_assignee: str
    task_assignee_like: str
    task_priority: int
    finished: bool
    unfinished: bool
    process_finished: bool
    process_unfinished: bool
    task_due_date: _timestamp_pb2.Timestamp
    task_due_date_before: _timestamp_pb2.Timestamp
    task_due_date_after: _timestamp_pb2.Timestamp
    without_task_due_date: bool
    task_follow_up_date: _timestamp_pb2.Timestamp
    task_follow_up_date_before: _timestamp_pb2.Timestamp
    task_follow_up_date_after: _timestamp_pb2.Timestamp
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    task_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    task_owner: str
    task_owner_like: str
    or_queries: _containers.RepeatedCompositeFieldContainer[HistoricTaskOrQuery]
    task_parent_task_id: str
    def __init__(self, task_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., task_name: _Optional[str] = ..., task_name_like: _Optional[str] = ..., task_description: _Optional[str] = ..., task_description_like: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., task_definition_key_in: _Optional[_Iterable[str]] = ..., task_delete_reason: _Optional[str] = ..., task_delete_reason_like: _Optional[str] = ..., assigned: _Optional[bool] = ..., unassigned: _Optional[bool] = ..., task_assignee: _Optional[str] = ..., task_assignee_like: _Optional[str] = ..., task_priority: _Optional[int] = ..., finished: _Optional[bool] = ..., unfinished: _Optional[bool] = ..., process_finished: _Optional[bool] = ..., process_unfinished: _Optional[bool] = ..., task_due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_due_date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_due_date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., without_task_due_date: _Optional[bool] = ..., task_follow_up_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_follow_up_date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_follow_up_date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., task_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., task_owner: _Optional[str] = ..., task_owner_like: _Optional[str] = ..., or_queries: _Optional[_Iterable[_Union[HistoricTaskOrQuery, _Mapping]]] = ..., task_parent_task_id: _Optional[str] = ...) -> None: ...

class HistoricTaskOrQuery(_message.Message):
    __slots__ = ("task_id", "process_instance_id", "process_instance_id_in", "execution_id", "process_definition_id", "process_definition_key", "case_instance_id", "case_execution_id", "case_definition_id", "case_definition_key", "activity_instance_id_in", "task_name", "task_name_like", "task_description", "task_description_like", "task_definition_key", "task_definition_key_in", "task_delete_reason", "task_delete_reason_like", "assigned", "unassigned", "task_assignee", "task_assignee_like", "task_priority", "finished", "unfinished", "process_finished", "process_unfinished", "task_due_date", "task_due_date_before", "task_due_date_after", "without_task_due_date", "task_follow_up_date", "task_follow_up_date_before", "task_follow_up_date_after", "started_before", "started_after", "finished_before", "finished_after", "tenant_id_in", "without_tenant_id", "task_variables", "process_variables", "case_instance_variables", "variable_names_ignore_case", "variable_values_ignore_case", "task_owner", "task_owner_like", "task_parent_task_id")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TASK_DESCRIPTION_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TASK_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TASK_DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    TASK_DELETE_REASON_LIKE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    UNASSIGNED_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    TASK_ASSIGNEE_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_FINISHED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TASK_DUE_DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TASK_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TASK_FOLLOW_UP_DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    TASK_OWNER_FIELD_NUMBER: _ClassVar[int]
    TASK_OWNER_LIKE_FIELD_NUMBER: _ClassVar[int]
    TASK_PARENT_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    process_instance_id: str
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id: str
    process_definition_id: str
    process_definition_key: str
    case_instance_id: str
    case_execution_id: str
    case_definition_id: str
    case_definition_key: str
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    task_name: str
    task_name_like: str
    task_description: str
    task_description_like: str
    task_definition_key: str
    task_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    task_delete_reason: str
    task_delete_reason_like: str
    assigned: bool
    unassigned: bool
    task_assignee: str
    task_assignee_like: str
    task_priority: int
    finished: bool
    unfinished: bool
    process_finished: bool
    process_unfinished: bool
    task_due_date: _timestamp_pb2.Timestamp
    task_due_date_before: _timestamp_pb2.Timestamp
    task_due_date_after: _timestamp_pb2.Timestamp
    without_task_due_date: bool
    task_follow_up_date: _timestamp_pb2.Timestamp
    task_follow_up_date_before: _timestamp_pb2.Timestamp
    task_follow_up_date_after: _timestamp_pb2.Timestamp
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    task_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    process_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    case_instance_variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    task_owner: str
    task_owner_like: str
    task_parent_task_id: str
    def __init__(self, task_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., task_name: _Optional[str] = ..., task_name_like: _Optional[str] = ..., task_description: _Optional[str] = ..., task_description_like: _Optional[str] = ..., task_definition_key: _Optional[str] = ..., task_definition_key_in: _Optional[_Iterable[str]] = ..., task_delete_reason: _Optional[str] = ..., task_delete_reason_like: _Optional[str] = ..., assigned: _Optional[bool] = ..., unassigned: _Optional[bool] = ..., task_assignee: _Optional[str] = ..., task_assignee_like: _Optional[str] = ..., task_priority: _Optional[int] = ..., finished: _Optional[bool] = ..., unfinished: _Optional[bool] = ..., process_finished: _Optional[bool] = ..., process_unfinished: _Optional[bool] = ..., task_due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_due_date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_due_date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., without_task_due_date: _Optional[bool] = ..., task_follow_up_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_follow_up_date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_follow_up_date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., task_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., process_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., case_instance_variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., task_owner: _Optional[str] = ..., task_owner_like: _Optional[str] = ..., task_parent_task_id: _Optional[str] = ...) -> None: ...

class CountHistoricTaskInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricTaskInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricTaskInstanceResponse(_message.Message):
    __slots__ = ("historic_task_instance",)
    HISTORIC_TASK_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    historic_task_instance: HistoricTaskInstance
    def __init__(self, historic_task_instance: _Optional[_Union[HistoricTaskInstance, _Mapping]] = ...) -> None: ...

class HistoricExternalTaskLog(_message.Message):
    __slots__ = ("id", "timestamp", "external_task_id", "topic_name", "worker_id", "priority", "retries", "error_message", "error_details", "activity_id", "activity_instance_id", "execution_id", "process_instance_id", "process_definition_id", "process_definition_key", "tenant_id", "creation_log", "failure_log", "success_log", "deletion_log")
    ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ERROR_DETAILS_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATION_LOG_FIELD_NUMBER: _ClassVar[int]
    FAILURE_LOG_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    DELETION_LOG_FIELD_NUMBER: _ClassVar[int]
    id: str
    timestamp: _timestamp_pb2.Timestamp
    external_task_id: str
    topic_name: str
    worker_id: str
    priority: int
    retries: int
    error_message: str
    error_details: str
    activity_id: str
    activity_instance_id: str
    execution_id: str
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    tenant_id: str
    creation_log: bool
    failure_log: bool
    success_log: bool
    deletion_log: bool
    def __init__(self, id: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., external_task_id: _Optional[str] = ..., topic_name: _Optional[str] = ..., worker_id: _Optional[str] = ..., priority: _Optional[int] = ..., retries: _Optional[int] = ..., error_message: _Optional[str] = ..., error_details: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., creation_log: _Optional[bool] = ..., failure_log: _Optional[bool] = ..., success_log: _Optional[bool] = ..., deletion_log: _Optional[bool] = ...) -> None: ...

class QueryHistoricExternalTaskLogsRequest(_message.Message):
    __slots__ = ("log_id", "external_task_id", "topic_name", "worker_id", "error_message", "activity_id_in", "activity_instance_id_in", "execution_id_in", "process_instance_id", "process_definition_id", "process_definition_key", "tenant_id_in", "without_tenant_id", "priority_lower_than_or_equals", "priority_higher_than_or_equals", "creation_log", "failure_log", "success_log", "deletion_log", "timestamp_before", "timestamp_after", "page", "sorting")
    LOG_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    CREATION_LOG_FIELD_NUMBER: _ClassVar[int]
    FAILURE_LOG_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    DELETION_LOG_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_AFTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    log_id: str
    external_task_id: str
    topic_name: str
    worker_id: str
    error_message: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    priority_lower_than_or_equals: int
    priority_higher_than_or_equals: int
    creation_log: bool
    failure_log: bool
    success_log: bool
    deletion_log: bool
    timestamp_before: _timestamp_pb2.Timestamp
    timestamp_after: _timestamp_pb2.Timestamp
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, log_id: _Optional[str] = ..., external_task_id: _Optional[str] = ..., topic_name: _Optional[str] = ..., worker_id: _Optional[str] = ..., error_message: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., priority_lower_than_or_equals: _Optional[int] = ..., priority_higher_than_or_equals: _Optional[int] = ..., creation_log: _Optional[bool] = ..., failure_log: _Optional[bool] = ..., success_log: _Optional[bool] = ..., deletion_log: _Optional[bool] = ..., timestamp_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timestamp_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricExternalTaskLogsResponse(_message.Message):
    __slots__ = ("historic_external_task_logs",)
    HISTORIC_EXTERNAL_TASK_LOGS_FIELD_NUMBER: _ClassVar[int]
    historic_external_task_logs: _containers.RepeatedCompositeFieldContainer[HistoricExternalTaskLog]
    def __init__(self, historic_external_task_logs: _Optional[_Iterable[_Union[HistoricExternalTaskLog, _Mapping]]] = ...) -> None: ...

class CountHistoricExternalTaskLogsRequest(_message.Message):
    __slots__ = ("log_id", "external_task_id", "topic_name", "worker_id", "error_message", "activity_id_in", "activity_instance_id_in", "execution_id_in", "process_instance_id", "process_definition_id", "process_definition_key", "tenant_id_in", "without_tenant_id", "priority_lower_than_or_equals", "priority_higher_than_or_equals", "creation_log", "failure_log", "success_log", "deletion_log", "timestamp_before", "timestamp_after")
    LOG_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_TASK_ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_NAME_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    CREATION_LOG_FIELD_NUMBER: _ClassVar[int]
    FAILURE_LOG_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    DELETION_LOG_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_AFTER_FIELD_NUMBER: _ClassVar[int]
    log_id: str
    external_task_id: str
    topic_name: str
    worker_id: str
    error_message: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    priority_lower_than_or_equals: int
    priority_higher_than_or_equals: int
    creation_log: bool
    failure_log: bool
    success_log: bool
    deletion_log: bool
    timestamp_before: _timestamp_pb2.Timestamp
    timestamp_after: _timestamp_pb2.Timestamp
    def __init__(self, log_id: _Optional[str] = ..., external_task_id: _Optional[str] = ..., topic_name: _Optional[str] = ..., worker_id: _Optional[str] = ..., error_message: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., priority_lower_than_or_equals: _Optional[int] = ..., priority_higher_than_or_equals: _Optional[int] = ..., creation_log: _Optional[bool] = ..., failure_log: _Optional[bool] = ..., success_log: _Optional[bool] = ..., deletion_log: _Optional[bool] = ..., timestamp_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timestamp_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CountHistoricExternalTaskLogsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricExternalTaskLogRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricExternalTaskLogResponse(_message.Message):
    __slots__ = ("historic_external_task_log",)
    HISTORIC_EXTERNAL_TASK_LOG_FIELD_NUMBER: _ClassVar[int]
    historic_external_task_log: HistoricExternalTaskLog
    def __init__(self, historic_external_task_log: _Optional[_Union[HistoricExternalTaskLog, _Mapping]] = ...) -> None: ...

class HistoricJobLog(_message.Message):
    __slots__ = ("id", "timestamp", "job_id", "job_due_date", "job_retries", "job_priority", "job_exception_message", "job_exception_details", "job_definition_id", "job_definition_type", "activity_id", "execution_id", "process_instance_id", "process_definition_id", "process_definition_key", "tenant_id", "creation_log", "failure_log", "success_log", "deletion_log")
    ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    JOB_RETRIES_FIELD_NUMBER: _ClassVar[int]
    JOB_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    JOB_EXCEPTION_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    JOB_EXCEPTION_DETAILS_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATION_LOG_FIELD_NUMBER: _ClassVar[int]
    FAILURE_LOG_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    DELETION_LOG_FIELD_NUMBER: _ClassVar[int]
    id: str
    timestamp: _timestamp_pb2.Timestamp
    job_id: str
    job_due_date: _timestamp_pb2.Timestamp
    job_retries: int
    job_priority: int
    job_exception_message: str
    job_exception_details: str
    job_definition_id: str
    job_definition_type: str
    activity_id: str
    execution_id: str
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    tenant_id: str
    creation_log: bool
    failure_log: bool
    success_log: bool
    deletion_log: bool
    def __init__(self, id: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., job_id: _Optional[str] = ..., job_due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., job_retries: _Optional[int] = ..., job_priority: _Optional[int] = ..., job_exception_message: _Optional[str] = ..., job_exception_details: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., job_definition_type: _Optional[str] = ..., activity_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., creation_log: _Optional[bool] = ..., failure_log: _Optional[bool] = ..., success_log: _Optional[bool] = ..., deletion_log: _Optional[bool] = ...) -> None: ...

class QueryHistoricJobLogsRequest(_message.Message):
    __slots__ = ("log_id", "job_id", "job_exception_message", "job_definition_id", "job_definition_type", "activity_id_in", "execution_id_in", "process_instance_id", "process_definition_id", "process_definition_key", "tenant_id_in", "without_tenant_id", "job_priority_lower_than_or_equals", "job_priority_higher_than_or_equals", "creation_log", "failure_log", "success_log", "deletion_log", "timestamp_before", "timestamp_after", "page", "sorting")
    LOG_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_EXCEPTION_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    JOB_PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    CREATION_LOG_FIELD_NUMBER: _ClassVar[int]
    FAILURE_LOG_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    DELETION_LOG_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_AFTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    log_id: str
    job_id: str
    job_exception_message: str
    job_definition_id: str
    job_definition_type: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    job_priority_lower_than_or_equals: int
    job_priority_higher_than_or_equals: int
    creation_log: bool
    failure_log: bool
    success_log: bool
    deletion_log: bool
    timestamp_before: _timestamp_pb2.Timestamp
    timestamp_after: _timestamp_pb2.Timestamp
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, log_id: _Optional[str] = ..., job_id: _Optional[str] = ..., job_exception_message: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., job_definition_type: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., job_priority_lower_than_or_equals: _Optional[int] = ..., job_priority_higher_than_or_equals: _Optional[int] = ..., creation_log: _Optional[bool] = ..., failure_log: _Optional[bool] = ..., success_log: _Optional[bool] = ..., deletion_log: _Optional[bool] = ..., timestamp_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timestamp_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricJobLogsResponse(_message.Message):
    __slots__ = ("historic_job_logs",)
    HISTORIC_JOB_LOGS_FIELD_NUMBER: _ClassVar[int]
    historic_job_logs: _containers.RepeatedCompositeFieldContainer[HistoricJobLog]
    def __init__(self, historic_job_logs: _Optional[_Iterable[_Union[HistoricJobLog, _Mapping]]] = ...) -> None: ...

class CountHistoricJobLogsRequest(_message.Message):
    __slots__ = ("log_id", "job_id", "job_exception_message", "job_definition_id", "job_definition_type", "activity_id_in", "execution_id_in", "process_instance_id", "process_definition_id", "process_definition_key", "tenant_id_in", "without_tenant_id", "job_priority_lower_than_or_equals", "job_priority_higher_than_or_equals", "creation_log", "failure_log", "success_log", "deletion_log", "timestamp_before", "timestamp_after")
    LOG_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_EXCEPTION_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    JOB_PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    CREATION_LOG_FIELD_NUMBER: _ClassVar[int]
    FAILURE_LOG_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    DELETION_LOG_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_BEFORE_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_AFTER_FIELD_NUMBER: _ClassVar[int]
    log_id: str
    job_id: str
    job_exception_message: str
    job_definition_id: str
    job_definition_type: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    execution_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    job_priority_lower_than_or_equals: int
    job_priority_higher_than_or_equals: int
    creation_log: bool
    failure_log: bool
    success_log: bool
    deletion_log: bool
    timestamp_before: _timestamp_pb2.Timestamp
    timestamp_after: _timestamp_pb2.Timestamp
    def __init__(self, log_id: _Optional[str] = ..., job_id: _Optional[str] = ..., job_exception_message: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., job_definition_type: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., execution_id_in: _Optional[_Iterable[str]] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., job_priority_lower_than_or_equals: _Optional[int] = ..., job_priority_higher_than_or_equals: _Optional[int] = ..., creation_log: _Optional[bool] = ..., failure_log: _Optional[bool] = ..., success_log: _Optional[bool] = ..., deletion_log: _Optional[bool] = ..., timestamp_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timestamp_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CountHistoricJobLogsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricJobLogRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricJobLogResponse(_message.Message):
    __slots__ = ("historic_job_log",)
    HISTORIC_JOB_LOG_FIELD_NUMBER: _ClassVar[int]
    historic_job_log: HistoricJobLog
    def __init__(self, historic_job_log: _Optional[_Union[HistoricJobLog, _Mapping]] = ...) -> None: ...

class HistoricIdentityLinkLog(_message.Message):
    __slots__ = ("id", "time", "type", "user_id", "group_id", "task_id", "process_definition_id", "process_definition_key", "operation_type", "assigner_id", "tenant_id", "process_instance_id", "case_instance_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNER_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    time: _timestamp_pb2.Timestamp
    type: str
    user_id: str
    group_id: str
    task_id: str
    process_definition_id: str
    process_definition_key: str
    operation_type: str
    assigner_id: str
    tenant_id: str
    process_instance_id: str
    case_instance_id: str
    def __init__(self, id: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., type: _Optional[str] = ..., user_id: _Optional[str] = ..., group_id: _Optional[str] = ..., task_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., operation_type: _Optional[str] = ..., assigner_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ...) -> None: ...

class QueryHistoricIdentityLinkLogsRequest(_message.Message):
    __slots__ = ("type", "user_id", "group_id", "date_before", "date_after", "task_id", "process_definition_id", "process_definition_key", "operation_type", "assigner_id", "tenant_id_in", "without_tenant_id", "page", "sorting")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNER_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    type: str
    user_id: str
    group_id: str
    date_before: _timestamp_pb2.Timestamp
    date_after: _timestamp_pb2.Timestamp
    task_id: str
    process_definition_id: str
    process_definition_key: str
    operation_type: str
    assigner_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, type: _Optional[str] = ..., user_id: _Optional[str] = ..., group_id: _Optional[str] = ..., date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., operation_type: _Optional[str] = ..., assigner_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricIdentityLinkLogsResponse(_message.Message):
    __slots__ = ("historic_identity_link_logs",)
    HISTORIC_IDENTITY_LINK_LOGS_FIELD_NUMBER: _ClassVar[int]
    historic_identity_link_logs: _containers.RepeatedCompositeFieldContainer[HistoricIdentityLinkLog]
    def __init__(self, historic_identity_link_logs: _Optional[_Iterable[_Union[HistoricIdentityLinkLog, _Mapping]]] = ...) -> None: ...

class CountHistoricIdentityLinkLogsRequest(_message.Message):
    __slots__ = ("type", "user_id", "group_id", "date_before", "date_after", "task_id", "process_definition_id", "process_definition_key", "operation_type", "assigner_id", "tenant_id_in", "without_tenant_id")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    DATE_AFTER_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNER_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    type: str
    user_id: str
    group_id: str
    date_before: _timestamp_pb2.Timestamp
    date_after: _timestamp_pb2.Timestamp
    task_id: str
    process_definition_id: str
    process_definition_key: str
    operation_type: str
    assigner_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    def __init__(self, type: _Optional[str] = ..., user_id: _Optional[str] = ..., group_id: _Optional[str] = ..., date_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., date_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., task_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., operation_type: _Optional[str] = ..., assigner_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountHistoricIdentityLinkLogsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class HistoricCaseActivityInstance(_message.Message):
    __slots__ = ("id", "parent_case_activity_instance_id", "case_activity_id", "case_activity_name", "case_activity_type", "case_definition_id", "case_instance_id", "case_execution_id", "task_id", "called_process_instance_id", "called_case_instance_id", "tenant_id", "create_time", "end_time", "duration", "required", "state", "available", "enabled", "disabled", "active", "completed", "terminated")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_CASE_ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    CALLED_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLED_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent_case_activity_instance_id: str
    case_activity_id: str
    case_activity_name: str
    case_activity_type: str
    case_definition_id: str
    case_instance_id: str
    case_execution_id: str
    task_id: str
    called_process_instance_id: str
    called_case_instance_id: str
    tenant_id: str
    create_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    duration: _duration_pb2.Duration
    required: bool
    state: _case_execution_pb2.CaseExecution.State
    available: bool
    enabled: bool
    disabled: bool
    active: bool
    completed: bool
    terminated: bool
    def __init__(self, id: _Optional[str] = ..., parent_case_activity_instance_id: _Optional[str] = ..., case_activity_id: _Optional[str] = ..., case_activity_name: _Optional[str] = ..., case_activity_type: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., task_id: _Optional[str] = ..., called_process_instance_id: _Optional[str] = ..., called_case_instance_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., required: _Optional[bool] = ..., state: _Optional[_Union[_case_execution_pb2.CaseExecution.State, str]] = ..., available: _Optional[bool] = ..., enabled: _Optional[bool] = ..., disabled: _Optional[bool] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ...) -> None: ...

class QueryHistoricCaseActivityInstancesRequest(_message.Message):
    __slots__ = ("case_activity_instance_id", "case_activity_instance_id_in", "case_instance_id", "case_definition_id", "case_execution_id", "case_activity_id", "case_activity_id_in", "case_activity_name", "case_activity_type", "created_before", "created_after", "ended_before", "ended_after", "required", "finished", "unfinished", "available", "enabled", "disabled", "active", "completed", "terminated", "tenant_id_in", "without_tenant_id", "page", "sorting")
    CASE_ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    ENDED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    ENDED_AFTER_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    case_activity_instance_id: str
    case_activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_id: str
    case_definition_id: str
    case_execution_id: str
    case_activity_id: str
    case_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_activity_name: str
    case_activity_type: str
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    ended_before: _timestamp_pb2.Timestamp
    ended_after: _timestamp_pb2.Timestamp
    required: bool
    finished: bool
    unfinished: bool
    available: bool
    enabled: bool
    disabled: bool
    active: bool
    completed: bool
    terminated: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, case_activity_instance_id: _Optional[str] = ..., case_activity_instance_id_in: _Optional[_Iterable[str]] = ..., case_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_activity_id: _Optional[str] = ..., case_activity_id_in: _Optional[_Iterable[str]] = ..., case_activity_name: _Optional[str] = ..., case_activity_type: _Optional[str] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., required: _Optional[bool] = ..., finished: _Optional[bool] = ..., unfinished: _Optional[bool] = ..., available: _Optional[bool] = ..., enabled: _Optional[bool] = ..., disabled: _Optional[bool] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricCaseActivityInstancesResponse(_message.Message):
    __slots__ = ("historic_case_activity_instances",)
    HISTORIC_CASE_ACTIVITY_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    historic_case_activity_instances: _containers.RepeatedCompositeFieldContainer[HistoricCaseActivityInstance]
    def __init__(self, historic_case_activity_instances: _Optional[_Iterable[_Union[HistoricCaseActivityInstance, _Mapping]]] = ...) -> None: ...

class CountHistoricCaseActivityInstancesRequest(_message.Message):
    __slots__ = ("case_activity_instance_id", "case_activity_instance_id_in", "case_instance_id", "case_definition_id", "case_execution_id", "case_activity_id", "case_activity_id_in", "case_activity_name", "case_activity_type", "created_before", "created_after", "ended_before", "ended_after", "required", "finished", "unfinished", "available", "enabled", "disabled", "active", "completed", "terminated", "tenant_id_in", "without_tenant_id")
    CASE_ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    ENDED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    ENDED_AFTER_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    UNFINISHED_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    case_activity_instance_id: str
    case_activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_instance_id: str
    case_definition_id: str
    case_execution_id: str
    case_activity_id: str
    case_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_activity_name: str
    case_activity_type: str
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    ended_before: _timestamp_pb2.Timestamp
    ended_after: _timestamp_pb2.Timestamp
    required: bool
    finished: bool
    unfinished: bool
    available: bool
    enabled: bool
    disabled: bool
    active: bool
    completed: bool
    terminated: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    def __init__(self, case_activity_instance_id: _Optional[str] = ..., case_activity_instance_id_in: _Optional[_Iterable[str]] = ..., case_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_execution_id: _Optional[str] = ..., case_activity_id: _Optional[str] = ..., case_activity_id_in: _Optional[_Iterable[str]] = ..., case_activity_name: _Optional[str] = ..., case_activity_type: _Optional[str] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., required: _Optional[bool] = ..., finished: _Optional[bool] = ..., unfinished: _Optional[bool] = ..., available: _Optional[bool] = ..., enabled: _Optional[bool] = ..., disabled: _Optional[bool] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountHistoricCaseActivityInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricCaseActivityInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricCaseActivityInstanceResponse(_message.Message):
    __slots__ = ("historic_case_activity_instance",)
    HISTORIC_CASE_ACTIVITY_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    historic_case_activity_instance: HistoricCaseActivityInstance
    def __init__(self, historic_case_activity_instance: _Optional[_Union[HistoricCaseActivityInstance, _Mapping]] = ...) -> None: ...

class HistoricCaseInstance(_message.Message):
    __slots__ = ("id", "business_key", "case_definition_id", "case_definition_key", "case_definition_name", "create_time", "close_time", "duration", "create_user_id", "super_case_instance_id", "super_process_instance_id", "tenant_id", "active", "completed", "terminated", "closed", "state", "end_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    CREATE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SUPER_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    business_key: str
    case_definition_id: str
    case_definition_key: str
    case_definition_name: str
    create_time: _timestamp_pb2.Timestamp
    close_time: _timestamp_pb2.Timestamp
    duration: _duration_pb2.Duration
    create_user_id: str
    super_case_instance_id: str
    super_process_instance_id: str
    tenant_id: str
    active: bool
    completed: bool
    terminated: bool
    closed: bool
    state: _case_instance_pb2.CaseInstance.State
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., business_key: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_name: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., create_user_id: _Optional[str] = ..., super_case_instance_id: _Optional[str] = ..., super_process_instance_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., closed: _Optional[bool] = ..., state: _Optional[_Union[_case_instance_pb2.CaseInstance.State, str]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryHistoricCaseInstancesRequest(_message.Message):
    __slots__ = ("case_instance_id", "case_instance_id_in", "business_key", "business_key_like", "case_definition_id", "case_definition_key", "case_definition_key_not_in", "case_definition_name", "case_definition_name_like", "created_before", "created_after", "closed_before", "closed_after", "created_by", "super_case_instance_id", "sub_case_instance_id", "super_process_instance_id", "sub_process_instance_id", "tenant_id_in", "without_tenant_id", "active", "completed", "terminated", "closed", "not_closed", "case_activity_id_in", "variables", "variable_names_ignore_case", "variable_values_ignore_case", "page", "sorting")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_NOT_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    CLOSED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    SUPER_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    NOT_CLOSED_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    case_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    business_key: str
    business_key_like: str
    case_definition_id: str
    case_definition_key: str
    case_definition_key_not_in: _containers.RepeatedScalarFieldContainer[str]
    case_definition_name: str
    case_definition_name_like: str
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    closed_before: _timestamp_pb2.Timestamp
    closed_after: _timestamp_pb2.Timestamp
    created_by: str
    super_case_instance_id: str
    sub_case_instance_id: str
    super_process_instance_id: str
    sub_process_instance_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    active: bool
    completed: bool
    terminated: bool
    closed: bool
    not_closed: bool
    case_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, case_instance_id: _Optional[str] = ..., case_instance_id_in: _Optional[_Iterable[str]] = ..., business_key: _Optional[str] = ..., business_key_like: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_key_not_in: _Optional[_Iterable[str]] = ..., case_definition_name: _Optional[str] = ..., case_definition_name_like: _Optional[str] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., super_case_instance_id: _Optional[str] = ..., sub_case_instance_id: _Optional[str] = ..., super_process_instance_id: _Optional[str] = ..., sub_process_instance_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., closed: _Optional[bool] = ..., not_closed: _Optional[bool] = ..., case_activity_id_in: _Optional[_Iterable[str]] = ..., variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricCaseInstancesResponse(_message.Message):
    __slots__ = ("historic_case_instances",)
    HISTORIC_CASE_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    historic_case_instances: _containers.RepeatedCompositeFieldContainer[HistoricCaseInstance]
    def __init__(self, historic_case_instances: _Optional[_Iterable[_Union[HistoricCaseInstance, _Mapping]]] = ...) -> None: ...

class CountHistoricCaseInstancesRequest(_message.Message):
    __slots__ = ("case_instance_id", "case_instance_id_in", "business_key", "business_key_like", "case_definition_id", "case_definition_key", "case_definition_key_not_in", "case_definition_name", "case_definition_name_like", "created_before", "created_after", "closed_before", "closed_after", "created_by", "super_case_instance_id", "sub_case_instance_id", "super_process_instance_id", "sub_process_instance_id", "tenant_id_in", "without_tenant_id", "active", "completed", "terminated", "closed", "not_closed", "case_activity_id_in", "variables", "variable_names_ignore_case", "variable_values_ignore_case")
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_NOT_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    CLOSED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    SUPER_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    SUB_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    NOT_CLOSED_FIELD_NUMBER: _ClassVar[int]
    CASE_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    case_instance_id: str
    case_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    business_key: str
    business_key_like: str
    case_definition_id: str
    case_definition_key: str
    case_definition_key_not_in: _containers.RepeatedScalarFieldContainer[str]
    case_definition_name: str
    case_definition_name_like: str
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    closed_before: _timestamp_pb2.Timestamp
    closed_after: _timestamp_pb2.Timestamp
    created_by: str
    super_case_instance_id: str
    sub_case_instance_id: str
    super_process_instance_id: str
    sub_process_instance_id: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    active: bool
    completed: bool
    terminated: bool
    closed: bool
    not_closed: bool
    case_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    def __init__(self, case_instance_id: _Optional[str] = ..., case_instance_id_in: _Optional[_Iterable[str]] = ..., business_key: _Optional[str] = ..., business_key_like: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_key_not_in: _Optional[_Iterable[str]] = ..., case_definition_name: _Optional[str] = ..., case_definition_name_like: _Optional[str] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., super_case_instance_id: _Optional[str] = ..., sub_case_instance_id: _Optional[str] = ..., super_process_instance_id: _Optional[str] = ..., sub_process_instance_id: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., active: _Optional[bool] = ..., completed: _Optional[bool] = ..., terminated: _Optional[bool] = ..., closed: _Optional[bool] = ..., not_closed: _Optional[bool] = ..., case_activity_id_in: _Optional[_Iterable[str]] = ..., variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ...) -> None: ...

class CountHistoricCaseInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricCaseInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricCaseInstanceResponse(_message.Message):
    __slots__ = ("historic_case_instance",)
    HISTORIC_CASE_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    historic_case_instance: HistoricCaseInstance
    def __init__(self, historic_case_instance: _Optional[_Union[HistoricCaseInstance, _Mapping]] = ...) -> None: ...

class DeleteHistoricProcessInstancesAsyncRequest(_message.Message):
    __slots__ = ("process_instance_ids", "process_instance_query", "delete_reason")
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    delete_reason: str
    def __init__(self, process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ..., delete_reason: _Optional[str] = ...) -> None: ...

class DeleteHistoricProcessInstancesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...

class HistoricBatch(_message.Message):
    __slots__ = ("id", "type", "total_jobs", "batch_jobs_per_seed", "invocations_per_batch_job", "seed_job_definition_id", "monitor_job_definition_id", "batch_job_definition_id", "tenant_id", "create_user_id", "start_time", "end_time", "execution_start_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_JOBS_FIELD_NUMBER: _ClassVar[int]
    BATCH_JOBS_PER_SEED_FIELD_NUMBER: _ClassVar[int]
    INVOCATIONS_PER_BATCH_JOB_FIELD_NUMBER: _ClassVar[int]
    SEED_JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    MONITOR_JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_START_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    total_jobs: int
    batch_jobs_per_seed: int
    invocations_per_batch_job: int
    seed_job_definition_id: str
    monitor_job_definition_id: str
    batch_job_definition_id: str
    tenant_id: str
    create_user_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    execution_start_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., total_jobs: _Optional[int] = ..., batch_jobs_per_seed: _Optional[int] = ..., invocations_per_batch_job: _Optional[int] = ..., seed_job_definition_id: _Optional[str] = ..., monitor_job_definition_id: _Optional[str] = ..., batch_job_definition_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., create_user_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., execution_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryHistoricBatchesRequest(_message.Message):
    __slots__ = ("batch_id", "type", "completed", "tenant_id_in", "without_tenant_id", "page", "sorting")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    type: str
    completed: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, batch_id: _Optional[str] = ..., type: _Optional[str] = ..., completed: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricBatchesResponse(_message.Message):
    __slots__ = ("historic_batches",)
    HISTORIC_BATCHES_FIELD_NUMBER: _ClassVar[int]
    historic_batches: _containers.RepeatedCompositeFieldContainer[HistoricBatch]
    def __init__(self, historic_batches: _Optional[_Iterable[_Union[HistoricBatch, _Mapping]]] = ...) -> None: ...

class CountHistoricBatchesRequest(_message.Message):
    __slots__ = ("batch_id", "type", "completed", "tenant_id_in", "without_tenant_id")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    type: str
    completed: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    def __init__(self, batch_id: _Optional[str] = ..., type: _Optional[str] = ..., completed: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountHistoricBatchesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricBatchRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetHistoricBatchResponse(_message.Message):
    __slots__ = ("historic_batch",)
    HISTORIC_BATCH_FIELD_NUMBER: _ClassVar[int]
    historic_batch: HistoricBatch
    def __init__(self, historic_batch: _Optional[_Union[HistoricBatch, _Mapping]] = ...) -> None: ...

class DeleteHistoricBatchRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteHistoricBatchResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HistoricDecisionInstance(_message.Message):
    __slots__ = ("id", "decision_definition_id", "decision_definition_key", "decision_definition_name", "evaluation_time", "process_definition_id", "process_definition_key", "process_instance_id", "root_process_instance_id", "case_definition_id", "case_definition_key", "case_instance_id", "activity_id", "activity_instance_id", "tenant_id", "user_id", "collect_result_value", "root_decision_instance_id", "inputs", "outputs", "decision_requirements_definition_id", "decision_requirements_definition_key")
    ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_TIME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    COLLECT_RESULT_VALUE_FIELD_NUMBER: _ClassVar[int]
    ROOT_DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    decision_definition_id: str
    decision_definition_key: str
    decision_definition_name: str
    evaluation_time: _timestamp_pb2.Timestamp
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    root_process_instance_id: str
    case_definition_id: str
    case_definition_key: str
    case_instance_id: str
    activity_id: str
    activity_instance_id: str
    tenant_id: str
    user_id: str
    collect_result_value: float
    root_decision_instance_id: str
    inputs: _containers.RepeatedCompositeFieldContainer[HistoricDecisionInputInstance]
    outputs: _containers.RepeatedCompositeFieldContainer[HistoricDecisionOutputInstance]
    decision_requirements_definition_id: str
    decision_requirements_definition_key: str
    def __init__(self, id: _Optional[str] = ..., decision_definition_id: _Optional[str] = ..., decision_definition_key: _Optional[str] = ..., decision_definition_name: _Optional[str] = ..., evaluation_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., root_process_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., user_id: _Optional[str] = ..., collect_result_value: _Optional[float] = ..., root_decision_instance_id: _Optional[str] = ..., inputs: _Optional[_Iterable[_Union[HistoricDecisionInputInstance, _Mapping]]] = ..., outputs: _Optional[_Iterable[_Union[HistoricDecisionOutputInstance, _Mapping]]] = ..., decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_key: _Optional[str] = ...) -> None: ...

class HistoricDecisionInputInstance(_message.Message):
    __slots__ = ("id", "decision_instance_id", "clause_id", "clause_name", "value", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CLAUSE_ID_FIELD_NUMBER: _ClassVar[int]
    CLAUSE_NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    decision_instance_id: str
    clause_id: str
    clause_name: str
    value: _types_pb2.TypedValue
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., decision_instance_id: _Optional[str] = ..., clause_id: _Optional[str] = ..., clause_name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HistoricDecisionOutputInstance(_message.Message):
    __slots__ = ("id", "decision_instance_id", "clause_id", "clause_name", "rule_id", "rule_order", "variable_name", "value", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CLAUSE_ID_FIELD_NUMBER: _ClassVar[int]
    CLAUSE_NAME_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ORDER_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    decision_instance_id: str
    clause_id: str
    clause_name: str
    rule_id: str
    rule_order: int
    variable_name: str
    value: _types_pb2.TypedValue
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., decision_instance_id: _Optional[str] = ..., clause_id: _Optional[str] = ..., clause_name: _Optional[str] = ..., rule_id: _Optional[str] = ..., rule_order: _Optional[int] = ..., variable_name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryHistoricDecisionInstancesRequest(_message.Message):
    __slots__ = ("decision_instance_id", "decision_instance_id_in", "decision_definition_id", "decision_definition_id_in", "decision_definition_key", "decision_definition_key_in", "decision_definition_name", "decision_definition_name_like", "process_definition_id", "process_definition_key", "process_instance_id", "case_definition_id", "case_definition_key", "case_instance_id", "activity_id_in", "activity_instance_id_in", "tenant_id_in", "without_tenant_id", "evaluated_before", "evaluated_after", "user_id", "root_decision_instance_id", "root_decision_instances_only", "include_inputs", "include_outputs", "page", "sorting", "decision_requirements_definition_id", "decision_requirements_definition_key")
    DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_DECISION_INSTANCES_ONLY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INPUTS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    decision_instance_id: str
    decision_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_id: str
    decision_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_key: str
    decision_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_name: str
    decision_definition_name_like: str
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    case_definition_id: str
    case_definition_key: str
    case_instance_id: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    evaluated_before: _timestamp_pb2.Timestamp
    evaluated_after: _timestamp_pb2.Timestamp
    user_id: str
    root_decision_instance_id: str
    root_decision_instances_only: bool
    include_inputs: bool
    include_outputs: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    decision_requirements_definition_id: str
    decision_requirements_definition_key: str
    def __init__(self, decision_instance_id: _Optional[str] = ..., decision_instance_id_in: _Optional[_Iterable[str]] = ..., decision_definition_id: _Optional[str] = ..., decision_definition_id_in: _Optional[_Iterable[str]] = ..., decision_definition_key: _Optional[str] = ..., decision_definition_key_in: _Optional[_Iterable[str]] = ..., decision_definition_name: _Optional[str] = ..., decision_definition_name_like: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., evaluated_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evaluated_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., user_id: _Optional[str] = ..., root_decision_instance_id: _Optional[str] = ..., root_decision_instances_only: _Optional[bool] = ..., include_inputs: _Optional[bool] = ..., include_outputs: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_key: _Optional[str] = ...) -> None: ...

class QueryHistoricDecisionInstancesResponse(_message.Message):
    __slots__ = ("historic_decision_instances",)
    HISTORIC_DECISION_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    historic_decision_instances: _containers.RepeatedCompositeFieldContainer[HistoricDecisionInstance]
    def __init__(self, historic_decision_instances: _Optional[_Iterable[_Union[HistoricDecisionInstance, _Mapping]]] = ...) -> None: ...

class CountHistoricDecisionInstancesRequest(_message.Message):
    __slots__ = ("decision_instance_id", "decision_instance_id_in", "decision_definition_id", "decision_definition_id_in", "decision_definition_key", "decision_definition_key_in", "decision_definition_name", "decision_definition_name_like", "process_definition_id", "process_definition_key", "process_instance_id", "case_definition_id", "case_definition_key", "case_instance_id", "activity_id_in", "activity_instance_id_in", "tenant_id_in", "without_tenant_id", "evaluated_before", "evaluated_after", "user_id", "root_decision_instance_id", "root_decision_instances_only", "decision_requirements_definition_id", "decision_requirements_definition_key")
    DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_NAME_LIKE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_DECISION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_DECISION_INSTANCES_ONLY_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_REQUIREMENTS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    decision_instance_id: str
    decision_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_id: str
    decision_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_key: str
    decision_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_name: str
    decision_definition_name_like: str
    process_definition_id: str
    process_definition_key: str
    process_instance_id: str
    case_definition_id: str
    case_definition_key: str
    case_instance_id: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    activity_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    evaluated_before: _timestamp_pb2.Timestamp
    evaluated_after: _timestamp_pb2.Timestamp
    user_id: str
    root_decision_instance_id: str
    root_decision_instances_only: bool
    decision_requirements_definition_id: str
    decision_requirements_definition_key: str
    def __init__(self, decision_instance_id: _Optional[str] = ..., decision_instance_id_in: _Optional[_Iterable[str]] = ..., decision_definition_id: _Optional[str] = ..., decision_definition_id_in: _Optional[_Iterable[str]] = ..., decision_definition_key: _Optional[str] = ..., decision_definition_key_in: _Optional[_Iterable[str]] = ..., decision_definition_name: _Optional[str] = ..., decision_definition_name_like: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_instance_id: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., activity_instance_id_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., evaluated_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evaluated_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., user_id: _Optional[str] = ..., root_decision_instance_id: _Optional[str] = ..., root_decision_instances_only: _Optional[bool] = ..., decision_requirements_definition_id: _Optional[str] = ..., decision_requirements_definition_key: _Optional[str] = ...) -> None: ...

class CountHistoricDecisionInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetHistoricDecisionInstanceRequest(_message.Message):
    __slots__ = ("id", "include_inputs", "include_outputs")
    ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INPUTS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    include_inputs: bool
    include_outputs: bool
    def __init__(self, id: _Optional[str] = ..., include_inputs: _Optional[bool] = ..., include_outputs: _Optional[bool] = ...) -> None: ...

class GetHistoricDecisionInstanceResponse(_message.Message):
    __slots__ = ("historic_decision_instance",)
    HISTORIC_DECISION_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    historic_decision_instance: HistoricDecisionInstance
    def __init__(self, historic_decision_instance: _Optional[_Union[HistoricDecisionInstance, _Mapping]] = ...) -> None: ...

class DeleteHistoricDecisionInstancesAsyncRequest(_message.Message):
    __slots__ = ("historic_decision_instance_ids", "historic_decision_query", "delete_reason")
    HISTORIC_DECISION_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    HISTORIC_DECISION_QUERY_FIELD_NUMBER: _ClassVar[int]
    DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    historic_decision_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    historic_decision_query: CountHistoricDecisionInstancesRequest
    delete_reason: str
    def __init__(self, historic_decision_instance_ids: _Optional[_Iterable[str]] = ..., historic_decision_query: _Optional[_Union[CountHistoricDecisionInstancesRequest, _Mapping]] = ..., delete_reason: _Optional[str] = ...) -> None: ...

class DeleteHistoricDecisionInstancesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...
