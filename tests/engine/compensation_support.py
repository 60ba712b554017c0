"""Helpers for the compensation tests: BPMN pieces (an activity with its compensation boundary
event and handler, throw events, a subprocess), and the engine's stubs with the verbs those tests
use (the compensation records of an instance, task variables, the history in its order,
modification)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from flowkeeper.engine.v1 import history_pb2, task_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.models import EventSubscription
from tests.engine.conditional_support import Conditionals
from tests.engine.scenario import rows
from tests.engine.support import plain

THROW = "<bpmn:compensateEventDefinition />"


def throw(activity_ref: str) -> str:
    """A compensateEventDefinition that compensates ``activity_ref`` only."""
    return f'<bpmn:compensateEventDefinition activityRef="{activity_ref}" />'


def compensable(activity_id: str, activity: str = "", handler: str = "") -> str:
    """``activity`` (default: the user task ``activity_id``), its compensation boundary event
    ``{activity_id}Comp`` and, associated with it, ``handler`` (default: the user task
    Undo{activity_id} with isForCompensation)."""
    activity = activity or f'<bpmn:userTask id="{activity_id}" />'
    handler = handler or f'<bpmn:userTask id="Undo{activity_id}" isForCompensation="true" />'
    handler_id = handler.split('id="', 1)[1].split('"', 1)[0]
    return f"""
  {activity}
  <bpmn:boundaryEvent id="{activity_id}Comp" attachedToRef="{activity_id}">{THROW}</bpmn:boundaryEvent>
  {handler}
  <bpmn:association id="{activity_id}Assoc" associationDirection="One" sourceRef="{activity_id}Comp" targetRef="{handler_id}" />"""


def _chain(prefix: str, steps: tuple[str, ...], pieces: str) -> str:
    """{prefix}Start, each of ``steps``, then {prefix}End (a none end event) unless the last step
    is an end event, with the sequence flows between them. A step ``Throw…`` is an intermediate
    compensation throw event, ``End…`` a compensation end event (``id=definition``: with that
    event definition), any other id a user task unless ``pieces`` defines it."""
    nodes, ids = [f'<bpmn:startEvent id="{prefix}Start" />'], [f"{prefix}Start"]
    for step in steps:
        step_id, _, definition = step.partition("=")
        ids.append(step_id)
        if step_id.startswith("Throw"):
            nodes.append(f'<bpmn:intermediateThrowEvent id="{step_id}">{definition or THROW}</bpmn:intermediateThrowEvent>')
        elif step_id.startswith("End"):
            nodes.append(f'<bpmn:endEvent id="{step_id}">{definition or THROW}</bpmn:endEvent>')
        elif f'id="{step_id}"' not in pieces:
            nodes.append(f'<bpmn:userTask id="{step_id}" />')
    if not ids[-1].startswith("End"):
        ids.append(f"{prefix}End")
        nodes.append(f'<bpmn:endEvent id="{prefix}End" />')
    flows = [f'<bpmn:sequenceFlow id="{prefix}f{i}" sourceRef="{a}" targetRef="{b}" />'
             for i, (a, b) in enumerate(zip(ids, ids[1:]))]
    return "\n  ".join(nodes + [pieces] + flows)


def sequence(process_key: str, *steps: str, pieces: str = "") -> str:
    """A process: Start, ``steps`` and ``pieces`` as _chain has them, End."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  {_chain("", steps, pieces)}
</bpmn:process>
"""


def subprocess(subprocess_id: str, *steps: str, pieces: str = "", attributes: str = "") -> str:
    """The embedded subprocess ``subprocess_id``: {id}Start, ``steps`` and ``pieces`` as _chain
    has them, {id}End."""
    return f'<bpmn:subProcess id="{subprocess_id}"{attributes}>\n  {_chain(subprocess_id, steps, pieces)}\n</bpmn:subProcess>'


class Compensations(Conditionals):
    """Conditionals with the verbs of the compensation tests."""

    def records(self, instance_id: str) -> list[tuple[str, str]]:
        """(activity id, holder execution id) of the instance's compensate subscriptions, sorted."""
        return sorted((r[0], r[1]) for r in rows(self.server, lambda: select(
            EventSubscription.activity_id, EventSubscription.execution_id).where(
            EventSubscription.process_instance_id == instance_id, EventSubscription.event_type == "compensate")))

    def order(self, instance_id: str, *activity_ids: str) -> list[str]:
        """The activities of the instance's passes through ``activity_ids``, in the order they started."""
        found = self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance_id)).historic_activity_instances
        return [p.activity_id for p in found if p.activity_id in activity_ids]

    def task_variables(self, task_id: str) -> dict[str, Any]:
        return {name: value for name, (value, _) in plain(self.tasks.GetTaskVariables(
            task_pb2.GetTaskVariablesRequest(task_id=task_id)).variables).items()}

    def bpmn_error(self, task_id: str, code: str) -> None:
        self.tasks.HandleTaskBpmnError(task_pb2.HandleTaskBpmnErrorRequest(task_id=task_id, error_code=code))

    def suspend(self, instance_id: str) -> None:
        self.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance_id))

    def activate(self, instance_id: str) -> None:
        self.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance_id))

    def delete(self, instance_id: str) -> None:
        self.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance_id))

    def modify(self, instance_id: str, *instructions: pi.ModificationInstruction) -> pi.ProcessInstance:
        return self.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
            process_instance_id=instance_id, instructions=list(instructions))).process_instance
