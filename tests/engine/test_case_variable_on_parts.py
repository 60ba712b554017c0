"""Sentries with variable on-parts (camunda:variableOnPart) through the API: a plan item entered
when a case variable is created, updated or deleted — each call that sets or deletes variables
counts, not the variables a case instance is created with —, together with plan-item on-parts
(in any order) and an if-part; an exit criterion of the case plan model; stages that see the
case's variable unless a variable of their own shadows it; repeated plan items that wait for a
later event."""

from __future__ import annotations

from typing import Any

import pytest

from flowkeeper.engine.v1 import case_execution_pb2
from tests.engine.case_support import CASE_STATE, Cases, state_name
from tests.engine.resources.cmmn_modeler import render
from tests.engine.support import typed_map
from tests.support import unique


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def _on(name: str, event: str) -> str:
    return (f'<camunda:variableOnPart variableName="{name}"><camunda:variableEvent>{event}</camunda:variableEvent>'
            "</camunda:variableOnPart>")


def _sentry(sentry_id: str, *variable_parts: str, on_part: str = "", if_part: str = "") -> str:
    body = (f'<cmmn:planItemOnPart id="{sentry_id}_On" sourceRef="{on_part}"><cmmn:standardEvent>complete'
            "</cmmn:standardEvent></cmmn:planItemOnPart>" if on_part else "")
    body += (f'<cmmn:ifPart id="{sentry_id}_If"><cmmn:condition><![CDATA[{if_part}]]></cmmn:condition></cmmn:ifPart>'
             if if_part else "")
    return (f'<cmmn:sentry id="{sentry_id}">{body}<cmmn:extensionElements>{"".join(variable_parts)}'
            "</cmmn:extensionElements></cmmn:sentry>")


def _entered(item: str, definition: str, sentry_id: str) -> str:
    return (f'<cmmn:planItem id="{item}" definitionRef="{definition}">'
            f'<cmmn:entryCriterion id="{item}_Entry" sentryRef="{sentry_id}" /></cmmn:planItem>')


_TASKS = '<cmmn:humanTask id="H_Work" /><cmmn:humanTask id="H_Submit" />'


def _create(cases: Cases, plan: str, variables: dict[str, Any] | None = None, model_extra: str = "") -> str:
    """Deploys a case of the plan model body under a unique key and creates an instance of it."""
    key = unique("case_vop")
    body = (f'<cmmn:case id="{key}"><cmmn:casePlanModel id="Plan"{model_extra}>{plan}{_TASKS}</cmmn:casePlanModel>'
            "</cmmn:case>")
    cases.deploy_files({"vop.cmmn": render(body, key).encode()})
    return cases.create(key=key, variables=variables).id


def _state(cases: Cases, case_id: str, activity_id: str) -> str:
    return state_name(cases.execution(case_id, activity_id).state)


def test_a_created_variable_enters_the_item_but_not_one_the_case_began_with(cases: Cases) -> None:
    plan = _entered("PI_Work", "H_Work", "S_Approved") + _sentry("S_Approved", _on("approved", "create"))
    waiting = _create(cases, plan)
    assert _state(cases, waiting, "PI_Work") == "AVAILABLE"
    cases.modify(waiting, {"other": 1})
    assert _state(cases, waiting, "PI_Work") == "AVAILABLE"
    cases.modify(waiting, {"approved": True})
    assert _state(cases, waiting, "PI_Work") == "ACTIVE"

    began_with = _create(cases, plan, {"approved": True})
    cases.modify(began_with, {"approved": False})  # an update, not a creation
    assert _state(cases, began_with, "PI_Work") == "AVAILABLE"
    cases.modify(began_with, {}, deletions=("approved",))
    cases.modify(began_with, {"approved": True})
    assert _state(cases, began_with, "PI_Work") == "ACTIVE"


def test_an_update_counts_also_to_the_same_value_and_the_if_part_must_hold_then(cases: Cases) -> None:
    plan = _entered("PI_Work", "H_Work", "S_Big") + _sentry("S_Big", _on("amount", "update"),
                                                           if_part="${amount > 100}")
    case_id = _create(cases, plan, {"amount": 10})
    cases.modify(case_id, {"amount": 10})
    assert _state(cases, case_id, "PI_Work") == "AVAILABLE"  # updated, but the if-part does not hold
    cases.modify(case_id, {"amount": 500})
    assert _state(cases, case_id, "PI_Work") == "ACTIVE"


def test_every_part_must_have_occurred_in_any_order(cases: Cases) -> None:
    plan = ('<cmmn:planItem id="PI_Submit" definitionRef="H_Submit" />'
            + _entered("PI_Work", "H_Work", "S_Both")
            + _sentry("S_Both", _on("checked", "create"), _on("note", "delete"), on_part="PI_Submit"))
    case_id = _create(cases, plan, {"note": "draft"})
    cases.modify(case_id, {"checked": True})
    assert _state(cases, case_id, "PI_Work") == "AVAILABLE"
    [submit] = [t for t in cases.case_tasks(case_id) if t.task_definition_key == "H_Submit"]
    cases.complete(submit.id)
    assert _state(cases, case_id, "PI_Work") == "AVAILABLE"  # the note is still there
    cases.modify(case_id, {}, deletions=("note",))
    assert _state(cases, case_id, "PI_Work") == "ACTIVE"


def test_deleting_a_variable_exits_the_case(cases: Cases) -> None:
    exit_criterion = '<cmmn:exitCriterion id="Plan_Exit" sentryRef="S_Closed" />'
    plan = exit_criterion + _sentry("S_Closed", _on("ticket", "delete")) + \
        '<cmmn:planItem id="PI_Work" definitionRef="H_Work" />'
    case_id = _create(cases, plan, {"ticket": "T-1"})
    cases.modify(case_id, {"ticket": "T-2"})
    assert cases.case(case_id).state == CASE_STATE.STATE_ACTIVE
    cases.modify(case_id, {}, deletions=("ticket",))
    assert cases.case(case_id).state == CASE_STATE.STATE_TERMINATED


def test_a_stage_sees_the_case_s_variable_unless_its_own_shadows_it(cases: Cases) -> None:
    """Two stages with an item each entered by an update of x. The manually started stage
    Shadowing gets a local x: updates of the case's x reach the other stage only; an update
    from inside Shadowing (a task's completion sets x where it lives, on the stage) reaches it."""
    stage = ('<cmmn:planItem id="PI_{name}" definitionRef="Stage_{name}" />'
             '<cmmn:stage id="Stage_{name}">{manual}<cmmn:planItem id="PI_Work_{name}" definitionRef="H_Work">'
             '<cmmn:entryCriterion id="E_{name}" sentryRef="S_{name}" /></cmmn:planItem>'
             '<cmmn:planItem id="PI_Submit_{name}" definitionRef="H_Submit" />'
             '<cmmn:sentry id="S_{name}"><cmmn:extensionElements>' + _on("x", "update") +
             '</cmmn:extensionElements></cmmn:sentry></cmmn:stage>')
    manual = ('<cmmn:defaultControl id="Manual"><cmmn:manualActivationRule id="Manual_Rule" />'
              '</cmmn:defaultControl>')
    plan = stage.format(name="Seeing", manual="") + stage.format(name="Shadowing", manual=manual)
    case_id = _create(cases, plan, {"x": 1})
    shadowing = cases.execution(case_id, "PI_Shadowing")
    cases.case_executions.ManualStartCaseExecution(case_execution_pb2.ManualStartCaseExecutionRequest(
        id=shadowing.id, local_variables=typed_map({"x": 100})))
    assert (_state(cases, case_id, "PI_Work_Seeing"), _state(cases, case_id, "PI_Work_Shadowing")) == (
        "AVAILABLE", "AVAILABLE")

    cases.modify(case_id, {"x": 2})
    assert (_state(cases, case_id, "PI_Work_Seeing"), _state(cases, case_id, "PI_Work_Shadowing")) == (
        "ACTIVE", "AVAILABLE")
    [submit] = [t for t in cases.case_tasks(case_id)
                if t.task_definition_key == "H_Submit" and t.case_execution_id == cases.execution(
                    case_id, "PI_Submit_Shadowing").id]
    cases.complete(submit.id, {"x": 101})
    assert _state(cases, case_id, "PI_Work_Shadowing") == "ACTIVE"
    assert cases.case_variables(case_id)["x"] == (2, "Integer")  # the stage's x took the update


def test_a_repeated_item_waits_for_a_later_event(cases: Cases) -> None:
    plan = ('<cmmn:planItem id="PI_Work" definitionRef="H_Work"><cmmn:entryCriterion id="E_1" sentryRef="S_Ping" />'
            '<cmmn:itemControl id="C_1"><cmmn:repetitionRule id="R_1" /></cmmn:itemControl></cmmn:planItem>'
            + _sentry("S_Ping", _on("ping", "update")))
    case_id = _create(cases, plan, {"ping": 0})

    def states() -> list[str]:
        return [state_name(e.state) for e in cases.executions_of(case_id) if e.activity_id == "PI_Work"]

    assert states() == ["AVAILABLE"]
    cases.modify(case_id, {"ping": 1})
    assert states() == ["ACTIVE", "AVAILABLE"]
    cases.modify(case_id, {"ping": 2})
    assert states() == ["ACTIVE", "ACTIVE", "AVAILABLE"]
