"""A load-generating client process: grpc.aio, one event loop, one connection per simulated
client, each client with one call outstanding at a time (closed loop).

Spawned by the runner once per configuration. For each scenario's job it connects, reports
"ready", waits for the time window, runs the scenario until the window closes and sends back
what it measured inside the window. The clock
is CLOCK_MONOTONIC, which every process of the machine shares."""

from __future__ import annotations

import asyncio
import random
import time
from array import array
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import grpc

from bench.scenarios import ClientState, Scenario, Stubs

_CUT_OFF = 1.0  # seconds after the window


@dataclass(frozen=True)
class ClientJob:
    address: str
    token: str
    scenario: Scenario
    clients: list[int]  # the global indexes of the clients this process simulates
    data: Any
    run: str


@dataclass(frozen=True)
class Window:
    start: float  # calls start (warm-up)
    measure_from: float  # completions from here on count
    measure_to: float  # no call starts after this


@dataclass
class ClientResult:
    calls: int
    latencies: bytes  # array('d') of seconds, calls completed inside the window
    errors: dict[str, int]  # status code name -> count, inside the window
    first_error: str | None
    unfinished: int = 0  # calls cut off after the window closed


def main(conn: Connection) -> None:
    """Run the jobs the runner sends, one per scenario, until it sends None."""
    while (job := conn.recv()) is not None:
        conn.send(asyncio.run(_run(conn, job)))
    conn.close()


async def _run(conn: Connection, job: ClientJob) -> ClientResult:
    channels = [grpc.aio.insecure_channel(job.address, options=[("grpc.use_local_subchannel_pool", 1)])
                for _ in job.clients]
    for channel in channels:
        await asyncio.wait_for(channel.channel_ready(), 30)
    conn.send("ready")
    window: Window = await asyncio.get_running_loop().run_in_executor(None, conn.recv)
    latencies = array("d")
    errors: Counter[str] = Counter()
    first_error: list[str] = []
    clients = [
        asyncio.create_task(_client(Stubs(channel, job.token),
                                    ClientState(client, job.run, job.data, random.Random(client)),
                                    job.scenario, window, latencies, errors, first_error))
        for client, channel in zip(job.clients, channels)
    ]
    # Calls still running a moment after the window closed are cut off (a call slower than the
    # window would otherwise hold the run up for as long as it takes).
    _, running = await asyncio.wait(clients, timeout=max(0.0, window.measure_to - time.monotonic()) + _CUT_OFF)
    for task in running:
        task.cancel()
    await asyncio.gather(*clients, return_exceptions=True)
    for channel in channels:
        await channel.close()
    return ClientResult(len(latencies), latencies.tobytes(), dict(errors), first_error[0] if first_error else None,
                        unfinished=len(running))


async def _client(stubs: Stubs, state: ClientState, scenario: Scenario, window: Window, latencies: array,
                  errors: Counter[str], first_error: list[str]) -> None:
    call = scenario.call
    now = time.monotonic
    await asyncio.sleep(max(0.0, window.start - now()))
    measure_from, measure_to = window.measure_from, window.measure_to
    while True:
        began = now()
        if began >= measure_to:
            return
        measured = None
        try:
            measured = await call(stubs, state)
            failed = None
        except grpc.aio.AioRpcError as error:
            failed = error
        ended = now()
        if measure_from <= ended < measure_to:
            if failed is None:
                # A call may report the latency of the one RPC it measures (see Scenario).
                latencies.append(measured if isinstance(measured, float) else ended - began)
            else:
                errors[failed.code().name] += 1
                if not first_error:
                    first_error.append(f"{failed.code().name}: {failed.details()}")
