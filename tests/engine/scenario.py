"""Helpers for the process-engine scenario and query tests, on top of ``tests.engine.support``.

The session server is shared by every test of a worker, so a test that broadcasts a signal or
correlates a message by name alone deploys its fixture with the names replaced by unique ones
(``renamed``): its events then reach its own instances only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import select

from flowkeeper.engine.v1 import (
    deployment_pb2,
    execution_pb2,
    message_pb2,
    process_definition_pb2,
    process_instance_pb2,
    signal_pb2,
    task_pb2,
)
from tests.engine.resources import bpmn
from tests.engine.resources.modeler import render
from tests.engine.support import Engine, plain, typed_map, value
from tests.support import Api, unique


def renamed(fixture: str, **names: str) -> bytes:
    """The fixture's bytes with each message or signal ``name="Old"`` replaced by ``name="New"``."""
    content = bpmn(fixture)
    for old, new in names.items():
        before = f'name="{old}"'.encode()
        assert before in content, f"{fixture} names no {old!r}"
        content = content.replace(before, f'name="{new}"'.encode())
    return content


class Scenario(Engine):
    """The Engine wrapper with the verbs the scenario tests use."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)

    def deploy_one(self, fixture: str, *, tenant: str = "", **names: str) -> str:
        """Deploys one fixture (names replaced as ``renamed``) and returns its definition id."""
        deployment = self.deploy(contents={fixture: renamed(fixture, **names)}, tenant=tenant)
        return self.definition_id(deployment, fixture.removesuffix(".bpmn"))

    def run(self, definition_id: str, variables: dict[str, Any] | None = None, business_key: str = "") -> str:
        """Starts an instance and returns its id."""
        return self.start(definition_id, variables, business_key).process_instance.id

    def start_ref(self, ref: process_definition_pb2.DefinitionRef, variables: dict[str, Any] | None = None,
                  **extra: Any) -> process_definition_pb2.StartProcessInstanceResponse:
        return self.definitions.StartProcessInstance(
            process_definition_pb2.StartProcessInstanceRequest(definition=ref, variables=typed_map(variables or {}),
                                                               **extra))

    def ids(self, **filters: Any) -> set[str]:
        return self.query(**filters)

    def ordered(self, **filters: Any) -> list[str]:
        return [e.id for e in self.executions.QueryExecutions(execution_pb2.QueryExecutionsRequest(**filters)).executions]

    def count(self, **filters: Any) -> int:
        return self.executions.CountExecutions(execution_pb2.CountExecutionsRequest(**filters)).count

    def execution(self, execution_id: str) -> execution_pb2.Execution:
        return self.executions.GetExecution(execution_pb2.GetExecutionRequest(id=execution_id)).execution

    def at_activity(self, instance_id: str, activity_id: str) -> str:
        """The one execution of the instance at ``activity_id``."""
        [found] = self.query(process_instance_id=instance_id, activity_id=activity_id)
        return found

    def set_local(self, execution_id: str, variables: dict[str, Any]) -> None:
        self.executions.ModifyLocalVariables(
            execution_pb2.ModifyLocalVariablesRequest(execution_id=execution_id, modifications=typed_map(variables)))

    def local(self, execution_id: str) -> dict[str, tuple[Any, str]]:
        return plain(self.executions.GetLocalVariables(
            execution_pb2.GetLocalVariablesRequest(execution_id=execution_id)).variables)

    def set_variables(self, instance_id: str, variables: dict[str, Any], deletions: tuple[str, ...] = ()) -> None:
        self.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
            process_instance_id=instance_id, modifications=typed_map(variables), deletions=list(deletions)))

    def signal_execution(self, execution_id: str, variables: dict[str, Any] | None = None) -> None:
        self.executions.SignalExecution(
            execution_pb2.SignalExecutionRequest(execution_id=execution_id, variables=typed_map(variables or {})))

    def correlate(self, message_name: str, **fields: Any) -> list[message_pb2.MessageCorrelationResult]:
        for key in ("correlation_keys", "local_correlation_keys", "process_variables", "process_variables_local"):
            if key in fields:
                fields[key] = typed_map(fields[key])
        return list(self.messages.CorrelateMessage(
            message_pb2.CorrelateMessageRequest(message_name=message_name, **fields)).results)

    def broadcast(self, name: str, variables: dict[str, Any] | None = None, **fields: Any) -> int:
        return self.signals.BroadcastSignal(
            signal_pb2.BroadcastSignalRequest(name=name, variables=typed_map(variables or {}), **fields)).delivered

    def task_at(self, instance_id: str, activity_id: str) -> task_pb2.Task:
        [found] = [t for t in self.tasks_of(instance_id) if t.task_definition_key == activity_id]
        return found

    def suspend(self, instance_id: str) -> process_instance_pb2.ProcessInstance:
        return self.instances.SuspendProcessInstance(
            process_instance_pb2.SuspendProcessInstanceRequest(id=instance_id)).process_instance

    def activate(self, instance_id: str) -> process_instance_pb2.ProcessInstance:
        return self.instances.ActivateProcessInstance(
            process_instance_pb2.ActivateProcessInstanceRequest(id=instance_id)).process_instance

    def delete(self, instance_id: str, reason: str = "") -> process_instance_pb2.ProcessInstance:
        return self.instances.DeleteProcessInstance(
            process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id, reason=reason)).process_instance

    def create_deployment(self, **fields: Any) -> deployment_pb2.CreateDeploymentResponse:
        return self.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(**fields))


def rows(server: Any, make_query: Callable[[], Any]) -> list[Any]:
    """Rows of a SELECT run straight on the server's database (for state no RPC shows yet)."""
    return server.db.run(lambda s: list(s.execute(make_query()).all()), write=False)


def jobs_of(server: Any, instance_id: str) -> list[tuple[str, str | None, str | None]]:
    """(handler_type, activity_id, execution_id) of the instance's jobs, sorted."""
    from server.engine.models import Job

    found = rows(server, lambda: select(Job.handler_type, Job.activity_id, Job.execution_id)
                 .where(Job.process_instance_id == instance_id))
    return sorted((r[0], r[1], r[2]) for r in found)


def name(prefix: str) -> str:
    """A message or signal name no other test uses."""
    return unique(prefix)


def v(name: str, operator: str, raw: Any) -> execution_pb2.VariableQueryParameter:
    """A variable filter: ``v("amount", "gt", 1000)``."""
    return execution_pb2.VariableQueryParameter(name=name, operator=operator, value=value(raw))


@dataclass
class VariableQueries:
    """The executions of one definition that variable filters find: ``local`` filters on the
    executions' own variables, ``process`` on their instances'."""

    engine: Scenario
    definition: str

    def local(self, *filters: tuple[str, str, Any], names_ci: bool = False, values_ci: bool = False) -> set[str]:
        return self.engine.ids(process_definition_id=self.definition, variables=[v(*f) for f in filters],
                               variable_names_ignore_case=names_ci, variable_values_ignore_case=values_ci)

    def process(self, *filters: tuple[str, str, Any], names_ci: bool = False, values_ci: bool = False) -> set[str]:
        return self.engine.ids(process_definition_id=self.definition, process_variables=[v(*f) for f in filters],
                               variable_names_ignore_case=names_ci, variable_values_ignore_case=values_ci)


# -- call activities --------------------------------------------------------------------------


def called_by(engine: Scenario, instance_id: str) -> process_instance_pb2.ProcessInstance:
    [found] = engine.instances.QueryProcessInstances(
        process_instance_pb2.QueryProcessInstancesRequest(super_process_instance_id=instance_id)).process_instances
    return found


def deploy_chain(engine: Scenario, parent: str = "call_parent.bpmn") -> str:
    deployment = engine.deploy(parent, "call_child.bpmn", "call_grandchild.bpmn")
    return engine.definition_id(deployment, parent.removesuffix(".bpmn"))


def catching_caller(parent: str, child: str, error_code: str, mappings: str = "") -> str:
    """A caller whose call activity CallChild (with camunda:in/out ``mappings``) calls ``child``;
    its error boundary event for ``error_code`` leads to the user task Handle."""
    extensions = f"<bpmn:extensionElements>{mappings}</bpmn:extensionElements>" if mappings else ""
    return f"""
<bpmn:process id="{parent}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="CallChild" />
  <bpmn:callActivity id="CallChild" calledElement="{child}">{extensions}</bpmn:callActivity>
  <bpmn:boundaryEvent id="Caught" attachedToRef="CallChild">
    <bpmn:errorEventDefinition id="e1" errorRef="Err" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="CallChild" targetRef="Done" />
  <bpmn:endEvent id="Done" />
  <bpmn:sequenceFlow id="f3" sourceRef="Caught" targetRef="Handle" />
  <bpmn:userTask id="Handle" />
  <bpmn:sequenceFlow id="f4" sourceRef="Handle" targetRef="Handled" />
  <bpmn:endEvent id="Handled" />
</bpmn:process>
<bpmn:error id="Err" errorCode="{error_code}" />"""


def deploy_error_chain(engine: Scenario) -> str:
    """catching_caller for DECLINED, and the process it calls: user task Decide, then an error
    end event (DECLINED) that nothing inside catches. The caller's definition id."""
    parent, child = unique("error_caller").replace("-", "_"), unique("error_callee").replace("-", "_")
    called = f"""
<bpmn:process id="{child}" isExecutable="true">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Decide" />
  <bpmn:userTask id="Decide" />
  <bpmn:sequenceFlow id="f2" sourceRef="Decide" targetRef="Refuse" />
  <bpmn:endEvent id="Refuse"><bpmn:errorEventDefinition id="e1" errorRef="Err" /></bpmn:endEvent>
</bpmn:process>
<bpmn:error id="Err" errorCode="DECLINED" />"""
    deployment = engine.deploy(contents={
        f"{parent}.bpmn": render(catching_caller(parent, child, "DECLINED"), parent).encode(),
        f"{child}.bpmn": render(called, child).encode()})
    return engine.definition_id(deployment, parent)
