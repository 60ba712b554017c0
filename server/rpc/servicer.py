"""What every servicer shares: the application context and one transaction per RPC."""

from __future__ import annotations

import functools
from typing import Any, Callable, Generic, TypeVar

from sqlalchemy.orm import Session

from server.context import AppContext
from server.identity.service import Caller
from server.rpc.interceptor import current_caller

R = TypeVar("R")


class Servicer:
    def __init__(self, app: AppContext) -> None:
        self.app = app


class AfterCommit(Generic[R]):
    """What a transactional method returns to build its response once the transaction has
    committed: encoding then runs outside the transaction (and outside SQLite's writer lock).
    ``build`` must not touch the session; load everything it needs before returning."""

    __slots__ = ("build",)

    def __init__(self, build: Callable[[], R]) -> None:
        self.build = build


def transactional(*, write: bool, decode: Callable[[Any], Any] | None = None
                  ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run a servicer method as ``fn(self, request, tx, caller)`` inside one transaction.

    The method decodes, calls the domain and encodes; the transaction commits when it returns
    and rolls back when anything raises, so a failed call leaves nothing behind. A method may
    return ``AfterCommit(build)`` to encode after the commit. With ``decode``, the method gets
    ``decode(request)`` instead of the request, decoded before the transaction begins (on
    SQLite, outside the writer lock). The method's ``writes`` attribute tells the server which
    thread pool runs it."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def method(self: Servicer, request: Any, context: Any) -> Any:
            caller = current_caller()
            if decode is not None:
                request = decode(request)

            def unit(tx: Session) -> Any:
                return fn(self, request, tx, caller)

            result = self.app.db.run(unit, write=write)
            return result.build() if isinstance(result, AfterCommit) else result

        method.writes = write  # type: ignore[attr-defined]  # which pool runs it (server.app)
        return method

    return decorate


def writes(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a servicer method that writes but runs its own transactions (not ``transactional``):
    on SQLite it runs on the write pool, as the transactional writes do."""
    fn.writes = True  # type: ignore[attr-defined]
    return fn
