"""Transaction subprocesses and cancel events (as Camunda 7 runs them): a transaction runs as an
embedded subprocess; a cancel end event inside it cancels what still runs there, compensates what
completed there (latest first, all at once, nested subprocesses reopened), and only once that has
finished does the cancel boundary event interrupt the transaction and its path go on. An error
ends a transaction without compensation; a transaction that completed hands its records to the
scope around it, as a subprocess does."""

from __future__ import annotations

import pytest

from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.compensation_support import Compensations, compensable, sequence, subprocess
from tests.engine.esp_support import MESSAGE, timer
from tests.engine.work_support import key

STATE = pi.ProcessInstance
CANCEL = "<bpmn:cancelEventDefinition />"

# The cancel boundary event of Tx, leading to the user task Rollback.
CANCELLED = f"""
  <bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx">{CANCEL}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="c1" sourceRef="Cancelled" targetRef="Rollback" />
  <bpmn:userTask id="Rollback" />
  <bpmn:sequenceFlow id="c2" sourceRef="Rollback" targetRef="RolledBack" />
  <bpmn:endEvent id="RolledBack" />"""

# A cancel end event, and the gateway that leads to it when ${cancel}, else to TxEnd.
CANCEL_GATE = f"""
  <bpmn:exclusiveGateway id="Gate" default="DEFAULT" />
  <bpmn:sequenceFlow id="ToCancel" sourceRef="Gate" targetRef="CancelTx">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{cancel}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:endEvent id="CancelTx">{CANCEL}</bpmn:endEvent>"""


def transaction(*steps: str, pieces: str = "", loop: str = "") -> str:
    """The transaction Tx: TxStart, ``steps`` (ending at the gateway Gate of CANCEL_GATE), TxEnd;
    ``loop``: its multiInstanceLoopCharacteristics."""
    flow_to_end = f"Txf{len(steps) + 1}"  # Gate -> TxEnd, as _chain numbers the flows
    body = subprocess("Tx", *steps, "Gate", pieces=pieces + CANCEL_GATE.replace("DEFAULT", flow_to_end))
    head, _, tail = body.replace('<bpmn:subProcess id="Tx">', f'<bpmn:transaction id="Tx">{loop}', 1).rpartition(
        "</bpmn:subProcess>")
    return head + "</bpmn:transaction>" + tail


@pytest.fixture
def engine(api, server) -> Compensations:  # type: ignore[no-untyped-def]
    return Compensations(api, server)


def _booking(engine: Compensations, *after: str) -> str:
    """Tx (Book and Charge with their handlers UndoBook and UndoCharge, then Decide), then ``after``;
    cancelled, Rollback."""
    tx = transaction("Book", "Charge", "Decide", pieces=compensable("Book") + compensable("Charge"))
    return engine.deploy_body(sequence(key("tx"), "Tx", *after, pieces=tx + CANCELLED))


def _decided(engine: Compensations, definition: str, cancel: bool, **variables: object) -> str:
    instance = engine.start_id(definition, {"cancel": cancel, **variables})
    engine.finish(instance, "Book", "Charge", "Decide")
    return instance


def _pass(engine: Compensations, instance: str, activity_id: str) -> list[tuple[str, str, str, str]]:
    return [p for p in engine.passes(instance) if p[0] == activity_id]


# -- the outcomes -------------------------------------------------------------------------------


def test_a_transaction_that_completes_is_left_by_its_flow_and_keeps_what_it_completed(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "After")
    instance = engine.start_id(definition, {"cancel": False})
    engine.finish(instance, "Book", "Charge")
    assert engine.where(instance) == ["Tx/Decide:userTask", "Tx:transaction"]
    engine.finish(instance, "Decide")
    assert engine.open_tasks(instance) == ["After"]
    assert _pass(engine, instance, "Tx") == [("Tx", "transaction", "completed", "")]
    assert _pass(engine, instance, "Cancelled") == [] and _pass(engine, instance, "CancelTx") == []
    # As a subprocess: the instance holds the transaction's record, with those made inside it.
    assert engine.records(instance) == [("Book", instance), ("Charge", instance), ("Tx", instance)]
    engine.finish(instance, "After")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


def test_a_cancel_end_event_compensates_the_transaction_before_its_boundary_event_takes_over(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "After")
    instance = engine.start_id(definition, {"cancel": True, "amount": 10})
    engine.set_local(engine.scope_of(instance, "Tx"), {"room": 12})
    engine.finish(instance, "Book", "Charge", "Decide")
    # Both handlers run at once, in the transaction, started in reverse order of completion; the
    # path waits at the cancel end event and the boundary event has not fired.
    assert engine.open_tasks(instance) == ["UndoBook", "UndoCharge"]
    assert engine.order(instance, "BookComp", "ChargeComp", "UndoBook", "UndoCharge") == [
        "ChargeComp", "BookComp", "UndoCharge", "UndoBook"]
    assert engine.where(instance) == ["Tx/CancelTx:cancelEndEvent", "Tx/UndoBook:userTask", "Tx/UndoCharge:userTask",
                                      "Tx:transaction"]
    assert len(engine.query(process_instance_id=instance, activity_id="CancelTx")) == 1
    assert _pass(engine, instance, "CancelTx") == [("CancelTx", "cancelEndEvent", "running", "Tx")]
    assert _pass(engine, instance, "Cancelled") == []
    # Handlers see the transaction's variables and the process's.
    assert engine.task_variables(engine.task(instance, "UndoBook")) == {"room": 12, "amount": 10, "cancel": True}
    engine.finish(instance, "UndoCharge")
    assert engine.open_tasks(instance) == ["UndoBook"]  # still compensating: the boundary waits
    engine.finish(instance, "UndoBook")
    assert engine.open_tasks(instance) == ["Rollback"]
    assert engine.where(instance) == ["Rollback:userTask"]
    assert _pass(engine, instance, "CancelTx") == [("CancelTx", "cancelEndEvent", "completed", "Tx")]
    assert _pass(engine, instance, "Cancelled") == [("Cancelled", "cancelBoundaryCatch", "completed", "")]
    assert _pass(engine, instance, "Tx") == [("Tx", "transaction", "canceled", "")]
    assert ("Decide", "userTask", "completed", "Tx") in engine.passes(instance)
    assert engine.records(instance) == []
    engine.finish(instance, "Rollback")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


def test_a_cancel_with_nothing_to_compensate_takes_the_boundary_event_at_once(engine) -> None:  # type: ignore[no-untyped-def]
    tx = transaction("Decide")
    definition = engine.deploy_body(sequence(key("bare"), "Tx", "After", pieces=tx + CANCELLED))
    instance = engine.start_id(definition, {"cancel": True})
    engine.finish(instance, "Decide")
    assert engine.open_tasks(instance) == ["Rollback"]
    assert _pass(engine, instance, "CancelTx") == [("CancelTx", "cancelEndEvent", "completed", "Tx")]
    assert _pass(engine, instance, "Tx") == [("Tx", "transaction", "canceled", "")]


def test_cancelling_interrupts_what_still_runs_in_the_transaction(engine) -> None:  # type: ignore[no-untyped-def]
    """A user task, a timer and a message wait beside the cancelling path are cancelled, and the
    transaction's own timer boundary event waits no more, before its compensation runs."""
    hour = timer("timeDuration", "PT1H")
    tx = f"""
  <bpmn:transaction id="Tx">
    <bpmn:startEvent id="TxStart" />
    <bpmn:sequenceFlow id="t1" sourceRef="TxStart" targetRef="Fork" />
    <bpmn:parallelGateway id="Fork" />
    <bpmn:sequenceFlow id="t2" sourceRef="Fork" targetRef="Book" />
    <bpmn:sequenceFlow id="t3" sourceRef="Fork" targetRef="Side" />
    <bpmn:sequenceFlow id="t4" sourceRef="Fork" targetRef="Later" />
    <bpmn:sequenceFlow id="t5" sourceRef="Fork" targetRef="Ping" />
    {compensable("Book")}
    <bpmn:sequenceFlow id="t6" sourceRef="Book" targetRef="CancelTx" />
    <bpmn:endEvent id="CancelTx">{CANCEL}</bpmn:endEvent>
    <bpmn:userTask id="Side" />
    <bpmn:intermediateCatchEvent id="Later">{hour}</bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="Ping">{MESSAGE}</bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="t7" sourceRef="Side" targetRef="Join" />
    <bpmn:sequenceFlow id="t8" sourceRef="Later" targetRef="Join" />
    <bpmn:sequenceFlow id="t9" sourceRef="Ping" targetRef="Join" />
    <bpmn:parallelGateway id="Join" />
    <bpmn:sequenceFlow id="t10" sourceRef="Join" targetRef="TxEnd" />
    <bpmn:endEvent id="TxEnd" />
  </bpmn:transaction>
  <bpmn:boundaryEvent id="TooLate" attachedToRef="Tx">{timer("timeDuration", "PT2H")}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="l1" sourceRef="TooLate" targetRef="Expired" />
  <bpmn:endEvent id="Expired" />"""
    definition = engine.deploy_body(sequence(key("busy"), "Tx", "After", pieces=tx + CANCELLED))
    instance = engine.start_id(definition)
    assert sorted(j.activity_id for j in engine.jobs_of(instance)) == ["Later", "TooLate"]
    assert len(engine.waiting_for_message(instance)) == 1
    engine.finish(instance, "Book")
    assert engine.open_tasks(instance) == ["UndoBook"]
    assert engine.jobs_of(instance) == [] and engine.waiting_for_message(instance) == set()
    assert engine.where(instance) == ["Tx/CancelTx:cancelEndEvent", "Tx/UndoBook:userTask", "Tx:transaction"]
    for interrupted in ("Side", "Later", "Ping"):
        assert _pass(engine, instance, interrupted)[0][2] == "canceled"
    engine.finish(instance, "UndoBook")
    assert engine.open_tasks(instance) == ["Rollback"]


def test_a_completed_subprocess_inside_is_compensated_a_running_one_is_not(engine) -> None:  # type: ignore[no-untyped-def]
    """Done completed (its inside is compensated in it, reopened with its variables); Running was
    still running when the transaction was cancelled: it is cancelled with what it recorded."""
    done = subprocess("Done", "Reserve", pieces=compensable("Reserve"))
    running = subprocess("Running", "Keep", "Wait", pieces=compensable("Keep"))
    tx = f"""
  <bpmn:transaction id="Tx">
    <bpmn:startEvent id="TxStart" />
    <bpmn:sequenceFlow id="t1" sourceRef="TxStart" targetRef="Fork" />
    <bpmn:parallelGateway id="Fork" />
    <bpmn:sequenceFlow id="t2" sourceRef="Fork" targetRef="Done" />
    <bpmn:sequenceFlow id="t3" sourceRef="Fork" targetRef="Running" />
    {done}
    {running}
    <bpmn:sequenceFlow id="t4" sourceRef="Done" targetRef="Decide" />
    <bpmn:userTask id="Decide" />
    <bpmn:sequenceFlow id="t5" sourceRef="Decide" targetRef="CancelTx" />
    <bpmn:endEvent id="CancelTx">{CANCEL}</bpmn:endEvent>
    <bpmn:sequenceFlow id="t6" sourceRef="Running" targetRef="TxEnd" />
    <bpmn:endEvent id="TxEnd" />
  </bpmn:transaction>"""
    definition = engine.deploy_body(sequence(key("nested"), "Tx", "After", pieces=tx + CANCELLED))
    instance = engine.start_id(definition)
    engine.set_local(engine.scope_of(instance, "Done"), {"room": 3})
    engine.finish(instance, "Reserve", "Keep", "Decide")
    assert engine.open_tasks(instance) == ["UndoReserve"]  # not UndoKeep
    assert engine.where(instance) == ["Tx/CancelTx:cancelEndEvent", "Tx/Done/UndoReserve:userTask", "Tx/Done:subProcess",
                                      "Tx:transaction"]
    assert engine.task_variables(engine.task(instance, "UndoReserve")) == {"room": 3}
    assert ("Running", "subProcess", "canceled", "Tx") in engine.passes(instance)
    assert ("Wait", "userTask", "canceled", "Running") in engine.passes(instance)
    engine.finish(instance, "UndoReserve")
    assert engine.open_tasks(instance) == ["Rollback"]
    assert sorted(p[2] for p in _pass(engine, instance, "Done")) == ["completed", "completed"]


def test_an_error_inside_a_transaction_ends_it_without_compensation(engine) -> None:  # type: ignore[no-untyped-def]
    """A hazard: the error boundary event of the transaction catches the error; nothing is
    compensated, and what the transaction recorded goes with it."""
    tx = f"""
  <bpmn:transaction id="Tx">
    <bpmn:startEvent id="TxStart" />
    <bpmn:sequenceFlow id="t1" sourceRef="TxStart" targetRef="Book" />
    {compensable("Book")}
    <bpmn:sequenceFlow id="t2" sourceRef="Book" targetRef="Fail" />
    <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
  </bpmn:transaction>
  <bpmn:boundaryEvent id="Failed" attachedToRef="Tx"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="e1" sourceRef="Failed" targetRef="Rescue" />
  <bpmn:userTask id="Rescue" />
  <bpmn:sequenceFlow id="e2" sourceRef="Rescue" targetRef="Rescued" />
  <bpmn:endEvent id="Rescued" />"""
    definition = engine.deploy_body(sequence(key("hazard"), "Tx", "Throw", "After", pieces=tx + CANCELLED))
    instance = engine.start_id(definition)
    engine.finish(instance, "Book")
    assert engine.open_tasks(instance) == ["Rescue"]
    assert _pass(engine, instance, "Tx") == [("Tx", "transaction", "canceled", "")]
    assert _pass(engine, instance, "UndoBook") == [] and _pass(engine, instance, "Cancelled") == []
    assert engine.records(instance) == []


def test_a_completed_transaction_is_compensated_from_outside_as_a_subprocess(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "Throw", "After")
    instance = _decided(engine, definition, cancel=False)
    assert engine.where(instance) == ["Throw:intermediateCompensationThrowEvent", "Tx/UndoBook:userTask",
                                      "Tx/UndoCharge:userTask", "Tx:transaction"]
    engine.finish(instance, "UndoBook", "UndoCharge")
    assert engine.open_tasks(instance) == ["After"]
    assert sorted(p[2] for p in _pass(engine, instance, "Tx")) == ["completed", "completed"]
    assert _pass(engine, instance, "Cancelled") == []


def test_one_instance_of_a_multi_instance_transaction_cancels_them_all(engine) -> None:  # type: ignore[no-untyped-def]
    """The instance that reaches the cancel end event is compensated (the others go on meanwhile);
    then the boundary event on the body cancels every instance, as in the document's engine."""
    loop = "<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality>" \
           "</bpmn:multiInstanceLoopCharacteristics>"
    tx = transaction("Book", "Decide", pieces=compensable("Book"), loop=loop)
    definition = engine.deploy_body(sequence(key("mitx"), "Tx", "After", pieces=tx + CANCELLED))
    instance = engine.start_id(definition, {"cancel": False})
    engine.finish(instance, "Book", "Book")
    [first, _] = [t.id for t in engine.tasks_of(instance)]
    engine.complete(first, {"cancel": True})
    assert engine.open_tasks(instance) == ["Decide", "UndoBook"]  # one instance compensates
    engine.finish(instance, "UndoBook")
    assert engine.open_tasks(instance) == ["Rollback"]
    assert _pass(engine, instance, "Tx#multiInstanceBody") == [("Tx#multiInstanceBody", "multiInstanceBody",
                                                                "canceled", "")]
    assert sorted(p[2] for p in _pass(engine, instance, "Decide")) == ["canceled", "completed"]
    assert engine.records(instance) == []


def test_deleting_an_instance_while_its_transaction_compensates(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "After")
    instance = _decided(engine, definition, cancel=True)
    engine.delete(instance)
    assert engine.instance(instance).state == STATE.STATE_EXTERNALLY_TERMINATED
    assert engine.records(instance) == [] and engine.tasks_of(instance) == []
    assert {p[2] for p in engine.passes(instance) if p[0] in ("CancelTx", "UndoBook", "UndoCharge", "Tx")} == {
        "canceled"}


def test_a_compensation_throw_inside_a_transaction_compensates_without_cancelling_it(engine) -> None:  # type: ignore[no-untyped-def]
    tx = transaction("Book", "ThrowIn", "Decide", pieces=compensable("Book"))
    definition = engine.deploy_body(sequence(key("inside"), "Tx", "After", pieces=tx + CANCELLED))
    instance = engine.start_id(definition, {"cancel": False})
    engine.finish(instance, "Book")
    assert engine.where(instance) == ["Tx/ThrowIn:intermediateCompensationThrowEvent", "Tx/UndoBook:userTask",
                                      "Tx:transaction"]
    engine.finish(instance, "UndoBook", "Decide")
    assert engine.open_tasks(instance) == ["After"]
    assert _pass(engine, instance, "Tx") == [("Tx", "transaction", "completed", "")]


def test_cancelling_a_handler_of_a_cancelled_transaction_counts_it_as_done(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "After")
    instance = _decided(engine, definition, cancel=True)
    engine.modify(instance, pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_CANCEL,
                                                       activity_id="UndoCharge"))
    assert engine.open_tasks(instance) == ["UndoBook"]
    engine.finish(instance, "UndoBook")
    assert engine.open_tasks(instance) == ["Rollback"]
