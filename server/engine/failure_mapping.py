"""Engine incidents and process steps to and from flowkeeper.engine.v1 messages (the failure
slice's part of the engine mapping; rows never cross into the servicer)."""

from __future__ import annotations

from typing import Any, Mapping

from flowkeeper.engine.v1 import incident_pb2, process_step_pb2
from server.engine import incidents, steps
from server.engine.failure_models import Incident, IncidentDeskLink, ProcessStep
from server.engine.mapping import timestamp
from server.errors import invalid_enum_value
from server.ops import ids as ops_ids

_INCIDENT_STATES = {
    incidents.OPEN: incident_pb2.Incident.STATE_OPEN,
    incidents.RESOLVED: incident_pb2.Incident.STATE_RESOLVED,
    incidents.DELETED: incident_pb2.Incident.STATE_DELETED,
}
_INCIDENT_STATE_NAMES = {v: k for k, v in _INCIDENT_STATES.items()}


def incident(row: Incident) -> incident_pb2.Incident:
    return incident_pb2.Incident(
        id=row.id,
        process_definition_id=row.process_definition_id or "",
        process_instance_id=row.process_instance_id or "",
        execution_id=row.execution_id or "",
        incident_timestamp=timestamp(row.incident_timestamp),
        incident_type=row.incident_type,
        activity_id=row.activity_id or "",
        cause_incident_id=row.cause_incident_id or "",
        root_cause_incident_id=row.root_cause_incident_id or "",
        configuration=row.configuration or "",
        tenant_id=row.tenant_id or "",
        incident_message=row.incident_message or "",
        job_definition_id=row.job_definition_id or "",
        failed_activity_id=row.failed_activity_id or "",
        annotation=row.annotation or "",
        state=_INCIDENT_STATES[row.state],
        end_time=timestamp(row.end_time),
        process_definition_key=row.process_definition_key or "",
        desk_incident_id=ops_ids.INCIDENT.don(row.desk_incident_id) if row.desk_incident_id is not None else "",
        desk_link_error=row.desk_link_error or "",
    )


def incident_states(values: Any, field: str = "states") -> tuple[str, ...]:
    out = []
    for i, value in enumerate(values):
        if value not in _INCIDENT_STATE_NAMES:
            raise invalid_enum_value(f"{field}[{i}]", value, [incident_pb2.Incident.State.Name(v)
                                                              for v in _INCIDENT_STATE_NAMES])
        out.append(_INCIDENT_STATE_NAMES[value])
    return tuple(dict.fromkeys(out))


def incident_query(request: Any, *, with_sorting: bool) -> incidents.IncidentQuery:
    """Decodes the filters shared by QueryIncidentsRequest and CountIncidentsRequest."""
    return incidents.IncidentQuery(
        incident_id=request.incident_id,
        incident_type=request.incident_type,
        incident_message=request.incident_message,
        incident_message_like=request.incident_message_like,
        process_definition_id=request.process_definition_id,
        process_definition_key_in=tuple(request.process_definition_key_in),
        process_instance_id=request.process_instance_id,
        execution_id=request.execution_id,
        activity_id=request.activity_id,
        failed_activity_id=request.failed_activity_id,
        cause_incident_id=request.cause_incident_id,
        root_cause_incident_id=request.root_cause_incident_id,
        configuration=request.configuration,
        tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id,
        job_definition_id_in=tuple(request.job_definition_id_in),
        states=incident_states(request.states) or (incidents.OPEN,),
        sorting=tuple((s.sort_by, s.sort_order) for s in request.sorting) if with_sorting else (),
    )


def desk_link(row: IncidentDeskLink) -> incident_pb2.IncidentDeskLink:
    return incident_pb2.IncidentDeskLink(
        process_definition_key=row.process_definition_key,
        tenant_id=row.tenant_id or "",
        severity=row.severity or 0,
        owned_by=list(row.owned_by or []),
        applies_to_parts=list(row.applies_to_parts or []),
        incident_types=list(row.incident_types or []),
        update_time=timestamp(row.modified_time),
    )


# -- process steps --------------------------------------------------------------------------

_STEP_STATES = {
    steps.PENDING: process_step_pb2.ProcessStep.STATE_PENDING,
    steps.STARTED: process_step_pb2.ProcessStep.STATE_STARTED,
    steps.COMPLETED: process_step_pb2.ProcessStep.STATE_COMPLETED,
    steps.FAILED: process_step_pb2.ProcessStep.STATE_FAILED,
    steps.CANCELED: process_step_pb2.ProcessStep.STATE_CANCELED,
}
_STEP_STATE_NAMES = {v: k for k, v in _STEP_STATES.items()}
_KINDS = {
    steps.EXTERNAL_TASK: process_step_pb2.ProcessStep.KIND_EXTERNAL_TASK,
    steps.JOB: process_step_pb2.ProcessStep.KIND_JOB,
    steps.CALL_ACTIVITY: process_step_pb2.ProcessStep.KIND_CALL_ACTIVITY,
}
_PARAM_TYPES = {
    process_step_pb2.ProcessStepParam.TYPE_STRING: "STRING",
    process_step_pb2.ProcessStepParam.TYPE_LONG: "LONG",
    process_step_pb2.ProcessStepParam.TYPE_DOUBLE: "DOUBLE",
}
_PARAM_TYPE_VALUES = {v: k for k, v in _PARAM_TYPES.items()}


def step_states(values: Any, field: str = "states") -> list[str]:
    out = []
    for i, value in enumerate(values):
        if value not in _STEP_STATE_NAMES:
            raise invalid_enum_value(f"{field}[{i}]", value, [process_step_pb2.ProcessStep.State.Name(v)
                                                              for v in _STEP_STATE_NAMES])
        out.append(_STEP_STATE_NAMES[value])
    return list(dict.fromkeys(out))


def params_in(values: Mapping[str, process_step_pb2.ProcessStepParam]) -> dict[str, steps.RawParam]:
    out = {}
    for name, given in values.items():
        which = given.WhichOneof("value")
        out[name] = steps.RawParam(
            # An unknown number goes on as itself, for the error to name it.
            type=_PARAM_TYPES.get(given.type, str(given.type) if given.type else ""),
            field=which,
            value=getattr(given, which) if which else None,
        )
    return out


def param(value: steps.Param) -> process_step_pb2.ProcessStepParam:
    out = process_step_pb2.ProcessStepParam(type=_PARAM_TYPE_VALUES[value.type])
    if value.type == "STRING":
        out.str_value = str(value.value)
    elif value.type == "LONG":
        out.long_value = int(value.value)
    else:
        out.double_value = float(value.value)
    return out


def params_out(values: Mapping[str, steps.Param]) -> dict[str, process_step_pb2.ProcessStepParam]:
    return {name: param(v) for name, v in values.items()}


def process_step(row: ProcessStep) -> process_step_pb2.ProcessStep:
    return process_step_pb2.ProcessStep(
        id=row.id,
        process_instance_id=row.process_instance_id,
        process_definition_id=row.process_definition_id,
        execution_id=row.execution_id,
        activity_id=row.activity_id,
        tenant_id=row.tenant_id or "",
        kind=_KINDS[row.kind],
        external_task_id=row.subject_id if row.kind == steps.EXTERNAL_TASK else "",
        job_id=row.subject_id if row.kind == steps.JOB else "",
        called_process_instance_id=row.subject_id if row.kind == steps.CALL_ACTIVITY else "",
        state=_STEP_STATES[row.state],
        params=params_out(steps.decode_params(row.params)),
        attempts=row.attempts or 0,
        last_error=row.last_error or "",
        incident_id=row.incident_id or "",
        create_time=timestamp(row.created_time),
        start_time=timestamp(row.start_time),
        failed_time=timestamp(row.failed_time),
        end_time=timestamp(row.end_time),
    )


def step_result(result: steps.StepResult, message: str, response_type: Any) -> Any:
    """The document's envelope: message, timestamp, data {process_id, process_step_id, params},
    version."""
    return response_type(
        message=message,
        timestamp=timestamp(result.timestamp),
        data=process_step_pb2.ProcessStepData(
            process_id=result.step.process_instance_id,
            process_step_id=result.step.id,
            params=params_out(result.params),
        ),
        version=steps.API_VERSION,
    )
