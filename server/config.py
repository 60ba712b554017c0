"""Server configuration: command-line flags, each also readable from a FLOWKEEPER_* variable."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Config:
    listen: str = "127.0.0.1:50051"
    database_url: str = "sqlite:///flowkeeper.db"
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
    # Background work (the job executor: timers, asynchronous continuations, retries): off in
    # processes that only serve. Jobs are shared through the database, so any replica with it
    # on runs them.
    background: bool = True
    # How often the job executor asks the database for due jobs when nothing in its own process
    # said there is one (other replicas' jobs, locks of an executor that died).
    job_poll_seconds: float = 1.0
    # How long a job the executor acquired stays locked to it; after that (the replica died)
    # another executor may take it over.
    job_lock_seconds: float = 300.0
    # Jobs the executor acquires per round.
    job_batch_size: int = 8
    # The automatic history cleanup (server.engine.history), in processes with background work:
    # ended instances' records go once their definition's history time to live has passed.
    history_cleanup: bool = True
    # "HH:MM-HH:MM" (UTC, may span midnight): rounds run only then; empty: any time.
    history_cleanup_window: str = ""
    # The wait after a round that removed less than a full batch.
    history_cleanup_seconds: float = 3600.0
    # Process instances (and case instances) a round removes at most, in one transaction.
    history_cleanup_batch_size: int = 500
    # Days an ended batch's history is kept (a number, or an ISO-8601 period of days: "P5D");
    # empty: until DeleteHistoricBatch removes it. The rounds remove the older ones.
    batch_history_time_to_live: str = ""
    # "type=days,type=days": the same per batch type (instance-deletion, set-variables, …),
    # overriding the above.
    batch_history_time_to_live_by_type: str = ""
    # Longest long poll of FetchAndLock; a longer async_response_timeout is capped to it.
    long_poll_max_seconds: float = 300.0


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"FLOWKEEPER_{name.upper()}", default)
