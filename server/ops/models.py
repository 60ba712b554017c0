"""Rows of the incident desk: incidents with their links and timeline, the stage diagram, and the
directory objects incidents reference (artifacts, parts, articles, accounts, tags, sync units,
custom schema fragments). Users live in the identity context."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, JsonDocument, UtcDateTime

# JsonDocument whose None is SQL NULL (not the JSON text 'null'): unset documents cost nothing to read.
OptionalJson = JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


class Artifact(Base):
    """A file's description. Its parent is at most one incident or one article."""

    __tablename__ = "artifacts"
    __table_args__ = (CheckConstraint("incident_id IS NULL OR article_id IS NULL", name="one_parent"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(512))
    file_type: Mapped[str] = mapped_column(String(255), default="")
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(400))
    description: Mapped[str] = mapped_column(Text, default="")
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)


class Part(Base):
    __tablename__ = "parts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(400))
    description: Mapped[str] = mapped_column(Text, default="")
    external_reference: Mapped[str] = mapped_column(String(2000), default="")
    origin_system: Mapped[str] = mapped_column(String(200), default="")
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)


class PartOwner(Base):
    __tablename__ = "part_owners"

    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(512))
    article_type: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000), default="")
    external_reference: Mapped[str] = mapped_column(String(2000), default="")
    origin_system: Mapped[str] = mapped_column(String(200), default="")
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str] = mapped_column(String(40), default="")
    # None: any value; else the permitted values.
    allowed_values: Mapped[list[str] | None] = mapped_column(OptionalJson)
    description: Mapped[str] = mapped_column(Text, default="")
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)


class SyncUnit(Base):
    __tablename__ = "sync_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(400))
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)
    external_system_type: Mapped[str] = mapped_column(String(40))
    sync_type: Mapped[str] = mapped_column(String(20))
    sync_run_mode: Mapped[str | None] = mapped_column(String(40))
    sync_progress_state: Mapped[str | None] = mapped_column(String(60))
    external_sync_unit_name: Mapped[str] = mapped_column(String(400), default="")
    external_system_id: Mapped[str] = mapped_column(String(400), default="")
    external_system_name: Mapped[str] = mapped_column(String(400), default="")
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)


class CustomSchemaFragment(Base):
    """One version of a fragment; the current version of a target has deprecated = false."""

    __tablename__ = "custom_schema_fragments"
    __table_args__ = (
        # One current version per target (leaf type + fragment type + app/subtype).
        Index(
            "uq_custom_schema_fragments_current",
            "target",
            unique=True,
            sqlite_where=text("deprecated = 0"),
            postgresql_where=text("deprecated = false"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    leaf_type: Mapped[str] = mapped_column(String(40))
    fragment_type: Mapped[str] = mapped_column(String(40))
    app: Mapped[str | None] = mapped_column(String(100))
    subtype: Mapped[str | None] = mapped_column(String(100))
    # e.g. "incident/tenant_fragment", "incident/app_fragment/pagerduty".
    target: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # [{name, field_type, is_list, is_required, description, allowed_values}]
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument)
    deprecated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)


# -- the stage diagram (seeded by the ops_0001 migration) ----------------------------------


class CustomState(Base):
    __tablename__ = "custom_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    is_final: Mapped[bool] = mapped_column(Boolean)
    ordinal: Mapped[int] = mapped_column(Integer)


class StageDiagram(Base):
    __tablename__ = "stage_diagrams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    leaf_type: Mapped[str] = mapped_column(String(40))
    is_default: Mapped[bool] = mapped_column(Boolean)


class CustomStage(Base):
    __tablename__ = "custom_stages"
    __table_args__ = (UniqueConstraint("diagram_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    diagram_id: Mapped[int] = mapped_column(ForeignKey("stage_diagrams.id"))
    name: Mapped[str] = mapped_column(String(100))
    state_id: Mapped[int] = mapped_column(ForeignKey("custom_states.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    is_start: Mapped[bool] = mapped_column(Boolean, default=False)


class StageTransition(Base):
    __tablename__ = "stage_transitions"

    from_stage_id: Mapped[int] = mapped_column(ForeignKey("custom_stages.id"), primary_key=True)
    to_stage_id: Mapped[int] = mapped_column(ForeignKey("custom_stages.id"), primary_key=True)


# -- incidents -------------------------------------------------------------------------------


# Date columns of an incident that stay unset for most incidents (ListIncidents sort keys).
SPARSE_DATE_COLUMNS = ("target_close_date", "actual_close_date", "identified_date", "acknowledged_date",
                       "mitigated_date")


def _set_values_index(name: str, column: str, *more: str) -> Index:
    """An index over the rows where ``column`` is set."""
    condition = text(f"{column} IS NOT NULL")
    return Index(name, column, *more, sqlite_where=condition, postgresql_where=condition)


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        # Idempotent create: one incident per (caller, request_id).
        UniqueConstraint("created_by_id", "request_id"),
        # Every ListIncidents sort key, with the id as tiebreaker.
        Index("ix_incidents_created_date_id", "created_date", "id"),
        Index("ix_incidents_modified_date_id", "modified_date", "id"),
        Index("ix_incidents_title_id", "title", "id"),
        Index("ix_incidents_severity_id", "severity", "id"),
        Index("ix_incidents_reported_by_id", "reported_by", "id"),
        # Columns most incidents leave unset are indexed over their set values only (ops_0002):
        # an insert then writes no page of those indexes. ListIncidents reads such a sort order
        # in two steps, set values through the index, then the unset rows (server/ops/query.py).
        *(_set_values_index(f"ix_incidents_{column}_id", column, "id") for column in SPARSE_DATE_COLUMNS),
        _set_values_index("ix_incidents_source", "source"),
        _set_values_index("ix_incidents_subtype", "subtype"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(512))
    body: Mapped[str] = mapped_column(Text, default="")
    stage_id: Mapped[int] = mapped_column(ForeignKey("custom_stages.id"), index=True)
    severity: Mapped[int | None] = mapped_column(Integer)
    reported_by: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[int | None] = mapped_column(Integer)
    impact_count: Mapped[int | None] = mapped_column(Integer)
    identified_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    mitigated_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    target_close_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    actual_close_date: Mapped[datetime | None] = mapped_column(UtcDateTime)
    subtype: Mapped[str | None] = mapped_column(String(100))
    custom_fields: Mapped[dict[str, Any] | None] = mapped_column(OptionalJson)
    # DONs of the custom schema fragments applied.
    custom_schema_fragments: Mapped[list[str] | None] = mapped_column(OptionalJson)
    staged_info: Mapped[dict[str, Any] | None] = mapped_column(OptionalJson)
    # {external_record_id, …, last_sync_in: {status, sync_date, sync_history, sync_unit: <row id>}}
    sync_metadata: Mapped[dict[str, Any] | None] = mapped_column(OptionalJson)
    # {created_date, modified_date, closed_date} as RFC 3339 strings.
    external_source_data: Mapped[dict[str, Any] | None] = mapped_column(OptionalJson)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)
    modified_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    modified_date: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    request_id: Mapped[str | None] = mapped_column(String(128))
    deleted_date: Mapped[datetime | None] = mapped_column(UtcDateTime)


# An incident's link tables: on SQLite the primary key is the table (ops_0003), no rowid b-tree.
_LINK_TABLE = {"sqlite_with_rowid": False}


class IncidentOwner(Base):
    __tablename__ = "incident_owners"
    __table_args__ = (Index("ix_incident_owners_user_id_incident_id", "user_id", "incident_id"), _LINK_TABLE)

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class IncidentPart(Base):
    __tablename__ = "incident_parts"
    __table_args__ = (Index("ix_incident_parts_part_id_incident_id", "part_id", "incident_id"), _LINK_TABLE)

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("parts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class IncidentArticle(Base):
    """An article an incident points to, in one role: pia, playbook or related_doc."""

    __tablename__ = "incident_articles"
    __table_args__ = (Index("ix_incident_articles_article_id_role", "article_id", "role", "incident_id"), _LINK_TABLE)

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class IncidentCustomer(Base):
    __tablename__ = "incident_customers"
    __table_args__ = (Index("ix_incident_customers_account_id_incident_id", "account_id", "incident_id"), _LINK_TABLE)

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class IncidentTag(Base):
    __tablename__ = "incident_tags"
    __table_args__ = (Index("ix_incident_tags_tag_id_incident_id", "tag_id", "incident_id"), _LINK_TABLE)

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), primary_key=True)
    value: Mapped[str] = mapped_column(String(400), default="")
    position: Mapped[int] = mapped_column(Integer)


class IncidentTimelineEntry(Base):
    __tablename__ = "incident_timeline"
    __table_args__ = (Index("ix_incident_timeline_incident_id_id", "incident_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_date: Mapped[datetime] = mapped_column(UtcDateTime)
    incident_version: Mapped[int] = mapped_column(Integer)
    # [{field, old, new}]
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JsonDocument)
    notes: Mapped[str] = mapped_column(Text, default="")
