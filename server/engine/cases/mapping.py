"""Rows of cases to and from flowkeeper.engine.v1 messages: the only module of cases that knows
both."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import case_definition_pb2, case_execution_pb2, case_instance_pb2, history_pb2
from server.engine import executions
from server.engine.cases import activity_history, instance_history, service
from server.engine.cases.models import CaseDefinition, CaseExecution, CaseInstance, HistoricCaseActivityInstance
from server.engine.mapping import from_value, request_fields, sorting_of, span, timestamp
from server.rpc.fields import optional
from server.rpc.timestamps import datetime_of

_INSTANCE_STATES = {
    "ACTIVE": case_instance_pb2.CaseInstance.STATE_ACTIVE,
    "COMPLETED": case_instance_pb2.CaseInstance.STATE_COMPLETED,
    "TERMINATED": case_instance_pb2.CaseInstance.STATE_TERMINATED,
    "CLOSED": case_instance_pb2.CaseInstance.STATE_CLOSED,
}
_EXECUTION_STATES = {
    "AVAILABLE": case_execution_pb2.CaseExecution.STATE_AVAILABLE,
    "ENABLED": case_execution_pb2.CaseExecution.STATE_ENABLED,
    "DISABLED": case_execution_pb2.CaseExecution.STATE_DISABLED,
    "ACTIVE": case_execution_pb2.CaseExecution.STATE_ACTIVE,
    "COMPLETED": case_execution_pb2.CaseExecution.STATE_COMPLETED,
    "TERMINATED": case_execution_pb2.CaseExecution.STATE_TERMINATED,
}


def case_definition(row: CaseDefinition) -> case_definition_pb2.CaseDefinition:
    message = case_definition_pb2.CaseDefinition(
        id=row.id, key=row.key, version=row.version, name=row.name or "", tenant_id=row.tenant_id or "",
        deployment_id=row.deployment_id, resource_name=row.resource_name, category=row.category or "",
        diagram_resource_name=row.diagram_resource_name or "",
    )
    if row.history_time_to_live is not None:  # an optional field: unset stays unset
        message.history_time_to_live = row.history_time_to_live
    return message


def case_instance(row: CaseInstance) -> case_instance_pb2.CaseInstance:
    return case_instance_pb2.CaseInstance(
        id=row.id,
        case_definition_id=row.case_definition_id,
        case_definition_key=row.case_definition_key,
        tenant_id=row.tenant_id or "",
        business_key=row.business_key or "",
        active=row.state == "ACTIVE",
        completed=row.state == "COMPLETED",
        terminated=row.state == "TERMINATED",
        state=_INSTANCE_STATES[row.state],
        create_time=timestamp(row.create_time),
        end_time=timestamp(row.end_time),
        close_time=timestamp(row.close_time),
        super_case_instance_id=row.super_case_instance_id or "",
    )


def case_execution(row: CaseExecution) -> case_execution_pb2.CaseExecution:
    return case_execution_pb2.CaseExecution(
        id=row.id,
        case_instance_id=row.case_instance_id,
        parent_id=row.parent_id or "",
        case_definition_id=row.case_definition_id,
        case_definition_key=row.case_definition_key,
        activity_id=row.activity_id,
        activity_name=row.activity_name or "",
        activity_type=row.activity_type,
        state=_EXECUTION_STATES[row.state],
        required=row.required,
        active=row.state == "ACTIVE",
        enabled=row.state == "ENABLED",
        disabled=row.state == "DISABLED",
        tenant_id=row.tenant_id or "",
        business_key=row.business_key or "",
        create_time=timestamp(row.create_time),
        end_time=timestamp(row.end_time),
    )


def _variable_filters(request: Any, name: str) -> list[executions.VariableFilter]:
    return [executions.VariableFilter(f.name, f.operator, from_value(f.value, f"{name}[{i}].value"))
            for i, f in enumerate(getattr(request, name))]


def definition_query(request: Any) -> service.CaseDefinitionQuery:
    """The filters shared by ListCaseDefinitionsRequest and CountCaseDefinitionsRequest (which
    has no sorting)."""
    return service.CaseDefinitionQuery(
        key=request.key, latest_only=request.latest_only, tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id, deployment_id=request.deployment_id, id=request.id,
        id_in=tuple(request.id_in), key_like=request.key_like, name=request.name, name_like=request.name_like,
        version=optional(request, "version"), resource_name=request.resource_name,
        resource_name_like=request.resource_name_like,
        include_without_tenant_id=request.include_case_definitions_without_tenant_id,
        sorting=tuple(sorting_of(request)), category=request.category, category_like=request.category_like,
    )


def instance_query(request: Any) -> service.InstanceQuery:
    """Decodes the filters shared by QueryCaseInstancesRequest and CountCaseInstancesRequest."""
    return service.InstanceQuery(
        case_instance_id=request.case_instance_id,
        case_definition_id=request.case_definition_id,
        case_definition_key=request.case_definition_key,
        business_key=request.business_key,
        deployment_id=request.deployment_id,
        super_case_instance_id=request.super_case_instance_id,
        active=request.active,
        completed=request.completed,
        terminated=request.terminated,
        include_closed=request.include_closed,
        tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id,
        variables=_variable_filters(request, "variables"),
        case_instance_ids=tuple(request.case_instance_ids),
        super_process_instance_id=request.super_process_instance_id,
        sub_process_instance_id=request.sub_process_instance_id,
        sub_case_instance_id=request.sub_case_instance_id,
        include_without_tenant_id=request.include_case_instances_without_tenant_id,
        variable_names_ignore_case=request.variable_names_ignore_case,
        variable_values_ignore_case=request.variable_values_ignore_case,
        sorting=tuple(sorting_of(request)),
    )


def execution_query(request: Any) -> service.ExecutionQuery:
    """Decodes the filters shared by QueryCaseExecutionsRequest and CountCaseExecutionsRequest."""
    return service.ExecutionQuery(
        case_execution_id=request.case_execution_id,
        case_instance_id=request.case_instance_id,
        business_key=request.business_key,
        case_definition_id=request.case_definition_id,
        case_definition_key=request.case_definition_key,
        activity_id=request.activity_id,
        required=request.required,
        active=request.active,
        enabled=request.enabled,
        disabled=request.disabled,
        available=request.available,
        include_ended=request.include_ended,
        tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id,
        variables=_variable_filters(request, "variables"),
        case_instance_variables=_variable_filters(request, "case_instance_variables"),
        variable_names_ignore_case=request.variable_names_ignore_case,
        variable_values_ignore_case=request.variable_values_ignore_case,
        sorting=tuple(sorting_of(request)),
    )


def historic_case_instance_query(request: Any) -> instance_history.HistoricCaseInstanceQuery:
    """Decodes the filters shared by QueryHistoricCaseInstancesRequest and
    CountHistoricCaseInstancesRequest."""
    return instance_history.HistoricCaseInstanceQuery(
        equal=request_fields(request, instance_history.EQUALITY_FILTERS),
        business_key_like=request.business_key_like,
        case_definition_key_not_in=list(request.case_definition_key_not_in),
        case_definition_name=request.case_definition_name,
        case_definition_name_like=request.case_definition_name_like,
        created_before=datetime_of(request, "created_before"),
        created_after=datetime_of(request, "created_after"),
        closed_before=datetime_of(request, "closed_before"),
        closed_after=datetime_of(request, "closed_after"),
        super_process_instance_id=request.super_process_instance_id,
        sub_process_instance_id=request.sub_process_instance_id,
        sub_case_instance_id=request.sub_case_instance_id,
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        states=[state for flag, state in instance_history.STATE_FLAGS.items() if getattr(request, flag)],
        not_closed=request.not_closed,
        case_activity_ids=list(request.case_activity_id_in),
        variables=_variable_filters(request, "variables"),
        variable_names_ignore_case=request.variable_names_ignore_case,
        variable_values_ignore_case=request.variable_values_ignore_case,
        sorting=sorting_of(request),
    )


def historic_case_instance(row: CaseInstance, definition_name: str | None) -> history_pb2.HistoricCaseInstance:
    return history_pb2.HistoricCaseInstance(
        id=row.id, business_key=row.business_key or "", case_definition_id=row.case_definition_id,
        case_definition_key=row.case_definition_key, case_definition_name=definition_name or "",
        create_time=timestamp(row.create_time), close_time=timestamp(row.close_time),
        duration=span(row.create_time, row.close_time), create_user_id=row.create_user_id or "",
        super_case_instance_id=row.super_case_instance_id or "", tenant_id=row.tenant_id or "",
        state=_INSTANCE_STATES[row.state], end_time=timestamp(row.end_time),
        **{flag: row.state == state for flag, state in instance_history.STATE_FLAGS.items()},
    )


def case_activity_query(request: Any) -> activity_history.CaseActivityQuery:
    """Decodes the filters shared by QueryHistoricCaseActivityInstancesRequest and
    CountHistoricCaseActivityInstancesRequest."""
    return activity_history.CaseActivityQuery(
        equal=request_fields(request, activity_history.EQUALITY_FILTERS),
        states=[state for flag, state in activity_history.STATE_FLAGS.items() if getattr(request, flag)],
        required=request.required,
        finished=request.finished,
        unfinished=request.unfinished,
        created_before=datetime_of(request, "created_before"),
        created_after=datetime_of(request, "created_after"),
        ended_before=datetime_of(request, "ended_before"),
        ended_after=datetime_of(request, "ended_after"),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        sorting=sorting_of(request),
    )


def historic_case_activity_instance(row: HistoricCaseActivityInstance) -> history_pb2.HistoricCaseActivityInstance:
    return history_pb2.HistoricCaseActivityInstance(
        id=row.id, parent_case_activity_instance_id=row.parent_id, case_activity_id=row.activity_id,
        case_activity_name=row.activity_name or "", case_activity_type=row.activity_type,
        case_definition_id=row.case_definition_id, case_instance_id=row.case_instance_id, case_execution_id=row.id,
        task_id=row.task_id or "", called_process_instance_id=row.called_process_instance_id or "",
        called_case_instance_id=row.called_case_instance_id or "", tenant_id=row.tenant_id or "",
        create_time=timestamp(row.create_time), end_time=timestamp(row.end_time),
        duration=span(row.create_time, row.end_time), required=row.required, state=_EXECUTION_STATES[row.state],
        **{flag: row.state == state for flag, state in activity_history.STATE_FLAGS.items()},
    )
