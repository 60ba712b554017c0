"""An error end event inside a subprocess is caught by the subprocess's error boundary event."""

from __future__ import annotations

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.scenario import Scenario

COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED


def test_error_end_event_is_caught_by_the_subprocess_boundary(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("error_end_subprocess.bpmn"))
    tree = {e.id: e for e in engine.tree(instance)}
    [scope] = [e for e in tree.values() if e.id != instance]
    assert (tree[instance].activity_id, scope.activity_id, scope.scope) == ("", "CheckDocuments", True)

    engine.complete(engine.task_at(instance, "CheckDocuments").id, {"valid": False})
    # The error ended the subprocess; the root took the boundary event's flow.
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "FixDocuments"}
    assert [t.task_definition_key for t in engine.tasks_of(instance)] == ["FixDocuments"]
    engine.complete(engine.task_at(instance, "FixDocuments").id)
    assert engine.instance(instance).state == COMPLETED


def test_without_the_error_the_subprocess_completes_normally(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("error_end_subprocess.bpmn"))
    engine.complete(engine.task_at(instance, "CheckDocuments").id, {"valid": True})
    assert engine.tree(instance) == []
    assert engine.instance(instance).state == COMPLETED
