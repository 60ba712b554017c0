"""The application context handed to servicers and background workers of one process."""

from __future__ import annotations

from dataclasses import dataclass

from server.clock import Clock
from server.config import Config
from server.db import Database


@dataclass
class AppContext:
    config: Config
    db: Database
    clock: Clock
