"""Builders for the incident desk tests: every object gets unique data, so tests sharing the
session server never see each other's rows. Also what several desk tests share: timestamps, a
timeline entry's changes, the stage diagram, a Scope of incidents for list filters, and custom
fields (fragments with unique field names, and the errors their validation gives)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import grpc
from google.protobuf import json_format, struct_pb2, timestamp_pb2

from flowkeeper.ops.v1 import (
    account_pb2,
    account_pb2_grpc,
    article_pb2,
    article_pb2_grpc,
    artifact_pb2,
    artifact_pb2_grpc,
    incident_pb2,
    incident_pb2_grpc,
    part_pb2,
    part_pb2_grpc,
    schema_pb2,
    schema_pb2_grpc,
    sync_unit_pb2,
    sync_unit_pb2_grpc,
    tag_pb2,
    tag_pb2_grpc,
    types_pb2,
    user_pb2,
    user_pb2_grpc,
)
from tests.support import Api, ServerHandle, expect_error, unique


def struct(values: dict[str, Any]) -> struct_pb2.Struct:
    result = struct_pb2.Struct()
    result.update(values)
    return result


class Desk:
    """Stubs of every ops service on one identity, plus builders of directory objects."""

    def __init__(self, server: ServerHandle, api: Api) -> None:
        self.server = server
        self.api = api
        self.users = api.stub(user_pb2_grpc.UserServiceStub)
        self.artifacts = api.stub(artifact_pb2_grpc.ArtifactServiceStub)
        self.parts = api.stub(part_pb2_grpc.PartServiceStub)
        self.articles = api.stub(article_pb2_grpc.ArticleServiceStub)
        self.accounts = api.stub(account_pb2_grpc.AccountServiceStub)
        self.tags = api.stub(tag_pb2_grpc.TagServiceStub)
        self.sync_units = api.stub(sync_unit_pb2_grpc.SyncUnitServiceStub)
        self.fragments = api.stub(schema_pb2_grpc.CustomSchemaFragmentServiceStub)
        self.incidents = api.stub(incident_pb2_grpc.IncidentServiceStub)

    def as_user(self, name: str | None = None, *, admin: bool = False) -> "Desk":
        """The same stubs for another (non-admin by default) identity."""
        return Desk(self.server, self.server.api(self.server.token(name, admin=admin)))

    # -- directory builders ------------------------------------------------------------------

    def user(self, **fields: Any) -> user_pb2.User:
        fields.setdefault("display_name", unique("user"))
        return self.users.CreateUser(user_pb2.CreateUserRequest(**fields)).user

    def artifact(self, **fields: Any) -> artifact_pb2.Artifact:
        fields.setdefault("file_name", unique("file") + ".log")
        fields.setdefault("file_type", "text/plain")
        fields.setdefault("file_size", 1234)
        return self.artifacts.CreateArtifact(artifact_pb2.CreateArtifactRequest(**fields)).artifact

    def part(self, **fields: Any) -> part_pb2.Part:
        fields.setdefault("name", unique("part"))
        fields.setdefault("type", types_pb2.PART_TYPE_PRODUCT)
        return self.parts.CreatePart(part_pb2.CreatePartRequest(**fields)).part

    def article(self, artifacts: list[str] = (), url: str = "", **fields: Any) -> article_pb2.Article:  # type: ignore[assignment]
        fields.setdefault("title", unique("article"))
        request = article_pb2.CreateArticleRequest(
            resource=article_pb2.ArticleResourceInput(artifacts=list(artifacts), url=url), **fields)
        return self.articles.CreateArticle(request).article

    def account(self, **fields: Any) -> account_pb2.Account:
        fields.setdefault("display_name", unique("account"))
        return self.accounts.CreateAccount(account_pb2.CreateAccountRequest(**fields)).account

    def tag(self, **fields: Any) -> tag_pb2.Tag:
        fields.setdefault("name", unique("tag"))
        return self.tags.CreateTag(tag_pb2.CreateTagRequest(**fields)).tag

    def sync_unit(self, **fields: Any) -> sync_unit_pb2.SyncUnit:
        fields.setdefault("name", unique("sync"))
        fields.setdefault("external_system_type", types_pb2.EXTERNAL_SYSTEM_TYPE_JIRA)
        return self.sync_units.CreateSyncUnit(sync_unit_pb2.CreateSyncUnitRequest(**fields)).sync_unit

    def fragment(self, fragment_type: int, fields: list[schema_pb2.CustomField], **extra: Any
                 ) -> schema_pb2.CustomSchemaFragment:
        request = schema_pb2.CreateCustomSchemaFragmentRequest(leaf_type="incident", fragment_type=fragment_type,
                                                               fields=fields, **extra)
        return self.fragments.CreateCustomSchemaFragment(request).fragment

    # -- incidents ---------------------------------------------------------------------------

    def incident(self, **fields: Any) -> incident_pb2.Incident:
        fields.setdefault("title", unique("incident"))
        return self.incidents.CreateIncident(incident_pb2.CreateIncidentRequest(**fields)).incident

    def get(self, incident_id: str) -> incident_pb2.Incident:
        return self.incidents.GetIncident(incident_pb2.GetIncidentRequest(id=incident_id)).incident

    def update(self, incident_id: str, **fields: Any) -> incident_pb2.Incident:
        return self.incidents.UpdateIncident(incident_pb2.UpdateIncidentRequest(id=incident_id, **fields)).incident

    def list(self, **fields: Any) -> incident_pb2.ListIncidentsResponse:
        return self.incidents.ListIncidents(incident_pb2.ListIncidentsRequest(**fields))

    def list_ids(self, **fields: Any) -> list[str]:
        return [i.id for i in self.list(limit=100, **fields).incidents]

    def timeline(self, incident_id: str, **fields: Any) -> list[incident_pb2.IncidentTimelineEntry]:
        entries: list[incident_pb2.IncidentTimelineEntry] = []
        token = ""
        while True:
            page = self.incidents.ListIncidentTimeline(
                incident_pb2.ListIncidentTimelineRequest(incident_id=incident_id, page_token=token, **fields))
            entries.extend(page.entries)
            token = page.next_page_token
            if not token:
                return entries


# -- expected summaries, built from what the directory returned -------------------------------


def user_summary(user: user_pb2.User) -> types_pb2.UserSummary:
    return types_pb2.UserSummary(
        type=user_pb2.USER_TYPE_DEV_USER, id=user.id, display_id=user.display_id, display_name=user.display_name,
        display_picture=user.display_picture if user.HasField("display_picture") else None, email=user.email,
        full_name=user.full_name, state=user.state,
    )


def artifact_summary(artifact: artifact_pb2.Artifact) -> artifact_pb2.ArtifactSummary:
    return artifact_pb2.ArtifactSummary(id=artifact.id, display_id=artifact.display_id, file=artifact.file)


def part_summary(part: part_pb2.Part) -> types_pb2.PartSummary:
    return types_pb2.PartSummary(type=part.type, id=part.id, display_id=part.display_id, name=part.name,
                                 owned_by=part.owned_by,
                                 sync_metadata=part.sync_metadata if part.HasField("sync_metadata") else None)


def article_summary(article: article_pb2.Article) -> types_pb2.ArticleSummary:
    return types_pb2.ArticleSummary(
        id=article.id, display_id=article.display_id, article_type=article.article_type, resource=article.resource,
        sync_metadata=article.sync_metadata if article.HasField("sync_metadata") else None, title=article.title)


def account_summary(account: account_pb2.Account) -> types_pb2.AccountSummary:
    return types_pb2.AccountSummary(id=account.id, display_id=account.display_id, display_name=account.display_name)


def tag_summary(tag: tag_pb2.Tag) -> types_pb2.TagSummary:
    return types_pb2.TagSummary(id=tag.id, display_id=tag.display_id, name=tag.name,
                                style_new=tag.style_new if tag.HasField("style_new") else None)


def sync_unit_summary(unit: sync_unit_pb2.SyncUnit) -> types_pb2.SyncUnitSummary:
    return types_pb2.SyncUnitSummary(
        id=unit.id, display_id=unit.display_id, name=unit.name, is_archived=unit.is_archived,
        external_system_type=unit.external_system_type, sync_type=unit.sync_type,
        sync_run=unit.sync_run if unit.HasField("sync_run") else None,
        external_sync_unit_name=unit.external_sync_unit_name, external_system_id=unit.external_system_id,
        external_system_name=unit.external_system_name)


# -- what several incident tests share --------------------------------------------------------


def ts(value: datetime) -> timestamp_pb2.Timestamp:
    result = timestamp_pb2.Timestamp()
    result.FromDatetime(value)
    return result


def changes(entry: incident_pb2.IncidentTimelineEntry) -> dict[str, tuple[object, object]]:
    return {c.field: (json_format.MessageToDict(c.old_value), json_format.MessageToDict(c.new_value))
            for c in entry.changes}


ALLOW_NON_START = incident_pb2.STAGE_VALIDATION_OPTION_FOR_CREATE_ALLOW_NON_START


DIAGRAM = {
    "triage": ("open", False, ["acknowledged", "canceled", "duplicate"]),
    "acknowledged": ("in_progress", False, ["fixing", "mitigated", "canceled", "duplicate"]),
    "fixing": ("in_progress", False, ["mitigated", "resolved"]),
    "mitigated": ("in_progress", False, ["fixing", "resolved"]),
    "resolved": ("closed", True, ["fixing"]),
    "canceled": ("closed", True, ["triage"]),
    "duplicate": ("closed", True, ["triage"]),
}


class Scope:
    """Incidents of one test: all apply to a part of their own, which every query filters on."""

    def __init__(self, desk) -> None:  # type: ignore[no-untyped-def]
        self.desk = desk
        self.part = desk.part()

    def incident(self, *, parts=(), **fields):  # type: ignore[no-untyped-def]
        return self.desk.incident(applies_to_parts=[self.part.id, *parts], **fields)

    def ids(self, **filters) -> set[str]:  # type: ignore[no-untyped-def]
        filters["applies_to_parts"] = [self.part.id, *filters.get("applies_to_parts", [])]
        return set(self.desk.list_ids(**filters))

    def ordered(self, **request) -> list[str]:  # type: ignore[no-untyped-def]
        return [i.id for i in self.desk.list(applies_to_parts=[self.part.id], limit=100, **request).incidents]


# -- custom fields ----------------------------------------------------------------------------


TYPES = {
    "text": schema_pb2.CUSTOM_FIELD_TYPE_TEXT, "tokens": schema_pb2.CUSTOM_FIELD_TYPE_TOKENS,
    "int": schema_pb2.CUSTOM_FIELD_TYPE_INT, "double": schema_pb2.CUSTOM_FIELD_TYPE_DOUBLE,
    "bool": schema_pb2.CUSTOM_FIELD_TYPE_BOOL, "timestamp": schema_pb2.CUSTOM_FIELD_TYPE_TIMESTAMP,
    "date": schema_pb2.CUSTOM_FIELD_TYPE_DATE, "enum": schema_pb2.CUSTOM_FIELD_TYPE_ENUM,
    "id": schema_pb2.CUSTOM_FIELD_TYPE_ID,
}


def name() -> str:
    return unique("f").replace("-", "_")


def fields(*specs: tuple[Any, ...]) -> tuple[list[schema_pb2.CustomField], dict[str, str]]:
    """(label, type[, extra]) -> CustomFields with unique names, and label -> field name."""
    result, names = [], {}
    for spec in specs:
        label, kind = spec[0], spec[1]
        extra = spec[2] if len(spec) > 2 else {}
        names[label] = name()
        if kind == "enum":
            extra.setdefault("allowed_values", ["low", "high"])
        result.append(schema_pb2.CustomField(name=names[label], field_type=TYPES[kind], **extra))
    return result, names


def tenant_fields(desk: Desk, *specs: tuple[Any, ...]) -> dict[str, str]:
    """Registers a new tenant fragment version; label -> custom field key."""
    defs, names = fields(*specs)
    desk.fragment(schema_pb2.FRAGMENT_TYPE_TENANT_FRAGMENT, defs)
    return {label: f"tnt__{n}" for label, n in names.items()}


TENANT = incident_pb2.CustomSchemaSpec(tenant_fragment=True)


def custom_error(call, reason: str, field: str, validation_subtype: str):  # type: ignore[no-untyped-def]
    got = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert got.fields == [field], got.fields
    assert got.info.metadata["type"] == "bad_request"
    assert got.info.metadata["subtype"] == "customization_validation_error"
    assert got.info.metadata["validation_subtype"] == validation_subtype
    assert got.info.metadata["field_name"] == field
    return got
