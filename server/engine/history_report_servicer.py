"""gRPC servicer of the history's reports (flowkeeper.engine.v1.HistoryReportService): decode,
call the domain (server.engine.history_reports), encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import history_report_pb2 as pb
from flowkeeper.engine.v1 import history_report_pb2_grpc
from server.context import AppContext
from server.engine import history, history_report_mapping as report_mapping, history_reports as reports, mapping
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional
from server.rpc.timestamps import datetime_of


class HistoryReportServicer(Servicer, history_report_pb2_grpc.HistoryReportServiceServicer):
    def __init__(self, app: AppContext, batch_time_to_live: history.BatchTimeToLive) -> None:
        super().__init__(app)
        self.batch_time_to_live = batch_time_to_live

    @transactional(write=False, decode=report_mapping.activity_statistics_query)
    def QueryHistoricActivityStatistics(self, q, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return pb.QueryHistoricActivityStatisticsResponse(
            statistics=[report_mapping.activity_statistics(r) for r in reports.activity_statistics(tx, caller, q)])

    @transactional(write=False)
    def QueryHistoricCaseActivityStatistics(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = reports.case_activity_statistics(tx, caller, request.case_definition_id)
        return pb.QueryHistoricCaseActivityStatisticsResponse(
            statistics=[report_mapping.case_activity_statistics(r) for r in rows])

    @transactional(write=False)
    def QueryCleanableProcessInstanceReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = reports.cleanable_process_instances(tx, caller, report_mapping.cleanable_query(request, "process"),
                                                   self.app.clock.now(), offset, limit)
        return pb.QueryCleanableProcessInstanceReportResponse(
            results=[report_mapping.cleanable_result(r, "process") for r in rows])

    @transactional(write=False)
    def CountCleanableProcessInstanceReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return pb.CountCleanableProcessInstanceReportResponse(count=reports.count_cleanable_process_instances(
            tx, caller, report_mapping.cleanable_query(request, "process"), self.app.clock.now()))

    @transactional(write=False)
    def QueryCleanableCaseInstanceReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = reports.cleanable_case_instances(tx, caller, report_mapping.cleanable_query(request, "case"),
                                                self.app.clock.now(), offset, limit)
        return pb.QueryCleanableCaseInstanceReportResponse(
            results=[report_mapping.cleanable_result(r, "case") for r in rows])

    @transactional(write=False)
    def CountCleanableCaseInstanceReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return pb.CountCleanableCaseInstanceReportResponse(count=reports.count_cleanable_case_instances(
            tx, caller, report_mapping.cleanable_query(request, "case"), self.app.clock.now()))

    @transactional(write=False)
    def QueryCleanableDecisionInstanceReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = reports.cleanable_decision_instances(tx, caller, report_mapping.cleanable_query(request, "decision"),
                                                    self.app.clock.now(), offset, limit)
        return pb.QueryCleanableDecisionInstanceReportResponse(
            results=[report_mapping.cleanable_result(r, "decision") for r in rows])

    @transactional(write=False)
    def CountCleanableDecisionInstanceReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return pb.CountCleanableDecisionInstanceReportResponse(count=reports.count_cleanable_decision_instances(
            tx, caller, report_mapping.cleanable_query(request, "decision"), self.app.clock.now()))

    @transactional(write=False)
    def QueryCleanableBatchReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = reports.cleanable_batches(tx, caller, self.batch_time_to_live, tuple(mapping.sorting_of(request)),
                                         self.app.clock.now(), offset, limit)
        return pb.QueryCleanableBatchReportResponse(results=[report_mapping.cleanable_batches(r) for r in rows])

    @transactional(write=False)
    def CountCleanableBatchReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return pb.CountCleanableBatchReportResponse(count=reports.count_cleanable_batches(tx, caller))

    @transactional(write=False, decode=report_mapping.instance_duration_query)
    def QueryProcessInstanceDurationReport(self, q, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return pb.QueryProcessInstanceDurationReportResponse(
            results=[report_mapping.period(r, q.unit) for r in reports.process_instance_durations(tx, caller, q)])

    @transactional(write=False)
    def QueryTaskCountReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = reports.task_counts(tx, caller, report_mapping.task_grouping(request),
                                   datetime_of(request, "completed_after"), datetime_of(request, "completed_before"))
        return pb.QueryTaskCountReportResponse(results=[report_mapping.task_count(r) for r in rows])

    @transactional(write=False)
    def QueryTaskDurationReport(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        unit = report_mapping.period_unit(request)
        rows = reports.task_durations(tx, caller, unit, datetime_of(request, "completed_after"),
                                      datetime_of(request, "completed_before"))
        return pb.QueryTaskDurationReportResponse(results=[report_mapping.period(r, unit) for r in rows])


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    servicer = HistoryReportServicer(app, history.CleanupSettings.of(app.config).batches)
    history_report_pb2_grpc.add_HistoryReportServiceServicer_to_server(servicer, server)
    return [pb.DESCRIPTOR.services_by_name["HistoryReportService"].full_name]
