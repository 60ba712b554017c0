"""Helpers for case tests: deploy CMMN fixtures (optionally under a unique key), create case
instances, read case executions by activity and state."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import (
    case_definition_pb2,
    case_definition_pb2_grpc,
    case_execution_pb2,
    case_execution_pb2_grpc,
    case_instance_pb2,
    case_instance_pb2_grpc,
    deployment_pb2,
    process_definition_pb2,
)
from tests.engine.resources import bpmn as resource
from tests.engine.support import Engine, plain, typed_map
from tests.support import Api, unique

STATE = case_execution_pb2.CaseExecution.State
CASE_STATE = case_instance_pb2.CaseInstance.State


def state_name(value: int) -> str:
    return STATE.Name(value).removeprefix("STATE_")


class Cases(Engine):
    """The engine helpers plus the case services."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.case_definitions = api.stub(case_definition_pb2_grpc.CaseDefinitionServiceStub)
        self.case_instances = api.stub(case_instance_pb2_grpc.CaseInstanceServiceStub)
        self.case_executions = api.stub(case_execution_pb2_grpc.CaseExecutionServiceStub)

    def deploy_case(self, name: str, *, key: str | None = None, tenant: str = "", extra: tuple[str, ...] = (),
                    replace: dict[str, str] | None = None,
                    files: dict[str, bytes] | None = None) -> deployment_pb2.Deployment:
        """Deploys a fixture (and the files in ``extra`` and ``files``); ``key`` renames its
        (first) case, ``replace`` rewrites other text of it."""
        content = resource(name)
        if key is not None:
            original = name.removesuffix(".cmmn")
            content = content.replace(f'id="{original}"'.encode(), f'id="{key}"'.encode())
        for old, new in (replace or {}).items():
            content = content.replace(old.encode(), new.encode())
        files = {name: content, **{n: resource(n) for n in extra}, **(files or {})}
        return self.deployments.CreateDeployment(
            deployment_pb2.CreateDeploymentRequest(
                name=unique("cases"), tenant_id=tenant,
                resources=[deployment_pb2.Resource(name=n, content=c) for n, c in files.items()],
            )
        ).deployment

    def deploy_files(self, files: dict[str, bytes], *, tenant: str = "") -> deployment_pb2.Deployment:
        return self.deployments.CreateDeployment(
            deployment_pb2.CreateDeploymentRequest(
                name=unique("cases"), tenant_id=tenant,
                resources=[deployment_pb2.Resource(name=n, content=c) for n, c in files.items()],
            )
        ).deployment

    def case_definition_id(self, deployment: deployment_pb2.Deployment, key: str) -> str:
        return next(d.id for d in deployment.definitions if d.key == key and d.kind == "case")

    def create(self, *, id: str = "", key: str = "", tenant: str | None = None,
               variables: dict[str, Any] | None = None, business_key: str = "") -> case_instance_pb2.CaseInstance:
        if id:
            ref = process_definition_pb2.DefinitionRef(id=id)
        elif tenant is not None:
            ref = process_definition_pb2.DefinitionRef(
                key_and_tenant=process_definition_pb2.KeyAndTenant(key=key, tenant_id=tenant))
        else:
            ref = process_definition_pb2.DefinitionRef(key=key)
        return self.case_definitions.CreateCaseInstance(
            case_definition_pb2.CreateCaseInstanceRequest(
                definition=ref, variables=typed_map(variables or {}), business_key=business_key)
        ).case_instance

    def deploy_and_create(self, name: str, variables: dict[str, Any] | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
        deployment = self.deploy_case(name, **kwargs)
        definition_id = self.case_definition_id(deployment, kwargs.get("key") or name.removesuffix(".cmmn"))
        return self.create(id=definition_id, variables=variables)

    def case(self, case_id: str) -> case_instance_pb2.CaseInstance:
        return self.case_instances.GetCaseInstance(case_instance_pb2.GetCaseInstanceRequest(id=case_id)).case_instance

    def executions_of(self, case_id: str, include_ended: bool = True) -> list[case_execution_pb2.CaseExecution]:
        return list(self.case_executions.QueryCaseExecutions(
            case_execution_pb2.QueryCaseExecutionsRequest(case_instance_id=case_id, include_ended=include_ended)
        ).case_executions)

    def states(self, case_id: str) -> dict[str, str]:
        """activity id -> state of every case execution of the case (the plan model included)."""
        return {e.activity_id: state_name(e.state) for e in self.executions_of(case_id)}

    def execution(self, case_id: str, activity_id: str) -> case_execution_pb2.CaseExecution:
        return next(e for e in self.executions_of(case_id) if e.activity_id == activity_id)

    def case_tasks(self, case_id: str) -> list:  # type: ignore[type-arg]
        from flowkeeper.engine.v1 import task_pb2

        return list(self.tasks.QueryTasks(task_pb2.QueryTasksRequest(case_instance_id=case_id)).tasks)

    def case_variables(self, case_id: str) -> dict[str, tuple[Any, str]]:
        return plain(self.case_instances.GetCaseInstanceVariables(
            case_instance_pb2.GetCaseInstanceVariablesRequest(case_instance_id=case_id)).variables)

    def modify(self, case_id: str, values: dict[str, Any], deletions: tuple[str, ...] = ()) -> None:
        self.case_instances.ModifyCaseInstanceVariables(case_instance_pb2.ModifyCaseInstanceVariablesRequest(
            case_instance_id=case_id, modifications=typed_map(values), deletions=list(deletions)))

    def manual_start(self, execution_id: str, **kwargs: Any) -> case_execution_pb2.CaseExecution:
        return self.case_executions.ManualStartCaseExecution(
            case_execution_pb2.ManualStartCaseExecutionRequest(id=execution_id, **kwargs)).case_execution

    def complete_execution(self, execution_id: str, **kwargs: Any) -> case_execution_pb2.CaseExecution:
        return self.case_executions.CompleteCaseExecution(
            case_execution_pb2.CompleteCaseExecutionRequest(id=execution_id, **kwargs)).case_execution

    def disable(self, execution_id: str) -> case_execution_pb2.CaseExecution:
        return self.case_executions.DisableCaseExecution(
            case_execution_pb2.DisableCaseExecutionRequest(id=execution_id)).case_execution

    def reenable(self, execution_id: str) -> case_execution_pb2.CaseExecution:
        return self.case_executions.ReenableCaseExecution(
            case_execution_pb2.ReenableCaseExecutionRequest(id=execution_id)).case_execution

    def terminate_execution(self, execution_id: str) -> case_execution_pb2.CaseExecution:
        return self.case_executions.TerminateCaseExecution(
            case_execution_pb2.TerminateCaseExecutionRequest(id=execution_id)).case_execution

    def complete_case(self, case_id: str) -> case_instance_pb2.CaseInstance:
        return self.case_instances.CompleteCaseInstance(
            case_instance_pb2.CompleteCaseInstanceRequest(id=case_id)).case_instance

    def close_case(self, case_id: str) -> case_instance_pb2.CaseInstance:
        return self.case_instances.CloseCaseInstance(case_instance_pb2.CloseCaseInstanceRequest(id=case_id)).case_instance

    def terminate_case(self, case_id: str) -> case_instance_pb2.CaseInstance:
        return self.case_instances.TerminateCaseInstance(
            case_instance_pb2.TerminateCaseInstanceRequest(id=case_id)).case_instance
