"""Rows and views of the engine context to and from flowkeeper.engine.v1 messages: the only
module of the engine that knows both."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Iterable, Iterator, Mapping, TypeVar

from google.protobuf import duration_pb2, json_format, struct_pb2, timestamp_pb2

from flowkeeper.engine.v1 import (
    deployment_pb2,
    execution_pb2,
    history_pb2,
    process_definition_pb2,
    process_instance_pb2,
    task_pb2,
    types_pb2,
)
from server.engine import (
    activity_history,
    activity_instances,
    definitions,
    deployments,
    event_logs,
    executions,
    external_task_history,
    identity_link_history,
    instances,
    job_history,
    modification,
    operation_log,
    task_history,
    tasks,
    variable_history,
    variable_log,
)
from server.engine.definitions import DefinitionRef
from server.engine.deployments import DeploymentView, ResourceInput
from server.engine.diagrams import Diagram
from server.engine.models import (
    DeploymentResource,
    Execution,
    HistoricActivityInstance,
    HistoricExternalTaskLog,
    HistoricIdentityLinkLog,
    HistoricJobLog,
    HistoricTaskInstance,
    HistoricVariableInstance,
    HistoricVariableUpdate,
    ProcessDefinition,
    ProcessInstance,
    StoredValueColumns,
    Task,
    UserOperation,
)
from server.engine.variables import BinaryData, TypedValue, check_name, from_api, from_columns, from_data, to_api
from server.engine.statistics import Counts, StatisticsOptions
from server.errors import DomainError, Violations, inside, invalid_enum_value, invalid_field, missing_required_field
from server.rpc.fields import optional
from server.rpc.timestamps import datetime_of, timestamp_of

Q = TypeVar("Q")


def timestamp(value: datetime | None) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    return timestamp_of(value)


def to_value(value: Any) -> struct_pb2.Value:
    out = struct_pb2.Value()
    if value is None:
        out.null_value = struct_pb2.NULL_VALUE
    elif isinstance(value, bool):
        out.bool_value = value
    elif isinstance(value, (int, float)):
        out.number_value = value
    elif isinstance(value, str):
        out.string_value = value
    elif isinstance(value, dict):
        out.struct_value.SetInParent()  # an empty object is still an object, not an unset value
        out.struct_value.update(value)
    elif isinstance(value, (list, tuple)):
        out.list_value.SetInParent()  # likewise an empty list
        out.list_value.extend(list(value))
    else:
        out.string_value = str(value)
    return out


def _json(message: struct_pb2.Value | struct_pb2.Struct, field_path: str) -> Any:
    try:
        return json_format.MessageToDict(message)
    except ValueError:  # NaN or Infinity: no JSON number holds them
        raise invalid_field(field_path, "NaN and Infinity are not allowed; JSON numbers are finite",
                            "INVALID_VARIABLE_VALUE") from None


def from_value(value: struct_pb2.Value, field_path: str) -> Any:
    """The JSON value of a google.protobuf.Value; ``executions.MISSING`` when it is unset.
    ``field_path`` names it when it holds NaN or Infinity (INVALID_VARIABLE_VALUE)."""
    if value.WhichOneof("kind") is None:
        return executions.MISSING
    return _json(value, field_path)


def variables_in(values: Mapping[str, types_pb2.TypedValue], field: str = "variables") -> dict[str, TypedValue]:
    """Decodes a map of typed values; every bad variable is reported at once."""
    out: dict[str, TypedValue] = {}
    problems = Violations()
    for name, typed in values.items():
        try:
            out[name] = _typed_value_in(name, typed, f"{field}[{name}]")
        except DomainError as error:
            if len(values) == 1:
                raise
            problems.extend(error.field_violations)
    problems.raise_if_any("INVALID_VARIABLE_VALUE")
    return out


def variable_in(name: str, typed: types_pb2.TypedValue) -> TypedValue:
    """A request's one variable: its ``name`` field and its typed ``value`` field (the Set…Variable
    calls of process instances, executions, tasks, case instances and case executions). The
    name's faults name ``name`` (MISSING_REQUIRED_FIELD when empty), the value's ``value.value``
    or ``value.type``."""
    if not name:
        raise missing_required_field("name")
    check_name(name, "name")
    return _typed_value_in(name, typed, "value")


def _typed_value_in(name: str, typed: types_pb2.TypedValue, path: str) -> TypedValue:
    raw = from_value(typed.value, f"{path}.value")
    info = _json(typed.value_info, f"{path}.value_info") if typed.HasField("value_info") else {}
    return from_api(name, typed.type, None if raw is executions.MISSING else raw, info, field_path=path)


def variable_data_in(request: Any) -> TypedValue:
    """The value of a Set…VariableData request: its content as Bytes or a File (``name``,
    ``data``, ``value_type``, ``filename``, ``mime_type``, ``encoding``)."""
    return from_data(request.name, request.value_type, request.data, request.filename, request.mime_type,
                     request.encoding)


def variable_data_out(data: BinaryData) -> dict[str, Any]:
    """The fields of a Get…VariableData response."""
    return {"data": data.data, "media_type": data.media_type, "filename": data.filename}


def variables_out(values: Mapping[str, TypedValue]) -> dict[str, types_pb2.TypedValue]:
    return {name: typed_value_out(value) for name, value in values.items()}


def typed_value_out(value: TypedValue) -> types_pb2.TypedValue:
    raw = to_api(value)
    if value.type == "long" and raw is not None and abs(raw) > 2**53:
        raw = str(raw)  # beyond a double's exact integers: text, as proto3 JSON writes int64
    typed = types_pb2.TypedValue(value=to_value(raw), type=value.type_name)
    if value.value_info:
        typed.value_info.update(dict(value.value_info))
    return typed


def resources_in(resources: Any) -> list[ResourceInput]:
    return [ResourceInput(r.name, r.content) for r in resources]


def definition_query(request: Any) -> definitions.DefinitionQuery:
    """ListProcessDefinitionsRequest's (and ListProcessDefinitionStatisticsRequest's) filters."""
    return definitions.DefinitionQuery(
        key=request.key, latest_only=request.latest_only, tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id, deployment_id=request.deployment_id, id=request.id,
        id_in=tuple(request.id_in), key_in=tuple(request.key_in), key_like=request.key_like, name=request.name,
        name_like=request.name_like, version=optional(request, "version"), resource_name=request.resource_name,
        resource_name_like=request.resource_name_like, version_tag=request.version_tag,
        version_tag_like=request.version_tag_like, without_version_tag=request.without_version_tag,
        active=request.active, suspended=request.suspended,
        include_without_tenant_id=request.include_process_definitions_without_tenant_id,
        deployed_after=datetime_of(request, "deployed_after"), sorting=tuple(sorting_of(request)),
        incident_id=request.incident_id, incident_type=request.incident_type,
        incident_message=request.incident_message, incident_message_like=request.incident_message_like,
        deployed_at=datetime_of(request, "deployed_at"), startable_by=request.startable_by,
        startable_in_tasklist=request.startable_in_tasklist, not_startable_in_tasklist=request.not_startable_in_tasklist,
    )


def deployment_query(request: Any) -> deployments.DeploymentQuery:
    return deployments.DeploymentQuery(
        id=request.id, name=request.name, name_like=request.name_like, source=request.source,
        without_source=request.without_source, tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id,
        include_deployments_without_tenant_id=request.include_deployments_without_tenant_id,
        after=datetime_of(request, "after"), before=datetime_of(request, "before"),
    )


def deployment_resource(row: DeploymentResource) -> deployment_pb2.DeploymentResource:
    return deployment_pb2.DeploymentResource(id=row.id, name=row.name, deployment_id=row.deployment_id)


def deployment(view: DeploymentView) -> deployment_pb2.Deployment:
    d = view.deployment
    return deployment_pb2.Deployment(
        id=d.id,
        name=d.name or "",
        source=d.source or "",
        tenant_id=d.tenant_id or "",
        deployment_time=timestamp(d.deployment_time),
        resource_names=view.resource_names,
        definitions=[
            deployment_pb2.DeployedDefinition(
                id=x.id, key=x.key, version=x.version, name=x.name or "", kind=x.kind, resource_name=x.resource_name
            )
            for x in view.definitions
        ],
    )


def page_window(page: types_pb2.OffsetPage, max_page: int) -> tuple[int, int]:
    """(offset, limit) of an OffsetPage (max_results 0 or over ``max_page``: ``max_page``)."""
    return executions.offset_page(page.first_result, page.max_results, max_page)


def definition_ref(ref: process_definition_pb2.DefinitionRef) -> DefinitionRef:
    """A DefinitionRef message (of processes and of cases alike): id, key, or key and tenant."""
    which = ref.WhichOneof("ref")
    return DefinitionRef(
        id=ref.id if which == "id" else "",
        key=ref.key if which == "key" else (ref.key_and_tenant.key if which == "key_and_tenant" else ""),
        tenant_id=ref.key_and_tenant.tenant_id if which == "key_and_tenant" else None,
        by_tenant=which == "key_and_tenant",
    )


_INCIDENT_COUNTING = {
    process_definition_pb2.StatisticsOptions.INCIDENTS_UNSPECIFIED: None,
    process_definition_pb2.StatisticsOptions.INCIDENTS_ALL: "all",
    process_definition_pb2.StatisticsOptions.INCIDENTS_ROOT: "root",
}


def statistics_options(options: process_definition_pb2.StatisticsOptions) -> StatisticsOptions:
    if options.incidents not in _INCIDENT_COUNTING:
        raise invalid_enum_value("options.incidents", options.incidents, [
            process_definition_pb2.StatisticsOptions.Incidents.Name(v) for v in _INCIDENT_COUNTING])
    return StatisticsOptions(failed_jobs=options.failed_jobs, incidents=_INCIDENT_COUNTING[options.incidents],
                             incident_type=options.incident_type)


def _incident_counts(counts: Counts) -> list[process_definition_pb2.IncidentCount]:
    return [process_definition_pb2.IncidentCount(incident_type=t, count=n) for t, n in sorted(counts.incidents.items())]


def definition_statistics(row: ProcessDefinition, counts: Counts) -> process_definition_pb2.ProcessDefinitionStatistics:
    return process_definition_pb2.ProcessDefinitionStatistics(
        process_definition=process_definition(row), instances=counts.instances, failed_jobs=counts.failed_jobs,
        incidents=_incident_counts(counts),
    )


def activity_statistics(activity_id: str, counts: Counts) -> process_definition_pb2.ActivityStatistics:
    return process_definition_pb2.ActivityStatistics(
        activity_id=activity_id, instances=counts.instances, failed_jobs=counts.failed_jobs,
        incidents=_incident_counts(counts),
    )


def process_definition(row: ProcessDefinition) -> process_definition_pb2.ProcessDefinition:
    message = process_definition_pb2.ProcessDefinition(
        id=row.id,
        key=row.key,
        version=row.version,
        name=row.name or "",
        version_tag=row.version_tag or "",
        tenant_id=row.tenant_id or "",
        deployment_id=row.deployment_id,
        resource_name=row.resource_name,
        suspended=row.suspended,
        startable_in_tasklist=row.startable_in_tasklist,
        diagram_resource_name=row.diagram_resource_name or "",
    )
    if row.history_time_to_live is not None:  # an optional field: unset stays unset
        message.history_time_to_live = row.history_time_to_live
    return message


def diagram_fields(diagram: Diagram | None) -> dict[str, Any]:
    """The fields of a Get…DefinitionDiagramResponse that carry the diagram: none without one
    (the document's engine's 204 No Content)."""
    if diagram is None:
        return {}
    return {"content": diagram.content, "media_type": diagram.media_type, "resource_name": diagram.resource_name}


_STATES = {
    "ACTIVE": process_instance_pb2.ProcessInstance.STATE_ACTIVE,
    "SUSPENDED": process_instance_pb2.ProcessInstance.STATE_SUSPENDED,
    "COMPLETED": process_instance_pb2.ProcessInstance.STATE_COMPLETED,
    "EXTERNALLY_TERMINATED": process_instance_pb2.ProcessInstance.STATE_EXTERNALLY_TERMINATED,
    "INTERNALLY_TERMINATED": process_instance_pb2.ProcessInstance.STATE_INTERNALLY_TERMINATED,
}


def process_instance(row: ProcessInstance) -> process_instance_pb2.ProcessInstance:
    return process_instance_pb2.ProcessInstance(
        id=row.id,
        definition_id=row.process_definition_id,
        definition_key=row.process_definition_key,
        business_key=row.business_key or "",
        tenant_id=row.tenant_id or "",
        ended=row.state not in ("ACTIVE", "SUSPENDED"),
        suspended=row.state == "SUSPENDED",
        state=_STATES[row.state],
        start_time=timestamp(row.start_time),
        end_time=timestamp(row.end_time),
        super_process_instance_id=row.super_process_instance_id or "",
        delete_reason=row.delete_reason or "",
        duration=span(row.start_time, row.end_time),
        start_user_id=row.start_user_id or "",
        restarted_process_instance_id=row.restarted_process_instance_id or "",
    )


def execution(row: Execution) -> execution_pb2.Execution:
    return execution_pb2.Execution(
        id=row.id,
        process_instance_id=row.process_instance_id,
        ended=False,
        tenant_id=row.tenant_id or "",
        activity_id=row.activity_id or "",
        parent_id=row.parent_id or "",
        process_definition_id=row.process_definition_id,
        process_definition_key=row.process_definition_key,
        business_key=row.business_key or "",
        suspended=row.suspended,
        concurrent=row.is_concurrent,
        scope=row.is_scope,
    )


def sorting_of(request: Any) -> list[tuple[str, str]]:
    """The (sort_by, sort_order) pairs of a query request's ``sorting``; none for a count
    request, which has no such field."""
    return [(s.sort_by, s.sort_order) for s in getattr(request, "sorting", ())]


def _filters(fs: Any, field: str) -> list[executions.VariableFilter]:
    return [executions.VariableFilter(f.name, f.operator, from_value(f.value, f"{field}[{i}].value"))
            for i, f in enumerate(fs)]


def scoped_filters(request: Any, fields: Iterable[str]) -> dict[str, list[executions.VariableFilter]]:
    """The request's variable filter fields of these names that have filters, decoded."""
    return {name: _filters(getattr(request, name), name) for name in fields if getattr(request, name)}


def execution_query(request: Any) -> executions.ExecutionQuery:
    """Decodes the filters shared by QueryExecutionsRequest and CountExecutionsRequest."""
    return executions.ExecutionQuery(
        business_key=request.business_key,
        process_definition_id=request.process_definition_id,
        process_definition_key=request.process_definition_key,
        process_instance_id=request.process_instance_id,
        activity_id=request.activity_id,
        signal_event_subscription_name=request.signal_event_subscription_name,
        message_event_subscription_name=request.message_event_subscription_name,
        active=request.active,
        suspended=request.suspended,
        incident_id=request.incident_id,
        incident_type=request.incident_type,
        incident_message=request.incident_message,
        incident_message_like=request.incident_message_like,
        tenant_id_in=list(request.tenant_id_in),
        variables=_filters(request.variables, "variables"),
        process_variables=_filters(request.process_variables, "process_variables"),
        variable_names_ignore_case=request.variable_names_ignore_case,
        variable_values_ignore_case=request.variable_values_ignore_case,
        sorting=sorting_of(request),
    )


def instance_query(request: Any) -> instances.InstanceQuery:
    """Decodes the filters shared by QueryProcessInstancesRequest, CountProcessInstancesRequest
    and ProcessInstanceOrQuery."""
    return instances.InstanceQuery(
        definition_id=request.process_definition_id,
        definition_key=request.process_definition_key,
        business_key=request.business_key,
        business_key_like=request.business_key_like,
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        active=request.active,
        suspended=request.suspended,
        include_ended=request.include_ended,
        super_instance_id=request.super_process_instance_id,
        instance_ids=list(request.process_instance_ids),
        deployment_id=request.deployment_id,
        activity_ids=list(request.activity_id_in),
        with_incident=request.with_incident,
        incident_type=request.incident_type,
        incident_id=request.incident_id,
        variables=_filters(request.variables, "variables"),
        variable_names_ignore_case=request.variable_names_ignore_case,
        variable_values_ignore_case=request.variable_values_ignore_case,
        started_before=datetime_of(request, "started_before"),
        started_after=datetime_of(request, "started_after"),
        finished=request.finished,
        finished_before=datetime_of(request, "finished_before"),
        finished_after=datetime_of(request, "finished_after"),
        states=_instance_states(request.state_in),
        executed_activity_ids=list(request.executed_activity_id_in),
        started_by=request.started_by,
        sorting=sorting_of(request),
        or_queries=tuple(_or_queries(request, instance_query)),
    )


def _instance_states(given: Any) -> list[str]:
    """The row states of a repeated ProcessInstance.State (INVALID_FIELD for an unset one)."""
    names = {number: name for name, number in _STATES.items()}
    enum = process_instance_pb2.ProcessInstance.State
    out = []
    for i, state in enumerate(given):
        if state not in names:
            known = ", ".join(enum.Name(number) for number in names)
            shown = enum.Name(state) if state in enum.values() else str(state)
            raise invalid_field(f"state_in[{i}]", f"{shown} is not a state to filter on; use one of {known}")
        out.append(names[state])
    return out


def historic_activity_query(request: Any) -> activity_history.HistoricActivityQuery:
    """Decodes the filters shared by QueryHistoricActivityInstancesRequest and
    CountHistoricActivityInstancesRequest."""
    return activity_history.HistoricActivityQuery(
        activity_instance_id=request.activity_instance_id,
        process_instance_id=request.process_instance_id,
        process_definition_id=request.process_definition_id,
        execution_id=request.execution_id,
        activity_id=request.activity_id,
        activity_name=request.activity_name,
        activity_name_like=request.activity_name_like,
        activity_type=request.activity_type,
        finished=request.finished,
        unfinished=request.unfinished,
        canceled=request.canceled,
        complete_scope=request.complete_scope,
        started_before=datetime_of(request, "started_before"),
        started_after=datetime_of(request, "started_after"),
        finished_before=datetime_of(request, "finished_before"),
        finished_after=datetime_of(request, "finished_after"),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        task_assignee=request.task_assignee,
        sorting=sorting_of(request),
    )


def span(start: datetime, end: datetime | None) -> duration_pb2.Duration | None:
    """end - start; None while there is no end."""
    if end is None:
        return None
    span = duration_pb2.Duration()
    span.FromTimedelta(end - start)
    return span


def historic_activity_instance(row: HistoricActivityInstance) -> history_pb2.HistoricActivityInstance:
    return history_pb2.HistoricActivityInstance(
        id=row.id,
        parent_activity_instance_id=row.parent_activity_instance_id or "",
        activity_id=row.activity_id,
        activity_name=row.activity_name or "",
        activity_type=row.activity_type,
        process_definition_key=row.process_definition_key,
        process_definition_id=row.process_definition_id,
        process_instance_id=row.process_instance_id,
        execution_id=row.execution_id,
        task_id=row.task_id or "",
        assignee=row.assignee or "",
        called_process_instance_id=row.called_process_instance_id or "",
        start_time=timestamp(row.start_time),
        end_time=timestamp(row.end_time),
        duration=span(row.start_time, row.end_time),
        canceled=row.canceled,
        complete_scope=row.complete_scope,
        tenant_id=row.tenant_id or "",
    )


def variable_instance_query(request: Any) -> variable_history.VariableInstanceQuery:
    """Decodes the filters shared by QueryHistoricVariableInstancesRequest and
    CountHistoricVariableInstancesRequest."""
    return variable_history.VariableInstanceQuery(
        variable_name=request.variable_name,
        variable_name_like=request.variable_name_like,
        variable_value=from_value(request.variable_value, "variable_value") if request.HasField("variable_value")
        else executions.MISSING,
        names_ignore_case=request.variable_names_ignore_case,
        values_ignore_case=request.variable_values_ignore_case,
        variable_names=list(request.variable_name_in),
        variable_types=list(request.variable_type_in),
        include_deleted=request.include_deleted,
        process_instance_id=request.process_instance_id,
        process_instance_ids=list(request.process_instance_id_in),
        process_definition_id=request.process_definition_id,
        process_definition_key=request.process_definition_key,
        execution_ids=list(request.execution_id_in),
        case_instance_id=request.case_instance_id,
        case_execution_ids=list(request.case_execution_id_in),
        case_activity_ids=list(request.case_activity_id_in),
        task_ids=list(request.task_id_in),
        activity_instance_ids=list(request.activity_instance_id_in),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        sorting=sorting_of(request),
    )


_VARIABLE_OWNER = ("process_definition_key", "process_definition_id", "process_instance_id", "execution_id",
                   "activity_instance_id", "case_definition_key", "case_definition_id", "case_instance_id",
                   "case_execution_id", "case_activity_id", "task_id", "tenant_id")


def stored_value(row: StoredValueColumns) -> types_pb2.TypedValue:
    """A value kept in the typed columns of the variable and decision history."""
    return typed_value_out(from_columns(row.type, row.text_value, row.long_value, row.double_value,
                                        row.bytes_value, row.value_info))


def historic_variable_instance(row: HistoricVariableInstance) -> history_pb2.HistoricVariableInstance:
    return history_pb2.HistoricVariableInstance(
        id=row.id, name=row.name, value=stored_value(row), state=row.state, create_time=timestamp(row.create_time),
        **{name: getattr(row, name) or "" for name in _VARIABLE_OWNER},
    )


def detail_query(request: Any) -> variable_history.DetailQuery:
    """Decodes the filters shared by QueryHistoricDetailsRequest and CountHistoricDetailsRequest."""
    return variable_history.DetailQuery(
        process_instance_id=request.process_instance_id,
        process_instance_ids=list(request.process_instance_id_in),
        execution_id=request.execution_id,
        task_id=request.task_id,
        activity_instance_id=request.activity_instance_id,
        case_instance_id=request.case_instance_id,
        case_execution_id=request.case_execution_id,
        variable_instance_id=request.variable_instance_id,
        variable_types=list(request.variable_type_in),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        user_operation_id=request.user_operation_id,
        exclude_task_details=request.exclude_task_details,
        initial=request.initial,
        occurred_before=datetime_of(request, "occurred_before"),
        occurred_after=datetime_of(request, "occurred_after"),
        form_fields=request.form_fields,
        variable_updates=request.variable_updates,
        sorting=sorting_of(request),
    )


def historic_detail(row: HistoricVariableUpdate) -> history_pb2.HistoricDetail:
    """A detail of either kind: a variable's change, or a value submitted with a form."""
    out = history_pb2.HistoricDetail(
        id=str(row.seq), type=row.detail_type, time=timestamp(row.time), user_operation_id=row.user_operation_id or "",
        **{name: getattr(row, name) or "" for name in _VARIABLE_OWNER},
    )
    if row.detail_type == variable_log.FORM_FIELD:
        out.field_id, out.field_value = row.name, row.text_value or ""
        return out
    out.variable_instance_id, out.variable_name, out.event = row.variable_instance_id or "", row.name, row.event or ""
    out.value.CopyFrom(stored_value(row))
    out.revision, out.initial = row.revision or 0, row.initial
    return out


def request_fields(request: Any, names: Iterable[str]) -> dict[str, Any]:
    """The request's fields of these names: text as is, a repeated field as a list."""
    return {name: value if isinstance(value, str) else list(value)
            for name in names for value in (getattr(request, name),)}


def historic_task_query(request: Any) -> task_history.HistoricTaskQuery:
    """Decodes the filters shared by QueryHistoricTaskInstancesRequest and
    CountHistoricTaskInstancesRequest."""
    def time(name: str) -> datetime | None:
        return datetime_of(request, name)

    return task_history.HistoricTaskQuery(
        equal=request_fields(request, task_history.EQUALITY_FILTERS),
        like={name: getattr(request, name) for name in task_history.LIKE_FILTERS},
        priority=request.task_priority if request.HasField("task_priority") else None,
        assigned=request.assigned,
        unassigned=request.unassigned,
        finished=request.finished,
        unfinished=request.unfinished,
        process_finished=request.process_finished,
        process_unfinished=request.process_unfinished,
        due=time("task_due_date"),
        due_before=time("task_due_date_before"),
        due_after=time("task_due_date_after"),
        without_due=request.without_task_due_date,
        follow_up=time("task_follow_up_date"),
        follow_up_before=time("task_follow_up_date_before"),
        follow_up_after=time("task_follow_up_date_after"),
        started_before=time("started_before"),
        started_after=time("started_after"),
        finished_before=time("finished_before"),
        finished_after=time("finished_after"),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        variables=scoped_filters(request, task_history.VARIABLE_SCOPES),
        variable_names_ignore_case=request.variable_names_ignore_case,
        variable_values_ignore_case=request.variable_values_ignore_case,
        sorting=sorting_of(request),
        or_queries=tuple(_or_queries(request, historic_task_query)),
    )


def historic_task_instance(row: HistoricTaskInstance) -> history_pb2.HistoricTaskInstance:
    return history_pb2.HistoricTaskInstance(
        id=row.id, activity_instance_id=row.activity_instance_id or "", name=row.name or "",
        description=row.description or "", delete_reason=row.delete_reason or "", assignee=row.assignee or "",
        start_time=timestamp(row.start_time), end_time=timestamp(row.end_time),
        duration=span(row.start_time, row.end_time), task_definition_key=row.task_definition_key,
        priority=row.priority, due=timestamp(row.due_date), follow_up=timestamp(row.follow_up_date),
        **{name: getattr(row, name) or "" for name in (
            "process_definition_key", "process_definition_id", "process_instance_id", "execution_id",
            "case_definition_key", "case_definition_id", "case_instance_id", "case_execution_id", "tenant_id",
            "owner", "parent_task_id")},
    )


def log_query(request: Any, log: event_logs.EventLog, priority_fields: tuple[str, str] | None = None,
              times: tuple[str, str] = ("timestamp_after", "timestamp_before")) -> event_logs.LogQuery:
    """Decodes the filters shared by a log's query and count requests (the external task log's,
    the job log's, the identity link log's); ``priority_fields``: the request's (at most, at
    least) priority fields, if it has them; ``times``: its (after, before) fields. Its log id
    and kind flags count when it has them."""
    fields = request.DESCRIPTOR.fields_by_name
    at_most, at_least = priority_fields or ("", "")
    return event_logs.LogQuery(
        log_id=request.log_id if "log_id" in fields else "",
        equal=request_fields(request, log.equality_filters),
        states=[state for flag, state in event_logs.KIND_FLAGS.items() if flag in fields and getattr(request, flag)],
        priority_at_most=getattr(request, at_most) if at_most and request.HasField(at_most) else None,
        priority_at_least=getattr(request, at_least) if at_least and request.HasField(at_least) else None,
        after=datetime_of(request, times[0]),
        before=datetime_of(request, times[1]),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        sorting=sorting_of(request),
    )


def external_task_log_query(request: Any) -> event_logs.LogQuery:
    return log_query(request, external_task_history.LOG,
                     ("priority_lower_than_or_equals", "priority_higher_than_or_equals"))


def job_log_query(request: Any) -> event_logs.LogQuery:
    return log_query(request, job_history.LOG, ("job_priority_lower_than_or_equals", "job_priority_higher_than_or_equals"))


def identity_link_log_query(request: Any) -> event_logs.LogQuery:
    return log_query(request, identity_link_history.LOG, times=("date_after", "date_before"))


def historic_identity_link_log(row: HistoricIdentityLinkLog) -> history_pb2.HistoricIdentityLinkLog:
    return history_pb2.HistoricIdentityLinkLog(
        id=str(row.seq), time=timestamp(row.timestamp), type=row.type, operation_type=row.operation_type,
        **{name: getattr(row, name) or "" for name in (
            "user_id", "group_id", "task_id", "process_definition_id", "process_definition_key", "assigner_id",
            "tenant_id", "process_instance_id", "case_instance_id")},
    )


def _kinds(state: str) -> dict[str, bool]:
    return {flag: state == kind for flag, kind in event_logs.KIND_FLAGS.items()}


def historic_external_task_log(row: HistoricExternalTaskLog, *,
                               details: bool = False) -> history_pb2.HistoricExternalTaskLog:
    """An entry; with its error details only when ``details`` (GetHistoricExternalTaskLog)."""
    return history_pb2.HistoricExternalTaskLog(
        id=str(row.seq), timestamp=timestamp(row.timestamp), external_task_id=row.external_task_id,
        topic_name=row.topic_name, worker_id=row.worker_id or "", priority=row.priority, retries=row.retries,
        error_message=row.error_message or "", error_details=(row.error_details or "") if details else "",
        activity_id=row.activity_id, activity_instance_id=row.activity_instance_id or "",
        execution_id=row.execution_id, process_instance_id=row.process_instance_id,
        process_definition_id=row.process_definition_id, process_definition_key=row.process_definition_key,
        tenant_id=row.tenant_id or "", **_kinds(row.state),
    )


def historic_job_log(row: HistoricJobLog, *, details: bool = False) -> history_pb2.HistoricJobLog:
    """An entry; with its exception's details only when ``details`` (GetHistoricJobLog)."""
    return history_pb2.HistoricJobLog(
        id=str(row.seq), timestamp=timestamp(row.timestamp), job_id=row.job_id,
        job_due_date=timestamp(row.job_due_date), job_retries=row.job_retries, job_priority=row.job_priority,
        job_exception_message=row.job_exception_message or "",
        job_exception_details=(row.job_exception_details or "") if details else "",
        job_definition_id=row.job_definition_id or "", job_definition_type=row.job_type,
        **{name: getattr(row, name) or "" for name in (
            "activity_id", "execution_id", "process_instance_id", "process_definition_id", "process_definition_key",
            "tenant_id")},
        **_kinds(row.state),
    )


def operation_query(request: Any) -> operation_log.OperationQuery:
    """Decodes the filters shared by QueryUserOperationsRequest and CountUserOperationsRequest."""
    return operation_log.OperationQuery(
        equal={name: getattr(request, name) for name in operation_log.EQUALITY_FILTERS},
        after=datetime_of(request, "after_timestamp"),
        before=datetime_of(request, "before_timestamp"),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        sorting=sorting_of(request),
    )


def user_operation(row: UserOperation) -> history_pb2.UserOperation:
    return history_pb2.UserOperation(
        id=row.id, operation_id=row.operation_id, operation_type=row.operation_type, entity_type=row.entity_type,
        category=row.category, user_id=row.user_id, timestamp=timestamp(row.timestamp),
        property=row.property or "", org_value=row.org_value or "", new_value=row.new_value or "",
        annotation=row.annotation or "", **{name: getattr(row, name) or "" for name in operation_log.REFS},
    )


def task(row: Task, candidates: tuple[list[str], list[str]]) -> task_pb2.Task:
    return task_pb2.Task(
        id=row.id,
        name=row.name or "",
        task_definition_key=row.task_definition_key,
        assignee=row.assignee or "",
        candidate_users=candidates[0],
        candidate_groups=candidates[1],
        priority=row.priority,
        due=timestamp(row.due_date),
        created=timestamp(row.created),
        form_key=row.form_key or "",
        execution_id=row.execution_id or "",
        process_instance_id=row.process_instance_id or "",
        process_definition_id=row.process_definition_id or "",
        case_execution_id=row.case_execution_id or "",
        case_instance_id=row.case_instance_id or "",
        case_definition_id=row.case_definition_id or "",
        tenant_id=row.tenant_id or "",
        suspended=row.suspended,
        description=row.description or "",
        follow_up=timestamp(row.follow_up_date),
        owner=row.owner or "",
        parent_task_id=row.parent_task_id or "",
        delegation_state=_DELEGATION_STATE_VALUES[row.delegation_state],  # type: ignore[arg-type]
    )


_DELEGATION_STATES = {
    task_pb2.Task.DELEGATION_STATE_UNSPECIFIED: None,
    task_pb2.Task.DELEGATION_STATE_PENDING: tasks.PENDING,
    task_pb2.Task.DELEGATION_STATE_RESOLVED: tasks.RESOLVED,
}
_DELEGATION_STATE_VALUES = {state: number for number, state in _DELEGATION_STATES.items()}


_TASK_SORT_KEYS = {
    task_pb2.TaskSorting.SORT_BY_UNSPECIFIED: "created",
    task_pb2.TaskSorting.SORT_BY_CREATED: "created",
    task_pb2.TaskSorting.SORT_BY_PRIORITY: "priority",
    task_pb2.TaskSorting.SORT_BY_DUE: "due",
    task_pb2.TaskSorting.SORT_BY_FOLLOW_UP: "follow_up",
    task_pb2.TaskSorting.SORT_BY_NAME: "name",
    task_pb2.TaskSorting.SORT_BY_ID: "id",
    task_pb2.TaskSorting.SORT_BY_ASSIGNEE: "assignee",
    task_pb2.TaskSorting.SORT_BY_DESCRIPTION: "description",
    task_pb2.TaskSorting.SORT_BY_PROCESS_INSTANCE_ID: "process_instance_id",
    task_pb2.TaskSorting.SORT_BY_CASE_INSTANCE_ID: "case_instance_id",
    task_pb2.TaskSorting.SORT_BY_EXECUTION_ID: "execution_id",
    task_pb2.TaskSorting.SORT_BY_CASE_EXECUTION_ID: "case_execution_id",
    task_pb2.TaskSorting.SORT_BY_NAME_CASE_INSENSITIVE: "name_case_insensitive",
}
_TASK_SORT_ORDERS = {
    task_pb2.TaskSorting.SORT_ORDER_UNSPECIFIED: False,
    task_pb2.TaskSorting.SORT_ORDER_ASC: False,
    task_pb2.TaskSorting.SORT_ORDER_DESC: True,
}


def _task_sorting(sorting: Any) -> tuple[tuple[str, bool], ...]:
    out = []
    for i, s in enumerate(sorting):
        if s.sort_by not in _TASK_SORT_KEYS:
            raise invalid_enum_value(f"sorting[{i}].sort_by", s.sort_by, task_pb2.TaskSorting.SortBy.keys())
        if s.sort_order not in _TASK_SORT_ORDERS:
            raise invalid_enum_value(f"sorting[{i}].sort_order", s.sort_order, task_pb2.TaskSorting.SortOrder.keys())
        out.append((_TASK_SORT_KEYS[s.sort_by], _TASK_SORT_ORDERS[s.sort_order]))
    return tuple(out)


def _delegation_state(value: int) -> str | None:
    if value not in _DELEGATION_STATES:
        raise invalid_enum_value("delegation_state", value, task_pb2.Task.DelegationState.keys())
    return _DELEGATION_STATES[value]


def task_query(request: Any) -> tasks.TaskQuery:
    """Decodes the filters shared by QueryTasksRequest, CountTasksRequest and TaskOrQuery (which
    has no sorting, no or_queries and no with_/without_candidate_ filters)."""
    def time(name: str) -> datetime | None:
        return datetime_of(request, name)

    return tasks.TaskQuery(
        equal=request_fields(request, [*tasks.EQUALITY_FILTERS, *tasks.CONTAINER_FILTERS]),
        like={name: getattr(request, name) for name in [*tasks.LIKE_FILTERS, *tasks.CONTAINER_LIKE_FILTERS]},
        name_not_equal=request.name_not_equal, name_not_like=request.name_not_like,
        assignee_not_in=tuple(request.assignee_not_in),
        activity_instance_id_in=tuple(request.activity_instance_id_in),
        assigned=request.assigned, unassigned=request.unassigned,
        candidate_user=request.candidate_user, candidate_group=request.candidate_group,
        candidate_groups=tuple(request.candidate_groups), include_assigned_tasks=request.include_assigned_tasks,
        with_candidate_groups=getattr(request, "with_candidate_groups", False),
        without_candidate_groups=getattr(request, "without_candidate_groups", False),
        with_candidate_users=getattr(request, "with_candidate_users", False),
        without_candidate_users=getattr(request, "without_candidate_users", False),
        involved_user=request.involved_user,
        delegation_state=_delegation_state(request.delegation_state),
        tenant_id_in=tuple(request.tenant_id_in), without_tenant_id=request.without_tenant_id,
        active=request.active, suspended=request.suspended,
        priority=optional(request, "priority"), min_priority=optional(request, "min_priority"),
        max_priority=optional(request, "max_priority"),
        due=time("due_date"), due_before=time("due_before"), due_after=time("due_after"),
        without_due=request.without_due_date,
        follow_up=time("follow_up_date"), follow_up_before=time("follow_up_before"),
        follow_up_after=time("follow_up_after"),
        follow_up_before_or_none=time("follow_up_before_or_not_existent"),
        created=time("created_on"), created_before=time("created_before"), created_after=time("created_after"),
        variables=scoped_filters(request, tasks.VARIABLE_SCOPES),
        variable_names_ignore_case=request.variable_names_ignore_case,
        variable_values_ignore_case=request.variable_values_ignore_case,
        sorting=_task_sorting(getattr(request, "sorting", ())),
        or_queries=tuple(_or_queries(request, task_query)),
    )


def _or_queries(request: Any, decode: Callable[[Any], Q]) -> Iterator[Q]:
    """The request's or_queries (none in an or-query), each decoded as its query's filters; a
    fault names its field through the or-query."""
    for i, alternative in enumerate(getattr(request, "or_queries", ())):
        with inside(f"or_queries[{i}]"):
            yield decode(alternative)


_LINK_TYPES = {
    task_pb2.TaskIdentityLink.TYPE_UNSPECIFIED: "",
    task_pb2.TaskIdentityLink.TYPE_ASSIGNEE: tasks.ASSIGNEE,
    task_pb2.TaskIdentityLink.TYPE_CANDIDATE: tasks.CANDIDATE,
    task_pb2.TaskIdentityLink.TYPE_OWNER: tasks.OWNER,
}
_LINK_TYPE_VALUES = {name: number for number, name in _LINK_TYPES.items()}


def identity_link_type(value: int, field_name: str) -> str:
    """A TaskIdentityLink.Type as the domain names it ("" for unspecified)."""
    if value not in _LINK_TYPES:
        raise invalid_enum_value(field_name, value, task_pb2.TaskIdentityLink.Type.keys())
    return _LINK_TYPES[value]


def identity_link_in(request: Any) -> tasks.IdentityLink | None:
    """The identity_link of an Add/DeleteTaskIdentityLinkRequest (None when it has none)."""
    if not request.HasField("identity_link"):
        return None
    link = request.identity_link
    return tasks.IdentityLink(identity_link_type(link.type, "identity_link.type"), link.user_id, link.group_id)


def identity_link(link: tasks.IdentityLink) -> task_pb2.TaskIdentityLink:
    return task_pb2.TaskIdentityLink(user_id=link.user_id, group_id=link.group_id,
                                     type=_LINK_TYPE_VALUES[link.type])  # type: ignore[arg-type]


# UpdateTask's paths -> the value each takes from the request's task (None clears the field).
_TASK_UPDATES = {
    "name": lambda t: t.name or None,
    "description": lambda t: t.description or None,
    "priority": lambda t: t.priority,
    "due": lambda t: datetime_of(t, "due", "task.due"),
    "follow_up": lambda t: datetime_of(t, "follow_up", "task.follow_up"),
    "owner": lambda t: t.owner or None,
    "parent_task_id": lambda t: t.parent_task_id or None,
}


def new_task(request: task_pb2.CreateTaskRequest) -> tasks.NewTask:
    """The standalone task a CreateTaskRequest gives (empty text: not given)."""
    return tasks.NewTask(
        id=request.id, name=request.name or None, description=request.description or None,
        assignee=request.assignee or None, owner=request.owner or None,
        priority=request.priority if request.HasField("priority") else None,
        due=datetime_of(request, "due"), follow_up=datetime_of(request, "follow_up"),
        tenant_id=request.tenant_id or None, parent_task_id=request.parent_task_id or None)


def task_update(request: task_pb2.UpdateTaskRequest) -> tuple[str, dict[str, Any]]:
    """(task id, {updatable field: new value}) of an UpdateTaskRequest."""
    paths = list(dict.fromkeys(request.update_mask.paths))
    if not paths:
        raise missing_required_field("update_mask", "update_mask must name at least one field: "
                                     + ", ".join(_TASK_UPDATES))
    problems = Violations()
    for path in paths:
        if path not in _TASK_UPDATES:
            problems.add("update_mask", f"{path!r} is not a field UpdateTask changes; use "
                         + ", ".join(_TASK_UPDATES), path=path)
    problems.raise_if_any()
    return request.task.id, {path: _TASK_UPDATES[path](request.task) for path in paths}


def activity_instance_tree(tree: activity_instances.Tree) -> process_instance_pb2.ActivityInstance:
    """The tree's root with everything below it."""

    def encode(node: activity_instances.ActivityInstance) -> process_instance_pb2.ActivityInstance:
        return process_instance_pb2.ActivityInstance(
            id=node.id, parent_activity_instance_id=node.parent_id, activity_id=node.activity_id,
            activity_type=node.activity_type, activity_name=node.activity_name,
            process_instance_id=tree.process_instance_id, process_definition_id=tree.process_definition_id,
            child_activity_instances=[encode(c) for c in node.children],
            child_transition_instances=[process_instance_pb2.TransitionInstance(
                id=t.id, parent_activity_instance_id=t.parent_id, activity_id=t.activity_id,
                activity_type=t.activity_type, activity_name=t.activity_name,
                process_instance_id=tree.process_instance_id, process_definition_id=tree.process_definition_id,
                execution_id=t.execution_id, incident_ids=t.incident_ids) for t in node.transitions],
            execution_ids=node.execution_ids, incident_ids=node.incident_ids,
        )

    return encode(tree.root)


_INSTRUCTION_TYPES = {
    process_instance_pb2.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY: modification.START_BEFORE,
    process_instance_pb2.ModificationInstruction.TYPE_START_AFTER_ACTIVITY: modification.START_AFTER,
    process_instance_pb2.ModificationInstruction.TYPE_START_TRANSITION: modification.START_TRANSITION,
    process_instance_pb2.ModificationInstruction.TYPE_CANCEL: modification.CANCEL,
}


def modification_instructions(request: Any) -> list[modification.Instruction]:
    """The ``instructions`` of a request that modifies or restarts instances."""
    out = []
    for i, given in enumerate(request.instructions):
        if given.type not in _INSTRUCTION_TYPES and given.type != process_instance_pb2.ModificationInstruction.TYPE_UNSPECIFIED:
            raise invalid_enum_value(f"instructions[{i}].type", given.type,
                                     process_instance_pb2.ModificationInstruction.Type.keys()[1:])
        out.append(modification.Instruction(
            type=_INSTRUCTION_TYPES.get(given.type, ""), activity_id=given.activity_id,
            transition_id=given.transition_id, activity_instance_id=given.activity_instance_id,
            transition_instance_id=given.transition_instance_id,
            ancestor_activity_instance_id=given.ancestor_activity_instance_id,
            variables=variables_in(given.variables, f"instructions[{i}].variables"),
            local_variables=variables_in(given.local_variables, f"instructions[{i}].local_variables"),
            cancel_current_active_activity_instances=given.cancel_current_active_activity_instances,
        ))
    return out
