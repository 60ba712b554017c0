"""Conditional events (conditionalEventDefinition): what the parser reads of them on each event
that may have one — an intermediate catch event (after an event-based gateway too), a boundary
event, the start event of an event subprocess, a process's start event — and what it refuses,
with the element and line, as it refuses other invalid definitions."""

from __future__ import annotations

import pytest

from server.engine.bpmn.parser import INVALID_BPMN, INVALID_EXPRESSION, UNSUPPORTED_BPMN_ELEMENT, parse_bpmn
from server.engine.bpmn.spec import TriggerKind
from tests.engine.bpmn.snippets import around, process
from tests.engine.bpmn.test_parser_errors import Case, check


def definition(condition: str = "${x > 1}", attributes: str = "", element_id: str = "cd") -> str:
    return (f'<bpmn:conditionalEventDefinition id="{element_id}"{attributes}>'
            f'<bpmn:condition xsi:type="bpmn:tFormalExpression">{condition}</bpmn:condition>'
            "</bpmn:conditionalEventDefinition>")


def catch(inner: str, element_id: str = "c") -> bytes:
    return around(f'<bpmn:intermediateCatchEvent id="{element_id}">\n{inner}\n</bpmn:intermediateCatchEvent>',
                  element_id)


EVERY_KIND = """<bpmn:startEvent id="Start" />
<bpmn:startEvent id="WhenHot">{hot}</bpmn:startEvent>
<bpmn:sequenceFlow id="f0" sourceRef="WhenHot" targetRef="Work" />
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
<bpmn:userTask id="Work" />
<bpmn:boundaryEvent id="Changed" attachedToRef="Work" cancelActivity="false">{changed}</bpmn:boundaryEvent>
<bpmn:sequenceFlow id="f2" sourceRef="Changed" targetRef="End" />
<bpmn:sequenceFlow id="f3" sourceRef="Work" targetRef="Gate" />
<bpmn:eventBasedGateway id="Gate" />
<bpmn:sequenceFlow id="f4" sourceRef="Gate" targetRef="Ready" />
<bpmn:sequenceFlow id="f5" sourceRef="Gate" targetRef="Late" />
<bpmn:intermediateCatchEvent id="Ready">{ready}</bpmn:intermediateCatchEvent>
<bpmn:intermediateCatchEvent id="Late"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>
</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f6" sourceRef="Ready" targetRef="Wait" />
<bpmn:sequenceFlow id="f7" sourceRef="Late" targetRef="End" />
<bpmn:intermediateCatchEvent id="Wait">{wait}</bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f8" sourceRef="Wait" targetRef="End" />
<bpmn:endEvent id="End" />
<bpmn:subProcess id="Esp" triggeredByEvent="true">
  <bpmn:startEvent id="EspStart" isInterrupting="false">{esp}</bpmn:startEvent>
  <bpmn:sequenceFlow id="e1" sourceRef="EspStart" targetRef="EspEnd" />
  <bpmn:endEvent id="EspEnd" />
</bpmn:subProcess>"""


def test_conditional_events_are_read_on_every_event_that_may_have_one() -> None:
    data = process(EVERY_KIND.format(
        hot=definition("${temperature > 20}", ' camunda:variableName="temperature"', "d1"),
        changed=definition("${amount > 100}", ' camunda:variableName="amount" camunda:variableEvents="update"', "d2"),
        ready=definition("${ready}", ' camunda:variableEvents=" create ,delete,create "', "d3"),
        wait=definition("#{done == true}", "", "d4"),
        esp=definition("${cancelled}", ' camunda:variableName="  " camunda:variableEvents=""', "d5")))
    [spec] = parse_bpmn(data, "order.bpmn")
    assert spec.has_conditional_events
    # The process starts at its none start event, or by the condition of WhenHot (EvaluateConditions).
    assert spec.start_event_ids == ("Start", "WhenHot")
    assert spec.conditional_start_ids == ("WhenHot",)
    assert spec.none_start_event().id == "Start"
    hot = spec.element("WhenHot").trigger
    assert (hot.kind, hot.condition.text, hot.variable_name, hot.variable_events) == (
        TriggerKind.CONDITIONAL, "${temperature > 20}", "temperature", None)
    changed = spec.element("Changed")
    assert not changed.cancel_activity and changed.attached_to == "Work"
    assert (changed.trigger.variable_name, changed.trigger.variable_events) == ("amount", frozenset({"update"}))
    assert spec.element("Ready").trigger.variable_events == frozenset({"create", "delete"})
    assert spec.element("Wait").trigger.condition.text == "#{done == true}"
    # Blank camunda:variableName and camunda:variableEvents narrow nothing.
    esp = spec.element("EspStart")
    assert not esp.cancel_activity and (esp.trigger.variable_name, esp.trigger.variable_events) == (None, None)
    assert spec.scope_waits(None) == ("EspStart",) and spec.scope_waits("Work") == ("Changed",)
    # The activity types the history and the activity instance tree show, as the document's engine names them.
    assert {e: spec.element(e).activity_type for e in ("WhenHot", "Changed", "Ready", "Wait", "EspStart", "Start")} \
        == {"WhenHot": "conditionalStartEvent", "Changed": "boundaryConditional", "Ready": "intermediateConditional",
            "Wait": "intermediateConditional", "EspStart": "conditionalStartEvent", "Start": "startEvent"}


def test_a_condition_listens_to_the_changes_its_filters_name() -> None:
    [spec] = parse_bpmn(catch(definition("${x}", ' camunda:variableName="x" camunda:variableEvents="update, delete"')),
                        "order.bpmn")
    trigger = spec.element("c").trigger
    assert trigger.listens_to("x", "update") and trigger.listens_to("x", "delete")
    assert not trigger.listens_to("x", "create") and not trigger.listens_to("y", "update")
    [spec] = parse_bpmn(catch(definition("${x}")), "order.bpmn")
    assert all(spec.element("c").trigger.listens_to(name, change) for name in ("x", "y")
               for change in ("create", "update", "delete"))


def test_a_process_without_conditional_events_has_none() -> None:
    [spec] = parse_bpmn(around('<bpmn:userTask id="t" />', "t"), "order.bpmn")
    assert not spec.has_conditional_events and spec.conditional_start_ids == ()


def test_a_process_may_start_by_conditions_alone() -> None:
    data = process('<bpmn:startEvent id="A">' + definition("${a}", "", "d1") + '</bpmn:startEvent>\n'
                   '<bpmn:startEvent id="B">' + definition("${b}", "", "d2") + '</bpmn:startEvent>\n'
                   '<bpmn:sequenceFlow id="f1" sourceRef="A" targetRef="End" />\n'
                   '<bpmn:sequenceFlow id="f2" sourceRef="B" targetRef="End" />\n<bpmn:endEvent id="End" />')
    [spec] = parse_bpmn(data, "order.bpmn")
    assert spec.conditional_start_ids == ("A", "B") and spec.none_start_event() is None


INVALID = [
    Case("no condition", catch('<bpmn:conditionalEventDefinition id="cd" />'),
         "conditionalEventDefinition", "c", 'id="cd"', "intermediateCatchEvent 'c': a conditional event needs a condition"),
    Case("empty condition", catch('<bpmn:conditionalEventDefinition id="cd"><bpmn:condition>  </bpmn:condition>'
                                  "</bpmn:conditionalEventDefinition>"),
         "condition", "c", 'id="cd"', "intermediateCatchEvent 'c': the condition is empty"),
    Case("two conditions", catch('<bpmn:conditionalEventDefinition id="cd">\n<bpmn:condition>${a}</bpmn:condition>\n'
                                 '<bpmn:condition>${b}</bpmn:condition>\n</bpmn:conditionalEventDefinition>'),
         "condition", "c", "${b}", "a conditional event has one condition"),
    Case("unknown variable event", catch(definition(attributes=' camunda:variableEvents="create, change"')),
         "conditionalEventDefinition", "c", 'id="cd"', "camunda:variableEvents names 'change', which is not a variable "
         "event (give create, update, delete)"),
    Case("variable event in capitals", catch(definition(attributes=' camunda:variableEvents="Update"')),
         "conditionalEventDefinition", "c", 'id="cd"', "camunda:variableEvents names 'Update'"),
    Case("long variable name", catch(definition(attributes=f' camunda:variableName="{"v" * 256}"')),
         "conditionalEventDefinition", "c", 'id="cd"', "camunda:variableName is longer than 255 characters"),
    Case("two conditional starts on one condition", process(
        '<bpmn:startEvent id="A">' + definition("${go}", "", "d1") + '</bpmn:startEvent>\n'
        '<bpmn:startEvent id="B">' + definition("${go}", "", "d2") + '</bpmn:startEvent>\n'
        '<bpmn:sequenceFlow id="f1" sourceRef="A" targetRef="End" />\n'
        '<bpmn:sequenceFlow id="f2" sourceRef="B" targetRef="End" />\n<bpmn:endEvent id="End" />'),
         "startEvent", "B", 'id="B"', "startEvent 'B': start event 'A' already starts on the condition '${go}'"),
    Case("conditional start of an embedded subprocess", around(
        '<bpmn:subProcess id="s">\n<bpmn:startEvent id="ss">' + definition() + '</bpmn:startEvent>\n'
        '<bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="se" />\n<bpmn:endEvent id="se" />\n</bpmn:subProcess>',
        "s"),
         "startEvent", "ss", 'id="ss"', "the start event of an embedded subprocess must be a none start event"),
]


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_conditional_events_are_refused(case: Case) -> None:
    check(case, INVALID_BPMN)


EXPRESSIONS = [
    Case("unparsable condition", catch(definition("${x >")),
         "intermediateCatchEvent", "c", 'id="c"', "invalid expression in condition '${x >'"),
    Case("constant condition", catch(definition("true")),
         "intermediateCatchEvent", "c", 'id="c"', "a condition must be a single ${…} expression, not 'true'"),
    Case("composite condition", catch(definition("x${a}")),
         "intermediateCatchEvent", "c", 'id="c"', "a condition must be a single ${…} expression"),
    Case("function call", catch(definition("${execution.getVariable('x')}")),
         "intermediateCatchEvent", "c", 'id="c"', "method calls are not supported"),
]


@pytest.mark.parametrize("case", EXPRESSIONS, ids=str)
def test_conditions_that_are_no_expression_are_refused(case: Case) -> None:
    error = check(case, INVALID_EXPRESSION)
    assert error.metadata["attribute"] == "condition"


UNSUPPORTED = [
    Case("script condition", catch('<bpmn:conditionalEventDefinition id="cd"><bpmn:condition language="javascript">'
                                   "x > 1</bpmn:condition></bpmn:conditionalEventDefinition>"),
         "condition", "c", 'id="cd"', "script conditions (language='javascript') are not supported"),
    Case("other camunda attribute", catch(definition(attributes=' camunda:variableScope="local"')),
         "conditionalEventDefinition", "c", 'id="cd"', "camunda:variableScope is not supported"),
    Case("conditional end event", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n'
        '<bpmn:endEvent id="e">' + definition() + "</bpmn:endEvent>"),
         "conditionalEventDefinition", "e", 'id="cd"', "endEvent 'e': conditional end events are not supported"),
    Case("conditional throw event", around('<bpmn:intermediateThrowEvent id="t">' + definition()
                                           + "</bpmn:intermediateThrowEvent>", "t"),
         "conditionalEventDefinition", "t", 'id="cd"', "conditional intermediate throw events are not supported"),
]


@pytest.mark.parametrize("case", UNSUPPORTED, ids=str)
def test_unsupported_conditional_events_are_refused(case: Case) -> None:
    check(case, UNSUPPORTED_BPMN_ELEMENT)
