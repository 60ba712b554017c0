"""Error and escalation event subprocesses (as Camunda 7 runs them).

A thrown error or escalation goes up from its thrower through the scopes around it (and from a
called process to its call activity) to the nearest catcher. At each scope level the start
events of the event subprocesses inside the scope catch first, then the boundary events of the
activity the scope stands for: Camunda gives error start events a higher precedence than error
boundary events of the same scope (both are that scope's error event definitions, sorted by
precedence), so an error event subprocess of a subprocess catches before an error boundary
event on that subprocess; among each kind a catcher of the code comes before one that catches
every error. An event subprocess never catches what is thrown inside itself: the search goes
on above it (Camunda's "re-throwing" event subprocess). Escalations are matched the same way;
the parser refuses a scope where two could catch one code.

An error start event always interrupts: every path of its scope is cancelled (a called
instance crossed on the way is terminated) and the event subprocess runs in the scope, whose
end completes the scope. It stores camunda:errorCodeVariable and errorMessageVariable as error
boundary events do; an escalation start event its camunda:escalationCodeVariable. A
non-interrupting escalation event subprocess starts a path beside the thrower, which goes on."""

from __future__ import annotations

import pytest

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.engine.esp_support import (ERROR, ESCALATION, EventSubprocesses, at_process_level, called_process,
                                      event_subprocess, in_subprocess)
from tests.engine.work_support import key
from tests.support import unique

STATE = pi.ProcessInstance
COMPLETED = STATE.STATE_COMPLETED

ERROR_BOUNDARY = ('<bpmn:boundaryEvent id="Caught" attachedToRef="Sub">'
                  '<bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>')
# Inside Sub, after Review: the subprocess Inner whose only step is an error end event.
INNER_ERROR = """<bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="Inner" />
    <bpmn:subProcess id="Inner">
      <bpmn:startEvent id="InnerStart" />
      <bpmn:sequenceFlow id="i1" sourceRef="InnerStart" targetRef="Fail" />
      <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="s3" sourceRef="Inner" targetRef="SubEnd" />"""


@pytest.fixture
def engine(api) -> EventSubprocesses:  # type: ignore[no-untyped-def]
    return EventSubprocesses(api)


def test_an_error_from_a_nested_subprocess_is_caught_by_the_event_subprocess_before_the_boundary(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(in_subprocess(key("esp_error_nested"), event_subprocess(ERROR),
                                                  inside=INNER_ERROR, boundary=ERROR_BOUNDARY))
    instance = engine.start_id(definition)
    sub = engine.scope_of(instance, "Sub")
    engine.finish(instance, "Review")
    # Caught inside Sub, which goes on: not by the boundary event on Sub (Rescue).
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.scope_of(instance, "Sub") == sub
    assert engine.variables(instance) == {"code": ("FAILED", "String"), "reason": ("it failed", "String")}
    assert engine.where(instance) == ["Sub/Esp/Handle:userTask", "Sub/Esp:subProcess", "Sub:subProcess"]
    passes = engine.passes(instance)
    assert ("Inner", "subProcess", "canceled", "Sub") in passes and ("Fail", "errorEndEvent", "completed", "Inner") in passes
    assert ("EspStart", "errorStartEvent", "completed", "Esp") in passes
    engine.finish(instance, "Handle")
    # The event subprocess ended its scope: Sub completed through its outgoing flow.
    assert engine.open_tasks(instance) == ["After"]
    assert ("Sub", "subProcess", "completed", "") in engine.passes(instance)
    assert not any(p[0] in ("Caught", "SubEnd") for p in engine.passes(instance))


def test_an_error_thrown_in_the_scope_itself_interrupts_it_there(engine) -> None:  # type: ignore[no-untyped-def]
    """A user task of the process throws (HandleTaskBpmnError) while a second path runs; the
    process-level event subprocess catches every error, cancels both paths and ends the
    instance when it ends."""
    fork = """<bpmn:parallelGateway id="Work" />
  <bpmn:sequenceFlow id="p1" sourceRef="Work" targetRef="Left" />
  <bpmn:sequenceFlow id="p2" sourceRef="Work" targetRef="Right" />
  <bpmn:userTask id="Left" /><bpmn:userTask id="Right" />
  <bpmn:sequenceFlow id="p3" sourceRef="Left" targetRef="Join" />
  <bpmn:sequenceFlow id="p4" sourceRef="Right" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />"""
    catch_all = '<bpmn:errorEventDefinition camunda:errorCodeVariable="code" />'
    body = at_process_level(key("esp_error_here"), event_subprocess(catch_all), work=fork).replace(
        'sourceRef="Work" targetRef="End"', 'sourceRef="Join" targetRef="End"')
    instance = engine.start_id(engine.deploy_body(body))
    [left] = [t for t in engine.tasks_of(instance) if t.task_definition_key == "Left"]
    engine.tasks.HandleTaskBpmnError(task_pb2.HandleTaskBpmnErrorRequest(task_id=left.id, error_code="ANY"))
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.variables(instance) == {"code": ("ANY", "String")}
    passes = engine.passes(instance)
    assert ("Left", "userTask", "canceled", "") in passes and ("Right", "userTask", "canceled", "") in passes
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED


def test_an_error_of_a_called_process_is_caught_by_the_callers_event_subprocess(engine) -> None:  # type: ignore[no-untyped-def]
    child_key, parent_key = key("esp_child"), key("esp_caller")
    child = called_process(child_key, '<bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>')
    call = f'<bpmn:callActivity id="Work" calledElement="{child_key}" />'
    definition = engine.deploy_body(at_process_level(parent_key, event_subprocess(ERROR), work=call),
                                    (child_key, child))
    instance = engine.start_id(definition)
    [called] = engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    engine.finish(called.id, "Check")
    assert engine.instance(called.id).state == STATE.STATE_INTERNALLY_TERMINATED
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.variables(instance) == {"code": ("FAILED", "String"), "reason": ("it failed", "String")}
    assert ("Work", "callActivity", "canceled", "") in engine.passes(instance)
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED


def test_an_event_subprocess_does_not_catch_its_own_error(engine) -> None:  # type: ignore[no-untyped-def]
    """Sub's event subprocess catches every error, and throws one from inside itself: not it
    but the boundary event on Sub catches that one."""
    rethrow = """
  <bpmn:subProcess id="Esp" triggeredByEvent="true">
    <bpmn:startEvent id="EspStart"><bpmn:errorEventDefinition /></bpmn:startEvent>
    <bpmn:sequenceFlow id="e1" sourceRef="EspStart" targetRef="Handle" />
    <bpmn:userTask id="Handle" />
    <bpmn:sequenceFlow id="e2" sourceRef="Handle" targetRef="Again" />
    <bpmn:endEvent id="Again"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
  </bpmn:subProcess>"""
    definition = engine.deploy_body(in_subprocess(key("esp_rethrow"), rethrow, inside=INNER_ERROR,
                                                  boundary=ERROR_BOUNDARY))
    instance = engine.start_id(definition)
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["Handle"]
    engine.finish(instance, "Handle")
    assert engine.open_tasks(instance) == ["Rescue"]
    passes = engine.passes(instance)
    assert ("Sub", "subProcess", "canceled", "") in passes and ("Esp", "subProcess", "canceled", "Sub") in passes
    assert [p for p in passes if p[0] == "EspStart"] == [("EspStart", "errorStartEvent", "completed", "Esp")]


def test_an_external_task_error_is_caught_by_an_event_subprocess(engine) -> None:  # type: ignore[no-untyped-def]
    topic = unique("esp-topic")
    work = f'<bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />'
    definition = engine.deploy_body(at_process_level(key("esp_external"), event_subprocess(ERROR), work=work))
    instance = engine.start_id(definition)
    [locked] = engine.fetch("worker", engine.topic(topic))
    assert engine.external.HandleExternalTaskBpmnError(et.HandleExternalTaskBpmnErrorRequest(
        id=locked.external_task.id, worker_id="worker", error_code="FAILED", error_message="no stock")).caught
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.external_tasks(process_instance_id=instance) == []
    assert engine.variables(instance) == {"code": ("FAILED", "String"), "reason": ("no stock", "String")}


def test_a_non_interrupting_escalation_event_subprocess_of_the_throwers_own_scope(engine) -> None:  # type: ignore[no-untyped-def]
    """Sub's only path throws an escalation and goes on beside the event subprocess it started."""
    throw = """<bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="Escalate" />
    <bpmn:intermediateThrowEvent id="Escalate"><bpmn:escalationEventDefinition escalationRef="Late" /></bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="s3" sourceRef="Escalate" targetRef="Continue" />
    <bpmn:userTask id="Continue" />
    <bpmn:sequenceFlow id="s4" sourceRef="Continue" targetRef="SubEnd" />"""
    definition = engine.deploy_body(in_subprocess(key("esp_escalation"), event_subprocess(ESCALATION, interrupting=False),
                                                  inside=throw))
    instance = engine.start_id(definition)
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["Continue", "Handle"]
    assert engine.variables(instance) == {"escalated": ("LATE", "String")}
    assert ("Escalate", "intermediateEscalationThrowEvent", "completed", "Sub") in engine.passes(instance)
    assert engine.where(instance) == ["Sub/Continue:userTask", "Sub/Esp/Handle:userTask", "Sub/Esp:subProcess",
                                      "Sub:subProcess"]
    engine.finish(instance, "Continue", "Handle")
    assert engine.open_tasks(instance) == ["After"]


def test_an_interrupting_escalation_event_subprocess_at_process_level(engine) -> None:  # type: ignore[no-untyped-def]
    """An escalation end event inside Sub; no boundary event on Sub catches it, the process's
    event subprocess does: the whole instance is interrupted, and ends with the event subprocess."""
    end = """<bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="Escalate" />
    <bpmn:endEvent id="Escalate"><bpmn:escalationEventDefinition escalationRef="Late" /></bpmn:endEvent>"""
    body = in_subprocess(key("esp_escalation_top"), inside=end).replace(
        "</bpmn:process>", event_subprocess(ESCALATION) + "\n</bpmn:process>").replace('<bpmn:endEvent id="SubEnd" />', "")
    instance = engine.start_id(engine.deploy_body(body))
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.variables(instance) == {"escalated": ("LATE", "String")}
    assert ("Sub", "subProcess", "canceled", "") in engine.passes(instance)
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED
    assert not any(p[0] == "After" for p in engine.passes(instance))
