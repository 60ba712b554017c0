"""JobDefinitionService: the job definitions deployments make (a timer event's, an asynchronous
continuation's), their query, and what they govern — suspension (of new jobs; of existing ones
with include_jobs; now or by a scheduled job; with their process definition), an overriding
priority, the retries of their failed jobs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Iterator

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import job_definition_pb2 as jd
from flowkeeper.engine.v1 import job_definition_pb2_grpc
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from tests.conftest import BACKENDS, database_url, start_server
from tests.engine.failure_support import incidents_of
from tests.engine.history_support import JobLogs
from tests.engine.job_support import failing_gateway, set_amount, timer
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique


@pytest.fixture(scope="module", params=BACKENDS)
def quiet(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """A server of the module's own, per backend, without a job executor: jobs run when a test
    says (ExecuteJob)."""
    handle = start_server(database_url(request.param, request, tmp_path_factory), request.param, background=False)
    try:
        yield handle
    finally:
        handle.close()
        handle.running.stop(None)


class JobDefinitions(JobLogs):
    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.job_definitions = api.stub(job_definition_pb2_grpc.JobDefinitionServiceStub)

    def query(self, **filters: Any) -> list[jd.JobDefinition]:  # type: ignore[override]
        return list(self.job_definitions.QueryJobDefinitions(
            jd.QueryJobDefinitionsRequest(**filters)).job_definitions)

    def of(self, definition_id: str) -> dict[str, jd.JobDefinition]:  # type: ignore[override]
        """The job definitions of a process definition by activity id."""
        return {d.activity_id: d for d in self.query(process_definition_id=definition_id)}

    def suspend(self, job_definition_id: str, suspended: bool = True, **options: Any) -> Any:
        return self.job_definitions.SetJobDefinitionSuspensionState(jd.SetJobDefinitionSuspensionStateRequest(
            id=job_definition_id, suspended=suspended, **options))

    def job_states(self, instance_id: str) -> dict[str, tuple[bool, int]]:
        """(suspended, priority) of the instance's jobs by activity."""
        return {j.activity_id: (j.suspended, j.priority) for j in self.jobs_of(instance_id)}


@pytest.fixture
def h(quiet: ServerHandle) -> JobDefinitions:
    return JobDefinitions(quiet.api())


def two_steps(process_key: str) -> str:
    """Prepare (async before, priority 5), then Review with a boundary timer Late (PT1H)."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Prepare" />
  <bpmn:task id="Prepare" camunda:asyncBefore="true" camunda:jobPriority="5" />
  <bpmn:sequenceFlow id="f2" sourceRef="Prepare" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Late" attachedToRef="Review">{timer("timeDuration", "PT1H", "Late")}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="Late" targetRef="Escalated" />
  <bpmn:endEvent id="Escalated" />
</bpmn:process>
"""


def _stamp(at: Any) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(at)
    return stamp


def test_a_deployment_makes_job_definitions_and_the_query_finds_them(h: JobDefinitions) -> None:
    process_key = key("steps")
    definition = h.deploy_inline(process_key, two_steps(process_key))
    tenant = unique("tenant")
    tenanted = h.deploy_inline(process_key, two_steps(process_key), tenant=tenant)
    found = h.of(definition)
    assert set(found) == {"Prepare", "Late"}
    prepare, late = found["Prepare"], found["Late"]
    assert (prepare.job_type, prepare.job_configuration, late.job_type, late.job_configuration) == (
        "async-before", "", "timer", "PT1H")
    assert prepare.process_definition_key == process_key and not prepare.suspended
    assert not prepare.HasField("overriding_job_priority") and prepare.tenant_id == ""
    deployment = h.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=definition))
    assert prepare.deployment_id == deployment.process_definition.deployment_id
    got = h.job_definitions.GetJobDefinition(jd.GetJobDefinitionRequest(id=late.id)).job_definition
    assert got == late

    def ids(**filters: Any) -> list[str]:
        filters.setdefault("process_definition_key", process_key)
        found = [d.id for d in h.query(**filters)]
        counted = {k: v for k, v in filters.items() if k not in ("page", "sorting")}
        assert h.job_definitions.CountJobDefinitions(jd.CountJobDefinitionsRequest(**counted)).count == len(found) \
            or "page" in filters
        return found

    theirs = h.of(tenanted)
    assert set(ids()) == {prepare.id, late.id, theirs["Prepare"].id, theirs["Late"].id}
    assert ids(process_definition_id=definition, activity_id_in=["Late", "Other"]) == [late.id]
    assert ids(process_definition_id=definition, job_type="async-before") == [prepare.id]
    assert set(ids(job_configuration="PT1H")) == {late.id, theirs["Late"].id}
    assert ids(job_definition_id=late.id) == [late.id]
    assert set(ids(tenant_id_in=[tenant])) == {theirs["Prepare"].id, theirs["Late"].id}
    assert set(ids(without_tenant_id=True)) == {prepare.id, late.id}
    assert len(ids(tenant_id_in=[tenant], include_job_definitions_without_tenant_id=True)) == 4
    assert ids(suspended=True) == [] and len(ids(active=True)) == 4
    assert ids(with_overriding_job_priority=True) == []
    ordered = ids(sorting=[{"sort_by": "tenantId", "sort_order": "desc"}, {"sort_by": "jobType", "sort_order": "asc"}])
    assert ordered == [theirs["Prepare"].id, theirs["Late"].id, prepare.id, late.id]
    assert ids(sorting=[{"sort_by": "activityId", "sort_order": "asc"}], without_tenant_id=True) == [late.id, prepare.id]
    assert len(ids(page={"first_result": 1, "max_results": 2})) == 2


def test_query_and_get_refusals(h: JobDefinitions) -> None:
    for fields, reason, field_name in (
        ({"active": True, "suspended": True}, "INVALID_FIELD", "suspended"),
        ({"tenant_id_in": ["t"], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"include_job_definitions_without_tenant_id": True}, "INVALID_FIELD",
         "include_job_definitions_without_tenant_id"),
        ({"sorting": [{"sort_by": "priority", "sort_order": "asc"}]}, "INVALID_SORTING", "sorting[0].sort_by"),
    ):
        failure = expect_error(lambda: h.query(**fields), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failure.fields == [field_name], fields
    expect_error(lambda: h.job_definitions.GetJobDefinition(jd.GetJobDefinitionRequest()),
                 grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    for call in (lambda: h.job_definitions.GetJobDefinition(jd.GetJobDefinitionRequest(id="nope")),
                 lambda: h.suspend("nope"),
                 lambda: h.job_definitions.SetJobDefinitionRetries(jd.SetJobDefinitionRetriesRequest(id="nope", retries=1)),
                 lambda: h.job_definitions.SetJobDefinitionPriority(jd.SetJobDefinitionPriorityRequest(id="nope"))):
        failure = expect_error(call, grpc.StatusCode.NOT_FOUND, "JOB_DEFINITION_NOT_FOUND")
        assert failure.info is not None and failure.info.metadata["id"] == "nope"


def test_a_suspended_job_definition_suspends_new_jobs_and_with_include_jobs_existing_ones(h: JobDefinitions) -> None:
    process_key = key("suspended")
    definition = h.deploy_inline(process_key, two_steps(process_key))
    prepare = h.of(definition)["Prepare"]
    waiting = h.start_id(definition)
    switched = h.suspend(prepare.id)
    assert switched.job_definition.suspended and switched.jobs_changed == 0 and not switched.scheduled_job_id
    assert h.job_states(waiting) == {"Prepare": (False, 5)}  # the job made before stays active
    later = h.start_id(definition)
    assert h.job_states(later) == {"Prepare": (True, 5)}
    expect_error(lambda: h.execute(h.the_job(later).id), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    # Only that job definition: the timer's next jobs are active.
    h.execute(h.the_job(waiting).id)
    assert h.job_states(waiting) == {"Late": (False, 0)}
    # Activating with include_jobs activates the suspended job; suspending with it suspends.
    activated = h.suspend(prepare.id, suspended=False, include_jobs=True)
    assert not activated.job_definition.suspended and activated.jobs_changed == 1
    assert h.job_states(later) == {"Prepare": (False, 5)}
    assert h.suspend(prepare.id, include_jobs=True).jobs_changed == 1
    assert h.job_states(later) == {"Prepare": (True, 5)}
    assert [(e.operation_type, e.entity_type, e.property, e.org_value, e.new_value)
            for e in h.entries(job_definition_id=prepare.id, entity_type="JobDefinition")] == [
        ("SuspendJobDefinition", "JobDefinition", "suspended", "false", "true"),
        ("SuspendJobDefinition", "JobDefinition", "includeJobs", "", "false"),
        ("ActivateJobDefinition", "JobDefinition", "suspended", "true", "false"),
        ("ActivateJobDefinition", "JobDefinition", "includeJobs", "", "true"),
        ("SuspendJobDefinition", "JobDefinition", "suspended", "false", "true"),
        ("SuspendJobDefinition", "JobDefinition", "includeJobs", "", "true"),
    ]


def test_suspension_by_process_definition_and_by_key(h: JobDefinitions) -> None:
    process_key = key("by_definition")
    first = h.deploy_inline(process_key, two_steps(process_key))
    second = h.deploy_inline(process_key, two_steps(process_key))
    tenant = unique("tenant")
    theirs = h.deploy_inline(process_key, two_steps(process_key), tenant=tenant)
    running = h.start_id(first)
    switched = h.job_definitions.SetJobDefinitionsSuspensionState(jd.SetJobDefinitionsSuspensionStateRequest(
        process_definition_id=first, suspended=True, include_jobs=True))
    assert [d.process_definition_id for d in switched.job_definitions] == [first, first]
    assert switched.jobs_changed == 1 and h.job_states(running) == {"Prepare": (True, 5)}
    assert {d.suspended for d in h.query(process_definition_id=second)} == {False}

    by_key = h.job_definitions.SetJobDefinitionsSuspensionState(jd.SetJobDefinitionsSuspensionStateRequest(
        process_definition_key=process_key, process_definition_without_tenant_id=True, suspended=True))
    assert [d.process_definition_id for d in by_key.job_definitions] == [first, first, second, second]
    assert {d.suspended for d in h.query(process_definition_id=theirs)} == {False}
    h.job_definitions.SetJobDefinitionsSuspensionState(jd.SetJobDefinitionsSuspensionStateRequest(
        process_definition_key=process_key, process_definition_tenant_id=tenant, suspended=True))
    assert {d.suspended for d in h.query(process_definition_id=theirs)} == {True}
    every = h.job_definitions.SetJobDefinitionsSuspensionState(jd.SetJobDefinitionsSuspensionStateRequest(
        process_definition_key=process_key, suspended=False, include_jobs=True))
    assert len(every.job_definitions) == 6 and every.jobs_changed == 1
    assert {d.suspended for d in h.query(process_definition_key=process_key)} == {False}

    for fields, status, reason, field_name in (
        ({}, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", "process_definition_id"),
        ({"process_definition_id": first, "process_definition_key": process_key}, grpc.StatusCode.INVALID_ARGUMENT,
         "INVALID_FIELD", "process_definition_key"),
        ({"process_definition_id": first, "process_definition_tenant_id": tenant}, grpc.StatusCode.INVALID_ARGUMENT,
         "INVALID_FIELD", "process_definition_tenant_id"),
        ({"process_definition_key": process_key, "process_definition_tenant_id": tenant,
          "process_definition_without_tenant_id": True}, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD",
         "process_definition_without_tenant_id"),
        ({"process_definition_key": "no_such_key"}, grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND",
         "process_definition_key"),
        ({"process_definition_id": "nope"}, grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND",
         "process_definition_id"),
    ):
        failure = expect_error(lambda: h.job_definitions.SetJobDefinitionsSuspensionState(
            jd.SetJobDefinitionsSuspensionStateRequest(suspended=True, **fields)), status, reason)
        assert (failure.fields or [failure.info.metadata.get("field_name")]) == [field_name], fields


def test_a_scheduled_suspension_is_a_timer_job(h: JobDefinitions, quiet: ServerHandle) -> None:
    process_key = key("scheduled")
    definition = h.deploy_inline(process_key, two_steps(process_key))
    prepare = h.of(definition)["Prepare"]
    running = h.start_id(definition)
    at = quiet.clock.now() + timedelta(days=1)
    switched = h.suspend(prepare.id, include_jobs=True, execution_date=_stamp(at))
    assert not switched.job_definition.suspended and switched.scheduled_job_id
    [job] = h.jobs_of(process_definition_id=definition, timers=True, activity_id="")
    assert (job.id, job.handler_type, job.process_instance_id) == (
        switched.scheduled_job_id, "suspend-job-definition", "")
    assert job.due_date.ToDatetime().replace(tzinfo=at.tzinfo) == at
    assert [e.property for e in h.entries(job_definition_id=prepare.id)] == [
        "suspended", "includeJobs", "executionDate"]
    h.execute(job.id)
    assert h.job_definitions.GetJobDefinition(jd.GetJobDefinitionRequest(id=prepare.id)).job_definition.suspended
    assert h.job_states(running) == {"Prepare": (True, 5)}
    # The same for a process definition's job definitions.
    scheduled = h.job_definitions.SetJobDefinitionsSuspensionState(jd.SetJobDefinitionsSuspensionStateRequest(
        process_definition_id=definition, suspended=False, include_jobs=True, execution_date=_stamp(at)))
    assert {d.suspended for d in scheduled.job_definitions} == {True, False}  # as they are now
    h.execute(scheduled.scheduled_job_id)
    assert {d.suspended for d in h.query(process_definition_id=definition)} == {False}
    assert h.job_states(running) == {"Prepare": (False, 5)}


def test_a_process_definition_s_suspension_reaches_its_job_definitions(h: JobDefinitions) -> None:
    process_key = key("whole")
    definition = h.deploy_inline(process_key, two_steps(process_key))
    running = h.start_id(definition)
    h.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
        id=definition, suspended=True))
    assert {d.suspended for d in h.query(process_definition_id=definition)} == {True}
    # Its instances go on, but the jobs they make from now on are suspended.
    h.execute(h.the_job(running).id)
    assert h.job_states(running) == {"Late": (True, 0)}
    h.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
        id=definition, suspended=False))
    assert {d.suspended for d in h.query(process_definition_id=definition)} == {False}


def test_an_overriding_priority_for_new_jobs_and_with_include_jobs_existing_ones(h: JobDefinitions) -> None:
    process_key = key("priority")
    definition = h.deploy_inline(process_key, two_steps(process_key))
    prepare = h.of(definition)["Prepare"]
    before = h.start_id(definition)
    set_ = h.job_definitions.SetJobDefinitionPriority(jd.SetJobDefinitionPriorityRequest(id=prepare.id, priority=42))
    assert set_.job_definition.overriding_job_priority == 42 and set_.jobs_changed == 0
    assert h.job_states(before) == {"Prepare": (False, 5)}
    after = h.start_id(definition)
    assert h.job_states(after) == {"Prepare": (False, 42)}
    assert [d.id for d in h.query(process_definition_id=definition, with_overriding_job_priority=True)] == [prepare.id]
    raised = h.job_definitions.SetJobDefinitionPriority(jd.SetJobDefinitionPriorityRequest(
        id=prepare.id, priority=-3, include_jobs=True))
    assert raised.jobs_changed == 2
    assert h.job_states(before) == {"Prepare": (False, -3)} and h.job_states(after) == {"Prepare": (False, -3)}
    cleared = h.job_definitions.SetJobDefinitionPriority(jd.SetJobDefinitionPriorityRequest(id=prepare.id))
    assert not cleared.job_definition.HasField("overriding_job_priority")
    assert h.job_states(h.start_id(definition)) == {"Prepare": (False, 5)}  # the model's again
    assert h.job_states(before) == {"Prepare": (False, -3)}  # existing jobs keep theirs
    assert [(e.property, e.org_value, e.new_value) for e in h.entries(job_definition_id=prepare.id)] == [
        ("overridingPriority", "", "42"), ("includeJobs", "", "false"),
        ("overridingPriority", "42", "-3"), ("includeJobs", "", "true"),
        ("overridingPriority", "-3", ""), ("includeJobs", "", "false")]
    failure = expect_error(lambda: h.job_definitions.SetJobDefinitionPriority(jd.SetJobDefinitionPriorityRequest(
        id=prepare.id, include_jobs=True)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["include_jobs"]


def test_retries_of_the_failed_jobs(h: JobDefinitions, quiet: ServerHandle) -> None:
    process_key = key("failing")
    definition = h.deploy_inline(process_key, failing_gateway(process_key))
    [gate] = h.query(process_definition_id=definition)
    failed, fine = h.start_id(definition), h.start_id(definition)
    for _ in range(3):
        expect_error(lambda: h.execute(h.the_job(failed).id), grpc.StatusCode.FAILED_PRECONDITION)
    expect_error(lambda: h.execute(h.the_job(fine).id), grpc.StatusCode.FAILED_PRECONDITION)
    assert (h.the_job(failed).retries, h.the_job(fine).retries) == (0, 2)
    assert [i[-1] for i in incidents_of(quiet, failed)] == ["OPEN"]
    raised = h.job_definitions.SetJobDefinitionRetries(jd.SetJobDefinitionRetriesRequest(id=gate.id, retries=4))
    assert [j.id for j in raised.jobs] == [h.the_job(failed).id] and raised.jobs[0].retries == 4
    assert (h.the_job(failed).retries, h.the_job(fine).retries) == (4, 2)  # retries left: untouched
    assert [i[-1] for i in incidents_of(quiet, failed)] == ["RESOLVED"]
    set_amount(h, failed, 50)
    h.execute(h.the_job(failed).id)
    assert h.jobs_of(failed) == []
    # Nothing failed: nothing to do.
    assert list(h.job_definitions.SetJobDefinitionRetries(
        jd.SetJobDefinitionRetriesRequest(id=gate.id, retries=1)).jobs) == []
    failure = expect_error(lambda: h.job_definitions.SetJobDefinitionRetries(
        jd.SetJobDefinitionRetriesRequest(id=gate.id)), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failure.fields == ["retries"]
    failure = expect_error(lambda: h.job_definitions.SetJobDefinitionRetries(
        jd.SetJobDefinitionRetriesRequest(id=gate.id, retries=-1)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["retries"]
