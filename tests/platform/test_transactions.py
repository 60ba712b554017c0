"""Database.session: one transaction begun on the driver, a Session built only when something
beyond driver statements is asked for, commit and rollback either way, and on SQLite the
process's one writing connection."""

from __future__ import annotations

from typing import Iterator

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from server.db import Database
from server.fastsql import Prepared, driver_of
from tests.conftest import BACKENDS, database_url

metadata = MetaData()
notes = Table("tx_notes", metadata, Column("id", Integer, primary_key=True),
              Column("text", String(50), nullable=False, unique=True))
ADD = Prepared(insert(notes))
TEXTS = Prepared(select(notes.c.text).order_by(notes.c.text))


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database(database_url(request.param, request, tmp_path_factory))
    metadata.create_all(database.engine)
    try:
        yield database
    finally:
        database.dispose()


def texts(db: Database) -> list[str]:
    return db.run(lambda tx: [r.text for r in TEXTS.execute(tx)], write=False)


def test_driver_statements_alone_commit_without_a_session(db: Database) -> None:
    def unit(tx):  # type: ignore[no-untyped-def]
        ADD.execute(tx, {"text": "a"})
        assert not tx.owns_connection()  # no SQLAlchemy Connection or Session was built
        assert tx.get_bind() is db.engine
        return "done"

    assert db.run(unit, write=True) == "done"
    assert texts(db) == ["a"]


def test_a_failed_unit_leaves_nothing_whether_or_not_a_session_was_built(db: Database) -> None:
    def driver_only(tx):  # type: ignore[no-untyped-def]
        ADD.execute(tx, {"text": "b"})
        raise RuntimeError("refused")

    def mixed(tx):  # type: ignore[no-untyped-def]
        ADD.execute(tx, {"text": "c"})
        tx.execute(insert(notes).values(text="d"))  # builds the Session, same transaction
        assert tx.owns_connection()
        raise RuntimeError("refused")

    for unit in (driver_only, mixed):
        with pytest.raises(RuntimeError):
            db.run(unit, write=True)
    assert texts(db) == []


def test_the_session_sees_what_driver_statements_wrote_and_commits_both(db: Database) -> None:
    def unit(tx):  # type: ignore[no-untyped-def]
        ADD.execute(tx, {"text": "e"})
        seen = tx.scalars(select(notes.c.text)).all()  # the ORM Session, built now
        tx.execute(insert(notes).values(text="f"))
        ADD.execute(tx, {"text": "g"})  # and the driver again, after the Session
        return seen

    assert db.run(unit, write=True) == ["e"]
    assert texts(db) == ["e", "f", "g"]


def test_a_failed_commit_raises_and_keeps_nothing(db: Database) -> None:
    db.run(lambda tx: ADD.execute(tx, {"text": "h"}), write=True)
    with pytest.raises(IntegrityError):
        # the duplicate fails at the statement; the unit then commits nothing of its own
        db.run(lambda tx: (ADD.execute(tx, {"text": "i"}), ADD.execute(tx, {"text": "h"})), write=True)
    assert texts(db) == ["h"]


def test_sqlite_writes_share_one_connection_and_reads_use_the_pool(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'writer.db'}")
    metadata.create_all(db.engine)
    try:
        writers = {db.run(lambda tx: id(driver_of(tx)[1]), write=True) for _ in range(5)}
        assert len(writers) == 1
        assert db.run(lambda tx: id(driver_of(tx)[1]), write=False) not in writers
        db.run(lambda tx: ADD.execute(tx, {"text": "j"}), write=True)
        assert texts(db) == ["j"]
    finally:
        db.dispose()
