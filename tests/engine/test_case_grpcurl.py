"""Seed 002 end to end with the real grpcurl binary: the document's example request body, sent
verbatim with the definition reference added, by id, by key, and by key and tenant; and its
error statuses as grpcurl shows them."""

from __future__ import annotations

import base64

import pytest

from tests.engine.resources import bpmn as resource
from tests.platform.grpcurl import Grpcurl
from tests.support import unique

CREATE = "flowkeeper.engine.v1.CaseDefinitionService/CreateCaseInstance"
DEPLOY = "flowkeeper.engine.v1.DeploymentService/CreateDeployment"

# The request body of the document's example, verbatim.
EXAMPLE = {
    "variables": {
        "aVariable": {"value": "aStringValue", "type": "String"},
        "anotherVariable": {"value": True, "type": "Boolean"},
    },
    "businessKey": "myBusinessKey",
}


@pytest.fixture
def grpcurl(server):  # type: ignore[no-untyped-def]
    return Grpcurl.for_server(server)


def _deploy(grpcurl: Grpcurl, key: str, tenant: str = "") -> dict:  # type: ignore[type-arg]
    content = resource("case_three_items.cmmn").replace(b'id="case_three_items"', f'id="{key}"'.encode())
    body = {"name": unique("grpcurl-case"), "resources": [
        {"name": "review.cmmn", "content": base64.b64encode(content).decode()}]}
    if tenant:
        body["tenantId"] = tenant
    return grpcurl.ok(DEPLOY, body)["deployment"]


def test_the_documents_example_by_id_and_by_key(grpcurl: Grpcurl) -> None:
    key = unique("aCaseDefinitionKey")
    deployment = _deploy(grpcurl, key)
    definition_id = deployment["definitions"][0]["id"]
    assert deployment["definitions"][0]["kind"] == "case"

    created = grpcurl.ok(CREATE, {"definition": {"id": definition_id}, **EXAMPLE})["case_instance"]
    assert created["case_definition_id"] == definition_id
    assert (created["business_key"], created["active"], created["state"]) == ("myBusinessKey", True, "STATE_ACTIVE")
    assert "tenant_id" not in created  # no tenant: the document's null
    variables = grpcurl.ok("flowkeeper.engine.v1.CaseInstanceService/GetCaseInstanceVariables",
                           {"caseInstanceId": created["id"]})["variables"]
    assert variables == {"aVariable": {"value": "aStringValue", "type": "String"},
                         "anotherVariable": {"value": True, "type": "Boolean"}}

    by_key = grpcurl.ok(CREATE, {"definition": {"key": key}, **EXAMPLE})["case_instance"]
    assert by_key["case_definition_id"] == definition_id and by_key["id"] != created["id"]


def test_the_documents_example_by_key_and_tenant(grpcurl: Grpcurl) -> None:
    key = unique("aCaseDefinitionKey")
    _deploy(grpcurl, key, tenant="tenant-curl")
    created = grpcurl.ok(CREATE, {"definition": {"keyAndTenant": {"key": key, "tenantId": "tenant-curl"}},
                                  **EXAMPLE})["case_instance"]
    assert (created["tenant_id"], created["active"]) == ("tenant-curl", True)
    # The key alone names the latest definition of no tenant: there is none.
    failed = grpcurl.fails(CREATE, {"definition": {"key": key}, **EXAMPLE})
    assert (failed.code, failed.reason) == ("NotFound", "CASE_DEFINITION_NOT_FOUND")


def test_the_documents_error_statuses(grpcurl: Grpcurl) -> None:
    key = unique("aCaseDefinitionKey")
    _deploy(grpcurl, key)
    # 400: a value that cannot be parsed to its type.
    bad = {"definition": {"key": key}, "variables": {"aVariable": {"value": "abc", "type": "Integer"}}}
    failed = grpcurl.fails(CREATE, bad)
    assert (failed.code, failed.reason) == ("InvalidArgument", "INVALID_VARIABLE_VALUE") and "aVariable" in failed.message
    bad_request = [d for d in failed.details if d["@type"].endswith("google.rpc.BadRequest")]
    assert bad_request[0]["field_violations"][0]["field"] == "variables[aVariable].value"
    # 400: a type that is not supported.
    failed = grpcurl.fails(CREATE, {"definition": {"key": key},
                                    "variables": {"aVariable": {"value": "x", "type": "Money"}}})
    assert (failed.code, failed.reason) == ("InvalidArgument", "UNSUPPORTED_VARIABLE_TYPE")
    # 404: no such definition.
    failed = grpcurl.fails(CREATE, {"definition": {"id": "aCaseDefinitionId"}, **EXAMPLE})
    assert (failed.code, failed.reason) == ("NotFound", "CASE_DEFINITION_NOT_FOUND")
    # 403: the lifecycle cannot run as modelled (here: a process task's process is not deployed).
    case_key, missing = unique("case_missing"), unique("missing_process")
    content = resource("case_process_task.cmmn").replace(b'id="case_process_task"', f'id="{case_key}"'.encode())
    content = content.replace(b'"case_review_process"', f'"{missing}"'.encode())
    grpcurl.ok(DEPLOY, {"name": unique("grpcurl-case"), "resources": [
        {"name": "p.cmmn", "content": base64.b64encode(content).decode()}]})
    failed = grpcurl.fails(CREATE, {"definition": {"key": case_key}, **EXAMPLE})
    assert (failed.code, failed.reason) == ("FailedPrecondition", "CALLED_DEFINITION_NOT_FOUND")
    assert missing in failed.message


def test_case_services_are_reflected(grpcurl: Grpcurl) -> None:
    services = set(grpcurl.list())
    assert {"flowkeeper.engine.v1.CaseDefinitionService", "flowkeeper.engine.v1.CaseInstanceService",
            "flowkeeper.engine.v1.CaseExecutionService"} <= services
    described = grpcurl.describe("flowkeeper.engine.v1.CreateCaseInstanceRequest")
    assert "map<string, .flowkeeper.engine.v1.TypedValue> variables = 2;" in described
