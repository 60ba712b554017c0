"""Several job executors on one batch: each batch job, and so each item, is done once and none is
lost. First two executors of one server process (two owners, as two replicas are) racing round
after round on both databases; then two `flowkeeper serve` processes on one PostgreSQL database,
each with its job executor, sharing one batch's jobs. An item done twice would show as a second
change of its variable in the variable history; one lost, as an instance without it."""

from __future__ import annotations

from datetime import timedelta
from typing import Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import batch_pb2, job_pb2, process_instance_pb2
from server.engine import batches as engine_batches
from server.engine.jobs import JobExecutor
from tests.conftest import database_url
from tests.engine.batch_support import Batches, quiet  # noqa: F401
from tests.engine.replica_support import DEADLINE
from tests.engine.work_support import eventually
from tests.platform.served import ServedProcess, separate_channel
from tests.support import Api, ServerHandle, at_once

ITEMS = 40


def _each_item_once(engine: Batches, ids: list[str], batch: batch_pb2.Batch) -> None:
    for instance in ids:
        assert engine.count_historic_details(process_instance_id=instance) == 1, instance  # set once, not twice
        assert "x" in engine.instances.GetVariables(
            process_instance_pb2.GetVariablesRequest(process_instance_id=instance)).variables
    succeeded = [e.job_id for e in engine.job_logs(job_definition_id=batch.batch_job_definition_id, success_log=True)]
    assert len(succeeded) == len(set(succeeded)) == batch.total_jobs
    assert engine.count_job_logs(job_definition_id=batch.batch_job_definition_id, failure_log=True) == 0


def test_two_executors_racing_on_one_batch_do_each_item_once(quiet: ServerHandle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(engine_batches, "BATCH_JOBS_PER_SEED", 7)  # several seed runs among the batch jobs
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(ITEMS)
    batch = engine.variables_async(ids)
    executors = [JobExecutor(quiet.running.app) for _ in range(2)]
    for _ in range(200):
        ran = at_once([executor.run_once for executor in executors])
        if not any(ran):
            if not engine.running(batch.id):
                break
            quiet.clock.advance(timedelta(minutes=1))  # the monitor's next look
    assert not engine.running(batch.id)
    assert engine.historic(batch.id).HasField("end_time")
    _each_item_once(engine, ids, batch)


@pytest.fixture(scope="module")
def replicas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Batches]]:
    """Stubs on each of two server processes sharing one PostgreSQL database."""
    url = database_url("postgresql", request, tmp_path_factory)
    args = ["--listen", "127.0.0.1:0", "--database-url", url, "--rate-limit", "0", "--log-level", "WARNING",
            "--job-poll-seconds", "0.1", "--job-batch-size", "2"]
    served = [ServedProcess(args), ServedProcess(args)]
    channels: list[grpc.Channel] = []
    try:
        served[0].start()
        token = served[0].first_token
        assert token, served[0].output()
        served[1].start()
        for process in served:
            channels.append(separate_channel(process.address))
        yield [Batches(Api(channel, token)) for channel in channels]
        for channel in channels:
            channel.close()
        for process in served:
            assert process.terminate() == 0, process.output()
    finally:
        for process in served:
            process.close()


def test_two_replicas_share_one_batchs_jobs_and_do_each_item_once(replicas: list[Batches]) -> None:
    first, second = replicas
    _, ids = first.waiting_instances(ITEMS)
    batch = first.variables_async(ids)

    def batch_jobs_done() -> bool:
        # The seed jobs first: once none is left, every batch job exists (a seed job creates
        # them as it commits), so the second count sees those not done. (The other order could
        # count no batch job before a seed job's commit and no seed job after it.)
        seeds = second.jobs.CountJobs(job_pb2.CountJobsRequest(job_definition_id=batch.seed_job_definition_id)).count
        left = second.jobs.CountJobs(job_pb2.CountJobsRequest(job_definition_id=batch.batch_job_definition_id)).count
        return seeds == 0 and left == 0

    eventually(batch_jobs_done, timeout=DEADLINE, what="every batch job done")
    _each_item_once(second, ids, batch)
    # The monitor ends it at once after the last batch job (or at its next look, 30 s later,
    # when the last two ran side by side): end it now either way.
    for monitor in second.batch_jobs(batch, "monitor"):
        try:
            second.execute(monitor.id)
        except grpc.RpcError as error:  # it ran (or is running) on a replica meanwhile
            assert error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.FAILED_PRECONDITION)
    eventually(lambda: not second.running(batch.id), timeout=DEADLINE, what="the batch ended")
    assert first.historic(batch.id).HasField("end_time")
