"""Prepared statements (server.fastsql) give the same answers as SQLAlchemy's own execute, on
both databases: typed binds and results (UTC datetimes, JSON), IN lists of any length,
RETURNING, executemany, literals the statement carries, and driver errors as SQLAlchemy's."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterator

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, delete, exc, insert, select, update
from sqlalchemy.orm import Session

from server.db import Database, JsonDocument, UtcDateTime
from server.fastsql import Prepared
from tests.conftest import BACKENDS, database_url

metadata = MetaData()
things = Table(
    "fastsql_things", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("seen", UtcDateTime, nullable=True),
    Column("doc", JsonDocument, nullable=True),
    Column("note", String(50), nullable=False, default=""),
)

INSERT = Prepared(insert(things).returning(things.c.id))
INSERT_MANY = Prepared(insert(things))
BY_IDS = Prepared(select(things.c.id, things.c.name, things.c.seen, things.c.doc)
                  .where(things.c.id.in_(bindparam("keys", expanding=True))).order_by(things.c.id))
GADGETS = Prepared(select(things.c.name).where(things.c.kind == "gadget").order_by(things.c.name))
RENAME = Prepared(update(things).where(things.c.id == bindparam("key")))
REMOVE = Prepared(delete(things).where(things.c.kind == bindparam("kind")))

SEEN = datetime(2026, 11, 23, 14, 30, 5, 123456, tzinfo=timezone.utc)


@pytest.fixture(params=BACKENDS)
def tx(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    db = Database(database_url(request.param, request, tmp_path_factory))
    metadata.create_all(db.engine)
    try:
        with db.session(write=True) as session:
            yield session
    finally:
        db.dispose()


def row(name: str, kind: str = "widget", **values: object) -> dict[str, object]:
    return {"name": name, "kind": kind, "seen": None, "doc": None, "note": "", **values}


def test_insert_returning_and_typed_results_match_sqlalchemy(tx: Session) -> None:
    first = INSERT.execute(tx, row("a", seen=SEEN, doc={"n": [1, 2], "s": "x"})).scalar_one()
    second = INSERT.execute(tx, row("b")).scalar_one()
    fast = BY_IDS.execute(tx, {"keys": [second, first]}).all()
    slow = tx.connection().execute(BY_IDS.statement, {"keys": [second, first]}).all()
    assert [tuple(r) for r in fast] == [tuple(r) for r in slow]
    assert fast[0].seen == SEEN and fast[0].seen.tzinfo is not None
    assert fast[0].doc == {"n": [1, 2], "s": "x"} and fast[1].doc is None


def test_in_lists_of_any_length(tx: Session) -> None:
    keys = [INSERT.execute(tx, row(f"n{i}")).scalar_one() for i in range(5)]
    assert BY_IDS.execute(tx, {"keys": []}).all() == []
    assert [r.id for r in BY_IDS.execute(tx, {"keys": keys[:1]})] == keys[:1]
    assert [r.id for r in BY_IDS.execute(tx, {"keys": keys})] == keys
    assert BY_IDS.execute(tx, {"keys": [-1]}).first() is None


def test_executemany_literals_updates_and_rowcount(tx: Session) -> None:
    INSERT_MANY.execute(tx, [row("x", "gadget"), row("y", "gadget"), row("z")])
    assert [r.name for r in GADGETS.execute(tx)] == ["x", "y"]
    key = INSERT.execute(tx, row("w", "gadget")).scalar_one()
    assert RENAME.execute(tx, {"key": key, "name": "v"}).rowcount == 1
    assert [r.name for r in GADGETS.execute(tx)] == ["v", "x", "y"]
    assert REMOVE.execute(tx, {"kind": "gadget"}).rowcount == 3
    assert GADGETS.execute(tx).all() == []


def test_driver_errors_come_back_as_sqlalchemy_errors(tx: Session) -> None:
    INSERT.execute(tx, row("same"))
    with pytest.raises(exc.IntegrityError):
        INSERT.execute(tx, row("same"))


def test_statements_needing_python_side_defaults_are_refused(tx: Session) -> None:
    with pytest.raises(TypeError, match="Python-side column defaults"):
        INSERT.execute(tx, {"name": "no-note", "kind": "widget", "seen": None, "doc": None})
