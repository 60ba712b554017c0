"""A replica that dies holding work, and a worker whose lock expires: the work goes to another
once the lock expires, and runs exactly once.

`flowkeeper serve` processes share one PostgreSQL database: two that only serve (job executor
off) answer the test's calls. For the jobs, a replica with its executor on acquires a batch of
asynchronous continuations while the test holds the row locks of most of their instances (the
lock a job's run takes first), so it runs the others and then waits, holding the rest; it is
killed with SIGKILL, and a replica started meanwhile takes the rest over once their job locks
expire. Real time passes (locks of a few seconds); each check waits, with a generous deadline,
for the work to be over, then counts exactly."""

from __future__ import annotations

from typing import Iterator

import grpc
import pytest
from sqlalchemy import select

from server.db import Database
from server.engine.models import Execution
from tests.conftest import database_url
from tests.engine.failure_support import Failures, one_task
from tests.engine.replica_support import DEADLINE, EVERYTHING, task_keys
from tests.engine.work_support import eventually, key
from tests.platform.served import ServedProcess, separate_channel
from tests.support import Api, expect_error

BASE = ["--listen", "127.0.0.1:0", "--rate-limit", "0", "--log-level", "WARNING", "--job-poll-seconds", "0.1"]


class Replicas:
    """Two serve-only replicas on one database, a stub on each, and how to start more."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.started: list[ServedProcess] = []
        self.channels: list[grpc.Channel] = []
        self.token = ""

    def serve(self, *flags: str) -> ServedProcess:
        process = ServedProcess([*BASE, "--database-url", self.url, *flags])
        self.started.append(process)
        process.start()
        self.token = self.token or process.first_token or ""
        assert self.token, process.output()
        return process

    def engine(self, process: ServedProcess) -> Failures:
        channel = separate_channel(process.address)
        self.channels.append(channel)
        return Failures(Api(channel, self.token))

    def close(self) -> None:
        for channel in self.channels:
            channel.close()
        for process in self.started:
            process.close()


@pytest.fixture(scope="module")
def replicas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    found = Replicas(database_url("postgresql", request, tmp_path_factory))
    try:
        yield found
    finally:
        found.close()


@pytest.fixture(scope="module")
def front(replicas: Replicas) -> tuple[Failures, Failures]:
    """Stubs on two replicas that only serve (no job executor)."""
    return (replicas.engine(replicas.serve("--job-executor", "off")),
            replicas.engine(replicas.serve("--job-executor", "off")))


@pytest.mark.slow
def test_the_jobs_of_a_killed_replica_run_once_elsewhere_after_their_locks_expire(
        replicas: Replicas, front: tuple[Failures, Failures]) -> None:
    """Twelve continuations: the doomed replica acquires them all in one batch, runs the first
    three and waits at the fourth, whose instance the test holds. Killed, it hands nothing back;
    the survivor runs the nine it left, each once: one Work task per instance."""
    one, other = front
    process_key = key("orphans")
    definition = one.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:userTask id="Work" camunda:asyncBefore="true" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
""")
    instances = [(one if i % 2 else other).start_id(definition) for i in range(12)]
    jobs = one.jobs_of(process_definition_id=definition, page=EVERYTHING)  # in the order of acquisition
    assert sorted(j.process_instance_id for j in jobs) == sorted(instances)
    held = [j.process_instance_id for j in jobs[3:]]

    db = Database(replicas.url)
    try:
        with db.engine.connect() as blocker, blocker.begin():
            locked = blocker.execute(select(Execution.id).where(Execution.id.in_(held)).with_for_update()).all()
            assert len(locked) == len(held)
            doomed = replicas.serve("--job-lock-seconds", "4", "--job-batch-size", "50")
            mark = f":{doomed.worker_pids[0]}:"

            def holding() -> bool:
                left = other.jobs_of(process_definition_id=definition, page=EVERYTHING)
                return (sorted(j.process_instance_id for j in left) == sorted(held)
                        and all(mark in j.lock_owner for j in left))

            eventually(holding, timeout=DEADLINE, what="the doomed replica to run three jobs and hold the rest")
            replicas.serve("--job-lock-seconds", "4")  # the survivor
            doomed.kill()
        # The test's locks are gone with its transaction; the doomed replica's job locks remain.
    finally:
        db.dispose()
    eventually(lambda: not one.jobs_of(process_definition_id=definition), timeout=DEADLINE,
               what="the survivor to run the orphaned jobs")
    for instance in instances:
        assert task_keys(other, instance) == ["Work"]
        assert one.activities(instance) == ["Work"]


@pytest.mark.slow
def test_a_task_whose_lock_expired_goes_to_a_waiting_worker_on_another_replica(
        front: tuple[Failures, Failures]) -> None:
    """Worker slow locks the task for one second through one replica; worker fast long-polls
    through the other and gets it once the lock expired; slow's late report is refused, fast's
    moves the instance on to Wait, once."""
    one, other = front
    process_key, topic = key("expiring"), key("expiring_topic")
    definition = one.deploy_inline(process_key, one_task(process_key, topic, "Call"))  # Call, then Wait
    instance = one.start_id(definition)
    [first] = one.fetch("slow", one.topic(topic, lock=1))
    [second] = other.fetch("fast", other.topic(topic, lock=60), wait=DEADLINE, timeout=DEADLINE + 10)
    assert (second.external_task.id, second.external_task.worker_id) == (first.external_task.id, "fast")
    failure = expect_error(lambda: one.complete_external(first.external_task.id, "slow"),
                           grpc.StatusCode.FAILED_PRECONDITION, "EXTERNAL_TASK_LOCKED_BY_OTHER_WORKER")
    assert failure.info is not None and failure.info.metadata["lock_owner"] == "fast"
    other.complete_external(second.external_task.id, "fast")
    assert one.activities(instance) == ["Wait"]
    assert task_keys(other, instance) == ["Wait"]
    assert one.external_tasks(topic_name=topic) == []
