"""External tasks: work that workers fetch, lock and report on over gRPC.

A task is fetchable when it is not suspended, its retries are unset or above 0, and its lock
expiration is unset or past (see ``fetchable``). Fetching locks rows with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent fetches (also from other server
processes) pass each other by instead of waiting, and two workers never hold the same task; on
SQLite the write transaction holds the database. Calls that report on a task lock the
instance first and then the task row (the runtime's order), so they never deadlock with the
runtime.

``WAKEUP`` is this process's signal that fetchable work may have appeared (a task was created,
unlocked, failed or had its retries raised, in a transaction that committed): long polls and
task streams wait on it between short polls of the database, which catch what other processes
did."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable, Mapping, Sequence

from sqlalchemy import ColumnElement, and_, event, func, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool
from sqlalchemy.orm import Session, undefer

from server.clock import Clock
from server.db import writers_take_turns
from server.engine import executions, external_task_log, operation_log
from server.engine.errors import not_found, precondition, suspended, visible
from server.engine.models import Execution, ExternalTask, ProcessDefinition
from server.engine.runtime import LISTENERS, Runtime
from server.engine.variables import TypedValue, holds
from server.errors import (
    FailedPrecondition,
    PreconditionViolation,
    Violations,
    invalid_field,
    max_length,
    missing_required_field,
    too_long,
)
from server.identity.service import Caller

FAILED_EXTERNAL_TASK = "failedExternalTask"
# The longest lock_duration, retry_timeout or new_duration a worker may give: its deadline
# must stay storable (Python's datetime ends with the year 9999, a Duration reaches 10,000 years).
MAX_DURATION = timedelta(days=36500)


# -- wake-ups of waiting fetches ----------------------------------------------------------------


class Wakeup:
    """A generation counter waiters block on; ``notify`` wakes them all."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._generation = 0

    def generation(self) -> int:
        with self._changed:
            return self._generation

    def notify(self) -> None:
        with self._changed:
            self._generation += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the generation moves past ``seen`` or ``timeout`` seconds pass."""
        with self._changed:
            if self._generation == seen and timeout > 0:
                self._changed.wait(timeout)
            return self._generation


WAKEUP = Wakeup()
_PENDING = "flowkeeper.wakeups.pending"
_COMMITTED = "flowkeeper.wakeups.committed"


def wake_after_commit(tx: Session, wakeup: Wakeup) -> None:
    """Notify ``wakeup`` once the transaction of ``tx`` has committed (not if it rolls back).

    The unit of work commits the connection's transaction (server.db), not the session, and the
    engine's "commit" event comes before the database's commit; so the commit marks the
    wake-ups and the connection's return to the pool, after the commit, sends them."""
    tx.connection().info.setdefault(_PENDING, set()).add(wakeup)


def notify_after_commit(tx: Session) -> None:
    """Wake this process's waiting fetches once ``tx`` commits."""
    wake_after_commit(tx, WAKEUP)


@event.listens_for(Engine, "commit")
def _committing(conn: Connection) -> None:
    pending = conn.info.pop(_PENDING, None)
    if pending:
        conn.info.setdefault(_COMMITTED, set()).update(pending)


@event.listens_for(Engine, "rollback")
def _rolled_back(conn: Connection) -> None:
    conn.info.pop(_PENDING, None)
    conn.info.pop(_COMMITTED, None)


@event.listens_for(Pool, "checkin")
def _returned(_dbapi_connection: Any, record: Any) -> None:
    if record is None:
        return
    for wakeup in record.info.pop(_COMMITTED, ()):
        wakeup.notify()


def _task_created(rt: Runtime, _task: ExternalTask) -> None:
    notify_after_commit(rt.tx)


LISTENERS.external_task_created.append(_task_created)


# Hooks of the modules built on external tasks (process steps):
# locked(rt, task) when a worker locked it, failed(rt, task) after a failure was recorded
# (retries may be 0).
@dataclass
class ExternalTaskHooks:
    locked: list[Callable[[Runtime, ExternalTask], None]] = field(default_factory=list)
    failed: list[Callable[[Runtime, ExternalTask], None]] = field(default_factory=list)


HOOKS = ExternalTaskHooks()


# -- fetching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicRequest:
    topic_name: str
    lock_duration: timedelta | None
    variables: tuple[str, ...] = ()
    local_variables: bool = False
    business_key: str = ""
    process_definition_id: str = ""
    process_definition_key: str = ""
    process_definition_key_in: tuple[str, ...] = ()
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    # Process variables the task's instance must hold with these values.
    process_variables: Mapping[str, TypedValue] = field(default_factory=dict)
    process_definition_id_in: tuple[str, ...] = ()
    process_definition_version_tag: str = ""
    include_extension_properties: bool = False


@dataclass(frozen=True)
class FetchRequest:
    worker_id: str
    max_tasks: int
    use_priority: bool
    topics: tuple[TopicRequest, ...]
    # (sort_by, sort_order) pairs; createTime is the one key.
    sorting: tuple[tuple[str, str], ...] = ()


# FetchAndLock's sort keys (the document's engine offers createTime alone).
FETCH_SORT_KEYS = {"createTime": ExternalTask.created}


@dataclass
class LockedTask:
    task: ExternalTask
    variables: dict[str, TypedValue]
    # The task's camunda:properties, when its topic entry asked for them.
    extension_properties: dict[str, str] = field(default_factory=dict)


def validate_fetch(request: FetchRequest) -> None:
    """Every fault of a fetch request at once."""
    problems = Violations()
    if not request.worker_id:
        problems.add("worker_id", "worker_id is required", "MISSING_REQUIRED_FIELD")
    elif (problem := too_long(request.worker_id, ExternalTask.worker_id)) is not None:
        problems.add("worker_id", problem, max_length=max_length(ExternalTask.worker_id))
    if request.max_tasks < 1:
        problems.add("max_tasks", f"must be at least 1, got {request.max_tasks}")
    if not request.topics:
        problems.add("topics", "name at least one topic", "MISSING_REQUIRED_FIELD")
    for i, topic in enumerate(request.topics):
        if not topic.topic_name:
            problems.add(f"topics[{i}].topic_name", "topic_name is required", "MISSING_REQUIRED_FIELD")
        elif (problem := too_long(topic.topic_name, ExternalTask.topic)) is not None:
            problems.add(f"topics[{i}].topic_name", problem, max_length=max_length(ExternalTask.topic))
        if topic.lock_duration is None:
            problems.add(f"topics[{i}].lock_duration", "lock_duration is required", "MISSING_REQUIRED_FIELD")
        elif topic.lock_duration <= timedelta(0):
            problems.add(f"topics[{i}].lock_duration", "lock_duration must be positive")
        elif topic.lock_duration > MAX_DURATION:
            problems.add(f"topics[{i}].lock_duration", _wait_too_long(topic.lock_duration))
        if topic.tenant_id_in and topic.without_tenant_id:
            problems.add(f"topics[{i}].without_tenant_id", "tenant_id_in and without_tenant_id exclude each other")
    problems.raise_if_any()
    executions.ordering(request.sorting, FETCH_SORT_KEYS)  # INVALID_SORTING


def _with_version_tag(tag: str) -> ColumnElement[bool]:
    return ExternalTask.process_definition_id.in_(
        select(ProcessDefinition.id).where(ProcessDefinition.version_tag == tag))


def fetchable(now: datetime) -> ColumnElement[bool]:
    """The condition under which a worker may lock a task now."""
    return and_(
        ExternalTask.suspended.is_(False),
        or_(ExternalTask.retries.is_(None), ExternalTask.retries > 0),
        or_(ExternalTask.lock_expiration.is_(None), ExternalTask.lock_expiration <= now),
    )


def _topic_condition(topic: TopicRequest) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [ExternalTask.topic == topic.topic_name]
    if topic.business_key:
        conditions.append(ExternalTask.business_key == topic.business_key)
    if topic.process_definition_id:
        conditions.append(ExternalTask.process_definition_id == topic.process_definition_id)
    if topic.process_definition_key:
        conditions.append(ExternalTask.process_definition_key == topic.process_definition_key)
    if topic.process_definition_key_in:
        conditions.append(ExternalTask.process_definition_key.in_(topic.process_definition_key_in))
    if topic.process_definition_id_in:
        conditions.append(ExternalTask.process_definition_id.in_(topic.process_definition_id_in))
    if topic.process_definition_version_tag:
        conditions.append(_with_version_tag(topic.process_definition_version_tag))
    if topic.tenant_id_in:
        conditions.append(ExternalTask.tenant_id.in_(topic.tenant_id_in))
    if topic.without_tenant_id:
        conditions.append(ExternalTask.tenant_id.is_(None))
    for name, value in topic.process_variables.items():
        conditions.append(holds(ExternalTask.process_instance_id, name, value))
    return and_(*conditions)


# Every task these return is shown with its definition's version tag: read it with the rows.
_WITH_VERSION_TAG = undefer(ExternalTask.process_definition_version_tag)


def _fetch_query(caller: Caller, request: FetchRequest, now: datetime) -> Any:
    return select(ExternalTask).options(_WITH_VERSION_TAG).where(
        fetchable(now), or_(*(_topic_condition(t) for t in request.topics)), *caller.tenant_conditions(ExternalTask.tenant_id)
    )


def has_fetchable(tx: Session, clock: Clock, caller: Caller, request: FetchRequest) -> bool:
    """Whether a fetch could lock anything now (a cheap read before a locking fetch)."""
    query = _fetch_query(caller, request, clock.now()).with_only_columns(ExternalTask.id).limit(1)
    return tx.scalar(query) is not None


def fetch_and_lock(tx: Session, clock: Clock, caller: Caller, request: FetchRequest,
                   limit: int | None = None) -> list[LockedTask]:
    """Locks up to ``limit`` (default max_tasks) fetchable tasks for the worker and reads the
    variables their topics ask for."""
    now = clock.now()
    count = request.max_tasks if limit is None else limit
    if count < 1:
        return []
    query = _fetch_query(caller, request, now)
    if request.use_priority:
        query = query.order_by(ExternalTask.priority.desc())
    query = query.order_by(*executions.ordering(request.sorting, FETCH_SORT_KEYS, (ExternalTask.created, ExternalTask.id)))
    rows = list(tx.scalars(query.limit(count).with_for_update(skip_locked=True)))
    if not rows:
        return []
    first: dict[str, int] = {}  # each topic name's first entry in the request
    entries: dict[str, int] = {}  # and how many entries name it
    for i, topic in enumerate(request.topics):
        first.setdefault(topic.topic_name, i)
        entries[topic.topic_name] = entries.get(topic.topic_name, 0) + 1
    rt = Runtime(tx, clock)
    locked = []
    for task in rows:
        # The query found the task through an entry of its topic: when only one names the topic,
        # that is the entry (no need to match it again, and read its variables for that).
        index = first[task.topic] if entries[task.topic] == 1 else next(
            (i for i, t in enumerate(request.topics) if _matches(tx, t, task)), first[task.topic])
        topic = request.topics[index]
        assert topic.lock_duration is not None
        task.worker_id = request.worker_id
        task.lock_expiration = _deadline(now, topic.lock_duration, f"topics[{index}].lock_duration")
        properties = _extension_properties(rt, task) if topic.include_extension_properties else {}
        locked.append(LockedTask(task, _variables_for(rt, task, topic), properties))
        for hook in HOOKS.locked:
            hook(rt, task)
    tx.flush()
    return locked


def _wait_too_long(span: timedelta) -> str:
    return f"at most {MAX_DURATION.days} days, got {span.total_seconds():.0f}s"


def _deadline(now: datetime, span: timedelta, field_name: str) -> datetime:
    """``now + span``; a deadline past what a datetime holds (a clock near the year 9999) is
    the field's fault, not the server's."""
    try:
        return now + span
    except OverflowError:
        raise invalid_field(field_name, "the deadline it gives lies after the year 9999") from None


def _matches(tx: Session, topic: TopicRequest, task: ExternalTask) -> bool:
    """Whether the topic entry asks for the task (the first that does sets its lock)."""
    return (
        topic.topic_name == task.topic
        and (not topic.business_key or topic.business_key == task.business_key)
        and (not topic.process_definition_id or topic.process_definition_id == task.process_definition_id)
        and (not topic.process_definition_key or topic.process_definition_key == task.process_definition_key)
        and (not topic.process_definition_key_in or task.process_definition_key in topic.process_definition_key_in)
        and (not topic.process_definition_id_in or task.process_definition_id in topic.process_definition_id_in)
        and (not topic.process_definition_version_tag
             or task.process_definition_version_tag == topic.process_definition_version_tag)
        and (not topic.tenant_id_in or task.tenant_id in topic.tenant_id_in)
        and (not topic.without_tenant_id or task.tenant_id is None)
        and (not topic.process_variables or bool(tx.scalar(select(and_(*(
            holds(task.process_instance_id, name, value) for name, value in topic.process_variables.items()))))))
    )


def _variables_for(rt: Runtime, task: ExternalTask, topic: TopicRequest) -> dict[str, TypedValue]:
    if topic.local_variables:
        values = rt.local_variables(task.execution_id)
    elif task.execution_id == task.process_instance_id:  # the instance's own: no scope above it
        values = rt.variables_of_scopes([task.execution_id])
    else:
        execution = rt.tx.get(Execution, task.execution_id)
        values = rt.variables_visible(execution) if execution is not None else {}
    if topic.variables:
        wanted = set(topic.variables)
        values = {name: value for name, value in values.items() if name in wanted}
    return dict(sorted(values.items()))


def _extension_properties(rt: Runtime, task: ExternalTask) -> dict[str, str]:
    """The camunda:properties of the task's activity (or event) in its definition."""
    return dict(rt.spec(task.process_definition_id).element(task.activity_id).extension_properties)


def in_flight(tx: Session, clock: Clock, worker_id: str) -> int:
    """Tasks the worker holds an unexpired lock on."""
    return tx.scalar(
        select(func.count()).select_from(ExternalTask).where(
            ExternalTask.worker_id == worker_id, ExternalTask.lock_expiration > clock.now()
        )
    ) or 0


# -- reporting on a locked task -------------------------------------------------------------------


def is_locked(task: ExternalTask, now: datetime) -> bool:
    """A worker holds an unexpired lock on the task."""
    return task.worker_id is not None and task.lock_expiration is not None and task.lock_expiration > now


def get_task(tx: Session, caller: Caller, task_id: str, field_name: str = "id") -> ExternalTask:
    """The task ``task_id`` (the request's ``field_name``) if the caller sees its tenant."""
    if not task_id:
        raise missing_required_field(field_name)
    task = tx.get(ExternalTask, task_id)
    return visible(caller, task, "external task", "EXTERNAL_TASK_NOT_FOUND", task_id, field_name)


def _for_update(rt: Runtime, caller: Caller, task_id: str, field_name: str = "id") -> ExternalTask:
    """The task, with its instance and then its row locked for this transaction."""
    task = get_task(rt.tx, caller, task_id, field_name)
    rt.lock_instance(task.process_instance_id)
    if writers_take_turns(rt.tx):  # nothing read can have changed meanwhile
        return task
    # By the id asked for: the row read before the lock is expired now, and reading its id
    # would load it again.
    fresh = rt.tx.scalar(
        select(ExternalTask).where(ExternalTask.id == task_id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if fresh is None:  # completed or cancelled while we waited for the instance
        raise not_found("external task", "EXTERNAL_TASK_NOT_FOUND", task_id, field_name)
    return fresh


def _require_active(task: ExternalTask) -> None:
    if task.suspended:
        raise suspended("the process instance of external task", task.id)


def _require_lock(task: ExternalTask, worker_id: str, now: datetime) -> None:
    if not worker_id:
        raise missing_required_field("worker_id")
    if is_locked(task, now):
        if task.worker_id == worker_id:
            return
        assert task.lock_expiration is not None
        description = (
            f"external task {task.id} is locked by worker {task.worker_id!r} until "
            f"{task.lock_expiration.isoformat()}, not by {worker_id!r}"
        )
        raise FailedPrecondition(
            "EXTERNAL_TASK_LOCKED_BY_OTHER_WORKER",
            description,
            metadata={"subject": task.id, "lock_owner": task.worker_id, "worker_id": worker_id,
                      "lock_expiration_time": task.lock_expiration.isoformat()},
            precondition_violations=[
                PreconditionViolation("EXTERNAL_TASK_LOCKED_BY_OTHER_WORKER", task.id, description)
            ],
        )
    detail = "it is not locked"
    if task.worker_id == worker_id and task.lock_expiration is not None:
        detail = f"the lock of worker {worker_id!r} expired at {task.lock_expiration.isoformat()}"
    raise precondition(
        "EXTERNAL_TASK_NOT_LOCKED",
        f"worker {worker_id!r} holds no lock on external task {task.id}: {detail}; fetch it again",
        task.id,
        worker_id=worker_id,
    )


def _required(task_id: str, worker_id: str) -> Violations:
    """The faults of a worker's report that names no task or no worker, to add to."""
    problems = Violations()
    if not task_id:
        problems.add("id", "id is required", "MISSING_REQUIRED_FIELD")
    if not worker_id:
        problems.add("worker_id", "worker_id is required", "MISSING_REQUIRED_FIELD")
    return problems


def _execution(rt: Runtime, task: ExternalTask) -> Execution:
    execution = rt.tx.get(Execution, task.execution_id)
    if execution is None:  # the row goes with its execution; this is a broken invariant
        raise not_found("execution of external task", "EXECUTION_NOT_FOUND", task.execution_id)
    return execution


def complete(tx: Session, clock: Clock, caller: Caller, task_id: str, worker_id: str,
             variables: Mapping[str, TypedValue], local_variables: Mapping[str, TypedValue]) -> None:
    """The worker did the task: set the variables and move the process on."""
    _required(task_id, worker_id).raise_if_any()
    rt = Runtime(tx, clock)
    task = _for_update(rt, caller, task_id)
    _require_active(task)
    _require_lock(task, worker_id, clock.now())
    execution = _execution(rt, task)
    rt.set_variables(execution, local_variables, local=True)
    # Clears the task (and fires path_clearing), sets the variables, leaves the activity.
    rt.signal_execution(execution, variables)
    notify_after_commit(tx)


def handle_failure(tx: Session, clock: Clock, caller: Caller, task_id: str, worker_id: str, *,
                   error_message: str, error_details: str, retries: int | None,
                   retry_timeout: timedelta) -> ExternalTask:
    """Record a failed attempt: retry after ``retry_timeout`` while retries remain, else open a
    failedExternalTask incident."""
    problems = _required(task_id, worker_id)
    if retries is None:
        problems.add("retries", "retries is required (0 opens an incident)", "MISSING_REQUIRED_FIELD")
    elif retries < 0:
        problems.add("retries", f"must not be negative, got {retries}")
    if retry_timeout < timedelta(0):
        problems.add("retry_timeout", "must not be negative")
    elif retry_timeout > MAX_DURATION:
        problems.add("retry_timeout", _wait_too_long(retry_timeout))
    problems.raise_if_any()
    assert retries is not None
    rt = Runtime(tx, clock)
    task = _for_update(rt, caller, task_id)
    _require_active(task)
    now = clock.now()
    _require_lock(task, worker_id, now)
    task.error_message = error_message or None
    task.error_details = error_details or None
    task.retries = retries
    task.worker_id = None
    waits = retries > 0 and retry_timeout > timedelta(0)
    task.lock_expiration = _deadline(now, retry_timeout, "retry_timeout") if waits else None
    tx.flush()
    external_task_log.logged(tx, task, external_task_log.FAILED, now, worker_id=worker_id)
    if retries == 0:
        _raise_incident(rt, task, error_message or None)
    for hook in HOOKS.failed:
        hook(rt, task)
    notify_after_commit(tx)
    return task


def _raise_incident(rt: Runtime, task: ExternalTask, message: str | None) -> Any:
    from server.engine import incidents

    return incidents.raise_incident(
        rt, _execution(rt, task), incident_type=FAILED_EXTERNAL_TASK, message=message,
        configuration=task.id, activity_id=task.activity_id, job_definition_id=None,
    )


def _resolve_incident(rt: Runtime, task: ExternalTask) -> None:
    from server.engine import incidents

    incidents.resolve_by_configuration(rt, FAILED_EXTERNAL_TASK, task.id)


def handle_bpmn_error(tx: Session, clock: Clock, caller: Caller, task_id: str, worker_id: str, *,
                      error_code: str, error_message: str, variables: Mapping[str, TypedValue]) -> bool:
    """Throw a BPMN error at the task; True when something caught it. An uncaught error leaves
    the task unlocked with retries 0 and an open incident."""
    problems = _required(task_id, worker_id)
    if not error_code:
        problems.add("error_code", "error_code is required", "MISSING_REQUIRED_FIELD")
    problems.raise_if_any()
    rt = Runtime(tx, clock)
    task = _for_update(rt, caller, task_id)
    _require_active(task)
    _require_lock(task, worker_id, clock.now())
    execution = _execution(rt, task)
    rt.set_variables(execution, variables)
    # Logged before what catching the error does; taken back when nothing catches it.
    not_caught = external_task_log.ending(tx, task, clock.now())
    if rt.throw_error(execution, error_code, error_message or None):
        rt.run()
        return True
    not_caught()
    message = f"BPMN error {error_code!r} was not caught" + (f": {error_message}" if error_message else "")
    task.error_message = message
    task.error_details = None
    task.retries = 0
    task.worker_id = None
    task.lock_expiration = None
    tx.flush()
    external_task_log.logged(tx, task, external_task_log.FAILED, clock.now(), worker_id=worker_id)
    _raise_incident(rt, task, message)
    for hook in HOOKS.failed:
        hook(rt, task)
    rt.run()  # the variables given reach the instance's conditional events (server.engine.conditions)
    return False


def extend_lock(tx: Session, clock: Clock, caller: Caller, task_id: str, worker_id: str,
                new_duration: timedelta | None) -> ExternalTask:
    problems = _required(task_id, worker_id)
    if new_duration is None:
        problems.add("new_duration", "new_duration is required", "MISSING_REQUIRED_FIELD")
    elif new_duration <= timedelta(0):
        problems.add("new_duration", "must be positive")
    elif new_duration > MAX_DURATION:
        problems.add("new_duration", _wait_too_long(new_duration))
    problems.raise_if_any()
    assert new_duration is not None
    rt = Runtime(tx, clock)
    task = _for_update(rt, caller, task_id)
    _require_active(task)
    now = clock.now()
    _require_lock(task, worker_id, now)
    task.lock_expiration = _deadline(now, new_duration, "new_duration")
    return task


def unlock(tx: Session, clock: Clock, caller: Caller, task_id: str) -> ExternalTask:
    rt = Runtime(tx, clock)
    task = _for_update(rt, caller, task_id)
    task.worker_id = None
    task.lock_expiration = None
    operation_log.Operation(tx, clock, caller, "Unlock").entry(operation_log.of_external_task(task))
    notify_after_commit(tx)
    return task


def set_priority(tx: Session, clock: Clock, caller: Caller, task_id: str, priority: int | None) -> ExternalTask:
    """SetExternalTaskPriority: fetches with use_priority take higher priorities first."""
    problems = Violations()
    problems.require(id=task_id, priority=priority)
    problems.raise_if_any()
    task = _for_update(Runtime(tx, clock), caller, task_id)
    operation_log.Operation(tx, clock, caller, "SetPriority").entry(
        operation_log.of_external_task(task), ("priority", task.priority, priority))
    task.priority = priority
    return task


def set_retries(tx: Session, clock: Clock, caller: Caller, task_ids: Sequence[str],
                retries: int | None, named_by: Mapping[str, str] | None = None) -> list[ExternalTask]:
    """Sets the retries of tasks, all or none: raising them from 0 resolves the task's incident,
    setting 0 opens one. ``task_ids`` are the request's ``ids``, unless ``named_by`` gives each
    task the request field that found it (SetExternalTaskRetries' queries)."""
    problems = Violations()
    if not task_ids:
        problems.add("ids", "name at least one external task", "MISSING_REQUIRED_FIELD")
    for i, task_id in enumerate(task_ids):
        if not task_id:
            problems.add(f"ids[{i}]", "an id is required", "MISSING_REQUIRED_FIELD")
    if retries is None:
        problems.add("retries", "retries is required", "MISSING_REQUIRED_FIELD")
    elif retries < 0:
        problems.add("retries", f"must not be negative, got {retries}")
    problems.raise_if_any()
    assert retries is not None
    fields: dict[str, str] = dict(named_by or {})  # each id and the request field naming it first
    for i, task_id in enumerate(task_ids):
        fields.setdefault(task_id, f"ids[{i}]")
    unique_ids = list(fields)
    found = {task_id: get_task(tx, caller, task_id, fields[task_id]) for task_id in unique_ids}
    rt = Runtime(tx, clock)
    # Instances in a fixed order, so two calls on overlapping tasks cannot deadlock.
    for instance_id in sorted({t.process_instance_id for t in found.values()}):
        rt.lock_instance(instance_id)
    out = []
    operation = operation_log.Operation(tx, clock, caller, "SetExternalTaskRetries")
    for task_id in unique_ids:
        task = _for_update(rt, caller, task_id, fields[task_id])
        before = task.retries
        task.retries = retries
        operation.entry(operation_log.of_external_task(task), ("retries", before, retries))
        tx.flush()
        if retries == 0 and before != 0:
            task.worker_id = None
            task.lock_expiration = None
            _raise_incident(rt, task, task.error_message or "retries were set to 0")
        elif retries > 0 and before == 0:
            _resolve_incident(rt, task)
        out.append(task)
    notify_after_commit(tx)
    return out


# -- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExternalTaskQuery:
    external_task_id: str = ""
    topic_name: str = ""
    worker_id: str = ""
    locked: bool = False
    not_locked: bool = False
    with_retries_left: bool = False
    no_retries_left: bool = False
    process_instance_id: str = ""
    process_definition_id: str = ""
    process_definition_key: str = ""
    activity_id: str = ""
    execution_id: str = ""
    tenant_id_in: tuple[str, ...] = ()
    active: bool = False
    suspended: bool = False
    business_key: str = ""
    external_task_id_in: tuple[str, ...] = ()
    activity_id_in: tuple[str, ...] = ()
    process_instance_id_in: tuple[str, ...] = ()
    lock_expiration_before: datetime | None = None
    lock_expiration_after: datetime | None = None
    priority_at_least: int | None = None
    priority_at_most: int | None = None
    without_tenant_id: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


# QueryExternalTasks' sort keys (the document's sortBy values for external tasks).
SORT_KEYS = {
    "id": ExternalTask.id,
    "lockExpirationTime": ExternalTask.lock_expiration,
    "processInstanceId": ExternalTask.process_instance_id,
    "processDefinitionId": ExternalTask.process_definition_id,
    "processDefinitionKey": ExternalTask.process_definition_key,
    "tenantId": ExternalTask.tenant_id,
    "taskPriority": ExternalTask.priority,
    "createTime": ExternalTask.created,
}


def query_tasks(tx: Session, clock: Clock, caller: Caller, q: ExternalTaskQuery, offset: int,
                limit: int) -> list[ExternalTask]:
    stmt = _query_statement(select(ExternalTask).options(_WITH_VERSION_TAG), clock, caller, q)
    order = executions.ordering(q.sorting, SORT_KEYS, (ExternalTask.created, ExternalTask.id))
    return list(tx.scalars(stmt.order_by(*order).offset(offset).limit(limit)))


def count_tasks(tx: Session, clock: Clock, caller: Caller, q: ExternalTaskQuery) -> int:
    stmt = _query_statement(select(func.count()).select_from(ExternalTask), clock, caller, q)
    return int(tx.scalar(stmt) or 0)


def topic_names(tx: Session, clock: Clock, caller: Caller, *, locked: bool, unlocked: bool,
                with_retries_left: bool) -> list[str]:
    """The distinct topics of the tasks the caller sees, sorted; the flags narrow the tasks."""
    executions.exclusive([(locked, unlocked, "with_locked_tasks", "with_unlocked_tasks")])
    q = ExternalTaskQuery(locked=locked, not_locked=unlocked, with_retries_left=with_retries_left)
    stmt = _query_statement(select(ExternalTask.topic).distinct(), clock, caller, q)
    return list(tx.scalars(stmt.order_by(ExternalTask.topic)))


def selected_task_ids(tx: Session, clock: Clock, caller: Caller, q: ExternalTaskQuery) -> list[str]:
    """The ids of the tasks ``q`` finds, oldest first: a batch's selection."""
    stmt = _query_statement(select(ExternalTask.id), clock, caller, q)
    return list(tx.scalars(stmt.order_by(ExternalTask.created, ExternalTask.id)))


def _query_statement(stmt: Any, clock: Clock, caller: Caller, q: ExternalTaskQuery) -> Any:
    """``stmt`` (a select of tasks or their ids) with the query's filters and the caller's tenants."""
    executions.exclusive([
        (q.locked, q.not_locked, "locked", "not_locked"),
        (q.with_retries_left, q.no_retries_left, "with_retries_left", "no_retries_left"),
        (q.active, q.suspended, "active", "suspended"),
    ])
    now = clock.now()
    conds = executions.tenant_choice(ExternalTask.tenant_id, list(q.tenant_id_in), q.without_tenant_id)
    conds += executions.equalities([
        (ExternalTask.id, q.external_task_id),
        (ExternalTask.topic, q.topic_name),
        (ExternalTask.worker_id, q.worker_id),
        (ExternalTask.process_instance_id, q.process_instance_id),
        (ExternalTask.process_definition_id, q.process_definition_id),
        (ExternalTask.process_definition_key, q.process_definition_key),
        (ExternalTask.activity_id, q.activity_id),
        (ExternalTask.execution_id, q.execution_id),
        (ExternalTask.business_key, q.business_key),
        (ExternalTask.id, list(q.external_task_id_in)),
        (ExternalTask.activity_id, list(q.activity_id_in)),
        (ExternalTask.process_instance_id, list(q.process_instance_id_in)),
    ])
    if q.lock_expiration_before is not None:
        conds.append(ExternalTask.lock_expiration < q.lock_expiration_before)
    if q.lock_expiration_after is not None:
        conds.append(ExternalTask.lock_expiration > q.lock_expiration_after)
    if q.priority_at_least is not None:
        conds.append(ExternalTask.priority >= q.priority_at_least)
    if q.priority_at_most is not None:
        conds.append(ExternalTask.priority <= q.priority_at_most)
    if q.locked:
        conds.append(ExternalTask.lock_expiration > now)
    if q.not_locked:
        conds.append(or_(ExternalTask.lock_expiration.is_(None), ExternalTask.lock_expiration <= now))
    if q.with_retries_left:
        conds.append(or_(ExternalTask.retries.is_(None), ExternalTask.retries > 0))
    if q.no_retries_left:
        conds.append(ExternalTask.retries == 0)
    if q.active:
        conds.append(ExternalTask.suspended.is_(False))
    if q.suspended:
        conds.append(ExternalTask.suspended.is_(True))
    return stmt.where(*conds, *caller.tenant_conditions(ExternalTask.tenant_id))
