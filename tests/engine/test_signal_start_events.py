"""Signal start and end events: BroadcastSignal and signal throw events (intermediate and end
events) start an instance of the latest version of every process with a signal start event of
the name (after the waiting executions received it), in the tenants the signal reaches, skipping
suspended definitions; instances that start instances in a loop end the call with
NESTING_LIMIT_EXCEEDED, nothing kept."""

from __future__ import annotations

from typing import Any

import grpc

from flowkeeper.engine.v1 import (
    deployment_pb2,
    history_pb2,
    history_pb2_grpc,
    process_definition_pb2,
    process_instance_pb2,
    signal_pb2,
)
from tests.engine.failure_support import Failures
from tests.engine.support import typed_map
from tests.engine.work_support import key
from tests.support import expect_error, unique

PD, PI = process_definition_pb2, process_instance_pb2


def started_by(process_key: str, signal: str, *, none_start: bool = False, then: str = "") -> str:
    """A process started by the signal start event Start (and a none start event Plain): a user
    task Task, or first ``then`` (elements from ThenThrow to Task, e.g. ``throwing()``)."""
    first = "ThenThrow" if then else "Task"
    plain = (f'  <bpmn:startEvent id="Plain" />\n  <bpmn:sequenceFlow id="fp" sourceRef="Plain" targetRef="{first}" />\n'
             if none_start else "")
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="{first}" />
{plain}{then}  <bpmn:userTask id="Task" />
  <bpmn:sequenceFlow id="f1" sourceRef="Task" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
<bpmn:signal id="Sig" name="{signal}" />
<bpmn:signal id="Other" name="{signal}-thrown" />
"""


def throwing(signal_ref: str = "Other") -> str:
    """An intermediate signal throw event ThenThrow of ``signal_ref`` before the user task."""
    return (f'  <bpmn:intermediateThrowEvent id="ThenThrow"><bpmn:signalEventDefinition signalRef="{signal_ref}" />'
            '</bpmn:intermediateThrowEvent>\n  <bpmn:sequenceFlow id="ft" sourceRef="ThenThrow" targetRef="Task" />\n')


def waiting_for(process_key: str, signal: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="Wait" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
<bpmn:signal id="Sig" name="{signal}" />
"""


class Signals(Failures):
    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def broadcast(self, name: str, variables: dict[str, Any] | None = None,
                  **fields: Any) -> signal_pb2.BroadcastSignalResponse:
        return self.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(
            name=name, variables=typed_map(variables or {}), **fields))

    def of_definition(self, definition: str) -> list[str]:
        return [i.id for i in self.instances.QueryProcessInstances(PI.QueryProcessInstancesRequest(
            process_definition_id=definition)).process_instances]

    def passed(self, instance: str) -> list[tuple[str, str]]:
        rows = self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance)).historic_activity_instances
        return [(r.activity_id, r.activity_type) for r in rows]


def test_a_broadcast_starts_the_latest_version_of_each_process_after_the_waiting_executions(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    signal = unique("go")
    first_key, second_key, catcher_key = key("started"), key("started"), key("catcher")
    old = engine.deploy_inline(first_key, started_by(first_key, signal))
    latest = engine.deploy_inline(first_key, started_by(first_key, signal, none_start=True))
    other = engine.deploy_inline(second_key, started_by(second_key, signal))
    catching = engine.deploy_inline(catcher_key, waiting_for(catcher_key, signal))
    catcher = engine.start_id(catching)
    got = engine.broadcast(signal, {"reason": "launch"})
    assert got.delivered == 1 and engine.ended(catcher)
    assert len(got.started_process_instance_ids) == 2
    assert engine.of_definition(old) == []
    [on_latest], [on_other] = engine.of_definition(latest), engine.of_definition(other)
    assert set(got.started_process_instance_ids) == {on_latest, on_other}
    assert engine.activities(on_latest) == ["Task"]
    assert engine.variables(on_latest) == {"reason": ("launch", "String")}
    assert engine.passed(on_latest)[0] == ("Start", "signalStartEvent")
    assert engine.instance(on_latest).start_user_id == engine.instance(catcher).start_user_id != ""
    # a signal to one execution starts nothing
    waiting = engine.start_id(catching)
    again = engine.broadcast(signal, execution_id=waiting)
    assert (again.delivered, list(again.started_process_instance_ids)) == (1, [])
    # a plain start of a process with a none start event still takes that one
    plain = engine.start_id(latest)
    assert engine.passed(plain)[0] == ("Plain", "startEvent")


def test_deleting_the_latest_deployment_gives_the_start_event_back_to_the_version_before(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    signal, process_key = unique("go"), key("started")
    old = engine.deploy_inline(process_key, started_by(process_key, signal))
    latest = engine.deploy_inline(process_key, started_by(process_key, signal))
    deployment = engine.definitions.GetProcessDefinition(PD.GetProcessDefinitionRequest(
        id=latest)).process_definition.deployment_id
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment))
    [started] = engine.broadcast(signal).started_process_instance_ids
    assert engine.of_definition(old) == [started]


def test_tenants_and_suspension_decide_which_processes_start(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    signal, tenant = unique("go"), unique("tenant")
    shared_key, own_key, paused_key = key("shared"), key("own"), key("paused")
    shared = engine.deploy_inline(shared_key, started_by(shared_key, signal))
    own = engine.deploy_inline(own_key, started_by(own_key, signal), tenant)
    paused = engine.deploy_inline(paused_key, started_by(paused_key, signal))
    engine.definitions.SetProcessDefinitionSuspensionState(PD.SetProcessDefinitionSuspensionStateRequest(
        id=paused, suspended=True))
    assert len(engine.broadcast(signal, tenant_id=tenant).started_process_instance_ids) == 1
    assert (len(engine.of_definition(own)), len(engine.of_definition(shared))) == (1, 0)
    assert len(engine.broadcast(signal, without_tenant_id=True).started_process_instance_ids) == 1
    assert (len(engine.of_definition(own)), len(engine.of_definition(shared))) == (1, 1)
    assert len(engine.broadcast(signal).started_process_instance_ids) == 2
    assert engine.of_definition(paused) == []  # suspended: skipped, no error


def test_a_signal_throw_event_starts_processes_of_its_tenant_and_of_none(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    signal, tenant, other_tenant = unique("go"), unique("tenant"), unique("tenant")
    thrower_key, shared_key, own_key, foreign_key = key("thrower"), key("shared"), key("own"), key("foreign")
    thrower = engine.deploy_inline(thrower_key, started_by(thrower_key, f"{signal}-unused", none_start=True,
                                                           then=throwing("Fire")).replace(
        '<bpmn:signal id="Other"', f'<bpmn:signal id="Fire" name="{signal}" /><bpmn:signal id="Other"'), tenant)
    shared = engine.deploy_inline(shared_key, started_by(shared_key, signal))
    own = engine.deploy_inline(own_key, started_by(own_key, signal), tenant)
    foreign = engine.deploy_inline(foreign_key, started_by(foreign_key, signal), other_tenant)
    instance = engine.start_id(thrower)
    assert engine.activities(instance) == ["Task"]
    assert (len(engine.of_definition(shared)), len(engine.of_definition(own)), len(engine.of_definition(foreign))) \
        == (1, 1, 0)


def test_processes_that_start_each_other_in_a_loop_end_the_call_with_nothing_kept(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    signal, process_key = unique("go"), key("looping")
    # started by the signal, it throws the same signal again first
    looping = engine.deploy_inline(process_key, started_by(process_key, signal, then=throwing("Sig")))
    failed = expect_error(lambda: engine.broadcast(signal), grpc.StatusCode.FAILED_PRECONDITION,
                          "NESTING_LIMIT_EXCEEDED")
    assert failed.info.metadata["limit"] == "40"
    assert engine.of_definition(looping) == []


def test_a_process_that_calls_itself_without_end_is_refused(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    process_key = key("recursive")
    definition = engine.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Again" />
  <bpmn:callActivity id="Again" calledElement="{process_key}" />
  <bpmn:sequenceFlow id="f1" sourceRef="Again" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>""")
    expect_error(lambda: engine.start_id(definition), grpc.StatusCode.FAILED_PRECONDITION, "NESTING_LIMIT_EXCEEDED")
    assert engine.of_definition(definition) == []


def test_signal_start_events_are_refused_where_they_cannot_work(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    process_key = key("refused")
    only_signal = engine.deploy_inline(process_key, started_by(process_key, unique("go")))
    expect_error(lambda: engine.start_id(only_signal), grpc.StatusCode.FAILED_PRECONDITION, "NO_NONE_START_EVENT")
    expression = started_by(process_key, "${name}")
    failed = expect_error(lambda: engine.deploy_inline(process_key, expression), grpc.StatusCode.INVALID_ARGUMENT)
    assert "a signal start event needs a constant signal name" in failed.message


def _ending_with_signal(process_key: str, signal: str, *, caught_inside: bool = False) -> str:
    """A fork into the user task Other and a subprocess Sub whose path ends at the signal end
    event Thrown; with ``caught_inside`` an interrupting signal boundary event Caught of the same
    signal on Sub, leading to the user task Handled."""
    boundary = ('  <bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:signalEventDefinition signalRef="Sig" />'
                '</bpmn:boundaryEvent>\n  <bpmn:sequenceFlow id="fc" sourceRef="Caught" targetRef="Handled" />\n'
                '  <bpmn:userTask id="Handled" />\n  <bpmn:sequenceFlow id="fh" sourceRef="Handled" targetRef="End2" />\n'
                '  <bpmn:endEvent id="End2" />\n' if caught_inside else "")
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f1" sourceRef="Fork" targetRef="Other" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Sub" />
  <bpmn:userTask id="Other" />
  <bpmn:sequenceFlow id="f3" sourceRef="Other" targetRef="End" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Thrown" />
    <bpmn:endEvent id="Thrown"><bpmn:signalEventDefinition signalRef="Sig" /></bpmn:endEvent>
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="f4" sourceRef="Sub" targetRef="End" />
  <bpmn:endEvent id="End" />
{boundary}</bpmn:process>
<bpmn:signal id="Sig" name="{signal}" />
"""


def test_a_signal_end_event_delivers_its_signal_then_ends_its_path(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    signal = unique("done")
    catcher_key, started_key, thrower_key = key("catcher"), key("started"), key("thrower")
    catcher = engine.start_id(engine.deploy_inline(catcher_key, waiting_for(catcher_key, signal)))
    started = engine.deploy_inline(started_key, started_by(started_key, signal))
    thrower = engine.start_id(engine.deploy_inline(thrower_key, _ending_with_signal(thrower_key, signal)))
    assert engine.ended(catcher) and len(engine.of_definition(started)) == 1
    assert engine.activities(thrower) == ["Other"]  # Sub completed: its path ended at the end event
    assert ("Thrown", "signalEndEvent") in engine.passed(thrower) and ("Sub", "subProcess") in engine.passed(thrower)


def test_a_signal_end_event_caught_by_its_own_scope_s_boundary_event(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    process_key = key("self_caught")
    instance = engine.start_id(engine.deploy_inline(process_key, _ending_with_signal(
        process_key, unique("done"), caught_inside=True)))
    # the boundary event interrupted Sub while its path was at the end event: Handled, not End
    assert sorted(engine.activities(instance)) == ["Handled", "Other"]


def test_an_asynchronous_signal_end_event_is_refused(api) -> None:  # type: ignore[no-untyped-def]
    engine = Signals(api)
    process_key = key("async_end")
    body = _ending_with_signal(process_key, unique("done")).replace(
        '<bpmn:signalEventDefinition signalRef="Sig" /></bpmn:endEvent>',
        '<bpmn:signalEventDefinition signalRef="Sig" camunda:async="true" /></bpmn:endEvent>')
    failed = expect_error(lambda: engine.deploy_inline(process_key, body), grpc.StatusCode.INVALID_ARGUMENT,
                          "UNSUPPORTED_BPMN_ELEMENT")
    assert "asynchronous signal throwing" in failed.message
