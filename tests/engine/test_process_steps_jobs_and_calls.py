"""Process steps of jobs (an asynchronous continuation, a timer whose continuation fails) and of
call activities; CompleteStep."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import job_pb2, process_instance_pb2
from tests.engine.failure_support import P, Failures, Inc, Step, key, long, one_task, string
from tests.engine.support import typed
from tests.engine.work_support import eventually
from tests.support import expect_error, unique


@pytest.fixture
def engine(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


def _routing(process_key: str, head: str, first: str, entry: str = "") -> str:
    """``head`` (elements from ``entry`` to ``first``), then flows on ${amount} to Big or Small."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="{entry or first}" />
  {head}
  <bpmn:sequenceFlow id="ToBig" sourceRef="{first}" targetRef="Big">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{amount &gt; 100}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="ToSmall" sourceRef="{first}" targetRef="Small">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{amount &lt;= 100}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:userTask id="Big" />
  <bpmn:userTask id="Small" />
  <bpmn:sequenceFlow id="F3" sourceRef="Big" targetRef="End1" />
  <bpmn:sequenceFlow id="F4" sourceRef="Small" targetRef="End2" />
  <bpmn:endEvent id="End1" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
"""


def _failed_step(engine: Failures, instance_id: str) -> Step:
    def probe():  # type: ignore[no-untyped-def]
        return engine.steps_of(instance_id, Step.STATE_FAILED)

    [step] = eventually(probe, what="the job's step to fail")
    return step


def test_a_failing_async_continuation_fails_its_step_and_a_restart_runs_it_again(engine, server):  # type: ignore[no-untyped-def]
    process_key = key("asyncstep")
    definition_id = engine.deploy_inline(process_key, _routing(
        process_key, '<bpmn:task id="Route" camunda:asyncBefore="true" />', "Route"))
    instance_id = engine.start_id(definition_id)  # no amount: the conditions cannot be evaluated
    step = _failed_step(engine, instance_id)
    [job] = engine.jobs_of(instance_id)
    assert step.kind == Step.KIND_JOB and step.job_id == job.id and step.activity_id == "Route"
    assert step.attempts == 3 and step.last_error == job.exception_message != ""
    [incident] = [engine.incident(i) for i in engine.incident_ids(process_instance_id=instance_id)]
    assert (incident.incident_type, incident.configuration, incident.id) == ("failedJob", job.id, step.incident_id)
    assert incident.job_definition_id == job.job_definition_id and incident.failed_activity_id == "Route"
    assert engine.query(incident_type="failedJob", process_instance_id=instance_id) == {step.execution_id}

    response = engine.restart(step.id, {"amount": long(500)})
    assert response.data.process_step_id == step.id
    assert engine.incident(incident.id).state == Inc.STATE_RESOLVED
    # The job is due now with fresh retries; the job executor runs it and the instance moves on.
    eventually(lambda: engine.activities(instance_id) == ["Big"], what="the job to run again")
    done = engine.step(step.id)
    assert done.state == Step.STATE_COMPLETED and done.attempts == 4 and done.incident_id == ""


def test_a_timer_whose_continuation_fails_becomes_a_failed_step(engine, server):  # type: ignore[no-untyped-def]
    process_key = key("timerstep")
    head = """<bpmn:intermediateCatchEvent id="Later">
    <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="F1" sourceRef="Later" targetRef="Decide" />
  <bpmn:exclusiveGateway id="Decide" />"""
    definition_id = engine.deploy_inline(process_key, _routing(process_key, head, "Decide", entry="Later"))
    instance_id = engine.start_id(definition_id)
    # A timer that has not fired is a wait, not a step.
    assert engine.steps_of(instance_id) == []
    server.clock.advance(timedelta(hours=1))
    step = _failed_step(engine, instance_id)
    assert (step.kind, step.activity_id, step.attempts) == (Step.KIND_JOB, "Later", 3)
    engine.restart(step.id, {"amount": long(5)})
    eventually(lambda: engine.activities(instance_id) == ["Small"], what="the timer job to run again")
    assert engine.step(step.id).state == Step.STATE_COMPLETED


def test_raising_a_jobs_retries_starts_its_step_again(engine):  # type: ignore[no-untyped-def]
    process_key = key("asyncretry")
    definition_id = engine.deploy_inline(process_key, _routing(
        process_key, '<bpmn:task id="Route" camunda:asyncBefore="true" />', "Route"))
    instance_id = engine.start_id(definition_id)
    step = _failed_step(engine, instance_id)
    engine.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance_id, modifications={"amount": typed(1)}))
    engine.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[step.job_id], retries=1))
    eventually(lambda: engine.activities(instance_id) == ["Small"], what="the job to run")
    assert engine.step(step.id).state == Step.STATE_COMPLETED
    assert engine.incident_ids(process_instance_id=instance_id) == set()


def test_call_activity_steps_and_the_failing_step_below_them(engine):  # type: ignore[no-untyped-def]
    deployment = engine.deploy("call_parent.bpmn", "call_child.bpmn", "call_grandchild.bpmn")
    parent = engine.start_id(engine.definition_id(deployment, "call_parent"), {"orderId": unique("o"), "amount": 2})
    [call_child] = engine.steps_of(parent)
    assert call_child.kind == Step.KIND_CALL_ACTIVITY and call_child.state == Step.STATE_STARTED
    assert call_child.activity_id == "CallChild" and call_child.attempts == 1
    child = call_child.called_process_instance_id
    [call_grandchild] = engine.steps_of(child)
    grandchild = call_grandchild.called_process_instance_id
    [work] = engine.steps_of(grandchild)
    assert (work.kind, work.state, work.activity_id) == (Step.KIND_EXTERNAL_TASK, Step.STATE_PENDING, "GrandchildWork")

    topic = engine.topic("grandchild-work", process_definition_id=engine.definition_id(deployment, "call_grandchild"))
    [locked] = engine.fetch("w", topic)
    engine.fail(locked.external_task.id, "w", retries=0, message="ledger offline")
    failed = engine.step(work.id)
    assert failed.state == Step.STATE_FAILED
    # The calling steps are not failed themselves; they show the open copy of the incident.
    above = [engine.step(call_grandchild.id), engine.step(call_child.id)]
    assert [s.state for s in above] == [Step.STATE_STARTED, Step.STATE_STARTED]
    copies = [engine.incident(s.incident_id) for s in above]
    assert [c.root_cause_incident_id for c in copies] == [failed.incident_id, failed.incident_id]
    assert [c.execution_id for c in copies] == [s.execution_id for s in above]
    assert [s.last_error for s in above] == ["ledger offline", "ledger offline"]
    refused = expect_error(lambda: engine.restart(call_child.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_STEP_NOT_FAILED")
    assert refused.info.metadata["state"] == "STARTED"

    engine.restart(failed.id, {"ledger": string("backup")})
    assert [engine.step(s.id).incident_id for s in above] == ["", ""]
    assert {engine.incident(c.id).state for c in copies} == {Inc.STATE_RESOLVED}
    [again] = engine.fetch("w", topic)
    engine.complete_external(again.external_task.id, "w")
    assert engine.step(work.id).state == Step.STATE_COMPLETED
    assert engine.step(call_grandchild.id).state == Step.STATE_COMPLETED
    assert engine.step(call_child.id).state == Step.STATE_STARTED
    [child_work] = engine.tasks_of(child)
    engine.complete(child_work.id)
    assert engine.step(call_child.id).state == Step.STATE_COMPLETED
    assert engine.ended(parent)


def test_a_cancelled_call_cancels_the_steps_below(engine):  # type: ignore[no-untyped-def]
    deployment = engine.deploy("call_parent.bpmn", "call_child.bpmn", "call_grandchild.bpmn")
    parent = engine.start_id(engine.definition_id(deployment, "call_parent"), {"orderId": unique("o"), "amount": 2})
    [call_child] = engine.steps_of(parent)
    [call_grandchild] = engine.steps_of(call_child.called_process_instance_id)
    [work] = engine.steps_of(call_grandchild.called_process_instance_id)
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=parent))
    assert [engine.step(s.id).state for s in (call_child, call_grandchild, work)] == [Step.STATE_CANCELED] * 3


def test_complete_step(engine, server):  # type: ignore[no-untyped-def]
    process_key, topic = key("complete"), unique("topic")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, topic))
    instance_id = engine.start_id(definition_id)
    [step] = engine.steps_of(instance_id)

    operator = Failures(server.api(server.token()))
    expect_error(lambda: operator.complete_step(step.id), grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    engine.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=instance_id))
    expect_error(lambda: engine.complete_step(step.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "PROCESS_INSTANCE_SUSPENDED")
    engine.instances.ActivateProcessInstance(process_instance_pb2.ActivateProcessInstanceRequest(id=instance_id))
    bad = expect_error(lambda: engine.complete_step(step.id, {"x": P(long_value=3, type=P.TYPE_STRING)}),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PARAM_VALUE")
    assert bad.fields == ["params[x].str_value"]

    # A worker holds the task; the admin completes it anyway.
    [locked] = engine.fetch("w", engine.topic(topic))
    response = engine.complete_step(step.id, {"approvedBy": string("ops"), "total": long(42)})
    assert response.message == "Process step completed" and response.version == "v1"
    assert response.data.process_id == instance_id and dict(response.data.params) == {
        "approvedBy": string("ops"), "total": long(42)}
    done = engine.step(step.id)
    assert done.state == Step.STATE_COMPLETED and done.attempts == 1
    assert engine.activities(instance_id) == ["Wait"]
    assert engine.variables(instance_id) == {"approvedBy": ("ops", "String"), "total": (42, "Long")}
    # The worker's lock went with the task.
    expect_error(lambda: engine.complete_external(locked.external_task.id, "w"), grpc.StatusCode.NOT_FOUND)
    refused = expect_error(lambda: engine.complete_step(step.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_STEP_NOT_ACTIVE")
    assert [v.type for v in refused.precondition.violations] == ["PROCESS_STEP_NOT_ACTIVE"]

    # A failed step is restarted, not completed.
    other = engine.start_id(definition_id)
    [failing] = engine.steps_of(other)
    [task] = [t for t in engine.fetch("w", engine.topic(topic)) if t.external_task.id == failing.external_task_id]
    engine.fail(task.external_task.id, "w", retries=0)
    expect_error(lambda: engine.complete_step(failing.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "PROCESS_STEP_NOT_ACTIVE")
    expect_error(lambda: engine.complete_step("nope"), grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")


def test_complete_step_refuses_job_and_call_steps(engine):  # type: ignore[no-untyped-def]
    deployment = engine.deploy("call_parent.bpmn", "call_child.bpmn", "call_grandchild.bpmn")
    parent = engine.start_id(engine.definition_id(deployment, "call_parent"), {"orderId": unique("o"), "amount": 2})
    [call_child] = engine.steps_of(parent)
    refused = expect_error(lambda: engine.complete_step(call_child.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_STEP_NOT_COMPLETABLE")
    assert refused.info.metadata["kind"] == "CALL_ACTIVITY"
    process_key = key("asyncdone")
    definition_id = engine.deploy_inline(process_key, _routing(
        process_key, '<bpmn:task id="Route" camunda:asyncBefore="true" />', "Route"))
    step = _failed_step(engine, engine.start_id(definition_id))
    refused = expect_error(lambda: engine.complete_step(step.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_STEP_NOT_COMPLETABLE")
    assert refused.info.metadata["kind"] == "JOB"
