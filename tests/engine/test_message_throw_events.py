"""Message intermediate throw and end events, sent by a worker as in the document's engine
(camunda:type="external" and camunda:topic on the messageEventDefinition): the path waits at the
event for an external task of that topic; its completion leaves the throw event, or ends the path
at the end event; failures are the external task's (retries, then an incident)."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import incident_pb2, incident_pb2_grpc
from tests.engine.work_support import Work, key
from tests.support import expect_error


def sending(process_key: str, topic: str, *, definition_attrs: str = "") -> str:
    """Start, a message throw event Notify (sent on ``topic``), a user task Review, a fork into
    the user task Archive and the message end event Confirm (sent on ``topic``-end)."""
    attrs = definition_attrs or f'camunda:type="external" camunda:topic="{topic}"'
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Notify" />
  <bpmn:intermediateThrowEvent id="Notify">
    <bpmn:messageEventDefinition messageRef="Msg" {attrs} />
  </bpmn:intermediateThrowEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="Notify" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Archive" />
  <bpmn:sequenceFlow id="f4" sourceRef="Fork" targetRef="Confirm" />
  <bpmn:userTask id="Archive" />
  <bpmn:sequenceFlow id="f5" sourceRef="Archive" targetRef="Done" />
  <bpmn:endEvent id="Done" />
  <bpmn:endEvent id="Confirm">
    <bpmn:messageEventDefinition camunda:type="external" camunda:topic="{topic}-end" camunda:taskPriority="7" />
  </bpmn:endEvent>
</bpmn:process>
<bpmn:message id="Msg" name="order-confirmed" />
"""


def test_a_worker_sends_the_message_of_a_throw_event_and_of_an_end_event(api) -> None:  # type: ignore[no-untyped-def]
    work = Work(api)
    topic, process_key = key("notify"), key("sending")
    instance = work.start_id(work.deploy_inline(process_key, sending(process_key, topic)), {"order": "A-1"})
    assert work.activities(instance) == ["Notify"]
    [locked] = work.fetch("mailer", work.topic(topic))
    assert locked.external_task.activity_id == "Notify" and locked.external_task.process_instance_id == instance
    assert locked.variables["order"].value.string_value == "A-1"
    work.complete_external(locked.external_task.id, "mailer", {"sent": True})
    assert work.activities(instance) == ["Review"]
    assert work.variables(instance)["sent"] == (True, "Boolean")
    [review] = work.tasks_of(instance)
    work.complete(review.id)
    assert work.activities(instance) == ["Archive", "Confirm"]
    [end] = work.fetch("mailer", work.topic(f"{topic}-end"))
    assert (end.external_task.activity_id, end.external_task.priority) == ("Confirm", 7)
    work.complete_external(end.external_task.id, "mailer")
    assert work.activities(instance) == ["Archive"]  # the end event ended its path only
    [archive] = work.tasks_of(instance)
    work.complete(archive.id)
    assert work.ended(instance)


def test_a_failing_sender_holds_an_incident_at_the_event(api) -> None:  # type: ignore[no-untyped-def]
    work = Work(api)
    topic, process_key = key("notify"), key("sending")
    instance = work.start_id(work.deploy_inline(process_key, sending(process_key, topic)))
    [locked] = work.fetch("mailer", work.topic(topic))
    work.fail(locked.external_task.id, "mailer", retries=0, message="smtp down")
    incidents = api.stub(incident_pb2_grpc.IncidentServiceStub).QueryIncidents(
        incident_pb2.QueryIncidentsRequest(process_instance_id=instance)).incidents
    assert [(i.incident_type, i.activity_id, i.incident_message) for i in incidents] == [
        ("failedExternalTask", "Notify", "smtp down")]
    assert work.activities(instance) == ["Notify"]


def test_message_senders_need_an_external_topic(api) -> None:  # type: ignore[no-untyped-def]
    work = Work(api)
    process_key = key("refused")
    for attrs, reason, text in (
        ("", "UNSUPPORTED_BPMN_ELEMENT", "it has no camunda:type"),
        ('camunda:class="org.example.Send"', "UNSUPPORTED_BPMN_ELEMENT", "intermediateThrowEvent 'Notify'"),
        ('camunda:type="external"', "INVALID_BPMN", "needs a camunda:topic"),
    ):
        body = sending(process_key, "t", definition_attrs=attrs or 'camunda:taskPriority="1"')
        failed = expect_error(lambda body=body: work.deploy_inline(process_key, body),
                              grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert text in failed.message, failed.message
    # the message itself is optional: the worker knows what to send
    body = sending(process_key, "t").replace(' messageRef="Msg"', "")
    assert work.deploy_inline(process_key, body)
