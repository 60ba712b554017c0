"""What evaluates conditional events: every change of a process variable, whatever call makes it
(SetVariables, ModifyLocalVariables, task variables, CompleteTask, a worker's completion, a
message's or a signal's variables, a called instance's output mappings), reaching the events
waiting on the execution whose variable changed and below it, top-down; and what a condition's
evaluation may end in (false for an unknown variable, EXPRESSION_EVALUATION_FAILED, SUSPENDED,
CONDITIONAL_EVENT_LIMIT_EXCEEDED for a loop), a failed call keeping nothing."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import history_pb2, signal_pb2, task_pb2
from server.engine import conditions
from tests.engine.conditional_support import Conditionals, conditional, conditional_start, on_task
from tests.engine.esp_support import MESSAGE, SIGNAL, at_process_level
from tests.engine.support import typed_map
from tests.engine.work_support import key
from tests.support import expect_error, race, unique

pytestmark = pytest.mark.usefixtures("no_deadlock")

STATE = pi.ProcessInstance


@pytest.fixture
def engine(api, server) -> Conditionals:  # type: ignore[no-untyped-def]
    return Conditionals(api, server)


def boundary(element_id: str, attached_to: str, condition: str, target: str, interrupting: bool = True) -> str:
    flag = "" if interrupting else ' cancelActivity="false"'
    return (f'<bpmn:boundaryEvent id="{element_id}" attachedToRef="{attached_to}"{flag}>{conditional(condition)}'
            f'</bpmn:boundaryEvent><bpmn:sequenceFlow id="{element_id}_f" sourceRef="{element_id}" '
            f'targetRef="{target}" />')


def beside(process_key: str, other: str, *, other_id: str = "Side", extra: str = "") -> str:
    """A fork into the user task Work (its interrupting conditional boundary event Changed,
    ``${x > 1}``, leads to the user task Rework) and ``other`` (id ``other_id``)."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f1" sourceRef="Fork" targetRef="Work" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="{other_id}" />
  <bpmn:userTask id="Work" />
  {boundary("Changed", "Work", "${x > 1}", "Rework")}
  <bpmn:userTask id="Rework" />
  {other}
  <bpmn:sequenceFlow id="f3" sourceRef="Work" targetRef="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="{other_id}" targetRef="OtherEnd" />
  <bpmn:sequenceFlow id="f5" sourceRef="Rework" targetRef="End" />
  <bpmn:endEvent id="End" /><bpmn:endEvent id="OtherEnd" />
  {extra}
</bpmn:process>
"""


# -- the calls that change variables ------------------------------------------------------------


def test_completing_a_task_with_variables_fires_a_sibling_s_boundary_event(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(beside(key("cond_complete"), '<bpmn:userTask id="Side" />'))
    instance = engine.start_id(definition)
    engine.complete(engine.task(instance, "Side"), {"x": 5})
    assert engine.open_tasks(instance) == ["Rework"]
    passes = engine.passes(instance)
    assert ("Side", "userTask", "completed", "") in passes and ("Work", "userTask", "canceled", "") in passes


@pytest.mark.parametrize("interrupting", [True, False], ids=["interrupting", "non-interrupting"])
def test_completing_a_task_with_variables_that_make_its_own_boundary_event_hold(engine, interrupting) -> None:  # type: ignore[no-untyped-def]
    """As the document's engine: the variables are evaluated before the task's path leaves it, so
    an interrupting boundary event of the task itself takes the path over."""
    definition = engine.deploy_body(on_task(key("cond_own"), conditional("${x > 1}"), interrupting=interrupting))
    instance = engine.start_id(definition)
    task = engine.task(instance, "Work")
    engine.complete(task, {"x": 5})
    passes = engine.passes(instance)
    assert engine.open_tasks(instance) == ["Rework"]
    assert ("Changed", "boundaryConditional", "completed", "") in passes
    [historic] = engine.history.QueryHistoricTaskInstances(
        history_pb2.QueryHistoricTaskInstancesRequest(task_id=task)).historic_task_instances
    assert historic.delete_reason == "completed"
    if interrupting:  # the path went with the boundary event: Work's flow to End was not taken
        assert ("Work", "userTask", "canceled", "") in passes and not any(p[0] == "End" for p in passes)
    else:
        assert ("Work", "userTask", "completed", "") in passes and ("End", "noneEndEvent", "completed", "") in passes


def test_a_worker_s_completion_with_variables_is_evaluated_before_its_path_moves_on(engine) -> None:  # type: ignore[no-untyped-def]
    topic = unique("cond-topic")
    task = (f'<bpmn:serviceTask id="Side" camunda:type="external" camunda:topic="{topic}" />'
            + boundary("Declined", "Side", "${declined}", "Refund"))
    definition = engine.deploy_body(beside(key("cond_worker"), task, extra='<bpmn:userTask id="Refund" />'
                                           '<bpmn:sequenceFlow id="f9" sourceRef="Refund" targetRef="OtherEnd" />'))
    instance = engine.start_id(definition)
    [locked] = engine.fetch("w1", engine.topic(topic))
    # x reaches the sibling's boundary event, declined (local) this task's own: it interrupts.
    engine.complete_external(locked.external_task.id, "w1", {"x": 5}, {"declined": True})
    assert engine.open_tasks(instance) == ["Refund", "Rework"]
    passes = engine.passes(instance)
    assert ("Side", "serviceTask", "canceled", "") in passes and not any(p[0] == "OtherEnd" for p in passes)


def test_a_message_s_and_a_signal_s_variables_reach_the_instance_s_conditional_events(engine) -> None:  # type: ignore[no-untyped-def]
    for catch, deliver in (
        (MESSAGE, lambda instance: engine.correlate(process_instance_id=instance, process_variables={"x": 5})),
        (SIGNAL, lambda instance: engine.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(
            name=engine.signal, variables=typed_map({"x": 5})))),
    ):
        definition = engine.deploy_body(beside(key("cond_event"), f'<bpmn:intermediateCatchEvent id="Side">{catch}'
                                                                  "</bpmn:intermediateCatchEvent>"))
        instance = engine.start_id(definition)
        deliver(instance)
        assert engine.open_tasks(instance) == ["Rework"]
        assert ("OtherEnd", "noneEndEvent", "completed", "") in engine.passes(instance)


def test_a_change_reaches_the_events_that_waited_when_it_was_made(engine) -> None:  # type: ignore[no-untyped-def]
    """The message's variables move the path on into Work, whose non-interrupting boundary event
    holds as Work begins: it fires then, once; the change (made before it waited) does not fire
    it again."""
    body = on_task(key("cond_once"), conditional("${x > 1}"), interrupting=False).replace(
        'targetRef="Work" />', 'targetRef="Paid" /><bpmn:intermediateCatchEvent id="Paid">' + MESSAGE
        + '</bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="fp" sourceRef="Paid" targetRef="Work" />', 1)
    definition = engine.deploy_body(body)
    instance = engine.start_id(definition)
    engine.correlate(process_instance_id=instance, process_variables={"x": 5})
    assert engine.open_tasks(instance) == ["Rework", "Work"]
    engine.set_variables(instance, {"x": 6})  # a later change does
    assert engine.open_tasks(instance) == ["Rework", "Rework", "Work"]


def test_a_called_instance_s_output_mappings_reach_the_caller_s_conditional_events(engine) -> None:  # type: ignore[no-untyped-def]
    child = key("cond_child")
    call = (f'<bpmn:callActivity id="Side" calledElement="{child}"><bpmn:extensionElements>'
            '<camunda:out source="x" target="x" /></bpmn:extensionElements></bpmn:callActivity>')
    called = f"""
<bpmn:process id="{child}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="ChildStart" /><bpmn:sequenceFlow id="c1" sourceRef="ChildStart" targetRef="Check" />
  <bpmn:userTask id="Check" /><bpmn:sequenceFlow id="c2" sourceRef="Check" targetRef="ChildEnd" />
  <bpmn:endEvent id="ChildEnd" />
</bpmn:process>"""
    body = beside(key("cond_caller"), call)
    definition = engine.deploy_body(body, (child, called))
    instance = engine.start_id(definition)
    [called_instance] = engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    engine.complete(engine.task(called_instance.id, "Check"), {"x": 7})
    assert engine.variables(instance)["x"] == (7, "Integer")
    assert engine.open_tasks(instance) == ["Rework"]


def test_task_variables_reach_them_but_a_task_s_own_do_not(engine) -> None:  # type: ignore[no-untyped-def]
    """A task's local variables are no process variables: its execution's conditions do not see
    them (as in the document's engine)."""
    definition = engine.deploy_body(on_task(key("cond_task_vars"), conditional("${x > 1}")))
    local, shared = engine.start_id(definition), engine.start_id(definition)
    engine.set_task_variables(engine.task(local, "Work"), {"x": 5}, local=True)
    assert engine.open_tasks(local) == ["Work"]
    engine.set_task_variables(engine.task(shared, "Work"), {"x": 5})  # set on the instance
    assert engine.open_tasks(shared) == ["Rework"]


def test_resolving_a_delegated_task_with_variables_reaches_them(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(beside(key("cond_resolve"), '<bpmn:userTask id="Side" />'))
    instance = engine.start_id(definition)
    task = engine.task(instance, "Side")
    engine.tasks.DelegateTask(task_pb2.DelegateTaskRequest(task_id=task, user_id="bob"))
    engine.tasks.ResolveTask(task_pb2.ResolveTaskRequest(task_id=task, variables=typed_map({"x": 3})))
    assert engine.open_tasks(instance) == ["Rework", "Side"]


def test_resolving_a_task_with_variables_that_make_its_own_boundary_event_hold(engine) -> None:  # type: ignore[no-untyped-def]
    """The task is resolved, then the changes evaluated: its interrupting boundary event takes it."""
    definition = engine.deploy_body(on_task(key("cond_resolve_own"), conditional("${x > 1}")))
    instance = engine.start_id(definition)
    task = engine.task(instance, "Work")
    engine.tasks.DelegateTask(task_pb2.DelegateTaskRequest(task_id=task, user_id="bob"))
    resolved = engine.tasks.ResolveTask(task_pb2.ResolveTaskRequest(task_id=task, variables=typed_map({"x": 3}))).task
    assert resolved.id == task
    assert engine.open_tasks(instance) == ["Rework"]


# -- which events a change reaches ----------------------------------------------------------------

SCOPES = """
<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f1" sourceRef="Fork" targetRef="A" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Sub" />
  <bpmn:userTask id="A" />
  {boundary_a}
  <bpmn:userTask id="ReworkA" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="B" />
    <bpmn:userTask id="B" />
    {boundary_b}
    <bpmn:userTask id="NoteB" />
    <bpmn:sequenceFlow id="s2" sourceRef="B" targetRef="SubEnd" />
    <bpmn:sequenceFlow id="s3" sourceRef="NoteB" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
  {boundary_sub}
  <bpmn:sequenceFlow id="f3" sourceRef="A" targetRef="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="ReworkA" targetRef="End" />
  <bpmn:sequenceFlow id="f5" sourceRef="Sub" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def _scopes(engine: Conditionals, with_sub_boundary: bool = False) -> str:
    return engine.deploy_body(SCOPES.format(
        key=key("cond_scopes"), boundary_a=boundary("CA", "A", "${x > 1}", "ReworkA"),
        boundary_b=boundary("CB", "B", "${x > 1}", "NoteB", interrupting=False),
        boundary_sub=boundary("CS", "Sub", "${x > 1}", "Cancelled") + '<bpmn:userTask id="Cancelled" />'
        '<bpmn:sequenceFlow id="f6" sourceRef="Cancelled" targetRef="End" />' if with_sub_boundary else ""))


def test_a_local_change_reaches_the_events_of_its_scope_and_those_inside_not_a_sibling_s(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _scopes(engine)
    instance = engine.start_id(definition)
    sub = engine.scope_of(instance, "Sub")
    engine.set_local(sub, {"x": 5})  # in the subprocess: B's event sees it, A's (a sibling) does not
    assert engine.open_tasks(instance) == ["A", "B", "NoteB"]
    [a] = engine.query(process_instance_id=instance, activity_id="A")
    engine.set_local(a, {"x": 5})  # A's own scope: its event only
    assert engine.open_tasks(instance) == ["B", "NoteB", "ReworkA"]


def test_a_process_variable_reaches_every_event_of_the_instance(engine) -> None:  # type: ignore[no-untyped-def]
    definition = _scopes(engine)
    instance = engine.start_id(definition)
    engine.set_variables(instance, {"x": 5})
    assert engine.open_tasks(instance) == ["B", "NoteB", "ReworkA"]


def test_a_change_is_evaluated_top_down_and_an_outer_interrupting_event_ends_those_inside(engine) -> None:  # type: ignore[no-untyped-def]
    """Sub's boundary event is evaluated before B's (inside it): it interrupts Sub, and B's never
    fires, though its condition held too."""
    definition = _scopes(engine, with_sub_boundary=True)
    instance = engine.start_id(definition)
    engine.set_variables(instance, {"x": 5})
    assert engine.open_tasks(instance) == ["Cancelled", "ReworkA"]
    assert not any(p[0] in ("CB", "NoteB") for p in engine.passes(instance))


# -- evaluation ending in an error ---------------------------------------------------------------


def test_a_condition_that_fails_fails_the_call_and_keeps_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    definition = engine.deploy_body(on_task(key("cond_fail"), conditional("${x > 1}")))
    instance = engine.start_id(definition, {"x": 0})
    error = expect_error(lambda: engine.set_variables(instance, {"x": "many"}), grpc.StatusCode.FAILED_PRECONDITION,
                         "EXPRESSION_EVALUATION_FAILED")
    assert error.info.metadata["activity_id"] == "Changed" and error.info.metadata["expression"] == "${x > 1}"
    assert engine.variables(instance)["x"] == (0, "Integer")
    # A condition that gives no boolean fails too.
    other = engine.deploy_body(on_task(key("cond_non_boolean"), conditional("${x}")))
    expect_error(lambda: engine.start_id(other, {"x": 5}), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    assert engine.instances.CountProcessInstances(pi.CountProcessInstancesRequest(
        process_definition_id=other)).count == 0


def test_a_condition_that_holds_on_a_suspended_instance_fails_the_call(engine) -> None:  # type: ignore[no-untyped-def]
    """As the document's engine: a change that makes no condition hold is kept; one that makes a
    condition hold is refused (SUSPENDED) and kept neither."""
    definition = engine.deploy_body(on_task(key("cond_suspended"), conditional("${x > 1}")))
    instance = engine.start_id(definition, {"x": 0})
    engine.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    engine.set_variables(instance, {"x": 1})
    assert engine.variables(instance)["x"] == (1, "Integer")
    expect_error(lambda: engine.set_variables(instance, {"x": 2}), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert engine.variables(instance)["x"] == (1, "Integer")
    engine.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance))
    engine.set_variables(instance, {"x": 2})
    assert engine.open_tasks(instance) == ["Rework"]


def test_a_conditional_event_that_keeps_firing_itself_is_refused(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A non-interrupting event subprocess calls a process whose output sets the variable that
    starts it again: without end. The call that set it fails, CONDITIONAL_EVENT_LIMIT_EXCEEDED,
    and keeps nothing (the limit is lowered here from its 1000 to keep the test short)."""
    monkeypatch.setattr(conditions, "MAX_TRIGGERS", 5)
    child = key("cond_loop_child")
    called = f"""
<bpmn:process id="{child}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="ChildStart" /><bpmn:sequenceFlow id="c1" sourceRef="ChildStart" targetRef="ChildEnd" />
  <bpmn:endEvent id="ChildEnd" />
</bpmn:process>"""
    loop = f"""
  <bpmn:subProcess id="Again" triggeredByEvent="true">
    <bpmn:startEvent id="AgainStart" isInterrupting="false">{conditional("${n > 0}", variable_name="n")}</bpmn:startEvent>
    <bpmn:sequenceFlow id="a1" sourceRef="AgainStart" targetRef="Call" />
    <bpmn:callActivity id="Call" calledElement="{child}"><bpmn:extensionElements><camunda:in variables="all" />
      <camunda:out source="n" target="n" /></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:sequenceFlow id="a2" sourceRef="Call" targetRef="AgainEnd" />
    <bpmn:endEvent id="AgainEnd" />
  </bpmn:subProcess>"""
    definition = engine.deploy_body(at_process_level(key("cond_loop"), loop), (child, called))
    instance = engine.start_id(definition)
    error = expect_error(lambda: engine.set_variables(instance, {"n": 1}), grpc.StatusCode.FAILED_PRECONDITION,
                         "CONDITIONAL_EVENT_LIMIT_EXCEEDED")
    assert error.info.metadata["limit"] == "5" and error.info.metadata["activity_id"] == "AgainStart"
    assert "n" not in engine.variables(instance)
    assert engine.open_tasks(instance) == ["Work"]
    assert engine.instances.CountProcessInstances(pi.CountProcessInstancesRequest(
        super_process_instance_id=instance, include_ended=True)).count == 0
    assert not any(p[0] == "Again" for p in engine.passes(instance))


def test_racing_changes_fire_an_interrupting_event_once(engine) -> None:  # type: ignore[no-untyped-def]
    """Each change is evaluated under its instance's lock: the first that makes the condition
    hold fires it; those after it find it gone."""
    definition = engine.deploy_body(on_task(key("cond_race"), conditional("${x > 1}")))
    instance = engine.start_id(definition)
    answers = race([lambda: engine.set_variables(instance, {"x": 5})] * 4)
    assert answers == {"OK": 4}
    assert engine.open_tasks(instance) == ["Rework"]
    assert [p[0] for p in engine.passes(instance)].count("Changed") == 1


def test_a_non_interrupting_event_subprocess_s_path_may_change_what_started_it(engine) -> None:  # type: ignore[no-untyped-def]
    """Its handler sets the variable back: later changes start it again, each once."""
    definition = engine.deploy_body(at_process_level(key("cond_again"), conditional_start(
        "Esp", conditional("${alarm}", variable_name="alarm"), interrupting=False)))
    instance = engine.start_id(definition, {"alarm": False})
    engine.set_variables(instance, {"alarm": True})
    handle = engine.task(instance, "Handle")
    engine.complete(handle, {"alarm": False})
    assert engine.open_tasks(instance) == ["Work"]
    engine.set_variables(instance, {"alarm": True})
    assert engine.open_tasks(instance) == ["Handle", "Work"]
