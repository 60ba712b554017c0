"""The document's filters and sorting of the case queries: QueryCaseInstances and
CountCaseInstances, QueryCaseExecutions and CountCaseExecutions, ListCaseDefinitions; what a
tenant's token sees; their errors.

The world is a server of its own per backend (module-scoped, tests.engine.case_query_support):
every case of it is the world's, so a filter's answer is exact."""

from __future__ import annotations

from typing import Any, Callable, Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2
from tests.conftest import BACKENDS, own_server
from tests.engine.case_query_support import (
    OTHER,
    TENANT,
    CaseWorld,
    build,
    case_filter,
    expected_order,
    sorted_by,
    variable,
)
from tests.support import expect_error


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseWorld]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield build(handle)


# -- case instances ---------------------------------------------------------------------------


def _instances(w: CaseWorld, **filters: Any) -> str:
    """The labels of the instances found (sorted), checked against the count."""
    rows = w.engine.case_instances_found(**filters)
    assert w.engine.count_instances(**{k: v for k, v in filters.items() if k not in ("sorting", "page")}) == len(rows)
    return " ".join(sorted(w.label(r.id) for r in rows))


def test_case_instance_filters(world: CaseWorld) -> None:
    w, c = world, world.cases
    assert _instances(w) == "c2 c3 c4 c5 c6 c7 c8"  # not the closed c1
    assert _instances(w, include_closed=True) == "c1 c2 c3 c4 c5 c6 c7 c8"
    assert _instances(w, case_instance_ids=[c["c1"], c["c3"], c["c7"], "no-such-case"]) == "c3 c7"
    assert _instances(w, case_instance_ids=[c["c1"]], include_closed=True) == "c1"
    assert _instances(w, super_case_instance_id=c["c4"]) == "c5"
    assert _instances(w, sub_case_instance_id=c["c5"]) == "c4"
    assert _instances(w, sub_case_instance_id=c["c4"]) == ""
    assert _instances(w, sub_process_instance_id=w.sub_processes["P"]) == "c6"
    assert _instances(w, sub_process_instance_id=w.sub_processes["Q"]) == "c6"
    assert _instances(w, sub_process_instance_id="no-such-instance") == ""
    assert _instances(w, super_process_instance_id=w.sub_processes["P"]) == ""  # no process calls a case
    assert _instances(w, tenant_id_in=[TENANT]) == "c2 c8"
    assert _instances(w, tenant_id_in=[TENANT], include_case_instances_without_tenant_id=True) == "c2 c3 c6 c7 c8"
    assert _instances(w, tenant_id_in=[OTHER], include_case_instances_without_tenant_id=True,
                      include_closed=True) == "c1 c3 c4 c5 c6 c7"
    assert _instances(w, without_tenant_id=True) == "c3 c6 c7"
    # The variable filters, with the ignore-case flags; a closed instance by its last values.
    assert _instances(w, variables=[case_filter("Note", "eq", "Rush")]) == "c7"
    assert _instances(w, variables=[case_filter("note", "eq", "Rush")]) == ""
    assert _instances(w, variables=[case_filter("note", "eq", "Rush")], variable_names_ignore_case=True) == "c7"
    assert _instances(w, variables=[case_filter("Note", "eq", "RUSH")], variable_values_ignore_case=True) == "c7"
    assert _instances(w, variables=[case_filter("NOTE", "like", "r%")], variable_names_ignore_case=True,
                      variable_values_ignore_case=True) == "c7"
    assert _instances(w, variables=[case_filter("outcome", "eq", "rejected")]) == ""
    assert _instances(w, variables=[case_filter("outcome", "eq", "rejected")], include_closed=True) == "c1"
    # Every filter given must hold.
    assert _instances(w, case_definition_key="case_manual", active=True, business_key="claim-8") == "c8"
    assert _instances(w, tenant_id_in=[OTHER], terminated=True, sub_case_instance_id=c["c5"]) == ""


INSTANCE_SORTED_BY: dict[str, Callable[[Any], Any]] = {
    "caseInstanceId": lambda r: r.id,
    "caseDefinitionKey": lambda r: r.case_definition_key,
    "caseDefinitionId": lambda r: r.case_definition_id,
    "tenantId": lambda r: r.tenant_id or None,
}


def test_case_instance_sorting_and_paging(world: CaseWorld) -> None:
    w = world
    rows = w.engine.case_instances_found(include_closed=True)
    # Without sorting: by creation time, then id.
    assert w.labels(rows) == "c1 c2 c3 " + w.by_id("c4 c5") + " c6 " + w.by_id("c7 c8")
    for sort_by, key in INSTANCE_SORTED_BY.items():
        for direction in ("asc", "desc"):
            found = w.engine.case_instances_found(include_closed=True, sorting=sorted_by((sort_by, direction)))
            assert [r.id for r in found] == expected_order(rows, key, direction == "desc"), (sort_by, direction)
    assert w.labels(w.engine.case_instances_found(sorting=sorted_by(("tenantId", "desc"), ("caseDefinitionKey", "asc")))) == (
        "c5 c4 " + w.by_id("c2 c8") + " c6 c3 c7")  # case_callee before case_caller
    by_key = w.engine.case_instances_found(include_closed=True, sorting=sorted_by(("caseDefinitionKey", "desc")))
    page = w.engine.case_instances_found(include_closed=True, sorting=sorted_by(("caseDefinitionKey", "desc")),
                              page={"first_result": 3, "max_results": 2})
    assert page == by_key[3:5]


def test_case_instance_query_errors(world: CaseWorld) -> None:
    w = world
    refused: list[tuple[dict[str, Any], str, str]] = [
        ({"active": True, "terminated": True}, "INVALID_FIELD", "active"),
        ({"tenant_id_in": [TENANT], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"include_case_instances_without_tenant_id": True}, "INVALID_FIELD",
         "include_case_instances_without_tenant_id"),
        ({"variables": [case_filter("amount", "like", 5)]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
        ({"variables": [case_filter("x", "eq", 1), case_filter("note", "like", "a\\")]}, "INVALID_VARIABLE_VALUE",
         "variables[1].value"),
    ]
    for filters, reason, field in refused:
        for call in (w.engine.case_instances_found, w.engine.count_instances):
            failed = expect_error(lambda: call(**filters), grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failed.fields == [field], (filters, failed.fields)
    for sorting, field in ((sorted_by(("createTime", "asc")), "sorting[0].sort_by"),
                           (sorted_by(("tenantId", "")), "sorting[0].sort_order")):
        failed = expect_error(lambda: w.engine.case_instances_found(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_SORTING")
        assert failed.fields == [field]


# -- case executions --------------------------------------------------------------------------


def _executions(w: CaseWorld, **filters: Any) -> list[case_execution_pb2.CaseExecution]:
    rows = w.engine.case_executions_found(**filters)
    assert w.engine.count_case_executions(**{k: v for k, v in filters.items()
                                             if k not in ("sorting", "page")}) == len(rows)
    return rows


def _where(w: CaseWorld, **filters: Any) -> str:
    """The (case label, activity id) pairs found, sorted, as "c8:PI_Required"."""
    return " ".join(sorted(f"{w.label(e.case_instance_id)}:{e.activity_id}" for e in _executions(w, **filters)))


def test_case_execution_filters(world: CaseWorld) -> None:
    w, c = world, world.cases
    everything = _executions(w)
    assert len(everything) == len(w.engine.case_executions_found(page={"max_results": 1000}))
    assert {w.label(e.case_instance_id) for e in everything} == {"c3", "c4", "c6", "c7", "c8"}  # not ended ones
    assert _where(w, without_tenant_id=True, case_instance_id=c["c7"]) == (
        "c7:CasePlanModel_1 c7:PI_CheckApplication c7:PI_Decide c7:PI_Decided")
    assert _where(w, without_tenant_id=True, activity_id="PI_CheckApplication", include_ended=True) == (
        "c7:PI_CheckApplication")  # c1 is closed: its executions are gone
    assert _where(w, tenant_id_in=[TENANT], include_ended=True, activity_id="PI_Required") == (
        "c2:PI_Required c8:PI_Required")
    # `variables`: the case execution's own.
    assert _where(w, variables=[variable("step", "eq", "one")]) == "c8:PI_Required"
    assert _where(w, variables=[variable("STEP", "eq", "ONE")], variable_names_ignore_case=True,
                  variable_values_ignore_case=True) == "c8:PI_Required"
    assert _where(w, variables=[variable("checker", "eq", "carol")]) == "c8:CasePlanModel_1"  # the case's scope
    # `case_instance_variables`: a variable anywhere in the case instance.
    c8 = _where(w, case_instance_id=c["c8"])
    assert _where(w, case_instance_variables=[variable("checker", "eq", "carol")]) == c8
    assert _where(w, case_instance_variables=[variable("step", "like", "o%")]) == c8
    assert _where(w, case_instance_variables=[variable("checker", "eq", "carol")], include_ended=True) == " ".join(
        sorted(_where(w, case_instance_id=c["c2"], include_ended=True).split() + c8.split()))
    assert _where(w, case_instance_variables=[variable("amount", "gteq", 5), variable("Note", "neq", "Slow")],
                  activity_id="PI_Decide") == "c7:PI_Decide"
    assert _where(w, case_instance_variables=[variable("amount", "gt", 5)]) == ""


EXECUTION_SORTED_BY: dict[str, Callable[[Any], Any]] = {
    "caseExecutionId": lambda r: r.id,
    "caseDefinitionKey": lambda r: r.case_definition_key,
    "caseDefinitionId": lambda r: r.case_definition_id,
    "tenantId": lambda r: r.tenant_id or None,
}


def test_case_execution_sorting_and_errors(world: CaseWorld) -> None:
    w = world
    rows = _executions(w, include_ended=True)
    for sort_by, key in EXECUTION_SORTED_BY.items():
        for direction in ("asc", "desc"):
            found = w.engine.case_executions_found(include_ended=True, sorting=sorted_by((sort_by, direction)))
            assert [r.id for r in found] == expected_order(rows, key, direction == "desc"), (sort_by, direction)
    refused: list[tuple[dict[str, Any], str, str]] = [
        ({"enabled": True, "available": True}, "INVALID_FIELD", "active"),
        ({"tenant_id_in": [OTHER], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"variables": [variable("step", "near", "one")]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
        ({"case_instance_variables": [variable("amount", "gt", True)]}, "INVALID_VARIABLE_OPERATOR",
         "case_instance_variables[0].operator"),
    ]
    for filters, reason, field in refused:
        for call in (w.engine.case_executions_found, w.engine.count_case_executions):
            failed = expect_error(lambda: call(**filters), grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failed.fields == [field], (filters, failed.fields)
    failed = expect_error(lambda: w.engine.case_executions_found(sorting=sorted_by(("activityId", "asc"))),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
    assert failed.fields == ["sorting[0].sort_by"]


# -- case definitions -------------------------------------------------------------------------


def _definitions(w: CaseWorld, **filters: Any) -> list[str]:
    """The (key, version) of each definition found, as "case_manual:1", in the order found,
    checked against CountCaseDefinitions with the same filters."""
    rows = w.engine.definitions_found(**filters)
    assert w.engine.count_definitions(**{k: v for k, v in filters.items() if k != "sorting"}) == len(rows)
    return [f"{d.key}:{d.version}" for d in rows]


def test_case_definition_filters_and_sorting(world: CaseWorld) -> None:
    w, d = world, world.definitions
    everything = ["case_callee:1", "case_caller:1", "case_manual:1", "case_process_task:1", "case_stage:1",
                  "case_three_items:2", "case_three_items:1"]
    assert _definitions(w) == everything
    assert _definitions(w, id=d["c2"]) == ["case_manual:1"]
    assert _definitions(w, id_in=[d["c1"], d["v2"], d["c5"], "no-such-definition"]) == [
        "case_callee:1", "case_three_items:2", "case_three_items:1"]
    assert _definitions(w, key_like="case\\_c%") == ["case_callee:1", "case_caller:1"]
    assert _definitions(w, name="Manual work") == ["case_manual:1"]
    assert _definitions(w, name_like="%claim") == ["case_stage:1"]
    assert _definitions(w, resource_name="case_case_task.cmmn") == ["case_callee:1", "case_caller:1"]
    assert _definitions(w, resource_name_like="%process%") == ["case_process_task:1"]
    assert _definitions(w, version=2) == ["case_three_items:2"]
    assert _definitions(w, version=1, key="case_three_items") == ["case_three_items:1"]
    assert _definitions(w, latest_only=True) == [v for v in everything if v != "case_three_items:1"]
    assert _definitions(w, tenant_id_in=[OTHER]) == ["case_callee:1", "case_caller:1"]
    assert _definitions(w, tenant_id_in=[TENANT], include_case_definitions_without_tenant_id=True) == [
        "case_manual:1", "case_process_task:1", "case_stage:1", "case_three_items:2", "case_three_items:1"]
    assert _definitions(w, without_tenant_id=True, name_like="%a%", latest_only=True) == [
        "case_process_task:1", "case_stage:1", "case_three_items:2"]
    # Every fixture's file has the Modeler's targetNamespace: the category.
    assert _definitions(w, category="http://bpmn.io/schema/cmmn") == everything
    assert _definitions(w, category_like="%/cmmn", version=2) == ["case_three_items:2"]
    assert _definitions(w, category="http://bpmn.io/schema/bpmn") == []
    assert {r.category for r in w.engine.definitions_found()} == {"http://bpmn.io/schema/cmmn"}
    # Sorting first, then key, version (newest first) and id.
    assert _definitions(w, sorting=sorted_by(("version", "desc"))) == ["case_three_items:2"] + [
        v for v in everything if v != "case_three_items:2"]
    assert _definitions(w, sorting=sorted_by(("tenantId", "desc"), ("name", "asc"))) == [
        "case_callee:1", "case_caller:1", "case_manual:1", "case_stage:1", "case_process_task:1",
        "case_three_items:2", "case_three_items:1"]
    assert _definitions(w, sorting=sorted_by(("name", "desc"))) == [
        "case_three_items:2", "case_three_items:1", "case_process_task:1", "case_manual:1", "case_stage:1",
        "case_caller:1", "case_callee:1"]
    rows = w.engine.definitions_found()
    for sort_by, key in (("id", lambda r: r.id), ("key", lambda r: r.key), ("deploymentId", lambda r: r.deployment_id)):
        for direction in ("asc", "desc"):
            found = [r.id for r in w.engine.definitions_found(sorting=sorted_by((sort_by, direction)))]
            ties = sorted(rows, key=lambda r: (r.key, -r.version, r.id))  # key, newest version first, id
            ordered = sorted(ties, key=key, reverse=direction == "desc")  # stable: ties keep that order
            assert found == [r.id for r in ordered], (sort_by, direction)
    # A tenant's token: its tenant's and those of no tenant.
    member = w.member((TENANT,))
    assert [f"{r.key}:{r.version}" for r in member.definitions_found()] == [
        v for v in everything if v not in ("case_callee:1", "case_caller:1")]
    assert member.definitions_found(tenant_id_in=[OTHER]) == []
    assert (member.count_definitions(), member.count_definitions(tenant_id_in=[OTHER])) == (len(everything) - 2, 0)


def test_case_definition_list_errors(world: CaseWorld) -> None:
    w = world
    refused: list[tuple[dict[str, Any], str, str]] = [
        ({"tenant_id_in": [TENANT], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"include_case_definitions_without_tenant_id": True}, "INVALID_FIELD",
         "include_case_definitions_without_tenant_id"),
        ({"name_like": "Manual\\"}, "INVALID_FIELD", "name_like"),
        ({"resource_name_like": "x\\"}, "INVALID_FIELD", "resource_name_like"),
        ({"category_like": "x\\"}, "INVALID_FIELD", "category_like"),
        ({"sorting": sorted_by(("versionTag", "asc"))}, "INVALID_SORTING", "sorting[0].sort_by"),
        ({"sorting": sorted_by(("key", "sideways"))}, "INVALID_SORTING", "sorting[0].sort_order"),
    ]
    for filters, reason, field in refused:
        failed = expect_error(lambda: w.engine.definitions_found(**filters), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failed.fields == [field], (filters, failed.fields)
        if "sorting" not in filters:
            failed = expect_error(lambda: w.engine.count_definitions(**filters), grpc.StatusCode.INVALID_ARGUMENT,
                                  reason)
            assert failed.fields == [field], (filters, failed.fields)
