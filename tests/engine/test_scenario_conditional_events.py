"""Conditional events (as Camunda 7 runs them): an intermediate conditional catch event waits
until its condition holds (and passes at once when it holds on arrival), a conditional boundary
event interrupts its activity (or, non-interrupting, starts a path beside it each time a change
makes it hold), a conditional start event starts its event subprocess.

Conditions are evaluated as their scope begins (before the activity runs, before the scope's
start event runs) and on each change of a process variable that reaches them; camunda:variableName
and camunda:variableEvents narrow the changes. Their waits are event subscriptions of type
``conditional``; the execution query, the activity instance tree, the statistics and the history
show them as other waits, with the activity types the document's engine gives them."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.conditional_support import (Conditionals, conditional, conditional_start, intermediate, on_task,
                                              started_by_condition)
from tests.engine.esp_support import MESSAGE, at_process_level, called_process, in_subprocess
from tests.engine.support import typed
from tests.engine.work_support import key
from tests.support import expect_error

STATE = pi.ProcessInstance
I = pi.ModificationInstruction


@pytest.fixture
def engine(api, server) -> Conditionals:  # type: ignore[no-untyped-def]
    return Conditionals(api, server)


# -- intermediate conditional catch events ------------------------------------------------------


def test_an_intermediate_conditional_event_whose_condition_holds_on_arrival_passes_at_once(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(intermediate(key("ice_now"), conditional("${amount > 100}")))
    instance = engine.start_id(definition, {"amount": 150})
    assert engine.open_tasks(instance) == ["After"]
    assert engine.conditional_waits(instance) == []
    assert engine.passes(instance) == [("After", "userTask", "running", ""), ("Start", "startEvent", "completed", ""),
                                       ("Wait", "intermediateConditional", "completed", "")]


def test_an_intermediate_conditional_event_waits_until_a_change_makes_its_condition_hold(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(intermediate(key("ice_wait"), conditional("${amount > 100}")))
    instance = engine.start_id(definition, {"amount": 50})
    # The path waits at Wait: a subscription of its execution, seen as any wait is.
    assert engine.conditional_waits(instance) == [("Wait", instance)]
    assert engine.query(process_instance_id=instance, activity_id="Wait") == {instance}
    assert engine.where(instance) == ["Wait:intermediateConditional"]
    assert [i.id for i in engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        activity_id_in=["Wait"], process_definition_id=definition)).process_instances] == [instance]
    statistics = engine.definitions.GetActivityStatistics(pd.GetActivityStatisticsRequest(
        definition=pd.DefinitionRef(id=definition))).activities
    assert {a.activity_id: a.instances for a in statistics} == {"Wait": 1}
    assert ("Wait", "intermediateConditional", "running", "") in engine.passes(instance)

    engine.set_variables(instance, {"amount": 100})  # evaluated: still false
    assert engine.conditional_waits(instance) == [("Wait", instance)]
    engine.set_variables(instance, {"amount": 101})
    assert engine.conditional_waits(instance) == []
    assert engine.open_tasks(instance) == ["After"]
    assert ("Wait", "intermediateConditional", "completed", "") in engine.passes(instance)
    engine.finish(instance, "After")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


def test_a_condition_naming_a_variable_that_does_not_exist_is_false(engine) -> None:  # type: ignore[no-untyped-def]
    """As the document's engine's tryEvaluate: no error, the event keeps waiting."""
    definition = engine.deploy_body(intermediate(key("ice_unknown"), conditional("${approved == true}")))
    instance = engine.start_id(definition)
    assert engine.conditional_waits(instance) == [("Wait", instance)]
    engine.set_variables(instance, {"other": 1})
    assert engine.conditional_waits(instance) == [("Wait", instance)]
    engine.set_variables(instance, {"approved": True})
    assert engine.open_tasks(instance) == ["After"]


def test_camunda_variable_name_narrows_the_changes_that_evaluate_the_condition(engine) -> None:  # type: ignore[no-untyped-def]
    """The condition reads `ready`, but only a change of `trigger` evaluates it."""
    definition = engine.deploy_body(intermediate(key("ice_name"), conditional("${ready}", variable_name="trigger")))
    instance = engine.start_id(definition, {"ready": False})
    engine.set_variables(instance, {"ready": True})
    assert engine.conditional_waits(instance) == [("Wait", instance)]  # not evaluated: holds, but waits
    engine.set_variables(instance, {"trigger": 1})
    assert engine.open_tasks(instance) == ["After"]


def test_camunda_variable_events_narrow_the_kinds_of_change(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(intermediate(key("ice_update"), conditional("${x == 1}", events="update")))
    instance = engine.start_id(definition)
    engine.set_variables(instance, {"x": 1})  # a creation: not evaluated
    assert engine.conditional_waits(instance) == [("Wait", instance)]
    engine.set_variables(instance, {"x": 1})  # an update (the same value is an update too)
    assert engine.open_tasks(instance) == ["After"]


def test_a_deletion_is_a_change_too(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(intermediate(key("ice_delete"), conditional("${done}", "lock", "delete")))
    instance = engine.start_id(definition, {"done": False, "lock": "held"})
    engine.set_variables(instance, {"done": True, "lock": "still held"})  # an update of lock: not listened to
    assert engine.conditional_waits(instance) == [("Wait", instance)]
    engine.set_variables(instance, {}, deletions=("lock",))
    assert engine.open_tasks(instance) == ["After"]
    assert "lock" not in engine.variables(instance)


GATEWAY = """
<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Gate" />
  <bpmn:eventBasedGateway id="Gate" />
  <bpmn:sequenceFlow id="f2" sourceRef="Gate" targetRef="Paid" />
  <bpmn:sequenceFlow id="f3" sourceRef="Gate" targetRef="Cheap" />
  <bpmn:sequenceFlow id="f4" sourceRef="Gate" targetRef="Free" />
  <bpmn:intermediateCatchEvent id="Paid">{message}</bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="Cheap">{cheap}</bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="Free">{free}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f5" sourceRef="Paid" targetRef="Ship" />
  <bpmn:sequenceFlow id="f6" sourceRef="Cheap" targetRef="Discount" />
  <bpmn:sequenceFlow id="f7" sourceRef="Free" targetRef="Gift" />
  <bpmn:userTask id="Ship" /><bpmn:userTask id="Discount" /><bpmn:userTask id="Gift" />
  <bpmn:sequenceFlow id="f8" sourceRef="Ship" targetRef="End" />
  <bpmn:sequenceFlow id="f9" sourceRef="Discount" targetRef="End" />
  <bpmn:sequenceFlow id="f10" sourceRef="Gift" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def _gateway(engine: Conditionals) -> str:
    return engine.deploy_body(GATEWAY.format(key=key("ice_gate"), message=MESSAGE,
                                             cheap=conditional("${price < 10}"), free=conditional("${price == 0}")))


def test_after_an_event_based_gateway_the_first_conditional_event_that_holds_takes_the_path(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _gateway(engine)
    # On arrival: both hold; the first in the order of the gateway's flows wins.
    now = engine.start_id(definition, {"price": 0})
    assert engine.open_tasks(now) == ["Discount"]
    assert engine.conditional_waits(now) == [] and engine.waiting_for_message(now) == set()
    assert [p[:3] for p in engine.passes(now) if p[0] in ("Gate", "Cheap")] == [
        ("Cheap", "intermediateConditional", "completed"), ("Gate", "eventBasedGateway", "completed")]

    later = engine.start_id(definition, {"price": 50})
    assert engine.conditional_waits(later) == [("Cheap", later), ("Free", later)]
    assert engine.waiting_for_message(later) == {later}
    engine.set_variables(later, {"price": 0})
    assert engine.open_tasks(later) == ["Discount"]
    assert engine.conditional_waits(later) == [] and engine.waiting_for_message(later) == set()


def test_after_an_event_based_gateway_a_message_that_comes_first_takes_the_path(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _gateway(engine)
    instance = engine.start_id(definition, {"price": 50})
    # The message's variables make a condition hold; the message came first and took the path.
    engine.correlate(process_instance_id=instance, process_variables={"price": 0})
    assert engine.open_tasks(instance) == ["Ship"]
    assert engine.conditional_waits(instance) == []


# -- conditional boundary events -----------------------------------------------------------------


def test_an_interrupting_conditional_boundary_event_cancels_its_activity(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(on_task(key("cbe"), conditional("${changed}")))
    instance = engine.start_id(definition, {"changed": False})
    # The boundary event waits on the task's scope execution (its task's execution).
    [(activity, execution)] = engine.conditional_waits(instance)
    assert activity == "Changed" and engine.query(process_instance_id=instance, activity_id="Work") == {execution}
    engine.set_variables(instance, {"changed": True})
    assert engine.open_tasks(instance) == ["Rework"]
    assert engine.conditional_waits(instance) == []
    assert engine.passes(instance) == [
        ("Changed", "boundaryConditional", "completed", ""), ("Rework", "userTask", "running", ""),
        ("Start", "startEvent", "completed", ""), ("Work", "userTask", "canceled", "")]
    assert engine.where(instance) == ["Rework:userTask"]


def test_a_non_interrupting_conditional_boundary_event_fires_on_each_change_that_makes_it_hold(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(on_task(key("cbe_non"), conditional("${amount > 100}"), interrupting=False))
    instance = engine.start_id(definition, {"amount": 0})
    engine.set_variables(instance, {"amount": 150})
    engine.set_variables(instance, {"amount": 50})  # false: nothing
    engine.set_variables(instance, {"amount": 200})
    assert engine.open_tasks(instance) == ["Rework", "Rework", "Work"]
    assert [w[0] for w in engine.conditional_waits(instance)] == ["Changed"]  # still waiting
    assert [p[:3] for p in engine.passes(instance) if p[0] == "Changed"] == [
        ("Changed", "boundaryConditional", "completed")] * 2
    engine.finish(instance, "Work")  # the activity ends: its boundary event stops waiting
    assert engine.conditional_waits(instance) == []
    assert engine.open_tasks(instance) == ["Rework", "Rework"]


@pytest.mark.parametrize("interrupting", [True, False], ids=["interrupting", "non-interrupting"])
def test_a_conditional_boundary_event_that_holds_as_its_activity_begins_fires_at_once(engine, interrupting) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(on_task(key("cbe_entry"), conditional("${urgent}"), interrupting=interrupting))
    instance = engine.start_id(definition, {"urgent": True})
    if interrupting:  # the activity never ran: no task was created
        assert engine.open_tasks(instance) == ["Rework"]
        assert ("Work", "userTask", "canceled", "") in engine.passes(instance)
        assert engine.conditional_waits(instance) == []
    else:
        assert engine.open_tasks(instance) == ["Rework", "Work"]
        assert [w[0] for w in engine.conditional_waits(instance)] == ["Changed"]


def test_a_conditional_boundary_event_on_a_subprocess_cancels_all_inside(engine) -> None:  # type: ignore[no-untyped-def]
    boundary = ('<bpmn:boundaryEvent id="Caught" attachedToRef="Sub">' + conditional("${cancelled}")
                + "</bpmn:boundaryEvent>")
    definition = engine.deploy_body(in_subprocess(key("cbe_sub"), boundary=boundary))
    instance = engine.start_id(definition)
    sub = engine.scope_of(instance, "Sub")
    assert engine.conditional_waits(instance) == [("Caught", sub)]
    engine.set_variables(instance, {"cancelled": True})
    assert engine.open_tasks(instance) == ["Rescue"]
    passes = engine.passes(instance)
    assert ("Sub", "subProcess", "canceled", "") in passes and ("Review", "userTask", "canceled", "Sub") in passes
    assert ("Caught", "boundaryConditional", "completed", "") in passes


MULTI_INSTANCE = """
<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Vote" />
  <bpmn:userTask id="Vote"><bpmn:multiInstanceLoopCharacteristics>
    <bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
  <bpmn:boundaryEvent id="Enough" attachedToRef="Vote">{condition}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Vote" targetRef="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Enough" targetRef="Count" />
  <bpmn:userTask id="Count" />
  <bpmn:sequenceFlow id="f4" sourceRef="Count" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def test_a_multi_instance_activity_s_conditional_boundary_event_sees_its_counters(engine) -> None:  # type: ignore[no-untyped-def]
    """The boundary event waits on the body; the counters the body updates are changes of its
    variables, which reach it."""
    definition = engine.deploy_body(MULTI_INSTANCE.format(key=key("cbe_mi"),
                                                          condition=conditional("${nrOfCompletedInstances >= 2}")))
    instance = engine.start_id(definition)
    engine.finish(instance, "Vote")
    assert engine.open_tasks(instance) == ["Vote", "Vote"]
    engine.finish(instance, "Vote")
    assert engine.open_tasks(instance) == ["Count"]
    passes = engine.passes(instance)
    assert ("Vote#multiInstanceBody", "multiInstanceBody", "canceled", "") in passes
    assert ("Enough", "boundaryConditional", "completed", "") in passes


def test_a_conditional_boundary_event_on_a_call_activity_ends_the_called_instance(engine) -> None:  # type: ignore[no-untyped-def]
    child = key("cbe_called")
    call = f"""
<bpmn:process id="{key("cbe_call")}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Call" />
  <bpmn:callActivity id="Call" calledElement="{child}" />
  <bpmn:boundaryEvent id="Stop" attachedToRef="Call">{conditional("${stop}")}</bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Call" targetRef="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Stop" targetRef="Stopped" />
  <bpmn:userTask id="Stopped" />
  <bpmn:sequenceFlow id="f4" sourceRef="Stopped" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>"""
    definition = engine.deploy_body(call, (child, called_process(child)))
    instance = engine.start_id(definition, {"stop": False})
    [called] = engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    engine.set_variables(called.id, {"stop": True})  # the called instance's own variables: not the caller's
    assert engine.open_tasks(instance) == []
    engine.set_variables(instance, {"stop": True})
    assert engine.open_tasks(instance) == ["Stopped"]
    assert engine.instance(called.id).state == STATE.STATE_INTERNALLY_TERMINATED


# -- conditional start events of event subprocesses ------------------------------------------------


def test_an_interrupting_conditional_event_subprocess_replaces_the_process(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(at_process_level(key("cesp"), conditional_start("Esp", conditional("${cancel}"))))
    instance = engine.start_id(definition, {"cancel": False})
    assert engine.conditional_waits(instance) == [("EspStart", instance)]  # on the instance's root
    engine.set_variables(instance, {"cancel": True})
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.conditional_waits(instance) == []  # an interrupting one runs once
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp:subProcess"]
    assert engine.passes(instance) == [
        ("Esp", "subProcess", "running", ""), ("EspStart", "conditionalStartEvent", "completed", "Esp"),
        ("Handle", "userTask", "running", "Esp"), ("Start", "startEvent", "completed", ""),
        ("Work", "userTask", "canceled", "")]
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


def test_a_non_interrupting_conditional_event_subprocess_starts_beside_on_each_change(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(at_process_level(key("cesp_non"), conditional_start(
        "Esp", conditional("${notes > 0}", variable_name="notes"), interrupting=False)))
    instance = engine.start_id(definition)
    engine.set_variables(instance, {"notes": 1})
    engine.set_variables(instance, {"other": 1})  # not `notes`: not evaluated
    engine.set_variables(instance, {"notes": 2})
    assert engine.open_tasks(instance) == ["Handle", "Handle", "Work"]
    assert engine.conditional_waits(instance) == [("EspStart", instance)]
    engine.finish(instance, "Work", "Handle", "Handle")
    assert engine.instance(instance).state == STATE.STATE_COMPLETED


@pytest.mark.parametrize("interrupting", [True, False], ids=["interrupting", "non-interrupting"])
def test_a_conditional_event_subprocess_that_holds_as_the_instance_starts_starts_at_once(engine, interrupting) -> None:  # type: ignore[no-untyped-def]
    """As the document's engine: the process's scope is instantiated, its conditions evaluated,
    before its none start event runs; an interrupting one that holds means it never does."""
    definition = engine.deploy_body(at_process_level(key("cesp_start"), conditional_start(
        "Esp", conditional("${express}"), interrupting=interrupting)))
    instance = engine.start_id(definition, {"express": True})
    passes = engine.passes(instance)
    if interrupting:
        assert engine.open_tasks(instance) == ["Handle"]
        assert not any(p[0] in ("Start", "Work") for p in passes)
        assert engine.conditional_waits(instance) == []
    else:
        assert engine.open_tasks(instance) == ["Handle", "Work"]
        assert ("Start", "startEvent", "completed", "") in passes
        assert engine.conditional_waits(instance) == [("EspStart", instance)]
        assert engine.where(instance) == ["Esp/Handle:userTask", "Esp:subProcess", "Work:userTask"]
        engine.finish(instance, "Work", "Handle")
        assert engine.instance(instance).state == STATE.STATE_COMPLETED


@pytest.mark.parametrize("interrupting", [True, False], ids=["interrupting", "non-interrupting"])
def test_a_conditional_event_subprocess_inside_a_subprocess_is_evaluated_as_the_subprocess_begins(engine, interrupting) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(in_subprocess(key("cesp_sub"), conditional_start(
        "Esp", conditional("${express}"), interrupting=interrupting)))
    instance = engine.start_id(definition, {"express": True})
    if interrupting:
        assert engine.open_tasks(instance) == ["Handle"]
        assert not any(p[0] in ("SubStart", "Review") for p in engine.passes(instance))
        engine.finish(instance, "Handle")  # its end completes the subprocess
        assert engine.open_tasks(instance) == ["After"]
    else:
        assert engine.open_tasks(instance) == ["Handle", "Review"]
        assert engine.where(instance) == ["Sub/Esp/Handle:userTask", "Sub/Esp:subProcess", "Sub/Review:userTask",
                                          "Sub:subProcess"]
        engine.finish(instance, "Review", "Handle")
        assert engine.open_tasks(instance) == ["After"]
    assert engine.conditional_waits(instance) == []


# -- modification, deletion --------------------------------------------------------------------


def test_a_modification_enters_a_conditional_event_as_a_path_does(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(intermediate(key("ice_mod"), conditional("${go}"), before="Prepare"))
    instance = engine.start_id(definition, {"go": False})
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=instance, instructions=[
        I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Wait")]))
    assert engine.open_tasks(instance) == ["Prepare"]
    [(activity, execution)] = engine.conditional_waits(instance)
    assert activity == "Wait"
    # Cancelled, its wait goes with it.
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=instance, instructions=[
        I(type=I.TYPE_CANCEL, activity_id="Wait")]))
    assert engine.conditional_waits(instance) == []
    # Started with variables that make it hold, it passes at once.
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=instance, instructions=[
        I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Wait",
          variables={"go": typed(True)})]))
    assert engine.open_tasks(instance) == ["After", "Prepare"]
    assert engine.conditional_waits(instance) == []


def test_a_deleted_instance_leaves_no_conditional_waits(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(at_process_level(
        key("cond_delete"), conditional_start("Esp", conditional("${stop}")),
        work='<bpmn:userTask id="Work" /><bpmn:boundaryEvent id="B" attachedToRef="Work">'
             + conditional("${late}") + '</bpmn:boundaryEvent><bpmn:sequenceFlow id="fb" sourceRef="B" '
             'targetRef="End" />'))
    instance = engine.start_id(definition)
    assert [w[0] for w in engine.conditional_waits(instance)] == ["B", "EspStart"]
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    assert engine.conditional_waits(instance) == []


def test_a_process_without_a_none_start_event_cannot_be_started_directly(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(started_by_condition(key("cond_only"), conditional("${go}", variable_name="go")))
    expect_error(lambda: engine.start_id(definition), grpc.StatusCode.FAILED_PRECONDITION, "NO_NONE_START_EVENT")
