"""Per-process background work: a context appends workers to ``app.background`` in its
``register``; the server starts them once it listens and stops them after the in-flight calls
drained, newest first."""

from __future__ import annotations

import threading

import grpc
import pytest

from server import app as app_module
from tests.conftest import database_url, start_server
from tests.platform.served import bearer


class Recorder:
    def __init__(self, name: str, events: list[object], fail_on_stop: bool = False) -> None:
        self.name = name
        self._events = events
        self._fail = fail_on_stop

    def start(self) -> None:
        self._events.append(("start", self.name))

    def stop(self, timeout: float) -> None:
        self._events.append(("stop", self.name, timeout))
        if self._fail:
            raise RuntimeError("could not hand back its job")


class Hooks:
    """A context with a slow RPC (test.Slow/Wait, held until ``release``) and two workers."""

    def __init__(self) -> None:
        self.events: list[object] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.timers_fail_on_stop = False

    def wait(self, request: bytes, _context: grpc.ServicerContext) -> bytes:
        self.entered.set()
        self.release.wait(10)
        self.events.append("slow call answered")
        return request

    def register(self, server: grpc.Server, app) -> list[str]:  # type: ignore[no-untyped-def]
        handlers = {"Wait": grpc.unary_unary_rpc_method_handler(self.wait)}
        server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("test.Slow", handlers)])
        app.background.append(Recorder("executor", self.events))
        app.background.append(Recorder("timers", self.events, fail_on_stop=self.timers_fail_on_stop))
        return []


@pytest.fixture
def hooks(monkeypatch):  # type: ignore[no-untyped-def]
    added = Hooks()
    original = app_module._registrars
    monkeypatch.setattr(app_module, "_registrars", lambda: [*original(), added.register])
    return added


def test_workers_start_with_the_server_and_stop_after_the_drain(hooks, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    handle = start_server(database_url("sqlite", request, tmp_path_factory), "sqlite")
    assert hooks.events == [("start", "executor"), ("start", "timers")]
    slow = handle._channel.unary_unary("/test.Slow/Wait")
    in_flight = slow.future(b"ping", metadata=bearer(handle.admin_token), timeout=20)
    assert hooks.entered.wait(10)

    outcome: list[bool] = []
    stopper = threading.Thread(target=lambda: outcome.append(handle.running.stop(5)))
    stopper.start()
    stopper.join(0.3)
    assert stopper.is_alive() and len(hooks.events) == 2, "stopped a worker before the call drained"
    hooks.release.set()
    assert in_flight.result() == b"ping"
    stopper.join(10)
    handle.close()
    assert outcome == [True]
    assert hooks.events[2:] == ["slow call answered", ("stop", "timers", 5), ("stop", "executor", 5)]


def test_a_worker_failing_to_stop_makes_the_stop_unclean_and_the_others_still_stop(hooks, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    hooks.timers_fail_on_stop = True
    handle = start_server(database_url("sqlite", request, tmp_path_factory), "sqlite")
    handle.close()
    assert handle.running.stop(1) is False
    assert hooks.events[2:] == [("stop", "timers", 1), ("stop", "executor", 1)]


def test_background_off_starts_no_worker(hooks, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    handle = start_server(database_url("sqlite", request, tmp_path_factory), "sqlite", background=False)
    handle.close()
    assert handle.running.stop(1) is True
    assert hooks.events == []
