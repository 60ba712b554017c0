"""The CMMN 1.1 parser: what it reads into specs, and every refusal naming element, id and line.
Unit tests on parse_cmmn (no server), plus the committed fixtures against their source."""

from __future__ import annotations

import pytest

from server.engine.cmmn.parser import parse_cmmn
from server.engine.cmmn.spec import PlanItemKind
from server.errors import InvalidArgument
from tests.engine.resources import RESOURCES
from tests.engine.resources.cmmn_modeler import expected_files, render


def _case(plan: str, *, extra: str = "", case_attrs: str = "", model_attrs: str = "") -> bytes:
    return render(
        f'<cmmn:case id="case_x"{case_attrs}><cmmn:casePlanModel id="CasePlanModel_1"{model_attrs}>{plan}'
        f"</cmmn:casePlanModel>{extra}</cmmn:case>", "x",
    ).encode()


def _variable_on_part(parts: str) -> str:
    """A task entered by the sentry S_1 of these camunda:variableOnPart elements alone."""
    return ('<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:entryCriterion id="E_1" sentryRef="S_1" />'
            f'</cmmn:planItem><cmmn:sentry id="S_1"><cmmn:extensionElements>{parts}</cmmn:extensionElements>'
            '</cmmn:sentry><cmmn:task id="T_1" />')


def _refused(data: bytes) -> InvalidArgument:
    with pytest.raises(InvalidArgument) as raised:
        parse_cmmn(data, "x.cmmn")
    return raised.value


def _line_of(data: bytes, needle: str) -> int:
    text = data.decode()
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("name", sorted(expected_files()))
def test_committed_fixtures_match_their_source(name: str) -> None:
    assert (RESOURCES / name).read_text(encoding="utf-8") == expected_files()[name]


def test_reads_plan_items_sentries_rules_and_tasks() -> None:
    [spec] = parse_cmmn((RESOURCES / "case_manual.cmmn").read_bytes(), "case_manual.cmmn")
    assert (spec.key, spec.name, spec.plan_model_id, spec.auto_complete) == (
        "case_manual", "Manual work", "CasePlanModel_1", False)
    assert spec.children == ("PI_Optional", "PI_Conditional", "PI_Required", "PI_Done")
    optional, conditional, required, done = (spec.item(i) for i in spec.children)
    assert optional.kind is PlanItemKind.HUMAN_TASK and optional.manual_activation is not None
    assert optional.manual_activation.condition is None and optional.assignee is not None
    assert conditional.kind is PlanItemKind.TASK and conditional.manual_activation is not None
    assert conditional.manual_activation.condition.text == "${needsApproval}"  # type: ignore[union-attr]
    assert required.required is not None and required.required.condition is None
    assert done.kind is PlanItemKind.MILESTONE and done.entry_criteria == ("Sentry_RequiredDone",)
    sentry = spec.sentries["Sentry_RequiredDone"]
    assert [(p.source, p.event) for p in sentry.on_parts] == [("PI_Required", "complete")] and sentry.condition is None


def test_reads_variable_on_parts() -> None:
    [spec] = parse_cmmn(_case(_variable_on_part(
        '<camunda:variableOnPart variableName="amount"><camunda:variableEvent>update</camunda:variableEvent>'
        '</camunda:variableOnPart><camunda:variableOnPart camunda:variableName="approved">'
        '<camunda:variableEvent> create </camunda:variableEvent></camunda:variableOnPart>')), "x.cmmn")
    sentry = spec.sentries["S_1"]
    assert [(p.name, p.event) for p in sentry.variable_on_parts] == [("amount", "update"), ("approved", "create")]
    assert sentry.on_parts == () and sentry.condition is None
    assert spec.watched_variables == {"amount", "approved"}


def test_reads_repetition_rules_and_the_transitions_that_evaluate_them() -> None:
    """Entry criteria: the instance's entry (enable, start, occur; camunda:repeatOnStandardEvent
    is ignored, as in the document's engine). Without: complete and terminate, or the event named.
    The plan item's itemControl wins over the definition's defaultControl."""
    data = _case(
        '<cmmn:planItem id="PI_A" definitionRef="T_A" />'
        '<cmmn:planItem id="PI_B" definitionRef="T_B"><cmmn:entryCriterion id="E_1" sentryRef="S_1" />'
        '<cmmn:itemControl id="C_B"><cmmn:repetitionRule id="R_B" camunda:repeatOnStandardEvent="disable">'
        '<cmmn:condition>${n &lt; 3}</cmmn:condition></cmmn:repetitionRule></cmmn:itemControl></cmmn:planItem>'
        '<cmmn:planItem id="PI_C" definitionRef="T_A"><cmmn:itemControl id="C_C">'
        '<cmmn:repetitionRule id="R_C" camunda:repeatOnStandardEvent="manualStart" /></cmmn:itemControl></cmmn:planItem>'
        '<cmmn:planItem id="PI_M" definitionRef="M_1"><cmmn:entryCriterion id="E_2" sentryRef="S_1" /></cmmn:planItem>'
        '<cmmn:planItem id="PI_D" definitionRef="T_D" />'
        '<cmmn:sentry id="S_1"><cmmn:planItemOnPart id="O_1" sourceRef="PI_A"><cmmn:standardEvent>complete'
        '</cmmn:standardEvent></cmmn:planItemOnPart></cmmn:sentry>'
        '<cmmn:task id="T_A"><cmmn:defaultControl id="D_A"><cmmn:repetitionRule id="R_A">'
        '<cmmn:condition>${again}</cmmn:condition></cmmn:repetitionRule></cmmn:defaultControl></cmmn:task>'
        '<cmmn:task id="T_B" /><cmmn:task id="T_D" />'
        '<cmmn:milestone id="M_1"><cmmn:defaultControl id="D_M"><cmmn:repetitionRule id="R_M" /></cmmn:defaultControl>'
        '</cmmn:milestone>'
    )
    [spec] = parse_cmmn(data, "x.cmmn")
    a, b, c, m, d = (spec.item(i) for i in ("PI_A", "PI_B", "PI_C", "PI_M", "PI_D"))
    assert a.repetition is not None and a.repetition.condition.text == "${again}"  # type: ignore[union-attr]
    assert a.repeat_on == ("complete", "terminate")
    assert b.repetition is not None and b.repetition.condition.text == "${n < 3}"  # type: ignore[union-attr]
    assert b.repeat_on == ("enable", "start", "occur")
    assert c.repetition is not None and c.repetition.condition is None and c.repeat_on == ("manualStart",)
    assert m.repetition is not None and m.repeat_on == ("enable", "start", "occur")
    assert (d.repetition, d.repeat_on) == (None, ())


def test_reads_stages_and_calls() -> None:
    [spec] = parse_cmmn((RESOURCES / "case_stage.cmmn").read_bytes(), "case_stage.cmmn")
    stage = spec.item("PI_Assess")
    assert stage.kind is PlanItemKind.STAGE and stage.auto_complete
    assert stage.children == ("PI_Inspect", "PI_SecondOpinion", "PI_Inspected")
    assert spec.item("PI_Inspect").stage_id == "PI_Assess" and spec.sentries["Sentry_InspectDone"].stage_id == "PI_Assess"
    assert [spec.item(i).position for i in ("PI_Assess", "PI_Inspect", "PI_Inspected", "PI_Pay")] == [1, 2, 4, 5]
    assert spec.exit_criteria == ("Sentry_Withdrawn",)
    caller, callee = parse_cmmn((RESOURCES / "case_case_task.cmmn").read_bytes(), "c.cmmn")
    call = caller.item("PI_CallCallee").call
    assert call is not None and (call.key.text, call.binding, call.is_blocking) == ("case_callee", "deployment", True)
    assert [(m.source, m.target) for m in call.in_mappings] == [("request", "request")]
    assert [(m.source, m.target) for m in call.out_mappings] == [("answer", "answer")]
    assert callee.key == "case_callee"


def test_the_default_namespace_and_the_cmmn_prefix_read_the_same() -> None:
    data = (RESOURCES / "case_three_items.cmmn").read_bytes()
    assert b'xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL"' in data
    [plain] = parse_cmmn(data, "a.cmmn")
    prefixed = data.replace(b'xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL"',
                            b'xmlns:cmmn="http://www.omg.org/spec/CMMN/20151109/MODEL"')
    prefixed = prefixed.replace(b"<", b"<cmmn:").replace(b"<cmmn:/", b"</cmmn:").replace(b"<cmmn:?xml", b"<?xml")
    prefixed = prefixed.replace(b"<cmmn:cmmndi:", b"<cmmndi:").replace(b"</cmmn:cmmndi:", b"</cmmndi:")
    prefixed = prefixed.replace(b"<cmmn:dc:", b"<dc:").replace(b"<cmmn:di:", b"<di:")
    [other] = parse_cmmn(prefixed, "b.cmmn")
    assert other == plain


_REFUSALS = [
    # (description, plan, extra, reason, element, element_id, needle for the line)
    ("an event listener", '<cmmn:planItem id="PI_1" definitionRef="EL_1" /><cmmn:eventListener id="EL_1" />', "",
     "UNSUPPORTED_CMMN_ELEMENT", "eventListener", "EL_1", '<cmmn:eventListener'),
    ("a timer event listener", '<cmmn:timerEventListener id="TL_1" />', "",
     "UNSUPPORTED_CMMN_ELEMENT", "timerEventListener", "TL_1", "<cmmn:timerEventListener"),
    ("a decision task's decisionRefExpression",
     '<cmmn:planItem id="PI_1" definitionRef="DT_1" /><cmmn:decisionTask id="DT_1"><cmmn:decisionRefExpression>'
     '${d}</cmmn:decisionRefExpression></cmmn:decisionTask>', "",
     "UNSUPPORTED_CMMN_ELEMENT", "decisionRefExpression", "DT_1", "<cmmn:decisionRefExpression"),
    ("a repeatable decision task that would complete without end",
     '<cmmn:planItem id="PI_1" definitionRef="DT_1"><cmmn:itemControl id="C_1"><cmmn:repetitionRule id="R_1" />'
     '</cmmn:itemControl></cmmn:planItem><cmmn:decisionTask id="DT_1" decisionRef="d" />', "",
     "INVALID_CMMN", "repetitionRule", "PI_1", "<cmmn:repetitionRule"),
    ("a planning table", '<cmmn:planningTable id="PT_1" />', "",
     "UNSUPPORTED_CMMN_ELEMENT", "planningTable", "PT_1", "<cmmn:planningTable"),
    ("a repeatable milestone without entry criteria",
     '<cmmn:planItem id="PI_1" definitionRef="M_1"><cmmn:itemControl id="C_1"><cmmn:repetitionRule id="R_1" />'
     '</cmmn:itemControl></cmmn:planItem><cmmn:milestone id="M_1" />', "",
     "INVALID_CMMN", "repetitionRule", "PI_1", "<cmmn:repetitionRule"),
    ("a repeatable item entered by an if-part alone",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:entryCriterion id="E_1" sentryRef="S_1" />'
     '<cmmn:itemControl id="C_1"><cmmn:repetitionRule id="R_1" /></cmmn:itemControl></cmmn:planItem>'
     '<cmmn:sentry id="S_1"><cmmn:ifPart id="I_1"><cmmn:condition>${go}</cmmn:condition></cmmn:ifPart></cmmn:sentry>'
     '<cmmn:task id="T_1" />', "", "UNSUPPORTED_CMMN_ELEMENT", "repetitionRule", "PI_1", "<cmmn:repetitionRule"),
    ("repeating on an event a new instance performs at once",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:itemControl id="C_1">'
     '<cmmn:repetitionRule id="R_1" camunda:repeatOnStandardEvent="start" /></cmmn:itemControl></cmmn:planItem>'
     '<cmmn:task id="T_1" />', "", "UNSUPPORTED_CMMN_ELEMENT", "repetitionRule", "PI_1", "<cmmn:repetitionRule"),
    ("repeating on no standard event of the item",
     '<cmmn:planItem id="PI_1" definitionRef="T_1" /><cmmn:task id="T_1"><cmmn:defaultControl id="C_1">'
     '<cmmn:repetitionRule id="R_1" camunda:repeatOnStandardEvent="occur" /></cmmn:defaultControl></cmmn:task>', "",
     "INVALID_CMMN", "repetitionRule", "PI_1", "<cmmn:repetitionRule"),
    ("a repeatable non-blocking task that would complete without end",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:itemControl id="C_1"><cmmn:repetitionRule id="R_1" />'
     '</cmmn:itemControl></cmmn:planItem><cmmn:task id="T_1" isBlocking="false" />', "",
     "INVALID_CMMN", "repetitionRule", "PI_1", "<cmmn:repetitionRule"),
    ("another camunda attribute on a repetition rule",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:itemControl id="C_1">'
     '<cmmn:repetitionRule id="R_1" camunda:repeatOnCaseFileEvent="x" /></cmmn:itemControl></cmmn:planItem>'
     '<cmmn:task id="T_1" />', "", "UNSUPPORTED_CMMN_ELEMENT", "repetitionRule", "R_1", "<cmmn:repetitionRule"),
    ("a repetition rule on a case file item",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:itemControl id="C_1">'
     '<cmmn:repetitionRule id="R_1" contextRef="CFI_1" /></cmmn:itemControl></cmmn:planItem>'
     '<cmmn:task id="T_1" />', "", "UNSUPPORTED_CMMN_ELEMENT", "repetitionRule", "PI_1", "<cmmn:repetitionRule"),
    ("a case file item on-part",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:entryCriterion id="E_1" sentryRef="S_1" /></cmmn:planItem>'
     '<cmmn:sentry id="S_1"><cmmn:caseFileItemOnPart id="O_1" sourceRef="CFI_1"><cmmn:standardEvent>create'
     '</cmmn:standardEvent></cmmn:caseFileItemOnPart></cmmn:sentry><cmmn:task id="T_1" />', "",
     "UNSUPPORTED_CMMN_ELEMENT", "caseFileItemOnPart", "S_1", "<cmmn:caseFileItemOnPart"),
    ("a case file item", "", '<cmmn:caseFileModel id="CFM_1"><cmmn:caseFileItem id="CFI_1" /></cmmn:caseFileModel>',
     "UNSUPPORTED_CMMN_ELEMENT", "caseFileItem", "CFI_1", "<cmmn:caseFileItem "),
    ("a case parameter", "", '<cmmn:input id="In_1" />',
     "UNSUPPORTED_CMMN_ELEMENT", "input", "In_1", "<cmmn:input"),
    ("a case execution listener",
     '<cmmn:planItem id="PI_1" definitionRef="T_1" /><cmmn:task id="T_1"><cmmn:extensionElements>'
     '<camunda:caseExecutionListener event="start" class="x" /></cmmn:extensionElements></cmmn:task>', "",
     "UNSUPPORTED_CMMN_ELEMENT", "camunda:caseExecutionListener", "T_1", "<camunda:caseExecutionListener"),
    ("a variable on-part without an event", _variable_on_part('<camunda:variableOnPart variableName="v" />'),
     "", "INVALID_CMMN", "camunda:variableOnPart", "S_1", "<camunda:variableOnPart"),
    ("a variable on-part with two events",
     _variable_on_part('<camunda:variableOnPart variableName="v"><camunda:variableEvent>create</camunda:variableEvent>'
                       '<camunda:variableEvent>update</camunda:variableEvent></camunda:variableOnPart>'),
     "", "INVALID_CMMN", "camunda:variableOnPart", "S_1", "<camunda:variableOnPart"),
    ("a variable on-part of no variable",
     _variable_on_part('<camunda:variableOnPart><camunda:variableEvent>create</camunda:variableEvent>'
                       '</camunda:variableOnPart>'),
     "", "INVALID_CMMN", "camunda:variableOnPart", "S_1", "<camunda:variableOnPart"),
    ("a variable event that is none",
     _variable_on_part('<camunda:variableOnPart variableName="v">\n<camunda:variableEvent>change'
                       '</camunda:variableEvent></camunda:variableOnPart>'),
     "", "INVALID_CMMN", "camunda:variableEvent", "S_1", "<camunda:variableEvent"),
    ("a variable on-part outside a sentry",
     '<cmmn:planItem id="PI_1" definitionRef="T_1" /><cmmn:task id="T_1"><cmmn:extensionElements>'
     '<camunda:variableOnPart variableName="v"><camunda:variableEvent>create</camunda:variableEvent>'
     '</camunda:variableOnPart></cmmn:extensionElements></cmmn:task>',
     "", "UNSUPPORTED_CMMN_ELEMENT", "camunda:variableOnPart", "T_1", "<camunda:variableOnPart"),
    ("an unsupported camunda attribute",
     '<cmmn:planItem id="PI_1" definitionRef="H_1" /><cmmn:humanTask id="H_1" camunda:formHandlerClass="x" />', "",
     "UNSUPPORTED_CMMN_ELEMENT", "humanTask", "H_1", '<cmmn:humanTask id="H_1"'),
    ("a performerRef", '<cmmn:planItem id="PI_1" definitionRef="H_1" /><cmmn:humanTask id="H_1" performerRef="R" />',
     "", "UNSUPPORTED_CMMN_ELEMENT", "humanTask", "H_1", '<cmmn:humanTask id="H_1"'),
    ("a non-blocking human task",
     '<cmmn:planItem id="PI_1" definitionRef="H_1" /><cmmn:humanTask id="H_1" isBlocking="false" />', "",
     "UNSUPPORTED_CMMN_ELEMENT", "humanTask", "H_1", '<cmmn:humanTask id="H_1"'),
    ("an unsupported standard event",
     '<cmmn:planItem id="PI_1" definitionRef="T_1" /><cmmn:planItem id="PI_2" definitionRef="T_1">'
     '<cmmn:entryCriterion id="E_1" sentryRef="S_1" /></cmmn:planItem><cmmn:sentry id="S_1">'
     '<cmmn:planItemOnPart id="O_1" sourceRef="PI_1"><cmmn:standardEvent>suspend</cmmn:standardEvent>'
     '</cmmn:planItemOnPart></cmmn:sentry><cmmn:task id="T_1" />', "",
     "UNSUPPORTED_CMMN_ELEMENT", "standardEvent", "S_1", "<cmmn:standardEvent>suspend"),
    ("an unknown standard event",
     '<cmmn:planItem id="PI_1" definitionRef="M_1" /><cmmn:planItem id="PI_2" definitionRef="T_1">'
     '<cmmn:entryCriterion id="E_1" sentryRef="S_1" /></cmmn:planItem><cmmn:sentry id="S_1">'
     '<cmmn:planItemOnPart id="O_1" sourceRef="PI_1"><cmmn:standardEvent>complete</cmmn:standardEvent>'
     '</cmmn:planItemOnPart></cmmn:sentry><cmmn:task id="T_1" /><cmmn:milestone id="M_1" />', "",
     "INVALID_CMMN", "standardEvent", "S_1", "<cmmn:standardEvent>complete"),
    ("an unknown definitionRef", '<cmmn:planItem id="PI_1" definitionRef="Nowhere" />', "",
     "INVALID_CMMN", "planItem", "PI_1", '<cmmn:planItem id="PI_1"'),
    ("an entry criterion naming no sentry",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:entryCriterion id="E_1" sentryRef="S_9" /></cmmn:planItem>'
     '<cmmn:task id="T_1" />', "", "INVALID_CMMN", "entryCriterion", "PI_1", "<cmmn:entryCriterion"),
    ("an on-part naming no plan item",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:entryCriterion id="E_1" sentryRef="S_1" /></cmmn:planItem>'
     '<cmmn:sentry id="S_1"><cmmn:planItemOnPart id="O_1" sourceRef="PI_9"><cmmn:standardEvent>complete'
     '</cmmn:standardEvent></cmmn:planItemOnPart></cmmn:sentry><cmmn:task id="T_1" />', "",
     "INVALID_CMMN", "planItemOnPart", "S_1", "<cmmn:planItemOnPart"),
    ("a sentry with neither part", '<cmmn:sentry id="S_1" />', "",
     "INVALID_CMMN", "sentry", "S_1", '<cmmn:sentry id="S_1"'),
    ("a milestone with an exit criterion",
     '<cmmn:planItem id="PI_1" definitionRef="M_1"><cmmn:exitCriterion id="X_1" sentryRef="S_1" /></cmmn:planItem>'
     '<cmmn:sentry id="S_1"><cmmn:ifPart id="I_1"><cmmn:condition>${true}</cmmn:condition></cmmn:ifPart></cmmn:sentry>'
     '<cmmn:milestone id="M_1" />', "", "INVALID_CMMN", "exitCriterion", "PI_1", "<cmmn:exitCriterion"),
    ("a process task without processRef", '<cmmn:planItem id="PI_1" definitionRef="P_1" /><cmmn:processTask id="P_1" />',
     "", "INVALID_CMMN", "processTask", "P_1", '<cmmn:processTask id="P_1"'),
    ("a version binding without a version",
     '<cmmn:planItem id="PI_1" definitionRef="P_1" /><cmmn:processTask id="P_1" processRef="p" '
     'camunda:processBinding="version" />', "", "INVALID_CMMN", "processTask", "P_1", '<cmmn:processTask id="P_1"'),
    ("an unknown binding",
     '<cmmn:planItem id="PI_1" definitionRef="C_1" /><cmmn:caseTask id="C_1" caseRef="c" camunda:caseBinding="newest" />',
     "", "INVALID_CMMN", "caseTask", "C_1", '<cmmn:caseTask id="C_1"'),
    ("a malformed expression",
     '<cmmn:planItem id="PI_1" definitionRef="H_1" /><cmmn:humanTask id="H_1" camunda:assignee="${a +}" />', "",
     "INVALID_EXPRESSION", "humanTask", "H_1", '<cmmn:humanTask id="H_1"'),
    ("a condition that is no expression",
     '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:itemControl id="C_1"><cmmn:requiredRule id="R_1">'
     '<cmmn:condition>true</cmmn:condition></cmmn:requiredRule></cmmn:itemControl></cmmn:planItem><cmmn:task id="T_1" />',
     "", "INVALID_EXPRESSION", "condition", "PI_1", "<cmmn:condition>true"),
    ("a script condition",
     '<cmmn:sentry id="S_1"><cmmn:ifPart id="I_1"><cmmn:condition language="groovy">x</cmmn:condition></cmmn:ifPart>'
     '</cmmn:sentry>', "", "UNSUPPORTED_CMMN_ELEMENT", "condition", "S_1", '<cmmn:condition language'),
    ("a manual activation rule on a milestone",
     '<cmmn:planItem id="PI_1" definitionRef="M_1"><cmmn:itemControl id="C_1"><cmmn:manualActivationRule id="R_1" />'
     '</cmmn:itemControl></cmmn:planItem><cmmn:milestone id="M_1" />', "",
     "INVALID_CMMN", "manualActivationRule", "PI_1", "<cmmn:manualActivationRule"),
    ("a stage planned twice",
     '<cmmn:planItem id="PI_1" definitionRef="St_1" /><cmmn:planItem id="PI_2" definitionRef="St_1" />'
     '<cmmn:stage id="St_1" />', "", "UNSUPPORTED_CMMN_ELEMENT", "planItem", "PI_2", '<cmmn:planItem id="PI_2"'),
    ("a duplicate id", '<cmmn:planItem id="PI_1" definitionRef="T_1" /><cmmn:task id="PI_1" />', "",
     "INVALID_CMMN", "task", "PI_1", '<cmmn:task id="PI_1"'),
]


@pytest.mark.parametrize(("what", "plan", "extra", "reason", "element", "element_id", "needle"), _REFUSALS,
                         ids=[r[0] for r in _REFUSALS])
def test_refusals_name_the_element_its_id_and_its_line(what: str, plan: str, extra: str, reason: str, element: str,
                                                       element_id: str, needle: str) -> None:
    data = _case(plan, extra=extra)
    error = _refused(data)
    assert error.reason == reason, error.message
    assert (error.metadata["element"], error.metadata["element_id"]) == (element, element_id), error.message
    assert error.metadata["line"] == str(_line_of(data, needle)), error.message
    assert error.metadata["resource"] == "x.cmmn" and error.metadata["type"] == "bad_request"
    assert error.message.startswith(f"x.cmmn line {error.metadata['line']}: ")
    assert error.field_violations[0].field == "resources[x.cmmn]"


def test_not_well_formed_and_refused_xml() -> None:
    error = _refused(b"<definitions><case></definitions>")
    assert error.reason == "CMMN_PARSE_ERROR" and error.metadata["line"] == "1"
    error = _refused(b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<definitions/>')
    assert error.reason == "CMMN_PARSE_ERROR" and "DOCTYPE" in error.message


def test_not_a_cmmn_11_file() -> None:
    bpmn = (RESOURCES / "user_tasks.bpmn").read_bytes()
    error = _refused(bpmn)
    assert error.reason == "INVALID_CMMN" and "not a CMMN 1.1 file" in error.message
    cmmn10 = _case('<cmmn:planItem id="PI_1" definitionRef="T_1" /><cmmn:task id="T_1" />').replace(
        b"http://www.omg.org/spec/CMMN/20151109/MODEL", b"http://www.omg.org/spec/CMMN/20131201/MODEL")
    error = _refused(cmmn10)
    assert error.reason == "INVALID_CMMN" and "CMMN 1.0" in error.message
    error = _refused(render("", "empty").encode())
    assert error.reason == "INVALID_CMMN" and "no case" in error.message


def test_a_condition_in_a_body_element_and_in_cdata() -> None:
    data = _case(
        '<cmmn:planItem id="PI_1" definitionRef="T_1"><cmmn:itemControl id="C_1"><cmmn:requiredRule id="R_1">'
        '<cmmn:condition><cmmn:body><![CDATA[${a < 3}]]></cmmn:body></cmmn:condition></cmmn:requiredRule>'
        '</cmmn:itemControl></cmmn:planItem><cmmn:task id="T_1" />'
    )
    [spec] = parse_cmmn(data, "x.cmmn")
    assert spec.item("PI_1").required.condition.text == "${a < 3}"  # type: ignore[union-attr]


def test_ignored_parts_without_runtime_meaning() -> None:
    data = _case(
        '<cmmn:documentation>notes</cmmn:documentation><cmmn:planItem id="PI_1" definitionRef="T_1" description="d">'
        '<cmmn:documentation>item</cmmn:documentation></cmmn:planItem><cmmn:task id="T_1" description="task" />',
        extra='<cmmn:caseRoles id="Roles_1" /><cmmn:caseFileModel id="CFM_1" />',
        case_attrs=' camunda:historyTimeToLive="P30D"',
    ).replace(b"</cmmn:definitions>", b'<cmmn:textAnnotation id="TA_1" /></cmmn:definitions>')
    [spec] = parse_cmmn(data, "x.cmmn")
    assert spec.children == ("PI_1",)
