"""gRPC servicers of CMMN cases (flowkeeper.engine.v1): decode, call the domain, encode.

Importing this module registers the case hooks with the engine (CMMN deployments, human tasks
completed through the TaskService, process instances started by process tasks)."""

from __future__ import annotations

from typing import Any, Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import (
    case_definition_pb2,
    case_definition_pb2_grpc,
    case_execution_pb2,
    case_execution_pb2_grpc,
    case_instance_pb2,
    case_instance_pb2_grpc,
)
from server.context import AppContext
from server.engine import mapping as engine_mapping
from server.engine.cases import deploy as _deploy  # noqa: F401  (registers the CMMN resource handler)
from server.engine.cases import mapping, service
from server.engine.definitions import DefinitionRef
from server.engine.variables import binary_data
from server.identity.service import Caller
from server.paging import OffsetPage
from server.rpc.servicer import Servicer, transactional

_MAX_LIST = 500


class CaseDefinitionServicer(Servicer, case_definition_pb2_grpc.CaseDefinitionServiceServicer):
    @transactional(write=False)
    def GetCaseDefinition(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = service.named_definition(tx, caller, request.id, _ref(request))
        return case_definition_pb2.GetCaseDefinitionResponse(case_definition=mapping.case_definition(row))

    @transactional(write=False)
    def ListCaseDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        page = OffsetPage("case-definitions", request, maximum=_MAX_LIST)
        rows, token = page.split(service.list_definitions(
            tx, caller, mapping.definition_query(request), page.offset, page.limit))
        return case_definition_pb2.ListCaseDefinitionsResponse(
            case_definitions=[mapping.case_definition(r) for r in rows], next_page_token=token
        )

    @transactional(write=False)
    def CountCaseDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_definition_pb2.CountCaseDefinitionsResponse(
            count=service.count_definitions(tx, caller, mapping.definition_query(request)))

    @transactional(write=True)
    def CreateCaseInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        variables = engine_mapping.variables_in(request.variables)
        row = service.create_case_instance(
            tx, self.app.clock, caller, engine_mapping.definition_ref(request.definition), variables, request.business_key
        )
        return case_definition_pb2.CreateCaseInstanceResponse(case_instance=mapping.case_instance(row))

    @transactional(write=True)
    def UpdateCaseDefinitionHistoryTimeToLive(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        days = request.history_time_to_live if request.HasField("history_time_to_live") else None
        row = service.update_history_time_to_live(tx, self.app.clock, caller, request.id, _ref(request), days)
        return case_definition_pb2.UpdateCaseDefinitionHistoryTimeToLiveResponse(
            case_definition=mapping.case_definition(row)
        )

    @transactional(write=False)
    def GetCaseDefinitionXml(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, xml = service.definition_xml(tx, caller, engine_mapping.definition_ref(request.definition))
        return case_definition_pb2.GetCaseDefinitionXmlResponse(id=row.id, cmmn_xml=xml)

    @transactional(write=False)
    def GetCaseDefinitionDiagram(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, diagram = service.definition_diagram(tx, caller, engine_mapping.definition_ref(request.definition))
        return case_definition_pb2.GetCaseDefinitionDiagramResponse(id=row.id, **engine_mapping.diagram_fields(diagram))


class CaseInstanceServicer(Servicer, case_instance_pb2_grpc.CaseInstanceServiceServicer):
    @transactional(write=False)
    def GetCaseInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = service.get_instance(tx, caller, request.id)
        return case_instance_pb2.GetCaseInstanceResponse(case_instance=mapping.case_instance(row))

    @transactional(write=False)
    def QueryCaseInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = service.query_instances(
            tx, caller, mapping.instance_query(request), request.page.first_result, request.page.max_results,
            self.app.config.max_page_size,
        )
        return case_instance_pb2.QueryCaseInstancesResponse(case_instances=[mapping.case_instance(r) for r in rows])

    @transactional(write=False)
    def CountCaseInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_instance_pb2.CountCaseInstancesResponse(
            count=service.count_instances(tx, caller, mapping.instance_query(request)))

    @transactional(write=True)
    def CompleteCaseInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = service.complete_instance(
            tx, self.app.clock, caller, request.id, engine_mapping.variables_in(request.variables),
            list(request.deletions),
        )
        return case_instance_pb2.CompleteCaseInstanceResponse(case_instance=mapping.case_instance(row))

    @transactional(write=True)
    def CloseCaseInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = service.close_instance(tx, self.app.clock, caller, request.id)
        return case_instance_pb2.CloseCaseInstanceResponse(case_instance=mapping.case_instance(row))

    @transactional(write=True)
    def TerminateCaseInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = service.terminate_instance(
            tx, self.app.clock, caller, request.id, engine_mapping.variables_in(request.variables),
            list(request.deletions),
        )
        return case_instance_pb2.TerminateCaseInstanceResponse(case_instance=mapping.case_instance(row))

    @transactional(write=False)
    def GetCaseInstanceVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        values = service.get_variables(tx, caller, request.case_instance_id)
        return case_instance_pb2.GetCaseInstanceVariablesResponse(variables=engine_mapping.variables_out(values))

    @transactional(write=True)
    def ModifyCaseInstanceVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.modify_variables(
            tx, self.app.clock, caller, request.case_instance_id,
            engine_mapping.variables_in(request.modifications, "modifications"), list(request.deletions),
        )
        return case_instance_pb2.ModifyCaseInstanceVariablesResponse()

    @transactional(write=False)
    def GetCaseInstanceVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = service.get_variable(tx, caller, request.case_instance_id, request.name)
        return case_instance_pb2.GetCaseInstanceVariableResponse(variable=engine_mapping.typed_value_out(value))

    @transactional(write=True)
    def SetCaseInstanceVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.set_variable(tx, self.app.clock, caller, request.case_instance_id, request.name,
                             engine_mapping.variable_in(request.name, request.value))
        return case_instance_pb2.SetCaseInstanceVariableResponse()

    @transactional(write=False)
    def GetCaseInstanceVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = service.get_variable(tx, caller, request.case_instance_id, request.name)
        data = binary_data(value, "case instance", request.case_instance_id, request.name)
        return case_instance_pb2.GetCaseInstanceVariableDataResponse(**engine_mapping.variable_data_out(data))

    @transactional(write=True)
    def SetCaseInstanceVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.set_variable(tx, self.app.clock, caller, request.case_instance_id, request.name,
                             engine_mapping.variable_data_in(request))
        return case_instance_pb2.SetCaseInstanceVariableDataResponse()

    @transactional(write=True)
    def DeleteCaseInstanceVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.delete_variable(tx, self.app.clock, caller, request.case_instance_id, request.name)
        return case_instance_pb2.DeleteCaseInstanceVariableResponse()


class CaseExecutionServicer(Servicer, case_execution_pb2_grpc.CaseExecutionServiceServicer):
    @transactional(write=False)
    def QueryCaseExecutions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = service.query_executions(
            tx, caller, mapping.execution_query(request), request.page.first_result, request.page.max_results,
            self.app.config.max_page_size,
        )
        return case_execution_pb2.QueryCaseExecutionsResponse(case_executions=[mapping.case_execution(r) for r in rows])

    @transactional(write=False)
    def CountCaseExecutions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_execution_pb2.CountCaseExecutionsResponse(
            count=service.count_executions(tx, caller, mapping.execution_query(request)))

    @transactional(write=False)
    def GetCaseExecutionVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        values = service.execution_variables(tx, self.app.clock, caller, request.case_execution_id,
                                             local_only=request.local_only)
        return case_execution_pb2.GetCaseExecutionVariablesResponse(variables=engine_mapping.variables_out(values))

    @transactional(write=False)
    def GetCaseExecutionVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = service.execution_variable(tx, self.app.clock, caller, request.case_execution_id, request.name,
                                           local_only=request.local_only)
        return case_execution_pb2.GetCaseExecutionVariableResponse(variable=engine_mapping.typed_value_out(value))

    @transactional(write=True)
    def ModifyCaseExecutionVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.modify_execution_variables(
            tx, self.app.clock, caller, request.case_execution_id,
            engine_mapping.variables_in(request.modifications, "modifications"), list(request.deletions),
            local=request.local,
        )
        return case_execution_pb2.ModifyCaseExecutionVariablesResponse()

    @transactional(write=True)
    def SetCaseExecutionVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.set_execution_variable(tx, self.app.clock, caller, request.case_execution_id, request.name,
                                       engine_mapping.variable_in(request.name, request.value), local=request.local)
        return case_execution_pb2.SetCaseExecutionVariableResponse()

    @transactional(write=False)
    def GetCaseExecutionVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = service.execution_variable(tx, self.app.clock, caller, request.case_execution_id, request.name,
                                           local_only=request.local_only)
        data = binary_data(value, "case execution", request.case_execution_id, request.name)
        return case_execution_pb2.GetCaseExecutionVariableDataResponse(**engine_mapping.variable_data_out(data))

    @transactional(write=True)
    def SetCaseExecutionVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.set_execution_variable(tx, self.app.clock, caller, request.case_execution_id, request.name,
                                       engine_mapping.variable_data_in(request), local=request.local)
        return case_execution_pb2.SetCaseExecutionVariableDataResponse()

    @transactional(write=True)
    def DeleteCaseExecutionVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        service.delete_execution_variable(tx, self.app.clock, caller, request.case_execution_id, request.name,
                                          local=request.local)
        return case_execution_pb2.DeleteCaseExecutionVariableResponse()

    @transactional(write=False)
    def GetCaseExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = service.get_execution(tx, caller, request.id)
        return case_execution_pb2.GetCaseExecutionResponse(case_execution=mapping.case_execution(row))

    def _transition(self, request, tx: Session, caller: Caller, transition: str):  # type: ignore[no-untyped-def]
        local = request.local_variables
        return mapping.case_execution(service.transition_execution(
            tx, self.app.clock, caller, request.id, transition,
            variables=engine_mapping.variables_in(request.variables), deletions=list(request.deletions),
            local_variables=engine_mapping.variables_in(local, "local_variables") if local else None,
            local_deletions=list(request.local_deletions),
        ))

    @transactional(write=True)
    def ManualStartCaseExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_execution_pb2.ManualStartCaseExecutionResponse(
            case_execution=self._transition(request, tx, caller, "manualStart"))

    @transactional(write=True)
    def CompleteCaseExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_execution_pb2.CompleteCaseExecutionResponse(
            case_execution=self._transition(request, tx, caller, "complete"))

    @transactional(write=True)
    def DisableCaseExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_execution_pb2.DisableCaseExecutionResponse(
            case_execution=self._transition(request, tx, caller, "disable"))

    @transactional(write=True)
    def ReenableCaseExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_execution_pb2.ReenableCaseExecutionResponse(
            case_execution=self._transition(request, tx, caller, "reenable"))

    @transactional(write=True)
    def TerminateCaseExecution(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return case_execution_pb2.TerminateCaseExecutionResponse(
            case_execution=self._transition(request, tx, caller, "terminate"))


def _ref(request: Any) -> DefinitionRef | None:
    """The request's ``definition`` (a DefinitionRef), None when not given."""
    return engine_mapping.definition_ref(request.definition) if request.HasField("definition") else None


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    pairs = [
        (case_definition_pb2, "CaseDefinitionService",
         case_definition_pb2_grpc.add_CaseDefinitionServiceServicer_to_server, CaseDefinitionServicer),
        (case_instance_pb2, "CaseInstanceService",
         case_instance_pb2_grpc.add_CaseInstanceServiceServicer_to_server, CaseInstanceServicer),
        (case_execution_pb2, "CaseExecutionService",
         case_execution_pb2_grpc.add_CaseExecutionServiceServicer_to_server, CaseExecutionServicer),
    ]
    names = []
    for module, name, add, servicer in pairs:
        add(servicer(app), server)
        names.append(module.DESCRIPTOR.services_by_name[name].full_name)
    return names
