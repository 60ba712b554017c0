"""The event subscription query (EventSubscriptionService, the document's engine's
``/event-subscription``): what waits for a message, a signal, a condition, or a compensation.
The engine's own timer subscriptions (a waiting path's record of its timer: the job is what
the document shows) are not among them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.engine import executions
from server.engine.models import EventSubscription
from server.errors import invalid_field
from server.identity.service import Caller

# The types the query shows (the document's engine's).
EVENT_TYPES = ("message", "signal", "conditional", "compensate")


@dataclass(frozen=True)
class EventSubscriptionQuery:
    """The filters of QueryEventSubscriptions and CountEventSubscriptions; each given one must hold."""

    event_subscription_id: str = ""
    event_name: str = ""
    event_type: str = ""
    execution_id: str = ""
    process_instance_id: str = ""
    activity_id: str = ""
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    include_without_tenant_id: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {"created": EventSubscription.created, "tenantId": EventSubscription.tenant_id}


def _conditions(caller: Caller, q: EventSubscriptionQuery) -> list[ColumnElement[bool]]:
    S = EventSubscription
    if q.event_type and q.event_type not in EVENT_TYPES:
        raise invalid_field("event_type", f"one of {', '.join(EVENT_TYPES)}, got {q.event_type!r}")
    if q.include_without_tenant_id and not q.tenant_id_in:
        raise invalid_field("include_event_subscriptions_without_tenant_id", "give it with tenant_id_in")
    conds = executions.tenant_choice(S.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                     or_none=q.include_without_tenant_id)
    conds += executions.equalities([
        (S.id, q.event_subscription_id), (S.event_name, q.event_name), (S.event_type, q.event_type),
        (S.execution_id, q.execution_id), (S.process_instance_id, q.process_instance_id),
        (S.activity_id, q.activity_id),
    ])
    conds.append(S.event_type.in_(EVENT_TYPES))
    return conds + caller.tenant_conditions(S.tenant_id)


def query_event_subscriptions(tx: Session, caller: Caller, q: EventSubscriptionQuery, offset: int,
                              limit: int) -> list[EventSubscription]:
    order = executions.ordering(q.sorting, SORT_KEYS, (EventSubscription.created, EventSubscription.id))
    return list(tx.scalars(select(EventSubscription).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_event_subscriptions(tx: Session, caller: Caller, q: EventSubscriptionQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(EventSubscription).where(*_conditions(caller, q))) or 0)
