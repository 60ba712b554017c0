"""Rows of the ops context to and from flowkeeper.ops.v1 messages: the only module that knows both."""

from __future__ import annotations

from datetime import datetime

from google.protobuf import timestamp_pb2

from flowkeeper.ops.v1 import user_pb2
from server.identity.models import User
from server.ids import USER


def timestamp(value: datetime | None) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    ts = timestamp_pb2.Timestamp()
    ts.FromDatetime(value)
    return ts


_USER_STATE = {name: user_pb2.UserState.Value(f"USER_STATE_{name.upper()}") for name in
               ("active", "deactivated", "deleted", "locked", "shadow", "unassigned")}
_USER_STATE_NAME = {v: k for k, v in _USER_STATE.items()}


def user_state_name(value: int) -> str:
    """The domain's name of a UserState; UNSPECIFIED means active, unknown numbers pass through."""
    if value == user_pb2.USER_STATE_UNSPECIFIED:
        return "active"
    return _USER_STATE_NAME.get(value, str(value))


def user(row: User) -> user_pb2.User:
    return user_pb2.User(
        id=USER.don(row.id),
        display_id=USER.display(row.id),
        display_name=row.display_name,
        full_name=row.full_name or "",
        email=row.email or "",
        state=_USER_STATE.get(row.state, user_pb2.USER_STATE_UNSPECIFIED),
        created_date=timestamp(row.created_date),
    )
