"""Deployments: parse resources, version their definitions, and set up what a definition needs
before any instance exists (job definitions, message and conditional start subscriptions, timer
start jobs)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Collection, Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import take_turns_on
from server.engine import (activity_log, diagrams, executions, external_task_log, identity_link_log, job_log,
                           operation_log, task_log, variable_log)
from server.engine.bpmn.spec import ElementKind, ProcessSpec, TriggerKind
from server.engine.bpmn.xmltree import document_text
from server.engine.cases import activity_log as case_activity_log
from server.engine.errors import not_found, precondition, visible
from server.engine.models import (
    Deployment,
    DeploymentResource,
    EventSubscription,
    Job,
    JobDefinition,
    ProcessDefinition,
    ProcessDefinitionStarter,
    ProcessInstance,
)
from server.engine.runtime import Runtime, definition_id, new_id
from server.errors import FieldViolation, InvalidArgument, check_length, invalid_field, missing_required_field
from server.identity.service import Caller

BPMN_SUFFIXES = (".bpmn", ".bpmn20.xml")


@dataclass(frozen=True)
class ResourceInput:
    name: str
    content: bytes


@dataclass
class DeployedDefinitionView:
    id: str
    key: str
    version: int
    name: str | None
    kind: str
    resource_name: str


@dataclass
class DeploymentView:
    deployment: Deployment
    resource_names: list[str]
    definitions: list[DeployedDefinitionView] = field(default_factory=list)
    duplicate: bool = False


# Other definition kinds (CMMN cases) register a handler for their file endings: it parses and
# stores the definitions of one resource and returns them as views. Its last argument names the
# resources of the deployment (its definitions' diagrams are among them: server.engine.diagrams).
ResourceHandler = Callable[[Session, Clock, Deployment, str, bytes, Collection[str]], list[DeployedDefinitionView]]
RESOURCE_HANDLERS: dict[tuple[str, ...], ResourceHandler] = {}


def _handler_for(name: str) -> ResourceHandler | None:
    lowered = name.lower()
    if lowered.endswith(BPMN_SUFFIXES):
        return _deploy_bpmn
    for suffixes, handler in RESOURCE_HANDLERS.items():
        if lowered.endswith(suffixes):
            return handler
    return None


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def create_deployment(
    tx: Session,
    clock: Clock,
    caller: Caller,
    *,
    name: str,
    tenant_id: str | None,
    source: str | None,
    resources: Sequence[ResourceInput],
    duplicate_filtering: bool,
    changed_only: bool,
) -> DeploymentView:
    check_length("name", name, Deployment.name)
    check_length("source", source, Deployment.source)
    check_length("tenant_id", tenant_id, Deployment.tenant_id)
    caller.require_tenant(tenant_id, "deploy to this tenant")
    if not resources:
        raise missing_required_field("resources", "a deployment needs at least one resource")
    seen: set[str] = set()
    for i, resource in enumerate(resources):
        if not resource.name.strip():
            raise missing_required_field(f"resources[{i}].name")
        check_length(f"resources[{i}].name", resource.name, DeploymentResource.name)
        if resource.name in seen:
            raise InvalidArgument(
                "DUPLICATE_RESOURCE",
                f"two resources are named {resource.name!r}",
                metadata={"type": "bad_request", "resource": resource.name},
                field_violations=[FieldViolation(f"resources[{i}].name", "duplicate resource name", "DUPLICATE_RESOURCE")],
            )
        seen.add(resource.name)
        if _handler_for(resource.name) is None and not diagrams.is_image(resource.name):
            raise InvalidArgument(
                "UNSUPPORTED_RESOURCE",
                f"resource {resource.name!r} is neither BPMN (.bpmn, .bpmn20.xml), another known kind nor an image"
                " (.png, .jpg, .jpeg, .gif, .svg)",
                metadata={"type": "bad_request", "resource": resource.name},
                field_violations=[
                    FieldViolation(f"resources[{i}].name", "unknown file type", "UNSUPPORTED_RESOURCE")
                ],
            )

    take_deployment_lock(tx)
    to_deploy = list(resources)
    # deploy_changed_only implies duplicate filtering, as in the document's engine.
    if duplicate_filtering or changed_only:
        previous = _latest_resources(tx, name, tenant_id)
        changed = [r for r in resources if previous.get(r.name) != _digest(r.content)]
        if not changed:
            latest = tx.scalar(
                select(Deployment)
                .where(Deployment.name == name, _tenant_is(Deployment.tenant_id, tenant_id))
                .order_by(Deployment.deployment_time.desc(), Deployment.id.desc())
                .limit(1)
            )
            if latest is not None:
                view = deployment_view(tx, latest)
                view.duplicate = True
                _log_created(tx, clock, caller, latest, duplicate_filtering, changed_only)
                return view
        if changed_only:
            to_deploy = changed

    deployment = Deployment(
        id=new_id(), name=name or None, source=source or None, tenant_id=tenant_id, deployment_time=clock.now()
    )
    tx.add(deployment)
    tx.flush()
    definitions: list[DeployedDefinitionView] = []
    # A definition's diagram is an image of the new deployment itself (as in the document's
    # engine): not one left out as unchanged, nor one of an earlier deployment.
    names = frozenset(r.name for r in to_deploy)
    for resource in to_deploy:
        tx.add(
            DeploymentResource(
                id=new_id(),
                deployment_id=deployment.id,
                name=resource.name,
                content=resource.content,
                content_hash=_digest(resource.content),
            )
        )
        handler = _handler_for(resource.name)
        if handler is not None:  # None: an image
            definitions.extend(handler(tx, clock, deployment, resource.name, resource.content, names))
    tx.flush()  # a deployment beside this one may take the same version first: Database.run runs this again
    _log_created(tx, clock, caller, deployment, duplicate_filtering, changed_only)
    return DeploymentView(deployment, [r.name for r in to_deploy], definitions)


def _log_created(tx: Session, clock: Clock, caller: Caller, deployment: Deployment, duplicate_filtering: bool,
                 changed_only: bool) -> None:
    """CreateDeployment's entry in the operation log (of the deployment it answers with), as the
    document's engine writes it: deployChangedOnly only when duplicates were filtered."""
    filtering = duplicate_filtering or changed_only
    operation_log.Operation(tx, clock, caller, "Create").entry(
        operation_log.of_deployment(deployment), ("duplicateFilterEnabled", None, filtering),
        *((("deployChangedOnly", None, changed_only),) if filtering else ()))


def take_deployment_lock(tx: Session) -> None:
    """One deployment or deletion of a deployment at a time across replicas, as the document's
    engine takes its deployment lock: two deployments naming the same keys (in any resources,
    in any order) each number the next versions after the other's, duplicate filtering sees the
    deployment before, and neither waits for rows the other holds."""
    take_turns_on(tx, "flowkeeper.deployments")


def _tenant_is(column, tenant_id: str | None):  # type: ignore[no-untyped-def]
    return column.is_(None) if tenant_id is None else column == tenant_id


def _latest_resources(tx: Session, name: str, tenant_id: str | None) -> dict[str, str]:
    """Resource name -> content hash of the newest deployment of each resource name among
    deployments with this name and tenant."""
    rows = tx.execute(
        select(DeploymentResource.name, DeploymentResource.content_hash, Deployment.deployment_time)
        .join(Deployment, Deployment.id == DeploymentResource.deployment_id)
        .where(Deployment.name == name, _tenant_is(Deployment.tenant_id, tenant_id))
        .order_by(Deployment.deployment_time, Deployment.id)
    ).all()
    latest: dict[str, str] = {}
    for resource_name, digest, _ in rows:
        latest[resource_name] = digest
    return latest


def _deploy_bpmn(
    tx: Session, clock: Clock, deployment: Deployment, resource_name: str, content: bytes,
    resource_names: Collection[str],
) -> list[DeployedDefinitionView]:
    from server.engine.bpmn.parser import parse_bpmn
    from server.engine.runtime import SPECS

    specs = parse_bpmn(content, resource_name)
    keys = [s.key for s in specs]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        key = sorted(duplicates)[0]
        raise InvalidArgument(
            "DUPLICATE_PROCESS_KEY",
            f"{resource_name}: two processes have the id {key!r}",
            metadata={"type": "bad_request", "resource": resource_name, "key": key},
        )
    views = []
    tenant_key = deployment.tenant_id or ""
    for spec in specs:
        existing = tx.scalar(
            select(ProcessDefinition.id).where(
                ProcessDefinition.deployment_id == deployment.id, ProcessDefinition.key == spec.key
            )
        )
        if existing is not None:
            raise InvalidArgument(
                "DUPLICATE_PROCESS_KEY",
                f"process {spec.key!r} is in two resources of this deployment",
                metadata={"type": "bad_request", "resource": resource_name, "key": spec.key},
            )
        lock_versions(tx, spec.key, tenant_key)
        current = tx.scalar(
            select(func.max(ProcessDefinition.version)).where(
                ProcessDefinition.key == spec.key, ProcessDefinition.tenant_key == tenant_key
            )
        )
        version = (current or 0) + 1
        definition = ProcessDefinition(
            id=definition_id(spec.key, version, ProcessDefinition.id),
            key=spec.key,
            version=version,
            name=spec.name,
            version_tag=spec.version_tag,
            tenant_id=deployment.tenant_id,
            tenant_key=tenant_key,
            deployment_id=deployment.id,
            resource_name=resource_name,
            suspended=False,
            history_time_to_live=spec.history_time_to_live,
            startable_in_tasklist=spec.startable_in_tasklist,
            diagram_resource_name=diagrams.diagram_resource_name(resource_name, BPMN_SUFFIXES, spec.key,
                                                                 resource_names),
        )
        tx.add(definition)
        tx.flush()
        _add_starters(tx, definition, spec)
        SPECS.put(definition.id, spec)
        _create_job_definitions(tx, definition, spec)
        _replace_start_triggers(tx, clock, definition, spec)
        views.append(
            DeployedDefinitionView(definition.id, spec.key, version, spec.name, "process", resource_name)
        )
    return views


def lock_versions(tx: Session, key: str, tenant_key: str) -> None:
    """Locks the rows of the key's versions (PostgreSQL; on SQLite the writer holds the database).
    Deployments and deletions that change the latest version take turns, and each waits for a
    timer start firing under way (which holds its definition's row, server.engine.jobs), so the
    start jobs it replaces include the one of the cycle's next firing."""
    tx.execute(
        select(ProcessDefinition.id)
        .where(ProcessDefinition.key == key, ProcessDefinition.tenant_key == tenant_key)
        .order_by(ProcessDefinition.version)
        .with_for_update()
    )


def _create_job_definitions(tx: Session, definition: ProcessDefinition, spec: ProcessSpec) -> None:
    for element in spec.elements.values():
        kinds = []
        if element.async_before:
            kinds.append("async-before")
        if element.async_after:
            kinds.append("async-after")
        if element.trigger is not None and element.trigger.kind is TriggerKind.TIMER:
            kinds.append("timer")
        for kind in kinds:
            tx.add(
                JobDefinition(
                    id=new_id(),
                    process_definition_id=definition.id,
                    process_definition_key=definition.key,
                    activity_id=element.id,
                    job_type=kind,
                    configuration=element.trigger.timer.value.text
                    if kind == "timer" and element.trigger and element.trigger.timer
                    else None,
                    tenant_id=definition.tenant_id,
                )
            )


# Called with the ids of timer start jobs about to be removed with their definition's version:
# fn(rt, job_ids, definitions_deleted), definitions_deleted False when a newer version was
# deployed, True when the deployment is being deleted (the definitions go too).
START_JOBS_REMOVING: list[Callable[[Runtime, list[str], bool], None]] = []


def _remove_start_jobs(rt: Runtime, definition_ids: Any, *, definitions_deleted: bool) -> None:
    """Removes the timer start jobs of ``definition_ids`` (a list or a select of ids)."""
    mine = (Job.handler_type == "timer-start", Job.process_definition_id.in_(definition_ids))
    job_ids = list(rt.tx.scalars(select(Job.id).where(*mine)))
    if not job_ids:
        return
    for hook in START_JOBS_REMOVING:
        hook(rt, job_ids, definitions_deleted)
    removed = rt.tx.execute(delete(Job).where(*mine).returning(*job_log.RETURNED)
                            .execution_options(synchronize_session=False)).all()
    if not definitions_deleted:  # replaced by a newer version's (a deleted deployment's log goes)
        job_log.deleted(rt.tx, removed, rt.clock.now())


def _replace_start_triggers(tx: Session, clock: Clock, definition: ProcessDefinition, spec: ProcessSpec) -> None:
    """Message, signal and conditional start subscriptions and timer start jobs belong to the
    latest version only."""
    older = select(ProcessDefinition.id).where(
        ProcessDefinition.key == definition.key,
        ProcessDefinition.tenant_key == definition.tenant_key,
        ProcessDefinition.id != definition.id,
    )
    tx.execute(
        delete(EventSubscription)
        .where(EventSubscription.execution_id.is_(None), EventSubscription.process_definition_id.in_(older))
        .execution_options(synchronize_session=False)
    )
    runtime = Runtime(tx, clock)
    _remove_start_jobs(runtime, older, definitions_deleted=False)
    for element_id in spec.start_event_ids:
        element = spec.element(element_id)
        if element.kind is not ElementKind.START_EVENT or element.trigger is None:
            continue
        if element.trigger.kind in (TriggerKind.MESSAGE, TriggerKind.SIGNAL) and element.trigger.name is not None:
            tx.add(
                EventSubscription(
                    id=new_id(),
                    event_type=element.trigger.kind.value,
                    event_name=element.trigger.name.evaluate(_no_variables),
                    execution_id=None,
                    process_instance_id=None,
                    process_definition_id=definition.id,
                    activity_id=element.id,
                    tenant_id=definition.tenant_id,
                    created=clock.now(),
                )
            )
        elif element.trigger.kind is TriggerKind.CONDITIONAL:  # what EvaluateConditions finds (conditions)
            tx.add(EventSubscription(
                id=new_id(), event_type=TriggerKind.CONDITIONAL.value, event_name=None, execution_id=None,
                process_instance_id=None, process_definition_id=definition.id, activity_id=element.id,
                tenant_id=definition.tenant_id, created=clock.now()))
        elif element.trigger.kind is TriggerKind.TIMER:
            schedule = runtime.timer_schedule(None, element)
            job_definition = runtime.job_definition(definition.id, element.id, "timer")
            job = Job(
                id=new_id(),
                handler_type="timer-start",
                handler_configuration={"activity_id": element.id},
                due_date=schedule.due,
                repeat=schedule.repeat,
                retries=3,
                process_definition_id=definition.id,
                process_definition_key=definition.key,
                activity_id=element.id,
                job_definition_id=job_definition.id if job_definition else None,
                tenant_id=definition.tenant_id,
                suspended=bool(job_definition and job_definition.suspended),
                priority=runtime.job_priority(None, element, job_definition),
                created=clock.now(),
            )
            runtime.add_job(job)


def _no_variables(name: str) -> object:
    raise KeyError(name)


def definition_text(tx: Session, definition: Any) -> str:
    """The text of the resource a definition row (process or case) was deployed from."""
    content = tx.scalar(select(DeploymentResource.content).where(
        DeploymentResource.deployment_id == definition.deployment_id,
        DeploymentResource.name == definition.resource_name,
    ))
    if content is None:  # the resource goes only with its deployment, and the definition with it
        raise not_found("deployment resource", "RESOURCE_NOT_FOUND", definition.resource_name)
    return document_text(content)


def deployment_view(tx: Session, deployment: Deployment) -> DeploymentView:
    names = list(
        tx.scalars(
            select(DeploymentResource.name)
            .where(DeploymentResource.deployment_id == deployment.id)
            .order_by(DeploymentResource.name)
        )
    )
    definitions = [
        DeployedDefinitionView(d.id, d.key, d.version, d.name, "process", d.resource_name)
        for d in tx.scalars(
            select(ProcessDefinition)
            .where(ProcessDefinition.deployment_id == deployment.id)
            .order_by(ProcessDefinition.key)
        )
    ]
    for lister in DEFINITION_LISTERS:
        definitions.extend(lister(tx, deployment))
    return DeploymentView(deployment, names, definitions)


# Other definition kinds list the definitions a deployment holds.
DEFINITION_LISTERS: list[Callable[[Session, Deployment], list[DeployedDefinitionView]]] = []


def get_deployment(tx: Session, caller: Caller, deployment_id: str, *, lock: bool = False) -> Deployment:
    """The deployment, if the caller sees its tenant; with ``lock``, its row locked for this
    transaction and read as the last call that held it left it."""
    deployment = (tx.get(Deployment, deployment_id, with_for_update=lock, populate_existing=lock)
                  if deployment_id else None)
    return visible(caller, deployment, "deployment", "DEPLOYMENT_NOT_FOUND", deployment_id)


@dataclass(frozen=True)
class DeploymentQuery:
    """ListDeployments' filters; each given one must hold."""

    id: str = ""
    name: str = ""
    name_like: str = ""
    source: str = ""
    without_source: bool = False
    tenant_id_in: tuple[str, ...] = ()
    without_tenant_id: bool = False
    include_deployments_without_tenant_id: bool = False
    after: datetime | None = None
    before: datetime | None = None


def list_deployments(tx: Session, caller: Caller, q: DeploymentQuery, offset: int, limit: int) -> list[Deployment]:
    """ListDeployments: newest first, then by id."""
    executions.exclusive([(bool(q.source), q.without_source, "source", "without_source")])
    if q.include_deployments_without_tenant_id and not q.tenant_id_in:
        raise invalid_field("include_deployments_without_tenant_id", "give it with tenant_id_in")
    tenants = executions.tenant_choice(Deployment.tenant_id, list(q.tenant_id_in), q.without_tenant_id,
                                       or_none=q.include_deployments_without_tenant_id)
    conds = tenants + executions.equalities([
        (Deployment.id, q.id), (Deployment.name, q.name), (Deployment.source, q.source)])
    if q.name_like:
        conds.append(executions.like(Deployment.name, q.name_like, "name_like"))
    if q.without_source:
        conds.append(Deployment.source.is_(None))
    if q.after is not None:
        conds.append(Deployment.deployment_time > q.after)
    if q.before is not None:
        conds.append(Deployment.deployment_time < q.before)
    query = select(Deployment).where(*conds, *caller.tenant_conditions(Deployment.tenant_id))
    return list(tx.scalars(query.order_by(Deployment.deployment_time.desc(), Deployment.id).offset(offset).limit(limit)))


def resources_of(tx: Session, caller: Caller, deployment_id: str) -> list[DeploymentResource]:
    """GetDeploymentResources: the deployment's resources by name."""
    if not deployment_id:
        raise missing_required_field("deployment_id")
    deployment = get_deployment(tx, caller, deployment_id)
    return list(tx.scalars(select(DeploymentResource).where(DeploymentResource.deployment_id == deployment.id)
                           .order_by(DeploymentResource.name)))


def resource_of(tx: Session, caller: Caller, deployment_id: str, resource_id: str,
                resource_name: str) -> DeploymentResource:
    """GetDeploymentResourceData: one resource of the deployment, by id or by name."""
    if not deployment_id:
        raise missing_required_field("deployment_id")
    if not resource_id and not resource_name:
        raise missing_required_field("resource_id", "give resource_id or resource_name")
    if resource_id and resource_name:
        raise invalid_field("resource_name", "give resource_id or resource_name, not both")
    deployment = get_deployment(tx, caller, deployment_id)
    column, value, field_name = ((DeploymentResource.id, resource_id, "resource_id") if resource_id
                                 else (DeploymentResource.name, resource_name, "resource_name"))
    row = tx.scalar(select(DeploymentResource).where(DeploymentResource.deployment_id == deployment.id, column == value))
    if row is None:
        raise not_found("deployment resource", "RESOURCE_NOT_FOUND", value, field_name)
    return row


def redeploy(tx: Session, clock: Clock, caller: Caller, deployment_id: str, resource_ids: Sequence[str],
             resource_names: Sequence[str], source: str) -> DeploymentView:
    """RedeployDeployment: the resources named (all, if none is) deployed again as a new
    deployment of the same name and tenant."""
    if not deployment_id:
        raise missing_required_field("id")
    deployment = get_deployment(tx, caller, deployment_id)
    rows = list(tx.scalars(select(DeploymentResource).where(DeploymentResource.deployment_id == deployment.id)
                           .order_by(DeploymentResource.name)))
    chosen = rows
    if resource_ids or resource_names:
        by_id, by_name = {r.id: r for r in rows}, {r.name: r for r in rows}
        picked: dict[str, DeploymentResource] = {}
        for field_name, values, index in (("resource_ids", resource_ids, by_id),
                                          ("resource_names", resource_names, by_name)):
            for i, value in enumerate(values):
                if value not in index:
                    raise not_found("deployment resource", "RESOURCE_NOT_FOUND", value, f"{field_name}[{i}]")
                picked[index[value].id] = index[value]
        chosen = [r for r in rows if r.id in picked]
    return create_deployment(
        tx, clock, caller, name=deployment.name, tenant_id=deployment.tenant_id, source=source or None,
        resources=[ResourceInput(r.name, r.content) for r in chosen], duplicate_filtering=False, changed_only=False)


# Other definition kinds delete what they own of a deployment: fn(tx, clock, deployment, cascade).
DEPLOYMENT_DELETERS: list[Callable[[Session, Clock, Deployment, bool], None]] = []


def delete_deployment(tx: Session, clock: Clock, caller: Caller, deployment_id: str, cascade: bool) -> None:
    # The deployment's row and then its definitions' rows locked first (PostgreSQL): a deletion
    # that comes after this one waits and then finds the deployment gone. An instance's insert
    # holds a key-share lock on its definition's row (the foreign key) until it commits, so a
    # start that came first is waited for, and its instance is among the running ones read
    # below; a start that comes after waits for this deletion and then finds its definition gone.
    # The definitions are locked with every version of their keys, key by key and version by
    # version, so a timer start firing under way is waited for. Before all that, the deployment
    # lock: deletions and deployments of the same keys take turns.
    take_deployment_lock(tx)
    deployment = get_deployment(tx, caller, deployment_id, lock=True)
    mine = ProcessDefinition.deployment_id == deployment.id
    for key, tenant_key in sorted(tx.execute(select(ProcessDefinition.key, ProcessDefinition.tenant_key).where(mine))):
        lock_versions(tx, key, tenant_key)
    definition_ids = list(tx.scalars(select(ProcessDefinition.id).where(mine)))
    running = running_instances(tx, definition_ids)
    if running and not cascade:
        raise precondition(
            "DEPLOYMENT_HAS_RUNNING_INSTANCES",
            f"deployment {deployment.id} has {len(running)} running process instance(s); delete with cascade",
            deployment.id,
            count=len(running),
        )
    operation_log.Operation(tx, clock, caller, "Delete").entry(
        operation_log.of_deployment(deployment), ("cascade", None, cascade))
    runtime = Runtime(tx, clock)
    delete_running(runtime, running, "deployment deleted")
    for deleter in DEPLOYMENT_DELETERS:
        deleter(tx, clock, deployment, cascade)
    remove_definitions(runtime, definition_ids)
    tx.execute(delete(DeploymentResource).where(DeploymentResource.deployment_id == deployment.id))
    tx.delete(deployment)
    tx.flush()


def _add_starters(tx: Session, definition: ProcessDefinition, spec: ProcessSpec) -> None:
    """The definition's candidate starters, as its model names them (the document's engine's
    identity links of a process definition)."""
    rows = [{"process_definition_id": definition.id, "kind": kind, "value": name}
            for kind, names in (("user", spec.candidate_starter_users), ("group", spec.candidate_starter_groups))
            for name in names]
    if rows:
        tx.execute(insert(ProcessDefinitionStarter), rows)


def running_instances(tx: Session, definition_ids: list[str]) -> list[ProcessInstance]:
    """The running (active or suspended) instances of the definitions."""
    return list(tx.scalars(select(ProcessInstance).where(
        ProcessInstance.process_definition_id.in_(definition_ids), ProcessInstance.state.in_(("ACTIVE", "SUSPENDED")))))


def delete_running(runtime: Runtime, running: list[ProcessInstance], reason: str) -> None:
    """Cancels the instances (and those they called) with the delete reason."""
    for instance in running:
        if instance.state in ("ACTIVE", "SUSPENDED"):  # an earlier deletion may have ended it
            runtime.delete_instance(instance, reason)


def remove_definitions(runtime: Runtime, definition_ids: list[str]) -> None:
    """Removes process definitions whose instances have all ended, with what is theirs: start
    subscriptions and jobs, jobs and job definitions, candidate starters, their ended instances
    and those instances' history and logs; a key whose latest version goes listens again with
    the version now latest (DeleteDeployment, DeleteProcessDefinition)."""
    if not definition_ids:
        return
    tx, clock = runtime.tx, runtime.clock
    tx.execute(delete(EventSubscription).where(EventSubscription.process_definition_id.in_(definition_ids)))
    _remove_start_jobs(runtime, definition_ids, definitions_deleted=True)
    tx.execute(delete(Job).where(Job.process_definition_id.in_(definition_ids)))
    tx.execute(delete(JobDefinition).where(JobDefinition.process_definition_id.in_(definition_ids)))
    tx.execute(delete(ProcessDefinitionStarter)
               .where(ProcessDefinitionStarter.process_definition_id.in_(definition_ids)))
    ended = select(ProcessInstance.id).where(ProcessInstance.process_definition_id.in_(definition_ids))
    for hook in INSTANCE_RECORD_DELETERS:
        hook(tx, ended)
    job_log.delete_of_definitions(tx, definition_ids)
    tx.execute(delete(ProcessInstance).where(ProcessInstance.process_definition_id.in_(definition_ids)))
    deleted = list(tx.scalars(select(ProcessDefinition).where(ProcessDefinition.id.in_(definition_ids))))
    tx.execute(delete(ProcessDefinition).where(ProcessDefinition.id.in_(definition_ids)))
    _restore_start_triggers(tx, clock, deleted)


def _restore_start_triggers(tx: Session, clock: Clock, deleted: list[ProcessDefinition]) -> None:
    """When the latest version of a key goes, the version now latest listens again for its message
    start events and timer start events (as in the document's engine)."""
    from server.engine.runtime import SPECS, latest_definition

    tx.flush()
    for key, tenant_id in sorted({(d.key, d.tenant_id) for d in deleted}, key=lambda kt: (kt[0], kt[1] or "")):
        lock_versions(tx, key, tenant_id or "")
        latest = latest_definition(tx, key, tenant_id)
        if latest is None or not any(d.key == key and d.tenant_id == tenant_id and d.version > latest.version
                                     for d in deleted):
            continue
        _replace_start_triggers(tx, clock, latest, SPECS.get(tx, latest))


# Records that refer to ended instances of deleted definitions (activity instances, operation log
# entries, variable and task history, external task and job logs, process steps, incidents) and
# must go first: fn(tx, select_of_instance_ids).
INSTANCE_RECORD_DELETERS: list[Callable[[Session, object], None]] = [
    activity_log.delete_of_instances, operation_log.delete_of_instances, variable_log.delete_of_instances,
    task_log.delete_of_instances, external_task_log.delete_of_instances, job_log.delete_of_instances,
    identity_link_log.delete_of_instances]
# The same for case instances that go (closed ones by the history cleanup, or every one of a
# deleted deployment): fn(tx, list_of_case_instance_ids).
CASE_RECORD_DELETERS: list[Callable[[Session, list[str]], None]] = [
    operation_log.delete_of_case_instances, variable_log.delete_of_case_instances, task_log.delete_of_case_instances,
    case_activity_log.delete_of_case_instances, identity_link_log.delete_of_case_instances]
