"""Decision requirements definitions: a deployed DMN file of more than one decision as one
definition (the document's engine's `/decision-requirements-definition`), deployed with its
decisions (server.engine.dmn.service), lookups, queries, its DMN XML, and the evaluation
statistics of its decisions' history. Tenants are respected as for decision definitions: a
definition of a tenant the token is not granted does not exist for it (NOT_FOUND)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from server.engine import diagrams, executions
from server.engine.definitions import DefinitionRef, definition_named
from server.engine.deployments import DeployedDefinitionView, definition_text
from server.engine.dmn.models import DecisionRequirementsDefinition, HistoricDecisionInstance
from server.engine.dmn.spec import RequirementsSpec
from server.engine.errors import visible
from server.engine.models import Deployment
from server.engine.runtime import definition_id
from server.errors import InvalidArgument, invalid_field, missing_required_field
from server.identity.service import Caller

KIND = "decisionRequirements"
NOT_FOUND = "DECISION_REQUIREMENTS_DEFINITION_NOT_FOUND"
_DRD = DecisionRequirementsDefinition


# -- deployment ------------------------------------------------------------------------------


def deploy(tx: Session, deployment: Deployment, resource_name: str, spec: RequirementsSpec,
           diagram_resource_name: str | None) -> _DRD:
    """The decision requirements definition of a DMN file of several decisions, versioned per
    key and tenant; DUPLICATE_DECISION_REQUIREMENTS_KEY when another file of the deployment has
    the same key (as the document's engine refuses two definitions of one key in a deployment)."""
    assert spec.key is not None  # the parser refuses a file of several decisions without one
    if tx.scalar(select(_DRD.id).where(_DRD.deployment_id == deployment.id, _DRD.key == spec.key)) is not None:
        raise InvalidArgument(
            "DUPLICATE_DECISION_REQUIREMENTS_KEY",
            f"decision requirements definition {spec.key!r} (the id of <definitions>) is in two resources of this "
            "deployment", metadata={"type": "bad_request", "resource": resource_name, "key": spec.key})
    tenant_key = deployment.tenant_id or ""
    current = tx.scalar(select(func.max(_DRD.version)).where(_DRD.key == spec.key, _DRD.tenant_key == tenant_key))
    version = (current or 0) + 1
    row = _DRD(id=definition_id(spec.key, version, _DRD.id), key=spec.key, version=version, name=spec.name,
               category=spec.category, tenant_id=deployment.tenant_id, tenant_key=tenant_key,
               deployment_id=deployment.id, resource_name=resource_name,
               diagram_resource_name=diagram_resource_name)
    tx.add(row)
    tx.flush()
    return row


def view(row: _DRD) -> DeployedDefinitionView:
    return DeployedDefinitionView(row.id, row.key, row.version, row.name, KIND, row.resource_name)


def list_of_deployment(tx: Session, deployment: Deployment) -> list[DeployedDefinitionView]:
    return [view(r) for r in tx.scalars(select(_DRD).where(_DRD.deployment_id == deployment.id).order_by(_DRD.key))]


def delete_of_deployment(tx: Session, deployment: Deployment) -> None:
    tx.execute(delete(_DRD).where(_DRD.deployment_id == deployment.id).execution_options(
        synchronize_session="fetch"))


# -- lookups ---------------------------------------------------------------------------------


def get_definition(tx: Session, caller: Caller, requirements_id: str) -> _DRD:
    row = tx.get(_DRD, requirements_id) if requirements_id else None
    return visible(caller, row, "decision requirements definition", NOT_FOUND, requirements_id)


def resolve(tx: Session, caller: Caller, ref: DefinitionRef) -> _DRD:
    """By id; by key (the latest version of no tenant); by key and tenant (that tenant's latest)."""
    row: _DRD = definition_named(tx, caller, ref, _DRD, kind="decision requirements definition", reason=NOT_FOUND,
                                 action="read this tenant's decision requirements definitions")
    return row


def definition_xml(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[_DRD, str]:
    """GetDecisionRequirementsDefinitionXml: the definition and the text of its DMN file."""
    definition = resolve(tx, caller, ref)
    return definition, definition_text(tx, definition)


def definition_diagram(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[_DRD, diagrams.Diagram | None]:
    """GetDecisionRequirementsDefinitionDiagram: the definition and its diagram (None: it has none)."""
    definition = resolve(tx, caller, ref)
    return definition, diagrams.definition_diagram(tx, definition)


@dataclass(frozen=True)
class RequirementsQuery:
    """The filters of QueryDecisionRequirementsDefinitions and its count."""

    decision_requirements_definition_id: str = ""
    decision_requirements_definition_id_in: tuple[str, ...] = ()
    key: str = ""
    key_like: str = ""
    name: str = ""
    name_like: str = ""
    category: str = ""
    category_like: str = ""
    deployment_id: str = ""
    resource_name: str = ""
    resource_name_like: str = ""
    version: int | None = None
    latest_version: bool = False
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    include_without_tenant_id: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {
    "id": _DRD.id, "key": _DRD.key, "name": _DRD.name, "version": _DRD.version, "category": _DRD.category,
    "deploymentId": _DRD.deployment_id, "tenantId": _DRD.tenant_id,
}


def _conditions(caller: Caller, q: RequirementsQuery) -> list[ColumnElement[bool]]:
    d = _DRD
    if q.version is not None and q.version < 1:
        raise invalid_field("version", f"a version is 1 or more, not {q.version}")
    conds = executions.equalities([
        (d.id, q.decision_requirements_definition_id), (d.id, list(q.decision_requirements_definition_id_in)),
        (d.key, q.key), (d.name, q.name), (d.category, q.category), (d.deployment_id, q.deployment_id),
        (d.resource_name, q.resource_name)])
    for column, pattern, field_name in ((d.key, q.key_like, "key_like"), (d.name, q.name_like, "name_like"),
                                        (d.category, q.category_like, "category_like"),
                                        (d.resource_name, q.resource_name_like, "resource_name_like")):
        if pattern:
            conds.append(executions.like(column, pattern, field_name))
    if q.version is not None:
        conds.append(d.version == q.version)
    conds += executions.tenant_choice(d.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                      or_none=q.include_without_tenant_id)
    if q.latest_version:
        conds.append(executions.latest_versions(d))
    return conds + caller.tenant_conditions(d.tenant_id)


def query_definitions(tx: Session, caller: Caller, q: RequirementsQuery, offset: int, limit: int) -> list[_DRD]:
    order = executions.ordering(q.sorting, SORT_KEYS, _DRD.id)
    return list(tx.scalars(select(_DRD).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)))


def count_definitions(tx: Session, caller: Caller, q: RequirementsQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_DRD).where(*_conditions(caller, q))) or 0)


# -- statistics ------------------------------------------------------------------------------


def statistics(tx: Session, caller: Caller, requirements_id: str,
               decision_instance_id: str = "") -> list[tuple[str, int]]:
    """(decision key, evaluations) for each decision of the definition that has historic decision
    instances the caller sees, by key; with ``decision_instance_id``, counting only that row and
    the rows whose root it is (one evaluation)."""
    if not requirements_id:
        raise missing_required_field("id")
    definition = get_definition(tx, caller, requirements_id)
    h = HistoricDecisionInstance
    conds = [h.decision_requirements_definition_id == definition.id, *caller.tenant_conditions(h.tenant_id)]
    if decision_instance_id:
        conds.append(or_(h.id == decision_instance_id, h.root_decision_instance_id == decision_instance_id))
    return [(key, int(n)) for key, n in tx.execute(
        select(h.decision_definition_key, func.count()).where(*conds)
        .group_by(h.decision_definition_key).order_by(h.decision_definition_key))]
