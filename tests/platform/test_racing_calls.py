"""Calls that race answer as if they had come one after another. Every method the server offers
(found through reflection) but those that only read gets its real baseline request (tests/platform/fuzz_requests.py) over a
seeded world, sent by several clients at the same instant; the same request, on a world of its
own, is then sent as often one call after another. The racing answers must be those of the calls
in a row: one CompleteTask completes the task and the others find it gone, one CreateUser makes
the user and the others find it there, and none fails INTERNAL.

On PostgreSQL the racing calls run side by side up to their locks; that is where this found calls
that failed inside the server (a unique key taken meanwhile, a row gone meanwhile) and calls
that acted on what they had read before another call changed it (two ClaimTasks both won, a task
completed twice). SQLite's writers take turns, and the test holds it to the same answers."""

from __future__ import annotations

from collections import Counter
from typing import Any

import grpc
import pytest

from tests.conftest import BACKENDS
from tests.platform.fuzz_requests import FAILED_INSIDE, call, methods, real_requests, timeout_of, world_for
from tests.platform.fuzz_world import seed
from tests.support import ServerHandle, at_once

pytestmark = [pytest.mark.usefixtures("no_deadlock"), pytest.mark.slow]

RACERS = 6
# Calls that only read (each in a read transaction) cannot race one another: the same answer six
# times proves nothing a call in a row does not, so they are not raced.
READS = ("Get", "Query", "Count", "List")


def _timeout(method: Any) -> float:
    """Racing calls may queue for a lock; a server-streaming one waits for work, and answers
    DEADLINE_EXCEEDED all the same."""
    return timeout_of(method) if method.server_streaming else 10


def _baseline(handle: ServerHandle, method: Any, directory: dict[str, Any]) -> Any:
    return real_requests(method, world_for(handle, method, directory))[-1][2]


def _racing(channel: grpc.Channel, handle: ServerHandle, method: Any, request: Any) -> Counter[str]:
    calls = [lambda: call(channel, method, request, handle.admin_token, _timeout(method))] * RACERS
    return Counter(code.name for code in at_once(calls))


def _in_a_row(channel: grpc.Channel, handle: ServerHandle, method: Any, request: Any) -> Counter[str]:
    return Counter(call(channel, method, request, handle.admin_token, _timeout(method)).name
                   for _ in range(RACERS))


# The methods are dealt to this many shards (each a test with servers of its own), so that the
# test runners share them out instead of one runner racing them all at the end.
SHARDS = 3


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("backend", BACKENDS)
def test_racing_calls_answer_as_calls_one_after_another(fresh_server, backend, shard):  # type: ignore[no-untyped-def]
    """The calls in a row run on a server and database of their own, so that nothing the racing
    calls made (a user, a tag) is there before them. Neither runs jobs in the background (a batch
    a call starts would change the two worlds at different times)."""
    racers, in_turn = fresh_server(backend, background=False), fresh_server(backend, background=False)
    racing_directory, directory = seed(racers, engine_too=False), seed(in_turn, engine_too=False)
    differ, raced = [], 0
    with grpc.insecure_channel(f"127.0.0.1:{racers.port}") as racing_channel, \
            grpc.insecure_channel(f"127.0.0.1:{in_turn.port}") as channel:
        for method in [m for m in methods(channel) if not m.name.startswith(READS)][shard::SHARDS]:
            racing = _racing(racing_channel, racers, method, _baseline(racers, method, racing_directory))
            in_a_row = _in_a_row(channel, in_turn, method, _baseline(in_turn, method, directory))
            raced += 1
            if racing != in_a_row or FAILED_INSIDE & {grpc.StatusCode[name] for name in racing}:
                differ.append(f"{method.full_name}: racing {dict(racing)}, one after another {dict(in_a_row)}")
    assert not differ, f"{len(differ)} of {raced} methods answered racing calls otherwise:\n" + "\n".join(differ)
    assert raced > 60 // SHARDS
