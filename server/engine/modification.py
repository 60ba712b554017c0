"""Process instance modification (the document's engine's "modify process instance"): start
paths before or after an activity or on a sequence flow, and cancel activity and transition
instances, in the order given, in one transaction.

Activity instances are named as GetActivityInstanceTree names them (server.engine
.activity_instances): ``<activity id>:<execution id>``. A start runs in the activity's scope:
the process, or the running instance of the subprocess around it; a subprocess that does not
run is started for it, without its start event, as in the document's engine (an event
subprocess too: without its event, so nothing is interrupted). A scope that a
cancellation leaves without paths is cancelled once every instruction ran, unless a later
start gave it a path again: "cancel A, start before B" moves the instance from A to B, as in
the document's engine.
A start's variables are set once its scopes run and before its path moves (the activity sees
them): non-local ones from the new path, local ones on it, as in the document's engine.
Cancelling the instance's last activity instance cancels the instance, as
DeleteProcessInstance does; a started path that reaches the process's end completes it, and an
instruction after that fails the call.
A multi-instance activity X: a start before ``X#multiInstanceBody``, or before X where no body
of X runs, starts the whole body (its cardinality or collection evaluated); a start before X in
a running body adds one instance to it (loopCounter: the number of instances before it; a
sequential body that runs one takes none: SEQUENTIAL_INSTANCE_RUNNING), and one before an
activity inside X opens a body with one instance, as in the document's engine. A start after
X is one after its body. Cancelling an instance lowers nrOfActiveInstances; a body whose last
instance is cancelled is cancelled, not completed, as any scope left without paths.

ModifyProcessInstances (``modify_many``) applies one list of instructions to many running
instances of a definition, one after the other in one transaction, and its batch
(``instance-modification``, server.engine.batches) one instance per item; the instructions name
activities and flows only, and are checked against the definition before any instance is
touched. Restarts (server.engine.restart) run their starts through ``apply`` too."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field as _field, replace
from typing import Any, Iterator, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import activity_instances, batches, instances, operation_log
from server.engine.bpmn.spec import Element, ElementKind, ProcessSpec
from server.engine.errors import not_found, precondition, suspended, visible
from server.engine.executions import at_activities
from server.engine.instances import RUNNING, running_instance
from server.engine.models import Batch, Execution, HistoricActivityInstance, ProcessDefinition, ProcessInstance
from server.engine.runtime import SPECS, Runtime
from server.engine.variables import TypedValue
from server.errors import DomainError, FailedPrecondition, invalid_field, missing_required_field
from server.identity.service import Caller

START_BEFORE, START_AFTER, START_TRANSITION, CANCEL = "start_before", "start_after", "start_transition", "cancel"


@dataclass(frozen=True)
class Instruction:
    type: str
    activity_id: str = ""
    transition_id: str = ""
    activity_instance_id: str = ""
    transition_instance_id: str = ""
    ancestor_activity_instance_id: str = ""
    # Starts: set from the new path (where they live, else on the instance) and on it, before it moves.
    variables: Mapping[str, TypedValue] = _field(default_factory=dict)
    local_variables: Mapping[str, TypedValue] = _field(default_factory=dict)
    # Cancellations by activity_id: only the instances there before the first instruction.
    cancel_current_active_activity_instances: bool = False


def modify(tx: Session, clock: Clock, caller: Caller, instance_id: str, instructions: list[Instruction],
           annotation: str) -> ProcessInstance:
    """ModifyProcessInstance: the instance after the instructions ran (ended, if they cancelled
    all of it)."""
    if not instructions:
        raise missing_required_field("instructions", "give at least one instruction")
    instance = running_instance(tx, caller, instance_id)
    runtime = _held(tx, clock, instance)
    spec = SPECS.get(tx, runtime.definition(instance.process_definition_id))
    for i, instruction in enumerate(instructions):
        _check(spec, instruction, f"instructions[{i}]")
    # Before the variables, which name it; the annotation is the operation's (all its entries').
    operation = operation_log.Operation(tx, clock, caller, "ModifyProcessInstance", annotation)
    apply(runtime, caller, spec, instance, instructions, annotation)
    operation.entry(operation_log.of_instance(instance))
    return instance


def _held(tx: Session, clock: Clock, instance: ProcessInstance) -> Runtime:
    """A runtime holding the running instance's lock (SUSPENDED when it is suspended)."""
    runtime = Runtime(tx, clock)
    runtime.lock_instance(instance.id)
    if instance.state == "SUSPENDED":
        raise suspended("process instance", instance.id)
    return runtime


def apply(runtime: Runtime, caller: Caller, spec: ProcessSpec, instance: ProcessInstance,
          instructions: Sequence[Instruction], annotation: str) -> None:
    """Runs checked instructions on a running instance ``runtime`` holds, in order."""
    tx = runtime.tx
    emptied: list[Execution] = []
    for path, instruction, lenient in _current_cancellations(tx, caller, instance, instructions):
        if instance.state not in RUNNING:  # a path started before reached the end of the process
            raise precondition("INSTANCE_ENDED", f"process instance {instance.id} ended before {path}; nothing "
                               "was changed", instance.id, state=instance.state, field_name=path)
        if instruction.type == CANCEL:
            try:
                cancelled = _cancelled(tx, runtime, instance.id, instruction, path)
            except FailedPrecondition as error:
                if not (lenient and error.reason == "ACTIVITY_INSTANCE_NOT_RUNNING"):
                    raise
                cancelled = []  # a current instance an earlier instruction cancelled already
            for execution, activity_id in cancelled:
                if tx.get(Execution, execution.id) is not None:  # not gone with one cancelled before
                    runtime.cancel_activity_instance(execution, activity_id, emptied)
        else:
            # Each type reads its own field (as _check checked it); the other one is ignored, as
            # the document's engine ignores it.
            flow = spec.flow(instruction.transition_id) if instruction.type == START_TRANSITION else None
            element = spec.element(flow.source) if flow is not None else spec.element(instruction.activity_id)
            if instruction.type == START_AFTER:  # after a multi-instance activity: after its body
                element = spec.body_of(element) or element
            scope, element = _scope(tx, runtime, spec, instance.id, element, instruction.ancestor_activity_instance_id,
                                    path)
            how = {START_BEFORE: "before", START_AFTER: "after", START_TRANSITION: "transition"}[instruction.type]
            runtime.start_in_scope(scope, element, how, flow, variables=instruction.variables,
                                   local_variables=instruction.local_variables)
        runtime.run()
    runtime.finish_cancellations(emptied, annotation or "cancelled by a modification")
    runtime.run()


def _current_cancellations(tx: Session, caller: Caller, instance: ProcessInstance,
                           instructions: Sequence[Instruction]) -> list[tuple[str, Instruction, bool]]:
    """(field path, instruction, lenient) in order: a cancellation by activity with
    cancel_current_active_activity_instances becomes one cancellation per activity and
    transition instance of the activity in the tree before the first instruction (as the
    document's engine resolves it), lenient: one an earlier instruction removed is skipped."""
    flagged = [i for i in instructions if i.type == CANCEL and i.cancel_current_active_activity_instances]
    nodes: list[activity_instances.ActivityInstance] = []
    if flagged:
        pending = [activity_instances.activity_instance_tree(tx, caller, instance.id).root]
        while pending:
            node = pending.pop()
            nodes.append(node)
            pending += node.children
    out = []
    for i, instruction in enumerate(instructions):
        path = f"instructions[{i}]"
        if not (instruction.type == CANCEL and instruction.cancel_current_active_activity_instances):
            out.append((path, instruction, False))
            continue
        named = instruction.activity_id
        out += [(path, Instruction(CANCEL, activity_instance_id=n.id), True) for n in nodes if n.activity_id == named]
        out += [(path, Instruction(CANCEL, transition_instance_id=t.id), True)
                for n in nodes for t in n.transitions if t.activity_id == named]
    return out


def _check(spec: ProcessSpec, instruction: Instruction, path: str) -> None:
    """What an instruction names exists in the definition and fits its type (before anything
    runs, so that a bad instruction at the end changes nothing and costs nothing)."""
    if instruction.cancel_current_active_activity_instances and not (instruction.type == CANCEL
                                                                     and instruction.activity_id):
        raise invalid_field(f"{path}.cancel_current_active_activity_instances",
                            "only a cancellation by activity_id takes it")
    if instruction.type in (START_BEFORE, START_AFTER):
        if not instruction.activity_id:
            raise missing_required_field(f"{path}.activity_id")
        element = spec.elements.get(instruction.activity_id)
        if element is None:
            raise invalid_field(f"{path}.activity_id", f"process {spec.key} has no activity {instruction.activity_id!r}")
        if element.kind is ElementKind.BOUNDARY_EVENT:
            raise invalid_field(f"{path}.activity_id", f"{element.id!r} is a boundary event; start before or after "
                           "the activity it is attached to")
        if instruction.type == START_AFTER and not (spec.body_of(element) or element).outgoing:
            raise invalid_field(f"{path}.activity_id", f"{element.id!r} has no outgoing sequence flow to start after")
    elif instruction.type == START_TRANSITION:
        if not instruction.transition_id:
            raise missing_required_field(f"{path}.transition_id")
        if instruction.transition_id not in spec.flows:
            raise invalid_field(f"{path}.transition_id",
                           f"process {spec.key} has no sequence flow {instruction.transition_id!r}")
    elif instruction.type == CANCEL:
        given = [f for f in (instruction.activity_id, instruction.activity_instance_id,
                             instruction.transition_instance_id) if f]
        if len(given) != 1:
            raise invalid_field(path, "a cancellation names exactly one of activity_id, activity_instance_id and "
                           "transition_instance_id")
        if instruction.activity_id and instruction.activity_id not in spec.elements:
            raise invalid_field(f"{path}.activity_id", f"process {spec.key} has no activity {instruction.activity_id!r}")
        for name, given in (("variables", instruction.variables), ("local_variables", instruction.local_variables)):
            if given:  # as the document's engine: variables go with starts only
                raise invalid_field(f"{path}.{name}", "a cancellation takes no variables; give them to a start")
    else:
        raise missing_required_field(f"{path}.type")


def _split(instance_id: str) -> tuple[str, str]:
    activity_id, _, execution_id = instance_id.rpartition(":")
    return activity_id, execution_id


def _cancelled(tx: Session, runtime: Runtime, process_instance_id: str, instruction: Instruction,
               path: str) -> list[tuple[Execution, str]]:
    """The (execution, activity) pairs a cancellation names: one activity or transition
    instance, or every instance of an activity (none: nothing to do). An activity instance is
    named by its id in the history (where its path is now, also after an earlier start moved
    it), else as ``<activity>:<execution>`` (a transition instance, or one from before the
    history; found where an earlier start moved its path)."""
    if instruction.activity_id:
        return [(e, instruction.activity_id) for e in tx.scalars(
            select(Execution).where(Execution.process_instance_id == process_instance_id,
                                    at_activities([instruction.activity_id]))
            .order_by(Execution.start_time, Execution.id))]
    field, named = ((f"{path}.activity_instance_id", instruction.activity_instance_id) if instruction.activity_instance_id
                    else (f"{path}.transition_instance_id", instruction.transition_instance_id))
    running = tx.execute(select(HistoricActivityInstance.activity_id, HistoricActivityInstance.execution_id).where(
        HistoricActivityInstance.id == named, HistoricActivityInstance.process_instance_id == process_instance_id,
        HistoricActivityInstance.end_time.is_(None))).first() if instruction.activity_instance_id else None
    activity_id, execution_id = running if running is not None else _split(named)
    while (execution_id, activity_id) in runtime.moved_paths:
        execution_id = runtime.moved_paths[(execution_id, activity_id)]
    execution = tx.get(Execution, execution_id) if activity_id and execution_id else None
    if (execution is None or execution.process_instance_id != process_instance_id
            or activity_id not in (execution.activity_id, execution.scope_activity_id)):
        raise precondition("ACTIVITY_INSTANCE_NOT_RUNNING",
                           f"{named!r} is no activity or transition instance of process instance "
                           f"{process_instance_id} now (see GetActivityInstanceTree)", named, field_name=field)
    return [(execution, activity_id)]


def _scope(tx: Session, runtime: Runtime, spec: ProcessSpec, process_instance_id: str, element: Element,
           ancestor: str, path: str) -> tuple[Execution, Element]:
    """The scope execution a start at ``element`` runs in, and what starts there. Its
    subprocesses (innermost first; multi-instance bodies too) are looked for from the inside out:
    the innermost one that runs once is the base (or the instance's root when none runs), or
    ``ancestor`` names it; the subprocesses between the base and ``element`` are started without
    their start events, as the document's engine does (a body with one instance). A start
    before a multi-instance activity whose body does not run starts the whole body."""
    chain: list[str] = []
    around = element.scope_id
    while around is not None:
        chain.append(around)
        around = spec.element(around).scope_id
    root = tx.get(Execution, process_instance_id)
    assert root is not None
    base, depth = root, len(chain)
    if ancestor and ancestor != process_instance_id:
        activity_id, execution_id = _split(ancestor)
        named = tx.get(Execution, execution_id) if activity_id in chain else None
        if (named is None or named.process_instance_id != process_instance_id
                or named.scope_activity_id != activity_id):
            raise precondition("ACTIVITY_INSTANCE_NOT_RUNNING",
                               f"{ancestor!r} is no running instance of the process or of a subprocess around "
                               f"{element.id!r}", ancestor, field_name=f"{path}.ancestor_activity_instance_id")
        base, depth = named, chain.index(activity_id)
    elif not ancestor:
        for level, subprocess in enumerate(chain):
            running = list(tx.scalars(select(Execution).where(Execution.process_instance_id == process_instance_id,
                                                              Execution.scope_activity_id == subprocess)))
            if len(running) > 1:
                raise precondition("ANCESTOR_AMBIGUOUS", f"subprocess {subprocess!r}, around {element.id!r}, runs "
                                   f"{len(running)} times; name one as ancestor_activity_instance_id", subprocess,
                                   activity_id=element.id, field_name=f"{path}.ancestor_activity_instance_id")
            if running:
                base, depth = running[0], level
                break
    if depth and spec.body_of(element) is not None:
        element, chain, depth = spec.element(chain[0]), chain[1:], depth - 1
    return runtime.open_scopes(base, [spec.element(s) for s in reversed(chain[:depth])]), element


# -- many instances of one definition (ModifyProcessInstances, RestartProcessInstances) -------------


@dataclass(frozen=True)
class Selected:
    """What a call on many instances of one definition works on: the definition, its spec and
    the instances' ids, each with the request field that named it."""

    definition: ProcessDefinition
    spec: ProcessSpec
    items: list[tuple[str, str]]


def select_many(tx: Session, caller: Caller, definition_id: str, ids: Sequence[str],
                query: instances.InstanceQuery | None, instructions: Sequence[Instruction], *,
                running: bool) -> Selected:
    """The definition, the checked instructions (starts only unless ``running``: a restart) and
    the instances: the ids given, then the running (``running``) or ended ones of the definition
    the query finds now, each once; an id of a visible instance of another definition is
    refused (the others are looked for by the call, or its batch job)."""
    if not definition_id:
        raise missing_required_field("process_definition_id")

    def of_the_definition() -> list[str]:
        assert query is not None
        if query.definition_id and query.definition_id != definition.id:
            return []
        return instances.selected_ids(tx, caller, replace(query, definition_id=definition.id), running=running)

    selection = batches.Selection("process_instance_ids", ids, "process_instance_query",
                                  None if query is None else of_the_definition)
    if not instructions:
        selection.problems.add("instructions", "give at least one instruction", "MISSING_REQUIRED_FIELD")
    selection.check()
    definition = visible(caller, tx.get(ProcessDefinition, definition_id), "process definition",
                         "PROCESS_DEFINITION_NOT_FOUND", definition_id, "process_definition_id")
    spec = SPECS.get(tx, definition)
    for i, instruction in enumerate(instructions):
        _check_for_many(spec, instruction, f"instructions[{i}]", starts_only=not running)
    return Selected(definition, spec, selected_items(tx, caller, definition, ids, selection))


def selected_items(tx: Session, caller: Caller, definition: ProcessDefinition, ids: Sequence[str],
                   selection: batches.Selection) -> list[tuple[str, str]]:
    """The instances a checked selection names, each with the request field that named it: the
    ids given, then what its query finds now, each once; an id of a visible instance of another
    definition than ``definition`` is refused (PROCESS_DEFINITION_MISMATCH)."""
    found = selection.resolve()
    named = {item: f"process_instance_ids[{i}]" for i, item in reversed(list(enumerate(ids)))}
    others = [(row_id, owner) for start in range(0, len(ids), 500) for row_id, owner in tx.execute(
        select(ProcessInstance.id, ProcessInstance.process_definition_id).where(
            ProcessInstance.id.in_(list(ids[start:start + 500])), ProcessInstance.process_definition_id != definition.id,
            *caller.tenant_conditions(ProcessInstance.tenant_id)))]
    if others:
        row_id, owner = min(others, key=lambda other: found.index(other[0]))
        raise mismatch(row_id, owner, definition.id, named[row_id])
    return [(item, named.get(item, "process_instance_query")) for item in found]


def _check_for_many(spec: ProcessSpec, instruction: Instruction, path: str, *, starts_only: bool) -> None:
    """An instruction of a call on many instances names activities and flows, never one
    instance's activity or transition instances, and carries no variables; a restart's only
    starts."""
    for name in ("activity_instance_id", "transition_instance_id", "ancestor_activity_instance_id"):
        if getattr(instruction, name):
            raise invalid_field(f"{path}.{name}", "names an instance of one process instance; an instruction for "
                                "many names activities and sequence flows")
    for name in ("variables", "local_variables"):
        if getattr(instruction, name):
            raise invalid_field(f"{path}.{name}", "an instruction for many instances takes no variables")
    if instruction.type == CANCEL:
        if starts_only:
            raise invalid_field(f"{path}.type", "a restart starts paths of a new instance; it cancels nothing")
        if not instruction.activity_id:
            raise missing_required_field(f"{path}.activity_id", "a cancellation for many instances names its activity")
    _check(spec, instruction, path)


def mismatch(instance_id: str, owner: str, definition_id: str, field_name: str) -> FailedPrecondition:
    return precondition("PROCESS_DEFINITION_MISMATCH", f"process instance {instance_id} is of process definition "
                        f"{owner}, not of {definition_id}", instance_id, process_definition_id=owner,
                        field_name=field_name)


@contextmanager
def about(instance_id: str) -> Iterator[None]:
    """An error while one of many instances is worked on names it (metadata process_instance_id)."""
    try:
        yield
    except DomainError as error:
        if "process_instance_id" not in error.metadata:
            error.metadata["process_instance_id"] = instance_id
            error.message = f"process instance {instance_id}: {error.message}"
            error.args = (error.message,)
        raise


def of_definition(tx: Session, caller: Caller, definition: ProcessDefinition, instance_id: str,
                  field_name: str) -> ProcessInstance:
    """The visible instance ``instance_id`` of ``definition``, running or ended."""
    instance = visible(caller, tx.get(ProcessInstance, instance_id), "process instance",
                       "PROCESS_INSTANCE_NOT_FOUND", instance_id, field_name)
    if instance.process_definition_id != definition.id:
        raise mismatch(instance.id, instance.process_definition_id, definition.id, field_name)
    return instance


def definition_subject(definition: ProcessDefinition) -> operation_log.Subject:
    """The operation log's subject of a call on many instances of ``definition``."""
    return operation_log.Subject("ProcessInstance", {"process_definition_id": definition.id,
                                                     "process_definition_key": definition.key,
                                                     "tenant_id": definition.tenant_id})


def _modify_each(tx: Session, clock: Clock, caller: Caller, selected: Selected, instructions: Sequence[Instruction],
                 annotation: str) -> list[ProcessInstance]:
    out = []
    for item, field_name in sorted(selected.items):  # id order: overlapping calls lock alike, none waits for another
        with about(item):
            instance = of_definition(tx, caller, selected.definition, item, field_name)
            if instance.state not in RUNNING:
                raise precondition("INSTANCE_ENDED", f"process instance {item} has ended "
                                   f"({instance.state.lower()})", item, state=instance.state, field_name=field_name)
            apply(_held(tx, clock, instance), caller, selected.spec, instance, instructions, annotation)
        out.append(instance)
    return out


def modify_many(tx: Session, clock: Clock, caller: Caller, definition_id: str, ids: Sequence[str],
                query: instances.InstanceQuery | None, instructions: list[Instruction],
                annotation: str) -> list[ProcessInstance]:
    """ModifyProcessInstances: the instances after the instructions, in the order modified (by id)."""
    selected = select_many(tx, caller, definition_id, ids, query, instructions, running=True)
    operation = operation_log.Operation(tx, clock, caller, "ModifyProcessInstance", annotation)  # before variables
    done = _modify_each(tx, clock, caller, selected, instructions, annotation)
    operation.entry(definition_subject(selected.definition), ("nrOfInstances", None, len(done)),
                    ("async", None, False))
    return done


def instructions_to_json(instructions: Sequence[Instruction]) -> list[dict[str, Any]]:
    """Instructions for many instances (no instance ids, no variables) as a batch keeps them."""
    return [{"type": i.type, "activity_id": i.activity_id, "transition_id": i.transition_id,
             "cancel_current": i.cancel_current_active_activity_instances} for i in instructions]


def instructions_from_json(stored: Sequence[Mapping[str, Any]]) -> list[Instruction]:
    return [Instruction(type=i["type"], activity_id=i["activity_id"], transition_id=i["transition_id"],
                        cancel_current_active_activity_instances=bool(i["cancel_current"])) for i in stored]


def modify_many_async(tx: Session, clock: Clock, caller: Caller, definition_id: str, ids: Sequence[str],
                      query: instances.InstanceQuery | None, instructions: list[Instruction],
                      annotation: str) -> Batch:
    """ModifyProcessInstancesAsync: a batch of instance-modification over the selection."""
    selected = select_many(tx, caller, definition_id, ids, query, instructions, running=True)
    return batches.create(
        tx, clock, caller, batches.MODIFY_INSTANCES, batches.Selection(
            "process_instance_ids", [item for item, _ in selected.items], "process_instance_query"),
        {"process_definition_id": selected.definition.id, "instructions": instructions_to_json(instructions),
         "annotation": annotation},
        "ModifyProcessInstance", refs=definition_subject(selected.definition).refs, annotation=annotation)


def batch_item(tx: Session, caller: Caller, item: str, config: Mapping[str, Any]) -> Selected:
    """The one instance of a batch job's item, with the definition its batch names (gone, or
    not visible to the creator: PROCESS_DEFINITION_NOT_FOUND)."""
    definition_id = config["process_definition_id"]
    definition = tx.get(ProcessDefinition, definition_id)
    if definition is None or not caller.sees_tenant(definition.tenant_id):
        raise not_found("process definition", "PROCESS_DEFINITION_NOT_FOUND", definition_id, "process_definition_id")
    return Selected(definition, SPECS.get(tx, definition), [(item, "id")])


def modify_item(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    """One instance of an instance-modification batch, as ModifyProcessInstances modifies it."""
    _modify_each(tx, clock, caller, batch_item(tx, caller, item, config),
                 instructions_from_json(config["instructions"]), config.get("annotation") or "")
