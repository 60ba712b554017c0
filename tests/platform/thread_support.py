"""Probes of the server's thread pools for the tests that run in-process servers: a transaction
of the test's that makes the server's writes wait, and the threads of a pool ("rpc", "rpc-write",
"rpc-scan") that are inside a database transaction right now."""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from types import FrameType
from typing import Iterator

from sqlalchemy import text

from tests.support import ServerHandle


@contextmanager
def writes_held(handle: ServerHandle) -> Iterator[None]:
    """A transaction of the test's that makes the server's CreateUser wait: on SQLite it holds
    the writer lock, on PostgreSQL a lock on the users table that lets reads through."""
    with handle.db.session(write=True) as tx:
        if handle.backend == "postgresql":
            tx.execute(text("LOCK TABLE users IN EXCLUSIVE MODE"))
        yield


def transactions_running(pool: str | None = None) -> list[FrameType]:
    """The Database.run frames of the threads inside one now: of one pool ("rpc": the one for
    calls that answer at once, "rpc-write", "rpc-scan"), or of any thread (None)."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    found = []
    for ident, frame in sys._current_frames().items():
        if pool is not None and not names.get(ident, "").startswith(f"{pool}_"):
            continue
        while frame is not None:
            if frame.f_code.co_name == "run" and frame.f_code.co_filename.endswith("server/db.py"):
                found.append(frame)
                break
            frame = frame.f_back
    return found


def in_a_transaction(pool: str = "rpc") -> int:
    """How many threads of a pool are inside Database.run."""
    return len(transactions_running(pool))
