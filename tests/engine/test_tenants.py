"""Tenants are isolated: a token granted tenant A sees A's and tenant-less definitions,
instances, executions and tasks, never B's — NOT_FOUND on B's ids, nothing of B in any query,
PERMISSION_DENIED when it names B (deploying, starting by key and tenant, correlating, signalling)."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
import pytest

from flowkeeper.engine.v1 import deployment_pb2 as dp
from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.engine.resources import bpmn
from tests.engine.scenario import Scenario, name
from tests.support import expect_error, unique


@dataclass
class Side:
    tenant: str
    deployment: str
    definition: str
    instance: str
    scope: str
    task: str


@dataclass
class World:
    admin: Scenario
    a: Side
    b: Side
    none: Side
    message: str
    signal: str
    as_a: Scenario


@pytest.fixture(scope="module")
def world(server):  # type: ignore[no-untyped-def]
    admin = Scenario(server.api())
    message, signal = name("withdrawn"), name("reminder")
    sides = []
    for tenant in (unique("a"), unique("b"), ""):
        definition = admin.deploy_one("boundary_events.bpmn", tenant=tenant, ClaimWithdrawn=message,
                                      ClaimReminder=signal)
        deployment = admin.definitions.GetProcessDefinition(
            pd.GetProcessDefinitionRequest(id=definition)).process_definition.deployment_id
        instance = admin.run(definition, {"owner": tenant or "nobody"}, business_key=f"{message}-shared")
        scope = admin.at_activity(instance, "ReviewClaim")
        sides.append(Side(tenant, deployment, definition, instance, scope, admin.task_at(instance, "ReviewClaim").id))
    a, b, none = sides
    as_a = Scenario(server.api(server.token(tenants=(a.tenant,))))
    return World(admin, a, b, none, message, signal, as_a)


def ids_of(*sides: Side) -> set[str]:
    return {x for s in sides for x in (s.instance, s.scope)}


def test_queries_show_only_granted_tenants_and_tenantless(world: World) -> None:
    w, e = world, world.as_a
    assert e.ids(message_event_subscription_name=w.message) == {w.a.scope, w.none.scope}
    assert e.ids(business_key=f"{w.message}-shared") == ids_of(w.a, w.none)
    assert e.ids(business_key=f"{w.message}-shared", tenant_id_in=[w.b.tenant]) == set()
    assert e.count(business_key=f"{w.message}-shared") == 4
    assert w.admin.ids(business_key=f"{w.message}-shared") == ids_of(w.a, w.b, w.none)

    instances = {i.id for i in e.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_key="boundary_events")).process_instances}
    assert w.a.instance in instances and w.none.instance in instances and w.b.instance not in instances
    tasks = {t.id for t in e.tasks.QueryTasks(task_pb2.QueryTasksRequest(business_key=f"{w.message}-shared")).tasks}
    assert tasks == {w.a.task, w.none.task}
    definitions = {d.id for d in e.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(
        key="boundary_events")).process_definitions}
    assert {w.a.definition, w.none.definition} <= definitions and w.b.definition not in definitions
    assert e.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(
        key="boundary_events", tenant_id_in=[w.b.tenant])).process_definitions == []
    deployments = {d.id for d in e.deployments.ListDeployments(dp.ListDeploymentsRequest(page_size=500)).deployments}
    assert w.a.deployment in deployments and w.b.deployment not in deployments


def test_the_other_tenants_ids_are_not_found(world: World) -> None:
    w, e, b = world, world.as_a, world.b
    calls = [
        (lambda: e.deployments.GetDeployment(dp.GetDeploymentRequest(id=b.deployment)), "DEPLOYMENT_NOT_FOUND"),
        (lambda: e.deployments.DeleteDeployment(dp.DeleteDeploymentRequest(id=b.deployment, cascade=True)),
         "DEPLOYMENT_NOT_FOUND"),
        (lambda: e.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=b.definition)),
         "PROCESS_DEFINITION_NOT_FOUND"),
        (lambda: e.start_ref(pd.DefinitionRef(id=b.definition)), "PROCESS_DEFINITION_NOT_FOUND"),
        (lambda: e.instance(b.instance), "PROCESS_INSTANCE_NOT_FOUND"),
        (lambda: e.suspend(b.instance), "PROCESS_INSTANCE_NOT_FOUND"),
        (lambda: e.activate(b.instance), "PROCESS_INSTANCE_NOT_FOUND"),
        (lambda: e.delete(b.instance), "PROCESS_INSTANCE_NOT_FOUND"),
        (lambda: e.variables(b.instance), "PROCESS_INSTANCE_NOT_FOUND"),
        (lambda: e.set_variables(b.instance, {"x": 1}), "PROCESS_INSTANCE_NOT_FOUND"),
        (lambda: e.execution(b.scope), "EXECUTION_NOT_FOUND"),
        (lambda: e.local(b.scope), "EXECUTION_NOT_FOUND"),
        (lambda: e.set_local(b.scope, {"x": 1}), "EXECUTION_NOT_FOUND"),
        (lambda: e.signal_execution(b.scope), "EXECUTION_NOT_FOUND"),
        (lambda: e.executions.TriggerMessageSubscription(ex.TriggerMessageSubscriptionRequest(
            execution_id=b.scope, message_name=w.message)), "EXECUTION_NOT_FOUND"),
        (lambda: e.tasks.GetTask(task_pb2.GetTaskRequest(id=b.task)), "TASK_NOT_FOUND"),
        (lambda: e.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=b.task, user_id="ann")), "TASK_NOT_FOUND"),
        (lambda: e.tasks.UnclaimTask(task_pb2.UnclaimTaskRequest(task_id=b.task)), "TASK_NOT_FOUND"),
        (lambda: e.complete(b.task), "TASK_NOT_FOUND"),
    ]
    for call, reason in calls:
        expect_error(call, grpc.StatusCode.NOT_FOUND, reason)
    # Nothing of B moved.
    assert w.admin.instance(b.instance).state == pi.ProcessInstance.STATE_ACTIVE
    assert w.admin.ids(process_instance_id=b.instance) == {b.instance, b.scope}


def test_naming_the_other_tenant_is_permission_denied(world: World) -> None:
    w, e = world, world.as_a
    calls = [
        lambda: e.deployments.CreateDeployment(dp.CreateDeploymentRequest(
            name="x", tenant_id=w.b.tenant, resources=[dp.Resource(name="p.bpmn", content=bpmn("parallel_join.bpmn"))])),
        lambda: e.start_ref(pd.DefinitionRef(key_and_tenant=pd.KeyAndTenant(key="boundary_events",
                                                                            tenant_id=w.b.tenant))),
        lambda: e.correlate(w.message, tenant_id=w.b.tenant),
        lambda: e.broadcast(w.signal, tenant_id=w.b.tenant),
    ]
    for call in calls:
        failed = expect_error(call, grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED")
        assert failed.info.metadata["tenant_id"] == w.b.tenant


def test_own_tenant_works(world: World, server) -> None:  # type: ignore[no-untyped-def]
    w, e = world, world.as_a
    deployment = e.deployments.CreateDeployment(dp.CreateDeploymentRequest(
        name=unique("own"), tenant_id=w.a.tenant,
        resources=[dp.Resource(name="parallel_join.bpmn", content=bpmn("parallel_join.bpmn"))])).deployment
    assert deployment.tenant_id == w.a.tenant
    started = e.start_ref(pd.DefinitionRef(key_and_tenant=pd.KeyAndTenant(key="parallel_join", tenant_id=w.a.tenant)))
    assert started.process_instance.tenant_id == w.a.tenant
    # A token of tenant B alone cannot see it.
    as_b = Scenario(server.api(server.token(tenants=(w.b.tenant,))))
    expect_error(lambda: as_b.instance(started.process_instance.id), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_INSTANCE_NOT_FOUND")


def test_messages_and_signals_reach_only_visible_tenants(server) -> None:  # type: ignore[no-untyped-def]
    admin = Scenario(server.api())
    message, signal = name("withdrawn"), name("reminder")
    a, b = unique("a"), unique("b")
    instances = {}
    for tenant in (a, b, ""):
        definition = admin.deploy_one("boundary_events.bpmn", tenant=tenant, ClaimWithdrawn=message,
                                      ClaimReminder=signal)
        instances[tenant] = admin.run(definition)
    as_a = Scenario(server.api(server.token(tenants=(a,))))
    assert as_a.broadcast(signal) == 2
    assert admin.ids(signal_event_subscription_name=signal) == {admin.at_activity(instances[t], "ReviewClaim")
                                                                for t in (a, b, "")}
    for tenant in (a, ""):
        assert sorted(t.task_definition_key for t in admin.tasks_of(instances[tenant])) == [
            "RemindReviewer", "ReviewClaim"]
    assert [t.task_definition_key for t in admin.tasks_of(instances[b])] == ["ReviewClaim"]
    results = as_a.correlate(message, all=True)
    assert sorted(r.process_instance_id for r in results) == sorted([instances[a], instances[""]])
    assert admin.ids(message_event_subscription_name=message) == {admin.at_activity(instances[b], "ReviewClaim")}
    [result] = admin.correlate(message, tenant_id=b)
    assert result.process_instance_id == instances[b]
