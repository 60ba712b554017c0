"""UtcDateTime on SQLite: its own one-call processors write the very text SQLAlchemy's DATETIME
writes (text order is time order, old rows stay comparable) and read back aware UTC instants."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, create_engine, insert, select, text
from sqlalchemy.exc import StatementError

from server.db import UtcDateTime

_INSTANTS = [
    datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc),
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=3))),
    datetime(1, 1, 1, tzinfo=timezone.utc),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
]


def test_utc_datetime_on_sqlite_writes_sqlalchemy_text_and_reads_aware_utc() -> None:
    engine = create_engine("sqlite://")
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("ours", UtcDateTime),
                  Column("sqlalchemy", DateTime))
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        for instant in _INSTANTS:
            conn.execute(insert(table), {"ours": instant,
                                         "sqlalchemy": instant.astimezone(timezone.utc).replace(tzinfo=None)})
        conn.execute(insert(table), {"ours": None})
        conn.execute(text("INSERT INTO t (ours) VALUES (CURRENT_TIMESTAMP)"))  # no fraction
        stored = conn.execute(text("SELECT ours, sqlalchemy FROM t ORDER BY id")).all()
        read = conn.scalars(select(table.c.ours).order_by(table.c.id)).all()
    assert [ours for ours, _ in stored[:5]] == [theirs for _, theirs in stored[:5]]
    assert read[:4] == _INSTANTS and read[4] is None
    assert all(value.tzinfo is timezone.utc for value in read[:4])
    assert read[5].tzinfo is timezone.utc and read[5].microsecond == 0


def test_utc_datetime_refuses_naive_values() -> None:
    engine = create_engine("sqlite://")
    table = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("at", UtcDateTime))
    table.metadata.create_all(engine)
    with engine.begin() as conn, pytest.raises(StatementError, match="naive datetime"):
        conn.execute(insert(table), {"at": datetime(2026, 1, 1)})
