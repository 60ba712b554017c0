"""gRPC servicer of event subscriptions (flowkeeper.engine.v1.EventSubscriptionService): decode,
call the domain (server.engine.event_subscriptions), encode."""

from __future__ import annotations

from typing import Any, Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import event_subscription_pb2, event_subscription_pb2_grpc
from server.context import AppContext
from server.engine import event_subscriptions
from server.engine.mapping import page_window, sorting_of, timestamp
from server.engine.models import EventSubscription
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


def event_subscription(row: EventSubscription) -> event_subscription_pb2.EventSubscription:
    return event_subscription_pb2.EventSubscription(
        id=row.id, event_type=row.event_type, event_name=row.event_name or "", execution_id=row.execution_id or "",
        process_instance_id=row.process_instance_id or "", activity_id=row.activity_id,
        tenant_id=row.tenant_id or "", created_date=timestamp(row.created),
        process_definition_id=row.process_definition_id or "",
    )


def query_of(request: Any) -> event_subscriptions.EventSubscriptionQuery:
    """The filters of a QueryEventSubscriptionsRequest or a CountEventSubscriptionsRequest."""
    return event_subscriptions.EventSubscriptionQuery(
        event_subscription_id=request.event_subscription_id, event_name=request.event_name,
        event_type=request.event_type, execution_id=request.execution_id,
        process_instance_id=request.process_instance_id, activity_id=request.activity_id,
        tenant_id_in=tuple(request.tenant_id_in), without_tenant_id=request.without_tenant_id,
        include_without_tenant_id=request.include_event_subscriptions_without_tenant_id,
        sorting=tuple(sorting_of(request)),
    )


class EventSubscriptionServicer(Servicer, event_subscription_pb2_grpc.EventSubscriptionServiceServicer):
    @transactional(write=False)
    def QueryEventSubscriptions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = page_window(request.page, self.app.config.max_page_size)
        rows = event_subscriptions.query_event_subscriptions(tx, caller, query_of(request), offset, limit)
        return event_subscription_pb2.QueryEventSubscriptionsResponse(
            event_subscriptions=[event_subscription(r) for r in rows])

    @transactional(write=False)
    def CountEventSubscriptions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        count = event_subscriptions.count_event_subscriptions(tx, caller, query_of(request))
        return event_subscription_pb2.CountEventSubscriptionsResponse(count=count)


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    event_subscription_pb2_grpc.add_EventSubscriptionServiceServicer_to_server(EventSubscriptionServicer(app), server)
    return [event_subscription_pb2.DESCRIPTOR.services_by_name["EventSubscriptionService"].full_name]
