"""One variable by name (the document's `/case-instance/{id}/variables/{varName}` and
`/case-execution/{id}/variables/{varName}`, `…/localVariables/{varName}`):
GetCaseInstanceVariable, SetCaseInstanceVariable, DeleteCaseInstanceVariable,
SetCaseExecutionVariable and DeleteCaseExecutionVariable (local, or where the name is visible);
the sentries a change satisfies (variable on-parts and if-parts), the variable history each
change writes (and no operation log entry, as the other case variable calls), what an ended or
closed case takes; tenants; the errors.

The tests share the session's server: each works on case instances of its own."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2, case_instance_pb2
from tests.engine.case_support import CASE_STATE, Cases, state_name
from tests.engine.history_support import VariableHistory, pair
from tests.engine.resources.cmmn_modeler import render
from tests.engine.support import plain, typed
from tests.engine.test_case_variable_on_parts import _entered, _on, _sentry
from tests.support import ServerHandle, expect_error, unique

CREATED, DELETED = "CREATED", "DELETED"


class ByName(Cases):
    """The case helpers plus the calls on one variable, each taking (value) or (value, type)."""

    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = VariableHistory(api)

    def get_case(self, case_id: str, name: str) -> tuple[Any, str]:
        found = self.case_instances.GetCaseInstanceVariable(
            case_instance_pb2.GetCaseInstanceVariableRequest(case_instance_id=case_id, name=name)).variable
        return plain({"v": found})["v"]

    def set_case(self, case_id: str, name: str, *value: Any) -> None:
        self.case_instances.SetCaseInstanceVariable(case_instance_pb2.SetCaseInstanceVariableRequest(
            case_instance_id=case_id, name=name, value=typed(*value)))

    def delete_case(self, case_id: str, name: str) -> None:
        self.case_instances.DeleteCaseInstanceVariable(
            case_instance_pb2.DeleteCaseInstanceVariableRequest(case_instance_id=case_id, name=name))

    def set_on(self, execution_id: str, name: str, *value: Any, local: bool = False) -> None:
        self.case_executions.SetCaseExecutionVariable(case_execution_pb2.SetCaseExecutionVariableRequest(
            case_execution_id=execution_id, name=name, value=typed(*value), local=local))

    def delete_on(self, execution_id: str, name: str, *, local: bool = False) -> None:
        self.case_executions.DeleteCaseExecutionVariable(case_execution_pb2.DeleteCaseExecutionVariableRequest(
            case_execution_id=execution_id, name=name, local=local))

    def local(self, execution_id: str) -> dict[str, tuple[Any, str]]:
        return plain(self.case_executions.GetCaseExecutionVariables(case_execution_pb2.GetCaseExecutionVariablesRequest(
            case_execution_id=execution_id, local_only=True)).variables)

    def visible(self, execution_id: str) -> dict[str, tuple[Any, str]]:
        return plain(self.case_executions.GetCaseExecutionVariables(case_execution_pb2.GetCaseExecutionVariablesRequest(
            case_execution_id=execution_id)).variables)

    def changes_of(self, case_id: str, name: str) -> list[tuple[str, Any, str]]:
        """The variable history of the case's one variable of that name: (event, value, type)."""
        row = self.history.named(name, case_instance_id=case_id)
        return [(event, value, type_name) for event, _, value, type_name in self.history.changes(row.id)]


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return ByName(api)


def _plan(cases: Cases, plan: str, variables: dict[str, Any] | None = None) -> str:
    """A case of the plan model body (and the human tasks H_Work, H_Submit) under a unique key."""
    key = unique("case_by_name")
    body = (f'<cmmn:case id="{key}"><cmmn:casePlanModel id="Plan">{plan}<cmmn:humanTask id="H_Work" />'
            '<cmmn:humanTask id="H_Submit" /></cmmn:casePlanModel></cmmn:case>')
    cases.deploy_files({"by_name.cmmn": render(body, key).encode()})
    return cases.create(key=key, variables=variables).id


# -- the case instance ------------------------------------------------------------------------------


def test_get_set_and_delete_one_case_variable(cases: ByName) -> None:
    case_id = cases.deploy_and_create("case_three_items.cmmn", {"a": 1, "keep": "k"},
                                      key=unique("case_by_name_three")).id
    assert cases.get_case(case_id, "a") == (1, "Integer")
    cases.set_case(case_id, "a", "two")  # without a type: inferred
    cases.set_case(case_id, "when", "2025-06-03T10:00:00.000+0000", "Date")
    assert (cases.get_case(case_id, "a"), cases.get_case(case_id, "when")) == (
        ("two", "String"), ("2025-06-03T10:00:00.000+0000", "Date"))
    cases.delete_case(case_id, "a")
    cases.delete_case(case_id, "never-set")  # as the document's engine: no variable, no change
    assert cases.case_variables(case_id) == {"keep": ("k", "String"),
                                             "when": ("2025-06-03T10:00:00.000+0000", "Date")}
    failed = expect_error(lambda: cases.get_case(case_id, "a"), grpc.StatusCode.NOT_FOUND, "VARIABLE_NOT_FOUND")
    assert (failed.info.metadata["id"], failed.info.metadata["name"]) == (case_id, "a")
    # The history: each change, written by no user operation (the case verbs log none).
    assert cases.changes_of(case_id, "a") == [("create", 1, "Integer"), ("update", "two", "String"),
                                              ("delete", "two", "String")]
    assert cases.history.named("a", case_instance_id=case_id).state == DELETED
    when = cases.history.named("when", case_instance_id=case_id)
    assert (when.state, when.case_execution_id, pair(when.value)) == (
        CREATED, case_id, ("2025-06-03T10:00:00.000+0000", "Date"))
    assert {d.user_operation_id for d in cases.history.historic_details(case_instance_id=case_id)} == {""}
    assert cases.history.entries(case_instance_id=case_id) == []


def test_an_ended_case_takes_variables_until_it_is_closed(cases: ByName) -> None:
    for end in ("terminate", "complete"):
        case_id = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "c", "x": 1},
                                          key=unique("case_by_name_end")).id
        if end == "terminate":
            cases.terminate_case(case_id)
        else:
            cases.disable(cases.execution(case_id, "PI_Required").id)  # a disabled required item counts as done
            cases.complete_case(case_id)
        assert cases.case(case_id).state == (CASE_STATE.STATE_TERMINATED if end == "terminate"
                                             else CASE_STATE.STATE_COMPLETED)
        cases.set_case(case_id, "reason", end)
        cases.delete_case(case_id, "x")
        assert cases.get_case(case_id, "reason") == (end, "String")
        assert "x" not in cases.case_variables(case_id)
        cases.close_case(case_id)
        for call in (lambda: cases.get_case(case_id, "reason"), lambda: cases.set_case(case_id, "late", 1),
                     lambda: cases.delete_case(case_id, "reason")):
            failed = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "CASE_INSTANCE_CLOSED")
            assert failed.info.metadata["current_state"] == "CLOSED"
        assert pair(cases.history.named("reason", case_instance_id=case_id).value) == (end, "String")


def test_a_case_variable_satisfies_sentries_and_a_failing_one_keeps_nothing(cases: ByName) -> None:
    case_id = cases.deploy_and_create("case_if_part.cmmn", {"amount": 1}, key=unique("case_by_name_if")).id
    assert state_name(cases.execution(case_id, "PI_Escalate").state) == "AVAILABLE"
    cases.set_case(case_id, "amount", 101)
    assert state_name(cases.execution(case_id, "PI_Escalate").state) == "ACTIVE"
    # The if-parts read amount: deleting it fails them, and the deletion is undone, history too.
    expect_error(lambda: cases.delete_case(case_id, "amount"), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    assert cases.get_case(case_id, "amount") == (101, "Integer")
    assert [event for event, *_ in cases.changes_of(case_id, "amount")] == ["create", "update"]
    # A variable on-part listens to the deletion of a case variable.
    plan = _entered("PI_Gone", "H_Work", "S_Gone") + _sentry("S_Gone", _on("ticket", "delete"))
    watched = _plan(cases, plan, {"ticket": "T-1"})
    cases.set_case(watched, "ticket", "T-2")
    assert state_name(cases.execution(watched, "PI_Gone").state) == "AVAILABLE"
    cases.delete_case(watched, "ticket")
    assert state_name(cases.execution(watched, "PI_Gone").state) == "ACTIVE"


def test_case_instance_variable_errors(cases: ByName, server: ServerHandle) -> None:
    tenant = unique("tenant")
    case_id = cases.deploy_and_create("case_three_items.cmmn", {"a": 1}, key=unique("case_by_name_err"),
                                      tenant=tenant).id
    for call in (lambda: cases.get_case(case_id, ""), lambda: cases.set_case(case_id, "", 1),
                 lambda: cases.delete_case(case_id, "")):
        assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD").fields == ["name"]
    assert expect_error(lambda: cases.set_case(case_id, "  ", 1), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_VARIABLE_NAME").fields == ["name"]
    failed = expect_error(lambda: cases.set_case(case_id, "n" * 256, 1), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert (failed.fields, failed.info.metadata["max_length"]) == (["name"], "255")
    assert expect_error(lambda: cases.set_case(case_id, "a", "many", "Integer"), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_VARIABLE_VALUE").fields == ["value.value"]
    assert expect_error(lambda: cases.set_case(case_id, "a", 1, "Money"), grpc.StatusCode.INVALID_ARGUMENT,
                        "UNSUPPORTED_VARIABLE_TYPE").fields == ["value.type"]
    assert cases.case_variables(case_id) == {"a": (1, "Integer")}
    for missing in ("no-such-case", ""):
        for call in (lambda: cases.get_case(missing, "a"), lambda: cases.set_case(missing, "a", 1),
                     lambda: cases.delete_case(missing, "a")):
            expect_error(call, grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    # Another tenant's case does not exist for a token; its own tenant's does.
    stranger = ByName(server.api(server.token(tenants=(unique("tenant"),))))
    for call in (lambda: stranger.get_case(case_id, "a"), lambda: stranger.set_case(case_id, "a", 2),
                 lambda: stranger.delete_case(case_id, "a")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    member = ByName(server.api(server.token(tenants=(tenant,))))
    member.set_case(case_id, "a", 2)
    assert member.get_case(case_id, "a") == (2, "Integer")
    member.delete_case(case_id, "a")
    assert cases.case_variables(case_id) == {}


# -- a case execution ---------------------------------------------------------------------------------


def test_set_and_delete_one_variable_of_a_case_execution(cases: ByName) -> None:
    """case_stage: the stage Assess (ACTIVE) holds the human task Inspect (ACTIVE)."""
    case_id = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False, "x": 1},
                                      key=unique("case_by_name_stage")).id
    stage, inspect = cases.execution(case_id, "PI_Assess").id, cases.execution(case_id, "PI_Inspect").id
    cases.set_on(stage, "x", 2, local=True)  # the stage's own x hides the case's
    cases.set_on(inspect, "x", 3)  # not local: where x is visible first, the stage
    cases.set_on(inspect, "y", "new")  # visible nowhere: on the case instance
    cases.set_on(inspect, "own", True, local=True)
    assert cases.local(stage) == {"x": (3, "Integer")}
    assert cases.local(inspect) == {"own": (True, "Boolean")}
    assert cases.case_variables(case_id) == {"withdrawn": (False, "Boolean"), "x": (1, "Integer"),
                                             "y": ("new", "String")}
    # The history names the scope each was set on.
    stage_x = cases.history.historic_variables(variable_name="x", case_execution_id_in=[stage])
    assert [(r.case_activity_id, pair(r.value)) for r in stage_x] == [("PI_Assess", (3, "Integer"))]
    [own] = cases.history.historic_variables(variable_name="own", case_execution_id_in=[inspect])
    assert own.case_activity_id == "PI_Inspect"
    # Deleting: the nearest x (the stage's), then the case's; local: the own one only.
    cases.delete_on(inspect, "x")
    assert (cases.local(stage), cases.visible(inspect)["x"]) == ({}, (1, "Integer"))
    cases.delete_on(inspect, "y", local=True)  # Inspect has no y of its own: nothing changes
    cases.delete_on(inspect, "no-such-variable")
    assert cases.case_variables(case_id)["y"] == ("new", "String")
    cases.delete_on(inspect, "own", local=True)
    assert cases.local(inspect) == {}
    assert [event for event, *_ in cases.changes_of(case_id, "own")] == ["create", "delete"]
    assert {d.user_operation_id for d in cases.history.historic_details(case_instance_id=case_id)} == {""}


def test_a_deletion_through_a_case_execution_counts_for_variable_on_parts(cases: ByName) -> None:
    """The case's ticket is deleted through a task's case execution (not local): the case plan
    model's variable on-part counts the deletion, as for ModifyCaseInstanceVariables."""
    plan = _entered("PI_Gone", "H_Work", "S_Gone") + _sentry("S_Gone", _on("ticket", "delete"))
    case_id = _plan(cases, plan + '<cmmn:planItem id="PI_Submit" definitionRef="H_Submit" />', {"ticket": "T-1"})
    submit = cases.execution(case_id, "PI_Submit").id
    cases.set_on(submit, "ticket", "T-2")  # an update, not a deletion
    assert state_name(cases.execution(case_id, "PI_Gone").state) == "AVAILABLE"
    cases.delete_on(submit, "ticket")
    assert state_name(cases.execution(case_id, "PI_Gone").state) == "ACTIVE"
    assert "ticket" not in cases.case_variables(case_id)


def test_a_case_execution_variable_satisfies_if_parts_and_a_failing_one_keeps_nothing(cases: ByName) -> None:
    case_id = cases.deploy_and_create("case_if_part.cmmn", {"amount": 1}, key=unique("case_by_name_exec_if")).id
    monitor = cases.execution(case_id, "PI_Monitor").id

    def states() -> tuple[str, str]:
        return (state_name(cases.execution(case_id, "PI_Escalate").state),
                state_name(cases.execution(case_id, "PI_Monitor").state))

    cases.set_on(monitor, "amount", 101)  # the case's amount: the entry's if-part holds
    assert states() == ("ACTIVE", "ACTIVE")
    # Monitor's exit criterion still reads amount: deleting it fails, and nothing is kept.
    expect_error(lambda: cases.delete_on(monitor, "amount"), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    assert cases.get_case(case_id, "amount") == (101, "Integer")
    assert [event for event, *_ in cases.changes_of(case_id, "amount")] == ["create", "update"]
    cases.set_on(monitor, "amount", 2000)
    assert states() == ("ACTIVE", "TERMINATED")


def test_ended_case_executions_take_variables_until_the_case_is_closed(cases: ByName) -> None:
    case_id = cases.deploy_and_create("case_three_items.cmmn", key=unique("case_by_name_ended")).id
    check = cases.execution(case_id, "PI_CheckApplication").id
    cases.complete(cases.case_tasks(case_id)[0].id)
    assert state_name(cases.execution(case_id, "PI_CheckApplication").state) == "COMPLETED"
    cases.set_on(check, "note", "late", local=True)
    cases.set_on(check, "outcome", "ok")
    assert (cases.local(check), cases.case_variables(case_id)) == ({"note": ("late", "String")},
                                                                   {"outcome": ("ok", "String")})
    cases.delete_on(check, "note", local=True)
    cases.terminate_case(case_id)
    cases.set_on(case_id, "reason", "gone", local=True)  # the case plan model: the case's own scope
    cases.delete_on(case_id, "outcome")
    assert cases.case_variables(case_id) == {"reason": ("gone", "String")}
    cases.close_case(case_id)
    for call in (lambda: cases.set_on(check, "later", 1), lambda: cases.delete_on(case_id, "reason", local=True)):
        failed = expect_error(call, grpc.StatusCode.NOT_FOUND, "CASE_EXECUTION_NOT_FOUND")
        assert failed.info.metadata["field_name"] == "case_execution_id"


def test_case_execution_variable_errors(cases: ByName, server: ServerHandle) -> None:
    tenant = unique("tenant")
    case_id = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=unique("case_by_name_xerr"),
                                      tenant=tenant).id
    inspect = cases.execution(case_id, "PI_Inspect").id
    for local in (False, True):
        for call in (lambda: cases.set_on(inspect, "", 1, local=local),
                     lambda: cases.delete_on(inspect, "", local=local)):
            assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD").fields == ["name"]
        assert expect_error(lambda: cases.set_on(inspect, " ", 1, local=local), grpc.StatusCode.INVALID_ARGUMENT,
                            "INVALID_VARIABLE_NAME").fields == ["name"]
        assert expect_error(lambda: cases.set_on(inspect, "v" * 256, 1, local=local),
                            grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD").fields == ["name"]
        assert expect_error(lambda: cases.set_on(inspect, "n", "many", "Integer", local=local),
                            grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE").fields == ["value.value"]
        assert expect_error(lambda: cases.set_on(inspect, "n", 1, "Money", local=local),
                            grpc.StatusCode.INVALID_ARGUMENT, "UNSUPPORTED_VARIABLE_TYPE").fields == ["value.type"]
    assert cases.visible(inspect) == {"withdrawn": (False, "Boolean")}
    for missing in ("no-such-execution", ""):
        for call in (lambda: cases.set_on(missing, "x", 1), lambda: cases.delete_on(missing, "x", local=True)):
            failed = expect_error(call, grpc.StatusCode.NOT_FOUND, "CASE_EXECUTION_NOT_FOUND")
            assert (failed.info.metadata["id"], failed.info.metadata["field_name"]) == (missing, "case_execution_id")
    stranger = ByName(server.api(server.token(tenants=(unique("tenant"),))))
    for call in (lambda: stranger.set_on(inspect, "x", 1), lambda: stranger.delete_on(inspect, "withdrawn")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "CASE_EXECUTION_NOT_FOUND")
    member = ByName(server.api(server.token(tenants=(tenant,))))
    member.set_on(inspect, "x", 1, local=True)
    member.set_on(inspect, "y", 2)
    member.delete_on(inspect, "y")
    assert cases.visible(inspect) == {"withdrawn": (False, "Boolean"), "x": (1, "Integer")}
