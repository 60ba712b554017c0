"""The application context handed to servicers and background workers of one process."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol

from server.clock import Clock
from server.config import Config
from server.db import Database


class BackgroundWorker(Protocol):
    """Per-process background work (the engine's job executor, timers).

    A context's ``register(server, app)`` appends its workers to ``app.background``. The server
    starts them once it listens (when ``config.background``), and on shutdown stops them after
    the in-flight calls have drained, in reverse order."""

    name: str

    def start(self) -> None: ...

    def stop(self, timeout: float) -> None:
        """Finish or hand back the unit of work in hand and return within ``timeout`` seconds."""
        ...


@dataclass
class AppContext:
    config: Config
    db: Database
    clock: Clock
    background: list[BackgroundWorker] = field(default_factory=list)
    # Set when the server starts shutting down: calls that wait (long polls, streams) return.
    stopping: threading.Event = field(default_factory=threading.Event)
