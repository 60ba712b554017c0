"""The incident stage diagram: start stage, transitions, closing dates, and the domain's
move_to_stage used by other contexts."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.ops.v1 import incident_pb2
from server.ops import incidents
from server.ops.ids import INCIDENT
from tests.ops.desk import ALLOW_NON_START, DIAGRAM, ts
from tests.support import expect_error

ALLOW_INVALID = incident_pb2.STAGE_VALIDATION_OPTION_FOR_UPDATE_ALLOW_INVALID_TRANSITION


def stage_of(incident: incident_pb2.Incident) -> str:
    return incident.stage.stage.name


def move(desk, incident_id: str, stage: str, *options: int, notes: str = ""):  # type: ignore[no-untyped-def]
    return desk.update(incident_id, stage=incident_pb2.StageInput(stage=stage, notes=notes),
                       stage_validation_options=list(options))


def test_the_stage_diagram_is_served(desk):  # type: ignore[no-untyped-def]
    diagram = desk.incidents.GetIncidentStageDiagram(incident_pb2.GetIncidentStageDiagramRequest()).diagram
    assert diagram.leaf_type == "incident" and diagram.id.startswith("don:core:flowkeeper:stage_diagram/")
    assert [n.stage.name for n in diagram.stages] == list(DIAGRAM)
    for node in diagram.stages:
        state, final, targets = DIAGRAM[node.stage.name]
        assert (node.state.name, node.state.is_final) == (state, final)
        assert node.is_start == (node.stage.name == "triage")
        assert sorted(t.name for t in node.transitions) == sorted(targets)
        assert node.stage.id == f"don:core:flowkeeper:custom_stage/{node.stage.display_id.split('-')[1]}"


def test_every_diagram_transition_is_allowed_and_others_are_not(desk):  # type: ignore[no-untyped-def]
    for source, (_, _, targets) in DIAGRAM.items():
        for target in DIAGRAM:
            if target == source:
                continue
            incident = desk.incident(stage=incident_pb2.StageInput(stage=source),
                                     stage_validation_options=[ALLOW_NON_START])
            if target in targets:
                assert stage_of(move(desk, incident.id, target)) == target
            else:
                got = expect_error(lambda: move(desk, incident.id, target), grpc.StatusCode.FAILED_PRECONDITION,
                                   "INVALID_STAGE_TRANSITION")
                assert got.info.metadata["from_stage"] == source and got.info.metadata["to_stage"] == target
                assert got.info.metadata["allowed_stages"] == ",".join(
                    t for t in DIAGRAM if t in targets)
                violation = got.precondition.violations[0]
                assert violation.type == "STAGE_TRANSITION" and violation.subject == incident.id
                assert source in violation.description and target in violation.description
                assert stage_of(desk.get(incident.id)) == source


def test_allow_invalid_transition_forces_a_move(desk):  # type: ignore[no-untyped-def]
    incident = desk.incident()
    got = move(desk, incident.id, "resolved", ALLOW_INVALID)
    assert stage_of(got) == "resolved" and got.stage.state.is_final and got.HasField("actual_close_date")


def test_create_in_a_non_start_stage_needs_allow_non_start(desk):  # type: ignore[no-untyped-def]
    got = expect_error(lambda: desk.incident(stage=incident_pb2.StageInput(stage="fixing")),
                       grpc.StatusCode.INVALID_ARGUMENT, "STAGE_NOT_START")
    assert got.fields == ["stage.stage"] and got.info.metadata["start_stage"] == "triage"
    created = desk.incident(stage=incident_pb2.StageInput(stage="fixing"), stage_validation_options=[ALLOW_NON_START])
    assert stage_of(created) == "fixing" and created.stage.state.name == "in_progress"
    # Naming the start stage explicitly needs no option.
    assert stage_of(desk.incident(stage=incident_pb2.StageInput(stage="triage"))) == "triage"
    got = expect_error(lambda: desk.incident(stage=incident_pb2.StageInput()), grpc.StatusCode.INVALID_ARGUMENT,
                       "MISSING_REQUIRED_FIELD")
    assert got.fields == ["stage.stage"]


def test_stages_are_named_by_id_display_id_or_name(desk):  # type: ignore[no-untyped-def]
    diagram = desk.incidents.GetIncidentStageDiagram(incident_pb2.GetIncidentStageDiagramRequest()).diagram
    ids = {n.stage.name: n.stage for n in diagram.stages}
    incident = desk.incident()
    assert stage_of(move(desk, incident.id, ids["acknowledged"].id)) == "acknowledged"
    assert stage_of(move(desk, incident.id, ids["fixing"].display_id)) == "fixing"
    assert stage_of(move(desk, incident.id, "mitigated")) == "mitigated"


def test_closing_dates_follow_final_stages(desk, server):  # type: ignore[no-untyped-def]
    incident = desk.incident(stage=incident_pb2.StageInput(stage="fixing"), stage_validation_options=[ALLOW_NON_START])
    assert not incident.HasField("actual_close_date")
    resolved = move(desk, incident.id, "resolved")
    assert resolved.actual_close_date == ts(server.clock.now())
    server.clock.advance(timedelta(minutes=3))
    reopened = move(desk, incident.id, "fixing")
    assert not reopened.HasField("actual_close_date")
    server.clock.advance(timedelta(minutes=3))
    again = move(desk, incident.id, "resolved")
    assert again.actual_close_date == ts(server.clock.now())
    # Created straight into a final stage: closed at once.
    closed = desk.incident(stage=incident_pb2.StageInput(stage="duplicate"), stage_validation_options=[ALLOW_NON_START])
    assert closed.actual_close_date == closed.created_date and closed.stage.state.is_final


def test_acknowledged_and_mitigated_dates_are_set_once(desk, server):  # type: ignore[no-untyped-def]
    incident = desk.incident()
    acked = move(desk, incident.id, "acknowledged")
    assert acked.acknowledged_date == ts(server.clock.now())
    server.clock.advance(timedelta(minutes=1))
    mitigated = move(desk, incident.id, "mitigated")
    assert mitigated.mitigated_date == ts(server.clock.now()) and mitigated.acknowledged_date == acked.acknowledged_date
    server.clock.advance(timedelta(minutes=1))
    move(desk, incident.id, "fixing")
    again = move(desk, incident.id, "mitigated")
    assert again.mitigated_date == mitigated.mitigated_date  # kept: the first mitigation
    # A date given with the move wins.
    chosen = server.clock.now() - timedelta(days=1)
    other = desk.incident()
    got = desk.update(other.id, stage=incident_pb2.StageInput(stage="acknowledged"), acknowledged_date=ts(chosen))
    assert got.acknowledged_date == ts(chosen)


def test_moving_to_the_current_stage_is_not_a_change(desk):  # type: ignore[no-untyped-def]
    incident = desk.incident()
    assert move(desk, incident.id, "triage") == incident


def test_stage_notes_go_to_the_timeline(desk):  # type: ignore[no-untyped-def]
    incident = desk.incident(stage=incident_pb2.StageInput(stage="triage", notes="opened by pager"))
    move(desk, incident.id, "acknowledged", notes="on it")
    entries = desk.timeline(incident.id)
    assert [e.notes for e in entries] == ["opened by pager", "on it"]
    assert entries[1].kind == incident_pb2.INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED
    change = {c.field: (c.old_value.string_value, c.new_value.string_value) for c in entries[1].changes}
    assert change["stage"] == ("triage", "acknowledged")


def test_domain_functions_create_and_mitigate_without_grpc(desk, server):  # type: ignore[no-untyped-def]
    """What the engine does when an engine incident opens and resolves a desk incident."""
    owner = desk.user()
    admin_id = int(desk.get(desk.incident().id).created_by.id.rsplit("/", 1)[1])
    view = server.db.run(lambda tx: incidents.create_incident(
        tx, server.clock, admin_id,
        incidents.NewIncident(title="engine: job failed", severity=2, source=3, owned_by=[owner.id])), write=True)
    server.db.run(lambda tx: incidents.move_to_stage(tx, server.clock, admin_id, view.id, "acknowledged"), write=True)
    moved = server.db.run(lambda tx: incidents.move_to_stage(tx, server.clock, admin_id, view.id, "mitigated",
                                                             notes="engine incident resolved"), write=True)
    assert moved.version == 3
    got = desk.get(INCIDENT.don(view.id))
    assert stage_of(got) == "mitigated" and got.source.label == "process engine"
    assert [u.id for u in got.owned_by] == [owner.id] and got.HasField("mitigated_date")
    assert desk.timeline(got.id)[-1].notes == "engine incident resolved"
    # The domain raises the same errors as the API.
    from server.errors import FailedPrecondition

    with pytest.raises(FailedPrecondition):
        server.db.run(lambda tx: incidents.move_to_stage(tx, server.clock, admin_id, view.id, "triage"), write=True)
