"""Process instances: lookup, query, suspension, deletion and process variables."""

from __future__ import annotations

from typing import Iterable, Mapping

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import executions
from server.engine.errors import not_found, precondition
from server.engine.models import Execution, ExternalTask, Job, ProcessInstance, Task
from server.engine.runtime import Runtime, delete_variables, typed_value, write_variable
from server.engine.models import Variable
from server.engine.variables import TypedValue
from server.errors import invalid_field
from server.identity.service import Caller

RUNNING = ("ACTIVE", "SUSPENDED")


def get_instance(tx: Session, caller: Caller, instance_id: str) -> ProcessInstance:
    row = tx.get(ProcessInstance, instance_id) if instance_id else None
    if row is None or not caller.sees_tenant(row.tenant_id):
        raise not_found("process instance", "PROCESS_INSTANCE_NOT_FOUND", instance_id)
    return row


def running_instance(tx: Session, caller: Caller, instance_id: str) -> ProcessInstance:
    row = get_instance(tx, caller, instance_id)
    if row.state not in RUNNING:
        raise precondition(
            "INSTANCE_ENDED",
            f"process instance {instance_id} has ended ({row.state.lower()})",
            instance_id,
            state=row.state,
        )
    return row


def query_instances(
    tx: Session,
    caller: Caller,
    *,
    definition_id: str,
    definition_key: str,
    business_key: str,
    tenant_ids: list[str],
    active: bool,
    suspended: bool,
    include_ended: bool,
    super_instance_id: str,
    offset: int,
    limit: int,
) -> list[ProcessInstance]:
    if active and suspended:
        raise invalid_field("suspended", "active and suspended exclude each other")
    query = select(ProcessInstance)
    if definition_id:
        query = query.where(ProcessInstance.process_definition_id == definition_id)
    if definition_key:
        query = query.where(ProcessInstance.process_definition_key == definition_key)
    if business_key:
        query = query.where(ProcessInstance.business_key == business_key)
    if tenant_ids:
        query = query.where(ProcessInstance.tenant_id.in_(tenant_ids))
    if super_instance_id:
        query = query.where(ProcessInstance.super_process_instance_id == super_instance_id)
    if active:
        query = query.where(ProcessInstance.state == "ACTIVE")
    elif suspended:
        query = query.where(ProcessInstance.state == "SUSPENDED")
    elif not include_ended:
        query = query.where(ProcessInstance.state.in_(RUNNING))
    visible = caller.visible_tenants()
    if visible is not None:
        query = query.where(ProcessInstance.tenant_id.is_(None) | ProcessInstance.tenant_id.in_(visible))
    return list(tx.scalars(query.order_by(ProcessInstance.id).offset(offset).limit(limit)))


def set_suspended(tx: Session, clock: Clock, caller: Caller, instance_id: str, suspended: bool) -> ProcessInstance:
    instance = running_instance(tx, caller, instance_id)
    Runtime(tx, clock).lock_instance(instance.id)
    suspend_held(tx, instance, suspended)
    return instance


def suspend_held(tx: Session, instance: ProcessInstance, suspended: bool) -> None:
    """Suspends (activates) a running instance whose lock this transaction holds: its
    executions, tasks, external tasks and jobs with it."""
    instance.state = "SUSPENDED" if suspended else "ACTIVE"
    for model in (Execution, Task, ExternalTask, Job):
        tx.execute(
            update(model)
            .where(model.process_instance_id == instance.id)  # type: ignore[attr-defined]
            .values(suspended=suspended)
            .execution_options(synchronize_session="fetch")
        )


def delete_instance(tx: Session, clock: Clock, caller: Caller, instance_id: str, reason: str) -> ProcessInstance:
    instance = running_instance(tx, caller, instance_id)
    Runtime(tx, clock).delete_instance(instance, reason or None)
    return instance


def get_variables(tx: Session, caller: Caller, instance_id: str) -> dict[str, TypedValue]:
    instance = running_instance(tx, caller, instance_id)
    return scope_variables(tx, instance.id)


def scope_variables(tx: Session, scope_id: str) -> dict[str, TypedValue]:
    rows = tx.scalars(select(Variable).where(Variable.scope_id == scope_id).order_by(Variable.name))
    return {row.name: typed_value(row) for row in rows}


def modify_scope_variables(
    tx: Session, scope: Execution, modifications: Mapping[str, TypedValue], deletions: Iterable[str]
) -> None:
    for name, value in modifications.items():
        write_variable(tx, scope.id, name, value, process_instance_id=scope.process_instance_id)
    tx.flush()
    delete_variables(tx, scope.id, deletions)


def modify_variables(
    tx: Session, clock: Clock, caller: Caller, instance_id: str, modifications: Mapping[str, TypedValue],
    deletions: Iterable[str],
) -> None:
    instance = running_instance(tx, caller, instance_id)
    root = Runtime(tx, clock).lock_instance(instance.id)
    modify_scope_variables(tx, root, modifications, deletions)


def modify_local_variables(
    tx: Session, clock: Clock, caller: Caller, execution_id: str, modifications: Mapping[str, TypedValue],
    deletions: Iterable[str],
) -> None:
    """ExecutionService.ModifyLocalVariables: on the execution as the calls that held its
    instance before this one left it (one removed meanwhile has no variables to write to)."""
    execution = executions.held_execution(Runtime(tx, clock), caller, execution_id)
    modify_scope_variables(tx, execution, modifications, deletions)
