"""An event-based gateway waits at the gateway for a message, a signal and a timer at once;
the first event wins and the other waits are removed."""

from __future__ import annotations

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.scenario import Scenario, jobs_of, name

COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED


def start(engine: Scenario) -> tuple[str, str, str, str]:
    message, signal = name("answered"), name("cancelled")
    definition = engine.deploy_one("event_based_gateway.bpmn", CustomerAnswered=message, OrderCancelled=signal)
    return definition, engine.run(definition), message, signal


def test_the_gateway_waits_for_every_event_at_once(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition, instance, message, signal = start(engine)
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "WaitForAnswer"}
    assert engine.ids(message_event_subscription_name=message) == {instance}
    assert engine.ids(signal_event_subscription_name=signal) == {instance}
    assert engine.ids(process_definition_id=definition, activity_id="WaitForAnswer") == {instance}
    assert jobs_of(server, instance) == [("timer-event-gateway", "AnswerTimeout", instance)]


def test_message_wins(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    _, instance, message, signal = start(engine)
    [result] = engine.correlate(message)
    assert result.execution_id == instance
    assert engine.instance(instance).state == COMPLETED
    assert engine.ids(signal_event_subscription_name=signal) == set()
    assert jobs_of(server, instance) == []


def test_signal_wins(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    _, instance, message, signal = start(engine)
    assert engine.broadcast(signal) == 1
    assert engine.instance(instance).state == COMPLETED
    assert engine.ids(message_event_subscription_name=message) == set()
    assert jobs_of(server, instance) == []
