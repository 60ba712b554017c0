"""DeploymentService beyond create, get and delete: a deployment's resources and their content,
RedeployDeployment, and ListDeployments' filters."""

from __future__ import annotations

from datetime import timedelta

import grpc
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import deployment_pb2 as dp
from tests.engine.history_support import OperationLog
from tests.engine.resources import bpmn
from tests.engine.scenario import Scenario
from tests.support import expect_error, unique


def _create(engine: Scenario, series: str, *files: str, source: str = "", tenant: str = "") -> dp.Deployment:
    return engine.deployments.CreateDeployment(dp.CreateDeploymentRequest(
        name=series, source=source, tenant_id=tenant,
        resources=[dp.Resource(name=f, content=bpmn(f)) for f in files])).deployment


def _stamp(at) -> timestamp_pb2.Timestamp:  # type: ignore[no-untyped-def]
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(at)
    return stamp


def test_a_deployment_s_resources_and_their_content(api) -> None:  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    deployment = _create(engine, unique("files"), "parallel_join.bpmn", "exclusive_gateway.bpmn")
    resources = engine.deployments.GetDeploymentResources(
        dp.GetDeploymentResourcesRequest(deployment_id=deployment.id)).resources
    assert [r.name for r in resources] == ["exclusive_gateway.bpmn", "parallel_join.bpmn"]
    assert all(r.id and r.deployment_id == deployment.id for r in resources)
    by_id = engine.deployments.GetDeploymentResourceData(dp.GetDeploymentResourceDataRequest(
        deployment_id=deployment.id, resource_id=resources[1].id))
    assert (by_id.resource.name, by_id.content) == ("parallel_join.bpmn", bpmn("parallel_join.bpmn"))
    by_name = engine.deployments.GetDeploymentResourceData(dp.GetDeploymentResourceDataRequest(
        deployment_id=deployment.id, resource_name="exclusive_gateway.bpmn"))
    assert (by_name.resource.id, by_name.content) == (resources[0].id, bpmn("exclusive_gateway.bpmn"))


def test_resource_requests_are_refused_naming_the_field(api) -> None:  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    deployment = _create(engine, unique("files"), "parallel_join.bpmn")

    def data(**fields: str) -> dp.GetDeploymentResourceDataResponse:
        return engine.deployments.GetDeploymentResourceData(dp.GetDeploymentResourceDataRequest(**fields))

    for call, code, reason, field_name in (
        (lambda: engine.deployments.GetDeploymentResources(dp.GetDeploymentResourcesRequest()),
         grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", "deployment_id"),
        (lambda: data(deployment_id=deployment.id), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD",
         "resource_id"),
        (lambda: data(resource_name="x"), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD",
         "deployment_id"),
        (lambda: data(deployment_id=deployment.id, resource_id="a", resource_name="b"),
         grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", "resource_name"),
    ):
        assert expect_error(call, code, reason).fields == [field_name]
    for fields, field_name in (({"resource_id": "no-such-id"}, "resource_id"),
                               ({"resource_name": "other.bpmn"}, "resource_name")):
        failure = expect_error(lambda fields=fields: data(deployment_id=deployment.id, **fields),
                               grpc.StatusCode.NOT_FOUND, "RESOURCE_NOT_FOUND")
        assert failure.info.metadata["field_name"] == field_name
    expect_error(lambda: engine.deployments.GetDeploymentResources(dp.GetDeploymentResourcesRequest(
        deployment_id="no-such-deployment")), grpc.StatusCode.NOT_FOUND, "DEPLOYMENT_NOT_FOUND")
    expect_error(lambda: data(deployment_id="no-such-deployment", resource_name="parallel_join.bpmn"),
                 grpc.StatusCode.NOT_FOUND, "DEPLOYMENT_NOT_FOUND")


def test_redeploy_deploys_all_or_the_named_resources_again(api) -> None:  # type: ignore[no-untyped-def]
    engine, log = Scenario(api), OperationLog(api)
    series, tenant = unique("redeployed"), unique("tenant")
    first = _create(engine, series, "parallel_join.bpmn", "exclusive_gateway.bpmn", source="modeler", tenant=tenant)
    again = engine.deployments.RedeployDeployment(dp.RedeployDeploymentRequest(id=first.id)).deployment
    assert again.id != first.id and (again.name, again.tenant_id, again.source) == (series, tenant, "")
    assert sorted(again.resource_names) == ["exclusive_gateway.bpmn", "parallel_join.bpmn"]
    # The tenant is the test's own: versions count from 1.
    assert {(d.key, d.version) for d in first.definitions} == {("parallel_join", 1), ("exclusive_gateway", 1)}
    assert {(d.key, d.version) for d in again.definitions} == {("parallel_join", 2), ("exclusive_gateway", 2)}
    assert {e.property for e in log.entries(deployment_id=again.id, operation_type="Create")} == {
        "duplicateFilterEnabled"}

    resources = {r.name: r.id for r in engine.deployments.GetDeploymentResources(
        dp.GetDeploymentResourcesRequest(deployment_id=first.id)).resources}
    one = engine.deployments.RedeployDeployment(dp.RedeployDeploymentRequest(
        id=first.id, resource_ids=[resources["parallel_join.bpmn"]], resource_names=["parallel_join.bpmn"],
        source="again")).deployment
    assert (list(one.resource_names), one.source) == (["parallel_join.bpmn"], "again")
    [definition] = one.definitions
    assert (definition.key, definition.version) == ("parallel_join", 3)

    failure = expect_error(lambda: engine.deployments.RedeployDeployment(dp.RedeployDeploymentRequest(
        id=first.id, resource_names=["parallel_join.bpmn", "missing.bpmn"])),
        grpc.StatusCode.NOT_FOUND, "RESOURCE_NOT_FOUND")
    assert failure.info.metadata["field_name"] == "resource_names[1]"
    expect_error(lambda: engine.deployments.RedeployDeployment(dp.RedeployDeploymentRequest(id="nope")),
                 grpc.StatusCode.NOT_FOUND, "DEPLOYMENT_NOT_FOUND")
    assert expect_error(lambda: engine.deployments.RedeployDeployment(dp.RedeployDeploymentRequest()),
                        grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD").fields == ["id"]


def test_list_deployments_filters(api, server) -> None:  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    series, tenant = unique("filtered"), unique("tenant")
    t0 = server.clock.now()
    plain = _create(engine, series, "parallel_join.bpmn")
    server.clock.advance(timedelta(seconds=10))
    sourced = _create(engine, f"{series}-b", "parallel_join.bpmn", source="ci")
    server.clock.advance(timedelta(seconds=10))
    tenanted = _create(engine, f"{series}-c", "parallel_join.bpmn", tenant=tenant)

    def ids(**fields: object) -> list[str]:
        fields.setdefault("name_like", f"{series}%")
        return [d.id for d in engine.deployments.ListDeployments(dp.ListDeploymentsRequest(**fields)).deployments]

    assert ids() == [tenanted.id, sourced.id, plain.id]  # newest first
    assert ids(id=sourced.id) == [sourced.id]
    assert ids(name_like=f"{series}-_") == [tenanted.id, sourced.id]
    assert ids(source="ci") == [sourced.id] and ids(without_source=True) == [tenanted.id, plain.id]
    assert ids(without_tenant_id=True) == [sourced.id, plain.id]
    assert ids(tenant_id_in=[tenant]) == [tenanted.id]
    assert ids(tenant_id_in=[tenant], include_deployments_without_tenant_id=True) == [tenanted.id, sourced.id, plain.id]
    assert ids(after=_stamp(t0 + timedelta(seconds=5))) == [tenanted.id, sourced.id]
    assert ids(before=_stamp(t0 + timedelta(seconds=15))) == [sourced.id, plain.id]

    for fields, field_name in (
        ({"source": "ci", "without_source": True}, "without_source"),
        ({"tenant_id_in": [tenant], "without_tenant_id": True}, "without_tenant_id"),
        ({"include_deployments_without_tenant_id": True}, "include_deployments_without_tenant_id"),
        ({"name_like": "ends\\"}, "name_like"),
    ):
        failure = expect_error(lambda fields=fields: engine.deployments.ListDeployments(
            dp.ListDeploymentsRequest(**fields)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failure.fields == [field_name]
