"""A call's bounds (server.db.CallBounds, which the interceptor makes of the call: its client's
deadline, and its end when the client cancels) bound the server's database work: no transaction
starts after them, a wait or a statement that would outlive the deadline is stopped, and a
transaction still running when the call is over rolls back. A call whose client saw
DEADLINE_EXCEEDED or CANCELLED leaves nothing behind."""

from __future__ import annotations

import logging
import threading
import time

import grpc
import pytest
from sqlalchemy import select, text

from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from server.db import CallBounds, bounded_by
from server.errors import Cancelled, DeadlineExceeded
from server.identity.models import User
from server.identity.service import get_or_create_user
from server.rpc.status import to_status
from tests.conftest import BACKENDS
from tests.engine.work_support import eventually
from tests.platform.thread_support import in_a_transaction, transactions_running, writes_held
from tests.support import ServerHandle, unique

# Counts to :last, one row at a time: as slow as one likes, on both databases.
_COUNT = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :last) SELECT count(*) FROM n"


def _count(handle: ServerHandle, last: int, *, write: bool) -> int:
    return handle.db.run(lambda tx: tx.execute(text(_COUNT), {"last": last}).scalar_one(), write=write)


def _bounds_of_calls_in_a_transaction() -> list[CallBounds]:
    """The bounds of the server's calls that are inside Database.run right now."""
    return [frame.f_locals["bounds"] for frame in transactions_running()
            if frame.f_locals.get("bounds") is not None]


def _users_named(handle: ServerHandle, name: str) -> int:
    return len(handle.db.run(lambda tx: tx.scalars(select(User.id).where(User.display_name == name)).all(),
                             write=False))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_write_that_waits_past_the_clients_deadline_gives_up_and_keeps_nothing(  # type: ignore[no-untyped-def]
        fresh_server, backend: str, caplog: pytest.LogCaptureFixture) -> None:
    """On SQLite the call waits for the process's writer lock, on PostgreSQL for a table lock
    (statement_timeout): either way the server stops waiting at the deadline, while the test
    still holds what it waited for, and the row never appears."""
    handle = fresh_server(backend)
    users = handle.api().stub(user_pb2_grpc.UserServiceStub)
    users.GetSelf(user_pb2.GetSelfRequest(), timeout=10)  # the token is cached: the call's one write is its own
    name = unique("too-late")
    with caplog.at_level(logging.INFO), writes_held(handle):
        with pytest.raises(grpc.RpcError) as raised:
            users.CreateUser(user_pb2.CreateUserRequest(display_name=name), timeout=1.0)
        assert raised.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        eventually(lambda: in_a_transaction("rpc") + in_a_transaction("rpc-write") == 0,
                   what="the server to give the call up while the lock is still held")
    assert _users_named(handle, name) == 0
    assert users.CreateUser(user_pb2.CreateUserRequest(display_name=name), timeout=10).user.display_name == name
    assert not [r for r in caplog.records if "internal error" in r.getMessage() or "retrying" in r.getMessage()]


@pytest.mark.parametrize("write", [False, True], ids=["read", "write"])
def test_a_statement_that_would_outlive_the_deadline_is_stopped(server: ServerHandle, write: bool) -> None:
    with bounded_by(CallBounds(0.3)), pytest.raises(DeadlineExceeded) as raised:
        _count(server, 10**12, write=write)  # hours of counting
    assert raised.value.reason == "DEADLINE_EXCEEDED"
    # the limit went with its transaction: the connection (on SQLite writes, the one writing
    # connection) counts on without one
    assert _count(server, 50_000, write=write) == 50_000


def test_a_transaction_still_running_at_its_deadline_rolls_back(server: ServerHandle) -> None:
    name = unique("lingers")

    def create_and_linger(tx):  # type: ignore[no-untyped-def]
        get_or_create_user(tx, server.clock, name)
        tx.flush()
        time.sleep(0.4)  # past the deadline, with no statement running

    with bounded_by(CallBounds(0.2)), pytest.raises(DeadlineExceeded):
        server.db.run(create_and_linger, write=True)
    assert _users_named(server, name) == 0
    server.db.run(create_and_linger, write=True)  # without a deadline, the same work is kept
    assert _users_named(server, name) == 1


def test_no_transaction_starts_after_the_deadline(server: ServerHandle) -> None:
    began: list[bool] = []
    with bounded_by(CallBounds(0.0)), pytest.raises(DeadlineExceeded):
        server.db.run(lambda tx: began.append(True), write=True)
    assert began == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_write_whose_client_cancelled_it_keeps_nothing(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    """The call waits for a lock the test holds; the client cancels it. When the lock goes, the
    call's work runs (nothing interrupts a wait on a cancel) but rolls back instead of committing."""
    handle = fresh_server(backend)
    users = handle.api().stub(user_pb2_grpc.UserServiceStub)
    users.GetSelf(user_pb2.GetSelfRequest(), timeout=10)
    name = unique("cancelled")
    with writes_held(handle):
        call = users.CreateUser.future(user_pb2.CreateUserRequest(display_name=name), timeout=30)
        waiting = eventually(_bounds_of_calls_in_a_transaction, what="CreateUser to wait on the held lock")
        assert call.cancel()
        eventually(lambda: all(bounds.given_up for bounds in waiting), what="the server to learn of the cancel")
    eventually(lambda: not _bounds_of_calls_in_a_transaction(), what="the cancelled call to end")
    assert _users_named(handle, name) == 0


def test_a_transaction_whose_call_was_cancelled_rolls_back(server: ServerHandle) -> None:
    name = unique("given-up")
    bounds = CallBounds()

    def create_then_give_up(tx):  # type: ignore[no-untyped-def]
        get_or_create_user(tx, server.clock, name)
        tx.flush()
        bounds.give_up()  # as gRPC's callback does when the client cancels

    with bounded_by(bounds), pytest.raises(Cancelled) as raised:
        server.db.run(create_then_give_up, write=True)
    assert raised.value.reason == "CANCELLED"
    assert _users_named(server, name) == 0


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b == "sqlite"])
def test_on_sqlite_a_statement_of_a_cancelled_call_stops(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    """SQLite's progress handler sees the call given up; a PostgreSQL statement runs to its end
    (and then its transaction rolls back, as above)."""
    handle = fresh_server(backend)
    bounds = CallBounds()
    threading.Timer(0.2, bounds.give_up).start()
    with bounded_by(bounds), pytest.raises(Cancelled):
        _count(handle, 10**12, write=True)  # hours of counting
    assert _count(handle, 1_000, write=True) == 1_000  # the writing connection serves on


def test_the_bounds_errors_are_their_grpc_status() -> None:
    assert to_status(DeadlineExceeded("DEADLINE_EXCEEDED", "too late")).code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert to_status(Cancelled("CANCELLED", "gone")).code == grpc.StatusCode.CANCELLED
