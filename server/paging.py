"""AIP-158 paging (page_size and opaque page tokens) of every context's lists."""

from __future__ import annotations

import base64
import binascii
from typing import TypeVar

from server.errors import InvalidArgument, FieldViolation, invalid_field

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def page_size(value: int, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE,
              field: str = "page_size") -> int:
    """0 means the default, negative is an error, too large is capped."""
    if value < 0:
        raise invalid_field(field, f"must not be negative (got {value})")
    return min(value or default, maximum)


def encode_token(scope: str, after_key: int) -> str:
    """An opaque token naming the last row key of a page within ``scope`` (one list)."""
    return base64.urlsafe_b64encode(f"{scope}|{after_key}".encode()).decode().rstrip("=")


# A key in a token this API wrote fits a 64-bit integer (the databases' OFFSET and row keys);
# a longer one was made up, and would fail the statement it reached.
_MAX_KEY_DIGITS = 18


def decode_token(scope: str, token: str, field: str = "page_token") -> int:
    """The row key after which the page starts; 0 for the first page."""
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        token_scope, _, key = text.rpartition("|")
        if token_scope == scope and key.isdigit() and len(key) <= _MAX_KEY_DIGITS:
            return int(key)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise InvalidArgument(
        "INVALID_PAGE_TOKEN",
        f"{field} was not returned by this list",
        metadata={"type": "bad_request", "subtype": "invalid_field", "field_name": field},
        field_violations=[FieldViolation(field, "not a token of this list", "INVALID_PAGE_TOKEN")],
    )


class OffsetPage:
    """One page of a list paged by offset behind an opaque token: ask the query for ``limit``
    rows from ``offset``, then ``split`` them into the page and the next page's token."""

    def __init__(self, scope: str, request: object, *, maximum: int = MAX_PAGE_SIZE) -> None:
        self.scope = scope
        self.size = page_size(request.page_size, maximum=maximum)  # type: ignore[attr-defined]
        self.offset = decode_token(scope, request.page_token)  # type: ignore[attr-defined]

    @property
    def limit(self) -> int:
        """One row more than the page, to know whether another page follows."""
        return self.size + 1

    def split(self, rows: list[T]) -> tuple[list[T], str]:
        token = encode_token(self.scope, self.offset + self.size) if len(rows) > self.size else ""
        return rows[: self.size], token
