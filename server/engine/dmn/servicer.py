"""gRPC servicers of flowkeeper.engine.v1.DecisionDefinitionService and
DecisionRequirementsDefinitionService: decode, call the domain (server.engine.dmn.service,
server.engine.dmn.requirements), encode. Importing it registers DMN resources with deployments."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import (
    decision_definition_pb2,
    decision_definition_pb2_grpc,
    decision_requirements_definition_pb2,
    decision_requirements_definition_pb2_grpc,
)
from server.context import AppContext
from server.engine import mapping as engine_mapping
from server.engine.dmn import mapping, requirements, service
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


class DecisionDefinitionServicer(Servicer, decision_definition_pb2_grpc.DecisionDefinitionServiceServicer):
    @transactional(write=False)
    def GetDecisionDefinition(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = service.resolve(tx, caller, engine_mapping.definition_ref(request.definition))
        return decision_definition_pb2.GetDecisionDefinitionResponse(decision_definition=mapping.decision_definition(row))

    @transactional(write=False)
    def QueryDecisionDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = engine_mapping.page_window(request.page, self.app.config.max_page_size)
        rows = service.query_definitions(tx, caller, mapping.definition_query(request), offset, limit)
        return decision_definition_pb2.QueryDecisionDefinitionsResponse(
            decision_definitions=[mapping.decision_definition(r) for r in rows])

    @transactional(write=False)
    def CountDecisionDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return decision_definition_pb2.CountDecisionDefinitionsResponse(
            count=service.count_definitions(tx, caller, mapping.definition_query(request)))

    @transactional(write=False)
    def GetDecisionDefinitionXml(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, xml = service.definition_xml(tx, caller, engine_mapping.definition_ref(request.definition))
        return decision_definition_pb2.GetDecisionDefinitionXmlResponse(id=row.id, dmn_xml=xml)

    @transactional(write=False)
    def GetDecisionDefinitionDiagram(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, diagram = service.definition_diagram(tx, caller, engine_mapping.definition_ref(request.definition))
        return decision_definition_pb2.GetDecisionDefinitionDiagramResponse(
            id=row.id, **engine_mapping.diagram_fields(diagram))

    @transactional(write=True)
    def EvaluateDecision(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        variables = engine_mapping.variables_in(request.variables)
        row, result = service.evaluate(tx, self.app.clock, caller, engine_mapping.definition_ref(request.definition), variables)
        return decision_definition_pb2.EvaluateDecisionResponse(decision_definition_id=row.id,
                                                                results=mapping.results(result))


_drd = decision_requirements_definition_pb2


class DecisionRequirementsDefinitionServicer(
        Servicer, decision_requirements_definition_pb2_grpc.DecisionRequirementsDefinitionServiceServicer):
    @transactional(write=False)
    def GetDecisionRequirementsDefinition(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = requirements.resolve(tx, caller, engine_mapping.definition_ref(request.definition))
        return _drd.GetDecisionRequirementsDefinitionResponse(
            decision_requirements_definition=mapping.requirements_definition(row))

    @transactional(write=False)
    def QueryDecisionRequirementsDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = engine_mapping.page_window(request.page, self.app.config.max_page_size)
        rows = requirements.query_definitions(tx, caller, mapping.requirements_query(request), offset, limit)
        return _drd.QueryDecisionRequirementsDefinitionsResponse(
            decision_requirements_definitions=[mapping.requirements_definition(r) for r in rows])

    @transactional(write=False)
    def CountDecisionRequirementsDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return _drd.CountDecisionRequirementsDefinitionsResponse(
            count=requirements.count_definitions(tx, caller, mapping.requirements_query(request)))

    @transactional(write=False)
    def GetDecisionRequirementsDefinitionXml(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, xml = requirements.definition_xml(tx, caller, engine_mapping.definition_ref(request.definition))
        return _drd.GetDecisionRequirementsDefinitionXmlResponse(id=row.id, dmn_xml=xml)

    @transactional(write=False)
    def GetDecisionRequirementsDefinitionDiagram(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, diagram = requirements.definition_diagram(tx, caller, engine_mapping.definition_ref(request.definition))
        return _drd.GetDecisionRequirementsDefinitionDiagramResponse(id=row.id, **engine_mapping.diagram_fields(diagram))

    @transactional(write=False)
    def GetDecisionRequirementsDefinitionStatistics(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        found = requirements.statistics(tx, caller, request.id, request.decision_instance_id)
        return _drd.GetDecisionRequirementsDefinitionStatisticsResponse(statistics=[
            _drd.DecisionEvaluationStatistics(decision_definition_key=key, evaluations=n) for key, n in found])


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    decision_definition_pb2_grpc.add_DecisionDefinitionServiceServicer_to_server(DecisionDefinitionServicer(app), server)
    decision_requirements_definition_pb2_grpc.add_DecisionRequirementsDefinitionServiceServicer_to_server(
        DecisionRequirementsDefinitionServicer(app), server)
    return [decision_definition_pb2.DESCRIPTOR.services_by_name["DecisionDefinitionService"].full_name,
            _drd.DESCRIPTOR.services_by_name["DecisionRequirementsDefinitionService"].full_name]
