"""What every servicer shares: the application context and one transaction per RPC."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from sqlalchemy.orm import Session

from server.context import AppContext
from server.identity.service import Caller
from server.rpc.interceptor import current_caller

R = TypeVar("R")


class Servicer:
    def __init__(self, app: AppContext) -> None:
        self.app = app


def transactional(*, write: bool) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Run a servicer method as ``fn(self, request, tx, caller)`` inside one transaction.

    The method decodes, calls the domain and encodes; the transaction commits when it returns
    and rolls back when anything raises, so a failed call leaves nothing behind."""

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(fn)
        def method(self: Servicer, request: Any, context: Any) -> R:
            caller = current_caller()

            def unit(tx: Session) -> R:
                return fn(self, request, tx, caller)

            return self.app.db.run(unit, write=write)

        return method

    return decorate
