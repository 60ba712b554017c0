"""Decision definitions, decision results and the decision history <-> flowkeeper.engine.v1
messages."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import decision_definition_pb2, decision_requirements_definition_pb2, history_pb2
from server.engine.dmn import history as decision_history
from server.engine.dmn.evaluation import DecisionResult
from server.engine.dmn.models import (
    DecisionDefinition,
    DecisionRequirementsDefinition,
    HistoricDecisionInput,
    HistoricDecisionInstance,
    HistoricDecisionOutput,
)
from server.engine.dmn.requirements import RequirementsQuery
from server.engine.dmn.service import DecisionDefinitionQuery
from server.engine.mapping import optional, request_fields, sorting_of, stored_value, timestamp, typed_value_out
from server.rpc.timestamps import datetime_of


def decision_definition(row: DecisionDefinition) -> decision_definition_pb2.DecisionDefinition:
    message = decision_definition_pb2.DecisionDefinition(
        id=row.id, key=row.key, version=row.version, name=row.name or "", version_tag=row.version_tag or "",
        tenant_id=row.tenant_id or "", deployment_id=row.deployment_id, resource_name=row.resource_name,
        decision_requirements_definition_id=row.decision_requirements_definition_id or "",
        decision_requirements_definition_key=row.decision_requirements_definition_key or "",
        diagram_resource_name=row.diagram_resource_name or "")
    if row.history_time_to_live is not None:
        message.history_time_to_live = row.history_time_to_live
    return message


def definition_query(request: Any) -> DecisionDefinitionQuery:
    """The filters of QueryDecisionDefinitions and CountDecisionDefinitions (with or without sorting)."""
    return DecisionDefinitionQuery(
        decision_definition_id=request.decision_definition_id,
        decision_definition_id_in=tuple(request.decision_definition_id_in), key=request.key,
        key_like=request.key_like, name=request.name, name_like=request.name_like,
        deployment_id=request.deployment_id, version=optional(request, "version"),
        latest_version=request.latest_version, version_tag=request.version_tag,
        version_tag_like=request.version_tag_like, tenant_id_in=tuple(request.tenant_id_in),
        without_tenant_id=request.without_tenant_id,
        include_decision_definitions_without_tenant_id=request.include_decision_definitions_without_tenant_id,
        resource_name=request.resource_name, resource_name_like=request.resource_name_like,
        decision_requirements_definition_id=request.decision_requirements_definition_id,
        decision_requirements_definition_key=request.decision_requirements_definition_key,
        without_decision_requirements_definition=request.without_decision_requirements_definition,
        sorting=tuple(sorting_of(request)))


def requirements_definition(row: DecisionRequirementsDefinition
                            ) -> decision_requirements_definition_pb2.DecisionRequirementsDefinition:
    return decision_requirements_definition_pb2.DecisionRequirementsDefinition(
        id=row.id, key=row.key, name=row.name or "", category=row.category or "", version=row.version,
        resource_name=row.resource_name, deployment_id=row.deployment_id, tenant_id=row.tenant_id or "",
        diagram_resource_name=row.diagram_resource_name or "")


def requirements_query(request: Any) -> RequirementsQuery:
    """The filters of QueryDecisionRequirementsDefinitions and its count (with or without sorting)."""
    return RequirementsQuery(
        decision_requirements_definition_id=request.decision_requirements_definition_id,
        decision_requirements_definition_id_in=tuple(request.decision_requirements_definition_id_in),
        key=request.key, key_like=request.key_like, name=request.name, name_like=request.name_like,
        category=request.category, category_like=request.category_like, deployment_id=request.deployment_id,
        resource_name=request.resource_name, resource_name_like=request.resource_name_like,
        version=optional(request, "version"), latest_version=request.latest_version,
        tenant_id_in=tuple(request.tenant_id_in), without_tenant_id=request.without_tenant_id,
        include_without_tenant_id=request.include_decision_requirements_definitions_without_tenant_id,
        sorting=tuple(sorting_of(request)))


def results(result: DecisionResult) -> list[decision_definition_pb2.DecisionRuleResult]:
    return [decision_definition_pb2.DecisionRuleResult(entries=[
        decision_definition_pb2.DecisionResultEntry(name=name, value=typed_value_out(value))
        for name, value in row.items()]) for row in result.rows]


def decision_instance_query(request: Any) -> decision_history.DecisionInstanceQuery:
    """Decodes the filters shared by QueryHistoricDecisionInstancesRequest and
    CountHistoricDecisionInstancesRequest."""
    return decision_history.DecisionInstanceQuery(
        equal=request_fields(request, decision_history.EQUALITY_FILTERS),
        name_like=request.decision_definition_name_like,
        evaluated_before=datetime_of(request, "evaluated_before"),
        evaluated_after=datetime_of(request, "evaluated_after"),
        root_decision_instances_only=request.root_decision_instances_only,
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        sorting=sorting_of(request),
    )


def historic_decision_instance(row: HistoricDecisionInstance, inputs: list[HistoricDecisionInput] | None = None,
                               outputs: list[HistoricDecisionOutput] | None = None
                               ) -> history_pb2.HistoricDecisionInstance:
    """A row, with its inputs and outputs when given."""
    message = history_pb2.HistoricDecisionInstance(
        id=row.id, evaluation_time=timestamp(row.evaluation_time),
        **{name: getattr(row, name) or "" for name in (
            "decision_definition_id", "decision_definition_key", "decision_definition_name",
            "process_definition_id", "process_definition_key", "process_instance_id", "root_process_instance_id",
            "case_definition_id", "case_definition_key", "case_instance_id", "activity_id", "activity_instance_id",
            "tenant_id", "user_id", "root_decision_instance_id", "decision_requirements_definition_id",
            "decision_requirements_definition_key")},
        inputs=[history_pb2.HistoricDecisionInputInstance(
            id=i.id, decision_instance_id=i.decision_instance_id, clause_id=i.clause_id,
            clause_name=i.clause_name or "", value=stored_value(i), create_time=timestamp(i.create_time))
            for i in inputs or ()],
        outputs=[history_pb2.HistoricDecisionOutputInstance(
            id=o.id, decision_instance_id=o.decision_instance_id, clause_id=o.clause_id or "",
            clause_name=o.clause_name or "", rule_id=o.rule_id or "", rule_order=o.rule_order or 0,
            variable_name=o.variable_name, value=stored_value(o), create_time=timestamp(o.create_time))
            for o in outputs or ()],
    )
    if row.collect_result_value is not None:
        message.collect_result_value = row.collect_result_value
    return message
