"""Events carry the document's engine's activity types (noneEndEvent, boundaryTimer,
intermediateMessageCatch, …) in the history and the activity instance tree; migration
history_0016 rewrites what earlier versions recorded by tag, and its frozen table agrees with the
engine's for every kind of event."""

from __future__ import annotations

import pytest
from alembic import command

from flowkeeper.engine.v1 import history_pb2, history_pb2_grpc, message_pb2, process_instance_pb2 as pi
from server.db import Database
from server.engine.bpmn.parser import parse_bpmn
from server.engine.bpmn.spec import EVENT_ACTIVITY_TYPES
from server.migrate import alembic_config
from server.migrations.versions import history_0016_event_activity_types as migration
from tests.engine.bpmn.snippets import definitions
from tests.engine.work_support import Work
from tests.conftest import BACKENDS
from tests.support import unique

_TIMER = "<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>"
_CONDITION = ('<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${x > 1}'
              "</bpmn:condition></bpmn:conditionalEventDefinition>")
_DEFINITIONS = {
    "timer": _TIMER,
    "message": '<bpmn:messageEventDefinition messageRef="M" />',
    "signal": '<bpmn:signalEventDefinition signalRef="S" />',
    "error": '<bpmn:errorEventDefinition errorRef="E" />',
    "escalation": '<bpmn:escalationEventDefinition escalationRef="X" />',
    "conditional": _CONDITION,
    "terminate": "<bpmn:terminateEventDefinition />",
    "external": '<bpmn:messageEventDefinition camunda:type="external" camunda:topic="t" />',
    "none": "",
}
_ROOTS = ('<bpmn:message id="M" name="m" /><bpmn:signal id="S" name="s" /><bpmn:error id="E" errorCode="e" />'
          '<bpmn:escalation id="X" escalationCode="x" />')


# Escalations are caught on subprocesses and call activities only.
_SUBPROCESS = ('<bpmn:subProcess id="Work"><bpmn:startEvent id="In" /><bpmn:endEvent id="InEnd" />'
               '<bpmn:sequenceFlow id="i" sourceRef="In" targetRef="InEnd" /></bpmn:subProcess>')


def _document(inner: str) -> bytes:
    return definitions(f'<bpmn:process id="p" isExecutable="true">\n{inner}\n</bpmn:process>\n{_ROOTS}')


def _flow(*ids: str) -> str:
    return "\n".join(f'<bpmn:sequenceFlow id="f{n}" sourceRef="{a}" targetRef="{b}" />'
                     for n, (a, b) in enumerate(zip(ids, ids[1:])))


def _documents() -> list[bytes]:
    """Small processes that together hold every kind of event the engine runs, but compensation
    and cancel events (whose names did not change; their parser tests check them)."""
    docs = []
    for kind in ("none", "timer", "message", "signal", "conditional"):
        docs.append(_document(f'<bpmn:startEvent id="Ev">{_DEFINITIONS[kind]}</bpmn:startEvent>\n'
                              f'<bpmn:endEvent id="End" />\n{_flow("Ev", "End")}'))
    for kind in ("timer", "message", "signal", "conditional"):
        docs.append(_document(f'<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Ev">'
                              f'{_DEFINITIONS[kind]}</bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />\n'
                              + _flow("Start", "Ev", "End")))
    for kind in ("none", "signal", "escalation", "external"):
        docs.append(_document(f'<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Ev">'
                              f'{_DEFINITIONS[kind]}</bpmn:intermediateThrowEvent><bpmn:endEvent id="End" />\n'
                              + _flow("Start", "Ev", "End")))
    for kind in ("none", "error", "terminate", "external", "signal", "escalation"):
        docs.append(_document(f'<bpmn:startEvent id="Start" /><bpmn:endEvent id="Ev">{_DEFINITIONS[kind]}'
                              f'</bpmn:endEvent>\n{_flow("Start", "Ev")}'))
    for kind in ("timer", "message", "signal", "error", "escalation", "conditional"):
        docs.append(_document(f'<bpmn:startEvent id="Start" />{_SUBPROCESS}<bpmn:endEvent id="End" />'
                              f'<bpmn:boundaryEvent id="Ev" attachedToRef="Work">{_DEFINITIONS[kind]}'
                              f'</bpmn:boundaryEvent><bpmn:endEvent id="Out" />\n'
                              + _flow("Start", "Work", "End") + "\n"
                              + '<bpmn:sequenceFlow id="g" sourceRef="Ev" targetRef="Out" />'))
    for kind in ("error", "escalation", "message", "timer", "signal", "conditional"):
        docs.append(_document(
            '<bpmn:startEvent id="Start" /><bpmn:userTask id="Work" /><bpmn:endEvent id="End" />\n'
            + _flow("Start", "Work", "End")
            + f'\n<bpmn:subProcess id="Esp" triggeredByEvent="true"><bpmn:startEvent id="Ev">{_DEFINITIONS[kind]}'
              '</bpmn:startEvent><bpmn:endEvent id="EspEnd" />'
              '<bpmn:sequenceFlow id="e" sourceRef="Ev" targetRef="EspEnd" /></bpmn:subProcess>'))
    link = ('<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Go"><bpmn:linkEventDefinition name="A" />'
            '</bpmn:intermediateThrowEvent><bpmn:intermediateCatchEvent id="Ev"><bpmn:linkEventDefinition name="A" />'
            '</bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />\n'
            + _flow("Start", "Go") + '\n<bpmn:sequenceFlow id="l" sourceRef="Ev" targetRef="End" />')
    docs.append(_document(link))
    return docs


def test_the_migrations_table_names_every_event_as_the_engine_does() -> None:
    """The migration cannot import the engine: its frozen table is checked against the engine's
    on every event of the documents above, which between them reach every name of the engine's
    table but the compensation and cancel ones."""
    seen = set()
    for document in _documents():
        [spec] = parse_bpmn(document, "p.bpmn")
        rewritten = migration._event_types(document)
        for element in spec.elements.values():
            if element.kind.is_event:
                assert rewritten.get(element.id, element.activity_type) == element.activity_type, element.id
                seen.add(element.activity_type)
    unchanged = {"compensation", "cancel"}
    assert {name for name in EVENT_ACTIVITY_TYPES.values()
            if not any(word in name.lower() for word in unchanged)} <= seen
    # the link throw event, which the document's engine does not record, keeps its tag
    assert "intermediateThrowEvent" in seen


PROCESS = """<bpmn:process id="{key}" isExecutable="true">
  <bpmn:startEvent id="Start" />
  <bpmn:intermediateThrowEvent id="Note" />
  <bpmn:intermediateThrowEvent id="Tell"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateThrowEvent>
  <bpmn:userTask id="Work" />
  <bpmn:boundaryEvent id="Stop" attachedToRef="Work"><bpmn:messageEventDefinition messageRef="StopM" />
  </bpmn:boundaryEvent>
  <bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="GoM" />
  </bpmn:intermediateCatchEvent>
  <bpmn:intermediateThrowEvent id="Jump"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateCatchEvent id="Land"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="End" />
  <bpmn:endEvent id="Stopped"><bpmn:terminateEventDefinition /></bpmn:endEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Note" />
  <bpmn:sequenceFlow id="f2" sourceRef="Note" targetRef="Tell" />
  <bpmn:sequenceFlow id="f3" sourceRef="Tell" targetRef="Work" />
  <bpmn:sequenceFlow id="f4" sourceRef="Work" targetRef="Wait" />
  <bpmn:sequenceFlow id="f5" sourceRef="Wait" targetRef="Jump" />
  <bpmn:sequenceFlow id="f6" sourceRef="Land" targetRef="End" />
  <bpmn:sequenceFlow id="f7" sourceRef="Stop" targetRef="Stopped" />
</bpmn:process>
<bpmn:message id="GoM" name="{key}-go" /><bpmn:message id="StopM" name="{key}-stop" />
<bpmn:signal id="S" name="{key}-told" />"""

EXPECTED = {
    "Start": "startEvent", "Note": "intermediateNoneThrowEvent", "Tell": "intermediateSignalThrow",
    "Work": "userTask", "Wait": "intermediateMessageCatch", "Jump": "intermediateThrowEvent",
    "Land": "intermediateLinkCatch", "End": "noneEndEvent", "Stop": "boundaryMessage",
    "Stopped": "terminateEndEvent",
}
# What history_0015's engine recorded for the same elements.
RECORDED_BY_TAG = {**EXPECTED, "Note": "intermediateThrowEvent", "Tell": "intermediateThrowEvent",
                   "Wait": "intermediateCatchEvent", "Land": "intermediateCatchEvent", "End": "endEvent",
                   "Stop": "boundaryEvent", "Stopped": "endEvent"}


class Events(Work):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def types(self, *instance_ids: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for instance_id in instance_ids:
            for p in self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
                    process_instance_id=instance_id)).historic_activity_instances:
                found[p.activity_id] = p.activity_type
        return found

    def run_both_ways(self) -> tuple[str, str, pi.ActivityInstance]:
        """One instance through the message catch and the link to the end, one stopped by the
        boundary event; and the tree of a third, waiting at the message catch event."""
        key = unique("event_types")
        deployment = self.deploy(contents={f"{key}.bpmn": definitions(PROCESS.format(key=key))})
        definition = self.definition_id(deployment, key)
        through, stopped, waiting = (self.start_id(definition) for _ in range(3))
        for instance in (through, waiting):
            [task] = self.tasks_of(instance)
            self.complete(task.id)
        self.messages.CorrelateMessage(_correlate(f"{key}-go", through))
        self.messages.CorrelateMessage(_correlate(f"{key}-stop", stopped))
        tree = self.instances.GetActivityInstanceTree(pi.GetActivityInstanceTreeRequest(process_instance_id=waiting))
        return through, stopped, tree.root


def _correlate(name: str, instance_id: str) -> message_pb2.CorrelateMessageRequest:
    return message_pb2.CorrelateMessageRequest(message_name=name, process_instance_id=instance_id)


def test_history_and_the_tree_show_events_by_the_document_engines_names(api) -> None:  # type: ignore[no-untyped-def]
    engine = Events(api)
    through, stopped, tree = engine.run_both_ways()
    assert engine.types(through, stopped) == EXPECTED
    [wait] = tree.child_activity_instances
    assert (wait.activity_id, wait.activity_type) == ("Wait", "intermediateMessageCatch")


def _migrate(db: Database, action, revision: str) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        action(config, revision)
        connection.commit()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migration_rewrites_recorded_events_and_the_downgrade_restores_the_tags(  # type: ignore[no-untyped-def]
        fresh_server, backend: str) -> None:
    handle = fresh_server(backend)
    engine = Events(handle.api())
    through, stopped, _ = engine.run_both_ways()
    db = handle.db
    _migrate(db, command.downgrade, "history_0015")
    assert engine.types(through, stopped) == RECORDED_BY_TAG
    _migrate(db, command.upgrade, "heads")
    assert engine.types(through, stopped) == EXPECTED
