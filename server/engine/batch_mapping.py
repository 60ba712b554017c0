"""Batches to and from flowkeeper.engine.v1 messages (server.engine.batches)."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import batch_pb2, history_pb2
from server.engine import batches
from server.engine.mapping import optional, sorting_of, timestamp
from server.engine.models import Batch, HistoricBatch
from server.errors import inside
from server.rpc.timestamps import datetime_of


def batch(row: Batch) -> batch_pb2.Batch:
    return batch_pb2.Batch(
        id=row.id, type=row.type, total_jobs=row.total_jobs, jobs_created=row.jobs_created,
        batch_jobs_per_seed=row.batch_jobs_per_seed, invocations_per_batch_job=row.invocations_per_batch_job,
        seed_job_definition_id=row.seed_job_definition_id, monitor_job_definition_id=row.monitor_job_definition_id,
        batch_job_definition_id=row.batch_job_definition_id, suspended=row.suspended, tenant_id=row.tenant_id or "",
        create_user_id=row.create_user_id, start_time=timestamp(row.start_time),
        execution_start_time=timestamp(row.execution_start_time),
    )


def statistics(row: Batch, progress: batches.Progress) -> batch_pb2.BatchStatistics:
    return batch_pb2.BatchStatistics(batch=batch(row), remaining_jobs=progress.remaining_jobs,
                                     completed_jobs=progress.completed_jobs, failed_jobs=progress.failed_jobs)


def batch_query(request: Any) -> batches.BatchQuery:
    """The filters of QueryBatches, CountBatches and the statistics' queries (with or without
    sorting, with or without the failures' filters)."""
    fields = {f.name for f in request.DESCRIPTOR.fields}
    return batches.BatchQuery(
        batch_id=request.batch_id, type=request.type, tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id, suspended=optional(request, "suspended"),
        created_by=request.created_by, started_before=datetime_of(request, "started_before"),
        started_after=datetime_of(request, "started_after"),
        with_failures="with_failures" in fields and request.with_failures,
        without_failures="without_failures" in fields and request.without_failures,
        sorting=tuple(sorting_of(request)) if "sorting" in fields else (),
    )


def historic_batch(row: HistoricBatch) -> history_pb2.HistoricBatch:
    return history_pb2.HistoricBatch(
        id=row.id, type=row.type, total_jobs=row.total_jobs, batch_jobs_per_seed=row.batch_jobs_per_seed,
        invocations_per_batch_job=row.invocations_per_batch_job, seed_job_definition_id=row.seed_job_definition_id,
        monitor_job_definition_id=row.monitor_job_definition_id, batch_job_definition_id=row.batch_job_definition_id,
        tenant_id=row.tenant_id or "", create_user_id=row.create_user_id, start_time=timestamp(row.start_time),
        end_time=timestamp(row.end_time), execution_start_time=timestamp(row.execution_start_time),
    )


def historic_batch_query(request: Any) -> batches.HistoricBatchQuery:
    fields = {f.name for f in request.DESCRIPTOR.fields}
    return batches.HistoricBatchQuery(
        batch_id=request.batch_id, type=request.type, completed=optional(request, "completed"),
        tenant_id_in=tuple(request.tenant_id_in), without_tenant_id=request.without_tenant_id,
        sorting=tuple(sorting_of(request)) if "sorting" in fields else (),
    )


def query_of(request: Any, name: str, decode: Any) -> Any:
    """The query a call that starts a batch gives in its field ``name``, decoded (its faults
    named through the field), or None when it gives none."""
    if not request.HasField(name):
        return None
    with inside(name):
        return decode(getattr(request, name))
