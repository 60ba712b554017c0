"""The variables of a case execution (the document's `/case-execution/{id}/variables` and
`/localVariables`): GetCaseExecutionVariables (visible or local), GetCaseExecutionVariable,
ModifyCaseExecutionVariables (local, or where each is visible, else on the case); the sentries
that a change satisfies, as for the case instance's variables; tenants; the errors."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2
from tests.engine.case_support import Cases, state_name
from tests.engine.resources.cmmn_modeler import render
from tests.engine.support import plain, typed, typed_map
from tests.engine.test_case_variable_on_parts import _entered, _on, _sentry
from tests.support import ServerHandle, expect_error, unique

NOT_FOUND = "CASE_EXECUTION_NOT_FOUND"


class Variables(Cases):
    def get(self, execution_id: str, local_only: bool = False) -> dict[str, tuple[Any, str]]:
        return plain(self.case_executions.GetCaseExecutionVariables(case_execution_pb2.GetCaseExecutionVariablesRequest(
            case_execution_id=execution_id, local_only=local_only)).variables)

    def one(self, execution_id: str, name: str, local_only: bool = False) -> tuple[Any, str]:
        typed_value = self.case_executions.GetCaseExecutionVariable(case_execution_pb2.GetCaseExecutionVariableRequest(
            case_execution_id=execution_id, name=name, local_only=local_only)).variable
        return plain({"v": typed_value})["v"]

    def set(self, execution_id: str, values: dict[str, Any], deletions: tuple[str, ...] = (), *,
            local: bool = False) -> None:
        self.case_executions.ModifyCaseExecutionVariables(case_execution_pb2.ModifyCaseExecutionVariablesRequest(
            case_execution_id=execution_id, modifications=typed_map(values), deletions=list(deletions), local=local))


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Variables(api)


def test_local_and_visible_variables_through_the_stages(cases: Variables) -> None:
    """case_stage: the stage Assess (ACTIVE) holds the human task Inspect (ACTIVE)."""
    case_id = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False, "x": 1},
                                      key=unique("case_stage_vars")).id
    stage, inspect = cases.execution(case_id, "PI_Assess").id, cases.execution(case_id, "PI_Inspect").id
    assert cases.get(stage, local_only=True) == {}
    assert cases.get(stage) == cases.get(case_id, local_only=True) == {"withdrawn": (False, "Boolean"),
                                                                       "x": (1, "Integer")}
    # local: on the case execution's own scope; a nearer scope's variable hides the case's.
    cases.set(stage, {"x": 2, "y": "a"}, local=True)
    assert cases.get(stage, local_only=True) == {"x": (2, "Integer"), "y": ("a", "String")}
    assert cases.case_variables(case_id)["x"] == (1, "Integer")
    assert cases.get(inspect) == {"withdrawn": (False, "Boolean"), "x": (2, "Integer"), "y": ("a", "String")}
    assert (cases.one(inspect, "x"), cases.one(case_id, "x")) == ((2, "Integer"), (1, "Integer"))
    # Not local: where the name is visible (the nearest scope), else on the case instance.
    cases.set(inspect, {"x": 3, "z": True})
    assert cases.get(stage, local_only=True) == {"x": (3, "Integer"), "y": ("a", "String")}
    assert cases.get(inspect, local_only=True) == {}
    assert cases.case_variables(case_id) == {"withdrawn": (False, "Boolean"), "x": (1, "Integer"),
                                             "z": (True, "Boolean")}
    # Deletions: the nearest of that name (not local), or the own one (local; none: ignored).
    cases.set(inspect, {"own": 7}, ("x", "no-such-variable"))
    assert cases.get(stage, local_only=True) == {"y": ("a", "String")}
    assert cases.get(inspect)["x"] == (1, "Integer")
    cases.set(inspect, {"own": 8}, local=True)
    cases.set(inspect, {}, ("z", "own"), local=True)  # Inspect has no z of its own
    assert cases.get(inspect, local_only=True) == {}
    assert cases.case_variables(case_id)["own"] == (7, "Integer") and "z" in cases.case_variables(case_id)
    # Deletions first, then modifications (one name both ways is refused:
    # tests.engine.test_case_variable_change_order).
    cases.set(stage, {"tmp": 1}, local=True)
    cases.set(stage, {"tmp2": 2}, ("tmp",), local=True)
    own = cases.get(stage, local_only=True)
    assert "tmp" not in own and own["tmp2"] == (2, "Integer")
    # A typed value as given, and one variable by name.
    cases.set(stage, {"when": ("2025-06-03T10:00:00.000+0000", "Date")}, local=True)
    assert cases.one(inspect, "when") == cases.one(stage, "when", local_only=True)
    assert cases.one(inspect, "when")[1] == "Date"


def test_one_variable_is_not_found_where_it_is_not_seen(cases: Variables) -> None:
    case_id = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=unique("case_stage_one")).id
    inspect = cases.execution(case_id, "PI_Inspect").id
    assert cases.one(inspect, "withdrawn") == (False, "Boolean")
    failed = expect_error(lambda: cases.one(inspect, "withdrawn", local_only=True), grpc.StatusCode.NOT_FOUND,
                          "VARIABLE_NOT_FOUND")
    assert (failed.info.metadata["id"], failed.info.metadata["name"]) == (inspect, "withdrawn")
    expect_error(lambda: cases.one(inspect, "missing"), grpc.StatusCode.NOT_FOUND, "VARIABLE_NOT_FOUND")
    failed = expect_error(lambda: cases.one(inspect, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["name"]


def test_ended_executions_keep_and_take_variables_until_the_case_is_closed(cases: Variables) -> None:
    key = unique("case_three_vars")
    case_id = cases.deploy_and_create("case_three_items.cmmn", key=key).id
    check = cases.execution(case_id, "PI_CheckApplication").id
    cases.set(check, {"note": "fine"}, local=True)
    cases.complete(cases.case_tasks(case_id)[0].id)
    assert state_name(cases.execution(case_id, "PI_CheckApplication").state) == "COMPLETED"
    cases.set(check, {"after": 1}, local=True)
    assert cases.get(check, local_only=True) == {"after": (1, "Integer"), "note": ("fine", "String")}
    cases.terminate_case(case_id)
    cases.set(case_id, {"reason": "gone"}, local=True)  # the case plan model: the case's own variables
    assert cases.case_variables(case_id) == {"reason": ("gone", "String")}
    cases.close_case(case_id)
    for call in (lambda: cases.get(check), lambda: cases.set(check, {"late": 1}),
                 lambda: cases.one(case_id, "reason")):
        failed = expect_error(call, grpc.StatusCode.NOT_FOUND, NOT_FOUND)
        assert failed.info.metadata["field_name"] == "case_execution_id"


def _plan(cases: Cases, plan: str, variables: dict[str, Any] | None = None) -> str:
    key = unique("case_exec_vop")
    body = (f'<cmmn:case id="{key}"><cmmn:casePlanModel id="Plan">{plan}<cmmn:humanTask id="H_Work" />'
            '<cmmn:humanTask id="H_Submit" /></cmmn:casePlanModel></cmmn:case>')
    cases.deploy_files({"vop.cmmn": render(body, key).encode()})
    return cases.create(key=key, variables=variables).id


def test_variable_on_parts_and_if_parts_see_the_change(cases: Variables) -> None:
    """A stage Stage_A (ACTIVE) with PI_Work_A entered by the creation of x and PI_Submit_A; the
    case plan model's PI_Work entered by the creation of y, and PI_Big by an if-part on amount."""
    stage = ('<cmmn:planItem id="PI_A" definitionRef="Stage_A" /><cmmn:stage id="Stage_A">'
             + _entered("PI_Work_A", "H_Work", "S_A") + '<cmmn:planItem id="PI_Submit_A" definitionRef="H_Submit" />'
             + _sentry("S_A", _on("x", "create")) + "</cmmn:stage>")
    plan = (stage + _entered("PI_Work", "H_Work", "S_Y") + _sentry("S_Y", _on("y", "create"))
            + _entered("PI_Big", "H_Work", "S_Big") + _sentry("S_Big", if_part="${amount > 100}"))
    case_id = _plan(cases, plan, {"amount": 1})

    def state(activity_id: str) -> str:
        return state_name(cases.execution(case_id, activity_id).state)

    submit, stage_id = cases.execution(case_id, "PI_Submit_A").id, cases.execution(case_id, "PI_A").id
    cases.set(submit, {"x": 1}, local=True)  # a task's own variable reaches no stage
    assert state("PI_Work_A") == "AVAILABLE"
    cases.set(stage_id, {"x": 1}, local=True)  # the stage's: its sentry sees the creation
    assert state("PI_Work_A") == "ACTIVE"
    assert state("PI_Work") == "AVAILABLE"
    cases.set(submit, {"y": True})  # visible nowhere: created on the case instance
    assert (state("PI_Work"), cases.case_variables(case_id)["y"]) == ("ACTIVE", (True, "Boolean"))
    cases.set(submit, {"amount": 101})  # the case's amount; the if-part holds now
    assert (state("PI_Big"), cases.case_variables(case_id)["amount"]) == ("ACTIVE", (101, "Integer"))


def test_a_failing_sentry_keeps_nothing(cases: Variables) -> None:
    plan = _entered("PI_Big", "H_Work", "S_Big") + _sentry("S_Big", if_part="${amount > 100}")
    case_id = _plan(cases, plan, {"amount": 1})
    big = cases.execution(case_id, "PI_Big").id
    failed = expect_error(lambda: cases.set(big, {"other": 2}, ("amount",)), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["expression"] == "${amount > 100}"
    assert cases.case_variables(case_id) == {"amount": (1, "Integer")}


def test_errors_and_tenants(cases: Variables, server: ServerHandle) -> None:
    tenant = unique("tenant")
    case_id = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=unique("case_stage_t"),
                                      tenant=tenant).id
    inspect = cases.execution(case_id, "PI_Inspect").id
    for missing in ("no-such-execution", ""):
        for call in (lambda: cases.get(missing), lambda: cases.one(missing, "x"),
                     lambda: cases.set(missing, {"x": 1})):
            failed = expect_error(call, grpc.StatusCode.NOT_FOUND, NOT_FOUND)
            assert (failed.info.metadata["id"], failed.info.metadata["field_name"]) == (missing, "case_execution_id")
    request = case_execution_pb2.ModifyCaseExecutionVariablesRequest(
        case_execution_id=inspect, modifications={"n": typed("many", "Integer")})
    failed = expect_error(lambda: cases.case_executions.ModifyCaseExecutionVariables(request),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["modifications[n].value"]
    failed = expect_error(lambda: cases.set(inspect, {" ": 1}), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_VARIABLE_NAME")
    failed = expect_error(lambda: cases.set(inspect, {"v" * 256: 1}), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert cases.get(inspect) == {"withdrawn": (False, "Boolean")}
    # Another tenant's case execution does not exist for a token; its own tenant's does.
    stranger = Variables(server.api(server.token(tenants=(unique("tenant"),))))
    for call in (lambda: stranger.get(inspect), lambda: stranger.one(inspect, "withdrawn"),
                 lambda: stranger.set(inspect, {"x": 1})):
        expect_error(call, grpc.StatusCode.NOT_FOUND, NOT_FOUND)
    member = Variables(server.api(server.token(tenants=(tenant,))))
    member.set(inspect, {"x": 1}, local=True)
    assert member.get(inspect, local_only=True) == {"x": (1, "Integer")}
