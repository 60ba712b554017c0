"""Multi-instance activities (as Camunda 7 runs them).

Entering a multi-instance activity Work enters its body ``Work#multiInstanceBody``: a scope
execution holding nrOfInstances, nrOfActiveInstances and nrOfCompletedInstances, and the waits of
the boundary events attached to Work. Its instances are concurrent children of the body, each with
its local loopCounter (and element variable): all at once when parallel, one after the other when
sequential. After each instance the body counts it and evaluates the completion condition from the
instance; when that holds, or no instance is left, the instances still running are cancelled and
the body is left through Work's outgoing flows. History and the activity instance tree show the
body (type multiInstanceBody) with the instances inside."""

from __future__ import annotations

import pytest

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import history_pb2, job_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.esp_support import called_process
from tests.engine.failure_support import Step, string
from tests.engine.mi_support import BODY, MultiInstances, external_task, loop, process, subprocess, user_task
from tests.engine.work_support import key
from tests.support import unique

STATE = pi.ProcessInstance
COMPLETED = STATE.STATE_COMPLETED


@pytest.fixture
def engine(api) -> MultiInstances:  # type: ignore[no-untyped-def]
    return MultiInstances(api)


def test_a_parallel_user_task_runs_its_instances_at_once_and_leaves_when_all_completed(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_parallel"), user_task(loop(cardinality="3"))))
    instance = engine.start_id(definition)
    assert engine.open_tasks(instance) == ["Work"] * 3
    assert [v["loopCounter"] for v in engine.instances_at(instance)] == [0, 1, 2]
    assert engine.counters(instance) == (3, 3, 0)
    assert engine.where(instance) == [f"{BODY}/Work:userTask"] * 3 + [f"{BODY}:multiInstanceBody"]
    assert engine.statistics(definition) == {BODY: 1, "Work": 3}
    # The tree's ids are the history's.
    body_pass = engine.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
        process_instance_id=instance, activity_id=BODY)).historic_activity_instances[0]
    assert engine.activity_tree_id(instance, BODY) == body_pass.id and not body_pass.HasField("end_time")
    # Instances are concurrent children of the body's scope execution.
    body = engine.body(instance)
    children = [e for e in engine.tree(instance) if e.parent_id == body]
    assert len(children) == 3 and all(e.concurrent and e.activity_id == "Work" for e in children)

    engine.complete(engine.task_of(instance, 1), {"seen": "one"})
    assert engine.counters(instance) == (3, 2, 1)
    # A variable set without "local" goes up the scope chain: to the instance.
    assert engine.variables(instance)["seen"] == ("one", "String")
    engine.complete(engine.task_of(instance, 0))
    engine.complete(engine.task_of(instance, 2))
    assert engine.open_tasks(instance) == ["After"]
    assert engine.passes(instance) == [
        ("After", "userTask", "running", ""), ("Start", "startEvent", "completed", ""),
        ("Work", "userTask", "completed", BODY), ("Work", "userTask", "completed", BODY),
        ("Work", "userTask", "completed", BODY), (BODY, "multiInstanceBody", "completed", "")]
    # The body's and the instances' variables went with them.
    assert set(engine.variables(instance)) == {"seen"}


def test_a_sequential_user_task_over_a_collection_runs_one_instance_per_item_in_turn(engine) -> None:  # type: ignore[no-untyped-def]
    characteristics = loop(sequential=True, collection="reviewers", element="reviewer")
    definition = engine.deploy_body(process(key("mi_sequential"), user_task(characteristics,
                                                                           ' camunda:assignee="${reviewer}"')))
    instance = engine.start_with(definition, {"reviewers": ["ann", "bob", "cy"]})
    seen = []
    for index, reviewer in enumerate(["ann", "bob", "cy"]):
        [task] = [t for t in engine.tasks_of(instance) if t.task_definition_key == "Work"]
        assert task.assignee == reviewer
        assert engine.local(task.execution_id) == {"loopCounter": index, "reviewer": reviewer}
        seen.append(engine.counters(instance))
        engine.complete(task.id)
    assert seen == [(3, 1, 0), (3, 1, 1), (3, 1, 2)]
    assert engine.open_tasks(instance) == ["After"]
    assert [p for p in engine.passes(instance) if p[0] == "Work"] == [("Work", "userTask", "completed", BODY)] * 3


def test_a_collection_expression_gives_each_parallel_instance_its_item(engine) -> None:  # type: ignore[no-untyped-def]
    characteristics = loop(collection="${order.lines}", element="line")
    definition = engine.deploy_body(process(key("mi_expression"), user_task(characteristics)))
    lines = [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}]
    instance = engine.start_with(definition, {"order": ({"lines": lines}, "Json")})
    assert engine.instances_at(instance) == [{"loopCounter": 0, "line": lines[0]}, {"loopCounter": 1, "line": lines[1]}]
    assert engine.counters(instance) == (2, 2, 0)


def test_the_completion_condition_ends_the_body_early_and_cancels_the_remaining_instances(engine) -> None:  # type: ignore[no-untyped-def]
    characteristics = loop(cardinality="${voters}", condition="${nrOfCompletedInstances >= 2}")
    definition = engine.deploy_body(process(key("mi_condition"), user_task(characteristics)))
    instance = engine.start_with(definition, {"voters": 4})
    engine.complete(engine.task_of(instance, 3))
    assert engine.open_tasks(instance) == ["Work"] * 3
    engine.complete(engine.task_of(instance, 0))
    assert engine.open_tasks(instance) == ["After"]
    passes = engine.passes(instance)
    assert sorted(p[2] for p in passes if p[0] == "Work") == ["canceled", "canceled", "completed", "completed"]
    assert (BODY, "multiInstanceBody", "completed", "") in passes


def test_a_sequential_completion_condition_sees_the_instance_variables(engine) -> None:  # type: ignore[no-untyped-def]
    characteristics = loop(sequential=True, collection="items", element="item", condition="${item == 'stop'}")
    definition = engine.deploy_body(process(key("mi_stop"), user_task(characteristics)))
    instance = engine.start_with(definition, {"items": ["go", "stop", "never"]})
    engine.finish(instance, "Work", "Work")
    assert engine.open_tasks(instance) == ["After"]
    assert len([p for p in engine.passes(instance) if p[0] == "Work"]) == 2


@pytest.mark.parametrize("characteristics, variables", [
    (loop(cardinality="0"), {}),
    (loop(collection="items", element="item"), {"items": ([], "Json")}),
])
def test_no_instances_complete_the_body_at_once(engine, characteristics, variables) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_none"), user_task(characteristics)))
    instance = engine.start_with(definition, variables)
    assert engine.open_tasks(instance) == ["After"]
    passes = engine.passes(instance)
    assert (BODY, "multiInstanceBody", "completed", "") in passes
    assert not any(p[0] == "Work" for p in passes)


def test_a_multi_instance_subprocess_runs_each_instance_in_a_subprocess_of_its_own(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_sub"), subprocess(loop(collection="items", element="item"))))
    instance = engine.start_with(definition, {"items": ["x", "y"]})
    assert engine.where(instance) == [f"{BODY}/Work/Review:userTask"] * 2 + [f"{BODY}/Work:subProcess"] * 2 + [
        f"{BODY}:multiInstanceBody"]
    # The task inside sees its instance's item (through the subprocess's scope execution).
    items = sorted(engine.local(engine.parent_of(t.execution_id))["item"] for t in engine.tasks_of(instance))
    assert items == ["x", "y"]
    engine.finish(instance, "Review")
    assert engine.counters(instance) == (2, 1, 1)
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["After"]
    passes = engine.passes(instance)
    assert [p for p in passes if p[0] == "Work"] == [("Work", "subProcess", "completed", BODY)] * 2
    assert [p for p in passes if p[0] == "Review"] == [("Review", "userTask", "completed", "Work")] * 2


def test_a_multi_instance_call_activity_calls_one_instance_per_item(engine) -> None:  # type: ignore[no-untyped-def]
    child = key("mi_called")
    work = f"""<bpmn:callActivity id="Work" calledElement="{child}">
      <bpmn:extensionElements>
        <camunda:in source="item" target="item" />
        <camunda:out source="answer" target="answer" local="true" />
        <camunda:out source="answer" target="lastAnswer" />
      </bpmn:extensionElements>
      {loop(collection="items", element="item")}
    </bpmn:callActivity>"""
    definition = engine.deploy_body(process(key("mi_call"), work), (child, called_process(child)))
    instance = engine.start_with(definition, {"items": ["p", "q"]})
    called = engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    assert len(called) == 2
    by_item = {engine.variables(c.id)["item"][0]: c.id for c in called}
    assert set(by_item) == {"p", "q"}
    [check] = engine.tasks_of(by_item["q"])
    engine.complete(check.id, {"answer": "yes"})
    assert engine.counters(instance) == (2, 1, 1)
    assert engine.variables(instance)["lastAnswer"] == ("yes", "String")
    assert "answer" not in engine.variables(instance)  # local to its instance's execution, gone with it
    [check] = engine.tasks_of(by_item["p"])
    engine.complete(check.id, {"answer": "no"})
    assert engine.open_tasks(instance) == ["After"]
    found = engine.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
        process_instance_id=instance, activity_id="Work")).historic_activity_instances
    assert sorted(p.called_process_instance_id for p in found) == sorted(by_item.values())


def test_a_multi_instance_external_task_gives_each_instance_its_task(engine) -> None:  # type: ignore[no-untyped-def]
    topic = unique("mi-topic")
    definition = engine.deploy_body(process(key("mi_work"), external_task(loop(collection="items", element="item"),
                                                                          topic)))
    instance = engine.start_with(definition, {"items": [10, 20]})
    locked = engine.fetch("w", engine.topic(topic))
    assert sorted(t.external_task.activity_id for t in locked) == ["Work", "Work"]
    assert sorted(engine.local(t.external_task.execution_id)["item"] for t in locked) == [10, 20]
    for task in locked:
        engine.complete_external(task.external_task.id, "w", {"total": 1})
    assert engine.open_tasks(instance) == ["After"]


# -- boundary events: attached to the body -----------------------------------------------------

TIMER = ('<bpmn:boundaryEvent id="Caught" attachedToRef="Work"{attributes}><bpmn:timerEventDefinition>'
         "<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>")
MESSAGE_BOUNDARY = ('<bpmn:boundaryEvent id="Caught" attachedToRef="Work" cancelActivity="false">'
                    '<bpmn:messageEventDefinition messageRef="Msg" /></bpmn:boundaryEvent>')
ERROR_BOUNDARY = ('<bpmn:boundaryEvent id="Caught" attachedToRef="Work"><bpmn:errorEventDefinition errorRef="Err" '
                  'camunda:errorCodeVariable="code" /></bpmn:boundaryEvent>')


def test_an_interrupting_timer_on_a_multi_instance_activity_cancels_every_instance(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_timer"), user_task(loop(cardinality="2")),
                                            TIMER.format(attributes="")))
    instance = engine.start_id(definition)
    body = engine.body(instance)
    # One timer, waiting on the body's scope execution.
    [job] = engine.jobs_of(instance)
    assert (job.activity_id, job.execution_id) == ("Caught", body)
    engine.complete(engine.task_of(instance, 0))  # an instance done does not stop the timer
    engine.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id))
    assert engine.open_tasks(instance) == ["Rescue"]
    passes = engine.passes(instance)
    assert (BODY, "multiInstanceBody", "canceled", "") in passes
    assert sorted(p[2] for p in passes if p[0] == "Work") == ["canceled", "completed"]
    assert ("Caught", "boundaryTimer", "completed", "") in passes


def test_a_non_interrupting_message_on_a_multi_instance_activity_starts_a_path_beside_it(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_message"), user_task(loop(cardinality="2")), MESSAGE_BOUNDARY))
    instance = engine.start_id(definition)
    body = engine.body(instance)
    assert engine.waiting_for_message(instance) == {body}
    engine.correlate(process_instance_id=instance)
    assert engine.open_tasks(instance) == ["Rescue", "Work", "Work"]
    assert engine.waiting_for_message(instance) == {body}
    engine.finish(instance, "Work", "Work")
    assert engine.open_tasks(instance) == ["After", "Rescue"]
    assert engine.waiting_for_message(instance) == set()  # the body's waits went with it


def test_an_error_from_one_instance_is_caught_by_the_boundary_on_the_activity(engine) -> None:  # type: ignore[no-untyped-def]
    topic = unique("mi-error")
    definition = engine.deploy_body(process(key("mi_error"), external_task(loop(cardinality="3"), topic),
                                            ERROR_BOUNDARY))
    instance = engine.start_id(definition)
    locked = engine.fetch("w", engine.topic(topic))
    assert len(locked) == 3
    engine.complete_external(locked[0].external_task.id, "w")
    engine.external.HandleExternalTaskBpmnError(et.HandleExternalTaskBpmnErrorRequest(
        id=locked[1].external_task.id, worker_id="w", error_code="FAILED"))
    assert engine.open_tasks(instance) == ["Rescue"]
    assert engine.external_tasks(process_instance_id=instance) == []
    assert engine.variables(instance)["code"] == ("FAILED", "String")
    passes = engine.passes(instance)
    assert sorted(p[2] for p in passes if p[0] == "Work") == ["canceled", "canceled", "completed"]
    assert (BODY, "multiInstanceBody", "canceled", "") in passes


# -- asynchronous continuations, work and its failures -----------------------------------------


def test_async_before_on_a_multi_instance_activity_holds_each_instance(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    engine = MultiInstances(fresh_server(server.backend, background=False).api())  # no job executor
    definition = engine.deploy_body(process(key("mi_async"), user_task(loop(cardinality="2"),
                                                                       ' camunda:asyncBefore="true"')))
    instance = engine.start_id(definition)
    jobs = engine.jobs_of(instance)
    assert sorted(j.activity_id for j in jobs) == ["Work", "Work"] and len({j.execution_id for j in jobs}) == 2
    assert engine.open_tasks(instance) == []
    tree = engine.activity_tree(instance)
    [body] = tree.child_activity_instances
    assert body.activity_type == "multiInstanceBody" and len(body.child_transition_instances) == 2
    for job in jobs:
        engine.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id))
    assert engine.open_tasks(instance) == ["Work", "Work"]
    assert engine.counters(instance) == (2, 2, 0)


def test_a_failed_instance_of_an_external_task_is_an_incident_and_its_step_restarts(engine) -> None:  # type: ignore[no-untyped-def]
    topic = unique("mi-fail")
    definition = engine.deploy_body(process(key("mi_fail"), external_task(loop(cardinality="2"), topic)))
    instance = engine.start_id(definition)
    first, second = engine.fetch("w", engine.topic(topic))
    engine.complete_external(first.external_task.id, "w")
    counter = engine.local(second.external_task.execution_id)["loopCounter"]
    engine.fail(second.external_task.id, "w", retries=0, message="printer on fire")
    [incident] = [engine.incident(i) for i in engine.incident_ids(process_instance_id=instance)]
    assert (incident.execution_id, incident.activity_id) == (second.external_task.execution_id, "Work")
    assert engine.where(instance) == [f"{BODY}/Work:serviceTask",
                                      f"{BODY}:multiInstanceBody"]
    [failed] = engine.steps_of(instance, Step.STATE_FAILED)
    assert failed.execution_id == second.external_task.execution_id

    engine.restart(failed.id, {"paper": string("refilled")})
    assert engine.step(failed.id).state == Step.STATE_STARTED
    assert engine.local(second.external_task.execution_id) == {"loopCounter": counter, "paper": "refilled"}
    [again] = engine.fetch("w", engine.topic(topic))
    assert again.external_task.id == second.external_task.id
    engine.complete_external(again.external_task.id, "w")
    assert engine.open_tasks(instance) == ["After"]
    assert engine.step(failed.id).state == Step.STATE_COMPLETED


# -- modification ------------------------------------------------------------------------------

I = pi.ModificationInstruction


def test_starting_before_the_body_runs_the_whole_multi_instance_activity_again(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_modify_body"), user_task(loop(cardinality="2"))))
    instance = engine.start_id(definition)
    engine.finish(instance, "Work", "Work")
    engine.modify(instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id=BODY))
    assert engine.open_tasks(instance) == ["After", "Work", "Work"]
    assert engine.counters(instance) == (2, 2, 0)
    # Before Work where no body of Work runs: the whole body too.
    engine.finish(instance, "Work", "Work")
    engine.modify(instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Work"))
    assert engine.open_tasks(instance) == ["After", "After", "Work", "Work"]
    assert [v["loopCounter"] for v in engine.instances_at(instance)] == [0, 1]


def test_starting_before_the_activity_in_a_running_body_adds_an_instance(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_modify_add"), user_task(loop(cardinality="2"))))
    instance = engine.start_id(definition)
    engine.modify(instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Work"))
    assert engine.counters(instance) == (3, 3, 0)
    assert [v["loopCounter"] for v in engine.instances_at(instance)] == [0, 1, 2]
    assert engine.where(instance) == [f"{BODY}/Work:userTask"] * 3 + [f"{BODY}:multiInstanceBody"]
    engine.finish(instance, "Work", "Work", "Work")
    assert engine.open_tasks(instance) == ["After"]


def test_cancelling_instances_counts_them_and_cancelling_the_last_cancels_the_body(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_modify_cancel"), user_task(loop(cardinality="3"))))
    instance = engine.start_id(definition)
    one = engine.activity_tree_id_of_task(instance, engine.task_of(instance, 1))
    engine.modify(instance, I(type=I.TYPE_CANCEL, activity_instance_id=one))
    assert engine.counters(instance) == (3, 2, 0)
    engine.finish(instance, "Work")
    assert engine.counters(instance) == (3, 1, 1)
    # The last instance cancelled: the body is cancelled with it (not completed); After runs
    # only because the same modification starts it.
    engine.modify(instance, I(type=I.TYPE_CANCEL, activity_id="Work"),
                  I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="After"))
    assert engine.open_tasks(instance) == ["After"]
    passes = engine.passes(instance)
    assert (BODY, "multiInstanceBody", "canceled", "") in passes
    assert sorted(p[2] for p in passes if p[0] == "Work") == ["canceled", "canceled", "completed"]


def test_starting_after_the_activity_leaves_through_its_flows(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_modify_after"), user_task(loop(cardinality="2"))))
    instance = engine.start_id(definition)
    engine.modify(instance, I(type=I.TYPE_START_AFTER_ACTIVITY, activity_id="Work"))
    assert engine.open_tasks(instance) == ["After", "Work", "Work"]


def test_starting_inside_a_multi_instance_subprocess_opens_a_body_with_one_instance(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(process(key("mi_modify_inside"), subprocess(loop(cardinality="3"))))
    instance = engine.start_id(definition)
    engine.finish(instance, "Review", "Review", "Review")
    engine.modify(instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Review"))
    assert engine.where(instance) == ["After:userTask", f"{BODY}/Work/Review:userTask", f"{BODY}/Work:subProcess",
                                      f"{BODY}:multiInstanceBody"]
    assert engine.counters(instance) == (1, 1, 0)
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["After", "After"]


def test_instances_that_complete_at_once_run_in_turn_until_the_condition_holds(engine) -> None:  # type: ignore[no-untyped-def]
    """As in the document's engine, parallel instances still waiting to run when the condition
    holds are removed before they start."""
    work = f'<bpmn:task id="Work">{loop(cardinality="3", condition="${loopCounter == 1}")}</bpmn:task>'
    definition = engine.deploy_body(process(key("mi_at_once"), work))
    instance = engine.start_id(definition)
    assert engine.open_tasks(instance) == ["After"]
    passes = engine.passes(instance)
    assert [p for p in passes if p[0] == "Work"] == [("Work", "task", "completed", BODY)] * 2
    assert (BODY, "multiInstanceBody", "completed", "") in passes


def test_a_sequential_receive_task_waits_for_one_message_per_instance(engine) -> None:  # type: ignore[no-untyped-def]
    work = f'<bpmn:receiveTask id="Work" messageRef="Msg">{loop(sequential=True, cardinality="2")}</bpmn:receiveTask>'
    definition = engine.deploy_body(process(key("mi_receive"), work))
    instance = engine.start_id(definition)
    for expected in [(2, 1, 0), (2, 1, 1)]:
        assert engine.counters(instance) == expected
        [waiting] = engine.waiting_for_message(instance)
        [result] = engine.correlate(process_instance_id=instance)
        assert result.execution_id == waiting
    assert engine.open_tasks(instance) == ["After"]


def test_called_instances_that_end_at_once_complete_their_instances_in_turn(engine) -> None:  # type: ignore[no-untyped-def]
    child = key("mi_instant_child")
    called = f"""
<bpmn:process id="{child}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="S" />
  <bpmn:sequenceFlow id="c1" sourceRef="S" targetRef="E" />
  <bpmn:endEvent id="E" />
</bpmn:process>"""
    characteristics = loop(cardinality="3", condition="${nrOfCompletedInstances == 2}")
    work = f'<bpmn:callActivity id="Work" calledElement="{child}">{characteristics}</bpmn:callActivity>'
    definition = engine.deploy_body(process(key("mi_instant"), work), (child, called))
    instance = engine.start_id(definition)
    assert engine.open_tasks(instance) == ["After"]
    assert [p for p in engine.passes(instance) if p[0] == "Work"] == [("Work", "callActivity", "completed", BODY)] * 2
    assert [s.state for s in engine.steps_of(instance)] == [Step.STATE_COMPLETED] * 2


def test_a_multi_instance_activity_inside_a_sequential_multi_instance_subprocess(engine) -> None:  # type: ignore[no-untyped-def]
    work = f"""<bpmn:subProcess id="Work">{loop(sequential=True, cardinality="2")}
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Inner" />
    <bpmn:userTask id="Inner">{loop(cardinality="2")}</bpmn:userTask>
    <bpmn:sequenceFlow id="s2" sourceRef="Inner" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>"""
    definition = engine.deploy_body(process(key("mi_nested"), work))
    instance = engine.start_id(definition)
    inner = "Inner#multiInstanceBody"
    assert engine.where(instance) == [f"{BODY}/Work/{inner}/Inner:userTask"] * 2 + [
        f"{BODY}/Work/{inner}:multiInstanceBody", f"{BODY}/Work:subProcess", f"{BODY}:multiInstanceBody"]
    engine.finish(instance, "Inner", "Inner")
    assert engine.open_tasks(instance) == ["Inner", "Inner"]
    assert engine.counters(instance) == (2, 1, 1)
    engine.finish(instance, "Inner", "Inner")
    assert engine.open_tasks(instance) == ["After"]
