"""Reports over the history (HistoryReportService, and TaskService's candidate group count):
the historic activity statistics of a process definition, the cleanable process instance, case
instance and batch reports, the duration reports of process instances and tasks, and the task
count reports — the document's engine's reports, each read by grouped queries in one
transaction.

What the history cleanup would remove is its own condition (``history.process_instance_due``,
``history.case_instance_due``, ``BatchTimeToLive.due``), read at the time of the call, so the
reports count what the next round would find due. Durations are computed in the database, in
microseconds: SQLite keeps instants as UTC text (``server.db.duration`` reads them exactly),
PostgreSQL as timestamptz (the epoch seconds of the interval); a period's year and month are
those of the instant in UTC on both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    exists,
    extract,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from server.db import duration
from server.engine import executions, history, incidents
from server.engine.cases.models import CaseDefinition, CaseInstance, HistoricCaseActivityInstance
from server.engine.cases.service import get_definition as get_case_definition
from server.engine.dmn import history as decision_history
from server.engine.dmn.models import DecisionDefinition, HistoricDecisionInstance
from server.engine.definitions import get_definition
from server.engine.failure_models import Incident
from server.engine.models import (
    HistoricActivityInstance,
    HistoricBatch,
    HistoricTaskInstance,
    ProcessDefinition,
    ProcessInstance,
    Task,
    TaskCandidate,
)
from server.errors import missing_required_field
from server.identity.service import Caller

PeriodUnit = Literal["month", "quarter"]
TaskGrouping = Literal["processDefinition", "taskName"]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows of a group meet ``condition`` (0 for a group of none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _ascending(sorting: tuple[tuple[str, str], ...], keys: dict[str, Any]) -> bool:
    """Validates a report's ``sorting`` whose one key orders rows put together in Python
    (INVALID_SORTING as the queries' sorting); whether its first element, if any, is ascending."""
    executions.ordering(sorting, keys, ())
    return not sorting or sorting[0][1] == "asc"


# -- historic activity statistics -------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityStatisticsQuery:
    """QueryHistoricActivityStatistics: the definition, the counts asked for beside the running
    activity instances, and the process instances whose rows count."""

    process_definition_id: str
    canceled: bool = False
    finished: bool = False
    complete_scope: bool = False
    incidents: bool = False
    started_before: datetime | None = None
    started_after: datetime | None = None
    finished_before: datetime | None = None
    finished_after: datetime | None = None
    process_instance_ids: tuple[str, ...] = ()
    sorting: tuple[tuple[str, str], ...] = ()


@dataclass
class ActivityCounts:
    """One activity's counts; those not asked for stay None."""

    activity_id: str
    instances: int = 0
    finished: int | None = None
    canceled: int | None = None
    complete_scope: int | None = None
    open_incidents: int | None = None
    resolved_incidents: int | None = None
    deleted_incidents: int | None = None


def _of_instances(column: Any, definition_id: str, q: ActivityStatisticsQuery) -> list[ColumnElement[bool]]:
    """The conditions that keep rows (of ``column``'s process instance) to the instances the
    query selects: by their start and end, and by id."""
    conds: list[ColumnElement[bool]] = []
    times = (executions.within(ProcessInstance.start_time, q.started_after, q.started_before)
             + executions.within(ProcessInstance.end_time, q.finished_after, q.finished_before))
    if times:
        conds.append(column.in_(select(ProcessInstance.id).where(
            ProcessInstance.process_definition_id == definition_id, *times)))
    if q.process_instance_ids:
        conds.append(column.in_(list(q.process_instance_ids)))
    return conds


def activity_statistics(tx: Session, caller: Caller, q: ActivityStatisticsQuery) -> list[ActivityCounts]:
    """Each activity of the definition with one of the counts asked for not zero, ordered by
    activity id (the document's engine's HistoricActivityStatisticsQuery)."""
    if not q.process_definition_id:
        raise missing_required_field("process_definition_id")
    ascending = _ascending(q.sorting, {"activityId": HistoricActivityInstance.activity_id})
    definition = get_definition(tx, caller, q.process_definition_id)
    A = HistoricActivityInstance
    running = A.end_time.is_(None)
    # Which rows make an activity appear: running ones, and those of each count asked for.
    shown = [running]
    columns: list[tuple[str, ColumnElement[bool]]] = []
    for asked, name, condition in ((q.finished, "finished", A.end_time.is_not(None)),
                                   (q.canceled, "canceled", A.canceled.is_(True)),
                                   (q.complete_scope, "complete_scope", A.complete_scope.is_(True))):
        if asked:
            shown.append(condition)
            columns.append((name, condition))
    asked = {"finished": q.finished, "canceled": q.canceled, "complete_scope": q.complete_scope,
             "open_incidents": q.incidents, "resolved_incidents": q.incidents, "deleted_incidents": q.incidents}
    found: dict[str, ActivityCounts] = {}

    def counts_of(activity_id: str) -> ActivityCounts:
        """The activity's counts so far; those asked for start at 0."""
        if activity_id not in found:
            found[activity_id] = ActivityCounts(activity_id, **{name: 0 for name, wanted in asked.items() if wanted})
        return found[activity_id]

    statement = (select(A.activity_id, _count_if(running), *(_count_if(c) for _, c in columns))
                 .where(A.process_definition_id == definition.id, or_(*shown),
                        *_of_instances(A.process_instance_id, definition.id, q))
                 .group_by(A.activity_id))
    for activity_id, instances, *counts in tx.execute(statement):
        row = counts_of(activity_id)
        row.instances = int(instances)
        for (name, _), n in zip(columns, counts):
            setattr(row, name, int(n))
    if q.incidents:
        states = (("open_incidents", incidents.OPEN), ("resolved_incidents", incidents.RESOLVED),
                  ("deleted_incidents", incidents.DELETED))
        statement = (select(Incident.activity_id, *(_count_if(Incident.state == state) for _, state in states))
                     .where(Incident.process_definition_id == definition.id, Incident.activity_id.is_not(None),
                            *_of_instances(Incident.process_instance_id, definition.id, q))
                     .group_by(Incident.activity_id))
        for activity_id, *counts in tx.execute(statement):
            row = counts_of(activity_id)
            for (name, _), n in zip(states, counts):
                setattr(row, name, int(n))
    return sorted(found.values(), key=lambda r: r.activity_id, reverse=not ascending)


# -- historic case activity statistics --------------------------------------------------------------


@dataclass(frozen=True)
class CaseActivityCounts:
    """One plan item's historic case activity instances, by their state now."""

    activity_id: str
    available: int = 0
    enabled: int = 0
    disabled: int = 0
    active: int = 0
    completed: int = 0
    terminated: int = 0


_CASE_ACTIVITY_STATES = ("AVAILABLE", "ENABLED", "DISABLED", "ACTIVE", "COMPLETED", "TERMINATED")


def case_activity_statistics(tx: Session, caller: Caller, case_definition_id: str) -> list[CaseActivityCounts]:
    """Each plan item of the case definition with a historic case activity instance, its rows
    counted per state, ordered by plan item id (the document's engine's
    HistoricCaseActivityStatisticsQuery)."""
    if not case_definition_id:
        raise missing_required_field("case_definition_id")
    definition = get_case_definition(tx, caller, case_definition_id, "case_definition_id")
    H = HistoricCaseActivityInstance
    statement = (select(H.activity_id, *(_count_if(H.state == state) for state in _CASE_ACTIVITY_STATES))
                 .where(H.case_definition_id == definition.id).group_by(H.activity_id).order_by(H.activity_id))
    return [CaseActivityCounts(activity_id, *(int(n) for n in counts))
            for activity_id, *counts in tx.execute(statement)]


# -- the cleanable reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanableQuery:
    """The filters of the cleanable process and case instance reports (and their counts)."""

    definition_ids: tuple[str, ...] = ()
    definition_keys: tuple[str, ...] = ()
    tenant_ids: tuple[str, ...] = ()
    without_tenant: bool = False
    compact: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CleanableDefinition:
    """A row of a cleanable process or case instance report."""

    definition_id: str
    key: str
    name: str | None
    version: int
    history_time_to_live: int | None
    finished: int
    cleanable: int
    tenant_id: str | None


@dataclass(frozen=True)
class _Kind:
    """What a definition report is made of: the definitions, their instances, the instances
    that count as finished (and which the cleanup may remove), and those it would remove now."""

    definition: Any
    instance: Any
    defined_by: Any
    finished: Any  # () -> ColumnElement[bool]
    due: Any  # (tx, now) -> ColumnElement[bool] | None


_PROCESSES = _Kind(ProcessDefinition, ProcessInstance, ProcessInstance.process_definition_id,
                   lambda: ProcessInstance.end_time.is_not(None), history.process_instance_due)
_CASES = _Kind(CaseDefinition, CaseInstance, CaseInstance.case_definition_id,
               history.case_instance_closed, history.case_instance_due)
# Every evaluation is a finished decision instance; the cleanup removes standalone ones only.
_DECISIONS = _Kind(DecisionDefinition, HistoricDecisionInstance, HistoricDecisionInstance.decision_definition_id,
                   true, decision_history.due)


def _cleanable_statement(tx: Session, caller: Caller, kind: _Kind, q: CleanableQuery,
                         now: datetime) -> tuple[Any, Any]:
    """The report's grouped select (one row per definition the filters keep, with its counts),
    and its finished count (a sort key)."""
    D, I = kind.definition, kind.instance
    due = kind.due(tx, now)
    finished = func.count(I.id).label("finished")
    cleanable = (_count_if(due) if due is not None else literal(0)).label("cleanable")
    conds = executions.tenant_choice(D.tenant_id, list(q.tenant_ids), q.without_tenant)
    conds += executions.equalities([(D.id, list(q.definition_ids)), (D.key, list(q.definition_keys))])
    statement = (select(D.id, D.key, D.name, D.version, D.history_time_to_live, finished, cleanable, D.tenant_id)
                 .outerjoin(I, and_(kind.defined_by == D.id, kind.finished()))
                 .where(*conds, *caller.tenant_conditions(D.tenant_id))
                 .group_by(D.id, D.key, D.name, D.version, D.history_time_to_live, D.tenant_id))
    if q.compact:
        statement = statement.having(func.count(I.id) > 0)
    return statement, finished


def _cleanable_report(tx: Session, caller: Caller, kind: _Kind, q: CleanableQuery, now: datetime, offset: int,
                      limit: int) -> list[CleanableDefinition]:
    D = kind.definition
    statement, finished = _cleanable_statement(tx, caller, kind, q, now)
    order = executions.ordering(q.sorting, {"finished": finished, "tenantId": D.tenant_id}, ())
    order += [D.key.asc(), D.version.desc(), D.id.asc()]
    return [CleanableDefinition(*row) for row in tx.execute(statement.order_by(*order).offset(offset).limit(limit))]


def _count_cleanable(tx: Session, caller: Caller, kind: _Kind, q: CleanableQuery, now: datetime) -> int:
    statement, _ = _cleanable_statement(tx, caller, kind, q, now)
    return int(tx.scalar(select(func.count()).select_from(statement.subquery())) or 0)


def cleanable_process_instances(tx: Session, caller: Caller, q: CleanableQuery, now: datetime, offset: int,
                                limit: int) -> list[CleanableDefinition]:
    """QueryCleanableProcessInstanceReport: per process definition, its ended instances and
    those the cleanup would remove at ``now``."""
    return _cleanable_report(tx, caller, _PROCESSES, q, now, offset, limit)


def count_cleanable_process_instances(tx: Session, caller: Caller, q: CleanableQuery, now: datetime) -> int:
    return _count_cleanable(tx, caller, _PROCESSES, q, now)


def cleanable_case_instances(tx: Session, caller: Caller, q: CleanableQuery, now: datetime, offset: int,
                             limit: int) -> list[CleanableDefinition]:
    """QueryCleanableCaseInstanceReport: per case definition, its closed case instances and
    those the cleanup would remove at ``now``."""
    return _cleanable_report(tx, caller, _CASES, q, now, offset, limit)


def count_cleanable_case_instances(tx: Session, caller: Caller, q: CleanableQuery, now: datetime) -> int:
    return _count_cleanable(tx, caller, _CASES, q, now)


def cleanable_decision_instances(tx: Session, caller: Caller, q: CleanableQuery, now: datetime, offset: int,
                                 limit: int) -> list[CleanableDefinition]:
    """QueryCleanableDecisionInstanceReport: per decision definition, its historic decision
    instances and those the cleanup would remove at ``now``."""
    return _cleanable_report(tx, caller, _DECISIONS, q, now, offset, limit)


def count_cleanable_decision_instances(tx: Session, caller: Caller, q: CleanableQuery, now: datetime) -> int:
    return _count_cleanable(tx, caller, _DECISIONS, q, now)


@dataclass(frozen=True)
class CleanableBatches:
    """A row of the cleanable batch report."""

    batch_type: str
    history_time_to_live: int | None
    finished: int
    cleanable: int


def _batch_statement(caller: Caller, time_to_live: history.BatchTimeToLive, now: datetime) -> tuple[Any, Any]:
    """The report's select grouped by batch type, and its finished count (a sort key)."""
    H = HistoricBatch
    ended = H.end_time.is_not(None)
    due = time_to_live.due(now)
    finished = _count_if(ended).label("finished")
    cleanable = (_count_if(and_(ended, due)) if due is not None else literal(0)).label("cleanable")
    statement = (select(H.type, finished, cleanable).where(*caller.tenant_conditions(H.tenant_id))
                 .group_by(H.type))
    return statement, finished


def cleanable_batches(tx: Session, caller: Caller, time_to_live: history.BatchTimeToLive,
                      sorting: tuple[tuple[str, str], ...], now: datetime, offset: int,
                      limit: int) -> list[CleanableBatches]:
    """QueryCleanableBatchReport: per batch type in the history, its ended batches and those
    the cleanup would remove at ``now`` by ``time_to_live`` (the answering process's)."""
    statement, finished = _batch_statement(caller, time_to_live, now)
    order = executions.ordering(sorting, {"finished": finished}, HistoricBatch.type)
    return [CleanableBatches(batch_type, time_to_live.by_type.get(batch_type, time_to_live.default), int(n), int(c))
            for batch_type, n, c in tx.execute(statement.order_by(*order).offset(offset).limit(limit))]


def count_cleanable_batches(tx: Session, caller: Caller) -> int:
    """How many batch types the report lists."""
    return int(tx.scalar(select(func.count(func.distinct(HistoricBatch.type)))
                         .where(*caller.tenant_conditions(HistoricBatch.tenant_id))) or 0)


# -- duration reports ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A row of a duration report: what ended in the period, in microseconds."""

    year: int
    period: int
    minimum: timedelta
    maximum: timedelta
    average: timedelta


def _microseconds(tx: Session, start: Any, end: Any) -> ColumnElement[Any]:
    """``end - start`` in microseconds, a whole number on both databases."""
    if tx.get_bind().dialect.name == "sqlite":
        return duration(tx, start, end)  # microseconds already
    return cast(func.round(extract("epoch", end - start) * 1_000_000), BigInteger)


def _year_and_month(tx: Session, instant: Any) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """The year and month of a UtcDateTime column, in UTC."""
    if tx.get_bind().dialect.name == "sqlite":  # 'YYYY-MM-DD HH:MM:SS.ffffff', UTC
        return cast(func.substr(instant, 1, 4), Integer), cast(func.substr(instant, 6, 2), Integer)
    utc = func.timezone("UTC", instant)
    return cast(extract("year", utc), Integer), cast(extract("month", utc), Integer)


def _duration_report(tx: Session, unit: PeriodUnit, start: Any, end: Any, of_period: Any,
                     conds: list[ColumnElement[bool]]) -> list[Period]:
    """Min, max and average of ``end - start`` of the rows ``conds`` keep, per year and month or
    quarter of ``of_period``; ordered by year and period."""
    year, month = _year_and_month(tx, of_period)
    period = month if unit == "month" else (month + 2) // 3
    spans = select(year.label("year"), period.label("period"),
                   _microseconds(tx, start, end).label("span")).where(*conds).subquery()
    statement = (select(spans.c.year, spans.c.period, func.min(spans.c.span), func.max(spans.c.span),
                        func.avg(spans.c.span))
                 .group_by(spans.c.year, spans.c.period).order_by(spans.c.year, spans.c.period))
    return [Period(int(y), int(p), timedelta(microseconds=int(lo)), timedelta(microseconds=int(hi)),
                   timedelta(microseconds=int(Decimal(str(mean)).quantize(Decimal(1), ROUND_HALF_EVEN))))
            for y, p, lo, hi, mean in tx.execute(statement)]


@dataclass(frozen=True)
class InstanceDurationQuery:
    unit: PeriodUnit
    definition_ids: tuple[str, ...] = ()
    definition_keys: tuple[str, ...] = ()
    started_before: datetime | None = None
    started_after: datetime | None = None


def process_instance_durations(tx: Session, caller: Caller, q: InstanceDurationQuery) -> list[Period]:
    """QueryProcessInstanceDurationReport: ended process instances, per period of their start."""
    P = ProcessInstance
    conds = [P.end_time.is_not(None), *executions.equalities([(P.process_definition_id, list(q.definition_ids)),
                                                              (P.process_definition_key, list(q.definition_keys))])]
    conds += executions.within(P.start_time, q.started_after, q.started_before)
    conds += caller.tenant_conditions(P.tenant_id)
    return _duration_report(tx, q.unit, P.start_time, P.end_time, P.start_time, conds)


def _ended_tasks(caller: Caller, completed_after: datetime | None,
                 completed_before: datetime | None) -> list[ColumnElement[bool]]:
    T = HistoricTaskInstance
    return [T.end_time.is_not(None), *executions.within(T.end_time, completed_after, completed_before),
            *caller.tenant_conditions(T.tenant_id)]


def task_durations(tx: Session, caller: Caller, unit: PeriodUnit, completed_after: datetime | None,
                   completed_before: datetime | None) -> list[Period]:
    """QueryTaskDurationReport: ended tasks (every kind), per period of their end."""
    T = HistoricTaskInstance
    return _duration_report(tx, unit, T.start_time, T.end_time, T.end_time,
                            _ended_tasks(caller, completed_after, completed_before))


# -- task reports -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskCount:
    """A row of the task count report."""

    count: int
    task_name: str | None
    process_definition_key: str
    process_definition_id: str
    process_definition_name: str | None
    tenant_id: str | None


def task_counts(tx: Session, caller: Caller, group_by: TaskGrouping, completed_after: datetime | None,
                completed_before: datetime | None) -> list[TaskCount]:
    """QueryTaskCountReport: ended user tasks of processes per definition key and tenant (and
    task name), each group named by its key's latest version; a group whose key has no
    definition left is left out."""
    T = HistoricTaskInstance
    by_name = group_by == "taskName"
    tenant_key = func.coalesce(T.tenant_id, "")
    grouping = [T.process_definition_key, tenant_key, *([T.name] if by_name else [])]
    conds = [T.process_definition_key.is_not(None), *_ended_tasks(caller, completed_after, completed_before)]
    if by_name:
        conds += [T.name.is_not(None), T.name != ""]
    groups = list(tx.execute(select(*grouping, func.count()).where(*conds).group_by(*grouping)))
    latest: dict[tuple[str, str], ProcessDefinition] = {}
    keys = sorted({g[0] for g in groups})
    for row in tx.scalars(select(ProcessDefinition).where(ProcessDefinition.key.in_(keys))) if keys else ():
        known = latest.get((row.key, row.tenant_key))
        if known is None or known.version < row.version:
            latest[(row.key, row.tenant_key)] = row
    found: list[TaskCount] = []
    for key, tenant, *rest in groups:
        definition = latest.get((key, tenant))
        if definition is not None:
            name, count = (rest[0], rest[1]) if by_name else (None, rest[0])
            found.append(TaskCount(int(count), name, key, definition.id, definition.name, definition.tenant_id))
    if by_name:
        found.sort(key=lambda r: (r.task_name, -r.count, r.process_definition_key, r.tenant_id or ""))
    else:
        found.sort(key=lambda r: (r.process_definition_name or "", r.process_definition_key, -r.count,
                                  r.tenant_id or ""))
    return found


def task_count_by_candidate_group(tx: Session, caller: Caller) -> list[tuple[str | None, int]]:
    """QueryTaskCountByCandidateGroup: (group, count) of the running unassigned tasks per
    candidate group, and (None, count) of those without one (when there are any) first."""
    unassigned = [Task.assignee.is_(None), *caller.tenant_conditions(Task.tenant_id)]
    groups = tx.execute(
        select(TaskCandidate.value, func.count(func.distinct(Task.id)))
        .join(TaskCandidate, and_(TaskCandidate.task_id == Task.id, TaskCandidate.kind == "group"))
        .where(*unassigned).group_by(TaskCandidate.value)
    )
    without = int(tx.scalar(select(func.count()).select_from(Task).where(
        *unassigned, ~exists().where(TaskCandidate.task_id == Task.id, TaskCandidate.kind == "group"))) or 0)
    found: list[tuple[str | None, int]] = [(None, without)] if without else []
    return found + sorted((group, int(n)) for group, n in groups)


__all__ = [
    "ActivityCounts", "ActivityStatisticsQuery", "CleanableBatches", "CleanableDefinition", "CleanableQuery",
    "InstanceDurationQuery", "Period", "TaskCount", "activity_statistics", "cleanable_batches",
    "cleanable_case_instances", "cleanable_process_instances", "count_cleanable_batches",
    "count_cleanable_case_instances", "count_cleanable_process_instances", "process_instance_durations",
    "task_count_by_candidate_group", "task_counts", "task_durations",
]
