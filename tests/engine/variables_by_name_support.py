"""What the tests of the one-variable-by-name calls of process instances, executions and tasks
share: the calls themselves (GetProcessInstanceVariable, Set…, Delete…; GetExecutionLocalVariable,
Set…, Delete…; GetTaskVariable, SetTaskVariable, DeleteTaskVariable), their many-variables
siblings' reads, and two small processes: one with a subprocess, one whose conditional events
listen to the changes of a variable x."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import execution_pb2, history_pb2, process_instance_pb2, task_pb2, types_pb2
from tests.engine.conditional_support import conditional, conditional_start
from tests.engine.esp_support import at_process_level
from tests.engine.history_support import VariableHistory, pair
from tests.engine.support import plain, typed
from tests.support import unique


def nested(process_key: str) -> str:
    """Start, the subprocess Sub (SubStart, the user task Work, SubEnd), the user task After, End."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Work" />
    <bpmn:userTask id="Work" />
    <bpmn:sequenceFlow id="s2" sourceRef="Work" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def watching_x(process_key: str) -> str:
    """Start, the user task Work, End, and four non-interrupting event subprocesses whose
    conditional start events listen to the variable x only: Up1 and Up2 (`${x > 1}`, on its
    creation or update) open UpTask1 and UpTask2; Gone1 and Gone2 (`${y > 1}`, on its deletion)
    open GoneTask1 and GoneTask2. Started with x and y 0, none holds; one change of x fires two
    events at once."""
    ups = [conditional_start(p, conditional("${x > 1}", variable_name="x", events="create,update"),
                             interrupting=False, task=f"UpTask{p[-1]}") for p in ("Up1", "Up2")]
    gone = [conditional_start(p, conditional("${y > 1}", variable_name="x", events="delete"),
                              interrupting=False, task=f"GoneTask{p[-1]}") for p in ("Gone1", "Gone2")]
    return at_process_level(process_key, *ups, *gone)


class ByName(VariableHistory):
    """The engine's stubs with the variable history and the operation log, and the calls on one
    variable; a value is given as (value) or (value, type), or as a TypedValue."""

    # -- process instances -----------------------------------------------------------------------

    def instance_variable(self, instance_id: str, name: str) -> types_pb2.TypedValue:
        return self.instances.GetProcessInstanceVariable(process_instance_pb2.GetProcessInstanceVariableRequest(
            process_instance_id=instance_id, name=name)).variable

    def get_pi(self, instance_id: str, name: str) -> tuple[Any, str]:
        return pair(self.instance_variable(instance_id, name))

    def set_pi(self, instance_id: str, name: str, *value: Any) -> None:
        self.instances.SetProcessInstanceVariable(process_instance_pb2.SetProcessInstanceVariableRequest(
            process_instance_id=instance_id, name=name, value=_typed(value)))

    def delete_pi(self, instance_id: str, name: str) -> None:
        self.instances.DeleteProcessInstanceVariable(process_instance_pb2.DeleteProcessInstanceVariableRequest(
            process_instance_id=instance_id, name=name))

    def all_of_instance(self, instance_id: str) -> dict[str, types_pb2.TypedValue]:
        """GetVariables' answer, as it is."""
        return dict(self.instances.GetVariables(
            process_instance_pb2.GetVariablesRequest(process_instance_id=instance_id)).variables)

    # -- executions ------------------------------------------------------------------------------

    def local_variable(self, execution_id: str, name: str) -> types_pb2.TypedValue:
        return self.executions.GetExecutionLocalVariable(execution_pb2.GetExecutionLocalVariableRequest(
            execution_id=execution_id, name=name)).variable

    def get_local(self, execution_id: str, name: str) -> tuple[Any, str]:
        return pair(self.local_variable(execution_id, name))

    def set_local(self, execution_id: str, name: str, *value: Any) -> None:
        self.executions.SetExecutionLocalVariable(execution_pb2.SetExecutionLocalVariableRequest(
            execution_id=execution_id, name=name, value=_typed(value)))

    def delete_local(self, execution_id: str, name: str) -> None:
        self.executions.DeleteExecutionLocalVariable(execution_pb2.DeleteExecutionLocalVariableRequest(
            execution_id=execution_id, name=name))

    def all_local(self, execution_id: str) -> dict[str, types_pb2.TypedValue]:
        """GetLocalVariables' answer, as it is."""
        return dict(self.executions.GetLocalVariables(
            execution_pb2.GetLocalVariablesRequest(execution_id=execution_id)).variables)

    def locals_of(self, execution_id: str) -> dict[str, tuple[Any, str]]:
        return plain(self.all_local(execution_id))

    # -- tasks -----------------------------------------------------------------------------------

    def task_variable(self, task_id: str, name: str, local_only: bool = False) -> types_pb2.TypedValue:
        return self.tasks.GetTaskVariable(task_pb2.GetTaskVariableRequest(
            task_id=task_id, name=name, local_only=local_only)).variable

    def get_task(self, task_id: str, name: str, local_only: bool = False) -> tuple[Any, str]:
        return pair(self.task_variable(task_id, name, local_only))

    def set_task(self, task_id: str, name: str, *value: Any, local: bool = False) -> None:
        self.tasks.SetTaskVariable(task_pb2.SetTaskVariableRequest(
            task_id=task_id, name=name, value=_typed(value), local=local))

    def delete_task(self, task_id: str, name: str, local: bool = False) -> None:
        self.tasks.DeleteTaskVariable(task_pb2.DeleteTaskVariableRequest(task_id=task_id, name=name, local=local))

    def all_of_task(self, task_id: str, local_only: bool = False) -> dict[str, types_pb2.TypedValue]:
        """GetTaskVariables' answer, as it is."""
        return dict(self.tasks.GetTaskVariables(
            task_pb2.GetTaskVariablesRequest(task_id=task_id, local_only=local_only)).variables)

    def task_vars(self, task_id: str, local_only: bool = False) -> dict[str, tuple[Any, str]]:
        return plain(self.all_of_task(task_id, local_only))

    def standalone_task(self, tenant: str = "") -> str:
        return self.tasks.CreateTask(task_pb2.CreateTaskRequest(name=unique("by name"), tenant_id=tenant)).task.id

    # -- what the tests look at ------------------------------------------------------------------

    def task_at(self, instance_id: str, activity_id: str) -> task_pb2.Task:
        [found] = [t for t in self.tasks_of(instance_id) if t.task_definition_key == activity_id]
        return found

    def open_tasks(self, instance_id: str) -> list[str]:
        return sorted(t.task_definition_key for t in self.tasks_of(instance_id))

    def suspend(self, instance_id: str) -> None:
        self.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=instance_id))

    def activate(self, instance_id: str) -> None:
        self.instances.ActivateProcessInstance(process_instance_pb2.ActivateProcessInstanceRequest(id=instance_id))

    def end(self, instance_id: str) -> None:
        self.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id))

    def history_of(self, instance_id: str, name: str) -> list[tuple[str, int, Any, str]]:
        """The variable history of the instance's one variable of that name: each change as
        (event, revision, value, type)."""
        return self.changes(self.named(name, process_instance_id=instance_id).id)

    def logged(self, **filters: Any) -> list[history_pb2.UserOperation]:
        """The operation log's entries found, without what differs between any two calls (the
        entry's and the operation's ids, the time)."""
        found = self.entries(**filters)
        for entry in found:
            entry.ClearField("id")
            entry.ClearField("operation_id")
            entry.ClearField("timestamp")
        return found


def _typed(value: tuple[Any, ...]) -> types_pb2.TypedValue:
    if len(value) == 1 and isinstance(value[0], types_pb2.TypedValue):
        return value[0]
    return typed(*value)
