"""Helpers for the multi-instance tests: the loop characteristics and a process around one
multi-instance activity Work, and the engine's stubs with the verbs those tests use (the body's
counters, an instance's local variables, steps and incidents besides the event subprocess
tests' history and tree verbs)."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import execution_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.esp_support import EventSubprocesses
from tests.engine.failure_support import Failures
from tests.engine.support import plain, typed_map
from tests.support import Api

BODY = "Work#multiInstanceBody"
COUNTERS = ("nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances")


def loop(*, sequential: bool = False, cardinality: str | None = None, collection: str | None = None,
         element: str | None = None, condition: str | None = None, extra: str = "") -> str:
    """A multiInstanceLoopCharacteristics element."""
    attributes = ' isSequential="true"' if sequential else ""
    if collection is not None:
        attributes += f' camunda:collection="{collection}"'
    if element is not None:
        attributes += f' camunda:elementVariable="{element}"'
    inside = ""
    if cardinality is not None:
        inside += f'<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">{cardinality}</bpmn:loopCardinality>'
    if condition is not None:
        inside += (f'<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">{condition}'
                   "</bpmn:completionCondition>")
    return f"<bpmn:multiInstanceLoopCharacteristics{attributes}{extra}>{inside}</bpmn:multiInstanceLoopCharacteristics>"


def user_task(characteristics: str, attributes: str = "") -> str:
    return f'<bpmn:userTask id="Work" name="Work on it"{attributes}>{characteristics}</bpmn:userTask>'


def external_task(characteristics: str, topic: str) -> str:
    return (f'<bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}">{characteristics}'
            "</bpmn:serviceTask>")


def subprocess(characteristics: str) -> str:
    """The embedded subprocess Work: SubStart, the user task Review, SubEnd."""
    return f"""<bpmn:subProcess id="Work">{characteristics}
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Review" />
    <bpmn:userTask id="Review" />
    <bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>"""


def process(process_key: str, work: str, boundary: str = "") -> str:
    """Start, ``work`` (a multi-instance activity with id Work), the user task After, End; a
    ``boundary`` event Caught on Work leads to the user task Rescue."""
    rescue = """
  <bpmn:sequenceFlow id="f4" sourceRef="Caught" targetRef="Rescue" />
  <bpmn:userTask id="Rescue" />
  <bpmn:sequenceFlow id="f5" sourceRef="Rescue" targetRef="Rescued" />
  <bpmn:endEvent id="Rescued" />""" if boundary else ""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  {work}
  {boundary}
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />{rescue}
</bpmn:process>
"""


class MultiInstances(EventSubprocesses, Failures):
    """The event subprocess tests' verbs, with incidents, steps and local variables."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)

    def local(self, execution_id: str) -> dict[str, Any]:
        """The execution's local variables, by name: their values."""
        found = plain(self.executions.GetLocalVariables(
            execution_pb2.GetLocalVariablesRequest(execution_id=execution_id)).variables)
        return {name: value for name, (value, _) in found.items()}

    def parent_of(self, execution_id: str) -> str:
        return self.executions.GetExecution(execution_pb2.GetExecutionRequest(id=execution_id)).execution.parent_id

    def body(self, instance_id: str) -> str:
        """The scope execution of the instance's (one) running body of Work."""
        return self.activity_tree_id(instance_id, BODY).rpartition(":")[2]

    def counters(self, instance_id: str) -> tuple[int, int, int]:
        """nrOfInstances, nrOfActiveInstances, nrOfCompletedInstances of the running body."""
        found = self.local(self.body(instance_id))
        return tuple(found[name] for name in COUNTERS)  # type: ignore[return-value]

    def instances_at(self, instance_id: str, activity_id: str = "Work") -> list[dict[str, Any]]:
        """The local variables of each execution at ``activity_id``, by loopCounter."""
        found = [self.local(e) for e in self.query(process_instance_id=instance_id, activity_id=activity_id)]
        return sorted(found, key=lambda v: v.get("loopCounter", -1))

    def task_of(self, instance_id: str, loop_counter: int) -> str:
        """The id of Work's task whose instance has ``loop_counter``."""
        for task in self.tasks_of(instance_id):
            if task.task_definition_key == "Work" and self.local(task.execution_id).get("loopCounter") == loop_counter:
                return task.id
        raise AssertionError(f"no task of instance {loop_counter}")

    def activity_tree_id_of_task(self, instance_id: str, task_id: str) -> str:
        """The activity instance of a user task, as GetActivityInstanceTree names it."""
        [task] = [t for t in self.tasks_of(instance_id) if t.id == task_id]

        def walk(node: pi.ActivityInstance) -> list[pi.ActivityInstance]:
            return [node] + [n for c in node.child_activity_instances for n in walk(c)]
        [found] = [n.id for n in walk(self.activity_tree(instance_id)) if task.execution_id in n.execution_ids
                   and n.activity_id == task.task_definition_key]
        return found

    def modify(self, instance_id: str, *instructions: pi.ModificationInstruction) -> None:
        self.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
            process_instance_id=instance_id, instructions=list(instructions)))

    def statistics(self, definition_id: str) -> dict[str, int]:
        found = self.definitions.GetActivityStatistics(pd.GetActivityStatisticsRequest(
            definition=pd.DefinitionRef(id=definition_id))).activities
        return {a.activity_id: a.instances for a in found}

    def set_variables_of(self, instance_id: str, variables: dict[str, Any]) -> None:
        self.instances.ModifyVariables(pi.ModifyVariablesRequest(process_instance_id=instance_id,
                                                                 modifications=typed_map(variables)))

    def start_with(self, definition_id: str, variables: dict[str, Any]) -> str:
        return self.definitions.StartProcessInstance(pd.StartProcessInstanceRequest(
            definition=pd.DefinitionRef(id=definition_id), variables=typed_map(variables))).process_instance.id
