"""ExecuteMigrationPlanAsync: a batch of instance-migration, one instance per batch job, each
migrated as ExecuteMigrationPlan migrates it; its operation log entry; an instance that cannot
be migrated by then fails its batch job, and the others go on."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import incident_pb2, job_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.batch_support import quiet, run_jobs  # noqa: F401
from tests.engine.migration_support import Migrations, instruction, line
from tests.support import ServerHandle, expect_error


@pytest.fixture
def engine(quiet: ServerHandle) -> Migrations:  # noqa: F811
    return Migrations(quiet.api())


def test_a_migration_batch_migrates_each_instance_and_logs_once(quiet: ServerHandle, engine: Migrations) -> None:  # noqa: F811
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'),
                                     line('<bpmn:userTask id="Check" />', '<bpmn:userTask id="After" />'))
    ids = [engine.start_id(source, business_key=f"order-{i}") for i in range(3)]
    plan = engine.plan(source, target, instruction("Review", "Check"), variables={"migrated": True})
    batch = engine.migrate_async(plan, [ids[0]], query=pi.CountProcessInstancesRequest(business_key_like="order-%"))
    assert (batch.type, batch.total_jobs) == ("instance-migration", 3)
    # Nothing moved yet; the operation log has the one entry, with the batch.
    assert {engine.instance(i).definition_id for i in ids} == {source}
    entries = engine.entries(operation_type="Migrate", process_definition_id=source)
    assert {e.property: (e.org_value, e.new_value) for e in entries} == {
        "processDefinitionId": (source, target), "nrOfInstances": ("", "3"), "async": ("", "true")}
    assert {e.batch_id for e in entries} == {batch.id}
    run_jobs(quiet)
    assert {engine.instance(i).definition_id for i in ids} == {target}
    assert all(engine.variables(i)["migrated"] == (True, "Boolean") for i in ids)
    assert [t.task_definition_key for i in ids for t in engine.tasks_of(i)] == ["Check"] * 3
    assert not engine.running(batch.id) and engine.historic(batch.id).HasField("end_time")
    # The batch jobs wrote no operation log entries of their own.
    assert len(engine.entries(operation_type="Migrate", process_definition_id=source)) == 3


def test_an_instance_that_cannot_migrate_by_then_fails_its_batch_job(quiet: ServerHandle,  # noqa: F811
                                                                     engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />', '<bpmn:userTask id="Approve" />'),
                                     line('<bpmn:userTask id="Review" />'))
    good, bad = engine.start_id(source), engine.start_id(source)
    batch = engine.migrate_async(engine.plan(source, target, instruction("Review")), [good, bad])
    [task] = engine.tasks_of(bad)
    engine.complete(task.id)  # bad moves on to Approve, which the plan does not map
    run_jobs(quiet)
    assert engine.instance(good).definition_id == target and engine.instance(bad).definition_id == source
    [failed] = [j for j in engine.batch_jobs(batch) if j.retries == 0]
    assert bad in failed.exception_message and "Approve" in failed.exception_message
    [incident] = engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
        incident_type="failedJob", configuration=failed.id)).incidents
    assert incident.job_definition_id == batch.batch_job_definition_id
    assert engine.statistics(batch.id) == (1, 1, 1)
    # DeleteJob drops the instance and lets the batch end.
    engine.jobs.DeleteJob(job_pb2.DeleteJobRequest(id=failed.id))
    quiet.clock.advance(timedelta(minutes=1))  # the monitor's next look
    run_jobs(quiet)
    assert not engine.running(batch.id)


def test_the_async_call_checks_the_plan_and_the_selection_at_once(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:receiveTask id="Review" />'))
    [other] = engine.versions(line('<bpmn:userTask id="Review" />'))
    mine, theirs = engine.start_id(source), engine.start_id(other)
    expect_error(lambda: engine.migrate_async(engine.plan(source, target, instruction("Review")), [mine]),
                 grpc.StatusCode.FAILED_PRECONDITION, "MIGRATION_PLAN_INVALID")
    expect_error(lambda: engine.migrate_async(engine.plan(source, target), [mine, theirs]),
                 grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_DEFINITION_MISMATCH")
    expect_error(lambda: engine.migrate_async(engine.plan(source, target), query=pi.CountProcessInstancesRequest(
        business_key="none")), grpc.StatusCode.INVALID_ARGUMENT, "EMPTY_SELECTION")
    assert engine.found(type="instance-migration") == []  # none was created
