"""Compensation (as Camunda 7 runs it): an activity with a compensation boundary event is recorded
when it completes; a compensation throw event (intermediate or end) runs the handlers of what its
scope completed, latest first, all at once, and waits until they have finished; a completed
subprocess is compensated with its inner handlers (or its compensation event subprocess) and a
snapshot of its variables. Records go with their scope, and with their compensation."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import job_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.compensation_support import THROW, Compensations, compensable, sequence, subprocess, throw
from tests.engine.esp_support import called_process
from tests.engine.work_support import key
from tests.support import expect_error

STATE = pi.ProcessInstance
I = pi.ModificationInstruction


@pytest.fixture
def engine(api, server) -> Compensations:  # type: ignore[no-untyped-def]
    return Compensations(api, server)


def _booking(engine: Compensations, *steps: str) -> str:
    """Book and Charge, each with its handler (user tasks UndoBook, UndoCharge), then ``steps``."""
    return engine.deploy_body(sequence(key("booking"), "Book", "Charge", *steps,
                                       pieces=compensable("Book") + compensable("Charge")))


def _booked(engine: Compensations, definition: str) -> str:
    instance = engine.start_id(definition, {"amount": 10})
    engine.finish(instance, "Book", "Charge")
    return instance


# -- throwing -----------------------------------------------------------------------------------


def test_an_intermediate_throw_event_runs_the_handlers_latest_first_and_waits_for_them(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "Throw", "After")
    instance = engine.start_id(definition)
    engine.finish(instance, "Book")
    assert engine.records(instance) == [("Book", instance)]  # recorded in the scope it ran in
    engine.finish(instance, "Charge")
    # Both handlers run at once, started in reverse order of completion; the throw event waits.
    assert engine.open_tasks(instance) == ["UndoBook", "UndoCharge"]
    assert engine.order(instance, "UndoBook", "UndoCharge", "BookComp", "ChargeComp") == [
        "ChargeComp", "BookComp", "UndoCharge", "UndoBook"]
    assert engine.where(instance) == ["Throw:intermediateCompensationThrowEvent", "UndoBook:userTask",
                                      "UndoCharge:userTask"]
    assert ("Throw", "intermediateCompensationThrowEvent", "running", "") in engine.passes(instance)
    assert ("BookComp", "compensationBoundaryCatch", "completed", "") in engine.passes(instance)
    assert [r[0] for r in engine.records(instance)] == ["Book", "Charge"]  # the running compensations
    engine.finish(instance, "UndoCharge")
    assert engine.open_tasks(instance) == ["UndoBook"]  # still waiting for the other
    engine.finish(instance, "UndoBook")
    assert engine.open_tasks(instance) == ["After"]
    assert ("Throw", "intermediateCompensationThrowEvent", "completed", "") in engine.passes(instance)
    assert engine.records(instance) == []
    engine.finish(instance, "After")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


def test_a_compensation_end_event_ends_its_path_once_the_handlers_have_finished(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "EndUndo")
    instance = _booked(engine, definition)
    assert engine.where(instance) == ["EndUndo:compensationEndEvent", "UndoBook:userTask", "UndoCharge:userTask"]
    engine.finish(instance, "UndoBook", "UndoCharge")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED
    assert ("EndUndo", "compensationEndEvent", "completed", "") in engine.passes(instance)


def test_a_throw_with_nothing_to_compensate_goes_on_and_nothing_is_compensated_twice(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(sequence(key("twice"), "Throw0", "Book", "Throw1", "Middle", "Throw2", "After",
                                             pieces=compensable("Book")))
    instance = engine.start_id(definition)
    assert engine.open_tasks(instance) == ["Book"]  # Throw0 found nothing
    engine.finish(instance, "Book", "UndoBook", "Middle")
    assert engine.open_tasks(instance) == ["After"]  # Throw2 found nothing: Book was compensated by Throw1
    assert engine.order(instance, "UndoBook") == ["UndoBook"]


def test_activity_ref_compensates_that_activity_only(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, f"ThrowBook={throw('Book')}", "Review", "EndAll")
    instance = _booked(engine, definition)
    assert engine.open_tasks(instance) == ["UndoBook"]
    [compensating] = engine.query(process_instance_id=instance, activity_id="UndoBook")
    assert engine.records(instance) == [("Book", compensating), ("Charge", instance)]
    engine.finish(instance, "UndoBook", "Review")
    assert engine.open_tasks(instance) == ["UndoCharge"]  # the end event compensates what is left
    engine.finish(instance, "UndoCharge")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


def test_records_go_with_the_instance(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "After")
    instance = _booked(engine, definition)
    assert engine.records(instance) == [("Book", instance), ("Charge", instance)]
    engine.finish(instance, "After")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED
    assert engine.records(instance) == []


def test_handlers_may_be_external_tasks_which_workers_complete_and_whose_failures_are_incidents(engine) -> None:  # type: ignore[no-untyped-def]
    topic = key("refund")
    handler = f'<bpmn:serviceTask id="Refund" camunda:type="external" camunda:topic="{topic}" isForCompensation="true" />'
    definition = engine.deploy_body(sequence(key("external"), "Charge", "Throw", "After",
                                             pieces=compensable("Charge", handler=handler)))
    done = _charged(engine, definition)
    [locked] = engine.fetch("w", engine.topic(topic))
    engine.complete_external(locked.external_task.id, "w")
    assert engine.open_tasks(done) == ["After"]

    failing = _charged(engine, definition)
    [locked] = engine.fetch("w", engine.topic(topic))
    engine.fail(locked.external_task.id, "w", retries=0)
    [refund] = [n for n in engine.activity_tree(failing).child_activity_instances if n.activity_id == "Refund"]
    assert len(refund.incident_ids) == 1


def _charged(engine: Compensations, definition: str) -> str:
    instance = engine.start_id(definition)
    engine.finish(instance, "Charge")
    return instance


# -- variables and subprocesses -----------------------------------------------------------------


def test_a_handler_sees_the_variables_of_the_scope_its_activity_ran_in(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "Throw", "After")
    instance = engine.start_id(definition, {"amount": 10})
    engine.finish(instance, "Book", "Charge")
    engine.set_variables(instance, {"amount": 12})  # process variables are seen as they are now
    assert engine.task_variables(engine.task(instance, "UndoBook")) == {"amount": 12}


def _trip(engine: Compensations, *after: str, sub_pieces: str = "", attributes: str = "") -> str:
    """Sub (Reserve with UndoReserve inside; ``sub_pieces``), then Pay with UndoPay, then ``after``."""
    pieces = subprocess("Sub", "Reserve", pieces=compensable("Reserve") + sub_pieces, attributes=attributes)
    return engine.deploy_body(sequence(key("trip"), "Sub", "Pay", *after, pieces=pieces + compensable("Pay")))


def test_a_completed_subprocess_is_compensated_with_its_inner_handlers_and_a_snapshot_of_its_variables(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _trip(engine, "Throw", "After")
    instance = engine.start_id(definition, {"city": "Parma"})
    engine.set_local(engine.scope_of(instance, "Sub"), {"room": 12, "city": "Lucca"})
    engine.finish(instance, "Reserve")
    # The subprocess completed: its record holds the inner one and the snapshot.
    assert [r[0] for r in engine.records(instance)] == ["Reserve", "Sub"]
    engine.set_variables(instance, {"city": "Pisa"})
    engine.finish(instance, "Pay")
    assert engine.order(instance, "UndoPay", "UndoReserve") == ["UndoPay", "UndoReserve"]
    assert engine.where(instance) == ["Sub/UndoReserve:userTask", "Sub:subProcess",
                                      "Throw:intermediateCompensationThrowEvent", "UndoPay:userTask"]
    # The subprocess's snapshot (its local city hides the process's), the process's variables as they are now.
    assert engine.task_variables(engine.task(instance, "UndoReserve")) == {"room": 12, "city": "Lucca"}
    assert engine.task_variables(engine.task(instance, "UndoPay")) == {"city": "Pisa"}
    assert sorted(p[2] for p in engine.passes(instance) if p[0] == "Sub") == ["completed", "running"]
    assert ("UndoReserve", "userTask", "running", "Sub") in engine.passes(instance)
    engine.finish(instance, "UndoReserve")
    assert engine.where(instance) == ["Throw:intermediateCompensationThrowEvent", "UndoPay:userTask"]
    engine.finish(instance, "UndoPay")
    assert engine.open_tasks(instance) == ["After"]
    assert sorted(p[2] for p in engine.passes(instance) if p[0] == "Sub") == ["completed", "completed"]


def test_a_subprocess_named_by_activity_ref_compensates_its_inside(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _trip(engine, f"ThrowSub={throw('Sub')}", "After")
    instance = engine.start_id(definition)
    engine.finish(instance, "Reserve", "Pay")
    assert engine.open_tasks(instance) == ["UndoReserve"]
    engine.finish(instance, "UndoReserve")
    assert engine.open_tasks(instance) == ["After"]
    assert engine.records(instance) == [("Pay", instance)]


def test_a_throw_inside_a_subprocess_compensates_what_completed_inside_it(engine) -> None:  # type: ignore[no-untyped-def]
    pieces = subprocess("Sub", "Reserve", "ThrowIn", "Confirm", pieces=compensable("Reserve"))
    definition = engine.deploy_body(sequence(key("inner"), "Pay", "Sub", "After", pieces=compensable("Pay") + pieces))
    instance = engine.start_id(definition)
    engine.finish(instance, "Pay", "Reserve")
    assert engine.open_tasks(instance) == ["UndoReserve"]  # not UndoPay: compensation stays in its scope
    assert engine.where(instance) == ["Sub/ThrowIn:intermediateCompensationThrowEvent", "Sub/UndoReserve:userTask",
                                      "Sub:subProcess"]
    engine.finish(instance, "UndoReserve", "Confirm")
    assert engine.open_tasks(instance) == ["After"]


def test_a_subprocess_with_a_handler_of_its_own_runs_it_beside_its_inside(engine) -> None:  # type: ignore[no-untyped-def]
    pieces = compensable("Sub", subprocess("Sub", "Reserve", pieces=compensable("Reserve")))
    definition = engine.deploy_body(sequence(key("both"), "Sub", "Throw", "After", pieces=pieces))
    instance = engine.start_id(definition)
    engine.finish(instance, "Reserve")
    assert engine.where(instance) == ["Sub/UndoReserve:userTask", "Sub:subProcess",
                                      "Throw:intermediateCompensationThrowEvent", "UndoSub:userTask"]
    engine.finish(instance, "UndoSub", "UndoReserve")
    assert engine.open_tasks(instance) == ["After"]


COMPENSATION_ESP = f"""
  <bpmn:subProcess id="OnUndo" triggeredByEvent="true">
    <bpmn:startEvent id="OnUndoStart">{THROW}</bpmn:startEvent>
    <bpmn:sequenceFlow id="u1" sourceRef="OnUndoStart" targetRef="Notify" />
    <bpmn:userTask id="Notify" />
    <bpmn:sequenceFlow id="u2" sourceRef="Notify" targetRef="ThrowInside" />
    <bpmn:intermediateThrowEvent id="ThrowInside">{THROW}</bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="u3" sourceRef="ThrowInside" targetRef="OnUndoEnd" />
    <bpmn:endEvent id="OnUndoEnd" />
  </bpmn:subProcess>"""


def test_a_compensation_event_subprocess_handles_its_subprocess_compensation(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _trip(engine, "Throw", "After", sub_pieces=COMPENSATION_ESP)
    instance = engine.start_id(definition)
    engine.finish(instance, "Reserve", "Pay")
    # Instead of the inner handlers, the event subprocess runs; its own throw compensates the inside.
    assert engine.open_tasks(instance) == ["Notify", "UndoPay"]
    assert "Sub/OnUndo/Notify:userTask" in engine.where(instance)
    assert ("OnUndoStart", "compensationStartEvent", "completed", "OnUndo") in engine.passes(instance)
    engine.finish(instance, "Notify")
    assert engine.open_tasks(instance) == ["UndoPay", "UndoReserve"]
    engine.finish(instance, "UndoReserve")
    assert engine.open_tasks(instance) == ["UndoPay"]
    engine.finish(instance, "UndoPay")
    assert engine.open_tasks(instance) == ["After"]


def test_an_error_event_subprocess_compensates_what_the_process_completed(engine) -> None:  # type: ignore[no-untyped-def]
    """The saga: an error interrupts the process; its event subprocess throws compensation, which
    reaches the activities of the process around it."""
    esp = f"""
  <bpmn:subProcess id="Failed" triggeredByEvent="true">
    <bpmn:startEvent id="FailedStart"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="e1" sourceRef="FailedStart" targetRef="Rollback" />
    <bpmn:endEvent id="Rollback">{THROW}</bpmn:endEvent>
  </bpmn:subProcess>"""
    definition = engine.deploy_body(sequence(key("saga"), "Book", "Ship", pieces=compensable("Book") + esp))
    instance = engine.start_id(definition)
    engine.finish(instance, "Book")
    engine.bpmn_error(engine.task(instance, "Ship"), "FAILED")
    assert engine.where(instance) == ["Failed/Rollback:compensationEndEvent", "Failed:subProcess", "UndoBook:userTask"]
    engine.finish(instance, "UndoBook")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


# -- multi-instance and call activities ---------------------------------------------------------


def test_each_completed_instance_of_a_multi_instance_activity_is_compensated(engine) -> None:  # type: ignore[no-untyped-def]
    book = ('<bpmn:userTask id="Book"><bpmn:multiInstanceLoopCharacteristics>'
            "<bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>")
    definition = engine.deploy_body(sequence(key("mi"), "Book", "Throw", "After", pieces=compensable("Book", book)))
    instance = engine.start_id(definition)
    engine.finish(instance, "Book", "Book")
    body = engine.scope_of(instance, "Book#multiInstanceBody")
    assert engine.records(instance) == [("Book", body), ("Book", body)]  # one per completed instance
    engine.finish(instance, "Book")
    assert engine.open_tasks(instance) == ["UndoBook", "UndoBook", "UndoBook"]
    engine.finish(instance, "UndoBook", "UndoBook", "UndoBook")
    assert engine.open_tasks(instance) == ["After"]


def test_a_throw_inside_a_multi_instance_subprocess_compensates_its_own_instance(engine) -> None:  # type: ignore[no-untyped-def]
    loop = ('<bpmn:multiInstanceLoopCharacteristics camunda:collection="${items}" camunda:elementVariable="item" />')
    pieces = subprocess("Sub", "Reserve", "ThrowIn", "Confirm", pieces=compensable("Reserve"))
    pieces = pieces.replace("<bpmn:startEvent", loop + "<bpmn:startEvent", 1)
    definition = engine.deploy_body(sequence(key("misub"), "Sub", "After", pieces=pieces))
    instance = engine.start_id(definition, {"items": ["a", "b"]})
    first = engine.tasks_of(instance)[0]
    item = engine.task_variables(first.id)["item"]
    engine.complete(first.id)
    [undo] = [t for t in engine.tasks_of(instance) if t.task_definition_key == "UndoReserve"]
    assert engine.task_variables(undo.id)["item"] == item  # it runs in the instance, with its variables
    assert sorted(engine.open_tasks(instance)) == ["Reserve", "UndoReserve"]
    engine.complete(undo.id)
    assert sorted(engine.open_tasks(instance)) == ["Confirm", "Reserve"]


def test_a_multi_instance_subprocess_is_compensated_per_instance_with_its_instance_variables(engine) -> None:  # type: ignore[no-untyped-def]
    loop = '<bpmn:multiInstanceLoopCharacteristics camunda:collection="${items}" camunda:elementVariable="item" />'
    pieces = subprocess("Sub", "Reserve", pieces=compensable("Reserve"))
    pieces = pieces.replace("<bpmn:startEvent", loop + "<bpmn:startEvent", 1)
    definition = engine.deploy_body(sequence(key("misnap"), "Sub", "Throw", "After", pieces=pieces))
    instance = engine.start_id(definition, {"items": ["a", "b"]})
    engine.finish(instance, "Reserve", "Reserve")
    undone = sorted(engine.task_variables(t.id)["item"] for t in engine.tasks_of(instance))
    assert undone == ["a", "b"]
    engine.finish(instance, "UndoReserve", "UndoReserve")
    assert engine.open_tasks(instance) == ["After"]


def test_a_call_activity_is_compensated_by_its_own_handler_only(engine) -> None:  # type: ignore[no-untyped-def]
    child = key("called")
    called = called_process(child).replace('<bpmn:userTask id="Check" />', compensable("Check"))
    call = f'<bpmn:callActivity id="Call" calledElement="{child}" />'
    definition = engine.deploy_body(sequence(key("caller"), "Call", "Throw", "After", pieces=compensable("Call", call)),
                                    (child, called))
    instance = engine.start_id(definition)
    [called_instance] = engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    engine.finish(called_instance.id, "Check")
    assert engine.open_tasks(instance) == ["UndoCall"]
    assert engine.records(called_instance.id) == []  # the called instance's record ended with it


# -- modification, deletion, suspension ---------------------------------------------------------


def test_cancelling_a_running_handler_counts_it_as_done(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "Throw", "After")
    instance = _booked(engine, definition)
    engine.modify(instance, I(type=I.TYPE_CANCEL, activity_id="UndoCharge"))
    assert engine.open_tasks(instance) == ["UndoBook"]
    assert ("UndoCharge", "userTask", "canceled", "") in engine.passes(instance)
    engine.finish(instance, "UndoBook")
    assert engine.open_tasks(instance) == ["After"]


def test_cancelling_a_reopened_subprocess_releases_the_throw(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _trip(engine, f"ThrowSub={throw('Sub')}", "After")
    instance = engine.start_id(definition)
    engine.finish(instance, "Reserve", "Pay")
    engine.modify(instance, I(type=I.TYPE_CANCEL, activity_instance_id=engine.activity_tree_id(instance, "Sub")))
    assert engine.open_tasks(instance) == ["After"]


def test_a_modification_may_start_a_handler_alone(engine) -> None:  # type: ignore[no-untyped-def]
    """As any activity: it runs once, and its path ends (a handler has no outgoing flows)."""
    definition = _booking(engine, "After")
    instance = _booked(engine, definition)
    engine.modify(instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="UndoBook"))
    assert engine.open_tasks(instance) == ["After", "UndoBook"]
    engine.finish(instance, "UndoBook")
    assert engine.open_tasks(instance) == ["After"]
    assert [r[0] for r in engine.records(instance)] == ["Book", "Charge"]  # nothing was compensated


def test_deleting_an_instance_while_it_compensates(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "Throw", "After")
    instance = _booked(engine, definition)
    engine.delete(instance)
    assert engine.instance(instance).state == STATE.STATE_EXTERNALLY_TERMINATED
    assert engine.records(instance) == [] and engine.tasks_of(instance) == []
    assert {p[2] for p in engine.passes(instance) if p[0] in ("Throw", "UndoBook", "UndoCharge")} == {"canceled"}


def test_a_suspended_instance_holds_its_handlers(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _booking(engine, "Throw", "After")
    instance = _booked(engine, definition)
    engine.suspend(instance)
    expect_error(lambda: engine.finish(instance, "UndoBook"), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    engine.activate(instance)
    engine.finish(instance, "UndoBook", "UndoCharge")
    assert engine.open_tasks(instance) == ["After"]


# -- subprocesses nested deeper, asynchronous handlers ------------------------------------------


def test_a_subprocess_nested_two_levels_deep_is_compensated_inside_its_reopened_parents(engine) -> None:  # type: ignore[no-untyped-def]
    """Outer completed with Inner completed inside it: a throw outside reopens Outer, then Inner
    inside it, each with its snapshot, and runs Reserve's handler in Inner."""
    inner = subprocess("Inner", "Reserve", pieces=compensable("Reserve"))
    outer = subprocess("Outer", "Inner", "Check", pieces=inner)
    definition = engine.deploy_body(sequence(key("deep"), "Outer", "Throw", "After", pieces=outer))
    instance = engine.start_id(definition, {"city": "Parma"})
    engine.set_local(engine.scope_of(instance, "Outer"), {"trip": 7})
    engine.set_local(engine.scope_of(instance, "Inner"), {"room": 12})
    engine.finish(instance, "Reserve")
    assert [r[0] for r in engine.records(instance)] == ["Inner", "Reserve"]  # held by Outer's scope
    engine.finish(instance, "Check")  # Outer completes: the throw compensates it
    assert engine.where(instance) == ["Outer/Inner/UndoReserve:userTask", "Outer/Inner:subProcess", "Outer:subProcess",
                                      "Throw:intermediateCompensationThrowEvent"]
    assert engine.task_variables(engine.task(instance, "UndoReserve")) == {"room": 12, "trip": 7, "city": "Parma"}
    assert ("UndoReserve", "userTask", "running", "Inner") in engine.passes(instance)
    engine.finish(instance, "UndoReserve")
    assert engine.open_tasks(instance) == ["After"]
    assert engine.records(instance) == []
    assert sorted(p[2] for p in engine.passes(instance) if p[0] in ("Outer", "Inner")) == ["completed"] * 4


def test_an_asynchronous_handler_runs_by_its_job_and_the_throw_waits_for_it(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """camunda:asyncBefore on a handler: its path waits at a job (the throw waits too); the job
    enters the handler; the throw goes on once it completed. The same with asyncAfter."""
    quiet = fresh_server(server.backend, background=False)
    engine = Compensations(quiet.api(), quiet)
    handler = '<bpmn:userTask id="UndoBook" isForCompensation="true" camunda:asyncBefore="true" camunda:asyncAfter="true" />'
    definition = engine.deploy_body(sequence(key("async"), "Book", "Throw", "After",
                                             pieces=compensable("Book", handler=handler)))
    instance = engine.start_id(definition)
    engine.finish(instance, "Book")
    [job] = engine.jobs_of(instance)
    assert (job.activity_id, engine.open_tasks(instance)) == ("UndoBook", [])
    assert engine.where(instance) == ["Throw:intermediateCompensationThrowEvent"]
    assert [t.activity_id for t in engine.activity_tree(instance).child_transition_instances] == ["UndoBook"]
    engine.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id))
    assert engine.open_tasks(instance) == ["UndoBook"]
    engine.finish(instance, "UndoBook")
    [after] = engine.jobs_of(instance)  # asyncAfter: the handler's path ends by its job
    assert engine.open_tasks(instance) == []
    engine.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=after.id))
    assert engine.open_tasks(instance) == ["After"]
    assert ("Throw", "intermediateCompensationThrowEvent", "completed", "") in engine.passes(instance)
