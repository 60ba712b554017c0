"""SIGTERM under load: `flowkeeper serve` drains the calls in flight, answers later calls
UNAVAILABLE, exits 0, and every call that was answered OK is in the database.

To have calls provably in flight when the signal arrives, the test holds the database's write
lock for a moment: the CreateUser calls block inside their transaction, SIGTERM is sent, then
the lock is released and those calls must still complete."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from dataclasses import dataclass, field

import grpc
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from server.db import Database
from server.identity.models import User
from tests.conftest import BACKENDS, database_url
from tests.platform.served import ServedProcess, bearer, separate_channel
from tests.support import unique

LOADERS = 8


@dataclass
class Call:
    name: str
    started: float
    ended: float = 0.0
    code: grpc.StatusCode | None = None


@dataclass
class Load:
    """LOADERS threads, each on a connection of its own, creating users as fast as they can."""

    address: str
    token: str
    calls: list[Call] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(LOADERS)]
        for thread in threads:
            thread.start()
        return threads

    def _loop(self) -> None:
        with separate_channel(self.address) as channel:
            stub = user_pb2_grpc.UserServiceStub(channel)
            while not self.stop.is_set():
                call = Call(unique("load"), time.monotonic())
                self.calls.append(call)
                try:
                    stub.CreateUser(user_pb2.CreateUserRequest(display_name=call.name), metadata=bearer(self.token),
                                    timeout=30)
                    call.code = grpc.StatusCode.OK
                except grpc.RpcError as error:
                    call.code = error.code()
                call.ended = time.monotonic()
                if call.code != grpc.StatusCode.OK:
                    return  # the server is going away; this loader is done

    def answered(self, code: grpc.StatusCode) -> list[Call]:
        return [c for c in self.calls if c.code == code]

    def all_blocked(self, quiet: float = 0.2) -> bool:
        """Every loader has a call pending and none was answered for ``quiet`` seconds."""
        calls = list(self.calls)
        pending = sum(1 for c in calls if c.code is None)
        last_answer = max((c.ended for c in calls if c.code is not None), default=0.0)
        return pending == LOADERS and time.monotonic() - last_answer > quiet


class WriteLock:
    """Holds the database's write lock from the test process (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: an EXCLUSIVE lock on the users table, which blocks inserts, not reads)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> "WriteLock":
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            self._sqlite = sqlite3.connect(parsed.database, isolation_level=None)
            self._sqlite.execute("BEGIN IMMEDIATE")
        else:
            self._engine = create_engine(parsed.set(drivername="postgresql+psycopg"))
            self._conn = self._engine.connect()
            self._conn.execute(text("LOCK TABLE users IN EXCLUSIVE MODE"))
        return self

    def __exit__(self, *_exc: object) -> None:
        if hasattr(self, "_sqlite"):
            self._sqlite.execute("ROLLBACK")
            self._sqlite.close()
        else:
            self._conn.rollback()
            self._conn.close()
            self._engine.dispose()


def _wait_for(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("backend", BACKENDS)
def test_sigterm_drains_calls_in_flight_and_exits_0(backend, workers, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    url = database_url(backend, request, tmp_path_factory)
    served = ServedProcess(["--listen", "127.0.0.1:0", "--database-url", url, "--workers", str(workers)],
                           workers=workers, cwd=tmp_path_factory.mktemp("cwd"))
    load: Load | None = None
    try:
        served.start()
        load = Load(served.address, served.first_token)
        threads = load.run()
        _wait_for(lambda: len(load.answered(grpc.StatusCode.OK)) >= 20, 20, "the first answers")

        with WriteLock(url):
            _wait_for(load.all_blocked, 10, "every loader to block on the lock")
            served.process.terminate()  # SIGTERM
            signalled_at = time.monotonic()
            time.sleep(0.5)
            assert served.process.poll() is None, "the server exited with calls in flight"
            # A new connection is refused while the old calls drain.
            with grpc.insecure_channel(served.address) as late:
                with pytest.raises(grpc.RpcError) as refused:
                    user_pb2_grpc.UserServiceStub(late).GetSelf(user_pb2.GetSelfRequest(),
                                                                metadata=bearer(served.first_token), timeout=5)
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        assert served.process.wait(20) == 0, served.output()
        for thread in threads:
            thread.join(10)
    finally:
        if load is not None:
            load.stop.set()
        served.close()

    drained = [c for c in load.calls if c.started < signalled_at < c.ended]
    assert len(drained) >= LOADERS and all(c.code == grpc.StatusCode.OK for c in drained), drained
    failed = [c for c in load.calls if c.code != grpc.StatusCode.OK]
    assert failed and {c.code for c in failed} == {grpc.StatusCode.UNAVAILABLE}, failed
    assert all(c.started > signalled_at for c in failed)

    ok = {c.name for c in load.answered(grpc.StatusCode.OK)}
    db = Database(url)
    try:
        stored = db.run(lambda s: set(s.scalars(select(User.display_name).where(User.display_name.in_(ok)))),
                        write=False)
    finally:
        db.dispose()
    assert stored == ok


def test_workers_stop_when_their_supervisor_is_killed(tmp_path):  # type: ignore[no-untyped-def]
    served = ServedProcess(["--listen", "127.0.0.1:0", "--database-url", f"sqlite:///{tmp_path}/f.db",
                            "--workers", "2"], workers=2, cwd=tmp_path)
    try:
        served.start()
        workers = served.worker_pids
        os.kill(served.process.pid, signal.SIGKILL)
        served.process.wait(10)
        _wait_for(lambda: not any(_alive(pid) for pid in workers), 10, "the orphaned workers to exit")
        assert "the supervisor (pid" in served.output()
    finally:
        served.close()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
