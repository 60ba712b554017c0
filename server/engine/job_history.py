"""The job log's query (HistoryService.QueryHistoricJobLogs and its count and get), over what
server.engine.job_log writes."""

from __future__ import annotations

from server.engine import job_log
from server.engine.event_logs import EventLog
from server.engine.models import HistoricJobLog as _Row

LOG = EventLog(
    model=_Row,
    equality_filters={
        "job_id": _Row.job_id,
        "job_exception_message": _Row.job_exception_message,
        "job_definition_id": _Row.job_definition_id,
        "job_definition_type": _Row.job_type,
        "activity_id_in": _Row.activity_id,
        "execution_id_in": _Row.execution_id,
        "process_instance_id": _Row.process_instance_id,
        "process_definition_id": _Row.process_definition_id,
        "process_definition_key": _Row.process_definition_key,
    },
    sort_keys={
        "timestamp": _Row.timestamp,
        "jobId": _Row.job_id,
        "jobDefinitionId": _Row.job_definition_id,
        "jobDueDate": _Row.job_due_date,
        "jobRetries": _Row.job_retries,
        "jobPriority": _Row.job_priority,
        "activityId": _Row.activity_id,
        "executionId": _Row.execution_id,
        "processInstanceId": _Row.process_instance_id,
        "processDefinitionId": _Row.process_definition_id,
        "processDefinitionKey": _Row.process_definition_key,
        "tenantId": _Row.tenant_id,
        "occurrence": _Row.seq,
    },
    priority=_Row.job_priority,
    noun="job log entry",
    not_found_reason="JOB_LOG_NOT_FOUND",
    write_pending=job_log.write_pending,
)
