"""SetProcessDefinitionSuspensionState: a suspended definition starts no instances (by a call, a
call activity, a timer start event) while its running instances go on, unless they are suspended
with it; activation undoes both. Races with starts answer as one after the other."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Callable

import grpc
import pytest
from sqlalchemy import text

from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2, task_pb2
from tests.engine.job_support import timer_start
from tests.engine.racing import check_race
from tests.engine.work_support import Work, calling, eventually, key, waiting
from tests.support import expect_error

SUSPENDED = "PROCESS_DEFINITION_SUSPENDED"




@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def suspend(work: Work, definition_id: str, suspended: bool = True,
            include: bool = False) -> pd.SetProcessDefinitionSuspensionStateResponse:
    return work.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
        id=definition_id, suspended=suspended, include_process_instances=include))


def states(work: Work, *instance_ids: str) -> list[str]:
    return [process_instance_pb2.ProcessInstance.State.Name(work.instance(i).state) for i in instance_ids]


def test_a_suspended_definition_starts_nothing_and_its_instances_go_on(work: Work) -> None:
    process_key = key("paused")
    definition = work.deploy_inline(process_key, waiting(process_key))
    running = work.start_id(definition)
    answer = suspend(work, definition)
    assert answer.process_definition.suspended and answer.process_instances_changed == 0
    assert work.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=definition)).process_definition.suspended
    expect_error(lambda: work.start(definition), grpc.StatusCode.FAILED_PRECONDITION, SUSPENDED)
    assert suspend(work, definition).process_definition.suspended  # again: nothing changes
    [task] = work.tasks_of(running)
    work.complete(task.id)  # the instance that runs goes on
    assert states(work, running) == ["STATE_COMPLETED"]
    answer = suspend(work, definition, suspended=False)
    assert not answer.process_definition.suspended
    assert states(work, work.start_id(definition)) == ["STATE_ACTIVE"]


def test_its_instances_are_suspended_and_activated_with_it(work: Work) -> None:
    process_key = key("paused_all")
    definition = work.deploy_inline(process_key, waiting(process_key))
    first, second, already, ended = (work.start_id(definition) for _ in range(4))
    work.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=already))
    [task] = work.tasks_of(ended)
    work.complete(task.id)
    other_key = key("other")
    other = work.start_id(work.deploy_inline(other_key, waiting(other_key)))

    assert suspend(work, definition, include=True).process_instances_changed == 2
    assert states(work, first, second, already, ended, other) == [
        "STATE_SUSPENDED", "STATE_SUSPENDED", "STATE_SUSPENDED", "STATE_COMPLETED", "STATE_ACTIVE"]
    [task] = work.tasks_of(first)
    assert task.suspended
    expect_error(lambda: work.tasks.CompleteTask(task_pb2.CompleteTaskRequest(task_id=task.id)),
                 grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")

    answer = suspend(work, definition, suspended=False, include=True)
    assert answer.process_instances_changed == 3 and not answer.process_definition.suspended
    assert states(work, first, second, already) == ["STATE_ACTIVE"] * 3
    work.complete(task.id)
    assert states(work, first) == ["STATE_COMPLETED"]


def test_a_call_activity_cannot_start_a_suspended_definition(work: Work) -> None:
    called_key, caller_key = key("called"), key("caller")
    called = work.deploy_inline(called_key, waiting(called_key))
    caller = work.deploy_inline(caller_key, calling(caller_key, called_key))
    suspend(work, called)
    expect_error(lambda: work.start(caller), grpc.StatusCode.FAILED_PRECONDITION, SUSPENDED)
    suspend(work, called, suspended=False)
    assert states(work, work.start_id(caller)) == ["STATE_ACTIVE"]


def test_timer_start_events_wait_while_it_is_suspended(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key, witness_key = key("hourly_paused"), key("hourly_witness")
    definition = work.deploy_inline(process_key, timer_start(process_key))
    witness = work.deploy_inline(witness_key, timer_start(witness_key))  # due at the same time
    suspend(work, definition)
    [job] = work.jobs_of(process_definition_id=definition)
    assert job.suspended

    def started(definition_id: str) -> int:
        return len(work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
            process_definition_id=definition_id)).process_instances)

    server.clock.advance(timedelta(hours=1))
    eventually(lambda: started(witness) == 1, what="the witness's timer")  # the executor has looked
    assert started(definition) == 0
    [job] = work.jobs_of(process_definition_id=definition)
    assert job.suspended
    suspend(work, definition, suspended=False)
    eventually(lambda: started(definition) == 1, what="the timer once its definition is active")
    [job] = work.jobs_of(process_definition_id=definition)  # the cycle's second firing
    assert not job.suspended


def test_unknown_and_hidden_definitions_are_not_found(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    expect_error(lambda: suspend(work, "nope:1:x"), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    process_key = key("hidden")
    tenant = key("tenant")
    deployment = work.deploy(contents={f"{process_key}.bpmn": _rendered(process_key)}, tenant=tenant)
    definition = work.definition_id(deployment, process_key)
    outsider = Work(server.api(server.token()))
    expect_error(lambda: suspend(outsider, definition), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    member = Work(server.api(server.token(tenants=(tenant,))))
    assert suspend(member, definition).process_definition.suspended


def _rendered(process_key: str) -> bytes:
    from tests.engine.resources.modeler import render

    return render(waiting(process_key), process_key).encode()


@pytest.mark.usefixtures("no_deadlock")
def test_suspending_with_instances_against_starts(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    """A start that comes first is suspended with the others; one that comes after is refused."""

    def make() -> str:
        process_key = key("raced_start")
        definition = work.deploy_inline(process_key, waiting(process_key))
        work.start_id(definition)
        return definition

    def state(definition: str) -> tuple[object, ...]:
        found = work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
            process_definition_id=definition)).process_instances
        return (work.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=definition))
                .process_definition.suspended, sorted(i.state for i in found))

    check_race(make, [
        lambda d: suspend(work, d, include=True),
        lambda d: work.start(d),
        lambda d: work.start(d),
    ], state, rounds=3)


def _refused_once_the_suspension_commits(handle, held: str, start: Callable[[], object]) -> None:  # type: ignore[no-untyped-def]
    """Suspends ``held`` in a transaction held open from outside (as the suspension's lock on
    its row): ``start`` must wait for it, then answer PROCESS_DEFINITION_SUSPENDED."""
    outcome: list[str] = []
    with handle.db.engine.connect() as holder:
        holder.execute(text("SELECT id FROM process_definitions WHERE id = :id FOR UPDATE"), {"id": held})
        holder.execute(text("UPDATE process_definitions SET suspended = true WHERE id = :id"), {"id": held})
        starting = threading.Thread(target=lambda: outcome.append(
            expect_error(start, grpc.StatusCode.FAILED_PRECONDITION, SUSPENDED).reason))
        starting.start()
        starting.join(0.5)
        assert starting.is_alive(), "the start did not wait for the definition's row"
        holder.commit()
    starting.join(10)
    assert outcome == [SUSPENDED]


def _instances_of(work: Work, definition: str) -> list[int]:
    return [i.state for i in work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_id=definition)).process_instances]


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite's writers take turns: no window to hold open
def test_a_start_waits_for_a_suspension_that_holds_the_definition(backend, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """A start that read the definition as active before the suspension locked it waits, then
    sees it suspended, and starts nothing."""
    handle = fresh_server(backend)
    work = Work(handle.api())
    process_key = key("held")
    definition = work.deploy_inline(process_key, waiting(process_key))
    work.start_id(definition)  # the definition row is read, and cached, before the hold
    _refused_once_the_suspension_commits(handle, definition, lambda: work.start(definition))
    assert _instances_of(work, definition) == [process_instance_pb2.ProcessInstance.STATE_ACTIVE]


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite's writers take turns: no window to hold open
def test_a_call_activity_waits_for_a_suspension_that_holds_the_called_definition(backend, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """As a start by the API: the call activity reads the called definition under the lock, waits
    for the suspension holding it, and then refuses; the caller starts nothing either."""
    handle = fresh_server(backend)
    work = Work(handle.api())
    called_key, caller_key = key("held_called"), key("held_caller")
    called = work.deploy_inline(called_key, waiting(called_key))
    caller = work.deploy_inline(caller_key, calling(caller_key, called_key))
    work.start_id(caller)  # both definition rows are read, and cached, before the hold
    _refused_once_the_suspension_commits(handle, called, lambda: work.start(caller))
    assert _instances_of(work, caller) == [process_instance_pb2.ProcessInstance.STATE_ACTIVE]


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite's writers take turns: no window to hold open
def test_a_start_by_key_whose_latest_version_goes_meanwhile_starts_the_version_before(backend, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """The start's lock waits for a deletion of the latest version, and then takes the version
    before it, as a start that came after the deletion does."""
    handle = fresh_server(backend)
    work = Work(handle.api())
    process_key = key("versions")
    first = work.deploy_inline(process_key, waiting(process_key))
    latest = work.deploy_inline(process_key, waiting(process_key))
    started: list[str] = []

    def start_by_key() -> None:
        try:
            started.append(work.definitions.StartProcessInstance(pd.StartProcessInstanceRequest(
                definition=pd.DefinitionRef(key=process_key))).process_instance.definition_id)
        except grpc.RpcError as error:
            started.append(f"{error.code()}: {error.details()}")

    with handle.db.engine.connect() as holder:
        holder.execute(text("SELECT id FROM process_definitions WHERE id = :id FOR UPDATE"), {"id": latest})
        holder.execute(text("DELETE FROM process_definitions WHERE id = :id"), {"id": latest})
        starting = threading.Thread(target=start_by_key)
        starting.start()
        starting.join(0.5)
        assert starting.is_alive(), "the start did not wait for the latest version's row"
        holder.commit()
    starting.join(10)
    assert not starting.is_alive(), "the start still waits"
    assert started == [first]
