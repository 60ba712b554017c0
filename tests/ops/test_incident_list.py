"""ListIncidents: every filter (exact id sets), sort orders both ways, keyset paging both ways."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.ops.v1 import incident_pb2, schema_pb2, types_pb2
from tests.ops.desk import ALLOW_NON_START, TENANT, Scope, fields, name, struct, tenant_fields, ts
from tests.support import expect_error


def test_reference_filters(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    a, b = desk.user(), desk.user()
    other_part = desk.part()
    art1, art2 = desk.article(), desk.article()
    acc = desk.account()
    creator = desk.as_user()
    i1 = s.incident(owned_by=[a.id], pia=[art1.id])
    i2 = s.incident(owned_by=[b.id], playbooks=[art1.id], parts=[other_part.id])
    i3 = s.incident(owned_by=[a.id, b.id], related_docs=[art2.id], impact=incident_pb2.CreateImpact(customer_ids=[acc.id]))
    i4 = creator.incident(applies_to_parts=[s.part.id], pia=[art2.id])
    assert s.ids() == {i1.id, i2.id, i3.id, i4.id}
    assert s.ids(owned_by=[a.id]) == {i1.id, i3.id}
    assert s.ids(owned_by=[a.display_id, b.id]) == {i1.id, i2.id, i3.id}
    assert s.ids(created_by=[i4.created_by.id]) == {i4.id}
    assert s.ids(created_by=[i1.created_by.id]) == {i1.id, i2.id, i3.id}
    assert set(desk.list_ids(applies_to_parts=[other_part.id])) == {i2.id}
    assert s.ids(pia=[art1.id]) == {i1.id} and s.ids(pia=[art2.id]) == {i4.id}
    assert s.ids(playbooks=[art1.id]) == {i2.id} and s.ids(playbooks=[art2.id]) == set()
    assert s.ids(related_docs=[art2.id]) == {i3.id}
    assert s.ids(impacted_customers=[acc.display_id]) == {i3.id}
    assert s.ids(owned_by=[a.id], pia=[art1.id]) == {i1.id}  # filters combine with AND


def test_value_filters(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    i1 = s.incident(title="alpha", severity=1, reported_by=1, source=1)
    i2 = s.incident(title="beta", severity=2, reported_by=2, source=2,
                    stage=incident_pb2.StageInput(stage="fixing"), stage_validation_options=[ALLOW_NON_START])
    i3 = s.incident(title="gamma", severity=2)
    assert s.ids(severity=[2]) == {i2.id, i3.id} and s.ids(severity=[1, 2]) == {i1.id, i2.id, i3.id}
    assert s.ids(severity=[4]) == set()
    assert s.ids(reported_by=[1]) == {i1.id} and s.ids(source=[2]) == {i2.id}
    assert s.ids(title=["alpha", "gamma"]) == {i1.id, i3.id} and s.ids(title=["Alpha"]) == set()
    assert s.ids(stage=["triage"]) == {i1.id, i3.id}
    assert s.ids(stage=[i2.stage.stage.id]) == {i2.id} and s.ids(stage=[i2.stage.stage.display_id]) == {i2.id}


def test_subtype_and_custom_field_filters(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    subtype = name()
    defs, names = fields(("kind", "text"))
    desk.fragment(schema_pb2.FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT, defs, subtype=subtype)
    k = tenant_fields(desk, ("region", "enum", {"allowed_values": ["eu", "us"]}), ("n", "int"), ("on", "bool"),
                      ("tags", "text", {"is_list": True}))
    i1 = s.incident(custom_fields=struct({k["region"]: "eu", k["n"]: 1, k["on"]: True}), custom_schema_spec=TENANT)
    i2 = s.incident(custom_fields=struct({k["region"]: "us", k["n"]: 2, k["on"]: False}), custom_schema_spec=TENANT)
    i3 = s.incident(custom_fields=struct({f"ctype__{names['kind']}": "db"}),
                    custom_schema_spec=incident_pb2.CustomSchemaSpec(subtype=subtype))
    assert s.ids(subtype=[subtype]) == {i3.id}
    assert s.ids(custom_fields=struct({k["region"]: "eu"})) == {i1.id}
    assert s.ids(custom_fields=struct({k["region"]: ["eu", "us"]})) == {i1.id, i2.id}
    assert s.ids(custom_fields=struct({k["n"]: 2})) == {i2.id}
    assert s.ids(custom_fields=struct({k["on"]: True})) == {i1.id}
    assert s.ids(custom_fields=struct({k["region"]: "us", k["n"]: 1})) == set()
    assert s.ids(custom_fields=struct({f"ctype__{names['kind']}": "db"})) == {i3.id}
    for value, reason in ((struct({"tnt__nope": "x"}), "FIELD_NOT_IN_SCHEMA"),
                          (struct({k["tags"]: "x"}), "INVALID_FIELD"),
                          (struct({k["n"]: "two"}), "INVALID_FIELD"),
                          (struct({k["region"]: None}), "INVALID_FIELD")):
        got = expect_error(lambda: s.ids(custom_fields=value), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [f"custom_fields.{next(iter(value.keys()))}"]


def synced(unit_in: str = "", unit_out: str = "", *, reference: str = "", origin: str = "",
           sync_in: int = 0, sync_out: int = 0, history: str = "") -> incident_pb2.SyncMetadataInput:
    return incident_pb2.SyncMetadataInput(
        external_reference=reference, origin_system=origin,
        last_sync_in=incident_pb2.SyncInInput(status=sync_in, sync_history=history, sync_unit=unit_in),
        last_sync_out=incident_pb2.SyncOutInput(status=sync_out, sync_unit=unit_out))


def sync_filter(**fields) -> dict:  # type: ignore[no-untyped-def]
    return {"sync_metadata": incident_pb2.SyncMetadataFilter(**fields)}


def test_staged_info_and_sync_metadata_filters(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    jira, github = desk.sync_unit(), desk.sync_unit()
    i1 = s.incident(staged_info=types_pb2.StagedInfo(is_staged=True, unresolved_fields=["severity"]),
                    sync_metadata=synced(jira.id, reference="https://jira/1", origin="jira",
                                         sync_in=types_pb2.SYNC_IN_STATUS_STAGED, history="h-1"))
    i2 = s.incident(staged_info=types_pb2.StagedInfo(is_staged=False),
                    sync_metadata=synced(jira.id, github.id, reference="https://jira/2", origin="jira",
                                         sync_in=types_pb2.SYNC_IN_STATUS_SUCCEEDED,
                                         sync_out=types_pb2.SYNC_OUT_STATUS_FAILED, history="h-2"))
    i3 = s.incident(sync_metadata=synced(unit_out=github.id, reference="https://gh/3", origin="github",
                                         sync_out=types_pb2.SYNC_OUT_STATUS_SUCCEEDED))
    i4 = s.incident()
    staged = incident_pb2.StagedInfoFilter
    assert s.ids(staged_info=staged(is_staged=True)) == {i1.id}
    assert s.ids(staged_info=staged(is_staged=False)) == {i2.id, i3.id, i4.id}
    assert s.ids(staged_info=staged()) == {i1.id, i2.id, i3.id, i4.id}
    assert s.ids(**sync_filter(external_reference=["https://jira/2", "https://gh/3"])) == {i2.id, i3.id}
    assert s.ids(**sync_filter(origin_system=["jira"])) == {i1.id, i2.id}
    assert s.ids(**sync_filter(origin_system=["Jira"])) == set()
    sync_in, sync_out = incident_pb2.SyncInFilter, incident_pb2.SyncOutFilter
    assert s.ids(**sync_filter(last_sync_in=sync_in(status=[types_pb2.SYNC_IN_STATUS_STAGED]))) == {i1.id}
    assert s.ids(**sync_filter(last_sync_in=sync_in(
        status=[types_pb2.SYNC_IN_STATUS_STAGED, types_pb2.SYNC_IN_STATUS_SUCCEEDED]))) == {i1.id, i2.id}
    assert s.ids(**sync_filter(last_sync_in=sync_in(sync_history=["h-2"]))) == {i2.id}
    assert s.ids(**sync_filter(last_sync_in=sync_in(sync_unit=[jira.display_id]))) == {i1.id, i2.id}
    assert s.ids(**sync_filter(last_sync_out=sync_out(sync_unit=[github.id]))) == {i2.id, i3.id}
    assert s.ids(**sync_filter(last_sync_out=sync_out(status=[types_pb2.SYNC_OUT_STATUS_SUCCEEDED]))) == {i3.id}
    assert s.ids(**sync_filter(last_sync_out=sync_out(status=[types_pb2.SYNC_OUT_STATUS_MODIFIED]))) == set()
    # Filters combine with AND, also with the others.
    assert s.ids(**sync_filter(origin_system=["jira"], last_sync_out=sync_out(sync_unit=[github.id]))) == {i2.id}
    assert s.ids(staged_info=staged(is_staged=False), **sync_filter(origin_system=["jira"])) == {i2.id}
    # A cursor is bound to these filters too.
    first = desk.list(applies_to_parts=[s.part.id], limit=1, **sync_filter(origin_system=["jira"]))
    expect_error(lambda: desk.list(applies_to_parts=[s.part.id], limit=1, cursor=first.next_cursor,
                                   **sync_filter(origin_system=["github"])),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_CURSOR")
    assert desk.list(applies_to_parts=[s.part.id], limit=1, cursor=first.next_cursor,
                     **sync_filter(origin_system=["jira"])).incidents[0].id in {i1.id, i2.id}
    # ... however the sync unit is spelled.
    by_unit = desk.list(applies_to_parts=[s.part.id], limit=1,
                        **sync_filter(last_sync_in=sync_in(sync_unit=[jira.id])))
    assert desk.list(applies_to_parts=[s.part.id], limit=1, cursor=by_unit.next_cursor,
                     **sync_filter(last_sync_in=sync_in(sync_unit=[jira.display_id]))).incidents[0].id in {i1.id, i2.id}


def test_date_filters(desk, server):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    t0 = server.clock.now()
    i1 = s.incident(target_close_date=ts(t0 + timedelta(days=2)))
    server.clock.advance(timedelta(days=3))
    t1 = server.clock.now()
    i2 = s.incident(target_close_date=ts(t1 + timedelta(days=10)), identified_date=ts(t1 - timedelta(hours=1)))
    server.clock.advance(timedelta(hours=1))
    i3 = s.incident()
    DF, R, P = types_pb2.DateFilter, types_pb2.DateTimeRange, types_pb2.DateTimePreset
    assert s.ids(created_date=DF(range=R(after=ts(t1)))) == {i2.id, i3.id}  # bounds inclusive
    assert s.ids(created_date=DF(range=R(before=ts(t1)))) == {i1.id, i2.id}
    assert s.ids(created_date=DF(range=R(after=ts(t1), before=ts(t1)))) == {i2.id}
    assert s.ids(created_date=DF(preset=P(preset_type=types_pb2.DATE_TIME_PRESET_TYPE_LAST_N_DAYS, days=1))) == {
        i2.id, i3.id}
    assert s.ids(target_close_date=DF(preset=P(preset_type=types_pb2.DATE_TIME_PRESET_TYPE_NEXT_N_DAYS, days=20))) \
        == {i2.id}  # i1's target date is in the past by now
    assert s.ids(target_close_date=DF(range=R(before=ts(t1)))) == {i1.id}
    assert s.ids(identified_date=DF(range=R(after=ts(t0)))) == {i2.id}
    assert s.ids(modified_date=DF(range=R(after=ts(server.clock.now())))) == {i3.id}
    desk.update(i1.id, stage=incident_pb2.StageInput(stage="canceled"))
    assert s.ids(actual_close_date=DF(range=R(after=ts(t0)))) == {i1.id}
    desk.update(i2.id, stage=incident_pb2.StageInput(stage="acknowledged"))
    assert s.ids(acknowledged_date=DF(preset=P(preset_type=types_pb2.DATE_TIME_PRESET_TYPE_LAST_N_DAYS, days=0))) \
        == {i2.id}
    assert s.ids(mitigated_date=DF(range=R(after=ts(t0)))) == set()
    got = expect_error(lambda: s.ids(created_date=DF()), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["created_date"]
    got = expect_error(lambda: s.ids(created_date=DF(preset=P(days=3))), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_ENUM_VALUE")
    assert got.fields == ["created_date.preset.preset_type"]


def test_deleted_incidents_are_not_listed(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    keep, gone = s.incident(), s.incident()
    desk.incidents.DeleteIncident(incident_pb2.DeleteIncidentRequest(id=gone.id))
    assert s.ids() == {keep.id}


def test_filter_errors(desk):  # type: ignore[no-untyped-def]
    cases = [
        ({"severity": [9]}, "INVALID_ENUM_VALUE", "severity[0]"),
        ({"reported_by": [1, 0]}, "INVALID_ENUM_VALUE", "reported_by[1]"),
        ({"source": [5]}, "INVALID_ENUM_VALUE", "source[0]"),
        ({"owned_by": ["DEVU-999999"]}, "INVALID_ID", "owned_by[0]"),
        ({"created_by": ["nope"]}, "INVALID_ID", "created_by[0]"),
        ({"applies_to_parts": ["PROD-999999"]}, "INVALID_ID", "applies_to_parts[0]"),
        ({"pia": ["ART-999999"]}, "INVALID_ID", "pia[0]"),
        ({"impacted_customers": ["ACC-999999"]}, "INVALID_ID", "impacted_customers[0]"),
        ({"stage": ["limbo"]}, "INVALID_ID", "stage[0]"),
        ({"sort_by": ["colour"]}, "INVALID_ENUM_VALUE", "sort_by[0]"),
        ({"sort_by": ["title:sideways"]}, "INVALID_FIELD", "sort_by[0]"),
        ({"sort_by": ["title", "title:desc"]}, "INVALID_FIELD", "sort_by[1]"),
        ({"limit": -1}, "INVALID_FIELD", "limit"),
        ({"mode": 9}, "INVALID_ENUM_VALUE", "mode"),
        ({"cursor": "not-a-cursor"}, "INVALID_CURSOR", "cursor"),
        (sync_filter(last_sync_in=incident_pb2.SyncInFilter(status=[types_pb2.SYNC_IN_STATUS_FAILED, 0])),
         "INVALID_ENUM_VALUE", "sync_metadata.last_sync_in.status[1]"),
        (sync_filter(last_sync_out=incident_pb2.SyncOutFilter(status=[7])),
         "INVALID_ENUM_VALUE", "sync_metadata.last_sync_out.status[0]"),
        (sync_filter(last_sync_in=incident_pb2.SyncInFilter(sync_unit=["SYNCUNIT-999999"])),
         "INVALID_ID", "sync_metadata.last_sync_in.sync_unit[0]"),
        (sync_filter(last_sync_out=incident_pb2.SyncOutFilter(sync_unit=["nope"])),
         "INVALID_ID", "sync_metadata.last_sync_out.sync_unit[0]"),
    ]
    for request, reason, field in cases:
        got = expect_error(lambda: desk.list(**request), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [field], (request, got.fields)
    got = expect_error(lambda: desk.list(sort_by=["colour"]), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE")
    assert "created_date" in got.info.metadata["allowed_values"].split(",")


def test_sort_orders(desk, server):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    made = {}
    for title, severity in (("b", 2), ("d", None), ("a", 3), ("c", 2), ("e", None)):
        server.clock.advance(timedelta(seconds=1))
        fields = {"title": f"t-{title}"}
        if severity is not None:
            fields["severity"] = severity
        made[title] = s.incident(**fields).id
    by = lambda *names: [made[n] for n in names]  # noqa: E731
    assert s.ordered() == by("e", "c", "a", "d", "b")  # default: created_date desc
    assert s.ordered(sort_by=["created_date"]) == by("b", "d", "a", "c", "e")
    assert s.ordered(sort_by=["title:asc"]) == by("a", "b", "c", "d", "e")
    assert s.ordered(sort_by=["title:desc"]) == by("e", "d", "c", "b", "a")
    # Unset severities sort last ascending, first descending; ties fall to the next key, then the id.
    assert s.ordered(sort_by=["severity:asc", "title:desc"]) == by("c", "b", "a", "e", "d")
    assert s.ordered(sort_by=["severity:desc", "title:asc"]) == by("d", "e", "a", "b", "c")
    assert s.ordered(sort_by=["severity"]) == by("b", "c", "a", "d", "e")  # id (creation) breaks ties
    assert s.ordered(sort_by=["id:desc"]) == by("e", "c", "a", "d", "b")


def test_sort_by_a_date_most_incidents_leave_unset(desk, server):  # type: ignore[no-untyped-def]
    # Such a date is indexed over its set values only; the unset rows are read in a second step.
    s = Scope(desk)
    now = server.clock.now()
    made = {}
    for title, days in (("a", None), ("b", 2), ("c", None), ("d", 1), ("e", 2), ("f", None)):
        fields = {"title": f"t-{title}"}
        if days is not None:
            fields["target_close_date"] = ts(now + timedelta(days=days))
        made[title] = s.incident(**fields).id
    by = lambda *names: [made[n] for n in names]  # noqa: E731
    assert s.ordered(sort_by=["target_close_date"]) == by("d", "b", "e", "a", "c", "f")
    assert s.ordered(sort_by=["target_close_date:desc"]) == by("f", "c", "a", "e", "b", "d")
    assert s.ordered(sort_by=["target_close_date:asc", "title:desc"]) == by("d", "e", "b", "f", "c", "a")
    assert s.ordered(sort_by=["target_close_date:desc", "title:asc"]) == by("a", "c", "f", "b", "e", "d")
    assert s.ordered(sort_by=["mitigated_date"]) == by("a", "b", "c", "d", "e", "f")  # all unset: the id decides
    after_now = types_pb2.DateFilter(range=types_pb2.DateTimeRange(after=ts(now)))
    assert s.ordered(sort_by=["target_close_date"], target_close_date=after_now) == by("d", "b", "e")


@pytest.mark.parametrize("sort_by", [[], ["title:asc"], ["severity:desc", "title:asc"], ["severity:asc"],
                                     ["target_close_date:asc"], ["target_close_date:desc"],
                                     ["target_close_date:desc", "title:asc"], ["target_close_date:asc", "severity:desc"],
                                     ["identified_date:desc"]])
def test_cursor_paging_forward_and_back(desk, server, sort_by):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    for i in range(8):
        fields = {"title": f"p-{i % 3}-{i}"}
        if i % 3:
            fields["severity"] = 1 + i % 2
        if i % 2:
            fields["target_close_date"] = ts(server.clock.now() + timedelta(days=i % 3))
        s.incident(**fields)
    everything = s.ordered(sort_by=sort_by)
    assert len(everything) == 8
    pages, cursor, prev = [], "", []
    request = {"applies_to_parts": [s.part.id], "sort_by": sort_by, "limit": 3}
    while True:
        page = desk.list(cursor=cursor, mode=types_pb2.LIST_MODE_AFTER, **request)
        pages.append([i.id for i in page.incidents])
        prev.append(page.prev_cursor)
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert pages == [everything[0:3], everything[3:6], everything[6:8]]
    assert prev[0] == "" and all(prev[1:])
    # Back from the last page with prev_cursor.
    back = desk.list(cursor=prev[2], mode=types_pb2.LIST_MODE_BEFORE, **request)
    assert [i.id for i in back.incidents] == everything[3:6]
    assert back.next_cursor and back.prev_cursor
    first = desk.list(cursor=back.prev_cursor, mode=types_pb2.LIST_MODE_BEFORE, **request)
    assert [i.id for i in first.incidents] == everything[0:3] and first.prev_cursor == ""
    forward_again = desk.list(cursor=first.next_cursor, mode=types_pb2.LIST_MODE_AFTER, **request)
    assert [i.id for i in forward_again.incidents] == everything[3:6]
    # mode BEFORE without a cursor starts from the end.
    tail = desk.list(mode=types_pb2.LIST_MODE_BEFORE, **request)
    assert [i.id for i in tail.incidents] == everything[5:8] and tail.next_cursor == "" and tail.prev_cursor


def test_cursors_are_bound_to_filters_and_sort(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    for _ in range(3):
        s.incident(severity=1)
    page = desk.list(applies_to_parts=[s.part.id], limit=1)
    assert page.next_cursor
    assert len(desk.list(applies_to_parts=[s.part.id], limit=1, cursor=page.next_cursor).incidents) == 1
    for request in ({"applies_to_parts": [s.part.id], "severity": [1]},
                    {"applies_to_parts": [s.part.id], "sort_by": ["title"]},
                    {}):
        got = expect_error(lambda: desk.list(cursor=page.next_cursor, **request), grpc.StatusCode.INVALID_ARGUMENT,
                           "INVALID_CURSOR")
        assert got.fields == ["cursor"]


def test_limit_defaults_to_50_and_is_capped_at_100(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    for _ in range(101):
        s.incident()
    assert len(desk.list(applies_to_parts=[s.part.id]).incidents) == 50
    page = desk.list(applies_to_parts=[s.part.id], limit=500)
    assert len(page.incidents) == 100 and page.next_cursor
    assert len(desk.list(applies_to_parts=[s.part.id], cursor=page.next_cursor, limit=500).incidents) == 1


def test_listed_incidents_are_fully_expanded(desk):  # type: ignore[no-untyped-def]
    s = Scope(desk)
    owner, tag = desk.user(), desk.tag()
    one = s.incident(owned_by=[owner.id], tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value="v")])
    two = s.incident(pia=[desk.article(artifacts=[desk.artifact().id]).id])
    listed = {i.id: i for i in desk.list(applies_to_parts=[s.part.id]).incidents}
    assert listed == {one.id: desk.get(one.id), two.id: desk.get(two.id)}
