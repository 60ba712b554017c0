"""What the task query variable filter tests share: a process with tasks on the instance's own
path and inside an embedded subprocess scope, and lookups of its tasks and scopes."""

from __future__ import annotations

from flowkeeper.engine.v1 import execution_pb2, task_pb2
from tests.engine.history_support import TaskHistory


def flow(process_key: str) -> str:
    """A fork into the user tasks A and B and the embedded subprocess Sub (around the user task
    C), joined before the user task Last."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="fa" sourceRef="Fork" targetRef="A" />
  <bpmn:sequenceFlow id="fb" sourceRef="Fork" targetRef="B" />
  <bpmn:sequenceFlow id="fs" sourceRef="Fork" targetRef="Sub" />
  <bpmn:userTask id="A" name="A" />
  <bpmn:userTask id="B" name="B" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="C" />
    <bpmn:userTask id="C" name="C" />
    <bpmn:sequenceFlow id="s2" sourceRef="C" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="fa2" sourceRef="A" targetRef="Join" />
  <bpmn:sequenceFlow id="fb2" sourceRef="B" targetRef="Join" />
  <bpmn:sequenceFlow id="fs2" sourceRef="Sub" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="fj" sourceRef="Join" targetRef="Last" />
  <bpmn:userTask id="Last" name="Last" />
  <bpmn:sequenceFlow id="fe" sourceRef="Last" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def subprocess_scope(engine: TaskHistory, task: task_pb2.Task) -> str:
    """The scope execution of the embedded subprocess the task runs in: the outermost scope
    below the instance on the task's chain of executions."""
    chain = [engine.executions.GetExecution(execution_pb2.GetExecutionRequest(id=task.execution_id)).execution]
    while chain[-1].parent_id:
        chain.append(engine.executions.GetExecution(execution_pb2.GetExecutionRequest(id=chain[-1].parent_id)).execution)
    scopes = [e.id for e in chain[:-1] if e.scope]
    assert scopes, chain
    return scopes[-1]


def tasks_by_key(engine: TaskHistory, instance_id: str) -> dict[str, task_pb2.Task]:
    return {t.task_definition_key: t for t in engine.tasks_of(instance_id)}
