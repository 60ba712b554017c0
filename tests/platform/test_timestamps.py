"""timestamp_of agrees with protobuf's own FromDatetime, on either side of the epoch."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from google.protobuf import timestamp_pb2

from server.rpc.timestamps import timestamp_of

_INSTANTS = [
    datetime(2026, 11, 23, 16, 32, 3, 225509, tzinfo=timezone.utc),
    datetime(2026, 11, 23, 18, 32, 3, 999999, tzinfo=timezone(timedelta(hours=2))),
    datetime(1970, 1, 1, tzinfo=timezone.utc),
    datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=timezone.utc),
    datetime(1900, 3, 1, 12, 0, 0, 1, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2026, 1, 2, 3, 4, 5, 6),  # naive: UTC
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
]


@pytest.mark.parametrize("instant", _INSTANTS, ids=str)
def test_timestamp_of_matches_from_datetime(instant: datetime) -> None:
    expected = timestamp_pb2.Timestamp()
    expected.FromDatetime(instant)
    assert timestamp_of(instant) == expected
    assert timestamp_of(instant).ToDatetime(tzinfo=timezone.utc) == instant.replace(
        tzinfo=instant.tzinfo or timezone.utc)
