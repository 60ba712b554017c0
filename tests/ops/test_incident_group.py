"""GroupIncidents: groups by each key, totals, per-group paging through ListIncidents, group pages."""

from __future__ import annotations

import grpc

from flowkeeper.ops.v1 import incident_pb2, schema_pb2, types_pb2
from tests.ops.desk import ALLOW_NON_START, Scope, fields, name
from tests.support import expect_error

FV = incident_pb2


def group(desk, scope: Scope, group_by: str, **request):  # type: ignore[no-untyped-def]
    return desk.incidents.GroupIncidents(FV.GroupIncidentsRequest(group_by=group_by, applies_to_parts=[scope.part.id],
                                                                  **request))


def summary(response) -> list[tuple[str, int, list[str]]]:  # type: ignore[no-untyped-def]
    return [(g.key.display_value, g.total, [i.id for i in g.incidents]) for g in response.groups]


def test_group_by_severity(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    a = s.incident(severity=3)
    b = s.incident(severity=1)
    c = s.incident(severity=3)
    d = s.incident()
    got = group(desk, s, "severity", sort_by=["created_date:asc"])
    assert summary(got) == [("sev0", 1, [b.id]), ("sev2", 2, [a.id, c.id]), ("", 1, [d.id])]
    keys = [g.key for g in got.groups]
    assert keys[0] == FV.FieldValue(type=FV.FIELD_VALUE_TYPE_INT, display_value="sev0", int_value=1)
    assert keys[2] == FV.FieldValue(type=FV.FIELD_VALUE_TYPE_INT) and keys[2].WhichOneof("value") is None
    assert got.next_cursor == "" and got.prev_cursor == ""
    # Groups carry fully expanded incidents.
    assert got.groups[0].incidents[0] == desk.get(b.id)


def test_group_by_stage_follows_the_diagram(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    fixing = s.incident(stage=FV.StageInput(stage="fixing"), stage_validation_options=[ALLOW_NON_START])
    triage = s.incident()
    done = s.incident(stage=FV.StageInput(stage="resolved"), stage_validation_options=[ALLOW_NON_START])
    got = group(desk, s, "stage")
    assert summary(got) == [("triage", 1, [triage.id]), ("fixing", 1, [fixing.id]), ("resolved", 1, [done.id])]
    assert got.groups[1].key.type == FV.FIELD_VALUE_TYPE_STAGE
    assert got.groups[1].key.id_value == fixing.stage.stage.id


def test_group_by_multi_valued_fields(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    u1, u2 = desk.user(), desk.user()
    i1 = s.incident(owned_by=[u1.id])
    i2 = s.incident(owned_by=[u1.id, u2.id])
    i3 = s.incident()
    got = group(desk, s, "owned_by", sort_by=["id"])
    assert summary(got) == [(u1.display_name, 2, [i1.id, i2.id]), (u2.display_name, 1, [i2.id]), ("", 1, [i3.id])]
    assert got.groups[0].key == FV.FieldValue(type=FV.FIELD_VALUE_TYPE_ID, display_value=u1.display_name,
                                              id_value=u1.id)
    extra = desk.part()
    j = s.incident(parts=[extra.id])
    got = group(desk, s, "applies_to_parts", sort_by=["id"])
    assert summary(got) == [(s.part.name, 4, [i1.id, i2.id, i3.id, j.id]), (extra.name, 1, [j.id])]


def test_group_by_the_other_keys(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    subtype = name()
    defs, _ = fields(("x", "text"))
    desk.fragment(schema_pb2.FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT, defs, subtype=subtype)
    other = desk.as_user()
    i1 = s.incident(reported_by=2, source=3, custom_schema_spec=FV.CustomSchemaSpec(subtype=subtype))
    i2 = other.incident(applies_to_parts=[s.part.id], reported_by=1)
    assert summary(group(desk, s, "reported_by")) == [("customer", 1, [i2.id]), ("internal users", 1, [i1.id])]
    assert summary(group(desk, s, "source")) == [("process engine", 1, [i1.id]), ("", 1, [i2.id])]
    assert summary(group(desk, s, "subtype")) == [(subtype, 1, [i1.id]), ("", 1, [i2.id])]
    by_creator = group(desk, s, "created_by")
    assert summary(by_creator) == [("admin", 1, [i1.id]), (i2.created_by.display_name, 1, [i2.id])]
    assert by_creator.groups[1].key.id_value == i2.created_by.id


def test_a_group_continues_in_list_incidents(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    mine = [s.incident(severity=2).id for _ in range(5)]
    s.incident(severity=1)
    got = group(desk, s, "severity", limit_per_group=2, sort_by=["created_date:asc"])
    sev1 = got.groups[1]
    assert sev1.total == 5 and [i.id for i in sev1.incidents] == mine[:2] and sev1.next_cursor
    assert got.groups[0].next_cursor == ""
    request = {"applies_to_parts": [s.part.id], "sort_by": ["created_date:asc"], "limit": 2}
    page = desk.list(cursor=sev1.next_cursor, **request)
    assert [i.id for i in page.incidents] == mine[2:4]
    page = desk.list(cursor=page.next_cursor, **request)
    assert [i.id for i in page.incidents] == mine[4:] and page.next_cursor == ""
    back = desk.list(cursor=page.prev_cursor, mode=types_pb2.LIST_MODE_BEFORE, **request)
    assert [i.id for i in back.incidents] == mine[2:4]


def test_group_pages(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    for severity in (1, 2, 3, 4):
        s.incident(severity=severity)
    s.incident()
    first = group(desk, s, "severity", limit=2)
    assert [g.key.display_value for g in first.groups] == ["sev0", "sev1"] and first.prev_cursor == ""
    second = group(desk, s, "severity", limit=2, cursor=first.next_cursor)
    assert [g.key.display_value for g in second.groups] == ["sev2", "sev3"]
    third = group(desk, s, "severity", limit=2, cursor=second.next_cursor)
    assert [g.key.display_value for g in third.groups] == [""] and third.next_cursor == ""
    back = group(desk, s, "severity", limit=2, cursor=third.prev_cursor, mode=types_pb2.LIST_MODE_BEFORE)
    assert [g.key.display_value for g in back.groups] == ["sev2", "sev3"]
    assert [g.key.display_value for g in group(desk, s, "severity", limit=2, mode=types_pb2.LIST_MODE_BEFORE).groups] \
        == ["sev3", ""]


def test_group_filters_apply(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    u = desk.user()
    s.incident(severity=1)
    mine = s.incident(severity=1, owned_by=[u.id])
    assert summary(group(desk, s, "severity", owned_by=[u.id])) == [("sev0", 1, [mine.id])]
    staged = s.incident(severity=2, staged_info=types_pb2.StagedInfo(is_staged=True),
                        sync_metadata=incident_pb2.SyncMetadataInput(origin_system="jira"))
    assert summary(group(desk, s, "severity", staged_info=incident_pb2.StagedInfoFilter(is_staged=True))) == [
        ("sev1", 1, [staged.id])]
    assert summary(group(desk, s, "severity", sync_metadata=incident_pb2.SyncMetadataFilter(
        origin_system=["jira"]))) == [("sev1", 1, [staged.id])]


def test_group_errors(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    s.incident(severity=1)
    s.incident(severity=2)
    cases = [
        ({"group_by": ""}, "MISSING_REQUIRED_FIELD", "group_by"),
        ({"group_by": "colour"}, "INVALID_ENUM_VALUE", "group_by"),
        ({"group_by": "severity", "limit": -1}, "INVALID_FIELD", "limit"),
        ({"group_by": "severity", "limit_per_group": -2}, "INVALID_FIELD", "limit_per_group"),
        ({"group_by": "severity", "severity": [7]}, "INVALID_ENUM_VALUE", "severity[0]"),
        ({"group_by": "severity", "cursor": "junk"}, "INVALID_CURSOR", "cursor"),
    ]
    for request, reason, field in cases:
        got = expect_error(lambda: desk.incidents.GroupIncidents(FV.GroupIncidentsRequest(**request)),
                           grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [field], (request, got.fields)
    page = group(desk, s, "severity", limit=1)
    expect_error(lambda: group(desk, s, "stage", limit=1, cursor=page.next_cursor), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_CURSOR")
