"""The per-incident timeline: who changed what, when, written with the change itself."""

from __future__ import annotations

from datetime import timedelta

import grpc

from flowkeeper.ops.v1 import incident_pb2
from tests.ops.desk import changes, ts
from tests.support import expect_error

K = incident_pb2


def test_the_timeline_records_every_change(desk, server):  # type: ignore[no-untyped-def]
    owner, tag = desk.user(), desk.tag()
    created = desk.incident(title="db slow", severity=3, owned_by=[owner.id])
    editor = desk.as_user()
    server.clock.advance(timedelta(minutes=2))
    editor.update(created.id, severity=1, tags=K.TagSet(set=[K.TagWithValueInput(tag_id=tag.id, value="v")]))
    server.clock.advance(timedelta(minutes=2))
    desk.update(created.id, stage=K.StageInput(stage="acknowledged", notes="looking"))
    desk.incidents.DeleteIncident(K.DeleteIncidentRequest(id=created.id))

    entries = desk.timeline(created.id)
    assert [e.kind for e in entries] == [K.INCIDENT_TIMELINE_ENTRY_KIND_CREATED, K.INCIDENT_TIMELINE_ENTRY_KIND_UPDATED,
                                         K.INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED,
                                         K.INCIDENT_TIMELINE_ENTRY_KIND_DELETED]
    assert [e.incident_version for e in entries] == [1, 2, 3, 4]
    assert all(e.incident_id == created.id for e in entries)
    assert entries[0].actor.id == created.created_by.id and entries[1].actor.id != created.created_by.id
    assert entries[0].created_date == created.created_date
    assert entries[2].created_date == ts(server.clock.now())
    assert changes(entries[0]) == {
        "title": (None, "db slow"), "severity": (None, 3.0), "owned_by": (None, [owner.id]), "stage": (None, "triage"),
    }
    assert changes(entries[1]) == {"severity": (3.0, 1.0), "tags": (None, [{"tag": tag.id, "value": "v"}])}
    stage_change = changes(entries[2])
    assert stage_change["stage"] == ("triage", "acknowledged")
    assert stage_change["acknowledged_date"][0] is None and entries[2].notes == "looking"
    assert entries[3].changes == []
    assert len({e.id for e in entries}) == 4 and entries[0].id.startswith("don:core:flowkeeper:incident_timeline_entry/")


def test_timeline_paging(desk):  # type: ignore[no-untyped-def]
    created = desk.incident()
    for i in range(4):
        desk.update(created.id, body=f"edit {i}")
    first = desk.incidents.ListIncidentTimeline(K.ListIncidentTimelineRequest(incident_id=created.id, page_size=2))
    assert [e.incident_version for e in first.entries] == [1, 2] and first.next_page_token
    second = desk.incidents.ListIncidentTimeline(
        K.ListIncidentTimelineRequest(incident_id=created.id, page_size=2, page_token=first.next_page_token))
    third = desk.incidents.ListIncidentTimeline(
        K.ListIncidentTimelineRequest(incident_id=created.id, page_size=2, page_token=second.next_page_token))
    assert [e.incident_version for e in second.entries] == [3, 4]
    assert [e.incident_version for e in third.entries] == [5] and third.next_page_token == ""
    assert [e.incident_version for e in desk.timeline(created.id)] == [1, 2, 3, 4, 5]
    # A token belongs to its incident's timeline.
    other = desk.incident()
    got = expect_error(lambda: desk.incidents.ListIncidentTimeline(
        K.ListIncidentTimelineRequest(incident_id=other.id, page_token=first.next_page_token)),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    assert got.fields == ["page_token"]


def test_timeline_errors(desk):  # type: ignore[no-untyped-def]
    list_timeline = desk.incidents.ListIncidentTimeline
    got = expect_error(lambda: list_timeline(K.ListIncidentTimelineRequest(incident_id="x")),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert got.fields == ["incident_id"]
    expect_error(lambda: list_timeline(K.ListIncidentTimelineRequest(incident_id="INC-999999")),
                 grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    created = desk.incident()
    got = expect_error(lambda: list_timeline(K.ListIncidentTimelineRequest(incident_id=created.id, page_size=-1)),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["page_size"]
    expect_error(lambda: list_timeline(K.ListIncidentTimelineRequest(incident_id=created.id, page_token="garbage")),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
