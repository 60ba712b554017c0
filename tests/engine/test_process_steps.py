"""Process steps (seed 004) of external tasks: their states through fetch, failure, retries and
completion; RestartFailedStep exactly as the document; its preconditions and argument errors."""

from __future__ import annotations

import math
from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import (
    deployment_pb2,
    execution_pb2,
    external_task_pb2 as et,
    process_definition_pb2,
    process_instance_pb2,
    process_step_pb2,
)
from tests.engine.failure_support import P, Failures, Inc, Step, double, key, long, one_task, string
from tests.engine.support import plain
from tests.support import expect_error, unique


@pytest.fixture
def engine(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


def _one(engine: Failures, tenant: str = ""):  # type: ignore[no-untyped-def]
    process_key, topic = key("steps"), unique("topic")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, topic), tenant=tenant)
    instance_id = engine.start_id(definition_id)
    [step] = engine.steps_of(instance_id)
    return topic, instance_id, step


def _failed(engine: Failures, tenant: str = ""):  # type: ignore[no-untyped-def]
    """An instance whose external task failed for good: (topic, instance id, step, incident)."""
    topic, instance_id, step = _one(engine, tenant)
    [locked] = engine.fetch("w", engine.topic(topic))
    engine.fail(locked.external_task.id, "w", retries=0, message="card provider down")
    [incident] = [engine.incident(i) for i in engine.incident_ids(process_instance_id=instance_id)]
    return topic, instance_id, engine.step(step.id), incident


def _ts(value) -> object:  # type: ignore[no-untyped-def]
    return value.ToDatetime().replace(tzinfo=None)


def _now(server) -> object:  # type: ignore[no-untyped-def]
    return server.clock.now().replace(tzinfo=None)


def test_an_external_task_step_through_fetch_failure_retry_and_completion(engine, server):  # type: ignore[no-untyped-def]
    topic, instance_id, step = _one(engine)
    [task] = engine.external_tasks(process_instance_id=instance_id)
    assert step.kind == Step.KIND_EXTERNAL_TASK and step.external_task_id == task.id
    assert (step.job_id, step.called_process_instance_id) == ("", "")
    assert step.state == Step.STATE_PENDING and step.attempts == 0
    assert (step.activity_id, step.execution_id, step.process_instance_id) == ("Work", task.execution_id, instance_id)
    assert step.process_definition_id == task.process_definition_id
    assert _ts(step.create_time) == _now(server) and not step.HasField("start_time")

    server.clock.advance(timedelta(seconds=10))
    [locked] = engine.fetch("w1", engine.topic(topic))
    started = engine.step(step.id)
    assert started.state == Step.STATE_STARTED and started.attempts == 1
    assert _ts(started.start_time) == _now(server)

    engine.fail(locked.external_task.id, "w1", retries=2, timeout=30, message="timeout talking to the bank")
    retrying = engine.step(step.id)
    assert retrying.state == Step.STATE_STARTED and retrying.last_error == "timeout talking to the bank"
    assert retrying.incident_id == ""

    server.clock.advance(timedelta(seconds=30))
    [again] = engine.fetch("w2", engine.topic(topic))
    assert engine.step(step.id).attempts == 2
    server.clock.advance(timedelta(seconds=5))
    engine.complete_external(again.external_task.id, "w2")
    done = engine.step(step.id)
    assert done.state == Step.STATE_COMPLETED and _ts(done.end_time) == _now(server)
    assert done.attempts == 2 and done.last_error == "timeout talking to the bank"
    assert engine.activities(instance_id) == ["Wait"]


def test_retries_at_zero_fail_the_step_and_raising_them_starts_it_again(engine, server):  # type: ignore[no-untyped-def]
    topic, instance_id, step, incident = _failed(engine)
    assert step.state == Step.STATE_FAILED and step.incident_id == incident.id
    assert step.last_error == "card provider down" and _ts(step.failed_time) == _now(server)
    assert (incident.incident_type, incident.configuration) == ("failedExternalTask", step.external_task_id)
    assert (incident.execution_id, incident.activity_id) == (step.execution_id, "Work")

    # failedExternalTask incidents are not resolved directly.
    refused = expect_error(lambda: engine.resolve(incident.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "INCIDENT_RESOLVED_BY_RETRIES")
    assert refused.info.metadata["configuration"] == step.external_task_id
    assert refused.info.metadata["incident_type"] == "failedExternalTask"

    server.clock.advance(timedelta(minutes=1))
    engine.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[step.external_task_id], retries=1))
    restarted = engine.step(step.id)
    assert restarted.state == Step.STATE_STARTED and restarted.incident_id == ""
    assert _ts(restarted.start_time) == _now(server)
    assert engine.incident(incident.id).state == Inc.STATE_RESOLVED


def test_restart_failed_step_exactly_as_the_document(engine, server):  # type: ignore[no-untyped-def]
    topic, instance_id, step, incident = _failed(engine)
    server.clock.advance(timedelta(minutes=3))
    params = {"amount": long(500), "currency": string("EUR"), "rate": double(0.25), "note": string("")}
    response = engine.restart(step.id, params)

    assert response.message == "Process step restarted"
    assert _ts(response.timestamp) == _now(server)
    assert response.version == "v1"
    assert response.data.process_id == instance_id and response.data.process_step_id == step.id
    assert dict(response.data.params) == params

    restarted = engine.step(step.id)
    assert restarted.state == Step.STATE_STARTED and restarted.incident_id == ""
    assert dict(restarted.params) == params and _ts(restarted.start_time) == _now(server)
    assert engine.incident(incident.id).state == Inc.STATE_RESOLVED
    # The params are typed local variables of the step's execution.
    local = plain(engine.executions.GetLocalVariables(
        execution_pb2.GetLocalVariablesRequest(execution_id=step.execution_id)).variables)
    assert {k: local[k] for k in params} == {"amount": (500, "Long"), "currency": ("EUR", "String"),
                                             "rate": (0.25, "Double"), "note": ("", "String")}
    # The external task is fetchable at once, with the params as its input.
    task = engine.external_task(step.external_task_id)
    assert not task.HasField("retries") and not task.locked
    [locked] = engine.fetch("w9", engine.topic(topic, variables=["amount", "currency", "rate"]))
    assert locked.external_task.id == step.external_task_id
    assert plain(locked.variables) == {"amount": (500, "Long"), "currency": ("EUR", "String"),
                                       "rate": (0.25, "Double")}
    assert engine.step(step.id).attempts == 2


def test_restart_after_a_failure_with_a_retry_timeout_is_fetchable_at_once(engine, server):  # type: ignore[no-untyped-def]
    """A task that failed (retries left, a long retry timeout) and then had its retries set to
    0 waits for nothing once restarted."""
    topic, instance_id, step = _one(engine)
    [locked] = engine.fetch("w", engine.topic(topic))
    engine.fail(locked.external_task.id, "w", retries=1, timeout=3600)
    engine.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[step.external_task_id], retries=0))
    assert engine.step(step.id).state == Step.STATE_FAILED
    engine.restart(step.id)
    assert [t.external_task.id for t in engine.fetch("w", engine.topic(topic))] == [step.external_task_id]


def test_restart_without_params_keeps_the_variables(engine):  # type: ignore[no-untyped-def]
    topic, instance_id, step, _ = _failed(engine)
    response = engine.restart(step.id)
    assert dict(response.data.params) == {} and engine.step(step.id).state == Step.STATE_STARTED


def test_restart_preconditions(engine, server):  # type: ignore[no-untyped-def]
    # Not failed (pending).
    _, instance_id, step = _one(engine)
    failure = expect_error(lambda: engine.restart(step.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_STEP_NOT_FAILED")
    assert [(v.type, v.subject) for v in failure.precondition.violations] == [("PROCESS_STEP_NOT_FAILED", step.id)]
    assert failure.info.metadata["state"] == "PENDING"

    # Failed, but its instance is suspended: nothing changes.
    _, instance_id, step, incident = _failed(engine)
    engine.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=instance_id))
    failure = expect_error(lambda: engine.restart(step.id, {"a": long(1)}), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_INSTANCE_SUSPENDED")
    assert [(v.type, v.subject) for v in failure.precondition.violations] == [("PROCESS_INSTANCE_SUSPENDED",
                                                                              instance_id)]
    assert engine.step(step.id).state == Step.STATE_FAILED
    assert engine.incident(incident.id).state == Inc.STATE_OPEN
    assert "a" not in plain(engine.executions.GetLocalVariables(
        execution_pb2.GetLocalVariablesRequest(execution_id=step.execution_id)).variables)
    engine.instances.ActivateProcessInstance(process_instance_pb2.ActivateProcessInstanceRequest(id=instance_id))
    engine.restart(step.id)

    # Its instance ended: both conditions fail, and both are reported.
    _, instance_id, step, incident = _failed(engine)
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id))
    failure = expect_error(lambda: engine.restart(step.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_INSTANCE_ENDED")
    assert [v.type for v in failure.precondition.violations] == ["PROCESS_INSTANCE_ENDED", "PROCESS_STEP_NOT_FAILED"]
    assert engine.step(step.id).state == Step.STATE_CANCELED
    assert engine.incident(incident.id).state == Inc.STATE_DELETED


def test_restart_argument_errors(engine):  # type: ignore[no-untyped-def]
    _, _, step, incident = _failed(engine)
    expect_error(lambda: engine.restart("no-such-step"), grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")
    missing = expect_error(lambda: engine.restart(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["process_step_id"]

    cases = [
        ({"amount": P(str_value="500", type=P.TYPE_LONG)}, ["params[amount].long_value"]),
        ({"amount": P(long_value=5, type=P.TYPE_STRING)}, ["params[amount].str_value"]),
        ({"rate": P(str_value="0.1", type=P.TYPE_DOUBLE)}, ["params[rate].double_value"]),
        ({"rate": P(double_value=1.5, type=P.TYPE_LONG)}, ["params[rate].long_value"]),
        ({"nothing": P(type=P.TYPE_STRING)}, ["params[nothing].str_value"]),
        ({"untyped": P(str_value="x")}, ["params[untyped].type"]),
        ({"unknown": P(str_value="x", type=7)}, ["params[unknown].type"]),  # type: ignore[arg-type]
        ({"nan": P(double_value=math.nan, type=P.TYPE_DOUBLE)}, ["params[nan].double_value"]),
        ({"ok": long(1), "bad": P(long_value=1, type=P.TYPE_DOUBLE)}, ["params[bad].double_value"]),
    ]
    for params, fields in cases:
        failure = expect_error(lambda: engine.restart(step.id, params), grpc.StatusCode.INVALID_ARGUMENT,
                               "INVALID_PARAM_VALUE")
        assert failure.fields == fields, params
    unknown = expect_error(lambda: engine.restart(step.id, {"p": P(str_value="x", type=7)}),  # type: ignore[arg-type]
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PARAM_VALUE")
    assert "unknown type 7" in unknown.bad_request.field_violations[0].description
    untyped = expect_error(lambda: engine.restart(step.id, {"p": P(str_value="x")}),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PARAM_VALUE")
    assert "type is required" in untyped.bad_request.field_violations[0].description
    both = expect_error(lambda: engine.restart(step.id, {"a": P(type=P.TYPE_LONG), "b": P(str_value="x")}),
                        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PARAM_VALUE")
    assert sorted(both.fields) == ["params[a].long_value", "params[b].type"]
    nameless = expect_error(lambda: engine.restart(step.id, {"": long(1)}), grpc.StatusCode.INVALID_ARGUMENT,
                            "INVALID_PARAM_NAME")
    assert nameless.fields == ["params[]"]
    # Bad arguments change nothing.
    assert engine.step(step.id).state == Step.STATE_FAILED
    assert engine.incident(incident.id).state == Inc.STATE_OPEN


def test_restart_needs_a_token(engine, server):  # type: ignore[no-untyped-def]
    """The document's 401: the interceptor answers before anything runs."""
    _, _, step, _ = _failed(engine)
    anonymous = Failures(server.api(None))
    expect_error(lambda: anonymous.restart(step.id), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
    forged = Failures(server.api("fk_not-a-token"))
    expect_error(lambda: forged.restart(step.id), grpc.StatusCode.UNAUTHENTICATED)
    assert engine.step(step.id).state == Step.STATE_FAILED


def test_steps_of_other_tenants_are_invisible(engine, server):  # type: ignore[no-untyped-def]
    tenant = unique("tenant")
    _, instance_id, step, _ = _failed(engine, tenant=tenant)
    outsider = Failures(server.api(server.token(tenants=("other",))))
    expect_error(lambda: outsider.step(step.id), grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")
    expect_error(lambda: outsider.restart(step.id), grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")
    assert outsider.steps_of(instance_id) == []
    insider = Failures(server.api(server.token(tenants=(tenant,))))
    assert insider.restart(step.id).data.process_step_id == step.id


def test_list_process_steps_by_instance_state_and_pages(engine):  # type: ignore[no-untyped-def]
    process_key, topic = key("list"), unique("topic")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, topic))
    started = {engine.start_id(definition_id), engine.start_id(definition_id)}
    [task] = engine.fetch("w", engine.topic(topic), max_tasks=1)
    instance_id = task.external_task.process_instance_id
    [other] = started - {instance_id}
    [first] = engine.steps_of(instance_id)
    engine.fail(task.external_task.id, "w", retries=0)

    assert [s.id for s in engine.steps_of(instance_id)] == [first.id]
    assert [s.id for s in engine.steps_of(instance_id, Step.STATE_FAILED)] == [first.id]
    assert engine.steps_of(instance_id, Step.STATE_PENDING, Step.STATE_STARTED) == []
    [other_step] = engine.steps_of(other, Step.STATE_PENDING)
    assert [s.id for s in engine.steps_of(other, execution_id=other_step.execution_id)] == [other_step.id]
    assert [s.id for s in engine.steps_of(other, activity_id="Work")] == [other_step.id]
    assert engine.steps_of(other, activity_id="Wait") == []

    # Several pages (each restart-and-fail cycle leaves the one step; more instances add steps).
    more = [engine.start_id(definition_id) for _ in range(3)]
    seen, token = [], ""
    while True:
        page = engine.steps.ListProcessSteps(process_step_pb2.ListProcessStepsRequest(
            activity_id="Work", states=[Step.STATE_PENDING], page_size=2, page_token=token))
        seen += [s.process_instance_id for s in page.process_steps if s.process_definition_id == definition_id]
        token = page.next_page_token
        if not token:
            break
    assert set(more) | {other} <= set(seen) and len(seen) == len(set(seen))

    bad = expect_error(lambda: engine.steps.ListProcessSteps(process_step_pb2.ListProcessStepsRequest(
        page_token="garbage")), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    assert bad.fields == ["page_token"]
    bad = expect_error(lambda: engine.steps.ListProcessSteps(process_step_pb2.ListProcessStepsRequest(
        page_size=-1)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert bad.fields == ["page_size"]
    bad = expect_error(lambda: engine.steps_of(instance_id, 9), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_ENUM_VALUE")
    assert bad.fields == ["states[0]"]
    expect_error(lambda: engine.step("nope"), grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")


def test_cancelled_instance_cancels_its_steps(engine, server):  # type: ignore[no-untyped-def]
    _, instance_id, step = _one(engine)
    server.clock.advance(timedelta(seconds=7))
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id))
    cancelled = engine.step(step.id)
    assert cancelled.state == Step.STATE_CANCELED and _ts(cancelled.end_time) == _now(server)


def test_a_caught_bpmn_error_cancels_the_step_and_an_uncaught_one_fails_it(engine):  # type: ignore[no-untyped-def]
    process_key, topic = key("bpmnerr"), unique("topic")
    body = f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Charge" />
  <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="Declined" attachedToRef="Charge">
    <bpmn:errorEventDefinition errorRef="Error_declined" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="F2" sourceRef="Charge" targetRef="End" />
  <bpmn:sequenceFlow id="F3" sourceRef="Declined" targetRef="Apologise" />
  <bpmn:userTask id="Apologise" />
  <bpmn:sequenceFlow id="F4" sourceRef="Apologise" targetRef="End2" />
  <bpmn:endEvent id="End" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
<bpmn:error id="Error_declined" name="Declined" errorCode="DECLINED" />
"""
    definition_id = engine.deploy_inline(process_key, body)
    caught_instance, uncaught_instance = engine.start_id(definition_id), engine.start_id(definition_id)
    assert len(engine.fetch("w", engine.topic(topic))) == 2
    for instance_id, code in ((caught_instance, "DECLINED"), (uncaught_instance, "OTHER")):
        [task] = engine.external_tasks(process_instance_id=instance_id)
        engine.external.HandleExternalTaskBpmnError(et.HandleExternalTaskBpmnErrorRequest(
            id=task.id, worker_id="w", error_code=code, error_message="card declined"))
    [caught] = engine.steps_of(caught_instance)
    assert caught.state == Step.STATE_CANCELED
    assert engine.activities(caught_instance) == ["Apologise"]
    [uncaught] = engine.steps_of(uncaught_instance)
    assert uncaught.state == Step.STATE_FAILED and "OTHER" in uncaught.last_error
    assert engine.incident(uncaught.incident_id).state == Inc.STATE_OPEN


def test_signalling_past_a_failed_task_cancels_the_step_and_deletes_its_incident(engine):  # type: ignore[no-untyped-def]
    _, instance_id, step, incident = _failed(engine)
    engine.executions.SignalExecution(execution_pb2.SignalExecutionRequest(execution_id=step.execution_id))
    assert engine.activities(instance_id) == ["Wait"]
    assert engine.step(step.id).state == Step.STATE_CANCELED and engine.step(step.id).incident_id == ""
    assert engine.incident(incident.id).state == Inc.STATE_DELETED


def test_signalling_past_a_pending_task_completes_its_step(engine):  # type: ignore[no-untyped-def]
    _, instance_id, step = _one(engine)
    engine.executions.SignalExecution(execution_pb2.SignalExecutionRequest(execution_id=step.execution_id))
    assert engine.step(step.id).state == Step.STATE_COMPLETED


def test_deleting_the_deployment_removes_incidents_and_steps(engine):  # type: ignore[no-untyped-def]
    _, instance_id, step, incident = _failed(engine)
    deployment_id = engine.definitions.GetProcessDefinition(process_definition_pb2.GetProcessDefinitionRequest(
        id=step.process_definition_id)).process_definition.deployment_id
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_id, cascade=True))
    expect_error(lambda: engine.step(step.id), grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")
    expect_error(lambda: engine.incident(incident.id), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert engine.steps_of(instance_id) == []


def test_restart_and_complete_refuse_a_step_whose_work_was_removed_by_hand(engine, server):  # type: ignore[no-untyped-def]
    from sqlalchemy import delete

    from server.engine.models import ExternalTask

    _, _, failed, _ = _failed(engine)
    _, _, pending = _one(engine)
    gone = [failed.external_task_id, pending.external_task_id]
    server.db.run(lambda tx: tx.execute(delete(ExternalTask).where(ExternalTask.id.in_(gone))), write=True)
    refused = expect_error(lambda: engine.restart(failed.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_STEP_WORK_GONE")
    assert refused.info.metadata["subject_id"] == failed.external_task_id
    expect_error(lambda: engine.complete_step(pending.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "PROCESS_STEP_WORK_GONE")
    assert engine.step(failed.id).state == Step.STATE_FAILED


def test_concurrent_restarts_of_one_step_restart_it_once(engine):  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    _, instance_id, step, incident = _failed(engine)

    def restart(n: int):  # type: ignore[no-untyped-def]
        try:
            return engine.restart(step.id, {"attempt": long(n)}).data.params["attempt"].long_value
        except grpc.RpcError as error:
            return error.code()

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(restart, range(6)))
    won = [o for o in outcomes if isinstance(o, int)]
    assert len(won) == 1
    assert [o for o in outcomes if not isinstance(o, int)] == [grpc.StatusCode.FAILED_PRECONDITION] * 5
    restarted = engine.step(step.id)
    assert restarted.state == Step.STATE_STARTED and dict(restarted.params) == {"attempt": long(won[0])}
    local = plain(engine.executions.GetLocalVariables(
        execution_pb2.GetLocalVariablesRequest(execution_id=step.execution_id)).variables)
    assert local["attempt"] == (won[0], "Long")
    assert engine.incident(incident.id).state == Inc.STATE_RESOLVED
