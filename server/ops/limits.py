"""Length limits of request text, read from the String(n) columns it is stored in.

PostgreSQL refuses a value longer than its column (the call would answer INTERNAL) while SQLite
keeps it, so the domain refuses it first, alike on both. Every indexed text column's limit in
characters, four UTF-8 bytes each, stays within PostgreSQL's b-tree entry size (about 2,700
bytes): the largest, ``ix_incidents_title_id``, holds at most 2,048 bytes of title (512
characters) and the 4-byte id. A new indexed column must keep to that, or its limit must count
bytes."""

from __future__ import annotations

from typing import Any

from server.errors import invalid_field


def max_length(column: Any) -> int:
    """The length n of the String(n) ``column`` (an ORM attribute or a table column)."""
    return column.type.length  # type: ignore[no-any-return]


def check_length(field_name: str, value: str | None, column: Any) -> None:
    """INVALID_FIELD naming ``field_name`` when ``value`` is longer than ``column`` holds."""
    limit = max_length(column)
    if value is not None and len(value) > limit:
        raise invalid_field(field_name, f"at most {limit} characters (got {len(value)})", max_length=limit)
