"""CMMN deployments: case definitions (versions per key and tenant), Get/ListCaseDefinitions,
refused files, and deleting deployments with their case instances."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import (
    case_definition_pb2,
    deployment_pb2,
    process_instance_pb2,
)
from tests.engine.case_support import CASE_STATE, Cases
from tests.engine.resources import bpmn as resource
from tests.engine.resources.cmmn_modeler import render
from tests.support import expect_error, unique


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def _list(cases: Cases, **filters):  # type: ignore[no-untyped-def]
    return cases.case_definitions.ListCaseDefinitions(case_definition_pb2.ListCaseDefinitionsRequest(**filters))


def test_each_case_of_a_file_becomes_a_case_definition(cases: Cases) -> None:
    deployment = cases.deploy_case("case_case_task.cmmn", extra=("case_review_process.bpmn",))
    kinds = {(d.key, d.kind, d.resource_name) for d in deployment.definitions}
    assert kinds == {("case_caller", "case", "case_case_task.cmmn"), ("case_callee", "case", "case_case_task.cmmn"),
                     ("case_review_process", "process", "case_review_process.bpmn")}
    caller_id = cases.case_definition_id(deployment, "case_caller")
    assert caller_id.startswith("case_caller:")
    definition = cases.case_definitions.GetCaseDefinition(
        case_definition_pb2.GetCaseDefinitionRequest(id=caller_id)).case_definition
    assert (definition.key, definition.name, definition.tenant_id, definition.deployment_id, definition.resource_name) == (
        "case_caller", "Caller", "", deployment.id, "case_case_task.cmmn")
    fetched = cases.deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(id=deployment.id)).deployment
    assert {(d.id, d.kind) for d in fetched.definitions} == {(d.id, d.kind) for d in deployment.definitions}


def test_versions_count_per_key_and_tenant(cases: Cases) -> None:
    key = unique("versions")
    first = cases.deploy_case("case_three_items.cmmn", key=key)
    second = cases.deploy_case("case_three_items.cmmn", key=key)
    tenant_first = cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-v")
    assert [d.definitions[0].version for d in (first, second, tenant_first)] == [1, 2, 1]
    listed = _list(cases, key=key).case_definitions
    assert [d.version for d in listed] == [2, 1, 1]  # by key, newest version first
    assert {(d.version, d.tenant_id) for d in listed} == {(2, ""), (1, "tenant-v"), (1, "")}
    latest = _list(cases, key=key, latest_only=True).case_definitions
    assert {(d.version, d.tenant_id) for d in latest} == {(2, ""), (1, "tenant-v")}
    assert [d.tenant_id for d in _list(cases, key=key, tenant_id_in=["tenant-v"]).case_definitions] == ["tenant-v"]
    assert {d.version for d in _list(cases, key=key, without_tenant_id=True).case_definitions} == {1, 2}
    assert [d.id for d in _list(cases, deployment_id=second.id).case_definitions] == [second.definitions[0].id]


def test_list_pages_with_a_token(cases: Cases) -> None:
    key = unique("paged")
    ids = [cases.deploy_case("case_three_items.cmmn", key=key).definitions[0].id for _ in range(3)]
    page = _list(cases, key=key, page_size=2)
    assert [d.id for d in page.case_definitions] == [ids[2], ids[1]] and page.next_page_token
    rest = _list(cases, key=key, page_size=2, page_token=page.next_page_token)
    assert [d.id for d in rest.case_definitions] == [ids[0]] and rest.next_page_token == ""
    expect_error(lambda: _list(cases, page_token="bogus"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    expect_error(lambda: _list(cases, page_size=-1), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")


def test_definitions_of_other_tenants_are_invisible(server, cases: Cases) -> None:  # type: ignore[no-untyped-def]
    key = unique("hidden")
    deployment = cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-hidden")
    outsider = Cases(server.api(server.token(tenants=("tenant-else",))))
    expect_error(lambda: outsider.case_definitions.GetCaseDefinition(
        case_definition_pb2.GetCaseDefinitionRequest(id=deployment.definitions[0].id)),
        grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")
    assert list(_list(outsider, key=key).case_definitions) == []
    expect_error(lambda: cases.case_definitions.GetCaseDefinition(
        case_definition_pb2.GetCaseDefinitionRequest(id="nope")), grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")


def test_the_cmmn11_xml_ending_is_cmmn_too(cases: Cases) -> None:
    key = unique("xml_ending")
    content = resource("case_three_items.cmmn").replace(b'id="case_three_items"', f'id="{key}"'.encode())
    deployment = cases.deploy_files({"review.cmmn11.xml": content})
    assert [(d.key, d.kind) for d in deployment.definitions] == [(key, "case")]


def test_a_refused_file_fails_the_whole_deployment(cases: Cases) -> None:
    name = unique("refused")
    body = ('<cmmn:case id="case_refused"><cmmn:casePlanModel id="CasePlanModel_1">'
            '<cmmn:planItem id="PI_1" definitionRef="EventListener_1" />'
            '<cmmn:userEventListener id="EventListener_1" /></cmmn:casePlanModel></cmmn:case>')
    request = deployment_pb2.CreateDeploymentRequest(name=name, resources=[
        deployment_pb2.Resource(name="refused.cmmn", content=render(body, "r").encode()),
        deployment_pb2.Resource(name="case_review_process.bpmn", content=resource("case_review_process.bpmn")),
    ])
    failed = expect_error(lambda: cases.deployments.CreateDeployment(request), grpc.StatusCode.INVALID_ARGUMENT,
                          "UNSUPPORTED_CMMN_ELEMENT")
    metadata = failed.info.metadata
    assert (metadata["resource"], metadata["element"], metadata["element_id"], metadata["line"]) == (
        "refused.cmmn", "userEventListener", "EventListener_1", "6")
    assert failed.fields == ["resources[refused.cmmn]"] and "line 6" in failed.message
    listed = cases.deployments.ListDeployments(deployment_pb2.ListDeploymentsRequest(name=name)).deployments
    assert list(listed) == []


def test_a_case_key_twice_in_one_deployment(cases: Cases) -> None:
    key = unique("twice")
    content = resource("case_three_items.cmmn").replace(b'id="case_three_items"', f'id="{key}"'.encode())
    failed = expect_error(lambda: cases.deploy_files({"a.cmmn": content, "b.cmmn": content}),
                          grpc.StatusCode.INVALID_ARGUMENT, "DUPLICATE_CASE_KEY")
    assert failed.info.metadata["key"] == key


def test_duplicate_filtering_sees_unchanged_cmmn(cases: Cases) -> None:
    name, key = unique("dupes"), unique("dupe_case")
    content = resource("case_three_items.cmmn").replace(b'id="case_three_items"', f'id="{key}"'.encode())
    request = deployment_pb2.CreateDeploymentRequest(
        name=name, enable_duplicate_filtering=True, resources=[deployment_pb2.Resource(name="a.cmmn", content=content)])
    first = cases.deployments.CreateDeployment(request)
    again = cases.deployments.CreateDeployment(request)
    assert (first.duplicate, again.duplicate, again.deployment.id) == (False, True, first.deployment.id)
    assert [d.kind for d in again.deployment.definitions] == ["case"]


def test_deleting_a_deployment_with_an_active_case(cases: Cases) -> None:
    key = unique("deleted_case")
    deployment = cases.deploy_case("case_process_task.cmmn", key=key, extra=(
        "case_review_process.bpmn", "case_instant_process.bpmn"))
    document_id = unique("doc")
    created = cases.create(key=key, variables={"documentId": document_id, "document": "x"})
    done = cases.create(key=key, variables={"documentId": unique("doc"), "document": "y"})
    cases.terminate_case(done.id)
    failed = expect_error(lambda: cases.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(
        id=deployment.id)), grpc.StatusCode.FAILED_PRECONDITION, "DEPLOYMENT_HAS_RUNNING_INSTANCES")
    assert failed.info.metadata["count"] == "1"
    assert cases.case(created.id).state == CASE_STATE.STATE_ACTIVE
    cases.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment.id, cascade=True))
    for case_id in (created.id, done.id):
        expect_error(lambda: cases.case(case_id), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    expect_error(lambda: cases.case_definitions.GetCaseDefinition(case_definition_pb2.GetCaseDefinitionRequest(
        id=cases.case_definition_id(deployment, key))), grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")
    running = cases.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        business_key=document_id, include_ended=True)).process_instances
    assert list(running) == []  # the process the case started went with the deployment
    assert cases.executions_of(created.id) == []
