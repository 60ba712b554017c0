"""Different desk calls racing on one incident or artifact answer as if they had come one after
the other: the pair of answers and the state they leave (the incident, its timeline, who holds
an artifact) are those of some serial order (tests.support.serial_outcomes). On PostgreSQL the
calls run side by side until they lock the incident or the artifact; on SQLite they take turns.
(The same call many times at once, and concurrent updates of one incident:
tests/ops/test_incident_consistency.py.)"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from flowkeeper.ops.v1 import artifact_pb2, incident_pb2
from tests.ops.desk import DIAGRAM
from tests.support import race_each, race_results, serial_outcomes, unique

pytestmark = pytest.mark.usefixtures("no_deadlock")

ROUNDS = 3
OK, GONE, BAD, FAILED, TAKEN = "OK", "NOT_FOUND", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "ALREADY_EXISTS"
KIND = incident_pb2.IncidentTimelineEntryKind
ATTACHED = "ARTIFACT_ALREADY_ATTACHED_TO_A_PARENT"


def _kinds(desk, incident_id: str) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The timeline's entry kinds, oldest first; its versions count up from 1 without a gap."""
    entries = desk.timeline(incident_id)
    assert [e.incident_version for e in entries] == list(range(1, len(entries) + 1))
    return tuple(KIND.Name(e.kind).removeprefix("INCIDENT_TIMELINE_ENTRY_KIND_") for e in entries)


def _parent(desk, artifact_id: str) -> str:  # type: ignore[no-untyped-def]
    return desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=artifact_id)).artifact.parent


def _status(fn: Callable[[], Any]) -> str:
    return race_each([fn])[0]


def _delete(desk, incident_id: str) -> Callable[[], Any]:  # type: ignore[no-untyped-def]
    return lambda: desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id=incident_id))


# -- update against delete ------------------------------------------------------------------


def test_an_incident_updated_while_it_is_deleted(desk):  # type: ignore[no-untyped-def]
    """Updated first: the update is in the timeline, and the artifact it attached is freed by
    the deletion. Deleted first: the update finds no incident and changes nothing."""
    for _ in range(ROUNDS):
        incident, art = desk.incident(), desk.artifact()
        answers = race_each([
            lambda: desk.update(incident.id, title=unique("renamed"), artifacts=incident_pb2.IdSet(set=[art.id])),
            _delete(desk, incident.id),
        ])
        kinds = _kinds(desk, incident.id)
        assert (answers, kinds) in {((OK, OK), ("CREATED", "UPDATED", "DELETED")),
                                    ((GONE, OK), ("CREATED", "DELETED"))}
        assert _status(lambda: desk.get(incident.id)) == GONE
        assert _parent(desk, art.id) == ""


def test_a_stage_move_while_the_incident_is_deleted(desk):  # type: ignore[no-untyped-def]
    for _ in range(ROUNDS):
        incident = desk.incident()
        answers = race_each([
            lambda: desk.update(incident.id, stage=incident_pb2.StageInput(stage="acknowledged")),
            _delete(desk, incident.id),
        ])
        kinds = _kinds(desk, incident.id)
        assert (answers, kinds) in {((OK, OK), ("CREATED", "STAGE_CHANGED", "DELETED")),
                                    ((GONE, OK), ("CREATED", "DELETED"))}


# -- stage moves against each other ----------------------------------------------------------


def _move(target: str) -> Callable[[str], tuple[str, str]]:
    def step(stage: str) -> tuple[str, str]:
        if target == stage or target in DIAGRAM[stage][2]:
            return OK, target
        return FAILED, stage

    return step


def test_racing_stage_moves_follow_the_diagram_from_where_the_first_left_it(desk):  # type: ignore[no-untyped-def]
    """triage -> acknowledged | canceled: after canceled, acknowledged is no transition;
    acknowledged -> fixing | mitigated and mitigated -> fixing | resolved: either order works,
    and the incident ends in the second's stage. The timeline records each move that won, in
    the order they were made."""
    for start, first, second in (("triage", "acknowledged", "canceled"), ("acknowledged", "fixing", "mitigated"),
                                 ("mitigated", "fixing", "resolved")):
        expected = serial_outcomes(start, [_move(first), _move(second)])
        for _ in range(ROUNDS):
            incident = desk.incident(stage=incident_pb2.StageInput(stage=start), stage_validation_options=[
                incident_pb2.STAGE_VALIDATION_OPTION_FOR_CREATE_ALLOW_NON_START])
            results = race_results([
                lambda target=target: desk.update(incident.id, stage=incident_pb2.StageInput(stage=target))
                for target in (first, second)
            ])
            answers = tuple(status for status, _ in results)
            got = desk.get(incident.id)
            assert (answers, got.stage.stage.name) in expected
            moves = []
            for entry in desk.timeline(incident.id)[1:]:
                assert entry.kind == KIND.INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED
                [change] = [c for c in entry.changes if c.field == "stage"]
                moves.append((change.old_value.string_value, change.new_value.string_value))
            # each move starts where the one before left the incident, and ends where it is
            assert [old for old, _ in moves] == [start] + [new for _, new in moves[:-1]]
            assert moves[-1][1] == got.stage.stage.name and len(moves) == answers.count(OK)
            assert got.version == 1 + len(moves)
            for (status, response), target in zip(results, (first, second)):
                if status == OK:
                    assert response.stage.stage.name == target


# -- one artifact, two parents -----------------------------------------------------------------


def _one_attached(desk, art_id: str, results: list[tuple[str, Any]], parent_of: Callable[[Any], str]
                  ) -> str:  # type: ignore[no-untyped-def]
    """Of two calls attaching one artifact, one won and holds it; the other was refused naming it."""
    assert sorted(status for status, _ in results) == [BAD, OK]
    [winner] = [parent_of(response) for status, response in results if status == OK]
    [loser] = [response for status, response in results if status == BAD]
    assert loser.reason == ATTACHED and loser.info.metadata["existing_parent"] == winner
    assert _parent(desk, art_id) == winner
    return winner


def test_two_creates_attaching_one_artifact(desk):  # type: ignore[no-untyped-def]
    for _ in range(ROUNDS):
        art, title = desk.artifact(), unique("twins")
        results = race_results([lambda: desk.incident(title=title, artifacts=[art.id])] * 2)
        winner = _one_attached(desk, art.id, results, lambda incident: incident.id)
        assert desk.list_ids(title=[title]) == [winner]
        assert [a.id for a in desk.get(winner).artifacts] == [art.id]


def test_two_creates_attaching_two_artifacts_named_in_other_orders(desk):  # type: ignore[no-untyped-def]
    """The artifacts are locked in id order whatever order the request names them in: the
    first create holds both, and the second is refused."""
    for _ in range(ROUNDS):
        first, second, title = desk.artifact(), desk.artifact(), unique("twins")
        results = race_results([lambda: desk.incident(title=title, artifacts=[first.id, second.id]),
                                lambda: desk.incident(title=title, artifacts=[second.id, first.id])])
        winner = _one_attached(desk, first.id, results, lambda incident: incident.id)
        assert _parent(desk, second.id) == winner
        assert desk.list_ids(title=[title]) == [winner]


def test_a_create_and_an_update_attaching_one_artifact(desk):  # type: ignore[no-untyped-def]
    for _ in range(ROUNDS):
        art, title, existing = desk.artifact(), unique("new"), desk.incident()
        results = race_results([
            lambda: desk.incident(title=title, artifacts=[art.id]),
            lambda: desk.update(existing.id, artifacts=incident_pb2.IdSet(set=[art.id])),
        ])
        winner = _one_attached(desk, art.id, results, lambda incident: incident.id)
        assert desk.list_ids(title=[title]) == ([winner] if winner != existing.id else [])
        assert _kinds(desk, existing.id) == (("CREATED", "UPDATED") if winner == existing.id else ("CREATED",))


def test_an_article_and_an_incident_attaching_one_artifact(desk):  # type: ignore[no-untyped-def]
    for _ in range(ROUNDS):
        art = desk.artifact()
        results = race_results([lambda: desk.incident(artifacts=[art.id]), lambda: desk.article(artifacts=[art.id])])
        _one_attached(desk, art.id, results, lambda created: created.id)


def test_an_artifact_freed_while_another_incident_attaches_it(desk):  # type: ignore[no-untyped-def]
    """Freed first (the holder drops it, or is deleted), the artifact moves to the new incident;
    attached first, the new incident is refused and the artifact ends free."""
    frees: list[Callable[[Any, str], object]] = [
        lambda holder, _art: desk.update(holder.id, artifacts=incident_pb2.IdSet(set=[])),
        lambda holder, _art: _delete(desk, holder.id)(),
    ]
    for free in frees:
        for _ in range(ROUNDS):
            art, title = desk.artifact(), unique("taker")
            holder = desk.incident(artifacts=[art.id])
            (created, response), (freed, _) = race_results([lambda: desk.incident(title=title, artifacts=[art.id]),
                                                            lambda: free(holder, art.id)])
            assert freed == OK
            if created == OK:
                assert _parent(desk, art.id) == response.id
            else:
                assert (created, response.reason, response.info.metadata["existing_parent"]) == (BAD, ATTACHED,
                                                                                                  holder.id)
                assert _parent(desk, art.id) == "" and desk.list_ids(title=[title]) == []


# -- request ids ----------------------------------------------------------------------------


def test_racing_creates_with_one_request_id_and_different_bodies_make_one_incident(desk):  # type: ignore[no-untyped-def]
    """The first to commit creates; the other answers with that incident (its own body is
    ignored, as for any retry), whatever artifacts the two name."""
    for shared_artifact in (False, True):
        for _ in range(ROUNDS):
            request_id, titles = unique("req"), [unique("first"), unique("second")]
            arts = [desk.artifact()] * 2 if shared_artifact else [desk.artifact(), desk.artifact()]
            results = race_results([
                lambda title=title, art=art: desk.incident(title=title, request_id=request_id, severity=1 + i,
                                                           artifacts=[art.id])
                for i, (title, art) in enumerate(zip(titles, arts))
            ])
            assert [status for status, _ in results] == [OK, OK], results
            [first, second] = [response for _, response in results]
            assert first == second
            assert desk.list_ids(title=titles) == [first.id]
            winner = titles.index(first.title)
            assert [a.id for a in first.artifacts] == [arts[winner].id]
            assert _parent(desk, arts[1 - winner].id) == ("" if not shared_artifact else first.id)
            assert _kinds(desk, first.id) == ("CREATED",)


def test_a_create_retried_while_its_incident_is_deleted(desk):  # type: ignore[no-untyped-def]
    """Retried first: the retry answers with the incident. Deleted first: the request id is used
    up (ALREADY_EXISTS). Never NOT_FOUND, which no serial order gives."""
    for _ in range(ROUNDS * 2):
        request_id = unique("req")
        incident = desk.incident(request_id=request_id)
        answers = race_each([lambda: desk.incident(request_id=request_id), _delete(desk, incident.id)])
        assert answers in ((OK, OK), (TAKEN, OK))
        assert _kinds(desk, incident.id) == ("CREATED", "DELETED")


# -- reads against writes ----------------------------------------------------------------------


def test_reads_racing_updates_see_one_version_whole(desk):  # type: ignore[no-untyped-def]
    """An update changes the title and the owners together; a GetIncident or ListIncidents
    racing with it shows both as they were, or both as they became."""
    users = [desk.user() for _ in range(4)]
    base = unique("read")
    incident = desk.incident(title=f"{base}:0", owned_by=[users[0].id])

    def consistent(got: incident_pb2.Incident) -> None:
        index = int(got.title.rsplit(":", 1)[1])
        assert [u.id for u in got.owned_by] == [users[index % len(users)].id], got
        assert got.version == 1 + index

    for i in range(1, 13):
        results = race_results([
            lambda: desk.update(incident.id, title=f"{base}:{i}", owned_by=incident_pb2.IdSet(set=[users[i % 4].id])),
            lambda: desk.get(incident.id),
            lambda: desk.get(incident.id),
            lambda: desk.list(title=[f"{base}:{i - 1}", f"{base}:{i}"]).incidents[0],
        ])
        assert all(status == OK for status, _ in results)
        for _, got in results:
            consistent(got)
