"""A process definition's suspension or activation scheduled for later (execution_date, by id and
by key): the job that makes it, what it changes when it falls due (instances included), what is
logged when, the job as a job (ExecuteJob, DeleteJob, QueryJobs, tenants), the versions a by-key
job reaches, the deployment's deletion, and the errors.

Each test runs on a server of its own without background work: the test runs the job executor
(``JobExecutor.run_once``) when its clock says so."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import grpc
import pytest

from flowkeeper.engine.v1 import deployment_pb2, job_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from google.protobuf import timestamp_pb2
from server.engine.jobs import JobExecutor
from tests.engine.history_support import JobLogs, ts
from tests.engine.resources.modeler import render
from tests.engine.work_support import key, waiting
from tests.support import ServerHandle, expect_error

HOUR, MINUTE = timedelta(hours=1), timedelta(minutes=1)
TENANT, OTHER = "tenant-a", "tenant-b"
SUSPEND, ACTIVATE = "suspend-process-definition", "activate-process-definition"


@pytest.fixture
def quiet(server, fresh_server) -> ServerHandle:  # type: ignore[no-untyped-def]
    return fresh_server(server.backend, background=False)


class Scheduling(JobLogs):
    def deploy_waiting(self, process_key: str, tenant: str = "") -> str:
        deployment = self.deploy(contents={f"{process_key}.bpmn": render(waiting(process_key), process_key).encode()},
                                 tenant=tenant)
        return self.definition_id(deployment, process_key)

    def schedule(self, definition_id: str, when: datetime, suspended: bool = True,
                 include: bool = False) -> pd.SetProcessDefinitionSuspensionStateResponse:
        return self.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
            id=definition_id, suspended=suspended, include_process_instances=include, execution_date=ts(when)))

    def schedule_key(self, process_key: str, when: datetime, suspended: bool = True, tenant: str = "",
                     include: bool = False) -> pd.SetProcessDefinitionSuspensionStateByKeyResponse:
        return self.definitions.SetProcessDefinitionSuspensionStateByKey(
            pd.SetProcessDefinitionSuspensionStateByKeyRequest(
                key=process_key, suspended=suspended, tenant_id=tenant, include_process_instances=include,
                execution_date=ts(when)))

    def suspended(self, *definition_ids: str) -> list[bool]:
        return [self.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=d)).process_definition.suspended
                for d in definition_ids]

    def state(self, instance_id: str) -> str:
        return pi.ProcessInstance.State.Name(self.instance(instance_id).state)

    def job(self, job_id: str) -> job_pb2.Job:
        return self.jobs.GetJob(job_pb2.GetJobRequest(id=job_id)).job


def _run(handle: ServerHandle) -> int:
    return JobExecutor(handle.running.app).run_once()


def test_a_scheduled_suspension_waits_for_its_date_then_suspends(quiet: ServerHandle) -> None:
    engine = Scheduling(quiet.api())
    process_key = key("later")
    definition = engine.deploy_waiting(process_key)
    running = engine.start_id(definition)
    when = quiet.clock.now() + HOUR
    answer = engine.schedule(definition, when, include=True)
    assert (answer.process_definition.suspended, answer.process_instances_changed) == (False, 0)
    job = engine.job(answer.scheduled_job_id)
    assert (job.handler_type, job.process_definition_id, job.process_definition_key, job.process_instance_id,
            job.execution_id, job.retries, job.due_date) == (SUSPEND, definition, process_key, "", "", 3, ts(when))
    [entry] = engine.entries(process_definition_id=definition, property="executionDate")
    assert (entry.operation_type, entry.new_value) == ("SuspendProcessDefinition", when.isoformat())
    logged = len(engine.entries())

    # Nothing changes until the job falls due.
    assert engine.state(engine.start_id(definition)) == "STATE_ACTIVE"
    quiet.clock.advance(HOUR - MINUTE)
    assert _run(quiet) == 0
    assert engine.suspended(definition) == [False]
    quiet.clock.advance(MINUTE)
    assert _run(quiet) == 1
    assert engine.suspended(definition) == [True] and engine.state(running) == "STATE_SUSPENDED"
    expect_error(lambda: engine.start(definition), grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_DEFINITION_SUSPENDED")
    expect_error(lambda: engine.job(job.id), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    assert engine.job_events(job_id=job.id) == [("created", SUSPEND, 3, ""), ("succeeded", SUSPEND, 3, "")]
    # The job's run is not logged again: the call was.
    assert len(engine.entries()) == logged


def test_a_scheduled_activation_runs_at_once_by_execute_job_and_a_deleted_one_never(quiet: ServerHandle) -> None:
    engine = Scheduling(quiet.api())
    definition = engine.deploy_waiting(key("paused"))
    engine.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
        id=definition, suspended=True))
    activation = engine.schedule(definition, quiet.clock.now() + 24 * HOUR, suspended=False).scheduled_job_id
    engine.execute(activation)  # ahead of its date
    assert engine.suspended(definition) == [False]

    cancelled = engine.schedule(definition, quiet.clock.now() + HOUR).scheduled_job_id
    engine.jobs.DeleteJob(job_pb2.DeleteJobRequest(id=cancelled))
    quiet.clock.advance(2 * HOUR)
    assert _run(quiet) == 0 and engine.suspended(definition) == [False]

    # A date in the past is due at once.
    past = engine.schedule(definition, quiet.clock.now() - HOUR).scheduled_job_id
    assert [j.id for j in engine.jobs_of(process_definition_id=definition, executable=True)] == [past]
    # A timer, as in the document's engine, but without a timer definition to evaluate again.
    assert [j.id for j in engine.jobs_of(process_definition_id=definition, timers=True)] == [past]
    assert engine.jobs_of(process_definition_id=definition, messages=True) == []
    assert engine.jobs.CountJobs(job_pb2.CountJobsRequest(process_definition_id=definition, timers=True)).count == 1
    refused = expect_error(lambda: engine.jobs.RecalculateJobDueDate(job_pb2.RecalculateJobDueDateRequest(id=past)),
                           grpc.StatusCode.FAILED_PRECONDITION, "NO_TIMER_DEFINITION")
    assert refused.info.metadata["handler_type"] == SUSPEND
    assert _run(quiet) == 1 and engine.suspended(definition) == [True]


def test_a_by_key_job_reaches_the_versions_of_its_tenants_then_deployed(quiet: ServerHandle) -> None:
    engine = Scheduling(quiet.api())
    process_key = key("versions")
    v1 = engine.deploy_waiting(process_key)
    tenants = engine.deploy_waiting(process_key, TENANT)
    others = engine.deploy_waiting(process_key, OTHER)
    instance = engine.start_id(v1)
    answer = engine.schedule_key(process_key, quiet.clock.now() + HOUR, include=True)
    assert [d.id for d in answer.process_definitions] == [v1, tenants, others]
    everyone = engine.job(answer.scheduled_job_id)
    assert (everyone.process_definition_id, everyone.process_definition_key, everyone.tenant_id) == (
        "", process_key, "")
    only_tenant = engine.schedule_key(process_key, quiet.clock.now() + 2 * HOUR, suspended=False,
                                      tenant=TENANT).scheduled_job_id
    assert engine.job(only_tenant).tenant_id == TENANT
    v2 = engine.deploy_waiting(process_key)  # deployed after the scheduling: reached too
    quiet.clock.advance(HOUR)
    assert _run(quiet) == 1
    assert engine.suspended(v1, v2, tenants, others) == [True, True, True, True]
    assert engine.state(instance) == "STATE_SUSPENDED"
    quiet.clock.advance(HOUR)
    assert _run(quiet) == 1
    assert engine.suspended(v1, v2, tenants, others) == [True, True, False, True]

    # A tenant's token schedules for the tenants it sees; its job reaches no others.
    member = Scheduling(quiet.api(quiet.token(tenants=(TENANT,))))
    job_id = member.schedule_key(process_key, quiet.clock.now() + MINUTE, suspended=False).scheduled_job_id
    assert member.job(job_id).tenant_id == TENANT  # the one tenant it reaches (with the versions of none)
    outsider = Scheduling(quiet.api(quiet.token(tenants=(OTHER,))))
    expect_error(lambda: outsider.job(job_id), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    quiet.clock.advance(MINUTE)
    assert _run(quiet) == 1
    assert engine.suspended(v1, v2, tenants, others) == [False, False, False, True]


def test_deleting_the_deployment_deletes_the_scheduled_job(quiet: ServerHandle) -> None:
    engine = Scheduling(quiet.api())
    process_key = key("gone")
    deployment = engine.deploy(contents={f"{process_key}.bpmn": render(waiting(process_key), process_key).encode()})
    definition = engine.definition_id(deployment, process_key)
    job_id = engine.schedule(definition, quiet.clock.now() + HOUR).scheduled_job_id
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment.id))
    expect_error(lambda: engine.job(job_id), grpc.StatusCode.NOT_FOUND, "JOB_NOT_FOUND")
    quiet.clock.advance(2 * HOUR)
    assert _run(quiet) == 0


def test_the_errors_schedule_nothing(quiet: ServerHandle) -> None:
    engine = Scheduling(quiet.api())
    process_key = key("refused")
    definition = engine.deploy_waiting(process_key)
    beyond = timestamp_pb2.Timestamp(seconds=253_402_300_800)
    failed = expect_error(lambda: engine.definitions.SetProcessDefinitionSuspensionState(
        pd.SetProcessDefinitionSuspensionStateRequest(id=definition, suspended=True, execution_date=beyond)),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["execution_date"]
    failed = expect_error(lambda: engine.definitions.SetProcessDefinitionSuspensionStateByKey(
        pd.SetProcessDefinitionSuspensionStateByKeyRequest(key=process_key, suspended=True, execution_date=beyond)),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["execution_date"]
    when = datetime.now(timezone.utc) + HOUR
    expect_error(lambda: engine.schedule("no-such-definition", when), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")
    expect_error(lambda: engine.schedule_key("no_such_key", when), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")
    expect_error(lambda: engine.definitions.SetProcessDefinitionSuspensionStateByKey(
        pd.SetProcessDefinitionSuspensionStateByKeyRequest(key=process_key, suspended=True, tenant_id=TENANT,
                                                           without_tenant_id=True, execution_date=ts(when))),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert engine.jobs_of() == [] and engine.entries(process_definition_id=definition) == []
