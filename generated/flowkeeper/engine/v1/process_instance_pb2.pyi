import datetime

from flowkeeper.engine.v1 import batch_pb2 as _batch_pb2
from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProcessInstance(_message.Message):
    __slots__ = ("id", "definition_id", "definition_key", "business_key", "tenant_id", "ended", "suspended", "state", "start_time", "end_time", "super_process_instance_id", "delete_reason", "duration", "start_user_id", "restarted_process_instance_id")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[ProcessInstance.State]
        STATE_ACTIVE: _ClassVar[ProcessInstance.State]
        STATE_SUSPENDED: _ClassVar[ProcessInstance.State]
        STATE_COMPLETED: _ClassVar[ProcessInstance.State]
        STATE_EXTERNALLY_TERMINATED: _ClassVar[ProcessInstance.State]
        STATE_INTERNALLY_TERMINATED: _ClassVar[ProcessInstance.State]
    STATE_UNSPECIFIED: ProcessInstance.State
    STATE_ACTIVE: ProcessInstance.State
    STATE_SUSPENDED: ProcessInstance.State
    STATE_COMPLETED: ProcessInstance.State
    STATE_EXTERNALLY_TERMINATED: ProcessInstance.State
    STATE_INTERNALLY_TERMINATED: ProcessInstance.State
    ID_FIELD_NUMBER: _ClassVar[int]
    DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    START_USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESTARTED_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    definition_id: str
    definition_key: str
    business_key: str
    tenant_id: str
    ended: bool
    suspended: bool
    state: ProcessInstance.State
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    super_process_instance_id: str
    delete_reason: str
    duration: _duration_pb2.Duration
    start_user_id: str
    restarted_process_instance_id: str
    def __init__(self, id: _Optional[str] = ..., definition_id: _Optional[str] = ..., definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., tenant_id: _Optional[str] = ..., ended: _Optional[bool] = ..., suspended: _Optional[bool] = ..., state: _Optional[_Union[ProcessInstance.State, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., super_process_instance_id: _Optional[str] = ..., delete_reason: _Optional[str] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., start_user_id: _Optional[str] = ..., restarted_process_instance_id: _Optional[str] = ...) -> None: ...

class GetProcessInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetProcessInstanceResponse(_message.Message):
    __slots__ = ("process_instance",)
    PROCESS_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    process_instance: ProcessInstance
    def __init__(self, process_instance: _Optional[_Union[ProcessInstance, _Mapping]] = ...) -> None: ...

class QueryProcessInstancesRequest(_message.Message):
    __slots__ = ("process_definition_id", "process_definition_key", "business_key", "tenant_id_in", "active", "suspended", "include_ended", "super_process_instance_id", "page", "process_instance_ids", "business_key_like", "deployment_id", "without_tenant_id", "activity_id_in", "with_incident", "incident_type", "incident_id", "variables", "variable_names_ignore_case", "variable_values_ignore_case", "started_before", "started_after", "sorting", "finished", "finished_before", "finished_after", "state_in", "executed_activity_id_in", "started_by", "or_queries")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITH_INCIDENT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    STATE_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTED_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    OR_QUERIES_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_definition_key: str
    business_key: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    suspended: bool
    include_ended: bool
    super_process_instance_id: str
    page: _types_pb2.OffsetPage
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    business_key_like: str
    deployment_id: str
    without_tenant_id: bool
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    with_incident: bool
    incident_type: str
    incident_id: str
    variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    finished: bool
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    state_in: _containers.RepeatedScalarFieldContainer[ProcessInstance.State]
    executed_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    started_by: str
    or_queries: _containers.RepeatedCompositeFieldContainer[ProcessInstanceOrQuery]
    def __init__(self, process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., include_ended: _Optional[bool] = ..., super_process_instance_id: _Optional[str] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., business_key_like: _Optional[str] = ..., deployment_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., with_incident: _Optional[bool] = ..., incident_type: _Optional[str] = ..., incident_id: _Optional[str] = ..., variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., finished: _Optional[bool] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state_in: _Optional[_Iterable[_Union[ProcessInstance.State, str]]] = ..., executed_activity_id_in: _Optional[_Iterable[str]] = ..., started_by: _Optional[str] = ..., or_queries: _Optional[_Iterable[_Union[ProcessInstanceOrQuery, _Mapping]]] = ...) -> None: ...

class QueryProcessInstancesResponse(_message.Message):
    __slots__ = ("process_instances",)
    PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    process_instances: _containers.RepeatedCompositeFieldContainer[ProcessInstance]
    def __init__(self, process_instances: _Optional[_Iterable[_Union[ProcessInstance, _Mapping]]] = ...) -> None: ...

class CountProcessInstancesRequest(_message.Message):
    __slots__ = ("process_definition_id", "process_definition_key", "business_key", "tenant_id_in", "active", "suspended", "include_ended", "super_process_instance_id", "process_instance_ids", "business_key_like", "deployment_id", "without_tenant_id", "activity_id_in", "with_incident", "incident_type", "incident_id", "variables", "variable_names_ignore_case", "variable_values_ignore_case", "started_before", "started_after", "finished", "finished_before", "finished_after", "state_in", "executed_activity_id_in", "started_by", "or_queries")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITH_INCIDENT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    STATE_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTED_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    OR_QUERIES_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_definition_key: str
    business_key: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    suspended: bool
    include_ended: bool
    super_process_instance_id: str
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    business_key_like: str
    deployment_id: str
    without_tenant_id: bool
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    with_incident: bool
    incident_type: str
    incident_id: str
    variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished: bool
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    state_in: _containers.RepeatedScalarFieldContainer[ProcessInstance.State]
    executed_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    started_by: str
    or_queries: _containers.RepeatedCompositeFieldContainer[ProcessInstanceOrQuery]
    def __init__(self, process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., include_ended: _Optional[bool] = ..., super_process_instance_id: _Optional[str] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., business_key_like: _Optional[str] = ..., deployment_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., with_incident: _Optional[bool] = ..., incident_type: _Optional[str] = ..., incident_id: _Optional[str] = ..., variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished: _Optional[bool] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state_in: _Optional[_Iterable[_Union[ProcessInstance.State, str]]] = ..., executed_activity_id_in: _Optional[_Iterable[str]] = ..., started_by: _Optional[str] = ..., or_queries: _Optional[_Iterable[_Union[ProcessInstanceOrQuery, _Mapping]]] = ...) -> None: ...

class ProcessInstanceOrQuery(_message.Message):
    __slots__ = ("process_definition_id", "process_definition_key", "business_key", "tenant_id_in", "active", "suspended", "include_ended", "super_process_instance_id", "process_instance_ids", "business_key_like", "deployment_id", "without_tenant_id", "activity_id_in", "with_incident", "incident_type", "incident_id", "variables", "variable_names_ignore_case", "variable_values_ignore_case", "started_before", "started_after", "finished", "finished_before", "finished_after", "state_in", "executed_activity_id_in", "started_by")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    SUPER_PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_KEY_LIKE_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITH_INCIDENT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_NAMES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    VARIABLE_VALUES_IGNORE_CASE_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    STATE_IN_FIELD_NUMBER: _ClassVar[int]
    EXECUTED_ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_definition_key: str
    business_key: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    suspended: bool
    include_ended: bool
    super_process_instance_id: str
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    business_key_like: str
    deployment_id: str
    without_tenant_id: bool
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    with_incident: bool
    incident_type: str
    incident_id: str
    variables: _containers.RepeatedCompositeFieldContainer[_execution_pb2.VariableQueryParameter]
    variable_names_ignore_case: bool
    variable_values_ignore_case: bool
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished: bool
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    state_in: _containers.RepeatedScalarFieldContainer[ProcessInstance.State]
    executed_activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    started_by: str
    def __init__(self, process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., business_key: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., include_ended: _Optional[bool] = ..., super_process_instance_id: _Optional[str] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., business_key_like: _Optional[str] = ..., deployment_id: _Optional[str] = ..., without_tenant_id: _Optional[bool] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., with_incident: _Optional[bool] = ..., incident_type: _Optional[str] = ..., incident_id: _Optional[str] = ..., variables: _Optional[_Iterable[_Union[_execution_pb2.VariableQueryParameter, _Mapping]]] = ..., variable_names_ignore_case: _Optional[bool] = ..., variable_values_ignore_case: _Optional[bool] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished: _Optional[bool] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state_in: _Optional[_Iterable[_Union[ProcessInstance.State, str]]] = ..., executed_activity_id_in: _Optional[_Iterable[str]] = ..., started_by: _Optional[str] = ...) -> None: ...

class CountProcessInstancesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class SuspendProcessInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class SuspendProcessInstanceResponse(_message.Message):
    __slots__ = ("process_instance",)
    PROCESS_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    process_instance: ProcessInstance
    def __init__(self, process_instance: _Optional[_Union[ProcessInstance, _Mapping]] = ...) -> None: ...

class ActivateProcessInstanceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ActivateProcessInstanceResponse(_message.Message):
    __slots__ = ("process_instance",)
    PROCESS_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    process_instance: ProcessInstance
    def __init__(self, process_instance: _Optional[_Union[ProcessInstance, _Mapping]] = ...) -> None: ...

class DeleteProcessInstanceRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DeleteProcessInstanceResponse(_message.Message):
    __slots__ = ("process_instance",)
    PROCESS_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    process_instance: ProcessInstance
    def __init__(self, process_instance: _Optional[_Union[ProcessInstance, _Mapping]] = ...) -> None: ...

class GetVariablesRequest(_message.Message):
    __slots__ = ("process_instance_id",)
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    def __init__(self, process_instance_id: _Optional[str] = ...) -> None: ...

class GetVariablesResponse(_message.Message):
    __slots__ = ("variables",)
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class ModifyVariablesRequest(_message.Message):
    __slots__ = ("process_instance_id", "modifications", "deletions")
    class ModificationsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    MODIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    DELETIONS_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    modifications: _containers.MessageMap[str, _types_pb2.TypedValue]
    deletions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, process_instance_id: _Optional[str] = ..., modifications: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., deletions: _Optional[_Iterable[str]] = ...) -> None: ...

class ModifyVariablesResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetProcessInstanceVariableRequest(_message.Message):
    __slots__ = ("process_instance_id", "name")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    name: str
    def __init__(self, process_instance_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class GetProcessInstanceVariableResponse(_message.Message):
    __slots__ = ("variable",)
    VARIABLE_FIELD_NUMBER: _ClassVar[int]
    variable: _types_pb2.TypedValue
    def __init__(self, variable: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class SetProcessInstanceVariableRequest(_message.Message):
    __slots__ = ("process_instance_id", "name", "value")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    name: str
    value: _types_pb2.TypedValue
    def __init__(self, process_instance_id: _Optional[str] = ..., name: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...

class SetProcessInstanceVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteProcessInstanceVariableRequest(_message.Message):
    __slots__ = ("process_instance_id", "name")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    name: str
    def __init__(self, process_instance_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteProcessInstanceVariableResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetProcessInstanceVariableDataRequest(_message.Message):
    __slots__ = ("process_instance_id", "name")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    name: str
    def __init__(self, process_instance_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class GetProcessInstanceVariableDataResponse(_message.Message):
    __slots__ = ("data", "media_type", "filename")
    DATA_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    media_type: str
    filename: str
    def __init__(self, data: _Optional[bytes] = ..., media_type: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class SetProcessInstanceVariableDataRequest(_message.Message):
    __slots__ = ("process_instance_id", "name", "data", "value_type", "filename", "mime_type", "encoding")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    VALUE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENCODING_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    name: str
    data: bytes
    value_type: str
    filename: str
    mime_type: str
    encoding: str
    def __init__(self, process_instance_id: _Optional[str] = ..., name: _Optional[str] = ..., data: _Optional[bytes] = ..., value_type: _Optional[str] = ..., filename: _Optional[str] = ..., mime_type: _Optional[str] = ..., encoding: _Optional[str] = ...) -> None: ...

class SetProcessInstanceVariableDataResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetActivityInstanceTreeRequest(_message.Message):
    __slots__ = ("process_instance_id",)
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    def __init__(self, process_instance_id: _Optional[str] = ...) -> None: ...

class GetActivityInstanceTreeResponse(_message.Message):
    __slots__ = ("root",)
    ROOT_FIELD_NUMBER: _ClassVar[int]
    root: ActivityInstance
    def __init__(self, root: _Optional[_Union[ActivityInstance, _Mapping]] = ...) -> None: ...

class ActivityInstance(_message.Message):
    __slots__ = ("id", "parent_activity_instance_id", "activity_id", "activity_type", "activity_name", "process_instance_id", "process_definition_id", "child_activity_instances", "child_transition_instances", "execution_ids", "incident_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CHILD_ACTIVITY_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    CHILD_TRANSITION_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_IDS_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent_activity_instance_id: str
    activity_id: str
    activity_type: str
    activity_name: str
    process_instance_id: str
    process_definition_id: str
    child_activity_instances: _containers.RepeatedCompositeFieldContainer[ActivityInstance]
    child_transition_instances: _containers.RepeatedCompositeFieldContainer[TransitionInstance]
    execution_ids: _containers.RepeatedScalarFieldContainer[str]
    incident_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., parent_activity_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_type: _Optional[str] = ..., activity_name: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., child_activity_instances: _Optional[_Iterable[_Union[ActivityInstance, _Mapping]]] = ..., child_transition_instances: _Optional[_Iterable[_Union[TransitionInstance, _Mapping]]] = ..., execution_ids: _Optional[_Iterable[str]] = ..., incident_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class TransitionInstance(_message.Message):
    __slots__ = ("id", "parent_activity_instance_id", "activity_id", "activity_type", "activity_name", "process_instance_id", "process_definition_id", "execution_id", "incident_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_NAME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    parent_activity_instance_id: str
    activity_id: str
    activity_type: str
    activity_name: str
    process_instance_id: str
    process_definition_id: str
    execution_id: str
    incident_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., parent_activity_instance_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., activity_type: _Optional[str] = ..., activity_name: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., incident_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ModifyProcessInstanceRequest(_message.Message):
    __slots__ = ("process_instance_id", "instructions", "annotation")
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    ANNOTATION_FIELD_NUMBER: _ClassVar[int]
    process_instance_id: str
    instructions: _containers.RepeatedCompositeFieldContainer[ModificationInstruction]
    annotation: str
    def __init__(self, process_instance_id: _Optional[str] = ..., instructions: _Optional[_Iterable[_Union[ModificationInstruction, _Mapping]]] = ..., annotation: _Optional[str] = ...) -> None: ...

class ModifyProcessInstanceResponse(_message.Message):
    __slots__ = ("process_instance",)
    PROCESS_INSTANCE_FIELD_NUMBER: _ClassVar[int]
    process_instance: ProcessInstance
    def __init__(self, process_instance: _Optional[_Union[ProcessInstance, _Mapping]] = ...) -> None: ...

class ModificationInstruction(_message.Message):
    __slots__ = ("type", "activity_id", "transition_id", "activity_instance_id", "transition_instance_id", "ancestor_activity_instance_id", "variables", "local_variables", "cancel_current_active_activity_instances")
    class Type(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TYPE_UNSPECIFIED: _ClassVar[ModificationInstruction.Type]
        TYPE_START_BEFORE_ACTIVITY: _ClassVar[ModificationInstruction.Type]
        TYPE_START_AFTER_ACTIVITY: _ClassVar[ModificationInstruction.Type]
        TYPE_START_TRANSITION: _ClassVar[ModificationInstruction.Type]
        TYPE_CANCEL: _ClassVar[ModificationInstruction.Type]
    TYPE_UNSPECIFIED: ModificationInstruction.Type
    TYPE_START_BEFORE_ACTIVITY: ModificationInstruction.Type
    TYPE_START_AFTER_ACTIVITY: ModificationInstruction.Type
    TYPE_START_TRANSITION: ModificationInstruction.Type
    TYPE_CANCEL: ModificationInstruction.Type
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    class LocalVariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSITION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSITION_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    ANCESTOR_ACTIVITY_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    LOCAL_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    CANCEL_CURRENT_ACTIVE_ACTIVITY_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    type: ModificationInstruction.Type
    activity_id: str
    transition_id: str
    activity_instance_id: str
    transition_instance_id: str
    ancestor_activity_instance_id: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    local_variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    cancel_current_active_activity_instances: bool
    def __init__(self, type: _Optional[_Union[ModificationInstruction.Type, str]] = ..., activity_id: _Optional[str] = ..., transition_id: _Optional[str] = ..., activity_instance_id: _Optional[str] = ..., transition_instance_id: _Optional[str] = ..., ancestor_activity_instance_id: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., local_variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ..., cancel_current_active_activity_instances: _Optional[bool] = ...) -> None: ...

class ModifyProcessInstancesRequest(_message.Message):
    __slots__ = ("process_definition_id", "process_instance_ids", "process_instance_query", "instructions", "annotation")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    ANNOTATION_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: CountProcessInstancesRequest
    instructions: _containers.RepeatedCompositeFieldContainer[ModificationInstruction]
    annotation: str
    def __init__(self, process_definition_id: _Optional[str] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[CountProcessInstancesRequest, _Mapping]] = ..., instructions: _Optional[_Iterable[_Union[ModificationInstruction, _Mapping]]] = ..., annotation: _Optional[str] = ...) -> None: ...

class ModifyProcessInstancesResponse(_message.Message):
    __slots__ = ("process_instances",)
    PROCESS_INSTANCES_FIELD_NUMBER: _ClassVar[int]
    process_instances: _containers.RepeatedCompositeFieldContainer[ProcessInstance]
    def __init__(self, process_instances: _Optional[_Iterable[_Union[ProcessInstance, _Mapping]]] = ...) -> None: ...

class ModifyProcessInstancesAsyncRequest(_message.Message):
    __slots__ = ("process_definition_id", "process_instance_ids", "process_instance_query", "instructions", "annotation")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    INSTRUCTIONS_FIELD_NUMBER: _ClassVar[int]
    ANNOTATION_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: CountProcessInstancesRequest
    instructions: _containers.RepeatedCompositeFieldContainer[ModificationInstruction]
    annotation: str
    def __init__(self, process_definition_id: _Optional[str] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[CountProcessInstancesRequest, _Mapping]] = ..., instructions: _Optional[_Iterable[_Union[ModificationInstruction, _Mapping]]] = ..., annotation: _Optional[str] = ...) -> None: ...

class ModifyProcessInstancesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...

class DeleteProcessInstancesAsyncRequest(_message.Message):
    __slots__ = ("process_instance_ids", "process_instance_query", "delete_reason")
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    DELETE_REASON_FIELD_NUMBER: _ClassVar[int]
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: CountProcessInstancesRequest
    delete_reason: str
    def __init__(self, process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[CountProcessInstancesRequest, _Mapping]] = ..., delete_reason: _Optional[str] = ...) -> None: ...

class DeleteProcessInstancesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...

class SetProcessInstancesSuspendedRequest(_message.Message):
    __slots__ = ("process_instance_ids", "process_instance_query", "suspended", "process_definition_id", "process_definition_key", "process_definition_tenant_id", "process_definition_without_tenant_id")
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: CountProcessInstancesRequest
    suspended: bool
    process_definition_id: str
    process_definition_key: str
    process_definition_tenant_id: str
    process_definition_without_tenant_id: bool
    def __init__(self, process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[CountProcessInstancesRequest, _Mapping]] = ..., suspended: _Optional[bool] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_tenant_id: _Optional[str] = ..., process_definition_without_tenant_id: _Optional[bool] = ...) -> None: ...

class SetProcessInstancesSuspendedResponse(_message.Message):
    __slots__ = ("process_instances_changed",)
    PROCESS_INSTANCES_CHANGED_FIELD_NUMBER: _ClassVar[int]
    process_instances_changed: int
    def __init__(self, process_instances_changed: _Optional[int] = ...) -> None: ...

class SetProcessInstancesSuspendedAsyncRequest(_message.Message):
    __slots__ = ("process_instance_ids", "process_instance_query", "suspended")
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: CountProcessInstancesRequest
    suspended: bool
    def __init__(self, process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[CountProcessInstancesRequest, _Mapping]] = ..., suspended: _Optional[bool] = ...) -> None: ...

class SetProcessInstancesSuspendedAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...

class SetVariablesAsyncRequest(_message.Message):
    __slots__ = ("process_instance_ids", "process_instance_query", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: CountProcessInstancesRequest
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[CountProcessInstancesRequest, _Mapping]] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class SetVariablesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...

class CorrelateMessageAsyncRequest(_message.Message):
    __slots__ = ("process_instance_ids", "process_instance_query", "message_name", "variables")
    class VariablesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _types_pb2.TypedValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_types_pb2.TypedValue, _Mapping]] = ...) -> None: ...
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    VARIABLES_FIELD_NUMBER: _ClassVar[int]
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: CountProcessInstancesRequest
    message_name: str
    variables: _containers.MessageMap[str, _types_pb2.TypedValue]
    def __init__(self, process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[CountProcessInstancesRequest, _Mapping]] = ..., message_name: _Optional[str] = ..., variables: _Optional[_Mapping[str, _types_pb2.TypedValue]] = ...) -> None: ...

class CorrelateMessageAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...
