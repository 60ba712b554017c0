"""Timers run by the job executor on the controllable clock: an intermediate catch event,
interrupting and non-interrupting (cycle) boundary events, a timer start event with a cycle and
an event-based gateway with a timer. The test moves the clock and waits for the executor."""

from __future__ import annotations

from datetime import timedelta, timezone

import grpc
import pytest

from flowkeeper.engine.v1 import message_pb2, process_instance_pb2
from tests.conftest import BACKENDS
from tests.engine.job_support import catch_timer, timer, timer_start
from tests.engine.work_support import Work, eventually, key
from tests.support import expect_error, unique


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def jobs_at(work: Work, instance: str, activity: str) -> list:  # type: ignore[type-arg]
    return work.jobs_of(instance, activity_id=activity)


def test_an_intermediate_timer_fires_when_the_clock_reaches_it(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("catch")
    definition = work.deploy_inline(process_key, catch_timer(process_key, "${delay}"))
    instance = work.start_id(definition, {"delay": "PT5M"})
    [job] = work.jobs_of(instance)
    assert (job.handler_type, job.activity_id, job.retries, job.execution_id) == (
        "timer-intermediate", "Wait", 3, instance)
    assert job.due_date.ToDatetime() == (server.clock.now() + timedelta(minutes=5)).replace(tzinfo=None)
    assert job.job_definition_id and job.process_definition_id == definition
    assert [j.id for j in work.jobs_of(instance, timers=True, due_before=job.due_date)] == []
    server.clock.advance(timedelta(minutes=4, seconds=59))
    assert work.activities(instance) == ["Wait"]
    server.clock.advance(timedelta(seconds=1))
    eventually(lambda: work.activities(instance) == ["Review"], what="the timer to fire")
    assert work.jobs_of(instance) == []


def boundary_timers(process_key: str, topic: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Escalate" attachedToRef="Review">{timer("timeDuration", "P1D", "Escalate")}</bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="Remind" cancelActivity="false" attachedToRef="Review">{timer("timeCycle", "R3/PT1H", "Remind")}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Reviewed" />
  <bpmn:endEvent id="Reviewed" />
  <bpmn:sequenceFlow id="f3" sourceRef="Escalate" targetRef="Escalated" />
  <bpmn:endEvent id="Escalated" />
  <bpmn:sequenceFlow id="f4" sourceRef="Remind" targetRef="SendReminder" />
  <bpmn:serviceTask id="SendReminder" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f5" sourceRef="SendReminder" targetRef="ReminderSent" />
  <bpmn:endEvent id="ReminderSent" />
</bpmn:process>
"""


def test_a_non_interrupting_cycle_fires_three_times_and_an_interrupting_timer_ends_the_task(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    topic = unique("reminders")
    process_key = key("boundaries")
    definition = work.deploy_inline(process_key, boundary_timers(process_key, topic))
    instance = work.start_id(definition)
    assert sorted((j.handler_type, j.activity_id, j.repeat) for j in work.jobs_of(instance)) == [
        ("timer-boundary", "Escalate", ""), ("timer-boundary", "Remind", "R2/PT1H")]

    def reminders() -> int:
        return len(work.external_tasks(process_instance_id=instance, activity_id="SendReminder"))

    for fired, repeat_left in ((1, "R1/PT1H"), (2, ""), (3, None)):
        server.clock.advance(timedelta(hours=1))
        eventually(lambda: reminders() == fired, what=f"reminder {fired}")
        remind = [(j.repeat, j.due_date.ToDatetime()) for j in jobs_at(work, instance, "Remind")]
        if repeat_left is None:
            assert remind == []
        else:
            assert remind == [(repeat_left, (server.clock.now() + timedelta(hours=1)).replace(tzinfo=None))]
        assert "Review" in work.activities(instance)
    server.clock.advance(timedelta(hours=1))
    assert reminders() == 3 and jobs_at(work, instance, "Remind") == []

    server.clock.advance(timedelta(hours=20))  # a day after the start: escalated
    eventually(lambda: work.activities(instance) == ["SendReminder"] * 3, what="the escalation to end the review")
    assert work.tasks_of(instance) == [] and work.jobs_of(instance) == []


def test_completing_the_task_removes_its_boundary_timers(work: Work) -> None:
    process_key = key("boundaries")
    definition = work.deploy_inline(process_key, boundary_timers(process_key, unique("reminders")))
    instance = work.start_id(definition)
    [task] = work.tasks_of(instance)
    work.complete(task.id)
    assert work.ended(instance) and work.jobs_of(instance) == []


def test_a_timer_start_event_starts_an_instance_per_firing_of_its_cycle(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("hourly")
    definition = work.deploy_inline(process_key, timer_start(process_key))
    [job] = work.jobs_of(process_definition_id=definition)
    assert (job.handler_type, job.activity_id, job.repeat, job.execution_id) == ("timer-start", "EveryHour",
                                                                                 "R1/PT1H", "")

    def started() -> list[str]:
        return [i.id for i in work.instances.QueryProcessInstances(
            process_instance_pb2.QueryProcessInstancesRequest(process_definition_id=definition)).process_instances]

    assert started() == []
    server.clock.advance(timedelta(hours=1))
    first = eventually(lambda: started() if len(started()) == 1 else None, what="the first start")
    assert work.activities(first[0]) == ["WriteReport"]
    [following] = work.jobs_of(process_definition_id=definition)
    assert following.repeat == "" and following.id != job.id
    server.clock.advance(timedelta(hours=1))
    eventually(lambda: len(started()) == 2, what="the second start")
    assert work.jobs_of(process_definition_id=definition) == []
    server.clock.advance(timedelta(hours=1))
    assert len(started()) == 2


def test_a_deployments_timer_start_is_known_to_the_executor_of_its_process(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """The executor asks the database for due jobs when one was made in its process (else only
    every --job-poll-seconds, here an hour): a deployment's timer start job is such a job."""
    handle = fresh_server(server.backend, job_poll_seconds=3600)
    work = Work(handle.api())
    process_key = key("hourly_known")
    definition = work.deploy_inline(process_key, timer_start(process_key))
    handle.clock.advance(timedelta(hours=1))
    eventually(lambda: work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_id=definition)).process_instances, timeout=30, what="the timer start to fire")


def gateway(process_key: str, message: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="WaitForAnswer" />
  <bpmn:eventBasedGateway id="WaitForAnswer" />
  <bpmn:sequenceFlow id="f2" sourceRef="WaitForAnswer" targetRef="AnswerReceived" />
  <bpmn:sequenceFlow id="f3" sourceRef="WaitForAnswer" targetRef="AnswerTimeout" />
  <bpmn:intermediateCatchEvent id="AnswerReceived">
    <bpmn:messageEventDefinition id="m1" messageRef="Msg" />
  </bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="AnswerTimeout">{timer("timeDuration", "PT2H", "AnswerTimeout")}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f4" sourceRef="AnswerReceived" targetRef="Answered" />
  <bpmn:userTask id="Answered" />
  <bpmn:sequenceFlow id="f5" sourceRef="AnswerTimeout" targetRef="TimedOut" />
  <bpmn:userTask id="TimedOut" />
  <bpmn:sequenceFlow id="f6" sourceRef="Answered" targetRef="End1" />
  <bpmn:endEvent id="End1" />
  <bpmn:sequenceFlow id="f7" sourceRef="TimedOut" targetRef="End2" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
<bpmn:message id="Msg" name="{message}" />
"""


def test_an_event_based_gateway_takes_the_timer_branch_unless_the_message_comes_first(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    message = unique("answer")
    process_key = key("gateway")
    definition = work.deploy_inline(process_key, gateway(process_key, message))
    timed_out = work.start_id(definition)
    answered = work.start_id(definition)
    [job] = work.jobs_of(timed_out)
    assert (job.handler_type, job.activity_id) == ("timer-event-gateway", "AnswerTimeout")

    work.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(message_name=message,
                                                                       process_instance_id=answered))
    assert work.activities(answered) == ["Answered"] and work.jobs_of(answered) == []
    server.clock.advance(timedelta(hours=2))
    eventually(lambda: work.activities(timed_out) == ["TimedOut"], what="the timer branch")
    assert work.jobs_of(timed_out) == [] and work.activities(answered) == ["Answered"]


def test_a_timer_past_the_calendar_is_the_expressions_failure(work: Work) -> None:
    """A duration that ends after the year 9999 (P1000000W, which timedelta overflows) cannot be
    scheduled: the start fails as the timer's expression, not inside the engine."""
    process_key = key("forever")
    definition = work.deploy_inline(process_key, catch_timer(process_key, "${delay}"))
    for delay in ("P1000000W", "P9000Y"):
        failed = expect_error(lambda: work.start_id(definition, {"delay": delay}), grpc.StatusCode.FAILED_PRECONDITION,
                              "EXPRESSION_EVALUATION_FAILED")
        assert "9999" in failed.message, failed.message


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_cycle_ends_when_its_next_firing_falls_past_the_calendar(fresh_server, backend) -> None:  # type: ignore[no-untyped-def]
    handle = fresh_server(backend)  # its clock moves 5,000 years
    work = Work(handle.api())
    process_key = key("millennia")
    definition = work.deploy_inline(process_key, timer_start(process_key).replace("R2/PT1H", "R/P5000Y"))
    [job] = work.jobs_of(process_definition_id=definition)
    assert job.due_date.ToDatetime().year > 7000

    def started() -> int:
        return len(work.instances.QueryProcessInstances(
            process_instance_pb2.QueryProcessInstancesRequest(process_definition_id=definition)).process_instances)

    handle.clock.advance(job.due_date.ToDatetime().replace(tzinfo=timezone.utc) - handle.clock.now())
    eventually(lambda: started() == 1, what="the one firing before the year 9999")
    eventually(lambda: work.jobs_of(process_definition_id=definition) == [], what="the cycle to end")
