"""Custom schema fragments and the validation of custom fields (tnt__, ctype__, <app>__)."""

from __future__ import annotations

from typing import Any

import grpc

from flowkeeper.ops.v1 import incident_pb2, schema_pb2
from tests.ops.desk import TENANT, Desk, custom_error, fields, name, struct, tenant_fields
from tests.support import expect_error, unique

T = schema_pb2


def create(desk: Desk, values: dict[str, Any], spec: incident_pb2.CustomSchemaSpec = TENANT, **extra: Any):  # type: ignore[no-untyped-def]
    return desk.incident(custom_fields=struct(values), custom_schema_spec=spec, **extra)


def test_every_field_type_is_accepted_and_normalised(desk):  # type: ignore[no-untyped-def]
    k = tenant_fields(desk, ("text", "text"), ("tokens", "tokens"), ("int", "int"), ("double", "double"),
                      ("bool", "bool"), ("ts", "timestamp"), ("date", "date"), ("enum", "enum"), ("id", "id"),
                      ("ints", "int", {"is_list": True}))
    got = create(desk, {k["text"]: "hello", k["tokens"]: "a b", k["int"]: 3, k["double"]: 2.5, k["bool"]: True,
                        k["ts"]: "2024-05-01T14:00:00+02:00", k["date"]: "2024-05-01", k["enum"]: "high",
                        k["id"]: "don:core:flowkeeper:part/3", k["ints"]: [1, 2]})
    assert dict(got.custom_fields) == {
        k["text"]: "hello", k["tokens"]: "a b", k["int"]: 3, k["double"]: 2.5, k["bool"]: True,
        k["ts"]: "2024-05-01T12:00:00Z", k["date"]: "2024-05-01", k["enum"]: "high",
        k["id"]: "don:core:flowkeeper:part/3", k["ints"]: [1, 2],
    }
    assert len(got.custom_schema_fragments) == 1
    assert got.custom_schema_fragments[0].startswith("don:core:flowkeeper:tenant_fragment/")
    assert got.stock_schema_fragment == "don:core:flowkeeper:stock_schema_fragment/1"
    assert desk.get(got.id).custom_fields == got.custom_fields


def test_wrong_types(desk):  # type: ignore[no-untyped-def]
    k = tenant_fields(desk, ("int", "int"), ("double", "double"), ("bool", "bool"), ("text", "text"),
                      ("ts", "timestamp"), ("date", "date"), ("id", "id"), ("list", "text", {"is_list": True}))
    for key, value, subtype in (
        (k["int"], "3", "wrong_type"), (k["int"], 1.5, "wrong_type"), (k["int"], True, "wrong_type"),
        (k["int"], 1e20, "wrong_type"), (k["int"], -(2.0**54), "wrong_type"),
        (k["double"], "2.5", "wrong_type"), (k["bool"], "true", "wrong_type"), (k["bool"], 1, "wrong_type"),
        (k["text"], 5, "wrong_type"), (k["text"], ["a"], "wrong_type"), (k["text"], {"a": 1}, "wrong_type"),
        (k["ts"], "yesterday", "timestamp_parse_error"), (k["ts"], "2024-05-01T12:00:00", "timestamp_parse_error"),
        (k["date"], "01/05/2024", "date_parse_error"), (k["date"], "2024-02-30", "date_parse_error"),
        (k["id"], "PART-3", "id_parse_error"), (k["list"], "a", "wrong_type"),
    ):
        custom_error(lambda: create(desk, {key: value}), "WRONG_TYPE", f"custom_fields.{key}", subtype)
    custom_error(lambda: create(desk, {k["list"]: ["a", 2]}), "WRONG_TYPE", f"custom_fields.{k['list']}[1]",
                 "wrong_type")
    assert create(desk, {k["int"]: 2**53}).custom_fields[k["int"]] == 2**53  # the largest exact one


def test_enum_value_out_of_range(desk):  # type: ignore[no-untyped-def]
    k = tenant_fields(desk, ("enum", "enum", {"allowed_values": ["red", "green"]}))
    got = custom_error(lambda: create(desk, {k["enum"]: "blue"}), "ENUM_OUT_OF_RANGE", f"custom_fields.{k['enum']}",
                       "enum_out_of_range")
    assert got.info.metadata["allowed_values"] == "red,green"


def test_field_schema_must_be_in_the_spec(desk):  # type: ignore[no-untyped-def]
    k = tenant_fields(desk, ("a", "text"))
    custom_error(lambda: create(desk, {k["a"]: "x"}, incident_pb2.CustomSchemaSpec()), "CUSTOM_FIELD_SCHEMA_MISSING",
                 f"custom_fields.{k['a']}", "fragment_not_found")
    custom_error(lambda: desk.incident(custom_fields=struct({k["a"]: "x"})), "CUSTOM_FIELD_SCHEMA_MISSING",
                 f"custom_fields.{k['a']}", "fragment_not_found")
    custom_error(lambda: create(desk, {"ctype__thing": "x"}), "CUSTOM_FIELD_SCHEMA_MISSING",
                 "custom_fields.ctype__thing", "fragment_not_found")
    custom_error(lambda: create(desk, {"someapp__thing": "x"}), "CUSTOM_FIELD_SCHEMA_MISSING",
                 "custom_fields.someapp__thing", "fragment_not_found")


def test_unknown_fields(desk):  # type: ignore[no-untyped-def]
    tenant_fields(desk, ("a", "text"))
    custom_error(lambda: create(desk, {"tnt__no_such_field": "x"}), "FIELD_NOT_IN_SCHEMA",
                 "custom_fields.tnt__no_such_field", "field_not_in_schema")
    custom_error(lambda: create(desk, {"noprefix": "x"}), "FIELD_NOT_IN_SCHEMA", "custom_fields.noprefix",
                 "field_not_in_schema")


def test_fragments_named_by_the_spec_must_exist(desk):  # type: ignore[no-untyped-def]
    custom_error(lambda: create(desk, {}, incident_pb2.CustomSchemaSpec(apps=[unique("app").replace("-", "_")])),
                 "FRAGMENT_NOT_FOUND", "custom_schema_spec.apps[0]", "fragment_not_found")
    custom_error(lambda: create(desk, {}, incident_pb2.CustomSchemaSpec(subtype="nosuchsubtype")),
                 "FRAGMENT_NOT_FOUND", "custom_schema_spec.subtype", "fragment_not_found")


def test_required_fields_when_asked(desk):  # type: ignore[no-untyped-def]
    k = tenant_fields(desk, ("must", "text", {"is_required": True}), ("may", "text"))
    strict = incident_pb2.CustomSchemaSpec(tenant_fragment=True, validate_required_fields=True)
    custom_error(lambda: create(desk, {k["may"]: "x"}, strict), "MISSING_REQUIRED_FIELD", f"custom_fields.{k['must']}",
                 "field_required")
    assert create(desk, {k["may"]: "x"}).custom_fields[k["may"]] == "x"  # not validated without the flag
    assert create(desk, {k["must"]: "y"}, strict).custom_fields[k["must"]] == "y"


def test_subtype_and_app_fragments(desk):  # type: ignore[no-untyped-def]
    subtype, app = name(), name()
    sub_defs, sub_names = fields(("sev_reason", "text"))
    app_defs, app_names = fields(("ticket", "int"))
    sub_fragment = desk.fragment(T.FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT, sub_defs, subtype=subtype)
    app_fragment = desk.fragment(T.FRAGMENT_TYPE_APP_FRAGMENT, app_defs, app=app)
    assert sub_fragment.id.startswith("don:core:flowkeeper:custom_type_fragment/")
    assert app_fragment.id.startswith("don:core:flowkeeper:app_fragment/")
    assert app_fragment.fields[0].key == f"{app}__{app_names['ticket']}"
    ctype_key, app_key = f"ctype__{sub_names['sev_reason']}", f"{app}__{app_names['ticket']}"
    spec = incident_pb2.CustomSchemaSpec(subtype=subtype, apps=[app])
    got = create(desk, {ctype_key: "db", app_key: 7}, spec)
    assert got.subtype == subtype
    assert sorted(got.custom_schema_fragments) == sorted([sub_fragment.id, app_fragment.id])
    assert dict(got.custom_fields) == {ctype_key: "db", app_key: 7}
    # Dropping the app removes its fragment and fields; the subtype stays.
    dropped = desk.update(got.id, custom_schema_spec=incident_pb2.CustomSchemaSpec(
        drop=incident_pb2.CustomSchemaSpecDrop(apps=[app])))
    assert list(dropped.custom_schema_fragments) == [sub_fragment.id]
    assert dict(dropped.custom_fields) == {ctype_key: "db"}
    # Another subtype replaces the old one and its ctype__ fields.
    other, other_defs_names = name(), fields(("x", "bool"))
    other_fragment = desk.fragment(T.FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT, other_defs_names[0], subtype=other)
    other_key = f"ctype__{other_defs_names[1]['x']}"
    moved = desk.update(got.id, custom_fields=struct({other_key: True}),
                        custom_schema_spec=incident_pb2.CustomSchemaSpec(subtype=other))
    assert moved.subtype == other and list(moved.custom_schema_fragments) == [other_fragment.id]
    assert dict(moved.custom_fields) == {other_key: True}
    # Dropping the subtype clears it.
    cleared = desk.update(got.id, custom_schema_spec=incident_pb2.CustomSchemaSpec(
        drop=incident_pb2.CustomSchemaSpecDrop(subtype=True)))
    assert cleared.subtype == "" and list(cleared.custom_schema_fragments) == [] and dict(cleared.custom_fields) == {}


def test_update_validates_custom_fields_too(desk):  # type: ignore[no-untyped-def]
    k = tenant_fields(desk, ("n", "int"))
    created = create(desk, {k["n"]: 1})
    custom_error(lambda: desk.update(created.id, custom_fields=struct({k["n"]: "one"}), custom_schema_spec=TENANT),
                 "WRONG_TYPE", f"custom_fields.{k['n']}", "wrong_type")
    custom_error(lambda: desk.update(created.id, custom_fields=struct({k["n"]: 2})), "CUSTOM_FIELD_SCHEMA_MISSING",
                 f"custom_fields.{k['n']}", "fragment_not_found")
    assert desk.get(created.id).custom_fields[k["n"]] == 1


def test_a_new_fragment_version_deprecates_the_old(desk):  # type: ignore[no-untyped-def]
    old_defs, old_names = fields(("a", "text"))
    old = desk.fragment(T.FRAGMENT_TYPE_TENANT_FRAGMENT, old_defs)
    key = f"tnt__{old_names['a']}"
    incident = create(desk, {key: "kept"})
    assert list(incident.custom_schema_fragments) == [old.id]
    new_defs, _ = fields(("b", "text"))
    new = desk.fragment(T.FRAGMENT_TYPE_TENANT_FRAGMENT, new_defs)
    assert not new.deprecated
    get = desk.fragments.GetCustomSchemaFragment
    assert get(schema_pb2.GetCustomSchemaFragmentRequest(id=old.id)).fragment.deprecated
    # The old field is no longer in the schema; the stored incident keeps what it had.
    custom_error(lambda: create(desk, {key: "x"}), "FIELD_NOT_IN_SCHEMA", f"custom_fields.{key}", "field_not_in_schema")
    assert desk.get(incident.id).custom_fields[key] == "kept"
    assert list(desk.get(incident.id).custom_schema_fragments) == [old.id]


def test_fragment_directory(desk):  # type: ignore[no-untyped-def]
    defs, names = fields(("a", "enum", {"allowed_values": ["x"], "is_required": True, "description": "d"}))
    app = name()
    created = desk.fragment(T.FRAGMENT_TYPE_APP_FRAGMENT, defs, app=app, description="pager fields")
    assert (created.leaf_type, created.app, created.subtype, created.description) == ("incident", app, "", "pager fields")
    assert created.fields[0].name == names["a"] and created.fields[0].is_required
    assert list(created.fields[0].allowed_values) == ["x"] and created.fields[0].description == "d"
    assert created.HasField("created_date")
    get = desk.fragments.GetCustomSchemaFragment
    assert get(schema_pb2.GetCustomSchemaFragmentRequest(id=created.id)).fragment == created
    expect_error(lambda: get(schema_pb2.GetCustomSchemaFragmentRequest(id="nope")), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_ID")
    expect_error(lambda: get(schema_pb2.GetCustomSchemaFragmentRequest(id="don:core:flowkeeper:app_fragment/999999")),
                 grpc.StatusCode.NOT_FOUND, "CUSTOM_SCHEMA_FRAGMENT_NOT_FOUND")
    seen, token = [], ""
    while True:
        page = desk.fragments.ListCustomSchemaFragments(
            schema_pb2.ListCustomSchemaFragmentsRequest(page_size=2, page_token=token))
        assert len(page.fragments) <= 2
        seen.extend(f.id for f in page.fragments)
        token = page.next_page_token
        if not token:
            break
    assert created.id in seen and len(seen) == len(set(seen))


def test_fragment_registration_errors(desk):  # type: ignore[no-untyped-def]
    create_fragment = desk.fragments.CreateCustomSchemaFragment
    R = schema_pb2.CreateCustomSchemaFragmentRequest
    text = schema_pb2.CustomField(name="ok", field_type=T.CUSTOM_FIELD_TYPE_TEXT)
    tenant = T.FRAGMENT_TYPE_TENANT_FRAGMENT
    cases = [
        (R(fragment_type=tenant), "MISSING_REQUIRED_FIELD", "leaf_type"),
        (R(leaf_type="ticket", fragment_type=tenant), "INVALID_ENUM_VALUE", "leaf_type"),
        (R(leaf_type="incident"), "MISSING_REQUIRED_FIELD", "fragment_type"),
        (R(leaf_type="incident", fragment_type=9), "INVALID_ENUM_VALUE", "fragment_type"),
        (R(leaf_type="incident", fragment_type=T.FRAGMENT_TYPE_APP_FRAGMENT), "MISSING_REQUIRED_FIELD", "app"),
        (R(leaf_type="incident", fragment_type=T.FRAGMENT_TYPE_APP_FRAGMENT, app="Bad-App"), "INVALID_FIELD", "app"),
        (R(leaf_type="incident", fragment_type=T.FRAGMENT_TYPE_APP_FRAGMENT, app="tnt"), "INVALID_FIELD", "app"),
        (R(leaf_type="incident", fragment_type=tenant, app="x"), "INVALID_FIELD", "app"),
        (R(leaf_type="incident", fragment_type=T.FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT), "MISSING_REQUIRED_FIELD",
         "subtype"),
        (R(leaf_type="incident", fragment_type=tenant, subtype="x"), "INVALID_FIELD", "subtype"),
        (R(leaf_type="incident", fragment_type=tenant, fields=[schema_pb2.CustomField(field_type=1)]),
         "MISSING_REQUIRED_FIELD", "fields[0].name"),
        (R(leaf_type="incident", fragment_type=tenant, fields=[schema_pb2.CustomField(name="a__b", field_type=1)]),
         "INVALID_FIELD", "fields[0].name"),
        (R(leaf_type="incident", fragment_type=tenant, fields=[text, text]), "INVALID_FIELD", "fields[1].name"),
        (R(leaf_type="incident", fragment_type=tenant, fields=[schema_pb2.CustomField(name="a")]),
         "MISSING_REQUIRED_FIELD", "fields[0].field_type"),
        (R(leaf_type="incident", fragment_type=tenant, fields=[schema_pb2.CustomField(name="a", field_type=77)]),
         "INVALID_ENUM_VALUE", "fields[0].field_type"),
        (R(leaf_type="incident", fragment_type=tenant,
           fields=[schema_pb2.CustomField(name="a", field_type=T.CUSTOM_FIELD_TYPE_ENUM)]),
         "INVALID_FIELD", "fields[0].allowed_values"),
        (R(leaf_type="incident", fragment_type=tenant,
           fields=[schema_pb2.CustomField(name="a", field_type=T.CUSTOM_FIELD_TYPE_INT, allowed_values=["1"])]),
         "INVALID_FIELD", "fields[0].allowed_values"),
    ]
    for request, reason, field in cases:
        got = expect_error(lambda: create_fragment(request), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [field], (request, got.fields)


def test_only_admins_register_fragments(desk):  # type: ignore[no-untyped-def]
    defs, _ = fields(("a", "text"))
    got = expect_error(lambda: desk.as_user().fragment(T.FRAGMENT_TYPE_TENANT_FRAGMENT, defs),
                       grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    assert got.info.metadata["type"] == "forbidden"
    # Reading is open to every caller.
    desk.as_user().fragments.ListCustomSchemaFragments(schema_pb2.ListCustomSchemaFragmentsRequest())
