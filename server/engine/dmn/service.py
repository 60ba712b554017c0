"""Decision definitions: deploying DMN resources (registered with the deployment service at import
time), lookups, queries, the DMN XML, and evaluating decisions — through EvaluateDecision and
from business rule tasks. Tenants are respected as for processes: definitions of a tenant the
token is not granted do not exist for it (NOT_FOUND)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection, Mapping

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from server.clock import Clock
from server.engine import deployments, diagrams, executions
from server.engine.bpmn.spec import Element
from server.engine.definitions import DefinitionRef, definition_named
from server.engine.deployments import DeployedDefinitionView, definition_text
from server.engine.activity_log import open_pass
from server.engine.dmn import history as decision_history
from server.engine.dmn import requirements
from server.engine.dmn.evaluation import DecisionEvaluationError, DecisionResult, evaluate_decision
from server.engine.dmn.models import DecisionDefinition
from server.engine.dmn.parser import parse_dmn, parse_dmn_file
from server.engine.dmn.spec import DecisionCall, DecisionSpec
from server.engine.errors import decision_evaluation_failed, precondition
from server.engine.instances import root_instance_id
from server.engine.models import Deployment, Execution
from server.engine.runtime import Runtime, SpecCache, definition_id
from server.engine.variables import TypedValue, to_api
from server.errors import InvalidArgument, invalid_field
from server.identity.service import Caller

DMN_SUFFIXES = (".dmn", ".dmn11.xml")
KIND = "decision"
NOT_FOUND = "DECISION_DEFINITION_NOT_FOUND"


def _parse(content: bytes, resource_name: str) -> list[DecisionSpec]:
    return parse_dmn(content, resource_name, deploying=False)


DECISION_SPECS: SpecCache[DecisionSpec] = SpecCache(_parse)


# -- deployment ------------------------------------------------------------------------------


def deploy_dmn(tx: Session, clock: Clock, deployment: Deployment, resource_name: str, content: bytes,
               resource_names: Collection[str]) -> list[DeployedDefinitionView]:
    """Each decision of the file becomes a decision definition, versioned per key and tenant; a
    file of more than one decision becomes a decision requirements definition as well, which
    its decisions name. Each finds its diagram by its own key (the document's engine's decision
    deployer does so too): `<file>.<key>.png`, else the file's `<file>.png`."""

    def diagram(key: str) -> str | None:
        return diagrams.diagram_resource_name(resource_name, DMN_SUFFIXES, key, resource_names)

    parsed = parse_dmn_file(content, resource_name)
    drd = (requirements.deploy(tx, deployment, resource_name, parsed.requirements,
                               diagram(parsed.requirements.key or ""))
           if parsed.has_requirements_definition else None)
    tenant_key = deployment.tenant_id or ""
    views = []
    for spec in parsed.decisions:
        existing = tx.scalar(select(DecisionDefinition.id).where(
            DecisionDefinition.deployment_id == deployment.id, DecisionDefinition.key == spec.key))
        if existing is not None:
            raise InvalidArgument(
                "DUPLICATE_DECISION_KEY", f"decision {spec.key!r} is in two resources of this deployment",
                metadata={"type": "bad_request", "resource": resource_name, "key": spec.key})
        current = tx.scalar(select(func.max(DecisionDefinition.version)).where(
            DecisionDefinition.key == spec.key, DecisionDefinition.tenant_key == tenant_key))
        version = (current or 0) + 1
        definition = DecisionDefinition(
            id=definition_id(spec.key, version, DecisionDefinition.id), key=spec.key, version=version,
            name=spec.name, version_tag=spec.version_tag, tenant_id=deployment.tenant_id, tenant_key=tenant_key,
            deployment_id=deployment.id, resource_name=resource_name,
            history_time_to_live=spec.history_time_to_live,
            decision_requirements_definition_id=drd.id if drd else None,
            decision_requirements_definition_key=drd.key if drd else None,
            diagram_resource_name=diagram(spec.key))
        tx.add(definition)
        tx.flush()
        DECISION_SPECS.put(definition.id, spec)
        views.append(DeployedDefinitionView(definition.id, spec.key, version, spec.name, KIND, resource_name))
    return views + ([requirements.view(drd)] if drd else [])


def list_decision_definitions(tx: Session, deployment: Deployment) -> list[DeployedDefinitionView]:
    """The deployment's decision definitions, then its decision requirements definitions."""
    return [DeployedDefinitionView(d.id, d.key, d.version, d.name, KIND, d.resource_name)
            for d in tx.scalars(select(DecisionDefinition).where(DecisionDefinition.deployment_id == deployment.id)
                                .order_by(DecisionDefinition.key))] + requirements.list_of_deployment(tx, deployment)


def delete_decision_definitions(tx: Session, clock: Clock, deployment: Deployment, cascade: bool) -> None:
    """A deployment's decisions go with it, with their history (as its processes' ended
    instances go with theirs); nothing runs of a decision, so nothing blocks that."""
    decision_history.delete_of_definitions(tx, tx.scalars(select(DecisionDefinition.id).where(
        DecisionDefinition.deployment_id == deployment.id)))
    tx.execute(delete(DecisionDefinition).where(DecisionDefinition.deployment_id == deployment.id)
               .execution_options(synchronize_session="fetch"))
    requirements.delete_of_deployment(tx, deployment)


deployments.RESOURCE_HANDLERS[DMN_SUFFIXES] = deploy_dmn
deployments.DEFINITION_LISTERS.append(list_decision_definitions)
deployments.DEPLOYMENT_DELETERS.append(delete_decision_definitions)
deployments.INSTANCE_RECORD_DELETERS.append(decision_history.delete_of_instances)
deployments.CASE_RECORD_DELETERS.append(decision_history.delete_of_case_instances)


# -- lookups ---------------------------------------------------------------------------------


def resolve(tx: Session, caller: Caller, ref: DefinitionRef, *,
            action: str = "read this tenant's decision definitions") -> DecisionDefinition:
    """By id; by key (the latest version of no tenant); by key and tenant (that tenant's latest)."""
    row: DecisionDefinition = definition_named(tx, caller, ref, DecisionDefinition, kind="decision definition",
                                               reason=NOT_FOUND, action=action)
    return row


def definition_xml(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[DecisionDefinition, str]:
    """GetDecisionDefinitionXml: the definition and the text of its DMN file."""
    definition = resolve(tx, caller, ref)
    return definition, definition_text(tx, definition)


def definition_diagram(tx: Session, caller: Caller,
                       ref: DefinitionRef) -> tuple[DecisionDefinition, diagrams.Diagram | None]:
    """GetDecisionDefinitionDiagram: the definition and its diagram (None: it has none)."""
    definition = resolve(tx, caller, ref)
    return definition, diagrams.definition_diagram(tx, definition)


@dataclass(frozen=True)
class DecisionDefinitionQuery:
    """The filters of QueryDecisionDefinitions and CountDecisionDefinitions."""

    decision_definition_id: str = ""
    decision_definition_id_in: tuple[str, ...] = ()
    key: str = ""
    key_like: str = ""
    name: str = ""
    name_like: str = ""
    deployment_id: str = ""
    version: int | None = None
    latest_version: bool = False
    version_tag: str = ""
    version_tag_like: str = ""
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    include_decision_definitions_without_tenant_id: bool = False
    resource_name: str = ""
    resource_name_like: str = ""
    decision_requirements_definition_id: str = ""
    decision_requirements_definition_key: str = ""
    without_decision_requirements_definition: bool = False
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {
    "id": DecisionDefinition.id, "key": DecisionDefinition.key, "name": DecisionDefinition.name,
    "version": DecisionDefinition.version, "versionTag": DecisionDefinition.version_tag,
    "deploymentId": DecisionDefinition.deployment_id, "tenantId": DecisionDefinition.tenant_id,
    "decisionRequirementsDefinitionKey": DecisionDefinition.decision_requirements_definition_key,
}


def _conditions(caller: Caller, q: DecisionDefinitionQuery) -> list[ColumnElement[bool]]:
    d = DecisionDefinition
    if q.version is not None and q.version < 1:
        raise invalid_field("version", f"a version is 1 or more, not {q.version}")
    conds = executions.equalities([
        (d.id, q.decision_definition_id), (d.id, list(q.decision_definition_id_in)), (d.key, q.key),
        (d.name, q.name), (d.deployment_id, q.deployment_id), (d.version_tag, q.version_tag),
        (d.resource_name, q.resource_name),
        (d.decision_requirements_definition_id, q.decision_requirements_definition_id),
        (d.decision_requirements_definition_key, q.decision_requirements_definition_key)])
    if q.without_decision_requirements_definition:
        conds.append(d.decision_requirements_definition_id.is_(None))
    for column, pattern, field_name in ((d.key, q.key_like, "key_like"), (d.name, q.name_like, "name_like"),
                                        (d.version_tag, q.version_tag_like, "version_tag_like"),
                                        (d.resource_name, q.resource_name_like, "resource_name_like")):
        if pattern:
            conds.append(executions.like(column, pattern, field_name))
    if q.version is not None:
        conds.append(d.version == q.version)
    conds += executions.tenant_choice(d.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                      or_none=q.include_decision_definitions_without_tenant_id)
    if q.latest_version:
        conds.append(executions.latest_versions(d))
    return conds + caller.tenant_conditions(d.tenant_id)


def query_definitions(tx: Session, caller: Caller, q: DecisionDefinitionQuery, offset: int,
                      limit: int) -> list[DecisionDefinition]:
    order = executions.ordering(q.sorting, SORT_KEYS, DecisionDefinition.id)
    return list(tx.scalars(select(DecisionDefinition).where(*_conditions(caller, q)).order_by(*order)
                           .offset(offset).limit(limit)))


def count_definitions(tx: Session, caller: Caller, q: DecisionDefinitionQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(DecisionDefinition)
                         .where(*_conditions(caller, q))) or 0)


# -- evaluation ------------------------------------------------------------------------------


def _evaluate(tx: Session, clock: Clock, definition: DecisionDefinition, variables: Mapping[str, TypedValue], *,
              activity_id: str | None = None) -> DecisionResult:
    spec = DECISION_SPECS.get(tx, definition)
    try:
        return evaluate_decision(spec, variables, now=clock.now())
    except DecisionEvaluationError as error:
        raise _failed(error, definition, activity_id) from None


def _failed(error: DecisionEvaluationError, definition: DecisionDefinition, activity_id: str | None) -> Exception:
    return decision_evaluation_failed(
        error.decision_key, error.detail, decision_definition_id=definition.id, rule_id=error.rule_id,
        input_id=error.input_id, output_id=error.output_id, expression=error.expression, activity_id=activity_id)


def evaluate(tx: Session, clock: Clock, caller: Caller, ref: DefinitionRef,
             variables: Mapping[str, TypedValue]) -> tuple[DecisionDefinition, DecisionResult]:
    """EvaluateDecision: the definition ``ref`` names, evaluated with ``variables``; its history
    names the caller."""
    definition = resolve(tx, caller, ref, action="evaluate this tenant's decisions")
    result = _evaluate(tx, clock, definition, variables)
    decision_history.record(tx, clock, definition, result, decision_history.Evaluated(user_id=caller.user_name))
    return definition, result


def evaluate_for_task(rt: Runtime, token: Execution, element: Element) -> None:
    """A business rule task: evaluates the decision its camunda:decisionRef names (of the process
    definition's tenant unless camunda:decisionRefTenantId names another, bound as
    camunda:decisionRefBinding says) with the variables the path sees, and sets the mapped
    result in its camunda:resultVariable."""
    assert element.decision_ref is not None
    key = str(rt.evaluate(token, element.decision_ref, element.id))
    process_definition = rt.definition(token.process_definition_id)
    tenant = process_definition.tenant_id
    if element.decision_tenant_id is not None:
        tenant = str(rt.evaluate(token, element.decision_tenant_id, element.id) or "") or None
    call = DecisionCall(element.decision_binding, element.decision_version, element.decision_version_tag,
                        element.result_variable, element.map_decision_result)
    value = call_decision(
        rt.tx, rt.clock, call, key, tenant, process_definition.deployment_id, rt.variables_visible(token),
        f"business rule task {element.id!r}", element.id, decision_history.Evaluated(
            process_definition_id=token.process_definition_id, process_definition_key=token.process_definition_key,
            process_instance_id=token.process_instance_id,
            root_process_instance_id=root_instance_id(rt.tx, token.process_instance_id),
            activity_id=element.id, activity_instance_id=open_pass(rt.tx, token.id, element.id),
            tenant_id=token.tenant_id))
    if value is not None and element.result_variable:
        rt.set_variable(token, element.result_variable, value)


def bound_definition(tx: Session, call: DecisionCall, key: str, tenant_id: str | None, deployment_id: str,
                     task: str, activity_id: str) -> DecisionDefinition:
    """The version of decision ``key`` of ``tenant_id`` (None: of no tenant) that ``call``'s
    binding picks: the latest, the one of the caller's deployment ``deployment_id``, a version,
    or the latest with a version tag. CALLED_DEFINITION_NOT_FOUND naming ``task`` when none is
    deployed."""
    d = DecisionDefinition
    query = select(d).where(d.key == key, d.tenant_key == (tenant_id or ""))
    if call.binding == "deployment":
        query = query.where(d.deployment_id == deployment_id)
    elif call.binding == "version":
        query = query.where(d.version == call.version)
    elif call.binding == "versionTag":
        query = query.where(d.version_tag == call.version_tag)
    definition = tx.scalar(query.order_by(d.version.desc()).limit(1))
    if definition is None:
        raise precondition(
            "CALLED_DEFINITION_NOT_FOUND",
            f"{task} evaluates decision {key!r} ({call.binding}"
            + (f", tenant {tenant_id!r}" if tenant_id else "") + "), which is not deployed",
            activity_id, activity_id=activity_id, decision_ref=key, binding=call.binding, tenant_id=tenant_id)
    return definition


def call_decision(tx: Session, clock: Clock, call: DecisionCall, key: str, tenant_id: str | None,
                  deployment_id: str, variables: Mapping[str, TypedValue], task: str, activity_id: str,
                  where: decision_history.Evaluated) -> TypedValue | None:
    """A business rule task's or decision task's evaluation: the bound definition (see
    ``bound_definition``) evaluated with ``variables``, its history written as ``where`` says;
    the result mapped as ``call`` says when it has a result variable (else None). Failures name
    ``activity_id``."""
    definition = bound_definition(tx, call, key, tenant_id, deployment_id, task, activity_id)
    result = _evaluate(tx, clock, definition, variables, activity_id=activity_id)
    decision_history.record(tx, clock, definition, result, where)
    if not call.result_variable:
        return None
    try:
        return map_result(definition.key, result, call.map_decision_result)
    except DecisionEvaluationError as error:
        raise _failed(error, definition, activity_id) from None


def map_result(decision_key: str, result: DecisionResult, how: str) -> TypedValue:
    """The value camunda:mapDecisionResult makes of a decision result: resultList (a Json list of
    objects, one per rule result), singleResult (a Json object: the one rule result, or null),
    singleEntry (the one value of the one rule result, of its own type, or null) or
    collectEntries (a Json list of the one output's values)."""
    rows = result.rows
    if how in ("singleEntry", "singleResult") and len(rows) > 1:
        raise DecisionEvaluationError(decision_key, f"mapDecisionResult {how} needs at most one rule result, but "
                                      f"there are {len(rows)}")
    if how == "singleEntry":
        if not rows or not rows[0]:
            return TypedValue("null", None)
        if len(rows[0]) > 1:
            raise DecisionEvaluationError(decision_key, f"mapDecisionResult singleEntry needs one output, but the "
                                          f"result has {len(rows[0])}: {', '.join(rows[0])}")
        return next(iter(rows[0].values()))
    if how == "singleResult":
        return TypedValue("null", None) if not rows else TypedValue("json", _json_row(rows[0]))
    if how == "collectEntries":
        names = list(dict.fromkeys(name for row in rows for name in row))
        if len(names) > 1:
            raise DecisionEvaluationError(decision_key, "mapDecisionResult collectEntries needs one output, but the "
                                          f"result has {len(names)}: {', '.join(names)}")
        return TypedValue("json", [to_api(row[names[0]]) for row in rows if names[0] in row] if names else [])
    return TypedValue("json", [_json_row(row) for row in rows])


def _json_row(row: Mapping[str, TypedValue]) -> dict[str, Any]:
    return {name: to_api(value) for name, value in row.items()}
