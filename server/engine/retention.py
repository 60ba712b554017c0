"""When a definition's history time to live has passed: the condition the history cleanup
removes by (server.engine.history, server.engine.dmn.history) and the cleanable reports count
by (server.engine.history_reports)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session


def cutoffs(tx: Session, column: Any, now: datetime) -> dict[int, datetime]:
    """Each time to live in use (``column``'s values), with the instant before which it has passed."""
    days = tx.scalars(select(column).where(column.is_not(None)).distinct())
    return {d: now - timedelta(days=d) for d in days}


def passed(tx: Session, now: datetime, ended: Any, definition: Any) -> ColumnElement[bool] | None:
    """The condition of rows ``ended`` at least their ``definition``'s time to live ago (the
    definition joined); None when no definition has a time to live."""
    found = cutoffs(tx, definition.history_time_to_live, now)
    if not found:
        return None
    return or_(*(and_(definition.history_time_to_live == days, ended <= cutoff) for days, cutoff in found.items()))
