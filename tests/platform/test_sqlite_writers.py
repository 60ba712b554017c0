"""SQLite writers of several processes (`serve --workers N`) take turns on one file lock: a
writer waits in the kernel while another process writes, then goes on at once."""

from __future__ import annotations

import threading
import time

from sqlalchemy import event, select

from server.clock import SystemClock
from server.db import Database
from server.identity.models import User
from server.identity.service import create_user
from server.migrate import upgrade
from tests.support import unique


def test_writers_of_two_databases_on_one_file_take_turns(tmp_path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/shared.db"
    first, second = Database(url), Database(url)  # two open file descriptions: as two processes
    try:
        upgrade(first)
        holding, release = threading.Event(), threading.Event()
        names = [unique("first"), unique("second")]
        finished: dict[str, float] = {}

        def slow_writer(tx):  # type: ignore[no-untyped-def]
            create_user(tx, SystemClock(), display_name=names[0])
            holding.set()
            release.wait(10)

        def write_first() -> None:
            first.run(slow_writer, write=True)
            finished["first"] = time.monotonic()

        def write_second() -> None:
            second.run(lambda tx: create_user(tx, SystemClock(), display_name=names[1]), write=True)
            finished["second"] = time.monotonic()

        threads = [threading.Thread(target=write_first)]
        threads[0].start()
        assert holding.wait(10)
        threads.append(threading.Thread(target=write_second))
        threads[1].start()
        threads[1].join(0.5)
        assert threads[1].is_alive() and not finished, "the second writer did not wait for the first"
        released = time.monotonic()
        release.set()
        for thread in threads:
            thread.join(10)
        # The second commits once the first has (the lock is given back at COMMIT, before the
        # first's call returns), and at once.
        assert set(finished) == {"first", "second"}
        assert released <= finished["second"] < released + 1.0
        stored = second.run(lambda tx: set(tx.scalars(select(User.display_name).where(User.display_name.in_(names)))),
                            write=False)
        assert stored == set(names)
    finally:
        first.dispose()
        second.dispose()
    assert (tmp_path / "shared.db-writelock").exists()


def _driver(tx):  # type: ignore[no-untyped-def]
    from server.fastsql import DRIVER_KEY

    return tx.info[DRIVER_KEY][1]


def _insert_user(tx, name: str) -> None:  # type: ignore[no-untyped-def]
    """A write on the driver alone, as server.fastsql's statements are."""
    _driver(tx).execute("INSERT INTO users (display_name, state, created_date) VALUES (?, 'active', ?)",
                        (name, "2026-12-06 00:00:00.000000"))


def test_writes_of_a_process_reuse_its_writing_connection(tmp_path):  # type: ignore[no-untyped-def]
    """The writing connection stays checked out from one write to the next, also after a call
    that failed and was rolled back; what that call wrote is gone."""
    database = Database(f"sqlite:///{tmp_path}/held.db")
    try:
        upgrade(database)
        checkouts: list[object] = []
        event.listen(database._writer, "checkout", lambda *args: checkouts.append(args[0]))  # noqa: SLF001
        first = database.run(_driver, write=True)
        name = unique("rolled-back")

        def failing(tx):  # type: ignore[no-untyped-def]
            _insert_user(tx, name)
            raise LookupError("the call fails after writing")

        try:
            database.run(failing, write=True)
        except LookupError:
            pass
        else:
            raise AssertionError("the failing call did not raise")
        assert database.run(_driver, write=True) is first
        assert not first.in_transaction
        kept = unique("kept")
        database.run(lambda tx: _insert_user(tx, kept), write=True)
        stored = database.run(lambda tx: set(tx.scalars(select(User.display_name).where(
            User.display_name.in_([name, kept])))), write=False)
        assert stored == {kept}
        assert checkouts == [first]  # checked out once, by the first write
    finally:
        database.dispose()


def test_a_write_that_uses_the_orm_hands_the_connection_back_and_the_next_write_goes_on(tmp_path):  # type: ignore[no-untyped-def]
    """A write that builds SQLAlchemy's Session returns the connection to the writer's pool
    (its Connection does); the next write checks it out again."""
    database = Database(f"sqlite:///{tmp_path}/handed.db")
    try:
        upgrade(database)
        names = [unique("orm"), unique("after")]

        def with_session(tx):  # type: ignore[no-untyped-def]
            tx.add(User(display_name=names[0], email="", full_name="", state="active",
                        created_date=SystemClock().now()))
            tx.flush()
            return _driver(tx)

        used = database.run(with_session, write=True)
        database.run(lambda tx: create_user(tx, SystemClock(), display_name=names[1]), write=True)
        assert database.run(_driver, write=True) is used  # one connection in the writer's pool
        stored = database.run(lambda tx: set(tx.scalars(select(User.display_name).where(
            User.display_name.in_(names)))), write=False)
        assert stored == set(names)
    finally:
        database.dispose()
