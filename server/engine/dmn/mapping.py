"""Decision definitions and decision results <-> flowkeeper.engine.v1 messages."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import decision_definition_pb2
from server.engine.dmn.evaluation import DecisionResult
from server.engine.dmn.models import DecisionDefinition
from server.engine.dmn.service import DecisionDefinitionQuery
from server.engine.mapping import optional, sorting_of, typed_value_out


def decision_definition(row: DecisionDefinition) -> decision_definition_pb2.DecisionDefinition:
    message = decision_definition_pb2.DecisionDefinition(
        id=row.id, key=row.key, version=row.version, name=row.name or "", version_tag=row.version_tag or "",
        tenant_id=row.tenant_id or "", deployment_id=row.deployment_id, resource_name=row.resource_name)
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
        sorting=tuple(sorting_of(request)))


def results(result: DecisionResult) -> list[decision_definition_pb2.DecisionRuleResult]:
    return [decision_definition_pb2.DecisionRuleResult(entries=[
        decision_definition_pb2.DecisionResultEntry(name=name, value=typed_value_out(value))
        for name, value in row.items()]) for row in result.rows]
