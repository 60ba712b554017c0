"""Event subprocesses (subProcess triggeredByEvent="true"): what the parser reads of them, and
what it refuses (as BPMN forbids, or as Flowkeeper does not run), with the element and line."""

from __future__ import annotations

import pytest

from server.engine.bpmn.parser import INVALID_BPMN, UNSUPPORTED_BPMN_ELEMENT, parse_bpmn
from server.engine.bpmn.spec import TimerKind, TriggerKind
from tests.engine.bpmn.snippets import process
from tests.engine.bpmn.test_parser_errors import Case, check

DECLARATIONS = ('<bpmn:message id="M" name="ping" />\n<bpmn:message id="M2" name="ping-${id}" />\n'
                '<bpmn:signal id="S" name="alarm" />\n<bpmn:error id="E" errorCode="FAILED" />\n'
                '<bpmn:escalation id="L" escalationCode="LATE" />\n<bpmn:escalation id="Any" />')
MAIN = """<bpmn:startEvent id="Start" />
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
<bpmn:subProcess id="Sub">
  <bpmn:startEvent id="SubStart" />
  <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="SubEnd" />
  <bpmn:endEvent id="SubEnd" />
  {in_sub}
</bpmn:subProcess>
{boundary}
<bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="End" />
<bpmn:endEvent id="End" />
{at_process}"""


def esp(element_id: str, start: str, *, extra: str = "", attributes: str = "") -> str:
    """An event subprocess whose start event is ``start`` (a whole startEvent element)."""
    return f"""<bpmn:subProcess id="{element_id}" triggeredByEvent="true"{attributes}>
  {start}
  <bpmn:sequenceFlow id="{element_id}_f" sourceRef="{element_id}Start" targetRef="{element_id}End" />
  <bpmn:endEvent id="{element_id}End" />{extra}
</bpmn:subProcess>"""


def start(element_id: str, definition: str, attributes: str = "") -> str:
    return f'<bpmn:startEvent id="{element_id}Start"{attributes}>{definition}</bpmn:startEvent>'


def document(in_sub: str = "", at_process: str = "", boundary: str = "") -> bytes:
    return process(MAIN.format(in_sub=in_sub, at_process=at_process, boundary=boundary), DECLARATIONS)


MESSAGE = '<bpmn:messageEventDefinition messageRef="M" />'


def test_event_subprocesses_are_read_with_their_scopes_and_triggers() -> None:
    timer = ('<bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R/${every}'
             '</bpmn:timeCycle></bpmn:timerEventDefinition>')
    nested = esp("Nested", start("Nested", '<bpmn:signalEventDefinition signalRef="S" />'))
    data = document(
        in_sub=esp("OnError", start("OnError", '<bpmn:errorEventDefinition errorRef="E" camunda:errorCodeVariable="c" '
                                    'camunda:errorMessageVariable="m" />'))
        + esp("OnTimer", start("OnTimer", timer, ' isInterrupting="false"'), extra=nested),
        at_process=esp("OnMessage", start("OnMessage", '<bpmn:messageEventDefinition messageRef="M2" />',
                                          ' isInterrupting="false"'))
        + esp("OnEscalation", start("OnEscalation", '<bpmn:escalationEventDefinition '
                                    'camunda:escalationCodeVariable="level" />')))
    [spec] = parse_bpmn(data, "order.bpmn")
    assert spec.event_subprocess_ids == ("OnMessage", "OnEscalation")
    assert spec.start_event_ids == ("Start",)  # the process starts at its none start event only
    assert spec.element("Sub").event_subprocess_ids == ("OnError", "OnTimer")
    assert spec.element("OnTimer").event_subprocess_ids == ("Nested",)
    assert spec.element("OnTimer").triggered_by_event and not spec.element("Sub").triggered_by_event
    assert spec.element("OnTimer").start_event_ids == ("OnTimerStart",)
    assert (spec.element("OnTimer").incoming, spec.element("OnTimer").outgoing) == ((), ())
    # What a scope execution waits for itself: its activity's boundary events, its event
    # subprocesses' start events (error and escalation ones too: the runtime skips those).
    assert spec.scope_waits(None) == ("OnMessageStart", "OnEscalationStart")
    assert spec.scope_waits("Sub") == ("OnErrorStart", "OnTimerStart")
    assert spec.scope_waits("OnTimer") == ("NestedStart",)
    assert [e.id for e in spec.event_starts("Sub")] == ["OnErrorStart", "OnTimerStart"]

    on_error = spec.element("OnErrorStart")
    assert on_error.cancel_activity and on_error.scope_id == "OnError"
    assert (on_error.trigger.kind, on_error.trigger.error_code, on_error.trigger.error_code_variable,
            on_error.trigger.error_message_variable) == (TriggerKind.ERROR, "FAILED", "c", "m")
    on_timer = spec.element("OnTimerStart")
    # A timer of an event subprocess runs in a scope: its variables may set it.
    assert not on_timer.cancel_activity and on_timer.trigger.timer.kind is TimerKind.CYCLE
    assert on_timer.trigger.timer.value.text == "R/${every}"
    on_message = spec.element("OnMessageStart")
    assert not on_message.cancel_activity and on_message.trigger.name.text == "ping-${id}"
    on_escalation = spec.element("OnEscalationStart").trigger
    assert (on_escalation.escalation_code, on_escalation.escalation_code_variable) == (None, "level")


def test_an_escalation_event_subprocess_beside_a_boundary_of_another_code_is_accepted() -> None:
    boundary = ('<bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:escalationEventDefinition '
                'escalationRef="L" /></bpmn:boundaryEvent>\n<bpmn:sequenceFlow id="f3" sourceRef="Caught" '
                'targetRef="End" />')
    other = '<bpmn:escalation id="O" escalationCode="OTHER" />'
    data = process(MAIN.format(in_sub=esp("Esp", start("Esp", '<bpmn:escalationEventDefinition escalationRef="O" />')),
                               at_process="", boundary=boundary), DECLARATIONS + other)
    [spec] = parse_bpmn(data, "order.bpmn")
    assert spec.scope_waits("Sub") == ("Caught", "EspStart")


def case(case_id: str, data: bytes, element: str, element_id: str, marker: str, says: str) -> Case:
    return Case(case_id, data, element, element_id, marker, says)


INVALID = [
    case("none start event", document(in_sub=esp("Esp", '<bpmn:startEvent id="EspStart" />')),
         "startEvent", "EspStart", 'id="EspStart"', "the start event of an event subprocess needs an event definition"),
    case("no start event", document(at_process='<bpmn:subProcess id="Esp" triggeredByEvent="true">'
                                               '<bpmn:task id="T" /></bpmn:subProcess>'),
         "subProcess", "Esp", 'id="Esp"', "subProcess 'Esp' has no start event (an event subprocess needs exactly one"),
    case("two start events", document(at_process=esp("Esp", start("Esp", MESSAGE), extra="\n" + start(
        "Esp2", '<bpmn:signalEventDefinition signalRef="S" />') + '<bpmn:sequenceFlow id="x" sourceRef="Esp2Start" '
        'targetRef="EspEnd" />')),
         "subProcess", "Esp", 'id="Esp"', "has more than one start event (an event subprocess needs exactly one"),
    case("non-interrupting error", document(in_sub=esp("Esp", start(
        "Esp", '<bpmn:errorEventDefinition errorRef="E" />', ' isInterrupting="false"'))),
         "startEvent", "EspStart", 'id="EspStart"', "an error start event always interrupts its scope"),
    case("incoming flow", document(at_process=esp("Esp", start("Esp", MESSAGE))
                                   + '\n<bpmn:sequenceFlow id="into" sourceRef="Start" targetRef="Esp" />'),
         "subProcess", "Esp", 'id="Esp"', "is an event subprocess and cannot have incoming or outgoing sequence flows"),
    case("outgoing flow", document(at_process=esp("Esp", start("Esp", MESSAGE))
                                   + '\n<bpmn:sequenceFlow id="out" sourceRef="Esp" targetRef="End" />'),
         "subProcess", "Esp", 'id="Esp"', "is an event subprocess and cannot have incoming or outgoing sequence flows"),
    case("boundary on it", document(at_process=esp("Esp", start("Esp", MESSAGE))
                                    + '\n<bpmn:boundaryEvent id="OnIt" attachedToRef="Esp"><bpmn:timerEventDefinition>'
                                    '<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>'
                                    '</bpmn:boundaryEvent>\n<bpmn:sequenceFlow id="b" sourceRef="OnIt" targetRef="End" />'),
         "boundaryEvent", "OnIt", 'id="OnIt"', "attachedToRef 'Esp' is an event subprocess"),
    case("message twice in a scope", document(at_process=esp("One", start("One", MESSAGE))
                                              + esp("Two", start("Two", MESSAGE, ' isInterrupting="false"'))),
         "startEvent", "TwoStart", 'id="TwoStart"', "message 'ping' is already awaited by 'OneStart' (both wait in the "
         "process)"),
    case("message of the subprocess's boundary", document(
        in_sub=esp("Esp", start("Esp", MESSAGE)),
        boundary='<bpmn:boundaryEvent id="Caught" attachedToRef="Sub">' + MESSAGE + '</bpmn:boundaryEvent>\n'
                 '<bpmn:sequenceFlow id="b" sourceRef="Caught" targetRef="End" />'),
         "startEvent", "EspStart", 'id="EspStart"', "message 'ping' is already awaited by 'Caught' (both wait in "
         "subProcess 'Sub')"),
    case("signal twice in a scope", document(in_sub=esp("One", start("One", '<bpmn:signalEventDefinition signalRef="S" />'))
                                             + esp("Two", start("Two", '<bpmn:signalEventDefinition signalRef="S" />'))),
         "startEvent", "TwoStart", 'id="TwoStart"', "signal 'alarm' is already awaited by 'OneStart'"),
    case("escalation code twice", document(
        in_sub=esp("Esp", start("Esp", '<bpmn:escalationEventDefinition escalationRef="L" />')),
        boundary='<bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:escalationEventDefinition '
                 'escalationRef="L" /></bpmn:boundaryEvent>\n<bpmn:sequenceFlow id="b" sourceRef="Caught" targetRef="End" />'),
         "startEvent", "EspStart", 'id="EspStart"', "escalation code 'LATE' is already caught by 'Caught'"),
    case("every escalation beside another", document(
        at_process=esp("One", start("One", '<bpmn:escalationEventDefinition escalationRef="L" />'))
        + esp("Two", start("Two", '<bpmn:escalationEventDefinition escalationRef="Any" />'))),
         "startEvent", "TwoStart", 'id="TwoStart"', "'TwoStart' catches every escalation and cannot share a scope with "
         "another escalation catcher ('OneStart')"),
]

UNSUPPORTED = [
    case("link start", document(at_process=esp("Esp", start("Esp", '<bpmn:linkEventDefinition name="x" />'))),
         "linkEventDefinition", "EspStart", "linkEventDefinition", "link start events of event subprocesses are not "
         "supported"),
]


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_event_subprocesses_are_refused(case: Case) -> None:
    check(case, INVALID_BPMN)


@pytest.mark.parametrize("case", UNSUPPORTED, ids=str)
def test_unsupported_event_subprocesses_are_refused(case: Case) -> None:
    check(case, UNSUPPORTED_BPMN_ELEMENT)


def test_an_error_start_event_of_the_process_stays_unsupported() -> None:
    """Only an event subprocess's start event may catch an error (a process's start event may
    wait for a signal: tests/engine/test_signal_start_events.py)."""
    data = process('<bpmn:startEvent id="Start"><bpmn:errorEventDefinition /></bpmn:startEvent>\n'
                   '<bpmn:sequenceFlow id="f" sourceRef="Start" targetRef="End" />\n<bpmn:endEvent id="End" />',
                   DECLARATIONS)
    check(Case("error start", data, "errorEventDefinition", "Start", "errorEventDefinition",
               "error start events are not supported"), UNSUPPORTED_BPMN_ELEMENT)
