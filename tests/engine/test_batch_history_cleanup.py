"""The history cleanup of ended batches: a batch's history (its historic batch, its jobs' job log
entries and incidents) goes once the server's batch history time to live has passed since the
batch ended — per type when one is set for its type —; a running batch's never, nor any batch's
on a server without one. DeleteHistoricBatch and DeleteBatch with cascade take the incidents
too. The servers are each the test's own, with the job executor off: the tests run the jobs and
move the clock by days."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import history_pb2, incident_pb2, process_instance_pb2
from server.engine.history import BatchTimeToLive
from tests.engine.batch_support import Batches, quiet, run_jobs  # noqa: F401
from tests.support import ServerHandle, expect_error

DAY = timedelta(days=1)
ANY_STATE = [incident_pb2.Incident.STATE_OPEN, incident_pb2.Incident.STATE_RESOLVED,
             incident_pb2.Incident.STATE_DELETED]


@pytest.fixture
def kept(server, fresh_server) -> ServerHandle:  # type: ignore[no-untyped-def]
    """Batches kept 3 days, set-variables batches 1 day; no automatic rounds, no job executor."""
    return fresh_server(server.backend, background=False, history_cleanup=False, batch_history_time_to_live="P3D",
                        batch_history_time_to_live_by_type="set-variables=1")


def _clean_up(engine: Batches, batch_size: int = 0) -> tuple[int, bool]:
    answer = engine.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=batch_size))
    return answer.removed_batches, answer.more


def _gone(engine: Batches, batch_id: str) -> bool:
    try:
        engine.historic(batch_id)
    except grpc.RpcError as error:
        assert error.code() == grpc.StatusCode.NOT_FOUND
        return True
    return False


def _incidents_of(engine: Batches, job_definition_id: str) -> list[str]:
    return [i.id for i in engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
        job_definition_id_in=[job_definition_id], states=ANY_STATE)).incidents]


def _failed_then_deleted(engine: Batches, handle: ServerHandle) -> tuple[str, str]:
    """A set-variables batch whose one job failed for good (an incident), then deleted: the
    batch's id and its batch job definition's."""
    _, [instance] = engine.waiting_instances(1)
    batch = engine.variables_async([instance])
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance))
    run_jobs(handle)
    engine.delete_batch(batch.id)
    return batch.id, batch.batch_job_definition_id


def test_an_ended_batch_goes_with_its_job_log_and_incidents_once_its_time_to_live_passed(kept: ServerHandle) -> None:
    engine = Batches(kept.api())
    failed, failed_jobs = _failed_then_deleted(engine, kept)
    _, ids = engine.waiting_instances(2)
    suspended = engine.suspend_async(ids)
    run_jobs(kept)
    assert engine.historic(suspended.id).HasField("end_time")
    running = engine.variables_async(ids)
    engine.suspend_batch(running.id)  # its jobs never run: it stays a running batch
    assert engine.count_job_logs(job_definition_id=failed_jobs) > 0 and len(_incidents_of(engine, failed_jobs)) == 1

    kept.clock.advance(DAY - timedelta(seconds=1))
    assert _clean_up(engine) == (0, False)
    kept.clock.advance(timedelta(seconds=1))
    assert _clean_up(engine) == (1, False)  # set-variables: one day
    assert _gone(engine, failed)
    assert engine.count_job_logs(job_definition_id=failed_jobs) == 0 and _incidents_of(engine, failed_jobs) == []
    assert not _gone(engine, suspended.id) and engine.count_job_logs(
        job_definition_id=suspended.batch_job_definition_id) > 0
    kept.clock.advance(2 * DAY)
    assert _clean_up(engine) == (1, False)  # every other type: three days
    assert _gone(engine, suspended.id)
    assert engine.count_job_logs(job_definition_id=suspended.batch_job_definition_id) == 0

    kept.clock.advance(36_500 * DAY)
    assert _clean_up(engine) == (0, False)
    assert not _gone(engine, running.id) and engine.running(running.id)
    status = engine.history.GetHistoryCleanup(history_pb2.GetHistoryCleanupRequest()).history_cleanup
    assert (status.last_removed_batches, status.batch_history_time_to_live,
            dict(status.batch_history_time_to_live_by_type)) == (0, 3, {"set-variables": 1})


def test_a_round_removes_one_batch_of_batches_oldest_end_first(kept: ServerHandle) -> None:
    engine = Batches(kept.api())
    _, ids = engine.waiting_instances(1)
    ended = []
    for _ in range(3):
        batch = engine.suspend_async(ids)
        run_jobs(kept)
        ended.append(batch.id)
        kept.clock.advance(timedelta(minutes=1))
    kept.clock.advance(3 * DAY)
    assert _clean_up(engine, batch_size=2) == (2, True)
    assert [_gone(engine, b) for b in ended] == [True, True, False]
    assert engine.history.GetHistoryCleanup(
        history_pb2.GetHistoryCleanupRequest()).history_cleanup.last_removed_batches == 2
    assert _clean_up(engine, batch_size=2) == (1, False)


def test_without_a_time_to_live_a_batch_s_history_stays(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(1)
    batch = engine.suspend_async(ids)
    run_jobs(quiet)
    quiet.clock.advance(36_500 * DAY)
    assert _clean_up(engine) == (0, False)
    assert engine.historic(batch.id).HasField("end_time")
    status = engine.history.GetHistoryCleanup(history_pb2.GetHistoryCleanupRequest()).history_cleanup
    assert not status.HasField("batch_history_time_to_live") and not status.batch_history_time_to_live_by_type


def test_deleting_a_batch_s_history_takes_its_incidents(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    by_history_call, first_jobs = _failed_then_deleted(engine, quiet)
    engine.history.DeleteHistoricBatch(history_pb2.DeleteHistoricBatchRequest(id=by_history_call))
    assert _gone(engine, by_history_call) and _incidents_of(engine, first_jobs) == []

    _, [instance] = engine.waiting_instances(1)
    batch = engine.variables_async([instance])
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance))
    run_jobs(quiet)
    [incident] = _incidents_of(engine, batch.batch_job_definition_id)
    engine.delete_batch(batch.id, cascade=True)
    assert _gone(engine, batch.id) and engine.count_job_logs(job_definition_id=batch.batch_job_definition_id) == 0
    expect_error(lambda: engine.incidents.GetIncident(incident_pb2.GetIncidentRequest(id=incident)),
                 grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")


@pytest.mark.parametrize(("default", "by_type", "parsed"), [
    ("", "", BatchTimeToLive()),
    (" 5 ", "", BatchTimeToLive(5)),
    ("P0D", " set-variables = P2D ,instance-deletion=7", BatchTimeToLive(0, {"set-variables": 2,
                                                                              "instance-deletion": 7})),
])
def test_batch_time_to_live_settings_parse(default: str, by_type: str, parsed: BatchTimeToLive) -> None:
    assert BatchTimeToLive.parse(default, by_type) == parsed
