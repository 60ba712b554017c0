"""`python -m bench --quick` on SQLite and PostgreSQL: the harness runs end to end and its table
has a row for every registered scenario and backend (so the benchmark does not rot between real
runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import extensions  # noqa: F401
from bench.scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_bench_run_has_a_row_per_scenario(tmp_path):  # type: ignore[no-untyped-def]
    output = tmp_path / "table.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--backends", "sqlite,postgresql", "--workers", "1", "--clients", "4",
         "--duration", "1", "--warmup", "0.2", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    table = output.read_text()
    assert table in done.stdout
    assert "cpu model" in table and "python" in table
    for backend in ("sqlite", "postgresql"):
        rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith(f"| {backend}, 1 worker |")]
        assert [cells[1].strip() for cells in rows] == list(SCENARIOS)
        for cells in rows:
            config, scenario, clients, calls, ratio, p50, p99, server_cpu, client_cpu, db_cpu, other, steal, errors = (
                c.strip() for c in cells)
            assert clients == str(SCENARIOS[scenario].clients or 4) and errors == "0", cells
            assert float(calls.replace(",", "")) > 0 and float(p99) >= float(p50) > 0, cells
            assert float(server_cpu) > 0 and float(steal) >= 0, cells
            if backend == "sqlite":
                assert db_cpu == "–", cells
        assert rows[0][4].strip() == "1.00"  # the floor is its own reference
    # PostgreSQL's upkeep is done before each measured window, SQLite has none.
    assert "[postgresql, 1 worker] settled the database" in done.stderr
    assert "[sqlite, 1 worker] settled" not in done.stderr
