"""datetime → google.protobuf.Timestamp without protobuf's FromDatetime, which goes through
``utctimetuple`` and ``calendar.timegm`` (≈2.2 µs against ≈0.6 µs here; a page of 50 incidents
encodes a few hundred instants)."""

from __future__ import annotations

from datetime import datetime, timezone

from google.protobuf import timestamp_pb2

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def timestamp_of(value: datetime) -> timestamp_pb2.Timestamp:
    """The instant ``value`` (a naive datetime counts as UTC, as in FromDatetime)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    since = value - _EPOCH
    return timestamp_pb2.Timestamp(seconds=since.days * 86_400 + since.seconds, nanos=since.microseconds * 1000)
