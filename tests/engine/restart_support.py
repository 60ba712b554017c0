"""Helpers for the tests of RestartProcessInstances and ModifyProcessInstances (sync and async):
a process with a gateway whose condition needs a variable (so that one instance can fail where
the others pass), and the calls with their defaults."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import batch_pb2, process_definition_pb2, process_instance_pb2
from tests.engine.batch_support import EVERYTHING, Batches
from tests.engine.work_support import key

PD, PI = process_definition_pb2, process_instance_pb2
I = PI.ModificationInstruction


def gated(process_key: str) -> str:
    """Start, user task Review, user task Approve, end; and a gateway Gate on a flow never
    taken: a start before it takes Approve when ``amount > 100``, else Review (an instance
    without ``amount`` fails there)."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Route" />
  <bpmn:exclusiveGateway id="Route" default="f1" />
  <bpmn:sequenceFlow id="f1" sourceRef="Route" targetRef="Review" />
  <bpmn:sequenceFlow id="never" sourceRef="Route" targetRef="Gate">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{false}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Approve" />
  <bpmn:userTask id="Approve" />
  <bpmn:sequenceFlow id="f3" sourceRef="Approve" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:exclusiveGateway id="Gate" default="low" />
  <bpmn:sequenceFlow id="high" sourceRef="Gate" targetRef="Approve">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{amount &gt; 100}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="low" sourceRef="Gate" targetRef="Review" />
</bpmn:process>
"""


def before(activity: str) -> PI.ModificationInstruction:
    return I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id=activity)


def cancel(activity: str, current: bool = False) -> PI.ModificationInstruction:
    return I(type=I.TYPE_CANCEL, activity_id=activity, cancel_current_active_activity_instances=current)


class Restarts(Batches):
    """The batch helpers plus the restart and bulk modification calls."""

    def definition(self, tenant: str = "") -> str:
        process_key = key("restarted")
        return self.deploy_inline(process_key, gated(process_key), tenant)

    def started(self, definition: str, count: int, **variables: Any) -> list[str]:
        return [self.start_id(definition, {"amount": 5, **variables}, business_key=f"order-{i}")
                for i in range(count)]

    def cancelled(self, definition: str, count: int, **variables: Any) -> list[str]:
        ids = self.started(definition, count, **variables)
        for instance in ids:
            self.instances.DeleteProcessInstance(PI.DeleteProcessInstanceRequest(id=instance, reason="oops"))
        return ids

    def restart(self, definition: str, ids: list[str] = (), *instructions: PI.ModificationInstruction,  # type: ignore[assignment]
                query: Any = None, **options: Any) -> list[PI.ProcessInstance]:
        return list(self.definitions.RestartProcessInstances(PD.RestartProcessInstancesRequest(
            process_definition_id=definition, process_instance_ids=list(ids), process_instance_query=query,
            instructions=list(instructions), **options)).process_instances)

    def restart_async(self, definition: str, ids: list[str] = (), *instructions: PI.ModificationInstruction,  # type: ignore[assignment]
                      query: Any = None, **options: Any) -> batch_pb2.Batch:
        return self.definitions.RestartProcessInstancesAsync(PD.RestartProcessInstancesAsyncRequest(
            process_definition_id=definition, process_instance_ids=list(ids), process_instance_query=query,
            instructions=list(instructions), **options)).batch

    def modify_many(self, definition: str, ids: list[str] = (), *instructions: PI.ModificationInstruction,  # type: ignore[assignment]
                    query: Any = None, annotation: str = "") -> list[PI.ProcessInstance]:
        return list(self.instances.ModifyProcessInstances(PI.ModifyProcessInstancesRequest(
            process_definition_id=definition, process_instance_ids=list(ids), process_instance_query=query,
            instructions=list(instructions), annotation=annotation)).process_instances)

    def modify_many_async(self, definition: str, ids: list[str] = (), *instructions: PI.ModificationInstruction,  # type: ignore[assignment]
                          query: Any = None, annotation: str = "") -> batch_pb2.Batch:
        return self.instances.ModifyProcessInstancesAsync(PI.ModifyProcessInstancesAsyncRequest(
            process_definition_id=definition, process_instance_ids=list(ids), process_instance_query=query,
            instructions=list(instructions), annotation=annotation)).batch

    def tasks_at(self, instance_id: str) -> list[str]:
        """The task keys of the instance's open tasks, sorted."""
        return sorted(t.task_definition_key for t in self.tasks_of(instance_id))

    def of_definition(self, definition: str, **filters: Any) -> list[PI.ProcessInstance]:
        return list(self.instances.QueryProcessInstances(PI.QueryProcessInstancesRequest(
            process_definition_id=definition, page=EVERYTHING, **filters)).process_instances)

    def restarts_of(self, definition: str) -> dict[str, PI.ProcessInstance]:
        """The running instances of the definition a restart started, by the instance restarted."""
        return {i.restarted_process_instance_id: i for i in self.of_definition(definition)
                if i.restarted_process_instance_id}

    def count_of(self, definition: str) -> int:
        """Every instance of the definition, running or ended."""
        return self.instances.CountProcessInstances(PI.CountProcessInstancesRequest(
            process_definition_id=definition, include_ended=True)).count
