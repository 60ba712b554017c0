"""CreateIncident and GetIncident: every request field, every response field expanded."""

from __future__ import annotations

from datetime import timedelta, timezone

import grpc
from google.protobuf import struct_pb2

from flowkeeper.ops.v1 import incident_pb2, schema_pb2, types_pb2, user_pb2
from tests.ops.desk import (
    account_summary,
    article_summary,
    artifact_summary,
    part_summary,
    struct,
    sync_unit_summary,
    tag_summary,
    ts,
    user_summary,
)
from tests.support import expect_error, unique

UTC = timezone.utc


def null() -> struct_pb2.Value:
    return struct_pb2.Value(null_value=struct_pb2.NULL_VALUE)


def test_create_with_every_field_returns_every_field_expanded(desk, server):  # type: ignore[no-untyped-def]
    picture = desk.artifact(file_name="face.png", file_type="image/png", file_size=2048)
    owner = desk.user(full_name="Olga Owner", email="olga@example.com", display_picture_id=picture.id)
    assert owner.display_picture.id == picture.id and owner.display_picture.file.name == "face.png"
    part_owner = desk.user(full_name="Pat Part")
    part = desk.part(type=types_pb2.PART_TYPE_CAPABILITY, owned_by=[part_owner.id],
                     sync_metadata=types_pb2.SyncMetadataSummary(external_reference="https://x/p/1",
                                                                 origin_system="jira"))
    pia_file = desk.artifact(file_name="pia.pdf", file_type="application/pdf", file_size=99)
    pia = desk.article(artifacts=[pia_file.id], url="https://wiki/pia", article_type=types_pb2.ARTICLE_TYPE_PAGE,
                       sync_metadata=types_pb2.SyncMetadataSummary(external_reference="https://c/1",
                                                                   origin_system="confluence"))
    playbook = desk.article(url="https://wiki/playbook")
    related = desk.article(article_type=types_pb2.ARTICLE_TYPE_CONTENT_BLOCK)
    customer = desk.account()
    tag = desk.tag(style_new=types_pb2.TagStyle(color="#ff0000"), allowed_values=["eu", "us"])
    plain_tag = desk.tag()
    unit_in = desk.sync_unit(sync_type=types_pb2.SYNC_UNIT_SYNC_TYPE_PERIODIC, is_archived=True,
                             sync_run=types_pb2.SyncRunSummary(
                                 mode=types_pb2.SYNC_RUN_MODE_INITIAL,
                                 progress=types_pb2.SyncProgressSummary(state=types_pb2.SYNC_PROGRESS_STATE_COMPLETED)),
                             external_sync_unit_name="PROJ", external_system_id="j-1", external_system_name="Jira")
    unit_out = desk.sync_unit(external_system_type=types_pb2.EXTERNAL_SYSTEM_TYPE_SERVICENOW)
    attached = [desk.artifact(), desk.artifact()]
    field = unique("f").replace("-", "_")
    fragment = desk.fragment(schema_pb2.FRAGMENT_TYPE_TENANT_FRAGMENT, [
        schema_pb2.CustomField(name=field, field_type=schema_pb2.CUSTOM_FIELD_TYPE_TEXT, is_required=True),
        schema_pb2.CustomField(name=f"{field}_n", field_type=schema_pb2.CUSTOM_FIELD_TYPE_INT),
    ])
    caller = desk.users.GetSelf(user_pb2.GetSelfRequest()).user
    now = server.clock.now()
    identified, acknowledged = now - timedelta(hours=2), now - timedelta(hours=1)
    mitigated, target = now - timedelta(minutes=5), now + timedelta(days=1)
    synced = now - timedelta(minutes=30)
    request = incident_pb2.CreateIncidentRequest(
        title="Checkout is down", body="500s on /pay",
        acknowledged_date=ts(acknowledged), identified_date=ts(identified), mitigated_date=ts(mitigated),
        target_close_date=ts(target),
        applies_to_parts=[part.display_id], artifacts=[a.id for a in attached], owned_by=[owner.display_id],
        pia=[pia.id], playbooks=[playbook.display_id], related_docs=[related.id],
        reported_by=2, severity=1, source=2,
        custom_fields=struct({f"tnt__{field}": "payments", f"tnt__{field}_n": 3}),
        custom_schema_spec=incident_pb2.CustomSchemaSpec(tenant_fragment=True, validate_required_fields=True),
        impact=incident_pb2.CreateImpact(count=2, customer_ids=[customer.display_id]),
        stage=incident_pb2.StageInput(stage="triage", notes="paged"),
        stage_validation_options=[incident_pb2.STAGE_VALIDATION_OPTION_FOR_CREATE_ALLOW_NON_START],
        staged_info=types_pb2.StagedInfo(is_staged=True, unresolved_fields=["priority"],
                                         sync_in_unresolved_fields=[types_pb2.StagedUnresolvedField(
                                             devrev_field_name="severity", external_display_name="Priority",
                                             external_field_name="priority")]),
        sync_metadata=incident_pb2.SyncMetadataInput(
            external_record_id="INC-9", external_record_type="incident", external_reference="https://jira/INC-9",
            origin_system="jira",
            last_sync_in=incident_pb2.SyncInInput(status=types_pb2.SYNC_IN_STATUS_SUCCEEDED, sync_date=ts(synced),
                                                  sync_history="hist-1", sync_unit=unit_in.id),
            last_sync_out=incident_pb2.SyncOutInput(status=types_pb2.SYNC_OUT_STATUS_FAILED, sync_unit=unit_out.display_id)),
        external_source_data=types_pb2.ExternalSourceData(created_date=ts(identified), closed_date=ts(target)),
        tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value="eu"),
              incident_pb2.TagWithValueInput(tag_id=plain_tag.display_id)],
        request_id=unique("req"),
    )
    got = desk.incidents.CreateIncident(request).incident

    n = got.id.rsplit("/", 1)[1]
    expected = incident_pb2.Incident(
        id=f"don:core:flowkeeper:incident/{n}", display_id=f"INC-{n}",
        created_by=user_summary(caller), created_date=ts(now), modified_by=user_summary(caller), modified_date=ts(now),
        title="Checkout is down", body="500s on /pay",
        acknowledged_date=ts(acknowledged), identified_date=ts(identified), mitigated_date=ts(mitigated),
        target_close_date=ts(target),
        applies_to_parts=[part_summary(part)],
        artifacts=[artifact_summary(a) for a in attached],
        owned_by=[user_summary(owner)],
        pia=[article_summary(pia)], playbooks=[article_summary(playbook)], related_docs=[article_summary(related)],
        reported_by=types_pb2.EnumValue(id=2, label="internal users", ordinal=2, value=null()),
        severity=types_pb2.EnumValue(id=1, label="sev0", ordinal=1, value=null()),
        source=types_pb2.EnumValue(id=2, label="alerting", ordinal=2, value=null()),
        impact=incident_pb2.Impact(count=types_pb2.EnumValue(id=2, label="11-100", ordinal=2, value=null()),
                                   customer_ids=[account_summary(customer)]),
        stage=types_pb2.Stage(
            stage=types_pb2.CustomStageSummary(id="don:core:flowkeeper:custom_stage/1", display_id="STAGE-1",
                                               name="triage"),
            state=types_pb2.CustomStateSummary(id="don:core:flowkeeper:custom_state/1", display_id="STATE-1",
                                               is_final=False, name="open")),
        tags=[types_pb2.TagWithValue(tag=tag_summary(tag), value="eu"),
              types_pb2.TagWithValue(tag=tag_summary(plain_tag), value="")],
        custom_fields=struct({f"tnt__{field}": "payments", f"tnt__{field}_n": 3}),
        custom_schema_fragments=[fragment.id],
        stock_schema_fragment="don:core:flowkeeper:stock_schema_fragment/1",
        subtype="",
        sync_metadata=types_pb2.SyncMetadata(
            external_record_id="INC-9", external_record_type="incident", external_reference="https://jira/INC-9",
            origin_system="jira",
            last_sync_in=types_pb2.SyncIn(status=types_pb2.SYNC_IN_STATUS_SUCCEEDED, sync_date=ts(synced),
                                          sync_unit=sync_unit_summary(unit_in), sync_history="hist-1"),
            last_sync_out=types_pb2.SyncOut(status=types_pb2.SYNC_OUT_STATUS_FAILED,
                                            sync_unit=sync_unit_summary(unit_out))),
        staged_info=request.staged_info,
        external_source_data=request.external_source_data,
        version=1,
    )
    assert got == expected
    # The expanded references carry what the directory holds.
    assert got.owned_by[0].display_picture.file == picture.file
    assert got.owned_by[0].email == "olga@example.com" and got.owned_by[0].full_name == "Olga Owner"
    assert got.owned_by[0].state == user_pb2.USER_STATE_ACTIVE
    assert got.applies_to_parts[0].owned_by[0].display_name == part_owner.display_name
    assert got.applies_to_parts[0].display_id.startswith("CAPL-")
    assert got.pia[0].resource.artifacts[0].file.name == "pia.pdf"
    assert got.pia[0].resource.url == "https://wiki/pia"
    assert got.tags[0].tag.style_new.color == "#ff0000"
    assert got.sync_metadata.last_sync_in.sync_unit.sync_run.progress.state == types_pb2.SYNC_PROGRESS_STATE_COMPLETED
    # Get returns the same incident, by DON and by display id.
    assert desk.get(got.id) == got
    assert desk.get(got.display_id) == got


def test_create_with_only_a_title_starts_in_triage(desk, server):  # type: ignore[no-untyped-def]
    got = desk.incident(title="  just a title  ")
    assert got.title == "just a title"
    assert got.stage.stage.name == "triage" and got.stage.state.name == "open" and not got.stage.state.is_final
    assert got.display_id.startswith("INC-") and got.version == 1
    for name in ("severity", "reported_by", "source", "impact", "sync_metadata", "staged_info",
                 "external_source_data", "acknowledged_date", "actual_close_date", "mitigated_date"):
        assert not got.HasField(name), name
    assert list(got.owned_by) == [] and list(got.tags) == [] and dict(got.custom_fields) == {}
    assert list(got.custom_schema_fragments) == []
    assert got.created_by.display_name == "admin" and got.modified_by == got.created_by


def test_created_by_is_the_caller(desk):  # type: ignore[no-untyped-def]
    name = unique("carol")
    other = desk.as_user(name)
    got = other.incident()
    assert got.created_by.display_name == name and got.modified_by.display_name == name


def test_title_is_required_and_bounded(desk):  # type: ignore[no-untyped-def]
    got = expect_error(lambda: desk.incident(title="   "), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert got.fields == ["title"] and got.info.metadata["type"] == "bad_request"
    assert got.info.metadata["subtype"] == "missing_required_field"
    got = expect_error(lambda: desk.incident(title="x" * 513), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["title"]
    got = expect_error(lambda: desk.incident(request_id="r" * 129), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["request_id"]


def test_enum_fields_come_back_as_enum_values(desk):  # type: ignore[no-untyped-def]
    labels = {1: "sev0", 2: "sev1", 3: "sev2", 4: "sev3"}
    for value, label in labels.items():
        assert desk.incident(severity=value).severity == types_pb2.EnumValue(id=value, label=label, ordinal=value,
                                                                              value=null())
    for value, label in {1: "customer", 2: "internal users", 3: "system"}.items():
        assert desk.incident(reported_by=value).reported_by.label == label
    for value, label in {1: "manual", 2: "alerting", 3: "process engine"}.items():
        assert desk.incident(source=value).source.label == label
    for value, label in {1: "1-10", 2: "11-100", 3: "101-1000", 4: "more than 1000"}.items():
        assert desk.incident(impact=incident_pb2.CreateImpact(count=value)).impact.count.label == label


def test_unknown_enum_values_are_invalid(desk):  # type: ignore[no-untyped-def]
    for fields, name, allowed in (
        ({"severity": 0}, "severity", "1,2,3,4"),
        ({"severity": 5}, "severity", "1,2,3,4"),
        ({"reported_by": 4}, "reported_by", "1,2,3"),
        ({"source": 9}, "source", "1,2,3"),
        ({"impact": incident_pb2.CreateImpact(count=7)}, "impact.count", "1,2,3,4"),
    ):
        got = expect_error(lambda: desk.incident(**fields), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE")
        assert got.fields == [name]
        assert got.info.metadata["allowed_values"] == allowed
        assert got.info.metadata["subtype"] == "invalid_enum_value" and got.info.metadata["field_name"] == name
    got = expect_error(lambda: desk.incident(stage_validation_options=[7]), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_ENUM_VALUE")
    assert got.fields == ["stage_validation_options[0]"]
    got = expect_error(
        lambda: desk.incident(sync_metadata=incident_pb2.SyncMetadataInput(
            last_sync_in=incident_pb2.SyncInInput(status=42))),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE")
    assert got.fields == ["sync_metadata.last_sync_in.status"]


def test_unknown_or_malformed_references_are_invalid_ids(desk):  # type: ignore[no-untyped-def]
    user = desk.user()
    cases = [
        ({"owned_by": [user.id, "DEVU-999999"]}, "owned_by[1]"),
        ({"owned_by": ["not an id"]}, "owned_by[0]"),
        ({"owned_by": ["don:core:flowkeeper:part/1"]}, "owned_by[0]"),
        ({"applies_to_parts": ["PROD-999999"]}, "applies_to_parts[0]"),
        ({"artifacts": ["ARTIFACT-999999"]}, "artifacts[0]"),
        ({"pia": ["ART-999999"]}, "pia[0]"),
        ({"playbooks": ["ART-999999"]}, "playbooks[0]"),
        ({"related_docs": ["bogus"]}, "related_docs[0]"),
        ({"impact": incident_pb2.CreateImpact(customer_ids=["ACC-999999"])}, "impact.customer_ids[0]"),
        ({"tags": [incident_pb2.TagWithValueInput(tag_id="TAG-999999")]}, "tags[0].tag_id"),
        ({"stage": incident_pb2.StageInput(stage="nirvana")}, "stage.stage"),
        ({"stage": incident_pb2.StageInput(stage="STAGE-99")}, "stage.stage"),
        ({"sync_metadata": incident_pb2.SyncMetadataInput(
            last_sync_in=incident_pb2.SyncInInput(sync_unit="SYNCUNIT-999999"))}, "sync_metadata.last_sync_in.sync_unit"),
        ({"sync_metadata": incident_pb2.SyncMetadataInput(
            last_sync_out=incident_pb2.SyncOutInput(sync_unit="x"))}, "sync_metadata.last_sync_out.sync_unit"),
    ]
    for fields, name in cases:
        got = expect_error(lambda: desk.incident(**fields), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
        assert got.fields == [name], (fields, got.fields)
        assert got.info.metadata == {**got.info.metadata, "type": "bad_request", "subtype": "invalid_id",
                                     "field_name": name}
    got = expect_error(lambda: desk.incident(tags=[incident_pb2.TagWithValueInput(value="v")]),
                       grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert got.fields == ["tags[0].tag_id"]


def test_duplicate_references_collapse_in_order(desk):  # type: ignore[no-untyped-def]
    a, b = desk.user(), desk.user()
    got = desk.incident(owned_by=[b.id, a.display_id, b.display_id])
    assert [u.id for u in got.owned_by] == [b.id, a.id]
    tag = desk.tag()
    got = desk.incident(tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value="one"),
                              incident_pb2.TagWithValueInput(tag_id=tag.display_id, value="two")])
    assert [(t.tag.id, t.value) for t in got.tags] == [(tag.id, "two")]


def test_tag_values_outside_allowed_values_are_rejected(desk):  # type: ignore[no-untyped-def]
    tag = desk.tag(allowed_values=["low", "high"])
    got = expect_error(lambda: desk.incident(tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value="mid")]),
                       grpc.StatusCode.INVALID_ARGUMENT, "VALUE_NOT_PERMITTED")
    assert got.fields == ["tags[0].value"]
    assert got.info.metadata["allowed_values"] == "low,high" and got.info.metadata["value"] == "mid"
    assert got.info.metadata["subtype"] == "value_not_permitted"
    # An empty value is always allowed; an allowed one too.
    got = desk.incident(tags=[incident_pb2.TagWithValueInput(tag_id=tag.id),
                              incident_pb2.TagWithValueInput(tag_id=desk.tag().id, value="anything")])
    assert [t.value for t in got.tags] == ["", "anything"]
    assert desk.incident(tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value="high")]).tags[0].value == "high"
    got = expect_error(lambda: desk.incident(tags=[incident_pb2.TagWithValueInput(tag_id=desk.tag().id,
                                                                                  value="v" * 401)]),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["tags[0].value"]


def test_get_errors(desk):  # type: ignore[no-untyped-def]
    got = expect_error(lambda: desk.get("nope"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert got.fields == ["id"]
    got = expect_error(lambda: desk.get("INC-999999"), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert got.info.metadata["type"] == "not_found"
    assert got.info.metadata["id"] == "don:core:flowkeeper:incident/999999"


def test_incident_rpcs_need_a_token(server):  # type: ignore[no-untyped-def]
    from flowkeeper.ops.v1 import incident_pb2_grpc

    stub = server.api(token=None).stub(incident_pb2_grpc.IncidentServiceStub)
    expect_error(lambda: stub.CreateIncident(incident_pb2.CreateIncidentRequest(title="x")),
                 grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
    expect_error(lambda: stub.ListIncidents(incident_pb2.ListIncidentsRequest()),
                 grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
