"""ExecutionService verbs on one execution: GetExecution, local variables, SignalExecution and
TriggerMessageSubscription, with their errors."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import execution_pb2 as ex
from tests.engine.scenario import Scenario, name
from tests.engine.support import typed_map
from tests.support import expect_error, unique


def test_get_execution(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("parallel_join.bpmn")
    instance = engine.run(definition, business_key="bk")
    pick = engine.at_activity(instance, "PickItems")
    got = engine.execution(pick)
    assert (got.id, got.process_instance_id, got.parent_id, got.activity_id, got.process_definition_id,
            got.process_definition_key, got.business_key, got.concurrent, got.scope, got.ended, got.tenant_id) == (
        pick, instance, instance, "PickItems", definition, "parallel_join", "bk", True, False, False, "")
    root = engine.execution(instance)
    assert (root.parent_id, root.activity_id, root.scope, root.concurrent) == ("", "", True, False)
    missing = expect_error(lambda: engine.execution(unique("x")), grpc.StatusCode.NOT_FOUND, "EXECUTION_NOT_FOUND")
    assert missing.info.metadata["field_name"] == "id"


def test_local_variables(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("parallel_join.bpmn"), {"shared": 1})
    pick = engine.at_activity(instance, "PickItems")
    assert engine.local(pick) == {}
    engine.executions.ModifyLocalVariables(ex.ModifyLocalVariablesRequest(
        execution_id=pick, modifications=typed_map({"bin": "B1", "count": 3, "gone": True})))
    engine.executions.ModifyLocalVariables(ex.ModifyLocalVariablesRequest(
        execution_id=pick, modifications=typed_map({"count": 4}), deletions=["gone", "never-there"]))
    assert engine.local(pick) == {"bin": ("B1", "String"), "count": (4, "Integer")}
    assert engine.local(instance) == {"shared": (1, "Integer")}
    failed = expect_error(lambda: engine.set_local(pick, {"count": ("many", "Integer")}),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["modifications[count].value"]
    for call in (lambda: engine.local(unique("x")), lambda: engine.set_local(unique("x"), {"a": 1})):
        missing = expect_error(call, grpc.StatusCode.NOT_FOUND, "EXECUTION_NOT_FOUND")
        assert missing.info.metadata["field_name"] == "execution_id"


def test_signal_execution_refuses_what_it_cannot_move(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("parallel_join.bpmn"))
    pick = engine.at_activity(instance, "PickItems")
    failed = expect_error(lambda: engine.signal_execution(instance), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXECUTION_NOT_WAITING")
    assert failed.precondition.violations[0].subject == instance
    failed = expect_error(lambda: engine.signal_execution(pick), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXECUTION_NOT_SIGNALLABLE")
    assert (failed.info.metadata["waits_for"], failed.info.metadata["activity_id"]) == ("user_task", "PickItems")
    engine.complete(engine.task_at(instance, "PickItems").id)
    # Waiting at the join is not a wait SignalExecution can end.
    expect_error(lambda: engine.signal_execution(pick), grpc.StatusCode.FAILED_PRECONDITION, "EXECUTION_NOT_WAITING")
    expect_error(lambda: engine.signal_execution(unique("x")), grpc.StatusCode.NOT_FOUND, "EXECUTION_NOT_FOUND")

    deployment = engine.deploy("call_parent.bpmn", "call_child.bpmn", "call_grandchild.bpmn")
    caller = engine.run(engine.definition_id(deployment, "call_parent"), {"orderId": "o", "amount": 1})
    failed = expect_error(lambda: engine.signal_execution(caller), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXECUTION_NOT_SIGNALLABLE")
    assert failed.info.metadata["waits_for"] == "called_instance"


def test_signal_execution_sets_variables_and_moves_an_external_task(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("embedded_subprocess.bpmn"), {"note": "n"})
    engine.complete(engine.task_at(instance, "CheckItem").id)
    engine.complete(engine.task_at(instance, "PackItems").id)
    assert engine.execution(instance).activity_id == "ShipOrder"
    engine.signal_execution(instance, {"note": "shipped", "parcels": 2})
    assert engine.instance(instance).ended


def test_trigger_message_subscription_errors(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message = name("paid")
    instance = engine.run(engine.deploy_one("message_catch.bpmn", PaymentReceived=message))

    def trigger(execution_id: str, message_name: str) -> None:
        engine.executions.TriggerMessageSubscription(ex.TriggerMessageSubscriptionRequest(
            execution_id=execution_id, message_name=message_name, variables=typed_map({"paid": True})))

    failed = expect_error(lambda: trigger(instance, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["message_name"]
    failed = expect_error(lambda: trigger(instance, "other"), grpc.StatusCode.NOT_FOUND,
                          "MESSAGE_SUBSCRIPTION_NOT_FOUND")
    assert failed.info.metadata["field_name"] == "message_name"
    missing = expect_error(lambda: trigger(unique("x"), message), grpc.StatusCode.NOT_FOUND, "EXECUTION_NOT_FOUND")
    assert missing.info.metadata["field_name"] == "execution_id"
    engine.suspend(instance)
    expect_error(lambda: trigger(instance, message), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    engine.activate(instance)
    trigger(instance, message)
    assert engine.instance(instance).ended
