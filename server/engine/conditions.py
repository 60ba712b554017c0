"""Conditional events (the document's engine's conditionalEventDefinition): when their conditions
are evaluated, and the conditional start events of processes (ConditionService.EvaluateConditions,
the document's engine's ``POST /condition``).

A conditional event waits as an event subscription of type ``conditional`` on the execution that
waits for it, as message and signal events do: an intermediate catch event's on the path at it
(beside the other events of an event-based gateway), a boundary event's and an event
subprocess start event's on the scope execution of their activity or scope. A process's
conditional start events wait as subscriptions of no execution, of the latest version only.

Its condition is evaluated
- when its scope is instantiated (``Runtime._instantiated``): the conditional boundary events of
  an activity as the activity is entered, before it runs; the conditional start events of the
  event subprocesses of a process or subprocess before its start event runs; an intermediate
  conditional event as a path arrives (it passes at once when the condition holds);
- on every change of a process variable (created, updated, deleted): ``write_variable`` and
  ``delete_variables`` (server.engine.runtime), the one place every such change goes through,
  record it here (``record``) unless the variable is created with its scope, and the Runtime
  evaluates what was recorded once the paths are at their wait states (``Runtime.run``) or, for
  a call that completes a task, a worker's task or a waiting execution, before its path moves
  on (``Runtime._settled``). A change reaches the conditional events waiting on the execution
  whose variable changed and on every execution below it (a process variable: every event of
  the instance; an execution's local variable: those of its own scope and the scopes inside),
  top-down: the outer scope's events before the inner ones', the boundary events of a scope's
  activity before the start events of its event subprocesses. It reaches those that waited when
  it was made: one that began to wait later evaluated its condition with it as its scope began.
  Each event listens to the changes its ``camunda:variableName`` and ``camunda:variableEvents``
  name (any, without them); a task's own (local) variables are no process variables and reach
  none.

A condition is evaluated as the document's engine's ``tryEvaluate``: a variable it names that
does not exist makes it false; any other failure, or a value that is no boolean, fails the call
(EXPRESSION_EVALUATION_FAILED). A condition that holds on a suspended instance fails the call
(SUSPENDED), as in that engine. One call fires at most MAX_TRIGGERS conditional events: more
is a loop (a non-interrupting event whose own path keeps changing what keeps it true), refused
with CONDITIONAL_EVENT_LIMIT_EXCEEDED and nothing kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import before_commit, writers_take_turns
from server.engine import executions
from server.engine.errors import evaluation_failed, precondition
from server.engine.expr import EvaluationError, Expression
from server.engine.models import EventSubscription, ProcessDefinition, ProcessInstance
from server.engine.variables import TypedValue, expression_value
from server.errors import NotFound, check_length, invalid_field
from server.identity.service import Caller

# The event_type of conditional events' subscriptions (String(16), as message, signal, timer).
CONDITIONAL = "conditional"
# The conditional events one call fires at most (see the module docstring).
MAX_TRIGGERS = 1000

_CHANGES = "flowkeeper.conditions.changes"
_COUNTED = "flowkeeper.conditions.counted"
_SINCE = "flowkeeper.conditions.waiting_since"
_FIRED = "flowkeeper.conditions.fired"


@dataclass(frozen=True)
class VariableChange:
    """A process variable of the execution ``scope_id`` was created, updated or deleted; ``seq``
    counts the changes this transaction made before it."""

    scope_id: str
    process_instance_id: str
    name: str
    change: str  # create | update | delete
    seq: int = 0


def record(tx: Session, scope_id: str, process_instance_id: str, name: str, change: str) -> None:
    """Keeps a change for the Runtime to evaluate in this transaction. One the transaction would
    commit unevaluated fails it: every call that changes process variables evaluates them
    (Runtime.run), or a conditional event would silently miss its change."""
    pending: list[VariableChange] | None = tx.info.get(_CHANGES)
    if pending is None:
        pending = tx.info[_CHANGES] = []
        before_commit(tx, lambda: _all_evaluated(tx))
    seq = tx.info.get(_COUNTED, 0)
    tx.info[_COUNTED] = seq + 1
    pending.append(VariableChange(scope_id, process_instance_id, name, change, seq))


def waiting(tx: Session, subscription_id: str) -> None:
    """A conditional event begins to wait (its subscription ``subscription_id``): the changes made
    before do not reach it, its condition was evaluated with them as its scope began."""
    tx.info.setdefault(_SINCE, {})[subscription_id] = tx.info.get(_COUNTED, 0)


def reaches(tx: Session, change: VariableChange, subscription_id: str) -> bool:
    """Whether the conditional event of ``subscription_id`` waited when ``change`` was made."""
    since = tx.info.get(_SINCE, {}).get(subscription_id)
    return since is None or since <= change.seq


def take(tx: Session) -> list[VariableChange]:
    """The changes recorded and not evaluated yet, oldest first; they count as evaluated now."""
    pending: list[VariableChange] | None = tx.info.get(_CHANGES)
    if not pending:
        return []
    taken = list(pending)
    pending.clear()
    return taken


def _all_evaluated(tx: Session) -> None:
    pending = tx.info.get(_CHANGES)
    if pending:
        raise AssertionError(f"{len(pending)} variable change(s) of process instance "
                             f"{pending[0].process_instance_id} were not evaluated against its conditional events")


def fired(tx: Session, element_id: str, process_instance_id: str) -> None:
    """Counts a conditional event that fires in this call; more than MAX_TRIGGERS is a loop."""
    count = tx.info[_FIRED] = tx.info.get(_FIRED, 0) + 1
    if count > MAX_TRIGGERS:
        raise precondition(
            "CONDITIONAL_EVENT_LIMIT_EXCEEDED",
            f"conditional events fired more than {MAX_TRIGGERS} times in one call (the last one {element_id!r}): "
            "a conditional event whose path keeps changing the variables that make it hold loops without end",
            process_instance_id, type="forbidden", activity_id=element_id, limit=MAX_TRIGGERS,
        )


def holds(condition: Expression, lookup: Callable[[str], Any], element_id: str) -> bool:
    """Whether a conditional event's condition holds, given ``lookup(name)`` (KeyError for an
    unknown variable). As the document's engine, a variable that does not exist makes it false;
    any other failure, or a value that is no boolean, is EXPRESSION_EVALUATION_FAILED."""
    try:
        value = condition.evaluate(lookup)
    except EvaluationError as error:
        if error.name is not None:  # an unknown variable
            return False
        raise evaluation_failed(element_id, condition.text, str(error)) from None
    if not isinstance(value, bool):
        raise evaluation_failed(element_id, condition.text, f"the condition returned non-Boolean {value!r}")
    return value


# -- conditional start events (EvaluateConditions) --------------------------------------------


@dataclass(frozen=True)
class StartConditions:
    """What EvaluateConditions gives: the variables the conditions see (and the instances
    started get), and which definitions to evaluate."""

    variables: Mapping[str, TypedValue]
    business_key: str = ""
    tenant_id: str = ""
    without_tenant_id: bool = False
    process_definition_id: str = ""


def evaluate_start_conditions(tx: Session, clock: Clock, caller: Caller, c: StartConditions) -> list[ProcessInstance]:
    """Starts an instance at each conditional start event whose condition holds for the given
    variables: of the latest version of every process (of the tenant asked for, or of no tenant)
    the caller sees, or of the one definition named. Suspended definitions start nothing. The
    instances, in the order they started (by key, tenant, then the start events' order)."""
    from server.engine.definitions import get_definition
    from server.engine.runtime import SPECS, Runtime

    if c.tenant_id and c.without_tenant_id:
        raise invalid_field("without_tenant_id", "tenant_id and without_tenant_id exclude each other")
    if c.process_definition_id and (c.tenant_id or c.without_tenant_id):
        raise invalid_field("tenant_id", "conditions of one process definition take no tenant: the definition's "
                            "is its own")
    check_length("business_key", c.business_key, ProcessInstance.business_key)
    check_length("tenant_id", c.tenant_id, ProcessDefinition.tenant_id)
    check_length("process_definition_id", c.process_definition_id, ProcessDefinition.id)
    if c.tenant_id:
        caller.require_tenant(c.tenant_id, "start instances of this tenant's definitions")
    hold = not writers_take_turns(tx)
    runtime = Runtime(tx, clock)
    runtime.start_user_id = caller.user_name
    if c.process_definition_id:
        definition = get_definition(tx, caller, c.process_definition_id, hold=hold)
        starts = SPECS.get(tx, definition).conditional_start_ids
        if not starts:
            raise precondition("NO_CONDITIONAL_START_EVENT", f"process definition {definition.id} has no conditional "
                               "start event", definition.id, process_definition_id=definition.id)
        candidates = [(definition, start_id) for start_id in starts]
    else:
        candidates = _subscribed(tx, caller, c)
        if not candidates:  # as the document's engine: "no subscriptions were found"
            which = (f"of tenant {c.tenant_id!r}" if c.tenant_id else "of no tenant" if c.without_tenant_id
                     else "the token sees")
            raise NotFound("CONDITIONAL_START_NOT_FOUND",
                           f"no process definition {which} has a conditional start event (latest versions only)",
                           metadata={"type": "not_found", "tenant_id": c.tenant_id or None})
    variables = dict(c.variables)
    started: list[ProcessInstance] = []
    for definition, start_id in candidates:
        if runtime.suspended_now(definition):
            continue
        element = SPECS.get(tx, definition).element(start_id)
        trigger = element.trigger
        assert trigger is not None and trigger.condition is not None
        if trigger.variable_name is not None and trigger.variable_name not in variables:
            continue  # as the document's engine: evaluated only when the variable it names is given
        if holds(trigger.condition, lambda name: expression_value(variables[name]), element.id):
            fired(tx, element.id, definition.id)
            started.append(runtime.start_instance(definition, variables, business_key=c.business_key or None,
                                                  start_event_id=element.id))
    return started


def _subscribed(tx: Session, caller: Caller, c: StartConditions) -> list[tuple[ProcessDefinition, str]]:
    """The conditional start events the caller's definitions wait with (their latest versions),
    as (definition, start event id), by key, tenant, then the start events' document order."""
    from server.engine.runtime import SPECS

    query = (
        select(ProcessDefinition, EventSubscription.activity_id)
        .join(EventSubscription, EventSubscription.process_definition_id == ProcessDefinition.id)
        .where(EventSubscription.execution_id.is_(None), EventSubscription.event_type == CONDITIONAL,
               executions.latest_versions(ProcessDefinition))
    )
    if c.tenant_id:
        query = query.where(ProcessDefinition.tenant_id == c.tenant_id)
    elif c.without_tenant_id:
        query = query.where(ProcessDefinition.tenant_id.is_(None))
    query = query.where(*caller.tenant_conditions(ProcessDefinition.tenant_id))
    found = list(tx.execute(query.order_by(ProcessDefinition.key, ProcessDefinition.tenant_key)).all())
    out = []
    for definition, activity_id in found:
        order = SPECS.get(tx, definition).conditional_start_ids
        out.append((definition, activity_id, order.index(activity_id) if activity_id in order else len(order)))
    out.sort(key=lambda row: (row[0].key, row[0].tenant_key, row[2]))
    return [(definition, activity_id) for definition, activity_id, _ in out]


__all__ = ["CONDITIONAL", "MAX_TRIGGERS", "VariableChange", "StartConditions", "evaluate_start_conditions",
           "holds", "record", "take", "waiting", "reaches", "fired"]
