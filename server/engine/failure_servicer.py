"""gRPC servicers of the engine's failure handling: IncidentService, ProcessStepService and
ExecutionService.CreateIncident. Decode, call the domain, encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import (
    execution_pb2,
    incident_pb2,
    incident_pb2_grpc,
    process_step_pb2,
    process_step_pb2_grpc,
)
from server.context import AppContext
from server.engine import desk_link, executions, incidents, steps
from server.engine import failure_mapping as mapping
from server.engine.errors import not_found
from server.identity.service import Caller
from server.paging import OffsetPage
from server.rpc.servicer import Servicer, transactional


class IncidentServicer(Servicer, incident_pb2_grpc.IncidentServiceServicer):
    @transactional(write=False)
    def GetIncident(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = incidents.get_incident(tx, caller, request.id)
        return incident_pb2.GetIncidentResponse(incident=mapping.incident(row))

    @transactional(write=False)
    def QueryIncidents(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = executions.offset_page(request.first_result, request.max_results,
                                               self.app.config.max_page_size)
        rows = incidents.query_incidents(tx, caller, mapping.incident_query(request, with_sorting=True),
                                         offset, limit)
        return incident_pb2.QueryIncidentsResponse(incidents=[mapping.incident(r) for r in rows])

    @transactional(write=False)
    def CountIncidents(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        count = incidents.count_incidents(tx, caller, mapping.incident_query(request, with_sorting=False))
        return incident_pb2.CountIncidentsResponse(count=count)

    @transactional(write=True)
    def ResolveIncident(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = incidents.resolve_incident(tx, self.app.clock, caller, request.incident_id)
        return incident_pb2.ResolveIncidentResponse(incident=mapping.incident(row))

    @transactional(write=True)
    def SetIncidentAnnotation(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = incidents.set_annotation(tx, self.app.clock, caller, request.incident_id, request.annotation)
        return incident_pb2.SetIncidentAnnotationResponse(incident=mapping.incident(row))

    @transactional(write=True)
    def ClearIncidentAnnotation(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = incidents.set_annotation(tx, self.app.clock, caller, request.incident_id, None)
        return incident_pb2.ClearIncidentAnnotationResponse(incident=mapping.incident(row))

    @transactional(write=True)
    def SetIncidentDeskLink(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = desk_link.set_link(tx, self.app.clock, caller, desk_link.DeskLinkInput(
            process_definition_key=request.process_definition_key, tenant_id=request.tenant_id or None,
            enabled=request.enabled, severity=request.severity or None, owned_by=list(request.owned_by),
            applies_to_parts=list(request.applies_to_parts), incident_types=list(request.incident_types),
        ))
        response = incident_pb2.SetIncidentDeskLinkResponse()
        if row is not None:
            response.desk_link.CopyFrom(mapping.desk_link(row))
        return response

    @transactional(write=False)
    def GetIncidentDeskLink(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = desk_link.get_link(tx, caller, request.process_definition_key, request.tenant_id or None)
        if row is None:
            raise not_found("desk link of process", "DESK_LINK_NOT_FOUND", request.process_definition_key,
                            "process_definition_key")
        return incident_pb2.GetIncidentDeskLinkResponse(desk_link=mapping.desk_link(row))


class ProcessStepServicer(Servicer, process_step_pb2_grpc.ProcessStepServiceServicer):
    @transactional(write=True)
    def RestartFailedStep(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        result = steps.restart_failed_step(tx, self.app.clock, caller, request.process_step_id,
                                           mapping.params_in(request.params))
        return mapping.step_result(result, "Process step restarted", process_step_pb2.RestartFailedStepResponse)

    @transactional(write=True)
    def CompleteStep(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        result = steps.complete_step(tx, self.app.clock, caller, request.process_step_id,
                                     mapping.params_in(request.params))
        return mapping.step_result(result, "Process step completed", process_step_pb2.CompleteStepResponse)

    @transactional(write=False)
    def GetProcessStep(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = steps.get_step(tx, caller, request.process_step_id)
        return process_step_pb2.GetProcessStepResponse(process_step=mapping.process_step(row))

    @transactional(write=False)
    def ListProcessSteps(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        page = OffsetPage("process-steps", request)
        rows, token = page.split(steps.list_steps(
            tx, caller, process_instance_id=request.process_instance_id, states=mapping.step_states(request.states),
            execution_id=request.execution_id, activity_id=request.activity_id, offset=page.offset, limit=page.limit,
        ))
        return process_step_pb2.ListProcessStepsResponse(
            process_steps=[mapping.process_step(r) for r in rows], next_page_token=token
        )


def create_incident(servicer: Servicer, request: execution_pb2.CreateIncidentRequest, tx: Session,
                    caller: Caller) -> execution_pb2.CreateIncidentResponse:
    """ExecutionService.CreateIncident (the ExecutionServicer delegates here)."""
    row = incidents.create_incident(tx, servicer.app.clock, caller, request.execution_id, request.incident_type,
                                    request.configuration, request.message)
    return execution_pb2.CreateIncidentResponse(incident=mapping.incident(row))


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    incident_pb2_grpc.add_IncidentServiceServicer_to_server(IncidentServicer(app), server)
    process_step_pb2_grpc.add_ProcessStepServiceServicer_to_server(ProcessStepServicer(app), server)
    return [
        incident_pb2.DESCRIPTOR.services_by_name["IncidentService"].full_name,
        process_step_pb2.DESCRIPTOR.services_by_name["ProcessStepService"].full_name,
    ]
