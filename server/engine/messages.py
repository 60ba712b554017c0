"""Message correlation and signal broadcast."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine.errors import not_found, precondition
from server.engine.models import EventSubscription, Execution, ProcessDefinition, ProcessInstance
from server.engine import executions, instances
from server.engine.runtime import Runtime
from server.engine.variables import TypedValue, holds
from server.errors import invalid_field, missing_required_field
from server.identity.service import Caller


@dataclass
class Correlation:
    message_name: str
    business_key: str = ""
    process_instance_id: str = ""
    correlation_keys: Mapping[str, TypedValue] = field(default_factory=dict)
    local_correlation_keys: Mapping[str, TypedValue] = field(default_factory=dict)
    process_variables: Mapping[str, TypedValue] = field(default_factory=dict)
    process_variables_local: Mapping[str, TypedValue] = field(default_factory=dict)
    tenant_id: str = ""
    without_tenant_id: bool = False
    all: bool = False
    variables_in_result: bool = False


@dataclass(frozen=True)
class CorrelationResult:
    kind: str  # "execution" or "definition"
    process_instance_id: str
    execution_id: str
    process_definition_id: str
    # The instance's process variables when the call was done (variables_in_result).
    variables: Mapping[str, TypedValue] = field(default_factory=dict)


def _tenant_filter(stmt, column, c: Correlation, caller: Caller):  # type: ignore[no-untyped-def]
    if c.tenant_id:
        stmt = stmt.where(column == c.tenant_id)
    elif c.without_tenant_id:
        stmt = stmt.where(column.is_(None))
    return stmt.where(*caller.tenant_conditions(column))


def _waiting(tx: Session, caller: Caller, c: Correlation) -> list[EventSubscription]:
    """The message subscriptions the correlation reaches, one per execution."""
    # As the document's engine: only executions of active (not suspended) instances wait.
    waiting = (
        select(EventSubscription)
        .join(Execution, Execution.id == EventSubscription.execution_id)
        .where(EventSubscription.event_type == "message", EventSubscription.event_name == c.message_name,
               Execution.suspended.is_(False))
    )
    if c.business_key:
        waiting = waiting.where(Execution.business_key == c.business_key)
    if c.process_instance_id:
        waiting = waiting.where(Execution.process_instance_id == c.process_instance_id)
    for name, value in c.correlation_keys.items():
        waiting = waiting.where(holds(Execution.process_instance_id, name, value))
    for name, value in c.local_correlation_keys.items():
        waiting = waiting.where(holds(Execution.id, name, value))
    waiting = _tenant_filter(waiting, Execution.tenant_id, c, caller)
    subscriptions: list[EventSubscription] = []
    seen: set[str | None] = set()
    for subscription in tx.scalars(waiting.order_by(EventSubscription.created, EventSubscription.id)):
        if subscription.execution_id not in seen:  # one per execution
            seen.add(subscription.execution_id)
            subscriptions.append(subscription)
    return subscriptions


def correlate(tx: Session, clock: Clock, caller: Caller, c: Correlation) -> list[CorrelationResult]:
    if not c.message_name:
        raise missing_required_field("message_name")
    if c.tenant_id and c.without_tenant_id:
        raise invalid_field("without_tenant_id", "tenant_id and without_tenant_id exclude each other")
    if c.process_instance_id and (c.tenant_id or c.without_tenant_id):
        raise invalid_field("tenant_id", "a correlation to one process instance takes no tenant")
    if c.tenant_id:
        caller.require_tenant(c.tenant_id, "correlate messages of this tenant")

    subscriptions = _waiting(tx, caller, c)
    runtime = Runtime(tx, clock)
    runtime.start_user_id = caller.user_name  # of the instances a message start starts
    if c.variables_in_result:
        runtime.ended_variables = {}  # (of the instances that end in the call)
    if subscriptions:
        # Read again once their instances are locked (in a fixed order: no deadlock), as the
        # calls that held them before this one left them: an instance suspended, deleted or
        # moved on meanwhile no longer waits.
        for instance_id in sorted({s.process_instance_id for s in subscriptions if s.process_instance_id}):
            runtime.lock_instance(instance_id)
        subscriptions = _waiting(tx, caller, c)

    # Without `all`, a waiting execution wins over message start events, as in the document's
    # engine; start events are only looked at when no execution matches, and correlation keys
    # do not restrict them (they describe waiting instances). A correlation naming a process
    # instance never starts a new one.
    starts: list[EventSubscription] = []
    if not c.process_instance_id and (c.all or not subscriptions):
        start_query = (
            select(EventSubscription)
            .join(ProcessDefinition, ProcessDefinition.id == EventSubscription.process_definition_id)
            .where(
                EventSubscription.execution_id.is_(None),
                EventSubscription.event_type == "message",
                EventSubscription.event_name == c.message_name,
                ProcessDefinition.suspended.is_(False),
                executions.latest_versions(ProcessDefinition),
            )
        )
        starts = list(tx.scalars(_tenant_filter(start_query, EventSubscription.tenant_id, c, caller)))

    if not subscriptions and not starts:
        raise not_found("correlation target for message", "MESSAGE_NOT_CORRELATED", c.message_name, "message_name")
    for found, what in ((subscriptions, "executions"), (starts, "process definitions")):
        if len(found) > 1 and not c.all:
            raise precondition(
                "AMBIGUOUS_MESSAGE_CORRELATION",
                f"message {c.message_name!r} matches {len(found)} {what}; narrow the correlation or set all",
                c.message_name,
                count=len(found),
                matches=what.replace(" ", "_"),
            )

    results: list[CorrelationResult] = []
    for subscription in subscriptions:
        if tx.get(EventSubscription, subscription.id) is None:  # consumed by an earlier correlation
            continue
        execution = tx.get(Execution, subscription.execution_id)
        assert execution is not None
        runtime.trigger_subscription(subscription, c.process_variables, c.process_variables_local)
        results.append(
            CorrelationResult("execution", execution.process_instance_id, execution.id, execution.process_definition_id)
        )
    for start in starts:
        definition = tx.get(ProcessDefinition, start.process_definition_id)
        assert definition is not None
        instance = runtime.start_instance(
            definition,
            {**c.process_variables},
            business_key=c.business_key or None,
            start_event_id=start.activity_id,
            local_variables=c.process_variables_local,
        )
        results.append(CorrelationResult("definition", instance.id, "", definition.id))
    if c.variables_in_result:
        results = [replace(r, variables=instances.returned_variables(tx, r.process_instance_id,
                                                                     runtime.ended_variables)) for r in results]
    return results


def broadcast_signal(
    tx: Session,
    clock: Clock,
    caller: Caller,
    *,
    name: str,
    variables: Mapping[str, TypedValue],
    tenant_id: str,
    without_tenant_id: bool,
    execution_id: str,
) -> tuple[int, list[ProcessInstance]]:
    """BroadcastSignal: how many executions received the signal, and the instances its signal
    start events started (none when it is for one execution)."""
    if not name:
        raise missing_required_field("name")
    if tenant_id and without_tenant_id:
        raise invalid_field("without_tenant_id", "tenant_id and without_tenant_id exclude each other")
    if execution_id and (tenant_id or without_tenant_id):
        raise invalid_field("tenant_id", "a signal to one execution takes no tenant")
    if tenant_id:
        caller.require_tenant(tenant_id, "signal this tenant's executions")
    runtime = Runtime(tx, clock)
    runtime.start_user_id = caller.user_name  # of the instances a signal start event starts
    delivered, started = runtime.broadcast_signal(
        name,
        variables,
        tenant_id=tenant_id or None,
        tenant_given=bool(tenant_id) or without_tenant_id,
        execution_id=execution_id or None,
        visible_tenants=caller.visible_tenants(),
    )
    if execution_id and delivered == 0:
        raise not_found(f"signal subscription {name!r} of execution", "SIGNAL_SUBSCRIPTION_NOT_FOUND", execution_id,
                        "execution_id")
    return delivered, started

