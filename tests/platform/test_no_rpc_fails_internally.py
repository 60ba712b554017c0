"""No request makes any RPC fail INTERNAL or UNKNOWN: every method the server offers (found
through reflection, so a new one is covered the day it is registered) is called with an empty
request and with requests whose every field, at every depth, holds an extreme value — text far
longer than any column, in four-byte characters; the largest and smallest integers; the ends of
Timestamp and Duration, and values beyond them; unknown enum numbers; deep Struct values. Whatever the server makes of
them, it must answer with a status that says what is wrong, on both databases.

Made-up ids stop most calls at INVALID_ID or NOT_FOUND, so a second test seeds a real world
(tests/platform/fuzz_world.py) and varies each field over a baseline of real ids and names."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import external_task_pb2
from tests.conftest import BACKENDS
from tests.engine.case_support import Cases
from tests.engine.failure_support import Failures
from tests.platform.fuzz_requests import (
    FAILED_INSIDE,
    REAL,
    call,
    extreme_requests,
    methods,
    real_requests,
    timeout_of,
    uses_up,
    world_for,
)
from tests.platform.fuzz_world import DISH_INPUTS, WORKER, seed

pytestmark = pytest.mark.slow

EVALUATE_DECISION = "flowkeeper.engine.v1.DecisionDefinitionService.EvaluateDecision"


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_request_fails_inside_the_server(fresh_server, backend):  # type: ignore[no-untyped-def]
    handle = fresh_server(backend)
    failures, called = [], 0
    with grpc.insecure_channel(f"127.0.0.1:{handle.port}") as channel:
        for method in methods(channel):
            for shape, request in extreme_requests(method):
                code = call(channel, method, request, handle.admin_token)
                called += 1
                if code in FAILED_INSIDE:
                    failures.append(f"{method.full_name} ({shape}): {code.name}")
    assert not failures, f"{len(failures)} of {called} calls failed inside the server:\n" + "\n".join(failures)
    assert called > 2000


# (backend, method, varied field, kind) that still fail INTERNAL/UNKNOWN: each a known server bug
# to fix in server/, not here. The test fails once one of them stops failing: remove it then.
KNOWN: set[tuple[str, str, str, str]] = set()


# The methods are dealt to this many shards (each a test of its own, with a server of its own),
# so that the test runners share them out instead of one runner calling them all at the end.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("backend", BACKENDS)
def test_no_request_over_real_rows_fails_inside_the_server(fresh_server, backend, shard):  # type: ignore[no-untyped-def]
    """Each method gets a world of its own (seeded in well under 0.1 s), so one method's
    destructive calls (DeleteDeployment, CompleteTask...) never starve the next; within a
    method that uses its world up, each success gets the next request a new world. The job
    executor is off: a batch a call starts (DeleteProcessInstancesAsync over a query that selects
    every world's instances) would otherwise work through them while the next methods run."""
    handle = fresh_server(backend, background=False)
    directory = seed(handle, engine_too=False)
    failed: dict[tuple[str, str, str, str], str] = {}
    called = 0
    with grpc.insecure_channel(f"127.0.0.1:{handle.port}") as channel:
        mine = list(methods(channel))[shard::SHARDS]
        for method in mine:
            requests = real_requests(method, world_for(handle, method, directory))
            for index in range(len(requests)):  # a new world gives the same requests, with its ids
                target, kind, request = requests[index]
                code = call(channel, method, request, handle.admin_token, timeout_of(method))
                called += 1
                if code in FAILED_INSIDE:
                    failed[(backend, method.full_name, target, kind)] = code.name
                if code == grpc.StatusCode.OK and uses_up(method.name):
                    requests = real_requests(method, world_for(handle, method, directory))
    known = {k for k in KNOWN if k[0] == backend and k[1] in {m.full_name for m in mine}}
    new = sorted(failed.keys() - known)
    assert not new, f"{len(new)} of {called} calls failed inside the server:\n" + "\n".join(
        f"{m} ({t or 'baseline'} {k}): {failed[(b, m, t, k)]}" for b, m, t, k in new)
    assert not known - failed.keys(), "these no longer fail, remove them from KNOWN:\n" + "\n".join(
        map(str, sorted(known - failed.keys())))
    assert called > 1800 // SHARDS


def test_the_decision_baseline_evaluates(server):  # type: ignore[no-untyped-def]
    """EvaluateDecision's real baseline carries the inputs the world's dish was evaluated with
    (fuzz_world.DISH_INPUTS), so its variations reach an evaluation instead of stopping at the
    inputs the decision requires."""
    world = seed(server)
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        [method] = [m for m in methods(channel) if m.full_name == EVALUATE_DECISION]
        target, kind, request = real_requests(method, world)[-1]
        assert (target, kind, request.definition.id) == ("", "baseline", world["decision_definition"])
        assert {name: value.value.number_value for name, value in request.variables.items()
                if name in DISH_INPUTS} == DISH_INPUTS
        assert call(channel, method, request, server.admin_token) == grpc.StatusCode.OK


def test_the_worlds_instance_and_case_call_instances(server):  # type: ignore[no-untyped-def]
    """What the second test's world promises: its instance is called by the caller's instance,
    and the error code the requests send (E1), thrown by the instance's locked external task and
    not caught there, ends the instance and moves the caller to Handle; its case has called a
    process instance through PI_Assess, which the case's end terminates."""
    world = seed(server)
    engine = Failures(server.api())
    assert engine.instance(world["instance"]).super_process_instance_id == world["caller_instance"]
    engine.external.HandleExternalTaskBpmnError(external_task_pb2.HandleExternalTaskBpmnErrorRequest(
        id=world["locked_task"], worker_id=WORKER, error_code=REAL["error_code"]))
    ended = engine.instance(world["instance"])
    assert (ended.state, ended.delete_reason) == (ended.STATE_INTERNALLY_TERMINATED, "BPMN error E1")
    assert [t.task_definition_key for t in engine.tasks_of(world["caller_instance"])] == ["Handle"]
    # ... and its case's process task has called an instance, which the case's end terminates.
    assert engine.activities(world["case_called_instance"]) == ["Assess"]
    Cases(server.api()).terminate_case(world["case_instance"])
    assert engine.instance(world["case_called_instance"]).state == ended.STATE_EXTERNALLY_TERMINATED
