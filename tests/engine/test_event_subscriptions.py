"""EventSubscriptionService: what waits for a message, a signal, a condition or a compensation —
paths at their events, definitions at their start events, completed compensable activities —
queried and counted with the document's engine's filters; timers are jobs, not subscriptions."""

from __future__ import annotations

from typing import Any

import grpc

from flowkeeper.engine.v1 import event_subscription_pb2 as es
from flowkeeper.engine.v1 import event_subscription_pb2_grpc, message_pb2, signal_pb2
from tests.engine.compensation_support import compensable
from tests.engine.job_support import timer
from tests.engine.failure_support import Failures
from tests.engine.support import typed_map
from tests.engine.work_support import key
from tests.support import expect_error, unique


def waiting(process_key: str) -> str:
    """A message start event; Book (compensable, then completed), then Review with a signal, a
    conditional and a timer boundary event."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Ordered"><bpmn:messageEventDefinition messageRef="Placed" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="f0" sourceRef="Ordered" targetRef="Book" />
  {compensable("Book")}
  <bpmn:sequenceFlow id="f1" sourceRef="Book" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Recalled" attachedToRef="Review"><bpmn:signalEventDefinition signalRef="Recall" />
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="Big" attachedToRef="Review" cancelActivity="false">
    <bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${{amount &gt; 10}}</bpmn:condition>
    </bpmn:conditionalEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="Late" attachedToRef="Review">{timer("timeDuration", "PT1H", "Late")}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Recalled" targetRef="RecallEnd" />
  <bpmn:endEvent id="RecallEnd" />
  <bpmn:sequenceFlow id="f4" sourceRef="Big" targetRef="BigEnd" />
  <bpmn:endEvent id="BigEnd" />
  <bpmn:sequenceFlow id="f5" sourceRef="Late" targetRef="LateEnd" />
  <bpmn:endEvent id="LateEnd" />
</bpmn:process>
<bpmn:message id="Placed" name="{process_key}-placed" />
<bpmn:signal id="Recall" name="{process_key}-recall" />
"""


class Subscriptions(Failures):
    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.subscriptions = api.stub(event_subscription_pb2_grpc.EventSubscriptionServiceStub)

    def found(self, **filters: Any) -> list[es.EventSubscription]:
        found = list(self.subscriptions.QueryEventSubscriptions(
            es.QueryEventSubscriptionsRequest(**filters)).event_subscriptions)
        counted = {k: v for k, v in filters.items() if k not in ("page", "sorting")}
        if "page" not in filters:
            assert self.subscriptions.CountEventSubscriptions(
                es.CountEventSubscriptionsRequest(**counted)).count == len(found)
        return found

    def correlate_start(self, message_name: str, variables: dict[str, Any]) -> str:
        [result] = self.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(
            message_name=message_name, process_variables=typed_map(variables))).results
        return result.process_instance_id

    def broadcast(self, name: str) -> None:
        self.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(name=name))


def test_what_waits_and_the_query_s_filters(api) -> None:  # type: ignore[no-untyped-def]
    h = Subscriptions(api)
    process_key = key("subscribed")
    definition = h.deploy_inline(process_key, waiting(process_key))
    [start] = h.found(event_name=f"{process_key}-placed")
    assert (start.event_type, start.activity_id, start.execution_id, start.process_instance_id,
            start.process_definition_id) == ("message", "Ordered", "", "", definition)
    instance = h.correlate_start(f"{process_key}-placed", {"amount": 1})
    [book] = h.tasks_of(instance)
    h.complete(book.id)
    mine = h.found(process_instance_id=instance)
    assert sorted((s.event_type, s.activity_id, s.event_name) for s in mine) == [
        ("compensate", "Book", ""), ("conditional", "Big", ""), ("signal", "Recalled", f"{process_key}-recall")]
    assert {s.process_definition_id for s in mine} == {definition} and all(s.execution_id for s in mine)
    assert all(s.created_date.seconds for s in mine)
    [signal] = h.found(process_instance_id=instance, event_type="signal")
    assert h.found(event_subscription_id=signal.id) == [signal]
    assert h.found(execution_id=signal.execution_id, activity_id="Recalled") == [signal]
    assert [s.activity_id for s in h.found(process_instance_id=instance, event_type="compensate")] == ["Book"]
    assert h.found(process_instance_id=instance, activity_id="Late") == []  # a timer is a job
    assert len(h.found(process_instance_id=instance, without_tenant_id=True)) == 3
    assert h.found(process_instance_id=instance, tenant_id_in=[unique("tenant")]) == []
    assert len(h.found(process_instance_id=instance, tenant_id_in=[unique("tenant")],
                       include_event_subscriptions_without_tenant_id=True)) == 3
    created = [s.id for s in h.found(process_instance_id=instance, sorting=[{"sort_by": "created", "sort_order": "desc"}])]
    assert sorted(created) == sorted(s.id for s in mine)
    assert len(h.found(process_instance_id=instance, page={"first_result": 1, "max_results": 1})) == 1
    # Gone with what they waited for: the signal ends the path, and the instance its records.
    h.broadcast(f"{process_key}-recall")
    assert h.found(process_instance_id=instance) == []


def test_a_tenant_s_subscriptions(api) -> None:  # type: ignore[no-untyped-def]
    h = Subscriptions(api)
    process_key = key("tenant_subscribed")
    tenant = unique("tenant")
    h.deploy_inline(process_key, waiting(process_key), tenant=tenant)
    [start] = h.found(event_name=f"{process_key}-placed")
    assert start.tenant_id == tenant
    assert h.found(event_name=f"{process_key}-placed", tenant_id_in=[tenant]) == [start]
    assert h.found(event_name=f"{process_key}-placed", without_tenant_id=True) == []


def test_refusals_name_the_field(api) -> None:  # type: ignore[no-untyped-def]
    h = Subscriptions(api)
    for fields, reason, field_name in (
        ({"event_type": "timer"}, "INVALID_FIELD", "event_type"),
        ({"tenant_id_in": ["t"], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"include_event_subscriptions_without_tenant_id": True}, "INVALID_FIELD",
         "include_event_subscriptions_without_tenant_id"),
        ({"sorting": [{"sort_by": "eventName", "sort_order": "asc"}]}, "INVALID_SORTING", "sorting[0].sort_by"),
        ({"page": {"first_result": -1}}, "INVALID_FIELD", "first_result"),
    ):
        failure = expect_error(lambda: h.found(**fields), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failure.fields == [field_name], (fields, failure.fields)
