"""CaseDefinitionService.CreateCaseInstance (seed 002): by id, by key (no tenant), by key and
tenant; typed variables and business key; the lifecycle run at creation; the documented errors
400 / 403 / 404 / 500 as INVALID_ARGUMENT / FAILED_PRECONDITION / NOT_FOUND / INTERNAL."""

from __future__ import annotations

import logging
from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import case_definition_pb2, process_definition_pb2
from tests.engine.case_support import CASE_STATE, Cases
from tests.engine.support import typed, typed_map
from tests.support import expect_error, unique


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def test_create_by_id_returns_the_documented_fields(cases: Cases) -> None:
    deployment = cases.deploy_case("case_three_items.cmmn")
    definition_id = cases.case_definition_id(deployment, "case_three_items")
    business_key = unique("myBusinessKey")
    created = cases.create(id=definition_id, business_key=business_key,
                           variables={"aVariable": ("aStringValue", "String"), "anotherVariable": (True, "Boolean")})
    assert created.id and created.case_definition_id == definition_id
    assert (created.tenant_id, created.business_key, created.active) == ("", business_key, True)
    assert created.state == CASE_STATE.STATE_ACTIVE and created.case_definition_key == "case_three_items"
    assert cases.case(created.id) == created
    assert cases.case_variables(created.id) == {
        "aVariable": ("aStringValue", "String"), "anotherVariable": (True, "Boolean"),
    }


def test_create_by_key_takes_the_latest_version_without_tenant(cases: Cases) -> None:
    key = unique("case_key")
    first = cases.deploy_case("case_three_items.cmmn", key=key)
    second = cases.deploy_case("case_three_items.cmmn", key=key)
    cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-a")  # a tenant's newer one is not taken
    versions = [d.version for d in (first.definitions[0], second.definitions[0])]
    assert versions == [1, 2]
    created = cases.create(key=key)
    assert created.case_definition_id == cases.case_definition_id(second, key) and created.tenant_id == ""


def test_create_by_key_and_tenant_takes_that_tenants_latest(cases: Cases) -> None:
    key = unique("case_key")
    cases.deploy_case("case_three_items.cmmn", key=key)
    cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-a")
    latest_a = cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-a")
    only_b = cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-b")
    assert [d.version for d in latest_a.definitions] == [2]  # versions count per key and tenant
    created = cases.create(key=key, tenant="tenant-a", business_key="bk")
    assert (created.case_definition_id, created.tenant_id) == (cases.case_definition_id(latest_a, key), "tenant-a")
    created_b = cases.create(key=key, tenant="tenant-b")
    assert (created_b.case_definition_id, created_b.tenant_id) == (cases.case_definition_id(only_b, key), "tenant-b")
    # Everything the case creates belongs to its tenant.
    assert {t.tenant_id for t in cases.case_tasks(created.id)} == {"tenant-a"}
    assert {e.tenant_id for e in cases.executions_of(created.id)} == {"tenant-a"}


def test_by_key_alone_never_finds_a_tenants_definition(cases: Cases) -> None:
    key = unique("tenant_only")
    cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-a")
    failed = expect_error(lambda: cases.create(key=key), grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["id"] == key and failed.info.metadata["field_name"] == "key"
    assert "without tenant" in failed.message
    assert cases.create(key=key, tenant="tenant-a").tenant_id == "tenant-a"


def test_unknown_definitions_are_not_found(cases: Cases) -> None:
    for call in (
        lambda: cases.create(id="case_three_items:99:no-such-id"),
        lambda: cases.create(key=unique("no_such_key")),
        lambda: cases.create(key=unique("no_such_key"), tenant="tenant-a"),
    ):
        failed = expect_error(call, grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")
        assert failed.info.metadata["type"] == "not_found"


def test_a_definition_is_required(cases: Cases) -> None:
    failed = expect_error(
        lambda: cases.case_definitions.CreateCaseInstance(case_definition_pb2.CreateCaseInstanceRequest()),
        grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD",
    )
    assert failed.fields == ["definition"]
    failed = expect_error(lambda: cases.create(key="case_three_items", tenant=""),
                          grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["definition.key_and_tenant.tenant_id"]


def test_tenants_the_token_lacks(server, cases: Cases) -> None:  # type: ignore[no-untyped-def]
    key = unique("tenant_case")
    deployment = cases.deploy_case("case_three_items.cmmn", key=key, tenant="tenant-secret")
    definition_id = cases.case_definition_id(deployment, key)
    outsider = Cases(server.api(server.token(tenants=("tenant-other",))))
    expect_error(lambda: outsider.create(id=definition_id), grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")
    expect_error(lambda: outsider.create(key=key, tenant="tenant-secret"), grpc.StatusCode.PERMISSION_DENIED,
                 "TENANT_NOT_GRANTED")
    insider = Cases(server.api(server.token(tenants=("tenant-secret",))))
    created = insider.create(key=key, tenant="tenant-secret")
    assert created.tenant_id == "tenant-secret"
    expect_error(lambda: outsider.case(created.id), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    assert insider.case(created.id).id == created.id


def test_creation_runs_the_lifecycle_in_the_same_call(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn")
    assert cases.states(created.id) == {
        "CasePlanModel_1": "ACTIVE", "PI_CheckApplication": "ACTIVE", "PI_Decide": "AVAILABLE",
        "PI_Decided": "AVAILABLE",
    }
    [task] = cases.case_tasks(created.id)
    check = cases.execution(created.id, "PI_CheckApplication")
    assert (task.name, task.task_definition_key, task.assignee, list(task.candidate_groups), task.priority,
            task.form_key) == ("Check application", "HumanTask_Check", "demo", ["clerks"], 70,
                               "embedded:app:forms/check.html")
    assert (task.case_execution_id, task.case_instance_id, task.case_definition_id) == (
        check.id, created.id, created.case_definition_id)
    assert (task.execution_id, task.process_instance_id) == ("", "")
    root = cases.execution(created.id, "CasePlanModel_1")
    assert root.id == created.id and root.activity_type == "casePlanModel" and root.parent_id == ""
    assert check.parent_id == created.id and check.activity_type == "humanTask"


_VALID = [
    ("String", "text", "text"),
    ("String", 42, "42"),
    ("Boolean", True, True),
    ("Boolean", "false", False),
    ("Integer", 2147483647, 2147483647),
    ("Integer", "-12", -12),
    ("Long", 9007199254740991, 9007199254740991),
    ("Long", "-9007199254740991", -9007199254740991),
    ("Short", 32767, 32767),
    ("Short", "-5", -5),
    ("Double", 2.5, 2.5),
    ("Double", "1e3", 1000.0),
    ("Date", "2014-03-01T08:00:00.000+0200", "2014-03-01T06:00:00.000+0000"),
    ("Date", "2024-02-29T12:30:00Z", "2024-02-29T12:30:00.000+0000"),
    ("Json", {"a": [1, 2]}, {"a": [1.0, 2.0]}),
    ("Json", '{"b": true}', {"b": True}),
    ("Bytes", "aGVsbG8=", "aGVsbG8="),
    ("Null", None, None),
    ("integer", 7, 7),  # type names are case-insensitive
    ("", 7, 7),  # an empty type is inferred
]


@pytest.mark.parametrize(("type_name", "raw", "shown"), _VALID, ids=[f"{t or 'inferred'}-{r!r}" for t, r, _ in _VALID])
def test_each_variable_type(cases: Cases, type_name: str, raw: Any, shown: Any) -> None:
    key = unique("vars")
    cases.deploy_case("case_three_items.cmmn", key=key)
    created = cases.create(key=key, variables={"v": (raw, type_name)})
    value, shown_type = cases.case_variables(created.id)["v"]
    assert value == shown
    expected_type = {"": "Integer", "integer": "Integer"}.get(type_name, type_name)
    assert shown_type == expected_type


_INVALID = [
    ("Integer", "not a number", "INVALID_VARIABLE_VALUE"),
    ("Integer", 2147483648, "INVALID_VARIABLE_VALUE"),
    ("Integer", 1.5, "INVALID_VARIABLE_VALUE"),
    ("Integer", True, "INVALID_VARIABLE_VALUE"),
    ("Long", "12x", "INVALID_VARIABLE_VALUE"),
    ("Short", 40000, "INVALID_VARIABLE_VALUE"),
    ("Double", "abc", "INVALID_VARIABLE_VALUE"),
    ("Double", True, "INVALID_VARIABLE_VALUE"),
    ("Boolean", "yes", "INVALID_VARIABLE_VALUE"),
    ("Boolean", 1, "INVALID_VARIABLE_VALUE"),
    ("Date", "yesterday", "INVALID_VARIABLE_VALUE"),
    ("Date", 1700000000, "INVALID_VARIABLE_VALUE"),
    ("String", {"an": "object"}, "INVALID_VARIABLE_VALUE"),
    ("Json", "{not json", "INVALID_VARIABLE_VALUE"),
    ("Bytes", "***", "INVALID_VARIABLE_VALUE"),
    ("Null", "something", "INVALID_VARIABLE_VALUE"),
    ("Money", "x", "UNSUPPORTED_VARIABLE_TYPE"),
    ("Xml", "<x/>", "UNSUPPORTED_VARIABLE_TYPE"),
]


@pytest.mark.parametrize(("type_name", "raw", "reason"), _INVALID, ids=[f"{t}-{r!r}" for t, r, _ in _INVALID])
def test_each_bad_value_is_invalid_argument_naming_the_variable(cases: Cases, type_name: str, raw: Any,
                                                                reason: str) -> None:
    key = unique("badvars")
    cases.deploy_case("case_three_items.cmmn", key=key)
    failed = expect_error(lambda: cases.create(key=key, variables={"aVariable": (raw, type_name)}),
                          grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert failed.info.metadata["variable"] == "aVariable" and failed.info.metadata["type"] == "bad_request"
    assert failed.fields == ["variables[aVariable].type" if reason == "UNSUPPORTED_VARIABLE_TYPE"
                             else "variables[aVariable].value"]
    assert "aVariable" in failed.message
    instances = cases.case_instances.QueryCaseInstances(
        _query(case_definition_key=key)).case_instances
    assert list(instances) == []  # nothing was created


def test_several_bad_variables_are_reported_together(cases: Cases) -> None:
    key = unique("badvars")
    cases.deploy_case("case_three_items.cmmn", key=key)
    failed = expect_error(
        lambda: cases.case_definitions.CreateCaseInstance(case_definition_pb2.CreateCaseInstanceRequest(
            definition=process_definition_pb2.DefinitionRef(key=key),
            variables={"a": typed("x", "Integer"), "b": typed(1, "Boolean"), "c": typed("ok", "String")})),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE",
    )
    assert sorted(failed.fields) == ["variables[a].value", "variables[b].value"]


def _query(**filters: Any):  # type: ignore[no-untyped-def]
    from flowkeeper.engine.v1 import case_instance_pb2

    return case_instance_pb2.QueryCaseInstancesRequest(**filters)


def test_cmmn_restrictions_are_failed_precondition_and_create_nothing(cases: Cases) -> None:
    """The document's 403: the case cannot be instantiated as modelled."""
    # A process task whose process is not deployed.
    key, missing = unique("case_missing_process"), unique("missing_process")
    cases.deploy_case("case_process_task.cmmn", key=key, replace={'"case_review_process"': f'"{missing}"'})
    failed = expect_error(lambda: cases.create(key=key, variables={"documentId": "d-1", "document": "text"}),
                          grpc.StatusCode.FAILED_PRECONDITION, "CALLED_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["called_element"] == missing and failed.info.metadata["activity_id"] == "PI_Review"
    assert failed.precondition is not None and failed.precondition.violations[0].type == "CALLED_DEFINITION_NOT_FOUND"
    assert list(cases.case_instances.QueryCaseInstances(_query(case_definition_key=key)).case_instances) == []

    # A manual activation rule over a variable that is not there.
    key = unique("case_manual")
    cases.deploy_case("case_manual.cmmn", key=key)
    failed = expect_error(lambda: cases.create(key=key, variables={"checker": "x"}),
                          grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["expression"] == "${needsApproval}"
    assert failed.info.metadata["activity_id"] == "PI_Conditional"
    # A rule that does not return a boolean.
    failed = expect_error(lambda: cases.create(key=key, variables={"needsApproval": "maybe", "checker": "x"}),
                          grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert "non-Boolean" in failed.message
    assert list(cases.case_instances.QueryCaseInstances(_query(case_definition_key=key)).case_instances) == []


def test_a_process_that_cannot_start_fails_the_creation(cases: Cases) -> None:
    from tests.engine.resources.modeler import render

    key, process_key = unique("case_process"), unique("message_only")
    message_only = render(
        f'<bpmn:process id="{process_key}" isExecutable="true"><bpmn:startEvent id="Start">'
        '<bpmn:messageEventDefinition id="MessageEventDefinition_1" messageRef="Message_1" /></bpmn:startEvent>'
        '<bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="End" /><bpmn:endEvent id="End" />'
        f'</bpmn:process><bpmn:message id="Message_1" name="{unique("never")}" />', process_key,
    ).encode()
    cases.deploy_case("case_process_task.cmmn", key=key, extra=("case_review_process.bpmn",),
                      replace={'"case_instant_process"': f'"{process_key}"'}, files={"only.bpmn": message_only})
    failed = expect_error(lambda: cases.create(key=key, variables={"documentId": "d", "document": "x"}),
                          grpc.StatusCode.FAILED_PRECONDITION, "NO_NONE_START_EVENT")
    assert process_key in failed.message
    assert list(cases.case_instances.QueryCaseInstances(_query(case_definition_key=key)).case_instances) == []


def test_any_other_failure_is_internal_with_a_reference_id(cases: Cases, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    """The document's 500."""
    key = unique("case_internal")
    cases.deploy_case("case_three_items.cmmn", key=key)

    def explode(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret detail that must not leak")

    monkeypatch.setattr("server.engine.cases.runtime.CaseRuntime._plan_children", explode)
    with caplog.at_level(logging.ERROR, logger="flowkeeper.rpc"):
        failed = expect_error(lambda: cases.create(key=key), grpc.StatusCode.INTERNAL, "INTERNAL_ERROR")
    reference = failed.info.metadata["reference_id"]
    assert "secret" not in failed.message and reference
    assert any(reference in record.getMessage() for record in caplog.records)
    monkeypatch.undo()
    assert list(cases.case_instances.QueryCaseInstances(_query(case_definition_key=key)).case_instances) == []


def test_business_key_and_variables_are_optional(cases: Cases) -> None:
    key = unique("plain")
    cases.deploy_case("case_three_items.cmmn", key=key)
    created = cases.case_definitions.CreateCaseInstance(case_definition_pb2.CreateCaseInstanceRequest(
        definition=process_definition_pb2.DefinitionRef(key=key), variables=typed_map({}))).case_instance
    assert created.business_key == "" and cases.case_variables(created.id) == {}
