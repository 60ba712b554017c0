"""Multi-instance activities that fail, and errors thrown inside them.

A loop cardinality that is not a whole number from 0 to 10,000, a collection that is not a list
(or that no variable holds, or with more than 10,000 items) and a completion condition that is
not a boolean fail the call that evaluated them (FAILED_PRECONDITION
EXPRESSION_EVALUATION_FAILED naming the activity): nothing it did is kept. A BPMN error thrown
inside an instance goes up as usual (the boundary events of the activity are the body's); a
terminate end event inside an instance of a subprocess ends that instance only."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.mi_support import BODY, MultiInstances, loop, process, subprocess, user_task
from tests.engine.work_support import key
from tests.support import expect_error

EVALUATION_FAILED = "EXPRESSION_EVALUATION_FAILED"
I = pi.ModificationInstruction


@pytest.fixture
def engine(api) -> MultiInstances:  # type: ignore[no-untyped-def]
    return MultiInstances(api)


@pytest.mark.parametrize("characteristics, variables, says", [
    (loop(cardinality="${n}"), {"n": -1}, "the loop cardinality must be a whole number from 0 to 10000, not -1"),
    (loop(cardinality="${n}"), {"n": "three"}, "not 'three'"),
    (loop(cardinality="${n}"), {"n": 2.5}, "not 2.5"),
    (loop(cardinality="${n}"), {"n": 10_001}, "not 10001"),
    (loop(cardinality="${n}"), {}, "unknown property used in expression: n"),
    (loop(collection="items", element="item"), {}, "no variable 'items' holds the collection"),
    (loop(collection="items", element="item"), {"items": "a,b"}, "the collection must be a list, not 'a,b'"),
    (loop(collection="${order.lines}"), {"order": ({"lines": {"a": 1}}, "Json")}, "the collection must be a list"),
    (loop(collection="items"), {"items": (list(range(10_001)), "Json")}, "the collection has 10001 items"),
])
def test_a_start_whose_body_cannot_count_its_instances_fails_and_leaves_nothing(  # type: ignore[no-untyped-def]
        engine, characteristics, variables, says) -> None:
    definition = engine.deploy_body(process(key("mi_bad_count"), user_task(characteristics)))
    failed = expect_error(lambda: engine.start_with(definition, variables), grpc.StatusCode.FAILED_PRECONDITION,
                          EVALUATION_FAILED)
    assert says in failed.message and "at 'Work'" in failed.message
    assert failed.info.metadata["activity_id"] == "Work"
    assert not engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_id=definition, include_ended=True)).process_instances


def test_a_completion_condition_that_is_no_boolean_fails_the_completion(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_bad_condition"),
                                            user_task(loop(cardinality="2", condition="${nrOfCompletedInstances}"))))
    instance = engine.start_id(definition)
    task = engine.task_of(instance, 0)
    failed = expect_error(lambda: engine.complete(task, {"note": "x"}), grpc.StatusCode.FAILED_PRECONDITION,
                          EVALUATION_FAILED)
    assert "the completion condition returned non-Boolean 1" in failed.message
    # Nothing changed: the task waits, the counters are as before, the variable is not set.
    assert engine.open_tasks(instance) == ["Work", "Work"]
    assert engine.counters(instance) == (2, 2, 0)
    assert "note" not in engine.variables(instance)


def test_a_sequential_collection_that_shrank_fails_the_next_instance(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_shrank"), user_task(loop(sequential=True, collection="items",
                                                                             element="item"))))
    instance = engine.start_with(definition, {"items": ["a", "b"]})
    engine.set_variables_of(instance, {"items": (["a"], "Json")})
    failed = expect_error(lambda: engine.finish(instance, "Work"), grpc.StatusCode.FAILED_PRECONDITION,
                          EVALUATION_FAILED)
    assert "the collection has no item 1 any more (it has 1)" in failed.message
    assert engine.counters(instance) == (2, 1, 0)


def test_a_sequential_body_takes_no_second_instance_beside_its_running_one(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_seq_add"), user_task(loop(sequential=True, cardinality="3"))))
    instance = engine.start_id(definition)
    failed = expect_error(lambda: engine.modify(instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Work")),
                          grpc.StatusCode.FAILED_PRECONDITION, "SEQUENTIAL_INSTANCE_RUNNING")
    assert "'Work' runs an instance already" in failed.message
    assert engine.counters(instance) == (3, 1, 0)
    # Once its instance is cancelled, it takes one (the last: its loopCounter is 3 of 4).
    engine.modify(instance, I(type=I.TYPE_CANCEL, activity_id="Work"),
                  I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Work"))
    assert engine.counters(instance) == (4, 1, 0)
    assert [v["loopCounter"] for v in engine.instances_at(instance)] == [3]
    engine.finish(instance, "Work")
    assert engine.open_tasks(instance) == ["After"]


ERROR_BOUNDARY = ('<bpmn:boundaryEvent id="Caught" attachedToRef="Work"><bpmn:errorEventDefinition errorRef="Err" />'
                  "</bpmn:boundaryEvent>")


def _failing_subprocess(characteristics: str, end: str) -> str:
    """The subprocess Work: the user task Review, then the gateway Decide: ``end`` (id Stop) when
    ``stop``, else SubEnd."""
    return f"""<bpmn:subProcess id="Work">{characteristics}
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Review" />
    <bpmn:userTask id="Review" />
    <bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="Decide" />
    <bpmn:exclusiveGateway id="Decide" default="s4" />
    <bpmn:sequenceFlow id="s3" sourceRef="Decide" targetRef="Stop">
      <bpmn:conditionExpression>${{stop}}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="s4" sourceRef="Decide" targetRef="SubEnd" />
    {end}
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>"""


def test_an_error_end_event_in_one_instance_cancels_the_body_through_the_boundary(engine) -> None:  # type: ignore[no-untyped-def]
    work = _failing_subprocess(loop(cardinality="3"),
                               '<bpmn:endEvent id="Stop"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>')
    definition = engine.deploy_body(process(key("mi_error_end"), work, ERROR_BOUNDARY))
    instance = engine.start_id(definition)
    [first, *_] = [t.id for t in engine.tasks_of(instance)]
    engine.complete(first, {"stop": False})
    assert engine.counters(instance) == (3, 2, 1)
    [second, *_] = [t.id for t in engine.tasks_of(instance)]
    engine.complete(second, {"stop": True})
    assert engine.open_tasks(instance) == ["Rescue"]
    passes = engine.passes(instance)
    assert (BODY, "multiInstanceBody", "canceled", "") in passes
    assert sorted(p[2] for p in passes if p[0] == "Work") == ["canceled", "canceled", "completed"]


def test_a_terminate_end_event_ends_its_instance_only(engine) -> None:  # type: ignore[no-untyped-def]
    work = _failing_subprocess(loop(cardinality="2"),
                               '<bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>')
    definition = engine.deploy_body(process(key("mi_terminate"), work))
    instance = engine.start_id(definition)
    [first, *_] = [t.id for t in engine.tasks_of(instance)]
    engine.complete(first, {"stop": True})
    assert engine.counters(instance) == (2, 1, 1)
    assert engine.open_tasks(instance) == ["Review"]
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["After"]
    assert [p[2] for p in engine.passes(instance) if p[0] == "Work"] == ["completed", "completed"]


def test_deleting_an_instance_cancels_its_body_and_instances(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_delete"), subprocess(loop(cardinality="2"))))
    instance = engine.start_id(definition)
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    passes = engine.passes(instance)
    assert {p[2] for p in passes if p[0] in (BODY, "Work", "Review")} == {"canceled"}
    assert len([p for p in passes if p[0] == "Review"]) == 2
