"""Compensation (compensateEventDefinition, isForCompensation, associations): what the parser reads
of compensation boundary events and their handlers, compensation throw and end events (activityRef)
and compensation event subprocesses, and what it refuses, with the element and line."""

from __future__ import annotations

import pytest

from server.engine.bpmn.parser import INVALID_BPMN, UNSUPPORTED_BPMN_ELEMENT, parse_bpmn
from server.engine.bpmn.spec import ElementKind, TriggerKind
from tests.engine.bpmn.snippets import process
from tests.engine.bpmn.test_parser_errors import Case, check

BOOK = """<bpmn:startEvent id="Start" />
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Book" />
<bpmn:userTask id="Book" />
<bpmn:boundaryEvent id="BookComp" attachedToRef="Book">
<bpmn:compensateEventDefinition id="bd" />
</bpmn:boundaryEvent>
<bpmn:userTask id="UndoBook" isForCompensation="true" />
<bpmn:association id="a1" associationDirection="One" sourceRef="BookComp" targetRef="UndoBook" />
<bpmn:sequenceFlow id="f2" sourceRef="Book" targetRef="Throw" />
<bpmn:intermediateThrowEvent id="Throw">
<bpmn:compensateEventDefinition id="td" />
</bpmn:intermediateThrowEvent>
<bpmn:sequenceFlow id="f3" sourceRef="Throw" targetRef="End" />
<bpmn:endEvent id="End" />"""

SUB = """<bpmn:startEvent id="Start" />
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
<bpmn:subProcess id="Sub">
<bpmn:startEvent id="SubStart" />
<bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Reserve" />
<bpmn:serviceTask id="Reserve" camunda:type="external" camunda:topic="reserve">
<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality>
</bpmn:multiInstanceLoopCharacteristics>
</bpmn:serviceTask>
<bpmn:boundaryEvent id="ReserveComp" attachedToRef="Reserve">
<bpmn:compensateEventDefinition />
</bpmn:boundaryEvent>
<bpmn:subProcess id="Release" isForCompensation="true">
<bpmn:startEvent id="RelStart" />
<bpmn:sequenceFlow id="r1" sourceRef="RelStart" targetRef="RelEnd" />
<bpmn:endEvent id="RelEnd" />
</bpmn:subProcess>
<bpmn:association id="a2" sourceRef="ReserveComp" targetRef="Release" />
<bpmn:sequenceFlow id="s2" sourceRef="Reserve" targetRef="SubEnd" />
<bpmn:endEvent id="SubEnd" />
<bpmn:subProcess id="OnUndo" triggeredByEvent="true">
<bpmn:startEvent id="OnUndoStart">
<bpmn:compensateEventDefinition id="esd" />
</bpmn:startEvent>
<bpmn:sequenceFlow id="u1" sourceRef="OnUndoStart" targetRef="Inside" />
<bpmn:intermediateThrowEvent id="Inside">
<bpmn:compensateEventDefinition id="id" activityRef="Reserve" waitForCompletion="true" />
</bpmn:intermediateThrowEvent>
<bpmn:sequenceFlow id="u2" sourceRef="Inside" targetRef="OnUndoEnd" />
<bpmn:endEvent id="OnUndoEnd" />
</bpmn:subProcess>
</bpmn:subProcess>
<bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="Undo" />
<bpmn:endEvent id="Undo">
<bpmn:compensateEventDefinition id="ud" activityRef="Sub" />
</bpmn:endEvent>"""


def test_a_compensation_boundary_event_names_its_handler_through_an_association() -> None:
    [spec] = parse_bpmn(process(BOOK), "order.bpmn")
    book, boundary, handler = spec.element("Book"), spec.element("BookComp"), spec.element("UndoBook")
    assert spec.has_compensation
    # It waits for nothing while Book runs: Book is no scope, and has no waits.
    assert book.compensation_boundary == "BookComp" and book.boundary_ids == () and not book.is_scope
    assert boundary.compensation_handler == "UndoBook" and boundary.trigger.kind is TriggerKind.COMPENSATION
    assert handler.is_for_compensation and handler.incoming == () and handler.outgoing == ()
    assert spec.element("Throw").trigger.activity_ref is None
    assert {e: spec.element(e).activity_type for e in ("BookComp", "Throw", "UndoBook")} == {
        "BookComp": "compensationBoundaryCatch", "Throw": "intermediateCompensationThrowEvent",
        "UndoBook": "userTask"}


def test_subprocesses_multi_instance_activities_and_event_subprocesses_take_part() -> None:
    [spec] = parse_bpmn(process(SUB), "order.bpmn")
    # A multi-instance activity keeps its compensation boundary event: each instance is compensated.
    assert spec.element("Reserve").compensation_boundary == "ReserveComp"
    assert spec.element("ReserveComp").attached_to == "Reserve"
    assert spec.element("Reserve#multiInstanceBody").boundary_ids == ()
    assert spec.element("Release").kind is ElementKind.SUB_PROCESS and spec.element("Release").is_for_compensation
    assert spec.element("Sub").compensation_event_subprocess == "OnUndo"
    assert spec.element("OnUndoStart").activity_type == "compensationStartEvent"
    assert spec.scope_waits("Sub") == ("OnUndoStart",)  # skipped at run time: nothing to wait for
    # From inside the event subprocess, activityRef names an activity of the subprocess around it.
    assert spec.element("Inside").trigger.activity_ref == "Reserve"
    assert spec.element("Undo").trigger.activity_ref == "Sub"
    assert spec.element("Undo").activity_type == "compensationEndEvent"


def test_a_process_without_compensation_has_none() -> None:
    [spec] = parse_bpmn(process('<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />'
                                '\n<bpmn:endEvent id="e" />'), "order.bpmn")
    assert not spec.has_compensation


INVALID = [
    Case("boundary without association", process(BOOK.replace('<bpmn:association id="a1" associationDirection="One" '
                                                              'sourceRef="BookComp" targetRef="UndoBook" />', "")
                                                 .replace(' isForCompensation="true"', "")
                                                 .replace('<bpmn:userTask id="UndoBook"', '<bpmn:task id="UndoBook"')
                                                 .replace('targetRef="Throw" />', 'targetRef="UndoBook" />\n'
                                                          '<bpmn:sequenceFlow id="f9" sourceRef="UndoBook" '
                                                          'targetRef="Throw" />')),
         "boundaryEvent", "BookComp", 'id="BookComp"', "a compensation boundary event needs an association to its "
         "compensation handler"),
    Case("association to no handler", process(BOOK.replace(' isForCompensation="true"', "")),
         "association", "a1", 'id="a1"', "association 'a1': compensation boundary event 'BookComp' names userTask "
         "'UndoBook', which is no compensation handler"),
    Case("two associations", process(BOOK + '\n<bpmn:association id="a2" sourceRef="BookComp" targetRef="Book" />'),
         "association", "BookComp", 'id="a2"', "boundaryEvent 'BookComp' has more than one association"),
    Case("handler with flows", process(BOOK.replace('targetRef="End" />', 'targetRef="UndoBook" />\n'
                                                    '<bpmn:sequenceFlow id="f4" sourceRef="UndoBook" targetRef="End" />')),
         "userTask", "UndoBook", 'id="UndoBook"', "userTask 'UndoBook' is a compensation handler and cannot have "
         "sequence flows"),
    Case("handler no boundary names", process(BOOK + '\n<bpmn:task id="Spare" isForCompensation="true" />'),
         "task", "Spare", 'id="Spare"', "task 'Spare' is a compensation handler that no compensation boundary event's "
         "association names: it would never run"),
    Case("handler with a boundary event", process(
        BOOK + '\n<bpmn:boundaryEvent id="Late" attachedToRef="UndoBook"><bpmn:timerEventDefinition><bpmn:timeDuration>'
        'PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>\n'
        '<bpmn:sequenceFlow id="f5" sourceRef="Late" targetRef="End" />'),
         "userTask", "UndoBook", 'id="UndoBook"', "is a compensation handler and cannot have boundary events"),
    Case("boundary with outgoing flow", process(BOOK + '\n<bpmn:sequenceFlow id="f6" sourceRef="BookComp" '
                                                'targetRef="End" />'),
         "boundaryEvent", "BookComp", 'id="BookComp"', "a compensation boundary event cannot have outgoing sequence "
         "flows"),
    Case("second compensation boundary", process(
        BOOK + '\n<bpmn:boundaryEvent id="Again" attachedToRef="Book"><bpmn:compensateEventDefinition />'
        '</bpmn:boundaryEvent>\n<bpmn:association id="a3" sourceRef="Again" targetRef="UndoBook" />'),
         "boundaryEvent", "Again", 'id="Again"', "'Book' already has the compensation boundary event 'BookComp'"),
    Case("interrupting nothing", process(BOOK.replace('attachedToRef="Book">', 'attachedToRef="Book" '
                                                      'cancelActivity="false">')),
         "boundaryEvent", "BookComp", 'id="BookComp"', "a compensation boundary event interrupts nothing"),
    Case("activityRef on a boundary event", process(BOOK.replace('<bpmn:compensateEventDefinition id="bd" />',
                                                                 '<bpmn:compensateEventDefinition id="bd" '
                                                                 'activityRef="Book" />')),
         "compensateEventDefinition", "BookComp", 'id="bd"', "activityRef belongs to throwing compensation events"),
    Case("activityRef to nothing", process(BOOK.replace('<bpmn:compensateEventDefinition id="td" />',
                                                        '<bpmn:compensateEventDefinition id="td" activityRef="Nope" />')),
         "intermediateThrowEvent", "Throw", 'id="Throw"', "activityRef 'Nope' names no activity of the process"),
    Case("activityRef to another scope", process(SUB.replace('activityRef="Sub"', 'activityRef="Reserve"')),
         "endEvent", "Undo", 'id="Undo"', "activityRef 'Reserve' names no activity of the process"),
    Case("activityRef without handler", process(BOOK.replace('<bpmn:compensateEventDefinition id="td" />',
                                                             '<bpmn:compensateEventDefinition id="td" '
                                                             'activityRef="Throw" />')),
         "intermediateThrowEvent", "Throw", 'id="Throw"', "activityRef 'Throw' names intermediateThrowEvent 'Throw', "
         "which has no compensation boundary event and is no subprocess"),
    Case("compensation event subprocess of the process", process(
        BOOK + '\n<bpmn:subProcess id="Top" triggeredByEvent="true">\n<bpmn:startEvent id="TopStart">'
        '<bpmn:compensateEventDefinition /></bpmn:startEvent>\n<bpmn:sequenceFlow id="t1" sourceRef="TopStart" '
        'targetRef="TopEnd" />\n<bpmn:endEvent id="TopEnd" />\n</bpmn:subProcess>'),
         "startEvent", "TopStart", 'id="TopStart"', "a compensation event subprocess must be inside an embedded "
         "subprocess (whose compensation it handles), not in the process"),
    Case("two compensation event subprocesses", process(SUB.replace(
        '</bpmn:subProcess>\n</bpmn:subProcess>', '</bpmn:subProcess>\n<bpmn:subProcess id="Second" '
        'triggeredByEvent="true">\n<bpmn:startEvent id="SecondStart"><bpmn:compensateEventDefinition />'
        '</bpmn:startEvent>\n<bpmn:sequenceFlow id="x1" sourceRef="SecondStart" targetRef="SecondEnd" />\n'
        '<bpmn:endEvent id="SecondEnd" />\n</bpmn:subProcess>\n</bpmn:subProcess>')),
         "startEvent", "SecondStart", 'id="SecondStart"', "'Sub' already has the compensation event subprocess "
         "'OnUndo'"),
    Case("event subprocess and boundary event", process(SUB.replace(
        '<bpmn:sequenceFlow id="f2" sourceRef="Sub"', '<bpmn:boundaryEvent id="SubComp" attachedToRef="Sub">'
        '<bpmn:compensateEventDefinition /></bpmn:boundaryEvent>\n<bpmn:task id="UndoSub" isForCompensation="true" />\n'
        '<bpmn:association id="a9" sourceRef="SubComp" targetRef="UndoSub" />\n<bpmn:sequenceFlow id="f2" sourceRef="Sub"')),
         "startEvent", "OnUndoStart", 'id="OnUndoStart"', "it takes a compensation boundary event or a compensation "
         "event subprocess, not both"),
    Case("non-interrupting compensation start", process(SUB.replace('<bpmn:startEvent id="OnUndoStart">',
                                                                    '<bpmn:startEvent id="OnUndoStart" '
                                                                    'isInterrupting="false">')),
         "startEvent", "OnUndoStart", 'id="OnUndoStart"', "a compensation start event always interrupts its scope"),
    Case("handler in another scope", process(SUB.replace('<bpmn:association id="a2" sourceRef="ReserveComp" '
                                                         'targetRef="Release" />', "")
                                             + '\n<bpmn:association id="a2" sourceRef="ReserveComp" '
                                               'targetRef="Outside" />\n<bpmn:task id="Outside" '
                                               'isForCompensation="true" />'),
         "association", "a2", 'id="a2" sourceRef="ReserveComp" targetRef="Outside"', "the compensation handler "
         "'Outside' is in another scope"),
]


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_compensation_is_refused(case: Case) -> None:
    check(case, INVALID_BPMN)


UNSUPPORTED = [
    Case("not waiting for completion", process(BOOK.replace('<bpmn:compensateEventDefinition id="td" />',
                                                            '<bpmn:compensateEventDefinition id="td" '
                                                            'waitForCompletion="false" />')),
         "compensateEventDefinition", "Throw", 'id="td"', 'waitForCompletion="false" is not supported'),
    Case("compensation start of a process", process(
        '<bpmn:startEvent id="s">\n<bpmn:compensateEventDefinition id="sd" />\n</bpmn:startEvent>\n'
        '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:endEvent id="e" />'),
         "compensateEventDefinition", "s", 'id="sd"', "compensation start events are not supported (a compensation "
         "start event starts an event subprocess inside an embedded subprocess)"),
    Case("compensation catch event", process(BOOK.replace(
        '<bpmn:intermediateThrowEvent id="Throw">\n<bpmn:compensateEventDefinition id="td" />\n'
        '</bpmn:intermediateThrowEvent>', '<bpmn:intermediateCatchEvent id="Throw">\n'
        '<bpmn:compensateEventDefinition id="td" />\n</bpmn:intermediateCatchEvent>')),
         "compensateEventDefinition", "Throw", 'id="td"', "compensation intermediate catch events are not supported "
         "(compensation is caught by a boundary event"),
    Case("multi-instance handler", process(BOOK.replace(
        '<bpmn:userTask id="UndoBook" isForCompensation="true" />', '<bpmn:userTask id="UndoBook" '
        'isForCompensation="true">\n<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2'
        '</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>\n</bpmn:userTask>')),
         "userTask", "UndoBook", 'id="UndoBook"', "multi-instance compensation handlers are not supported"),
]


@pytest.mark.parametrize("case", UNSUPPORTED, ids=str)
def test_unsupported_compensation_is_refused(case: Case) -> None:
    check(case, UNSUPPORTED_BPMN_ELEMENT)
