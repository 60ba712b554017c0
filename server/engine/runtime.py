"""The BPMN interpreter. It moves tokens (executions) through a process spec inside the caller's
transaction and stops at wait states: user and external tasks, message/signal/timer waits,
joining gateways, call activities and asynchronous continuations.

Every entry point first locks the process instance's root execution (SELECT … FOR UPDATE on
PostgreSQL; SQLite's write transaction already holds the database), so two calls that move the
same instance never interleave — the joins stay correct across server processes."""

from __future__ import annotations

import itertools
import reprlib
import threading
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Generic, Iterable, Mapping, TypeVar

from sqlalchemy import Select, delete, event, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from server.clock import Clock
from server.db import writers_take_turns
from server.engine import (
    activity_log,
    compensation,
    conditions,
    external_task_log,
    identity_link_log,
    job_log,
    task_log,
    timers,
    variable_log,
)
from server.engine.activity_log import ActivityLog
from server.engine.bpmn.spec import (
    MAX_INSTANCES,
    Element,
    ElementKind,
    MultiInstance,
    ProcessSpec,
    SequenceFlow,
    TriggerKind,
)
from server.engine.errors import check_evaluated_length, evaluation_failed, not_found, precondition
from server.engine.expr import EvaluationError, Expression
from server.engine.models import (
    Deployment,
    DeploymentResource,
    EventSubscription,
    Execution,
    ExternalTask,
    HistoricVariableInstance,
    HistoricVariableUpdate,
    Job,
    JobDefinition,
    ProcessDefinition,
    ProcessInstance,
    Task,
    TaskCandidate,
    Variable,
)
from server.engine.variables import TypedValue, expression_value, from_columns, infer, to_columns
from server.errors import check_length


S = TypeVar("S")


def new_id() -> str:
    return str(uuid.uuid4())


def definition_id(key: str, version: int, column: Any) -> str:
    """``key:version:uuid``; as in the document's engine, the uuid alone when that is longer than
    the id ``column`` holds (a long key)."""
    unique = new_id()
    composed = f"{key}:{version}:{unique}"
    return composed if len(composed) <= column.type.length else unique


def task_assignee(value: Any, element_id: str, expression: Expression) -> str | None:
    """The assignee an expression gives a user or human task (None when empty)."""
    if value in (None, ""):
        return None
    assignee = str(value)
    check_evaluated_length(assignee, Task.assignee, element_id, expression.text, "the assignee")
    return assignee


def task_candidates(value: Any, element_id: str, expression: Expression, kind: str) -> list[str]:
    """The candidate users or groups (``kind``) an expression gives a task: a list or a
    comma-separated text."""
    names = _split(value)
    for name in names:
        check_evaluated_length(name, TaskCandidate.value, element_id, expression.text, f"a candidate {kind}")
    return names


def called_business_key(value: Any, element_id: str, expression: Expression) -> str:
    """The business key a camunda:in businessKey gives a called instance; one longer than the
    column holds is the expression's failure (FAILED_PRECONDITION), not the caller's request."""
    key = str(value)
    check_evaluated_length(key, ProcessInstance.business_key, element_id, expression.text, "the business key")
    return key


# -- parsed specs, cached per definition (immutable, so safe to share across threads) ---------


class SpecCache(Generic[S]):
    """Parsed specs of deployed definitions by definition id. ``parse(content, resource_name)``
    turns a stored resource into the specs of every definition it holds."""

    def __init__(self, parse: Callable[[bytes, str], list[S]], capacity: int = 512) -> None:
        self._parse = parse
        self._specs: OrderedDict[str, S] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def put(self, definition_id: str, spec: S) -> None:
        with self._lock:
            self._specs[definition_id] = spec
            while len(self._specs) > self._capacity:
                self._specs.popitem(last=False)

    def cached(self, definition_id: str) -> S | None:
        """The spec of the definition if it is parsed already (specs never change)."""
        with self._lock:
            spec = self._specs.get(definition_id)
            if spec is not None:
                self._specs.move_to_end(definition_id)
            return spec

    def of_id(self, tx: Session, model: type, definition_id: str) -> S | None:
        """The spec of the definition ``definition_id`` (a row of ``model``); None when there is
        no such row (its deployment is gone)."""
        spec = self.cached(definition_id)
        if spec is None:
            definition = tx.get(model, definition_id)
            spec = None if definition is None else self.get(tx, definition)
        return spec

    def get(self, tx: Session, definition: Any) -> S:
        """The spec of a definition row (id, key, deployment_id, resource_name)."""
        spec = self.cached(definition.id)
        if spec is not None:
            return spec
        content = tx.scalar(
            select(DeploymentResource.content).where(
                DeploymentResource.deployment_id == definition.deployment_id,
                DeploymentResource.name == definition.resource_name,
            )
        )
        if content is None:
            raise not_found("deployment resource", "RESOURCE_NOT_FOUND", definition.resource_name)
        spec = next(s for s in self._parse(content, definition.resource_name) if s.key == definition.key)
        self.put(definition.id, spec)
        return spec


def _parse_bpmn(content: bytes, resource_name: str) -> list[ProcessSpec]:
    from server.engine.bpmn.parser import parse_bpmn

    # Stored resources passed the column checks when they were deployed (or predate them).
    return parse_bpmn(content, resource_name, deploying=False)


SPECS: SpecCache[ProcessSpec] = SpecCache(_parse_bpmn)


# -- extension points for the contexts built on the runtime (work, incidents, cases) ----------


@dataclass
class Listeners:
    """Callbacks other engine modules register; each gets the runtime and the subject row."""

    external_task_created: list[Callable[["Runtime", ExternalTask], None]] = field(default_factory=list)
    job_created: list[Callable[["Runtime", Job], None]] = field(default_factory=list)
    # Called with the ids of executions about to be removed (their tasks, jobs, … go with them).
    executions_removing: list[Callable[["Runtime", list[str]], None]] = field(default_factory=list)
    instance_ended: list[Callable[["Runtime", ProcessInstance], None]] = field(default_factory=list)
    call_activity_started: list[Callable[["Runtime", Execution, ProcessInstance], None]] = field(
        default_factory=list
    )
    # Called with an execution id before the tasks, jobs and waits of its path are deleted, and
    # the activities whose jobs and subscriptions stay (Runtime._clear_waits).
    path_clearing: list[Callable[["Runtime", str, tuple[str, ...]], None]] = field(default_factory=list)
    # Called with the case execution that called a process instance about to be locked: locks
    # its case, and the cases above that, top-most first (Runtime._hold_callers).
    calling_case_held: list[Callable[[Session, str], None]] = field(default_factory=list)


_HELD = "flowkeeper.held_callers"


def first_hold(tx: Session, kind: str, row_id: str) -> bool:
    """Whether this transaction has not yet locked the calling instance ``row_id`` (of ``kind``)
    as another's caller; it is counted as locked from now on."""
    held: set[tuple[str, str]] = tx.info.setdefault(_HELD, set())
    if (kind, row_id) in held:
        return False
    held.add((kind, row_id))
    return True


LISTENERS = Listeners()

# The handler of the timer jobs of event subprocesses' start events (on their scope's execution).
EVENT_SUBPROCESS_TIMER = "timer-start-event-subprocess"

# The variables of a multi-instance body (local to its scope execution) and of each of its
# instances (local to the instance's execution), as the document's engine names them.
NR_OF_INSTANCES, NR_OF_ACTIVE_INSTANCES, NR_OF_COMPLETED_INSTANCES = (
    "nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances")
LOOP_COUNTER = "loopCounter"

# How deep instances may start inside instances in one call (a call activity's, a signal start
# event's instance runs to its wait states inside the step that started it): deeper is a loop
# (a process calling itself, signals starting each other), refused (NESTING_LIMIT_EXCEEDED)
# before Python's own recursion limit would end the call without a word.
NESTING_LIMIT = 40


# Executions whose waits (tasks, external tasks, jobs, subscriptions) this transaction deleted
# and has not given new ones since: an execution that leaves its activity and then ends in the
# same call (the last step of an instance) need not be searched for them again. Kept in the
# transaction's info; a wait added to the session takes its execution out, and the end of a
# savepoint, whose rollback could bring deleted rows back, empties it. The engine makes
# such rows only as ORM objects added to the session: one written by a Core insert would have
# to take its execution out here itself.
_CLEARED = "flowkeeper.waits_cleared"


def _waits_cleared(session: Session) -> set[str]:
    return session.info.setdefault(_CLEARED, set())


@event.listens_for(Session, "transient_to_pending")
def _wait_added(session: Session, instance: object) -> None:
    if isinstance(instance, (Task, ExternalTask, Job, EventSubscription)) and _CLEARED in session.info:
        session.info[_CLEARED].discard(instance.execution_id)


@event.listens_for(Session, "after_transaction_end")
def _savepoint_ended(session: Session, transaction: Any) -> None:
    if transaction.nested:
        session.info.pop(_CLEARED, None)


class UncaughtBpmnError(Exception):
    """A BPMN error no boundary event catches; the caller decides (incident or plain end)."""

    def __init__(self, code: str, message: str | None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def called_definition_query(caller_definition: ProcessDefinition, element: Element, key: str,
                            tenant: str | None) -> Select[tuple[ProcessDefinition]]:
    """The process definition a call activity of ``caller_definition`` calls: ``key`` of
    ``tenant`` (None: of no tenant), by its camunda:calledElementBinding — the latest version, the
    one of the caller's deployment, or the version it names."""
    query = select(ProcessDefinition).where(ProcessDefinition.key == key, ProcessDefinition.tenant_key == (tenant or ""))
    if element.called_element_binding == "deployment":
        query = query.where(ProcessDefinition.deployment_id == caller_definition.deployment_id)
    elif element.called_element_binding == "version" and element.called_element_version is not None:
        query = query.where(ProcessDefinition.version == element.called_element_version)
    return query.order_by(ProcessDefinition.version.desc()).limit(1)


class Runtime:
    """Moves the executions of process instances inside one transaction."""

    def __init__(self, tx: Session, clock: Clock) -> None:
        self.tx = tx
        self.clock = clock
        self._agenda: deque[Callable[[], None]] = deque()
        # The root executions of the instances this runtime locked, by instance id: held so
        # that they stay in the session's identity map (it holds rows weakly), and later
        # lookups of a locked instance read nothing.
        self._locked: dict[str, Execution] = {}
        self._definitions: dict[str, ProcessDefinition] = {}
        # Executions whose external tasks this transaction holds (hold_external_tasks).
        self._tasks_held: set[str] = set()
        # Definitions whose rows this transaction read under a key-share lock (definition_held).
        self._definitions_held: set[str] = set()
        # Set to {} to keep the process variables of instances that complete in this unit of work
        # (with_variables_in_return of an instance that ended on the way).
        self.ended_variables: dict[str, dict[str, TypedValue]] | None = None
        # (scope execution id, activity id) -> the execution a scope's only path at that activity
        # moved to when a second path started beside it (_expand): the activity instance
        # ``activity:scope`` a caller read before this unit of work is that execution now.
        self.moved_paths: dict[tuple[str, str], str] = {}
        # The activity instances this unit of work starts and ends (the history).
        self.history = ActivityLog(tx, clock)
        # The user whose call this unit of work serves, when it starts instances for one
        # (StartProcessInstance, a message start): the instances it starts, called ones too.
        self.start_user_id: str | None = None
        # How deep run() is nested (a called instance starts, a signal is thrown, on the agenda):
        # only the outermost evaluates variable changes, once every path is at a wait state.
        self._depth = 0

    # ---------------------------------------------------------------- lookups

    def definition(self, definition_id: str) -> ProcessDefinition:
        row = self._definitions.get(definition_id)
        if row is None:
            row = self.tx.get(ProcessDefinition, definition_id)
            if row is None:
                raise not_found("process definition", "PROCESS_DEFINITION_NOT_FOUND", definition_id)
            self._definitions[definition_id] = row
        return row

    def spec_of(self, execution: Execution) -> ProcessSpec:
        return self.spec(execution.process_definition_id)

    def spec(self, definition_id: str) -> ProcessSpec:
        # A parsed spec needs no definition row: moving a token reads none.
        spec = SPECS.cached(definition_id)
        return spec if spec is not None else SPECS.get(self.tx, self.definition(definition_id))

    def element_of(self, execution: Execution, element_id: str) -> Element:
        return self.spec_of(execution).element(element_id)

    def lock_instance(self, process_instance_id: str) -> Execution:
        """The root execution, locked for the rest of the transaction.

        On PostgreSQL a concurrent call on the same instance may have changed it while this one
        read its rows and waited for the lock (each statement sees the latest commits). The
        instance's rows read before the lock load again when next used, so the call goes on
        from what the other left. If one of them, or the instance itself, has gone meanwhile,
        the read was stale: StaleDataError (or, for a row, ObjectDeletedError when used) runs
        the unit of work again from the start (server.db), and it answers as if it had come
        after the other call."""
        if process_instance_id in self._locked:
            root = self.tx.get(Execution, process_instance_id)
            if root is None or root in self.tx.deleted:
                raise not_found("process instance", "PROCESS_INSTANCE_NOT_FOUND", process_instance_id)
            return root
        self._hold_callers(process_instance_id)
        root = self.tx.scalar(select(Execution).where(Execution.id == process_instance_id).with_for_update()
                              .execution_options(populate_existing=True))
        read_before = self._read_before_lock(process_instance_id, root)
        if root is None:
            if read_before:
                raise StaleDataError(f"process instance {process_instance_id} ended while this call waited for it")
            raise not_found("process instance", "PROCESS_INSTANCE_NOT_FOUND", process_instance_id)
        self._locked[process_instance_id] = root
        for row in read_before:
            self.tx.expire(row)
        return root

    def _hold_callers(self, process_instance_id: str) -> None:
        """Locks the instances above this one, top-most first: its calling process instance
        and that one's callers, or the case (and the cases above it) of a process task.

        Every call thus takes the locks of a calling tree downwards, in one order. An instance
        that ends locks its caller; a caller that ends or is deleted locks what it called.
        Locked from the bottom, such a completion and such a deletion would each wait for the
        other until PostgreSQL broke the deadlock (after deadlock_timeout, a second), and one
        of them ran again. The price: one read of the instance's callers per instance locked,
        and calls on the instances of one calling tree take turns. SQLite's writers take turns
        anyway."""
        if writers_take_turns(self.tx):
            return
        callers = self.tx.execute(
            select(ProcessInstance.super_process_instance_id, ProcessInstance.super_case_execution_id)
            .where(ProcessInstance.id == process_instance_id)
        ).first()
        if callers is None:
            return
        caller_id, case_execution_id = callers
        if caller_id is not None:
            if caller_id not in self._locked and first_hold(self.tx, "process instance", caller_id):
                self._hold_callers(caller_id)
                self.tx.execute(select(Execution.id).where(Execution.id == caller_id).with_for_update())
        elif case_execution_id is not None:
            for hook in LISTENERS.calling_case_held:
                hook(self.tx, case_execution_id)

    def _read_before_lock(self, process_instance_id: str, root: Execution | None) -> list[object]:
        """The rows of the instance this transaction read before it took the instance's lock
        (none on SQLite, whose writers take turns: nothing read can have changed)."""
        if writers_take_turns(self.tx):
            return []
        return [row for row in self.tx.identity_map.values() if row is not root and (
            getattr(row, "process_instance_id", None) == process_instance_id
            or (isinstance(row, ProcessInstance) and row.id == process_instance_id))]

    def children(self, execution: Execution) -> list[Execution]:
        return list(
            self.tx.scalars(select(Execution).where(Execution.parent_id == execution.id).order_by(Execution.start_time,
                                                                                                   Execution.id))
        )

    def parent(self, execution: Execution) -> Execution | None:
        return self.tx.get(Execution, execution.parent_id) if execution.parent_id else None

    def scope_of(self, execution: Execution) -> Execution:
        """The scope execution a token belongs to: itself if it is a scope, else its parent."""
        if execution.is_scope:
            return execution
        parent = self.parent(execution)
        assert parent is not None, "a non-scope execution always has a parent scope"
        return parent

    def container_of(self, token: Execution) -> str:
        """The activity instance a path runs in: the process instance, or a subprocess."""
        return activity_log.container_of(self.tx, token)

    def scope_waits(self, execution: Execution) -> tuple[str, ...]:
        """The activities whose waits ``execution`` holds as a scope, not for a path (see
        ProcessSpec.scope_waits): those of the process instance at its root execution, those of
        the activity a scope execution stands for; none on a concurrent path."""
        if execution.parent_id is None:
            return self.spec_of(execution).scope_waits(None)
        if execution.scope_activity_id:
            return self.spec_of(execution).scope_waits(execution.scope_activity_id)
        return ()

    def chain(self, execution: Execution) -> list[Execution]:
        """The execution and its ancestors up to the process instance."""
        out = [execution]
        while out[-1].parent_id:
            parent = self.tx.get(Execution, out[-1].parent_id)
            assert parent is not None
            out.append(parent)
        return out

    # ---------------------------------------------------------------- variables

    def variables_visible(self, execution: Execution) -> dict[str, TypedValue]:
        """Variables as seen from ``execution``: the nearest scope's value wins."""
        return self.variables_of_scopes([e.id for e in self.chain(execution)])

    def variables_of_scopes(self, ids: list[str]) -> dict[str, TypedValue]:
        """Variables of the scopes ``ids``, nearest first: the first scope's value wins."""
        rank = {scope_id: i for i, scope_id in enumerate(ids)}
        rows = self.tx.scalars(select(Variable).where(Variable.scope_id.in_(ids)))
        best: dict[str, tuple[int, Variable]] = {}
        for row in rows:
            r = rank[row.scope_id]
            if row.name not in best or r < best[row.name][0]:
                best[row.name] = (r, row)
        return {name: typed_value(row) for name, (_, row) in best.items()}

    def local_variables(self, scope_id: str) -> dict[str, TypedValue]:
        rows = self.tx.scalars(select(Variable).where(Variable.scope_id == scope_id))
        return {row.name: typed_value(row) for row in rows}

    def set_local(self, scope: Execution, name: str, value: TypedValue, *, fresh: bool = False) -> None:
        """``fresh``: the execution is new, and has no variables yet."""
        write_variable(self.tx, self.clock, variable_log.of_execution(scope), name, value, fresh=fresh)

    def set_variable(self, execution: Execution, name: str, value: TypedValue) -> None:
        """Sets where the variable already lives (nearest scope up the tree), else on the instance."""
        chain = self.chain(execution)
        ids = [e.id for e in chain]
        owners = set(
            self.tx.scalars(select(Variable.scope_id).where(Variable.scope_id.in_(ids), Variable.name == name))
        )
        target = next((e for e in chain if e.id in owners), chain[-1])
        self.set_local(target, name, value)

    def set_variables(self, execution: Execution, values: Mapping[str, TypedValue], *, local: bool = False) -> None:
        for name, value in values.items():
            if local:
                self.set_local(execution, name, value)
            else:
                self.set_variable(execution, name, value)

    def evaluate(self, execution: Execution, expression: Expression, element_id: str) -> Any:
        if expression.is_constant:
            return expression.constant
        try:
            return expression.evaluate(self._lookup(execution))
        except EvaluationError as error:
            raise evaluation_failed(element_id, expression.text, str(error)) from None

    def _lookup(self, execution: Execution) -> Callable[[str], Any]:
        """``name`` -> the value of the variable ``execution`` sees (KeyError: none); the
        variables are read when first asked for."""
        visible: dict[str, TypedValue] | None = None

        def lookup(name: str) -> Any:
            nonlocal visible
            if visible is None:
                visible = self.variables_visible(execution)
            return expression_value(visible[name])

        return lookup

    # ---------------------------------------------------------------- agenda

    def _schedule(self, op: Callable[[], None]) -> None:
        self._agenda.append(op)

    def run(self) -> None:
        """Runs scheduled steps until every token is at a wait state or has ended; then (the
        outermost run) evaluates the variable changes of this unit of work against the
        conditional events waiting (server.engine.conditions), and runs what they started."""
        if self._depth >= NESTING_LIMIT:
            raise precondition(
                "NESTING_LIMIT_EXCEEDED",
                f"instances started inside instances more than {NESTING_LIMIT} levels deep in one call: call "
                "activities or signal start events start instances in a loop", "", limit=NESTING_LIMIT)
        self._depth += 1
        try:
            while True:
                while self._agenda:
                    self._agenda.popleft()()
                if self._depth > 1 or not self._evaluate_changes():
                    return
        finally:
            self._depth -= 1

    # ---------------------------------------------------------------- starting

    def definition_held(self, definition_id: str) -> None:
        """This transaction read the definition's row under a key-share lock (a start resolving
        it, a timer start event firing): its suspended state is the committed one."""
        self._definitions_held.add(definition_id)

    def _suspended(self, definition: ProcessDefinition) -> bool:
        """Whether the definition is suspended, as committed. On PostgreSQL under a key-share lock
        of its row (the lock the new instance's foreign key takes anyway, taken before the read):
        a SetProcessDefinitionSuspensionState that locked the row first is waited for and seen,
        one that comes after waits for this start and then finds its instance. A row read under
        that lock already (definition_held) costs no statement more."""
        if writers_take_turns(self.tx) or definition.id in self._definitions_held:
            return definition.suspended
        suspended = self.tx.scalar(
            select(ProcessDefinition.suspended).where(ProcessDefinition.id == definition.id)
            .with_for_update(**KEY_SHARE)
        )
        if suspended is None:  # its deployment was deleted meanwhile: run again, and find it gone
            raise StaleDataError(f"process definition {definition.id} was deleted while an instance started")
        return bool(suspended)

    def start_instance(
        self,
        definition: ProcessDefinition,
        variables: Mapping[str, TypedValue],
        *,
        business_key: str | None = None,
        start_event_id: str | None = None,
        super_execution: Execution | None = None,
        super_case_execution_id: str | None = None,
        case_instance_id: str | None = None,
        local_variables: Mapping[str, TypedValue] | None = None,
        at_start_event: bool = True,
        submitted_form: Mapping[str, TypedValue] | None = None,
    ) -> ProcessInstance:
        """Creates a process instance and runs it to its first wait states; without
        ``at_start_event`` none of its start events runs (its paths are the caller's to start:
        a restart, server.engine.restart). ``submitted_form``: the values SubmitStartForm was
        given, which the history keeps (variable_log.form_submitted)."""
        check_length("business_key", business_key, ProcessInstance.business_key)
        if self._suspended(definition):
            raise precondition(
                "PROCESS_DEFINITION_SUSPENDED",
                f"process definition {definition.id} is suspended; no instances can start",
                definition.id,
            )
        spec = SPECS.get(self.tx, definition)
        start = spec.element(start_event_id) if start_event_id else spec.none_start_event()
        if start is None and at_start_event:
            raise precondition(
                "NO_NONE_START_EVENT",
                f"process {definition.key} has no none start event; start it by a message, a signal, a timer "
                "or its conditions (EvaluateConditions)",
                definition.id,
            )
        now = self.clock.now()
        instance_id = new_id()
        instance = ProcessInstance(
            id=instance_id,
            process_definition_id=definition.id,
            process_definition_key=definition.key,
            business_key=business_key or None,
            tenant_id=definition.tenant_id,
            state="ACTIVE",
            start_time=now,
            super_execution_id=super_execution.id if super_execution else None,
            super_process_instance_id=super_execution.process_instance_id if super_execution else None,
            super_case_execution_id=super_case_execution_id,
            case_instance_id=case_instance_id,
            start_user_id=self.start_user_id,
        )
        root = Execution(
            id=instance_id,
            process_instance_id=instance_id,
            parent_id=None,
            process_definition_id=definition.id,
            process_definition_key=definition.key,
            business_key=business_key or None,
            tenant_id=definition.tenant_id,
            activity_id=None,
            is_scope=True,
            is_concurrent=False,
            is_active=True,
            suspended=False,
            super_execution_id=super_execution.id if super_execution else None,
            start_time=now,
        )
        self.tx.add(instance)
        self.tx.add(root)
        self.tx.flush()
        self._locked[instance_id] = root
        self._definitions[definition.id] = definition
        owner = variable_log.of_execution(root)
        if submitted_form is not None:
            variable_log.form_submitted(self.tx, self.clock, owner, submitted_form)
        with variable_log.initial(self.tx):
            for name, value in {**variables, **(local_variables or {})}.items():
                write_variable(self.tx, self.clock, owner, name, value, fresh=True)
        self._subscribe_scope(root, None)  # the process's event subprocesses, with its variables set
        # (without at_start_event its conditional events wait for a change of a variable)
        main = self._instantiated(root, None) if at_start_event else None
        if main is not None and start is not None:  # else an interrupting conditional event subprocess took over at once
            self._schedule(lambda: self._enter(main, start))
        self.run()
        return instance

    # ---------------------------------------------------------------- moving tokens

    def _removed(self, token: Execution) -> bool:
        """Whether this unit of work removed the path since a step of it was scheduled (a
        terminate end event or a completion condition ended it beside the path before it, on the
        agenda, an interrupting event cancelled it): its scheduled steps do nothing."""
        return inspect(token).was_deleted or token in self.tx.deleted

    def _enter(self, token: Execution, element: Element, *, from_job: bool = False) -> None:
        if self._removed(token):
            return
        token.activity_id = element.id
        token.is_active = True
        if element.async_before and not from_job:
            self._create_job(token, element, "async-before")
            return
        if element.is_scope:
            scope = self.new_execution(token, scope=True, activity_id=element.id, scope_activity_id=element.id)
            self.history.started(scope, element, self.container_of(token), scope=True)
            token.activity_id = None
            token.is_active = False
            self._subscribe_scope(scope, element)
            main = self._instantiated(scope, element)
            if main is None:  # an interrupting conditional event took over as the scope began
                return
            token = main
        else:
            self.history.started(token, element, self.container_of(token))
        self._behave(token, element)

    def _behave(self, token: Execution, element: Element) -> None:
        kind = element.kind
        if kind in (ElementKind.START_EVENT, ElementKind.MANUAL_TASK, ElementKind.TASK):
            self._leave(token, element)
        elif kind is ElementKind.END_EVENT:
            self._end_event(token, element)
        elif kind is ElementKind.INTERMEDIATE_CATCH_EVENT:
            if element.trigger is not None and element.trigger.kind is TriggerKind.LINK:
                self._leave(token, element)  # a link catch event waits for nothing
            elif element.is_conditional and self._condition_holds(token, element):
                self._fired(token, element)
                self._leave(token, element)  # its condition holds as the path arrives: it passes at once
            else:
                self.wait_for_event(token, element, element)
        elif kind is ElementKind.INTERMEDIATE_THROW_EVENT:
            trigger = element.trigger
            if trigger is not None and trigger.kind is TriggerKind.SIGNAL and trigger.name is not None:
                if self._throw_signal(token, element):
                    self._leave(token, element)
            elif trigger is not None and trigger.kind is TriggerKind.ESCALATION:
                path = self.throw_escalation(token, trigger.escalation_code or "")
                if path is not None:
                    self._leave(path, element)
            elif trigger is not None and trigger.kind is TriggerKind.COMPENSATION:
                if not self._throw_compensation(token, element):
                    self._leave(token, element)  # nothing to compensate; else it waits for the handlers
            elif trigger is not None and trigger.kind is TriggerKind.MESSAGE:
                self._create_external_task(token, element)  # a worker sends the message, then it is left
            else:
                self._leave(token, element)
        elif kind is ElementKind.RECEIVE_TASK:
            # Without a message it waits until SignalExecution moves it on.
            if element.trigger is not None:
                self.wait_for_event(token, element, element)
        elif kind is ElementKind.USER_TASK:
            self._create_user_task(token, element)
        elif kind is ElementKind.EXTERNAL_TASK:
            self._create_external_task(token, element)
        elif kind is ElementKind.BUSINESS_RULE_TASK:
            from server.engine.dmn.service import evaluate_for_task

            evaluate_for_task(self, token, element)  # as a gateway's condition: a failure fails the call
            self._leave(token, element)
        elif kind is ElementKind.EXCLUSIVE_GATEWAY:
            flow = self._exclusive_choice(token, element)
            self.history.ended(token.id, element.id)
            self._take(token, element, [flow])
        elif kind is ElementKind.PARALLEL_GATEWAY:
            self._join_then_fork(token, element, inclusive=False)
        elif kind is ElementKind.INCLUSIVE_GATEWAY:
            self._join_then_fork(token, element, inclusive=True)
        elif kind is ElementKind.EVENT_BASED_GATEWAY:
            spec = self.spec_of(token)
            targets = [spec.element(spec.flow(flow_id).target) for flow_id in element.outgoing]
            # A conditional event whose condition holds as the path arrives takes it at once (the
            # first such, in the order of the gateway's flows).
            holding = next((t for t in targets if t.is_conditional and self._condition_holds(token, t)), None)
            if holding is not None:
                self._fired(token, holding)
                self._catch(token, holding)
                return
            for target in targets:
                self.wait_for_event(token, target, target, via_gateway=True)
        elif kind is ElementKind.SUB_PROCESS:
            spec = self.spec_of(token)
            # An event subprocess is entered once the event of its one start event happened.
            start = (spec.element(element.start_event_ids[0]) if element.triggered_by_event
                     else spec.none_start_event(element.id))
            assert start is not None, "the parser guarantees a none start event in a subprocess"
            self._schedule(lambda: self._enter(token, start))
        elif kind is ElementKind.CALL_ACTIVITY:
            self._call(token, element)
        elif kind is ElementKind.MULTI_INSTANCE_BODY:
            self._start_body(token, element)
        else:  # BOUNDARY_EVENT is never entered through a flow
            raise AssertionError(f"cannot enter {kind}")

    def _leave(self, token: Execution, element: Element, *, from_job: bool = False) -> None:
        """The token has finished ``element``: take the outgoing flows."""
        if self._removed(token):
            return
        if not from_job:  # an async-after job's activity ended before the job
            self.history.ended(token.id, element.id)
        if token.scope_activity_id == element.id and token.parent_id is not None:
            parent = self.parent(token)
            assert parent is not None
            compensated = False
            if not from_job and self.spec_of(token).has_compensation:
                compensated = self._compensation_scope_ended(parent)
                if not compensated:
                    self._keep_for_compensation(token, element)
            self._remove_subtree(token, completed=True)
            parent.activity_id = element.id
            parent.is_active = True
            token = parent
            if compensated:  # a completed subprocess compensated again: its compensating path is done
                self._end_token(token)
                return
        if not from_job and element.compensation_boundary is not None and element.kind is not ElementKind.SUB_PROCESS:
            self._record_compensable(self.scope_of(token), element.id)
        if element.async_after and not from_job:
            token.activity_id = element.id
            self._create_job(token, element, "async-after")
            return
        if element.is_for_compensation:  # a compensation handler has no outgoing flows: its path is done
            self._end_token(token)
            return
        body = self.spec_of(token).body_of(element) if element.scope_id is not None else None
        if body is not None:  # one instance of a multi-instance activity: its body goes on
            self._instance_done(token, element, body)
            return
        if element.link_target is not None:  # a link throw event: the path goes on at its catch event
            target = self.spec_of(token).element(element.link_target)
            self._schedule(lambda: self._enter(token, target))
            return
        flows = self._outgoing(token, element)
        if not flows and element.outgoing:
            # As the document's engine: conditional flows of an activity of which none holds,
            # and no default flow, is an error — not a silent end of the path.
            raise precondition(
                "NO_OUTGOING_FLOW",
                f"no outgoing sequence flow of {element.id!r} has a condition that holds, and it has no default",
                element.id,
                activity_id=element.id,
            )
        self._take(token, element, flows)

    def _outgoing(self, token: Execution, element: Element) -> list[SequenceFlow]:
        """Flows leaving an activity or event: unconditional ones, and conditional ones whose
        condition holds; the default flow when no conditional flow holds."""
        spec = self.spec_of(token)
        chosen: list[SequenceFlow] = []
        conditional_taken = False
        has_conditional = False
        for flow_id in element.outgoing:
            if flow_id == element.default_flow:
                continue
            flow = spec.flow(flow_id)
            if flow.condition is None:
                chosen.append(flow)
            else:
                has_conditional = True
                if self._holds(token, flow):
                    chosen.append(flow)
                    conditional_taken = True
        if element.default_flow and (not has_conditional or not conditional_taken) and not chosen:
            chosen.append(spec.flow(element.default_flow))
        return chosen

    def _holds(self, token: Execution, flow: SequenceFlow) -> bool:
        assert flow.condition is not None
        return self._true(token, flow.condition, flow.id, "condition")

    def _true(self, token: Execution, condition: Expression, element_id: str, what: str) -> bool:
        """A condition (``what``) must yield a boolean; anything else fails, as in the document's
        engine."""
        value = self.evaluate(token, condition, element_id)
        if not isinstance(value, bool):
            raise evaluation_failed(element_id, condition.text, f"{what} returned non-Boolean {value!r}")
        return value

    def _exclusive_choice(self, token: Execution, gateway: Element) -> SequenceFlow:
        spec = self.spec_of(token)
        for flow_id in gateway.outgoing:
            if flow_id == gateway.default_flow:
                continue
            flow = spec.flow(flow_id)
            if flow.condition is None or self._holds(token, flow):
                return flow
        if gateway.default_flow:
            return spec.flow(gateway.default_flow)
        raise precondition(
            "NO_OUTGOING_FLOW",
            f"no outgoing sequence flow of gateway {gateway.id!r} has a condition that holds, and it has no default",
            gateway.id,
            activity_id=gateway.id,
        )

    def _take(self, token: Execution, element: Element, flows: list[SequenceFlow]) -> None:
        spec = self.spec_of(token)
        if not flows:
            self._end_token(token)
            return
        tokens = [token] if len(flows) == 1 else self._fork(token, len(flows))
        for each, flow in zip(tokens, flows):
            target = spec.element(flow.target)
            self._schedule(lambda each=each, target=target: self._enter(each, target))

    # ---------------------------------------------------------------- concurrency

    def new_execution(
        self,
        parent: Execution,
        *,
        scope: bool = False,
        concurrent: bool = False,
        activity_id: str | None = None,
        scope_activity_id: str | None = None,
    ) -> Execution:
        child = Execution(
            id=new_id(),
            process_instance_id=parent.process_instance_id,
            parent_id=parent.id,
            process_definition_id=parent.process_definition_id,
            process_definition_key=parent.process_definition_key,
            business_key=parent.business_key,
            tenant_id=parent.tenant_id,
            activity_id=activity_id,
            scope_activity_id=scope_activity_id,
            is_scope=scope,
            is_concurrent=concurrent,
            is_active=True,
            suspended=parent.suspended,
            super_execution_id=None,
            start_time=self.clock.now(),
        )
        self.tx.add(child)
        self.tx.flush()
        return child

    def _expand(self, scope: Execution) -> Execution:
        """Turns the single path of ``scope`` into a concurrent child, so more paths can join it.
        The scope keeps what belongs to the scope (its variables, its own waits: scope_waits);
        what belongs to the path (tasks, waits, jobs, nested scopes, an instance it called) moves
        to the child."""
        path = self.new_execution(scope, concurrent=True, activity_id=scope.activity_id)
        path.is_active = scope.is_active
        if scope.activity_id:
            self.moved_paths[(scope.id, scope.activity_id)] = path.id
        self.tx.execute(
            update(Execution)
            .where(Execution.parent_id == scope.id, Execution.id != path.id)
            .values(parent_id=path.id)
            .execution_options(synchronize_session="fetch")
        )
        kept = self.scope_waits(scope)
        for model in (Task, ExternalTask, Job, EventSubscription):
            stmt = update(model).where(model.execution_id == scope.id)  # type: ignore[attr-defined]
            if kept and model in (Job, EventSubscription):
                stmt = stmt.where(model.activity_id.not_in(kept))  # type: ignore[attr-defined]
            if model is EventSubscription:  # compensation records belong to the scope
                stmt = stmt.where(EventSubscription.event_type != compensation.COMPENSATE)
            moved = self.tx.execute(stmt.values(execution_id=path.id).execution_options(synchronize_session="fetch"))
            if model is Task and moved.rowcount:  # type: ignore[attr-defined]
                task_log.moved(self.tx, scope.id, path.id)
        if scope.activity_id and self.spec_of(scope).calls_processes:
            # The path waits at a call activity (a second path can start beside it: an event
            # subprocess, a modification): the called instance returns to the path.
            moving = {"super_execution_id": path.id}
            self.tx.execute(update(ProcessInstance).where(
                ProcessInstance.super_execution_id == scope.id, ProcessInstance.state.in_(("ACTIVE", "SUSPENDED")))
                .values(moving).execution_options(synchronize_session="fetch"))
            self.tx.execute(update(Execution).where(Execution.super_execution_id == scope.id)
                            .values(moving).execution_options(synchronize_session="fetch"))
        for hook in LISTENERS_MOVE:
            hook(self, scope.id, path.id)
        if scope.activity_id and scope.activity_id != scope.scope_activity_id:
            self.history.moved(scope.id, path.id, scope.activity_id)
        scope.activity_id = None
        scope.is_active = False
        return path

    def concurrent_paths(self, scope: Execution) -> None:
        """Readies ``scope`` to take concurrent child paths: its single path, when it has one (the
        scope execution at an activity, or holding a nested scope), becomes a concurrent child as
        a fork makes it (_expand); a scope without paths, or with concurrent ones, stays as it is."""
        if scope.activity_id is not None or any(not child.is_concurrent for child in self.children(scope)):
            self._expand(scope)

    def _fork(self, token: Execution, count: int) -> list[Execution]:
        if token.is_concurrent:
            scope = self.parent(token)
            assert scope is not None
            first = token
        else:
            scope = token
            first = self._expand(token)
        return [first] + [self.new_execution(scope, concurrent=True) for _ in range(count - 1)]

    def _join_then_fork(self, token: Execution, gateway: Element, *, inclusive: bool) -> None:
        token.activity_id = gateway.id
        if not token.is_concurrent or len(gateway.incoming) <= 1:
            self._fork_gateway(token, gateway, inclusive=inclusive)
            return
        token.is_active = False
        self.tx.flush()
        scope = self.parent(token)
        assert scope is not None
        self._try_join(scope, gateway, inclusive=inclusive)

    def _try_join(self, scope: Execution, gateway: Element, *, inclusive: bool) -> None:
        siblings = self.children(scope)
        waiting = [c for c in siblings if c.activity_id == gateway.id and not c.is_active]
        if not waiting:
            return
        others = [c for c in siblings if c not in waiting]
        if inclusive:
            if any(self._can_reach(c, gateway) for c in others):
                return
            joined = waiting
        else:
            if len(waiting) < len(gateway.incoming):
                return
            joined = waiting[: len(gateway.incoming)]
        survivor, rest = joined[0], joined[1:]
        self.history.ended_all([c.id for c in joined], gateway.id)
        for each in rest:
            self._remove_subtree(each, completed=True)
        if not others and len(joined) == len(waiting):
            # every path met here: the scope itself continues as the single path
            self._remove_subtree(survivor, completed=True)
            scope.activity_id = gateway.id
            scope.is_active = True
            survivor = scope
        else:
            survivor.is_active = True
        self._fork_gateway(survivor, gateway, inclusive=inclusive, ended=True)

    def _fork_gateway(self, token: Execution, gateway: Element, *, inclusive: bool, ended: bool = False) -> None:
        """Takes a parallel or inclusive gateway's outgoing flows; ``ended``: the passes
        through it are ended already (a join)."""
        spec = self.spec_of(token)
        if not ended:
            self.history.ended(token.id, gateway.id)
        if not inclusive:
            self._take(token, gateway, [spec.flow(f) for f in gateway.outgoing])
            return
        flows = [
            spec.flow(f)
            for f in gateway.outgoing
            if f != gateway.default_flow and (spec.flow(f).condition is None or self._holds(token, spec.flow(f)))
        ]
        if not flows and gateway.default_flow:
            flows = [spec.flow(gateway.default_flow)]
        if not flows:
            raise precondition(
                "NO_OUTGOING_FLOW",
                f"no outgoing sequence flow of inclusive gateway {gateway.id!r} has a condition that holds",
                gateway.id,
                activity_id=gateway.id,
            )
        self._take(token, gateway, flows)

    def _can_reach(self, path: Execution, target: Element) -> bool:
        """Whether a concurrent path could still arrive at ``target`` (inclusive join)."""
        spec = self.spec_of(path)
        position = path.activity_id
        if position is None:
            nested = [c for c in self.children(path) if c.scope_activity_id]
            position = nested[0].scope_activity_id if nested else None
        if position is None or position == target.id:
            return False
        return target.id in _reachable(spec, position)

    # ---------------------------------------------------------------- ending

    def _throw_signal(self, token: Execution, element: Element) -> bool:
        """A signal throw event (intermediate or end): as the document's engine, the signal is
        delivered first (to executions and signal start events of the thrower's tenant and of
        none); whether the throwing path is still there to go on (a catcher in its own instance
        may have interrupted a scope around it)."""
        assert element.trigger is not None and element.trigger.name is not None
        name = str(self.evaluate(token, element.trigger.name, element.id))
        self.broadcast_signal(name, {}, tenant_id=token.tenant_id, tenant_given=True, include_without_tenant=True)
        return not self._removed(token)

    def _end_event(self, token: Execution, element: Element, *, compensated: bool = False, sent: bool = False) -> None:
        """``compensated``: a compensation end event whose handlers have finished; ``sent``: a
        message end event whose worker has sent the message."""
        trigger = element.trigger
        if trigger is not None and trigger.kind is TriggerKind.MESSAGE and not sent:
            self._create_external_task(token, element)  # the path waits for the worker
            return
        if trigger is not None and trigger.kind is TriggerKind.SIGNAL and trigger.name is not None:
            if not self._throw_signal(token, element):
                return
        if trigger is not None and trigger.kind is TriggerKind.CANCEL:
            self._cancel_transaction(token, element)
            return
        if trigger is not None and trigger.kind is TriggerKind.COMPENSATION:
            if not compensated and self._throw_compensation(token, element):
                return  # the path waits at the end event until the handlers it started have finished
            self.history.ended(token.id, element.id, complete_scope=self._last_path(token))
            self._end_token(token)
            return
        # Entered in this unit of work (an end event never waits): the row is at hand.
        row = self.history.ended(token.id, element.id)
        if trigger is not None and trigger.kind is TriggerKind.TERMINATE:
            if row is not None:
                row["complete_scope"] = True
            scope = self.scope_of(token)
            for child in self.children(scope):
                self._remove_subtree(child)
            self._clear_waits(scope)
            scope.activity_id = None
            self._complete_scope(scope)
            return
        if trigger is not None and trigger.kind is TriggerKind.ERROR:
            if self.throw_error(token, trigger.error_code or "", trigger.error_message):
                return
            # Uncaught (nothing changed): the error end event ends its path like a none end event.
        if trigger is not None and trigger.kind is TriggerKind.ESCALATION:
            path = self.throw_escalation(token, trigger.escalation_code or "")
            if path is None:
                return  # an interrupting catcher caught it: the path went with the activity or scope
            token = path
        if row is not None and self._last_path(token):
            row["complete_scope"] = True
        self._end_token(token)

    def _last_path(self, token: Execution) -> bool:
        """Whether ``token`` is its scope's only path (its end completes the scope)."""
        if not token.is_concurrent:
            return True
        scope = self.parent(token)
        return scope is not None and len(self.children(scope)) == 1

    def _end_token(self, token: Execution) -> None:
        if token.is_concurrent:
            self._remove_path(token, self._complete_scope, completed=True)
            return
        token.activity_id = None
        self._complete_scope(token)

    def _remove_path(self, path: Execution, emptied: Callable[[Execution], None], *, completed: bool = False) -> None:
        """Removes a concurrent path; ``emptied(scope)`` when it was the scope's last.
        ``completed``: as _remove_subtree."""
        scope = self.parent(path)
        assert scope is not None
        self._remove_subtree(path, completed=completed)
        remaining = self.children(scope)
        if not remaining:
            emptied(scope)
            return
        # A path gone may release an inclusive join waiting for it.
        spec = self.spec_of(scope)
        for gateway_id in {c.activity_id for c in remaining if not c.is_active and c.activity_id}:
            gateway = spec.element(gateway_id)
            if gateway.kind is ElementKind.INCLUSIVE_GATEWAY:
                self._try_join(scope, gateway, inclusive=True)

    def _complete_scope(self, scope: Execution) -> None:
        if scope.parent_id is None:
            self._complete_instance(scope, state="COMPLETED")
            return
        element = self.element_of(scope, scope.scope_activity_id or "")
        self._schedule(lambda: self._leave(scope, element))

    def _complete_instance(self, root: Execution, *, state: str, reason: str | None = None) -> None:
        instance = self.tx.get(ProcessInstance, root.id)
        assert instance is not None
        outputs: dict[str, TypedValue] = {}
        local_outputs: dict[str, TypedValue] = {}
        super_execution = None
        if instance.super_execution_id and state == "COMPLETED":
            super_execution = self.tx.get(Execution, instance.super_execution_id)
            if super_execution is not None:
                outputs, local_outputs = self._out_mappings(root, super_execution)
        if self.ended_variables is not None:
            self.ended_variables[root.id] = self.local_variables(root.id)
        self._remove_subtree(root, completed=True)
        instance.state = state
        instance.end_time = self.clock.now()
        instance.delete_reason = reason
        for hook in LISTENERS.instance_ended:
            hook(self, instance)
        if super_execution is not None:
            self.lock_instance(super_execution.process_instance_id)
            self.set_variables(super_execution, outputs)
            self.set_variables(super_execution, local_outputs, local=True)
            element = self.element_of(super_execution, super_execution.activity_id or "")
            self._schedule(lambda: self._leave(super_execution, element))

    def _clear_waits(self, execution: Execution, keep: tuple[str, ...] | None = None) -> None:
        """Deletes the path's subscriptions, jobs and tasks, but those of the activities in
        ``keep``: by default the waits of the scope the execution stands for (scope_waits: a
        subprocess keeps listening while its path moves)."""
        if keep is None:
            keep = self.scope_waits(execution)
        self.tx.flush()
        self.hold_external_tasks([execution.id])
        for hook in LISTENERS.path_clearing:
            hook(self, execution.id, keep)
        # Compensation records and running compensations are no waits of the path's activity.
        self._delete_waits([execution.id], keep=keep, keep_compensation=self.spec_of(execution).has_compensation)

    def _delete_waits(self, execution_ids: list[str], *, keep: tuple[str, ...] = (),
                      keep_compensation: bool = False) -> None:
        """Deletes the executions' tasks (with their candidates and variables), external
        tasks, jobs and subscriptions, but the jobs and subscriptions of the activities in
        ``keep`` (and, with ``keep_compensation``, the subscriptions of compensation). With
        nothing kept, the executions count as cleared (_CLEARED)."""
        task_ids = list(self.tx.scalars(select(Task.id).where(Task.execution_id.in_(execution_ids))))
        end_tasks(self.tx, self.clock, task_ids, task_log.DELETED)
        # The removed rows come back for the logs (DELETE ... RETURNING).
        tasks = self.tx.execute(
            delete(ExternalTask).where(ExternalTask.execution_id.in_(execution_ids))
            .returning(*external_task_log.RETURNED).execution_options(synchronize_session="fetch")).all()
        if tasks:
            external_task_log.deleted(self.tx, tasks, self.clock.now())
        not_kept = [Job.activity_id.not_in(keep)] if keep else []
        jobs = self.tx.execute(
            delete(Job).where(Job.execution_id.in_(execution_ids), *not_kept)
            .returning(*job_log.RETURNED).execution_options(synchronize_session="fetch")).all()
        if jobs:
            job_log.deleted(self.tx, jobs, self.clock.now())
        not_kept = [EventSubscription.activity_id.not_in(keep)] if keep else []
        if keep_compensation:
            not_kept.append(EventSubscription.event_type != compensation.COMPENSATE)
        self.tx.execute(delete(EventSubscription).where(EventSubscription.execution_id.in_(execution_ids), *not_kept)
                        .execution_options(synchronize_session="fetch"))
        if not keep and not keep_compensation:
            _waits_cleared(self.tx).update(execution_ids)

    def _remove_subtree(self, execution: Execution, *, called_state: str = "INTERNALLY_TERMINATED",
                        called_reason: str | None = "the calling activity ended", completed: bool = False) -> None:
        """Deletes an execution, its descendants and everything that hangs on them; instances
        they called are terminated too (with ``called_state``: a deletion from outside reaches
        called instances as such). The activity instances still open on them are canceled,
        unless the removal ``completed`` what they did: their passes have all ended then."""
        levels = self._subtree_levels(execution)
        ids = [execution_id for level in levels for execution_id in level]
        called = list(
            self.tx.scalars(
                select(ProcessInstance).where(
                    ProcessInstance.super_execution_id.in_(ids), ProcessInstance.state.in_(("ACTIVE", "SUSPENDED"))
                )
            )
        ) if self.spec_of(execution).calls_processes else []
        for instance in called:
            # Held like any instance this call changes: a call on the called instance that came
            # first (its deletion, its end) is seen whole, or this unit of work runs again.
            child_root = self.lock_instance(instance.id)
            self._terminate_instance(child_root, instance, called_state, called_reason)
        self.hold_external_tasks(ids)
        for hook in LISTENERS.executions_removing:
            hook(self, ids)
        # Compensating paths among them may release the throw events that wait for them.
        throwers = compensation.throwers_of(self.tx, ids) if self.spec_of(execution).has_compensation else []
        cleared = _waits_cleared(self.tx)
        self._delete_dependents(ids, waits_of=[execution_id for execution_id in ids if execution_id not in cleared])
        if not completed:
            # After the tasks: ClaimTask holds a task's row, then changes its pass (take both in
            # that order, or the two calls could each wait for the other).
            self.history.canceled(ids)
        # Children before parents, one level per flush: the unit of work does not order the rows
        # of a self-referencing table, so a parent could otherwise go before its children.
        for level in reversed(levels):
            for execution_id in level:
                row = self.tx.get(Execution, execution_id)
                if row is not None:
                    self.tx.delete(row)
            self.tx.flush()
        for thrower_id in throwers:
            self._schedule(lambda thrower_id=thrower_id: self._resume_thrower(thrower_id))

    def hold_external_tasks(self, execution_ids: list[str]) -> None:
        """Locks the external tasks of executions whose work is about to be removed, before the
        hooks end their process steps. FetchAndLock locks tasks, then their steps, without the
        instance (it takes the tasks that are free); a call that removes tasks takes the two in
        the same order, or it and a fetch could each wait for the other."""
        if writers_take_turns(self.tx):
            return
        # Tasks created after the lock are this transaction's own: no other call can see them.
        todo = [execution_id for execution_id in execution_ids if execution_id not in self._tasks_held]
        if todo:
            self.tx.execute(select(ExternalTask.id).where(ExternalTask.execution_id.in_(todo)).with_for_update())
            self._tasks_held.update(todo)

    def _subtree_ids(self, execution: Execution) -> list[str]:
        return [execution_id for level in self._subtree_levels(execution) for execution_id in level]

    def _subtree_levels(self, execution: Execution) -> list[list[str]]:
        """The ids of the execution (first level) and of its descendants, level by level."""
        levels = [[execution.id]]
        while True:
            below = list(self.tx.scalars(select(Execution.id).where(Execution.parent_id.in_(levels[-1]))))
            if not below:
                return levels
            levels.append(below)

    def _delete_dependents(self, ids: list[str], *, waits_of: list[str]) -> None:
        """Deletes the variables of the executions ``ids`` and the waits of ``waits_of`` (those
        of them whose waits this transaction has not deleted already)."""
        self.tx.flush()
        if waits_of:
            self._delete_waits(waits_of)
        self.tx.execute(
            delete(Variable).where(Variable.scope_id.in_(ids)).execution_options(synchronize_session="fetch")
        )

    def _terminate_instance(self, root: Execution, instance: ProcessInstance, state: str, reason: str | None) -> None:
        self._remove_subtree(root, called_state=state, called_reason=reason)
        instance.state = state
        instance.end_time = self.clock.now()
        instance.delete_reason = reason
        for hook in LISTENERS.instance_ended:
            hook(self, instance)

    def delete_instance(self, instance: ProcessInstance, reason: str | None) -> None:
        """Cancels a running instance (and the instances it called)."""
        self._cancel_instance(self.lock_instance(instance.id), instance, reason)
        self.run()

    def _cancel_instance(self, root: Execution, instance: ProcessInstance, reason: str | None) -> None:
        super_execution = (
            self.tx.get(Execution, instance.super_execution_id) if instance.super_execution_id else None
        )
        self._terminate_instance(root, instance, "EXTERNALLY_TERMINATED", reason)
        if super_execution is not None:
            # The calling activity continues, as if the called instance had ended (without outputs).
            self.lock_instance(super_execution.process_instance_id)
            element = self.element_of(super_execution, super_execution.activity_id or "")
            self._schedule(lambda: self._leave(super_execution, element))

    # ---------------------------------------------------------------- modification

    def start_in_scope(self, scope: Execution, element: Element, how: str, flow: SequenceFlow | None = None, *,
                       variables: Mapping[str, TypedValue] | None = None,
                       local_variables: Mapping[str, TypedValue] | None = None) -> None:
        """A new path in ``scope`` (the instance's root execution or a running subprocess's
        scope execution) that enters ``element`` ("before"), leaves it ("after"), or takes
        ``flow`` from it ("transition"); run with the next run(). ``variables`` are set from
        the path (where they live, else on the instance) and ``local_variables`` on it at once,
        before it moves, as the document's engine does."""
        path = self._path_for(scope, element)
        self.set_variables(path, variables or {})
        self.set_variables(path, local_variables or {}, local=True)
        if how == "before":
            self._schedule(lambda: self._enter(path, element))
        elif how == "after":
            self._schedule(lambda: self._leave(path, element))
        else:
            assert flow is not None
            self._schedule(lambda: self._take(path, element, [flow]))

    def _path_for(self, scope: Execution, element: Element) -> Execution:
        """A new path of ``scope`` that starts at ``element``: a new instance when ``scope`` is
        the running body of the multi-instance activity ``element`` (_add_instance), else as
        _path_in."""
        body = self.spec_of(scope).body_of(element)
        if body is not None and scope.scope_activity_id == body.id:
            return self._add_instance(scope, element)
        return self._path_in(scope, element.id)

    def _path_in(self, scope: Execution, activity_id: str) -> Execution:
        """A new path of ``scope`` at ``activity_id``: the scope itself when it has none (a
        cancellation emptied it, or open_scopes made it), else beside those it has."""
        children = self.children(scope)
        if scope.activity_id is None and not children:
            scope.activity_id = activity_id
            scope.is_active = True
            return scope
        if any(c.is_concurrent for c in children):
            return self.new_execution(scope, concurrent=True, activity_id=activity_id)
        return self._new_path_beside(scope, activity_id)

    def open_scopes(self, scope: Execution, subprocesses: list[Element]) -> Execution:
        """Instantiates ``subprocesses`` (outermost first, each inside the one before, the first
        in ``scope``) without entering their start events, as _enter makes a scope (a
        multi-instance body with the one instance the next runs in: _path_for); returns the
        innermost scope execution, without a path yet."""
        for subprocess in subprocesses:
            holder = self._path_for(scope, subprocess)
            parent_id = self.container_of(holder)
            scope = self.new_execution(holder, scope=True, scope_activity_id=subprocess.id)
            self.history.started(scope, subprocess, parent_id, scope=True)
            holder.activity_id = None
            holder.is_active = False
            self._subscribe_scope(scope, subprocess)
        return scope

    def cancel_activity_instance(self, execution: Execution, activity_id: str, emptied: list[Execution]) -> None:
        """Cancels what ``execution`` does at ``activity_id``: the path there, or the scope it
        stands for (a subprocess, or an activity with boundary events) with all inside it. A scope
        left without paths goes into ``emptied``: the caller decides once every instruction ran
        (finish_cancellations), so that a later start in it keeps it."""
        if execution.scope_activity_id == activity_id and execution.parent_id is not None:
            holder = self.parent(execution)
            assert holder is not None
            self._remove_subtree(execution)
            self._holder_lost_path(holder, emptied)
        elif execution.is_concurrent:
            self._holder_lost_path(execution, emptied)
        else:  # the single path of a scope: the scope execution itself is at the activity
            self._clear_waits(execution)
            self._terminate_called(execution)
            self.history.canceled([execution.id], activity_id)  # after the task, as _remove_subtree
            execution.activity_id = None
            emptied.append(execution)

    def _holder_lost_path(self, holder: Execution, emptied: list[Execution]) -> None:
        if holder.is_concurrent:
            scope = self.parent(holder)
            assert scope is not None
            if self._loop_of(scope) is not None:  # an instance cancelled: one active instance less, as in the document's engine
                self._set_counters(scope, active=self._counters(scope)[NR_OF_ACTIVE_INSTANCES] - 1)
            self._remove_path(holder, emptied.append)
        else:
            holder.activity_id = None
            emptied.append(holder)

    def finish_cancellations(self, emptied: list[Execution], reason: str | None) -> None:
        """Cancels each scope left without paths (innermost first): a subprocess with all inside
        it, which its holder loses; the instance's root: the instance, as DeleteProcessInstance."""
        while emptied:
            scope = emptied.pop()
            row = self.tx.get(Execution, scope.id)
            if row is None or row.activity_id is not None or self.children(row):
                continue  # removed with an outer scope, or a start gave it a path again
            if row.parent_id is None:
                instance = self.tx.get(ProcessInstance, row.id)
                assert instance is not None
                self._cancel_instance(row, instance, reason)
                continue
            holder = self.parent(row)
            assert holder is not None
            self._remove_subtree(row)
            self._holder_lost_path(holder, emptied)

    def _terminate_called(self, execution: Execution) -> None:
        """Terminates the instance a call activity at ``execution`` called (as its removal would)."""
        for called in self.tx.scalars(select(ProcessInstance).where(
                ProcessInstance.super_execution_id == execution.id, ProcessInstance.state.in_(("ACTIVE", "SUSPENDED")))):
            self._terminate_instance(self.lock_instance(called.id), called, "INTERNALLY_TERMINATED",
                                     "the calling activity ended")

    # ---------------------------------------------------------------- errors

    def throw_error(self, token: Execution, code: str, message: str | None) -> bool:
        """Propagates a BPMN error from ``token`` to the nearest catcher (_nearest_catcher), up
        through subprocesses and calling instances. Returns False when nothing catches it."""
        found = self._nearest_catcher(token, lambda spec, ids: self._error_catcher(spec, ids, code))
        if found is None:
            return False
        scope, catcher, crossed = found
        self._end_crossed(crossed, f"BPMN error {code}")
        token = self._fire_catcher(scope, catcher)
        self._store_error(token, catcher, code, message)
        return True

    def throw_escalation(self, token: Execution, code: str) -> Execution | None:
        """Propagates a BPMN escalation from ``token`` to the nearest catcher, as throw_error does
        an error; an escalation nothing catches changes nothing (it is no fault). Returns the
        throwing path, which goes on; None when an interrupting catcher ended it with the activity
        or scope it was in. A non-interrupting event subprocess of the thrower's own scope starts
        a second path there: the throwing one may have moved to a new execution (_expand)."""
        found = self._nearest_catcher(token, lambda spec, ids: self._escalation_catcher(spec, ids, code))
        if found is None:
            return token
        scope, catcher, crossed = found
        if catcher.cancel_activity:
            self._end_crossed(crossed, f"BPMN escalation {code}")
        else:  # the called instances go on; the catching one gets a path
            for _, _, caller in crossed:
                self.lock_instance(caller.process_instance_id)  # held already: _hold_callers
        at = token.activity_id
        path = self._fire_catcher(scope, catcher)
        assert catcher.trigger is not None
        if catcher.trigger.escalation_code_variable:
            self.set_variables(path, {catcher.trigger.escalation_code_variable: TypedValue("string", code)})
        if catcher.cancel_activity:
            return None
        if at is not None and token.activity_id is None and (token.id, at) in self.moved_paths:
            return self.tx.get(Execution, self.moved_paths[(token.id, at)])
        return token

    def _nearest_catcher(
        self, token: Execution, catches: Callable[[ProcessSpec, Iterable[str]], Element | None],
    ) -> tuple[Execution, Element, list[tuple[Execution, ProcessInstance, Execution]]] | None:
        """The nearest event that ``catches`` (given catching events' ids, the one that catches)
        what ``token`` throws, up through subprocesses and calling instances: the scope
        execution it waits on, the catching event, and (root, instance, calling execution) of
        each called instance crossed on the way, innermost first. None when nothing catches it;
        nothing is changed.

        At each scope, as in the document's engine, the start events of the event subprocesses
        inside it catch before the boundary events of the activity it stands for; an event
        subprocess never catches what is thrown inside itself."""
        current = token
        crossed: list[tuple[Execution, ProcessInstance, Execution]] = []
        inside: str | None = None  # the event subprocess (or other scope) the search comes from
        while True:
            scope = self.scope_of(current)
            spec = self.spec_of(scope)
            activity_id = scope.scope_activity_id if scope.parent_id is not None else None
            catcher = catches(spec, [start.id for start in spec.event_starts(activity_id) if start.scope_id != inside])
            if catcher is None and activity_id is not None:
                catcher = catches(spec, spec.element(activity_id).boundary_ids)
            if catcher is not None:
                return scope, catcher, crossed
            if scope.parent_id is not None:
                inside = scope.scope_activity_id
                current = self.parent(scope)  # type: ignore[assignment]
                continue
            instance = self.tx.get(ProcessInstance, scope.id)
            if instance is None or not instance.super_execution_id:
                return None
            caller = self.tx.get(Execution, instance.super_execution_id)
            if caller is None:
                return None
            crossed.append((scope, instance, caller))
            current, inside = caller, None

    def _end_crossed(self, crossed: list[tuple[Execution, ProcessInstance, Execution]], reason: str) -> None:
        """Terminates the called instances an interrupting catch crossed, innermost first."""
        for root, instance, caller in crossed:
            self.lock_instance(caller.process_instance_id)  # held already: _hold_callers
            self._terminate_instance(root, instance, "INTERNALLY_TERMINATED", reason)

    def _store_error(self, token: Execution, catcher: Element, code: str, message: str | None) -> None:
        """The caught error's code and message, in the variables the catching event names."""
        trigger = catcher.trigger
        assert trigger is not None
        caught = {}
        if trigger.error_code_variable:
            caught[trigger.error_code_variable] = TypedValue("string", code)
        if trigger.error_message_variable:
            caught[trigger.error_message_variable] = (TypedValue("string", message) if message is not None
                                                      else TypedValue("null", None))
        self.set_variables(token, caught)

    @staticmethod
    def _error_catcher(spec: ProcessSpec, catcher_ids: Iterable[str], code: str) -> Element | None:
        """Of the catching events ``catcher_ids``, the first error event for ``code``, else the
        first that catches every error."""
        fallback = None
        for catcher_id in catcher_ids:
            catcher = spec.element(catcher_id)
            if catcher.trigger is None or catcher.trigger.kind is not TriggerKind.ERROR:
                continue
            if catcher.trigger.error_code == code:
                return catcher
            if catcher.trigger.error_code is None and fallback is None:
                fallback = catcher
        return fallback

    @staticmethod
    def _escalation_catcher(spec: ProcessSpec, catcher_ids: Iterable[str], code: str) -> Element | None:
        """Of the catching events ``catcher_ids``, the escalation event for ``code``, else one
        that catches every escalation (the parser allows only one of the two at a scope)."""
        for catcher_id in catcher_ids:
            trigger = spec.element(catcher_id).trigger
            if trigger is not None and trigger.kind is TriggerKind.ESCALATION and trigger.escalation_code in (code, None):
                return spec.element(catcher_id)
        return None

    # ---------------------------------------------------------------- waits and events

    def wait_for_event(self, token: Execution, element: Element, at: Element, *, via_gateway: bool = False) -> None:
        """Subscribes ``token`` to the event of ``element`` (a catch event or receive task)."""
        trigger = element.trigger
        assert trigger is not None
        if trigger.kind in (TriggerKind.MESSAGE, TriggerKind.SIGNAL):
            assert trigger.name is not None
            self.subscribe(token, trigger.kind.value, self.event_name(token, element), element.id)
        elif trigger.kind is TriggerKind.TIMER:
            handler = "timer-event-gateway" if via_gateway else "timer-intermediate"
            self.schedule_timer(token, element, handler)
        elif trigger.kind is TriggerKind.CONDITIONAL:
            self.subscribe_conditional(token, element)
        else:
            raise AssertionError(f"cannot wait for {trigger.kind}")

    def event_name(self, execution: Execution, element: Element) -> str:
        """The message or signal name ``element`` waits for, evaluated."""
        trigger = element.trigger
        assert trigger is not None and trigger.name is not None
        name = str(self.evaluate(execution, trigger.name, element.id))
        check_evaluated_length(name, EventSubscription.event_name, element.id, trigger.name.text,
                               f"the {trigger.kind.value} name")
        return name

    def subscribe(self, execution: Execution, event_type: str, name: str | None, activity_id: str) -> EventSubscription:
        sub = EventSubscription(
            id=new_id(),
            event_type=event_type,
            event_name=name,
            execution_id=execution.id,
            process_instance_id=execution.process_instance_id,
            process_definition_id=execution.process_definition_id,
            activity_id=activity_id,
            tenant_id=execution.tenant_id,
            created=self.clock.now(),
        )
        self.tx.add(sub)
        return sub

    def _subscribe_scope(self, scope: Execution, activity: Element | None) -> None:
        """Subscribes a new scope execution to the events it waits for itself (scope_waits): its
        activity's boundary events, and the start events of the event subprocesses inside it
        (activity None: the process instance's root, the process's event subprocesses)."""
        spec = self.spec_of(scope)
        for catcher_id in spec.scope_waits(activity.id if activity is not None else None):
            catcher = spec.element(catcher_id)
            trigger = catcher.trigger
            if trigger is None or trigger.kind in (TriggerKind.ERROR, TriggerKind.ESCALATION, TriggerKind.COMPENSATION,
                                                   TriggerKind.CANCEL):
                continue  # thrown from inside the scope (compensation: once it completed): nothing to wait for
            if trigger.kind is TriggerKind.TIMER:
                handler = "timer-boundary" if catcher.kind is ElementKind.BOUNDARY_EVENT else EVENT_SUBPROCESS_TIMER
                self.schedule_timer(scope, catcher, handler)
            elif trigger.kind is TriggerKind.CONDITIONAL:
                self.subscribe_conditional(scope, catcher)
            else:
                self.subscribe(scope, trigger.kind.value, self.event_name(scope, catcher), catcher.id)

    def schedule_timer(self, execution: Execution, element: Element, handler: str) -> Job:
        trigger = element.trigger
        assert trigger is not None and trigger.timer is not None
        schedule = self.timer_schedule(execution, element)
        self.subscribe(execution, "timer", trigger.timer.value.text, element.id)
        return self._create_job(
            execution, element, handler, due=schedule.due, repeat=schedule.repeat
        )

    def timer_schedule(self, execution: Execution | None, element: Element) -> timers.Schedule:
        trigger = element.trigger
        assert trigger is not None and trigger.timer is not None
        value = (
            self.evaluate(execution, trigger.timer.value, element.id)
            if execution is not None
            else trigger.timer.value.evaluate(_no_variables)
        )
        try:
            schedule = timers.schedule(trigger.timer.kind, value, self.clock.now())
        except timers.TimerError as error:
            raise evaluation_failed(element.id, trigger.timer.value.text, str(error)) from None
        check_evaluated_length(schedule.repeat, Job.repeat, element.id, trigger.timer.value.text, "the timer cycle")
        return schedule

    def job_priority(self, execution: Execution | None, element: Element, job_definition: Any = None) -> int:
        """The priority of ``element``'s jobs: their job definition's overriding priority, else
        camunda:jobPriority (its or its process's; 0 when neither says), evaluated at the
        execution; a start timer's has none, so no variables."""
        if job_definition is not None and job_definition.overriding_job_priority is not None:
            return int(job_definition.overriding_job_priority)
        expression = element.job_priority
        if expression is None:
            return 0
        if execution is not None:
            raw = self.evaluate(execution, expression, element.id)
        else:
            try:
                raw = expression.evaluate(_no_variables)
            except (EvaluationError, KeyError) as error:
                raise evaluation_failed(element.id, expression.text, str(error)) from None
        try:
            priority = int(raw)
        except (TypeError, ValueError):
            raise evaluation_failed(element.id, expression.text, f"{raw!r} is not an integer") from None
        if not -(2**63) <= priority < 2**63:  # the job's priority column holds 64 bits
            raise evaluation_failed(element.id, expression.text, f"{priority} is beyond a 64-bit priority")
        return priority

    def _create_job(
        self,
        execution: Execution,
        element: Element,
        handler: str,
        *,
        due: datetime | None = None,
        repeat: str | None = None,
        configuration: dict[str, Any] | None = None,
    ) -> Job:
        definition = self.definition(execution.process_definition_id)
        job_definition = self.job_definition(definition.id, element.id,
                                             "timer" if handler.startswith("timer") else handler)
        job = Job(
            id=new_id(),
            handler_type=handler,
            handler_configuration={"activity_id": element.id, **(configuration or {})},
            due_date=due,
            repeat=repeat,
            retries=3,
            execution_id=execution.id,
            process_instance_id=execution.process_instance_id,
            process_definition_id=execution.process_definition_id,
            process_definition_key=execution.process_definition_key,
            activity_id=element.id,
            job_definition_id=job_definition.id if job_definition else None,
            tenant_id=execution.tenant_id,
            suspended=execution.suspended or bool(job_definition and job_definition.suspended),
            priority=self.job_priority(execution, element, job_definition),
            created=self.clock.now(),
        )
        return self.add_job(job)

    def job_definition(self, definition_id: str, activity_id: str, job_type: str) -> Any:
        """The job definition of the ``job_type`` jobs an activity makes (a row of id, suspended
        and overriding_job_priority), or None: a new job is suspended when it is, and takes its
        overriding priority (server.engine.job_definitions)."""
        return self.tx.execute(select(
            JobDefinition.id, JobDefinition.suspended, JobDefinition.overriding_job_priority
        ).where(
            JobDefinition.process_definition_id == definition_id,
            JobDefinition.activity_id == activity_id,
            JobDefinition.job_type == job_type,
        )).first()

    def add_job(self, job: Job) -> Job:
        """A new job: its row written, and LISTENERS.job_created told (the job log's entry, the
        process steps, this process's executor learning when it falls due)."""
        self.tx.add(job)
        self.tx.flush()
        for hook in LISTENERS.job_created:
            hook(self, job)
        return job

    def trigger_subscription(
        self, subscription: EventSubscription, variables: Mapping[str, TypedValue] | None = None,
        local_variables: Mapping[str, TypedValue] | None = None,
    ) -> None:
        """A waiting execution received its message, signal or timer."""
        execution = self.tx.get(Execution, subscription.execution_id)
        if execution is None:
            return
        self.lock_instance(execution.process_instance_id)
        if execution.suspended:
            raise precondition(
                "SUSPENDED",
                f"execution {execution.id} is suspended; activate its process instance first",
                execution.id,
            )
        spec = self.spec_of(execution)
        element = spec.element(subscription.activity_id)
        if variables:
            self.set_variables(execution, variables)
        if local_variables:
            self.set_variables(execution, local_variables, local=True)
        self._catch(execution, element)
        self.run()

    def _catch(self, execution: Execution, element: Element) -> None:
        """The event ``execution`` waits for with ``element`` happened: a boundary event fires,
        an event subprocess starts, or an intermediate catch event (after an event-based gateway,
        the one whose event came first) is left."""
        if element.kind is ElementKind.BOUNDARY_EVENT or element.kind is ElementKind.START_EVENT:
            self._fire_catcher(execution, element)  # a boundary event, or an event subprocess starts
        else:
            self._clear_waits(execution)
            if execution.activity_id != element.id:  # an event after an event-based gateway
                self.history.ended(execution.id, execution.activity_id or "")
                self.history.started(execution, element, self.container_of(execution))
            execution.activity_id = element.id
            self._schedule(lambda: self._leave(execution, element))

    def _fire_catcher(self, scope: Execution, catcher: Element) -> Execution:
        """A catching event waiting on ``scope`` caught what it waits for: a boundary event
        (attached to the activity ``scope`` stands for) or the start event of an event subprocess
        inside ``scope``. Returns the execution that goes on from it."""
        if catcher.kind is ElementKind.BOUNDARY_EVENT:
            return self._fire_boundary(scope, catcher)
        return self._start_event_subprocess(scope, catcher)

    def _start_event_subprocess(self, scope: Execution, start: Element) -> Execution:
        """Starts the event subprocess of ``start`` in ``scope`` (the process instance's root or
        a subprocess's scope execution), on the agenda: an interrupting one once every path of
        the scope is cancelled, on the scope's only path then, whose end completes the scope; a
        non-interrupting one on a new path beside the others. Returns the path."""
        assert start.scope_id is not None
        subprocess = self.element_of(scope, start.scope_id)
        if start.cancel_activity:
            self._interrupt(scope)
        path = self._path_in(scope, subprocess.id)
        self._schedule(lambda: self._enter(path, subprocess))
        return path

    def _interrupt(self, scope: Execution) -> None:
        """Cancels every path of ``scope`` for an interrupting event subprocess: what runs in it
        is removed (tasks deleted, called instances terminated, activity instances canceled),
        and the waits of its event subprocesses' start events go, so that no other event
        subprocess starts (the interrupting one runs once). Its boundary events' waits stay:
        the activity the scope stands for still runs."""
        for child in self.children(scope):
            self._remove_subtree(child)
        boundaries = (self.element_of(scope, scope.scope_activity_id).boundary_ids
                      if scope.parent_id is not None and scope.scope_activity_id else ())
        self._clear_waits(scope, boundaries)
        if scope.activity_id is not None:  # the scope's only path is the scope execution itself
            self._terminate_called(scope)
            self.history.canceled([scope.id], scope.activity_id)  # after the tasks, as _remove_subtree
            scope.activity_id = None

    def _fire_boundary(self, scope: Execution, boundary: Element) -> Execution:
        """Starts the boundary event's path; returns the execution that takes it."""
        parent = self.parent(scope)
        assert parent is not None, "boundary scopes are never the process instance"
        if boundary.cancel_activity:
            self._remove_subtree(scope)
            parent.activity_id = boundary.id
            parent.is_active = True
            token = parent
        else:
            token = self._new_path_beside(parent, boundary.id)
        self.history.started(token, boundary, self.container_of(token))
        self._schedule(lambda: self._leave(token, boundary))
        return token

    def _new_path_beside(self, holder: Execution, activity_id: str) -> Execution:
        """A new concurrent path in the scope that contains ``holder``."""
        if holder.is_concurrent:
            scope = self.parent(holder)
            assert scope is not None
        else:
            scope = holder
            self._expand(scope)
        path = self.new_execution(scope, concurrent=True, activity_id=activity_id)
        return path

    # ---------------------------------------------------------------- conditional events

    def _instantiated(self, scope: Execution, activity: Element | None) -> Execution | None:
        """Evaluates the conditional events of a scope as it begins, before anything in it runs,
        as the document's engine does on scope instantiation: the conditional boundary events of
        ``activity`` (on its new scope execution ``scope``), then the conditional start events of
        the event subprocesses inside it (``activity`` None: the process instance's, on its
        root). An interrupting one that holds takes over: None (the activity, or the scope's
        start event, never runs). A non-interrupting one that holds starts its path at once; the
        scope's own flow then begins on a path beside it, the execution returned (else
        ``scope``)."""
        spec = self.spec_of(scope)
        if not spec.has_conditional_events:
            return scope
        main = scope
        for catcher_id in spec.scope_waits(activity.id if activity is not None else None):
            catcher = spec.element(catcher_id)
            if not catcher.is_conditional or not self._condition_holds(scope, catcher):
                continue
            self._fired(scope, catcher)
            if catcher.kind is ElementKind.BOUNDARY_EVENT:
                self._fire_boundary(scope, catcher)
                if catcher.cancel_activity:
                    return None
                continue
            scope.activity_id = None  # the scope's own flow has not begun
            scope.is_active = False
            if catcher.cancel_activity:
                self._start_event_subprocess(scope, catcher)
                return None
            if main is scope:
                main = self.new_execution(scope, concurrent=True)
            self._start_event_subprocess(scope, catcher)  # on a path beside ``main``
        return main

    def _condition_holds(self, execution: Execution, element: Element,
                         change: conditions.VariableChange | None = None) -> bool:
        """Whether the condition of the conditional event ``element`` holds, evaluated with the
        variables ``execution`` sees; with a ``change``, only if the event listens to it
        (camunda:variableName, camunda:variableEvents)."""
        trigger = element.trigger
        assert trigger is not None and trigger.condition is not None
        if change is not None and not trigger.listens_to(change.name, change.change):
            return False
        return conditions.holds(trigger.condition, self._lookup(execution), element.id)

    def subscribe_conditional(self, execution: Execution, element: Element) -> None:
        """``execution`` waits for the conditional event ``element``: from now on, changes reach it
        (those made before: its condition is evaluated with them as its scope begins)."""
        subscription = self.subscribe(execution, conditions.CONDITIONAL, None, element.id)
        conditions.waiting(self.tx, subscription.id)

    def _fired(self, execution: Execution, element: Element) -> None:
        conditions.fired(self.tx, element.id, execution.process_instance_id)

    def _evaluate_changes(self) -> bool:
        """Evaluates the variable changes recorded so far (conditions.record) against the
        conditional events they reach, each change in turn; whether there were any."""
        changes = conditions.take(self.tx)
        for change in changes:
            self._evaluate_change(change)
        return bool(changes)

    def _evaluate_change(self, change: conditions.VariableChange) -> None:
        """Fires the conditional events waiting on the execution whose variable changed, and on
        the executions below it, whose conditions hold now: top-down (an outer scope's events
        before those inside it), each as it comes once the events before it have fired (an
        interrupting one removes those inside its scope)."""
        source = self.tx.get(Execution, change.scope_id)
        if source is None or self._removed(source):
            return
        waiting = list(self.tx.scalars(select(EventSubscription).where(
            EventSubscription.process_instance_id == change.process_instance_id,
            EventSubscription.event_type == conditions.CONDITIONAL)))
        if not waiting:
            return
        below = self._top_down(source)
        spec = self.spec_of(source)
        waiting = sorted((s for s in waiting if s.execution_id in below),
                         key=lambda s: (below[s.execution_id], _catch_rank(spec, s.activity_id)))
        for subscription in waiting:
            if not conditions.reaches(self.tx, change, subscription.id):
                continue  # it began to wait after the change, evaluating its condition with it
            if self.tx.get(EventSubscription, subscription.id) is None:
                continue  # an interrupting event before it removed it
            execution = self.tx.get(Execution, subscription.execution_id)
            if execution is None or self._removed(execution):
                continue
            element = spec.element(subscription.activity_id)
            if not self._condition_holds(execution, element, change):
                continue
            if execution.suspended:
                raise precondition(
                    "SUSPENDED",
                    f"execution {execution.id} is suspended; its conditional event {element.id!r} cannot fire "
                    "(activate its process instance first)",
                    execution.id, activity_id=element.id,
                )
            self._fired(execution, element)
            self._catch(execution, element)

    def _top_down(self, source: Execution) -> dict[str, int]:
        """``source`` and the executions below it, in pre-order (each before its children, and
        children as they started), by id: their positions."""
        children: dict[str | None, list[str]] = {}
        for execution_id, parent_id in self.tx.execute(
                select(Execution.id, Execution.parent_id)
                .where(Execution.process_instance_id == source.process_instance_id)
                .order_by(Execution.start_time, Execution.id)):
            children.setdefault(parent_id, []).append(execution_id)
        order: dict[str, int] = {}
        stack = [source.id]
        while stack:
            current = stack.pop()
            order[current] = len(order)
            stack.extend(reversed(children.get(current, ())))
        return order

    def _settled(self, execution: Execution) -> Execution | None:
        """Evaluates the variable changes made so far before the path of ``execution`` leaves
        the activity it waits at (a task completed, a worker's task done, a signal), as the
        document's engine does before an activity is left: a conditional event they make hold
        may take the path over. The execution the path is on now (a path started beside may
        have moved it to a new one, _expand); None when an interrupting event removed it."""
        activity_id = execution.activity_id
        if self._depth > 0 or not self._evaluate_changes():
            return execution
        if self._removed(execution):
            return None
        if execution.activity_id == activity_id:
            return execution
        moved = self.moved_paths.get((execution.id, activity_id or "")) if execution.activity_id is None else None
        path = self.tx.get(Execution, moved) if moved is not None else None
        return path if path is not None and not self._removed(path) and path.activity_id == activity_id else None

    def suspended_now(self, definition: ProcessDefinition) -> bool:
        """Whether the definition is suspended, as committed (read as a start reads it)."""
        return self._suspended(definition)

    # ---------------------------------------------------------------- compensation

    def _record_compensable(self, owner: Execution, activity_id: str,
                            configuration: str | None = None) -> EventSubscription:
        """Records that ``activity_id`` completed in the scope execution ``owner``
        (server.engine.compensation)."""
        created = compensation.completion_instant(self.tx, self.clock, owner.process_instance_id)
        record = self.subscribe(owner, compensation.COMPENSATE, None, activity_id)
        record.created = created
        record.configuration = configuration
        return record

    def _keep_for_compensation(self, scope: Execution, element: Element) -> None:
        """The scope execution of a subprocess or multi-instance body completes: what was recorded
        in it stays with the scope around. A body hands its instances' records over; a subprocess
        with records inside or a compensation event subprocess is recorded with a snapshot of its
        variables, its records under its record (one with a compensation boundary event alone,
        as any activity)."""
        recorded = compensation.recorded_in(self.tx, [scope.id])
        holder = self.parent(scope)
        assert holder is not None
        owner = self.scope_of(holder)
        if element.kind is ElementKind.MULTI_INSTANCE_BODY:
            for row in recorded:
                row.execution_id = owner.id
            return
        if element.kind is not ElementKind.SUB_PROCESS or element.triggered_by_event or element.is_for_compensation:
            return
        reopens = bool(recorded) or element.compensation_event_subprocess is not None
        if not reopens and element.compensation_boundary is None:
            return
        snapshot = self.variables_of_scopes(self._below(scope, owner)) if reopens else None
        record = self._record_compensable(owner, element.id, compensation.configuration(snapshot))
        for row in recorded:
            row.execution_id = owner.id
            if compensation.within(row) is None:
                compensation.set_within(row, record.id)

    def _below(self, execution: Execution, scope: Execution) -> list[str]:
        """The ids of ``execution`` and its ancestors below ``scope``."""
        return [e.id for e in itertools.takewhile(lambda e: e.id != scope.id, self.chain(execution))]

    def _throw_compensation(self, token: Execution, event: Element) -> bool:
        """A compensation throw event: starts compensating what its scope recorded (or the
        activity it names), latest completion first. Whether the path waits there for the
        compensating paths it started (else there was nothing to compensate)."""
        assert event.trigger is not None
        records = self._compensable(token, event.trigger.activity_ref)
        if not records:
            return False
        # A concurrent path never moves to another execution: the compensating paths name it.
        thrower = token if token.is_concurrent else self._expand(token)
        for record in records:
            self._start_compensating(record, thrower.id)
        return True

    def _compensable(self, token: Execution, activity_ref: str | None) -> list[EventSubscription]:
        """The records a throw event at ``token`` compensates, latest completion first: those its
        scope holds — from inside an event subprocess, also those of the scopes around it up to
        the first that is none — but those made inside a completed subprocess; only those of
        ``activity_ref`` when given."""
        scope = self.scope_of(token)
        owners = [scope.id]
        while scope.parent_id is not None and scope.scope_activity_id is not None and self.element_of(
                scope, scope.scope_activity_id).triggered_by_event:
            holder = self.parent(scope)
            assert holder is not None
            scope = self.scope_of(holder)
            owners.append(scope.id)
        return compensation.in_reverse_order(
            row for row in compensation.recorded_in(self.tx, owners)
            if compensation.within(row) is None and activity_ref in (None, row.activity_id))

    def _start_compensating(self, record: EventSubscription, thrower_id: str | None) -> None:
        """Starts compensating the completed activity of ``record`` in the scope that holds it, on
        a path for its handler and, for a completed subprocess, one that opens it again; the
        record goes (an activity is compensated once). Each path carries a running compensation
        naming ``thrower_id``, the path that waits for it (None: inside a reopened subprocess)."""
        owner = self.tx.get(Execution, record.execution_id)
        assert owner is not None
        activity = self.element_of(owner, record.activity_id)
        snapshot = compensation.snapshot(record)
        paths = []
        if activity.compensation_boundary is not None:
            paths.append(self._run_handler(owner, activity))
        if snapshot is not None:
            paths.append(self._reopen(owner, activity, record, snapshot))
        self.tx.delete(record)
        for path in paths:
            self.subscribe(path, compensation.COMPENSATE, thrower_id, activity.id)

    def _run_handler(self, owner: Execution, activity: Element) -> Execution:
        """A path in ``owner`` that passes the activity's compensation boundary event and enters
        its handler."""
        spec = self.spec_of(owner)
        assert activity.compensation_boundary is not None
        boundary = spec.element(activity.compensation_boundary)
        assert boundary.compensation_handler is not None
        handler = spec.element(boundary.compensation_handler)
        path = self._compensating_path(owner, boundary.id)
        self.history.started(path, boundary, self.container_of(path))
        self.history.ended(path.id, boundary.id)
        self._schedule(lambda: self._enter(path, handler))
        return path

    def _reopen(self, owner: Execution, subprocess: Element, record: EventSubscription,
                snapshot: Mapping[str, TypedValue]) -> Execution:
        """A path in ``owner`` holding the completed subprocess of ``record`` opened again: a scope
        execution with the snapshot as its variables and the records made inside it, whose inside
        is compensated on the agenda. Returns the path."""
        holder = self._compensating_path(owner, subprocess.id)
        scope = self.new_execution(holder, scope=True, scope_activity_id=subprocess.id)
        self.history.started(scope, subprocess, self.container_of(holder), scope=True)
        holder.activity_id = None
        holder.is_active = False
        for name, value in snapshot.items():
            self.set_local(scope, name, value, fresh=True)
        inside: dict[str | None, list[EventSubscription]] = {}
        for row in compensation.recorded_in(self.tx, [owner.id]):
            inside.setdefault(compensation.within(row), []).append(row)
        todo = list(inside.get(record.id, ()))
        for row in todo:  # made in the subprocess itself: they belong to its scope again
            compensation.set_within(row, None)
        while todo:
            row = todo.pop()
            row.execution_id = scope.id
            todo.extend(inside.get(row.id, ()))
        self._schedule(lambda: self._compensate_inside(scope, subprocess))
        return holder

    def _compensate_inside(self, scope: Execution, subprocess: Element) -> None:
        """Compensates the inside of a reopened subprocess: starts its compensation event
        subprocess, else compensates its records (the scope completes once they are done)."""
        if self._removed(scope):
            return
        if subprocess.compensation_event_subprocess is not None:
            handler = self.element_of(scope, subprocess.compensation_event_subprocess)
            self._enter(self._path_in(scope, handler.id), handler)
            return
        # Those made inside a completed subprocess within it are compensated when that one reopens.
        records = compensation.in_reverse_order(row for row in compensation.recorded_in(self.tx, [scope.id])
                                                if compensation.within(row) is None)
        for record in records:
            self._start_compensating(record, None)
        if not records:
            self._complete_scope(scope)

    def _compensating_path(self, owner: Execution, activity_id: str) -> Execution:
        """A new concurrent path of the scope ``owner`` at ``activity_id``, beside what runs there."""
        if owner.activity_id is None and not self.children(owner):
            return self.new_execution(owner, concurrent=True, activity_id=activity_id)
        return self._path_in(owner, activity_id)

    def _compensation_scope_ended(self, holder: Execution) -> bool:
        """Whether the scope execution ending below ``holder`` is a reopened subprocess (its
        holder is a compensating path)."""
        return holder.is_concurrent and compensation.running_on(self.tx, holder.id)

    def _resume_thrower(self, thrower_id: str) -> None:
        """A compensating path the throwing path ``thrower_id`` started has gone: once none is
        left, the path leaves its intermediate throw event, or ends at its end event."""
        thrower = self.tx.get(Execution, thrower_id)
        if thrower is None or self._removed(thrower) or thrower.activity_id is None:
            return
        if compensation.running_for(self.tx, thrower_id):
            return
        event = self.element_of(thrower, thrower.activity_id)
        if event.trigger is not None and event.trigger.kind is TriggerKind.CANCEL:
            self._transaction_cancelled(thrower, event)
            return
        if event.trigger is None or event.trigger.kind is not TriggerKind.COMPENSATION:
            return
        if event.kind is ElementKind.END_EVENT:
            self._end_event(thrower, event, compensated=True)
        else:
            self._leave(thrower, event)

    # ---------------------------------------------------------------- transactions

    def _cancel_transaction(self, token: Execution, event: Element) -> None:
        """A path reached a cancel end event (directly inside its transaction): every other path of
        the transaction is cancelled and the transaction's waits removed (its compensation records
        stay), then what the transaction completed is compensated as a compensation end event there
        would; the path waits at the cancel end event until that has finished
        (_transaction_cancelled)."""
        scope = self.scope_of(token)
        for child in self.children(scope):
            if child.id != token.id:
                self._remove_subtree(child)
        self._clear_waits(scope, ())
        if not self._throw_compensation(token, event):
            self._transaction_cancelled(token, event)

    def _transaction_cancelled(self, token: Execution, event: Element) -> None:
        """A cancelled transaction has been compensated: the cancel end event's pass completes and
        the transaction's cancel boundary event interrupts it (its multi-instance body, with every
        instance, when it has one), whose path goes on."""
        self.history.ended(token.id, event.id)
        spec = self.spec_of(token)
        assert event.scope_id is not None
        transaction = spec.element(event.scope_id)
        assert transaction.cancel_boundary is not None, "the parser refuses a cancel end event without one"
        boundary = spec.element(transaction.cancel_boundary)
        holder = next(e for e in self.chain(token) if e.parent_id is not None
                      and e.scope_activity_id == boundary.attached_to)
        self._fire_boundary(holder, boundary)

    # ---------------------------------------------------------------- multi-instance bodies

    def _start_body(self, body: Execution, element: Element) -> None:
        """A path entered a multi-instance body (its scope execution ``body``, with the body's
        boundary events' waits): the body's counters are set and its instances start, all at
        once (parallel) or the first of them (sequential); with none to run the body completes
        at once. Each instance is a concurrent child of the body with its own loopCounter and
        element variable."""
        loop = element.multi_instance
        assert loop is not None
        inner = self.spec_of(body).element(loop.inner_id)
        items = self._loop_items(body, loop, inner) if loop.cardinality is None else None
        count = len(items) if items is not None else self._loop_cardinality(body, loop, inner)
        body.activity_id = None
        body.is_active = False
        self._set_counters(body, instances=count, active=min(count, 1) if loop.sequential else count, completed=0,
                           fresh=True)
        if count == 0:
            self._complete_scope(body)
            return
        for index in range(1 if loop.sequential else count):
            self._start_instance(body, loop, inner, index, items)

    def _start_instance(self, body: Execution, loop: MultiInstance, inner: Element, index: int,
                        items: list[Any] | None) -> None:
        """Instance ``index`` of the body: a new path at the activity, entered on the agenda."""
        path = self._new_instance(body, inner, index)
        if loop.element_variable is not None and items is not None:
            self.set_local(path, loop.element_variable, infer(items[index]), fresh=True)
        self._schedule(lambda: self._enter(path, inner))

    def _instance_done(self, path: Execution, inner: Element, body_element: Element) -> None:
        """An instance of a multi-instance activity completed (its path left the activity): the
        body counts it and evaluates its completion condition from the instance. When that holds,
        or no instance is left to run, the body completes (instances still running are
        cancelled) and is left through its outgoing flows; a sequential body starts its next
        instance."""
        loop = body_element.multi_instance
        assert loop is not None
        body = self.parent(path)
        assert body is not None
        counts = self._counters(body)
        self._set_counters(body, completed=counts[NR_OF_COMPLETED_INSTANCES] + 1,
                           active=counts[NR_OF_ACTIVE_INSTANCES] - (0 if loop.sequential else 1))
        done = loop.completion_condition is not None and self._true(path, loop.completion_condition, inner.id,
                                                                    "the completion condition")
        counter = self.local_variables(path.id).get(LOOP_COUNTER)
        index = counter.value if counter is not None and isinstance(counter.value, int) else counts[
            NR_OF_COMPLETED_INSTANCES]
        self._remove_subtree(path, completed=True)
        if done:
            for other in self.children(body):
                self._remove_subtree(other)
        elif loop.sequential and index + 1 < counts[NR_OF_INSTANCES]:
            items = self._loop_items(body, loop, inner) if loop.cardinality is None else None
            if items is not None and index + 1 >= len(items):
                raise evaluation_failed(inner.id, _collection_text(loop), f"the collection has no item {index + 1} "
                                        f"any more (it has {len(items)})")
            self._start_instance(body, loop, inner, index + 1, items)
            return
        if done or not self.children(body):
            self._complete_scope(body)

    def _add_instance(self, body: Execution, inner: Element) -> Execution:
        """One more instance in a running body (a modification's start before the activity, or
        a body a modification opens for an activity inside it): its loopCounter is the number of
        instances before it, and it has no element variable. A sequential body that runs an
        instance takes no second one."""
        loop = self._loop_of(body)
        assert loop is not None
        counts = self._counters(body)
        if loop.sequential and counts[NR_OF_ACTIVE_INSTANCES] > 0:
            raise precondition(
                "SEQUENTIAL_INSTANCE_RUNNING",
                f"the sequential multi-instance activity {inner.id!r} runs an instance already; another cannot "
                "start beside it", inner.id, activity_id=inner.id,
            )
        body.activity_id = None
        body.is_active = False
        self._set_counters(body, instances=counts[NR_OF_INSTANCES] + 1, active=counts[NR_OF_ACTIVE_INSTANCES] + 1,
                           completed=counts[NR_OF_COMPLETED_INSTANCES])
        return self._new_instance(body, inner, counts[NR_OF_INSTANCES])

    def _new_instance(self, body: Execution, inner: Element, index: int) -> Execution:
        """The execution of the body's instance ``index``, at the activity (not entered yet)."""
        path = self.new_execution(body, concurrent=True, activity_id=inner.id)
        self.set_local(path, LOOP_COUNTER, TypedValue("integer", index), fresh=True)
        return path

    def _loop_of(self, scope: Execution) -> MultiInstance | None:
        """The loop characteristics of the multi-instance body ``scope`` stands for; None when it
        is the scope execution of anything else."""
        if scope.scope_activity_id is None or scope.parent_id is None:
            return None
        return self.element_of(scope, scope.scope_activity_id).multi_instance

    def _counters(self, body: Execution) -> dict[str, int]:
        """The body's nrOfInstances, nrOfActiveInstances and nrOfCompletedInstances (0 when unset)."""
        values = self.local_variables(body.id)
        return {name: values[name].value if name in values and isinstance(values[name].value, int) else 0
                for name in (NR_OF_INSTANCES, NR_OF_ACTIVE_INSTANCES, NR_OF_COMPLETED_INSTANCES)}

    def _set_counters(self, body: Execution, *, instances: int | None = None, active: int | None = None,
                      completed: int | None = None, fresh: bool = False) -> None:
        for name, count in ((NR_OF_INSTANCES, instances), (NR_OF_ACTIVE_INSTANCES, active),
                            (NR_OF_COMPLETED_INSTANCES, completed)):
            if count is not None:
                self.set_local(body, name, TypedValue("integer", count), fresh=fresh)

    def _loop_cardinality(self, body: Execution, loop: MultiInstance, inner: Element) -> int:
        """The loopCardinality, evaluated at the body: a whole number from 0 to MAX_INSTANCES."""
        assert loop.cardinality is not None
        raw = self.evaluate(body, loop.cardinality, inner.id)
        count = raw
        if isinstance(raw, str) and raw.strip().isdigit():
            count = int(raw.strip())
        elif isinstance(raw, float) and raw.is_integer():
            count = int(raw)
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_INSTANCES:
            raise evaluation_failed(inner.id, loop.cardinality.text, f"the loop cardinality must be a whole number "
                                    f"from 0 to {MAX_INSTANCES}, not {reprlib.repr(raw)}")
        return count

    def _loop_items(self, scope: Execution, loop: MultiInstance, inner: Element) -> list[Any]:
        """The collection, evaluated at ``scope``: a list of at most MAX_INSTANCES items."""
        if loop.collection_variable is not None:
            found = self.variables_visible(scope).get(loop.collection_variable)
            if found is None:
                raise evaluation_failed(inner.id, loop.collection_variable,
                                        f"no variable {loop.collection_variable!r} holds the collection")
            value = expression_value(found)
        else:
            assert loop.collection is not None
            value = self.evaluate(scope, loop.collection, inner.id)
        if not isinstance(value, list):
            raise evaluation_failed(inner.id, _collection_text(loop),
                                    f"the collection must be a list, not {reprlib.repr(value)}")
        if len(value) > MAX_INSTANCES:
            raise evaluation_failed(inner.id, _collection_text(loop), f"the collection has {len(value)} items; a "
                                    f"multi-instance activity runs at most {MAX_INSTANCES} instances")
        return value

    # ---------------------------------------------------------------- tasks and calls

    def _create_user_task(self, token: Execution, element: Element) -> Task:
        assignee = (task_assignee(self.evaluate(token, element.assignee, element.id), element.id, element.assignee)
                    if element.assignee else None)
        users = (task_candidates(self.evaluate(token, element.candidate_users, element.id), element.id,
                                 element.candidate_users, "user") if element.candidate_users else [])
        groups = (task_candidates(self.evaluate(token, element.candidate_groups, element.id), element.id,
                                  element.candidate_groups, "group") if element.candidate_groups else [])
        task = Task(
            id=new_id(),
            name=element.name,
            task_definition_key=element.id,
            assignee=assignee,
            priority=self._user_task_priority(token, element),
            due_date=self._task_date(token, element, element.due_date),
            follow_up_date=self._task_date(token, element, element.follow_up_date),
            form_key=element.form_key,
            execution_id=token.id,
            process_instance_id=token.process_instance_id,
            process_definition_id=token.process_definition_id,
            tenant_id=token.tenant_id,
            suspended=token.suspended,
            created=self.clock.now(),
        )
        self.tx.add(task)
        self.tx.flush()
        row = self.history.started_row(token.id, element.id)
        if row is not None:
            row["task_id"] = task.id
            row["assignee"] = task.assignee
        task_log.created(self.tx, task, activity_instance_id=row["id"] if row is not None else None,
                         process_definition_key=token.process_definition_key)
        candidates = [("user", user) for user in users] + [("group", group) for group in groups]
        identity_link_log.task_created(self.tx, task, candidates, token.process_definition_key)
        self.tx.add_all(TaskCandidate(task_id=task.id, kind=kind, value=value) for kind, value in candidates)
        return task

    def _task_date(self, token: Execution, element: Element, expression: Expression | None) -> datetime | None:
        """camunda:dueDate or camunda:followUpDate: a Date, or text in the API's date format."""
        if expression is None:
            return None
        from server.engine.variables import parse_date

        raw = self.evaluate(token, expression, element.id)
        return raw if isinstance(raw, datetime) else parse_date(str(raw))

    def _user_task_priority(self, token: Execution, element: Element) -> int:
        if element.priority is None:
            return 50
        raw = self.evaluate(token, element.priority, element.id)
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise evaluation_failed(element.id, element.priority.text, f"{raw!r} is not an integer") from None

    def _create_external_task(self, token: Execution, element: Element) -> ExternalTask:
        priority = 0
        if element.priority is not None:
            raw = self.evaluate(token, element.priority, element.id)
            try:
                priority = int(raw)
            except (TypeError, ValueError):
                raise evaluation_failed(element.id, element.priority.text, f"{raw!r} is not an integer") from None
        started = self.history.started_row(token.id, element.id)
        task = ExternalTask(
            id=new_id(),
            topic=element.topic or "",
            priority=priority,
            execution_id=token.id,
            process_instance_id=token.process_instance_id,
            process_definition_id=token.process_definition_id,
            process_definition_key=token.process_definition_key,
            activity_id=element.id,
            business_key=token.business_key,
            tenant_id=token.tenant_id,
            suspended=token.suspended,
            created=self.clock.now(),
            activity_instance_id=(started or {}).get("id"),
        )
        self.tx.add(task)
        self.tx.flush()
        external_task_log.logged(self.tx, task, external_task_log.CREATED, task.created)
        for hook in LISTENERS.external_task_created:
            hook(self, task)
        return task

    def _call(self, token: Execution, element: Element) -> None:
        assert element.called_element is not None
        key = str(self.evaluate(token, element.called_element, element.id))
        caller_definition = self.definition(token.process_definition_id)
        tenant = caller_definition.tenant_id
        if element.called_element_tenant_id is not None:
            tenant = str(self.evaluate(token, element.called_element_tenant_id, element.id)) or None
        query = called_definition_query(caller_definition, element, key, tenant)
        hold = not writers_take_turns(self.tx)
        if hold:  # the start reads the state under this lock (_suspended): no statement more
            query = query.with_for_update(**KEY_SHARE).execution_options(populate_existing=True)
        called = self.tx.scalar(query)
        if called is None:
            raise precondition(
                "CALLED_DEFINITION_NOT_FOUND",
                f"call activity {element.id!r} calls process {key!r} ({element.called_element_binding}), "
                "which is not deployed",
                element.id,
                called_element=key,
            )
        if hold:
            self.definition_held(called.id)
        visible = self.variables_visible(token)
        inputs: dict[str, TypedValue] = {}
        local_inputs: dict[str, TypedValue] = {}
        business_key = None
        for mapping in element.in_mappings:
            if mapping.business_key is not None:
                business_key = called_business_key(self.evaluate(token, mapping.business_key, element.id),
                                                   element.id, mapping.business_key)
                continue
            source = self.local_variables(token.id) if mapping.local else visible
            if mapping.all:
                inputs.update(source)
            elif mapping.source_expression is not None and mapping.target:
                inputs[mapping.target] = infer(self.evaluate(token, mapping.source_expression, element.id))
            elif mapping.source and mapping.target and mapping.source in source:
                inputs[mapping.target] = source[mapping.source]
        token.activity_id = element.id
        self.tx.flush()
        child = self.start_instance_nested(called, {**inputs, **local_inputs}, business_key=business_key,
                                           super_execution=token)
        row = self.history.started_row(token.id, element.id)
        if row is not None:
            row["called_process_instance_id"] = child.id
        for hook in LISTENERS.call_activity_started:
            hook(self, token, child)

    def start_instance_nested(self, definition: ProcessDefinition, variables: Mapping[str, TypedValue], *,
                              business_key: str | None = None, super_execution: Execution | None = None,
                              start_event_id: str | None = None) -> ProcessInstance:
        """Starts an instance from inside a step of this runtime (a call activity's called
        instance, a signal start event's): its steps run before the starter's next ones."""
        saved = self._agenda
        self._agenda = deque()
        try:
            return self.start_instance(definition, variables, business_key=business_key,
                                       super_execution=super_execution, start_event_id=start_event_id)
        finally:
            self._agenda = saved

    def _out_mappings(self, child_root: Execution, caller: Execution) -> tuple[dict[str, TypedValue],
                                                                               dict[str, TypedValue]]:
        """The called instance's outputs: (variables to set, variables to set local to the calling
        execution — camunda:out local="true")."""
        element = self.element_of(caller, caller.activity_id or "")
        child_vars = self.local_variables(child_root.id)
        out: dict[str, TypedValue] = {}
        out_local: dict[str, TypedValue] = {}
        for mapping in element.out_mappings:
            target = out_local if mapping.local else out
            if mapping.all:
                target.update(child_vars)
            elif mapping.source_expression is not None and mapping.target:
                target[mapping.target] = infer(self.evaluate(child_root, mapping.source_expression, element.id))
            elif mapping.source and mapping.target and mapping.source in child_vars:
                target[mapping.target] = child_vars[mapping.source]
        return out, out_local

    def complete_user_task(self, task: Task, variables: Mapping[str, TypedValue]) -> None:
        execution = self.tx.get(Execution, task.execution_id) if task.execution_id else None
        if execution is None:
            raise not_found("execution of task", "EXECUTION_NOT_FOUND", task.execution_id or "")
        self.lock_instance(execution.process_instance_id)
        self.set_variables(execution, variables)
        end_tasks(self.tx, self.clock, [task.id], task_log.COMPLETED)
        moved = self._settled(execution)
        if moved is None:  # an interrupting conditional event took the task's path
            self.run()
            return
        self.leave_current(moved)

    def leave_current(self, execution: Execution) -> None:
        """The activity the execution waits at is done: move on (user task, receive task, signal;
        a message end event ends its path)."""
        element = self.element_of(execution, execution.activity_id or "")
        if element.kind is ElementKind.END_EVENT and element.trigger is not None \
                and element.trigger.kind is TriggerKind.MESSAGE:
            self._schedule(lambda: self._end_event(execution, element, sent=True))
        else:
            self._schedule(lambda: self._leave(execution, element))
        self.run()

    def signal_execution(self, execution: Execution, variables: Mapping[str, TypedValue]) -> None:
        """Moves a waiting execution on, as if its activity were done (SignalExecution, a
        worker's completion): an external task there succeeded."""
        self.lock_instance(execution.process_instance_id)
        with external_task_log.done_at(self.tx, execution.id):
            self._clear_waits(execution)
        self.set_variables(execution, variables)
        moved = self._settled(execution)
        if moved is None:  # an interrupting conditional event took the path
            self.run()
            return
        self.leave_current(moved)

    def run_async_continuation(self, job: Job) -> None:
        """Executes an async-before or async-after job's continuation."""
        execution = self.tx.get(Execution, job.execution_id)
        if execution is None:
            return
        element = self.element_of(execution, job.activity_id or "")
        if job.handler_type == "async-before":
            self._schedule(lambda: self._enter(execution, element, from_job=True))
        else:
            self._schedule(lambda: self._leave(execution, element, from_job=True))
        self.run()

    def fire_timer(self, job: Job) -> None:
        """A timer job is due: trigger its catch event, boundary event, event-based gateway branch
        or event subprocess."""
        execution = self.tx.get(Execution, job.execution_id) if job.execution_id else None
        if execution is None:
            return
        subscription = self.tx.scalar(
            select(EventSubscription).where(
                EventSubscription.execution_id == execution.id,
                EventSubscription.event_type == "timer",
                EventSubscription.activity_id == job.activity_id,
            )
        )
        if subscription is None:
            return
        element = self.element_of(execution, job.activity_id or "")
        if element.kind is ElementKind.BOUNDARY_EVENT and not element.cancel_activity:
            self.lock_instance(execution.process_instance_id)
            self._fire_boundary(execution, element)
            self.run()
            return
        subscription_id = subscription.id
        self.trigger_subscription(subscription)
        if element.kind is ElementKind.START_EVENT and not element.cancel_activity and not job.repeat:
            # A non-interrupting event subprocess's timer fired for the last time (a date, a
            # duration, a cycle's last repetition): its scope waits for it no more.
            self.tx.execute(delete(EventSubscription).where(EventSubscription.id == subscription_id)
                            .execution_options(synchronize_session="fetch"))

    # ---------------------------------------------------------------- signals

    def broadcast_signal(
        self,
        name: str,
        variables: Mapping[str, TypedValue],
        *,
        tenant_id: str | None = None,
        tenant_given: bool = False,
        execution_id: str | None = None,
        visible_tenants: frozenset[str] | None = None,
        include_without_tenant: bool = False,
    ) -> tuple[int, list[ProcessInstance]]:
        """Delivers a signal to every execution waiting for it, then (unless it is for one
        execution) starts an instance at each signal start event of the name, as the document's
        engine does; returns how many executions received it, and the instances it started."""
        query = select(EventSubscription.id).where(
            EventSubscription.event_type == "signal", EventSubscription.event_name == name)
        if tenant_given and tenant_id is not None and include_without_tenant:
            query = query.where(EventSubscription.tenant_id.is_(None) | (EventSubscription.tenant_id == tenant_id))
        elif tenant_given:
            query = query.where(
                EventSubscription.tenant_id.is_(None) if tenant_id is None else EventSubscription.tenant_id == tenant_id
            )
        if visible_tenants is not None:
            query = query.where(
                EventSubscription.tenant_id.is_(None) | EventSubscription.tenant_id.in_(visible_tenants)
            )
        waiting = query.where(EventSubscription.execution_id.is_not(None))
        if execution_id:
            waiting = waiting.where(EventSubscription.execution_id == execution_id)
        delivered = 0
        for sub_id in list(self.tx.scalars(waiting.order_by(EventSubscription.created))):
            sub = self.tx.get(EventSubscription, sub_id)
            if sub is None:  # removed by an earlier delivery (e.g. an interrupting boundary)
                continue
            # Whether the execution is suspended, or still waits, is read once its instance is
            # held: a suspension (or a delivery) that came first is then seen, and skipped.
            if sub.process_instance_id:
                self.lock_instance(sub.process_instance_id)
            sub = self.tx.get(EventSubscription, sub_id)
            execution = self.tx.get(Execution, sub.execution_id) if sub is not None else None
            if sub is None or execution is None or execution.suspended:
                continue
            self.trigger_subscription(sub, variables)
            delivered += 1
        started: list[ProcessInstance] = []
        if execution_id:
            return delivered, started
        starts = query.where(EventSubscription.execution_id.is_(None)).order_by(
            EventSubscription.created, EventSubscription.id)
        for sub_id in list(self.tx.scalars(starts)):
            sub = self.tx.get(EventSubscription, sub_id)
            if sub is None or sub.process_definition_id is None:  # (its version was replaced on the way)
                continue
            definition = self.definition(sub.process_definition_id)
            if self._suspended(definition):  # a suspended definition's start events ignore signals
                continue
            started.append(self.start_instance_nested(definition, variables, start_event_id=sub.activity_id))
        return delivered, started


# Hooks run when an execution's path moves to a new concurrent child (see Runtime._expand).
LISTENERS_MOVE: list[Callable[[Runtime, str, str], None]] = []


def _no_variables(name: str) -> Any:
    raise KeyError(name)


def _catch_rank(spec: ProcessSpec, activity_id: str) -> tuple[int, int]:
    """The order in which the conditional events waiting on one execution are evaluated: the
    boundary events of its activity, then the start events of the event subprocesses inside it,
    then the events its path waits for; each in document order."""
    element = spec.element(activity_id)
    kind = 0 if element.kind is ElementKind.BOUNDARY_EVENT else 1 if element.kind is ElementKind.START_EVENT else 2
    return kind, spec.document_order.get(activity_id, 0)


def _collection_text(loop: MultiInstance) -> str:
    """camunda:collection as written: the expression, or the variable's name."""
    return loop.collection.text if loop.collection is not None else loop.collection_variable or ""


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


_REACH_CACHE: dict[tuple[int, str], frozenset[str]] = {}


def _reachable(spec: ProcessSpec, start: str) -> frozenset[str]:
    """Elements reachable from ``start`` through sequence flows, boundary events and links."""
    key = (id(spec), start)
    cached = _REACH_CACHE.get(key)
    if cached is not None:
        return cached
    seen: set[str] = set()
    stack = [start]
    while stack:
        current = stack.pop()
        element = spec.element(current)
        nexts = [spec.flow(f).target for f in element.outgoing] + list(element.boundary_ids)
        if element.link_target is not None:
            nexts.append(element.link_target)
        for n in nexts:
            if n not in seen:
                seen.add(n)
                stack.append(n)
    result = frozenset(seen)
    if len(_REACH_CACHE) > 10_000:
        _REACH_CACHE.clear()
    _REACH_CACHE[key] = result
    return result


# -- variable rows ---------------------------------------------------------------------------


def typed_value(row: Variable | HistoricVariableInstance | HistoricVariableUpdate) -> TypedValue:
    """The value a variable row holds (running, or as the variable history keeps it)."""
    return from_columns(row.type, row.text_value, row.long_value, row.double_value, row.bytes_value, row.value_info)


def write_variable(
    tx: Session, clock: Clock, owner: variable_log.Owner, name: str, value: TypedValue, *, fresh: bool = False,
) -> Variable:
    """Sets the variable ``name`` of ``owner``'s scope, and records it in the variable history.
    ``fresh``: the scope is new, and has no variables yet."""
    columns = to_columns(value)
    row = None if fresh else tx.scalar(select(Variable).where(Variable.scope_id == owner.scope_id,
                                                              Variable.name == name))
    created = row is None
    if row is None:
        row = Variable(id=new_id(), name=name, scope_id=owner.scope_id, revision=0,
                       process_instance_id=owner.runtime_process_instance_id,
                       case_instance_id=owner.runtime_case_instance_id)
        tx.add(row)
    else:
        row.revision = (row.revision or 0) + 1
    row.type = value.type
    row.text_value = columns.text_value
    row.long_value = columns.long_value
    row.double_value = columns.double_value
    row.bytes_value = columns.bytes_value
    row.value_info = dict(value.value_info) or None
    if created:
        variable_log.created(tx, clock, owner, row)
    else:
        variable_log.updated(tx, clock, owner, row)
    if not fresh:  # a variable created with its scope is no change: the scope's events see it as it begins
        _changed(tx, owner, name, "create" if created else "update")
    return row


def delete_variables(tx: Session, clock: Clock, owner: variable_log.Owner, names: Iterable[str]) -> None:
    """Deletes the variables ``names`` of ``owner``'s scope (those it has), and records it."""
    names = list(names)
    if not names:
        return
    rows = list(tx.scalars(select(Variable).where(Variable.scope_id == owner.scope_id, Variable.name.in_(names))))
    for row in rows:
        tx.delete(row)
    variable_log.deleted(tx, clock, owner, rows)
    for row in rows:
        _changed(tx, owner, row.name, "delete")


# fn(tx, owner, name, change) for each change of a case execution's variable (not a task's own):
# the case runtime counts the events its sentries' variable on-parts listen to.
CASE_VARIABLE_CHANGED: list[Callable[[Session, variable_log.Owner, str, str], None]] = []


def _changed(tx: Session, owner: variable_log.Owner, name: str, change: str) -> None:
    """A process variable of an execution changed: recorded for the conditional events of its
    instance (server.engine.conditions), if its process has any. A task's own variables are no
    process variables; a case's go to CASE_VARIABLE_CHANGED."""
    if owner.task_id is None and owner.case_execution_id is not None:
        for hook in CASE_VARIABLE_CHANGED:
            hook(tx, owner, name, change)
        return
    if owner.task_id is not None or owner.execution_id is None or owner.process_definition_id is None:
        return
    spec = SPECS.of_id(tx, ProcessDefinition, owner.process_definition_id)
    if spec is not None and spec.has_conditional_events and owner.process_instance_id is not None:
        conditions.record(tx, owner.scope_id, owner.process_instance_id, name, change)


def end_tasks(tx: Session, clock: Clock, task_ids: list[str], reason: str | None) -> list[str]:
    """The one place tasks end (completed; deleted; their path, case execution or case gone):
    their candidates and task-local variables go with their rows (the history of their variables
    stays) and their historic task instances end with ``reason`` (None: not at all, their
    history goes with them). Their subtasks, at every depth, end with them, as in the document's
    engine with the same reason (``deleted`` for None). Returns every task ended, subtasks too."""
    ended: list[str] = []
    while task_ids:
        tx.execute(delete(TaskCandidate).where(TaskCandidate.task_id.in_(task_ids)))
        tx.execute(delete(Variable).where(Variable.scope_id.in_(task_ids)))
        tx.execute(delete(Task).where(Task.id.in_(task_ids)).execution_options(synchronize_session="fetch"))
        # After the tasks' rows: a task's row comes before its history's (see tasks._set_user).
        if reason is not None:
            task_log.ended(tx, task_ids, reason, clock.now())
        ended += task_ids
        # Looked for after the parents' rows went: a CreateTask that held a parent's row has
        # committed its subtask by then (see tasks.create).
        task_ids = list(tx.scalars(select(Task.id).where(Task.parent_task_id.in_(task_ids))))
        reason = reason or task_log.DELETED
    return ended


# Session.get / Select.with_for_update arguments of a key-share lock (see Runtime._suspended).
KEY_SHARE = {"read": True, "key_share": True}


def latest_definition(tx: Session, key: str, tenant_id: str | None, *, hold: bool = False) -> ProcessDefinition | None:
    """The latest version of a key for a tenant (None: of no tenant); ``hold``: its row read
    under a key-share lock, fresh."""
    query = (
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key, ProcessDefinition.tenant_key == (tenant_id or ""))
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    )
    if hold:
        # PostgreSQL locks below the LIMIT: a latest version deleted while the lock waited is
        # skipped, and the version before it is read and locked instead.
        query = query.with_for_update(**KEY_SHARE).execution_options(populate_existing=True)
    return tx.scalar(query)


__all__ = [
    "Runtime",
    "SPECS",
    "LISTENERS",
    "LISTENERS_MOVE",
    "UncaughtBpmnError",
    "Deployment",
    "new_id",
    "typed_value",
    "write_variable",
    "latest_definition",
]
