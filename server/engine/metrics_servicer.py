"""gRPC servicer of the engine metrics (flowkeeper.engine.v1.MetricsService): decode, call the
domain (server.engine.metrics), encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import metrics_pb2 as pb
from flowkeeper.engine.v1 import metrics_pb2_grpc
from server.context import AppContext
from server.engine import metrics, metrics_mapping
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


class MetricsServicer(Servicer, metrics_pb2_grpc.MetricsServiceServicer):
    @transactional(write=False, decode=metrics_mapping.sum_query)
    def QueryMetricSum(self, q, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return pb.QueryMetricSumResponse(result=metrics.metric_sum(tx, caller, q))

    @transactional(write=False)
    def QueryMetricIntervals(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        q = metrics_mapping.interval_query(request, self.app.config.max_page_size)
        return pb.QueryMetricIntervalsResponse(
            results=[metrics_mapping.interval_value(row) for row in metrics.metric_intervals(tx, caller, q)])


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    metrics_pb2_grpc.add_MetricsServiceServicer_to_server(MetricsServicer(app), server)
    return [pb.DESCRIPTOR.services_by_name["MetricsService"].full_name]
