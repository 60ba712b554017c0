import datetime

from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import job_pb2 as _job_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobDefinition(_message.Message):
    __slots__ = ("id", "process_definition_id", "process_definition_key", "activity_id", "job_type", "job_configuration", "overriding_job_priority", "suspended", "tenant_id", "deployment_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_TYPE_FIELD_NUMBER: _ClassVar[int]
    JOB_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    OVERRIDING_JOB_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    process_definition_id: str
    process_definition_key: str
    activity_id: str
    job_type: str
    job_configuration: str
    overriding_job_priority: int
    suspended: bool
    tenant_id: str
    deployment_id: str
    def __init__(self, id: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., activity_id: _Optional[str] = ..., job_type: _Optional[str] = ..., job_configuration: _Optional[str] = ..., overriding_job_priority: _Optional[int] = ..., suspended: _Optional[bool] = ..., tenant_id: _Optional[str] = ..., deployment_id: _Optional[str] = ...) -> None: ...

class QueryJobDefinitionsRequest(_message.Message):
    __slots__ = ("job_definition_id", "activity_id_in", "process_definition_id", "process_definition_key", "job_type", "job_configuration", "active", "suspended", "with_overriding_job_priority", "tenant_id_in", "without_tenant_id", "include_job_definitions_without_tenant_id", "page", "sorting")
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    JOB_TYPE_FIELD_NUMBER: _ClassVar[int]
    JOB_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    WITH_OVERRIDING_JOB_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_JOB_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    job_definition_id: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_id: str
    process_definition_key: str
    job_type: str
    job_configuration: str
    active: bool
    suspended: bool
    with_overriding_job_priority: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_job_definitions_without_tenant_id: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, job_definition_id: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., job_type: _Optional[str] = ..., job_configuration: _Optional[str] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., with_overriding_job_priority: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_job_definitions_without_tenant_id: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryJobDefinitionsResponse(_message.Message):
    __slots__ = ("job_definitions",)
    JOB_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    job_definitions: _containers.RepeatedCompositeFieldContainer[JobDefinition]
    def __init__(self, job_definitions: _Optional[_Iterable[_Union[JobDefinition, _Mapping]]] = ...) -> None: ...

class CountJobDefinitionsRequest(_message.Message):
    __slots__ = ("job_definition_id", "activity_id_in", "process_definition_id", "process_definition_key", "job_type", "job_configuration", "active", "suspended", "with_overriding_job_priority", "tenant_id_in", "without_tenant_id", "include_job_definitions_without_tenant_id")
    JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    JOB_TYPE_FIELD_NUMBER: _ClassVar[int]
    JOB_CONFIGURATION_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    WITH_OVERRIDING_JOB_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_JOB_DEFINITIONS_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    job_definition_id: str
    activity_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_id: str
    process_definition_key: str
    job_type: str
    job_configuration: str
    active: bool
    suspended: bool
    with_overriding_job_priority: bool
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    include_job_definitions_without_tenant_id: bool
    def __init__(self, job_definition_id: _Optional[str] = ..., activity_id_in: _Optional[_Iterable[str]] = ..., process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., job_type: _Optional[str] = ..., job_configuration: _Optional[str] = ..., active: _Optional[bool] = ..., suspended: _Optional[bool] = ..., with_overriding_job_priority: _Optional[bool] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., include_job_definitions_without_tenant_id: _Optional[bool] = ...) -> None: ...

class CountJobDefinitionsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetJobDefinitionRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetJobDefinitionResponse(_message.Message):
    __slots__ = ("job_definition",)
    JOB_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    job_definition: JobDefinition
    def __init__(self, job_definition: _Optional[_Union[JobDefinition, _Mapping]] = ...) -> None: ...

class SetJobDefinitionSuspensionStateRequest(_message.Message):
    __slots__ = ("id", "suspended", "include_jobs", "execution_date")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_JOBS_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_DATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    suspended: bool
    include_jobs: bool
    execution_date: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., suspended: _Optional[bool] = ..., include_jobs: _Optional[bool] = ..., execution_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetJobDefinitionSuspensionStateResponse(_message.Message):
    __slots__ = ("job_definition", "jobs_changed", "scheduled_job_id")
    JOB_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    JOBS_CHANGED_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_definition: JobDefinition
    jobs_changed: int
    scheduled_job_id: str
    def __init__(self, job_definition: _Optional[_Union[JobDefinition, _Mapping]] = ..., jobs_changed: _Optional[int] = ..., scheduled_job_id: _Optional[str] = ...) -> None: ...

class SetJobDefinitionsSuspensionStateRequest(_message.Message):
    __slots__ = ("process_definition_id", "process_definition_key", "process_definition_tenant_id", "process_definition_without_tenant_id", "suspended", "include_jobs", "execution_date")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_JOBS_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_DATE_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_definition_key: str
    process_definition_tenant_id: str
    process_definition_without_tenant_id: bool
    suspended: bool
    include_jobs: bool
    execution_date: _timestamp_pb2.Timestamp
    def __init__(self, process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_tenant_id: _Optional[str] = ..., process_definition_without_tenant_id: _Optional[bool] = ..., suspended: _Optional[bool] = ..., include_jobs: _Optional[bool] = ..., execution_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetJobDefinitionsSuspensionStateResponse(_message.Message):
    __slots__ = ("job_definitions", "jobs_changed", "scheduled_job_id")
    JOB_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    JOBS_CHANGED_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_definitions: _containers.RepeatedCompositeFieldContainer[JobDefinition]
    jobs_changed: int
    scheduled_job_id: str
    def __init__(self, job_definitions: _Optional[_Iterable[_Union[JobDefinition, _Mapping]]] = ..., jobs_changed: _Optional[int] = ..., scheduled_job_id: _Optional[str] = ...) -> None: ...

class SetJobDefinitionRetriesRequest(_message.Message):
    __slots__ = ("id", "retries")
    ID_FIELD_NUMBER: _ClassVar[int]
    RETRIES_FIELD_NUMBER: _ClassVar[int]
    id: str
    retries: int
    def __init__(self, id: _Optional[str] = ..., retries: _Optional[int] = ...) -> None: ...

class SetJobDefinitionRetriesResponse(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[_job_pb2.Job]
    def __init__(self, jobs: _Optional[_Iterable[_Union[_job_pb2.Job, _Mapping]]] = ...) -> None: ...

class SetJobDefinitionPriorityRequest(_message.Message):
    __slots__ = ("id", "priority", "include_jobs")
    ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_JOBS_FIELD_NUMBER: _ClassVar[int]
    id: str
    priority: int
    include_jobs: bool
    def __init__(self, id: _Optional[str] = ..., priority: _Optional[int] = ..., include_jobs: _Optional[bool] = ...) -> None: ...

class SetJobDefinitionPriorityResponse(_message.Message):
    __slots__ = ("job_definition", "jobs_changed")
    JOB_DEFINITION_FIELD_NUMBER: _ClassVar[int]
    JOBS_CHANGED_FIELD_NUMBER: _ClassVar[int]
    job_definition: JobDefinition
    jobs_changed: int
    def __init__(self, job_definition: _Optional[_Union[JobDefinition, _Mapping]] = ..., jobs_changed: _Optional[int] = ...) -> None: ...
