"""A terminate end event ends every other path of its scope: the instance completes."""

from __future__ import annotations

from datetime import timedelta

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.resources.modeler import render
from tests.engine.scenario import Scenario
from tests.engine.work_support import key
from tests.support import unique

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


def test_a_terminate_end_reached_at_once_voids_the_paths_forked_beside_it(api):  # type: ignore[no-untyped-def]
    """The fork's second path, still on the agenda, is removed before it enters its task."""
    engine = Scenario(api)
    process_key = key("terminate_at_once")
    deployment = engine.deploy(contents={f"{process_key}.bpmn": render(f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Terminate" />
  <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Review" />
  <bpmn:endEvent id="Terminate"><bpmn:terminateEventDefinition /></bpmn:endEvent>
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f4" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>""", process_key).encode()})
    instance = engine.run(engine.definition_id(deployment, process_key))
    assert engine.instance(instance).state == COMPLETED
    assert engine.tasks_of(instance) == []



def _two_receivers(process_key: str, message: str) -> str:
    """Two paths wait for the same message: the first goes on to a user task, the second, which
    subscribes after a user task of its own, to a terminate end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="a1" sourceRef="Fork" targetRef="Hear" />
  <bpmn:receiveTask id="Hear" messageRef="Go" />
  <bpmn:sequenceFlow id="a2" sourceRef="Hear" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="a3" sourceRef="Review" targetRef="Done" />
  <bpmn:endEvent id="Done" />
  <bpmn:sequenceFlow id="b0" sourceRef="Fork" targetRef="Prepare" />
  <bpmn:userTask id="Prepare" />
  <bpmn:sequenceFlow id="b1" sourceRef="Prepare" targetRef="Stop" />
  <bpmn:receiveTask id="Stop" messageRef="Go" />
  <bpmn:sequenceFlow id="b2" sourceRef="Stop" targetRef="Kill" />
  <bpmn:endEvent id="Kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>
</bpmn:process>
<bpmn:message id="Go" name="{message}" />
"""


def test_a_wait_made_after_its_path_was_cleared_goes_when_a_terminate_end_follows(api, server):  # type: ignore[no-untyped-def]
    """One message moves both paths in one call, the older subscription first. The first
    path's waits are cleared as it leaves its receive task, and it waits again at a user task;
    the second path's terminate end then ends the instance. The runtime does not look again
    for the waits of an execution it cleared in the same call, unless it made new ones since:
    the user task goes too."""
    engine = Scenario(api)
    process_key = key("late_wait")
    message = unique("go")
    deployment = engine.deploy(contents={f"{process_key}.bpmn": render(_two_receivers(process_key, message),
                                                                       process_key).encode()})
    definition = engine.definition_id(deployment, process_key)
    instance = engine.run(definition)
    server.clock.advance(timedelta(seconds=1))
    engine.complete(engine.task_at(instance, "Prepare").id)
    assert len(engine.correlate(message, all=True)) == 2
    ended = engine.instance(instance)
    assert ended.state == COMPLETED and ended.ended
    assert engine.tasks_of(instance) == []
    assert engine.ids(process_definition_id=definition) == set()
