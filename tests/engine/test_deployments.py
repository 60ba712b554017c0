"""DeploymentService: versions per key and tenant, duplicate filtering and deploy_changed_only,
parse errors surfacing with resource/element/line metadata, DeleteDeployment with and without
cascade, ListDeployments paging."""

from __future__ import annotations

import base64
from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import deployment_pb2 as dp
from flowkeeper.engine.v1 import history_pb2, history_pb2_grpc
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from tests.engine.resources import bpmn
from tests.engine.scenario import Scenario, name, renamed
from tests.support import expect_error, unique


def resource(file: str, content: bytes | None = None) -> dp.Resource:
    return dp.Resource(name=file, content=bpmn(file) if content is None else content)


def definition(engine: Scenario, definition_id: str) -> pd.ProcessDefinition:
    return engine.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=definition_id)).process_definition


def test_versions_count_per_key_and_tenant(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant, other = unique("tenant"), unique("tenant")
    first = definition(engine, engine.deploy_one("parallel_join.bpmn"))
    second = definition(engine, engine.deploy_one("parallel_join.bpmn"))
    assert second.version == first.version + 1
    assert second.id.startswith(f"parallel_join:{second.version}:")
    assert [definition(engine, engine.deploy_one("parallel_join.bpmn", tenant=tenant)).version for _ in range(2)] == [1, 2]
    assert definition(engine, engine.deploy_one("parallel_join.bpmn", tenant=other)).version == 1
    assert definition(engine, engine.deploy_one("parallel_join.bpmn")).version == second.version + 1


def test_a_deployment_as_stored(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    deployment_name = unique("shop")
    created = engine.create_deployment(name=deployment_name, source="ci", resources=[
        resource("two_processes.bpmn"), resource("collaboration_lanes.bpmn")]).deployment
    got = engine.deployments.GetDeployment(dp.GetDeploymentRequest(id=created.id)).deployment
    # Get lists the definitions by key; Create in the order it deployed them.
    assert sorted(got.definitions, key=lambda d: d.key) == list(got.definitions)
    assert sorted(created.definitions, key=lambda d: d.key) == list(got.definitions)
    assert (got.id, got.deployment_time) == (created.id, created.deployment_time)
    assert (got.name, got.source, got.tenant_id) == (deployment_name, "ci", "")
    assert got.deployment_time.ToDatetime().replace(tzinfo=None) == server.clock.now().replace(tzinfo=None)
    assert sorted(got.resource_names) == ["collaboration_lanes.bpmn", "two_processes.bpmn"]
    # One definition per executable process; the non-executable customer process is left out.
    assert sorted((d.key, d.kind, d.resource_name) for d in got.definitions) == [
        ("collaboration_lanes", "process", "collaboration_lanes.bpmn"),
        ("two_processes_billing", "process", "two_processes.bpmn"),
        ("two_processes_orders", "process", "two_processes.bpmn"),
    ]
    orders = definition(engine, engine.definition_id(got, "two_processes_orders"))
    assert (orders.name, orders.deployment_id, orders.resource_name) == ("Orders", got.id, "two_processes.bpmn")
    expect_error(lambda: engine.deployments.GetDeployment(dp.GetDeploymentRequest(id=unique("d"))),
                 grpc.StatusCode.NOT_FOUND, "DEPLOYMENT_NOT_FOUND")


def test_duplicate_filtering_and_deploy_changed_only(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    series = unique("series")

    def deploy(*resources: dp.Resource, **flags: bool) -> dp.CreateDeploymentResponse:
        # "The latest deployment" is the one with the latest deployment time: let time pass.
        server.clock.advance(timedelta(seconds=1))
        return engine.create_deployment(name=series, resources=list(resources), **flags)

    catch, start = resource("message_catch.bpmn"), resource("message_start.bpmn")
    first = deploy(catch, start, enable_duplicate_filtering=True)
    assert not first.duplicate
    again = deploy(catch, start, enable_duplicate_filtering=True)
    assert again.duplicate and again.deployment.id == first.deployment.id
    assert again.deployment.definitions == first.deployment.definitions
    # Without filtering the same files deploy again, as new versions.
    plain = deploy(catch, start)
    assert not plain.duplicate and plain.deployment.id != first.deployment.id
    # The same name in another tenant is another series.
    assert not engine.create_deployment(name=series, tenant_id=tenant, resources=[catch, start],
                                        enable_duplicate_filtering=True).duplicate

    changed = resource("message_catch.bpmn", renamed("message_catch.bpmn", PaymentReceived=name("paid")))
    whole = deploy(changed, start, enable_duplicate_filtering=True)
    assert not whole.duplicate
    assert sorted(whole.deployment.resource_names) == ["message_catch.bpmn", "message_start.bpmn"]
    versions = {d.key: d.version for d in whole.deployment.definitions}

    changed_again = resource("message_catch.bpmn", renamed("message_catch.bpmn", PaymentReceived=name("paid")))
    only = deploy(changed_again, start, enable_duplicate_filtering=True, deploy_changed_only=True)
    assert list(only.deployment.resource_names) == ["message_catch.bpmn"]
    assert [(d.key, d.version) for d in only.deployment.definitions] == [("message_catch", versions["message_catch"] + 1)]
    # deploy_changed_only alone filters as well.
    assert deploy(changed_again, start, deploy_changed_only=True).duplicate


BROKEN_XML = b'<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<bpmn:process id="p">\n'
WITH_DTD = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&e;</bpmn:definitions>\n')


@pytest.mark.parametrize("file,content,reason,element,element_id", [
    ("unsupported_script_task.bpmn", None, "UNSUPPORTED_BPMN_ELEMENT", "scriptTask", "CalculateDiscount"),
    ("unsupported_loop.bpmn", None, "UNSUPPORTED_BPMN_ELEMENT", "standardLoopCharacteristics", "ReviewEach"),
    ("unsupported_java_delegate.bpmn", None, "UNSUPPORTED_BPMN_ELEMENT", "serviceTask", "SendMail"),
    ("invalid_missing_topic.bpmn", None, "INVALID_BPMN", "serviceTask", "ChargeCard"),
    ("invalid_condition.bpmn", None, "INVALID_EXPRESSION", "sequenceFlow", "Flow_big"),
    ("broken.bpmn", BROKEN_XML, "BPMN_PARSE_ERROR", None, None),
    ("entities.bpmn", WITH_DTD, "BPMN_PARSE_ERROR", None, None),
])
def test_parse_errors_surface_with_their_place(api, file, content, reason, element, element_id):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    series = unique("bad")
    failed = expect_error(lambda: engine.create_deployment(name=series, resources=[
        resource("parallel_join.bpmn"), resource(file, content)]), grpc.StatusCode.INVALID_ARGUMENT, reason)
    meta = failed.info.metadata
    assert meta["resource"] == file and failed.fields == [f"resources[{file}]"]
    assert int(meta["line"]) >= 1 and f"{file} line {meta['line']}" in failed.message
    if element is not None:
        assert (meta["element"], meta["element_id"]) == (element, element_id)
        source_line = (content or bpmn(file)).decode().splitlines()[int(meta["line"]) - 1]
        assert element in source_line
    if reason == "INVALID_EXPRESSION":
        assert meta["expression"] == "${amount >}"
    # Nothing of the deployment was kept, not even its valid resource.
    assert engine.deployments.ListDeployments(dp.ListDeploymentsRequest(name=series)).deployments == []


def test_request_errors(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    failed = expect_error(lambda: engine.create_deployment(name="x"), grpc.StatusCode.INVALID_ARGUMENT,
                          "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["resources"]
    failed = expect_error(lambda: engine.create_deployment(resources=[resource("a.bpmn", b"x").__class__(
        name=" ", content=b"x")]), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["resources[0].name"]
    failed = expect_error(lambda: engine.create_deployment(resources=[resource("parallel_join.bpmn"),
                                                                      resource("parallel_join.bpmn")]),
                          grpc.StatusCode.INVALID_ARGUMENT, "DUPLICATE_RESOURCE")
    assert failed.fields == ["resources[1].name"]
    failed = expect_error(lambda: engine.create_deployment(resources=[dp.Resource(name="order.docx", content=b"x")]),
                          grpc.StatusCode.INVALID_ARGUMENT, "UNSUPPORTED_RESOURCE")
    assert failed.fields == ["resources[0].name"]
    failed = expect_error(lambda: engine.create_deployment(resources=[
        resource("parallel_join.bpmn"), resource("copy.bpmn20.xml", bpmn("parallel_join.bpmn"))]),
        grpc.StatusCode.INVALID_ARGUMENT, "DUPLICATE_PROCESS_KEY")
    assert failed.info.metadata["key"] == "parallel_join"


def test_delete_deployment_with_and_without_cascade(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    deployment = engine.deploy("parallel_join.bpmn")
    definition_id = engine.definition_id(deployment, "parallel_join")
    running = [engine.run(definition_id) for _ in range(2)]
    failed = expect_error(lambda: engine.deployments.DeleteDeployment(dp.DeleteDeploymentRequest(id=deployment.id)),
                          grpc.StatusCode.FAILED_PRECONDITION, "DEPLOYMENT_HAS_RUNNING_INSTANCES")
    assert failed.info.metadata["count"] == "2"
    assert engine.ids(process_definition_id=definition_id) != set()

    history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def passes() -> int:
        return history.CountHistoricActivityInstances(history_pb2.CountHistoricActivityInstancesRequest(
            process_definition_id=definition_id)).count

    assert passes() == 8  # each instance: start, fork, two tasks
    engine.deployments.DeleteDeployment(dp.DeleteDeploymentRequest(id=deployment.id, cascade=True))
    assert engine.ids(process_definition_id=definition_id) == set()
    assert engine.tasks_of(running[0]) == []
    assert passes() == 0  # the instances' history went with them
    for missing in (lambda: engine.deployments.GetDeployment(dp.GetDeploymentRequest(id=deployment.id)),
                    lambda: engine.deployments.DeleteDeployment(dp.DeleteDeploymentRequest(id=deployment.id))):
        expect_error(missing, grpc.StatusCode.NOT_FOUND, "DEPLOYMENT_NOT_FOUND")
    expect_error(lambda: definition(engine, definition_id), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    expect_error(lambda: engine.instance(running[0]), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")

    # Ended instances do not hold a deployment back.
    done = engine.deploy("exclusive_gateway.bpmn")
    engine.run(engine.definition_id(done, "exclusive_gateway"), {"amount": 1})
    engine.deployments.DeleteDeployment(dp.DeleteDeploymentRequest(id=done.id))


def test_deleting_the_latest_version_lets_the_previous_one_listen_again(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message = name("order")
    older = engine.deploy(contents={"message_start.bpmn": renamed("message_start.bpmn", StartOrder=message)})
    newer = engine.deploy(contents={"message_start.bpmn": renamed("message_start.bpmn", StartOrder=message)})
    [result] = engine.correlate(message)
    assert result.process_definition_id == engine.definition_id(newer, "message_start")
    engine.deployments.DeleteDeployment(dp.DeleteDeploymentRequest(id=newer.id, cascade=True))
    [result] = engine.correlate(message)
    assert result.process_definition_id == engine.definition_id(older, "message_start")


def test_list_deployments(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    series = unique("listed")
    tenant = unique("tenant")
    made = [engine.deploy("parallel_join.bpmn", name=series) for _ in range(3)]
    tenant_made = engine.deploy("parallel_join.bpmn", name=series, tenant=tenant)

    def page(**fields):  # type: ignore[no-untyped-def]
        return engine.deployments.ListDeployments(dp.ListDeploymentsRequest(name=series, **fields))

    everything = [d.id for d in page().deployments]
    assert sorted(everything) == sorted([d.id for d in made] + [tenant_made.id])
    first = page(page_size=3)
    assert [d.id for d in first.deployments] == everything[:3] and first.next_page_token
    second = page(page_size=3, page_token=first.next_page_token)
    assert [d.id for d in second.deployments] == everything[3:] and second.next_page_token == ""
    assert [d.id for d in page(tenant_id_in=[tenant]).deployments] == [tenant_made.id]
    expect_error(lambda: page(page_token="not-a-token"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    forged = base64.urlsafe_b64encode(b"deployments|" + b"9" * 30).decode().rstrip("=")  # an offset no page has
    expect_error(lambda: page(page_token=forged), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    expect_error(lambda: page(page_size=-1), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
