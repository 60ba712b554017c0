"""ListIncidents and GroupIncidents: filters, sort orders and keyset paging with opaque cursors.

A page is one index-friendly query (``ORDER BY <keys>, id LIMIT n+1``; two when the first key is
a date most incidents leave unset, see ``_travel``), then the page's incidents and all their
references are loaded in bulk. Unset values of a nullable sort key count as larger than every set
value (last ascending, first descending) on both databases."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Sequence

from sqlalchemy import and_, bindparam, false, func, or_, select, true
from sqlalchemy.orm import Session

from server.clock import CALENDAR_END, CALENDAR_START, Clock
from server.errors import FieldViolation, InvalidArgument, invalid_enum_value, invalid_field, missing_required_field
from server.ops import schema
from server.ops.incidents import ENUMS, IncidentView, load_views, prefetch
from server.ops.models import (
    SPARSE_DATE_COLUMNS,
    Incident,
    IncidentArticle,
    IncidentCustomer,
    IncidentOwner,
    IncidentPart,
)
from server.ops.refs import References, run
from server.ops.stages import incident_diagram

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
DEFAULT_GROUPS = 10
MAX_GROUPS = 50

_I = Incident.__table__.c
_ID = _I.id
_LIVE = _I.deleted_date.is_(None)
# Sort keys: name -> (column, nullable).
SORT_KEYS: dict[str, tuple[Any, bool]] = {
    "created_date": (_I.created_date, False),
    "modified_date": (_I.modified_date, False),
    "title": (_I.title, False),
    "severity": (_I.severity, True),
    "reported_by": (_I.reported_by, True),
    "target_close_date": (_I.target_close_date, True),
    "actual_close_date": (_I.actual_close_date, True),
    "identified_date": (_I.identified_date, True),
    "acknowledged_date": (_I.acknowledged_date, True),
    "mitigated_date": (_I.mitigated_date, True),
    "id": (_I.id, False),
}
DEFAULT_SORT = ["created_date:desc"]

GROUP_KEYS = ("stage", "severity", "reported_by", "source", "owned_by", "created_by", "subtype", "applies_to_parts")
# Grouping keys backed by a link table: key -> (table, column).
_MULTI = {"owned_by": (IncidentOwner, IncidentOwner.user_id), "applies_to_parts": (IncidentPart, IncidentPart.part_id)}
_SINGLE = {"stage": Incident.stage_id, "severity": Incident.severity, "reported_by": Incident.reported_by,
           "source": Incident.source, "created_by": Incident.created_by_id, "subtype": Incident.subtype}


@dataclass(frozen=True)
class DateFilter:
    """A range (``after``/``before``, inclusive) or a preset (``last_n_days``/``next_n_days``)."""

    after: datetime | None = None
    before: datetime | None = None
    preset: str | None = None
    days: int = 0


@dataclass
class IncidentFilter:
    applies_to_parts: list[str] = field(default_factory=list)
    created_by: list[str] = field(default_factory=list)
    owned_by: list[str] = field(default_factory=list)
    pia: list[str] = field(default_factory=list)
    playbooks: list[str] = field(default_factory=list)
    related_docs: list[str] = field(default_factory=list)
    impacted_customers: list[str] = field(default_factory=list)
    reported_by: list[int] = field(default_factory=list)
    severity: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    stage: list[str] = field(default_factory=list)
    subtype: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    custom_fields: dict[str, Any] = field(default_factory=dict)
    dates: dict[str, DateFilter] = field(default_factory=dict)  # field -> filter
    is_staged: bool | None = None  # staged_info.is_staged
    # sync_metadata filters by path: external_reference, origin_system, and for last_sync_in
    # and last_sync_out each their status (domain names), sync_history and sync_unit (ids).
    sync: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Page:
    views: list[IncidentView]
    next_cursor: str
    prev_cursor: str
    refs: References


@dataclass
class Group:
    group_by: str
    value: Any  # None for the group without a value
    views: list[IncidentView]
    total: int
    next_cursor: str


@dataclass
class GroupPage:
    groups: list[Group]
    next_cursor: str
    prev_cursor: str
    refs: References


# -- filters --------------------------------------------------------------------------------


def _compile(tx: Session, clock: Clock, filt: IncidentFilter, refs: References) -> tuple[list[Any], str]:
    """SQL conditions and a fingerprint of the filter (what a cursor is bound to)."""
    conditions: list[Any] = []
    normal: dict[str, Any] = {}

    def linked(name: str, kind: str, column: Any, table: Any, *extra: Any) -> None:
        values = getattr(filt, name)
        if values:
            keys = refs.resolve(kind, values, name)
            normal[name] = sorted(keys)
            conditions.append(Incident.id.in_(select(table.incident_id).where(column.in_(keys), *extra)))

    linked("applies_to_parts", "part", IncidentPart.part_id, IncidentPart)
    linked("owned_by", "user", IncidentOwner.user_id, IncidentOwner)
    for role in ("pia", "playbooks", "related_docs"):
        linked(role, "article", IncidentArticle.article_id, IncidentArticle, IncidentArticle.role == role)
    linked("impacted_customers", "account", IncidentCustomer.account_id, IncidentCustomer)
    if filt.created_by:
        keys = refs.resolve("user", filt.created_by, "created_by")
        normal["created_by"] = sorted(keys)
        conditions.append(Incident.created_by_id.in_(keys))
    for name, table in ENUMS.items():
        values = getattr(filt, name, None) if name != "impact_count" else None
        if values:
            for i, value in enumerate(values):
                if value not in table:
                    raise invalid_enum_value(f"{name}[{i}]", value, table)
            normal[name] = sorted(set(values))
            conditions.append(getattr(Incident, name).in_(values))
    if filt.stage:
        diagram = incident_diagram(tx)
        keys = sorted({diagram.resolve(v, f"stage[{i}]").id for i, v in enumerate(filt.stage)})
        normal["stage"] = keys
        conditions.append(Incident.stage_id.in_(keys))
    for name in ("subtype", "title"):
        values = getattr(filt, name)
        if values:
            normal[name] = sorted(set(values))
            conditions.append(getattr(Incident, name).in_(values))
    for key in sorted(filt.custom_fields):
        condition, normal[f"custom_fields.{key}"] = _custom_condition(tx, key, filt.custom_fields[key])
        conditions.append(condition)
    if filt.is_staged is not None:
        staged = func.coalesce(Incident.staged_info["is_staged"].as_boolean(), false())
        conditions.append(staged.is_(true()) if filt.is_staged else staged.is_(false()))
        normal["staged_info.is_staged"] = filt.is_staged
    for path in sorted(filt.sync):
        condition, normal[f"sync_metadata.{path}"] = _sync_condition(refs, path, filt.sync[path])
        conditions.append(condition)
    now = clock.now()
    for name in sorted(filt.dates):
        date = filt.dates[name]
        column = getattr(Incident, name)
        if date.preset is not None:
            if date.preset == "last_n_days":
                conditions.append(column.between(_days_from(now, -date.days), now))
            elif date.preset == "next_n_days":
                conditions.append(column.between(now, _days_from(now, date.days)))
            else:
                raise invalid_enum_value(f"{name}.preset.preset_type", date.preset, ("last_n_days", "next_n_days"))
            normal[name] = [date.preset, date.days]
        elif date.after is None and date.before is None:
            raise invalid_field(name, "a date filter needs a range bound or a preset")
        else:
            if date.after is not None:
                conditions.append(column >= date.after)
            if date.before is not None:
                conditions.append(column <= date.before)
            normal[name] = [_json_value(date.after), _json_value(date.before)]
    fingerprint = hashlib.sha256(json.dumps(normal, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return conditions, fingerprint


def _days_from(now: datetime, days: int) -> datetime:
    """``now`` moved by ``days`` days (negative: into the past), clamped to the instants a date
    filter can name: "the last 4294967295 days" means since the beginning of time."""
    if days < 0:
        return now + timedelta(days=days) if -days <= (now - CALENDAR_START).days else CALENDAR_START
    return now + timedelta(days=days) if days <= (CALENDAR_END - now).days else CALENDAR_END


SYNC_FILTERS = ("external_reference", "origin_system", "last_sync_in.status", "last_sync_in.sync_history",
                "last_sync_in.sync_unit", "last_sync_out.status", "last_sync_out.sync_history",
                "last_sync_out.sync_unit")


def _sync_condition(refs: References, path: str, values: list[str]) -> tuple[Any, list[Any]]:
    """sync_metadata's value at ``path`` is one of ``values`` (sync units given by id), and the
    values as the filter's fingerprint takes them (sync units by row key, however spelled)."""
    where = f"sync_metadata.{path}"
    if path not in SYNC_FILTERS:
        raise invalid_enum_value(where, path, SYNC_FILTERS)
    expr = Incident.sync_metadata[tuple(path.split("."))]
    if path.endswith(".sync_unit"):
        keys = refs.resolve("sync_unit", values, where)
        return expr.as_integer().in_(keys), sorted(keys)
    return expr.as_string().in_(values), sorted(set(values))


def _custom_condition(tx: Session, key: str, value: Any) -> tuple[Any, list[Any]]:
    """The custom field ``key`` equals one of the filter's values, and the values as the filter's
    fingerprint takes them (timestamps and dates as stored, see schema.filter_value)."""
    where = f"custom_fields.{key}"
    spec = schema.filter_field(tx, key)
    if spec.is_list:
        raise invalid_field(where, "list fields cannot be filtered")
    values = value if isinstance(value, list) else [value]
    expr = Incident.custom_fields[key]
    typed: Any
    if spec.field_type == "bool":
        typed, ok = expr.as_boolean(), lambda v: isinstance(v, bool)
    elif spec.field_type in ("int", "double"):
        typed, ok = expr.as_float(), lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    else:
        typed, ok = expr.as_string(), lambda v: isinstance(v, str)
    if not values or not all(ok(v) for v in values):
        raise invalid_field(where, f"filter values must be {spec.field_type} values (or a list of them)")
    if isinstance(value, list):
        values = [schema.filter_value(spec, v, f"{where}[{i}]") for i, v in enumerate(values)]
    else:
        values = [schema.filter_value(spec, value, where)]
    if spec.field_type in ("int", "double"):
        values = [float(v) for v in values]
    return or_(*(typed == v for v in values)), values


# -- sorting and cursors --------------------------------------------------------------------


def _sort(entries: Sequence[str]) -> list[tuple[str, bool]]:
    """[(key, descending)], ending with the id."""
    result: list[tuple[str, bool]] = []
    for i, entry in enumerate(entries or DEFAULT_SORT):
        name, _, direction = entry.strip().partition(":")
        name, direction = name.strip(), direction.strip().lower() or "asc"
        if name not in SORT_KEYS:
            raise invalid_enum_value(f"sort_by[{i}]", name, SORT_KEYS)
        if direction not in ("asc", "desc"):
            raise invalid_field(f"sort_by[{i}]", f"direction must be asc or desc, not {direction!r}")
        if any(name == seen for seen, _ in result):
            raise invalid_field(f"sort_by[{i}]", f"{name} is already a sort key")
        result.append((name, direction == "desc"))
        if name == "id":
            break
    if result[-1][0] != "id":
        result.append(("id", result[-1][1]))
    return result


def _sort_text(order: Sequence[tuple[str, bool]]) -> str:
    return ",".join(f"{k}:{'desc' if d else 'asc'}" for k, d in order)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def _bad_cursor(description: str) -> InvalidArgument:
    return InvalidArgument(
        "INVALID_CURSOR",
        f"cursor: {description}",
        metadata={"type": "bad_request", "subtype": "invalid_field", "field_name": "cursor"},
        field_violations=[FieldViolation("cursor", description, "INVALID_CURSOR")],
    )


def _decode(cursor: str) -> dict[str, Any]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(payload, dict):
            return payload
    except (binascii.Error, ValueError, UnicodeDecodeError):
        pass
    raise _bad_cursor("not a cursor returned by this API")


def _value_type(column: Any) -> type:
    """The Python type of a sort or group column's values (a TypeDecorator's are its impl's)."""
    return getattr(column.type, "impl", column.type).python_type  # type: ignore[no-any-return]


_SORT_TYPES = {name: _value_type(column) for name, (column, _) in SORT_KEYS.items()}
_GROUP_TYPES = {**{k: _value_type(c) for k, c in _SINGLE.items()},
                **{k: _value_type(c) for k, (_, c) in _MULTI.items()}}
_INT32 = range(-(2**31), 2**31)


def _cursor_value(value: Any, kind: type, nullable: bool) -> Any:
    """One sort or group value of a cursor, when it is what this API writes for a key of type
    ``kind``: an instant with its zone (as UTC), text, a 32-bit integer, or null for an unset
    value; INVALID_CURSOR otherwise."""
    if value is None:
        if nullable:
            return None
    elif kind is datetime and isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value)
            if instant.tzinfo is not None:
                return instant.astimezone(timezone.utc)
        except (ValueError, OverflowError):
            pass
    elif kind is str and isinstance(value, str) and "\x00" not in value:
        return value
    elif kind is int and type(value) is int and value in _INT32:
        return value
    raise _bad_cursor("not a cursor returned by this API")


def _position(payload: dict[str, Any], order: Sequence[tuple[str, bool]]) -> list[Any]:
    keys = payload.get("k")
    if not isinstance(keys, list) or len(keys) != len(order):
        raise _bad_cursor("not a cursor returned by this API")
    return [_cursor_value(value, _SORT_TYPES[name], SORT_KEYS[name][1]) for (name, _), value in zip(order, keys)]


def _group(payload: dict[str, Any]) -> list[Any] | None:
    """The group a cursor of GroupIncidents pages within: [group_by, value], None for none."""
    group = payload.get("g")
    if group is None:
        return None
    if not (isinstance(group, list) and len(group) == 2 and isinstance(group[0], str) and group[0] in GROUP_KEYS):
        raise _bad_cursor("not a cursor returned by this API")
    return [group[0], _cursor_value(group[1], _GROUP_TYPES[group[0]], True)]


def _columns(order: Sequence[tuple[str, bool]], reverse: bool) -> list[tuple[Any, bool, bool]]:
    return [(SORT_KEYS[name][0], desc != reverse, SORT_KEYS[name][1]) for name, desc in order]


def _order_by(columns: Sequence[tuple[Any, bool, bool]]) -> list[Any]:
    clauses = []
    for column, desc, nullable in columns:
        clause = column.desc() if desc else column.asc()
        if nullable:  # unset counts as the largest value
            clause = clause.nulls_first() if desc else clause.nulls_last()
        clauses.append(clause)
    return clauses


def _after(columns: Sequence[tuple[Any, bool, bool]], values: Sequence[Any]) -> Any:
    """Rows strictly after ``values`` in the traversal order ``columns``."""
    alternatives = []
    equal: list[Any] = []
    for (column, desc, nullable), value in zip(columns, values):
        if value is None:
            strictly = column.is_not(None) if desc else false()
            same = column.is_(None)
        else:
            strictly = column < value if desc else column > value
            if nullable and not desc:
                strictly = or_(strictly, column.is_(None))
            same = column == value
        alternatives.append(and_(*equal, strictly))
        equal.append(same)
    return or_(*alternatives)


# Sort keys indexed over their set values only (ops_0002): rows in such an order are read in two
# steps, the set values through the index, then the unset rows in the order of the other keys.
_SPARSE = frozenset(SPARSE_DATE_COLUMNS)
# Page queries without filters or cursor (the first page of a plain list) are built once.
_PLAIN_PAGES: dict[tuple[Any, ...], Any] = {}


def _statement(conditions: Sequence[Any], keys: Sequence[Any], travel: Sequence[tuple[Any, bool, bool]],
               position: Sequence[Any] | None) -> Any:
    statement = select(_ID, *keys).where(_LIVE, *conditions)
    if position is not None:
        statement = statement.where(_after(travel, position))
    return statement.order_by(*_order_by(travel)).limit(bindparam("size"))


def _travel(tx: Session, conditions: Sequence[Any], order: Sequence[tuple[str, bool]], position: list[Any] | None,
            reverse: bool, size: int) -> list[tuple[Any, ...]]:
    """Up to ``size`` rows (id first, then the sort values) strictly after ``position`` (from the
    start without one) in the order ``order``, or in its reverse."""
    keys = [SORT_KEYS[name][0] for name, _ in order]
    travel = _columns(order, reverse)
    if order[0][0] not in _SPARSE:
        plain = not conditions and position is None
        key = (tuple(order), reverse)
        statement = _PLAIN_PAGES.get(key) if plain else None
        if statement is None:
            statement = _statement(conditions, keys, travel, position)
            if plain:
                _PLAIN_PAGES[key] = statement
        return [tuple(r) for r in run(tx, statement, {"size": size})]
    (column, desc, _), rest = travel[0], travel[1:]
    # (condition, order within the step, sort values a position in the step starts with)
    steps = [(column.is_not(None), [(column, desc, False), *rest], 0), (column.is_(None), rest, 1)]
    if desc:  # unset counts as the largest value
        steps.reverse()
    if position is not None:  # the step the position is in, and what follows it
        steps = steps[1:] if (position[0] is None) != (steps[0][2] == 1) else steps
    rows: list[tuple[Any, ...]] = []
    for i, (condition, step_travel, skip) in enumerate(steps):
        start = position[skip:] if position is not None and i == 0 else None
        statement = _statement([*conditions, condition], keys, step_travel, start)
        rows.extend(tuple(r) for r in run(tx, statement, {"size": size - len(rows)}))
        if len(rows) >= size:
            break
    return rows


def _keyset_page(
    tx: Session, conditions: Sequence[Any], order: Sequence[tuple[str, bool]], position: list[Any] | None,
    backward: bool, limit: int,
) -> tuple[list[tuple[Any, ...]], bool, bool]:
    """Rows (id first, then the sort values) of one page in sort order, whether rows exist after
    the page and whether rows exist before it."""
    rows = _travel(tx, conditions, order, position, backward, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    if backward:
        rows.reverse()

    def exists(anchor: list[Any], reverse: bool) -> bool:
        return bool(_travel(tx, conditions, order, anchor, reverse, 1))

    if position is None:
        other = False
    elif rows:
        other = exists(list(rows[0][1:]) if not backward else list(rows[-1][1:]), reverse=not backward)
    else:
        other = exists(position, reverse=not backward)
    has_after, has_before = (other, more) if backward else (more, other)
    return rows, has_after, has_before


def _cursor(fingerprint: str, order: Sequence[tuple[str, bool]], row: tuple[Any, ...],
            group: list[Any] | None = None) -> str:
    payload: dict[str, Any] = {"f": fingerprint, "s": _sort_text(order), "k": [_json_value(v) for v in row[1:]]}
    if group is not None:
        payload["g"] = group
    return _encode(payload)


def _limit(value: int, default: int, maximum: int, field_name: str) -> int:
    if value < 0:
        raise invalid_field(field_name, f"must not be negative (got {value})")
    return min(value or default, maximum)


# -- ListIncidents --------------------------------------------------------------------------


def list_incidents(
    tx: Session, clock: Clock, filt: IncidentFilter, *, sort_by: Sequence[str] = (), cursor: str = "",
    backward: bool = False, limit: int = 0,
) -> Page:
    limit = _limit(limit, DEFAULT_LIMIT, MAX_LIMIT, "limit")
    order = _sort(sort_by)
    refs = References(tx)
    conditions, fingerprint = _compile(tx, clock, filt, refs)
    position = None
    group = None
    if cursor:
        payload = _decode(cursor)
        if payload.get("f") != fingerprint or payload.get("s") != _sort_text(order):
            raise _bad_cursor("the cursor belongs to other filters or another sort_by")
        position = _position(payload, order)
        group = _group(payload)
        if group is not None:
            conditions.append(_group_condition(group[0], group[1]))
    rows, has_after, has_before = _keyset_page(tx, conditions, order, position, backward, limit)
    views = load_views(tx, [r[0] for r in rows], refs)
    page = [views[r[0]] for r in rows]
    prefetch(refs, page)
    if not rows:  # nothing on this side of the cursor: the cursor itself leads back
        anchor = _cursor(fingerprint, order, (None, *position), group) if position is not None else ""
        return Page([], anchor if backward and has_after else "", anchor if not backward and has_before else "", refs)
    return Page(
        views=page,
        next_cursor=_cursor(fingerprint, order, rows[-1], group) if has_after else "",
        prev_cursor=_cursor(fingerprint, order, rows[0], group) if has_before else "",
        refs=refs,
    )


# -- GroupIncidents -------------------------------------------------------------------------


def _group_condition(group_by: str, value: Any) -> Any:
    if group_by in _MULTI:
        table, column = _MULTI[group_by]
        if value is None:
            return Incident.id.not_in(select(table.incident_id))
        return Incident.id.in_(select(table.incident_id).where(column == value))
    column = _SINGLE[group_by]
    return column.is_(None) if value is None else column == value


def group_incidents(
    tx: Session, clock: Clock, filt: IncidentFilter, group_by: str, *, sort_by: Sequence[str] = (), cursor: str = "",
    backward: bool = False, limit: int = 0, limit_per_group: int = 0,
) -> GroupPage:
    group_by = (group_by or "").strip()
    if not group_by:
        raise missing_required_field("group_by")
    if group_by not in GROUP_KEYS:
        raise invalid_enum_value("group_by", group_by, GROUP_KEYS)
    limit = _limit(limit, DEFAULT_GROUPS, MAX_GROUPS, "limit")
    per_group = _limit(limit_per_group, DEFAULT_LIMIT, MAX_LIMIT, "limit_per_group")
    order = _sort(sort_by)
    refs = References(tx)
    conditions, fingerprint = _compile(tx, clock, filt, refs)
    base = [Incident.deleted_date.is_(None), *conditions]

    if group_by in _MULTI:
        table, column = _MULTI[group_by]
        counts = list(tx.execute(
            select(column, func.count()).join(Incident, Incident.id == table.incident_id).where(*base).group_by(column)
        ))
        none = tx.scalar(select(func.count()).select_from(Incident).where(*base, _group_condition(group_by, None)))
        if none:
            counts.append((None, none))
    else:
        column = _SINGLE[group_by]
        counts = list(tx.execute(select(column, func.count()).where(*base).group_by(column)))
    diagram = incident_diagram(tx)

    def rank(item: tuple[Any, int]) -> tuple[Any, ...]:
        value = item[0]
        if value is None:
            return (1, 0)
        return (0, diagram.stage(value).ordinal if group_by == "stage" else value)

    counts.sort(key=rank)
    groups_key = f"{fingerprint}:{group_by}"
    start = 0
    if cursor:
        payload = _decode(cursor)
        offset = payload.get("o")
        if payload.get("f") != groups_key or not isinstance(offset, int) or offset < 0:
            raise _bad_cursor("the cursor belongs to another grouping or other filters")
        start = max(0, offset - limit) if backward else offset
        end = offset if backward else offset + limit
    else:
        start, end = (max(0, len(counts) - limit), len(counts)) if backward else (0, limit)
    chosen = counts[start:end]

    groups: list[Group] = []
    pages: list[tuple[list[tuple[Any, ...]], bool]] = []
    for value, total in chosen:
        rows, has_after, _ = _keyset_page(tx, [*conditions, _group_condition(group_by, value)], order, None, False,
                                          per_group)
        pages.append((rows, has_after))
        groups.append(Group(group_by, value, [], int(total),
                            _cursor(fingerprint, order, rows[-1], [group_by, value]) if rows and has_after else ""))
    views = load_views(tx, sorted({r[0] for rows, _ in pages for r in rows}), refs)
    for group, (rows, _) in zip(groups, pages):
        group.views = [views[r[0]] for r in rows]
    prefetch(refs, views.values())
    if group_by in ("owned_by", "created_by"):
        refs.load_users(g.value for g in groups if g.value is not None)
    elif group_by == "applies_to_parts":
        refs.load_parts(g.value for g in groups if g.value is not None)
    end = start + len(chosen)
    return GroupPage(
        groups=groups,
        next_cursor=_encode({"f": groups_key, "o": end}) if end < len(counts) else "",
        prev_cursor=_encode({"f": groups_key, "o": start}) if start > 0 else "",
        refs=refs,
    )
