"""The history's reports to and from flowkeeper.engine.v1 messages (server.engine.history_reports)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from google.protobuf import duration_pb2

from flowkeeper.engine.v1 import history_report_pb2 as pb
from flowkeeper.engine.v1 import task_pb2
from server.engine import history_reports as reports
from server.engine.mapping import sorting_of
from server.errors import invalid_enum_value, missing_required_field
from server.rpc.timestamps import datetime_of

_PERIOD_UNITS: dict[int, reports.PeriodUnit] = {pb.PERIOD_UNIT_MONTH: "month", pb.PERIOD_UNIT_QUARTER: "quarter"}
_GROUPINGS: dict[int, reports.TaskGrouping] = {
    pb.QueryTaskCountReportRequest.GROUP_BY_PROCESS_DEFINITION: "processDefinition",
    pb.QueryTaskCountReportRequest.GROUP_BY_TASK_NAME: "taskName",
}


def _required_enum(value: int, field_name: str, known: dict[int, Any], name_of: Any) -> Any:
    """The domain's value of a required enum field: MISSING_REQUIRED_FIELD when unset (0),
    INVALID_ENUM_VALUE when not one of ``known``."""
    if value == 0:
        raise missing_required_field(field_name)
    if value not in known:
        raise invalid_enum_value(field_name, value, [name_of(v) for v in known])
    return known[value]


def activity_statistics_query(request: pb.QueryHistoricActivityStatisticsRequest) -> reports.ActivityStatisticsQuery:
    return reports.ActivityStatisticsQuery(
        process_definition_id=request.process_definition_id, canceled=request.canceled, finished=request.finished,
        complete_scope=request.complete_scope, incidents=request.incidents,
        started_before=datetime_of(request, "started_before"), started_after=datetime_of(request, "started_after"),
        finished_before=datetime_of(request, "finished_before"),
        finished_after=datetime_of(request, "finished_after"),
        process_instance_ids=tuple(request.process_instance_id_in), sorting=tuple(sorting_of(request)),
    )


def activity_statistics(row: reports.ActivityCounts) -> pb.HistoricActivityStatistics:
    return pb.HistoricActivityStatistics(
        id=row.activity_id, instances=row.instances, finished=row.finished, canceled=row.canceled,
        complete_scope=row.complete_scope, open_incidents=row.open_incidents,
        resolved_incidents=row.resolved_incidents, deleted_incidents=row.deleted_incidents,
    )


def case_activity_statistics(row: reports.CaseActivityCounts) -> pb.HistoricCaseActivityStatistics:
    return pb.HistoricCaseActivityStatistics(
        id=row.activity_id, available=row.available, enabled=row.enabled, disabled=row.disabled, active=row.active,
        completed=row.completed, terminated=row.terminated,
    )


def cleanable_query(request: Any, noun: str) -> reports.CleanableQuery:
    """The filters of a cleanable process (``noun`` process), case (case) or decision (decision)
    instance report's query or count request."""
    return reports.CleanableQuery(
        definition_ids=tuple(getattr(request, f"{noun}_definition_id_in")),
        definition_keys=tuple(getattr(request, f"{noun}_definition_key_in")),
        tenant_ids=tuple(request.tenant_id_in), without_tenant=request.without_tenant_id, compact=request.compact,
        sorting=tuple(sorting_of(request)),
    )


# The result message of each cleanable definition report, by the noun its fields are named by.
_CLEANABLE_RESULTS = {"process": pb.CleanableProcessInstanceReportResult, "case": pb.CleanableCaseInstanceReportResult,
                      "decision": pb.CleanableDecisionInstanceReportResult}


def cleanable_result(row: reports.CleanableDefinition, noun: str) -> Any:
    """A row of the cleanable process (``noun`` process), case (case) or decision (decision)
    instance report, in its fields (``process_definition_id``, ``finished_case_instance_count``…)."""
    return _CLEANABLE_RESULTS[noun](**{
        f"{noun}_definition_id": row.definition_id, f"{noun}_definition_key": row.key,
        f"{noun}_definition_name": row.name or "", f"{noun}_definition_version": row.version,
        "history_time_to_live": row.history_time_to_live, f"finished_{noun}_instance_count": row.finished,
        f"cleanable_{noun}_instance_count": row.cleanable, "tenant_id": row.tenant_id or "",
    })


def cleanable_batches(row: reports.CleanableBatches) -> pb.CleanableBatchReportResult:
    return pb.CleanableBatchReportResult(
        batch_type=row.batch_type, history_time_to_live=row.history_time_to_live,
        finished_batches_count=row.finished, cleanable_batches_count=row.cleanable,
    )


def period_unit(request: Any) -> reports.PeriodUnit:
    return _required_enum(request.period_unit, "period_unit", _PERIOD_UNITS, pb.PeriodUnit.Name)  # type: ignore[no-any-return]


def instance_duration_query(request: pb.QueryProcessInstanceDurationReportRequest) -> reports.InstanceDurationQuery:
    return reports.InstanceDurationQuery(
        unit=period_unit(request), definition_ids=tuple(request.process_definition_id_in),
        definition_keys=tuple(request.process_definition_key_in),
        started_before=datetime_of(request, "started_before"), started_after=datetime_of(request, "started_after"),
    )


def task_grouping(request: pb.QueryTaskCountReportRequest) -> reports.TaskGrouping:
    return _required_enum(request.group_by, "group_by", _GROUPINGS,  # type: ignore[no-any-return]
                          pb.QueryTaskCountReportRequest.GroupBy.Name)


def _span(value: timedelta) -> duration_pb2.Duration:
    span = duration_pb2.Duration()
    span.FromTimedelta(value)
    return span


def period(row: reports.Period, unit: reports.PeriodUnit) -> pb.DurationReportResult:
    return pb.DurationReportResult(
        year=row.year, period=row.period,
        period_unit=pb.PERIOD_UNIT_MONTH if unit == "month" else pb.PERIOD_UNIT_QUARTER,
        minimum=_span(row.minimum), maximum=_span(row.maximum), average=_span(row.average),
    )


def task_count(row: reports.TaskCount) -> pb.TaskCountReportResult:
    return pb.TaskCountReportResult(
        count=row.count, task_name=row.task_name or "", process_definition_key=row.process_definition_key,
        process_definition_id=row.process_definition_id, process_definition_name=row.process_definition_name or "",
        tenant_id=row.tenant_id or "",
    )


def candidate_group_count(group: str | None, count: int) -> task_pb2.TaskCountByCandidateGroup:
    return task_pb2.TaskCountByCandidateGroup(group_name=group, task_count=count)
