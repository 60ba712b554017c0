"""SQLite writers of several processes (`serve --workers N`) take turns on one file lock: a
writer waits in the kernel while another process writes, then goes on at once."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

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
