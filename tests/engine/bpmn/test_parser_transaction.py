"""Transaction subprocesses and cancel events: what the parser reads of a transaction (an embedded
subprocess), its cancel end events and its cancel boundary event, and what it refuses, with the
element and line."""

from __future__ import annotations

import pytest

from server.engine.bpmn.parser import INVALID_BPMN, UNSUPPORTED_BPMN_ELEMENT, parse_bpmn
from server.engine.bpmn.spec import ElementKind, TriggerKind
from tests.engine.bpmn.snippets import process
from tests.engine.bpmn.test_parser_errors import Case, check

TX = """<bpmn:startEvent id="Start" />
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Tx" />
<bpmn:transaction id="Tx">
<bpmn:startEvent id="TxStart" />
<bpmn:sequenceFlow id="t1" sourceRef="TxStart" targetRef="Book" />
<bpmn:userTask id="Book" />
<bpmn:boundaryEvent id="BookComp" attachedToRef="Book">
<bpmn:compensateEventDefinition />
</bpmn:boundaryEvent>
<bpmn:userTask id="UndoBook" isForCompensation="true" />
<bpmn:association id="a1" sourceRef="BookComp" targetRef="UndoBook" />
<bpmn:sequenceFlow id="t2" sourceRef="Book" targetRef="Gate" />
<bpmn:exclusiveGateway id="Gate" default="t4" />
<bpmn:sequenceFlow id="t3" sourceRef="Gate" targetRef="CancelTx">
<bpmn:conditionExpression>${cancel}</bpmn:conditionExpression>
</bpmn:sequenceFlow>
<bpmn:sequenceFlow id="t4" sourceRef="Gate" targetRef="TxEnd" />
<bpmn:endEvent id="CancelTx">
<bpmn:cancelEventDefinition id="ce" />
</bpmn:endEvent>
<bpmn:endEvent id="TxEnd" />
</bpmn:transaction>
<bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx">
<bpmn:cancelEventDefinition id="cb" />
</bpmn:boundaryEvent>
<bpmn:sequenceFlow id="f2" sourceRef="Tx" targetRef="End" />
<bpmn:sequenceFlow id="f3" sourceRef="Cancelled" targetRef="RolledBack" />
<bpmn:endEvent id="End" />
<bpmn:endEvent id="RolledBack" />"""

LOOP = ('<bpmn:transaction id="Tx">\n<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2'
        '</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>')

# A subprocess in Tx, before Gate: Inner (InnerStart -> InnerEnd).
INNER = TX.replace('<bpmn:sequenceFlow id="t2" sourceRef="Book" targetRef="Gate" />',
                   '<bpmn:sequenceFlow id="t2" sourceRef="Book" targetRef="Inner" />\n<bpmn:subProcess id="Inner">\n'
                   '<bpmn:startEvent id="InnerStart" />\n<bpmn:sequenceFlow id="i1" sourceRef="InnerStart" '
                   'targetRef="InnerEnd" />\n<bpmn:endEvent id="InnerEnd" />\n</bpmn:subProcess>\n'
                   '<bpmn:sequenceFlow id="t9" sourceRef="Inner" targetRef="Gate" />')


def test_a_transaction_is_an_embedded_subprocess_with_its_cancel_events() -> None:
    [spec] = parse_bpmn(process(TX.replace('<bpmn:transaction id="Tx">',
                                           '<bpmn:transaction id="Tx" method="##Compensate">')), "order.bpmn")
    tx, cancel, cancelled = spec.element("Tx"), spec.element("CancelTx"), spec.element("Cancelled")
    assert tx.kind is ElementKind.SUB_PROCESS and tx.is_transaction and tx.is_scope
    assert not spec.element("Book").is_transaction
    assert spec.none_start_event("Tx").id == "TxStart"
    assert tx.cancel_boundary == "Cancelled" and tx.boundary_ids == ("Cancelled",)
    assert spec.scope_waits("Tx") == ("Cancelled",)  # skipped at run time: nothing to wait for
    assert cancel.trigger.kind is TriggerKind.CANCEL and cancel.scope_id == "Tx"
    assert (cancelled.trigger.kind, cancelled.attached_to, cancelled.cancel_activity) == (TriggerKind.CANCEL, "Tx", True)
    assert {e: spec.element(e).activity_type for e in ("Tx", "CancelTx", "Cancelled", "TxEnd")} == {
        "Tx": "transaction", "CancelTx": "cancelEndEvent", "Cancelled": "cancelBoundaryCatch", "TxEnd": "noneEndEvent"}
    assert spec.has_compensation


def test_the_cancel_boundary_event_of_a_multi_instance_transaction_is_its_body_s() -> None:
    [spec] = parse_bpmn(process(TX.replace('<bpmn:transaction id="Tx">', LOOP)), "order.bpmn")
    body = spec.element("Tx#multiInstanceBody")
    assert body.boundary_ids == ("Cancelled",) and spec.element("Cancelled").attached_to == "Tx#multiInstanceBody"
    assert spec.element("Tx").cancel_boundary == "Cancelled" and spec.element("Tx").scope_id == body.id


def test_a_transaction_needs_no_cancel_events() -> None:
    plain = process('<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Tx" />\n'
                    '<bpmn:transaction id="Tx">\n<bpmn:startEvent id="TxStart" />\n<bpmn:sequenceFlow id="t1" '
                    'sourceRef="TxStart" targetRef="TxEnd" />\n<bpmn:endEvent id="TxEnd" />\n</bpmn:transaction>\n'
                    '<bpmn:sequenceFlow id="f2" sourceRef="Tx" targetRef="e" />\n<bpmn:endEvent id="e" />')
    [spec] = parse_bpmn(plain, "order.bpmn")
    assert spec.element("Tx").is_transaction and spec.element("Tx").cancel_boundary is None
    # A cancel boundary event without a cancel end event never fires, which is no fault.
    [spec] = parse_bpmn(process(TX.replace("<bpmn:cancelEventDefinition id=\"ce\" />", "")), "order.bpmn")
    assert spec.element("CancelTx").trigger.kind is TriggerKind.NONE


INVALID = [
    Case("cancel end in the process", process(TX.replace('<bpmn:endEvent id="End" />',
                                                         '<bpmn:endEvent id="End"><bpmn:cancelEventDefinition />'
                                                         '</bpmn:endEvent>')),
         "endEvent", "End", 'id="End"', "endEvent 'End': a cancel end event must be directly inside a transaction, "
         "not in the process"),
    Case("cancel end in a subprocess", process(TX.replace("<bpmn:transaction", "<bpmn:subProcess")
                                               .replace("</bpmn:transaction>", "</bpmn:subProcess>")
                                               .replace('<bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx">\n'
                                                        '<bpmn:cancelEventDefinition id="cb" />\n</bpmn:boundaryEvent>\n',
                                                        "").replace('<bpmn:sequenceFlow id="f3" sourceRef="Cancelled" '
                                                                    'targetRef="RolledBack" />\n', "")
                                               .replace('<bpmn:endEvent id="RolledBack" />', "")),
         "endEvent", "CancelTx", 'id="CancelTx"', "must be directly inside a transaction, not in subProcess 'Tx'"),
    Case("cancel end in a subprocess of a transaction", process(INNER.replace(
        '<bpmn:endEvent id="InnerEnd" />', '<bpmn:endEvent id="InnerEnd"><bpmn:cancelEventDefinition /></bpmn:endEvent>')),
         "endEvent", "InnerEnd", 'id="InnerEnd"', "must be directly inside a transaction, not in subProcess 'Inner'"),
    Case("cancel end in an event subprocess of a transaction", process(TX.replace(
        '<bpmn:endEvent id="TxEnd" />', '<bpmn:endEvent id="TxEnd" />\n<bpmn:subProcess id="OnError" '
        'triggeredByEvent="true">\n<bpmn:startEvent id="OnErrorStart"><bpmn:errorEventDefinition /></bpmn:startEvent>\n'
        '<bpmn:sequenceFlow id="o1" sourceRef="OnErrorStart" targetRef="OnErrorEnd" />\n<bpmn:endEvent id="OnErrorEnd">'
        '<bpmn:cancelEventDefinition /></bpmn:endEvent>\n</bpmn:subProcess>')),
         "endEvent", "OnErrorEnd", 'id="OnErrorEnd"', "not in subProcess 'OnError'"),
    Case("cancel end without a cancel boundary event", process(
        TX.replace('<bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx">\n<bpmn:cancelEventDefinition id="cb" />\n'
                   '</bpmn:boundaryEvent>\n', "").replace('<bpmn:sequenceFlow id="f3" sourceRef="Cancelled" '
                                                          'targetRef="RolledBack" />\n', "")
        .replace('<bpmn:endEvent id="RolledBack" />', "")),
         "endEvent", "CancelTx", 'id="CancelTx"', "transaction 'Tx' has no cancel boundary event"),
    Case("cancel boundary on a task", process(INNER.replace(
        '<bpmn:endEvent id="TxEnd" />', '<bpmn:endEvent id="TxEnd" />\n<bpmn:boundaryEvent id="OnBook" '
        'attachedToRef="Book"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>\n'
        '<bpmn:sequenceFlow id="t8" sourceRef="OnBook" targetRef="TxEnd" />')),
         "boundaryEvent", "OnBook", 'id="OnBook"', "boundaryEvent 'OnBook': a cancel boundary event can only be "
         "attached to a transaction, not to userTask 'Book'"),
    Case("cancel boundary on a subprocess", process(INNER.replace(
        '<bpmn:endEvent id="TxEnd" />', '<bpmn:endEvent id="TxEnd" />\n<bpmn:boundaryEvent id="OnInner" '
        'attachedToRef="Inner"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>\n'
        '<bpmn:sequenceFlow id="t8" sourceRef="OnInner" targetRef="TxEnd" />')),
         "boundaryEvent", "OnInner", 'id="OnInner"', "not to subProcess 'Inner'"),
    Case("second cancel boundary", process(TX + '\n<bpmn:boundaryEvent id="Again" attachedToRef="Tx">'
                                           '<bpmn:cancelEventDefinition /></bpmn:boundaryEvent>\n'
                                           '<bpmn:sequenceFlow id="f4" sourceRef="Again" targetRef="RolledBack" />'),
         "boundaryEvent", "Again", 'id="Again"', "transaction 'Tx' already has the cancel boundary event 'Cancelled'"),
    Case("non-interrupting cancel boundary", process(TX.replace('<bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx">',
                                                                '<bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx" '
                                                                'cancelActivity="false">')),
         "boundaryEvent", "Cancelled", 'id="Cancelled"', "a cancel boundary event always interrupts its transaction"),
]


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_transactions_are_refused(case: Case) -> None:
    check(case, INVALID_BPMN)


UNSUPPORTED = [
    Case("method store", process(TX.replace('<bpmn:transaction id="Tx">',
                                            '<bpmn:transaction id="Tx" method="##Store">')),
         "transaction", "Tx", 'id="Tx"', "transaction 'Tx': method '##Store' is not supported (a transaction is undone "
         "by compensation"),
    Case("method image", process(TX.replace('<bpmn:transaction id="Tx">', '<bpmn:transaction id="Tx" method="##Image">')),
         "transaction", "Tx", 'id="Tx"', "method '##Image' is not supported"),
    Case("event transaction", process(TX.replace('<bpmn:endEvent id="End" />', '<bpmn:endEvent id="End" />\n'
                                                 '<bpmn:transaction id="Late" triggeredByEvent="true">\n'
                                                 '<bpmn:startEvent id="LateStart"><bpmn:errorEventDefinition />'
                                                 '</bpmn:startEvent>\n<bpmn:sequenceFlow id="l1" '
                                                 'sourceRef="LateStart" targetRef="LateEnd" />\n'
                                                 '<bpmn:endEvent id="LateEnd" />\n</bpmn:transaction>')),
         "transaction", "Late", 'id="Late"', "transaction 'Late': a transaction cannot be an event subprocess"),
    Case("cancel throw", process(TX.replace('<bpmn:endEvent id="TxEnd" />', '<bpmn:intermediateThrowEvent id="TxEnd">'
                                            '\n<bpmn:cancelEventDefinition id="tc" />\n</bpmn:intermediateThrowEvent>')),
         "cancelEventDefinition", "TxEnd", 'id="tc"', "intermediateThrowEvent 'TxEnd': cancel intermediate throw "
         "events are not supported (a cancel event is an end event inside a transaction, or a boundary event attached "
         "to one)"),
    Case("cancel catch", process(TX.replace(
        '<bpmn:sequenceFlow id="t4" sourceRef="Gate" targetRef="TxEnd" />',
        '<bpmn:sequenceFlow id="t4" sourceRef="Gate" targetRef="Wait" />\n<bpmn:intermediateCatchEvent id="Wait">\n'
        '<bpmn:cancelEventDefinition id="wc" />\n</bpmn:intermediateCatchEvent>\n'
        '<bpmn:sequenceFlow id="t5" sourceRef="Wait" targetRef="TxEnd" />')),
         "cancelEventDefinition", "Wait", 'id="wc"', "cancel intermediate catch events are not supported"),
    Case("cancel start", process(TX.replace('<bpmn:startEvent id="Start" />', '<bpmn:startEvent id="Start">\n'
                                            '<bpmn:cancelEventDefinition id="sc" />\n</bpmn:startEvent>')),
         "cancelEventDefinition", "Start", 'id="sc"', "startEvent 'Start': cancel start events are not supported"),
    Case("cancel start of an event subprocess", process(TX.replace(
        '<bpmn:endEvent id="TxEnd" />', '<bpmn:endEvent id="TxEnd" />\n<bpmn:subProcess id="OnCancel" '
        'triggeredByEvent="true">\n<bpmn:startEvent id="OnCancelStart">\n<bpmn:cancelEventDefinition id="ec" />\n'
        '</bpmn:startEvent>\n<bpmn:sequenceFlow id="o1" sourceRef="OnCancelStart" targetRef="OnCancelEnd" />\n'
        '<bpmn:endEvent id="OnCancelEnd" />\n</bpmn:subProcess>')),
         "cancelEventDefinition", "OnCancelStart", 'id="ec"', "cancel start events of event subprocesses are not "
         "supported"),
]


@pytest.mark.parametrize("case", UNSUPPORTED, ids=str)
def test_unsupported_transactions_are_refused(case: Case) -> None:
    check(case, UNSUPPORTED_BPMN_ELEMENT)
