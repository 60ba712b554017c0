"""Process instance restart (the document's engine's "restart process instances"): an ended
instance of a definition, completed or cancelled, becomes a new instance of that definition,
started where the instructions say rather than at its start event.

The new instance gets the process variables the ended one last had (the variable history's
values of its own scope, deleted ones not), or those it was started with (its historic details
marked initial); the ended instance's business key unless the call drops it; the definition's
tenant (the ended instance's); and ``restarted_process_instance_id``, the ended instance's id
(migration engine_0005; the document's engine's restartedProcessInstanceId). Its variables are
set as a start's are (initial ones); then the instructions, starts only, run on it as
ModifyProcessInstance runs them (server.engine.modification.apply). The ended instance and its
history are not changed. RestartProcessInstances restarts every selected instance in one
transaction; its batch (``instance-restart``, server.engine.batches) one per item."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import batches, instances, modification, operation_log, variable_log
from server.engine.errors import precondition
from server.engine.instances import RUNNING
from server.engine.models import Batch, HistoricVariableInstance, HistoricVariableUpdate, ProcessInstance
from server.engine.runtime import Runtime, typed_value
from server.engine.variables import TypedValue
from server.identity.service import Caller


def _values(rows: Iterable[HistoricVariableInstance | HistoricVariableUpdate]) -> dict[str, TypedValue]:
    return {row.name: typed_value(row) for row in rows}


def _last_variables(tx: Session, instance_id: str) -> dict[str, TypedValue]:
    """The process variables the instance last had, as the variable history keeps them."""
    return _values(tx.scalars(select(HistoricVariableInstance).where(
        *variable_log.last_values_of_process(instance_id)).order_by(HistoricVariableInstance.name)))


def _initial_variables(tx: Session, instance_id: str) -> dict[str, TypedValue]:
    """The process variables the instance was started with (its details marked initial)."""
    return _values(tx.scalars(select(HistoricVariableUpdate).where(
        HistoricVariableUpdate.process_instance_id == instance_id, HistoricVariableUpdate.execution_id == instance_id,
        HistoricVariableUpdate.task_id.is_(None), HistoricVariableUpdate.initial.is_(True))
        .order_by(HistoricVariableUpdate.seq)))


def _restart_each(tx: Session, clock: Clock, caller: Caller, selected: modification.Selected,
                  instructions: Sequence[modification.Instruction], *, initial_variables: bool,
                  without_business_key: bool) -> list[ProcessInstance]:
    variable_log.write_pending(tx)  # (the history this transaction wrote so far, for the reads)
    out = []
    for item, field_name in selected.items:
        with modification.about(item):
            ended = modification.of_definition(tx, caller, selected.definition, item, field_name)
            if ended.state in RUNNING:
                raise precondition("INSTANCE_RUNNING", f"process instance {item} runs; only an ended instance can be "
                                   "restarted", item, state=ended.state, field_name=field_name)
            values = _initial_variables(tx, item) if initial_variables else _last_variables(tx, item)
            runtime = Runtime(tx, clock)
            runtime.start_user_id = caller.user_name
            started = runtime.start_instance(selected.definition, values, at_start_event=False,
                                             business_key=None if without_business_key else ended.business_key)
            started.restarted_process_instance_id = ended.id
            modification.apply(runtime, caller, selected.spec, started, instructions, "")
        out.append(started)
    return out


def restart(tx: Session, clock: Clock, caller: Caller, definition_id: str, ids: Sequence[str],
            query: instances.InstanceQuery | None, instructions: list[modification.Instruction], *,
            initial_variables: bool, without_business_key: bool) -> list[ProcessInstance]:
    """RestartProcessInstances: the new instances, in the order of the ended ones."""
    selected = modification.select_many(tx, caller, definition_id, ids, query, instructions, running=False)
    operation = operation_log.Operation(tx, clock, caller, "RestartProcessInstance")  # before the variables
    started = _restart_each(tx, clock, caller, selected, instructions, initial_variables=initial_variables,
                            without_business_key=without_business_key)
    operation.entry(modification.definition_subject(selected.definition), ("nrOfInstances", None, len(started)),
                    ("async", None, False))
    return started


def restart_async(tx: Session, clock: Clock, caller: Caller, definition_id: str, ids: Sequence[str],
                  query: instances.InstanceQuery | None, instructions: list[modification.Instruction], *,
                  initial_variables: bool, without_business_key: bool) -> Batch:
    """RestartProcessInstancesAsync: a batch of instance-restart over the selection."""
    selected = modification.select_many(tx, caller, definition_id, ids, query, instructions, running=False)
    return batches.create(
        tx, clock, caller, batches.RESTART_INSTANCES, batches.Selection(
            "process_instance_ids", [item for item, _ in selected.items], "process_instance_query"),
        {"process_definition_id": selected.definition.id,
         "instructions": modification.instructions_to_json(instructions),
         "initial_variables": initial_variables, "without_business_key": without_business_key},
        "RestartProcessInstance", refs=modification.definition_subject(selected.definition).refs)


def restart_item(tx: Session, clock: Clock, caller: Caller, item: str, config: Mapping[str, Any]) -> None:
    """One instance of an instance-restart batch, as RestartProcessInstances restarts it."""
    _restart_each(tx, clock, caller, modification.batch_item(tx, caller, item, config),
                  modification.instructions_from_json(config["instructions"]),
                  initial_variables=bool(config["initial_variables"]),
                  without_business_key=bool(config["without_business_key"]))
