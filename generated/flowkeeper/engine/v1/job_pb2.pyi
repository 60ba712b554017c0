import datetime

from flowkeeper.engine.v1 import batch_pb2 as _batch_pb2
from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as _process_instance_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Job(_message.Message):
    __slots__ = ("id", "handler_type", "due_date", "repeat", "retries", "exception_message", "exception_details", "lock_owner", "lock_expiration_time", "execution_id", "process_instance_id", "process_definition_id", "process_definition_key", "activity_id", "job_definition_id", "tenant_id", "suspended", "priority", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    HANDLER_TYPE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    REPEAT_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    EXCEPTION_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    EXCEPTION_DETAILS_FIELD_NUMBER: _ClassVar[int]
    LOCK_OWNER_FIELD_NUMBER: _ClassVar[int]
    LOCK_EXPIRATION_TIME_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    handler_type: str
    due_date: _timestamp_pb2.Timestamp
    repeat: str
    retries: int
    exception_message: str
    exception_details: str
    lock_owner: str
    lock_expiration_time: _timestamp_pb2.Timestamp
    execution_id: str
    process_instance_id: str
    process_definition_id: str
    process_definition_key: str
    activity_id: str
    job_definition_id: str
    tenant_id: str
    suspended: bool
    priority: int
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., handler_type: _Optional[str] = ..., due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., repeat: _Optional[str] = ..., retries: _Optional[int] = ..., exception_message: _Optional[str] = ..., exception_details: _Optional[str] = ..., lock_owner: _Optional[str] = ..., lock_expiration_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., execution_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., tenant_id: _Optional[str] = ..., suspended: _Optional[bool] = ..., priority: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryJobsRequest(_message.Message):
    __slots__ = ("job_id", "process_instance_id", "execution_id", "process_definition_id", "process_definition_key", "activity_id", "job_definition_id", "timers", "messages", "with_retries_left", "no_retries_left", "executable", "with_exception", "due_before", "due_after", "active", "suspended", "tenant_id_in", "page", "job_id_in", "process_instance_id_in", "priority_lower_than_or_equals", "priority_higher_than_or_equals", "without_tenant_id", "include_jobs_without_tenant_id", "exception_message", "created_before", "created_after", "sorting")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TIMERS_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    WITH_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    NO_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    EXECUTABLE_FIELD_NUMBER: _ClassVar[int]
    WITH_EXCEPTION_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    DUE_AFTER_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_JOBS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    EXCEPTION_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    process_instance_id: str
    execution_id: str
    process_definition_id: str
    process_definition_key: str
    activity_id: str
    job_definition_id: str
    timers: bool
    messages: bool
    with_retries_left: bool
    no_retries_left: bool
    executable: bool
    with_exception: bool
    due_before: _timestamp_pb2.Timestamp
    due_after: _timestamp_pb2.Timestamp
    active: bool
    suspended: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    page: _types_pb2.OffsetPage
    job_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    priority_lower_than_or_equals: int
    priority_higher_than_or_equals: int
    without_tenant_id: bool
    include_jobs_without_tenant_id: bool
    exception_message: str
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, job_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., timers: _Optional[bool] = ..., messages: _Optional[bool] = ..., with_retries_left: _Optional[bool] = ..., no_retries_left: _Optional[bool] = ..., executable: _Optional[bool] = ..., with_exception: _Optional[bool] = ..., due_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., job_id_in: _Optional[_Iterable[str]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., priority_lower_than_or_equals: _Optional[int] = ..., priority_higher_than_or_equals: _Optional[int] = ..., without_tenant_id: _Optional[bool] = ..., include_jobs_without_tenant_id: _Optional[bool] = ..., exception_message: _Optional[str] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryJobsResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[Job]
    def __init__(self, jobs: _Optional[_Iterable[_Union[Job, _Mapping]]] = ...) -> None: ...

class CountJobsRequest(_message.Message):
    __slots__ = ("job_id", "process_instance_id", "execution_id", "process_definition_id", "process_definition_key", "activity_id", "job_definition_id", "timers", "messages", "with_retries_left", "no_retries_left", "executable", "with_exception", "due_before", "due_after", "active", "suspended", "tenant_id_in", "job_id_in", "process_instance_id_in", "priority_lower_than_or_equals", "priority_higher_than_or_equals", "without_tenant_id", "include_jobs_without_tenant_id", "exception_message", "created_before", "created_after")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    TIMERS_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    WITH_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    NO_RETRIES_LEFT_FIELD_NUMBER: _ClassVar[int]
    EXECUTABLE_FIELD_NUMBER: _ClassVar[int]
    WITH_EXCEPTION_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    DUE_AFTER_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_LOWER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_HIGHER_THAN_OR_EQUALS_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_JOBS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    EXCEPTION_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    process_instance_id: str
    execution_id: str
    process_definition_id: str
    process_definition_key: str
    activity_id: str
    job_definition_id: str
    timers: bool
    messages: bool
    with_retries_left: bool
    no_retries_left: bool
    executable: bool
    with_exception: bool
    due_before: _timestamp_pb2.Timestamp
    due_after: _timestamp_pb2.Timestamp
    active: bool
    suspended: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    job_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    priority_lower_than_or_equals: int
    priority_higher_than_or_equals: int
    without_tenant_id: bool
    include_jobs_without_tenant_id: bool
    exception_message: str
    created_before: _timestamp_pb2.Timestamp
    created_after: _timestamp_pb2.Timestamp
    def __init__(self, job_id: _Optional[str] = ..., process_instance_id: _Optional[str] = ..., execution_id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., job_definition_id: _Optional[str] = ..., timers: _Optional[bool] = ..., messages: _Optional[bool] = ..., with_retries_left: _Optional[bool] = ..., no_retries_left: _Optional[bool] = ..., executable: _Optional[bool] = ..., with_exception: _Optional[bool] = ..., due_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., job_id_in: _Optional[_Iterable[str]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., priority_lower_than_or_equals: _Optional[int] = ..., priority_higher_than_or_equals: _Optional[int] = ..., without_tenant_id: _Optional[bool] = ..., include_jobs_without_tenant_id: _Optional[bool] = ..., exception_message: _Optional[str] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CountJobsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetJobRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetJobResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class SetJobRetriesRequest(_message.Message):
    __slots__ = ("ids", "retries")
    IDS_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    retries: int
    def __init__(self, ids: _Optional[_Iterable[str]] = ..., retries: _Optional[int] = ...) -> None: ...

class SetJobRetriesResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[Job]
    def __init__(self, jobs: _Optional[_Iterable[_Union[Job, _Mapping]]] = ...) -> None: ...

class ExecuteJobRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ExecuteJobResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetJobSuspensionStateRequest(_message.Message):
    __slots__ = ("id", "suspended")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    id: str
    suspended: bool
    def __init__(self, id: _Optional[str] = ..., suspended: _Optional[bool] = ...) -> None: ...

class SetJobSuspensionStateResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class SetJobPriorityRequest(_message.Message):
    __slots__ = ("id", "priority")
    ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    id: str
    priority: int
    def __init__(self, id: _Optional[str] = ..., priority: _Optional[int] = ...) -> None: ...

class SetJobPriorityResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class SetJobDueDateRequest(_message.Message):
    __slots__ = ("id", "due_date", "cascade")
    ID_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    id: str
    due_date: _timestamp_pb2.Timestamp
    cascade: bool
    def __init__(self, id: _Optional[str] = ..., due_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cascade: _Optional[bool] = ...) -> None: ...

class SetJobDueDateResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class RecalculateJobDueDateRequest(_message.Message):
    __slots__ = ("id", "creation_date_based")
    ID_FIELD_NUMBER: _ClassVar[int]
    CREATION_DATE_BASED_FIELD_NUMBER: _ClassVar[int]
    id: str
    creation_date_based: bool
    def __init__(self, id: _Optional[str] = ..., creation_date_based: _Optional[bool] = ...) -> None: ...

class RecalculateJobDueDateResponse(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: Job
    def __init__(self, job: _Optional[_Union[Job, _Mapping]] = ...) -> None: ...

class DeleteJobRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteJobResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetJobRetriesAsyncRequest(_message.Message):
    __slots__ = ("job_ids", "job_query", "retries", "process_instance_ids", "process_instance_query")
    JOB_IDS_FIELD_NUMBER: _ClassVar[int]
    JOB_QUERY_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_IDS_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_QUERY_FIELD_NUMBER: _ClassVar[int]
    job_ids: _containers.RepeatedScalarFieldContainer[str]
    job_query: CountJobsRequest
    retries: int
    process_instance_ids: _containers.RepeatedScalarFieldContainer[str]
    process_instance_query: _process_instance_pb2.CountProcessInstancesRequest
    def __init__(self, job_ids: _Optional[_Iterable[str]] = ..., job_query: _Optional[_Union[CountJobsRequest, _Mapping]] = ..., retries: _Optional[int] = ..., process_instance_ids: _Optional[_Iterable[str]] = ..., process_instance_query: _Optional[_Union[_process_instance_pb2.CountProcessInstancesRequest, _Mapping]] = ...) -> None: ...

class SetJobRetriesAsyncResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: _batch_pb2.Batch
    def __init__(self, batch: _Optional[_Union[_batch_pb2.Batch, _Mapping]] = ...) -> None: ...
