"""Idempotent create, concurrent updates that lose nothing, and one transaction per call."""

from __future__ import annotations

import grpc
from sqlalchemy import func, select

from flowkeeper.ops.v1 import artifact_pb2, incident_pb2
from server.ops.models import Incident, IncidentOwner, IncidentTimelineEntry
from tests.support import at_once, expect_error, unique


def count(server, model) -> int:  # type: ignore[no-untyped-def]
    return server.db.run(lambda tx: tx.scalar(select(func.count()).select_from(model)), write=False)


# -- idempotency ----------------------------------------------------------------------------


def test_a_retry_with_the_same_request_id_returns_the_first_incident(desk):  # type: ignore[no-untyped-def]
    request_id, title = unique("req"), unique("title")
    first = desk.incident(title=title, request_id=request_id, severity=1)
    again = desk.incident(title=title, request_id=request_id, severity=4)
    assert again == first
    assert desk.list_ids(title=[title]) == [first.id]
    # The retry answers with the incident as it is now.
    updated = desk.update(first.id, body="since then")
    assert desk.incident(title=title, request_id=request_id) == updated
    # request_id is scoped to the caller.
    other = desk.as_user().incident(title=title, request_id=request_id)
    assert other.id != first.id
    # Without a request_id every call creates.
    assert desk.incident(title=title).id not in (first.id, other.id)


def test_a_request_id_whose_incident_was_deleted_is_used_up(desk):  # type: ignore[no-untyped-def]
    request_id = unique("req")
    first = desk.incident(request_id=request_id)
    desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id=first.id))
    got = expect_error(lambda: desk.incident(request_id=request_id), grpc.StatusCode.ALREADY_EXISTS,
                       "REQUEST_ID_ALREADY_USED")
    assert got.info.metadata["incident_id"] == first.id and got.info.metadata["request_id"] == request_id


def test_concurrent_retries_create_one_incident(desk):  # type: ignore[no-untyped-def]
    request_id, title = unique("req"), unique("race")
    ids = set(at_once([lambda: desk.incident(title=title, request_id=request_id).id] * 8))
    assert len(ids) == 1
    assert desk.list_ids(title=[title]) == list(ids)


# -- concurrent updates ---------------------------------------------------------------------


def test_concurrent_updates_of_different_fields_lose_nothing(desk):  # type: ignore[no-untyped-def]
    users = [desk.user() for _ in range(3)]
    incident = desk.incident()
    rounds = 6
    writers = {
        "body": lambda i: {"body": f"body {i}"},
        "title": lambda i: {"title": f"title {i}"},
        "severity": lambda i: {"severity": 1 + i % 4},
        "reported_by": lambda i: {"reported_by": 1 + i % 3},
        "owned_by": lambda i: {"owned_by": incident_pb2.IdSet(set=[users[i % 3].id])},
        "impact": lambda i: {"impact": incident_pb2.UpdateImpact(count=1 + i % 4)},
    }

    def write(name: str) -> None:
        for i in range(1, rounds + 1):
            desk.update(incident.id, **writers[name](i))

    at_once([lambda name=name: write(name) for name in writers])
    got = desk.get(incident.id)
    last = rounds
    assert got.body == f"body {last}" and got.title == f"title {last}"
    assert got.severity.id == 1 + last % 4 and got.reported_by.id == 1 + last % 3
    assert [u.id for u in got.owned_by] == [users[last % 3].id] and got.impact.count.id == 1 + last % 4
    # Every update is counted and recorded once (the first round of severity/reported_by/... may
    # repeat no value: all writers change their field on every round here).
    total = len(writers) * rounds
    assert got.version == 1 + total
    assert len(desk.timeline(incident.id)) == 1 + total


def test_concurrent_read_modify_write_with_expected_version_keeps_every_tag(desk):  # type: ignore[no-untyped-def]
    tags = [desk.tag() for _ in range(6)]
    incident = desk.incident()

    def append(tag_id: str) -> int:
        conflicts = 0
        while True:
            current = desk.get(incident.id)
            wanted = [incident_pb2.TagWithValueInput(tag_id=t.tag.id, value=t.value) for t in current.tags]
            wanted.append(incident_pb2.TagWithValueInput(tag_id=tag_id))
            try:
                desk.update(incident.id, tags=incident_pb2.TagSet(set=wanted), expected_version=current.version)
                return conflicts
            except grpc.RpcError as error:
                assert error.code() == grpc.StatusCode.ABORTED
                conflicts += 1

    at_once([lambda tag_id=t.id: append(tag_id) for t in tags])
    got = desk.get(incident.id)
    assert sorted(t.tag.id for t in got.tags) == sorted(t.id for t in tags)
    assert got.version == 1 + len(tags)


# -- one transaction per call ---------------------------------------------------------------


def test_a_create_failing_late_validation_leaves_nothing(desk, server):  # type: ignore[no-untyped-def]
    owner, art, title = desk.user(), desk.artifact(), unique("doomed")
    before = (count(server, Incident), count(server, IncidentTimelineEntry), count(server, IncidentOwner))
    expect_error(lambda: desk.incident(title=title, owned_by=[owner.id], artifacts=[art.id],
                                       tags=[incident_pb2.TagWithValueInput(tag_id="TAG-999999")]),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert (count(server, Incident), count(server, IncidentTimelineEntry), count(server, IncidentOwner)) == before
    assert desk.list_ids(title=[title]) == []
    assert desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=art.id)).artifact.parent == ""


def test_a_create_failing_after_its_writes_leaves_nothing(desk, server, monkeypatch):  # type: ignore[no-untyped-def]
    """The incident, its links and the artifact's parent are written before the timeline entry;
    a failure there must roll all of them back."""
    owner, art, title = desk.user(), desk.artifact(), unique("doomed")
    before = (count(server, Incident), count(server, IncidentTimelineEntry), count(server, IncidentOwner))

    def explode(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("server.ops.incidents._record", explode)
    expect_error(lambda: desk.incident(title=title, owned_by=[owner.id], artifacts=[art.id]),
                 grpc.StatusCode.INTERNAL, "INTERNAL_ERROR")
    monkeypatch.undo()
    assert (count(server, Incident), count(server, IncidentTimelineEntry), count(server, IncidentOwner)) == before
    assert desk.list_ids(title=[title]) == []
    assert desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=art.id)).artifact.parent == ""


def test_an_update_failing_after_its_writes_changes_nothing(desk, monkeypatch):  # type: ignore[no-untyped-def]
    art, owner = desk.artifact(), desk.user()
    incident = desk.incident()

    def explode(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("server.ops.incidents._record", explode)
    expect_error(lambda: desk.update(incident.id, title="changed", owned_by=incident_pb2.IdSet(set=[owner.id]),
                                     artifacts=incident_pb2.IdSet(set=[art.id])),
                 grpc.StatusCode.INTERNAL, "INTERNAL_ERROR")
    monkeypatch.undo()
    assert desk.get(incident.id) == incident
    assert desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=art.id)).artifact.parent == ""
    assert len(desk.timeline(incident.id)) == 1
