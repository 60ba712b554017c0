"""`flowkeeper serve` (and the other commands) as real subprocesses, for the tests that need the
whole program: start-up output, several worker processes, signals, TLS."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Sequence

import grpc

from bench.servers import stopped_with_parent  # a killed test run leaves no server behind either
from server.cli import LISTENING

BIN = Path(sys.executable).parent
_LISTENING = re.compile(re.escape(LISTENING) + r" (?P<host>\S+):(?P<port>\d+) \((?P<scheme>\w+), pid (?P<pid>\d+)\)")
_FIRST_TOKEN = re.compile(r"Created the first admin token \(shown once\):\s+(?P<token>fk_\S+)")


def clean_env(**variables: str) -> dict[str, str]:
    """The test process's environment without FLOWKEEPER_* settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLOWKEEPER_")}
    env.update(variables)
    return env


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: str | Path | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `flowkeeper <args>` (the console script) to completion."""
    return subprocess.run([str(BIN / "flowkeeper"), *args], capture_output=True, text=True, timeout=timeout,
                          env=env if env is not None else clean_env(), cwd=cwd or tempfile.gettempdir())


class ServedProcess:
    """`flowkeeper serve …` in a subprocess. Stdout is collected line by line; start() returns
    once every worker printed its "listening" line."""

    def __init__(self, args: Sequence[str], *, workers: int = 1, env: dict[str, str] | None = None,
                 cwd: str | Path | None = None, console_script: bool = False) -> None:
        program = [str(BIN / "flowkeeper")] if console_script else [sys.executable, "-m", "server"]
        self.command = stopped_with_parent(*program, "serve", *args)
        self.workers = workers
        self.env = env if env is not None else clean_env()
        self.cwd = str(cwd or tempfile.gettempdir())
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self.process: subprocess.Popen[str] | None = None

    def start(self, timeout: float = 60) -> "ServedProcess":
        # A session of its own, so close() can take down the workers with their supervisor.
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=self._stderr, text=True,
                                        env=self.env, cwd=self.cwd, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.listening) < self.workers:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server did not start: {self.output()}")
                self._changed.wait(0.1)
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    @property
    def listening(self) -> list[re.Match[str]]:
        return [m for m in map(_LISTENING.match, self.lines) if m]

    @property
    def port(self) -> int:
        ports = {int(m["port"]) for m in self.listening}
        assert len(ports) == 1, f"workers listen on several ports: {ports}"
        return ports.pop()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def worker_pids(self) -> list[int]:
        return [int(m["pid"]) for m in self.listening]

    @property
    def first_token(self) -> str | None:
        found = _FIRST_TOKEN.search("\n".join(self.lines))
        return found["token"] if found else None

    def output(self) -> str:
        self._stderr.seek(0)
        return "stdout:\n" + "\n".join(self.lines) + "\nstderr:\n" + self._stderr.read()[-6000:]

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, then the exit status."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"server did not stop within {timeout}s: {self.output()}") from None

    def kill(self) -> None:
        """SIGKILL to the server and its workers (a replica that dies): nothing is handed back."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def close(self) -> None:
        """Kill whatever is left of the server's process group (after a failed test)."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
        self._stderr.close()


def separate_channel(target: str, **options: object) -> grpc.Channel:
    """A channel with a TCP connection of its own. (Channels with equal arguments otherwise
    share one connection, and SO_REUSEPORT balances connections, not calls.)"""
    return grpc.insecure_channel(target, options=[("grpc.use_local_subchannel_pool", 1), *options.items()])


def bearer(token: str) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {token}"),)


def established_connections(pid: int, port: int) -> int:
    """TCP connections to local ``port`` that process ``pid`` holds open (from /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            next(rows)
            for row in rows:
                fields = row.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01":  # 01 = ESTABLISHED
                    inodes.add(fields[9])
    held = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            held += 1
    return held
