"""Runs every configuration (backend x worker count) and scenario, measuring each in a time
window shared by the server and all client processes, and renders the table."""

from __future__ import annotations

import math
import multiprocessing
import os
import platform
import sqlite3
import tempfile
import time
import uuid
from array import array
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import grpc

from bench import client
from bench.scenarios import SCENARIOS, Scenario, SeedContext
from bench.servers import Postgres, ServerProcess, cpu_seconds, machine_busy_seconds


@dataclass(frozen=True)
class Options:
    duration: float = 5.0
    warmup: float = 1.0
    clients: int = 16
    client_processes: int = 2
    backends: tuple[str, ...] = ("sqlite", "postgresql")
    workers: tuple[int, ...] = (1, 2)
    scenarios: tuple[str, ...] = ()  # empty: all registered
    quick: bool = False
    server_args: tuple[str, ...] = ()


@dataclass
class Row:
    config: str
    scenario: str
    clients: int
    calls_per_s: float
    ratio: float
    p50_ms: float
    p99_ms: float
    server_cpu: float
    client_cpu: float
    db_cpu: float | None
    other_cpu: float  # everything else the machine ran meanwhile (other jobs would show here)
    steal_cpu: float  # CPU the hypervisor took from the machine meanwhile
    errors: int
    first_error: str | None
    unfinished: int = 0


def selected(options: Options) -> list[Scenario]:
    names = options.scenarios or tuple(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
    chosen = [SCENARIOS[n] for n in SCENARIOS if n in names]
    floor = [s for s in SCENARIOS.values() if s.is_floor]
    return floor + [s for s in chosen if not s.is_floor]  # the floor always runs, first


def run(options: Options, report: Any = print) -> list[Row]:
    rows: list[Row] = []
    scenarios = selected(options)
    with ExitStack() as stack:
        postgres = stack.enter_context(_postgres()) if "postgresql" in options.backends else None
        for backend in options.backends:
            for workers in options.workers:
                config = f"{backend}, {workers} worker{'s' if workers > 1 else ''}"
                with _database(backend, postgres) as url:
                    server = ServerProcess(url, workers, options.server_args)
                    try:
                        rows += _run_config(config, server, scenarios, options, postgres, report)
                    finally:
                        code = server.stop()
                        if code != 0:
                            report(f"warning: the server of {config} exited {code}:\n{server.output()}")
    return rows


def _run_config(config: str, server: ServerProcess, scenarios: list[Scenario], options: Options,
                postgres: Postgres | None, report: Any) -> list[Row]:
    rows: list[Row] = []
    seeded: dict[str, Any] = {}
    seed_context = SeedContext(server.address, server.token, quick=options.quick, database_url=server.database_url)
    clients = _start_clients(options)
    try:
        for scenario in scenarios:
            data = None
            if scenario.seed is not None:
                if scenario.seed.name not in seeded:
                    began = time.monotonic()
                    seeded[scenario.seed.name] = scenario.seed.run(seed_context)
                    report(f"[{config}] seeded {scenario.seed.name} in {time.monotonic() - began:.1f}s")
                data = seeded[scenario.seed.name]
            began = time.monotonic()
            if settle(server.database_url):
                report(f"[{config}] settled the database in {time.monotonic() - began:.1f}s")
            row = _measure(config, server, clients, scenario, data, options, postgres)
            floor = rows[0].calls_per_s if rows else row.calls_per_s
            row.ratio = row.calls_per_s / floor if floor else 0.0
            rows.append(row)
            report(f"[{config}] {scenario.name}: {row.calls_per_s:,.0f} calls/s, p50 {row.p50_ms:.1f} ms, "
                   f"p99 {row.p99_ms:.1f} ms" + (f", {row.errors} errors ({row.first_error})" if row.errors else ""))
    finally:
        seed_context.close()
        _stop_clients(clients)
    return rows


def settle(database_url: str) -> bool:
    """PostgreSQL's upkeep that the writes so far owe, done before a measured window instead of
    in it: VACUUM (ANALYZE), which autovacuum would start at some moment of a later scenario
    (after the million-execution load, for a minute), and a CHECKPOINT, which writes the dirty
    buffers that backends would otherwise evict themselves. Without it CreateIncident measured
    430-470 or 790-880 calls/s in full runs, by what ran just before. SQLite: nothing to do
    (False)."""
    from sqlalchemy import exc

    from server.db import Database

    db = Database(database_url)
    if db.is_sqlite:
        db.dispose()
        return False
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE)")
            try:
                connection.exec_driver_sql("CHECKPOINT")
            except exc.DBAPIError:  # not a superuser (a BENCH_POSTGRES_URL of one's own): vacuum only
                pass
    finally:
        db.dispose()
    return True


def _start_clients(options: Options) -> list[tuple[Any, Any]]:
    """The client processes of one configuration, spawned once and given one job per scenario."""
    ctx = multiprocessing.get_context("spawn")
    workers = []
    for _ in range(max(1, min(options.client_processes, options.clients))):
        parent, child = ctx.Pipe()
        process = ctx.Process(target=client.main, args=(child,), daemon=True)
        process.start()
        child.close()
        workers.append((process, parent))
    return workers


def _stop_clients(workers: list[tuple[Any, Any]]) -> None:
    for process, conn in workers:
        try:
            conn.send(None)
        except OSError:
            pass
    for process, conn in workers:
        process.join(10)
        if process.is_alive():
            process.kill()
        conn.close()


def _measure(config: str, server: ServerProcess, workers: list[tuple[Any, Any]], scenario: Scenario, data: Any,
             options: Options, postgres: Postgres | None) -> Row:
    run_id = uuid.uuid4().hex[:8]
    for index, (_, conn) in enumerate(workers):
        conn.send(client.ClientJob(server.address, server.token, scenario,
                                   list(range(index, scenario.clients or options.clients, len(workers))),
                                   data, run_id))
    try:
        for process, conn in workers:
            if not conn.poll(60) or conn.recv() != "ready":
                raise RuntimeError(f"client process {process.pid} did not get ready")
        start = time.monotonic() + 0.05
        window = client.Window(start, start + options.warmup, start + options.warmup + options.duration)
        for _, conn in workers:
            conn.send(window)
        _sleep_until(window.measure_from)
        db_pids = postgres.pids if postgres and config.startswith("postgresql") else []
        groups = [server.pids, [p.pid for p, _ in workers if p.pid], db_pids]
        before = [_cpu(pids) for pids in groups]
        busy_before, steal_before = machine_busy_seconds()
        _sleep_until(window.measure_to)
        used = [_cpu_since(pids, start) for pids, start in zip(groups, before)]
        busy_after, steal_after = machine_busy_seconds()
        busy, steal = busy_after - busy_before, steal_after - steal_before
        results: list[client.ClientResult] = []
        for process, conn in workers:
            if not conn.poll(60):
                raise RuntimeError(f"client process {process.pid} sent no result")
            results.append(conn.recv())
    except BaseException:
        _stop_clients(workers)
        raise
    latencies = array("d")
    for result in results:
        latencies.frombytes(result.latencies)
    ordered = sorted(latencies)
    errors = sum(sum(r.errors.values()) for r in results)
    first_error = next((r.first_error for r in results if r.first_error), None)
    return Row(
        config=config,
        scenario=scenario.name,
        clients=scenario.clients or options.clients,
        calls_per_s=len(ordered) / options.duration,
        ratio=1.0,
        p50_ms=_percentile(ordered, 0.50) * 1000,
        p99_ms=_percentile(ordered, 0.99) * 1000,
        server_cpu=used[0],
        client_cpu=used[1],
        db_cpu=used[2] if groups[2] else None,
        other_cpu=max(0.0, busy - sum(used)),
        steal_cpu=steal,
        errors=errors,
        first_error=first_error,
        unfinished=sum(r.unfinished for r in results),
    )


def _cpu(pids: list[int]) -> dict[int, float]:
    return {pid: cpu_seconds(pid) for pid in pids}


def _cpu_since(pids: list[int], before: dict[int, float]) -> float:
    """CPU seconds the processes used since ``before`` (one that exited in between counts 0)."""
    return sum(max(0.0, cpu_seconds(pid) - before[pid]) for pid in pids)


def _percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _sleep_until(instant: float) -> None:
    remaining = instant - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


@contextmanager
def _postgres() -> Iterator[Postgres]:
    postgres = Postgres()
    try:
        yield postgres
    finally:
        postgres.close()


@contextmanager
def _database(backend: str, postgres: Postgres | None) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="flowkeeper-bench-") as directory:
            yield f"sqlite:///{directory}/bench.db"
    elif backend == "postgresql":
        assert postgres is not None
        with postgres.database() as url:
            yield url
    else:
        raise SystemExit(f"unknown backend {backend!r}: sqlite or postgresql")


def machine(postgres_version: str | None = None) -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": f"{len(os.sched_getaffinity(0))} (nproc)",
        "cpu model": model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "grpcio": grpc.__version__,
        "sqlite": sqlite3.sqlite_version,
    }


def render(rows: list[Row], options: Options, info: dict[str, str]) -> str:
    lines = [
        f"Machine: {', '.join(f'{k} {v}' for k, v in info.items())}.",
        f"Each scenario: {options.clients} closed-loop clients (one connection each) in "
        f"{max(1, min(options.client_processes, options.clients))} client processes (grpc.aio), "
        f"{options.warmup:g} s warm-up, then {options.duration:g} s measured; server and client CPU are "
        f"utime+stime from /proc over the measured window, db CPU the embedded PostgreSQL's processes, "
        f"other CPU the rest of the machine's busy time in that window, steal the CPU time the "
        f"hypervisor took from the machine (a disturbed run)" + (" (quick run: small seeds)" if options.quick else "")
        + (f"; server flags {' '.join(options.server_args)}" if options.server_args else "") + ".",
        "",
        "| config | scenario | clients | calls/s | ratio to floor | p50 ms | p99 ms | server CPU s | client CPU s "
        "| db CPU s | other CPU s | steal s | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        db_cpu = f"{r.db_cpu:.2f}" if r.db_cpu is not None else "–"
        p50, p99 = (("–", "–") if math.isnan(r.p50_ms) else (f"{r.p50_ms:.1f}", f"{r.p99_ms:.1f}"))
        lines.append(f"| {r.config} | {r.scenario} | {r.clients} | {r.calls_per_s:,.0f} | {r.ratio:.2f} | "
                     f"{p50} | {p99} | {r.server_cpu:.2f} | {r.client_cpu:.2f} | {db_cpu} | "
                     f"{r.other_cpu:.2f} | {r.steal_cpu:.2f} | {r.errors} |")
    described = [s for s in SCENARIOS.values() if any(r.scenario == s.name for r in rows)]
    lines += ["", "Scenarios:"] + [f"- `{s.name}`: {s.description}" for s in described]
    errors = [r for r in rows if r.errors]
    if errors:
        lines += ["", "Errors:"] + [f"- {r.config} {r.scenario}: {r.first_error}" for r in errors]
    slow = [r for r in rows if r.unfinished and math.isnan(r.p50_ms)]
    if slow:
        lines += ["", "No call completed inside the measured window (each takes longer):"] + [
            f"- {r.config} {r.scenario}: {r.unfinished} calls cut off when the window closed" for r in slow]
    return "\n".join(lines) + "\n"
