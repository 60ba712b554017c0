"""Helpers for the tests of batches: the engine's stubs with BatchService and the calls that
start batches, and a job executor driven by hand (a server whose executor is off), so that what
runs, and when, is the test's choice."""

from __future__ import annotations

from typing import Any

import pytest

from flowkeeper.engine.v1 import (
    batch_pb2,
    batch_pb2_grpc,
    external_task_pb2,
    history_pb2,
    job_pb2,
    process_instance_pb2,
    types_pb2,
)
from server.engine import batches as engine_batches
from server.engine.jobs import JobExecutor
from tests.engine.history_support import JobLogs
from tests.engine.support import typed_map
from tests.engine.work_support import key, waiting
from tests.support import ServerHandle

EVERYTHING = types_pb2.OffsetPage(max_results=1000)


class Batches(JobLogs):
    """The engine's stubs (jobs, incidents, history) plus BatchService and the async calls."""

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.batches = api.stub(batch_pb2_grpc.BatchServiceStub)

    # -- starting batches -------------------------------------------------------------------------

    def delete_async(self, ids: list[str] = (), query: Any = None, reason: str = "") -> batch_pb2.Batch:  # type: ignore[assignment]
        return self.instances.DeleteProcessInstancesAsync(process_instance_pb2.DeleteProcessInstancesAsyncRequest(
            process_instance_ids=list(ids), process_instance_query=query, delete_reason=reason)).batch

    def suspend_async(self, ids: list[str] = (), query: Any = None, suspended: bool = True) -> batch_pb2.Batch:  # type: ignore[assignment]
        return self.instances.SetProcessInstancesSuspendedAsync(
            process_instance_pb2.SetProcessInstancesSuspendedAsyncRequest(
                process_instance_ids=list(ids), process_instance_query=query, suspended=suspended)).batch

    def variables_async(self, ids: list[str] = (), query: Any = None,  # type: ignore[assignment]
                        variables: dict[str, Any] | None = None) -> batch_pb2.Batch:
        return self.instances.SetVariablesAsync(process_instance_pb2.SetVariablesAsyncRequest(
            process_instance_ids=list(ids), process_instance_query=query,
            variables=typed_map({"x": 1} if variables is None else variables))).batch

    def job_retries_async(self, ids: list[str] = (), query: Any = None, retries: int | None = 3,  # type: ignore[assignment]
                          instance_ids: list[str] = (), instance_query: Any = None) -> batch_pb2.Batch:  # type: ignore[assignment]
        return self.jobs.SetJobRetriesAsync(job_pb2.SetJobRetriesAsyncRequest(
            job_ids=list(ids), job_query=query, retries=retries, process_instance_ids=list(instance_ids),
            process_instance_query=instance_query)).batch

    def external_retries_async(self, ids: list[str] = (), query: Any = None,  # type: ignore[assignment]
                               retries: int | None = 3, instance_ids: list[str] = (),  # type: ignore[assignment]
                               instance_query: Any = None) -> batch_pb2.Batch:
        return self.external.SetExternalTaskRetriesAsync(external_task_pb2.SetExternalTaskRetriesAsyncRequest(
            external_task_ids=list(ids), external_task_query=query, retries=retries,
            process_instance_ids=list(instance_ids), process_instance_query=instance_query)).batch

    def history_delete_async(self, ids: list[str] = (), query: Any = None, reason: str = "") -> batch_pb2.Batch:  # type: ignore[assignment]
        return self.history.DeleteHistoricProcessInstancesAsync(
            history_pb2.DeleteHistoricProcessInstancesAsyncRequest(
                process_instance_ids=list(ids), process_instance_query=query, delete_reason=reason)).batch

    def creation_entry(self, batch_id: str) -> dict[str, str]:
        """The properties of the operation log entry the batch's creation wrote, and under ""
        its operation and entity type."""
        entries = self.entries(batch_id=batch_id)
        assert len({e.operation_id for e in entries}) == 1
        return {e.property: e.new_value for e in entries} | {"": f"{entries[0].operation_type} {entries[0].entity_type}"}

    # -- BatchService -----------------------------------------------------------------------------

    def batch(self, batch_id: str) -> batch_pb2.Batch:
        return self.batches.GetBatch(batch_pb2.GetBatchRequest(id=batch_id)).batch

    def statistics(self, batch_id: str) -> tuple[int, int, int]:
        """(remaining, completed, failed) batch jobs."""
        s = self.batches.GetBatchStatistics(batch_pb2.GetBatchStatisticsRequest(id=batch_id)).statistics
        return s.remaining_jobs, s.completed_jobs, s.failed_jobs

    def found(self, **filters: Any) -> list[str]:
        """The ids QueryBatches finds (checked against CountBatches)."""
        rows = [b.id for b in self.batches.QueryBatches(batch_pb2.QueryBatchesRequest(page=EVERYTHING, **filters)).batches]
        counted = self.batches.CountBatches(batch_pb2.CountBatchesRequest(
            **{k: v for k, v in filters.items() if k != "sorting"})).count
        assert counted == len(rows), (filters, counted, rows)
        return rows

    def historic(self, batch_id: str) -> history_pb2.HistoricBatch:
        return self.history.GetHistoricBatch(history_pb2.GetHistoricBatchRequest(id=batch_id)).historic_batch

    def suspend_batch(self, batch_id: str, suspended: bool = True) -> batch_pb2.Batch:
        return self.batches.SetBatchSuspended(batch_pb2.SetBatchSuspendedRequest(id=batch_id, suspended=suspended)).batch

    def delete_batch(self, batch_id: str, cascade: bool = False) -> None:
        self.batches.DeleteBatch(batch_pb2.DeleteBatchRequest(id=batch_id, cascade=cascade))

    def batch_jobs(self, batch: batch_pb2.Batch, which: str = "batch") -> list[job_pb2.Job]:
        """The batch's jobs of one kind (seed, monitor or batch), oldest first."""
        definition = getattr(batch, f"{which}_job_definition_id")
        return list(self.jobs.QueryJobs(job_pb2.QueryJobsRequest(job_definition_id=definition, page=EVERYTHING)).jobs)

    def execute(self, job_id: str) -> None:
        self.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job_id))

    def running(self, batch_id: str) -> bool:
        return batch_id in self.found(batch_id=batch_id)

    # -- processes ------------------------------------------------------------------------------

    def waiting_instances(self, count: int, tenant: str = "", variables: dict[str, Any] | None = None
                          ) -> tuple[str, list[str]]:
        """(definition id, ids of ``count`` instances waiting at the user task Review)."""
        process_key = key("batched")
        definition = self.deploy_inline(process_key, waiting(process_key), tenant)
        return definition, [self.start_id(definition, variables) for _ in range(count)]


def run_jobs(handle: ServerHandle, rounds: int = 100) -> int:
    """Runs what the executor finds due until nothing is; how many jobs it acquired."""
    executor, total = JobExecutor(handle.running.app), 0
    for _ in range(rounds):
        ran = executor.run_once()
        if not ran:
            return total
        total += ran
    raise AssertionError("jobs were still due after many rounds")


@pytest.fixture
def quiet(server, fresh_server) -> ServerHandle:  # type: ignore[no-untyped-def]
    """A server of its own whose job executor is off: the test runs the jobs."""
    return fresh_server(server.backend, background=False)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 2 items per batch job and 2 batch jobs per seed job (the server runs in the
    test's process), so that a few items need several jobs and seed jobs."""
    monkeypatch.setattr(engine_batches, "BATCH_JOBS_PER_SEED", 2)
    monkeypatch.setattr(engine_batches, "INVOCATIONS_PER_BATCH_JOB", 2)
