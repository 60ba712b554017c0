"""The history cleanup: records of ended process instances and closed case instances go once
their definition's history time to live (days) has passed since the end (a case: its close).

Removal is end-time based (the document's engine's "endTimeBased" strategy): the time to live
is the definition's at the time of the cleanup, so changing it applies to instances that ended
before. A process instance goes with its activity instances, operation log entries, variable
and task history, external task and job logs, process steps and engine incidents
(``deployments.INSTANCE_RECORD_DELETERS``, as when its deployment is deleted); nothing else of
it outlives its end. A closed case instance has only its row, its operation log entries and its
case activity, variable and task history left (``deployments.CASE_RECORD_DELETERS``). The job log's entries of
start timers, which belong to no instance, go once their definition's time to live has passed
since they were written; those of scheduled suspensions by key (no instance, no definition) by
the time to live of the key's latest version. Ended batches' history goes by the server's batch time to live
(``BatchTimeToLive``: one for every type, or per type), with their jobs' log entries and
incidents (``batches.remove_histories``). Standalone decision evaluations (EvaluateDecision's)
go once their decision definition's time to live has passed since the evaluation, each with
the rows of the decisions it required (``server.engine.dmn.history``); those of process and
case instances go with their instance.

The automatic cleanup is a schedule row in the database (``HistoryCleanup``) that each round
locks: replicas take turns, and the due time is theirs to share, not any process's memory."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Mapping

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from server.clock import CALENDAR_END, Clock
from server.config import Config
from server.context import AppContext
from server.engine import deployments, executions, operation_log, retention
from server.engine.cases.models import CaseDefinition, CaseInstance
from server.engine.dmn import history as decision_history
from server.engine.errors import not_found, precondition
from server.engine.instances import RUNNING
from server.engine.bpmn.parser import MAX_HISTORY_TIME_TO_LIVE, history_time_to_live
from server.engine.models import HistoricBatch, HistoricJobLog, HistoryCleanup, ProcessDefinition, ProcessInstance
from server.errors import invalid_field
from server.identity.service import Caller

log = logging.getLogger("flowkeeper.history")

SCHEDULE = "history"  # the schedule row's name (the migration inserts it)
MAX_BATCH_SIZE = 10_000
_CLOSED = "CLOSED"


@dataclass(frozen=True)
class BatchWindow:
    """A time of day span in UTC; it may span midnight (22:00-06:00)."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> "BatchWindow | None":
        """``HH:MM-HH:MM``; empty: any time (None). ValueError when malformed."""
        text = text.strip()
        if not text:
            return None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", text)
        if match is None:
            raise ValueError(f"{text!r} is not HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        try:
            window = cls(time(h1, m1), time(h2, m2))
        except ValueError:
            raise ValueError(f"{text!r} is not HH:MM-HH:MM (00:00 to 23:59)") from None
        if window.start == window.end:
            raise ValueError(f"{text!r} is empty: its start and end are the same")
        return window

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, moment: datetime) -> bool:
        of_day = moment.timetz().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= of_day < self.end
        return of_day >= self.start or of_day < self.end

    def next_start(self, moment: datetime) -> datetime:
        """The window's first start after ``moment`` (aware, UTC)."""
        start = moment.replace(hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0)
        return start if start > moment else _later(start, timedelta(days=1))


def _later(moment: datetime, wait: timedelta) -> datetime:
    """``moment + wait``, or the calendar's end when that is past the year 9999."""
    try:
        return min(moment + wait, CALENDAR_END)
    except OverflowError:
        return CALENDAR_END


def _days(text: str, label: str) -> int | None:
    """A time to live of days ("5" or "P5D"); blank: None."""
    if not text.strip():
        return None
    days = history_time_to_live(text, label, None)
    if days is None:
        raise ValueError(f"{label}: {text!r} is not a number of days from 0 to {MAX_HISTORY_TIME_TO_LIVE} "
                         '(write e.g. "5" or "P5D")')
    return days


@dataclass(frozen=True)
class BatchTimeToLive:
    """How many days the cleanup keeps an ended batch's history: ``default`` for every type
    (None: until DeleteHistoricBatch), ``by_type`` overriding it for some."""

    default: int | None = None
    by_type: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def parse(cls, default: str, by_type: str) -> "BatchTimeToLive":
        """``default`` as ``_days`` reads it; ``by_type`` as ``type=days,type=days`` of known
        batch types. ValueError when malformed."""
        from server.engine.batches import TYPES

        days_by_type: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in by_type.split(","))):
            name, equals, days = (p.strip() for p in part.partition("="))
            if not equals or not days.strip():
                raise ValueError(f"{part!r} is not type=days")
            if name not in TYPES:
                raise ValueError(f"{name!r} is not a batch type; the types are {', '.join(sorted(TYPES))}")
            if name in days_by_type:
                raise ValueError(f"batch type {name!r} is given twice")
            days_by_type[name] = _days(days, f"batch type {name}")  # type: ignore[assignment]
        return cls(_days(default, "batch history time to live"), days_by_type)

    def due(self, now: datetime) -> ColumnElement[bool] | None:
        """The condition of ended batches whose time to live has passed; None when none can be."""
        cutoffs = [and_(HistoricBatch.type == name, HistoricBatch.end_time <= now - timedelta(days=days))
                   for name, days in sorted(self.by_type.items())]
        if self.default is not None:
            cutoffs.append(and_(HistoricBatch.type.not_in(list(self.by_type)),
                                HistoricBatch.end_time <= now - timedelta(days=self.default)))
        return or_(*cutoffs) if cutoffs else None


@dataclass(frozen=True)
class CleanupSettings:
    # Rounds run by themselves in this process (--history-cleanup, and background work on).
    automatic: bool
    window: BatchWindow | None
    # The wait after a round that removed less than a full batch (--history-cleanup-seconds).
    interval_seconds: float
    batch_size: int
    # How often this process looks at the schedule (--job-poll-seconds).
    poll_seconds: float
    batches: BatchTimeToLive = BatchTimeToLive()

    @classmethod
    def of(cls, config: Config) -> "CleanupSettings":
        return cls(
            automatic=config.background and config.history_cleanup,
            window=BatchWindow.parse(config.history_cleanup_window),
            interval_seconds=config.history_cleanup_seconds,
            batch_size=config.history_cleanup_batch_size,
            poll_seconds=config.job_poll_seconds,
            batches=BatchTimeToLive.parse(config.batch_history_time_to_live,
                                          config.batch_history_time_to_live_by_type),
        )


@dataclass(frozen=True)
class Removed:
    process_instances: int
    case_instances: int
    batches: int
    # A full batch of any kind went (either instances, or start timers' job log entries): more
    # may be due.
    more: bool
    # Standalone decision evaluations (their root rows).
    decision_instances: int = 0


# -- one round --------------------------------------------------------------------------------


def _schedule(tx: Session) -> HistoryCleanup:
    """The schedule row, locked: rounds of other replicas and CleanUpHistory calls wait."""
    row = tx.scalar(select(HistoryCleanup).where(HistoryCleanup.name == SCHEDULE).with_for_update())
    if row is None:  # the migration inserts it; someone removed it
        row = HistoryCleanup(name=SCHEDULE, last_removed_process_instances=0, last_removed_case_instances=0,
                             last_removed_batches=0, last_removed_decision_instances=0)
        tx.add(row)
        tx.flush()
    return row


def process_instance_due(tx: Session, now: datetime) -> ColumnElement[bool] | None:
    """The condition of the ended process instances the cleanup removes at ``now`` (ProcessInstance
    joined with its ProcessDefinition); None when none can be (no time to live anywhere). The
    cleanup's own test, which the cleanable report counts by."""
    return retention.passed(tx, now, ProcessInstance.end_time, ProcessDefinition)


def case_instance_closed() -> ColumnElement[bool]:
    """A case instance whose history the cleanup may remove once due: a closed one (a completed
    or terminated case is still open to CloseCaseInstance)."""
    return CaseInstance.state == _CLOSED


def case_instance_due(tx: Session, now: datetime) -> ColumnElement[bool] | None:
    """As process_instance_due, of closed case instances (CaseInstance joined with its
    CaseDefinition)."""
    passed = retention.passed(tx, now, CaseInstance.close_time, CaseDefinition)
    return None if passed is None else and_(case_instance_closed(), passed)


def _due(tx: Session, now: datetime, limit: int, *, ids, ended, definition, defined_by,  # type: ignore[no-untyped-def]
         due) -> list[str]:
    """The ``ids`` of instances (``ended`` at, of the ``definition`` their ``defined_by`` names)
    that are ``due`` (a condition, None: none), oldest first."""
    if due is None:
        return []
    return list(tx.scalars(
        select(ids)
        .join(definition, definition.id == defined_by)
        .where(due)
        .order_by(ended, ids)
        .limit(limit)
    ))


def _due_process_instances(tx: Session, now: datetime, limit: int) -> list[str]:
    return _due(tx, now, limit, ids=ProcessInstance.id, ended=ProcessInstance.end_time,
                definition=ProcessDefinition, defined_by=ProcessInstance.process_definition_id,
                due=process_instance_due(tx, now))


def _due_case_instances(tx: Session, now: datetime, limit: int) -> list[str]:
    return _due(tx, now, limit, ids=CaseInstance.id, ended=CaseInstance.close_time, definition=CaseDefinition,
                defined_by=CaseInstance.case_definition_id, due=case_instance_due(tx, now))


def _due_start_timer_entries(tx: Session, now: datetime, limit: int) -> list[int]:
    """The job log's entries of start timers (of no instance) whose definition's time to live
    has passed since they were written, oldest first."""
    passed = retention.passed(tx, now, HistoricJobLog.timestamp, ProcessDefinition)
    return _due(tx, now, limit, ids=HistoricJobLog.seq, ended=HistoricJobLog.timestamp, definition=ProcessDefinition,
                defined_by=HistoricJobLog.process_definition_id,
                due=None if passed is None else and_(HistoricJobLog.process_instance_id.is_(None), passed))


def _due_key_job_entries(tx: Session, now: datetime, limit: int) -> list[int]:
    """The job log's entries of the scheduled suspensions of a key's versions (jobs of no
    instance, no definition and no job definition: SetProcessDefinitionSuspensionStateByKey's,
    SetJobDefinitionsSuspensionState's by key) whose key's latest version — of the entry's
    tenant, else of none — has a time to live that has passed since they were written, oldest
    first. (A key with versions of several tenants gives its job no tenant: it goes by the
    versions of no tenant, and stays when there are none.)"""
    passed = retention.passed(tx, now, HistoricJobLog.timestamp, ProcessDefinition)
    if passed is None:
        return []
    log = HistoricJobLog
    return list(tx.scalars(
        select(log.seq).join(ProcessDefinition, and_(ProcessDefinition.key == log.process_definition_key,
                                                     ProcessDefinition.tenant_key == func.coalesce(log.tenant_id, "")))
        .where(log.process_instance_id.is_(None), log.process_definition_id.is_(None), log.job_definition_id.is_(None),
               executions.latest_versions(ProcessDefinition), passed)
        .order_by(log.timestamp, log.seq).limit(limit)))


def _remove_start_timer_entries(tx: Session, seqs: list[int]) -> None:
    """Removes the entries, their definitions held first (key-share, in id order), as for
    instances: a DeleteDeployment that removes them too either came first or waits."""
    definition_ids = select(HistoricJobLog.process_definition_id).where(HistoricJobLog.seq.in_(seqs)).distinct()
    tx.execute(select(ProcessDefinition.id).where(ProcessDefinition.id.in_(definition_ids))
               .order_by(ProcessDefinition.id).with_for_update(read=True, key_share=True))
    tx.execute(delete(HistoricJobLog).where(HistoricJobLog.seq.in_(seqs)).execution_options(synchronize_session=False))


def _due_batches(tx: Session, now: datetime, limit: int, time_to_live: BatchTimeToLive) -> list[str]:
    """Ended batches whose time to live has passed, oldest end first."""
    due = time_to_live.due(now)
    if due is None:
        return []
    return list(tx.scalars(select(HistoricBatch.id).where(HistoricBatch.end_time.is_not(None), due)
                           .order_by(HistoricBatch.end_time, HistoricBatch.id).limit(limit)))


def _remove_batches(tx: Session, ids: list[str]) -> int:
    """Removes the batches' history, the rows locked first (in id order, as DeleteHistoricBatch
    locks its one): one that a DeleteHistoricBatch removed meanwhile is not counted."""
    from server.engine import batches

    rows = list(tx.scalars(select(HistoricBatch).where(HistoricBatch.id.in_(ids)).order_by(HistoricBatch.id)
                           .with_for_update()))
    batches.remove_histories(tx, rows)
    return len(rows)


def _hold_definitions(tx: Session, model, instance_column, ids: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Key-share locks on the definitions of the instances about to go (PostgreSQL), in id
    order: a DeleteDeployment, which locks its definitions for update before it removes their
    instances, either comes first and this batch finds those rows gone, or waits for it. Both
    lock the definitions before the instances' records, so they queue instead of deadlocking."""
    definition_ids = select(instance_column).where(instance_column.table.c.id.in_(ids)).distinct()
    tx.execute(select(model.id).where(model.id.in_(definition_ids)).order_by(model.id)
               .with_for_update(read=True, key_share=True))


def _still_there(tx: Session, id_column, ids: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Of the instances read, those still there, their rows locked (in id order, after their
    definitions): a DeleteHistoric*Instance that came first removed its instance and logged the
    deletion under the instance's id, and that entry must stay."""
    return list(tx.scalars(select(id_column).where(id_column.in_(ids)).order_by(id_column).with_for_update()))


def _remove_process_instances(tx: Session, ids: list[str]) -> int:
    """Removes ended process instances with their records (their definitions held first); how
    many went."""
    for hook in deployments.INSTANCE_RECORD_DELETERS:
        hook(tx, ids)
    return tx.execute(delete(ProcessInstance).where(ProcessInstance.id.in_(ids))
                      .execution_options(synchronize_session=False)).rowcount


def _remove_case_instances(tx: Session, ids: list[str]) -> int:
    """Removes closed case instances with their records (operation log entries, variable
    history; their definitions held first); how many went."""
    for hook in deployments.CASE_RECORD_DELETERS:
        hook(tx, ids)
    return tx.execute(delete(CaseInstance).where(CaseInstance.id.in_(ids))
                      .execution_options(synchronize_session=False)).rowcount


def _remove_batch(tx: Session, now: datetime, batch_size: int, batch_ttl: BatchTimeToLive) -> Removed:
    """One batch of each kind; the counts are of the rows removed (a DeleteDeployment that came
    first may have removed some of those read)."""
    removed_processes = removed_cases = removed_batches = 0
    process_ids = _due_process_instances(tx, now, batch_size)
    if process_ids:
        _hold_definitions(tx, ProcessDefinition, ProcessInstance.process_definition_id, process_ids)
        removed_processes = _remove_process_instances(tx, _still_there(tx, ProcessInstance.id, process_ids))
    case_ids = _due_case_instances(tx, now, batch_size)
    if case_ids:
        _hold_definitions(tx, CaseDefinition, CaseInstance.case_definition_id, case_ids)
        removed_cases = _remove_case_instances(tx, _still_there(tx, CaseInstance.id, case_ids))
    start_timer_entries = _due_start_timer_entries(tx, now, batch_size)
    if start_timer_entries:
        _remove_start_timer_entries(tx, start_timer_entries)
    key_job_entries = _due_key_job_entries(tx, now, batch_size)
    if key_job_entries:
        tx.execute(delete(HistoricJobLog).where(HistoricJobLog.seq.in_(key_job_entries))
                   .execution_options(synchronize_session=False))
    batch_ids = _due_batches(tx, now, batch_size, batch_ttl)
    if batch_ids:
        removed_batches = _remove_batches(tx, batch_ids)
    decision_ids = decision_history.due_standalone(tx, now, batch_size)
    removed_decisions = decision_history.remove(tx, decision_ids) if decision_ids else 0
    return Removed(removed_processes, removed_cases, removed_batches,
                   more=batch_size in (len(process_ids), len(case_ids), len(start_timer_entries), len(key_job_entries),
                                       len(batch_ids), len(decision_ids)),
                   decision_instances=removed_decisions)


def seq_of(public_id: str) -> int | None:
    """The row a history entry's public id names (its ``seq``, as decimal text); None for text
    that names none (not a number, or not as the entry's id spells it: no sign, no leading 0)."""
    if public_id.isascii() and public_id.isdigit() and len(public_id) <= 18 and str(int(public_id)) == public_id:
        return int(public_id)
    return None


# -- deleting one instance's history (HistoryService.DeleteHistoric*Instance) ---------------------


def delete_process_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str) -> None:
    """Removes an ended process instance's history now, as the cleanup would; logged."""
    caller.require_admin("delete the history of a process instance")
    instance = held(tx, ProcessInstance, ProcessDefinition, ProcessInstance.process_definition_id, instance_id,
                     "process instance", "PROCESS_INSTANCE_NOT_FOUND")
    if instance.state in RUNNING:
        raise precondition("INSTANCE_RUNNING", f"process instance {instance.id} runs; delete it "
                           "(DeleteProcessInstance) before its history", instance.id, state=instance.state)
    subject = operation_log.of_instance(instance)
    _remove_process_instances(tx, [instance.id])
    operation_log.Operation(tx, clock, caller, "DeleteHistory").entry(subject)


def delete_case_instance(tx: Session, clock: Clock, caller: Caller, case_instance_id: str) -> None:
    """Removes a closed case instance's history now, as the cleanup would; logged."""
    caller.require_admin("delete the history of a case instance")
    case = held(tx, CaseInstance, CaseDefinition, CaseInstance.case_definition_id, case_instance_id,
                 "case instance", "CASE_INSTANCE_NOT_FOUND")
    if case.state != _CLOSED:
        raise precondition("CASE_INSTANCE_NOT_CLOSED", f"case instance {case.id} is {case.state.lower()}, not "
                           "closed; close it (CloseCaseInstance) before deleting its history", case.id,
                           state=case.state)
    subject = operation_log.of_case_instance(case)
    _remove_case_instances(tx, [case.id])
    operation_log.Operation(tx, clock, caller, "DeleteHistory").entry(subject)


def held(tx: Session, model, definition_model, defined_by, row_id: str, noun: str, reason: str):  # type: ignore[no-untyped-def]
    """The instance's row, locked: its definition held first, as the cleanup and
    DeleteDeployment take them (NOT_FOUND when there is none, or none any more)."""
    if row_id and tx.get(model, row_id) is not None:
        _hold_definitions(tx, definition_model, defined_by, [row_id])
        row = tx.scalar(select(model).where(model.id == row_id).with_for_update()
                        .execution_options(populate_existing=True))
        if row is not None:
            return row
    raise not_found(noun, reason, row_id)


def _record(row: HistoryCleanup, now: datetime, removed: Removed) -> None:
    row.last_run_time = now
    row.last_removed_process_instances = removed.process_instances
    row.last_removed_case_instances = removed.case_instances
    row.last_removed_batches = removed.batches
    row.last_removed_decision_instances = removed.decision_instances


def clean_up_now(tx: Session, clock: Clock, batch_size: int, batch_ttl: BatchTimeToLive) -> Removed:
    """CleanUpHistory: one round now, window or not; the automatic schedule stays."""
    if not 0 < batch_size <= MAX_BATCH_SIZE:
        raise invalid_field("batch_size", f"give 1 to {MAX_BATCH_SIZE} (0: the server's batch size)",
                            maximum=MAX_BATCH_SIZE)
    row = _schedule(tx)
    now = clock.now()
    removed = _remove_batch(tx, now, batch_size, batch_ttl)
    _record(row, now, removed)
    return removed


def run_round(tx: Session, clock: Clock, settings: CleanupSettings) -> Removed | None:
    """An automatic round, when the schedule says one is due: one batch, then the next due time
    (at once after a full batch, else after the interval; never outside the window). None when
    none was due."""
    row = _schedule(tx)
    now = clock.now()
    if row.due_time is not None and row.due_time > now:
        return None
    window = settings.window
    if window is not None and not window.contains(now):
        row.due_time = window.next_start(now)
        return None
    removed = _remove_batch(tx, now, settings.batch_size, settings.batches)
    _record(row, now, removed)
    row.due_time = now if removed.more else _later(now, timedelta(seconds=settings.interval_seconds))
    return removed


@dataclass(frozen=True)
class ScheduleView:
    due_time: datetime | None
    last_run_time: datetime | None
    last_removed_process_instances: int
    last_removed_case_instances: int
    last_removed_batches: int
    last_removed_decision_instances: int = 0


def schedule(tx: Session) -> ScheduleView:
    row = tx.get(HistoryCleanup, SCHEDULE)
    if row is None:
        return ScheduleView(None, None, 0, 0, 0)
    return ScheduleView(row.due_time, row.last_run_time, row.last_removed_process_instances,
                        row.last_removed_case_instances, row.last_removed_batches,
                        row.last_removed_decision_instances)


# -- the worker -------------------------------------------------------------------------------


class HistoryCleaner:
    """Runs the automatic rounds in this process (a BackgroundWorker): it looks at the shared
    schedule every poll and runs a round when one is due."""

    name = "history-cleanup"

    def __init__(self, app: AppContext, settings: CleanupSettings) -> None:
        self.app = app
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="history-cleanup", daemon=True)
        self._thread.start()

    def stop(self, timeout: float) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"the history cleanup did not stop within {timeout:g}s")

    def _loop(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                removed = self.run_once()
                failures = 0
                if removed is not None and removed.more:
                    continue  # the next batch is due at once
            except Exception:  # the database is away: back off, never die
                failures += 1
                log.exception("history cleanup round failed (%d in a row)", failures)
                if self._stop.wait(min(0.1 * 2 ** failures, self.settings.poll_seconds * 5)):
                    break
                continue
            self._stop.wait(self.settings.poll_seconds)

    def run_once(self) -> Removed | None:
        db, clock = self.app.db, self.app.clock
        # A read first: most looks find the round not due, and need not queue for SQLite's writer.
        due = db.run(lambda tx: tx.scalar(select(HistoryCleanup.due_time).where(HistoryCleanup.name == SCHEDULE)),
                     write=False)
        if due is not None and due > clock.now():
            return None
        removed = db.run(lambda tx: run_round(tx, clock, self.settings), write=True)
        if removed is not None and (removed.process_instances or removed.case_instances or removed.batches
                                    or removed.decision_instances):
            log.info("history cleanup removed %d process instance(s), %d case instance(s), %d batch(es) and %d "
                     "decision evaluation(s)", removed.process_instances, removed.case_instances, removed.batches,
                     removed.decision_instances)
        return removed


__all__ = ["BatchTimeToLive", "BatchWindow", "CleanupSettings", "HistoryCleaner", "Removed", "clean_up_now", "run_round", "schedule"]
