"""Batches (BatchService, the batch history) and how the job executor runs them: the seed job
creates batch jobs (and seeds again), each batch job does its items in its own transaction, the
monitor job ends the batch and its historic batch; statistics while it runs; suspension,
deletion with and without cascade; a failing batch job (retries, incident); queries with their
filters, sorting and paging; tenants and permissions; every error the contract lists.

The tests run on a server of their own whose job executor is off and drive the jobs by hand
(ExecuteJob, JobExecutor.run_once), so what runs, and when, is the test's choice."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import batch_pb2, history_pb2, incident_pb2, job_pb2, process_instance_pb2
from tests.engine.batch_support import EVERYTHING, Batches, quiet, run_jobs, small_batches  # noqa: F401
from tests.engine.history_support import sorted_by
from tests.support import ServerHandle, expect_error

TENANT, OTHER = "tenant-a", "tenant-b"


def _values(engine: Batches, instance: str) -> dict[str, object]:
    return {name: value.value.number_value for name, value in engine.instances.GetVariables(
        process_instance_pb2.GetVariablesRequest(process_instance_id=instance)).variables.items()}


# -- a batch's life ---------------------------------------------------------------------------------


def test_a_batch_runs_its_seed_batch_and_monitor_jobs_and_ends_in_the_history(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(3)
    batch = engine.variables_async(ids, variables={"x": 7})
    assert (batch.type, batch.total_jobs, batch.jobs_created, batch.batch_jobs_per_seed,
            batch.invocations_per_batch_job, batch.suspended, batch.create_user_id) == (
        "set-variables", 3, 0, 100, 1, False, "admin")
    assert batch.HasField("start_time") and not batch.HasField("execution_start_time")
    assert len({batch.seed_job_definition_id, batch.monitor_job_definition_id, batch.batch_job_definition_id}) == 3
    [seed] = engine.batch_jobs(batch, "seed")
    assert seed.handler_type == "batch-seed-job" and seed.retries == 3 and not seed.process_instance_id
    assert engine.statistics(batch.id) == (3, 0, 0)
    started = engine.historic(batch.id)
    assert (started.type, started.total_jobs, started.HasField("end_time")) == ("set-variables", 3, False)

    engine.execute(seed.id)  # the seed creates every batch job (3 <= 100) and the monitor
    assert engine.batch(batch.id).jobs_created == 3
    created = engine.batch_jobs(batch)
    assert [j.handler_type for j in created] == ["set-variables"] * 3
    [monitor] = engine.batch_jobs(batch, "monitor")
    assert monitor.due_date.ToDatetime() > quiet.clock.now().replace(tzinfo=None)  # its first look is later
    assert engine.batch_jobs(batch, "seed") == []
    assert engine.statistics(batch.id) == (3, 0, 0)

    engine.execute(created[0].id)
    assert engine.statistics(batch.id) == (2, 1, 0)
    assert engine.batch(batch.id).HasField("execution_start_time")
    assert sorted(_values(engine, i).get("x", 0) for i in ids) == [0, 0, 7]

    assert run_jobs(quiet) == 3  # the other two, then the monitor the last one made due at once
    assert engine.found(batch_id=batch.id) == []
    expect_error(lambda: engine.batch(batch.id), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")
    ended = engine.historic(batch.id)
    assert ended.end_time.ToDatetime() == quiet.clock.now().replace(tzinfo=None)
    assert ended.HasField("execution_start_time")
    assert [_values(engine, i)["x"] for i in ids] == [7, 7, 7]
    assert engine.count_job_logs(job_definition_id=batch.batch_job_definition_id) == 6  # created, succeeded


def test_the_seed_job_seeds_again_until_every_batch_job_is_created(quiet: ServerHandle, small_batches) -> None:  # type: ignore[no-untyped-def]
    """5 items, 2 per batch job: 3 batch jobs, 2 per seed run: the seed runs twice."""
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(5)
    batch = engine.variables_async(ids)
    assert (batch.total_jobs, batch.batch_jobs_per_seed, batch.invocations_per_batch_job) == (3, 2, 2)
    [seed] = engine.batch_jobs(batch, "seed")
    engine.execute(seed.id)
    assert engine.batch(batch.id).jobs_created == 2
    [again] = engine.batch_jobs(batch, "seed")
    assert again.id != seed.id
    assert engine.batch_jobs(batch, "monitor") == []
    assert engine.statistics(batch.id) == (3, 0, 0)
    engine.execute(again.id)
    assert engine.batch(batch.id).jobs_created == 3
    assert len(engine.batch_jobs(batch)) == 3 and len(engine.batch_jobs(batch, "monitor")) == 1
    run_jobs(quiet)
    assert not engine.running(batch.id)
    assert all(_values(engine, i) == {"x": 1} for i in ids)


def test_the_monitor_looks_again_while_batch_jobs_are_left(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(2)
    batch = engine.variables_async(ids)
    engine.execute(engine.batch_jobs(batch, "seed")[0].id)
    [monitor] = engine.batch_jobs(batch, "monitor")
    engine.execute(monitor.id)  # two batch jobs left: it schedules its next look
    [next_look] = engine.batch_jobs(batch, "monitor")
    assert next_look.id != monitor.id
    assert next_look.due_date.ToDatetime() == (quiet.clock.now() + timedelta(seconds=30)).replace(tzinfo=None)
    assert engine.running(batch.id)



# -- suspension ---------------------------------------------------------------------------------------


def test_a_suspended_batch_and_its_jobs_do_not_run_until_activated(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(2)
    batch = engine.variables_async(ids)
    engine.execute(engine.batch_jobs(batch, "seed")[0].id)
    suspended = engine.suspend_batch(batch.id)
    assert suspended.suspended
    assert all(j.suspended for kind in ("batch", "monitor") for j in engine.batch_jobs(batch, kind))
    assert run_jobs(quiet) == 0
    expect_error(lambda: engine.execute(engine.batch_jobs(batch)[0].id), grpc.StatusCode.FAILED_PRECONDITION,
                 "SUSPENDED")
    assert engine.statistics(batch.id) == (2, 0, 0)
    assert engine.found(batch_id=batch.id, suspended=True) == [batch.id]
    assert engine.found(batch_id=batch.id, suspended=False) == []

    assert not engine.suspend_batch(batch.id, False).suspended
    assert not any(j.suspended for j in engine.batch_jobs(batch))
    run_jobs(quiet)
    assert not engine.running(batch.id)
    assert all(_values(engine, i) == {"x": 1} for i in ids)
    assert [(e.operation_type, e.entity_type, e.property, e.org_value, e.new_value)
            for e in engine.entries(batch_id=batch.id, entity_type="Batch")] == [
        ("SuspendBatch", "Batch", "suspensionState", "active", "suspended"),
        ("ActivateBatch", "Batch", "suspensionState", "suspended", "active")]


def test_batch_jobs_a_suspended_batch_seeds_are_suspended_too(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(2)
    batch = engine.variables_async(ids)
    [seed] = engine.batch_jobs(batch, "seed")
    engine.suspend_batch(batch.id)
    engine.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=seed.id, suspended=False))
    engine.execute(seed.id)  # the seed runs (activated by hand): the jobs it makes are suspended
    assert [j.suspended for j in engine.batch_jobs(batch)] == [True, True]
    assert engine.batch_jobs(batch, "monitor")[0].suspended


# -- deletion -----------------------------------------------------------------------------------------


def test_deleting_a_batch_removes_its_jobs_and_ends_its_history(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(3)
    batch = engine.variables_async(ids)
    engine.execute(engine.batch_jobs(batch, "seed")[0].id)
    engine.execute(engine.batch_jobs(batch)[0].id)
    engine.delete_batch(batch.id)
    assert not engine.running(batch.id)
    for kind in ("seed", "batch", "monitor"):
        assert engine.batch_jobs(batch, kind) == []
    assert run_jobs(quiet) == 0
    assert sorted(_values(engine, i).get("x", 0) for i in ids) == [0, 0, 1]  # the rest stays undone
    history = engine.historic(batch.id)
    assert history.end_time.ToDatetime() == quiet.clock.now().replace(tzinfo=None)
    # the two batch jobs left and the monitor: a deleted entry each
    assert engine.count_job_logs(job_definition_id=batch.batch_job_definition_id, deletion_log=True) == 2
    assert engine.count_job_logs(job_definition_id=batch.monitor_job_definition_id, deletion_log=True) == 1
    [entry] = engine.entries(batch_id=batch.id, operation_type="Delete")
    assert (entry.entity_type, entry.property, entry.new_value) == ("Batch", "cascadeToHistory", "false")
    expect_error(lambda: engine.delete_batch(batch.id), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")


def test_deleting_a_batch_with_cascade_removes_its_history_and_job_log(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(1)
    batch = engine.variables_async(ids)
    assert engine.count_job_logs(job_definition_id=batch.seed_job_definition_id) == 1
    engine.delete_batch(batch.id, cascade=True)
    expect_error(lambda: engine.historic(batch.id), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")
    assert engine.count_job_logs(job_definition_id=batch.seed_job_definition_id) == 0


def test_deleting_a_batch_with_cascade_and_its_history_are_for_administrators(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(1)
    batch = engine.variables_async(ids)
    someone = Batches(quiet.api(quiet.token()))
    expect_error(lambda: someone.delete_batch(batch.id, cascade=True), grpc.StatusCode.PERMISSION_DENIED,
                 "ADMIN_REQUIRED")
    expect_error(lambda: engine.history.DeleteHistoricBatch(history_pb2.DeleteHistoricBatchRequest(id=batch.id)),
                 grpc.StatusCode.FAILED_PRECONDITION, "BATCH_RUNNING")
    someone.delete_batch(batch.id)  # without cascade anyone who sees it may
    expect_error(lambda: someone.history.DeleteHistoricBatch(history_pb2.DeleteHistoricBatchRequest(id=batch.id)),
                 grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    engine.history.DeleteHistoricBatch(history_pb2.DeleteHistoricBatchRequest(id=batch.id))
    expect_error(lambda: engine.historic(batch.id), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")
    assert engine.count_job_logs(job_definition_id=batch.seed_job_definition_id) == 0
    [entry] = engine.entries(batch_id=batch.id, operation_type="DeleteHistory")
    assert entry.entity_type == "Batch"
    expect_error(lambda: engine.history.DeleteHistoricBatch(history_pb2.DeleteHistoricBatchRequest(id=batch.id)),
                 grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")


# -- a failing batch job ------------------------------------------------------------------------------


def test_a_failing_batch_job_is_retried_then_opens_an_incident_and_holds_the_batch(quiet: ServerHandle) -> None:
    """Setting variables on an instance that ended fails its batch job (the document's engine's
    rule for this type): three attempts, then a failedJob incident; the batch waits until the job
    gets retries (and succeeds) or is deleted."""
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(2)
    batch = engine.variables_async(ids)
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=ids[1]))
    run_jobs(quiet)  # the seed, the good job; the bad one fails three times at once (no retry cycle)
    [failed] = engine.batch_jobs(batch)
    assert failed.retries == 0 and ids[1] in failed.exception_message
    assert engine.statistics(batch.id) == (1, 1, 1)
    [incident] = engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
        incident_type="failedJob", configuration=failed.id)).incidents
    assert incident.job_definition_id == batch.batch_job_definition_id and not incident.process_instance_id
    assert engine.found(batch_id=batch.id) == [batch.id]
    stats = engine.batches.QueryBatchStatistics(batch_pb2.QueryBatchStatisticsRequest(with_failures=True,
                                                                                      page=EVERYTHING)).statistics
    assert [s.batch.id for s in stats] == [batch.id]
    assert engine.batches.CountBatchStatistics(batch_pb2.CountBatchStatisticsRequest(
        batch_id=batch.id, without_failures=True)).count == 0
    quiet.clock.advance(timedelta(minutes=1))
    run_jobs(quiet)  # the monitor looks: a batch job is left
    assert engine.running(batch.id)

    engine.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[failed.id], retries=1))  # resolves the incident
    assert engine.incidents.GetIncident(incident_pb2.GetIncidentRequest(id=incident.id)).incident.state == \
        incident_pb2.Incident.STATE_RESOLVED
    run_jobs(quiet)
    [failed] = engine.batch_jobs(batch)
    assert failed.retries == 0  # it fails again
    engine.jobs.DeleteJob(job_pb2.DeleteJobRequest(id=failed.id))  # drops the item
    quiet.clock.advance(timedelta(minutes=1))
    run_jobs(quiet)
    assert not engine.running(batch.id)
    assert engine.historic(batch.id).HasField("end_time")


def test_deleting_a_batch_ends_the_incidents_of_its_failed_jobs(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(1)
    batch = engine.variables_async(ids)
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=ids[0]))
    run_jobs(quiet)
    [failed] = engine.batch_jobs(batch)
    [incident] = engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(configuration=failed.id)).incidents
    engine.delete_batch(batch.id)
    assert engine.incidents.GetIncident(incident_pb2.GetIncidentRequest(id=incident.id)).incident.state == \
        incident_pb2.Incident.STATE_DELETED


# -- queries ------------------------------------------------------------------------------------------


def test_query_batches_filters_sorts_and_pages(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(2)
    first = engine.variables_async(ids)
    quiet.clock.advance(timedelta(minutes=1))
    second = engine.suspend_async(ids)
    engine.suspend_batch(second.id)
    quiet.clock.advance(timedelta(minutes=1))
    _, others = engine.waiting_instances(1)  # (the first batch's instances stay: its items never fail)
    third = engine.delete_async(others)
    mine = {first.id, second.id, third.id}
    everything = engine.found()
    assert set(everything) == mine and everything == sorted(everything)
    assert engine.found(type="set-variables") == [first.id]
    assert engine.found(batch_id=second.id) == [second.id]
    assert engine.found(suspended=True) == [second.id]
    assert set(engine.found(suspended=False)) == {first.id, third.id}
    assert engine.found(created_by="admin") == everything and engine.found(created_by="nobody") == []
    assert engine.found(without_tenant_id=True) == everything
    assert engine.found(tenant_id_in=[TENANT]) == []
    by_start = engine.found(sorting=sorted_by(("startTime", "desc")))
    assert by_start == [third.id, second.id, first.id]
    page = engine.batches.QueryBatches(batch_pb2.QueryBatchesRequest(
        sorting=sorted_by(("startTime", "asc")), page={"first_result": 1, "max_results": 1})).batches
    assert [b.id for b in page] == [second.id]
    start = engine.batch(second.id).start_time
    assert engine.found(started_before=start, started_after=start) == [second.id]
    stats = engine.batches.QueryBatchStatistics(batch_pb2.QueryBatchStatisticsRequest(
        sorting=sorted_by(("startTime", "asc")), page=EVERYTHING)).statistics
    assert [(s.batch.id, s.remaining_jobs, s.completed_jobs, s.failed_jobs) for s in stats] == [
        (first.id, 2, 0, 0), (second.id, 2, 0, 0), (third.id, 1, 0, 0)]
    assert engine.batches.CountBatchStatistics(batch_pb2.CountBatchStatisticsRequest(without_failures=True)).count == 3

    run_jobs(quiet)  # the suspended one stays
    historic = engine.history.QueryHistoricBatches(history_pb2.QueryHistoricBatchesRequest(
        sorting=sorted_by(("startTime", "asc")), page=EVERYTHING)).historic_batches
    assert [h.id for h in historic] == [first.id, second.id, third.id]
    for completed, expected in ((True, [first.id, third.id]), (False, [second.id])):
        found = engine.history.QueryHistoricBatches(history_pb2.QueryHistoricBatchesRequest(
            completed=completed, sorting=sorted_by(("batchId", "asc")), page=EVERYTHING)).historic_batches
        assert [h.id for h in found] == sorted(expected)
        assert engine.history.CountHistoricBatches(history_pb2.CountHistoricBatchesRequest(
            completed=completed)).count == len(expected)
    by_end = engine.history.QueryHistoricBatches(history_pb2.QueryHistoricBatchesRequest(
        sorting=sorted_by(("endTime", "desc")), page=EVERYTHING)).historic_batches
    assert by_end[-1].id == second.id  # running: no end time, last in descending order
    assert [h.id for h in engine.history.QueryHistoricBatches(history_pb2.QueryHistoricBatchesRequest(
        type="instance-deletion")).historic_batches] == [third.id]


@pytest.mark.parametrize("call, field, reason", [
    (lambda e: e.batches.QueryBatches(batch_pb2.QueryBatchesRequest(sorting=sorted_by(("type", "asc")))),
     "sorting[0].sort_by", "INVALID_SORTING"),
    (lambda e: e.batches.QueryBatches(batch_pb2.QueryBatchesRequest(sorting=sorted_by(("batchId", "up")))),
     "sorting[0].sort_order", "INVALID_SORTING"),
    (lambda e: e.batches.QueryBatches(batch_pb2.QueryBatchesRequest(page={"first_result": -1})),
     "first_result", "INVALID_FIELD"),
    (lambda e: e.batches.CountBatches(batch_pb2.CountBatchesRequest(tenant_id_in=["a"], without_tenant_id=True)),
     "without_tenant_id", "INVALID_FIELD"),
    (lambda e: e.batches.CountBatchStatistics(batch_pb2.CountBatchStatisticsRequest(
        with_failures=True, without_failures=True)), "without_failures", "INVALID_FIELD"),
    (lambda e: e.history.QueryHistoricBatches(history_pb2.QueryHistoricBatchesRequest(
        sorting=sorted_by(("duration", "asc")))), "sorting[0].sort_by", "INVALID_SORTING"),
    (lambda e: e.history.CountHistoricBatches(history_pb2.CountHistoricBatchesRequest(
        tenant_id_in=["a"], without_tenant_id=True)), "without_tenant_id", "INVALID_FIELD"),
    (lambda e: e.batches.GetBatch(batch_pb2.GetBatchRequest()), "id", "MISSING_REQUIRED_FIELD"),
    (lambda e: e.batches.GetBatchStatistics(batch_pb2.GetBatchStatisticsRequest()), "id", "MISSING_REQUIRED_FIELD"),
    (lambda e: e.batches.SetBatchSuspended(batch_pb2.SetBatchSuspendedRequest()), "id", "MISSING_REQUIRED_FIELD"),
    (lambda e: e.batches.DeleteBatch(batch_pb2.DeleteBatchRequest()), "id", "MISSING_REQUIRED_FIELD"),
    (lambda e: e.history.GetHistoricBatch(history_pb2.GetHistoricBatchRequest()), "id", "MISSING_REQUIRED_FIELD"),
    (lambda e: e.history.DeleteHistoricBatch(history_pb2.DeleteHistoricBatchRequest()), "id",
     "MISSING_REQUIRED_FIELD"),
])
def test_bad_batch_requests_are_refused_naming_the_field(api, call, field, reason) -> None:  # type: ignore[no-untyped-def]
    got = expect_error(lambda: call(Batches(api)), grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert got.fields == [field]


@pytest.mark.parametrize("call", [
    lambda e: e.batches.GetBatch(batch_pb2.GetBatchRequest(id="no-such-batch")),
    lambda e: e.batches.GetBatchStatistics(batch_pb2.GetBatchStatisticsRequest(id="no-such-batch")),
    lambda e: e.batches.SetBatchSuspended(batch_pb2.SetBatchSuspendedRequest(id="no-such-batch", suspended=True)),
    lambda e: e.batches.DeleteBatch(batch_pb2.DeleteBatchRequest(id="no-such-batch")),
    lambda e: e.history.GetHistoricBatch(history_pb2.GetHistoricBatchRequest(id="no-such-batch")),
    lambda e: e.history.DeleteHistoricBatch(history_pb2.DeleteHistoricBatchRequest(id="no-such-batch")),
])
def test_an_unknown_batch_is_not_found(api, call) -> None:  # type: ignore[no-untyped-def]
    expect_error(lambda: call(Batches(api)), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")


# -- tenants --------------------------------------------------------------------------------------------


def test_a_batch_of_one_tenants_items_is_that_tenants_and_acts_with_its_creators_tenants(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, mine = engine.waiting_instances(2, tenant=TENANT)
    _, theirs = engine.waiting_instances(1, tenant=OTHER)
    user = Batches(quiet.api(quiet.token(tenants=(TENANT,))))
    own = user.variables_async(mine)
    assert own.tenant_id == TENANT
    mixed = user.delete_async([*mine, *theirs])  # the other tenant's instance is not the user's to delete
    assert mixed.tenant_id == ""
    assert [j.tenant_id for j in engine.batch_jobs(own, "seed")] == [TENANT]

    stranger = Batches(quiet.api(quiet.token(tenants=(OTHER,))))
    expect_error(lambda: stranger.batch(own.id), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")
    expect_error(lambda: stranger.suspend_batch(own.id), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")
    expect_error(lambda: stranger.historic(own.id), grpc.StatusCode.NOT_FOUND, "BATCH_NOT_FOUND")
    assert stranger.found() == [mixed.id]
    assert set(user.found()) == {own.id, mixed.id}
    assert user.found(tenant_id_in=[TENANT]) == [own.id]
    assert set(engine.found()) == {own.id, mixed.id}

    run_jobs(quiet)
    assert all(engine.ended(i) for i in mine)
    assert not engine.ended(theirs[0])  # skipped: not visible to the batch's creator
    assert not engine.running(mixed.id)

