"""Per-identity rate limiting whose counters live in the database.

Each minute window has one row per identity. A process leases a slice of the window's quota in
one short write transaction and spends it locally, so every replica draws on the same budget and
the database sees one write per slice, not per call."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import Integer, String, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.clock import Clock
from server.db import Base, Database
from server.errors import ResourceExhausted

WINDOW_SECONDS = 60


class RateLimitWindow(Base):
    __tablename__ = "rate_limit_windows"

    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    used: Mapped[int] = mapped_column(Integer)


@dataclass
class _Lease:
    window: int
    remaining: int


class RateLimiter:
    def __init__(self, db: Database, clock: Clock, per_minute: int) -> None:
        self._db = db
        self._clock = clock
        self.per_minute = per_minute
        # A lease is 0.5% of the limit (at most 1,000 calls): small limits lease one call at a
        # time, so they are exact; at the default 120,000 a process leases 600 calls, a write
        # every 600 calls instead of one per call. Calls leased and not spent when the window
        # ends are lost, at most one lease per process and identity.
        self._slice = max(1, min(1000, per_minute // 200))
        self._leases: dict[str, _Lease] = {}
        self._lock = threading.Lock()

    def check(self, subject: str) -> None:
        """Spend one call of ``subject``'s budget, or raise RESOURCE_EXHAUSTED with a retry delay."""
        if self.per_minute <= 0:
            return
        now = self._clock.now().timestamp()
        window = int(now // WINDOW_SECONDS)
        with self._lock:
            lease = self._leases.get(subject)
            if lease is not None and lease.window == window and lease.remaining > 0:
                lease.remaining -= 1
                return
        granted = self._db.run(lambda s: self._take(s, subject, window), write=True)
        if granted <= 0:
            retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
            raise ResourceExhausted(
                "TOO_MANY_REQUESTS",
                f"rate limit of {self.per_minute} calls per minute exceeded; retry in {retry_after}s",
                metadata={"type": "too_many_requests", "retry_after": retry_after, "limit": self.per_minute},
                retry_after_seconds=retry_after,
            )
        with self._lock:
            self._leases[subject] = _Lease(window, granted - 1)

    def _take(self, session: Session, subject: str, window: int) -> int:
        insert = sqlite_insert if self._db.is_sqlite else pg_insert
        stmt = insert(RateLimitWindow).values(subject=subject, window=window, used=self._slice)
        stmt = stmt.on_conflict_do_update(
            index_elements=["subject", "window"],
            set_={"used": RateLimitWindow.used + self._slice},
        ).returning(RateLimitWindow.used)
        used = session.execute(stmt).scalar_one()
        if used == self._slice:  # first lease of a new window: forget windows long gone
            session.execute(delete(RateLimitWindow).where(RateLimitWindow.window < window - 5))
        before = used - self._slice
        return max(0, min(self._slice, self.per_minute - before))
