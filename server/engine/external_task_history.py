"""The external task log's query (HistoryService.QueryHistoricExternalTaskLogs and its count and
get), over what server.engine.external_task_log writes."""

from __future__ import annotations

from server.engine import external_task_log
from server.engine.event_logs import EventLog
from server.engine.models import HistoricExternalTaskLog as _Row

LOG = EventLog(
    model=_Row,
    equality_filters={
        "external_task_id": _Row.external_task_id,
        "topic_name": _Row.topic_name,
        "worker_id": _Row.worker_id,
        "error_message": _Row.error_message,
        "activity_id_in": _Row.activity_id,
        "activity_instance_id_in": _Row.activity_instance_id,
        "execution_id_in": _Row.execution_id,
        "process_instance_id": _Row.process_instance_id,
        "process_definition_id": _Row.process_definition_id,
        "process_definition_key": _Row.process_definition_key,
    },
    sort_keys={
        "timestamp": _Row.timestamp,
        "externalTaskId": _Row.external_task_id,
        "topicName": _Row.topic_name,
        "workerId": _Row.worker_id,
        "retries": _Row.retries,
        "priority": _Row.priority,
        "activityId": _Row.activity_id,
        "activityInstanceId": _Row.activity_instance_id,
        "executionId": _Row.execution_id,
        "processInstanceId": _Row.process_instance_id,
        "processDefinitionId": _Row.process_definition_id,
        "processDefinitionKey": _Row.process_definition_key,
        "tenantId": _Row.tenant_id,
        "occurrence": _Row.seq,
    },
    priority=_Row.priority,
    noun="external task log entry",
    not_found_reason="EXTERNAL_TASK_LOG_NOT_FOUND",
    write_pending=external_task_log.write_pending,
)
