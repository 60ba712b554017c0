"""UpdateIncident: untouched fields, set semantics, versions, and DeleteIncident."""

from __future__ import annotations

from datetime import timedelta

import grpc

from flowkeeper.ops.v1 import incident_pb2, types_pb2
from tests.ops.desk import changes, struct, tenant_fields, ts
from tests.support import expect_error


def test_absent_fields_are_untouched(desk, server):  # type: ignore[no-untyped-def]
    owner, part = desk.user(), desk.part()
    tag = desk.tag()
    created = desk.incident(body="b", severity=2, reported_by=1, owned_by=[owner.id], applies_to_parts=[part.id],
                            tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value="v")],
                            target_close_date=ts(server.clock.now()))
    got = desk.update(created.id, title="renamed")
    assert got.title == "renamed" and got.version == 2
    for name in ("body", "severity", "reported_by", "owned_by", "applies_to_parts", "tags", "target_close_date",
                 "stage", "created_by", "created_date"):
        assert getattr(got, name) == getattr(created, name), name


def test_scalar_fields_change(desk, server):  # type: ignore[no-untyped-def]
    created = desk.incident()
    when = server.clock.now() - timedelta(hours=3)
    got = desk.update(created.id, body="new body", severity=4, reported_by=3, source=1,
                      identified_date=ts(when), acknowledged_date=ts(when), mitigated_date=ts(when),
                      target_close_date=ts(when), impact=incident_pb2.UpdateImpact(count=3),
                      staged_info=types_pb2.StagedInfo(is_staged=True),
                      external_source_data=types_pb2.ExternalSourceData(modified_date=ts(when)),
                      sync_metadata=incident_pb2.SyncMetadataInput(origin_system="pagerduty"))
    assert (got.body, got.severity.label, got.reported_by.label, got.source.label) == ("new body", "sev3", "system",
                                                                                        "manual")
    for name in ("identified_date", "acknowledged_date", "mitigated_date", "target_close_date"):
        assert getattr(got, name) == ts(when)
    assert got.impact.count.label == "101-1000"
    assert got.staged_info.is_staged and got.external_source_data.modified_date == ts(when)
    assert got.sync_metadata.origin_system == "pagerduty" and not got.sync_metadata.HasField("last_sync_in")
    assert desk.get(created.id) == got
    # An empty body is a value too.
    assert desk.update(created.id, body="").body == ""


def test_list_fields_are_replaced_with_set_semantics(desk):  # type: ignore[no-untyped-def]
    a, b, c = desk.user(), desk.user(), desk.user()
    p1, p2 = desk.part(), desk.part()
    art1, art2 = desk.article(), desk.article()
    acc1, acc2 = desk.account(), desk.account()
    t1, t2 = desk.tag(), desk.tag()
    created = desk.incident(owned_by=[a.id, b.id], applies_to_parts=[p1.id], pia=[art1.id], playbooks=[art1.id],
                            related_docs=[art1.id], impact=incident_pb2.CreateImpact(count=1, customer_ids=[acc1.id]),
                            tags=[incident_pb2.TagWithValueInput(tag_id=t1.id, value="x")])
    got = desk.update(
        created.id,
        owned_by=incident_pb2.IdSet(set=[c.id, a.id, c.display_id]),
        applies_to_parts=incident_pb2.IdSet(set=[p2.id, p1.id]),
        pia=incident_pb2.IdSet(set=[art2.id]),
        playbooks=incident_pb2.IdSet(set=[]),
        impact=incident_pb2.UpdateImpact(customer_ids=incident_pb2.IdSet(set=[acc2.id])),
        tags=incident_pb2.TagSet(set=[incident_pb2.TagWithValueInput(tag_id=t2.id, value="y"),
                                      incident_pb2.TagWithValueInput(tag_id=t1.id)]),
    )
    assert [u.id for u in got.owned_by] == [c.id, a.id]
    assert [p.id for p in got.applies_to_parts] == [p2.id, p1.id]
    assert [x.id for x in got.pia] == [art2.id] and list(got.playbooks) == []
    assert [x.id for x in got.related_docs] == [art1.id]  # untouched
    assert got.impact.count.id == 1 and [x.id for x in got.impact.customer_ids] == [acc2.id]
    assert [(t.tag.id, t.value) for t in got.tags] == [(t2.id, "y"), (t1.id, "")]
    assert desk.get(created.id) == got
    # Clearing with an empty set.
    got = desk.update(created.id, owned_by=incident_pb2.IdSet(), tags=incident_pb2.TagSet())
    assert list(got.owned_by) == [] and list(got.tags) == []


def test_clear_fields_unset_optional_scalars(desk, server):  # type: ignore[no-untyped-def]
    when = server.clock.now() - timedelta(hours=1)
    created = desk.incident(severity=1, reported_by=2, source=1, identified_date=ts(when),
                            acknowledged_date=ts(when), mitigated_date=ts(when), target_close_date=ts(when),
                            impact=incident_pb2.CreateImpact(count=2))
    got = desk.update(created.id, clear_fields=["target_close_date", "severity", "impact.count"], body="still here")
    assert not got.HasField("target_close_date") and not got.HasField("severity")
    assert not got.impact.HasField("count")
    assert got.body == "still here" and got.version == created.version + 1
    for name in ("identified_date", "acknowledged_date", "mitigated_date", "reported_by", "source"):
        assert getattr(got, name) == getattr(created, name), name
    assert desk.get(created.id) == got
    changed = changes(desk.timeline(created.id)[-1])
    assert set(changed) == {"target_close_date", "severity", "impact.count", "body"}
    assert changed["severity"] == (1.0, None) and changed["impact.count"] == (2.0, None)
    assert changed["target_close_date"][0] is not None and changed["target_close_date"][1] is None
    # The rest, and clearing what is unset already changes nothing.
    got = desk.update(created.id, clear_fields=["identified_date", "acknowledged_date", "mitigated_date",
                                                "reported_by", "source"])
    for name in ("identified_date", "acknowledged_date", "mitigated_date", "reported_by", "source"):
        assert not got.HasField(name), name
    again = desk.update(created.id, clear_fields=["severity", "target_close_date"])
    assert again == got


def test_a_cleared_date_stays_unset_when_its_stage_is_entered(desk):  # type: ignore[no-untyped-def]
    created = desk.incident()
    got = desk.update(created.id, stage=incident_pb2.StageInput(stage="acknowledged"),
                      clear_fields=["acknowledged_date"])
    assert got.stage.stage.name == "acknowledged" and not got.HasField("acknowledged_date")
    # Without it, entering the stage sets the date.
    other = desk.update(desk.incident().id, stage=incident_pb2.StageInput(stage="acknowledged"))
    assert other.HasField("acknowledged_date")


def test_clear_fields_errors(desk, server):  # type: ignore[no-untyped-def]
    created = desk.incident(severity=1)
    cases = [
        ({"clear_fields": ["title"]}, "clear_fields[0]"),
        ({"clear_fields": ["stage"]}, "clear_fields[0]"),
        ({"clear_fields": ["impact_count"]}, "clear_fields[0]"),
        ({"clear_fields": ["severity", "severity"]}, "clear_fields[1]"),
        ({"clear_fields": ["source", "severity"], "severity": 2}, "clear_fields[1]"),
        ({"clear_fields": ["target_close_date"], "target_close_date": ts(server.clock.now())},
         "clear_fields[0]"),
        ({"clear_fields": ["impact.count"], "impact": incident_pb2.UpdateImpact(count=1)}, "clear_fields[0]"),
    ]
    for fields, name in cases:
        got = expect_error(lambda: desk.update(created.id, **fields), grpc.StatusCode.INVALID_ARGUMENT,
                           "INVALID_FIELD")
        assert got.fields == [name], (fields, got.fields)
        assert got.info.metadata["field_name"] == name
        assert "impact.count" in got.info.metadata["allowed_values"]
        assert "target_close_date" in got.info.metadata["allowed_values"]
    assert desk.get(created.id) == created  # nothing of the failed updates stuck


def test_an_update_that_changes_nothing_keeps_the_version(desk, server):  # type: ignore[no-untyped-def]
    owner = desk.user()
    created = desk.incident(owned_by=[owner.id], severity=2)
    server.clock.advance(timedelta(seconds=5))
    same = desk.update(created.id, severity=2, owned_by=incident_pb2.IdSet(set=[owner.display_id]),
                       stage=incident_pb2.StageInput(stage="triage"))
    assert same == created
    assert len(desk.timeline(created.id)) == 1


def test_modified_by_and_date_follow_the_last_change(desk, server):  # type: ignore[no-untyped-def]
    created = desk.incident()
    other = desk.as_user()
    server.clock.advance(timedelta(minutes=1))
    got = other.update(created.id, body="changed")
    assert got.modified_by.id != created.created_by.id and got.created_by == created.created_by
    assert got.modified_date == ts(server.clock.now()) and got.created_date == created.created_date


def test_update_validation_errors_name_the_set_field(desk):  # type: ignore[no-untyped-def]
    created = desk.incident()
    cases = [
        ({"owned_by": incident_pb2.IdSet(set=["DEVU-999999"])}, "INVALID_ID", "owned_by.set[0]"),
        ({"applies_to_parts": incident_pb2.IdSet(set=["x"])}, "INVALID_ID", "applies_to_parts.set[0]"),
        ({"artifacts": incident_pb2.IdSet(set=["ARTIFACT-999999"])}, "INVALID_ID", "artifacts.set[0]"),
        ({"pia": incident_pb2.IdSet(set=["ART-999999"])}, "INVALID_ID", "pia.set[0]"),
        ({"impact": incident_pb2.UpdateImpact(customer_ids=incident_pb2.IdSet(set=["ACC-999999"]))}, "INVALID_ID",
         "impact.customer_ids.set[0]"),
        ({"tags": incident_pb2.TagSet(set=[incident_pb2.TagWithValueInput(tag_id="TAG-999999")])}, "INVALID_ID",
         "tags.set[0].tag_id"),
        ({"tags": incident_pb2.TagSet(set=[incident_pb2.TagWithValueInput()])}, "MISSING_REQUIRED_FIELD",
         "tags.set[0].tag_id"),
        ({"title": ""}, "MISSING_REQUIRED_FIELD", "title"),
        ({"title": "t" * 600}, "INVALID_FIELD", "title"),
        ({"severity": 9}, "INVALID_ENUM_VALUE", "severity"),
        ({"impact": incident_pb2.UpdateImpact(count=0)}, "INVALID_ENUM_VALUE", "impact.count"),
        ({"stage_validation_options": [3]}, "INVALID_ENUM_VALUE", "stage_validation_options[0]"),
        ({"stage": incident_pb2.StageInput()}, "MISSING_REQUIRED_FIELD", "stage.stage"),
    ]
    for fields, reason, name in cases:
        got = expect_error(lambda: desk.update(created.id, **fields), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [name], (fields, got.fields)
    tag = desk.tag(allowed_values=["a"])
    got = expect_error(
        lambda: desk.update(created.id, tags=incident_pb2.TagSet(set=[incident_pb2.TagWithValueInput(tag_id=tag.id,
                                                                                                      value="b")])),
        grpc.StatusCode.INVALID_ARGUMENT, "VALUE_NOT_PERMITTED")
    assert got.fields == ["tags.set[0].value"]
    assert desk.get(created.id) == created  # nothing of the failed updates stuck


def test_update_of_unknown_or_malformed_incident(desk):  # type: ignore[no-untyped-def]
    got = expect_error(lambda: desk.update("INC-999999", title="x"), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert got.info.metadata["type"] == "not_found"
    got = expect_error(lambda: desk.update("", title="x"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert got.fields == ["id"]


def test_expected_version(desk):  # type: ignore[no-untyped-def]
    created = desk.incident()
    got = desk.update(created.id, body="one", expected_version=1)
    assert got.version == 2
    failure = expect_error(lambda: desk.update(created.id, body="two", expected_version=1), grpc.StatusCode.ABORTED,
                           "VERSION_MISMATCH")
    assert failure.info.metadata["expected_version"] == "1" and failure.info.metadata["current_version"] == "2"
    assert failure.info.metadata["incident_id"] == created.id
    assert desk.get(created.id).body == "one"
    assert desk.update(created.id, body="two", expected_version=2).version == 3


def test_delete_is_soft_and_final(desk):  # type: ignore[no-untyped-def]
    created = desk.incident()
    desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id=created.display_id))
    expect_error(lambda: desk.get(created.id), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    expect_error(lambda: desk.update(created.id, title="x"), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    expect_error(lambda: desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id=created.id)),
                 grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert created.id not in desk.list_ids(title=[created.title])
    kinds = [e.kind for e in desk.timeline(created.id)]
    assert kinds == [incident_pb2.INCIDENT_TIMELINE_ENTRY_KIND_CREATED, incident_pb2.INCIDENT_TIMELINE_ENTRY_KIND_DELETED]


def test_delete_errors(desk):  # type: ignore[no-untyped-def]
    got = expect_error(lambda: desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id="INC-x")),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert got.fields == ["id"]
    expect_error(lambda: desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id="INC-999999")),
                 grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")


def test_custom_fields_merge_on_update(desk):  # type: ignore[no-untyped-def]
    keys = tenant_fields(desk, ("a", "text"), ("b", "int"))
    spec = incident_pb2.CustomSchemaSpec(tenant_fragment=True)
    created = desk.incident(custom_fields=struct({keys["a"]: "x", keys["b"]: 1}), custom_schema_spec=spec)
    got = desk.update(created.id, custom_fields=struct({keys["b"]: 2}), custom_schema_spec=spec)
    assert dict(got.custom_fields) == {keys["a"]: "x", keys["b"]: 2}
    got = desk.update(created.id, custom_fields=struct({keys["a"]: None}), custom_schema_spec=spec)
    assert dict(got.custom_fields) == {keys["b"]: 2}
