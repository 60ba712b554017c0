"""A receive task waits for its message (name from an expression) and is moved on by
correlation; a receive task without a message waits until SignalExecution moves it."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import execution_pb2, process_instance_pb2
from tests.engine.scenario import Scenario
from tests.support import expect_error, unique


def test_receive_task_waits_for_its_message_then_for_a_signal(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("receive_task.bpmn")
    order = unique("order")
    instance = engine.run(definition, {"orderId": order})
    message = f"Confirmation-{order}"
    # The message name expression was resolved when the instance reached the task.
    assert engine.ids(message_event_subscription_name=message) == {instance}
    assert engine.ids(process_instance_id=instance, activity_id="WaitForConfirmation") == {instance}

    [result] = engine.correlate(message, process_variables={"confirmed": True})
    assert (result.execution_id, result.process_instance_id) == (instance, instance)
    assert engine.variables(instance)["confirmed"] == (True, "Boolean")
    assert engine.ids(message_event_subscription_name=message) == set()

    # The second receive task has no message: no subscription, only SignalExecution moves it.
    assert engine.ids(process_instance_id=instance, activity_id="WaitForSignal") == {instance}
    assert engine.ids(process_definition_id=definition, message_event_subscription_name=message) == set()
    expect_error(lambda: engine.executions.TriggerMessageSubscription(execution_pb2.TriggerMessageSubscriptionRequest(
        execution_id=instance, message_name=message)), grpc.StatusCode.NOT_FOUND, "MESSAGE_SUBSCRIPTION_NOT_FOUND")
    engine.signal_execution(instance, {"signalled": "yes"})
    ended = engine.instance(instance)
    assert ended.state == process_instance_pb2.ProcessInstance.STATE_COMPLETED


def test_trigger_message_subscription_moves_one_execution(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("receive_task.bpmn")
    order = unique("order")
    first, second = engine.run(definition, {"orderId": order}), engine.run(definition, {"orderId": order})
    message = f"Confirmation-{order}"
    assert engine.ids(message_event_subscription_name=message) == {first, second}
    engine.executions.TriggerMessageSubscription(execution_pb2.TriggerMessageSubscriptionRequest(
        execution_id=second, message_name=message, variables={}))
    assert engine.ids(message_event_subscription_name=message) == {first}
    assert engine.ids(process_definition_id=definition, activity_id="WaitForSignal") == {second}
