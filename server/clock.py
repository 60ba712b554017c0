"""Time as the domain sees it: the system clock, or a clock tests move by hand."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Protocol


# The first and the last instant the calendar holds (datetime's range, which is that of
# google.protobuf.Timestamp to the microsecond): where a date reaching beyond it is clamped.
CALENDAR_START = datetime(1, 1, 1, tzinfo=timezone.utc)
CALENDAR_END = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock that only moves when told to (tests of timers and retry timeouts)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now

    def set(self, instant: datetime) -> None:
        with self._lock:
            self._now = instant
