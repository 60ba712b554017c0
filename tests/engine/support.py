"""Helpers for engine scenario tests: deploy fixtures, start instances, read the execution tree."""

from __future__ import annotations

from typing import Any, Iterable

from google.protobuf import json_format, struct_pb2

from flowkeeper.engine.v1 import (
    deployment_pb2,
    deployment_pb2_grpc,
    execution_pb2,
    execution_pb2_grpc,
    message_pb2_grpc,
    process_definition_pb2,
    process_definition_pb2_grpc,
    process_instance_pb2,
    process_instance_pb2_grpc,
    signal_pb2_grpc,
    task_pb2,
    task_pb2_grpc,
    types_pb2,
)
from tests.engine.resources import bpmn
from tests.support import Api, unique


def value(raw: Any) -> struct_pb2.Value:
    return json_format.ParseDict(raw, struct_pb2.Value())


def typed(raw: Any, type_name: str = "") -> types_pb2.TypedValue:
    return types_pb2.TypedValue(value=value(raw), type=type_name)


def typed_map(values: dict[str, Any]) -> dict[str, types_pb2.TypedValue]:
    """{"a": 1, "b": ("x", "String")} -> typed values (a tuple gives the type explicitly)."""
    return {k: typed(*v) if isinstance(v, tuple) else typed(v) for k, v in values.items()}


def plain(values: Any) -> dict[str, tuple[Any, str]]:
    return {k: (json_format.MessageToDict(v.value) if v.HasField("value") else None, v.type) for k, v in values.items()}


class Engine:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.deployments = api.stub(deployment_pb2_grpc.DeploymentServiceStub)
        self.definitions = api.stub(process_definition_pb2_grpc.ProcessDefinitionServiceStub)
        self.instances = api.stub(process_instance_pb2_grpc.ProcessInstanceServiceStub)
        self.executions = api.stub(execution_pb2_grpc.ExecutionServiceStub)
        self.tasks = api.stub(task_pb2_grpc.TaskServiceStub)
        self.messages = api.stub(message_pb2_grpc.MessageServiceStub)
        self.signals = api.stub(signal_pb2_grpc.SignalServiceStub)

    def deploy(self, *names: str, tenant: str = "", contents: dict[str, bytes] | None = None,
               name: str | None = None) -> deployment_pb2.Deployment:
        resources = [deployment_pb2.Resource(name=n, content=bpmn(n)) for n in names]
        resources += [deployment_pb2.Resource(name=n, content=c) for n, c in (contents or {}).items()]
        return self.deployments.CreateDeployment(
            deployment_pb2.CreateDeploymentRequest(name=name or unique("deployment"), tenant_id=tenant,
                                                   resources=resources)
        ).deployment

    def definition_id(self, deployment: deployment_pb2.Deployment, key: str) -> str:
        return next(d.id for d in deployment.definitions if d.key == key)

    def start(self, definition_id: str, variables: dict[str, Any] | None = None, business_key: str = "",
              ) -> process_definition_pb2.StartProcessInstanceResponse:
        return self.definitions.StartProcessInstance(
            process_definition_pb2.StartProcessInstanceRequest(
                definition=process_definition_pb2.DefinitionRef(id=definition_id),
                variables=typed_map(variables or {}),
                business_key=business_key,
            )
        )

    def deploy_and_start(self, name: str, variables: dict[str, Any] | None = None, business_key: str = ""):  # type: ignore[no-untyped-def]
        deployment = self.deploy(name)
        key = name.removesuffix(".bpmn")
        return self.start(self.definition_id(deployment, key), variables, business_key).process_instance

    def tree(self, instance_id: str) -> list[execution_pb2.Execution]:
        return list(self.executions.QueryExecutions(
            execution_pb2.QueryExecutionsRequest(process_instance_id=instance_id)).executions)

    def query(self, **filters: Any) -> set[str]:
        return {e.id for e in self.executions.QueryExecutions(execution_pb2.QueryExecutionsRequest(**filters)).executions}

    def instance(self, instance_id: str) -> process_instance_pb2.ProcessInstance:
        return self.instances.GetProcessInstance(
            process_instance_pb2.GetProcessInstanceRequest(id=instance_id)).process_instance

    def tasks_of(self, instance_id: str) -> list[task_pb2.Task]:
        return list(self.tasks.QueryTasks(task_pb2.QueryTasksRequest(process_instance_id=instance_id)).tasks)

    def complete(self, task_id: str, variables: dict[str, Any] | None = None) -> None:
        self.tasks.CompleteTask(task_pb2.CompleteTaskRequest(task_id=task_id, variables=typed_map(variables or {})))

    def variables(self, instance_id: str) -> dict[str, tuple[Any, str]]:
        return plain(self.instances.GetVariables(
            process_instance_pb2.GetVariablesRequest(process_instance_id=instance_id)).variables)


def at(executions: Iterable[execution_pb2.Execution]) -> dict[str, list[str]]:
    """activity id -> execution ids at it ('' for executions without an activity)."""
    out: dict[str, list[str]] = {}
    for e in executions:
        out.setdefault(e.activity_id, []).append(e.id)
    return out
