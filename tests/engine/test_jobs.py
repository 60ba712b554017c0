"""Asynchronous continuations run by the job executor; failing jobs retry (at once, or on the
failedJobRetryTimeCycle) and open a failedJob incident at 0 retries; JobService: GetJob,
QueryJobs, SetJobRetries, ExecuteJob, SetJobSuspensionState."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from sqlalchemy import update

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import incident_pb2, job_pb2, process_instance_pb2
from server.engine.jobs import JobExecutor
from server.engine.models import Job
from tests.engine.resources import bpmn
from tests.engine.failure_support import Failures, Inc, incidents_of
from tests.engine.job_support import failing_gateway, failing_timer_start, set_amount, timer_start
from tests.engine.work_support import Work, eventually, key
from tests.support import expect_error, unique


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def test_async_before_and_after_continuations_are_run_by_the_executor(work: Work) -> None:
    """async_continuations.bpmn: asyncBefore on the start event, a task, the gateway and the end
    event; asyncAfter on the external task."""
    topic = unique("publish")
    content = bpmn("async_continuations.bpmn").replace(b'camunda:topic="publish"', f'camunda:topic="{topic}"'.encode())
    definition = work.definition_id(work.deploy(contents={"async_continuations.bpmn": content}),
                                    "async_continuations")
    instance = work.start_id(definition)
    [task] = eventually(lambda: work.fetch("w", work.topic(topic)), what="the continuations up to Publish")
    assert task.external_task.process_instance_id == instance
    work.complete_external(task.external_task.id, "w")
    eventually(lambda: work.ended(instance), what="the continuations after Publish")
    assert work.jobs_of(instance) == []


def set_retries(work: Work, job_ids: list[str], retries: int) -> list[job_pb2.Job]:
    return list(work.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=job_ids, retries=retries)).jobs)


def test_a_failing_job_is_retried_then_opens_an_incident_until_its_retries_are_raised(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("failing")
    definition = work.deploy_inline(process_key, failing_gateway(process_key))
    instance = work.start_id(definition)
    [job] = eventually(lambda: work.jobs_of(instance, no_retries_left=True), what="three failed attempts")
    assert (job.handler_type, job.activity_id, job.lock_owner) == ("async-before", "Gate", "")
    assert "amount" in job.exception_message and job.exception_details.startswith("EXPRESSION_EVALUATION_FAILED")
    assert work.jobs_of(instance, with_exception=True, messages=True)[0].id == job.id
    assert work.jobs_of(instance, executable=True) == []
    [(kind, message, configuration, activity, state)] = incidents_of(server, instance)
    assert (kind, message, configuration, activity, state) == ("failedJob", job.exception_message, job.id, "Gate",
                                                               "OPEN")
    assert work.query(incident_type="failedJob", process_instance_id=instance) == {instance}
    assert work.activities(instance) == ["Gate"]

    set_amount(work, instance, 50)
    [raised] = set_retries(work, [job.id], 1)
    assert raised.retries == 1
    eventually(lambda: work.activities(instance) == ["Big"], what="the retried job")
    assert incidents_of(server, instance)[0][-1] == "RESOLVED"
    assert work.jobs_of(instance) == []


def test_a_retry_time_cycle_spaces_the_attempts_on_the_clock(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("cycle")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, retry_cycle="R3/PT5M"))
    instance = work.start_id(definition)

    def failed_with(retries: int) -> job_pb2.Job | None:
        jobs = work.jobs_of(instance, with_exception=True)
        return jobs[0] if jobs and jobs[0].retries == retries else None

    for retries in (2, 1):
        job = eventually(lambda: failed_with(retries), what=f"the attempt leaving {retries} retries")
        assert job.due_date.ToDatetime() == (server.clock.now() + timedelta(minutes=5)).replace(tzinfo=None)
        assert work.jobs_of(instance, executable=True) == []
        server.clock.advance(timedelta(minutes=5))
    eventually(lambda: failed_with(0), what="the last attempt")
    assert [i[0] for i in incidents_of(server, instance)] == ["failedJob"]


def test_execute_job_runs_a_timer_before_it_is_due(work: Work) -> None:
    process_key = key("early")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, timer="PT1H"))
    instance = work.start_id(definition, {"amount": 3})
    [job] = work.jobs_of(instance)
    work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id))
    assert work.activities(instance) == ["Small"] and work.jobs_of(instance) == []
    expect_error(lambda: work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id)), grpc.StatusCode.NOT_FOUND,
                 "JOB_NOT_FOUND")


def test_a_failing_execute_job_returns_the_error_and_counts_the_attempt(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("execute")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, timer="PT1H"))
    instance = work.start_id(definition)
    [job] = work.jobs_of(instance)
    for left in (2, 1, 0):
        failure = expect_error(lambda: work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id)),
                               grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
        assert "amount" in failure.message
        got = work.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job
        assert got.retries == left and got.exception_message == failure.message
        assert got.due_date == job.due_date  # run ahead of its time: still due in an hour
        assert work.activities(instance) == ["Wait"]
    assert [i[0] for i in incidents_of(server, instance)] == ["failedJob"]
    # Run at 0 retries and failing again: still at 0, with the one incident.
    expect_error(lambda: work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id)),
                 grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert work.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job.retries == 0
    assert [i[0] for i in incidents_of(server, instance)] == ["failedJob"]
    # Whatever its retries, ExecuteJob runs it; success resolves the incident.
    set_amount(work, instance, 11)
    work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id))
    assert work.activities(instance) == ["Big"]
    assert incidents_of(server, instance)[0][-1] == "RESOLVED"


def test_a_suspended_job_is_not_run_and_execute_job_refuses_it(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("suspended")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, timer="PT1M"))
    instance = work.start_id(definition, {"amount": 1})
    [job] = work.jobs_of(instance)
    suspended = work.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=job.id, suspended=True)).job
    assert suspended.suspended
    server.clock.advance(timedelta(minutes=1))
    assert [j.id for j in work.jobs_of(instance, suspended=True)] == [job.id]
    assert work.jobs_of(instance, executable=True) == [] and work.jobs_of(instance, active=True) == []
    expect_error(lambda: work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id)),
                 grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    work.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=job.id, suspended=False))
    eventually(lambda: work.activities(instance) == ["Small"], what="the activated timer")
    expect_error(lambda: work.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id="no-such-job")),
                 grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")


def test_an_executor_acquires_its_batch_size_and_locks_for_its_lock_seconds(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """`serve --job-batch-size 2 --job-lock-seconds 42`, on a server whose own executor is off
    (`--job-executor off`) so that the jobs wait for the one this test drives."""
    quiet = fresh_server(server.backend, background=False, job_batch_size=2, job_lock_seconds=42)
    work = Work(quiet.api())
    process_key = key("batch")
    definition = work.deploy_inline(process_key, failing_gateway(process_key))
    due = {job.id for _ in range(3) for job in work.jobs_of(work.start_id(definition, {"amount": 1}))}
    assert len(due) == 3
    executor = JobExecutor(quiet.running.app)
    acquired = quiet.running.app.db.run(executor._acquire, write=True)
    assert len(acquired) == 2 and set(acquired) <= due
    for job_id in acquired:
        job = work.jobs.GetJob(job_pb2.GetJobRequest(id=job_id)).job
        assert job.lock_owner == executor.owner
        assert job.lock_expiration_time.ToDatetime() == (quiet.clock.now() + timedelta(seconds=42)).replace(tzinfo=None)
    [waiting] = due - set(acquired)
    assert work.jobs.GetJob(job_pb2.GetJobRequest(id=waiting)).job.lock_owner == ""


def test_execute_job_refuses_a_job_an_executor_holds(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("held")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, timer="PT1H"))
    instance = work.start_id(definition, {"amount": 1})
    [job] = work.jobs_of(instance)
    # As if the executor of another server process had just acquired it.
    server.db.run(lambda tx: tx.execute(update(Job).where(Job.id == job.id).values(
        lock_owner="elsewhere:1:abc", lock_expiration=server.clock.now() + timedelta(minutes=5))), write=True)
    assert work.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job.lock_owner == "elsewhere:1:abc"
    failure = expect_error(lambda: work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id)),
                           grpc.StatusCode.FAILED_PRECONDITION, "JOB_LOCKED")
    assert failure.info is not None and failure.info.metadata["lock_owner"] == "elsewhere:1:abc"
    # Its lock expires (that executor died): the job is due and this server's executor runs it.
    server.clock.advance(timedelta(hours=1))
    eventually(lambda: work.activities(instance) == ["Small"], what="the job after the lock expired")


def test_set_job_retries_is_all_or_nothing_and_zero_opens_an_incident(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("retries")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, timer="PT1H"))
    instance = work.start_id(definition, {"amount": 20})
    [job] = work.jobs_of(instance)
    failure = expect_error(lambda: set_retries(work, [job.id, "no-such-job"], 5), grpc.StatusCode.NOT_FOUND,
                           "JOB_NOT_FOUND")
    assert failure.info is not None and failure.info.metadata["id"] == "no-such-job"
    assert failure.info.metadata["field_name"] == "ids[1]"
    empty = expect_error(lambda: set_retries(work, [job.id, ""], 5), grpc.StatusCode.INVALID_ARGUMENT,
                         "MISSING_REQUIRED_FIELD")
    assert empty.fields == ["ids[1]"]
    assert work.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job.retries == 3
    failure = expect_error(lambda: work.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest()),
                           grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert set(failure.fields) == {"ids", "retries"}
    expect_error(lambda: set_retries(work, [job.id], -1), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")

    [stopped] = set_retries(work, [job.id], 0)
    assert stopped.retries == 0
    assert incidents_of(server, instance) == [("failedJob", "retries were set to 0", job.id, "Wait", "OPEN")]
    server.clock.advance(timedelta(hours=1))
    assert work.jobs_of(instance, executable=True) == [] and work.activities(instance) == ["Wait"]
    set_retries(work, [job.id], 2)
    eventually(lambda: work.activities(instance) == ["Big"], what="the job with retries again")
    assert incidents_of(server, instance)[0][-1] == "RESOLVED"


def test_query_jobs_filters_and_get_job(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("query")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, timer="PT1H"))
    instance = work.start_id(definition, {"amount": 20})
    [job] = work.jobs_of(instance)
    got = work.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job
    assert got == job and got.create_time.ToDatetime() == server.clock.now().replace(tzinfo=None)
    ids = {"job_id": job.id}
    for filters, expected in (
        ({"timers": True}, [job.id]), ({"messages": True}, []), ({"with_retries_left": True}, [job.id]),
        ({"no_retries_left": True}, []), ({"executable": True}, []), ({"with_exception": True}, []),
        ({"execution_id": instance, "activity_id": "Wait"}, [job.id]),
        ({"process_definition_key": process_key, "job_definition_id": job.job_definition_id}, [job.id]),
        ({"due_after": job.due_date}, []), ({"active": True}, [job.id]), ({"suspended": True}, []),
        ({"tenant_id_in": ["nobody"]}, []),
    ):
        assert [j.id for j in work.jobs_of(instance, **ids, **filters)] == expected, filters
    later = job.due_date.ToDatetime() + timedelta(seconds=1)
    assert [j.id for j in work.jobs.QueryJobs(job_pb2.QueryJobsRequest(
        process_instance_id=instance, due_before=later)).jobs] == [job.id]
    for pair in (("timers", "messages"), ("with_retries_left", "no_retries_left"), ("active", "suspended")):
        expect_error(lambda: work.jobs_of(instance, **dict.fromkeys(pair, True)), grpc.StatusCode.INVALID_ARGUMENT,
                     "INVALID_FIELD")
    expect_error(lambda: work.jobs.GetJob(job_pb2.GetJobRequest(id="no-such-job")), grpc.StatusCode.NOT_FOUND,
                 "JOB_NOT_FOUND")
    for call in (lambda: work.jobs.GetJob(job_pb2.GetJobRequest()),
                 lambda: work.jobs.ExecuteJob(job_pb2.ExecuteJobRequest()),
                 lambda: work.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(suspended=True))):
        assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD").fields == ["id"]
    server.clock.advance(timedelta(hours=1))
    eventually(lambda: work.activities(instance) == ["Big"], what="the timer")


def test_deleting_an_instance_removes_its_jobs_and_external_tasks(work: Work) -> None:
    process_key = key("deleted")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, timer="PT1H"))
    instance = work.start_id(definition)
    assert len(work.jobs_of(instance)) == 1
    work.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance))
    assert work.jobs_of(instance) == []
    assert list(work.external.QueryExternalTasks(et.QueryExternalTasksRequest(process_instance_id=instance))
                .external_tasks) == []


def test_a_failing_timer_start_opens_an_incident_on_its_definition(api, server) -> None:  # type: ignore[no-untyped-def]
    """Its job fails before any instance exists: the failedJob incident names the definition
    and the start event, no instance or execution; raised retries resolve it; the job's removal
    with its version (a newer one deployed) ends it as DELETED."""
    work = Failures(api)
    process_key = key("nightly")
    definition = work.deploy_inline(process_key, failing_timer_start(process_key))
    [job] = work.jobs_of(process_definition_id=definition)
    server.clock.advance(timedelta(hours=1))
    [failed] = eventually(lambda: work.jobs_of(process_definition_id=definition, no_retries_left=True) or None,
                          what="three failed starts")
    assert failed.id == job.id and "amount" in failed.exception_message

    def incidents(**filters: object) -> list[incident_pb2.Incident]:
        return list(work.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
            process_definition_id=definition, **filters)).incidents)

    [incident] = incidents()
    assert (incident.incident_type, incident.configuration, incident.activity_id, incident.failed_activity_id,
            incident.execution_id, incident.process_instance_id, incident.state) == (
        "failedJob", job.id, "Start", "Start", "", "", Inc.STATE_OPEN)
    assert incident.incident_message == failed.exception_message
    assert incident.process_definition_key == process_key
    assert incident.cause_incident_id == incident.id == incident.root_cause_incident_id
    assert work.incident(incident.id) == incident
    assert work.count_incidents(process_definition_id=definition) == 1
    expect_error(lambda: work.resolve(incident.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "INCIDENT_RESOLVED_BY_RETRIES")
    assert work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_id=definition)).process_instances == []  # every failed start rolled back

    # Raised retries resolve it; the start runs again, fails again and opens a new one.
    set_retries(work, [job.id], 1)
    assert work.incident(incident.id).state == Inc.STATE_RESOLVED
    [again] = eventually(lambda: incidents() or None, what="the retried start's failure")
    assert again.id != incident.id and again.configuration == job.id

    # A newer version replaces the timer start job: the incident of the old one ends DELETED.
    fixed = work.deploy_inline(process_key, timer_start(process_key))
    assert work.incident(again.id).state == Inc.STATE_DELETED
    assert incidents() == [] and work.jobs_of(process_definition_id=definition) == []
    [replacement] = work.jobs_of(process_definition_id=fixed)
    assert replacement.activity_id == "EveryHour" and replacement.retries == 3


def test_a_retry_wait_beyond_the_calendar_waits_until_its_end(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    """camunda:failedJobRetryTimeCycle R2/P1000000Y: the retry would fall after the year 9999;
    the job is due at the calendar's last instant instead (ExecuteJob runs it sooner). The
    failure used to fail its own recording, leaving the job locked to the executor."""
    process_key = key("forever")
    definition = work.deploy_inline(process_key, failing_gateway(process_key, retry_cycle="R2/P1000000Y"))
    instance = work.start_id(definition)
    [job] = work.jobs_of(instance)  # due now: the executor runs it, and it fails
    eventually(lambda: work.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job.exception_message != "",
               what="the failed attempt")
    got = work.jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job
    assert got.retries == 1 and got.due_date.ToDatetime().year == 9999 and not got.lock_owner
