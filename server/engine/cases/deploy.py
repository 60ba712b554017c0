"""CMMN resources of deployments: parse, version and store case definitions; list and delete
them with their deployment. Registered with the deployment service at import time."""

from __future__ import annotations

from typing import Collection

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import deployments, diagrams
from server.engine.cases.models import CaseDefinition, CaseExecution, CaseInstance
from server.engine.cases.runtime import CASE_ACTIVE, CASE_SPECS, CaseRuntime, _purge_runtime
from server.engine.deployments import DeployedDefinitionView
from server.engine.errors import precondition
from server.engine.models import Deployment
from server.engine.runtime import definition_id
from server.errors import InvalidArgument

CMMN_SUFFIXES = (".cmmn", ".cmmn11.xml")


def deploy_cmmn(
    tx: Session, clock: Clock, deployment: Deployment, resource_name: str, content: bytes,
    resource_names: Collection[str],
) -> list[DeployedDefinitionView]:
    """Each case of the file becomes a case definition, versioned per key and tenant."""
    from server.engine.cmmn.parser import parse_cmmn

    specs = parse_cmmn(content, resource_name)
    tenant_key = deployment.tenant_id or ""
    views = []
    for spec in specs:
        existing = tx.scalar(
            select(CaseDefinition.id).where(CaseDefinition.deployment_id == deployment.id, CaseDefinition.key == spec.key)
        )
        if existing is not None:
            raise InvalidArgument(
                "DUPLICATE_CASE_KEY",
                f"case {spec.key!r} is in two resources of this deployment",
                metadata={"type": "bad_request", "resource": resource_name, "key": spec.key},
            )
        current = tx.scalar(
            select(func.max(CaseDefinition.version)).where(
                CaseDefinition.key == spec.key, CaseDefinition.tenant_key == tenant_key
            )
        )
        version = (current or 0) + 1
        definition = CaseDefinition(
            id=definition_id(spec.key, version, CaseDefinition.id), key=spec.key, version=version, name=spec.name,
            tenant_id=deployment.tenant_id, tenant_key=tenant_key, deployment_id=deployment.id,
            resource_name=resource_name, history_time_to_live=spec.history_time_to_live, category=spec.category,
            diagram_resource_name=diagrams.diagram_resource_name(resource_name, CMMN_SUFFIXES, spec.key,
                                                                 resource_names),
        )
        tx.add(definition)
        tx.flush()
        CASE_SPECS.put(definition.id, spec)
        views.append(DeployedDefinitionView(definition.id, spec.key, version, spec.name, "case", resource_name))
    return views


def list_case_definitions(tx: Session, deployment: Deployment) -> list[DeployedDefinitionView]:
    return [
        DeployedDefinitionView(d.id, d.key, d.version, d.name, "case", d.resource_name)
        for d in tx.scalars(
            select(CaseDefinition).where(CaseDefinition.deployment_id == deployment.id).order_by(CaseDefinition.key)
        )
    ]


def delete_case_definitions(tx: Session, clock: Clock, deployment: Deployment, cascade: bool) -> None:
    """Active case instances block the deletion unless ``cascade``, which terminates them first;
    then the instances (any state), their executions, variables and tasks go with the
    definitions."""
    definition_ids = select(CaseDefinition.id).where(CaseDefinition.deployment_id == deployment.id)
    # Lock the definitions first (PostgreSQL): a case being created of one of them (its row's
    # foreign key holds a share lock on the definition) commits before this reads the instances,
    # and one created later waits until the definitions are gone, then finds none.
    tx.execute(definition_ids.with_for_update())
    active = list(
        tx.scalars(
            select(CaseInstance).where(
                CaseInstance.case_definition_id.in_(definition_ids), CaseInstance.state == CASE_ACTIVE
            ).order_by(CaseInstance.id)
        )
    )
    if active and not cascade:
        raise precondition(
            "DEPLOYMENT_HAS_RUNNING_INSTANCES",
            f"deployment {deployment.id} has {len(active)} active case instance(s); delete with cascade",
            deployment.id,
            count=len(active),
        )
    for case in active:
        if case.state == CASE_ACTIVE:  # terminating one may have ended another (a sub-case)
            CaseRuntime(tx, clock).case_transition(case, "terminate")
    case_ids = list(tx.scalars(select(CaseInstance.id).where(CaseInstance.case_definition_id.in_(definition_ids))))
    _purge_runtime(tx, clock, case_ids)
    for hook in deployments.CASE_RECORD_DELETERS:
        hook(tx, case_ids)
    tx.execute(delete(CaseExecution).where(CaseExecution.case_definition_id.in_(definition_ids))
               .execution_options(synchronize_session="fetch"))
    tx.execute(delete(CaseInstance).where(CaseInstance.case_definition_id.in_(definition_ids))
               .execution_options(synchronize_session="fetch"))
    tx.execute(delete(CaseDefinition).where(CaseDefinition.deployment_id == deployment.id)
               .execution_options(synchronize_session="fetch"))


deployments.RESOURCE_HANDLERS[CMMN_SUFFIXES] = deploy_cmmn
deployments.DEFINITION_LISTERS.append(list_case_definitions)
deployments.DEPLOYMENT_DELETERS.append(delete_case_definitions)
