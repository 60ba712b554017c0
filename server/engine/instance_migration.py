"""Process instance migration (the document's engine's "process instance migration"): running
instances of a source definition go on as instances of a target definition, as a migration plan
maps the source's activities to the target's.

A plan is checked on its own (``validate``: the document's engine's creation time validation)
and against each instance (``_instance_failures``: its execution time validation); then each
instance is migrated in place (``_migrate``): its executions, tasks, external tasks, jobs, event
subscriptions, open incidents and process steps name the target's definition and activities, and
so does the history of what migrates (the instance's record, its running activity instances,
its open tasks' and its variables' history). What migrates keeps its ids; the activities of an
instance are neither started nor ended, but for the waits of events (boundary events, event
subprocesses' start events, the events after an event-based gateway) that the target adds or
drops, the scope execution of an activity that gains or loses boundary events, and the scopes
around what migrates (``_Migration._restructure``, as the document's engine): an activity stays
inside the scope its closest mapped ancestor scope migrates to; a subprocess or multi-instance
body no instruction maps is removed once what ran in it has moved to its closest migrating
ancestor (its activity instance canceled, its waits and variables gone: removing a multi-instance
marker so), and the target's subprocesses between a migrating parent and what migrates into them
are instantiated once per parent (their activity instance, its history and waits; no start event).

Decisions where the document's engine differs or is silent (README, "Process instance
migration"): instances holding compensation records are refused; asynchronous-after
continuations are not bound to the source's outgoing flows (their job takes the target
activity's flows when it runs); a path that moves keeps its variables of its own (a
multi-instance instance's loopCounter and element variable) on a concurrent path of its own.

ExecuteMigrationPlan migrates every selected instance in one transaction, in id order; its batch
(``instance-migration``, server.engine.batches) one instance per item."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import (
    activity_instances,
    activity_log,
    batches,
    incidents,
    instances,
    job_log,
    jobs,
    modification,
    operation_log,
    task_log,
    variable_log,
)
from server.engine.bpmn.spec import Element, ElementKind, ProcessSpec, TriggerKind
from server.engine.errors import precondition, visible
from server.engine.failure_models import Incident, ProcessStep
from server.engine.instances import RUNNING
from server.engine.models import (
    Batch,
    EventSubscription,
    Execution,
    ExternalTask,
    HistoricActivityInstance,
    HistoricExternalTaskLog,
    HistoricTaskInstance,
    HistoricVariableInstance,
    HistoricVariableUpdate,
    Job,
    JobDefinition,
    ProcessDefinition,
    ProcessInstance,
    Task,
    Variable,
)
from server.engine.runtime import EVENT_SUBPROCESS_TIMER, SPECS, Runtime
from server.engine.variables import TypedValue, variables_from_json, variables_to_json
from server.errors import FailedPrecondition, PreconditionViolation, missing_required_field
from server.identity.service import Caller


@dataclass(frozen=True)
class Instruction:
    """Maps the instances of one source activity to one target activity (the lists hold one id
    each in a valid plan, as in the document's engine)."""

    source_activity_ids: tuple[str, ...]
    target_activity_ids: tuple[str, ...]
    update_event_trigger: bool = False


@dataclass(frozen=True)
class Plan:
    source_process_definition_id: str
    target_process_definition_id: str
    instructions: tuple[Instruction, ...] = ()
    variables: Mapping[str, TypedValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """Why an instruction, an activity or transition instance, or an instance cannot migrate."""

    reason: str
    description: str


@dataclass(frozen=True)
class InstructionReport:
    index: int
    instruction: Instruction
    failures: tuple[Failure, ...]


# Event triggers that wait persistently (an event subscription, a timer job): what can migrate.
_PERSISTENT = frozenset({TriggerKind.MESSAGE, TriggerKind.SIGNAL, TriggerKind.TIMER, TriggerKind.CONDITIONAL})
_CATCHING = frozenset({ElementKind.INTERMEDIATE_CATCH_EVENT, ElementKind.BOUNDARY_EVENT, ElementKind.START_EVENT})
# What the generator maps (the document's engine's supported activities).
_GENERATED = frozenset({
    ElementKind.USER_TASK, ElementKind.RECEIVE_TASK, ElementKind.EXTERNAL_TASK, ElementKind.CALL_ACTIVITY,
    ElementKind.SUB_PROCESS, ElementKind.MULTI_INSTANCE_BODY, ElementKind.PARALLEL_GATEWAY,
    ElementKind.INCLUSIVE_GATEWAY, ElementKind.EVENT_BASED_GATEWAY, *_CATCHING,
})
# The activities whose running instances (not asynchronous continuations) can migrate.
_ACTIVE = frozenset({
    ElementKind.USER_TASK, ElementKind.RECEIVE_TASK, ElementKind.EXTERNAL_TASK, ElementKind.CALL_ACTIVITY,
    ElementKind.SUB_PROCESS, ElementKind.MULTI_INSTANCE_BODY, ElementKind.PARALLEL_GATEWAY,
    ElementKind.INCLUSIVE_GATEWAY, ElementKind.EVENT_BASED_GATEWAY, ElementKind.INTERMEDIATE_CATCH_EVENT,
})
_ASYNC = ("async-before", "async-after")
_ONE_TARGET = frozenset({ElementKind.PARALLEL_GATEWAY, ElementKind.INCLUSIVE_GATEWAY, ElementKind.EVENT_BASED_GATEWAY,
                         *_CATCHING})


# -- the definitions and the plan on its own ----------------------------------------------------------


@dataclass(frozen=True)
class _Definitions:
    source: ProcessDefinition
    target: ProcessDefinition
    source_spec: ProcessSpec
    target_spec: ProcessSpec


def _definitions(tx: Session, caller: Caller, source_id: str, target_id: str, prefix: str = "") -> _Definitions:
    """The plan's two definitions (visible to the caller), of one tenant or of none."""
    names = (f"{prefix}source_process_definition_id", f"{prefix}target_process_definition_id")
    for name, given in zip(names, (source_id, target_id)):
        if not given:
            raise missing_required_field(name)
    source, target = (visible(caller, tx.get(ProcessDefinition, given), "process definition",
                              "PROCESS_DEFINITION_NOT_FOUND", given, name)
                      for name, given in zip(names, (source_id, target_id)))
    if source.tenant_id is not None and target.tenant_id is not None and source.tenant_id != target.tenant_id:
        raise precondition("MIGRATION_BETWEEN_TENANTS", f"process definitions of different tenants: "
                           f"{source.tenant_id!r} (source) and {target.tenant_id!r} (target); instances cannot "
                           "migrate between tenants", target.id, source_tenant_id=source.tenant_id,
                           target_tenant_id=target.tenant_id)
    return _Definitions(source, target, SPECS.get(tx, source), SPECS.get(tx, target))


def _trigger(element: Element) -> TriggerKind | None:
    return element.trigger.kind if element.trigger is not None else None


def _in_event_subprocess(spec: ProcessSpec, element: Element) -> bool:
    return element.scope_id is not None and spec.element(element.scope_id).triggered_by_event


def _unsupported(spec: ProcessSpec, element: Element) -> str | None:
    """Why instances of ``element`` can never migrate (None: they may)."""
    if element.is_for_compensation:
        return "a compensation handler"
    if element.kind in _CATCHING:
        if _trigger(element) not in _PERSISTENT:
            return f"a {element.activity_type} without a message, signal, timer or conditional trigger"
        if element.kind is ElementKind.START_EVENT and not _in_event_subprocess(spec, element):
            return "a start event of the process or of an embedded subprocess"
    elif element.kind.is_event:
        return f"a {element.activity_type} (throw and end events do not migrate)"
    return None


def _type(element: Element) -> tuple[Any, ...]:
    """What two activities share when they are of one type: their kind, and an event's trigger."""
    return (element.kind, _trigger(element)) if element.kind in _CATCHING else (element.kind,)


def _receives_events(element: Element) -> bool:
    """Whether an element waits for an event trigger that an instruction may update."""
    return element.kind in _CATCHING or element.kind is ElementKind.RECEIVE_TASK


def _holders(spec: ProcessSpec) -> dict[str, str]:
    """Boundary event id -> the activity it is attached to (a multi-instance activity's: its body)."""
    return {boundary: element.id for element in spec.elements.values() for boundary in element.boundary_ids}


def _event_scope(spec: ProcessSpec, element: Element) -> str | None:
    """The scope an event subprocess's start event waits on: the event subprocess's scope."""
    assert element.scope_id is not None
    return spec.element(element.scope_id).scope_id


def check_plan(specs: _Definitions, plan: Plan) -> list[InstructionReport]:
    """The instructions of ``plan`` that fail, with why (the document's engine's creation time
    validation); empty: the plan is valid."""
    src, tgt = specs.source_spec, specs.target_spec
    mapped: dict[str, str] = {}
    for instruction in plan.instructions:
        if len(instruction.source_activity_ids) == len(instruction.target_activity_ids) == 1:
            mapped.setdefault(instruction.source_activity_ids[0], instruction.target_activity_ids[0])
    targets = set(mapped.values())
    src_holders, tgt_holders = _holders(src), _holders(tgt)
    seen_sources: set[str] = set()
    seen_targets: set[str] = set()
    reports = []
    for index, instruction in enumerate(plan.instructions):
        failures = _instruction_failures(src, tgt, instruction, mapped, targets, src_holders, tgt_holders,
                                         seen_sources, seen_targets)
        if failures:
            reports.append(InstructionReport(index, instruction, tuple(failures)))
    return reports


def _instruction_failures(src: ProcessSpec, tgt: ProcessSpec, instruction: Instruction, mapped: Mapping[str, str],
                          targets: set[str], src_holders: Mapping[str, str], tgt_holders: Mapping[str, str],
                          seen_sources: set[str], seen_targets: set[str]) -> list[Failure]:
    if len(instruction.source_activity_ids) != 1 or len(instruction.target_activity_ids) != 1:
        return [Failure("NOT_ONE_TO_ONE", f"an instruction maps exactly one source activity to one target activity, "
                        f"not {len(instruction.source_activity_ids)} to {len(instruction.target_activity_ids)}")]
    [source_id], [target_id] = instruction.source_activity_ids, instruction.target_activity_ids
    failures = []
    source, target = src.elements.get(source_id), tgt.elements.get(target_id)
    if source is None:
        failures.append(Failure("SOURCE_ACTIVITY_NOT_FOUND", f"the source process {src.key} has no activity "
                                f"{source_id!r}"))
    if target is None:
        failures.append(Failure("TARGET_ACTIVITY_NOT_FOUND", f"the target process {tgt.key} has no activity "
                                f"{target_id!r}"))
    if source is None or target is None:
        return failures
    if source_id in seen_sources:
        failures.append(Failure("DUPLICATE_SOURCE", f"{source_id!r} is mapped by an instruction before; an activity "
                                "is mapped once"))
    seen_sources.add(source_id)
    if target.kind in _ONE_TARGET:
        if target_id in seen_targets:
            failures.append(Failure("DUPLICATE_TARGET", f"{target_id!r} is the target of an instruction before; a "
                                    "gateway or event is the target of one instruction"))
        seen_targets.add(target_id)
    why = _unsupported(src, source) or _unsupported(tgt, target)
    if why is not None:
        failures.append(Failure("UNSUPPORTED_ACTIVITY", f"{source_id!r} to {target_id!r}: instances of {why} "
                                "cannot be migrated"))
    elif _type(source) != _type(target):
        failures.append(Failure("TYPE_MISMATCH", f"{source_id!r} ({source.activity_type}) and {target_id!r} "
                                f"({target.activity_type}) are not of one type"))
    elif source.multi_instance is not None and target.multi_instance is not None and (
            source.multi_instance.sequential != target.multi_instance.sequential):
        failures.append(Failure("MULTI_INSTANCE_TYPE_MISMATCH", f"{source_id!r} and {target_id!r}: a sequential "
                                "multi-instance body maps to a sequential one, a parallel one to a parallel one"))
    if source.kind is ElementKind.BOUNDARY_EVENT and target.kind is ElementKind.BOUNDARY_EVENT:
        held, holder = src_holders.get(source_id), tgt_holders.get(target_id)
        if held is None or holder is None or mapped.get(held) != holder:
            failures.append(Failure("ATTACHED_ACTIVITY_NOT_MIGRATED", f"boundary event {source_id!r} migrates only "
                                    f"with its activity {held!r}, mapped to {holder!r} (the activity {target_id!r} "
                                    "is attached to)"))
    elif (source.kind is ElementKind.START_EVENT and target.kind is ElementKind.START_EVENT
          and _in_event_subprocess(src, source) and _in_event_subprocess(tgt, target)):
        waits_on, into = _event_scope(src, source), _event_scope(tgt, target)
        if not _scopes_mapped(mapped, waits_on, into):
            failures.append(Failure("EVENT_SCOPE_NOT_MIGRATED", f"the start event {source_id!r} waits on "
                                    f"{waits_on or 'the process'}, which is not mapped to {into or 'the process'}, "
                                    f"where {target_id!r} waits"))
    else:
        failures += _hierarchy_failures(src, tgt, source, target, mapped, targets)
    if (source.kind in (ElementKind.PARALLEL_GATEWAY, ElementKind.INCLUSIVE_GATEWAY) and source.kind is target.kind
            and len(target.incoming) < len(source.incoming)):
        failures.append(Failure("GATEWAY_INCOMING_FLOWS", f"gateway {target_id!r} has {len(target.incoming)} "
                                f"incoming flows, fewer than the {len(source.incoming)} of {source_id!r}"))
    if (target.kind in (ElementKind.PARALLEL_GATEWAY, ElementKind.INCLUSIVE_GATEWAY) and source.scope_id is not None
            and source.scope_id not in mapped):
        failures.append(Failure("GATEWAY_FLOW_SCOPE_NOT_MIGRATED", f"gateway {source_id!r} migrates only with its "
                                f"flow scope {source.scope_id!r}, which no instruction maps (the paths waiting at a "
                                "join stay together)"))
    if instruction.update_event_trigger and not (_receives_events(source) and _receives_events(target)):
        failures.append(Failure("UPDATE_EVENT_TRIGGER_NOT_APPLICABLE", f"{source_id!r} to {target_id!r}: only "
                                "instructions between catching events or receive tasks update an event trigger"))
    if source.is_conditional and target.is_conditional and not instruction.update_event_trigger:
        failures.append(Failure("UPDATE_EVENT_TRIGGER_REQUIRED", f"conditional event {source_id!r} migrates with "
                                "update_event_trigger (its condition is the target's)"))
    return failures


def _ancestors(spec: ProcessSpec, element: Element) -> list[str]:
    """The flow scopes around ``element`` (subprocesses, multi-instance bodies), innermost first."""
    out = []
    scope = element.scope_id
    while scope is not None:
        out.append(scope)
        scope = spec.element(scope).scope_id
    return out


def _hierarchy_failures(src: ProcessSpec, tgt: ProcessSpec, source: Element, target: Element,
                        mapped: Mapping[str, str], targets: set[str]) -> list[Failure]:
    """The rules on flow scopes (the document's engine's hierarchy preservation and its rules on
    multi-instance bodies): an activity stays inside the scope its closest mapped ancestor scope
    migrates to (scopes between them may be added or removed); no multi-instance body is added
    around it; a body migrates with its inner activity, and is the target of a body whose inner
    activity migrates to its own."""
    failures = []
    around = next((scope for scope in _ancestors(src, source) if scope in mapped), None)
    if around is not None and mapped[around] not in _ancestors(tgt, target):
        failures.append(Failure("FLOW_SCOPE_NOT_MIGRATED", f"{source.id!r} is inside {around!r}, the closest "
                                f"scope around it that an instruction maps, to {mapped[around]!r}, which is no scope "
                                f"around {target.id!r}; an activity stays inside the scope its closest mapped scope "
                                "migrates to"))
    added = None
    for scope in _ancestors(tgt, target):
        if scope in targets:
            break
        if tgt.element(scope).kind is ElementKind.MULTI_INSTANCE_BODY:
            added = scope
            break
    if added is not None:
        failures.append(Failure("CANNOT_ADD_MULTI_INSTANCE_BODY", f"{target.id!r} is inside the multi-instance body "
                                f"{added!r}, which no instruction maps to; a multi-instance body is never added"))
    if source.kind is ElementKind.MULTI_INSTANCE_BODY and source.multi_instance is not None and (
            source.multi_instance.inner_id not in mapped):
        failures.append(Failure("CANNOT_REMOVE_MULTI_INSTANCE_INNER_ACTIVITY", f"the multi-instance body "
                                f"{source.id!r} migrates only with its activity {source.multi_instance.inner_id!r}"))
    if target.kind is ElementKind.MULTI_INSTANCE_BODY and target.multi_instance is not None and (
            target.multi_instance.inner_id not in targets):
        failures.append(Failure("CANNOT_ADD_MULTI_INSTANCE_INNER_ACTIVITY", f"the multi-instance body "
                                f"{target.id!r} is a target only with its activity {target.multi_instance.inner_id!r}"))
    return failures


def _scopes_mapped(mapped: Mapping[str, str], source_scope: str | None, target_scope: str | None) -> bool:
    if source_scope is None or target_scope is None:
        return source_scope is None and target_scope is None
    return mapped.get(source_scope) == target_scope


def plan_invalid(reports: Sequence[InstructionReport], prefix: str = "migration_plan.") -> FailedPrecondition:
    """MIGRATION_PLAN_INVALID with each failure of ``reports`` as a precondition violation."""
    violations = [PreconditionViolation(failure.reason, f"{prefix}instructions[{report.index}]", failure.description)
                  for report in reports for failure in report.failures]
    return FailedPrecondition(
        "MIGRATION_PLAN_INVALID",
        "the migration plan is not valid: " + "; ".join(f"{v.subject}: {v.description}" for v in violations),
        metadata={"failures": len(violations)}, precondition_violations=violations)


# -- GenerateMigrationPlan, ValidateMigrationPlan -------------------------------------------------------


def generate(tx: Session, caller: Caller, source_id: str, target_id: str, update_event_triggers: bool,
             variables: Mapping[str, TypedValue]) -> Plan:
    """GenerateMigrationPlan: instructions between the activities of equal ids, of one type, whose
    flow scopes are equal by the same rule, that the plan's validation accepts."""
    specs = _definitions(tx, caller, source_id, target_id)
    src, tgt = specs.source_spec, specs.target_spec

    def equal(source: Element, target: Element) -> bool:
        if source.id != target.id or _type(source) != _type(target):
            return False
        if source.scope_id is None or target.scope_id is None:
            return source.scope_id is None and target.scope_id is None
        return equal(src.element(source.scope_id), tgt.element(target.scope_id))

    instructions = [
        Instruction((element.id,), (element.id,), update_event_triggers and _receives_events(element))
        for element in src.elements.values()
        if element.kind in _GENERATED and element.id in tgt.elements and equal(element, tgt.element(element.id))
    ]
    while True:  # dropping an instruction may fail another (a boundary event without its activity)
        failing = {report.index for report in check_plan(specs, Plan(source_id, target_id, tuple(instructions)))}
        if not failing:
            return Plan(source_id, target_id, tuple(instructions), dict(variables))
        instructions = [i for index, i in enumerate(instructions) if index not in failing]


def validate(tx: Session, caller: Caller, plan: Plan) -> list[InstructionReport]:
    """ValidateMigrationPlan: the failing instructions; empty: valid."""
    return check_plan(_definitions(tx, caller, plan.source_process_definition_id,
                                   plan.target_process_definition_id, "migration_plan."), plan)


# -- the instances ------------------------------------------------------------------------------------


@dataclass
class _Context:
    """A checked plan, ready to be applied: the definitions and source id -> (target id, update)."""

    specs: _Definitions
    plan: Plan
    mapping: dict[str, tuple[str, bool]]

    @property
    def targets(self) -> set[str]:
        return {target for target, _ in self.mapping.values()}

    def target_of(self, source_id: str | None) -> str | None:
        return self.mapping[source_id][0] if source_id is not None and source_id in self.mapping else None


def _context(tx: Session, caller: Caller, plan: Plan) -> _Context:
    specs = _definitions(tx, caller, plan.source_process_definition_id, plan.target_process_definition_id,
                         "migration_plan.")
    reports = check_plan(specs, plan)
    if reports:
        raise plan_invalid(reports)
    return _Context(specs, plan, {i.source_activity_ids[0]: (i.target_activity_ids[0], i.update_event_trigger)
                                  for i in plan.instructions})


def _instance_failures(tx: Session, caller: Caller, ctx: _Context,
                       instance: ProcessInstance) -> list[tuple[str, Failure]]:
    """(subject, failure) for each reason the plan cannot be applied to the instance (the
    document's engine's execution time validation): the subject is the activity or transition
    instance, or the process instance for one of the whole instance."""
    src, tgt = ctx.specs.source_spec, ctx.specs.target_spec
    out: list[tuple[str, Failure]] = []
    target = ctx.specs.target
    if target.tenant_id is not None and instance.tenant_id != target.tenant_id:
        of = f"of tenant {instance.tenant_id!r}" if instance.tenant_id else "of no tenant"
        out.append((instance.id, Failure("TENANT_MISMATCH", f"process instance {instance.id} ({of}) cannot migrate "
                                         f"to a definition of tenant {target.tenant_id!r}")))
    if tx.scalar(select(EventSubscription.id).where(EventSubscription.process_instance_id == instance.id,
                                                    EventSubscription.event_type == "compensate").limit(1)):
        out.append((instance.id, Failure("COMPENSATION_NOT_SUPPORTED", f"process instance {instance.id} holds "
                                         "completed activities to compensate (or compensates now); such instances "
                                         "cannot be migrated")))
    activity_log.write_pending(tx)
    tree = activity_instances.activity_instance_tree(tx, caller, instance.id)
    async_jobs = {(job.execution_id, job.activity_id): job.handler_type for job in tx.scalars(
        select(Job).where(Job.process_instance_id == instance.id, Job.handler_type.in_(_ASYNC)))}
    pending = list(tree.root.children)
    transitions = list(tree.root.transitions)
    while pending:
        node = pending.pop(0)
        pending += node.children
        transitions += node.transitions
        named = f"{node.activity_type} {node.activity_id!r} (activity instance {node.id})"
        if node.activity_id not in ctx.mapping:
            if not node.children and not node.transitions:  # a scope around others is removed (_Migration)
                out.append((node.id, Failure("NO_INSTRUCTION", f"no instruction maps the {named}")))
            continue
        source = src.element(node.activity_id)
        target_element = tgt.element(ctx.mapping[node.activity_id][0])
        if source.kind not in _ACTIVE:
            out.append((node.id, Failure("ACTIVITY_INSTANCE_NOT_SUPPORTED", f"the {named} cannot be migrated while "
                                         "it runs")))
        elif source.kind is ElementKind.EVENT_BASED_GATEWAY:
            after_target = {tgt.flow(f).target for f in target_element.outgoing}
            for flow_id in source.outgoing:
                event = src.flow(flow_id).target
                if event in ctx.mapping and ctx.mapping[event][0] not in after_target:
                    out.append((node.id, Failure("EVENT_NOT_AFTER_GATEWAY", f"the {named} waits for {event!r}, "
                                                 f"mapped to {ctx.mapping[event][0]!r}, which does not follow the "
                                                 f"gateway {target_element.id!r}")))
        elif source.boundary_ids and not target_element.is_scope:
            [execution_id] = node.execution_ids
            if tx.scalar(select(Variable.id).where(Variable.scope_id == execution_id).limit(1)) is not None:
                out.append((node.id, Failure("SCOPE_VARIABLES", f"the {named} holds variables of its own, which "
                                             f"would have no scope once {target_element.id!r}, without boundary "
                                             "events, has none")))
    for transition in transitions:
        named = f"asynchronous continuation of {transition.activity_type} {transition.activity_id!r} (transition " \
                f"instance {transition.id})"
        if transition.activity_id not in ctx.mapping:
            out.append((transition.id, Failure("NO_INSTRUCTION", f"no instruction maps the {named}")))
            continue
        target_element = tgt.element(ctx.mapping[transition.activity_id][0])
        side = async_jobs.get((transition.execution_id, transition.activity_id))
        if side == "async-before" and not target_element.async_before or (
                side == "async-after" and not target_element.async_after):
            out.append((transition.id, Failure("TARGET_NOT_ASYNC", f"the {named} waits {side.removeprefix('async-')} "
                                               f"the activity; {target_element.id!r} is not asynchronous "
                                               f"{side.removeprefix('async-')} it")))
    return out


def instance_invalid(instance_id: str, failures: Sequence[tuple[str, Failure]]) -> FailedPrecondition:
    violations = [PreconditionViolation(failure.reason, subject, failure.description) for subject, failure in failures]
    return FailedPrecondition(
        "MIGRATING_INSTANCE_INVALID",
        f"process instance {instance_id} cannot be migrated: " + "; ".join(v.description for v in violations),
        metadata={"subject": instance_id, "process_instance_id": instance_id, "failures": len(violations)},
        precondition_violations=violations)


# -- migrating one instance ---------------------------------------------------------------------------


def _after(spec: ProcessSpec, gateway: Element) -> list[str]:
    """The events after an event-based gateway."""
    return [spec.flow(flow_id).target for flow_id in gateway.outgoing]


@dataclass
class _Wait:
    """A job or event subscription of the instance: its source activity, and what it waited for
    before the migration: ``path`` (the path's own activity), ``scope`` (a boundary event or
    event subprocess of the scope execution), ``gateway`` (an event after the event-based
    gateway the path is at) or ``other``; ``dropped`` once removed."""

    row: Job | EventSubscription
    activity_id: str
    role: str

    @property
    def execution_id(self) -> str:
        """Where the row is now (its path may have moved)."""
        return self.row.execution_id or ""


@dataclass
class _Unit:
    """What runs in a scope and may move to another: a path at an activity (``activity_id``; the
    path is the scope's own execution when it is the scope's only path, else a concurrent child)
    or a scope execution (``scope``: a subprocess, a multi-instance body, an activity with
    boundary events) that the path holds."""

    path: Execution
    activity_id: str | None = None
    scope: Execution | None = None


class _Migration:
    """One instance's migration, in the runtime's transaction (its instance locked)."""

    def __init__(self, rt: Runtime, ctx: _Context, instance: ProcessInstance) -> None:
        self.rt, self.tx, self.ctx, self.instance = rt, rt.tx, ctx, instance
        self.src, self.tgt = ctx.specs.source_spec, ctx.specs.target_spec
        self.target = ctx.specs.target
        self.executions = list(self.tx.scalars(select(Execution).where(Execution.process_instance_id == instance.id)
                                               .order_by(Execution.start_time, Execution.id)))
        self.by_id = {e.id: e for e in self.executions}
        # Each execution's activity and scope activity in the source.
        self.before = {e.id: (e.activity_id, e.scope_activity_id) for e in self.executions}
        self.jobs = list(self.tx.scalars(select(Job).where(Job.process_instance_id == instance.id)))
        self.subscriptions = list(self.tx.scalars(select(EventSubscription).where(
            EventSubscription.process_instance_id == instance.id)))
        self.transitions = {(job.execution_id, job.activity_id) for job in self.jobs if job.handler_type in _ASYNC}
        self.waits = [self._classified(row) for row in [*self.jobs, *self.subscriptions]]
        self.now = rt.clock.now()
        # The scope executions of subprocesses and multi-instance bodies no instruction maps: the
        # scopes removed around what migrates (_restructure).
        self.removed = {e.id for e in self.executions if e.parent_id is not None and e.scope_activity_id
                        and e.scope_activity_id not in ctx.mapping and self.src.element(e.scope_activity_id).kind
                        in (ElementKind.SUB_PROCESS, ElementKind.MULTI_INSTANCE_BODY)}
        # The scopes this migration instantiates in the target, by (the execution they were
        # opened in, their activity): each opened once per migrating parent, as in the document's engine.
        self.opened: dict[tuple[str, str], Execution] = {}

    def _classified(self, row: Job | EventSubscription) -> _Wait:
        execution = self.by_id.get(row.execution_id or "")
        activity_id = row.activity_id or ""
        role = "other"
        if execution is not None:
            if activity_id == execution.activity_id:
                role = "path"
            elif execution.is_scope and activity_id in self.src.scope_waits(self._scope_activity(execution)):
                role = "scope"
            elif execution.activity_id and activity_id in self._gateway_events(self.src, execution.activity_id):
                role = "gateway"
        return _Wait(row, activity_id, role)

    @staticmethod
    def _scope_activity(execution: Execution) -> str | None:
        return execution.scope_activity_id if execution.parent_id is not None else None

    @staticmethod
    def _gateway_events(spec: ProcessSpec, activity_id: str) -> list[str]:
        element = spec.elements.get(activity_id)
        return _after(spec, element) if element is not None and element.kind is ElementKind.EVENT_BASED_GATEWAY else []

    def run(self) -> None:
        for log in (activity_log, task_log, variable_log):
            log.write_pending(self.tx)
        # External tasks before their process steps, as FetchAndLock takes them (Runtime.hold_external_tasks).
        self.rt.hold_external_tasks([e.id for e in self.executions])
        self._renamed()
        self._waits()
        self._tasks()
        self._records()
        self._scope_changes()
        self._restructure()
        self._new_catchers()
        self.tx.flush()

    # -- the execution tree ------------------------------------------------------------------------

    def _renamed(self) -> None:
        """Each execution names the target definition and the activities its own map to."""
        ctx = self.ctx
        for execution in list(self.executions):
            activity_id, scope_activity_id = self.before[execution.id]
            execution.process_definition_id = self.target.id
            execution.process_definition_key = self.target.key
            if scope_activity_id is not None:
                execution.scope_activity_id = ctx.target_of(scope_activity_id) or scope_activity_id
            if activity_id is not None:
                execution.activity_id = ctx.target_of(activity_id) or activity_id
        self.tx.flush()

    def _scope_changes(self) -> None:
        """An activity that gains boundary events gets a scope execution, one that loses them
        loses it (the waits, tasks and history already name the target's activities)."""
        for execution in list(self.executions):
            activity_id, scope_activity_id = self.before[execution.id]
            if activity_id is None or activity_id not in self.ctx.mapping:
                continue
            source = self.src.element(activity_id)
            target = self.tgt.element(execution.activity_id or "")
            if source.kind in (ElementKind.SUB_PROCESS, ElementKind.MULTI_INSTANCE_BODY):
                continue
            if scope_activity_id == activity_id and not target.is_scope:
                self._collapse(execution, target.id)
            elif (scope_activity_id != activity_id and target.is_scope
                  and (execution.id, activity_id) not in self.transitions):
                self._expand(execution, target.id)

    def _path_rows_moved(self, old: Execution, new: Execution, activity_id: str) -> None:
        """The path's own rows at ``activity_id`` (a target activity: its task, external task,
        waits, the instance it called, its open pass, incidents and steps) move from ``old`` to
        ``new``; the waits ``old`` holds as a scope (scope_waits) stay."""
        tx = self.tx
        tx.flush()
        kept = self.rt.scope_waits(old)
        for waiting in (Job, EventSubscription):
            stmt = update(waiting).where(waiting.execution_id == old.id)  # type: ignore[attr-defined]
            if kept:
                stmt = stmt.where(waiting.activity_id.not_in(kept))  # type: ignore[attr-defined]
            if waiting is EventSubscription:
                stmt = stmt.where(EventSubscription.event_type != "compensate")
            tx.execute(stmt.values(execution_id=new.id).execution_options(synchronize_session="fetch"))
        for model in (Task, ExternalTask):
            tx.execute(update(model).where(model.execution_id == old.id)  # type: ignore[attr-defined]
                       .values(execution_id=new.id).execution_options(synchronize_session="fetch"))
        task_log.moved(tx, old.id, new.id)
        moving = {"super_execution_id": new.id}
        tx.execute(update(ProcessInstance).where(ProcessInstance.super_execution_id == old.id,
                                                 ProcessInstance.state.in_(RUNNING))
                   .values(moving).execution_options(synchronize_session="fetch"))
        tx.execute(update(Execution).where(Execution.super_execution_id == old.id).values(moving)
                   .execution_options(synchronize_session="fetch"))
        tx.execute(update(HistoricActivityInstance).where(
            HistoricActivityInstance.execution_id == old.id, HistoricActivityInstance.activity_id == activity_id,
            HistoricActivityInstance.end_time.is_(None)).values(execution_id=new.id)
            .execution_options(synchronize_session=False))
        tx.execute(update(Incident).where(Incident.state == incidents.OPEN, Incident.execution_id == old.id,
                                          Incident.activity_id == activity_id)
                   .values(execution_id=new.id).execution_options(synchronize_session="fetch"))
        tx.execute(update(ProcessStep).where(ProcessStep.execution_id == old.id, ProcessStep.activity_id == activity_id,
                                             ProcessStep.end_time.is_(None))
                   .values(execution_id=new.id).execution_options(synchronize_session="fetch"))

    def _collapse(self, scope: Execution, activity_id: str) -> None:
        """An activity that loses its boundary events loses its scope execution: the path that
        held it is at the activity again, with its rows; the boundary events' waits go."""
        holder = self.by_id[scope.parent_id or ""]
        self._drop([w for w in self.waits if w.role == "scope" and w.execution_id == scope.id])
        self._path_rows_moved(scope, holder, activity_id)
        holder.activity_id = scope.activity_id
        holder.is_active = scope.is_active
        self.executions.remove(scope)
        self.tx.delete(scope)
        self.tx.flush()

    def _expand(self, path: Execution, activity_id: str) -> None:
        """An activity that gains boundary events gets a scope execution below its path, as
        entering it would have made; the path's rows move to it."""
        target = path.activity_id
        scope = self.rt.new_execution(path, scope=True, activity_id=target, scope_activity_id=target)
        scope.is_active = path.is_active
        path.activity_id = None
        path.is_active = False
        self.executions.append(scope)
        self.by_id[scope.id] = scope
        self.before[scope.id] = (None, None)
        self._path_rows_moved(path, scope, activity_id)

    # -- scopes added and removed ---------------------------------------------------------------------

    def _restructure(self) -> None:
        """Fits the execution tree to the target's flow scopes, as the document's engine does
        (top-down from the instance): what runs in a subprocess or multi-instance body that no
        instruction maps moves to its closest migrating ancestor, and the scope is removed (its
        activity instance canceled, its waits and variables gone); what the target puts into
        subprocesses its migrating parent has no instance of moves into new instances of them,
        opened once per parent (the instance of a new subprocess, its history and its waits, as
        entering it makes them, without its start event)."""
        root = self.by_id[self.instance.id]
        removed: list[Execution] = []
        self._place(root, None, removed)
        for scope in removed:  # innermost first: emptied by now
            self._remove(scope)

    def _place(self, parent: Execution, into: str | None, removed: list[Execution]) -> None:
        """Settles what runs in ``parent``, a migrating scope execution (or the instance), now an
        instance of ``into`` (None: the process)."""
        for unit in self._units(parent):
            self._settle(unit, parent, into, removed)

    def _settle(self, unit: _Unit, parent: Execution, into: str | None, removed: list[Execution]) -> None:
        scope = unit.scope
        if scope is not None and scope.id in self.removed:
            for inner in self._units(scope):
                self._settle(inner, parent, into, removed)
            removed.append(scope)
            return
        activity_id = scope.scope_activity_id if scope is not None else unit.activity_id
        assert activity_id is not None
        missing: list[str] = []  # the target's scopes between ``into`` and the activity, innermost first
        for around in _ancestors(self.tgt, self.tgt.element(activity_id)):
            if around == into:
                break
            missing.append(around)
        container = unit.path if not unit.path.is_concurrent else self.rt.parent(unit.path)
        assert container is not None
        if missing or container.id != parent.id:
            self._move(unit, container, parent, list(reversed(missing)))
        if scope is not None and scope.activity_id != scope.scope_activity_id:  # a subprocess or body
            self._place(scope, activity_id, removed)

    @staticmethod
    def _is_leaf_scope(execution: Execution) -> bool:
        """The scope execution of an activity with boundary events (at the activity itself)."""
        return execution.parent_id is not None and execution.scope_activity_id == execution.activity_id

    def _units(self, scope: Execution) -> list[_Unit]:
        """What runs directly in a scope execution: its single path (itself, at an activity or
        holding a scope), or its concurrent paths."""
        out = []
        if scope.activity_id is not None and not self._is_leaf_scope(scope):
            out.append(_Unit(scope, activity_id=scope.activity_id))
        for child in self.rt.children(scope):
            if not child.is_concurrent:
                out.append(_Unit(scope, scope=child))
                continue
            if child.activity_id is not None:
                out.append(_Unit(child, activity_id=child.activity_id))
            out += [_Unit(child, scope=nested) for nested in self.rt.children(child)]
        return out

    def _move(self, unit: _Unit, container: Execution, parent: Execution, missing: list[str]) -> None:
        """Moves a unit from ``container`` into ``parent``, inside new instances of the scopes
        ``missing`` (outermost first). The single path of a scope leaves it first, so that a
        scope opened in it takes its place."""
        active = unit.path.is_active
        single = unit.path is container
        if single:
            if unit.scope is None:
                container.activity_id = None
                container.is_active = False
            else:
                unit.scope.parent_id = None
            self.tx.flush()
        into = parent
        for scope_id in missing:
            key = (into.id, scope_id)
            if key not in self.opened:
                self.opened[key] = self.rt.open_scopes(into, [self.tgt.element(scope_id)])
            into = self.opened[key]
        self._attach(unit, into, single, active)

    def _attach(self, unit: _Unit, into: Execution, single: bool, active: bool) -> None:
        """Makes ``into`` run the unit: on its only path when it has none (the path's rows move
        to it), else on a concurrent path; a concurrent path that holds variables of its own (a
        multi-instance activity's loopCounter) moves whole."""
        tx, rt = self.tx, self.rt
        old = unit.path
        empty = into.activity_id is None and not rt.children(into)
        keep_path = not single and self._has_variables(old)
        if empty and not keep_path:
            path = into
        elif not single:
            rt.concurrent_paths(into)
            old.parent_id = into.id
            into.activity_id = None
            into.is_active = False
            tx.flush()
            self._parent_changed(old, unit, into)
            return
        else:
            rt.concurrent_paths(into)
            path = rt.new_execution(into, concurrent=True)
            into.is_active = False
        if unit.scope is not None:
            unit.scope.parent_id = path.id
            path.activity_id = None
            path.is_active = False
        else:
            assert unit.activity_id is not None
            path.activity_id = unit.activity_id
            path.is_active = active
            tx.flush()
            self._path_rows_moved(old, path, unit.activity_id)
        tx.flush()
        if not single:  # the concurrent path it left holds nothing now
            tx.delete(old)
            tx.flush()
        self._parent_changed(path, unit, into)

    def _has_variables(self, execution: Execution) -> bool:
        return self.tx.scalar(select(Variable.id).where(Variable.scope_id == execution.id).limit(1)) is not None

    def _parent_changed(self, path: Execution, unit: _Unit, into: Execution) -> None:
        """The history follows a unit into its new scope: its activity instance's parent, and
        the activity instance of the variables of a path that holds a scope."""
        parent_id = activity_log.container_id(into)
        execution, activity_id = ((unit.scope, unit.scope.scope_activity_id) if unit.scope is not None
                                  else (path, unit.activity_id))
        self.tx.execute(update(HistoricActivityInstance).where(
            HistoricActivityInstance.process_instance_id == self.instance.id,
            HistoricActivityInstance.execution_id == execution.id, HistoricActivityInstance.activity_id == activity_id,
            HistoricActivityInstance.end_time.is_(None))
            .values(parent_activity_instance_id=parent_id).execution_options(synchronize_session=False))
        if path.activity_id is None and path.is_concurrent:
            self.tx.execute(update(HistoricVariableInstance).where(
                HistoricVariableInstance.id.in_(select(Variable.id).where(Variable.scope_id == path.id)))
                .values(activity_instance_id=parent_id).execution_options(synchronize_session=False))

    def _remove(self, scope: Execution) -> None:
        """Removes the instance of a subprocess or multi-instance body no instruction maps, once
        what ran in it has moved out: its activity instance ends canceled, its waits go (their
        jobs' log: deleted), its variables (a body's counters) go as a cancelled scope's do, and so
        does the concurrent path that held it."""
        tx = self.tx
        holder = self.rt.parent(scope)
        assert holder is not None and not self.rt.children(scope)
        self._drop([w for w in self.waits if w.role != "dropped" and w.execution_id == scope.id])
        assert scope.scope_activity_id is not None
        self.rt.history.canceled([scope.id], scope.scope_activity_id)
        gone = [scope.id, holder.id] if holder.is_concurrent else [scope.id]
        tx.execute(delete(Variable).where(Variable.scope_id.in_(gone)).execution_options(synchronize_session="fetch"))
        tx.delete(scope)
        tx.flush()
        if holder.is_concurrent:
            around = self.rt.parent(holder)
            tx.delete(holder)
            tx.flush()
            if around is not None:
                self._prune(around)

    def _prune(self, scope: Execution) -> None:
        """A scope left with one concurrent path takes it back as its single path, as the
        document's engine prunes it (not one that holds variables of its own: a loopCounter)."""
        children = self.rt.children(scope)
        if (scope.activity_id is not None or len(children) != 1 or not children[0].is_concurrent
                or self._has_variables(children[0])):
            return
        [path] = children
        if path.activity_id is not None:
            self._path_rows_moved(path, scope, path.activity_id)
            scope.activity_id = path.activity_id
            scope.is_active = path.is_active
        for nested in self.rt.children(path):
            nested.parent_id = scope.id
        self.tx.flush()
        self.tx.delete(path)
        self.tx.flush()

    # -- jobs and event subscriptions -----------------------------------------------------------------

    def _drop(self, waits: Iterable[_Wait]) -> None:
        """Removes waits whose event no longer waits: a job's log says deleted, its open
        failedJob incident ends as DELETED, its process step is cancelled."""
        for wait in waits:
            row = wait.row
            if row in self.tx.deleted or wait.role == "dropped":
                continue
            wait.role = "dropped"
            if isinstance(row, Job):
                opened = list(self.tx.scalars(select(Incident).where(
                    Incident.state == incidents.OPEN, Incident.incident_type == jobs.FAILED_JOB,
                    Incident.configuration == row.id)))
                if opened:
                    incidents.close(self.rt, opened, incidents.DELETED)
                for hook in jobs.HOOKS.deleted:
                    hook(self.rt, row)
                job_log.deleted(self.tx, [row], self.now)
            self.tx.delete(row)
        self.tx.flush()

    def _repoint(self, wait: _Wait, target_activity: str) -> None:
        row = wait.row
        row.activity_id = target_activity
        row.process_definition_id = self.target.id
        if isinstance(row, Job):
            row.process_definition_key = self.target.key
            row.handler_configuration = {**(row.handler_configuration or {}), "activity_id": target_activity}
            job_type = "timer" if row.handler_type.startswith("timer") else row.handler_type
            row.job_definition_id = self.tx.scalar(select(JobDefinition.id).where(
                JobDefinition.process_definition_id == self.target.id, JobDefinition.activity_id == target_activity,
                JobDefinition.job_type == job_type))

    def _waits(self) -> None:
        ctx, tgt, rt = self.ctx, self.tgt, self.rt
        remade: set[tuple[str, str]] = set()  # (execution, target activity) whose trigger was made anew
        for wait in self.waits:
            if wait.role == "dropped":
                continue
            target_activity = ctx.target_of(wait.activity_id)
            if target_activity is None:
                if wait.role in ("scope", "gateway"):  # an event no instruction maps: its trigger goes
                    self._drop([wait])
                else:
                    wait.row.process_definition_id = self.target.id
                    if isinstance(wait.row, Job):
                        wait.row.process_definition_key = self.target.key
                continue
            updated = ctx.mapping[wait.activity_id][1]
            is_async = isinstance(wait.row, Job) and wait.row.handler_type in _ASYNC
            if updated and not is_async:
                execution_id = wait.execution_id
                self._drop([wait])
                remade.add((execution_id, target_activity))
                continue
            self._repoint(wait, target_activity)
        self.tx.flush()
        for execution_id, target_activity in sorted(remade):
            execution = self.tx.get(Execution, execution_id)
            assert execution is not None
            element = tgt.element(target_activity)
            if element.kind in (ElementKind.BOUNDARY_EVENT, ElementKind.START_EVENT):
                self._subscribe_catcher(execution, element)
            elif element.trigger is not None and element.trigger.kind in _PERSISTENT:
                via_gateway = execution.activity_id != element.id
                rt.wait_for_event(execution, element, element, via_gateway=via_gateway)

    def _new_catchers(self) -> None:
        """The waits of the target's events that no instruction maps: boundary events and event
        subprocesses' start events of each scope (but those the migration opened: they waited
        for all of theirs as they began), the events after each event-based gateway."""
        tgt, targets = self.tgt, self.ctx.targets
        executions = list(self.tx.scalars(select(Execution).where(
            Execution.process_instance_id == self.instance.id).order_by(Execution.start_time, Execution.id)))
        opened = {e.id for e in self.opened.values()}
        running = {e.scope_activity_id for e in executions if e.scope_activity_id}
        transitions = self._transition_targets()
        for execution in executions:
            if execution.is_scope and execution.id not in opened:
                scope_activity = self._scope_activity(execution)
                # An interrupting event subprocess that runs there took the waits of the others.
                interrupted = any(start.cancel_activity and start.scope_id in running
                                  for start in tgt.event_starts(scope_activity))
                for catcher_id in tgt.scope_waits(scope_activity):
                    catcher = tgt.element(catcher_id)
                    if catcher_id in targets or (interrupted and catcher.kind is ElementKind.START_EVENT):
                        continue
                    self._subscribe_catcher(execution, catcher)
            if execution.activity_id and (execution.id, execution.activity_id) not in transitions:
                for event_id in self._gateway_events(tgt, execution.activity_id):
                    if event_id not in targets:
                        event = tgt.element(event_id)
                        if event.trigger is not None and event.trigger.kind in _PERSISTENT:
                            self.rt.wait_for_event(execution, event, event, via_gateway=True)

    def _transition_targets(self) -> set[tuple[str, str]]:
        """(path, target activity) of the asynchronous continuations, where they are now."""
        return {(execution_id or "", activity_id or "") for execution_id, activity_id in self.tx.execute(
            select(Job.execution_id, Job.activity_id).where(Job.process_instance_id == self.instance.id,
                                                            Job.handler_type.in_(_ASYNC)))}

    def _subscribe_catcher(self, scope: Execution, catcher: Element) -> None:
        """A scope execution waits for a boundary event or an event subprocess's start event, as
        a new scope of it would (Runtime._subscribe_scope)."""
        rt, trigger = self.rt, catcher.trigger
        if trigger is None or trigger.kind not in _PERSISTENT:
            return
        if trigger.kind is TriggerKind.TIMER:
            handler = "timer-boundary" if catcher.kind is ElementKind.BOUNDARY_EVENT else EVENT_SUBPROCESS_TIMER
            rt.schedule_timer(scope, catcher, handler)
        elif trigger.kind is TriggerKind.CONDITIONAL:
            rt.subscribe_conditional(scope, catcher)
        else:
            rt.subscribe(scope, trigger.kind.value, rt.event_name(scope, catcher), catcher.id)

    # -- tasks, external tasks, records and history -------------------------------------------------

    def _tasks(self) -> None:
        for task in self.tx.scalars(select(Task).where(Task.process_instance_id == self.instance.id)):
            task.process_definition_id = self.target.id
            task.task_definition_key = self.ctx.target_of(task.task_definition_key) or task.task_definition_key
        for external in self.tx.scalars(select(ExternalTask).where(
                ExternalTask.process_instance_id == self.instance.id)):
            external.process_definition_id = self.target.id
            external.process_definition_key = self.target.key
            external.activity_id = self.ctx.target_of(external.activity_id) or external.activity_id
        self.tx.flush()

    def _records(self) -> None:
        tx, target, instance_id = self.tx, self.target, self.instance.id
        definition = {"process_definition_id": target.id, "process_definition_key": target.key}
        self.instance.process_definition_id = target.id
        self.instance.process_definition_key = target.key
        tx.flush()
        for scope in self.executions:  # a scope's pass is named by its activity: renamed with it
            activity_id, scope_activity_id = self.before[scope.id]
            if scope_activity_id and scope.scope_activity_id and scope_activity_id != scope.scope_activity_id:
                self._rename_pass(f"{scope_activity_id}:{scope.id}", f"{scope.scope_activity_id}:{scope.id}")
        # The instances of the scopes removed end as the source's (_remove).
        removed = [f"{self.before[scope_id][1]}:{scope_id}" for scope_id in self.removed]
        open_passes = list(tx.execute(select(HistoricActivityInstance.seq, HistoricActivityInstance.activity_id).where(
            HistoricActivityInstance.process_instance_id == instance_id, HistoricActivityInstance.end_time.is_(None),
            HistoricActivityInstance.id.not_in(removed))))
        for seq, activity_id in open_passes:
            element = self.tgt.elements.get(self.ctx.target_of(activity_id) or "")
            values: dict[str, Any] = dict(definition)
            if element is not None:
                values.update(activity_id=element.id, activity_name=element.name, activity_type=element.activity_type)
            tx.execute(update(HistoricActivityInstance).where(HistoricActivityInstance.seq == seq).values(**values)
                       .execution_options(synchronize_session=False))
        for task_id, key in list(tx.execute(select(Task.id, Task.task_definition_key).where(
                Task.process_instance_id == instance_id))):
            tx.execute(update(HistoricTaskInstance).where(HistoricTaskInstance.id == task_id)
                       .values(task_definition_key=key, **definition).execution_options(synchronize_session=False))
        tx.execute(update(HistoricVariableInstance).where(
            HistoricVariableInstance.process_instance_id == instance_id,
            HistoricVariableInstance.id.in_(select(Variable.id).where(Variable.process_instance_id == instance_id)))
            .values(**definition).execution_options(synchronize_session=False))
        jobs_now = {job.id: job for job in tx.scalars(select(Job).where(Job.process_instance_id == instance_id))}
        for incident in tx.scalars(select(Incident).where(Incident.process_instance_id == instance_id,
                                                          Incident.state == incidents.OPEN)):
            incident.process_definition_id = target.id
            incident.process_definition_key = target.key
            incident.activity_id = self.ctx.target_of(incident.activity_id) or incident.activity_id
            incident.failed_activity_id = self.ctx.target_of(incident.failed_activity_id) or incident.failed_activity_id
            job = jobs_now.get(incident.configuration or "")
            if incident.incident_type == jobs.FAILED_JOB and job is not None:
                incident.job_definition_id = job.job_definition_id
        for step in tx.scalars(select(ProcessStep).where(ProcessStep.process_instance_id == instance_id,
                                                         ProcessStep.end_time.is_(None))):
            step.process_definition_id = target.id
            step.activity_id = self.ctx.target_of(step.activity_id) or step.activity_id
        for subscription in tx.scalars(select(EventSubscription).where(
                EventSubscription.process_instance_id == instance_id)):
            subscription.process_definition_id = target.id
        tx.flush()

    def _rename_pass(self, old: str, new: str) -> None:
        """A scope's activity instance takes its new id (``<activity>:<scope execution>``) in
        the history and wherever the history names it."""
        tx = self.tx
        tx.execute(update(HistoricActivityInstance).where(HistoricActivityInstance.id == old).values(id=new)
                   .execution_options(synchronize_session=False))
        for model, column in ((HistoricActivityInstance, "parent_activity_instance_id"),
                              (HistoricTaskInstance, "activity_instance_id"),
                              (HistoricVariableInstance, "activity_instance_id"),
                              (HistoricVariableUpdate, "activity_instance_id"),
                              (HistoricExternalTaskLog, "activity_instance_id"),
                              (ExternalTask, "activity_instance_id")):
            attribute = getattr(model, column)
            tx.execute(update(model).where(model.process_instance_id == self.instance.id, attribute == old)
                       .values({column: new}).execution_options(synchronize_session="fetch"))


# -- ExecuteMigrationPlan and its batch -----------------------------------------------------------------


def _migrate_each(tx: Session, clock: Clock, caller: Caller, ctx: _Context,
                  items: Sequence[tuple[str, str]]) -> list[str]:
    done = []
    for item, field_name in sorted(items):  # id order: overlapping calls lock alike, none waits for another
        with modification.about(item):
            instance = modification.of_definition(tx, caller, ctx.specs.source, item, field_name)
            if instance.state not in RUNNING:
                raise precondition("INSTANCE_ENDED", f"process instance {item} has ended "
                                   f"({instance.state.lower()})", item, state=instance.state, field_name=field_name)
            rt = Runtime(tx, clock)
            root = rt.lock_instance(instance.id)
            failures = _instance_failures(tx, caller, ctx, instance)
            if failures:
                raise instance_invalid(instance.id, failures)
            _Migration(rt, ctx, instance).run()
            if ctx.plan.variables:
                instances.modify_scope_variables(tx, clock, root, ctx.plan.variables, [], rt)
            rt.run()
        done.append(item)
    return done


def _selected(tx: Session, caller: Caller, plan: Plan, ids: Sequence[str],
              query: instances.InstanceQuery | None) -> tuple[_Context, list[tuple[str, str]]]:
    """The checked plan and the instances: the ids given, then the running instances of the
    source definition the query finds now, each once."""
    ctx: _Context | None = None

    def of_the_source() -> list[str]:
        assert query is not None and ctx is not None
        source = ctx.specs.source
        if query.definition_id and query.definition_id != source.id:
            return []
        return instances.selected_ids(tx, caller, replace(query, definition_id=source.id), running=True)

    selection = batches.Selection("process_instance_ids", ids, "process_instance_query",
                                  None if query is None else of_the_source)
    selection.check()
    ctx = _context(tx, caller, plan)
    return ctx, modification.selected_items(tx, caller, ctx.specs.source, ids, selection)


def _logged(ctx: _Context) -> tuple[str, str, str]:
    return ("processDefinitionId", ctx.specs.source.id, ctx.specs.target.id)


def execute(tx: Session, clock: Clock, caller: Caller, plan: Plan, ids: Sequence[str],
            query: instances.InstanceQuery | None) -> list[str]:
    """ExecuteMigrationPlan: the ids of the instances migrated, in the order migrated (by id)."""
    ctx, items = _selected(tx, caller, plan, ids, query)
    operation = operation_log.Operation(tx, clock, caller, "Migrate")  # before the plan's variables
    done = _migrate_each(tx, clock, caller, ctx, items)
    operation.entry(modification.definition_subject(ctx.specs.source), _logged(ctx),
                    ("nrOfInstances", None, len(done)), ("async", None, False))
    return done


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {"source": plan.source_process_definition_id, "target": plan.target_process_definition_id,
            "instructions": [{"source": list(i.source_activity_ids), "target": list(i.target_activity_ids),
                              "update": i.update_event_trigger} for i in plan.instructions],
            "variables": variables_to_json(plan.variables)}


def plan_from_json(stored: Mapping[str, Any]) -> Plan:
    return Plan(stored["source"], stored["target"],
                tuple(Instruction(tuple(i["source"]), tuple(i["target"]), bool(i["update"]))
                      for i in stored["instructions"]),
                variables_from_json(stored["variables"]))


def execute_async(tx: Session, clock: Clock, caller: Caller, plan: Plan, ids: Sequence[str],
                  query: instances.InstanceQuery | None) -> Batch:
    """ExecuteMigrationPlanAsync: a batch of instance-migration over the selection."""
    ctx, items = _selected(tx, caller, plan, ids, query)
    return batches.create(
        tx, clock, caller, batches.MIGRATE_INSTANCES,
        batches.Selection("process_instance_ids", [item for item, _ in items], "process_instance_query"),
        {"plan": plan_to_json(plan)}, "Migrate", _logged(ctx),
        refs=modification.definition_subject(ctx.specs.source).refs)


def migrate_item(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    """One instance of an instance-migration batch, as ExecuteMigrationPlan migrates it (a plan
    whose definitions are gone, or no longer valid, fails the job)."""
    _migrate_each(tx, clock, caller, _context(tx, caller, plan_from_json(config["plan"])), [(item, "id")])
