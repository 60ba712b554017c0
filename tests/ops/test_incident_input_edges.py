"""Input at the edges of what the desk can store: ids beyond the id columns, date presets past
the calendar, Timestamps out of range, edited cursors, custom field filters on instants and
dates, part display ids of another type. Each is refused (or answered) the same on both
databases, never with INTERNAL."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.ops.v1 import (
    account_pb2,
    article_pb2,
    artifact_pb2,
    incident_pb2,
    part_pb2,
    schema_pb2,
    sync_unit_pb2,
    tag_pb2,
    types_pb2,
    user_pb2,
)
from tests.ops.desk import Desk, custom_error, fields, struct
from tests.support import expect_error, unique

INVALID = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND
# The first number no id column (32-bit INTEGER on PostgreSQL) holds, and the largest an id may spell.
BEYOND = 2**31
HUGE = 999_999_999_999_999_999


def scoped(desk: Desk) -> tuple[part_pb2.Part, Any]:
    """A part of the test's own, and ListIncidents restricted to the incidents applying to it."""
    part = desk.part()

    def ids(**request: Any) -> set[str]:
        return set(desk.list_ids(applies_to_parts=[part.id], **request))

    return part, ids


def invalid_id(call, field: str):  # type: ignore[no-untyped-def]
    got = expect_error(call, INVALID, "INVALID_ID")
    assert got.fields == [field], got.fields
    return got


def invalid_field(call, field: str):  # type: ignore[no-untyped-def]
    got = expect_error(call, INVALID, "INVALID_FIELD")
    assert got.fields == [field], got.fields
    assert got.info.metadata["field_name"] == field
    return got


# -- 1. ids beyond the id columns are unknown ids -------------------------------------------


@pytest.mark.parametrize("number", [BEYOND, HUGE])
def test_an_id_no_row_can_have_is_an_unknown_id(desk, number):  # type: ignore[no-untyped-def]
    inc = f"INC-{number}"
    for spelling in (inc, f"don:core:flowkeeper:incident/{number}"):
        expect_error(lambda: desk.get(spelling), NOT_FOUND, "INCIDENT_NOT_FOUND")
    expect_error(lambda: desk.update(inc, title="x"), NOT_FOUND, "INCIDENT_NOT_FOUND")
    expect_error(lambda: desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id=inc)), NOT_FOUND,
                 "INCIDENT_NOT_FOUND")
    expect_error(lambda: desk.timeline(inc), NOT_FOUND, "INCIDENT_NOT_FOUND")

    # Directory objects: as unknown as any other.
    for call, reason in (
        (lambda: desk.users.GetUser(user_pb2.GetUserRequest(id=f"DEVU-{number}")), "USER_NOT_FOUND"),
        (lambda: desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=f"ARTIFACT-{number}")),
         "ARTIFACT_NOT_FOUND"),
        (lambda: desk.parts.GetPart(part_pb2.GetPartRequest(id=f"PROD-{number}")), "PART_NOT_FOUND"),
        (lambda: desk.articles.GetArticle(article_pb2.GetArticleRequest(id=f"ART-{number}")), "ARTICLE_NOT_FOUND"),
        (lambda: desk.accounts.GetAccount(account_pb2.GetAccountRequest(id=f"ACC-{number}")), "ACCOUNT_NOT_FOUND"),
        (lambda: desk.tags.GetTag(tag_pb2.GetTagRequest(id=f"TAG-{number}")), "TAG_NOT_FOUND"),
        (lambda: desk.sync_units.GetSyncUnit(sync_unit_pb2.GetSyncUnitRequest(id=f"SYNCUNIT-{number}")),
         "SYNC_UNIT_NOT_FOUND"),
        (lambda: desk.fragments.GetCustomSchemaFragment(schema_pb2.GetCustomSchemaFragmentRequest(id=f"CSF-{number}")),
         "CUSTOM_SCHEMA_FRAGMENT_NOT_FOUND"),
    ):
        expect_error(call, NOT_FOUND, reason)


@pytest.mark.parametrize("number", [BEYOND, HUGE])
def test_references_no_row_can_have_are_invalid_ids(desk, number):  # type: ignore[no-untyped-def]
    made = desk.incident()
    for fields_, field in (
        ({"owned_by": [f"DEVU-{number}"]}, "owned_by[0]"),
        ({"applies_to_parts": [f"don:core:flowkeeper:part/{number}"]}, "applies_to_parts[0]"),
        ({"artifacts": [f"ARTIFACT-{number}"]}, "artifacts[0]"),
        ({"pia": [f"ART-{number}"]}, "pia[0]"),
        ({"impact": incident_pb2.CreateImpact(customer_ids=[f"ACC-{number}"])}, "impact.customer_ids[0]"),
        ({"tags": [incident_pb2.TagWithValueInput(tag_id=f"TAG-{number}")]}, "tags[0].tag_id"),
        ({"stage": incident_pb2.StageInput(stage=f"STAGE-{number}")}, "stage.stage"),
        ({"sync_metadata": incident_pb2.SyncMetadataInput(
            last_sync_in=incident_pb2.SyncInInput(sync_unit=f"SYNCUNIT-{number}"))},
         "sync_metadata.last_sync_in.sync_unit"),
    ):
        invalid_id(lambda: desk.incident(**fields_), field)
    invalid_id(lambda: desk.update(made.id, owned_by=incident_pb2.IdSet(set=[f"DEVU-{number}"])), "owned_by.set[0]")
    for name in ("owned_by", "created_by"):
        invalid_id(lambda: desk.list(**{name: [f"DEVU-{number}"]}), f"{name}[0]")
        invalid_id(lambda: desk.incidents.GroupIncidents(
            incident_pb2.GroupIncidentsRequest(group_by="severity", **{name: [f"DEVU-{number}"]})), f"{name}[0]")
    invalid_id(lambda: desk.list(applies_to_parts=[f"PART-{number}"]), "applies_to_parts[0]")
    invalid_id(lambda: desk.list(impacted_customers=[f"ACC-{number}"]), "impacted_customers[0]")
    invalid_id(lambda: desk.list(sync_metadata=incident_pb2.SyncMetadataFilter(
        last_sync_out=incident_pb2.SyncOutFilter(sync_unit=[f"SYNCUNIT-{number}"]))),
        "sync_metadata.last_sync_out.sync_unit[0]")
    invalid_id(lambda: desk.part(owned_by=[f"DEVU-{number}"]), "owned_by[0]")


def test_a_page_token_past_every_row_gives_an_empty_page(desk):  # type: ignore[no-untyped-def]
    desk.part()
    token = base64.urlsafe_b64encode(f"parts|{HUGE}".encode()).decode().rstrip("=")
    page = desk.parts.ListParts(part_pb2.ListPartsRequest(page_token=token))
    assert list(page.parts) == [] and page.next_page_token == ""


# -- 2. date presets reaching past the calendar are clamped to it ---------------------------

LAST = types_pb2.DATE_TIME_PRESET_TYPE_LAST_N_DAYS
NEXT = types_pb2.DATE_TIME_PRESET_TYPE_NEXT_N_DAYS
FIRST_INSTANT = timestamp_pb2.Timestamp(seconds=-62_135_596_800)  # 0001-01-01T00:00:00Z
LAST_INSTANT = timestamp_pb2.Timestamp(seconds=253_402_300_799, nanos=999_999_999)  # 9999-12-31T23:59:59.999999999Z


def preset(kind: int, days: int) -> types_pb2.DateFilter:
    return types_pb2.DateFilter(preset=types_pb2.DateTimePreset(preset_type=kind, days=days))


def test_date_presets_beyond_the_calendar_mean_since_or_until_the_end_of_time(desk):  # type: ignore[no-untyped-def]
    part, ids = scoped(desk)
    ancient = desk.incident(applies_to_parts=[part.id], identified_date=FIRST_INSTANT)
    distant = desk.incident(applies_to_parts=[part.id], target_close_date=LAST_INSTANT)
    everyone = {ancient.id, distant.id}
    # 800000 days back is before year 1; 3000000 days ahead is after year 9999.
    for days in (800_000, 3_000_000, 4_294_967_295):
        assert ids(created_date=preset(LAST, days)) == everyone
        assert ids(identified_date=preset(LAST, days)) == {ancient.id}
        assert ids(created_date=preset(NEXT, days)) == everyone  # created now: the window starts now
    for days in (3_000_000, 4_294_967_295):
        assert ids(target_close_date=preset(NEXT, days)) == {distant.id}
    # Windows that stay inside the calendar are unchanged.
    assert ids(identified_date=preset(LAST, 365)) == set()
    assert ids(target_close_date=preset(NEXT, 800_000)) == set()
    groups = desk.incidents.GroupIncidents(incident_pb2.GroupIncidentsRequest(
        group_by="applies_to_parts", applies_to_parts=[part.id], created_date=preset(LAST, 4_294_967_295),
        target_close_date=preset(NEXT, 4_294_967_295)))
    assert [(g.total, [i.id for i in g.incidents]) for g in groups.groups] == [(1, [distant.id])]


# -- 3. Timestamps outside google.protobuf.Timestamp's range --------------------------------

BAD_TIMESTAMPS = [
    timestamp_pb2.Timestamp(seconds=10**12),
    timestamp_pb2.Timestamp(seconds=-62_135_596_801),  # a second before 0001-01-01
    timestamp_pb2.Timestamp(seconds=253_402_300_800),  # 10000-01-01
    timestamp_pb2.Timestamp(seconds=0, nanos=-1),
    timestamp_pb2.Timestamp(seconds=0, nanos=2_000_000_000),
    timestamp_pb2.Timestamp(seconds=0, nanos=1_000_000_000),
]


@pytest.mark.parametrize("bad", BAD_TIMESTAMPS, ids=lambda t: f"{t.seconds}s{t.nanos}n")
def test_timestamps_out_of_range_are_invalid_fields(desk, bad):  # type: ignore[no-untyped-def]
    made = desk.incident()
    for name in ("target_close_date", "identified_date", "acknowledged_date", "mitigated_date"):
        invalid_field(lambda: desk.incident(**{name: bad}), name)
        invalid_field(lambda: desk.update(made.id, **{name: bad}), name)
    invalid_field(lambda: desk.incident(sync_metadata=incident_pb2.SyncMetadataInput(
        last_sync_in=incident_pb2.SyncInInput(sync_date=bad))), "sync_metadata.last_sync_in.sync_date")
    invalid_field(lambda: desk.update(made.id, sync_metadata=incident_pb2.SyncMetadataInput(
        last_sync_out=incident_pb2.SyncOutInput(sync_date=bad))), "sync_metadata.last_sync_out.sync_date")
    invalid_field(lambda: desk.incident(external_source_data=types_pb2.ExternalSourceData(closed_date=bad)),
                  "external_source_data.closed_date")
    for bound in ("after", "before"):
        window = types_pb2.DateFilter(range=types_pb2.DateTimeRange(**{bound: bad}))
        invalid_field(lambda: desk.list(created_date=window), f"created_date.range.{bound}")
        invalid_field(lambda: desk.incidents.GroupIncidents(incident_pb2.GroupIncidentsRequest(
            group_by="stage", target_close_date=window)), f"target_close_date.range.{bound}")
    assert desk.get(made.id) == made  # nothing changed


def test_the_first_and_last_timestamps_are_stored(desk):  # type: ignore[no-untyped-def]
    part, ids = scoped(desk)
    made = desk.incident(applies_to_parts=[part.id], identified_date=FIRST_INSTANT, target_close_date=LAST_INSTANT)
    assert made.identified_date == FIRST_INSTANT
    assert made.target_close_date == timestamp_pb2.Timestamp(seconds=LAST_INSTANT.seconds, nanos=999_999_000)
    assert desk.get(made.id) == made
    window = types_pb2.DateTimeRange(after=FIRST_INSTANT, before=LAST_INSTANT)
    assert ids(identified_date=types_pb2.DateFilter(range=window),
               target_close_date=types_pb2.DateFilter(range=window)) == {made.id}


# -- 4. edited cursors -----------------------------------------------------------------------


def decode(cursor: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def invalid_cursor(call) -> None:  # type: ignore[no-untyped-def]
    got = expect_error(call, INVALID, "INVALID_CURSOR")
    assert got.fields == ["cursor"]


def test_edited_sort_values_in_a_cursor_are_invalid_cursors(desk):  # type: ignore[no-untyped-def]
    part, _ = scoped(desk)
    made = [desk.incident(applies_to_parts=[part.id], severity=2, title=unique("t")) for _ in range(3)]

    def page(cursor: str = "", **request: Any) -> incident_pb2.ListIncidentsResponse:
        return desk.list(applies_to_parts=[part.id], limit=1, cursor=cursor, **request)

    payload = decode(page().next_cursor)
    date, key = payload["k"]
    for edited in (
        [date, {"a": 1}], [date, "x"], [date, [1]], [date, True], [date, 1.5], [date, BEYOND], [date, -(2**31) - 1],
        [date, None],  # the id is never unset
        [None, key],  # nor is created_date
        [date.replace("+00:00", ""), key],  # a naive instant
        [date[:10], key], ["garbage", key], [7, key], [{"x": 1}, key],
        ["0001-01-01T00:30:00+02:00", key],  # before the first instant in UTC
        ["9999-12-31T23:30:00-02:00", key],  # after the last
    ):
        invalid_cursor(lambda: page(encode({**payload, "k": edited})))
    invalid_cursor(lambda: page(encode({**payload, "k": [date]})))
    invalid_cursor(lambda: page(encode({**payload, "k": "x"})))
    # The cursor as this API wrote it, and the same instant in another zone, still page.
    assert [i.id for i in page(encode(payload)).incidents] == [made[1].id]
    shifted = datetime.fromisoformat(date).astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    assert [i.id for i in page(encode({**payload, "k": [shifted, key]})).incidents] == [made[1].id]

    by_title = decode(page(sort_by=["title"]).next_cursor)
    title, key = by_title["k"]
    for edited in ([5, key], [None, key], [title + "\x00", key], [[title], key]):
        invalid_cursor(lambda: page(encode({**by_title, "k": edited}), sort_by=["title"]))

    by_severity = decode(page(sort_by=["severity"]).next_cursor)
    severity, key = by_severity["k"]
    for edited in (["2", key], [2**40, key], [2.0, key], [False, key]):
        invalid_cursor(lambda: page(encode({**by_severity, "k": edited}), sort_by=["severity"]))
    # An unset severity is a value the key can have: the page after it is empty.
    assert list(page(encode({**by_severity, "k": [None, key]}), sort_by=["severity"]).incidents) == []


def test_edited_groups_in_a_cursor_are_invalid_cursors(desk):  # type: ignore[no-untyped-def]
    part, _ = scoped(desk)
    subtype = unique("sub")
    for _ in range(2):
        desk.incident(applies_to_parts=[part.id], severity=3)
    groups = desk.incidents.GroupIncidents(incident_pb2.GroupIncidentsRequest(
        group_by="severity", applies_to_parts=[part.id], limit_per_group=1)).groups
    payload = decode(groups[0].next_cursor)
    assert payload["g"] == ["severity", 3]

    def page(cursor: str) -> incident_pb2.ListIncidentsResponse:
        return desk.list(applies_to_parts=[part.id], limit=1, cursor=cursor)

    assert len(page(groups[0].next_cursor).incidents) == 1
    for group in (
        ["severity", {"x": 1}], ["severity", "3"], ["severity", 3.5], ["severity", True], ["severity", 2**40],
        ["severity"], ["severity", 3, 4], ["nope", 3], [["severity"], 3], [7, 3], "severity", {"severity": 3},
        ["subtype", 5], ["subtype", subtype + "\x00"], ["owned_by", "DEVU-1"], ["applies_to_parts", -(2**40)],
    ):
        invalid_cursor(lambda: page(encode({**payload, "g": group})))
    # Other values of the right type are groups, even when empty.
    assert list(page(encode({**payload, "g": ["subtype", subtype]})).incidents) == []
    assert list(page(encode({**payload, "g": ["owned_by", 2**31 - 1]})).incidents) == []


# -- 5. custom field filters on timestamps and dates ----------------------------------------


def test_timestamp_and_date_filters_compare_as_stored(desk):  # type: ignore[no-untyped-def]
    app = unique("app").replace("-", "_")
    defs, names = fields(("ts", "timestamp"), ("day", "date"))
    desk.fragment(schema_pb2.FRAGMENT_TYPE_APP_FRAGMENT, defs, app=app)
    ts_key, day_key = f"{app}__{names['ts']}", f"{app}__{names['day']}"
    spec = incident_pb2.CustomSchemaSpec(apps=[app])
    part, ids = scoped(desk)
    made = desk.incident(applies_to_parts=[part.id], custom_schema_spec=spec,
                         custom_fields=struct({ts_key: "2024-05-01T10:00:00Z", day_key: "2024-05-01"}))
    other = desk.incident(applies_to_parts=[part.id], custom_schema_spec=spec,
                          custom_fields=struct({ts_key: "2024-05-01T10:00:00.5Z"}))

    def where(values: dict[str, Any]) -> set[str]:
        return ids(custom_fields=struct(values))

    for same in ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00+00:00", "2024-05-01T12:00:00+02:00",
                 "2024-05-01T05:00:00-05:00", "2024-05-01T10:00:00.000000Z"):
        assert where({ts_key: same}) == {made.id}
        assert where({ts_key: [same, "2024-05-01T12:00:00.500+02:00"]}) == {made.id, other.id}
    assert where({ts_key: "2024-05-01T10:00:01Z"}) == set()
    assert where({day_key: "2024-05-01"}) == {made.id}
    # Cursors follow the value, not its spelling.
    first = desk.list(applies_to_parts=[part.id], limit=1, custom_fields=struct({ts_key: ["2024-05-01T10:00:00Z",
                                                                               "2024-05-01T10:00:00.5Z"]}))
    again = desk.list(applies_to_parts=[part.id], limit=1, cursor=first.next_cursor,
                      custom_fields=struct({ts_key: ["2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00.500Z"]}))
    assert {first.incidents[0].id, again.incidents[0].id} == {made.id, other.id}

    for bad, subtype in (("garbage", "timestamp_parse_error"), ("2024-05-01T10:00:00", "timestamp_parse_error"),
                         ("0001-01-01T00:00:00+01:00", "timestamp_parse_error")):
        custom_error(lambda: where({ts_key: bad}), "WRONG_TYPE", f"custom_fields.{ts_key}", subtype)
        custom_error(lambda: where({ts_key: ["2024-05-01T10:00:00Z", bad]}), "WRONG_TYPE",
                     f"custom_fields.{ts_key}[1]", subtype)
        custom_error(lambda: desk.incident(custom_schema_spec=spec, custom_fields=struct({ts_key: bad})),
                     "WRONG_TYPE", f"custom_fields.{ts_key}", subtype)
    for bad in ("2024-5-1", "2024-02-30", "garbage", "2024-05-01T00:00:00Z"):
        custom_error(lambda: where({day_key: bad}), "WRONG_TYPE", f"custom_fields.{day_key}", "date_parse_error")
    got = expect_error(lambda: where({ts_key: 5}), INVALID, "INVALID_FIELD")
    assert got.fields == [f"custom_fields.{ts_key}"]
    custom_error(lambda: desk.incidents.GroupIncidents(incident_pb2.GroupIncidentsRequest(
        group_by="stage", custom_fields=struct({ts_key: "garbage"}))), "WRONG_TYPE", f"custom_fields.{ts_key}",
        "timestamp_parse_error")


# -- 6. a part's display id carries its type ------------------------------------------------


def test_a_part_display_id_of_another_type_names_no_part(desk):  # type: ignore[no-untyped-def]
    capability = desk.part(type=types_pb2.PART_TYPE_CAPABILITY)
    assert capability.display_id.startswith("CAPL-")
    key = capability.id.rsplit("/", 1)[1]
    for spelling in (capability.id, capability.display_id, f"PART-{key}", f"capl-{key}"):
        assert desk.parts.GetPart(part_pb2.GetPartRequest(id=spelling)).part == capability
    made = desk.incident(applies_to_parts=[f"PART-{key}", capability.display_id])
    assert [p.id for p in made.applies_to_parts] == [capability.id]
    assert desk.list_ids(applies_to_parts=[capability.display_id]) == [made.id]
    for prefix in ("PROD", "FEAT", "ENH"):
        wrong = f"{prefix}-{key}"
        got = expect_error(lambda: desk.parts.GetPart(part_pb2.GetPartRequest(id=wrong)), NOT_FOUND,
                           "PART_NOT_FOUND")
        assert wrong in got.message
        invalid_id(lambda: desk.incident(applies_to_parts=[capability.id, wrong]), "applies_to_parts[1]")
        invalid_id(lambda: desk.update(made.id, applies_to_parts=incident_pb2.IdSet(set=[wrong])),
                   "applies_to_parts.set[0]")
        invalid_id(lambda: desk.list(applies_to_parts=[wrong]), "applies_to_parts[0]")
