"""Process definitions: lookup, listing, starting instances by id, key, or key and tenant, and
their history time to live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Mapping

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from server.clock import Clock
from server.db import writers_take_turns
from server.engine import deployments, diagrams, executions, operation_log
from server.engine.bpmn.parser import MAX_HISTORY_TIME_TO_LIVE
from server.engine.bpmn.spec import ElementKind
from server.engine.deployments import definition_text
from server.engine.errors import not_found, precondition, visible
from server.engine.failure_models import Incident
from server.engine.groups import member_groups
from server.engine.incidents import OPEN
from server.engine.jobs import SUSPENSION_JOBS
from server.engine.models import (Deployment, Job, JobDefinition, ProcessDefinition, ProcessDefinitionStarter,
                                  ProcessInstance)
from server.engine.runtime import KEY_SHARE, Runtime, called_definition_query, latest_definition, new_id
from server.engine.variables import TypedValue
from server.errors import NotFound, Violations, invalid_field, missing_required_field
from server.identity.service import Caller


# What a caller does with a tenant's definition that it only reads (for TENANT_NOT_GRANTED).
READ = "read this tenant's definitions"


@dataclass(frozen=True)
class DefinitionRef:
    """One of: id; key (latest version of no tenant); key and tenant (that tenant's latest)."""

    id: str = ""
    key: str = ""
    tenant_id: str | None = None
    by_tenant: bool = False


def get_definition(tx: Session, caller: Caller, definition_id: str, *, hold: bool = False,
                   field_name: str = "id") -> ProcessDefinition:
    """``hold``: the row read under a key-share lock, fresh (a start: see Runtime._suspended);
    ``field_name``: the request field that names it."""
    row = tx.get(ProcessDefinition, definition_id, with_for_update=KEY_SHARE if hold else None,
                 populate_existing=hold) if definition_id else None
    return visible(caller, row, "process definition", "PROCESS_DEFINITION_NOT_FOUND", definition_id, field_name)


def resolve(
    tx: Session, caller: Caller, ref: DefinitionRef, *, hold: bool = False,
    action: str = "start instances of this tenant's definitions",
) -> ProcessDefinition:
    """``action``: what the caller wants of a tenant's definition, for TENANT_NOT_GRANTED."""
    if ref.id:
        return get_definition(tx, caller, ref.id, hold=hold)
    if not ref.key:
        raise missing_required_field("definition", "give a definition id, a key, or a key and tenant id")
    if ref.by_tenant:
        if not ref.tenant_id:
            raise missing_required_field("definition.key_and_tenant.tenant_id")
        caller.require_tenant(ref.tenant_id, action)
    row = latest_definition(tx, ref.key, ref.tenant_id if ref.by_tenant else None, hold=hold)
    if row is None:
        raise key_not_found("process definition", "PROCESS_DEFINITION_NOT_FOUND", ref)
    return row


def delete_definition(tx: Session, clock: Clock, caller: Caller, definition_id: str, cascade: bool) -> None:
    """DeleteProcessDefinition."""
    if not definition_id:
        raise missing_required_field("id")
    deployments.take_deployment_lock(tx)
    _delete(tx, clock, caller, [get_definition(tx, caller, definition_id)], cascade)


def delete_definitions_by_key(tx: Session, clock: Clock, caller: Caller, key: str, tenant_id: str,
                              cascade: bool) -> list[ProcessDefinition]:
    """DeleteProcessDefinitionsByKey: every version of ``key`` of ``tenant_id`` (or of no
    tenant), oldest first."""
    if not key:
        raise missing_required_field("key")
    if tenant_id:
        caller.require_tenant(tenant_id, "delete this tenant's definitions")
    deployments.take_deployment_lock(tx)
    found = list(tx.scalars(select(ProcessDefinition).where(
        ProcessDefinition.key == key, ProcessDefinition.tenant_id == tenant_id if tenant_id
        else ProcessDefinition.tenant_id.is_(None), *caller.tenant_conditions(ProcessDefinition.tenant_id))
        .order_by(ProcessDefinition.version)))
    if not found:
        raise not_found("process definition", "PROCESS_DEFINITION_NOT_FOUND", key, "key")
    _delete(tx, clock, caller, found, cascade)
    return found


def _delete(tx: Session, clock: Clock, caller: Caller, found: list[ProcessDefinition], cascade: bool) -> None:
    """Deletes the definitions (their running instances first, with ``cascade``), under the
    deployment lock: their keys' versions locked as DeleteDeployment locks them, so a start or
    a timer start firing under way is waited for."""
    for key, tenant_key in sorted({(d.key, d.tenant_key) for d in found}):
        deployments.lock_versions(tx, key, tenant_key)
    ids = [d.id for d in found]
    running = deployments.running_instances(tx, ids)
    if running and not cascade:
        subject = ids[0] if len(ids) == 1 else found[0].key
        raise precondition("PROCESS_DEFINITION_HAS_RUNNING_INSTANCES",
                           f"{len(running)} process instance(s) of {subject} run; delete with cascade", subject,
                           count=len(running))
    operation = operation_log.Operation(tx, clock, caller, "Delete")
    for definition in found:
        operation.entry(operation_log.of_definition(definition), ("cascade", None, cascade))
    runtime = Runtime(tx, clock)
    deployments.delete_running(runtime, running, "process definition deleted")
    deployments.remove_definitions(runtime, ids)
    tx.flush()


def definition_named(tx: Session, caller: Caller, ref: DefinitionRef, model: Any, *, kind: str, reason: str,
                     action: str) -> Any:
    """The definition of ``model`` (a table of versioned definitions: key, tenant_key, version)
    that ``ref`` names: by id; by key, the latest version of no tenant, or (``ref.by_tenant``) of
    the tenant given, which the caller must be granted (``action``: for TENANT_NOT_GRANTED).
    ``kind`` and ``reason`` name it in NOT_FOUND (another tenant's is as absent)."""
    if ref.id:
        return visible(caller, tx.get(model, ref.id), kind, reason, ref.id)
    if not ref.key:
        raise missing_required_field("definition", f"give a {kind} id, a key, or a key and tenant id")
    tenant = None
    if ref.by_tenant:
        if not ref.tenant_id:
            raise missing_required_field("definition.key_and_tenant.tenant_id")
        caller.require_tenant(ref.tenant_id, action)
        tenant = ref.tenant_id
    row = tx.scalar(select(model).where(model.key == ref.key, model.tenant_key == (tenant or ""))
                    .order_by(model.version.desc()).limit(1))
    if row is None:
        raise key_not_found(kind, reason, ref)
    return row


def key_not_found(kind: str, reason: str, ref: DefinitionRef) -> NotFound:
    """No ``kind`` has the key of ``ref`` among the definitions of its tenant (or of no tenant)."""
    where = f"of tenant {ref.tenant_id!r}" if ref.by_tenant else "without tenant"
    return NotFound(
        reason,
        f"{kind} with key {ref.key!r} {where} does not exist",
        metadata={"type": "not_found", "id": ref.key, "field_name": "key",
                  "tenant_id": ref.tenant_id if ref.by_tenant else None},
    )


def definition_xml(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[ProcessDefinition, str]:
    """GetProcessDefinitionXml: the definition and the text of its BPMN file."""
    definition = resolve(tx, caller, ref, action=READ)
    return definition, definition_text(tx, definition)


def definition_diagram(tx: Session, caller: Caller,
                       ref: DefinitionRef) -> tuple[ProcessDefinition, diagrams.Diagram | None]:
    """GetProcessDefinitionDiagram: the definition and its diagram (None: it has none)."""
    definition = resolve(tx, caller, ref, action=READ)
    return definition, diagrams.definition_diagram(tx, definition)


@dataclass(frozen=True)
class DefinitionQuery:
    """ListProcessDefinitions' filters; each given one must hold."""

    key: str = ""
    latest_only: bool = False
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    deployment_id: str = ""
    id: str = ""
    id_in: tuple[str, ...] = ()
    key_in: tuple[str, ...] = ()
    key_like: str = ""
    name: str = ""
    name_like: str = ""
    version: int | None = None
    resource_name: str = ""
    resource_name_like: str = ""
    version_tag: str = ""
    version_tag_like: str = ""
    without_version_tag: bool = False
    active: bool = False
    suspended: bool = False
    include_without_tenant_id: bool = False
    deployed_after: datetime | None = None
    sorting: tuple[tuple[str, str], ...] = ()
    incident_id: str = ""
    incident_type: str = ""
    incident_message: str = ""
    incident_message_like: str = ""
    deployed_at: datetime | None = None
    startable_by: str = ""
    startable_in_tasklist: bool = False
    not_startable_in_tasklist: bool = False


def versioned_sort_keys(model: Any) -> dict[str, Any]:
    """The sort keys of a list of versioned definitions of ``model`` (ProcessDefinition,
    CaseDefinition): the document's sortBy values every kind stores."""
    return {"id": model.id, "key": model.key, "name": model.name, "version": model.version,
            "deploymentId": model.deployment_id, "tenantId": model.tenant_id}


# ListProcessDefinitions' sort keys (the document's sortBy values that this engine stores).
SORT_KEYS = {**versioned_sort_keys(ProcessDefinition), "versionTag": ProcessDefinition.version_tag}


def versioned_conditions(model: Any, q: DefinitionQuery, *, include_field: str) -> list[ColumnElement[bool]]:
    """The conditions of the filters of ``q`` that every kind of versioned definition answers
    (``model``: ProcessDefinition, CaseDefinition — id, key, name, version, deployment,
    resource name, tenant): ids, keys, names, resource names (equal or like), version, latest
    version, tenants (``include_field``: the request's include-without-tenant flag, which needs
    tenant_id_in). The caller's own tenants come on top."""
    D = model
    if q.include_without_tenant_id and not q.tenant_id_in:
        raise invalid_field(include_field, "give it with tenant_id_in")
    conds = executions.tenant_choice(D.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                     or_none=q.include_without_tenant_id)
    conds += executions.equalities([
        (D.key, q.key), (D.deployment_id, q.deployment_id), (D.id, q.id), (D.id, list(q.id_in)),
        (D.key, list(q.key_in)), (D.name, q.name), (D.resource_name, q.resource_name),
    ])
    for column, pattern, field_name in ((D.key, q.key_like, "key_like"), (D.name, q.name_like, "name_like"),
                                        (D.resource_name, q.resource_name_like, "resource_name_like")):
        if pattern:
            conds.append(executions.like(column, pattern, field_name))
    if q.version is not None:
        conds.append(D.version == q.version)
    if q.latest_only:
        conds.append(executions.latest_versions(D))
    return conds


def list_versioned(tx: Session, caller: Caller, model: Any, conds: list[ColumnElement[bool]],
                   sorting: tuple[tuple[str, str], ...], keys: Mapping[str, Any], offset: int, limit: int) -> list[Any]:
    """A page of the definitions of ``model`` that meet ``conds`` and the caller's tenants,
    ordered by ``sorting`` (over ``keys``), then key, version (newest first), id."""
    order = executions.ordering(sorting, keys, ())
    order += [model.key, model.version.desc(), model.id]
    return list(tx.scalars(select(model).where(*conds, *caller.tenant_conditions(model.tenant_id))
                           .order_by(*order).offset(offset).limit(limit)))


def _conditions(q: DefinitionQuery) -> list[ColumnElement[bool]]:
    D = ProcessDefinition
    executions.exclusive([
        (q.active, q.suspended, "active", "suspended"),
        (bool(q.version_tag), q.without_version_tag, "version_tag", "without_version_tag"),
        (q.startable_in_tasklist, q.not_startable_in_tasklist, "startable_in_tasklist", "not_startable_in_tasklist"),
    ])
    conds = versioned_conditions(D, q, include_field="include_process_definitions_without_tenant_id")
    if q.version_tag:
        conds.append(D.version_tag == q.version_tag)
    if q.version_tag_like:
        conds.append(executions.like(D.version_tag, q.version_tag_like, "version_tag_like"))
    if q.without_version_tag:
        conds.append(D.version_tag.is_(None))
    if q.active:
        conds.append(D.suspended.is_(False))
    if q.suspended:
        conds.append(D.suspended.is_(True))
    if q.deployed_after is not None:
        conds.append(D.deployment_id.in_(select(Deployment.id).where(Deployment.deployment_time > q.deployed_after)))
    if q.deployed_at is not None:
        conds.append(D.deployment_id.in_(select(Deployment.id).where(Deployment.deployment_time == q.deployed_at)))
    if q.incident_id or q.incident_type or q.incident_message or q.incident_message_like:
        incident = [Incident.process_definition_id == D.id, Incident.state == OPEN, *executions.equalities([
            (Incident.id, q.incident_id), (Incident.incident_type, q.incident_type),
            (Incident.incident_message, q.incident_message)])]
        if q.incident_message_like:
            incident.append(executions.like(Incident.incident_message, q.incident_message_like, "incident_message_like"))
        conds.append(exists().where(*incident))
    if q.startable_by:
        conds.append(_startable_by(q.startable_by))
    if q.startable_in_tasklist:
        conds.append(D.startable_in_tasklist.is_(True))
    if q.not_startable_in_tasklist:
        conds.append(D.startable_in_tasklist.is_(False))
    return conds


def _startable_by(user: str) -> ColumnElement[bool]:
    """The definition names the user as a candidate starter, or one of the user's groups as a
    candidate starter group: the document's engine's startableBy. A definition that names no
    candidate starter is startable by nobody in this sense."""
    S = ProcessDefinitionStarter
    named = (select(S.process_definition_id).where(S.kind == "user", S.value == user)
             .union_all(select(S.process_definition_id).where(S.kind == "group", S.value.in_(member_groups(user)))))
    return ProcessDefinition.id.in_(named)


def list_definitions(tx: Session, caller: Caller, q: DefinitionQuery, offset: int, limit: int) -> list[ProcessDefinition]:
    """ListProcessDefinitions: ordered by ``q.sorting``, then key, version (newest first), id."""
    return list_versioned(tx, caller, ProcessDefinition, _conditions(q), q.sorting, SORT_KEYS, offset, limit)


@dataclass(frozen=True)
class CalledDefinition:
    """A process definition call activities call, with the ids of those call activities."""

    definition: ProcessDefinition
    activity_ids: list[str]


def static_called_definitions(tx: Session, clock: Clock, caller: Caller, definition_id: str) -> list[CalledDefinition]:
    """GetStaticCalledProcessDefinitions: what the definition's call activities call where the
    model names it with constants, resolved by their bindings now (Runtime's own resolution);
    each definition once, ordered by id. Calls by expression, of cases, of keys with nothing
    deployed, and of definitions the caller does not see are left out."""
    definition = get_definition(tx, caller, definition_id, field_name="process_definition_id")
    found: dict[str, CalledDefinition] = {}
    for element in sorted(Runtime(tx, clock).spec(definition.id).elements.values(), key=lambda e: e.id):
        if element.kind is not ElementKind.CALL_ACTIVITY or element.called_element is None \
                or not element.called_element.is_constant:
            continue
        tenant = definition.tenant_id
        if element.called_element_tenant_id is not None:
            if not element.called_element_tenant_id.is_constant:
                continue
            tenant = str(element.called_element_tenant_id.constant) or None
        called = tx.scalar(called_definition_query(definition, element, str(element.called_element.constant), tenant))
        if called is not None and caller.sees_tenant(called.tenant_id):
            found.setdefault(called.id, CalledDefinition(called, [])).activity_ids.append(element.id)
    return [found[called_id] for called_id in sorted(found)]


def update_history_time_to_live(tx: Session, clock: Clock, caller: Caller, definition_id: str,
                                days: int | None) -> ProcessDefinition:
    """Sets (None: clears) the days the history of the definition's ended instances is kept; this
    version only, as the document's engine. Seeing the definition's tenant is enough."""
    row, days = get_definition(tx, caller, definition_id), checked_history_time_to_live(days)
    operation_log.Operation(tx, clock, caller, "UpdateHistoryTimeToLive").entry(
        operation_log.of_definition(row), ("historyTimeToLive", row.history_time_to_live, days))
    row.history_time_to_live = days
    return row


# The handler types of the jobs that make a scheduled suspension or activation.
SUSPEND_JOB, ACTIVATE_JOB = SUSPENSION_JOBS


@dataclass(frozen=True)
class Switched:
    """What a suspension call did: the definitions (in their new state, or as they are when the
    change is scheduled), how many running instances changed state, the scheduling job."""

    definitions: list[ProcessDefinition]
    instances_changed: int = 0
    job: Job | None = None


def set_suspended(
    tx: Session, clock: Clock, caller: Caller, definition_id: str, suspended: bool, *, include_instances: bool,
    execution_date: datetime | None = None,
) -> Switched:
    """SetProcessDefinitionSuspensionState: now, or (``execution_date``) by a job then.

    Locks come in the engine's order: the instances first (each with its callers, as every call
    on an instance takes them), then the definition's row for update. A start of the definition
    holds its instance's tree and then reads the definition's state under a key-share lock
    (Runtime.start_instance), so it waits for this call and then refuses, or this call waits for
    it. An instance that started after this call read the instances, and before it locked the
    definition, is not suspended yet: the unit of work runs again (server.db), now with it."""
    definition = get_definition(tx, caller, definition_id)
    operation = _suspension(tx, clock, caller, suspended)
    if execution_date is not None:
        _scheduled_entry(operation, definition, suspended, include_instances, execution_date)
        job = _schedule(tx, clock, suspended, include_instances, execution_date, definition.key,
                        definition=definition)
        return Switched([definition], job=job)
    held, changed = _switch(tx, clock, definition, suspended, include_instances, operation)
    return Switched([held], changed)


def set_suspended_by_key(
    tx: Session, clock: Clock, caller: Caller, key: str, suspended: bool, *, tenant_id: str = "",
    without_tenant: bool = False, include_instances: bool, execution_date: datetime | None = None,
) -> Switched:
    """SetProcessDefinitionSuspensionStateByKey: every version of ``key`` the caller sees (of
    one tenant, or of none, when asked), each as set_suspended does it, one after the other in
    one order (tenant, then version), so two such calls queue instead of deadlocking; or
    (``execution_date``) one job that does so then, for the versions of the tenants reached now."""
    found = versions_of_key(tx, caller, key, tenant_id, without_tenant)
    operation = _suspension(tx, clock, caller, suspended)
    if execution_date is not None:
        for definition in found:
            _scheduled_entry(operation, definition, suspended, include_instances, execution_date)
        job = _schedule(tx, clock, suspended, include_instances, execution_date, key,
                        tenant_keys=sorted({d.tenant_key for d in found}), tenant_id=sole_tenant(found))
        return Switched(found, job=job)
    return Switched(*_switch_each(tx, clock, found, suspended, include_instances, operation))


def versions_of_key(tx: Session, caller: Caller, key: str, tenant_id: str = "", without_tenant: bool = False,
                    fields: tuple[str, str, str] = ("key", "tenant_id", "without_tenant_id")) -> list[ProcessDefinition]:
    """Every version of ``key`` the caller sees, of one tenant or of none when asked, by tenant
    then version (a call that changes them all: suspension). ``fields`` name the request's key,
    tenant and without-tenant fields."""
    key_field, tenant_field, without_field = fields
    if not key:
        raise missing_required_field(key_field)
    if tenant_id and without_tenant:
        raise invalid_field(without_field, f"give {tenant_field} or {without_field}, not both")
    query = select(ProcessDefinition).where(ProcessDefinition.key == key)
    if tenant_id:
        caller.require_tenant(tenant_id, "suspend or activate this tenant's definitions")
        query = query.where(ProcessDefinition.tenant_id == tenant_id)
    elif without_tenant:
        query = query.where(ProcessDefinition.tenant_id.is_(None))
    query = query.where(*caller.tenant_conditions(ProcessDefinition.tenant_id))
    found = list(tx.scalars(query.order_by(ProcessDefinition.tenant_key, ProcessDefinition.version)))
    if not found:
        raise not_found("process definition", "PROCESS_DEFINITION_NOT_FOUND", key, key_field)
    return found


def sole_tenant(found: list[ProcessDefinition]) -> str | None:
    """The one tenant of the versions a scheduled change by key reaches (besides versions of no
    tenant), if one: the scheduling job's."""
    tenants = {d.tenant_id for d in found} - {None}
    return tenants.pop() if len(tenants) == 1 else None


def versions_in(tx: Session, key: str, tenant_keys: list[str]) -> list[ProcessDefinition]:
    """The versions of ``key`` deployed now in the tenants a scheduled change by key reached
    (``tenant_key``s), by tenant then version."""
    return list(tx.scalars(select(ProcessDefinition).where(
        ProcessDefinition.key == key, ProcessDefinition.tenant_key.in_(tenant_keys),
    ).order_by(ProcessDefinition.tenant_key, ProcessDefinition.version)))


# The request fields that name process definitions by id, or by key (of a tenant, or of none).
BY_ID_OR_KEY = ("process_definition_id", "process_definition_key", "process_definition_tenant_id",
                "process_definition_without_tenant_id")


def check_id_or_key(problems: Violations, definition_id: str, key: str, tenant_id: str, without_tenant: bool) -> None:
    """The faults of naming definitions through BY_ID_OR_KEY: both an id and a key, or a tenant
    choice without the key."""
    if definition_id and key:
        problems.add("process_definition_key", "give process_definition_id or process_definition_key, not both")
    for name, given in zip(BY_ID_OR_KEY[2:], (tenant_id, without_tenant)):
        if given and not key:
            problems.add(name, "only with process_definition_key")


def by_id_or_key(tx: Session, caller: Caller, definition_id: str, key: str, tenant_id: str,
                 without_tenant: bool) -> list[ProcessDefinition]:
    """The definition BY_ID_OR_KEY's id names, else every version of its key the caller sees
    (versions_of_key); check_id_or_key first."""
    if definition_id:
        return [get_definition(tx, caller, definition_id, field_name=BY_ID_OR_KEY[0])]
    key_field, tenant_field, without_field = BY_ID_OR_KEY[1:]
    return versions_of_key(tx, caller, key, tenant_id, without_tenant, (key_field, tenant_field, without_field))


def _switch_each(tx: Session, clock: Clock, found: list[ProcessDefinition], suspended: bool, include_instances: bool,
                 operation: operation_log.Operation | None) -> tuple[list[ProcessDefinition], int]:
    switched, changed = [], 0
    for definition in found:
        held, n = _switch(tx, clock, definition, suspended, include_instances, operation)
        switched.append(held)
        changed += n
    return switched, changed


def _scheduled_entry(operation: operation_log.Operation, definition: ProcessDefinition, suspended: bool,
                     include_instances: bool, execution_date: datetime) -> None:
    operation.entry(operation_log.of_definition(definition), ("suspended", definition.suspended, suspended),
                    ("includeProcessInstances", None, include_instances),
                    ("executionDate", None, execution_date.isoformat()))


def _schedule(tx: Session, clock: Clock, suspended: bool, include_instances: bool, execution_date: datetime,
              key: str, *, definition: ProcessDefinition | None = None, tenant_keys: list[str] | None = None,
              tenant_id: str | None = None) -> Job:
    """The job that suspends (activates) ``definition``, or the versions of ``key`` in
    ``tenant_keys``, at ``execution_date``."""
    configuration: dict[str, object] = {"include_process_instances": include_instances}
    if definition is None:
        configuration["tenant_keys"] = tenant_keys or []
    job = Job(
        id=new_id(), handler_type=SUSPEND_JOB if suspended else ACTIVATE_JOB, handler_configuration=configuration,
        due_date=execution_date, retries=3, process_definition_id=definition.id if definition else None,
        process_definition_key=key, tenant_id=definition.tenant_id if definition else tenant_id, suspended=False,
        priority=0, created=clock.now(),
    )
    return Runtime(tx, clock).add_job(job)


def run_scheduled(rt: Runtime, job: Job) -> None:
    """A suspension job's work: its definition, or the versions of its key then deployed in its
    tenants, suspended (activated) as the call that scheduled it would have done (not logged
    again: the call was)."""
    configuration = job.handler_configuration or {}
    if job.process_definition_id:
        found = [d for d in (rt.tx.get(ProcessDefinition, job.process_definition_id),) if d is not None]
    else:
        found = versions_in(rt.tx, job.process_definition_key or "", configuration.get("tenant_keys", []))
    _switch_each(rt.tx, rt.clock, found, job.handler_type == SUSPEND_JOB,
                 bool(configuration.get("include_process_instances")), None)


def _suspension(tx: Session, clock: Clock, caller: Caller, suspended: bool) -> operation_log.Operation:
    return operation_log.Operation(tx, clock, caller,
                                   "SuspendProcessDefinition" if suspended else "ActivateProcessDefinition")


def _switch(
    tx: Session, clock: Clock, definition: ProcessDefinition, suspended: bool, include_instances: bool,
    operation: operation_log.Operation | None,
) -> tuple[ProcessDefinition, int]:
    from server.engine.instances import suspend_held

    before = "ACTIVE" if suspended else "SUSPENDED"

    def waiting(done: set[str]) -> list[ProcessInstance]:
        return [i for i in tx.scalars(
            select(ProcessInstance).where(ProcessInstance.process_definition_id == definition.id,
                                          ProcessInstance.state == before).order_by(ProcessInstance.id)
        ) if i.id not in done]

    runtime = Runtime(tx, clock)
    done: set[str] = set()
    if include_instances:
        for instance in waiting(done):
            # Raises StaleDataError when it ended meanwhile; on PostgreSQL the instance's row,
            # read before the lock, reads again when next used (Runtime.lock_instance).
            runtime.lock_instance(instance.id)
            if instance.state == before:
                suspend_held(tx, instance, suspended)
                done.add(instance.id)
    held = tx.scalar(select(ProcessDefinition).where(ProcessDefinition.id == definition.id).with_for_update()
                     .execution_options(populate_existing=True))
    if held is None:  # its deployment was deleted meanwhile
        raise not_found("process definition", "PROCESS_DEFINITION_NOT_FOUND", definition.id)
    if operation is not None:
        operation.entry(operation_log.of_definition(held), ("suspended", held.suspended, suspended),
                        ("includeProcessInstances", None, include_instances))
    held.suspended = suspended
    tx.execute(update(Job).where(Job.process_definition_id == held.id, Job.handler_type == "timer-start")
               .values(suspended=suspended).execution_options(synchronize_session="fetch"))
    # Its job definitions with it (as in the document's engine): its instances' new jobs follow.
    tx.execute(update(JobDefinition).where(JobDefinition.process_definition_id == held.id)
               .values(suspended=suspended).execution_options(synchronize_session="fetch"))
    if not suspended:  # jobs that fell due meanwhile run at once, not at the executors' next poll
        from server.engine.jobs import notify_after_commit

        notify_after_commit(tx)
    if include_instances and not writers_take_turns(tx) and waiting(done):  # SQLite: none can have started
        raise StaleDataError(f"instances of process definition {held.id} started while it was being "
                             f"{'suspended' if suspended else 'activated'}")
    return held, len(done)


def checked_history_time_to_live(days: int | None) -> int | None:
    """``days`` when it is a history time to live (None, or 0 to MAX_HISTORY_TIME_TO_LIVE); shared
    with the case definitions."""
    if days is not None and not 0 <= days <= MAX_HISTORY_TIME_TO_LIVE:
        raise invalid_field(
            "history_time_to_live", f"give 0 to {MAX_HISTORY_TIME_TO_LIVE} days, or leave it unset (got {days})",
            value=days, minimum=0, maximum=MAX_HISTORY_TIME_TO_LIVE,
        )
    return days


def start_instance(
    tx: Session,
    clock: Clock,
    caller: Caller,
    ref: DefinitionRef,
    variables: Mapping[str, TypedValue],
    business_key: str,
    *,
    with_variables: bool = False,
    form: Callable[[ProcessDefinition], tuple[Mapping[str, TypedValue], str]] | None = None,
) -> tuple[ProcessInstance, dict[str, TypedValue]]:
    """The started instance and, ``with_variables``, its process variables once it reached its
    wait states — or, if it ended on the way, those it ended with (as the document's engine).
    ``form`` (SubmitStartForm) turns the definition into the variables and business key to start
    with instead: it validates them against the definition's start form; the history keeps the
    submitted ``variables`` as the new instance's form field details."""
    from server.engine.instances import returned_variables

    hold = not writers_take_turns(tx)
    definition = resolve(tx, caller, ref, hold=hold)
    submitted = None
    if form is not None:
        submitted = variables
        variables, business_key = form(definition)
    runtime = Runtime(tx, clock)
    runtime.start_user_id = caller.user_name
    if hold:
        runtime.definition_held(definition.id)
    if with_variables:
        runtime.ended_variables = {}
    instance = runtime.start_instance(definition, variables, business_key=business_key or None,
                                      submitted_form=submitted)
    if not with_variables:
        return instance, {}
    return instance, returned_variables(tx, instance.id, runtime.ended_variables)

