"""Operational incidents: create, read, update (stage moves included), delete, and the
timeline that records every change in the same transaction.

These are plain domain functions over a session (``tx``), a clock and the acting user's id, so
other contexts (the engine) create incidents and move them to ``mitigated`` without gRPC:

    create_incident(tx, clock, actor_user_id, NewIncident(title=..., severity=1, owned_by=[...]))
    move_to_stage(tx, clock, actor_user_id, incident_id, "mitigated", notes="engine incident resolved")
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import bindparam, delete, insert, literal_column, select, union_all, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import take_turns_on
from server.errors import (
    Aborted,
    AlreadyExists,
    FieldViolation,
    InvalidArgument,
    NotFound,
    check_length,
    invalid_enum_value,
    invalid_field,
    invalid_id,
    missing_required_field,
)
from server.fastsql import Prepared
from server.ids import MAX_KEY, storable
from server.ops import ids
from server.ops.directory import attach_artifacts, resolve_free_artifacts
from server.ops.models import (
    Artifact,
    Incident,
    IncidentArticle,
    IncidentCustomer,
    IncidentOwner,
    IncidentPart,
    IncidentTag,
    IncidentTimelineEntry,
)
from server.ops.refs import References, run
from server.ops.schema import CustomState, SchemaSpec, apply_custom_fields
from server.ops.stages import Diagram, Stage, incident_diagram

# Enumerated fields: id -> label. The ordinal of a value is its id.
SEVERITY = {1: "sev0", 2: "sev1", 3: "sev2", 4: "sev3"}
REPORTED_BY = {1: "customer", 2: "internal users", 3: "system"}
SOURCE = {1: "manual", 2: "alerting", 3: "process engine"}
IMPACT_COUNT = {1: "1-10", 2: "11-100", 3: "101-1000", 4: "more than 1000"}
ENUMS = {"severity": SEVERITY, "reported_by": REPORTED_BY, "source": SOURCE, "impact_count": IMPACT_COUNT}

SYNC_IN_STATUSES = ("failed", "modified", "staged", "succeeded")
SYNC_OUT_STATUSES = ("failed", "modified", "succeeded")

DATE_FIELDS = ("identified_date", "acknowledged_date", "mitigated_date", "target_close_date")
# The optional scalars UpdateIncident can unset (its clear_fields), by request name -> attribute.
CLEARABLE = {**{name: name for name in DATE_FIELDS}, "severity": "severity", "reported_by": "reported_by",
             "source": "source", "impact.count": "impact_count"}
# Incident fields that are lists of references: field -> (reference kind, link table, link column).
LIST_FIELDS: dict[str, tuple[str, Any, Any]] = {
    "owned_by": ("user", IncidentOwner, IncidentOwner.user_id),
    "applies_to_parts": ("part", IncidentPart, IncidentPart.part_id),
    "pia": ("article", IncidentArticle, IncidentArticle.article_id),
    "playbooks": ("article", IncidentArticle, IncidentArticle.article_id),
    "related_docs": ("article", IncidentArticle, IncidentArticle.article_id),
    "customer_ids": ("account", IncidentCustomer, IncidentCustomer.account_id),
}
ARTICLE_ROLES = ("pia", "playbooks", "related_docs")


# -- commands -------------------------------------------------------------------------------


@dataclass
class TagInput:
    tag_id: str
    value: str = ""


@dataclass
class StageInput:
    stage: str
    notes: str = ""


@dataclass
class SyncInput:
    status: str | None = None
    sync_date: datetime | None = None
    sync_history: str = ""
    sync_unit: str = ""


@dataclass
class SyncMetadataInput:
    external_record_id: str = ""
    external_record_type: str = ""
    external_reference: str = ""
    origin_system: str = ""
    last_sync_in: SyncInput | None = None
    last_sync_out: SyncInput | None = None


@dataclass
class NewIncident:
    """CreateIncident's request. Ids are public ids (DONs or display ids)."""

    title: str
    body: str = ""
    severity: int | None = None
    reported_by: int | None = None
    source: int | None = None
    impact_count: int | None = None
    customer_ids: list[str] = field(default_factory=list)
    identified_date: datetime | None = None
    acknowledged_date: datetime | None = None
    mitigated_date: datetime | None = None
    target_close_date: datetime | None = None
    owned_by: list[str] = field(default_factory=list)
    applies_to_parts: list[str] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    pia: list[str] = field(default_factory=list)
    playbooks: list[str] = field(default_factory=list)
    related_docs: list[str] = field(default_factory=list)
    tags: list[TagInput] = field(default_factory=list)
    stage: StageInput | None = None
    allow_non_start: bool = False
    custom_fields: dict[str, Any] | None = None
    custom_schema_spec: SchemaSpec | None = None
    staged_info: dict[str, Any] | None = None
    sync_metadata: SyncMetadataInput | None = None
    # {created_date, modified_date, closed_date}: datetime or None
    external_source_data: dict[str, datetime | None] | None = None
    request_id: str = ""


@dataclass
class IncidentChanges:
    """UpdateIncident's request: None leaves a field untouched; a list replaces the stored one."""

    title: str | None = None
    body: str | None = None
    severity: int | None = None
    reported_by: int | None = None
    source: int | None = None
    impact_count: int | None = None
    customer_ids: list[str] | None = None
    identified_date: datetime | None = None
    acknowledged_date: datetime | None = None
    mitigated_date: datetime | None = None
    target_close_date: datetime | None = None
    owned_by: list[str] | None = None
    applies_to_parts: list[str] | None = None
    artifacts: list[str] | None = None
    pia: list[str] | None = None
    playbooks: list[str] | None = None
    related_docs: list[str] | None = None
    tags: list[TagInput] | None = None
    stage: StageInput | None = None
    allow_invalid_transition: bool = False
    custom_fields: dict[str, Any] | None = None
    custom_schema_spec: SchemaSpec | None = None
    staged_info: dict[str, Any] | None = None
    sync_metadata: SyncMetadataInput | None = None
    external_source_data: dict[str, datetime | None] | None = None
    expected_version: int | None = None
    clear_fields: Sequence[str] = ()  # names of CLEARABLE to unset


# -- what the domain hands back -------------------------------------------------------------

# Columns of the incidents table a view carries, by name.
SCALARS = (
    "id", "title", "body", "stage_id", "severity", "reported_by", "source", "impact_count", "identified_date",
    "acknowledged_date", "mitigated_date", "target_close_date", "actual_close_date", "subtype", "custom_fields",
    "custom_schema_fragments", "staged_info", "sync_metadata", "external_source_data", "created_by_id",
    "created_date", "modified_by_id", "modified_date", "version", "request_id", "deleted_date",
)


@dataclass
class IncidentView:
    """One incident with its reference ids (expanded by the mapping through References)."""

    id: int
    title: str
    body: str
    stage_id: int
    severity: int | None
    reported_by: int | None
    source: int | None
    impact_count: int | None
    identified_date: datetime | None
    acknowledged_date: datetime | None
    mitigated_date: datetime | None
    target_close_date: datetime | None
    actual_close_date: datetime | None
    subtype: str | None
    custom_fields: dict[str, Any]
    custom_schema_fragments: dict[str, int]  # target -> fragment key
    staged_info: dict[str, Any] | None
    sync_metadata: dict[str, Any] | None
    external_source_data: dict[str, Any] | None
    created_by_id: int
    created_date: datetime
    modified_by_id: int
    modified_date: datetime
    version: int
    request_id: str | None
    deleted_date: datetime | None
    owned_by: list[int] = field(default_factory=list)
    applies_to_parts: list[int] = field(default_factory=list)
    pia: list[int] = field(default_factory=list)
    playbooks: list[int] = field(default_factory=list)
    related_docs: list[int] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)
    tags: list[tuple[int, str]] = field(default_factory=list)
    artifacts: list[int] = field(default_factory=list)

    @property
    def don(self) -> str:
        return ids.INCIDENT.don(self.id)

    @property
    def custom(self) -> CustomState:
        return CustomState(dict(self.custom_fields), dict(self.custom_schema_fragments), self.subtype)


@dataclass
class TimelineEntry:
    id: int
    incident_id: int
    kind: str  # created | updated | stage_changed | deleted
    actor_id: int
    created_date: datetime
    incident_version: int
    changes: list[dict[str, Any]]
    notes: str


# -- reading --------------------------------------------------------------------------------


def _view_from_row(row: Any) -> IncidentView:
    values = dict(zip(SCALARS, row))
    values["custom_fields"] = values["custom_fields"] or {}
    values["custom_schema_fragments"] = values["custom_schema_fragments"] or {}
    values["body"] = values["body"] or ""
    return IncidentView(**values)


def _where_incident(column: Any, many: bool) -> Any:
    return column.in_(bindparam("keys", expanding=True)) if many else column == bindparam("key")


def _views_statement(many: bool, lock: bool) -> Any:
    table = Incident.__table__
    statement = select(*(table.c[n] for n in SCALARS)).where(_where_incident(table.c.id, many))
    return statement.with_for_update() if lock else statement


def _links_statement(many: bool) -> Any:
    """Every link of the incidents: (incident_id, field, ref key, position, tag value)."""

    def name(text: str) -> Any:
        return literal_column(f"'{text}'")

    empty = literal_column("''")
    owners, parts, articles = IncidentOwner.__table__.c, IncidentPart.__table__.c, IncidentArticle.__table__.c
    customers, tags, artifacts = IncidentCustomer.__table__.c, IncidentTag.__table__.c, Artifact.__table__.c
    return union_all(
        select(owners.incident_id, name("owned_by"), owners.user_id, owners.position, empty)
        .where(_where_incident(owners.incident_id, many)),
        select(parts.incident_id, name("applies_to_parts"), parts.part_id, parts.position, empty)
        .where(_where_incident(parts.incident_id, many)),
        select(articles.incident_id, articles.role, articles.article_id, articles.position, empty)
        .where(_where_incident(articles.incident_id, many)),
        select(customers.incident_id, name("customer_ids"), customers.account_id, customers.position, empty)
        .where(_where_incident(customers.incident_id, many)),
        select(tags.incident_id, name("tags"), tags.tag_id, tags.position, tags.value)
        .where(_where_incident(tags.incident_id, many)),
        select(artifacts.incident_id, name("artifacts"), artifacts.id, artifacts.id, empty)
        .where(_where_incident(artifacts.incident_id, many)),
    )


_VIEWS = {(many, lock): Prepared(_views_statement(many, lock)) for many in (False, True) for lock in (False, True)}
_LINKS = {many: Prepared(_links_statement(many)) for many in (False, True)}


def load_views(tx: Session, keys: Sequence[int], refs: References | None = None, *,
               for_update: bool = False) -> dict[int, IncidentView]:
    """Incidents by key (deleted ones included) with their links, in two queries."""
    keys = storable(keys)
    if not keys:
        return {}
    many = len(keys) > 1
    params = {"keys": list(keys)} if many else {"key": keys[0]}
    views = {row[0]: _view_from_row(row) for row in run(tx, _VIEWS[many, for_update], params)}
    if not views:
        return views
    links = run(tx, _LINKS[many], params).all()
    links.sort(key=lambda r: (r[0], r[1], r[3]))
    for incident_id, name, ref_id, _position, value in links:
        view = views.get(incident_id)
        if view is None:
            continue
        if name == "tags":
            view.tags.append((ref_id, value))
        else:
            getattr(view, name).append(ref_id)
    return views


def prefetch(refs: References, views: Iterable[IncidentView]) -> None:
    """Load every reference of ``views`` in bulk (one query per kind)."""
    views = list(views)
    refs.load_parts(k for v in views for k in v.applies_to_parts)
    refs.load_articles(k for v in views for k in (*v.pia, *v.playbooks, *v.related_docs))
    refs.load_accounts(k for v in views for k in v.customer_ids)
    refs.load_tags(k for v in views for k, _ in v.tags)
    refs.load_artifacts(k for v in views for k in v.artifacts)
    refs.load_sync_units(
        (v.sync_metadata or {}).get(side, {}).get("sync_unit")  # type: ignore[union-attr]
        for v in views for side in ("last_sync_in", "last_sync_out")
        if ((v.sync_metadata or {}).get(side) or {}).get("sync_unit") is not None
    )
    users: set[int] = set()
    for v in views:
        users.update((v.created_by_id, v.modified_by_id, *v.owned_by))
        for part in v.applies_to_parts:
            users.update(refs.parts[part].owner_ids)
    refs.load_users(users)


def _not_found(key: int) -> NotFound:
    return NotFound(
        "INCIDENT_NOT_FOUND",
        f"no incident {ids.INCIDENT.display(key)}",
        metadata={"type": "not_found", "id": ids.INCIDENT.don(key)},
    )


def get_incident(tx: Session, key: int, refs: References | None = None) -> IncidentView:
    view = load_views(tx, [key], refs).get(key)
    if view is None or view.deleted_date is not None:
        raise _not_found(key)
    return view


def _lock(tx: Session, key: int, refs: References | None) -> IncidentView:
    """The incident, its row locked for the rest of the transaction (PostgreSQL; SQLite's write
    transaction already excludes other writers)."""
    view = load_views(tx, [key], refs, for_update=True).get(key)
    if view is None or view.deleted_date is not None:
        raise _not_found(key)
    return view


# -- validation helpers ---------------------------------------------------------------------


def _title(value: str) -> str:
    title = (value or "").strip()
    if not title:
        raise missing_required_field("title")
    check_length("title", title, Incident.title)
    return title


def _enum(field_name: str, value: int | None, table: Mapping[int, str]) -> int | None:
    if value is not None and value not in table:
        raise invalid_enum_value(field_name, value, table)
    return value


def value_not_permitted(field_name: str, value: str, allowed: Sequence[str]) -> InvalidArgument:
    return InvalidArgument(
        "VALUE_NOT_PERMITTED",
        f"{field_name}: {value!r} is not one of {', '.join(allowed)}",
        metadata={"type": "bad_request", "subtype": "value_not_permitted", "field_name": field_name,
                  "value": value, "allowed_values": list(allowed)},
        field_violations=[FieldViolation(field_name, f"allowed values: {', '.join(allowed)}", "VALUE_NOT_PERMITTED")],
    )


def _resolve_tags(refs: References, tags: Sequence[TagInput], field_name: str) -> list[tuple[int, str]]:
    """Tag keys with values; a repeated tag keeps its first position and its last value."""
    keys: list[int] = []
    for i, tag in enumerate(tags):
        where = f"{field_name}[{i}].tag_id"
        if not (tag.tag_id or "").strip():
            raise missing_required_field(where)
        keys.append(ids.TAG.parse(tag.tag_id, where))
    refs.load_tags(keys)
    result: dict[int, str] = {}
    for i, (key, tag) in enumerate(zip(keys, tags)):
        row = refs.tags.get(key)
        if row is None:
            raise invalid_id(f"{field_name}[{i}].tag_id", tag.tag_id, "tag")
        value = tag.value or ""
        check_length(f"{field_name}[{i}].value", value, IncidentTag.value)
        if value and row.allowed_values is not None and value not in row.allowed_values:
            raise value_not_permitted(f"{field_name}[{i}].value", value, row.allowed_values)
        result[key] = value
    return list(result.items())


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z") if value is not None else None


def _sync_metadata(refs: References, given: SyncMetadataInput | None, field_name: str) -> dict[str, Any] | None:
    if given is None:
        return None
    stored: dict[str, Any] = {
        "external_record_id": given.external_record_id,
        "external_record_type": given.external_record_type,
        "external_reference": given.external_reference,
        "origin_system": given.origin_system,
    }
    for side, statuses in (("last_sync_in", SYNC_IN_STATUSES), ("last_sync_out", SYNC_OUT_STATUSES)):
        sync: SyncInput | None = getattr(given, side)
        if sync is None:
            stored[side] = None
            continue
        if sync.status is not None and sync.status not in statuses:
            raise invalid_enum_value(f"{field_name}.{side}.status", sync.status, statuses)
        unit = refs.resolve_one("sync_unit", sync.sync_unit, f"{field_name}.{side}.sync_unit") if sync.sync_unit else None
        stored[side] = {"status": sync.status, "sync_date": _iso(sync.sync_date), "sync_history": sync.sync_history,
                        "sync_unit": unit}
    return stored


def _external_source_data(given: Mapping[str, datetime | None] | None) -> dict[str, Any] | None:
    if given is None:
        return None
    return {k: _iso(given.get(k)) for k in ("created_date", "modified_date", "closed_date")}


def _enter_stage(view: IncidentView, source: Stage | None, target: Stage, now: datetime,
                 explicit: Iterable[str]) -> None:
    """Stage side effects: closing dates and the first acknowledged/mitigated dates."""
    explicit = set(explicit)
    if target.state.is_final and (source is None or not source.state.is_final):
        view.actual_close_date = now
    elif not target.state.is_final and source is not None and source.state.is_final:
        view.actual_close_date = None
    if target.name == "acknowledged" and view.acknowledged_date is None and "acknowledged_date" not in explicit:
        view.acknowledged_date = now
    if target.name == "mitigated" and view.mitigated_date is None and "mitigated_date" not in explicit:
        view.mitigated_date = now


# -- the timeline ---------------------------------------------------------------------------


def snapshot(view: IncidentView, diagram: Diagram) -> dict[str, Any]:
    """The incident's fields as JSON values (ids as DONs), the timeline's vocabulary."""
    sync = None
    if view.sync_metadata is not None:
        sync = dict(view.sync_metadata)
        for side in ("last_sync_in", "last_sync_out"):
            if sync.get(side):
                unit = sync[side].get("sync_unit")
                sync[side] = {**sync[side], "sync_unit": ids.SYNC_UNIT.don(unit) if unit is not None else None}
    values: dict[str, Any] = {
        "title": view.title,
        "body": view.body or None,
        "stage": diagram.stage(view.stage_id).name,
        "severity": view.severity,
        "reported_by": view.reported_by,
        "source": view.source,
        "impact.count": view.impact_count,
        "impact.customer_ids": [ids.ACCOUNT.don(k) for k in view.customer_ids],
        **{name: _iso(getattr(view, name)) for name in (*DATE_FIELDS, "actual_close_date")},
        "owned_by": [ids.USER.don(k) for k in view.owned_by],
        "applies_to_parts": [ids.PART.don(k) for k in view.applies_to_parts],
        "artifacts": [ids.ARTIFACT.don(k) for k in view.artifacts],
        "pia": [ids.ARTICLE.don(k) for k in view.pia],
        "playbooks": [ids.ARTICLE.don(k) for k in view.playbooks],
        "related_docs": [ids.ARTICLE.don(k) for k in view.related_docs],
        "tags": [{"tag": ids.TAG.don(k), "value": v} for k, v in view.tags],
        "subtype": view.subtype,
        "custom_schema_fragments": view.custom.fragment_dons(),
        "staged_info": view.staged_info,
        "sync_metadata": sync,
        "external_source_data": view.external_source_data,
    }
    for key, value in view.custom_fields.items():
        values[f"custom_fields.{key}"] = value
    return values


def _diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    changes = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if before in ([], {}):
            before = None
        if after in ([], {}):
            after = None
        if before != after:
            changes.append({"field": name, "old": before, "new": after})
    return changes


_INSERT_TIMELINE = Prepared(insert(IncidentTimelineEntry.__table__))


def _record(tx: Session, view: IncidentView, kind: str, actor_user_id: int, now: datetime,
            changes: list[dict[str, Any]], notes: str = "") -> None:
    run(tx, _INSERT_TIMELINE, {"incident_id": view.id, "kind": kind, "actor_id": actor_user_id, "created_date": now,
                               "incident_version": view.version, "changes": changes, "notes": notes})


_T = IncidentTimelineEntry.__table__.c
_EXISTS = select(Incident.__table__.c.id).where(Incident.__table__.c.id == bindparam("key"))
_TIMELINE_PAGE = (
    select(_T.id, _T.incident_id, _T.kind, _T.actor_id, _T.created_date, _T.incident_version, _T.changes, _T.notes)
    .where(_T.incident_id == bindparam("key"), _T.id > bindparam("after"))
    .order_by(_T.id).limit(bindparam("size"))
)


def list_timeline(tx: Session, key: int, after: int, size: int) -> tuple[list[TimelineEntry], int | None]:
    """A page of the timeline, oldest first; deleted incidents keep theirs."""
    if key > MAX_KEY or run(tx, _EXISTS, {"key": key}).first() is None:
        raise _not_found(key)
    rows = run(tx, _TIMELINE_PAGE, {"key": key, "after": after, "size": size + 1}).all()
    more = len(rows) > size
    entries = [TimelineEntry(*row) for row in rows[:size]]
    return entries, (entries[-1].id if more else None)


# -- writing --------------------------------------------------------------------------------


def _link_statements(model: Any, role: str | None) -> tuple[Any, Any]:
    table = model.__table__
    condition = table.c.incident_id == bindparam("key")
    if role is not None:
        condition = condition & (table.c.role == role)
    return Prepared(insert(table)), Prepared(delete(table).where(condition))


_LINK_WRITES = {
    name: _link_statements(model, name if name in ARTICLE_ROLES else None)
    for name, (_, model, _) in LIST_FIELDS.items()
}
_LINK_WRITES["tags"] = _link_statements(IncidentTag, None)
_LINK_COLUMN = {name: column.key for name, (_, _, column) in LIST_FIELDS.items()}


def _write_links(tx: Session, key: int, name: str, values: Sequence[Any], *, replace: bool) -> None:
    add, remove = _LINK_WRITES[name]
    if replace:
        run(tx, remove, {"key": key})
    if not values:
        return
    if name == "tags":
        rows = [{"incident_id": key, "tag_id": t, "value": v, "position": i} for i, (t, v) in enumerate(values)]
    elif name in ARTICLE_ROLES:
        rows = [{"incident_id": key, "role": name, "article_id": a, "position": i} for i, a in enumerate(values)]
    else:
        column = _LINK_COLUMN[name]
        rows = [{"incident_id": key, column: ref, "position": i} for i, ref in enumerate(values)]
    run(tx, add, rows)


def _row_values(view: IncidentView, names: Iterable[str]) -> dict[str, Any]:
    """Column values of ``view``; empty documents are stored as NULL."""
    values = {name: getattr(view, name) for name in names}
    for name in ("custom_fields", "custom_schema_fragments"):
        if name in values and not values[name]:
            values[name] = None
    return values


_INCIDENTS = Incident.__table__
_INSERT_INCIDENT = Prepared(insert(_INCIDENTS).returning(_INCIDENTS.c.id))
_UPDATE_INCIDENT = Prepared(update(_INCIDENTS).where(_INCIDENTS.c.id == bindparam("incident_key")))
_ARTIFACT_ROWS = Artifact.__table__
_DETACH_ALL = update(_ARTIFACT_ROWS).where(_ARTIFACT_ROWS.c.incident_id == bindparam("key")).values(incident_id=None)
_DETACH = update(_ARTIFACT_ROWS).where(_ARTIFACT_ROWS.c.id.in_(bindparam("keys", expanding=True))).values(
    incident_id=None)
_BY_REQUEST_ID = Prepared(select(_INCIDENTS.c.id).where(
    _INCIDENTS.c.created_by_id == bindparam("actor"), _INCIDENTS.c.request_id == bindparam("request_id")))


def _take_turns_on(tx: Session, actor_user_id: int, request_id: str) -> None:
    """Creates with one request_id take turns: the second waits until the first commits, then
    finds its incident. Without this it ran side by side with the first and could fail on what
    the first took (an artifact both name: ARTIFACT_ALREADY_ATTACHED_TO_A_PARENT), where a
    retry after the first answers with the first's incident."""
    take_turns_on(tx, f"incident-request/{actor_user_id}/{request_id}")


def create_incident(
    tx: Session, clock: Clock, actor_user_id: int, command: NewIncident, refs: References | None = None
) -> IncidentView:
    """Creates an incident (see IncidentService.CreateIncident). With a request_id the caller
    used before, returns that incident instead."""
    title = _title(command.title)
    request_id = (command.request_id or "").strip()
    check_length("request_id", request_id, Incident.request_id)
    refs = refs if refs is not None else References(tx)
    if request_id:
        _take_turns_on(tx, actor_user_id, request_id)
        existing = run(tx, _BY_REQUEST_ID, {"actor": actor_user_id, "request_id": request_id}).scalar()
        if existing is not None:
            # Whether it is deleted is read with the incident itself: a deletion committed
            # between two reads would otherwise answer NOT_FOUND, which no serial order gives.
            view = load_views(tx, [existing], refs)[existing]
            if view.deleted_date is not None:
                raise AlreadyExists(
                    "REQUEST_ID_ALREADY_USED",
                    f"request_id {request_id!r} created {ids.INCIDENT.display(existing)}, which has been deleted",
                    metadata={"type": "conflict", "request_id": request_id, "incident_id": ids.INCIDENT.don(existing)},
                )
            return view

    for name, table in ENUMS.items():
        _enum("impact.count" if name == "impact_count" else name, getattr(command, name), table)
    lists = {
        name: refs.resolve(kind, getattr(command, name), "impact.customer_ids" if name == "customer_ids" else name,
                           also=[actor_user_id] if kind == "user" else ())
        for name, (kind, _, _) in LIST_FIELDS.items()
    }
    tags = _resolve_tags(refs, command.tags, "tags")
    artifacts = sorted(resolve_free_artifacts(refs, command.artifacts, "artifacts"))  # shown in id order
    diagram = incident_diagram(tx)
    stage = diagram.start
    notes = ""
    if command.stage is not None:
        if not (command.stage.stage or "").strip():
            raise missing_required_field("stage.stage")
        stage = diagram.resolve(command.stage.stage, "stage.stage")
        if not command.allow_non_start:
            diagram.require_start(stage, "stage.stage")
        notes = command.stage.notes
    custom = CustomState()
    if command.custom_fields or command.custom_schema_spec is not None:
        custom = apply_custom_fields(tx, command.custom_schema_spec, command.custom_fields, custom, creating=True)
    sync = _sync_metadata(refs, command.sync_metadata, "sync_metadata")

    now = clock.now()
    view = IncidentView(
        id=0, title=title, body=command.body or "", stage_id=stage.id, severity=command.severity,
        reported_by=command.reported_by, source=command.source, impact_count=command.impact_count,
        identified_date=command.identified_date, acknowledged_date=command.acknowledged_date,
        mitigated_date=command.mitigated_date, target_close_date=command.target_close_date, actual_close_date=None,
        subtype=custom.subtype, custom_fields=custom.fields, custom_schema_fragments=custom.fragments,
        staged_info=command.staged_info, sync_metadata=sync,
        external_source_data=_external_source_data(command.external_source_data),
        created_by_id=actor_user_id, created_date=now, modified_by_id=actor_user_id, modified_date=now, version=1,
        request_id=request_id or None, deleted_date=None, tags=tags, artifacts=artifacts, **lists,
    )
    _enter_stage(view, None, stage, now, [n for n in DATE_FIELDS if getattr(command, n) is not None])
    columns = _row_values(view, SCALARS[1:])
    view.id = run(tx, _INSERT_INCIDENT, columns).scalar_one()  # type: ignore[attr-defined]
    for name in LIST_FIELDS:
        _write_links(tx, view.id, name, lists[name], replace=False)
    _write_links(tx, view.id, "tags", tags, replace=False)
    attach_artifacts(tx, artifacts, incident_id=view.id)
    for key in artifacts:
        refs.artifacts[key] = dataclasses.replace(refs.artifacts[key], incident_id=view.id)
    _record(tx, view, "created", actor_user_id, now, _diff({}, snapshot(view, diagram)), notes)
    return view


def _cleared(changes: IncidentChanges) -> list[str]:
    """The attributes ``changes.clear_fields`` unsets, each named once and not also set."""
    cleared: list[str] = []
    for i, name in enumerate(changes.clear_fields):
        attribute = CLEARABLE.get(name)
        if attribute is None:
            problem = f"{name!r} cannot be cleared"
        elif attribute in cleared:
            problem = f"{name} is named twice"
        elif getattr(changes, attribute) is not None:
            problem = f"{name} is also set by this request"
        else:
            cleared.append(attribute)
            continue
        raise invalid_field(f"clear_fields[{i}]", problem, allowed_values=list(CLEARABLE))
    return cleared


def update_incident(
    tx: Session, clock: Clock, actor_user_id: int, key: int, changes: IncidentChanges,
    refs: References | None = None, *, list_suffix: str = ".set",
) -> IncidentView:
    """Updates an incident (see IncidentService.UpdateIncident); the incident's row stays
    locked until the transaction ends, so concurrent updates apply one after the other."""
    refs = refs if refs is not None else References(tx)
    current = _lock(tx, key, refs)
    if changes.expected_version is not None and changes.expected_version != current.version:
        raise Aborted(
            "VERSION_MISMATCH",
            f"{ids.INCIDENT.display(key)} is at version {current.version}, not {changes.expected_version}",
            metadata={"type": "conflict", "incident_id": current.don, "expected_version": changes.expected_version,
                      "current_version": current.version},
        )
    diagram = incident_diagram(tx)
    new = dataclasses.replace(current, **{n: list(getattr(current, n)) for n in (*LIST_FIELDS, "tags", "artifacts")})
    if changes.title is not None:
        new.title = _title(changes.title)
    if changes.body is not None:
        new.body = changes.body
    for name, table in ENUMS.items():
        value = _enum("impact.count" if name == "impact_count" else name, getattr(changes, name), table)
        if value is not None:
            setattr(new, name, value)
    explicit = [n for n in DATE_FIELDS if getattr(changes, n) is not None]
    for name in explicit:
        setattr(new, name, getattr(changes, name))
    for name in _cleared(changes):
        setattr(new, name, None)
        if name in DATE_FIELDS:
            explicit.append(name)  # the caller decided it: a stage entered below does not set it
    for name, (kind, _, _) in LIST_FIELDS.items():
        given = getattr(changes, name)
        if given is not None:
            where = "impact.customer_ids" if name == "customer_ids" else name
            setattr(new, name, refs.resolve(kind, given, where + list_suffix,
                                            also=[actor_user_id] if kind == "user" else ()))
    if changes.tags is not None:
        new.tags = _resolve_tags(refs, changes.tags, "tags" + list_suffix)
    if changes.artifacts is not None:
        new.artifacts = sorted(resolve_free_artifacts(refs, changes.artifacts, "artifacts" + list_suffix,
                                                      incident_id=key))
    notes = ""
    now = clock.now()
    if changes.stage is not None:
        if not (changes.stage.stage or "").strip():
            raise missing_required_field("stage.stage")
        source = diagram.stage(current.stage_id)
        target = diagram.resolve(changes.stage.stage, "stage.stage")
        if not changes.allow_invalid_transition:
            diagram.require_transition(current.don, source, target)
        if target.id != source.id:
            new.stage_id = target.id
            notes = changes.stage.notes
            _enter_stage(new, source, target, now, explicit)
    if changes.custom_fields is not None or changes.custom_schema_spec is not None:
        custom = apply_custom_fields(tx, changes.custom_schema_spec, changes.custom_fields, current.custom,
                                     creating=False)
        new.custom_fields, new.custom_schema_fragments, new.subtype = custom.fields, custom.fragments, custom.subtype
    if changes.sync_metadata is not None:
        new.sync_metadata = _sync_metadata(refs, changes.sync_metadata, "sync_metadata")
    if changes.staged_info is not None:
        new.staged_info = changes.staged_info
    if changes.external_source_data is not None:
        new.external_source_data = _external_source_data(changes.external_source_data)

    diff = _diff(snapshot(current, diagram), snapshot(new, diagram))
    if not diff:
        return current
    new.version = current.version + 1
    new.modified_by_id = actor_user_id
    new.modified_date = now
    columns = _row_values(new, [n for n in SCALARS[1:] if getattr(new, n) != getattr(current, n)])
    run(tx, _UPDATE_INCIDENT, {"incident_key": key, **columns})
    for name in (*LIST_FIELDS, "tags"):
        if getattr(new, name) != getattr(current, name):
            _write_links(tx, key, name, getattr(new, name), replace=True)
    if new.artifacts != current.artifacts:
        removed = [a for a in current.artifacts if a not in new.artifacts]
        added = [a for a in new.artifacts if a not in current.artifacts]
        if removed:
            run(tx, _DETACH, {"keys": removed})
        attach_artifacts(tx, added, incident_id=key)
        for a in removed:
            refs.artifacts.pop(a, None)
        for a in added:
            refs.artifacts[a] = dataclasses.replace(refs.artifacts[a], incident_id=key)
    kind = "stage_changed" if new.stage_id != current.stage_id else "updated"
    _record(tx, new, kind, actor_user_id, now, diff, notes)
    return new


def move_to_stage(
    tx: Session, clock: Clock, actor_user_id: int, key: int, stage: str, *, notes: str = "",
    allow_invalid_transition: bool = False,
) -> IncidentView:
    """Moves an incident to ``stage`` (name or id), e.g. ``mitigated`` when the engine incident
    behind it is resolved. Follows the diagram unless ``allow_invalid_transition``."""
    return update_incident(tx, clock, actor_user_id, key,
                           IncidentChanges(stage=StageInput(stage, notes), allow_invalid_transition=allow_invalid_transition))


def delete_incident(tx: Session, clock: Clock, actor_user_id: int, key: int) -> None:
    """Soft delete: hidden from reads and lists, artifacts detached, timeline kept."""
    current = _lock(tx, key, None)
    now = clock.now()
    run(tx, _UPDATE_INCIDENT, {"incident_key": key, "deleted_date": now, "version": current.version + 1})
    changes = []
    if current.artifacts:
        run(tx, _DETACH_ALL, {"key": key})
        changes.append({"field": "artifacts", "old": [ids.ARTIFACT.don(a) for a in current.artifacts], "new": None})
    current.version += 1
    _record(tx, current, "deleted", actor_user_id, now, changes)


__all__ = [
    "IncidentChanges", "IncidentView", "NewIncident", "StageInput", "SyncInput", "SyncMetadataInput",
    "TagInput", "TimelineEntry", "create_incident", "delete_incident", "get_incident", "list_timeline",
    "load_views", "move_to_stage", "prefetch", "snapshot", "update_incident",
]
