"""Server configuration: command-line flags, each also readable from a FLOWKEEPER_* variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_LISTEN = "127.0.0.1:50051"
DEFAULT_DATABASE_URL = "sqlite:///flowkeeper.db"


@dataclass
class Config:
    listen: str = DEFAULT_LISTEN
    database_url: str = DEFAULT_DATABASE_URL
    workers: int = 1
    # Threads per process for calls that answer at once; few is faster (less GIL and lock
    # hand-over), see the README's benchmark.
    threads: int = 4
    # Threads per process for the calls that scan (List*, Query*, Count*, Group*): a pool of
    # their own, so a long scan never holds up the calls that answer at once.
    scan_threads: int = 4
    # Threads per process for calls that may wait (long-polling FetchAndLock, StreamTasks): a
    # pool of their own, so waiting calls never hold up the others.
    wait_threads: int = 16
    # On SQLite, threads per process for calls that write (servicer methods declared
    # transactional(write=True)): SQLite takes one writer at a time, and one thread per process
    # measured fastest (see the README's benchmark); 0 runs writes on the pool of `threads`.
    # PostgreSQL writes run side by side, so there they always share the pool of `threads`.
    write_threads: int = 1
    tls_cert: str | None = None
    tls_key: str | None = None
    # Calls per minute per authenticated identity, shared by all replicas; 0 turns it off.
    rate_limit_per_minute: int = 120_000
    # QueryExecutions and the other offset-paged queries return at most this many rows.
    max_page_size: int = 1_000
    grace_seconds: float = 20.0
    log_level: str = "INFO"
    # Background work (job executor, timers): off in processes that only serve.
    background: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"FLOWKEEPER_{name.upper()}", default)
