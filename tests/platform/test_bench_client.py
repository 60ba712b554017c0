"""The bench client cuts off calls still running a moment after its window, so a scenario
slower than the window cannot hold the run up."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time

import grpc

from bench import client
from bench.scenarios import Scenario
from server import app as app_module
from tests.conftest import database_url, start_server


async def _slow_call(stubs, state) -> None:  # type: ignore[no-untyped-def]
    await stubs.channel.unary_unary("/test.Slow/Wait")(b"x", metadata=stubs.metadata)


def test_calls_slower_than_the_window_are_cut_off(monkeypatch, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    release = threading.Event()

    def wait(request: bytes, _context: grpc.ServicerContext) -> bytes:
        release.wait(10)
        return request

    def register(server: grpc.Server, _app) -> list[str]:  # type: ignore[no-untyped-def]
        handlers = {"Wait": grpc.unary_unary_rpc_method_handler(wait)}
        server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("test.Slow", handlers)])
        return []

    original = app_module._registrars
    monkeypatch.setattr(app_module, "_registrars", lambda: [*original(), register])
    handle = start_server(database_url("sqlite", request, tmp_path_factory), "sqlite")
    try:
        job = client.ClientJob(f"127.0.0.1:{handle.port}", handle.admin_token, Scenario("slow", _slow_call),
                               [0, 1, 2], None, "run")
        ours, theirs = multiprocessing.Pipe()
        began: list[float] = []

        def open_window() -> None:
            # From the moment the client is ready: its channels may take longer than the window
            # to connect on a loaded machine, and then no call would start inside it.
            if ours.recv():
                began.append(time.monotonic())
                ours.send(client.Window(began[0], began[0] + 0.1, began[0] + 0.4))

        threading.Thread(target=open_window, daemon=True).start()
        result = asyncio.run(client._run(theirs, job))
        assert time.monotonic() - began[0] < 0.4 + client._CUT_OFF + 2
        assert (result.calls, result.unfinished, result.errors) == (0, 3, {})
    finally:
        release.set()
        handle.close()
        handle.running.stop(1)
