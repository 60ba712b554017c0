"""QueryCaseInstances, QueryCaseExecutions, GetCaseExecution, case variables, and tenants."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2, case_instance_pb2, types_pb2
from tests.engine.case_support import STATE, Cases
from tests.engine.support import typed_map, value
from tests.support import expect_error, unique


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def _instances(cases: Cases, **filters: Any) -> list[str]:
    return [c.id for c in cases.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(**filters)).case_instances]


def _executions(cases: Cases, **filters: Any) -> list[case_execution_pb2.CaseExecution]:
    return list(cases.case_executions.QueryCaseExecutions(
        case_execution_pb2.QueryCaseExecutionsRequest(**filters)).case_executions)


def _filter(name: str, operator: str, raw: Any) -> case_instance_pb2.CaseVariableFilter:
    return case_instance_pb2.CaseVariableFilter(name=name, operator=operator, value=value(raw))


def test_query_case_instances_by_definition_business_key_and_state(cases: Cases) -> None:
    key = unique("query")
    deployment = cases.deploy_case("case_three_items.cmmn", key=key)
    definition_id = cases.case_definition_id(deployment, key)
    business_key = unique("bk")
    first = cases.create(key=key, business_key=business_key)
    second = cases.create(key=key)
    third = cases.create(key=key)
    cases.terminate_case(second.id)
    for _ in range(2):
        cases.complete(cases.case_tasks(third.id)[0].id)
    everything = sorted([first.id, second.id, third.id])  # same creation time (the test clock stands still): by id
    assert _instances(cases, case_definition_key=key) == everything
    assert _instances(cases, case_definition_id=definition_id) == everything
    assert _instances(cases, deployment_id=deployment.id) == everything
    assert _instances(cases, case_definition_key=key, business_key=business_key) == [first.id]
    assert _instances(cases, case_definition_key=key, active=True) == [first.id]
    assert _instances(cases, case_definition_key=key, terminated=True) == [second.id]
    assert _instances(cases, case_definition_key=key, completed=True) == [third.id]
    assert _instances(cases, case_instance_id=second.id) == [second.id]
    page = types_pb2.OffsetPage(first_result=1, max_results=1)
    assert _instances(cases, case_definition_key=key, page=page) == everything[1:2]
    cases.close_case(second.id)
    assert _instances(cases, case_definition_key=key) == sorted([first.id, third.id])
    assert _instances(cases, case_definition_key=key, include_closed=True) == everything
    expect_error(lambda: _instances(cases, active=True, completed=True), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_FIELD")
    expect_error(lambda: _instances(cases, page=types_pb2.OffsetPage(first_result=-1)),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")


def test_query_case_instances_by_variables(cases: Cases) -> None:
    key = unique("query_vars")
    cases.deploy_case("case_three_items.cmmn", key=key)
    small = cases.create(key=key, variables={"amount": 10, "owner": "ann", "urgent": False})
    large = cases.create(key=key, variables={"amount": 500, "owner": "bob", "urgent": True})
    assert _instances(cases, case_definition_key=key, variables=[_filter("owner", "eq", "ann")]) == [small.id]
    assert _instances(cases, case_definition_key=key, variables=[_filter("amount", "gt", 100)]) == [large.id]
    assert _instances(cases, case_definition_key=key, variables=[_filter("amount", "lteq", 500),
                                                                  _filter("urgent", "eq", False)]) == [small.id]
    assert _instances(cases, case_definition_key=key, variables=[_filter("owner", "like", "b%")]) == [large.id]
    assert _instances(cases, case_definition_key=key, variables=[_filter("owner", "neq", "ann")]) == [large.id]
    failed = expect_error(lambda: _instances(cases, variables=[_filter("owner", "near", "x")]),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_OPERATOR")
    assert failed.fields == ["variables[0].operator"]
    expect_error(lambda: _instances(cases, variables=[case_instance_pb2.CaseVariableFilter(name="x", operator="eq")]),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")


def test_query_case_executions(cases: Cases) -> None:
    key = unique("query_exec")
    deployment = cases.deploy_case("case_manual.cmmn", key=key)
    business_key = unique("bk")
    created = cases.create(key=key, business_key=business_key, variables={"needsApproval": False, "checker": "c"})
    ids = {e.activity_id: e.id for e in cases.executions_of(created.id)}
    by_case = _executions(cases, case_instance_id=created.id)
    assert [e.activity_id for e in by_case] == ["CasePlanModel_1", "PI_Optional", "PI_Conditional", "PI_Required",
                                                 "PI_Done"]  # document order
    assert [e.activity_id for e in _executions(cases, case_instance_id=created.id, enabled=True)] == [
        "PI_Optional", "PI_Required"]
    assert [e.activity_id for e in _executions(cases, case_instance_id=created.id, active=True)] == [
        "CasePlanModel_1", "PI_Conditional"]
    assert [e.activity_id for e in _executions(cases, case_instance_id=created.id, available=True)] == ["PI_Done"]
    cases.disable(ids["PI_Optional"])
    assert [e.activity_id for e in _executions(cases, case_instance_id=created.id, disabled=True)] == ["PI_Optional"]
    assert [e.id for e in _executions(cases, case_definition_key=key, activity_id="PI_Required")] == [ids["PI_Required"]]
    assert [e.id for e in _executions(cases, business_key=business_key, required=True)] == [ids["PI_Required"]]
    assert len(_executions(cases, case_definition_id=cases.case_definition_id(deployment, key))) == 5
    assert [e.id for e in _executions(cases, case_execution_id=ids["PI_Done"])] == [ids["PI_Done"]]
    cases.complete_execution(ids["PI_Conditional"])
    assert ids["PI_Conditional"] not in {e.id for e in _executions(cases, case_instance_id=created.id)}
    assert ids["PI_Conditional"] in {e.id for e in _executions(cases, case_instance_id=created.id, include_ended=True)}
    expect_error(lambda: _executions(cases, active=True, enabled=True), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_FIELD")
    got = cases.case_executions.GetCaseExecution(
        case_execution_pb2.GetCaseExecutionRequest(id=ids["PI_Conditional"])).case_execution
    assert (got.state, got.activity_name, got.activity_type, got.business_key) == (
        STATE.STATE_COMPLETED, "Approve if needed", "task", business_key)
    assert got.HasField("end_time") and got.case_definition_key == key


def test_case_variables_get_and_modify(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn", {"keep": "k", "drop": 1})
    cases.modify(created.id, {"added": ("2024-01-02T03:04:05Z", "Date"), "keep": "kept"}, deletions=("drop",))
    assert cases.case_variables(created.id) == {
        "added": ("2024-01-02T03:04:05.000+0000", "Date"), "keep": ("kept", "String"),
    }
    failed = expect_error(lambda: cases.case_instances.ModifyCaseInstanceVariables(
        case_instance_pb2.ModifyCaseInstanceVariablesRequest(
            case_instance_id=created.id, modifications=typed_map({"n": ("x", "Long")}))),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["modifications[n].value"]
    expect_error(lambda: cases.modify("no-such-case", {"x": 1}), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")


def test_cases_of_other_tenants_do_not_exist_for_a_token(server, cases: Cases) -> None:  # type: ignore[no-untyped-def]
    key = unique("tenanted")
    cases.deploy_case("case_manual.cmmn", key=key, tenant="tenant-q")
    created = cases.create(key=key, tenant="tenant-q", variables={"needsApproval": True, "checker": "c"})
    execution = cases.execution(created.id, "PI_Optional")
    outsider = Cases(server.api(server.token(tenants=("tenant-other",))))
    assert _instances(outsider, case_definition_key=key) == []
    assert _executions(outsider, case_instance_id=created.id) == []
    expect_error(lambda: outsider.case(created.id), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    expect_error(lambda: outsider.case_variables(created.id), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    expect_error(lambda: outsider.terminate_case(created.id), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    expect_error(lambda: outsider.manual_start(execution.id), grpc.StatusCode.NOT_FOUND, "CASE_EXECUTION_NOT_FOUND")
    insider = Cases(server.api(server.token(tenants=("tenant-q",))))
    assert _instances(insider, case_definition_key=key) == [created.id]
    assert _instances(insider, tenant_id_in=["tenant-q"], case_definition_key=key) == [created.id]
    assert _instances(insider, without_tenant_id=True, case_definition_key=key) == []
    assert insider.manual_start(execution.id).state == STATE.STATE_ACTIVE
    assert [e.tenant_id for e in _executions(insider, case_instance_id=created.id, tenant_id_in=["tenant-q"])][:1] == [
        "tenant-q"]
