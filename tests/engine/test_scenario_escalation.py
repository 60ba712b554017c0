"""Escalation events (as Camunda 7 runs them): an escalation intermediate throw event throws and
its path goes on, an escalation end event throws and its path ends. The nearest escalation
boundary event around the thrower that catches the code (inner subprocess before outer, a called
process up to its call activity) catches it: an interrupting one ends the activity (and the
throwing path with it), a non-interrupting one starts a path beside it while it goes on. An
escalation nothing catches is no fault: the path just goes on (or ends)."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import deployment_pb2 as dp, history_pb2, history_pb2_grpc, process_instance_pb2 as pi
from tests.engine.resources.modeler import render
from tests.engine.scenario import Scenario, called_by
from tests.engine.work_support import key
from tests.support import expect_error, unique

STATE = pi.ProcessInstance
COMPLETED = STATE.STATE_COMPLETED
ESCALATIONS = ('<bpmn:escalation id="Late" escalationCode="LATE" />\n'
               '<bpmn:escalation id="Other" escalationCode="OTHER" />\n'
               '<bpmn:escalation id="Any" />')


class Escalations(Scenario):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def deploy_processes(self, *bodies: tuple[str, str]) -> dict[str, str]:
        """Deploys each (key, process) with the escalations; definition ids by key."""
        deployment = self.deploy(contents={f"{k}.bpmn": render(body + ESCALATIONS, k).encode() for k, body in bodies})
        return {k: self.definition_id(deployment, k) for k, _ in bodies}

    def passes(self, instance_id: str) -> dict[str, str]:
        """activity id -> state of its (last) pass."""
        found = self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance_id)).historic_activity_instances
        return {p.activity_id: "canceled" if p.canceled else "completed" if p.HasField("end_time") else "running"
                for p in found}

    def open_tasks(self, instance_id: str) -> list[str]:
        return sorted(t.task_definition_key for t in self.tasks_of(instance_id))

    def finish(self, instance_id: str, *activity_ids: str) -> None:
        for activity_id in activity_ids:
            self.complete(self.task_at(instance_id, activity_id).id)


def subprocess_with_boundary(process_key: str, inside: str, boundary: str) -> str:
    """Start, subprocess Sub (SubStart, Review, then ``inside`` leading to SubEnd), Done; the
    ``boundary`` event on Sub leads to the user task Handle."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Review" />
    <bpmn:userTask id="Review" />
    <bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="Escalate" />
    {inside}
  </bpmn:subProcess>
  {boundary}
  <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="Done" />
  <bpmn:endEvent id="Done" />
  <bpmn:sequenceFlow id="f4" sourceRef="Caught" targetRef="Handle" />
  <bpmn:userTask id="Handle" />
  <bpmn:sequenceFlow id="f5" sourceRef="Handle" targetRef="Handled" />
  <bpmn:endEvent id="Handled" />
</bpmn:process>
"""


THROW_THEN_CONTINUE = """
    <bpmn:intermediateThrowEvent id="Escalate"><bpmn:escalationEventDefinition id="ed" escalationRef="Late" /></bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="s3" sourceRef="Escalate" targetRef="Continue" />
    <bpmn:userTask id="Continue" />
    <bpmn:sequenceFlow id="s4" sourceRef="Continue" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />"""
END_WITH_ESCALATION = """
    <bpmn:endEvent id="Escalate"><bpmn:escalationEventDefinition id="ed" escalationRef="Late" /></bpmn:endEvent>"""


def boundary(ref: str = "Late", interrupting: bool = True, variable: str = "") -> str:
    attributes = f' escalationRef="{ref}"' if ref else ""
    attributes += f' camunda:escalationCodeVariable="{variable}"' if variable else ""
    cancel = "" if interrupting else ' cancelActivity="false"'
    return (f'<bpmn:boundaryEvent id="Caught" attachedToRef="Sub"{cancel}>'
            f'<bpmn:escalationEventDefinition id="bd"{attributes} /></bpmn:boundaryEvent>')


def test_an_interrupting_boundary_event_ends_the_subprocess_and_the_throwing_path(api):  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    process_key = key("escalation_interrupting")
    ids = engine.deploy_processes((process_key, subprocess_with_boundary(
        process_key, THROW_THEN_CONTINUE, boundary(variable="escalatedWith"))))
    instance = engine.run(ids[process_key])
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["Handle"]
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "Handle"}
    assert engine.variables(instance) == {"escalatedWith": ("LATE", "String")}
    passes = engine.passes(instance)
    # The throw event never finished: the subprocess it was in ended under it.
    assert (passes["Sub"], passes["Escalate"], passes["Caught"]) == ("canceled", "canceled", "completed")
    assert "Continue" not in passes
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED


def test_a_non_interrupting_boundary_event_adds_a_path_while_the_subprocess_goes_on(api):  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    process_key = key("escalation_non_interrupting")
    ids = engine.deploy_processes((process_key, subprocess_with_boundary(
        process_key, THROW_THEN_CONTINUE, boundary(interrupting=False, variable="escalatedWith"))))
    instance = engine.run(ids[process_key])
    engine.finish(instance, "Review")
    assert engine.open_tasks(instance) == ["Continue", "Handle"]
    assert engine.variables(instance) == {"escalatedWith": ("LATE", "String")}
    passes = engine.passes(instance)
    assert (passes["Sub"], passes["Escalate"], passes["Caught"]) == ("running", "completed", "completed")
    engine.finish(instance, "Handle", "Continue", "After")
    assert engine.instance(instance).state == COMPLETED


def test_an_escalation_end_event_ends_its_path_after_throwing(api):  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    process_key = key("escalation_end")
    ids = engine.deploy_processes((process_key, subprocess_with_boundary(
        process_key, END_WITH_ESCALATION, boundary(ref="", interrupting=False))))
    instance = engine.run(ids[process_key])
    engine.finish(instance, "Review")
    # Caught (by the boundary event without escalationRef: it catches any), and the subprocess's
    # only path ended at the end event: the subprocess completed too.
    assert engine.open_tasks(instance) == ["After", "Handle"]
    passes = engine.passes(instance)
    assert (passes["Sub"], passes["Escalate"], passes["Caught"]) == ("completed", "completed", "completed")
    assert engine.variables(instance) == {}
    engine.finish(instance, "After", "Handle")
    assert engine.instance(instance).state == COMPLETED


@pytest.mark.parametrize("inside", [THROW_THEN_CONTINUE, END_WITH_ESCALATION], ids=["throw", "end"])
def test_an_escalation_nothing_catches_is_no_fault(api, inside):  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    process_key = key("escalation_uncaught")
    ids = engine.deploy_processes((process_key, subprocess_with_boundary(process_key, inside, boundary(ref="Other"))))
    instance = engine.run(ids[process_key])
    engine.finish(instance, "Review")
    if inside is THROW_THEN_CONTINUE:
        assert engine.open_tasks(instance) == ["Continue"]
        engine.finish(instance, "Continue")
    assert engine.open_tasks(instance) == ["After"]
    assert engine.passes(instance)["Escalate"] == "completed" and "Caught" not in engine.passes(instance)
    engine.finish(instance, "After")
    assert engine.instance(instance).state == COMPLETED


def test_the_nearest_catching_boundary_event_wins(api):  # type: ignore[no-untyped-def]
    """Inner catches LATE only; Outer catches any escalation. Which one catches depends on the code."""
    engine = Escalations(api)
    process_key = key("escalation_nested")
    body = f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Outer" />
  <bpmn:subProcess id="Outer">
    <bpmn:startEvent id="OuterStart" />
    <bpmn:sequenceFlow id="o1" sourceRef="OuterStart" targetRef="Inner" />
    <bpmn:subProcess id="Inner">
      <bpmn:startEvent id="InnerStart" />
      <bpmn:sequenceFlow id="i1" sourceRef="InnerStart" targetRef="Which" />
      <bpmn:exclusiveGateway id="Which" default="i3" />
      <bpmn:sequenceFlow id="i2" sourceRef="Which" targetRef="ThrowLate">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{late}}</bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="i3" sourceRef="Which" targetRef="ThrowOther" />
      <bpmn:endEvent id="ThrowLate"><bpmn:escalationEventDefinition id="e1" escalationRef="Late" /></bpmn:endEvent>
      <bpmn:endEvent id="ThrowOther"><bpmn:escalationEventDefinition id="e2" escalationRef="Other" /></bpmn:endEvent>
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="InnerCaught" attachedToRef="Inner">
      <bpmn:escalationEventDefinition id="b1" escalationRef="Late" camunda:escalationCodeVariable="innerCode" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="o2" sourceRef="InnerCaught" targetRef="InnerHandle" />
    <bpmn:userTask id="InnerHandle" />
    <bpmn:sequenceFlow id="o3" sourceRef="InnerHandle" targetRef="OuterEnd" />
    <bpmn:sequenceFlow id="o4" sourceRef="Inner" targetRef="OuterEnd" />
    <bpmn:endEvent id="OuterEnd" />
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="OuterCaught" attachedToRef="Outer">
    <bpmn:escalationEventDefinition id="b2" escalationRef="Any" camunda:escalationCodeVariable="outerCode" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="OuterCaught" targetRef="OuterHandle" />
  <bpmn:userTask id="OuterHandle" />
  <bpmn:sequenceFlow id="f3" sourceRef="OuterHandle" targetRef="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="Outer" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""
    ids = engine.deploy_processes((process_key, body))
    late = engine.run(ids[process_key], {"late": True})
    assert engine.open_tasks(late) == ["InnerHandle"]
    assert engine.passes(late)["Outer"] == "running" and engine.passes(late)["Inner"] == "canceled"
    assert engine.variables(late) == {"late": (True, "Boolean"), "innerCode": ("LATE", "String")}

    other = engine.run(ids[process_key], {"late": False})
    assert engine.open_tasks(other) == ["OuterHandle"]
    assert engine.variables(other) == {"late": (False, "Boolean"), "outerCode": ("OTHER", "String")}
    for instance, task in ((late, "InnerHandle"), (other, "OuterHandle")):
        engine.finish(instance, task)
        assert engine.instance(instance).state == COMPLETED


def called_and_caller(interrupting: bool) -> tuple[str, str, tuple[str, str], tuple[str, str]]:
    """A called process (Decide, an escalation throw event LATE, Finish) and a caller whose call
    activity CallChild has an escalation boundary event Caught (leading to Handle)."""
    parent, child = key("escalation_caller"), key("escalation_callee")
    called = f"""
<bpmn:process id="{child}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Decide" />
  <bpmn:userTask id="Decide" />
  <bpmn:sequenceFlow id="f2" sourceRef="Decide" targetRef="Escalate" />
  <bpmn:intermediateThrowEvent id="Escalate"><bpmn:escalationEventDefinition id="e1" escalationRef="Late" /></bpmn:intermediateThrowEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Escalate" targetRef="Finish" />
  <bpmn:userTask id="Finish" />
  <bpmn:sequenceFlow id="f4" sourceRef="Finish" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""
    cancel = "" if interrupting else ' cancelActivity="false"'
    caller = f"""
<bpmn:process id="{parent}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="CallChild" />
  <bpmn:callActivity id="CallChild" calledElement="{child}" />
  <bpmn:boundaryEvent id="Caught" attachedToRef="CallChild"{cancel}>
    <bpmn:escalationEventDefinition id="b1" escalationRef="Late" camunda:escalationCodeVariable="code" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="CallChild" targetRef="Done" />
  <bpmn:endEvent id="Done" />
  <bpmn:sequenceFlow id="f3" sourceRef="Caught" targetRef="Handle" />
  <bpmn:userTask id="Handle" />
  <bpmn:sequenceFlow id="f4" sourceRef="Handle" targetRef="Handled" />
  <bpmn:endEvent id="Handled" />
</bpmn:process>
"""
    return parent, child, (parent, caller), (child, called)


def test_an_escalation_reaches_the_call_activity_and_interrupts_it(api):  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    parent, _, *processes = called_and_caller(interrupting=True)
    instance = engine.run(engine.deploy_processes(*processes)[parent])
    child = called_by(engine, instance)
    engine.finish(child.id, "Decide")
    ended = engine.instance(child.id)
    assert (ended.state, ended.delete_reason) == (STATE.STATE_INTERNALLY_TERMINATED, "BPMN escalation LATE")
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.variables(instance) == {"code": ("LATE", "String")}
    assert engine.passes(instance)["CallChild"] == "canceled"
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED


def test_a_non_interrupting_call_activity_boundary_lets_the_called_instance_go_on(api):  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    parent, _, *processes = called_and_caller(interrupting=False)
    instance = engine.run(engine.deploy_processes(*processes)[parent])
    child = called_by(engine, instance)
    engine.finish(child.id, "Decide")
    assert engine.instance(child.id).state == STATE.STATE_ACTIVE
    assert engine.open_tasks(child.id) == ["Finish"]
    assert engine.open_tasks(instance) == ["Handle"]
    assert engine.variables(instance) == {"code": ("LATE", "String")}
    assert engine.passes(instance)["CallChild"] == "running"
    engine.finish(child.id, "Finish")
    assert engine.instance(child.id).state == COMPLETED
    assert engine.passes(instance)["CallChild"] == "completed"
    engine.finish(instance, "Handle")
    assert engine.instance(instance).state == COMPLETED


def test_an_uncaught_escalation_in_a_called_instance_is_no_fault(api):  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    parent, _, (_, caller), called = called_and_caller(interrupting=True)
    caller = caller.replace('escalationRef="Late"', 'escalationRef="Other"')
    instance = engine.run(engine.deploy_processes((parent, caller), called)[parent])
    child = called_by(engine, instance)
    engine.finish(child.id, "Decide")
    assert engine.open_tasks(child.id) == ["Finish"] and engine.open_tasks(instance) == []
    engine.finish(child.id, "Finish")
    assert {engine.instance(i).state for i in (instance, child.id)} == {COMPLETED}


# -- deployment --------------------------------------------------------------------------------


def _refused(api, body: str, reason: str, element: str, element_id: str, says: str) -> None:  # type: ignore[no-untyped-def]
    engine = Escalations(api)
    process_key = key("bad_escalation")
    name = f"{process_key}.bpmn"
    content = render(body.replace("PROCESS", process_key) + ESCALATIONS, process_key).encode()
    failed = expect_error(lambda: engine.create_deployment(name=unique("bad"), resources=[
        dp.Resource(name=name, content=content)]), grpc.StatusCode.INVALID_ARGUMENT, reason)
    meta = failed.info.metadata
    assert (meta["element"], meta["element_id"]) == (element, element_id), failed.message
    assert says in failed.message and failed.message.startswith(f"{name} line {meta['line']}: "), failed.message


_WITH_BOUNDARIES = subprocess_with_boundary("PROCESS", THROW_THEN_CONTINUE, "{boundaries}")
_SECOND = '<bpmn:boundaryEvent id="Second" attachedToRef="Sub"><bpmn:escalationEventDefinition id="b2" {ref} /></bpmn:boundaryEvent>'


@pytest.mark.parametrize("body,reason,element,element_id,says", [
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary()).replace(' escalationRef="Late" /></bpmn:intermediate', ' /></bpmn:intermediate'),
                 "INVALID_BPMN", "intermediateThrowEvent", "Escalate",
                 "intermediateThrowEvent 'Escalate': a throwing escalation event needs an escalationRef", id="throw without ref"),
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary()).replace('escalationRef="Late" /></bpmn:intermediate', 'escalationRef="Nope" /></bpmn:intermediate'),
                 "INVALID_BPMN", "intermediateThrowEvent", "Escalate",
                 "escalationRef 'Nope' names no <escalation> element", id="unknown escalation"),
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary()).replace('escalationRef="Late" /></bpmn:intermediate', 'escalationRef="Any" /></bpmn:intermediate'),
                 "INVALID_BPMN", "escalation", "Any",
                 "escalation 'Any' is thrown by intermediateThrowEvent 'Escalate' and needs an escalationCode", id="thrown without code"),
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary().replace('attachedToRef="Sub"', 'attachedToRef="Handle"')),
                 "INVALID_BPMN", "boundaryEvent", "Caught",
                 "an escalation boundary event can only be attached to a subProcess or a callActivity", id="boundary on a task"),
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary() + _SECOND.format(ref='escalationRef="Late"')),
                 "INVALID_BPMN", "boundaryEvent", "Second", "'Sub' already catches escalation code 'LATE' with 'Caught'",
                 id="two boundaries for one code"),
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary() + _SECOND.format(ref="")),
                 "INVALID_BPMN", "boundaryEvent", "Second", "one that catches every escalation cannot share an activity",
                 id="catch-all beside another"),
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary(variable=" ")),
                 "INVALID_BPMN", "escalationEventDefinition", "Caught", "camunda:escalationCodeVariable is empty",
                 id="empty code variable"),
    pytest.param(_WITH_BOUNDARIES.format(boundaries=boundary()).replace(
        'escalationRef="Late" /></bpmn:intermediate', 'escalationRef="Late" camunda:escalationCodeVariable="v" /></bpmn:intermediate'),
                 "UNSUPPORTED_BPMN_ELEMENT", "escalationEventDefinition", "Escalate",
                 "camunda:escalationCodeVariable is not supported", id="code variable on a throw event"),
])
def test_escalation_faults_are_refused_at_deployment(api, body, reason, element, element_id, says):  # type: ignore[no-untyped-def]
    _refused(api, body, reason, element, element_id, says)
