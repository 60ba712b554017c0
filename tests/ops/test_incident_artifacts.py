"""An artifact has at most one parent: incidents and articles share the rule."""

from __future__ import annotations

import grpc

from flowkeeper.ops.v1 import artifact_pb2, incident_pb2
from tests.support import expect_error


def parent_of(desk, artifact_id: str) -> str:  # type: ignore[no-untyped-def]
    return desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=artifact_id)).artifact.parent


def already_attached(call, field: str, parent: str):  # type: ignore[no-untyped-def]
    got = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "ARTIFACT_ALREADY_ATTACHED_TO_A_PARENT")
    assert got.fields == [field]
    assert got.info.metadata["existing_parent"] == parent
    assert got.info.metadata["is_same"] == "false"
    assert got.info.metadata["type"] == "bad_request"
    assert got.info.metadata["subtype"] == "artifact_already_attached_to_a_parent"
    return got


def test_attaching_sets_the_parent(desk):  # type: ignore[no-untyped-def]
    a, b = desk.artifact(), desk.artifact()
    assert parent_of(desk, a.id) == ""
    incident = desk.incident(artifacts=[b.display_id, a.id])
    assert [x.id for x in incident.artifacts] == [a.id, b.id]  # attachment (id) order
    assert parent_of(desk, a.id) == incident.id and parent_of(desk, b.id) == incident.id


def test_an_artifact_of_another_incident_cannot_be_attached(desk):  # type: ignore[no-untyped-def]
    art = desk.artifact()
    first = desk.incident(artifacts=[art.id])
    free = desk.artifact()
    already_attached(lambda: desk.incident(artifacts=[free.id, art.id]), "artifacts[1]", first.id)
    second = desk.incident()
    already_attached(lambda: desk.update(second.id, artifacts=incident_pb2.IdSet(set=[art.id])), "artifacts.set[0]",
                     first.id)
    assert parent_of(desk, free.id) == ""  # the failed create attached nothing


def test_an_article_artifact_cannot_be_attached_to_an_incident_and_back(desk):  # type: ignore[no-untyped-def]
    art = desk.artifact()
    article = desk.article(artifacts=[art.id])
    assert [x.id for x in article.resource.artifacts] == [art.id] and parent_of(desk, art.id) == article.id
    already_attached(lambda: desk.incident(artifacts=[art.id]), "artifacts[0]", article.id)
    other = desk.artifact()
    incident = desk.incident(artifacts=[other.id])
    already_attached(lambda: desk.article(artifacts=[other.id]), "resource.artifacts[0]", incident.id)
    already_attached(lambda: desk.article(artifacts=[art.id]), "resource.artifacts[0]", article.id)


def test_reattaching_to_the_same_incident_is_no_error(desk):  # type: ignore[no-untyped-def]
    a, b = desk.artifact(), desk.artifact()
    incident = desk.incident(artifacts=[a.id])
    got = desk.update(incident.id, artifacts=incident_pb2.IdSet(set=[a.id, b.id, a.display_id]))
    assert [x.id for x in got.artifacts] == [a.id, b.id]
    same = desk.update(incident.id, artifacts=incident_pb2.IdSet(set=[b.id, a.id]))
    assert same.version == got.version  # the same set: nothing changed


def test_artifacts_left_out_of_the_set_are_detached(desk):  # type: ignore[no-untyped-def]
    a, b = desk.artifact(), desk.artifact()
    incident = desk.incident(artifacts=[a.id, b.id])
    got = desk.update(incident.id, artifacts=incident_pb2.IdSet(set=[b.id]))
    assert [x.id for x in got.artifacts] == [b.id]
    assert parent_of(desk, a.id) == ""
    assert [x.id for x in desk.incident(artifacts=[a.id]).artifacts] == [a.id]


def test_deleting_an_incident_detaches_its_artifacts(desk):  # type: ignore[no-untyped-def]
    a = desk.artifact()
    incident = desk.incident(artifacts=[a.id])
    desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id=incident.id))
    assert parent_of(desk, a.id) == ""
    reused = desk.incident(artifacts=[a.id])
    assert parent_of(desk, a.id) == reused.id
    deleted = desk.timeline(incident.id)[-1]
    assert deleted.changes[0].field == "artifacts"
    assert [v.string_value for v in deleted.changes[0].old_value.list_value.values] == [a.id]
