"""Timer start events against the deployments that replace or delete them while the job executor
fires them.

A timer start job belongs to the latest version of its process only: deploying a new version
replaces the old version's job, deleting the latest version's deployment gives its job back to
the version now latest, and deleting the only version leaves none. For many processes at once
the clock moves until their timer start (an hourly cycle of two firings) is due, and while the
session server's executor fires them one by one the deployment calls are sent, spread over the
time that takes. Whichever came first, once the executor is done each process key has exactly
one timer start job, of its latest definition, and no other: an old version's job left behind
(the next firing of a cycle whose firing raced its replacement) would start an instance of the
old version at the next hour, which the test then lets pass. Two deployment calls on one key
at once (a new version, the deletion of the latest) leave what they leave one after the other."""

from __future__ import annotations

import time
from datetime import timedelta, timezone
from typing import Callable, Sequence, TypeVar

import pytest

from flowkeeper.engine.v1 import deployment_pb2, process_definition_pb2, process_instance_pb2
from tests.engine.failure_support import Failures
from tests.engine.resources.modeler import render
from tests.engine.job_support import timer_start
from tests.engine.racing import check_race
from tests.engine.work_support import eventually, key
from tests.support import at_once

pytestmark = pytest.mark.usefixtures("no_deadlock")

T = TypeVar("T")
SUBJECTS = 24
SPREAD = 0.01  # seconds between the calls of the race, so they meet the executor at every stage
HOUR = timedelta(hours=1)


def _deploy(engine: Failures, process_key: str) -> tuple[str, str]:
    """(deployment id, definition id) of a new version of the hourly timer start process."""
    deployment = engine.deploy(contents={f"{process_key}.bpmn": render(timer_start(process_key), process_key).encode()})
    return deployment.id, engine.definition_id(deployment, process_key)


def _spread(calls: Sequence[Callable[[], T]]) -> list[T]:
    def later(index: int, call: Callable[[], T]) -> T:
        time.sleep(index * SPREAD)
        return call()

    return at_once([lambda i=i, c=c: later(i, c) for i, c in enumerate(calls)])  # type: ignore[misc]


def _settle(server, engine: Failures, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Returns once no timer start job of ``keys`` is due and free and none is held."""

    def settled() -> bool:
        now = server.clock.now()
        for process_key in keys:
            for job in engine.jobs_of(process_definition_key=process_key):
                due = not job.HasField("due_date") or job.due_date.ToDatetime(tzinfo=timezone.utc) <= now
                if job.lock_owner or (due and job.retries > 0 and not job.suspended):
                    return False
        return True

    eventually(settled, timeout=30, what="the executor to fire the due timer starts")


def _started(engine: Failures, definition: str) -> int:
    return len(engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_id=definition, include_ended=True)).process_instances)


def _start_jobs(engine: Failures, process_key: str) -> list[tuple[str, str]]:
    """(definition id, repeat) of the key's timer start jobs."""
    return sorted((j.process_definition_id, j.repeat) for j in engine.jobs_of(process_definition_key=process_key)
                  if j.handler_type == "timer-start")


def _versions_and_start_jobs(engine: Failures, process_key: str) -> tuple[list[int], list[tuple[int, str]]]:
    """The key's versions, and (version, repeat) of its timer start jobs."""
    versions = sorted(d.version for d in engine.definitions.ListProcessDefinitions(
        process_definition_pb2.ListProcessDefinitionsRequest(key=process_key)).process_definitions)
    return versions, [(int(d.split(":")[1]), repeat) for d, repeat in _start_jobs(engine, process_key)]


def test_a_new_version_against_the_firing_of_the_old_versions_timer_start(server) -> None:  # type: ignore[no-untyped-def]
    engine = Failures(server.api())
    keys = [key("hourly_redeployed") for _ in range(SUBJECTS)]
    old = {k: _deploy(engine, k)[1] for k in keys}
    server.clock.advance(HOUR)
    new = dict(zip(keys, (d for _, d in _spread([lambda k=k: _deploy(engine, k) for k in keys]))))
    _settle(server, engine, keys)
    fired = {}
    for k in keys:
        # The new version's cycle starts at its deployment: both firings left.
        assert _start_jobs(engine, k) == [(new[k], "R1/PT1H")], k
        fired[k] = _started(engine, old[k])
        assert fired[k] <= 1 and _started(engine, new[k]) == 0, k

    server.clock.advance(HOUR)
    _settle(server, engine, keys)
    for k in keys:
        assert (_started(engine, old[k]), _started(engine, new[k])) == (fired[k], 1), k
        assert _start_jobs(engine, k) == [(new[k], "")], k


def test_deleting_the_latest_version_against_the_firing_of_its_timer_start(server) -> None:  # type: ignore[no-untyped-def]
    """The version before it gets a timer start job again (its cycle from the deletion on)."""
    engine = Failures(server.api())
    keys = [key("hourly_deleted") for _ in range(SUBJECTS)]
    old = {k: _deploy(engine, k)[1] for k in keys}
    latest = {k: _deploy(engine, k) for k in keys}
    server.clock.advance(HOUR)
    _spread([lambda k=k: engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(
        id=latest[k][0], cascade=True)) for k in keys])
    _settle(server, engine, keys)
    for k in keys:
        assert _start_jobs(engine, k) == [(old[k], "R1/PT1H")], k
        assert _started(engine, old[k]) == 0, k

    server.clock.advance(HOUR)
    _settle(server, engine, keys)
    for k in keys:
        assert _start_jobs(engine, k) == [(old[k], "")], k
        assert _started(engine, old[k]) == 1, k


def test_deleting_the_only_version_against_the_firing_of_its_timer_start(server) -> None:  # type: ignore[no-untyped-def]
    engine = Failures(server.api())
    keys = [key("hourly_gone") for _ in range(SUBJECTS)]
    deployed = {k: _deploy(engine, k) for k in keys}
    server.clock.advance(HOUR)
    _spread([lambda k=k: engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(
        id=deployed[k][0], cascade=True)) for k in keys])
    _settle(server, engine, keys)
    for _ in range(2):
        for k in keys:
            assert _start_jobs(engine, k) == [], k
            assert _started(engine, deployed[k][1]) == 0, k
        server.clock.advance(HOUR)
        _settle(server, engine, keys)


def test_a_new_version_against_deleting_the_latest_version(server) -> None:  # type: ignore[no-untyped-def]
    """Whichever comes first, the latest version left has the key's only timer start job: the
    deletion must not give it back to a version that the new one replaced meanwhile."""
    engine = Failures(server.api())

    def make() -> tuple[str, str]:
        process_key = key("hourly_pair")
        _deploy(engine, process_key)
        return process_key, _deploy(engine, process_key)[0]

    def state(subject: tuple[str, str]) -> tuple[list[int], list[tuple[int, str]]]:
        return _versions_and_start_jobs(engine, subject[0])

    check_race(make, [
        lambda s: engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[1], cascade=True)),
        lambda s: _deploy(engine, s[0]),
    ], state)


def test_deleting_the_two_latest_versions_at_once(server) -> None:  # type: ignore[no-untyped-def]
    """The first version is left, with the key's only timer start job."""
    engine = Failures(server.api())

    def make() -> tuple[str, str, str]:
        process_key = key("hourly_deletions")
        _deploy(engine, process_key)
        return process_key, _deploy(engine, process_key)[0], _deploy(engine, process_key)[0]

    def state(subject: tuple[str, str, str]) -> tuple[list[int], list[tuple[int, str]]]:
        return _versions_and_start_jobs(engine, subject[0])

    check_race(make, [
        lambda s: engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[1], cascade=True)),
        lambda s: engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[2], cascade=True)),
    ], state)
