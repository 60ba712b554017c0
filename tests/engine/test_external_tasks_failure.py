"""External tasks that fail: retries with a retry timeout on the controllable clock, an incident
when retries reach 0 and its resolution when they are raised again; BPMN errors caught by a
boundary event and uncaught."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import process_instance_pb2 as PI
from tests.engine.resources import bpmn
from tests.engine.failure_support import incidents_of
from tests.engine.support import typed_map
from tests.engine.work_support import Work, deploy_one_task, key, seconds
from tests.support import expect_error, unique


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def test_a_failure_with_retries_waits_for_the_retry_timeout(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    instance = work.start_id(definition)
    [locked] = work.fetch("w", work.topic(topic))
    task_id = locked.external_task.id
    failed = work.fail(task_id, "w", retries=2, timeout=60, message="service down", details="trace…")
    assert failed.retries == 2 and failed.worker_id == "" and failed.error_message == "service down"
    assert failed.error_details == "trace…" and not failed.locked
    assert failed.lock_expiration_time.ToDatetime() == (server.clock.now() + timedelta(seconds=60)).replace(tzinfo=None)
    # The failing worker no longer holds the task.
    expect_error(lambda: work.complete_external(task_id, "w"), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXTERNAL_TASK_NOT_LOCKED")

    server.clock.advance(timedelta(seconds=59))
    assert work.fetch("w", work.topic(topic)) == []
    server.clock.advance(timedelta(seconds=1))
    [again] = work.fetch("w2", work.topic(topic))
    assert again.external_task.id == task_id and again.external_task.retries == 2
    assert again.external_task.error_message == "service down"

    # A failure without a timeout makes it fetchable at once.
    work.fail(task_id, "w2", retries=1)
    [third] = work.fetch("w3", work.topic(topic))
    work.complete_external(third.external_task.id, "w3")
    assert work.activities(instance) == ["After"]
    assert incidents_of(server, instance) == []


def test_retries_zero_opens_an_incident_and_raising_them_resolves_it(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    instance = work.start_id(definition)
    [locked] = work.fetch("w", work.topic(topic))
    task_id = locked.external_task.id
    work.fail(task_id, "w", retries=1, timeout=10, message="first")
    server.clock.advance(timedelta(seconds=10))
    [locked] = work.fetch("w", work.topic(topic))
    failed = work.fail(task_id, "w", retries=0, timeout=10, message="card service gone")
    assert failed.retries == 0 and not failed.HasField("lock_expiration_time")
    assert incidents_of(server, instance) == [("failedExternalTask", "card service gone", task_id, "Work", "OPEN")]
    assert work.query(incident_type="failedExternalTask", process_instance_id=instance) == {instance}
    server.clock.advance(timedelta(minutes=5))
    assert work.fetch("w", work.topic(topic)) == []
    assert [t.id for t in work.external_tasks(topic_name=topic, no_retries_left=True)] == [task_id]

    raised = work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task_id], retries=2))
    assert [t.retries for t in raised.external_tasks] == [2]
    assert incidents_of(server, instance) == [("failedExternalTask", "card service gone", task_id, "Work", "RESOLVED")]
    assert work.query(incident_type="failedExternalTask", process_instance_id=instance) == set()
    [locked] = work.fetch("w", work.topic(topic))
    work.complete_external(task_id, "w")
    assert work.activities(instance) == ["After"]


def test_set_retries_to_zero_opens_incidents_for_many_tasks_at_once(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    instances = [work.start_id(definition) for _ in range(3)]
    task_ids = [t.id for t in work.external_tasks(topic_name=topic)]
    work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=task_ids, retries=0))
    for instance in instances:
        [(kind, message, _, activity, state)] = incidents_of(server, instance)
        assert (kind, message, activity, state) == ("failedExternalTask", "retries were set to 0", "Work", "OPEN")
    assert work.fetch("w", work.topic(topic)) == []
    # All or nothing: an unknown id changes none of them.
    failure = expect_error(
        lambda: work.external.SetExternalTaskRetries(
            et.SetExternalTaskRetriesRequest(ids=[task_ids[0], "no-such-task"], retries=3)),
        grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")
    assert failure.info is not None and failure.info.metadata["id"] == "no-such-task"
    assert work.external_task(task_ids[0]).retries == 0
    work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=task_ids, retries=1))
    assert len(work.fetch("w", work.topic(topic))) == 3
    assert {i[-1] for instance in instances for i in incidents_of(server, instance)} == {"RESOLVED"}


def test_set_retries_selects_tasks_by_query_and_by_instance(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    instances = [work.start_id(definition, business_key=f"order-{i}") for i in range(4)]
    task_of = {t.process_instance_id: t.id for t in work.external_tasks(topic_name=topic)}

    def retries() -> list[int]:
        return [work.external_task(task_of[i]).retries for i in instances]

    work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(
        external_task_query=et.QueryExternalTasksRequest(topic_name=topic), retries=0))
    assert retries() == [0, 0, 0, 0]
    assert {incidents_of(server, i)[0][-1] for i in instances} == {"OPEN"}
    # The ids, an instance by id and one by query: each once, the others untouched.
    raised = work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(
        ids=[task_of[instances[0]]], process_instance_ids=[instances[1], instances[0]],
        process_instance_query=PI.CountProcessInstancesRequest(business_key="order-2"), retries=3))
    assert [t.id for t in raised.external_tasks] == [task_of[i] for i in instances[:3]]
    assert retries() == [3, 3, 3, 0]
    assert [incidents_of(server, i)[0][-1] for i in instances] == ["RESOLVED", "RESOLVED", "RESOLVED", "OPEN"]


def test_set_retries_selection_faults(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    instance = work.start_id(definition)
    [task] = work.external_tasks(topic_name=topic)
    nothing = expect_error(lambda: work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(
        external_task_query=et.QueryExternalTasksRequest(topic_name=unique("no-topic")), retries=1)),
        grpc.StatusCode.INVALID_ARGUMENT, "EMPTY_SELECTION")
    assert nothing.fields == ["external_task_query"]
    refused = expect_error(lambda: work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(
        external_task_query=et.QueryExternalTasksRequest(locked=True, not_locked=True), retries=1)),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert refused.fields == ["external_task_query.not_locked"]
    empty = expect_error(lambda: work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(
        process_instance_ids=[instance, ""], retries=1)), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert empty.fields == ["process_instance_ids[1]"]
    # All or none: an unknown id next to a query changes nothing.
    missing = expect_error(lambda: work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(
        ids=["no-such-task"], process_instance_ids=[instance], retries=4)),
        grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")
    assert missing.info is not None and missing.info.metadata["field_name"] == "ids[0]"
    assert not work.external_task(task.id).HasField("retries")


def test_failure_and_retries_arguments_are_checked(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    work.start_id(definition)
    [locked] = work.fetch("w", work.topic(topic))
    task_id = locked.external_task.id
    failure = expect_error(
        lambda: work.external.HandleExternalTaskFailure(et.HandleExternalTaskFailureRequest(id=task_id)),
        grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert set(failure.fields) == {"worker_id", "retries"}
    negative = et.HandleExternalTaskFailureRequest(id=task_id, worker_id="w", retries=-1,
                                                   retry_timeout=seconds(-5))
    failure = expect_error(lambda: work.external.HandleExternalTaskFailure(negative),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert set(failure.fields) == {"retries", "retry_timeout"}
    expect_error(lambda: work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(retries=1)),
                 grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task_id])),
                 grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: work.external.SetExternalTaskRetries(
        et.SetExternalTaskRetriesRequest(ids=[task_id], retries=-1)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    expect_error(lambda: work.fail("no-such-task", "w", retries=1), grpc.StatusCode.NOT_FOUND,
                 "EXTERNAL_TASK_NOT_FOUND")
    assert work.external_task(task_id).worker_id == "w"


def payment(process_key: str, topic: str) -> str:
    """external_task_error.bpmn on a topic of its own."""
    return f"""
<bpmn:process id="{process_key}" name="Payment with errors" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="StartEvent_1" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="CallPaymentProvider" />
  <bpmn:serviceTask id="CallPaymentProvider" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="PaymentDeclined" attachedToRef="CallPaymentProvider">
    <bpmn:errorEventDefinition id="ErrorEventDefinition_1" errorRef="Error_1" />
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="AnyError" attachedToRef="CallPaymentProvider">
    <bpmn:errorEventDefinition id="ErrorEventDefinition_2" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="Flow_2" sourceRef="CallPaymentProvider" targetRef="Paid" />
  <bpmn:endEvent id="Paid" />
  <bpmn:sequenceFlow id="Flow_3" sourceRef="PaymentDeclined" targetRef="HandleDeclined" />
  <bpmn:userTask id="HandleDeclined" camunda:candidateGroups="support" />
  <bpmn:sequenceFlow id="Flow_4" sourceRef="HandleDeclined" targetRef="Declined" />
  <bpmn:endEvent id="Declined" />
  <bpmn:sequenceFlow id="Flow_5" sourceRef="AnyError" targetRef="Failed" />
  <bpmn:endEvent id="Failed" />
</bpmn:process>
<bpmn:error id="Error_1" name="Payment declined" errorCode="PAYMENT_DECLINED" />
"""


def bpmn_error(work: Work, task_id: str, worker: str, code: str, message: str = "",
               variables: dict[str, object] | None = None) -> bool:
    return work.external.HandleExternalTaskBpmnError(et.HandleExternalTaskBpmnErrorRequest(
        id=task_id, worker_id=worker, error_code=code, error_message=message,
        variables=typed_map(variables or {}))).caught


def test_a_bpmn_error_is_caught_by_the_boundary_event_for_its_code(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    topic = unique("payments")
    process_key = key("payment")
    definition = work.deploy_inline(process_key, payment(process_key, topic))
    declined = work.start_id(definition)
    other = work.start_id(definition)
    locked = {t.external_task.process_instance_id: t.external_task.id
              for t in work.fetch("w", work.topic(topic), max_tasks=2)}

    assert bpmn_error(work, locked[declined], "w", "PAYMENT_DECLINED", "card expired", {"reason": "expired"})
    assert work.activities(declined) == ["HandleDeclined"]
    assert work.variables(declined) == {"reason": ("expired", "String")}
    expect_error(lambda: work.external_task(locked[declined]), grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")

    # Any other code goes to the catch-all boundary event, which ends the instance.
    assert bpmn_error(work, locked[other], "w", "TIMEOUT")
    assert work.ended(other)
    assert incidents_of(server, declined) == [] and incidents_of(server, other) == []


def test_an_uncaught_bpmn_error_opens_an_incident_and_leaves_the_task(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    instance = work.start_id(definition)
    [locked] = work.fetch("w", work.topic(topic))
    task_id = locked.external_task.id
    expect_error(lambda: bpmn_error(work, task_id, "w", ""), grpc.StatusCode.INVALID_ARGUMENT,
                 "MISSING_REQUIRED_FIELD")
    assert not bpmn_error(work, task_id, "w", "NOT_MODELLED", "nobody listens", {"seen": True})
    task = work.external_task(task_id)
    assert task.retries == 0 and task.worker_id == "" and not task.locked
    assert "NOT_MODELLED" in task.error_message
    [(kind, message, configuration, activity, state)] = incidents_of(server, instance)
    assert (kind, configuration, activity, state) == ("failedExternalTask", task_id, "Work", "OPEN")
    assert message is not None and "'NOT_MODELLED' was not caught: nobody listens" in message
    assert work.activities(instance) == ["Work"] and work.variables(instance) == {"seen": (True, "Boolean")}
    assert work.fetch("w", work.topic(topic)) == []
    # Raising the retries hands the task back to the workers.
    work.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task_id], retries=1))
    [again] = work.fetch("w", work.topic(topic))
    work.complete_external(again.external_task.id, "w")
    assert work.activities(instance) == ["After"]
    assert incidents_of(server, instance)[0][-1] == "RESOLVED"


def test_the_payment_fixture_catches_its_declined_error(work: Work) -> None:
    """The committed fixture external_task_error.bpmn as the Modeler saved it (on a topic of its own)."""
    content = bpmn("external_task_error.bpmn").replace(b'camunda:topic="payment-provider"',
                                                       f'camunda:topic="{unique("pp")}"'.encode())
    topic = content.split(b'camunda:topic="')[1].split(b'"')[0].decode()
    deployment = work.deploy(contents={"external_task_error.bpmn": content})
    instance = work.start_id(work.definition_id(deployment, "external_task_error"))
    [locked] = work.fetch("w", work.topic(topic))
    assert bpmn_error(work, locked.external_task.id, "w", "PAYMENT_DECLINED")
    assert work.activities(instance) == ["HandleDeclined"]
