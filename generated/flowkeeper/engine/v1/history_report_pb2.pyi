import datetime

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

class PeriodUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PERIOD_UNIT_UNSPECIFIED: _ClassVar[PeriodUnit]
    PERIOD_UNIT_MONTH: _ClassVar[PeriodUnit]
    PERIOD_UNIT_QUARTER: _ClassVar[PeriodUnit]
PERIOD_UNIT_UNSPECIFIED: PeriodUnit
PERIOD_UNIT_MONTH: PeriodUnit
PERIOD_UNIT_QUARTER: PeriodUnit

class QueryHistoricActivityStatisticsRequest(_message.Message):
    __slots__ = ("process_definition_id", "canceled", "finished", "complete_scope", "incidents", "started_before", "started_after", "finished_before", "finished_after", "process_instance_id_in", "sorting")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CANCELED_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_SCOPE_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AFTER_FIELD_NUMBER: _ClassVar[int]
    PROCESS_INSTANCE_ID_IN_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    canceled: bool
    finished: bool
    complete_scope: bool
    incidents: bool
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    finished_before: _timestamp_pb2.Timestamp
    finished_after: _timestamp_pb2.Timestamp
    process_instance_id_in: _containers.RepeatedScalarFieldContainer[str]
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, process_definition_id: _Optional[str] = ..., canceled: _Optional[bool] = ..., finished: _Optional[bool] = ..., complete_scope: _Optional[bool] = ..., incidents: _Optional[bool] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., process_instance_id_in: _Optional[_Iterable[str]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryHistoricActivityStatisticsResponse(_message.Message):
    __slots__ = ("statistics",)
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    statistics: _containers.RepeatedCompositeFieldContainer[HistoricActivityStatistics]
    def __init__(self, statistics: _Optional[_Iterable[_Union[HistoricActivityStatistics, _Mapping]]] = ...) -> None: ...

class QueryHistoricCaseActivityStatisticsRequest(_message.Message):
    __slots__ = ("case_definition_id",)
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    case_definition_id: str
    def __init__(self, case_definition_id: _Optional[str] = ...) -> None: ...

class QueryHistoricCaseActivityStatisticsResponse(_message.Message):
    __slots__ = ("statistics",)
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    statistics: _containers.RepeatedCompositeFieldContainer[HistoricCaseActivityStatistics]
    def __init__(self, statistics: _Optional[_Iterable[_Union[HistoricCaseActivityStatistics, _Mapping]]] = ...) -> None: ...

class HistoricCaseActivityStatistics(_message.Message):
    __slots__ = ("id", "available", "enabled", "disabled", "active", "completed", "terminated")
    ID_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_FIELD_NUMBER: _ClassVar[int]
    id: str
    available: int
    enabled: int
    disabled: int
    active: int
    completed: int
    terminated: int
    def __init__(self, id: _Optional[str] = ..., available: _Optional[int] = ..., enabled: _Optional[int] = ..., disabled: _Optional[int] = ..., active: _Optional[int] = ..., completed: _Optional[int] = ..., terminated: _Optional[int] = ...) -> None: ...

class HistoricActivityStatistics(_message.Message):
    __slots__ = ("id", "instances", "finished", "canceled", "complete_scope", "open_incidents", "resolved_incidents", "deleted_incidents")
    ID_FIELD_NUMBER: _ClassVar[int]
    INSTANCES_FIELD_NUMBER: _ClassVar[int]
    FINISHED_FIELD_NUMBER: _ClassVar[int]
    CANCELED_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_SCOPE_FIELD_NUMBER: _ClassVar[int]
    OPEN_INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    DELETED_INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    instances: int
    finished: int
    canceled: int
    complete_scope: int
    open_incidents: int
    resolved_incidents: int
    deleted_incidents: int
    def __init__(self, id: _Optional[str] = ..., instances: _Optional[int] = ..., finished: _Optional[int] = ..., canceled: _Optional[int] = ..., complete_scope: _Optional[int] = ..., open_incidents: _Optional[int] = ..., resolved_incidents: _Optional[int] = ..., deleted_incidents: _Optional[int] = ...) -> None: ...

class QueryCleanableProcessInstanceReportRequest(_message.Message):
    __slots__ = ("process_definition_id_in", "process_definition_key_in", "tenant_id_in", "without_tenant_id", "compact", "page", "sorting")
    PROCESS_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMPACT_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    process_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    compact: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, process_definition_id_in: _Optional[_Iterable[str]] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., compact: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryCleanableProcessInstanceReportResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CleanableProcessInstanceReportResult]
    def __init__(self, results: _Optional[_Iterable[_Union[CleanableProcessInstanceReportResult, _Mapping]]] = ...) -> None: ...

class CountCleanableProcessInstanceReportRequest(_message.Message):
    __slots__ = ("process_definition_id_in", "process_definition_key_in", "tenant_id_in", "without_tenant_id", "compact")
    PROCESS_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMPACT_FIELD_NUMBER: _ClassVar[int]
    process_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    compact: bool
    def __init__(self, process_definition_id_in: _Optional[_Iterable[str]] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., compact: _Optional[bool] = ...) -> None: ...

class CountCleanableProcessInstanceReportResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CleanableProcessInstanceReportResult(_message.Message):
    __slots__ = ("process_definition_id", "process_definition_key", "process_definition_name", "process_definition_version", "history_time_to_live", "finished_process_instance_count", "cleanable_process_instance_count", "tenant_id")
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_VERSION_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_PROCESS_INSTANCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLEANABLE_PROCESS_INSTANCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    process_definition_id: str
    process_definition_key: str
    process_definition_name: str
    process_definition_version: int
    history_time_to_live: int
    finished_process_instance_count: int
    cleanable_process_instance_count: int
    tenant_id: str
    def __init__(self, process_definition_id: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_name: _Optional[str] = ..., process_definition_version: _Optional[int] = ..., history_time_to_live: _Optional[int] = ..., finished_process_instance_count: _Optional[int] = ..., cleanable_process_instance_count: _Optional[int] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class QueryCleanableCaseInstanceReportRequest(_message.Message):
    __slots__ = ("case_definition_id_in", "case_definition_key_in", "tenant_id_in", "without_tenant_id", "compact", "page", "sorting")
    CASE_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMPACT_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    case_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    compact: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, case_definition_id_in: _Optional[_Iterable[str]] = ..., case_definition_key_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., compact: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryCleanableCaseInstanceReportResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CleanableCaseInstanceReportResult]
    def __init__(self, results: _Optional[_Iterable[_Union[CleanableCaseInstanceReportResult, _Mapping]]] = ...) -> None: ...

class CountCleanableCaseInstanceReportRequest(_message.Message):
    __slots__ = ("case_definition_id_in", "case_definition_key_in", "tenant_id_in", "without_tenant_id", "compact")
    CASE_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMPACT_FIELD_NUMBER: _ClassVar[int]
    case_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    case_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    compact: bool
    def __init__(self, case_definition_id_in: _Optional[_Iterable[str]] = ..., case_definition_key_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., compact: _Optional[bool] = ...) -> None: ...

class CountCleanableCaseInstanceReportResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CleanableCaseInstanceReportResult(_message.Message):
    __slots__ = ("case_definition_id", "case_definition_key", "case_definition_name", "case_definition_version", "history_time_to_live", "finished_case_instance_count", "cleanable_case_instance_count", "tenant_id")
    CASE_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_DEFINITION_VERSION_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_CASE_INSTANCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLEANABLE_CASE_INSTANCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    case_definition_id: str
    case_definition_key: str
    case_definition_name: str
    case_definition_version: int
    history_time_to_live: int
    finished_case_instance_count: int
    cleanable_case_instance_count: int
    tenant_id: str
    def __init__(self, case_definition_id: _Optional[str] = ..., case_definition_key: _Optional[str] = ..., case_definition_name: _Optional[str] = ..., case_definition_version: _Optional[int] = ..., history_time_to_live: _Optional[int] = ..., finished_case_instance_count: _Optional[int] = ..., cleanable_case_instance_count: _Optional[int] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class QueryCleanableDecisionInstanceReportRequest(_message.Message):
    __slots__ = ("decision_definition_id_in", "decision_definition_key_in", "tenant_id_in", "without_tenant_id", "compact", "page", "sorting")
    DECISION_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMPACT_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    decision_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    compact: bool
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, decision_definition_id_in: _Optional[_Iterable[str]] = ..., decision_definition_key_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., compact: _Optional[bool] = ..., page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryCleanableDecisionInstanceReportResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CleanableDecisionInstanceReportResult]
    def __init__(self, results: _Optional[_Iterable[_Union[CleanableDecisionInstanceReportResult, _Mapping]]] = ...) -> None: ...

class CountCleanableDecisionInstanceReportRequest(_message.Message):
    __slots__ = ("decision_definition_id_in", "decision_definition_key_in", "tenant_id_in", "without_tenant_id", "compact")
    DECISION_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_IN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMPACT_FIELD_NUMBER: _ClassVar[int]
    decision_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    decision_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    tenant_id_in: _containers.RepeatedScalarFieldContainer[str]
    without_tenant_id: bool
    compact: bool
    def __init__(self, decision_definition_id_in: _Optional[_Iterable[str]] = ..., decision_definition_key_in: _Optional[_Iterable[str]] = ..., tenant_id_in: _Optional[_Iterable[str]] = ..., without_tenant_id: _Optional[bool] = ..., compact: _Optional[bool] = ...) -> None: ...

class CountCleanableDecisionInstanceReportResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CleanableDecisionInstanceReportResult(_message.Message):
    __slots__ = ("decision_definition_id", "decision_definition_key", "decision_definition_name", "decision_definition_version", "history_time_to_live", "finished_decision_instance_count", "cleanable_decision_instance_count", "tenant_id")
    DECISION_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    DECISION_DEFINITION_VERSION_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_DECISION_INSTANCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLEANABLE_DECISION_INSTANCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    decision_definition_id: str
    decision_definition_key: str
    decision_definition_name: str
    decision_definition_version: int
    history_time_to_live: int
    finished_decision_instance_count: int
    cleanable_decision_instance_count: int
    tenant_id: str
    def __init__(self, decision_definition_id: _Optional[str] = ..., decision_definition_key: _Optional[str] = ..., decision_definition_name: _Optional[str] = ..., decision_definition_version: _Optional[int] = ..., history_time_to_live: _Optional[int] = ..., finished_decision_instance_count: _Optional[int] = ..., cleanable_decision_instance_count: _Optional[int] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class QueryCleanableBatchReportRequest(_message.Message):
    __slots__ = ("page", "sorting")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    SORTING_FIELD_NUMBER: _ClassVar[int]
    page: _types_pb2.OffsetPage
    sorting: _containers.RepeatedCompositeFieldContainer[_execution_pb2.Sorting]
    def __init__(self, page: _Optional[_Union[_types_pb2.OffsetPage, _Mapping]] = ..., sorting: _Optional[_Iterable[_Union[_execution_pb2.Sorting, _Mapping]]] = ...) -> None: ...

class QueryCleanableBatchReportResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CleanableBatchReportResult]
    def __init__(self, results: _Optional[_Iterable[_Union[CleanableBatchReportResult, _Mapping]]] = ...) -> None: ...

class CountCleanableBatchReportRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CountCleanableBatchReportResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CleanableBatchReportResult(_message.Message):
    __slots__ = ("batch_type", "history_time_to_live", "finished_batches_count", "cleanable_batches_count")
    BATCH_TYPE_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TIME_TO_LIVE_FIELD_NUMBER: _ClassVar[int]
    FINISHED_BATCHES_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLEANABLE_BATCHES_COUNT_FIELD_NUMBER: _ClassVar[int]
    batch_type: str
    history_time_to_live: int
    finished_batches_count: int
    cleanable_batches_count: int
    def __init__(self, batch_type: _Optional[str] = ..., history_time_to_live: _Optional[int] = ..., finished_batches_count: _Optional[int] = ..., cleanable_batches_count: _Optional[int] = ...) -> None: ...

class DurationReportResult(_message.Message):
    __slots__ = ("year", "period", "period_unit", "minimum", "maximum", "average")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERIOD_UNIT_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_FIELD_NUMBER: _ClassVar[int]
    MAXIMUM_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_FIELD_NUMBER: _ClassVar[int]
    year: int
    period: int
    period_unit: PeriodUnit
    minimum: _duration_pb2.Duration
    maximum: _duration_pb2.Duration
    average: _duration_pb2.Duration
    def __init__(self, year: _Optional[int] = ..., period: _Optional[int] = ..., period_unit: _Optional[_Union[PeriodUnit, str]] = ..., minimum: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., maximum: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., average: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class QueryProcessInstanceDurationReportRequest(_message.Message):
    __slots__ = ("period_unit", "process_definition_id_in", "process_definition_key_in", "started_before", "started_after")
    PERIOD_UNIT_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_IN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_IN_FIELD_NUMBER: _ClassVar[int]
    STARTED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AFTER_FIELD_NUMBER: _ClassVar[int]
    period_unit: PeriodUnit
    process_definition_id_in: _containers.RepeatedScalarFieldContainer[str]
    process_definition_key_in: _containers.RepeatedScalarFieldContainer[str]
    started_before: _timestamp_pb2.Timestamp
    started_after: _timestamp_pb2.Timestamp
    def __init__(self, period_unit: _Optional[_Union[PeriodUnit, str]] = ..., process_definition_id_in: _Optional[_Iterable[str]] = ..., process_definition_key_in: _Optional[_Iterable[str]] = ..., started_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryProcessInstanceDurationReportResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[DurationReportResult]
    def __init__(self, results: _Optional[_Iterable[_Union[DurationReportResult, _Mapping]]] = ...) -> None: ...

class QueryTaskCountReportRequest(_message.Message):
    __slots__ = ("group_by", "completed_before", "completed_after")
    class GroupBy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        GROUP_BY_UNSPECIFIED: _ClassVar[QueryTaskCountReportRequest.GroupBy]
        GROUP_BY_PROCESS_DEFINITION: _ClassVar[QueryTaskCountReportRequest.GroupBy]
        GROUP_BY_TASK_NAME: _ClassVar[QueryTaskCountReportRequest.GroupBy]
    GROUP_BY_UNSPECIFIED: QueryTaskCountReportRequest.GroupBy
    GROUP_BY_PROCESS_DEFINITION: QueryTaskCountReportRequest.GroupBy
    GROUP_BY_TASK_NAME: QueryTaskCountReportRequest.GroupBy
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AFTER_FIELD_NUMBER: _ClassVar[int]
    group_by: QueryTaskCountReportRequest.GroupBy
    completed_before: _timestamp_pb2.Timestamp
    completed_after: _timestamp_pb2.Timestamp
    def __init__(self, group_by: _Optional[_Union[QueryTaskCountReportRequest.GroupBy, str]] = ..., completed_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryTaskCountReportResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[TaskCountReportResult]
    def __init__(self, results: _Optional[_Iterable[_Union[TaskCountReportResult, _Mapping]]] = ...) -> None: ...

class TaskCountReportResult(_message.Message):
    __slots__ = ("count", "task_name", "process_definition_key", "process_definition_id", "process_definition_name", "tenant_id")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    TASK_NAME_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_KEY_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_DEFINITION_NAME_FIELD_NUMBER: _ClassVar[int]
    TENANT_ID_FIELD_NUMBER: _ClassVar[int]
    count: int
    task_name: str
    process_definition_key: str
    process_definition_id: str
    process_definition_name: str
    tenant_id: str
    def __init__(self, count: _Optional[int] = ..., task_name: _Optional[str] = ..., process_definition_key: _Optional[str] = ..., process_definition_id: _Optional[str] = ..., process_definition_name: _Optional[str] = ..., tenant_id: _Optional[str] = ...) -> None: ...

class QueryTaskDurationReportRequest(_message.Message):
    __slots__ = ("period_unit", "completed_before", "completed_after")
    PERIOD_UNIT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AFTER_FIELD_NUMBER: _ClassVar[int]
    period_unit: PeriodUnit
    completed_before: _timestamp_pb2.Timestamp
    completed_after: _timestamp_pb2.Timestamp
    def __init__(self, period_unit: _Optional[_Union[PeriodUnit, str]] = ..., completed_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueryTaskDurationReportResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[DurationReportResult]
    def __init__(self, results: _Optional[_Iterable[_Union[DurationReportResult, _Mapping]]] = ...) -> None: ...
