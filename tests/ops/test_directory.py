"""Directory RPCs: create, get and list users, artifacts, parts, articles, accounts, tags and
sync units; their errors and who may call them."""

from __future__ import annotations

from typing import Any, Callable

import grpc
import pytest

from flowkeeper.ops.v1 import (
    account_pb2,
    article_pb2,
    artifact_pb2,
    part_pb2,
    sync_unit_pb2,
    tag_pb2,
    types_pb2,
    user_pb2,
)
from tests.ops.desk import Desk
from tests.support import expect_error, unique


def test_users_with_display_pictures(desk):  # type: ignore[no-untyped-def]
    picture = desk.artifact(file_name="me.jpg", file_type="image/jpeg", file_size=10)
    user = desk.user(full_name="Ann", email="ann@x.io", display_picture_id=picture.display_id)
    assert user.type == user_pb2.USER_TYPE_DEV_USER and user.state == user_pb2.USER_STATE_ACTIVE
    assert user.display_picture == artifact_pb2.ArtifactSummary(id=picture.id, display_id=picture.display_id,
                                                                file=picture.file)
    assert desk.users.GetUser(user_pb2.GetUserRequest(id=user.display_id)).user == user
    # The picture is a reference, not a parent: the artifact stays attachable.
    assert desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=picture.id)).artifact.parent == ""
    got = expect_error(lambda: desk.user(display_picture_id="ARTIFACT-999999"), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_ID")
    assert got.fields == ["display_picture_id"]
    me = desk.as_user()
    assert me.users.GetSelf(user_pb2.GetSelfRequest()).user.type == user_pb2.USER_TYPE_DEV_USER


def collect(list_page: Callable[[int, str], Any], items: str) -> list[str]:
    seen, token = [], ""
    while True:
        page = list_page(2, token)
        assert len(getattr(page, items)) <= 2
        seen.extend(x.id for x in getattr(page, items))
        token = page.next_page_token
        if not token:
            return seen


LISTS = {
    "users": lambda d: (lambda n, t: d.users.ListUsers(user_pb2.ListUsersRequest(page_size=n, page_token=t)),
                        d.user),
    "artifacts": lambda d: (lambda n, t: d.artifacts.ListArtifacts(
        artifact_pb2.ListArtifactsRequest(page_size=n, page_token=t)), d.artifact),
    "parts": lambda d: (lambda n, t: d.parts.ListParts(part_pb2.ListPartsRequest(page_size=n, page_token=t)), d.part),
    "articles": lambda d: (lambda n, t: d.articles.ListArticles(
        article_pb2.ListArticlesRequest(page_size=n, page_token=t)), d.article),
    "accounts": lambda d: (lambda n, t: d.accounts.ListAccounts(
        account_pb2.ListAccountsRequest(page_size=n, page_token=t)), d.account),
    "tags": lambda d: (lambda n, t: d.tags.ListTags(tag_pb2.ListTagsRequest(page_size=n, page_token=t)), d.tag),
    "sync_units": lambda d: (lambda n, t: d.sync_units.ListSyncUnits(
        sync_unit_pb2.ListSyncUnitsRequest(page_size=n, page_token=t)), d.sync_unit),
}


@pytest.mark.parametrize("kind", list(LISTS))
def test_lists_page_through_everything_once(desk, kind):  # type: ignore[no-untyped-def]
    list_page, create = LISTS[kind](desk)
    made = [create().id for _ in range(3)]
    seen = collect(list_page, kind)
    assert len(seen) == len(set(seen)) and set(made) <= set(seen)
    assert seen == sorted(seen, key=lambda s: int(s.rsplit("/", 1)[1]))  # creation order
    got = expect_error(lambda: list_page(-1, ""), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["page_size"]
    got = expect_error(lambda: list_page(0, "bogus"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    assert got.fields == ["page_token"]
    # A token of another list is not accepted.
    other = "tags" if kind != "tags" else "parts"
    other_page = LISTS[other](desk)[0](1, "")
    if other_page.next_page_token:
        expect_error(lambda: list_page(1, other_page.next_page_token), grpc.StatusCode.INVALID_ARGUMENT,
                     "INVALID_PAGE_TOKEN")


def test_page_size_defaults_and_caps(desk):  # type: ignore[no-untyped-def]
    for _ in range(3):
        desk.account()
    total = len(collect(lambda n, t: desk.accounts.ListAccounts(account_pb2.ListAccountsRequest(page_size=n,
                                                                                                 page_token=t)),
                        "accounts"))
    default = desk.accounts.ListAccounts(account_pb2.ListAccountsRequest()).accounts
    assert len(default) == min(50, total)
    big = desk.accounts.ListAccounts(account_pb2.ListAccountsRequest(page_size=10_000)).accounts
    assert len(big) == min(200, total)


def test_artifacts(desk):  # type: ignore[no-untyped-def]
    made = desk.artifact(file_name="trace.txt", file_type="text/plain", file_size=0)
    assert (made.file.name, made.file.type, made.file.size, made.parent) == ("trace.txt", "text/plain", 0, "")
    assert made.display_id.startswith("ARTIFACT-") and made.id.startswith("don:core:flowkeeper:artifact/")
    assert desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id=made.display_id)).artifact == made
    expect_error(lambda: desk.artifact(file_name=" "), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    got = expect_error(lambda: desk.artifact(file_size=-1), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["file_size"]


def test_parts(desk):  # type: ignore[no-untyped-def]
    owner = desk.user()
    for part_type, prefix in ((types_pb2.PART_TYPE_PRODUCT, "PROD"), (types_pb2.PART_TYPE_CAPABILITY, "CAPL"),
                              (types_pb2.PART_TYPE_FEATURE, "FEAT"), (types_pb2.PART_TYPE_ENHANCEMENT, "ENH")):
        made = desk.part(type=part_type, owned_by=[owner.id], description="d")
        assert made.display_id.startswith(prefix + "-") and made.type == part_type
        assert [u.id for u in made.owned_by] == [owner.id] and made.description == "d"
        assert desk.parts.GetPart(part_pb2.GetPartRequest(id=made.display_id)).part == made
        key = made.id.rsplit("/", 1)[1]
        assert desk.parts.GetPart(part_pb2.GetPartRequest(id=f"PART-{key}")).part == made
    # Without owners, the caller owns the part.
    me = desk.as_user()
    assert [u.display_name for u in me.part().owned_by] == [
        me.users.GetSelf(user_pb2.GetSelfRequest()).user.display_name]
    for fields, reason, field in (({"type": 0}, "MISSING_REQUIRED_FIELD", "type"),
                                  ({"type": 42}, "INVALID_ENUM_VALUE", "type"),
                                  ({"name": ""}, "MISSING_REQUIRED_FIELD", "name"),
                                  ({"owned_by": [owner.id, "DEVU-999999"]}, "INVALID_ID", "owned_by[1]")):
        got = expect_error(lambda: desk.part(**fields), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [field]
    expect_error(lambda: desk.parts.GetPart(part_pb2.GetPartRequest(id="FEAT-999999")), grpc.StatusCode.NOT_FOUND,
                 "PART_NOT_FOUND")


def test_articles(desk):  # type: ignore[no-untyped-def]
    art = desk.artifact()
    made = desk.article(artifacts=[art.id], url="https://docs/x", title="Runbook",
                        sync_metadata=types_pb2.SyncMetadataSummary(origin_system="confluence"))
    assert made.article_type == types_pb2.ARTICLE_TYPE_ARTICLE  # the default
    assert made.resource.url == "https://docs/x" and [a.id for a in made.resource.artifacts] == [art.id]
    assert made.sync_metadata.origin_system == "confluence" and made.display_id.startswith("ART-")
    assert desk.articles.GetArticle(article_pb2.GetArticleRequest(id=made.display_id)).article == made
    for fields, reason, field in (({"title": " "}, "MISSING_REQUIRED_FIELD", "title"),
                                  ({"article_type": 17}, "INVALID_ENUM_VALUE", "article_type"),
                                  ({"artifacts": ["nope"]}, "INVALID_ID", "resource.artifacts[0]")):
        got = expect_error(lambda: desk.article(**fields), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [field]
    expect_error(lambda: desk.articles.GetArticle(article_pb2.GetArticleRequest(id="ART-999999")),
                 grpc.StatusCode.NOT_FOUND, "ARTICLE_NOT_FOUND")


def test_accounts(desk):  # type: ignore[no-untyped-def]
    made = desk.account(display_name="Acme", description="big customer")
    assert (made.display_name, made.description) == ("Acme", "big customer") and made.display_id.startswith("ACC-")
    assert desk.accounts.GetAccount(account_pb2.GetAccountRequest(id=made.display_id)).account == made
    expect_error(lambda: desk.account(display_name=""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: desk.accounts.GetAccount(account_pb2.GetAccountRequest(id="ACC-999999")),
                 grpc.StatusCode.NOT_FOUND, "ACCOUNT_NOT_FOUND")


def test_tags(desk):  # type: ignore[no-untyped-def]
    name = unique("tag")
    made = desk.tag(name=name, style_new=types_pb2.TagStyle(color="#00ff00"), allowed_values=["a", "b"],
                    description="d")
    assert (made.name, made.style_new.color, list(made.allowed_values)) == (name, "#00ff00", ["a", "b"])
    assert desk.tags.GetTag(tag_pb2.GetTagRequest(id=made.display_id)).tag == made
    got = expect_error(lambda: desk.tag(name=name), grpc.StatusCode.ALREADY_EXISTS, "TAG_EXISTS")
    assert got.info.metadata["name"] == name
    for fields, reason, field in (({"name": ""}, "MISSING_REQUIRED_FIELD", "name"),
                                  ({"allowed_values": ["a", ""]}, "INVALID_FIELD", "allowed_values[1]"),
                                  ({"allowed_values": ["a", "a"]}, "INVALID_FIELD", "allowed_values[1]")):
        got = expect_error(lambda: desk.tag(**fields), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [field]
    expect_error(lambda: desk.tags.GetTag(tag_pb2.GetTagRequest(id="TAG-999999")), grpc.StatusCode.NOT_FOUND,
                 "TAG_NOT_FOUND")


def test_sync_units(desk):  # type: ignore[no-untyped-def]
    made = desk.sync_unit(external_system_type=types_pb2.EXTERNAL_SYSTEM_TYPE_GITHUB,
                          sync_run=types_pb2.SyncRunSummary(mode=types_pb2.SYNC_RUN_MODE_SYNC_TO_DEVREV))
    assert made.sync_type == types_pb2.SYNC_UNIT_SYNC_TYPE_MANUAL  # the default
    assert made.sync_run.mode == types_pb2.SYNC_RUN_MODE_SYNC_TO_DEVREV
    assert desk.sync_units.GetSyncUnit(sync_unit_pb2.GetSyncUnitRequest(id=made.display_id)).sync_unit == made
    for fields, reason, field in (({"name": ""}, "MISSING_REQUIRED_FIELD", "name"),
                                  ({"external_system_type": 0}, "MISSING_REQUIRED_FIELD", "external_system_type"),
                                  ({"external_system_type": 99}, "INVALID_ENUM_VALUE", "external_system_type"),
                                  ({"sync_type": 9}, "INVALID_ENUM_VALUE", "sync_type"),
                                  ({"sync_run": types_pb2.SyncRunSummary(
                                      progress=types_pb2.SyncProgressSummary(state=99))},
                                   "INVALID_ENUM_VALUE", "sync_run.progress.state")):
        got = expect_error(lambda: desk.sync_unit(**fields), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == [field]
    expect_error(lambda: desk.sync_units.GetSyncUnit(sync_unit_pb2.GetSyncUnitRequest(id="SYNCUNIT-999999")),
                 grpc.StatusCode.NOT_FOUND, "SYNC_UNIT_NOT_FOUND")


def test_malformed_ids_on_get(desk):  # type: ignore[no-untyped-def]
    for call in (lambda: desk.artifacts.GetArtifact(artifact_pb2.GetArtifactRequest(id="x")),
                 lambda: desk.parts.GetPart(part_pb2.GetPartRequest(id="x")),
                 lambda: desk.articles.GetArticle(article_pb2.GetArticleRequest(id="x")),
                 lambda: desk.accounts.GetAccount(account_pb2.GetAccountRequest(id="x")),
                 lambda: desk.tags.GetTag(tag_pb2.GetTagRequest(id="x")),
                 lambda: desk.sync_units.GetSyncUnit(sync_unit_pb2.GetSyncUnitRequest(id="x")),
                 lambda: desk.users.GetUser(user_pb2.GetUserRequest(id="x"))):
        got = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
        assert got.fields == ["id"] and got.info.metadata["subtype"] == "invalid_id"


def test_who_may_create(desk):  # type: ignore[no-untyped-def]
    member: Desk = desk.as_user()
    for call in (lambda: member.user(), lambda: member.sync_unit()):
        got = expect_error(call, grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
        assert got.info.metadata["type"] == "forbidden"
    # Everything else any authenticated caller may create, and everyone may read.
    member.artifact()
    member.part()
    member.article()
    member.account()
    member.tag()
    member.users.ListUsers(user_pb2.ListUsersRequest())
    member.sync_units.ListSyncUnits(sync_unit_pb2.ListSyncUnitsRequest())


def test_directory_rpcs_need_a_token(server):  # type: ignore[no-untyped-def]
    anonymous = Desk(server, server.api(token=None))
    for call in (lambda: anonymous.artifact(), lambda: anonymous.part(), lambda: anonymous.article(),
                 lambda: anonymous.account(), lambda: anonymous.tag(), lambda: anonymous.sync_unit(),
                 lambda: anonymous.users.ListUsers(user_pb2.ListUsersRequest())):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
