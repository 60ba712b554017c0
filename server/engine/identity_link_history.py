"""The identity link log's query (HistoryService.QueryHistoricIdentityLinkLogs and its count),
over what server.engine.identity_link_log writes."""

from __future__ import annotations

from server.engine import identity_link_log
from server.engine.event_logs import EventLog
from server.engine.models import HistoricIdentityLinkLog as _Row

LOG = EventLog(
    model=_Row,
    equality_filters={
        "type": _Row.type,
        "user_id": _Row.user_id,
        "group_id": _Row.group_id,
        "task_id": _Row.task_id,
        "process_definition_id": _Row.process_definition_id,
        "process_definition_key": _Row.process_definition_key,
        "operation_type": _Row.operation_type,
        "assigner_id": _Row.assigner_id,
    },
    sort_keys={
        "time": _Row.timestamp,
        "type": _Row.type,
        "userId": _Row.user_id,
        "groupId": _Row.group_id,
        "taskId": _Row.task_id,
        "processDefinitionId": _Row.process_definition_id,
        "processDefinitionKey": _Row.process_definition_key,
        "operationType": _Row.operation_type,
        "assignerId": _Row.assigner_id,
        "tenantId": _Row.tenant_id,
    },
    priority=None,  # the log has none
    noun="identity link log entry",
    not_found_reason="IDENTITY_LINK_LOG_NOT_FOUND",
    write_pending=identity_link_log.write_pending,
    choices={"type": identity_link_log.TYPES, "operation_type": identity_link_log.OPERATION_TYPES},
)
