"""Public ids. Rows have integer keys; the API shows them as DevRev-style DONs
(``don:core:flowkeeper:incident/42``) with a short display id (``INC-42``). Either form is
accepted wherever an id is expected."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from server.errors import invalid_id

# The largest row key an id column holds (INTEGER, 32-bit on PostgreSQL). A larger number is a
# well-formed id that names no row: lookups answer it as unknown without asking the database.
MAX_KEY = 2**31 - 1

_DON = re.compile(r"^don:(?P<service>[a-z]+):flowkeeper:(?P<type>[a-z_]+)/(?P<n>[1-9][0-9]{0,17})$")
_DISPLAY = re.compile(r"^(?P<prefix>[A-Za-z]+)-(?P<n>[1-9][0-9]{0,17})$")


@dataclass(frozen=True)
class IdKind:
    noun: str  # what the error message calls it: "user", "part"
    service: str  # DON service segment: "identity", "core"
    don_type: str  # DON type segment: "devu", "incident"
    prefixes: tuple[str, ...]  # display-id prefixes; the first is the default

    def don(self, key: int) -> str:
        return f"don:{self.service}:flowkeeper:{self.don_type}/{key}"

    def display(self, key: int, prefix: str | None = None) -> str:
        return f"{prefix or self.prefixes[0]}-{key}"

    def parse(self, value: str, field_name: str) -> int:
        """The row key named by ``value``, or INVALID_ARGUMENT (invalid_id) naming the field. The
        key may exceed MAX_KEY: lookups then find no row (``storable``), as for any unknown id."""
        text = (value or "").strip()
        m = _DON.match(text)
        if m and m["service"] == self.service and m["type"] == self.don_type:
            return int(m["n"])
        m = _DISPLAY.match(text)
        if m and m["prefix"].upper() in self.prefixes:
            return int(m["n"])
        raise invalid_id(field_name, value, self.noun)

    def display_prefix(self, value: str) -> str | None:
        """The prefix (upper case) of ``value`` when it is one of this kind's display ids."""
        m = _DISPLAY.match((value or "").strip())
        return m["prefix"].upper() if m and m["prefix"].upper() in self.prefixes else None

    def try_parse(self, value: str) -> int | None:
        try:
            return self.parse(value, "")
        except Exception:
            return None


def storable(keys: Iterable[int]) -> list[int]:
    """The keys a row can have (at most MAX_KEY); the others name no row."""
    return [k for k in keys if k <= MAX_KEY]


USER = IdKind("user", "identity", "devu", ("DEVU",))
