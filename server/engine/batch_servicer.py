"""gRPC servicer of flowkeeper.engine.v1.BatchService: decode, call the domain
(server.engine.batches), encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import batch_pb2, batch_pb2_grpc
from server.context import AppContext
from server.engine import batch_mapping, batches, mapping
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


class BatchServicer(Servicer, batch_pb2_grpc.BatchServiceServicer):
    @transactional(write=False)
    def GetBatch(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return batch_pb2.GetBatchResponse(batch=batch_mapping.batch(batches.get_batch(tx, caller, request.id)))

    @transactional(write=False)
    def QueryBatches(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = batches.query_batches(tx, caller, batch_mapping.batch_query(request), offset, limit)
        return batch_pb2.QueryBatchesResponse(batches=[batch_mapping.batch(r) for r in rows])

    @transactional(write=False)
    def CountBatches(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return batch_pb2.CountBatchesResponse(count=batches.count_batches(tx, caller, batch_mapping.batch_query(request)))

    @transactional(write=False)
    def GetBatchStatistics(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = batches.get_batch(tx, caller, request.id)
        [progress] = batches.progress(tx, [row])
        return batch_pb2.GetBatchStatisticsResponse(statistics=batch_mapping.statistics(row, progress))

    @transactional(write=False)
    def QueryBatchStatistics(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = batches.query_batches(tx, caller, batch_mapping.batch_query(request), offset, limit)
        return batch_pb2.QueryBatchStatisticsResponse(
            statistics=[batch_mapping.statistics(r, p) for r, p in zip(rows, batches.progress(tx, rows))])

    @transactional(write=False)
    def CountBatchStatistics(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return batch_pb2.CountBatchStatisticsResponse(
            count=batches.count_batches(tx, caller, batch_mapping.batch_query(request)))

    @transactional(write=True)
    def SetBatchSuspended(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = batches.set_suspended(tx, self.app.clock, caller, request.id, request.suspended)
        return batch_pb2.SetBatchSuspendedResponse(batch=batch_mapping.batch(row))

    @transactional(write=True)
    def DeleteBatch(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        batches.delete_batch(tx, self.app.clock, caller, request.id, request.cascade)
        return batch_pb2.DeleteBatchResponse()


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    batch_pb2_grpc.add_BatchServiceServicer_to_server(BatchServicer(app), server)
    return [batch_pb2.DESCRIPTOR.services_by_name["BatchService"].full_name]
