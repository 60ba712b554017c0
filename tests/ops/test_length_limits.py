"""Text longer than the column it is stored in: every request field of the desk and the
identity that lands in a String(n) column is refused with INVALID_FIELD (field name, limit in
the message and in metadata `max_length`) on both databases, where PostgreSQL would otherwise
fail the statement (INTERNAL) and SQLite keep the value. A value at the limit is stored, also
in four-byte characters that do not compress: the indexed columns stay within PostgreSQL's
b-tree entry size then."""

from __future__ import annotations

import random
from typing import Any, Callable

import grpc
import pytest

from flowkeeper.ops.v1 import (
    incident_pb2,
    schema_pb2,
    types_pb2,
)
from tests.conftest import BACKENDS, database_url
from tests.ops.desk import Desk, struct
from tests.platform.served import run_cli
from tests.support import expect_error, unique

INVALID = grpc.StatusCode.INVALID_ARGUMENT
_RANDOM = random.Random(20240501)


def wide(length: int, prefix: str = "") -> str:
    """``length`` characters: ``prefix`` then random four-byte (CJK Extension B) characters,
    which UTF-8 spends the most bytes on and which do not compress."""
    return prefix + "".join(chr(_RANDOM.randrange(0x20000, 0x2A6D0)) for _ in range(length - len(prefix)))


def name(length: int, prefix: str = "n") -> str:
    """``length`` characters of a lower-case name (`[a-z][a-z0-9_]*`), unique per call."""
    head = f"{prefix}{unique('')[1:]}".replace("-", "")
    return (head + "x" * length)[:length]


def too_long(call: Callable[[], Any], field: str, limit: int) -> None:
    got = expect_error(call, INVALID, "INVALID_FIELD")
    assert got.fields == [field], got.fields
    assert got.info.metadata["field_name"] == field
    assert got.info.metadata["max_length"] == str(limit)
    assert f"at most {limit} characters" in got.message, got.message


# -- the directory ---------------------------------------------------------------------------

# (case id, builder of the create call from one field's value, field name, column limit, value
# at the limit). Names of unique columns carry a unique prefix.
DIRECTORY = [
    ("user.display_name", lambda d, v: d.user(display_name=v), "display_name", 200, lambda: wide(200, unique("u"))),
    ("user.full_name", lambda d, v: d.user(full_name=v), "full_name", 400, lambda: wide(400)),
    ("user.email", lambda d, v: d.user(email=v), "email", 320, lambda: wide(320)),
    ("artifact.file_name", lambda d, v: d.artifact(file_name=v), "file_name", 512, lambda: wide(512)),
    ("artifact.file_type", lambda d, v: d.artifact(file_type=v), "file_type", 255, lambda: wide(255)),
    ("part.name", lambda d, v: d.part(name=v), "name", 400, lambda: wide(400)),
    ("part.external_reference",
     lambda d, v: d.part(sync_metadata=types_pb2.SyncMetadataSummary(external_reference=v)),
     "sync_metadata.external_reference", 2000, lambda: wide(2000)),
    ("part.origin_system", lambda d, v: d.part(sync_metadata=types_pb2.SyncMetadataSummary(origin_system=v)),
     "sync_metadata.origin_system", 200, lambda: wide(200)),
    ("article.title", lambda d, v: d.article(title=v), "title", 512, lambda: wide(512)),
    ("article.url", lambda d, v: d.article(url=v), "resource.url", 2000, lambda: wide(2000)),
    ("article.external_reference",
     lambda d, v: d.article(sync_metadata=types_pb2.SyncMetadataSummary(external_reference=v)),
     "sync_metadata.external_reference", 2000, lambda: wide(2000)),
    ("article.origin_system", lambda d, v: d.article(sync_metadata=types_pb2.SyncMetadataSummary(origin_system=v)),
     "sync_metadata.origin_system", 200, lambda: wide(200)),
    ("account.display_name", lambda d, v: d.account(display_name=v), "display_name", 400, lambda: wide(400)),
    ("tag.name", lambda d, v: d.tag(name=v), "name", 200, lambda: wide(200, unique("t"))),
    ("tag.color", lambda d, v: d.tag(style_new=types_pb2.TagStyle(color=v)), "style_new.color", 40,
     lambda: wide(40)),
    # Allowed values are what a tag's value may be, so they share its limit.
    ("tag.allowed_values", lambda d, v: d.tag(allowed_values=["ok", v]), "allowed_values[1]", 400,
     lambda: wide(400)),
    ("sync_unit.name", lambda d, v: d.sync_unit(name=v), "name", 400, lambda: wide(400)),
    ("sync_unit.external_sync_unit_name", lambda d, v: d.sync_unit(external_sync_unit_name=v),
     "external_sync_unit_name", 400, lambda: wide(400)),
    ("sync_unit.external_system_id", lambda d, v: d.sync_unit(external_system_id=v), "external_system_id", 400,
     lambda: wide(400)),
    ("sync_unit.external_system_name", lambda d, v: d.sync_unit(external_system_name=v), "external_system_name",
     400, lambda: wide(400)),
]


@pytest.mark.parametrize("build, field, limit, at_limit", [c[1:] for c in DIRECTORY], ids=[c[0] for c in DIRECTORY])
def test_directory_text_longer_than_its_column_is_invalid(desk: Desk, build, field, limit, at_limit):  # type: ignore[no-untyped-def]
    too_long(lambda: build(desk, wide(limit + 1, unique("x"))), field, limit)
    build(desk, at_limit())


def test_directory_values_read_back_whole_at_the_limit(desk: Desk):  # type: ignore[no-untyped-def]
    display_name, full_name = wide(200, unique("u")), wide(400)
    user = desk.user(display_name=display_name, full_name=full_name)
    assert (user.display_name, user.full_name) == (display_name, full_name)
    tag_name = wide(200, unique("t"))
    assert desk.tag(name=tag_name).name == tag_name
    reference = wide(2000)
    part = desk.part(sync_metadata=types_pb2.SyncMetadataSummary(external_reference=reference))
    assert part.sync_metadata.external_reference == reference


def test_the_limit_counts_the_trimmed_name(desk: Desk):  # type: ignore[no-untyped-def]
    """Names are stored trimmed; surrounding blanks do not count."""
    value = wide(400)
    assert desk.account(display_name=f"  {value}  ").display_name == value
    assert desk.part(name=f"\t{value} ").name == value


def test_a_repeated_user_name_over_the_limit_is_invalid_not_a_conflict(desk: Desk):  # type: ignore[no-untyped-def]
    """The length is checked before the name is looked up."""
    too_long(lambda: desk.user(display_name="admin" + "x" * 200), "display_name", 200)


# -- custom schema fragments -----------------------------------------------------------------

_TEXT = [schema_pb2.CustomField(name="note", field_type=schema_pb2.CUSTOM_FIELD_TYPE_TEXT)]


@pytest.mark.parametrize("fragment_type, field", [
    (schema_pb2.FRAGMENT_TYPE_APP_FRAGMENT, "app"),
    (schema_pb2.FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT, "subtype"),
])
def test_fragment_app_and_subtype_longer_than_their_column_are_invalid(desk: Desk, fragment_type, field):  # type: ignore[no-untyped-def]
    too_long(lambda: desk.fragment(fragment_type, _TEXT, **{field: name(101, field[0])}), field, 100)
    qualifier = name(100, field[0])
    made = desk.fragment(fragment_type, _TEXT, **{field: qualifier})
    assert getattr(made, field) == qualifier


def test_an_incident_takes_a_subtype_at_the_limit(desk: Desk):  # type: ignore[no-untyped-def]
    subtype = name(100, "s")
    desk.fragment(schema_pb2.FRAGMENT_TYPE_CUSTOM_TYPE_FRAGMENT, _TEXT, subtype=subtype)
    made = desk.incident(custom_schema_spec=incident_pb2.CustomSchemaSpec(subtype=subtype),
                         custom_fields=struct({"ctype__note": wide(3000)}))
    assert made.subtype == subtype
    assert desk.list_ids(subtype=[subtype]) == [made.id]


# -- incidents -------------------------------------------------------------------------------


def test_incident_title_over_512_characters_is_invalid(desk: Desk):  # type: ignore[no-untyped-def]
    too_long(lambda: desk.incident(title=wide(513)), "title", 512)
    made = desk.incident(title=wide(512))
    too_long(lambda: desk.update(made.id, title=wide(513)), "title", 512)


def test_incident_title_at_512_four_byte_characters_fits_the_title_index(desk: Desk):  # type: ignore[no-untyped-def]
    """ix_incidents_title_id holds the title: 2,048 bytes and the id stay within a b-tree entry."""
    title = wide(512)
    made = desk.incident(title=title)
    assert made.title == title
    updated = desk.update(made.id, title=wide(512))
    assert desk.get(made.id).title == updated.title


def test_incident_request_id_over_128_characters_is_invalid(desk: Desk):  # type: ignore[no-untyped-def]
    too_long(lambda: desk.incident(request_id=wide(129)), "request_id", 128)
    request_id = wide(128, unique("r"))
    first = desk.incident(request_id=request_id)
    assert desk.incident(request_id=request_id).id == first.id


def test_incident_tag_value_over_400_characters_is_invalid(desk: Desk):  # type: ignore[no-untyped-def]
    tag = desk.tag()
    too_long(lambda: desk.incident(tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value=wide(401))]),
             "tags[0].value", 400)
    made = desk.incident(tags=[incident_pb2.TagWithValueInput(tag_id=tag.id, value=wide(400))])
    too_long(lambda: desk.update(made.id, tags=incident_pb2.TagSet(
        set=[incident_pb2.TagWithValueInput(tag_id=tag.id, value=wide(401))])), "tags.set[0].value", 400)


def test_incident_text_in_documents_and_the_timeline_has_no_column_limit(desk: Desk):  # type: ignore[no-untyped-def]
    """Body, stage notes and sync_metadata are Text or JSON without an index: long values are kept."""
    long = wide(5000)
    made = desk.incident(body=long, sync_metadata=incident_pb2.SyncMetadataInput(
        external_reference=long, external_record_id=long, origin_system=long))
    assert made.body == long and made.sync_metadata.external_reference == long
    desk.update(made.id, stage=incident_pb2.StageInput(stage="acknowledged", notes=long))
    assert desk.timeline(made.id)[-1].notes == long


def test_filters_longer_than_any_stored_value_find_nothing(desk: Desk):  # type: ignore[no-untyped-def]
    """Filters compare and never store: a value no column could hold matches no incident."""
    part = desk.part()
    desk.incident(applies_to_parts=[part.id])
    long = wide(3000)
    for request in (dict(title=[long]), dict(subtype=[long]),
                    dict(sync_metadata=incident_pb2.SyncMetadataFilter(external_reference=[long], origin_system=[long]))):
        assert desk.list_ids(applies_to_parts=[part.id], **request) == [], request


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_token_create_refuses_an_overlong_user_name_without_a_traceback(backend, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    url = database_url(backend, request, tmp_path_factory)
    refused = run_cli("token", "create", "--user", "x" * 201, "--database-url", url)
    assert refused.returncode == 2, refused.stderr
    assert refused.stdout == ""
    assert "Traceback" not in refused.stderr
    assert refused.stderr.strip().endswith("error: --user: at most 200 characters (got 201)"), refused.stderr
    blank = run_cli("token", "create", "--user", "  ", "--database-url", url)
    assert blank.returncode == 2 and "argument --user: must not be empty" in blank.stderr, blank.stderr
    made = run_cli("token", "create", "--user", wide(200), "--database-url", url)
    assert made.returncode == 0 and made.stdout.startswith("fk_"), made.stderr
