"""Public ids of the incident desk's objects (DONs and display ids, see server.ids)."""

from __future__ import annotations

from server.ids import USER, IdKind

__all__ = [
    "USER", "INCIDENT", "PART", "ARTIFACT", "ARTICLE", "ACCOUNT", "TAG", "SYNC_UNIT", "STAGE", "STATE",
    "STAGE_DIAGRAM", "TIMELINE_ENTRY", "FRAGMENT_KINDS", "STOCK_SCHEMA_FRAGMENT", "fragment_don", "parse_fragment",
    "part_display", "part_type_named",
]

INCIDENT = IdKind("incident", "core", "incident", ("INC",))
# One key space for all part types; the display prefix follows the type.
PART = IdKind("part", "core", "part", ("PART", "PROD", "CAPL", "FEAT", "ENH"))
ARTIFACT = IdKind("artifact", "core", "artifact", ("ARTIFACT",))
ARTICLE = IdKind("article", "core", "article", ("ART",))
ACCOUNT = IdKind("account", "core", "account", ("ACC",))
TAG = IdKind("tag", "core", "tag", ("TAG",))
SYNC_UNIT = IdKind("sync unit", "core", "sync_unit", ("SYNCUNIT",))
STAGE = IdKind("stage", "core", "custom_stage", ("STAGE",))
STATE = IdKind("state", "core", "custom_state", ("STATE",))
STAGE_DIAGRAM = IdKind("stage diagram", "core", "stage_diagram", ("DIAGRAM",))
TIMELINE_ENTRY = IdKind("timeline entry", "core", "incident_timeline_entry", ("TLE",))

# A fragment's DON type is its fragment type, as in DevRev.
FRAGMENT_KINDS = {
    t: IdKind("custom schema fragment", "core", t, ("CSF",))
    for t in ("tenant_fragment", "app_fragment", "custom_type_fragment")
}
STOCK_SCHEMA_FRAGMENT = "don:core:flowkeeper:stock_schema_fragment/1"

_PART_PREFIX = {"product": "PROD", "capability": "CAPL", "feature": "FEAT", "enhancement": "ENH"}


_PREFIX_PART = {prefix: part_type for part_type, prefix in _PART_PREFIX.items()}


def part_display(key: int, part_type: str) -> str:
    return PART.display(key, _PART_PREFIX.get(part_type, "PART"))


def part_type_named(value: str) -> str | None:
    """The part type a display id's prefix names (``CAPL-3``: a capability); None when the id
    names a part of any type (a DON, or ``PART-<n>``)."""
    return _PREFIX_PART.get(PART.display_prefix(value) or "")


def fragment_don(key: int, fragment_type: str) -> str:
    return FRAGMENT_KINDS[fragment_type].don(key)


def parse_fragment(value: str, field_name: str) -> int:
    """The row key of a fragment DON of any fragment type (or `CSF-<n>`)."""
    for kind in FRAGMENT_KINDS.values():
        key = kind.try_parse(value)
        if key is not None:
            return key
    return FRAGMENT_KINDS["tenant_fragment"].parse(value, field_name)  # raises invalid_id
