"""Engine metrics (MetricsService): the document's engine's built-in metrics — activity instances
started and ended, root process instances started, decisions and decision elements evaluated,
jobs run and failed, task users — derived when asked from the rows the engine keeps anyway.

Nothing is written for a metric: no counter row that every activity would update (a row every
transaction writes makes them queue on PostgreSQL), no count kept in a process's memory (the
replicas share one database and nothing else). Each metric is a count over one table the engine
keeps, in a window of its time column (each has an index):

- activity-instance-start / -end: the passes the activity history records
  (HistoricActivityInstance) by their start time, and those that ended (completed or
  canceled) by their end time;
- root-process-instance-start: process instances no process instance called (no super process
  instance), by their start time;
- executed-decision-instances: the decision history's rows (one per decision evaluated, a
  required one included), by their evaluation time; executed-decision-elements: the same rows,
  each weighing its decision table's (inputs + outputs) × rules (a literal expression: 0), read
  from the deployed definition;
- job-successful / job-failed: the job log's succeeded and failed entries, by their time;
- unique-task-workers: the distinct users the identity link log saw made a task's assignee.

What a row no longer exists for stops counting: the history cleanup, the deletion of a
history or of a deployment with its instances take their counts with them. Windows are
[start, end): start inclusive, end exclusive, as in the document's engine. A token limited to
tenants counts the rows of its tenants and of none, as the engine's other reads; an
administrator's, all rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    case,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from server.db import epoch_seconds
from server.engine.dmn.models import DecisionDefinition, HistoricDecisionInstance
from server.engine.dmn.service import DECISION_SPECS
from server.engine.models import HistoricActivityInstance, HistoricIdentityLinkLog, HistoricJobLog, ProcessInstance
from server.errors import FieldViolation, InvalidArgument, invalid_field, missing_required_field
from server.identity.service import Caller

ACTIVITY_INSTANCE_START = "activity-instance-start"
ACTIVITY_INSTANCE_END = "activity-instance-end"
ROOT_PROCESS_INSTANCE_START = "root-process-instance-start"
EXECUTED_DECISION_INSTANCES = "executed-decision-instances"
EXECUTED_DECISION_ELEMENTS = "executed-decision-elements"
JOB_SUCCESSFUL = "job-successful"
JOB_FAILED = "job-failed"
UNIQUE_TASK_WORKERS = "unique-task-workers"

# The names the document's engine also answers to (its "public" names), and the metric each is.
ALIASES = {
    "flow-node-instances": ACTIVITY_INSTANCE_START,
    "process-instances": ROOT_PROCESS_INSTANCE_START,
    "decision-instances": EXECUTED_DECISION_INSTANCES,
    "task-users": UNIQUE_TASK_WORKERS,
}

# The document's engine's metrics that no row here records, and why: refused, not answered 0.
NOT_DERIVED = {
    "job-acquisition-attempt": "the job executor's acquisition rounds leave no row",
    "job-acquired-success": "the job executor's acquisitions leave no row",
    "job-acquired-failure": "the job executor's lost acquisitions leave no row",
    "job-execution-rejected": "the job executor keeps no row of a job it acquired but did not run",
    "job-locked-exclusive": "the job executor keeps no row of the jobs it ran at once after another",
    "history-cleanup-removed-process-instances": "the history cleanup keeps only its last round's counts",
    "history-cleanup-removed-case-instances": "the history cleanup keeps only its last round's counts",
    "history-cleanup-removed-decision-instances": "the history cleanup keeps only its last round's counts",
    "history-cleanup-removed-batch-operations": "the history cleanup keeps only its last round's counts",
    "history-cleanup-removed-task-metrics": "task users are read from the identity link log, which keeps no "
                                            "metrics of its own to remove",
}

# Distinct users do not add up across intervals: the sum only.
SUM_ONLY = (UNIQUE_TASK_WORKERS,)
# QueryMetricIntervals without a name: each of these, in this order within an interval.
INTERVAL_METRICS = (ACTIVITY_INSTANCE_END, ACTIVITY_INSTANCE_START, EXECUTED_DECISION_ELEMENTS,
                    EXECUTED_DECISION_INSTANCES, JOB_FAILED, JOB_SUCCESSFUL, ROOT_PROCESS_INSTANCE_START)
SUPPORTED = tuple(sorted((*INTERVAL_METRICS, *SUM_ONLY, *ALIASES)))

DEFAULT_INTERVAL_SECONDS = 15 * 60
# The document's engine's page of intervals: at most 200 rows.
MAX_INTERVALS = 200
_SHOWN = 64  # characters of an unknown name an error repeats


@dataclass(frozen=True)
class Window:
    """[start, end) of a metric's time column; None: open on that side."""

    start: datetime | None = None
    end: datetime | None = None

    def of(self, column: Any) -> list[ColumnElement[bool]]:
        return ([column >= self.start] if self.start is not None else []) + (
            [column < self.end] if self.end is not None else [])


@dataclass(frozen=True)
class SumQuery:
    """QueryMetricSum: the metric (its own name) and the window."""

    metric: str
    window: Window = Window()


@dataclass(frozen=True)
class IntervalQuery:
    """QueryMetricIntervals: the metrics (every one the intervals give when the request named
    none), the name the answer gives them (the request's, which may be an alias), the window, the
    interval in seconds and the page."""

    metrics: tuple[str, ...]
    shown_name: str | None
    window: Window
    interval: int
    offset: int
    limit: int


@dataclass(frozen=True)
class IntervalValue:
    """One row of QueryMetricIntervals: what happened in [bucket, bucket + interval) of the
    window, in seconds since the epoch."""

    bucket: int
    name: str
    value: int


# -- requests ------------------------------------------------------------------------------------


def _metric(name: str, field_name: str, *, sum_only_allowed: bool) -> str:
    """The metric ``name`` means (an alias resolved); UNKNOWN_METRIC when it is none of the
    document's engine's, METRIC_NOT_SUPPORTED when it is one no row here records (or, for
    intervals, a distinct count)."""
    metric = ALIASES.get(name, name)
    supported = SUPPORTED if sum_only_allowed else tuple(n for n in SUPPORTED if ALIASES.get(n, n) not in SUM_ONLY)
    if metric in INTERVAL_METRICS or (sum_only_allowed and metric in SUM_ONLY):
        return metric
    shown = name if len(name) <= _SHOWN else name[:_SHOWN] + "…"
    reason = "METRIC_NOT_SUPPORTED"
    if metric in NOT_DERIVED:
        description = (f"metric {shown!r} cannot be derived from the rows the engine keeps ({NOT_DERIVED[metric]}); "
                       f"supported: {', '.join(supported)}")
    elif metric in SUM_ONLY:
        description = (f"metric {shown!r} counts distinct users, which do not add up across intervals: ask "
                       f"QueryMetricSum; supported here: {', '.join(supported)}")
    else:
        description = f"unknown metric {shown!r}; supported: {', '.join(supported)}"
        reason = "UNKNOWN_METRIC"
    raise InvalidArgument(
        reason, f"{field_name}: {description}",
        metadata={"type": "bad_request", "field_name": field_name, "name": shown, "supported": supported},
        field_violations=[FieldViolation(field_name, description, reason)],
    )


def _window(start: datetime | None, end: datetime | None) -> Window:
    if start is not None and end is not None and end < start:
        raise invalid_field("end_date", f"{end.isoformat()} is before start_date {start.isoformat()}")
    return Window(start, end)


def sum_query(name: str, start: datetime | None, end: datetime | None) -> SumQuery:
    """QueryMetricSum's request, validated."""
    if not name:
        raise missing_required_field("name")
    return SumQuery(_metric(name, "name", sum_only_allowed=True), _window(start, end))


def interval_query(name: str, reporter: str, start: datetime | None, end: datetime | None,
                   interval_seconds: int, offset: int, limit: int) -> IntervalQuery:
    """QueryMetricIntervals' request, validated; ``interval_seconds`` checked positive by the
    caller, ``offset`` and ``limit`` already a page."""
    metrics = (_metric(name, "name", sum_only_allowed=False),) if name else INTERVAL_METRICS
    if reporter:
        raise invalid_field("reporter", "the rows metrics are read from do not record which server wrote them: "
                            "leave reporter empty (every value is of all servers)")
    return IntervalQuery(metrics, name or None, _window(start, end), interval_seconds, offset, limit)


# -- where each metric is read ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """A metric's rows: the time column each row's event happened at, its tenant column, and the
    conditions a row counts under."""

    time: Any
    tenant: Any
    conditions: tuple[ColumnElement[bool], ...] = ()


_A, _P, _D, _J, _L = (HistoricActivityInstance, ProcessInstance, HistoricDecisionInstance, HistoricJobLog,
                      HistoricIdentityLinkLog)
_SOURCES: dict[str, _Source] = {
    ACTIVITY_INSTANCE_START: _Source(_A.start_time, _A.tenant_id),
    # end_time IS NOT NULL also when no window is given: the index of ended passes holds only those.
    ACTIVITY_INSTANCE_END: _Source(_A.end_time, _A.tenant_id, (_A.end_time.is_not(None),)),
    ROOT_PROCESS_INSTANCE_START: _Source(_P.start_time, _P.tenant_id, (_P.super_process_instance_id.is_(None),)),
    EXECUTED_DECISION_INSTANCES: _Source(_D.evaluation_time, _D.tenant_id),
    EXECUTED_DECISION_ELEMENTS: _Source(_D.evaluation_time, _D.tenant_id),
    JOB_SUCCESSFUL: _Source(_J.timestamp, _J.tenant_id, (_J.state == "succeeded",)),
    JOB_FAILED: _Source(_J.timestamp, _J.tenant_id, (_J.state == "failed",)),
    UNIQUE_TASK_WORKERS: _Source(_L.timestamp, _L.tenant_id, (_L.type == "assignee", _L.operation_type == "add",
                                                              _L.user_id.is_not(None))),
}


def _conditions(caller: Caller, metric: str, window: Window) -> list[ColumnElement[bool]]:
    source = _SOURCES[metric]
    return [*source.conditions, *window.of(source.time), *caller.tenant_conditions(source.tenant)]


def _decision_elements(tx: Session, caller: Caller, window: Window) -> ColumnElement[int]:
    """What one historic decision instance in the window weighs in executed-decision-elements:
    its decision table's (inputs + outputs) × rules, read from its definition (the deployed DMN,
    parsed once per process); 0 for a literal expression, or a definition gone with its
    deployment."""
    ids = tx.scalars(select(_D.decision_definition_id).where(
        *_conditions(caller, EXECUTED_DECISION_ELEMENTS, window)).distinct()).all()
    weights: dict[str, int] = {}
    for definition in tx.scalars(select(DecisionDefinition).where(DecisionDefinition.id.in_(ids))) if ids else ():
        table = DECISION_SPECS.get(tx, definition).table
        if table is not None and table.rules:
            weights[definition.id] = (len(table.inputs) + len(table.outputs)) * len(table.rules)
    if not weights:
        return literal(0, BigInteger)
    return case(weights, value=_D.decision_definition_id, else_=0)


# -- QueryMetricSum ----------------------------------------------------------------------------------


def metric_sum(tx: Session, caller: Caller, q: SumQuery) -> int:
    """The metric's count (executed-decision-elements: its sum; unique-task-workers: its
    distinct users) over the rows in the window that the caller sees."""
    conds = _conditions(caller, q.metric, q.window)
    if q.metric == UNIQUE_TASK_WORKERS:
        value: Any = func.count(func.distinct(_L.user_id))
        return int(tx.scalar(select(value).where(*conds)) or 0)
    if q.metric == EXECUTED_DECISION_ELEMENTS:
        weight = _decision_elements(tx, caller, q.window)
        return int(tx.scalar(select(func.coalesce(func.sum(weight), 0)).where(*conds)) or 0)
    table = _SOURCES[q.metric].time.class_
    return int(tx.scalar(select(func.count()).select_from(table).where(*conds)) or 0)


# -- QueryMetricIntervals ------------------------------------------------------------------------------


def _bucket(tx: Session, instant: Any, interval: int) -> ColumnElement[int]:
    """The start of the interval ``instant`` falls in, in seconds since the epoch: intervals are
    aligned to the epoch (UTC), as in the document's engine. ``%`` truncates on both databases;
    ((s % i) + i) % i is the remainder of the floor, before 1970 too."""
    seconds = epoch_seconds(tx, instant)
    step = literal(interval, BigInteger)
    return seconds - ((seconds % step) + step) % step


def _grouped(tx: Session, caller: Caller, metric: str, q: IntervalQuery) -> Any:
    """One metric's (bucket, name, value) rows in the window, grouped by interval in SQL."""
    source = _SOURCES[metric]
    weight: Any = _decision_elements(tx, caller, q.window) if metric == EXECUTED_DECISION_ELEMENTS else literal(1)
    rows = (select(_bucket(tx, source.time, q.interval).label("bucket"), weight.label("weight"))
            .where(*_conditions(caller, metric, q.window)).subquery())
    # The name, and its place in the order of names (the databases' collations may order text
    # differently), as literals of the statement — constants above, never the request's text: a
    # bound parameter in a UNION's select list has no type PostgreSQL can settle on.
    name, rank = literal_column(f"'{metric}'"), literal_column(str(sorted(_SOURCES).index(metric)))
    value = func.sum(rows.c.weight)
    # An interval of literal expressions only has decisions but no decision elements: no row.
    return (select(rows.c.bucket, name.label("name"), rank.label("rank"), value.label("value"))
            .group_by(rows.c.bucket).having(value > 0))


def metric_intervals(tx: Session, caller: Caller, q: IntervalQuery) -> list[IntervalValue]:
    """The metrics' values per interval of the window, newest interval first (then by name);
    intervals without a row are left out."""
    parts = [_grouped(tx, caller, metric, q) for metric in q.metrics]
    rows = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    statement = (select(rows.c.bucket, rows.c.name, rows.c.value)
                 .order_by(rows.c.bucket.desc(), rows.c.rank).offset(q.offset).limit(q.limit))
    return [IntervalValue(int(bucket), q.shown_name or name, int(value or 0))
            for bucket, name, value in tx.execute(statement)]


__all__ = [
    "ALIASES", "DEFAULT_INTERVAL_SECONDS", "INTERVAL_METRICS", "IntervalQuery", "IntervalValue", "MAX_INTERVALS",
    "NOT_DERIVED", "SUM_ONLY", "SUPPORTED", "SumQuery", "Window", "interval_query", "metric_intervals",
    "metric_sum", "sum_query",
]
