"""gRPC servicer of the history (flowkeeper.engine.v1.HistoryService): the history cleanup, the
activity instance, case activity, variable, task and decision history, the external task and
job logs and the operation log; decode, call the domain, encode. The process's automatic cleanup is
registered as background work."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import history_pb2, history_pb2_grpc
from server.context import AppContext
from server.engine import (
    activity_history,
    batch_mapping,
    batches,
    external_task_history,
    history,
    identity_link_history,
    job_history,
    mapping,
    operation_log,
    task_history,
    variable_history,
)
from server.engine.cases import activity_history as case_activity_history
from server.engine.cases import instance_history as case_instance_history
from server.engine.cases import mapping as case_mapping
from server.engine.dmn import history as decision_history
from server.engine.dmn import mapping as dmn_mapping
from server.engine.dmn.models import HistoricDecisionInstance
from server.engine.mapping import timestamp
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


class HistoryServicer(Servicer, history_pb2_grpc.HistoryServiceServicer):
    def __init__(self, app: AppContext, settings: history.CleanupSettings) -> None:
        super().__init__(app)
        self.settings = settings

    @transactional(write=True)
    def DeleteHistoricProcessInstancesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        caller.require_admin("delete the history of process instances")
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = batches.delete_history_async(tx, self.app.clock, caller, list(request.process_instance_ids), query,
                                           request.delete_reason)
        return history_pb2.DeleteHistoricProcessInstancesAsyncResponse(batch=batch_mapping.batch(row))

    @transactional(write=False)
    def QueryHistoricBatches(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = batches.query_historic(tx, caller, batch_mapping.historic_batch_query(request), offset, limit)
        return history_pb2.QueryHistoricBatchesResponse(historic_batches=[batch_mapping.historic_batch(r) for r in rows])

    @transactional(write=False)
    def CountHistoricBatches(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricBatchesResponse(
            count=batches.count_historic(tx, caller, batch_mapping.historic_batch_query(request)))

    @transactional(write=False)
    def GetHistoricBatch(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.GetHistoricBatchResponse(
            historic_batch=batch_mapping.historic_batch(batches.get_historic(tx, caller, request.id)))

    @transactional(write=True)
    def DeleteHistoricBatch(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        batches.delete_historic(tx, self.app.clock, caller, request.id)
        return history_pb2.DeleteHistoricBatchResponse()

    @transactional(write=True)
    def CleanUpHistory(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        caller.require_admin("clean up the history")
        removed = history.clean_up_now(tx, self.app.clock, request.batch_size or self.settings.batch_size,
                                       self.settings.batches)
        return history_pb2.CleanUpHistoryResponse(
            removed_process_instances=removed.process_instances, removed_case_instances=removed.case_instances,
            removed_batches=removed.batches, removed_decision_instances=removed.decision_instances, more=removed.more,
        )

    @transactional(write=False)
    def GetHistoryCleanup(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        view, settings = history.schedule(tx), self.settings
        return history_pb2.GetHistoryCleanupResponse(history_cleanup=history_pb2.HistoryCleanup(
            automatic=settings.automatic,
            batch_window=str(settings.window) if settings.window is not None else "",
            interval_seconds=round(settings.interval_seconds),
            batch_size=settings.batch_size,
            next_run_time=timestamp(view.due_time),
            last_run_time=timestamp(view.last_run_time),
            last_removed_process_instances=view.last_removed_process_instances,
            last_removed_case_instances=view.last_removed_case_instances,
            last_removed_batches=view.last_removed_batches,
            last_removed_decision_instances=view.last_removed_decision_instances,
            batch_history_time_to_live=settings.batches.default,
            batch_history_time_to_live_by_type=settings.batches.by_type,
        ))

    @transactional(write=False)
    def QueryHistoricActivityInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = activity_history.query(tx, caller, mapping.historic_activity_query(request), offset, limit)
        return history_pb2.QueryHistoricActivityInstancesResponse(
            historic_activity_instances=[mapping.historic_activity_instance(r) for r in rows])

    @transactional(write=False)
    def CountHistoricActivityInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricActivityInstancesResponse(
            count=activity_history.count(tx, caller, mapping.historic_activity_query(request)))

    @transactional(write=False)
    def GetHistoricActivityInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = activity_history.get(tx, caller, request.id)
        return history_pb2.GetHistoricActivityInstanceResponse(
            historic_activity_instance=mapping.historic_activity_instance(row))

    @transactional(write=False)
    def QueryUserOperations(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = operation_log.query(tx, caller, mapping.operation_query(request), offset, limit)
        return history_pb2.QueryUserOperationsResponse(user_operations=[mapping.user_operation(r) for r in rows])

    @transactional(write=True)
    def DeleteHistoricProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        history.delete_process_instance(tx, self.app.clock, caller, request.id)
        return history_pb2.DeleteHistoricProcessInstanceResponse()

    @transactional(write=True)
    def DeleteHistoricCaseInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        history.delete_case_instance(tx, self.app.clock, caller, request.id)
        return history_pb2.DeleteHistoricCaseInstanceResponse()

    @transactional(write=False)
    def CountUserOperations(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountUserOperationsResponse(
            count=operation_log.count(tx, caller, mapping.operation_query(request)))

    @transactional(write=True)
    def SetUserOperationAnnotation(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        operation_log.annotate(tx, self.app.clock, caller, request.operation_id, request.annotation)
        return history_pb2.SetUserOperationAnnotationResponse()

    @transactional(write=True)
    def ClearUserOperationAnnotation(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        operation_log.annotate(tx, self.app.clock, caller, request.operation_id, None)
        return history_pb2.ClearUserOperationAnnotationResponse()

    @transactional(write=False)
    def QueryHistoricVariableInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = variable_history.query_instances(tx, caller, mapping.variable_instance_query(request), offset, limit)
        return history_pb2.QueryHistoricVariableInstancesResponse(
            historic_variable_instances=[mapping.historic_variable_instance(r) for r in rows])

    @transactional(write=False)
    def CountHistoricVariableInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricVariableInstancesResponse(
            count=variable_history.count_instances(tx, caller, mapping.variable_instance_query(request)))

    @transactional(write=False)
    def GetHistoricVariableInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = variable_history.get_instance(tx, caller, request.id)
        return history_pb2.GetHistoricVariableInstanceResponse(
            historic_variable_instance=mapping.historic_variable_instance(row))

    @transactional(write=False)
    def GetHistoricVariableInstanceData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        data = variable_history.instance_data(tx, caller, request.id)
        return history_pb2.GetHistoricVariableInstanceDataResponse(**mapping.variable_data_out(data))

    @transactional(write=True)
    def DeleteHistoricVariableInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        variable_history.delete_instance(tx, self.app.clock, caller, request.id)
        return history_pb2.DeleteHistoricVariableInstanceResponse()

    @transactional(write=True)
    def DeleteHistoricVariableInstancesOfProcessInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        count = variable_history.delete_of_process_instance(tx, self.app.clock, caller, request.process_instance_id)
        return history_pb2.DeleteHistoricVariableInstancesOfProcessInstanceResponse(deleted_variable_instances=count)

    @transactional(write=False)
    def QueryHistoricDetails(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = variable_history.query_details(tx, caller, mapping.detail_query(request), offset, limit)
        return history_pb2.QueryHistoricDetailsResponse(historic_details=[mapping.historic_detail(r) for r in rows])

    @transactional(write=False)
    def CountHistoricDetails(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricDetailsResponse(
            count=variable_history.count_details(tx, caller, mapping.detail_query(request)))

    @transactional(write=False)
    def GetHistoricDetail(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.GetHistoricDetailResponse(
            historic_detail=mapping.historic_detail(variable_history.get_detail(tx, caller, request.id)))

    @transactional(write=False)
    def GetHistoricDetailVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        data = variable_history.detail_data(tx, caller, request.id)
        return history_pb2.GetHistoricDetailVariableDataResponse(**mapping.variable_data_out(data))

    @transactional(write=False)
    def QueryHistoricTaskInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = task_history.query(tx, caller, mapping.historic_task_query(request), offset, limit)
        return history_pb2.QueryHistoricTaskInstancesResponse(
            historic_task_instances=[mapping.historic_task_instance(r) for r in rows])

    @transactional(write=False)
    def CountHistoricTaskInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricTaskInstancesResponse(
            count=task_history.count(tx, caller, mapping.historic_task_query(request)))

    @transactional(write=False)
    def GetHistoricTaskInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.GetHistoricTaskInstanceResponse(
            historic_task_instance=mapping.historic_task_instance(task_history.get(tx, caller, request.id)))


    @transactional(write=False)
    def QueryHistoricExternalTaskLogs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = external_task_history.LOG.query(tx, caller, mapping.external_task_log_query(request), offset, limit)
        return history_pb2.QueryHistoricExternalTaskLogsResponse(
            historic_external_task_logs=[mapping.historic_external_task_log(r) for r in rows])

    @transactional(write=False)
    def CountHistoricExternalTaskLogs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricExternalTaskLogsResponse(
            count=external_task_history.LOG.count(tx, caller, mapping.external_task_log_query(request)))

    @transactional(write=False)
    def GetHistoricExternalTaskLog(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = external_task_history.LOG.get(tx, caller, request.id)
        return history_pb2.GetHistoricExternalTaskLogResponse(
            historic_external_task_log=mapping.historic_external_task_log(row, details=True))

    @transactional(write=False)
    def QueryHistoricJobLogs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = job_history.LOG.query(tx, caller, mapping.job_log_query(request), offset, limit)
        return history_pb2.QueryHistoricJobLogsResponse(historic_job_logs=[mapping.historic_job_log(r) for r in rows])

    @transactional(write=False)
    def CountHistoricJobLogs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricJobLogsResponse(count=job_history.LOG.count(tx, caller, mapping.job_log_query(request)))

    @transactional(write=False)
    def GetHistoricJobLog(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = job_history.LOG.get(tx, caller, request.id)
        return history_pb2.GetHistoricJobLogResponse(historic_job_log=mapping.historic_job_log(row, details=True))

    @transactional(write=False)
    def QueryHistoricIdentityLinkLogs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = identity_link_history.LOG.query(tx, caller, mapping.identity_link_log_query(request), offset, limit)
        return history_pb2.QueryHistoricIdentityLinkLogsResponse(
            historic_identity_link_logs=[mapping.historic_identity_link_log(r) for r in rows])

    @transactional(write=False)
    def CountHistoricIdentityLinkLogs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricIdentityLinkLogsResponse(
            count=identity_link_history.LOG.count(tx, caller, mapping.identity_link_log_query(request)))

    @transactional(write=False)
    def QueryHistoricCaseActivityInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = case_activity_history.query(tx, caller, case_mapping.case_activity_query(request), offset, limit)
        return history_pb2.QueryHistoricCaseActivityInstancesResponse(
            historic_case_activity_instances=[case_mapping.historic_case_activity_instance(r) for r in rows])

    @transactional(write=False)
    def CountHistoricCaseActivityInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricCaseActivityInstancesResponse(
            count=case_activity_history.count(tx, caller, case_mapping.case_activity_query(request)))

    @transactional(write=False)
    def GetHistoricCaseActivityInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = case_activity_history.get(tx, caller, request.id)
        return history_pb2.GetHistoricCaseActivityInstanceResponse(
            historic_case_activity_instance=case_mapping.historic_case_activity_instance(row))

    @transactional(write=False)
    def QueryHistoricCaseInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = case_instance_history.query(tx, caller, case_mapping.historic_case_instance_query(request), offset,
                                           limit)
        return history_pb2.QueryHistoricCaseInstancesResponse(
            historic_case_instances=[case_mapping.historic_case_instance(row, name) for row, name in rows])

    @transactional(write=False)
    def CountHistoricCaseInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricCaseInstancesResponse(
            count=case_instance_history.count(tx, caller, case_mapping.historic_case_instance_query(request)))

    @transactional(write=False)
    def GetHistoricCaseInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, name = case_instance_history.get(tx, caller, request.id)
        return history_pb2.GetHistoricCaseInstanceResponse(
            historic_case_instance=case_mapping.historic_case_instance(row, name))

    @transactional(write=False)
    def QueryHistoricDecisionInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = decision_history.query(tx, caller, dmn_mapping.decision_instance_query(request), offset, limit)
        return history_pb2.QueryHistoricDecisionInstancesResponse(
            historic_decision_instances=_decision_instances(tx, rows, request))

    @transactional(write=False)
    def CountHistoricDecisionInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return history_pb2.CountHistoricDecisionInstancesResponse(
            count=decision_history.count(tx, caller, dmn_mapping.decision_instance_query(request)))

    @transactional(write=False)
    def GetHistoricDecisionInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = decision_history.get(tx, caller, request.id)
        [message] = _decision_instances(tx, [row], request)
        return history_pb2.GetHistoricDecisionInstanceResponse(historic_decision_instance=message)

    @transactional(write=True)
    def DeleteHistoricDecisionInstancesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        caller.require_admin("delete the decision history")
        query = batch_mapping.query_of(request, "historic_decision_query", dmn_mapping.decision_instance_query)
        row = batches.delete_decision_history_async(tx, self.app.clock, caller,
                                                    list(request.historic_decision_instance_ids), query,
                                                    request.delete_reason)
        return history_pb2.DeleteHistoricDecisionInstancesAsyncResponse(batch=batch_mapping.batch(row))


def _decision_instances(tx: Session, rows: list[HistoricDecisionInstance],
                        request) -> list[history_pb2.HistoricDecisionInstance]:  # type: ignore[no-untyped-def]
    """The rows, with their inputs and outputs when the request includes them."""
    ids = [r.id for r in rows]
    inputs = decision_history.inputs_of(tx, ids) if request.include_inputs and ids else {}
    outputs = decision_history.outputs_of(tx, ids) if request.include_outputs and ids else {}
    return [dmn_mapping.historic_decision_instance(r, inputs.get(r.id), outputs.get(r.id)) for r in rows]


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    settings = history.CleanupSettings.of(app.config)
    history_pb2_grpc.add_HistoryServiceServicer_to_server(HistoryServicer(app, settings), server)
    if settings.automatic:
        app.background.append(history.HistoryCleaner(app, settings))
    return [history_pb2.DESCRIPTOR.services_by_name["HistoryService"].full_name]
