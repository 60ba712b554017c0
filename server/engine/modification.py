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
instance is cancelled is cancelled, not completed, as any scope left without paths."""

from __future__ import annotations

from dataclasses import dataclass, field as _field
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import operation_log
from server.engine.bpmn.spec import Element, ElementKind, ProcessSpec
from server.engine.errors import precondition, suspended
from server.engine.executions import at_activities
from server.engine.instances import RUNNING, running_instance
from server.engine.models import Execution, HistoricActivityInstance, ProcessInstance
from server.engine.runtime import SPECS, Runtime
from server.engine.variables import TypedValue
from server.errors import invalid_field, missing_required_field
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


def modify(tx: Session, clock: Clock, caller: Caller, instance_id: str, instructions: list[Instruction],
           annotation: str) -> ProcessInstance:
    """ModifyProcessInstance: the instance after the instructions ran (ended, if they cancelled
    all of it)."""
    if not instructions:
        raise missing_required_field("instructions", "give at least one instruction")
    instance = running_instance(tx, caller, instance_id)
    runtime = Runtime(tx, clock)
    runtime.lock_instance(instance.id)
    if instance.state == "SUSPENDED":
        raise suspended("process instance", instance.id)
    spec = SPECS.get(tx, runtime.definition(instance.process_definition_id))
    for i, instruction in enumerate(instructions):
        _check(spec, instruction, f"instructions[{i}]")
    operation = operation_log.Operation(tx, clock, caller, "ModifyProcessInstance")  # before the variables
    emptied: list[Execution] = []
    for i, instruction in enumerate(instructions):
        path = f"instructions[{i}]"
        if instance.state not in RUNNING:  # a path started before reached the end of the process
            raise precondition("INSTANCE_ENDED", f"process instance {instance.id} ended before {path}; nothing "
                               "was changed", instance.id, state=instance.state, field_name=path)
        if instruction.type == CANCEL:
            for execution, activity_id in _cancelled(tx, runtime, instance.id, instruction, path):
                if tx.get(Execution, execution.id) is not None:  # not gone with one cancelled before
                    runtime.cancel_activity_instance(execution, activity_id, emptied)
        else:
            element = spec.element(instruction.activity_id) if instruction.activity_id else None
            flow = spec.flow(instruction.transition_id) if instruction.transition_id else None
            if flow is not None:
                element = spec.element(flow.source)
            assert element is not None
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
    operation.entry(operation_log.of_instance(instance), *((("annotation", None, annotation),) if annotation else ()))
    return instance


def _check(spec: ProcessSpec, instruction: Instruction, path: str) -> None:
    """What an instruction names exists in the definition and fits its type (before anything
    runs, so that a bad instruction at the end changes nothing and costs nothing)."""
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
