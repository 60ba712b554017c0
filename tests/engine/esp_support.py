"""Helpers for the event subprocess tests: a process body with one event subprocess, and the
engine's stubs with the verbs those tests use (correlate, broadcast, the passes of the history,
the activity instance tree as paths)."""

from __future__ import annotations

import re
from typing import Any

from flowkeeper.engine.v1 import history_pb2, history_pb2_grpc, message_pb2, signal_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.resources.modeler import render
from tests.engine.support import typed_map
from tests.engine.work_support import Work
from tests.support import Api, unique

DEFINITIONS = ('<bpmn:message id="Msg" name="{message}" />\n<bpmn:signal id="Sig" name="{signal}" />\n'
               '<bpmn:error id="Err" errorCode="FAILED" camunda:errorMessage="it failed" />\n'
               '<bpmn:error id="Other" errorCode="OTHER" />\n'
               '<bpmn:escalation id="Late" escalationCode="LATE" />')


def timer(kind: str, value: str) -> str:
    return (f'<bpmn:timerEventDefinition><bpmn:{kind} xsi:type="bpmn:tFormalExpression">{value}</bpmn:{kind}>'
            "</bpmn:timerEventDefinition>")


MESSAGE = '<bpmn:messageEventDefinition messageRef="Msg" />'
SIGNAL = '<bpmn:signalEventDefinition signalRef="Sig" />'
ESCALATION = '<bpmn:escalationEventDefinition escalationRef="Late" camunda:escalationCodeVariable="escalated" />'
ERROR = ('<bpmn:errorEventDefinition errorRef="Err" camunda:errorCodeVariable="code" '
         'camunda:errorMessageVariable="reason" />')


def event_subprocess(trigger: str, interrupting: bool = True, prefix: str = "Esp", task: str = "Handle") -> str:
    """Event subprocess ``{prefix}``: its start event ``{prefix}Start`` (``trigger``), then the
    user task ``task``, then ``{prefix}End``."""
    flag = "" if interrupting else ' isInterrupting="false"'
    return f"""
  <bpmn:subProcess id="{prefix}" triggeredByEvent="true">
    <bpmn:startEvent id="{prefix}Start"{flag}>{trigger}</bpmn:startEvent>
    <bpmn:sequenceFlow id="{prefix}_f1" sourceRef="{prefix}Start" targetRef="{task}" />
    <bpmn:userTask id="{task}" />
    <bpmn:sequenceFlow id="{prefix}_f2" sourceRef="{task}" targetRef="{prefix}End" />
    <bpmn:endEvent id="{prefix}End" />
  </bpmn:subProcess>"""


def at_process_level(process_key: str, *subprocesses: str, work: str = '<bpmn:userTask id="Work" />') -> str:
    """Start, ``work`` (an activity with id Work), End, and the event subprocesses."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  {work}
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
  <bpmn:endEvent id="End" />
  {"".join(subprocesses)}
</bpmn:process>
"""


def in_subprocess(process_key: str, *subprocesses: str, inside: str = "", boundary: str = "") -> str:
    """Start, subprocess Sub (SubStart, user task Review, ``inside`` leading to SubEnd, or SubEnd
    at once; the event subprocesses), user task After, End; a ``boundary`` event Caught on Sub
    leads to the user task Rescue."""
    tail = inside or '<bpmn:sequenceFlow id="s2" sourceRef="Review" targetRef="SubEnd" />'
    rescue = """
  <bpmn:sequenceFlow id="f4" sourceRef="Caught" targetRef="Rescue" />
  <bpmn:userTask id="Rescue" />
  <bpmn:sequenceFlow id="f5" sourceRef="Rescue" targetRef="Rescued" />
  <bpmn:endEvent id="Rescued" />""" if boundary else ""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Review" />
    <bpmn:userTask id="Review" />
    {tail}
    <bpmn:endEvent id="SubEnd" />
    {"".join(subprocesses)}
  </bpmn:subProcess>
  {boundary}
  <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />{rescue}
</bpmn:process>
"""


class EventSubprocesses(Work):
    """Work with the message, signal and history verbs; each instance of it has its own message
    and signal names (the session server is shared)."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)
        self.message = unique("esp-message")
        self.signal = unique("esp-signal")

    def deploy_body(self, body: str, *others: tuple[str, str]) -> str:
        """Deploys the process ``body`` (its key: the id of its process), with the messages,
        signals, errors and escalations of DEFINITIONS, and ``others`` (key, body) beside it."""
        definitions = DEFINITIONS.format(message=self.message, signal=self.signal)
        process_key = body.split('id="', 1)[1].split('"', 1)[0]
        contents = {f"{k}.bpmn": render(b + definitions, k).encode() for k, b in ((process_key, body), *others)}
        deployment = self.deploy(contents=contents)
        return self.definition_id(deployment, process_key)

    def correlate(self, **fields: Any) -> list[message_pb2.MessageCorrelationResult]:
        for name in ("process_variables",):
            if name in fields:
                fields[name] = typed_map(fields[name])
        return list(self.messages.CorrelateMessage(
            message_pb2.CorrelateMessageRequest(message_name=self.message, **fields)).results)

    def broadcast(self) -> int:
        return self.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(name=self.signal)).delivered

    def open_tasks(self, instance_id: str) -> list[str]:
        return sorted(t.task_definition_key for t in self.tasks_of(instance_id))

    def finish(self, instance_id: str, *activity_ids: str) -> None:
        for activity_id in activity_ids:
            # One of the tasks there (a non-interrupting event subprocess may have several).
            self.complete(next(t.id for t in self.tasks_of(instance_id) if t.task_definition_key == activity_id))

    def passes(self, instance_id: str) -> list[tuple[str, str, str, str]]:
        """(activity, type, state, parent activity) of each pass, sorted; the parent is the
        activity of the pass it ran in ("" for the process instance)."""
        found = self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance_id)).historic_activity_instances
        by_id = {p.id: p.activity_id for p in found}
        return sorted((p.activity_id, p.activity_type,
                       "canceled" if p.canceled else "completed" if p.HasField("end_time") else "running",
                       by_id.get(p.parent_activity_instance_id, "")) for p in found)

    def activity_tree(self, instance_id: str) -> pi.ActivityInstance:
        return self.instances.GetActivityInstanceTree(pi.GetActivityInstanceTreeRequest(
            process_instance_id=instance_id)).root

    def where(self, instance_id: str) -> list[str]:
        """The activity instances of the tree as paths (Sub/Esp/Handle), with their types."""
        def walk(node: pi.ActivityInstance, prefix: str) -> list[str]:
            out: list[str] = []
            for child in node.child_activity_instances:
                out.append(f"{prefix}{child.activity_id}:{child.activity_type}")
                out += walk(child, f"{prefix}{child.activity_id}/")
            return out
        return sorted(walk(self.activity_tree(instance_id), ""))

    def waiting_for_message(self, instance_id: str) -> set[str]:
        return self.query(process_instance_id=instance_id, message_event_subscription_name=self.message)

    def waiting_for_signal(self, instance_id: str) -> set[str]:
        return self.query(process_instance_id=instance_id, signal_event_subscription_name=self.signal)

    def scope_of(self, instance_id: str, activity_id: str) -> str:
        """The scope execution of the (one) running instance of subprocess ``activity_id``: its
        activity instance is ``<activity id>:<scope execution id>``."""
        return self.activity_tree_id(instance_id, activity_id).rpartition(":")[2]

    def activity_tree_id(self, instance_id: str, activity_id: str) -> str:
        def walk(node: pi.ActivityInstance) -> list[pi.ActivityInstance]:
            return [node] + [n for c in node.child_activity_instances for n in walk(c)]
        [found] = [n.id for n in walk(self.activity_tree(instance_id)) if n.activity_id == activity_id]
        return found


def called_process(process_key: str, end: str = '<bpmn:endEvent id="ChildEnd" />') -> str:
    """A process to call: ChildStart, the user task Check, then ``end`` (id ChildEnd or Fail)."""
    end_id = re.search(r'id="([^"]+)"', end).group(1)  # type: ignore[union-attr]
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="ChildStart" />
  <bpmn:sequenceFlow id="c1" sourceRef="ChildStart" targetRef="Check" />
  <bpmn:userTask id="Check" />
  <bpmn:sequenceFlow id="c2" sourceRef="Check" targetRef="{end_id}" />
  {end}
</bpmn:process>
"""
