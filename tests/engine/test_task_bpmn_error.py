"""TaskService.HandleTaskBpmnError: a BPMN error reported at a user task is caught by the error
boundary event for its code (on the task, on an enclosing subprocess, or on the call activity of
a calling instance), which deletes the task; camunda:errorCodeVariable and errorMessageVariable
keep what was caught (for external tasks' errors too); an error nothing catches changes nothing;
the call's other errors."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import process_instance_pb2, task_pb2
from tests.engine.case_support import Cases
from tests.engine.history_support import TaskHistory
from tests.engine.resources.modeler import render
from tests.engine.scenario import catching_caller
from tests.engine.support import typed_map
from tests.engine.work_support import Work, key
from tests.support import expect_error


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def review(process_key: str, topic: str = "") -> str:
    """User task Review with two error boundary events: Rejected (code REJECTED, keeping code
    and message in the variables code and why) and, around it, the subprocess Stage's catch-all
    Anything (keeping the code in caught). With ``topic``, an external task Charge (with its own
    boundary Declined for DECLINED, keeping the message in why) comes first."""
    charge = (f'<bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="{topic}" />'
              '<bpmn:boundaryEvent id="Declined" attachedToRef="Charge">'
              '<bpmn:errorEventDefinition id="ed3" errorRef="Declined_error" camunda:errorMessageVariable="why" />'
              '</bpmn:boundaryEvent>'
              '<bpmn:sequenceFlow id="c1" sourceRef="Charge" targetRef="Review" />'
              '<bpmn:sequenceFlow id="c2" sourceRef="Declined" targetRef="Refund" />'
              '<bpmn:userTask id="Refund" />'
              '<bpmn:sequenceFlow id="c3" sourceRef="Refund" targetRef="SubEnd" />') if topic else ""
    first = "Charge" if topic else "Review"
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Stage" />
  <bpmn:subProcess id="Stage">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="{first}" />
    {charge}
    <bpmn:userTask id="Review" camunda:assignee="rita" />
    <bpmn:boundaryEvent id="Rejected" attachedToRef="Review">
      <bpmn:errorEventDefinition id="ed1" errorRef="Rejected_error" camunda:errorCodeVariable="code"
                                 camunda:errorMessageVariable="why" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="SubEnd" />
    <bpmn:sequenceFlow id="s3" sourceRef="Rejected" targetRef="Rework" />
    <bpmn:userTask id="Rework" />
    <bpmn:sequenceFlow id="s4" sourceRef="Rework" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="Anything" attachedToRef="Stage">
    <bpmn:errorEventDefinition id="ed2" camunda:errorCodeVariable="caught" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Stage" targetRef="Done" />
  <bpmn:endEvent id="Done" />
  <bpmn:sequenceFlow id="f3" sourceRef="Anything" targetRef="Escalate" />
  <bpmn:userTask id="Escalate" />
  <bpmn:sequenceFlow id="f4" sourceRef="Escalate" targetRef="Done" />
</bpmn:process>
<bpmn:error id="Rejected_error" errorCode="REJECTED" />
<bpmn:error id="Declined_error" errorCode="DECLINED" />"""


def throw(work: Work, task_id: str, code: str, message: str = "", **variables: object) -> None:
    work.tasks.HandleTaskBpmnError(task_pb2.HandleTaskBpmnErrorRequest(
        task_id=task_id, error_code=code, error_message=message, variables=typed_map(variables)))


def started(work: Work) -> tuple[str, str]:
    """An instance of ``review`` waiting at Review; (instance id, Review's task id)."""
    process_key = key("review")
    instance = work.start_id(work.deploy_inline(process_key, review(process_key)))
    [task] = work.tasks_of(instance)
    assert task.task_definition_key == "Review"
    return instance, task.id


def called(work: Work) -> tuple[str, process_instance_pb2.ProcessInstance, task_pb2.Task]:
    """An instance whose call activity (with an error boundary event for DECLINED) called a
    process waiting at the user task Decide: (caller's id, the called instance, Decide's task)."""
    parent, child = key("bpmn_error_caller"), key("bpmn_error_callee")
    callee = f"""
<bpmn:process id="{child}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Decide" />
  <bpmn:userTask id="Decide" />
  <bpmn:sequenceFlow id="f2" sourceRef="Decide" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>"""
    deployment = work.deploy(contents={
        f"{parent}.bpmn": render(catching_caller(parent, child, "DECLINED"), parent).encode(),
        f"{child}.bpmn": render(callee, child).encode()})
    instance = work.start_id(work.definition_id(deployment, parent))
    [sub] = work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    [decide] = work.tasks_of(sub.id)
    return instance, sub, decide


def test_the_error_for_its_code_is_caught_on_the_task_and_kept_in_variables(work: Work) -> None:
    instance, task_id = started(work)
    throw(work, task_id, "REJECTED", "the figures do not add up", note="see page 3")

    assert [t.task_definition_key for t in work.tasks_of(instance)] == ["Rework"]
    assert work.activities(instance) == ["Rework"]
    assert work.variables(instance) == {"note": ("see page 3", "String"), "code": ("REJECTED", "String"),
                                        "why": ("the figures do not add up", "String")}
    expect_error(lambda: work.tasks.GetTask(task_pb2.GetTaskRequest(id=task_id)), grpc.StatusCode.NOT_FOUND,
                 "TASK_NOT_FOUND")
    historic = TaskHistory(work.api).historic_task(task_id)
    assert (historic.delete_reason, historic.assignee) == ("deleted", "rita")
    assert historic.HasField("end_time")


def test_another_code_is_caught_by_the_subprocess_s_catch_all(work: Work) -> None:
    instance, task_id = started(work)
    throw(work, task_id, "OUT_OF_SCOPE")
    # The catch-all names no message variable; Rejected's variables were not set.
    assert work.variables(instance) == {"caught": ("OUT_OF_SCOPE", "String")}
    assert [t.task_definition_key for t in work.tasks_of(instance)] == ["Escalate"]
    assert work.activities(instance) == ["Escalate"]


def test_an_error_without_message_leaves_a_null_message_variable(work: Work) -> None:
    instance, task_id = started(work)
    throw(work, task_id, "REJECTED")
    assert work.variables(instance) == {"code": ("REJECTED", "String"), "why": (None, "Null")}


def test_the_call_activity_of_a_calling_instance_catches_it(work: Work) -> None:
    instance, sub, decide = called(work)

    throw(work, decide.id, "DECLINED", "no budget", reason="budget")
    assert work.instance(sub.id).state == process_instance_pb2.ProcessInstance.STATE_INTERNALLY_TERMINATED
    assert [t.task_definition_key for t in work.tasks_of(instance)] == ["Handle"]
    # The variables went to the task's execution's instance, which the error then ended.
    assert work.variables(instance) == {}


def test_an_error_nothing_catches_changes_nothing(work: Work) -> None:
    instance, sub, decide = called(work)

    failed = expect_error(lambda: throw(work, decide.id, "SOMETHING_ELSE", seen=True),
                          grpc.StatusCode.FAILED_PRECONDITION, "BPMN_ERROR_NOT_CAUGHT")
    assert failed.info is not None and failed.info.metadata["error_code"] == "SOMETHING_ELSE"
    assert failed.precondition is not None
    assert [v.type for v in failed.precondition.violations] == ["BPMN_ERROR_NOT_CAUGHT"]
    # The task waits, the variable was not kept, both instances run as before.
    assert [t.id for t in work.tasks_of(sub.id)] == [decide.id]
    assert work.variables(sub.id) == {} and work.activities(instance) == ["CallChild"]


def test_external_tasks_errors_fill_the_catching_event_s_variables(work: Work) -> None:
    process_key, topic = key("charge"), key("charge_topic")
    instance = work.start_id(work.deploy_inline(process_key, review(process_key, topic)))
    [locked] = work.fetch("w", work.topic(topic))
    assert work.external.HandleExternalTaskBpmnError(et.HandleExternalTaskBpmnErrorRequest(
        id=locked.external_task.id, worker_id="w", error_code="DECLINED", error_message="card expired")).caught
    assert work.variables(instance) == {"why": ("card expired", "String")}
    assert work.activities(instance) == ["Refund"]


def test_the_call_s_errors(work: Work, api) -> None:  # type: ignore[no-untyped-def]
    instance, task_id = started(work)
    expect_error(lambda: throw(work, task_id, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: throw(work, "no-such-task", "REJECTED"), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")

    work.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=instance))
    expect_error(lambda: throw(work, task_id, "REJECTED"), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    work.instances.ActivateProcessInstance(process_instance_pb2.ActivateProcessInstanceRequest(id=instance))
    assert [t.id for t in work.tasks_of(instance)] == [task_id]

    cases = Cases(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    expect_error(lambda: throw(work, human.id, "REJECTED"), grpc.StatusCode.FAILED_PRECONDITION,
                 "NOT_A_PROCESS_TASK")
    assert [t.id for t in cases.case_tasks(case.id)][0] == human.id
