"""The local variables of the case execution verbs (the document's `"local": true` on a variable
or a deletion of `/case-execution/{id}/manual-start`, `/complete`, `/disable`, `/reenable` and
`/terminate`): local_variables set on the case execution itself and local_deletions removed from
it, besides the variables set where each lives and the deletions of the nearest; deletions come
first (a name both set and deleted is refused). On the case plan model they are the case
instance's own. A bad local variable changes nothing.

The tests share the session's server: each works on case instances of its own."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2
from tests.engine.case_support import CASE_STATE, Cases, state_name
from tests.engine.history_support import VariableHistory, pair
from tests.engine.support import plain, typed_map
from tests.support import expect_error, unique


class Local(Cases):
    def local(self, execution_id: str) -> dict[str, tuple[Any, str]]:
        return plain(self.case_executions.GetCaseExecutionVariables(case_execution_pb2.GetCaseExecutionVariablesRequest(
            case_execution_id=execution_id, local_only=True)).variables)

    def verb(self, name: str, execution_id: str, *, variables: dict[str, Any] | None = None,
             local_variables: dict[str, Any] | None = None, deletions: tuple[str, ...] = (),
             local_deletions: tuple[str, ...] = ()) -> case_execution_pb2.CaseExecution:
        request = getattr(case_execution_pb2, f"{name}CaseExecutionRequest")(
            id=execution_id, variables=typed_map(variables or {}), local_variables=typed_map(local_variables or {}),
            deletions=list(deletions), local_deletions=list(local_deletions))
        response = getattr(self.case_executions, f"{name}CaseExecution")(request)
        return response.case_execution


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Local(api)


def _manual(cases: Local) -> tuple[str, dict[str, str]]:
    """case_manual with approval needed: PI_Optional (a human task), PI_Conditional and
    PI_Required (tasks) ENABLED; the ids of its case executions by plan item."""
    case_id = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol"},
                                      key=unique("case_local_verbs")).id
    return case_id, {e.activity_id: e.id for e in cases.executions_of(case_id)}


def test_each_verb_sets_and_deletes_local_variables(cases: Local) -> None:
    case_id, ids = _manual(cases)
    optional, conditional, required = ids["PI_Optional"], ids["PI_Conditional"], ids["PI_Required"]
    started = cases.verb("ManualStart", optional, variables={"shared": "s"}, local_variables={"note": 1})
    assert state_name(started.state) == "ACTIVE"
    assert (cases.local(optional), cases.case_variables(case_id)["shared"]) == ({"note": (1, "Integer")},
                                                                                ("s", "String"))
    done = cases.verb("Complete", optional, deletions=("shared",), local_deletions=("note",),
                      local_variables={"result": "ok"})
    assert state_name(done.state) == "COMPLETED"
    assert cases.local(optional) == {"result": ("ok", "String")}  # ended, it keeps them until the case is closed
    assert "shared" not in cases.case_variables(case_id)

    cases.verb("Disable", conditional, local_variables={"why": "later"})
    assert cases.local(conditional) == {"why": ("later", "String")}
    # A name deleted and set in one call is refused, as in the document's engine; other names
    # are deleted, then set.
    failed = expect_error(lambda: cases.verb("Reenable", conditional, local_deletions=("why", "never-set"),
                                             local_variables={"why": "now"}),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert (failed.fields, failed.info.metadata["name"]) == (["local_deletions[0]"], "why")
    assert state_name(cases.execution(case_id, "PI_Conditional").state) == "DISABLED"
    cases.verb("Reenable", conditional, local_deletions=("why", "never-set"), local_variables={"because": "now"})
    assert cases.local(conditional) == {"because": ("now", "String")}

    cases.verb("ManualStart", required)
    cases.verb("Terminate", required, local_variables={"stopped": True}, variables={"checker": "dave"})
    assert cases.local(required) == {"stopped": (True, "Boolean")}
    assert cases.case_variables(case_id)["checker"] == ("dave", "String")  # set where it lives: the case
    [stopped] = VariableHistory(cases.api).historic_variables(variable_name="stopped", case_instance_id=case_id)
    assert (stopped.case_execution_id, stopped.case_activity_id, pair(stopped.value)) == (
        required, "PI_Required", (True, "Boolean"))


def test_a_local_deletion_leaves_the_variable_a_scope_above_holds(cases: Local) -> None:
    case_id, ids = _manual(cases)
    cases.verb("ManualStart", ids["PI_Required"], local_variables={"checker": "own"})
    cases.verb("Complete", ids["PI_Required"], local_deletions=("checker",))
    assert cases.local(ids["PI_Required"]) == {}
    assert cases.case_variables(case_id)["checker"] == ("carol", "String")


def test_on_the_case_plan_model_local_is_the_case_instance(cases: Local) -> None:
    case_id, _ = _manual(cases)
    ended = cases.verb("Terminate", case_id, local_variables={"outcome": "stopped"}, local_deletions=("checker",))
    assert state_name(ended.state) == "TERMINATED"
    assert cases.case(case_id).state == CASE_STATE.STATE_TERMINATED
    assert cases.case_variables(case_id) == {"needsApproval": (True, "Boolean"), "outcome": ("stopped", "String")}


def test_a_bad_local_variable_changes_nothing(cases: Local) -> None:
    case_id, ids = _manual(cases)
    for verb, execution_id in (("ManualStart", ids["PI_Optional"]), ("Disable", ids["PI_Conditional"]),
                               ("Terminate", case_id)):
        failed = expect_error(lambda: cases.verb(verb, execution_id, local_variables={"n": ("many", "Integer")},
                                                 local_deletions=("checker",)),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
        assert failed.fields == ["local_variables[n].value"]
    assert cases.states(case_id)["PI_Optional"] == "ENABLED"
    assert cases.case(case_id).state == CASE_STATE.STATE_ACTIVE
    assert cases.case_variables(case_id) == {"needsApproval": (True, "Boolean"), "checker": ("carol", "String")}
    # A verb refused for its transition keeps nothing of its variables either.
    expect_error(lambda: cases.verb("Complete", ids["PI_Conditional"], local_variables={"x": 1}),
                 grpc.StatusCode.FAILED_PRECONDITION, "ILLEGAL_CASE_TRANSITION")
    assert cases.local(ids["PI_Conditional"]) == {}
