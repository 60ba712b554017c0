"""JobService's management calls: SetJobPriority, SetJobDueDate (with a timer cycle's cascade),
RecalculateJobDueDate, DeleteJob, CountJobs, and QueryJobs' id, instance, priority, tenant,
exception and creation filters with its sorting — what each changes, the operation and job log
entries each writes, what the job executor makes of it, what a tenant's token reaches, and every
error the contract lists.

Most tests run on a server of their own without background work (``--job-executor off``) and
drive the executor by hand (``JobExecutor.run_once``), so what runs, and in which order, is
decided by the test's clock and nothing else; the query world is one such server per backend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator

import grpc
import pytest
from google.protobuf import timestamp_pb2
from sqlalchemy import update

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import job_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import process_step_pb2, process_step_pb2_grpc
from server.engine import jobs as engine_jobs
from server.engine.jobs import JobExecutor
from server.engine.models import Job
from tests.conftest import BACKENDS, own_server
from tests.engine.failure_support import incidents_of
from tests.engine.history_support import JobLogs, sorted_by, ts
from tests.engine.job_support import failing_gateway, set_amount, timer, timer_start
from tests.engine.work_support import eventually, key
from tests.support import ServerHandle, expect_error

HOUR, MINUTE = timedelta(hours=1), timedelta(minutes=1)
TENANT, OTHER = "tenant-a", "tenant-b"
NO_SUCH_JOB = "no-such-job"


def due(job: job_pb2.Job) -> datetime | None:
    """The job's due date, aware; None when it is due at once."""
    return job.due_date.ToDatetime(tzinfo=timezone.utc) if job.HasField("due_date") else None


def text(when: datetime | None) -> str:
    """An instant as the operation log writes it ("" for none)."""
    return when.astimezone(timezone.utc).isoformat() if when is not None else ""


class Jobs(JobLogs):
    """The engine's stubs with JobService's management calls."""

    def job(self, job_id: str) -> job_pb2.Job:
        return self.jobs.GetJob(job_pb2.GetJobRequest(id=job_id)).job

    def set_priority(self, job_id: str, priority: int | None) -> job_pb2.Job:
        return self.jobs.SetJobPriority(job_pb2.SetJobPriorityRequest(id=job_id, priority=priority)).job

    def set_due(self, job_id: str, when: datetime | None, cascade: bool = False) -> job_pb2.Job:
        request = job_pb2.SetJobDueDateRequest(id=job_id, cascade=cascade)
        if when is not None:
            request.due_date.CopyFrom(ts(when))
        return self.jobs.SetJobDueDate(request).job

    def recalculate(self, job_id: str, creation_date_based: bool | None = None) -> job_pb2.Job:
        return self.jobs.RecalculateJobDueDate(job_pb2.RecalculateJobDueDateRequest(
            id=job_id, creation_date_based=creation_date_based)).job

    def delete_job(self, job_id: str) -> None:
        self.jobs.DeleteJob(job_pb2.DeleteJobRequest(id=job_id))

    def count_jobs(self, **filters: Any) -> int:
        return self.jobs.CountJobs(job_pb2.CountJobsRequest(**filters)).count

    def found(self, **filters: Any) -> list[job_pb2.Job]:
        """What QueryJobs finds, checked against what CountJobs counts with the same filters."""
        rows = list(self.jobs.QueryJobs(job_pb2.QueryJobsRequest(**filters)).jobs)
        assert self.count_jobs(**{k: v for k, v in filters.items() if k not in ("sorting", "page")}) == len(rows), \
            filters
        return rows


@pytest.fixture
def quiet(server, fresh_server) -> ServerHandle:  # type: ignore[no-untyped-def]
    """A server of its own whose job executor is off: the test runs jobs (run_once, ExecuteJob)."""
    return fresh_server(server.backend, background=False)


def _timed(engine: Jobs, amount: int | None = 1, timer: str = "PT1H", tenant: str = "") -> tuple[str, job_pb2.Job]:
    """An instance waiting at the timer Wait before the gateway: (instance id, its job)."""
    process_key = key("timed")
    definition = engine.deploy_inline(process_key, failing_gateway(process_key, timer=timer), tenant)
    instance = engine.start_id(definition, {"amount": amount} if amount is not None else {})
    return instance, engine.the_job(instance)


def _continued(engine: Jobs, amount: int | None = None, tenant: str = "") -> tuple[str, job_pb2.Job]:
    """An instance whose asynchronous gateway Gate is its job (failing without ``amount``)."""
    process_key = key("continued")
    definition = engine.deploy_inline(process_key, failing_gateway(process_key), tenant)
    instance = engine.start_id(definition, {"amount": amount} if amount is not None else {})
    return instance, engine.the_job(instance)


def _executor(handle: ServerHandle) -> JobExecutor:
    return JobExecutor(handle.running.app)


def _held(handle: ServerHandle, job_id: str, for_: timedelta) -> None:
    """As if the executor of another server process had just acquired the job."""
    handle.db.run(lambda tx: tx.execute(update(Job).where(Job.id == job_id).values(
        lock_owner="elsewhere:1:abc", lock_expiration=handle.clock.now() + for_)), write=True)


# -- SetJobPriority ---------------------------------------------------------------------------------


def test_set_job_priority_changes_the_job_and_logs_the_change(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    instance, job = _continued(engine, amount=1)
    assert job.priority == 0
    raised = engine.set_priority(job.id, 12)
    assert raised.priority == 12 and raised.id == job.id
    assert engine.job(job.id) == raised
    for extreme in (2**63 - 1, -(2**63), 0):
        assert engine.set_priority(job.id, extreme).priority == extreme
    assert engine.of(job_id=job.id) == [
        ("SetPriority", "Job", "priority", "0", "12"),
        ("SetPriority", "Job", "priority", "12", str(2**63 - 1)),
        ("SetPriority", "Job", "priority", str(2**63 - 1), str(-(2**63))),
        ("SetPriority", "Job", "priority", str(-(2**63)), "0"),
    ]
    [entry, *_] = engine.entries(job_id=job.id)
    assert (entry.process_instance_id, entry.execution_id, entry.job_definition_id, entry.category) == (
        instance, job.execution_id, job.job_definition_id, "Operator")


def test_set_job_priority_errors(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    _, job = _continued(engine, amount=1)
    both = expect_error(lambda: engine.jobs.SetJobPriority(job_pb2.SetJobPriorityRequest()),
                        grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert both.fields == ["id", "priority"]
    unset = expect_error(lambda: engine.jobs.SetJobPriority(job_pb2.SetJobPriorityRequest(id=job.id)),
                         grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert unset.fields == ["priority"]
    missing = expect_error(lambda: engine.set_priority(NO_SUCH_JOB, 1), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    assert (missing.info.metadata["id"], missing.info.metadata["field_name"]) == (NO_SUCH_JOB, "id")
    assert engine.job(job.id).priority == 0 and engine.of(job_id=job.id) == []


def test_the_executor_takes_the_job_of_the_highest_priority_first(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """One job per round (--job-batch-size 1): the raised priority of the newest job puts it
    first, the lowered priority of the oldest last."""
    quiet = fresh_server(server.backend, background=False, job_batch_size=1)
    engine = Jobs(quiet.api())
    made = []
    for _ in range(3):
        made.append(_continued(engine, amount=1))
        quiet.clock.advance(MINUTE)
    (oldest, first), (middle, _), (newest, last) = made
    engine.set_priority(last.id, 5)
    engine.set_priority(first.id, -1)
    executor = _executor(quiet)
    order = []
    for _ in range(3):
        assert executor.run_once() == 1
        order += [instance for instance, _ in made if engine.activities(instance) == ["Small"]
                  and instance not in order]
    assert order == [newest, middle, oldest]
    assert executor.run_once() == 0


# -- SetJobDueDate ----------------------------------------------------------------------------------


def test_a_due_date_moved_earlier_is_run_by_the_executor(work_engine: Jobs, server) -> None:  # type: ignore[no-untyped-def]
    """The server's own (running) executor: a timer due in an hour moved to now, and another
    set to due at once (no due_date), both run without the clock moving."""
    now = server.clock.now()
    moved, job = _timed(work_engine)
    assert due(job) == now + HOUR
    assert due(work_engine.set_due(job.id, now)) == now
    at_once, other = _timed(work_engine)
    assert due(work_engine.set_due(other.id, None)) is None
    eventually(lambda: work_engine.activities(moved) == ["Small"] and work_engine.activities(at_once) == ["Small"],
               what="the timers moved earlier")
    assert work_engine.jobs_of(moved) == [] and work_engine.jobs_of(at_once) == []


@pytest.fixture
def work_engine(api) -> Jobs:  # type: ignore[no-untyped-def]
    return Jobs(api)


def test_set_job_due_date_wakes_the_executor_and_logs_the_change(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    t0 = quiet.clock.now()
    instance, job = _timed(engine)
    executor = _executor(quiet)
    seen = engine_jobs.WAKEUP.generation()
    later = engine.set_due(job.id, t0 + 3 * HOUR)
    assert due(later) == t0 + 3 * HOUR and engine.job(job.id) == later
    assert engine_jobs.WAKEUP.generation() != seen  # this process's executors look again
    # The old due date passes: nothing is due.
    quiet.clock.advance(2 * HOUR)
    assert executor.run_once() == 0 and engine.activities(instance) == ["Wait"]
    assert engine.jobs_of(instance, executable=True) == []
    # Earlier again: due now.
    engine.set_due(job.id, t0 + HOUR)
    assert [j.id for j in engine.jobs_of(instance, executable=True)] == [job.id]
    assert executor.run_once() == 1 and engine.activities(instance) == ["Small"]
    assert engine.of(job_id=job.id) == [
        ("SetDueDate", "Job", "duedate", text(t0 + HOUR), text(t0 + 3 * HOUR)),
        ("SetDueDate", "Job", "duedate", text(t0 + 3 * HOUR), text(t0 + HOUR)),
    ]
    assert {e.process_instance_id for e in engine.entries(job_id=job.id)} == {instance}


def test_a_job_set_due_at_once_has_no_due_date_and_runs_in_the_next_round(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    instance, job = _timed(engine)
    cleared = engine.set_due(job.id, None)
    assert not cleared.HasField("due_date")
    assert engine.of(job_id=job.id) == [("SetDueDate", "Job", "duedate", text(due(job)), "")]
    assert _executor(quiet).run_once() == 1 and engine.activities(instance) == ["Small"]


def test_a_due_job_without_retries_or_suspended_still_waits(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    stopped, job = _timed(engine)
    engine.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[job.id], retries=0))
    paused, other = _timed(engine)
    engine.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=other.id, suspended=True))
    for job_id in (job.id, other.id):
        engine.set_due(job_id, None)
    assert _executor(quiet).run_once() == 0
    assert engine.activities(stopped) == engine.activities(paused) == ["Wait"]


def _cycle(engine: Jobs) -> tuple[str, job_pb2.Job]:
    """A timer start event every hour, twice (R2/PT1H): (definition id, its first job)."""
    process_key = key("hourly")
    definition = engine.deploy_inline(process_key, timer_start(process_key))
    return definition, engine.the_job(process_definition_id=definition)


def _fire(engine: Jobs, definition: str, job_id: str) -> job_pb2.Job:
    """Runs the cycle's job; its next one."""
    engine.execute(job_id)
    [following] = engine.jobs_of(process_definition_id=definition)
    assert following.id != job_id
    return following


def test_a_cycle_s_later_firings_stay_on_it_unless_the_change_cascades(quiet: ServerHandle) -> None:
    """The document's cascade: without it the next firing counts from the due date the cycle
    gave this one; with it the next firing moves by as much as this one moved."""
    engine = Jobs(quiet.api())
    t0 = quiet.clock.now()

    kept, job = _cycle(engine)
    assert (due(job), job.repeat) == (t0 + HOUR, "R1/PT1H")
    engine.set_due(job.id, t0 + 30 * MINUTE)
    following = _fire(engine, kept, job.id)
    assert (due(following), following.repeat) == (t0 + 2 * HOUR, "")

    moved, job = _cycle(engine)
    engine.set_due(job.id, t0 + 90 * MINUTE, cascade=True)
    assert due(_fire(engine, moved, job.id)) == t0 + 150 * MINUTE
    assert engine.of(job_id=job.id, operation_type="SetDueDate") == [
        ("SetDueDate", "Job", "duedate", text(t0 + HOUR), text(t0 + 90 * MINUTE)),
        ("SetDueDate", "Job", "cascade", "", "true"),
    ]

    # A cascade after a change that did not cascade shifts the cycle by the second move only.
    both, job = _cycle(engine)
    engine.set_due(job.id, t0 + 30 * MINUTE)
    engine.set_due(job.id, t0 + 40 * MINUTE, cascade=True)
    assert due(_fire(engine, both, job.id)) == t0 + 2 * HOUR + 10 * MINUTE

    # Due at once, the cycle keeps its hours; moved back onto the cycle, nothing is left over.
    cleared, job = _cycle(engine)
    engine.set_due(job.id, None)
    assert due(_fire(engine, cleared, job.id)) == t0 + 2 * HOUR
    back, job = _cycle(engine)
    engine.set_due(job.id, t0 + 3 * HOUR)
    engine.set_due(job.id, t0 + HOUR)
    assert due(_fire(engine, back, job.id)) == t0 + 2 * HOUR

    # The cycle's next job starts from where the cascade put it: it can move again.
    again, job = _cycle(engine)
    engine.set_due(job.id, t0 + 2 * HOUR, cascade=True)
    following = _fire(engine, again, job.id)
    assert due(following) == t0 + 3 * HOUR
    engine.set_due(following.id, t0 + 4 * HOUR)
    engine.execute(following.id)
    assert engine.jobs_of(process_definition_id=again) == []  # R2: two firings in all


def test_cascade_changes_nothing_without_a_cycle(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    t0 = quiet.clock.now()
    instance, job = _continued(engine, amount=1)
    assert due(engine.set_due(job.id, t0 + HOUR, cascade=True)) == t0 + HOUR
    timed, timer = _timed(engine)
    assert due(engine.set_due(timer.id, t0 + 2 * HOUR, cascade=True)) == t0 + 2 * HOUR
    quiet.clock.advance(2 * HOUR)
    assert _executor(quiet).run_once() == 2
    assert engine.activities(instance) == engine.activities(timed) == ["Small"]


def test_set_job_due_date_errors(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    _, job = _timed(engine)
    missing = expect_error(lambda: engine.jobs.SetJobDueDate(job_pb2.SetJobDueDateRequest()),
                           grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["id"]
    cascade = expect_error(lambda: engine.set_due(job.id, None, cascade=True), grpc.StatusCode.INVALID_ARGUMENT,
                           "INVALID_FIELD")
    assert cascade.fields == ["cascade"]
    for seconds, nanos in ((10**12, 0), (-(10**12), 0), (0, -1)):
        request = job_pb2.SetJobDueDateRequest(id=job.id, due_date=timestamp_pb2.Timestamp(seconds=seconds,
                                                                                              nanos=nanos))
        out_of_range = expect_error(lambda: engine.jobs.SetJobDueDate(request), grpc.StatusCode.INVALID_ARGUMENT,
                                    "INVALID_FIELD")
        assert out_of_range.fields == ["due_date"]
    gone = expect_error(lambda: engine.set_due(NO_SUCH_JOB, quiet.clock.now()), grpc.StatusCode.NOT_FOUND,
                        "JOB_NOT_FOUND")
    assert gone.info.metadata["id"] == NO_SUCH_JOB
    assert engine.job(job.id) == job and engine.of(job_id=job.id) == []


# -- RecalculateJobDueDate ----------------------------------------------------------------------


def test_recalculate_counts_from_the_job_s_creation_or_from_now(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    t0 = quiet.clock.now()
    instance, job = _timed(engine)
    engine.set_due(job.id, t0 + 5 * HOUR)
    quiet.clock.advance(10 * MINUTE)
    seen = engine_jobs.WAKEUP.generation()
    assert due(engine.recalculate(job.id)) == t0 + HOUR  # the default: from its creation
    assert engine_jobs.WAKEUP.generation() != seen
    assert due(engine.recalculate(job.id, True)) == t0 + HOUR
    assert due(engine.recalculate(job.id, False)) == t0 + 10 * MINUTE + HOUR
    assert engine.job(job.id).due_date == ts(t0 + 10 * MINUTE + HOUR)
    assert engine.of(job_id=job.id, operation_type="RecalculateDueDate") == [
        ("RecalculateDueDate", "Job", "duedate", text(t0 + 5 * HOUR), text(t0 + HOUR)),
        ("RecalculateDueDate", "Job", "creationDateBased", "", "true"),
        ("RecalculateDueDate", "Job", "duedate", text(t0 + HOUR), text(t0 + HOUR)),
        ("RecalculateDueDate", "Job", "creationDateBased", "", "true"),
        ("RecalculateDueDate", "Job", "duedate", text(t0 + HOUR), text(t0 + 70 * MINUTE)),
        ("RecalculateDueDate", "Job", "creationDateBased", "", "false"),
    ]
    quiet.clock.advance(HOUR)
    assert _executor(quiet).run_once() == 1 and engine.activities(instance) == ["Small"]


def test_recalculate_evaluates_the_timer_with_the_current_variables(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    t0 = quiet.clock.now()
    process_key = key("waiting")
    definition = engine.deploy_inline(process_key, failing_gateway(process_key, timer="${wait}"))
    instance = engine.start_id(definition, {"wait": "PT2H"})
    job = engine.the_job(instance)
    assert due(job) == t0 + 2 * HOUR
    engine.modify_variables(instance, {"wait": "PT3H"})
    assert due(engine.recalculate(job.id)) == t0 + 3 * HOUR
    # A value that is no timer value: the expression's failure, and nothing changes.
    engine.modify_variables(instance, {"wait": "soon"})
    failed = expect_error(lambda: engine.recalculate(job.id), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert "Wait" in failed.message
    engine.modify_variables(instance, deletions=("wait",))
    expect_error(lambda: engine.recalculate(job.id, False), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    assert due(engine.job(job.id)) == t0 + 3 * HOUR
    assert len(engine.of(job_id=job.id, operation_type="RecalculateDueDate")) == 2  # the one that succeeded


def test_recalculating_a_cycle_starts_it_over(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    t0 = quiet.clock.now()
    definition, job = _cycle(engine)
    engine.set_due(job.id, t0 + 30 * MINUTE)  # off the cycle, which remembers its hour
    recalculated = engine.recalculate(job.id)
    assert (due(recalculated), recalculated.repeat) == (t0 + HOUR, "R1/PT1H")
    quiet.clock.advance(HOUR)
    following = _fire(engine, definition, job.id)
    assert (due(following), following.repeat) == (t0 + 2 * HOUR, "")
    # The last firing's job: recalculated from now, the cycle has both firings again.
    restarted = engine.recalculate(following.id, False)
    assert (due(restarted), restarted.repeat) == (t0 + 2 * HOUR, "R1/PT1H")
    assert due(_fire(engine, definition, following.id)) == t0 + 3 * HOUR


def test_recalculate_errors(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    _, job = _continued(engine, amount=1)
    refused = expect_error(lambda: engine.recalculate(job.id), grpc.StatusCode.FAILED_PRECONDITION,
                           "NOT_A_TIMER_JOB")
    assert refused.info.metadata["handler_type"] == "async-before"
    assert refused.precondition is not None and refused.precondition.violations[0].subject == job.id
    missing = expect_error(lambda: engine.jobs.RecalculateJobDueDate(job_pb2.RecalculateJobDueDateRequest()),
                           grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["id"]
    expect_error(lambda: engine.recalculate(NO_SUCH_JOB), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    assert engine.of(job_id=job.id) == []


# -- a cycle that fails ---------------------------------------------------------------------------


def reminder_cycle(process_key: str) -> str:
    """Review with a non-interrupting boundary timer Remind (R3/PT1H) whose path needs ``amount``
    at the gateway Gate: without it, each firing fails."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:boundaryEvent id="Remind" cancelActivity="false" attachedToRef="Review">{timer("timeCycle", "R3/PT1H", "Remind")}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Remind" targetRef="Gate" />
  <bpmn:exclusiveGateway id="Gate" default="toSmall" />
  <bpmn:sequenceFlow id="toBig" sourceRef="Gate" targetRef="Big">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{amount &gt; 10}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="toSmall" sourceRef="Gate" targetRef="Small" />
  <bpmn:userTask id="Big" />
  <bpmn:sequenceFlow id="f4" sourceRef="Big" targetRef="BigDone" />
  <bpmn:endEvent id="BigDone" />
  <bpmn:userTask id="Small" />
  <bpmn:sequenceFlow id="f5" sourceRef="Small" targetRef="SmallDone" />
  <bpmn:endEvent id="SmallDone" />
</bpmn:process>"""


def test_a_cycle_that_failed_keeps_its_schedule(quiet: ServerHandle) -> None:
    """A cycle timer's retries move its job, not its cycle: the firing after a failed one is due
    when the cycle says, counted from the due date the cycle gave the job."""
    engine = Jobs(quiet.api())
    process_key = key("reminded")
    definition = engine.deploy_inline(process_key, reminder_cycle(process_key))
    instance = engine.start_id(definition)
    started = quiet.clock.now()
    job = engine.the_job(instance)
    assert due(job) == started + HOUR
    quiet.clock.advance(HOUR + 5 * MINUTE)
    expect_error(lambda: engine.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    retried = engine.job(job.id)
    assert (retried.retries, due(retried)) == (2, quiet.clock.now())  # retried at once
    set_amount(engine, instance, 20)
    quiet.clock.advance(10 * MINUTE)
    assert _executor(quiet).run_once() == 1
    assert engine.activities(instance) == ["Big", "Review"]
    [following] = engine.jobs_of(instance)
    assert following.id != job.id and due(following) == started + 2 * HOUR
    assert (following.retries, following.exception_message) == (3, "")
    # It fires on time, and so does the one after it.
    quiet.clock.advance(started + 2 * HOUR - quiet.clock.now())
    assert _executor(quiet).run_once() == 1
    [last] = engine.jobs_of(instance)
    assert due(last) == started + 3 * HOUR


# -- DeleteJob ------------------------------------------------------------------------------------


def test_a_deleted_timer_leaves_its_execution_waiting(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    instance, job = _timed(engine)
    quiet.clock.advance(MINUTE)
    engine.delete_job(job.id)
    expect_error(lambda: engine.job(job.id), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    assert engine.jobs_of(instance) == []
    quiet.clock.advance(2 * HOUR)
    assert _executor(quiet).run_once() == 0
    assert engine.activities(instance) == ["Wait"] and not engine.ended(instance)
    assert engine.job_events(job_id=job.id) == [("created", "timer-intermediate", 3, ""),
                                                ("deleted", "timer-intermediate", 3, "")]
    [deleted] = engine.job_logs(job_id=job.id, deletion_log=True)
    assert (deleted.timestamp, deleted.process_instance_id, deleted.activity_id) == (
        ts(quiet.clock.now() - 2 * HOUR), instance, "Wait")
    [entry] = engine.entries(job_id=job.id)
    assert (entry.operation_type, entry.entity_type, entry.property, entry.process_instance_id) == (
        "Delete", "Job", "", instance)
    # Something else moves it on: here, ModifyProcessInstance.
    engine.modify(instance, pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY,
                                                       activity_id="Gate"),
                  pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_CANCEL, activity_id="Wait"))
    assert engine.activities(instance) == ["Small"]


def test_deleting_a_failed_job_deletes_its_incident(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    instance, job = _continued(engine)
    for _ in range(3):
        expect_error(lambda: engine.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION,
                     "EXPRESSION_EVALUATION_FAILED")
    failed = engine.job(job.id)
    assert failed.retries == 0
    assert [i[-1] for i in incidents_of(quiet, instance)] == ["OPEN"]
    engine.delete_job(job.id)
    assert incidents_of(quiet, instance) == [("failedJob", failed.exception_message, job.id, "Gate", "DELETED")]
    assert engine.activities(instance) == ["Gate"]
    # The deletion entry carries the job as it was: no retries, its last error.
    assert engine.job_events(job_id=job.id, deletion_log=True) == [
        ("deleted", "async-before", 0, failed.exception_message)]
    assert engine.of(job_id=job.id, entity_type="Job") == [("Delete", "Job", "", "", "")]


def test_a_deleted_jobs_step_is_canceled_and_stays_so(quiet: ServerHandle) -> None:
    """The failed step of a deleted job ends CANCELED at once, its incident gone; moving the
    execution on later does not make it COMPLETED."""
    engine = Jobs(quiet.api())
    steps = quiet.api().stub(process_step_pb2_grpc.ProcessStepServiceStub)

    def step_of(instance: str) -> process_step_pb2.ProcessStep:
        [step] = steps.ListProcessSteps(process_step_pb2.ListProcessStepsRequest(
            process_instance_id=instance)).process_steps
        return step

    instance, job = _continued(engine)
    for _ in range(3):
        expect_error(lambda: engine.execute(job.id), grpc.StatusCode.FAILED_PRECONDITION,
                     "EXPRESSION_EVALUATION_FAILED")
    assert step_of(instance).state == process_step_pb2.ProcessStep.STATE_FAILED
    quiet.clock.advance(MINUTE)
    engine.delete_job(job.id)
    deleted = step_of(instance)
    assert (deleted.state, deleted.incident_id, deleted.end_time) == (
        process_step_pb2.ProcessStep.STATE_CANCELED, "", ts(quiet.clock.now()))
    expect_error(lambda: steps.RestartFailedStep(process_step_pb2.RestartFailedStepRequest(
        process_step_id=deleted.id)), grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_STEP_NOT_FAILED")
    quiet.clock.advance(MINUTE)
    engine.modify(instance, pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY,
                                                       activity_id="Small"),
                  pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_CANCEL, activity_id="Gate"))
    assert step_of(instance) == deleted

    # A job that never failed (still PENDING) ends the same way.
    instance, job = _continued(engine, amount=1)
    assert step_of(instance).state == process_step_pb2.ProcessStep.STATE_PENDING
    engine.delete_job(job.id)
    assert step_of(instance).state == process_step_pb2.ProcessStep.STATE_CANCELED


def test_deleting_a_start_timer_starts_nothing(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    definition, job = _cycle(engine)
    engine.delete_job(job.id)
    assert engine.jobs_of(process_definition_id=definition) == []
    quiet.clock.advance(3 * HOUR)
    assert _executor(quiet).run_once() == 0
    assert engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_id=definition)).process_instances == []
    [deleted] = engine.job_logs(job_id=job.id, deletion_log=True)
    assert (deleted.process_instance_id, deleted.process_definition_id) == ("", definition)


def test_delete_job_errors(quiet: ServerHandle) -> None:
    engine = Jobs(quiet.api())
    instance, job = _timed(engine)
    _held(quiet, job.id, 5 * MINUTE)
    locked = expect_error(lambda: engine.delete_job(job.id), grpc.StatusCode.FAILED_PRECONDITION, "JOB_LOCKED")
    assert locked.info.metadata["lock_owner"] == "elsewhere:1:abc"
    assert engine.job(job.id).id == job.id and engine.job_logs(job_id=job.id, deletion_log=True) == []
    assert engine.of(job_id=job.id) == []
    # The lock expires (that executor died): the job can go.
    quiet.clock.advance(5 * MINUTE)
    engine.delete_job(job.id)
    gone = expect_error(lambda: engine.delete_job(job.id), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    assert (gone.info.metadata["id"], gone.info.metadata["field_name"]) == (job.id, "id")
    missing = expect_error(lambda: engine.jobs.DeleteJob(job_pb2.DeleteJobRequest()),
                           grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["id"]
    assert engine.activities(instance) == ["Wait"]


# -- tenants and tokens -------------------------------------------------------------------------


def test_a_tenant_token_reaches_only_the_jobs_it_sees(quiet: ServerHandle) -> None:
    admin = Jobs(quiet.api())
    _, theirs = _continued(admin, amount=1, tenant=OTHER)
    _, mine = _continued(admin, amount=1, tenant=TENANT)
    member = Jobs(quiet.api(quiet.token(tenants=(TENANT,))))
    calls: dict[str, Callable[[str], Any]] = {
        "SetJobPriority": lambda job_id: member.set_priority(job_id, 4),
        "SetJobDueDate": lambda job_id: member.set_due(job_id, quiet.clock.now() + HOUR),
        "RecalculateJobDueDate": lambda job_id: member.recalculate(job_id),
        "DeleteJob": lambda job_id: member.delete_job(job_id),
    }
    for name, call in calls.items():
        hidden = expect_error(lambda: call(theirs.id), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
        assert hidden.info.metadata["id"] == theirs.id, name
    assert admin.job(theirs.id) == theirs and admin.of(job_id=theirs.id) == []
    assert member.set_priority(mine.id, 4).priority == 4
    assert [j.id for j in member.found()] == [mine.id]
    assert member.count_jobs(tenant_id_in=[OTHER]) == 0
    member.delete_job(mine.id)
    assert admin.count_jobs() == 1


def test_every_new_call_needs_a_token(quiet: ServerHandle) -> None:
    anonymous = Jobs(quiet.api(None))
    for call in (lambda: anonymous.set_priority("j", 1), lambda: anonymous.set_due("j", None),
                 lambda: anonymous.recalculate("j"), lambda: anonymous.delete_job("j"), anonymous.count_jobs):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


# -- QueryJobs and CountJobs over a world of five jobs ---------------------------------------------


@dataclass
class World:
    """Five jobs (j1..j5) created a minute apart (t0..t4), on a server of their own:

    t0  timed (the timer Wait PT1H, no tenant): p1 -> j1 (due t0+1h)
    t1  continued (asynchronous Gate, of TENANT): p2 -> j2, run by ExecuteJob: fails (retries 2,
        due t1)
    t2  hourly (timer start R2/PT1H, of OTHER) -> j3 (due t2+1h)
    t3  continued: p3 -> j4 (due at once), priority 9
    t4  timed: p4 -> j5 (due t4+1h), priority -3, suspended"""

    server: ServerHandle
    engine: Jobs
    jobs: dict[str, str]  # j1..j5
    instances: dict[str, str]  # p1..p4
    times: tuple[datetime, ...]
    rows: dict[str, job_pb2.Job]  # label -> the job

    def which(self, **filters: Any) -> str:
        """The labels of the jobs found, in the order found."""
        names = {job_id: label for label, job_id in self.jobs.items()}
        return " ".join(names[j.id] for j in self.engine.found(**filters))


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory, background=False) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    engine = Jobs(server.api())
    t0 = server.clock.now()
    timed = engine.deploy_inline("timed", failing_gateway("timed", timer="PT1H"))
    continued = engine.deploy_inline("continued", failing_gateway("continued"), TENANT)
    p1 = engine.start_id(timed, {"amount": 1})
    j1 = engine.the_job(p1).id
    t1 = server.clock.advance(MINUTE)
    p2 = engine.start_id(continued)
    j2 = engine.the_job(p2).id
    expect_error(lambda: engine.execute(j2), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    t2 = server.clock.advance(MINUTE)
    hourly = engine.deploy_inline("hourly", timer_start("hourly"), OTHER)
    j3 = engine.the_job(process_definition_id=hourly).id
    t3 = server.clock.advance(MINUTE)
    p3 = engine.start_id(continued, {"amount": 1})
    j4 = engine.the_job(p3).id
    engine.set_priority(j4, 9)
    t4 = server.clock.advance(MINUTE)
    p4 = engine.start_id(timed, {"amount": 1})
    j5 = engine.the_job(p4).id
    engine.set_priority(j5, -3)
    engine.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=j5, suspended=True))
    ids = {"j1": j1, "j2": j2, "j3": j3, "j4": j4, "j5": j5}
    return World(server, engine, ids, {"p1": p1, "p2": p2, "p3": p3, "p4": p4}, (t0, t1, t2, t3, t4),
                 {label: engine.job(job_id) for label, job_id in ids.items()})


def test_the_world_s_jobs(world: World) -> None:
    r = world.rows
    t0, t1, t2, t3, t4 = world.times
    assert [(r[j].handler_type, due(r[j]), r[j].priority, r[j].retries, r[j].tenant_id, r[j].suspended)
            for j in sorted(r)] == [
        ("timer-intermediate", t0 + HOUR, 0, 3, "", False),
        ("async-before", t1, 0, 2, TENANT, False),
        ("timer-start", t2 + HOUR, 0, 3, OTHER, False),
        ("async-before", None, 9, 3, TENANT, False),
        ("timer-intermediate", t4 + HOUR, -3, 3, "", True),
    ]
    assert [r[j].create_time for j in sorted(r)] == [ts(t) for t in world.times]
    assert "amount" in r["j2"].exception_message


def test_the_new_filters(world: World) -> None:
    w, j, p = world, world.jobs, world.instances
    t0, t1, t2, t3, _ = w.times
    everything = w.which()
    assert sorted(everything.split()) == ["j1", "j2", "j3", "j4", "j5"]
    assert w.which(job_id_in=[j["j4"], j["j1"]]) == "j1 j4"
    assert w.which(job_id_in=[j["j2"], NO_SUCH_JOB]) == "j2"
    assert w.which(job_id_in=[NO_SUCH_JOB]) == ""
    assert w.which(job_id_in=[j["j1"], j["j2"]], job_id=j["j2"]) == "j2"
    assert w.which(process_instance_id_in=[p["p1"], p["p3"]]) == "j1 j4"
    assert w.which(process_instance_id_in=[p["p2"]], process_instance_id=p["p3"]) == ""
    # 0 is a bound like any other (the fields are optional: unset means no bound).
    assert w.which(priority_lower_than_or_equals=0) == "j1 j2 j3 j5"
    assert w.which(priority_lower_than_or_equals=-3) == "j5"
    assert w.which(priority_lower_than_or_equals=-4) == ""
    assert w.which(priority_higher_than_or_equals=0) == "j1 j2 j3 j4"
    assert w.which(priority_higher_than_or_equals=9) == "j4"
    assert w.which(priority_higher_than_or_equals=0, priority_lower_than_or_equals=0) == "j1 j2 j3"
    assert w.which(priority_higher_than_or_equals=1, priority_lower_than_or_equals=0) == ""
    assert w.which(priority_lower_than_or_equals=2**63 - 1, priority_higher_than_or_equals=-(2**63)) == everything
    assert w.which(without_tenant_id=True) == "j1 j5"
    assert w.which(tenant_id_in=[TENANT]) == "j2 j4"
    assert w.which(tenant_id_in=[TENANT], include_jobs_without_tenant_id=True) == "j1 j2 j4 j5"
    assert w.which(tenant_id_in=[TENANT, OTHER], include_jobs_without_tenant_id=True) == everything
    assert w.which(include_jobs_without_tenant_id=True) == everything  # alone it changes nothing
    assert w.which(exception_message=w.rows["j2"].exception_message) == "j2"
    assert w.which(exception_message="amount") == ""  # the whole message, not a part
    # Creation times: strictly before, strictly after.
    assert w.which(created_before=ts(t1)) == "j1"
    assert w.which(created_after=ts(t2)) == "j4 j5"
    assert w.which(created_after=ts(t0), created_before=ts(t3)) == "j2 j3"
    assert w.which(created_before=ts(t0)) == ""
    # With the filters that were there: every one must hold.
    assert w.which(timers=True, without_tenant_id=True, active=True) == "j1"
    assert w.which(messages=True, priority_higher_than_or_equals=1, tenant_id_in=[TENANT]) == "j4"
    assert w.which(with_exception=True, created_after=ts(t0)) == "j2"
    assert w.which(executable=True) == "j2 j4"


def test_the_old_filters_count_as_they_find(world: World) -> None:
    w, j, p = world, world.jobs, world.instances
    t0 = w.times[0]
    for filters, expected in (
        ({"job_id": j["j3"]}, "j3"), ({"process_instance_id": p["p2"]}, "j2"),
        ({"execution_id": w.rows["j1"].execution_id}, "j1"), ({"process_definition_key": "timed"}, "j1 j5"),
        ({"process_definition_id": w.rows["j3"].process_definition_id}, "j3"), ({"activity_id": "Gate"}, "j2 j4"),
        ({"job_definition_id": w.rows["j1"].job_definition_id}, "j1 j5"), ({"timers": True}, "j1 j3 j5"),
        ({"messages": True}, "j2 j4"), ({"with_retries_left": True}, "j1 j2 j3 j4 j5"),
        ({"no_retries_left": True}, ""), ({"with_exception": True}, "j2"),
        ({"due_before": ts(t0 + HOUR)}, "j2"), ({"due_after": ts(t0 + HOUR)}, "j3 j5"),
        ({"active": True}, "j1 j2 j3 j4"), ({"suspended": True}, "j5"), ({"tenant_id_in": [OTHER]}, "j3"),
    ):
        assert w.which(**filters) == expected, filters


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value)


SORTED_BY: dict[str, Callable[[job_pb2.Job], Any]] = {
    "jobId": lambda job: job.id,
    "executionId": lambda job: job.execution_id or None,
    "processInstanceId": lambda job: job.process_instance_id or None,
    "processDefinitionId": lambda job: job.process_definition_id,
    "processDefinitionKey": lambda job: job.process_definition_key,
    "jobPriority": lambda job: job.priority,
    "jobRetries": lambda job: job.retries,
    "jobDueDate": due,
    "tenantId": lambda job: job.tenant_id or None,
}


def _expected(rows: dict[str, job_pb2.Job], key: Callable[[job_pb2.Job], Any], desc: bool) -> str:
    """Labels sorted by ``key`` (unset first ascending, last descending), ties oldest first,
    then by id."""
    oldest_first = sorted(rows.items(), key=lambda item: (item[1].create_time.ToDatetime(), item[1].id))
    present = sorted((item for item in oldest_first if key(item[1]) is not None), key=lambda item: key(item[1]),
                     reverse=desc)
    absent = [item for item in oldest_first if key(item[1]) is None]
    return " ".join(label for label, _ in (present + absent if desc else absent + present))


def test_every_sort_key_both_ways(world: World) -> None:
    w = world
    for sort_by, sort_key in SORTED_BY.items():
        for direction in ("asc", "desc"):
            got = w.which(sorting=sorted_by((sort_by, direction)))
            assert got == _expected(w.rows, sort_key, direction == "desc"), (sort_by, direction)


def test_sorting_by_the_world_s_values(world: World) -> None:
    w = world
    assert w.which() == "j1 j2 j3 j4 j5"  # without sorting: oldest first, then by id
    assert w.which(sorting=sorted_by(("jobPriority", "desc"))) == "j4 j1 j2 j3 j5"
    assert w.which(sorting=sorted_by(("jobPriority", "asc"))) == "j5 j1 j2 j3 j4"
    # Due at once (no due date) first ascending, last descending.
    assert w.which(sorting=sorted_by(("jobDueDate", "asc"))) == "j4 j2 j1 j3 j5"
    assert w.which(sorting=sorted_by(("jobDueDate", "desc"))) == "j5 j3 j1 j2 j4"
    assert w.which(sorting=sorted_by(("jobRetries", "asc"))) == "j2 j1 j3 j4 j5"
    assert w.which(sorting=sorted_by(("tenantId", "asc"))) == "j1 j5 j2 j4 j3"
    assert w.which(sorting=sorted_by(("processDefinitionKey", "desc"))) == "j1 j5 j3 j2 j4"
    # A start timer's job has no instance or execution.
    assert w.which(sorting=sorted_by(("processInstanceId", "asc"))).startswith("j3")
    assert w.which(sorting=sorted_by(("executionId", "desc"))).endswith("j3")
    # The first element is the primary ordering; the next orders its ties.
    assert w.which(sorting=sorted_by(("tenantId", "desc"), ("jobPriority", "asc"))) == "j3 j2 j4 j5 j1"
    assert w.which(sorting=sorted_by(("jobRetries", "desc"), ("jobDueDate", "desc")), timers=True) == "j5 j3 j1"


def test_paging_follows_the_sorting(world: World) -> None:
    w = world
    by_priority = w.which(sorting=sorted_by(("jobPriority", "desc"))).split()
    for first in range(6):
        page = w.engine.jobs.QueryJobs(job_pb2.QueryJobsRequest(
            sorting=sorted_by(("jobPriority", "desc")), page={"first_result": first, "max_results": 2})).jobs
        assert [j.id for j in page] == [w.jobs[label] for label in by_priority[first:first + 2]]
    assert w.engine.count_jobs() == 5  # CountJobs has no paging


def test_what_a_tenant_token_finds_and_counts(world: World) -> None:
    w = world
    member = World(**{**w.__dict__, "engine": Jobs(w.server.api(w.server.token(tenants=(TENANT,))))})
    assert member.which() == "j1 j2 j4 j5"
    assert member.which(tenant_id_in=[OTHER]) == ""
    assert member.which(tenant_id_in=[OTHER], include_jobs_without_tenant_id=True) == "j1 j5"
    assert member.which(job_id_in=list(w.jobs.values())) == "j1 j2 j4 j5"
    assert member.which(sorting=sorted_by(("tenantId", "desc"))) == "j2 j4 j1 j5"
    nobody = World(**{**w.__dict__, "engine": Jobs(w.server.api(w.server.token()))})
    assert nobody.which() == "j1 j5"
    assert nobody.which(tenant_id_in=[TENANT]) == ""
    assert nobody.engine.count_jobs(priority_higher_than_or_equals=9) == 0


def test_refused_queries_and_counts(world: World) -> None:
    engine = world.engine

    def query(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.jobs.QueryJobs(job_pb2.QueryJobsRequest(**filters))

    def count(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.count_jobs(**filters)

    refused: list[tuple[dict[str, Any], str]] = [
        ({"tenant_id_in": [TENANT], "without_tenant_id": True}, "without_tenant_id"),
        ({"tenant_id_in": [TENANT], "without_tenant_id": True, "include_jobs_without_tenant_id": True},
         "without_tenant_id"),
        ({"timers": True, "messages": True}, "messages"),
        ({"with_retries_left": True, "no_retries_left": True}, "no_retries_left"),
        ({"active": True, "suspended": True}, "suspended"),
    ]
    for field in ("created_before", "created_after", "due_before", "due_after"):
        refused += [({field: timestamp_pb2.Timestamp(seconds=10**12)}, field),
                    ({field: timestamp_pb2.Timestamp(seconds=0, nanos=10**9)}, field)]
    for call in (query, count):
        for filters, field in refused:
            failed = expect_error(call(**filters), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field], filters
    for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
        failed = expect_error(query(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    for sorting, field in (
        (sorted_by(("createTime", "asc")), "sorting[0].sort_by"),
        (sorted_by(("jobDefinitionId", "asc")), "sorting[0].sort_by"),  # the job log's, not the jobs'
        (sorted_by(("definitionKey", "asc")), "sorting[0].sort_by"),  # the executions'
        (sorted_by(("JOBPRIORITY", "asc")), "sorting[0].sort_by"),
        (sorted_by(("jobId", "asc"), ("jobid", "asc")), "sorting[1].sort_by"),
        (sorted_by(("jobDueDate", "up")), "sorting[0].sort_order"),
        ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="jobId", sort_order="asc"), ex.Sorting(sort_by="jobRetries")], "sorting[1].sort_order"),
    ):
        failed = expect_error(query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failed.fields == [field], sorting
    assert engine.count_jobs() == 5
