"""ModifyProcessInstance: start paths before or after activities or on flows, with variables,
cancel activity and transition instances, in order and all or nothing; moving an instance past
a failed step."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.failure_support import Failures, Inc, Step
from tests.engine.job_support import failing_gateway
from tests.engine.racing import check_race
from tests.engine.resources.modeler import render
from tests.engine.support import plain, typed, typed_map
from tests.engine.work_support import REVIEW_SUBPROCESS, calling, eventually, key, waiting
from tests.support import expect_error, unique

I = pi.ModificationInstruction


def two_tasks(process_key: str) -> str:
    """Start, user task Review, user task Approve, end; and a subprocess Sub (Legal, Finance in
    parallel) on a flow never taken: only a modification starts it."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Route" />
  <bpmn:exclusiveGateway id="Route" default="f1" />
  <bpmn:sequenceFlow id="f1" sourceRef="Route" targetRef="Review" />
  <bpmn:sequenceFlow id="never" sourceRef="Route" targetRef="Sub">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{false}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Approve" />
  <bpmn:userTask id="Approve" />
  <bpmn:sequenceFlow id="f3" sourceRef="Approve" targetRef="End" />
  <bpmn:endEvent id="End" />
{REVIEW_SUBPROCESS}  <bpmn:sequenceFlow id="f4" sourceRef="Sub" targetRef="AfterSub" />
  <bpmn:userTask id="AfterSub" />
  <bpmn:sequenceFlow id="f5" sourceRef="AfterSub" targetRef="End2" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
"""


@pytest.fixture
def work(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


def modify(work: Failures, instance_id: str, *instructions: I, annotation: str = "") -> pi.ProcessInstance:
    return work.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=instance_id, instructions=list(instructions), annotation=annotation)).process_instance


def tree(work: Failures, instance_id: str) -> pi.ActivityInstance:
    return work.instances.GetActivityInstanceTree(pi.GetActivityInstanceTreeRequest(
        process_instance_id=instance_id)).root


def where(work: Failures, instance_id: str) -> list[str]:
    """The activities of the instance's activity instances, nested ones as Sub/Legal."""
    def walk(node: pi.ActivityInstance, prefix: str) -> list[str]:
        out = [prefix + n.activity_id for n in node.child_activity_instances]
        out += [prefix + t.activity_id + "*" for t in node.child_transition_instances]
        for child in node.child_activity_instances:
            out += walk(child, prefix + child.activity_id + "/")
        return out
    return sorted(walk(tree(work, instance_id), ""))


def instance_of(work: Failures, activity: str, instance_id: str) -> str:
    [found] = [n.id for n in _nodes(tree(work, instance_id)) if n.activity_id == activity]
    return found


def _nodes(node: pi.ActivityInstance) -> list[pi.ActivityInstance]:
    return [node] + [n for c in node.child_activity_instances for n in _nodes(c)]


def tasks_at(work: Failures, instance_id: str) -> list[str]:
    return sorted(t.task_definition_key for t in work.tasks_of(instance_id))


def started(work: Failures) -> tuple[str, str]:
    process_key = key("modified")
    definition = work.deploy_inline(process_key, two_tasks(process_key))
    return definition, work.start_id(definition)


def test_cancel_one_activity_and_start_before_another_moves_the_instance(work: Failures) -> None:
    _, instance = started(work)
    assert where(work, instance) == ["Review"]
    moved = modify(work, instance, I(type=I.TYPE_CANCEL, activity_instance_id=instance_of(work, "Review", instance)),
                   I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve"))
    assert moved.state == moved.STATE_ACTIVE
    assert where(work, instance) == ["Approve"] and tasks_at(work, instance) == ["Approve"]
    # The other order, with a cancellation of every instance of an activity.
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Review"),
           I(type=I.TYPE_CANCEL, activity_id="Approve"))
    assert where(work, instance) == ["Review"]
    [task] = work.tasks_of(instance)
    work.complete(task.id)
    assert where(work, instance) == ["Approve"]  # the path goes on as the model says


def test_an_activity_instance_read_before_a_start_beside_it_is_still_found(work: Failures) -> None:
    """Review's path is the instance's root until a second path starts; then it moves to an
    execution of its own. The id the tree gave before stays, in the call and after it."""
    _, instance = started(work)
    review = instance_of(work, "Review", instance)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve"),
           I(type=I.TYPE_CANCEL, activity_instance_id=review))
    assert where(work, instance) == ["Approve"] and tasks_at(work, instance) == ["Approve"]

    _, instance = started(work)
    review = instance_of(work, "Review", instance)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve"))
    assert instance_of(work, "Review", instance) == review  # its path moved; its id did not
    modify(work, instance, I(type=I.TYPE_CANCEL, activity_instance_id=review))
    assert where(work, instance) == ["Approve"]


def test_start_after_and_on_a_flow_add_paths(work: Failures) -> None:
    _, instance = started(work)
    modify(work, instance, I(type=I.TYPE_START_AFTER_ACTIVITY, activity_id="Review"))
    assert where(work, instance) == ["Approve", "Review"]
    modify(work, instance, I(type=I.TYPE_START_TRANSITION, transition_id="f3"))  # Approve -> End: ends at once
    assert where(work, instance) == ["Approve", "Review"]
    modify(work, instance, I(type=I.TYPE_START_TRANSITION, transition_id="f2"))
    assert where(work, instance) == ["Approve", "Approve", "Review"]
    for task in work.tasks_of(instance):
        work.complete(task.id)
    assert where(work, instance) == ["Approve"]  # Review's path moved on; the two Approve paths ended
    [task] = work.tasks_of(instance)
    work.complete(task.id)
    assert work.instance(instance).state == pi.ProcessInstance.STATE_COMPLETED


def test_a_start_reads_only_the_field_of_its_type(work: Failures) -> None:
    """As the document's engine: a start before or after an activity ignores a transition_id, a
    start on a flow ignores an activity_id (even one the process does not have; such a request
    used to fail INTERNAL)."""
    _, instance = started(work)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve", transition_id="no-such-flow"),
           I(type=I.TYPE_START_AFTER_ACTIVITY, activity_id="Review", transition_id="f3"))
    assert where(work, instance) == ["Approve", "Approve", "Review"]
    modify(work, instance, I(type=I.TYPE_START_TRANSITION, transition_id="f1", activity_id="no-such-activity"))
    assert where(work, instance) == ["Approve", "Approve", "Review", "Review"]


def test_subprocesses_start_whole_and_go_when_their_last_path_is_cancelled(work: Failures) -> None:
    _, instance = started(work)
    # A start inside a subprocess that does not run starts it, without its start event.
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Legal"))
    assert where(work, instance) == ["Review", "Sub", "Sub/Legal"]
    assert tasks_at(work, instance) == ["Legal", "Review"]
    # Naming the process instance as the ancestor starts another one beside it.
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Finance",
                             ancestor_activity_instance_id=instance))
    assert where(work, instance) == ["Review", "Sub", "Sub", "Sub/Finance", "Sub/Legal"]
    failed = expect_error(lambda: modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Legal",
                                                           ancestor_activity_instance_id=f"Review:{instance}")),
                          grpc.StatusCode.FAILED_PRECONDITION, "ACTIVITY_INSTANCE_NOT_RUNNING")
    assert failed.info.metadata["field_name"] == "instructions[0].ancestor_activity_instance_id"
    modify(work, instance, I(type=I.TYPE_CANCEL, activity_id="Sub"))
    assert where(work, instance) == ["Review"] and tasks_at(work, instance) == ["Review"]

    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Sub"))
    assert where(work, instance) == ["Review", "Sub", "Sub/Finance", "Sub/Legal"]
    # A start inside the running subprocess; then two of them: which one must be named.
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Legal"))
    assert where(work, instance) == ["Review", "Sub", "Sub/Finance", "Sub/Legal", "Sub/Legal"]
    first_sub = instance_of(work, "Sub", instance)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Sub"))
    expect_error(lambda: modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Finance")),
                 grpc.StatusCode.FAILED_PRECONDITION, "ANCESTOR_AMBIGUOUS")
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Finance",
                             ancestor_activity_instance_id=first_sub))
    subs = [n for n in tree(work, instance).child_activity_instances if n.activity_id == "Sub"]
    assert sorted(len(s.child_activity_instances) for s in subs) == [2, 4]

    # Cancelling every path inside the first subprocess cancels it; it does not complete (no
    # AfterSub).
    first = next(s for s in subs if s.id == first_sub)
    modify(work, instance, *[I(type=I.TYPE_CANCEL, activity_instance_id=c.id) for c in first.child_activity_instances])
    assert where(work, instance) == ["Review", "Sub", "Sub/Finance", "Sub/Legal"]
    modify(work, instance, I(type=I.TYPE_CANCEL, activity_id="Sub"))
    assert where(work, instance) == ["Review"]
    assert tasks_at(work, instance) == ["Review"]


def test_a_path_started_to_the_end_completes_the_instance(work: Failures) -> None:
    _, instance = started(work)
    review = I(type=I.TYPE_CANCEL, activity_id="Review")
    to_end = I(type=I.TYPE_START_TRANSITION, transition_id="f3")
    failed = expect_error(lambda: modify(work, instance, review, to_end, I(type=I.TYPE_START_BEFORE_ACTIVITY,
                                                                       activity_id="Approve")),
                          grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
    assert failed.info.metadata["field_name"] == "instructions[2]"
    assert where(work, instance) == ["Review"]
    done = modify(work, instance, review, to_end)
    assert done.state == done.STATE_COMPLETED


def test_cancelling_everything_cancels_the_instance(work: Failures) -> None:
    _, instance = started(work)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Sub"))
    ended = modify(work, instance, I(type=I.TYPE_CANCEL, activity_id="Review"), I(type=I.TYPE_CANCEL, activity_id="Sub"),
                   annotation="duplicate order")
    assert (ended.state, ended.delete_reason) == (ended.STATE_EXTERNALLY_TERMINATED, "duplicate order")
    assert work.tasks_of(instance) == []
    expect_error(lambda: modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Review")),
                 grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")


def test_moving_past_a_failed_continuation_closes_its_incident(work: Failures) -> None:
    process_key = key("stuck")
    instance = work.start_id(work.deploy_inline(process_key, failing_gateway(process_key)))
    eventually(lambda: work.jobs_of(instance, no_retries_left=True), what="three failed attempts")
    [waiting_at] = tree(work, instance).child_transition_instances
    [incident] = waiting_at.incident_ids
    modify(work, instance, I(type=I.TYPE_CANCEL, transition_instance_id=waiting_at.id),
           I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Small"))
    assert where(work, instance) == ["Small"]
    assert work.jobs_of(instance) == []
    assert work.incident(incident).state == Inc.STATE_DELETED
    [step] = work.steps_of(instance)  # the failed job's step (document 004) is over
    assert (step.activity_id, step.state) == ("Gate", Step.STATE_CANCELED)


def test_cancelling_a_call_activity_ends_the_called_instance(work: Failures) -> None:
    called_key, caller_key = key("called"), key("caller")
    work.deploy_inline(called_key, waiting(called_key))
    caller = work.start_id(work.deploy_inline(caller_key, calling(caller_key, called_key)))
    [called] = [i.id for i in work.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=caller)).process_instances]
    ended = modify(work, caller, I(type=I.TYPE_CANCEL, activity_id="Call"))
    assert ended.state == ended.STATE_EXTERNALLY_TERMINATED
    assert work.instance(called).state == pi.ProcessInstance.STATE_INTERNALLY_TERMINATED


def test_refused_instructions_change_nothing(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    _, instance = started(work)
    review = instance_of(work, "Review", instance)
    cancel = I(type=I.TYPE_CANCEL, activity_instance_id=review)

    def refused(code: grpc.StatusCode, reason: str, *instructions: I) -> list[str]:
        failed = expect_error(lambda: modify(work, instance, *instructions), code, reason)
        assert where(work, instance) == ["Review"] and tasks_at(work, instance) == ["Review"]
        return failed.fields

    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD") == ["instructions"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", cancel, I()) == ["instructions[1].type"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", cancel,
                   I(type=I.TYPE_START_BEFORE_ACTIVITY)) == ["instructions[1].activity_id"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", cancel,
                   I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Nope")) == ["instructions[1].activity_id"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", cancel,
                   I(type=I.TYPE_START_TRANSITION, transition_id="nope")) == ["instructions[1].transition_id"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", cancel,
                   I(type=I.TYPE_START_AFTER_ACTIVITY, activity_id="End")) == ["instructions[1].activity_id"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD",
                   I(type=I.TYPE_CANCEL, activity_id="Review", activity_instance_id=review)) == ["instructions[0]"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE", I(type=9)) == ["instructions[0].type"]  # type: ignore[arg-type]
    refused(grpc.StatusCode.FAILED_PRECONDITION, "ACTIVITY_INSTANCE_NOT_RUNNING",
            I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve"),
            I(type=I.TYPE_CANCEL, activity_instance_id=f"Approve:{instance}"))
    refused(grpc.StatusCode.FAILED_PRECONDITION, "ACTIVITY_INSTANCE_NOT_RUNNING",
            I(type=I.TYPE_CANCEL, activity_instance_id="not-an-id"))
    # A later instruction that fails on its way undoes the earlier ones.
    refused(grpc.StatusCode.FAILED_PRECONDITION, "ACTIVITY_INSTANCE_NOT_RUNNING", cancel,
            I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve"), cancel)

    work.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    refused(grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED", cancel)
    work.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance))
    expect_error(lambda: modify(work, "nope", cancel), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    # Another tenant's instance does not exist for the token.
    tenant, process_key = unique("tenant"), key("tenanted")
    deployment = work.deploy(contents={f"{process_key}.bpmn": render(two_tasks(process_key), process_key).encode()},
                             tenant=tenant)
    theirs = work.start_id(work.definition_id(deployment, process_key))
    outsider = Failures(server.api(server.token(tenants=(unique("tenant"),))))
    expect_error(lambda: modify(outsider, theirs, I(type=I.TYPE_CANCEL, activity_id="Review")),
                 grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    assert where(work, theirs) == ["Review"]


@pytest.mark.usefixtures("no_deadlock")
def test_a_modification_and_the_task_it_cancels_completed_at_once(work: Failures) -> None:
    """Answer and leave what one after the other would: the task completed first (the
    modification then finds no Review and adds a second Approve), or the modification first
    (the task is gone)."""

    def make() -> tuple[str, str]:
        _, instance = started(work)
        [task] = work.tasks_of(instance)
        return instance, task.id

    check_race(make, [
        lambda m: modify(work, m[0], I(type=I.TYPE_CANCEL, activity_id="Review"),
                         I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve")),
        lambda m: work.complete(m[1]),
    ], lambda m: where(work, m[0]), rounds=3)


def test_a_subprocess_started_inside_runs_on_to_its_end_and_beyond(work: Failures) -> None:
    _, instance = started(work)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Legal"),
           I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Finance"))
    assert where(work, instance) == ["Review", "Sub", "Sub/Finance", "Sub/Legal"]
    for task in work.tasks_of(instance):
        if task.task_definition_key in ("Legal", "Finance"):
            work.complete(task.id)
    # Both paths joined, the subprocess ended and its outgoing flow was taken.
    assert where(work, instance) == ["AfterSub", "Review"]


# -- variables of start instructions ------------------------------------------------------------


def gated(process_key: str) -> str:
    """Start, user task Review, then an exclusive gateway Gate: over 1000 to Approve (assigned to
    ${who}), else to Pay; Approve goes on to Pay."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f1" sourceRef="Review" targetRef="Gate" />
  <bpmn:exclusiveGateway id="Gate" default="small" />
  <bpmn:sequenceFlow id="big" sourceRef="Gate" targetRef="Approve">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{amount &gt; 1000}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="small" sourceRef="Gate" targetRef="Pay" />
  <bpmn:userTask id="Approve" camunda:assignee="${{who}}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="Pay" />
  <bpmn:userTask id="Pay" />
  <bpmn:sequenceFlow id="f3" sourceRef="Pay" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def started_gated(work: Failures, variables: dict[str, object] | None = None) -> str:
    process_key = key("gated")
    return work.start_id(work.deploy_inline(process_key, gated(process_key)), variables)


def local_of(work: Failures, execution_id: str) -> dict[str, tuple[object, str]]:
    return plain(work.executions.GetLocalVariables(
        execution_pb2.GetLocalVariablesRequest(execution_id=execution_id)).variables)


def assignees(work: Failures, instance_id: str) -> list[tuple[str, str]]:
    return sorted((t.task_definition_key, t.assignee) for t in work.tasks_of(instance_id))


def test_start_variables_reach_the_instance_before_the_path_moves(work: Failures) -> None:
    """The gateway's condition and the assignee of the task after it see the variables at once."""
    instance = started_gated(work)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Gate",
                             variables=typed_map({"amount": (5000, "Long"), "who": "joe"})))
    assert assignees(work, instance) == [("Approve", "joe"), ("Review", "")]
    assert work.variables(instance) == {"amount": (5000, "Long"), "who": ("joe", "String")}
    # Set again where it lives (the instance): the next path takes the default flow.
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Gate",
                             variables=typed_map({"amount": (5, "Long")})))
    assert where(work, instance) == ["Approve", "Pay", "Review"]
    assert work.variables(instance)["amount"] == (5, "Long")
    # Starts after an activity and on a flow take variables too.
    modify(work, instance, I(type=I.TYPE_START_AFTER_ACTIVITY, activity_id="Approve",
                             variables=typed_map({"after": True})),
           I(type=I.TYPE_START_TRANSITION, transition_id="big", variables=typed_map({"who": "kim"})))
    assert assignees(work, instance) == [("Approve", "joe"), ("Approve", "kim"), ("Pay", ""), ("Pay", ""),
                                         ("Review", "")]
    assert work.variables(instance) == {"amount": (5, "Long"), "who": ("kim", "String"), "after": (True, "Boolean")}


def test_local_start_variables_sit_on_the_new_path(work: Failures) -> None:
    """A local variable is the new path's own: the task's assignee and the gateway read it
    there; the instance's variable of the same name stays as it was."""
    instance = started_gated(work, {"who": "ann", "amount": 1})
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve",
                             variables=typed_map({"note": "urgent"}), local_variables=typed_map({"who": "joe"})))
    [approve] = [t for t in work.tasks_of(instance) if t.task_definition_key == "Approve"]
    assert approve.assignee == "joe"
    assert approve.execution_id != instance
    assert local_of(work, approve.execution_id) == {"who": ("joe", "String")}
    assert work.variables(instance) == {"who": ("ann", "String"), "amount": (1, "Integer"),
                                        "note": ("urgent", "String")}
    # Before the gateway: the local amount decides, and the Approve task after it sees it.
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Gate",
                             local_variables=typed_map({"amount": (5000, "Long")})))
    assert assignees(work, instance) == [("Approve", "ann"), ("Approve", "joe"), ("Review", "")]
    assert work.variables(instance)["amount"] == (1, "Integer")


def test_start_variables_inside_a_subprocess_started_for_them(work: Failures) -> None:
    """A start in a subprocess that does not run: its path is the new subprocess's own
    execution, so local variables are the subprocess's; others go to the instance. A later
    start inside it sets a name the subprocess holds there, and its local ones on its new path."""
    _, instance = started(work)
    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Legal",
                             variables=typed_map({"x": 1}), local_variables=typed_map({"y": "sub"})))
    assert where(work, instance) == ["Review", "Sub", "Sub/Legal"]
    [legal] = [t for t in work.tasks_of(instance) if t.task_definition_key == "Legal"]
    sub = instance_of(work, "Sub", instance)
    assert sub == f"Sub:{legal.execution_id}"  # the subprocess's execution is Legal's path
    assert local_of(work, legal.execution_id) == {"y": ("sub", "String")}
    assert work.variables(instance) == {"x": (1, "Integer")}

    modify(work, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Finance",
                             variables=typed_map({"y": "again", "z": 2}), local_variables=typed_map({"w": 3})))
    assert where(work, instance) == ["Review", "Sub", "Sub/Finance", "Sub/Legal"]
    [finance] = [t for t in work.tasks_of(instance) if t.task_definition_key == "Finance"]
    assert local_of(work, legal.execution_id) == {"y": ("again", "String")}  # where y lives
    assert local_of(work, finance.execution_id) == {"w": (3, "Integer")}
    assert work.variables(instance) == {"x": (1, "Integer"), "z": (2, "Integer")}


def test_refused_start_variables_change_nothing(work: Failures) -> None:
    instance = started_gated(work, {"amount": 1})
    review = instance_of(work, "Review", instance)
    start = I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Gate",
              variables=typed_map({"amount": (5000, "Long")}), local_variables=typed_map({"who": "joe"}))

    def refused(code: grpc.StatusCode, reason: str, *instructions: I) -> list[str]:
        failed = expect_error(lambda: modify(work, instance, *instructions), code, reason)
        assert where(work, instance) == ["Review"] and work.variables(instance) == {"amount": (1, "Integer")}
        return failed.fields

    # Variables go with starts only.
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD",
                   I(type=I.TYPE_CANCEL, activity_id="Review",
                     variables=typed_map({"x": 1}))) == ["instructions[0].variables"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", start,
                   I(type=I.TYPE_CANCEL, activity_instance_id=review,
                     local_variables=typed_map({"x": 1}))) == ["instructions[1].local_variables"]
    # A value that does not fit its type is named by its path.
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE", start,
                   I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Pay",
                     variables={"n": typed("abc", "Long")})) == ["instructions[1].variables[n].value"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "UNSUPPORTED_VARIABLE_TYPE",
                   I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Pay",
                     local_variables={"n": typed(1, "Nope")})) == ["instructions[0].local_variables[n].type"]
    assert refused(grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_NAME",
                   I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Pay",
                     variables=typed_map({" ": 1}))) == ["instructions[0].variables[ ]"]
    # A later instruction that fails undoes the variables an earlier one set.
    refused(grpc.StatusCode.FAILED_PRECONDITION, "ACTIVITY_INSTANCE_NOT_RUNNING", start,
            I(type=I.TYPE_CANCEL, activity_instance_id=review), I(type=I.TYPE_CANCEL, activity_instance_id=review))
    # A path that fails on its way because of a variable it brought changes nothing either.
    refused(grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED",
            I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve", variables=typed_map({"note": "x"})),
            I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Gate", variables=typed_map({"amount": [1]})))
