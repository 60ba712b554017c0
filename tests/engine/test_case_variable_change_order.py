"""The order of a case call's variable changes, as the document's engine's case execution
variable command has it: deletions first, then the sets — ModifyCaseInstanceVariables,
ModifyCaseExecutionVariables (local or not), CompleteCaseInstance, TerminateCaseInstance and
the five case execution verbs alike — and a name both set and deleted in one call is refused
(INVALID_FIELD naming the deletion) before anything is looked up or changed, where the process
variable calls set, then delete it (tests.engine.test_process_instances). The sentries see the
whole change of a call: a deletion and a creation in one call satisfy a sentry that waits for
both."""

from __future__ import annotations

from typing import Any, Callable

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2, case_instance_pb2
from tests.engine.case_support import CASE_STATE, Cases, state_name
from tests.engine.history_support import VariableHistory
from tests.engine.resources.cmmn_modeler import render
from tests.engine.support import typed_map
from tests.support import expect_error, unique

VERBS = ("ManualStart", "Complete", "Disable", "Reenable", "Terminate")


def _on(name: str, event: str) -> str:
    return (f'<camunda:variableOnPart variableName="{name}"><camunda:variableEvent>{event}</camunda:variableEvent>'
            "</camunda:variableOnPart>")


def _entered(item: str, sentry_id: str, *variable_parts: str) -> str:
    """A human task plan item entered by a sentry of the variable on-parts given (all of them)."""
    return (f'<cmmn:planItem id="{item}" definitionRef="H_Work"><cmmn:entryCriterion id="{item}_Entry" '
            f'sentryRef="{sentry_id}" /></cmmn:planItem><cmmn:sentry id="{sentry_id}"><cmmn:extensionElements>'
            f'{"".join(variable_parts)}</cmmn:extensionElements></cmmn:sentry>')


class Changes(Cases):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.variable_history = VariableHistory(api)

    def create_plan(self, plan: str, variables: dict[str, Any]) -> str:
        """A case of ``plan`` and an always active human task PI_Submit, created with ``variables``."""
        key = unique("case_change_order")
        body = (f'<cmmn:case id="{key}"><cmmn:casePlanModel id="Plan">{plan}'
                '<cmmn:planItem id="PI_Submit" definitionRef="H_Submit" /><cmmn:humanTask id="H_Work" />'
                '<cmmn:humanTask id="H_Submit" /></cmmn:casePlanModel></cmmn:case>')
        self.deploy_files({"order.cmmn": render(body, key).encode()})
        return self.create(key=key, variables=variables).id

    def modify_execution(self, execution_id: str, values: dict[str, Any], deletions: tuple[str, ...], *,
                         local: bool = False) -> None:
        self.case_executions.ModifyCaseExecutionVariables(case_execution_pb2.ModifyCaseExecutionVariablesRequest(
            case_execution_id=execution_id, modifications=typed_map(values), deletions=list(deletions), local=local))

    def verb(self, name: str, execution_id: str, **lists: Any) -> None:
        getattr(self.case_executions, f"{name}CaseExecution")(
            getattr(case_execution_pb2, f"{name}CaseExecutionRequest")(id=execution_id, **lists))

    def changes_of(self, case_id: str) -> list[tuple[str, str]]:
        """The case's variable changes as they occurred: (name, event)."""
        return [(d.variable_name, d.event) for d in self.variable_history.historic_details(case_instance_id=case_id)]


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Changes(api)


def test_a_name_both_set_and_deleted_is_refused_and_changes_nothing(cases: Changes) -> None:
    """x deleted would enter PI_Deleted, x updated PI_Updated; no call gets that far."""
    plan = _entered("PI_Deleted", "S_Deleted", _on("x", "delete")) + _entered("PI_Updated", "S_Updated",
                                                                              _on("x", "update"))
    case_id = cases.create_plan(plan, {"x": 1, "keep": "k"})
    submit = cases.execution(case_id, "PI_Submit").id
    x = typed_map({"x": 2})
    calls: list[tuple[Callable[[], Any], str]] = [
        (lambda: cases.modify(case_id, {"x": 2}, ("other", "x")), "deletions[1]"),
        (lambda: cases.modify_execution(submit, {"x": 2}, ("x",)), "deletions[0]"),
        (lambda: cases.modify_execution(submit, {"x": 2}, ("other", "x"), local=True), "deletions[1]"),
        (lambda: cases.modify_execution(case_id, {"x": 2}, ("x",), local=True), "deletions[0]"),
        (lambda: cases.case_instances.CompleteCaseInstance(case_instance_pb2.CompleteCaseInstanceRequest(
            id=case_id, variables=x, deletions=["x"])), "deletions[0]"),
        (lambda: cases.case_instances.TerminateCaseInstance(case_instance_pb2.TerminateCaseInstanceRequest(
            id=case_id, variables=x, deletions=["other", "x"])), "deletions[1]"),
    ]
    for verb in VERBS:
        # Any of the two sets against any of the two deletions; on the case plan model too.
        calls += [
            (lambda verb=verb: cases.verb(verb, submit, variables=x, deletions=["x"]), "deletions[0]"),
            (lambda verb=verb: cases.verb(verb, submit, local_variables=x, deletions=["x"]), "deletions[0]"),
            (lambda verb=verb: cases.verb(verb, submit, variables=x, local_deletions=["o", "x"]), "local_deletions[1]"),
            (lambda verb=verb: cases.verb(verb, case_id, local_variables=x, local_deletions=["x"]),
             "local_deletions[0]"),
        ]
    for call, field in calls:
        failed = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert (failed.fields, failed.info.metadata["name"]) == ([field], "x"), field
    # Refused before the lookup: an unknown case instance or execution answers the same.
    failed = expect_error(lambda: cases.modify("no-such-case", {"x": 2}, ("x",)), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert failed.fields == ["deletions[0]"]
    failed = expect_error(lambda: cases.verb("Complete", "no-such-execution", variables=x, deletions=["x"]),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["deletions[0]"]
    # Nothing changed: the variables, their history, the sentries, the states.
    assert cases.case_variables(case_id) == {"x": (1, "Integer"), "keep": ("k", "String")}
    assert sorted(cases.changes_of(case_id)) == [("keep", "create"), ("x", "create")]
    assert cases.states(case_id) == {"Plan": "ACTIVE", "PI_Deleted": "AVAILABLE", "PI_Updated": "AVAILABLE",
                                     "PI_Submit": "ACTIVE"}
    assert cases.case(case_id).state == CASE_STATE.STATE_ACTIVE
    # Distinct names in one call are taken: the deletion enters PI_Deleted.
    cases.modify(case_id, {"y": 2}, ("x",))
    assert cases.case_variables(case_id) == {"keep": ("k", "String"), "y": (2, "Integer")}
    assert cases.states(case_id)["PI_Deleted"] == "ACTIVE"


def test_deletions_come_first_and_the_sentries_see_the_whole_change(cases: Changes) -> None:
    """PI_Both waits for old deleted and new created; PI_Again for later deleted and again
    created."""
    plan = (_entered("PI_Both", "S_Both", _on("old", "delete"), _on("new", "create"))
            + _entered("PI_Again", "S_Again", _on("later", "delete"), _on("again", "create")))
    case_id = cases.create_plan(plan, {"old": 1})
    submit = cases.execution(case_id, "PI_Submit").id
    assert cases.changes_of(case_id) == [("old", "create")]

    cases.modify(case_id, {"new": 2}, ("old",))
    assert cases.changes_of(case_id)[1:] == [("old", "delete"), ("new", "create")]
    assert (cases.states(case_id)["PI_Both"], cases.case_variables(case_id)) == ("ACTIVE", {"new": (2, "Integer")})

    # Through a case execution: its own scope (local), then where each is visible.
    cases.modify_execution(submit, {"later": 3}, ("new",), local=True)  # it has no new of its own
    cases.modify_execution(submit, {"mine": 4}, ("later",), local=True)
    assert cases.changes_of(case_id)[3:] == [("later", "create"), ("later", "delete"), ("mine", "create")]
    cases.modify(case_id, {"later": 5})
    cases.modify_execution(submit, {"again": 6}, ("later", "mine"))
    assert cases.changes_of(case_id)[6:] == [("later", "create"), ("later", "delete"), ("mine", "delete"),
                                             ("again", "create")]
    assert cases.states(case_id)["PI_Again"] == "ACTIVE"
    assert cases.case_variables(case_id) == {"new": (2, "Integer"), "again": (6, "Integer")}

    # A verb: its deletions (the nearest, then its own), then its sets, then the transition.
    cases.modify_execution(submit, {"own": 7}, (), local=True)
    cases.verb("Complete", submit, variables=typed_map({"done": True}), deletions=["again"],
               local_variables=typed_map({"result": "ok"}), local_deletions=["own"])
    assert cases.changes_of(case_id)[-4:] == [("again", "delete"), ("own", "delete"), ("done", "create"),
                                              ("result", "create")]
    assert state_name(cases.execution(case_id, "PI_Submit").state) == "COMPLETED"
