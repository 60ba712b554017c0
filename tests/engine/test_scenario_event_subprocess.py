"""Event subprocesses started by a message, a signal or a timer (as Camunda 7 runs them).

While its scope runs (the process instance, or an embedded subprocess's instance), the start
events of the event subprocesses inside it wait on the scope execution itself (subscriptions,
timer jobs "timer-start-event-subprocess"): they stay there while the scope's paths move and
fork, and go when the scope ends. An interrupting one cancels every path of the scope and the
waits of the scope's event subprocesses (it runs once; the boundary events of the subprocess
around stay: that subprocess still runs), and its end completes the scope (the instance ends,
or the subprocess is left through its outgoing flow). A non-interrupting one starts a path
beside the others, as often as its event comes (a timer cycle per its cycle; a date or a
duration once); its end ends that path only. A suspended instance's waits do not fire.

History and the activity instance tree show an event subprocess as Camunda does: a
``subProcess`` activity instance inside its scope's, with its start event and activities in it.
A modification starts an event subprocess (or an activity in it) without its event, and so
without interrupting anything, as it starts a subprocess without its start event."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from sqlalchemy import select

from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import process_step_pb2, process_step_pb2_grpc
from server.engine.models import EventSubscription, Execution, ProcessInstance
from tests.engine.esp_support import (MESSAGE, SIGNAL, EventSubprocesses, at_process_level, called_process,
                                      event_subprocess, in_subprocess, timer)
from tests.engine.scenario import rows
from tests.engine.work_support import eventually, key
from tests.support import expect_error

STATE = pi.ProcessInstance
I = pi.ModificationInstruction
COMPLETED = STATE.STATE_COMPLETED


@pytest.fixture
def engine(api) -> EventSubprocesses:  # type: ignore[no-untyped-def]
    return EventSubprocesses(api)


def test_an_interrupting_message_event_subprocess_replaces_the_process_and_ends_it(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(at_process_level(key("esp_message"), event_subprocess(MESSAGE)))
    instance = engine.start_id(definition)
    # The subscription waits on the instance's root execution, not on the path at Work.
    assert engine.waiting_for_message(instance) == {instance}
    assert engine.open_tasks(instance) == ["Work"]

    [result] = engine.correlate(process_instance_id=instance, process_variables={"note": "stop"})
    assert (result.process_instance_id, result.execution_id) == (instance, instance)
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.waiting_for_message(instance) == set()  # an interrupting one runs once
    assert engine.variables(instance) == {"note": ("stop", "String")}
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp:subProcess"]
    assert engine.passes(instance) == [
        ("Esp", "subProcess", "running", ""), ("EspStart", "messageStartEvent", "completed", "Esp"),
        ("Handle", "userTask", "running", "Esp"), ("Start", "startEvent", "completed", ""),
        ("Work", "userTask", "canceled", "")]

    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED
    passes = engine.passes(instance)
    assert ("Esp", "subProcess", "completed", "") in passes and ("EspEnd", "noneEndEvent", "completed", "Esp") in passes
    assert not any(activity == "End" for activity, *_ in passes)


def test_a_non_interrupting_message_event_subprocess_runs_beside_as_often_as_it_comes(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(at_process_level(key("esp_message_twice"),
                                                     event_subprocess(MESSAGE, interrupting=False)))
    instance = engine.start_id(definition)
    for _ in range(2):
        [result] = engine.correlate(process_instance_id=instance)
        assert result.execution_id == instance
    # Two event subprocess instances beside the path at Work; the root keeps waiting.
    assert engine.open_tasks(instance) == ["Handle", "Handle", "Work"]
    assert engine.waiting_for_message(instance) == {instance}
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp/Handle:userTask", "Esp:subProcess",
                                      "Esp:subProcess", "Work:userTask"]
    # The root only holds concurrent paths now: one at Work, one holding each event subprocess.
    paths = [e for e in engine.tree(instance) if e.parent_id == instance]
    assert len(paths) == 3 and all(e.concurrent for e in paths)
    statistics = engine.definitions.GetActivityStatistics(pd.GetActivityStatisticsRequest(
        definition=pd.DefinitionRef(id=definition))).activities
    assert {a.activity_id: a.instances for a in statistics} == {"Esp": 2, "Handle": 2, "Work": 1}

    engine.finish(instance, "Work")  # the main path ends; the instance waits for its event subprocesses
    assert engine.instance(instance).state == STATE.STATE_ACTIVE
    assert engine.waiting_for_message(instance) == {instance}
    engine.finish(instance, "Handle")
    assert engine.open_tasks(instance) == ["Handle"]
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED
    assert [p for p in engine.passes(instance) if p[0] == "Esp"] == [("Esp", "subProcess", "completed", "")] * 2


def test_a_non_interrupting_signal_event_subprocess_inside_a_subprocess(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(in_subprocess(key("esp_signal"), event_subprocess(SIGNAL, interrupting=False,
                                                                                     task="Note")))
    instance = engine.start_id(definition)
    sub = engine.scope_of(instance, "Sub")
    assert engine.waiting_for_signal(instance) == {sub}
    assert engine.broadcast() == 1
    assert engine.open_tasks(instance) == ["Note", "Review"]
    assert engine.where(instance) == ["Sub/Esp/Note:userTask", "Sub/Esp:subProcess", "Sub/Review:userTask",
                                      "Sub:subProcess"]
    # The subscription stayed on the subprocess's scope execution while its path moved beside.
    assert engine.waiting_for_signal(instance) == {sub}

    engine.finish(instance, "Review")  # the subprocess waits for its event subprocess's path
    assert engine.open_tasks(instance) == ["Note"]
    assert engine.waiting_for_signal(instance) == {sub}
    engine.finish(instance, "Note")
    # The last path ended: the subprocess completed, left through its flow, and stopped waiting.
    assert engine.open_tasks(instance) == ["After"]
    assert engine.waiting_for_signal(instance) == set()
    assert ("Sub", "subProcess", "completed", "") in engine.passes(instance)
    assert ("Esp", "subProcess", "completed", "Sub") in engine.passes(instance)
    engine.finish(instance, "After")
    assert engine.instance(instance).state == COMPLETED


def test_an_interrupting_signal_event_subprocess_completes_its_subprocess(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(in_subprocess(key("esp_signal_interrupting"), event_subprocess(SIGNAL)))
    instance = engine.start_id(definition)
    assert engine.broadcast() == 1
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.waiting_for_signal(instance) == set()
    assert ("Review", "userTask", "canceled", "Sub") in engine.passes(instance)
    engine.finish(instance, "Handle")
    assert engine.open_tasks(instance) == ["After"]  # the subprocess completed through its outgoing flow
    assert ("Sub", "subProcess", "completed", "") in engine.passes(instance)


def test_the_subscriptions_of_a_subprocess_go_when_it_ends(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(in_subprocess(
        key("esp_scope_ends"), event_subprocess(MESSAGE, prefix="OnMessage", task="Answer"),
        event_subprocess(timer("timeDuration", "PT1H"), prefix="OnTimer", task="Remind")))
    instance = engine.start_id(definition)
    sub = engine.scope_of(instance, "Sub")
    assert engine.waiting_for_message(instance) == {sub}
    [job] = engine.jobs_of(instance)
    assert (job.handler_type, job.activity_id, job.execution_id) == ("timer-start-event-subprocess", "OnTimerStart", sub)
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["After"]
    assert engine.waiting_for_message(instance) == set() and engine.jobs_of(instance) == []


def test_a_message_event_subprocess_survives_forks_of_its_scope(engine) -> None:  # type: ignore[no-untyped-def]
    fork = """<bpmn:parallelGateway id="Work" />
  <bpmn:sequenceFlow id="p1" sourceRef="Work" targetRef="Left" />
  <bpmn:sequenceFlow id="p2" sourceRef="Work" targetRef="Right" />
  <bpmn:userTask id="Left" /><bpmn:userTask id="Right" />
  <bpmn:sequenceFlow id="p3" sourceRef="Left" targetRef="Join" />
  <bpmn:sequenceFlow id="p4" sourceRef="Right" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="p5" sourceRef="Join" targetRef="Last" />
  <bpmn:userTask id="Last" />"""
    body = at_process_level(key("esp_fork"), event_subprocess(MESSAGE), work=fork).replace(
        'sourceRef="Work" targetRef="End"', 'sourceRef="Last" targetRef="End"')
    instance = engine.start_id(engine.deploy_body(body))
    assert engine.open_tasks(instance) == ["Left", "Right"]
    assert engine.waiting_for_message(instance) == {instance}
    engine.finish(instance, "Left", "Right")
    assert engine.open_tasks(instance) == ["Last"]  # joined: the root is the single path again
    assert engine.waiting_for_message(instance) == {instance}
    engine.correlate(process_instance_id=instance)
    assert engine.open_tasks(instance) == ["Handle"]
    assert ("Last", "userTask", "canceled", "") in engine.passes(instance)


def test_a_non_interrupting_timer_cycle_fires_twice(engine, server) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(at_process_level(
        key("esp_cycle"), event_subprocess(timer("timeCycle", "R2/PT1H"), interrupting=False, task="Remind")))
    instance = engine.start_id(definition)
    [job] = engine.jobs_of(instance)
    assert (job.handler_type, job.activity_id, job.execution_id, job.repeat) == (
        "timer-start-event-subprocess", "EspStart", instance, "R1/PT1H")
    for fired in (1, 2):
        server.clock.advance(timedelta(hours=1))
        eventually(lambda: engine.open_tasks(instance).count("Remind") == fired, what=f"firing {fired}")
    eventually(lambda: engine.jobs_of(instance) == [], what="the cycle to end")
    assert engine.open_tasks(instance) == ["Remind", "Remind", "Work"]
    # Its last firing done, the root waits for the timer no more.
    assert rows(server, lambda: select(EventSubscription.id).where(
        EventSubscription.process_instance_id == instance)) == []
    engine.finish(instance, "Work", "Remind", "Remind")
    assert engine.instance(instance).state == COMPLETED


def test_an_interrupting_timer_in_a_subprocess_uses_its_variables(engine, server) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(in_subprocess(key("esp_timer"), event_subprocess(timer("timeDuration", "${wait}"))))
    instance = engine.start_id(definition, {"wait": "PT2H"})
    [job] = engine.jobs_of(instance)
    assert job.due_date.ToDatetime() == (server.clock.now() + timedelta(hours=2)).replace(tzinfo=None)
    server.clock.advance(timedelta(hours=2))
    eventually(lambda: engine.open_tasks(instance) == ["Handle"], what="the timer to fire")
    assert engine.jobs_of(instance) == []
    assert ("Review", "userTask", "canceled", "Sub") in engine.passes(instance)
    engine.finish(instance, "Handle")
    assert engine.open_tasks(instance) == ["After"]


def test_a_suspended_instance_does_not_start_its_event_subprocesses(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(at_process_level(
        key("esp_suspended"), event_subprocess(MESSAGE, interrupting=False),
        event_subprocess(timer("timeDuration", "PT1H"), prefix="OnTimer", task="Remind")))
    instance = engine.start_id(definition)
    engine.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    [job] = engine.jobs_of(instance)
    assert job.suspended
    # As for every wait of a suspended instance: the message finds nothing to correlate to.
    expect_error(lambda: engine.correlate(process_instance_id=instance), grpc.StatusCode.NOT_FOUND,
                 "MESSAGE_NOT_CORRELATED")
    engine.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance))
    assert not engine.jobs_of(instance)[0].suspended
    engine.correlate(process_instance_id=instance)
    assert engine.open_tasks(instance) == ["Handle", "Work"]


def modify(engine: EventSubprocesses, instance_id: str, *instructions: pi.ModificationInstruction) -> None:
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=instance_id, instructions=list(instructions)))


def test_a_modification_starts_and_cancels_an_event_subprocess_without_its_event(engine) -> None:  # type: ignore[no-untyped-def]
    """As a modification starts a subprocess around an activity without its start event, it
    starts an event subprocess around one without its event: nothing is interrupted (the
    modification says what runs), and the scope keeps waiting for the event."""
    definition = engine.deploy_body(at_process_level(key("esp_modified"), event_subprocess(MESSAGE)))
    instance = engine.start_id(definition)
    modify(engine, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Handle"))
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp:subProcess", "Work:userTask"]
    assert engine.waiting_for_message(instance) == {instance}
    assert not any(p[0] == "EspStart" for p in engine.passes(instance))

    modify(engine, instance, I(type=I.TYPE_CANCEL, activity_instance_id=engine.activity_tree_id(instance, "Esp")))
    assert engine.where(instance) == ["Work:userTask"] and engine.open_tasks(instance) == ["Work"]
    passes = engine.passes(instance)
    assert ("Esp", "subProcess", "canceled", "") in passes and ("Handle", "userTask", "canceled", "Esp") in passes

    # Started before the event subprocess itself, it runs from its start event.
    modify(engine, instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Esp"))
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp:subProcess", "Work:userTask"]
    assert ("EspStart", "messageStartEvent", "completed", "Esp") in engine.passes(instance)
    engine.finish(instance, "Handle")  # its path ends; Work's goes on
    assert engine.open_tasks(instance) == ["Work"]
    engine.finish(instance, "Work")
    assert engine.instance(instance).state == COMPLETED


def test_a_non_interrupting_event_subprocess_beside_a_call_activity(engine, server) -> None:  # type: ignore[no-untyped-def]
    """The instance's only path waits at a call activity when the event subprocess starts beside
    it: that path moves to an execution of its own, and the called instance returns to it."""
    child_key, parent_key = key("esp_called"), key("esp_calling")
    child = called_process(child_key)
    call = f'<bpmn:callActivity id="Work" calledElement="{child_key}" />'
    definition = engine.deploy_body(at_process_level(parent_key, event_subprocess(MESSAGE, interrupting=False),
                                                     work=call), (child_key, child))
    instance = engine.start_id(definition)
    [called] = engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances

    def caller_of_called() -> set[str]:  # the calling execution, as the called instance and its root know it
        return {row[0] for model in (ProcessInstance, Execution)
                for row in rows(server, lambda: select(model.super_execution_id).where(model.id == called.id))}

    assert caller_of_called() == {instance}
    steps = server.api().stub(process_step_pb2_grpc.ProcessStepServiceStub)

    def call_step() -> tuple[str, str, str]:
        [step] = steps.ListProcessSteps(process_step_pb2.ListProcessStepsRequest(
            process_instance_id=instance, activity_id="Work")).process_steps
        return step.execution_id, step.called_process_instance_id, process_step_pb2.ProcessStep.State.Name(step.state)

    assert call_step() == (instance, called.id, "STATE_STARTED")
    engine.correlate(process_instance_id=instance)
    [work_path] = engine.query(process_instance_id=instance, activity_id="Work")
    assert work_path != instance and caller_of_called() == {work_path}
    assert call_step() == (work_path, called.id, "STATE_STARTED")  # the step follows its call
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp:subProcess", "Work:callActivity"]

    engine.finish(called.id, "Check")  # the called instance ends: its call activity's path goes on
    assert engine.instance(called.id).state == COMPLETED
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp:subProcess"]
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED
    assert ("Work", "callActivity", "completed", "") in engine.passes(instance)


def test_an_event_subprocess_inside_an_event_subprocess_waits_while_its_scope_runs(engine) -> None:  # type: ignore[no-untyped-def]
    nested = event_subprocess(SIGNAL, interrupting=False, prefix="Nested", task="Note")
    outer = event_subprocess(MESSAGE).replace('<bpmn:endEvent id="EspEnd" />', '<bpmn:endEvent id="EspEnd" />' + nested)
    instance = engine.start_id(engine.deploy_body(at_process_level(key("esp_nested"), outer)))
    assert engine.waiting_for_signal(instance) == set()  # its scope does not run yet
    engine.correlate(process_instance_id=instance)
    esp = engine.scope_of(instance, "Esp")
    assert engine.waiting_for_signal(instance) == {esp}
    assert engine.broadcast() == 1
    assert engine.where(instance) == ["Esp/Handle:userTask", "Esp/Nested/Note:userTask", "Esp/Nested:subProcess",
                                      "Esp:subProcess"]
    engine.finish(instance, "Handle", "Note")
    assert engine.instance(instance).state == COMPLETED
    assert engine.waiting_for_signal(instance) == set()
