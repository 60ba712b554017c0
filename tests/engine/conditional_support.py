"""Helpers for the conditional event tests: the conditionalEventDefinition of a condition, small
processes around one conditional event, and the engine's stubs with the verbs those tests use
(variables of an instance or an execution, the conditional waits of an instance, the condition
service)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from flowkeeper.engine.v1 import condition_pb2, condition_pb2_grpc, execution_pb2, task_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.models import EventSubscription
from tests.engine.esp_support import EventSubprocesses
from tests.engine.scenario import rows
from tests.engine.support import typed_map
from tests.support import Api, ServerHandle


def conditional(condition: str, variable_name: str = "", events: str = "") -> str:
    """A conditionalEventDefinition of ``condition`` (camunda:variableName, camunda:variableEvents
    when given)."""
    attributes = (f' camunda:variableName="{variable_name}"' if variable_name else "") + (
        f' camunda:variableEvents="{events}"' if events else "")
    return (f"<bpmn:conditionalEventDefinition{attributes}><bpmn:condition xsi:type=\"bpmn:tFormalExpression\">"
            f"{condition.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</bpmn:condition>"
            "</bpmn:conditionalEventDefinition>")


def intermediate(process_key: str, definition: str, before: str = "", after: str = "After") -> str:
    """Start, ``before`` (a user task of that id, if given), the conditional intermediate catch
    event Wait (``definition``), the user task ``after``, End."""
    first = before or "Wait"
    head = (f'<bpmn:userTask id="{before}" />\n  <bpmn:sequenceFlow id="f0" sourceRef="{before}" targetRef="Wait" />'
            if before else "")
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="{first}" />
  {head}
  <bpmn:intermediateCatchEvent id="Wait">{definition}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="{after}" />
  <bpmn:userTask id="{after}" />
  <bpmn:sequenceFlow id="f3" sourceRef="{after}" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def on_task(process_key: str, definition: str, interrupting: bool = True, task: str = "Work") -> str:
    """Start, the user task ``task`` with the conditional boundary event Changed (``definition``)
    leading to the user task Rework, End."""
    flag = "" if interrupting else ' cancelActivity="false"'
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="{task}" />
  <bpmn:userTask id="{task}" />
  <bpmn:boundaryEvent id="Changed" attachedToRef="{task}"{flag}>{definition}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="{task}" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Changed" targetRef="Rework" />
  <bpmn:userTask id="Rework" />
  <bpmn:sequenceFlow id="f4" sourceRef="Rework" targetRef="Reworked" />
  <bpmn:endEvent id="Reworked" />
</bpmn:process>
"""


def conditional_start(prefix: str, definition: str, interrupting: bool = True, task: str = "Handle") -> str:
    """Event subprocess ``prefix`` started by the conditional start event ``{prefix}Start``."""
    flag = "" if interrupting else ' isInterrupting="false"'
    return f"""
  <bpmn:subProcess id="{prefix}" triggeredByEvent="true">
    <bpmn:startEvent id="{prefix}Start"{flag}>{definition}</bpmn:startEvent>
    <bpmn:sequenceFlow id="{prefix}_f1" sourceRef="{prefix}Start" targetRef="{task}" />
    <bpmn:userTask id="{task}" />
    <bpmn:sequenceFlow id="{prefix}_f2" sourceRef="{task}" targetRef="{prefix}End" />
    <bpmn:endEvent id="{prefix}End" />
  </bpmn:subProcess>"""


def started_by_condition(process_key: str, *definitions: str, none_start: bool = False) -> str:
    """A process with a conditional start event Start{i} per definition (and the none start
    event Plain when asked), each leading to the user task Work."""
    starts = "".join(f'<bpmn:startEvent id="Start{i}">{d}</bpmn:startEvent>'
                     f'<bpmn:sequenceFlow id="s{i}" sourceRef="Start{i}" targetRef="Work" />'
                     for i, d in enumerate(definitions))
    plain = ('<bpmn:startEvent id="Plain" /><bpmn:sequenceFlow id="sp" sourceRef="Plain" targetRef="Work" />'
             if none_start else "")
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  {starts}{plain}
  <bpmn:userTask id="Work" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


class Conditionals(EventSubprocesses):
    """EventSubprocesses with the verbs of the conditional event tests."""

    def __init__(self, api: Api, server: ServerHandle) -> None:
        super().__init__(api)
        self.server = server
        self.conditions = api.stub(condition_pb2_grpc.ConditionServiceStub)

    def set_variables(self, instance_id: str, variables: dict[str, Any], deletions: tuple[str, ...] = ()) -> None:
        self.instances.ModifyVariables(pi.ModifyVariablesRequest(
            process_instance_id=instance_id, modifications=typed_map(variables), deletions=list(deletions)))

    def set_local(self, execution_id: str, variables: dict[str, Any], deletions: tuple[str, ...] = ()) -> None:
        self.executions.ModifyLocalVariables(execution_pb2.ModifyLocalVariablesRequest(
            execution_id=execution_id, modifications=typed_map(variables), deletions=list(deletions)))

    def set_task_variables(self, task_id: str, variables: dict[str, Any], local: bool = False) -> None:
        self.tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
            task_id=task_id, modifications=typed_map(variables), local=local))

    def task(self, instance_id: str, activity_id: str) -> str:
        """The id of the (one) open task of the instance at ``activity_id``."""
        [found] = [t.id for t in self.tasks_of(instance_id) if t.task_definition_key == activity_id]
        return found

    def conditional_waits(self, instance_id: str) -> list[tuple[str, str]]:
        """(activity id, execution id) of the instance's conditional event subscriptions, sorted."""
        return sorted((r[0], r[1]) for r in rows(self.server, lambda: select(
            EventSubscription.activity_id, EventSubscription.execution_id).where(
            EventSubscription.process_instance_id == instance_id, EventSubscription.event_type == "conditional")))

    def start_waits(self, definition_id: str) -> list[str]:
        """The activity ids of a definition's conditional start subscriptions, sorted."""
        return sorted(r[0] for r in rows(self.server, lambda: select(EventSubscription.activity_id).where(
            EventSubscription.process_definition_id == definition_id, EventSubscription.execution_id.is_(None),
            EventSubscription.event_type == "conditional")))

    def evaluate(self, variables: dict[str, Any] | None = None, **fields: Any) -> list[pi.ProcessInstance]:
        return list(self.conditions.EvaluateConditions(condition_pb2.EvaluateConditionsRequest(
            variables=typed_map(variables or {}), **fields)).process_instances)
