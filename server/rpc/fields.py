"""Reading request messages: the value of a presence-tracked (``optional``) field."""

from __future__ import annotations

from typing import Any


def optional(message: Any, name: str) -> Any:
    """The value of an optional (presence-tracked) field, None when it is not set."""
    return getattr(message, name) if message.HasField(name) else None
