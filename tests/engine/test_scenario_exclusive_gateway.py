"""An exclusive gateway takes the first flow whose condition holds, else its default flow; with
neither, the call fails with NO_OUTGOING_FLOW and nothing of it is kept."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.scenario import Scenario
from tests.support import expect_error

COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED


def test_conditions_and_default_flow(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("exclusive_gateway.bpmn")
    large = engine.run(definition, {"amount": 5000})
    medium = engine.run(definition, {"amount": 100})
    medium_double = engine.run(definition, {"amount": ("999.5", "Double")})
    small = engine.run(definition, {"amount": 99})
    assert engine.ids(process_definition_id=definition, activity_id="ManagerApproval") == {large}
    assert engine.ids(process_definition_id=definition, activity_id="TeamLeadApproval") == {medium, medium_double}
    # The default flow led to a plain task and on to the end.
    assert engine.instance(small).state == COMPLETED
    assert engine.ids(process_definition_id=definition) == {large, medium, medium_double}


def test_a_failing_condition_starts_nothing(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("exclusive_gateway.bpmn")
    failed = expect_error(lambda: engine.run(definition), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["activity_id"] == "Flow_large"
    failed = expect_error(lambda: engine.run(definition, {"amount": "lots"}), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert engine.ids(process_definition_id=definition) == set()
    assert list(engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_id=definition, include_ended=True)).process_instances) == []


def test_no_flow_to_take_fails_and_keeps_the_task(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("exclusive_no_default.bpmn")
    instance = engine.run(definition)
    triage = engine.task_at(instance, "Triage")
    failed = expect_error(lambda: engine.complete(triage.id, {"priority": "medium"}),
                          grpc.StatusCode.FAILED_PRECONDITION, "NO_OUTGOING_FLOW")
    assert failed.info.metadata["activity_id"] == "Route"
    assert failed.precondition.violations[0].subject == "Route"
    # Rolled back: the task is still there, the variable was not set, the instance did not move.
    assert engine.task_at(instance, "Triage").id == triage.id
    assert engine.variables(instance) == {}
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "Triage"}

    engine.complete(triage.id, {"priority": "low"})
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "Queue"}
