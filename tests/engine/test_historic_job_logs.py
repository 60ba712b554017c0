"""The job log HistoryService keeps (HistoricJobLog): the entry written when a job is created (an
asynchronous continuation before or after an activity, an intermediate, boundary, event-based
gateway or start timer, a cycle's next job), when its run succeeds (before what its work does)
or fails (the retries left, the exception; its details only by GetHistoricJobLog; down to 0
retries and the incident), when it is deleted with its path (the deletion of its instance, a
modification, an interrupting boundary event, the other event of an event-based gateway) or
replaced with its start timer's version; that a refused call writes nothing; and when the
entries go (DeleteHistoricProcessInstance, the cleanup, a deployment's deletion).

The server runs no background work (one per backend, for the module): the tests run each job by
ExecuteJob, so no executor races their assertions; its clock moves as the tests need."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Iterator

import grpc
import pytest
from sqlalchemy import update

from flowkeeper.engine.v1 import deployment_pb2, history_pb2, job_pb2, message_pb2, process_definition_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.models import Job
from tests.conftest import BACKENDS, database_url, start_server
from tests.engine.failure_support import incidents_of
from tests.engine.history_support import JobLogs, due_of, job_event, log_kind, ts
from tests.engine.job_support import catch_timer, failing_gateway, failing_timer_start, set_amount, timer, timer_start
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
Instruction = pi.ModificationInstruction


@pytest.fixture(scope="module", params=BACKENDS)
def quiet(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """A server of the module's own, per backend, without background work (no job executor, no
    automatic cleanup)."""
    handle = start_server(database_url(request.param, request, tmp_path_factory), request.param, background=False)
    try:
        yield handle
    finally:
        handle.close()
        handle.running.stop(None)


@pytest.fixture
def h(quiet: ServerHandle) -> JobLogs:
    return JobLogs(quiet.api())


def cancel(activity_id: str) -> Instruction:
    return Instruction(type=Instruction.TYPE_CANCEL, activity_id=activity_id)


def start_before(activity_id: str) -> Instruction:
    return Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id=activity_id)


def waiting_then_async(process_key: str) -> str:
    """Start, the timer Wait (PT1H), the user task Review (asynchronous before and after), end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait">{timer("timeDuration", "PT1H", "Wait")}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="Review" />
  <bpmn:userTask id="Review" camunda:asyncBefore="true" camunda:asyncAfter="true" />
  <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def boundary_timers(process_key: str) -> str:
    """The user task Review with an interrupting timer Escalate (P1D) and a non-interrupting cycle
    Remind (R3/PT1H, to the user task Chase)."""
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
  <bpmn:userTask id="Escalated" />
  <bpmn:sequenceFlow id="f5" sourceRef="Escalated" targetRef="EscalatedEnd" />
  <bpmn:endEvent id="EscalatedEnd" />
  <bpmn:sequenceFlow id="f4" sourceRef="Remind" targetRef="Chase" />
  <bpmn:userTask id="Chase" />
  <bpmn:sequenceFlow id="f6" sourceRef="Chase" targetRef="ChaseEnd" />
  <bpmn:endEvent id="ChaseEnd" />
</bpmn:process>
"""


def gateway(process_key: str, message: str) -> str:
    """An event-based gateway: the message Answer, or the timer Timeout (PT2H)."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Either" />
  <bpmn:eventBasedGateway id="Either" />
  <bpmn:sequenceFlow id="f2" sourceRef="Either" targetRef="Answer" />
  <bpmn:sequenceFlow id="f3" sourceRef="Either" targetRef="Timeout" />
  <bpmn:intermediateCatchEvent id="Answer"><bpmn:messageEventDefinition id="m1" messageRef="Msg" /></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="Timeout">{timer("timeDuration", "PT2H", "Timeout")}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f4" sourceRef="Answer" targetRef="Answered" />
  <bpmn:userTask id="Answered" />
  <bpmn:sequenceFlow id="f5" sourceRef="Timeout" targetRef="TimedOut" />
  <bpmn:userTask id="TimedOut" />
  <bpmn:sequenceFlow id="f6" sourceRef="Answered" targetRef="End1" />
  <bpmn:endEvent id="End1" />
  <bpmn:sequenceFlow id="f7" sourceRef="TimedOut" targetRef="End2" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
<bpmn:message id="Msg" name="{message}" />
"""


def deploy(h: JobLogs, body: Any, prefix: str, tenant: str = "", **options: Any) -> tuple[str, str]:
    """``body(process_key, **options)`` deployed under a key of its own: (definition id, key)."""
    process_key = key(prefix)
    return h.deploy_inline(process_key, body(process_key, **options), tenant), process_key


def job_of(h: JobLogs, instance: str, activity: str) -> job_pb2.Job:
    [job] = h.jobs_of(instance, activity_id=activity)
    return job


def deployment_of(h: JobLogs, definition_id: str) -> str:
    return h.definitions.GetProcessDefinition(
        process_definition_pb2.GetProcessDefinitionRequest(id=definition_id)).process_definition.deployment_id


# -- creation -----------------------------------------------------------------------------------


def test_an_intermediate_timer_is_logged_with_the_job_s_fields(quiet, h) -> None:  # type: ignore[no-untyped-def]
    tenant = unique("tenant")
    definition, process_key = deploy(h, catch_timer, "catch", tenant, value="PT5M")
    created = quiet.clock.advance(MINUTE)
    instance = h.start_id(definition)
    job = h.the_job(instance)

    [entry] = h.job_logs(process_instance_id=instance)
    assert log_kind(entry) == "created" and entry.id != ""
    assert (entry.timestamp, entry.job_id, entry.job_definition_type, entry.job_due_date) == (
        ts(created), job.id, "timer-intermediate", ts(created + timedelta(minutes=5)))
    assert (entry.job_retries, entry.job_priority, entry.job_exception_message, entry.job_exception_details) == (
        3, 0, "", "")
    assert (entry.job_definition_id, entry.activity_id, entry.execution_id) == (job.job_definition_id, "Wait", instance)
    assert entry.job_definition_id != ""
    assert (entry.process_instance_id, entry.process_definition_id, entry.process_definition_key,
            entry.tenant_id) == (instance, definition, process_key, tenant)
    assert h.job_log(entry.id) == entry
    assert h.count_job_logs(process_instance_id=instance) == 1
    assert h.count_job_logs(job_id=job.id) == 1


def test_asynchronous_continuations_before_and_after_are_logged_each_run_before_what_it_causes(quiet, h) -> None:  # type: ignore[no-untyped-def]
    """The timer's success, then the async-before job it created; that job's success; the
    async-after job created when the task completes, its success; the instance ends."""
    definition, process_key = deploy(h, waiting_then_async, "continued")
    started = quiet.clock.advance(MINUTE)
    instance = h.start_id(definition)
    wait = h.the_job(instance)
    fired = quiet.clock.advance(MINUTE)
    h.execute(wait.id)
    before = h.the_job(instance)
    assert (before.handler_type, before.activity_id) == ("async-before", "Review")
    entered = quiet.clock.advance(MINUTE)
    h.execute(before.id)
    [task] = h.tasks_of(instance)
    completed = quiet.clock.advance(MINUTE)
    h.complete(task.id)
    after = h.the_job(instance)
    assert (after.handler_type, after.activity_id) == ("async-after", "Review")
    left = quiet.clock.advance(MINUTE)
    h.execute(after.id)
    assert h.ended(instance)

    entries = h.job_logs(process_instance_id=instance)
    assert [(log_kind(e), e.job_id, e.job_definition_type, e.activity_id) for e in entries] == [
        ("created", wait.id, "timer-intermediate", "Wait"),
        ("succeeded", wait.id, "timer-intermediate", "Wait"),
        ("created", before.id, "async-before", "Review"),
        ("succeeded", before.id, "async-before", "Review"),
        ("created", after.id, "async-after", "Review"),
        ("succeeded", after.id, "async-after", "Review")]
    assert [e.timestamp for e in entries] == [ts(t) for t in (started, fired, fired, entered, completed, left)]
    # The timer kept its due date; the continuations are due at once (unset).
    assert [due_of(e) for e in entries] == [started + HOUR, started + HOUR, None, None, None, None]
    assert {(e.job_retries, e.job_priority, e.job_exception_message) for e in entries} == {(3, 0, "")}
    assert {(e.execution_id, e.process_instance_id, e.process_definition_id, e.process_definition_key,
             e.tenant_id) for e in entries} == {(instance, instance, definition, process_key, "")}
    assert [e.job_definition_id for e in entries] == [wait.job_definition_id] * 2 + [before.job_definition_id] * 2 + [
        after.job_definition_id] * 2
    assert len({wait.job_definition_id, before.job_definition_id, after.job_definition_id}) == 3
    ids = [int(e.id) for e in entries]
    assert ids == sorted(ids) and len(set(ids)) == 6


def test_boundary_timers_a_cycle_s_next_job_and_an_interrupting_timer_deleting_the_other(quiet, h) -> None:  # type: ignore[no-untyped-def]
    definition, process_key = deploy(h, boundary_timers, "boundaries")
    started = quiet.clock.now()
    instance = h.start_id(definition)
    escalate, remind = job_of(h, instance, "Escalate"), job_of(h, instance, "Remind")
    scope = escalate.execution_id
    assert scope != instance and remind.execution_id == scope

    created = h.job_logs(process_instance_id=instance)
    assert sorted((e.job_id, log_kind(e), e.job_definition_type, due_of(e), e.execution_id) for e in created) == sorted([
        (escalate.id, "created", "timer-boundary", started + timedelta(days=1), scope),
        (remind.id, "created", "timer-boundary", started + HOUR, scope)])

    # The cycle fires: its success, then its next job (due an hour after the one that fired).
    reminded = quiet.clock.advance(MINUTE)
    h.execute(remind.id)
    following = job_of(h, instance, "Remind")
    assert following.id != remind.id
    entries = h.job_logs(process_instance_id=instance)[2:]
    assert [(e.job_id, log_kind(e), due_of(e), e.timestamp) for e in entries] == [
        (remind.id, "succeeded", started + HOUR, ts(reminded)),
        (following.id, "created", started + 2 * HOUR, ts(reminded))]
    assert entries[1].job_definition_id == remind.job_definition_id

    # The interrupting timer fires: its success, then the deletion of the waiting cycle job.
    escalated = quiet.clock.advance(MINUTE)
    h.execute(escalate.id)
    assert h.activities(instance) == ["Chase", "Escalated"]
    entries = h.job_logs(process_instance_id=instance)[4:]
    assert [(e.job_id, log_kind(e), e.activity_id, e.timestamp) for e in entries] == [
        (escalate.id, "succeeded", "Escalate", ts(escalated)),
        (following.id, "deleted", "Remind", ts(escalated))]
    assert (entries[1].job_definition_type, due_of(entries[1]), entries[1].job_retries, entries[1].execution_id) == (
        "timer-boundary", started + 2 * HOUR, 3, scope)
    assert h.jobs_of(instance) == []


def test_completing_the_task_deletes_its_boundary_timers(h) -> None:  # type: ignore[no-untyped-def]
    definition, _ = deploy(h, boundary_timers, "completed")
    instance = h.start_id(definition)
    jobs = {j.activity_id: j.id for j in h.jobs_of(instance)}
    [task] = h.tasks_of(instance)
    h.complete(task.id)
    assert h.ended(instance)
    deleted = h.job_logs(process_instance_id=instance, deletion_log=True)
    assert sorted((e.activity_id, e.job_id) for e in deleted) == sorted(jobs.items())


def test_a_timer_start_is_logged_without_an_instance_its_cycle_s_next_job_too(quiet, h) -> None:  # type: ignore[no-untyped-def]
    tenant = unique("tenant")
    deployed = quiet.clock.advance(MINUTE)
    definition, process_key = deploy(h, timer_start, "hourly", tenant)
    first = h.the_job(process_definition_id=definition)
    [entry] = h.job_logs(process_definition_id=definition)
    assert (log_kind(entry), entry.job_id, entry.job_definition_type, entry.timestamp, due_of(entry)) == (
        "created", first.id, "timer-start", ts(deployed), deployed + HOUR)
    assert (entry.activity_id, entry.execution_id, entry.process_instance_id, entry.process_definition_key,
            entry.tenant_id, entry.job_retries) == ("EveryHour", "", "", process_key, tenant, 3)
    assert entry.job_definition_id == first.job_definition_id != ""

    fired = quiet.clock.advance(HOUR)
    h.execute(first.id)
    second = h.the_job(process_definition_id=definition)
    [started] = h.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_id=definition)).process_instances
    entries = h.job_logs(process_definition_id=definition)
    assert [(log_kind(e), e.job_id, due_of(e), e.timestamp, e.process_instance_id) for e in entries] == [
        ("created", first.id, deployed + HOUR, ts(deployed), ""),
        ("succeeded", first.id, deployed + HOUR, ts(fired), ""),
        ("created", second.id, deployed + 2 * HOUR, ts(fired), "")]
    # The instance it started has no job: nothing of its own in the log.
    assert h.count_job_logs(process_instance_id=started.id) == 0
    h.execute(second.id)
    assert h.jobs_of(process_definition_id=definition) == []  # the cycle is over
    assert [log_kind(e) for e in h.job_logs(job_id=second.id)] == ["created", "succeeded"]


def test_a_newer_version_deletes_the_start_timer_of_the_older(quiet, h) -> None:  # type: ignore[no-untyped-def]
    old, process_key = deploy(h, timer_start, "replaced")
    old_job = h.the_job(process_definition_id=old)
    replaced = quiet.clock.advance(MINUTE)
    new = h.deploy_inline(process_key, timer_start(process_key))
    new_job = h.the_job(process_definition_id=new)
    old_entries = h.job_logs(process_definition_id=old)
    assert [(log_kind(e), e.job_id) for e in old_entries] == [("created", old_job.id), ("deleted", old_job.id)]
    assert (old_entries[1].timestamp, old_entries[1].job_definition_type, old_entries[1].process_instance_id) == (
        ts(replaced), "timer-start", "")
    assert due_of(old_entries[1]) == due_of(old_entries[0])
    [created] = h.job_logs(process_definition_id=new)
    assert (log_kind(created), created.job_id, created.timestamp) == ("created", new_job.id, ts(replaced))
    # The deletion comes before the new version's creation.
    assert int(old_entries[1].id) < int(created.id)


# -- failures -----------------------------------------------------------------------------------


def test_each_failure_is_logged_down_to_0_retries_details_only_by_get(quiet, h) -> None:  # type: ignore[no-untyped-def]
    definition, process_key = deploy(h, failing_gateway, "failing")
    created = quiet.clock.advance(MINUTE)
    instance = h.start_id(definition)
    job = h.the_job(instance)
    times = []
    for left in (2, 1, 0):
        times.append(quiet.clock.advance(MINUTE))
        failure = expect_error(lambda: h.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION,
                               "EXPRESSION_EVALUATION_FAILED")
    failed = h.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job
    assert failed.retries == 0 and failed.exception_message == failure.message and "amount" in failure.message

    entries = h.job_logs(job_id=job.id)
    assert [job_event(e) for e in entries] == [("created", "async-before", 3, "")] + [
        ("failed", "async-before", left, failure.message) for left in (2, 1, 0)]
    assert [e.timestamp for e in entries] == [ts(created)] + [ts(t) for t in times]
    # Due at once: unset until a failure schedules the retry (at once: the failure's time).
    assert [due_of(e) for e in entries] == [None, *times]
    # The details only through GetHistoricJobLog.
    assert {e.job_exception_details for e in entries} == {""}
    assert h.job_log(entries[0].id).job_exception_details == ""
    for entry in entries[1:]:
        got = h.job_log(entry.id)
        assert got.job_exception_details == failed.exception_details
        assert got.job_exception_details.startswith("EXPRESSION_EVALUATION_FAILED")
        got.ClearField("job_exception_details")
        assert got == entry
        assert (entry.activity_id, entry.execution_id, entry.process_instance_id, entry.process_definition_id,
                entry.process_definition_key, entry.job_definition_id) == (
            "Gate", instance, instance, definition, process_key, job.job_definition_id)
    assert h.count_job_logs(job_id=job.id, failure_log=True) == 3
    assert incidents_of(quiet, instance) == [("failedJob", failure.message, job.id, "Gate", "OPEN")]

    # Raised retries write nothing; the job then runs: its success, as it was (retries, message).
    set_amount(h, instance, 50)
    h.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[job.id], retries=1))
    assert h.count_job_logs(job_id=job.id) == 4
    done = quiet.clock.advance(MINUTE)
    h.execute(job.id)
    assert h.activities(instance) == ["Big"]
    [success] = h.job_logs(job_id=job.id, success_log=True)
    assert (job_event(success), success.timestamp, h.job_log(success.id).job_exception_details) == (
        ("succeeded", "async-before", 1, failure.message), ts(done), "")
    assert incidents_of(quiet, instance)[0][-1] == "RESOLVED"


def test_a_retry_cycle_s_failure_logs_when_the_job_is_due_again(quiet, h) -> None:  # type: ignore[no-untyped-def]
    definition, _ = deploy(h, failing_gateway, "cycle", retry_cycle="R3/PT5M")
    instance = h.start_id(definition)
    job = h.the_job(instance)
    now = quiet.clock.advance(MINUTE)
    expect_error(lambda: h.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    [failure] = h.job_logs(job_id=job.id, failure_log=True)
    assert (failure.job_retries, due_of(failure)) == (2, now + timedelta(minutes=5))
    assert due_of(failure) == h.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job.due_date.ToDatetime(
        tzinfo=now.tzinfo)


def test_a_failing_start_timer_logs_its_failures_without_an_instance(quiet, h) -> None:  # type: ignore[no-untyped-def]
    definition, process_key = deploy(h, failing_timer_start, "nightly")
    job = h.the_job(process_definition_id=definition)
    quiet.clock.advance(HOUR)
    for _ in range(3):
        expect_error(lambda: h.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    entries = h.job_logs(process_definition_id=definition)
    assert [(log_kind(e), e.job_retries, e.process_instance_id, e.execution_id) for e in entries] == [
        ("created", 3, "", ""), ("failed", 2, "", ""), ("failed", 1, "", ""), ("failed", 0, "", "")]
    assert {(e.job_definition_type, e.activity_id, e.process_definition_key) for e in entries} == {
        ("timer-start", "Start", process_key)}
    assert "amount" in entries[-1].job_exception_message
    assert h.job_log(entries[-1].id).job_exception_details != ""


# -- deletion -----------------------------------------------------------------------------------


def test_deleting_the_instance_logs_the_deletion_of_its_waiting_jobs(quiet, h) -> None:  # type: ignore[no-untyped-def]
    timed, _ = deploy(h, catch_timer, "deleted", value="PT1H")
    failing, _ = deploy(h, failing_gateway, "deleted_failed")
    started = quiet.clock.now()
    waiting = h.start_id(timed)
    failed = h.start_id(failing)
    wait_job, gate_job = h.the_job(waiting), h.the_job(failed)
    failure = expect_error(lambda: h.execute(gate_job.id), grpc.StatusCode.FAILED_PRECONDITION)
    deleted = quiet.clock.advance(MINUTE)
    for instance in (waiting, failed):
        h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance, reason="not needed"))
    # Each as it was then: its due date, the retries and message a failure left.
    [gone] = h.job_logs(process_instance_id=waiting, deletion_log=True)
    assert (gone.job_id, gone.timestamp, due_of(gone), gone.job_retries, gone.job_exception_message) == (
        wait_job.id, ts(deleted), started + HOUR, 3, "")
    assert (gone.job_definition_type, gone.activity_id, gone.execution_id) == ("timer-intermediate", "Wait", waiting)
    assert h.job_events(process_instance_id=failed) == [
        ("created", "async-before", 3, ""), ("failed", "async-before", 2, failure.message),
        ("deleted", "async-before", 2, failure.message)]
    # A deletion carries no details.
    assert h.job_log(h.job_logs(process_instance_id=failed)[2].id).job_exception_details == ""


def test_modify_process_instance_cancel_logs_a_deletion(quiet, h) -> None:  # type: ignore[no-untyped-def]
    definition, _ = deploy(h, catch_timer, "modified", value="PT1H")
    instance = h.start_id(definition)
    old = h.the_job(instance)
    cancelled = quiet.clock.advance(MINUTE)
    h.modify(instance, cancel("Wait"), start_before("Wait"))
    new = h.the_job(instance)
    assert new.id != old.id
    entries = h.job_logs(process_instance_id=instance)
    assert [(e.job_id, log_kind(e), due_of(e)) for e in entries] == [
        (old.id, "created", due_of(entries[0])), (old.id, "deleted", due_of(entries[0])),
        (new.id, "created", cancelled + HOUR)]
    assert [e.timestamp for e in entries[1:]] == [ts(cancelled)] * 2
    # Cancelling the last path ends the instance: its job is deleted.
    h.modify(instance, cancel("Wait"))
    assert h.ended(instance)
    assert [(e.job_id, log_kind(e)) for e in h.job_logs(process_instance_id=instance)][3:] == [(new.id, "deleted")]


def test_the_event_based_gateway_s_message_deletes_its_timer(quiet, h) -> None:  # type: ignore[no-untyped-def]
    message = unique("answer")
    definition, _ = deploy(h, gateway, "either", message=message)
    answered, timed_out = h.start_id(definition), h.start_id(definition)
    timer_job = h.the_job(answered)
    assert timer_job.handler_type == "timer-event-gateway"
    came = quiet.clock.advance(MINUTE)
    h.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(message_name=message,
                                                                    process_instance_id=answered))
    assert h.activities(answered) == ["Answered"]
    entries = h.job_logs(process_instance_id=answered)
    assert [(log_kind(e), e.job_id, e.job_definition_type, e.activity_id) for e in entries] == [
        ("created", timer_job.id, "timer-event-gateway", "Timeout"),
        ("deleted", timer_job.id, "timer-event-gateway", "Timeout")]
    assert entries[1].timestamp == ts(came)
    # The timer that fires instead succeeds.
    h.execute(h.the_job(timed_out).id)
    assert h.activities(timed_out) == ["TimedOut"]
    assert [log_kind(e) for e in h.job_logs(process_instance_id=timed_out)] == ["created", "succeeded"]


# -- a refused call writes nothing --------------------------------------------------------------


def test_a_refused_call_writes_nothing(quiet, h) -> None:  # type: ignore[no-untyped-def]
    tenant = unique("tenant")
    definition, process_key = deploy(h, catch_timer, "refused", tenant, value="${delay}")
    instance = h.start_id(definition, {"delay": "PT1H"})
    job = h.the_job(instance)
    before = h.job_logs(process_definition_id=definition)
    assert [log_kind(e) for e in before] == ["created"]

    expect_error(lambda: h.execute("no-such-job"), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    # A start whose timer cannot be scheduled: the job it made goes with the call.
    expect_error(lambda: h.start_id(definition, {"delay": "P1000000W"}), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    # A modification that fails after its cancellation.
    expect_error(lambda: h.modify(instance, cancel("Wait"), start_before("NoSuchActivity")),
                 grpc.StatusCode.INVALID_ARGUMENT)
    # A suspended job, a job another executor holds.
    h.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=job.id, suspended=True))
    expect_error(lambda: h.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    h.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=job.id, suspended=False))
    quiet.db.run(lambda tx: tx.execute(update(Job).where(Job.id == job.id).values(
        lock_owner="elsewhere:1:abc", lock_expiration=quiet.clock.now() + timedelta(minutes=5))), write=True)
    expect_error(lambda: h.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION, "JOB_LOCKED")
    # A deletion by a token that does not see the tenant.
    outsider = JobLogs(quiet.api(quiet.token()))
    expect_error(lambda: outsider.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance)),
                 grpc.StatusCode.NOT_FOUND)
    # DeleteHistoricProcessInstance of a running instance.
    expect_error(lambda: h.history.DeleteHistoricProcessInstance(
        history_pb2.DeleteHistoricProcessInstanceRequest(id=instance)), grpc.StatusCode.FAILED_PRECONDITION,
        "INSTANCE_RUNNING")
    # A new version that fails to deploy leaves the start timer of the latest in place.
    hourly, hourly_key = deploy(h, timer_start, "refused_hourly")
    hourly_log = h.job_logs(process_definition_id=hourly)
    broken = timer_start(hourly_key).replace("R2/PT1H", "R2/not-a-duration")
    expect_error(lambda: h.deploy_inline(hourly_key, broken), grpc.StatusCode.INVALID_ARGUMENT)
    assert h.job_logs(process_definition_id=hourly) == hourly_log
    assert h.job_logs(process_definition_id=definition) == before
    assert h.count_job_logs(process_definition_key=process_key) == 1
    assert h.count_job_logs(process_definition_key=hourly_key) == 1


def test_a_call_that_fails_after_making_or_removing_a_job_logs_nothing(h) -> None:  # type: ignore[no-untyped-def]
    """A start whose fork reaches a timer and a condition that cannot be evaluated; a completion
    that removes the task's boundary timer and then fails on the way on: each call is undone,
    its log with it."""
    process_key = key("undone")
    definition = h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait">{timer("timeDuration", "PT1H", "Wait")}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Wait" targetRef="WaitEnd" />
  <bpmn:endEvent id="WaitEnd" />
  <bpmn:sequenceFlow id="f4" sourceRef="Fork" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Late" attachedToRef="Review">{timer("timeDuration", "P1D", "Late")}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f5" sourceRef="Late" targetRef="LateEnd" />
  <bpmn:endEvent id="LateEnd" />
  <bpmn:sequenceFlow id="f6" sourceRef="Review" targetRef="Decide" />
  <bpmn:exclusiveGateway id="Decide" />
  <bpmn:sequenceFlow id="f7" sourceRef="Decide" targetRef="End">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{missing &gt; 1}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:endEvent id="End" />
</bpmn:process>
""")
    instance = h.start_id(definition)
    before = h.job_logs(process_definition_id=definition)
    assert sorted((log_kind(e), e.activity_id) for e in before) == [("created", "Late"), ("created", "Wait")]
    [task] = h.tasks_of(instance)
    expect_error(lambda: h.complete(task.id), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert h.job_logs(process_definition_id=definition) == before
    assert len(h.jobs_of(instance)) == 2

    # The fork's timer is made before the other branch fails.
    other_key = key("undone_start")
    failing = h.deploy_inline(other_key, f"""
<bpmn:process id="{other_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait">{timer("timeDuration", "PT1H", "Wait")}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Wait" targetRef="WaitEnd" />
  <bpmn:endEvent id="WaitEnd" />
  <bpmn:sequenceFlow id="f4" sourceRef="Fork" targetRef="Decide" />
  <bpmn:exclusiveGateway id="Decide" />
  <bpmn:sequenceFlow id="f5" sourceRef="Decide" targetRef="End">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{missing &gt; 1}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:endEvent id="End" />
</bpmn:process>
""")
    expect_error(lambda: h.start_id(failing), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert h.count_job_logs(process_definition_id=failing) == 0


def test_deleting_the_latest_version_s_deployment_logs_the_restored_start_timer(quiet, h) -> None:  # type: ignore[no-untyped-def]
    """The version now latest listens again for its timer start event: a new job, logged as
    created; the deleted version's entries go."""
    old, process_key = deploy(h, timer_start, "restored")
    new = h.deploy_inline(process_key, timer_start(process_key))
    assert h.count_job_logs(process_definition_id=new) == 1
    restored_at = quiet.clock.advance(MINUTE)
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_of(h, new)))
    assert h.count_job_logs(process_definition_id=new) == 0
    restored = h.the_job(process_definition_id=old)
    entries = h.job_logs(process_definition_id=old)
    assert [(log_kind(e), e.job_id == restored.id) for e in entries] == [
        ("created", False), ("deleted", False), ("created", True)]
    assert (entries[2].timestamp, due_of(entries[2]), entries[2].job_definition_type) == (
        ts(restored_at), restored_at + HOUR, "timer-start")


# -- when the entries go ------------------------------------------------------------------------


def _ended_with_log(h: JobLogs, definition: str) -> tuple[str, list[str]]:
    """An instance of failing_gateway whose job failed once and then ran, then deleted at Big:
    its id and its entries' ids."""
    instance = h.start_id(definition)
    job = h.the_job(instance)
    expect_error(lambda: h.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    set_amount(h, instance, 50)
    h.execute(job.id)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    entries = h.job_logs(process_instance_id=instance)
    assert [log_kind(e) for e in entries] == ["created", "failed", "succeeded"]
    return instance, [e.id for e in entries]


def _deleted_while_waiting(h: JobLogs, definition: str) -> tuple[str, list[str]]:
    instance = h.start_id(definition)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    entries = h.job_logs(process_instance_id=instance)
    assert [log_kind(e) for e in entries] == ["created", "deleted"]
    return instance, [e.id for e in entries]


def _gone(h: JobLogs, log_ids: list[str], instance: str = "") -> None:
    if instance:
        assert h.count_job_logs(process_instance_id=instance) == 0
    for log_id in log_ids:
        assert h.count_job_logs(log_id=log_id) == 0
        failed = expect_error(lambda: h.job_log(log_id), grpc.StatusCode.NOT_FOUND, "JOB_LOG_NOT_FOUND")
        assert failed.info.metadata["id"] == log_id


def test_deleting_a_process_instance_s_history_deletes_its_log(h) -> None:  # type: ignore[no-untyped-def]
    definition, _ = deploy(h, failing_gateway, "history")
    ended, ended_log = _ended_with_log(h, definition)
    deleted, deleted_log = _deleted_while_waiting(h, definition)
    running = h.start_id(definition)
    [running_entry] = h.job_logs(process_instance_id=running)
    for instance in (ended, deleted):
        h.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    _gone(h, ended_log, ended)
    _gone(h, deleted_log, deleted)
    assert h.job_logs(process_instance_id=running) == [running_entry]


def test_the_cleanup_removes_the_log_of_what_is_due(quiet, h) -> None:  # type: ignore[no-untyped-def]
    short_key, long_key = key("short"), key("long")
    short = h.deploy_inline(short_key, failing_gateway(short_key).replace('historyTimeToLive="180"',
                                                                          'historyTimeToLive="0"'))
    long = h.deploy_inline(long_key, failing_gateway(long_key))
    due, due_log = _ended_with_log(h, short)
    deleted, deleted_log = _deleted_while_waiting(h, short)
    kept, kept_log = _ended_with_log(h, long)
    running = h.start_id(short)
    quiet.clock.advance(timedelta(seconds=1))
    removed = h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    assert removed.removed_process_instances >= 2
    _gone(h, due_log, due)
    _gone(h, deleted_log, deleted)
    assert [e.id for e in h.job_logs(process_instance_id=kept)] == kept_log
    assert h.count_job_logs(process_instance_id=running) == 1


def test_the_cleanup_removes_a_start_timer_s_entries_once_due(quiet, h) -> None:  # type: ignore[no-untyped-def]
    """A start timer's entries belong to no instance: the cleanup removes them by their own
    time, once their definition's time to live has passed, and keeps the newer ones."""
    short_key, long_key = key("short_start"), key("long_start")
    short = h.deploy_inline(short_key, timer_start(short_key).replace('historyTimeToLive="180"',
                                                                    'historyTimeToLive="1"'))
    long = h.deploy_inline(long_key, timer_start(long_key))
    [old_entry] = h.job_logs(process_definition_id=short)
    [long_entry] = h.job_logs(process_definition_id=long)
    quiet.clock.advance(timedelta(days=1, seconds=1))
    h.execute(h.the_job(process_definition_id=short).id)  # fires: a success, the cycle's next job
    newer = [e.id for e in h.job_logs(process_definition_id=short)][1:]
    assert len(newer) >= 2

    h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    assert [e.id for e in h.job_logs(process_definition_id=short)] == newer
    expect_error(lambda: h.job_log(old_entry.id), grpc.StatusCode.NOT_FOUND, "JOB_LOG_NOT_FOUND")
    assert h.job_logs(process_definition_id=long) == [long_entry]


def test_the_cleanup_removes_a_scheduled_suspension_by_key_s_entries_by_the_key_s_latest_version(quiet, h) -> None:  # type: ignore[no-untyped-def]
    """A suspension scheduled for every version of a key belongs to no instance and no
    definition: its entries go by the time to live of the key's latest version."""
    short_key, long_key = key("short_suspended"), key("long_suspended")
    h.deploy_inline(short_key, failing_gateway(short_key).replace('historyTimeToLive="180"', 'historyTimeToLive="2"'))
    h.deploy_inline(long_key, failing_gateway(long_key))
    for process_key in (short_key, long_key):
        scheduled = h.definitions.SetProcessDefinitionSuspensionStateByKey(
            process_definition_pb2.SetProcessDefinitionSuspensionStateByKeyRequest(
                key=process_key, suspended=True, execution_date=ts(quiet.clock.now())))
        h.execute(scheduled.scheduled_job_id)
    short_entries = [e for e in h.job_logs(process_definition_key=short_key) if not e.process_instance_id]
    long_entries = [e for e in h.job_logs(process_definition_key=long_key) if not e.process_instance_id]
    assert [e.job_definition_id or e.process_definition_id for e in short_entries + long_entries] == [""] * 4
    quiet.clock.advance(timedelta(days=1))
    h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    assert len([e for e in h.job_logs(process_definition_key=short_key) if not e.process_instance_id]) == 2
    quiet.clock.advance(timedelta(days=1, seconds=1))
    h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    assert [e for e in h.job_logs(process_definition_key=short_key) if not e.process_instance_id] == []
    assert [e for e in h.job_logs(process_definition_key=long_key) if not e.process_instance_id] == long_entries


def test_deleting_a_deployment_removes_its_instances_and_start_timers_log(quiet, h) -> None:  # type: ignore[no-untyped-def]
    definition, _ = deploy(h, failing_gateway, "undeployed")
    ended, ended_log = _ended_with_log(h, definition)
    running = h.start_id(definition)
    running_log = [e.id for e in h.job_logs(process_instance_id=running)]
    other, _ = deploy(h, failing_gateway, "kept")
    other_instance = h.start_id(other)

    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_of(h, definition),
                                                                          cascade=True))
    _gone(h, ended_log, ended)
    _gone(h, running_log, running)  # the running instance is deleted, then its history goes
    assert h.count_job_logs(process_instance_id=other_instance) == 1

    # A start timer's entries (no instance) go with its deployment: those of a version a newer
    # one replaced (created, deleted), and the latest's (created, succeeded, the next's created).
    old, process_key = deploy(h, timer_start, "undeployed_hourly")
    new = h.deploy_inline(process_key, timer_start(process_key))
    old_log = [e.id for e in h.job_logs(process_definition_id=old)]
    assert len(old_log) == 2
    h.execute(h.the_job(process_definition_id=new).id)
    new_log = [e.id for e in h.job_logs(process_definition_id=new)]
    assert len(new_log) == 3
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_of(h, old)))
    _gone(h, old_log)
    assert [e.id for e in h.job_logs(process_definition_id=new)] == new_log
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_of(h, new), cascade=True))
    _gone(h, new_log)
    assert h.count_job_logs(process_definition_key=process_key) == 0
    assert h.count_job_logs(process_instance_id=other_instance) == 1
