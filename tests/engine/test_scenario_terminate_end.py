"""A terminate end event ends every other path of its scope: the instance completes."""

from __future__ import annotations

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.scenario import Scenario

COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED


def test_terminate_end_ends_the_other_paths(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("terminate_end.bpmn")
    instance = engine.run(definition)
    quick = engine.at_activity(instance, "QuickCheck")
    long_work = engine.at_activity(instance, "LongWork")
    assert engine.ids(process_definition_id=definition) == {instance, quick, long_work}
    assert [t.task_definition_key for t in engine.tasks_of(instance)] == ["LongWork"]

    engine.signal_execution(quick)
    assert engine.ids(process_definition_id=definition) == set()
    assert engine.tasks_of(instance) == []
    ended = engine.instance(instance)
    assert ended.state == COMPLETED and ended.ended
