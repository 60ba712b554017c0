import datetime

from flowkeeper.engine.v1 import execution_pb2 as _execution_pb2
from flowkeeper.engine.v1 import types_pb2 as _types_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Batch(_message.Message):
    __slots__ = ("id", "type", "total_jobs", "jobs_created", "batch_jobs_per_seed", "invocations_per_batch_job", "seed_job_definition_id", "monitor_job_definition_id", "batch_job_definition_id", "suspended", "tenant_id", "create_user_id", "start_time", "execution_start_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_JOBS_FIELD_NUMBER: _ClassVar[int]
    JOBS_CREATED_FIELD_NUMBER: _ClassVar[int]
    BATCH_JOBS_PER_SEED_FIELD_NUMBER: _ClassVar[int]
    INVOCATIONS_PER_BATCH_JOB_FIELD_NUMBER: _ClassVar[int]
    SEED_JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    MONITOR_JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_JOB_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    EXECUTION_START_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    total_jobs: int
    jobs_created: int
    batch_jobs_per_seed: int
    invocations_per_batch_job: int
    seed_job_definition_id: str
    monitor_job_definition_id: str
    batch_job_definition_id: str
    suspended: bool
    tenant_id: str
    create_user_id: str
    start_time: _timestamp_pb2.Timestamp
    execution_start_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., total_jobs: _Optional[int] = ..., jobs_created: _Optional[int] = ..., batch_jobs_per_seed: _Optional[int] = ..., invocations_per_batch_job: _Optional[int] = ..., seed_job_definition_id: _Optional[str] = ..., monitor_job_definition_id: _Optional[str] = ..., batch_job_definition_id: _Optional[str] = ..., suspended: _Optional[bool] = ..., tenant_id: _Optional[str] = ..., create_user_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., execution_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BatchStatistics(_message.Message):
    __slots__ = ("batch", "remaining_jobs", "completed_jobs", "failed_jobs")
    BATCH_FIELD_NUMBER: _ClassVar[int]
    REMAINING_JOBS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_JOBS_FIELD_NUMBER: _ClassVar[int]
    FAILED_JOBS_FIELD_NUMBER: _ClassVar[int]
    batch: Batch
    remaining_jobs: int
    completed_jobs: int
    failed_jobs: int
    def __init__(self, batch: _Optional[_Union[Batch, _Mapping]] = ..., remaining_jobs: _Optional[int] = ..., completed_jobs: _Optional[int] = ..., failed_jobs: _Optional[int] = ...) -> None: ...

class GetBatchRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetBatchResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: Batch
    def __init__(self, batch: _Optional[_Union[Batch, _Mapping]] = ...) -> None: ...

class QueryBatchesRequest(_message.Message):
    __slots__ = ("batch_id", "type", "tenant_id_in", "without_tenant_id", "suspended", "created_by", "started_before", "started_after", "page", "sorting")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    type: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    suspended: bool
    created_by: str
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, batch_id: _Optional[str] = ..., type: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., suspended: _Optional[bool] = ..., created_by: _Optional[str] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryBatchesResponse(_message.Message):
    __slots__ = ("batches",)
    BATCHES_FIELD_NUMBER: _ClassVar[int]
    batches: _containers.RepeatedCompositeFieldContainer[Batch]
    def __init__(self, batches: _Optional[_Iterable[_Union[Batch, _Mapping]]] = ...) -> None: ...

class CountBatchesRequest(_message.Message):
    __slots__ = ("batch_id", "type", "tenant_id_in", "without_tenant_id", "suspended", "created_by", "started_before", "started_after")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    type: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    suspended: bool
    created_by: str
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    def __init__(self, batch_id: _Optional[str] = ..., type: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., suspended: _Optional[bool] = ..., created_by: _Optional[str] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CountBatchesResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class GetBatchStatisticsRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetBatchStatisticsResponse(_message.Message):
    __slots__ = ("statistics",)
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    statistics: BatchStatistics
    def __init__(self, statistics: _Optional[_Union[BatchStatistics, _Mapping]] = ...) -> None: ...

class QueryBatchStatisticsRequest(_message.Message):
    __slots__ = ("batch_id", "type", "tenant_id_in", "without_tenant_id", "suspended", "created_by", "started_before", "started_after", "page", "sorting", "with_failures", "without_failures")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    WITH_FAILURES_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_FAILURES_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    type: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    suspended: bool
    created_by: str
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    with_failures: bool
    without_failures: bool
    def __init__(self, batch_id: _Optional[str] = ..., type: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., suspended: _Optional[bool] = ..., created_by: _Optional[str] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ..., with_failures: _Optional[bool] = ..., without_failures: _Optional[bool] = ...) -> None: ...

class QueryBatchStatisticsResponse(_message.Message):
    __slots__ = ("statistics",)
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    statistics: _containers.RepeatedCompositeFieldContainer[BatchStatistics]
    def __init__(self, statistics: _Optional[_Iterable[_Union[BatchStatistics, _Mapping]]] = ...) -> None: ...

class CountBatchStatisticsRequest(_message.Message):
    __slots__ = ("batch_id", "type", "tenant_id_in", "without_tenant_id", "suspended", "created_by", "started_before", "started_after", "with_failures", "without_failures")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    WITH_FAILURES_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_FAILURES_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    type: str
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    suspended: bool
    created_by: str
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    with_failures: bool
    without_failures: bool
    def __init__(self, batch_id: _Optional[str] = ..., type: _Optional[str] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., suspended: _Optional[bool] = ..., created_by: _Optional[str] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., with_failures: _Optional[bool] = ..., without_failures: _Optional[bool] = ...) -> None: ...

class CountBatchStatisticsResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class SetBatchSuspendedRequest(_message.Message):
    __slots__ = ("id", "suspended")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FIELD_NUMBER: _ClassVar[int]
    id: str
    suspended: bool
    def __init__(self, id: _Optional[str] = ..., suspended: _Optional[bool] = ...) -> None: ...

class SetBatchSuspendedResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: Batch
    def __init__(self, batch: _Optional[_Union[Batch, _Mapping]] = ...) -> None: ...

class DeleteBatchRequest(_message.Message):
    __slots__ = ("id", "cascade")
    ID_FIELD_NUMBER: _ClassVar[int]
    CASCADE_FIELD_NUMBER: _ClassVar[int]
    id: str
    cascade: bool
    def __init__(self, id: _Optional[str] = ..., cascade: _Optional[bool] = ...) -> None: ...

class DeleteBatchResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
