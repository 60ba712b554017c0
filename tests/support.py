"""Test helpers: a real server on a real channel, tokens, and rich-error assertions."""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Sequence, TypeVar

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from server.app import RunningServer
from server.clock import ManualClock
from server.identity.service import create_token, get_or_create_user

T = TypeVar("T")


class _Auth(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    def __init__(self, token: str | None) -> None:
        self._metadata = (("authorization", f"Bearer {token}"),) if token else ()

    def _details(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = tuple(details.metadata or ()) + self._metadata
        return details._replace(metadata=metadata)  # type: ignore[attr-defined]

    def intercept_unary_unary(self, continuation, details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(details), request)


class Api:
    """Stubs on one channel, authenticated as one token (or none)."""

    def __init__(self, channel: grpc.Channel, token: str | None) -> None:
        self.token = token
        self.channel = grpc.intercept_channel(channel, _Auth(token))

    def stub(self, stub_class: type) -> Any:
        return stub_class(self.channel)


@dataclass
class ServerHandle:
    running: RunningServer
    clock: ManualClock
    admin_token: str
    backend: str
    _channel: grpc.Channel = field(init=False)

    def __post_init__(self) -> None:
        self._channel = grpc.insecure_channel(f"127.0.0.1:{self.running.port}")

    @property
    def port(self) -> int:
        return self.running.port

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.running.app.db

    def api(self, token: str | None = "admin") -> Api:
        return Api(self._channel, self.admin_token if token == "admin" else token)

    def token(self, user: str | None = None, *, tenants: tuple[str, ...] = (), admin: bool = False) -> str:
        name = user or f"user-{uuid.uuid4().hex[:8]}"
        return self.db.run(
            lambda s: create_token(s, self.clock, get_or_create_user(s, self.clock, name), tenants=tenants,
                                   is_admin=admin),
            write=True,
        )

    def close(self) -> None:
        self._channel.close()


@dataclass
class RpcFailure:
    code: grpc.StatusCode
    message: str
    info: error_details_pb2.ErrorInfo | None
    bad_request: error_details_pb2.BadRequest | None
    precondition: error_details_pb2.PreconditionFailure | None
    retry: error_details_pb2.RetryInfo | None
    request_info: error_details_pb2.RequestInfo | None

    @property
    def reason(self) -> str | None:
        return self.info.reason if self.info else None

    @property
    def fields(self) -> list[str]:
        return [v.field for v in self.bad_request.field_violations] if self.bad_request else []


def failure(error: grpc.RpcError) -> RpcFailure:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    found: dict[str, Any] = {}
    kinds = {
        "info": error_details_pb2.ErrorInfo,
        "bad_request": error_details_pb2.BadRequest,
        "precondition": error_details_pb2.PreconditionFailure,
        "retry": error_details_pb2.RetryInfo,
        "request_info": error_details_pb2.RequestInfo,
    }
    if status is not None:
        for detail in status.details:
            for name, kind in kinds.items():
                if detail.Is(kind.DESCRIPTOR):
                    message = kind()
                    detail.Unpack(message)
                    found[name] = message
    return RpcFailure(code=error.code(), message=error.details() or "", **{k: found.get(k) for k in kinds})


def expect_error(call: Callable[[], Any], code: grpc.StatusCode, reason: str | None = None) -> RpcFailure:
    """Run ``call``; it must fail with ``code`` (and ErrorInfo ``reason`` when given)."""
    try:
        result = call()
    except grpc.RpcError as error:
        got = failure(error)
        assert got.code == code, f"expected {code}, got {got.code}: {got.message}"
        if code != grpc.StatusCode.UNAVAILABLE:
            assert got.info is not None and got.info.domain == "flowkeeper.dev", "no ErrorInfo detail"
        if reason is not None:
            assert got.reason == reason, f"expected reason {reason}, got {got.reason}: {got.message}"
        return got
    raise AssertionError(f"expected {code} ({reason}), the call succeeded with {result!r}")


def at_once(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Runs each call on a thread of its own, all released at the same instant; their results,
    in order."""
    start = threading.Barrier(len(calls))

    def run(fn: Callable[[], T]) -> T:
        start.wait()
        return fn()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def attempt(fn: Callable[[], T]) -> tuple[str, Any]:
    """("OK", the response), or (the status code's name, the RpcFailure)."""
    try:
        return "OK", fn()
    except grpc.RpcError as error:
        return error.code().name, failure(error)


def status_of(call: Callable[[], Any], *, reason: bool = False) -> str:
    """"OK", or the status name the call failed with ("FAILED_PRECONDITION"); with ``reason``,
    followed by its ErrorInfo reason ("FAILED_PRECONDITION SUSPENDED")."""
    status, got = attempt(call)
    return f"{status} {got.reason}" if reason and status != "OK" else status


def race(calls: Sequence[Callable[[], object]]) -> Counter[str]:
    """Runs the calls at the same instant; how many answered each status."""
    return Counter(race_each(calls))


def race_each(calls: Sequence[Callable[[], object]]) -> tuple[str, ...]:
    """Runs the calls at the same instant; the status each answered, in the calls' order."""
    return tuple(status for status, _ in race_results(calls))


def race_results(calls: Sequence[Callable[[], T]]) -> list[tuple[str, Any]]:
    """Runs the calls at the same instant; what each answered (see attempt), in order."""
    return at_once([lambda fn=fn: attempt(fn) for fn in calls])  # type: ignore[misc]


S = TypeVar("S", bound=Hashable)


def serial_outcomes(state: S, steps: Sequence[Callable[[S], tuple[str, S]]]) -> set[tuple[tuple[str, ...], S]]:
    """Every (answers, end state) that some serial order of ``steps`` leaves from ``state``; a
    step maps a state to (its answer, the next state). Answers are in the steps' order, whatever
    order ran them: compare race_each's answers and the state the race left with these."""
    found: set[tuple[tuple[str, ...], S]] = set()
    for order in itertools.permutations(range(len(steps))):
        current, answers = state, [""] * len(steps)
        for i in order:
            answers[i], current = steps[i](current)
        found.add((tuple(answers), current))
    return found


def unique(prefix: str = "x") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def postgres_wanted() -> bool:
    return os.environ.get("FLOWKEEPER_TEST_BACKENDS", "sqlite,postgresql").find("postgresql") >= 0
