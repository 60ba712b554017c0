"""Workers racing for tasks: every task is completed exactly once and none is lost.

The big race runs two `flowkeeper serve` processes on one PostgreSQL database (row locks with
SKIP LOCKED) with eight workers on connections of their own: 2,000 one-task instances, then 200
whose path first passes an asynchronous continuation that the job executors of both processes
compete for. The small race runs
concurrent workers against the session server, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import grpc
import pytest

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import external_task_pb2_grpc, process_instance_pb2
from tests.conftest import database_url
from tests.engine.resources.modeler import render
from tests.engine.work_support import Work, key, seconds
from tests.platform.served import ServedProcess, separate_channel
from tests.support import Api, unique


def race_process(process_key: str, topic: str, asynchronous: bool) -> str:
    flag = ' camunda:asyncBefore="true"' if asynchronous else ""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}"{flag} />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


@dataclass
class Tally:
    """What the workers saw, shared by their threads."""

    completed: Counter[str] = field(default_factory=Counter)  # task id -> completions
    instances: Counter[str] = field(default_factory=Counter)  # instance id -> completions
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def total(self) -> int:
        with self.lock:
            return sum(self.completed.values())


def run_race(make_api: Callable[[], Api], *, tasks: int, starters: int, workers: int,
             asynchronous: bool, deadline: float) -> tuple[set[str], Tally, Work]:
    """Starts ``tasks`` one-task instances from ``starters`` threads while ``workers`` threads
    fetch and complete; returns the started instance ids and the tally."""
    admin = Work(make_api())
    topic = unique("race")
    process_key = key("race")
    definition = admin.deploy(contents={f"{process_key}.bpmn": render(race_process(
        process_key, topic, asynchronous)).encode()})
    definition_id = admin.definition_id(definition, process_key)
    started: set[str] = set()
    started_lock = threading.Lock()
    tally = Tally()
    stop = threading.Event()
    end = time.monotonic() + deadline

    def start(share: int) -> None:
        engine = Work(make_api())
        for _ in range(share):
            instance = engine.start_id(definition_id)
            with started_lock:
                started.add(instance)

    def work(worker_id: str) -> None:
        stub = make_api().stub(external_task_pb2_grpc.ExternalTaskServiceStub)
        request = et.FetchAndLockRequest(
            worker_id=worker_id, max_tasks=10, topics=[et.FetchTopic(topic_name=topic, lock_duration=seconds(600))],
            async_response_timeout=seconds(1))
        while not stop.is_set() and time.monotonic() < end:
            try:
                locked = stub.FetchAndLock(request, timeout=10).external_tasks
                for item in locked:
                    task = item.external_task
                    stub.CompleteExternalTask(et.CompleteExternalTaskRequest(id=task.id, worker_id=worker_id),
                                              timeout=10)
                    with tally.lock:
                        tally.completed[task.id] += 1
                        tally.instances[task.process_instance_id] += 1
            except grpc.RpcError as error:
                with tally.lock:
                    tally.errors.append(f"{worker_id}: {error.code()} {error.details()}")
                if len(tally.errors) > 20:
                    return
            if tally.total() >= tasks:
                return

    shares = [tasks // starters + (1 if i < tasks % starters else 0) for i in range(starters)]
    threads = [threading.Thread(target=start, args=(n,)) for n in shares]
    threads += [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()) + 15)
    stop.set()
    return started, tally, admin


def assert_each_completed_once(started: set[str], tally: Tally, work: Work, tasks: int) -> None:
    assert tally.errors == []
    assert len(started) == tasks
    assert sum(tally.completed.values()) == tasks and set(tally.completed.values()) == {1}
    assert set(tally.instances) == started and set(tally.instances.values()) == {1}
    definition_id = work.instance(next(iter(started))).definition_id
    running = work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_id=definition_id)).process_instances
    assert list(running) == []
    assert work.external_tasks(process_definition_id=definition_id) == []


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_server_processes_and_eight_workers_complete_each_task_exactly_once(
        backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    url = database_url(backend, request, tmp_path_factory)
    served = ServedProcess(["--listen", "127.0.0.1:0", "--database-url", url, "--workers", "2",
                            "--rate-limit", "0", "--log-level", "WARNING"], workers=2)
    try:
        served.start()
        token = served.first_token
        assert token, served.output()
        channels: list[grpc.Channel] = []

        def make_api() -> Api:
            channel = separate_channel(served.address)  # each thread its own connection, so both processes serve
            channels.append(channel)
            return Api(channel, token)

        started, tally, work = run_race(make_api, tasks=2000, starters=4, workers=8, asynchronous=False,
                                        deadline=90)
        assert_each_completed_once(started, tally, work, 2000)
        # Each instance first passes an asynchronous continuation, run by the job executor of
        # either process: a job run twice would create a second task for its instance.
        started, tally, work = run_race(make_api, tasks=200, starters=2, workers=8, asynchronous=True,
                                        deadline=60)
        assert_each_completed_once(started, tally, work, 200)
        for channel in channels:
            channel.close()
        assert served.terminate() == 0, served.output()
    finally:
        served.close()


def test_concurrent_workers_on_one_server_never_fetch_a_task_twice(server) -> None:  # type: ignore[no-untyped-def]
    started, tally, work = run_race(server.api, tasks=200, starters=2, workers=4, asynchronous=False, deadline=60)
    assert_each_completed_once(started, tally, work, 200)
