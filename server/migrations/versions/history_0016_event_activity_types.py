"""history: events' activity types are the document's engine's (noneEndEvent, boundaryTimer, …)

Revision ID: history_0016
Revises: history_0015
Create Date: 2026-12-07 21:30:00.000000

Until this revision the history recorded most events by their tag (startEvent, endEvent,
boundaryEvent, intermediateCatchEvent, intermediateThrowEvent); the engine now names them as the
document's engine does, from the tag and the event definition. The rows written before are
rewritten from the BPMN XML of their process definition (the deployment resource it came from),
read here with the standard library so that the revision does not depend on the engine's code.
An element the XML does not have keeps its type. The downgrade writes the tags back (the names
that revision already used for conditional, compensation and cancel events stay).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "history_0016"
down_revision = "history_0015"
branch_labels = None
depends_on = None

_BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_TAGS = ("startEvent", "endEvent", "boundaryEvent", "intermediateCatchEvent", "intermediateThrowEvent")

# (tag, event definition's tag without "EventDefinition", or "" for none) -> the new type; frozen
# here as the engine's table was when this revision was written.
_TYPES = {
    ("startEvent", ""): "startEvent",
    ("startEvent", "timer"): "startTimerEvent",
    ("startEvent", "message"): "messageStartEvent",
    ("startEvent", "signal"): "signalStartEvent",
    ("startEvent", "error"): "errorStartEvent",
    ("startEvent", "escalation"): "escalationStartEvent",
    ("startEvent", "compensate"): "compensationStartEvent",
    ("startEvent", "conditional"): "conditionalStartEvent",
    ("intermediateCatchEvent", "message"): "intermediateMessageCatch",
    ("intermediateCatchEvent", "timer"): "intermediateTimer",
    ("intermediateCatchEvent", "link"): "intermediateLinkCatch",
    ("intermediateCatchEvent", "signal"): "intermediateSignalCatch",
    ("intermediateCatchEvent", "conditional"): "intermediateConditional",
    ("intermediateThrowEvent", ""): "intermediateNoneThrowEvent",
    ("intermediateThrowEvent", "signal"): "intermediateSignalThrow",
    ("intermediateThrowEvent", "message"): "intermediateMessageThrowEvent",
    ("intermediateThrowEvent", "escalation"): "intermediateEscalationThrowEvent",
    ("intermediateThrowEvent", "compensate"): "intermediateCompensationThrowEvent",
    ("boundaryEvent", "timer"): "boundaryTimer",
    ("boundaryEvent", "message"): "boundaryMessage",
    ("boundaryEvent", "signal"): "boundarySignal",
    ("boundaryEvent", "error"): "boundaryError",
    ("boundaryEvent", "escalation"): "boundaryEscalation",
    ("boundaryEvent", "compensate"): "compensationBoundaryCatch",
    ("boundaryEvent", "cancel"): "cancelBoundaryCatch",
    ("boundaryEvent", "conditional"): "boundaryConditional",
    ("endEvent", ""): "noneEndEvent",
    ("endEvent", "error"): "errorEndEvent",
    ("endEvent", "cancel"): "cancelEndEvent",
    ("endEvent", "terminate"): "terminateEndEvent",
    ("endEvent", "message"): "messageEndEvent",
    ("endEvent", "signal"): "signalEndEvent",
    ("endEvent", "escalation"): "escalationEndEvent",
    ("endEvent", "compensate"): "compensationEndEvent",
}
# What history_0015's engine already wrote in the document's engine's words.
_KEPT = frozenset({
    "startEvent", "intermediateConditional", "boundaryConditional", "conditionalStartEvent",
    "intermediateCompensationThrowEvent", "compensationEndEvent", "compensationBoundaryCatch",
    "compensationStartEvent", "cancelEndEvent", "cancelBoundaryCatch",
})
_CHUNK = 400

_history = sa.table("historic_activity_instances", sa.column("process_definition_id"),
                    sa.column("activity_id"), sa.column("activity_type"))


def _event_types(xml: bytes) -> dict[str, str]:
    """The new activity type of each event of a BPMN document, by element id."""
    types = {}
    for element in ET.fromstring(xml).iter():
        if not element.tag.startswith(_BPMN) or element.tag[len(_BPMN):] not in _TAGS:
            continue
        definition = next((c.tag[len(_BPMN):-len("EventDefinition")] for c in element
                           if c.tag.startswith(_BPMN) and c.tag.endswith("EventDefinition")), "")
        named = _TYPES.get((element.tag[len(_BPMN):], definition))
        if named is not None and element.get("id"):
            types[element.get("id")] = named
    return types


def upgrade() -> None:
    bind = op.get_bind()
    pairs = bind.execute(sa.text(
        "SELECT DISTINCT process_definition_id, activity_id, activity_type FROM historic_activity_instances "
        "WHERE activity_type IN ('startEvent', 'endEvent', 'boundaryEvent', 'intermediateCatchEvent', "
        "'intermediateThrowEvent')")).all()
    by_definition: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for definition_id, activity_id, activity_type in pairs:
        by_definition[definition_id].append((activity_id, activity_type))
    renames: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for definition_id, activities in by_definition.items():
        xml = bind.execute(sa.text(
            "SELECT r.content FROM process_definitions d JOIN deployment_resources r "
            "ON r.deployment_id = d.deployment_id AND r.name = d.resource_name WHERE d.id = :id"),
            {"id": definition_id}).scalar()
        if xml is None:
            continue
        types = _event_types(bytes(xml))
        for activity_id, activity_type in activities:
            named = types.get(activity_id)
            if named is not None and named != activity_type:
                renames[(activity_type, named)].append((definition_id, activity_id))
    for (old, new), keys in renames.items():
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            op.execute(_history.update().where(
                _history.c.activity_type == old,
                sa.tuple_(_history.c.process_definition_id, _history.c.activity_id).in_(chunk),
            ).values(activity_type=new))


def downgrade() -> None:
    back: dict[str, list[str]] = defaultdict(list)
    for (tag, _definition), named in _TYPES.items():
        if named not in _KEPT:
            back[tag].append(named)
    for tag, names in back.items():
        op.execute(_history.update().where(_history.c.activity_type.in_(names)).values(activity_type=tag))
