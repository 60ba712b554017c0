"""Custom schema fragments and the validation of an incident's custom fields against them.

Keys follow DevRev: ``tnt__<name>`` (tenant fragment), ``ctype__<name>`` (the subtype's custom
type fragment), ``<app>__<name>`` (an app fragment). A request's ``custom_schema_spec`` names
the fragments its custom fields follow; a field whose fragment is not named is rejected."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Mapping, Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.errors import (
    FieldViolation,
    InvalidArgument,
    NotFound,
    check_length,
    invalid_enum_value,
    invalid_field,
    missing_required_field,
)
from server.ids import MAX_KEY
from server.ops import ids
from server.ops.models import CustomSchemaFragment
from server.ops.refs import run

LEAF_TYPES = ("incident",)
FRAGMENT_TYPES = ("tenant_fragment", "app_fragment", "custom_type_fragment")
# The largest integer every JSON number (a double: custom fields travel in google.protobuf.Struct)
# holds exactly; an int field refuses larger ones rather than keep a neighbour of the value sent.
_EXACT_INT = 2**53
FIELD_TYPES = ("text", "tokens", "int", "double", "bool", "timestamp", "date", "enum", "id")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DON = re.compile(r"^don:[a-z0-9_]+:[A-Za-z0-9_.:\-/]+/[A-Za-z0-9_\-]+$")
TENANT_PREFIX = "tnt"
SUBTYPE_PREFIX = "ctype"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    field_type: str
    is_list: bool = False
    is_required: bool = False
    description: str = ""
    allowed_values: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "field_type": self.field_type, "is_list": self.is_list,
                "is_required": self.is_required, "description": self.description,
                "allowed_values": list(self.allowed_values)}


@dataclass(frozen=True)
class Fragment:
    id: int
    leaf_type: str
    fragment_type: str
    app: str | None
    subtype: str | None
    description: str
    fields: tuple[FieldSpec, ...]
    deprecated: bool
    created_date: datetime

    @property
    def prefix(self) -> str:
        if self.fragment_type == "tenant_fragment":
            return TENANT_PREFIX
        if self.fragment_type == "custom_type_fragment":
            return SUBTYPE_PREFIX
        return self.app or ""

    @property
    def target(self) -> str:
        return _target(self.fragment_type, self.app or self.subtype)

    @property
    def don(self) -> str:
        return ids.fragment_don(self.id, self.fragment_type)

    def key(self, spec: FieldSpec) -> str:
        return f"{self.prefix}__{spec.name}"

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


def _target(fragment_type: str, qualifier: str | None, leaf_type: str = "incident") -> str:
    return f"{leaf_type}/{fragment_type}" + (f"/{qualifier}" if qualifier else "")


def _fragment(row: CustomSchemaFragment) -> Fragment:
    return Fragment(
        id=row.id, leaf_type=row.leaf_type, fragment_type=row.fragment_type, app=row.app, subtype=row.subtype,
        description=row.description,
        fields=tuple(FieldSpec(f["name"], f["field_type"], bool(f.get("is_list")), bool(f.get("is_required")),
                               f.get("description", ""), tuple(f.get("allowed_values") or ())) for f in row.fields),
        deprecated=row.deprecated, created_date=row.created_date,
    )


# -- the directory of fragments -------------------------------------------------------------


def create_fragment(
    tx: Session,
    clock: Clock,
    *,
    leaf_type: str,
    fragment_type: str,
    app: str,
    subtype: str,
    description: str,
    fields: Sequence[FieldSpec],
) -> Fragment:
    """Registers a fragment; a current one for the same target becomes deprecated."""
    if not leaf_type:
        raise missing_required_field("leaf_type")
    if leaf_type not in LEAF_TYPES:
        raise invalid_enum_value("leaf_type", leaf_type, LEAF_TYPES)
    if not fragment_type:
        raise missing_required_field("fragment_type")
    if fragment_type not in FRAGMENT_TYPES:
        raise invalid_enum_value("fragment_type", fragment_type, FRAGMENT_TYPES)
    qualifier: str | None = None
    if fragment_type == "app_fragment":
        if not app:
            raise missing_required_field("app", "an app fragment needs its app")
        check_length("app", app, CustomSchemaFragment.app)
        _check_name("app", app)
        if app in (TENANT_PREFIX, SUBTYPE_PREFIX):
            raise invalid_field("app", f"{app!r} is reserved")
        qualifier = app
    elif app:
        raise invalid_field("app", "only an app fragment has an app")
    if fragment_type == "custom_type_fragment":
        if not subtype:
            raise missing_required_field("subtype", "a custom type fragment needs its subtype")
        check_length("subtype", subtype, CustomSchemaFragment.subtype)
        _check_name("subtype", subtype)
        qualifier = subtype
    elif subtype:
        raise invalid_field("subtype", "only a custom type fragment has a subtype")
    seen: set[str] = set()
    for i, spec in enumerate(fields):
        where = f"fields[{i}]"
        if not spec.name:
            raise missing_required_field(f"{where}.name")
        _check_name(f"{where}.name", spec.name)
        if spec.name in seen:
            raise invalid_field(f"{where}.name", f"repeats {spec.name!r}")
        seen.add(spec.name)
        if not spec.field_type:
            raise missing_required_field(f"{where}.field_type")
        if spec.field_type not in FIELD_TYPES:
            raise invalid_enum_value(f"{where}.field_type", spec.field_type, FIELD_TYPES)
        if spec.field_type == "enum" and not spec.allowed_values:
            raise invalid_field(f"{where}.allowed_values", "an enum field needs allowed_values")
        if spec.field_type != "enum" and spec.allowed_values:
            raise invalid_field(f"{where}.allowed_values", "only an enum field has allowed_values")
    target = _target(fragment_type, qualifier, leaf_type)
    tx.execute(
        update(CustomSchemaFragment)
        .where(CustomSchemaFragment.target == target, CustomSchemaFragment.deprecated.is_(False))
        .values(deprecated=True)
    )
    key = run(
        tx,
        insert(CustomSchemaFragment).values(
            leaf_type=leaf_type, fragment_type=fragment_type, app=app or None, subtype=subtype or None, target=target,
            description=description, fields=[f.as_json() for f in fields], deprecated=False, created_date=clock.now(),
        ).returning(CustomSchemaFragment.id),
    ).scalar_one()  # type: ignore[attr-defined]
    return get_fragment(tx, key)


def _check_name(field_name: str, value: str) -> None:
    if not _NAME.match(value) or "__" in value:
        raise invalid_field(field_name, f"{value!r} must match [a-z][a-z0-9_]* without '__'")


def get_fragment(tx: Session, key: int) -> Fragment:
    row = tx.get(CustomSchemaFragment, key) if key <= MAX_KEY else None
    if row is None:
        raise NotFound(
            "CUSTOM_SCHEMA_FRAGMENT_NOT_FOUND",
            f"no custom schema fragment {key}",
            metadata={"type": "not_found", "id": str(key)},
        )
    return _fragment(row)


def list_fragments(tx: Session, after: int, size: int) -> tuple[list[Fragment], int | None]:
    rows = list(tx.scalars(
        select(CustomSchemaFragment).where(CustomSchemaFragment.id > after).order_by(CustomSchemaFragment.id)
        .limit(size + 1)
    ))
    more = len(rows) > size
    rows = rows[:size]
    return [_fragment(r) for r in rows], (rows[-1].id if more else None)


def current_fragments(tx: Session, targets: Sequence[str]) -> dict[str, Fragment]:
    if not targets:
        return {}
    rows = tx.scalars(
        select(CustomSchemaFragment)
        .where(CustomSchemaFragment.target.in_(set(targets)), CustomSchemaFragment.deprecated.is_(False))
    )
    return {row.target: _fragment(row) for row in rows}


# -- validation of an incident's custom fields ---------------------------------------------


@dataclass
class SchemaSpec:
    """DevRev's custom-schema-spec."""

    apps: list[str] = field(default_factory=list)
    subtype: str = ""
    tenant_fragment: bool = False
    validate_required_fields: bool = False
    drop_apps: list[str] = field(default_factory=list)
    drop_subtype: bool = False


@dataclass
class CustomState:
    """An incident's custom side: its field values, applied fragments (target -> fragment
    row key) and subtype."""

    fields: dict[str, Any] = field(default_factory=dict)
    fragments: dict[str, int] = field(default_factory=dict)
    subtype: str | None = None

    def fragment_dons(self) -> list[str]:
        return [ids.fragment_don(key, target.split("/")[1]) for target, key in sorted(self.fragments.items())]


def customization_error(reason: str, validation_subtype: str, field_name: str, description: str) -> InvalidArgument:
    """DevRev's customization_validation_error, with its subtype as ``validation_subtype``."""
    return InvalidArgument(
        reason,
        f"{field_name}: {description}",
        metadata={
            "type": "bad_request",
            "subtype": "customization_validation_error",
            "validation_subtype": validation_subtype,
            "field_name": field_name,
        },
        field_violations=[FieldViolation(field_name, description, reason)],
    )


def apply_custom_fields(
    tx: Session,
    spec: SchemaSpec | None,
    values: Mapping[str, Any] | None,
    current: CustomState,
    *,
    creating: bool,
) -> CustomState:
    """The custom side after a create (``current`` empty) or an update: fragments named by the
    spec replace their earlier versions, dropped ones go with their fields, and ``values``
    merge in (None removes a key on update), each validated against its fragment."""
    spec = spec or SchemaSpec()
    values = dict(values or {})
    targets: dict[str, str] = {}  # target -> the spec field that named it
    if spec.tenant_fragment:
        targets[_target("tenant_fragment", None)] = "custom_schema_spec.tenant_fragment"
    for i, app in enumerate(spec.apps):
        targets[_target("app_fragment", app)] = f"custom_schema_spec.apps[{i}]"
    if spec.subtype:
        targets[_target("custom_type_fragment", spec.subtype)] = "custom_schema_spec.subtype"
    found = current_fragments(tx, list(targets))
    for target, where in targets.items():
        if target not in found:
            raise customization_error("FRAGMENT_NOT_FOUND", "fragment_not_found", where,
                                      f"no custom schema fragment is registered for {target}")
    by_prefix = {f.prefix: f for f in found.values()}

    result = CustomState(dict(current.fields), dict(current.fragments), current.subtype)
    if not creating:
        for app in spec.drop_apps:
            _drop(result, _target("app_fragment", app), f"{app}__")
        if spec.drop_subtype or (spec.subtype and spec.subtype != current.subtype):
            if result.subtype:
                _drop(result, _target("custom_type_fragment", result.subtype), f"{SUBTYPE_PREFIX}__")
            result.subtype = None
    for target, fragment in found.items():
        result.fragments[target] = fragment.id
    if spec.subtype:
        result.subtype = spec.subtype

    for key in sorted(values):
        where = f"custom_fields.{key}"
        prefix, sep, name = key.partition("__")
        if not sep or not name:
            raise customization_error("FIELD_NOT_IN_SCHEMA", "field_not_in_schema", where,
                                      "a custom field key is <fragment prefix>__<name> (tnt__, ctype__, <app>__)")
        fragment = by_prefix.get(prefix)
        if fragment is None:
            raise customization_error(
                "CUSTOM_FIELD_SCHEMA_MISSING", "fragment_not_found", where,
                f"the schema of {key!r} is not in custom_schema_spec (name its fragment: "
                + ("tenant_fragment" if prefix == TENANT_PREFIX else "subtype" if prefix == SUBTYPE_PREFIX
                   else f"apps: [{prefix!r}]") + ")",
            )
        spec_field = fragment.field(name)
        if spec_field is None:
            raise customization_error("FIELD_NOT_IN_SCHEMA", "field_not_in_schema", where,
                                      f"fragment {fragment.don} has no field {name!r}")
        value = values[key]
        if value is None:
            result.fields.pop(key, None)
            continue
        result.fields[key] = _typed(spec_field, value, where)

    if spec.validate_required_fields:
        for fragment in sorted(found.values(), key=lambda f: f.target):
            for spec_field in fragment.fields:
                key = fragment.key(spec_field)
                if spec_field.is_required and result.fields.get(key) in (None, "", []):
                    raise customization_error("MISSING_REQUIRED_FIELD", "field_required", f"custom_fields.{key}",
                                              f"{key} is required by fragment {fragment.don}")
    return result


def _drop(state: CustomState, target: str, key_prefix: str) -> None:
    state.fragments.pop(target, None)
    for key in [k for k in state.fields if k.startswith(key_prefix)]:
        del state.fields[key]


def _typed(spec: FieldSpec, value: Any, where: str) -> Any:
    if spec.is_list:
        if not isinstance(value, list):
            raise customization_error("WRONG_TYPE", "wrong_type", where, f"expected a list of {spec.field_type}")
        return [_scalar(spec, v, f"{where}[{i}]") for i, v in enumerate(value)]
    return _scalar(spec, value, where)


def _scalar(spec: FieldSpec, value: Any, where: str) -> Any:
    kind = spec.field_type

    def wrong(subtype: str = "wrong_type", what: str = "") -> InvalidArgument:
        return customization_error("WRONG_TYPE", subtype, where, what or f"expected {kind}, got {value!r}")

    if kind in ("text", "tokens", "enum", "timestamp", "date", "id") and not isinstance(value, str):
        raise wrong()
    if kind in ("text", "tokens"):
        return value
    if kind == "enum":
        if value not in spec.allowed_values:
            raise InvalidArgument(
                "ENUM_OUT_OF_RANGE",
                f"{where}: {value!r} is not one of {', '.join(spec.allowed_values)}",
                metadata={"type": "bad_request", "subtype": "customization_validation_error",
                          "validation_subtype": "enum_out_of_range", "field_name": where,
                          "allowed_values": list(spec.allowed_values), "value": value},
                field_violations=[FieldViolation(where, f"allowed values: {', '.join(spec.allowed_values)}",
                                                 "ENUM_OUT_OF_RANGE")],
            )
        return value
    if kind == "timestamp":
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise wrong("timestamp_parse_error", f"{value!r} is not an RFC 3339 instant") from None
        if instant.tzinfo is None:
            raise wrong("timestamp_parse_error", f"{value!r} has no time zone")
        try:
            instant = instant.astimezone(timezone.utc)
        except OverflowError:
            raise wrong("timestamp_parse_error", f"{value!r} lies outside years 1..9999 in UTC") from None
        return instant.isoformat().replace("+00:00", "Z")
    if kind == "date":
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise wrong("date_parse_error", f"{value!r} is not a YYYY-MM-DD date") from None
    if kind == "id":
        if not _DON.match(value):
            raise wrong("id_parse_error", f"{value!r} is not a DON id")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise wrong()
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise wrong()
    if kind == "int":
        if float(value) != int(value):
            raise wrong()
        if abs(value) > _EXACT_INT:  # custom fields travel as JSON numbers (doubles)
            raise wrong(what=f"{value!r} is beyond ±2^53, where a JSON number stops holding every integer")
        return int(value)
    return float(value)


def filter_value(spec: FieldSpec, value: Any, where: str) -> Any:
    """A filter value of a timestamp or date field in the form create and update store (UTC
    instants end in Z, dates are YYYY-MM-DD), so equal values compare equal; WRONG_TYPE, as
    there, for a value that is neither. Values of other types are returned as given."""
    return _scalar(spec, value, where) if spec.field_type in ("timestamp", "date") else value


def filter_field(tx: Session, key: str) -> FieldSpec:
    """The current field spec behind a custom field filter key."""
    where = f"custom_fields.{key}"
    prefix, sep, name = key.partition("__")
    if sep and name:
        if prefix == TENANT_PREFIX:
            query = select(CustomSchemaFragment).where(CustomSchemaFragment.fragment_type == "tenant_fragment")
        elif prefix == SUBTYPE_PREFIX:
            query = select(CustomSchemaFragment).where(CustomSchemaFragment.fragment_type == "custom_type_fragment")
        else:
            query = select(CustomSchemaFragment).where(CustomSchemaFragment.fragment_type == "app_fragment",
                                                       CustomSchemaFragment.app == prefix)
        for row in tx.scalars(query.where(CustomSchemaFragment.deprecated.is_(False))):
            spec = _fragment(row).field(name)
            if spec is not None:
                return spec
    raise customization_error("FIELD_NOT_IN_SCHEMA", "field_not_in_schema", where,
                              f"no registered custom schema fragment has the field {key!r}")
