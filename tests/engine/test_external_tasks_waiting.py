"""Waiting for work: a long-polling FetchAndLock returns as soon as a task appears, StreamTasks
pushes tasks as instances start (with at most max_tasks in flight), a server process bounds its
waiting calls, and shutdown ends the waits."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from server.engine import work_servicer
from tests.conftest import database_url, start_server
from tests.engine.work_support import Work, deploy_one_task, eventually, seconds
from tests.support import expect_error, failure


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def fetch_request(work: Work, topic: str, wait: float, max_tasks: int = 5) -> et.FetchAndLockRequest:
    return et.FetchAndLockRequest(worker_id="poller", max_tasks=max_tasks, topics=[work.topic(topic)],
                                  async_response_timeout=seconds(wait))


class Stream:
    """A StreamTasks call read by a thread of its own into a queue."""

    def __init__(self, work: Work, topic: str, worker: str, max_tasks: int) -> None:
        self.call = work.external.StreamTasks(et.StreamTasksRequest(
            worker_id=worker, max_tasks=max_tasks, topics=[work.topic(topic)]))
        self.received: queue.Queue[et.ExternalTask] = queue.Queue()
        self.outcome: list[Any] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for message in self.call:
                self.received.put(message.external_task.external_task)
            self.outcome.append("ended")
        except grpc.RpcError as error:
            self.outcome.append(error.code())

    def take(self, timeout: float = 10) -> et.ExternalTask:
        return self.received.get(timeout=timeout)

    def finished(self, timeout: float = 10) -> list[Any]:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the stream did not end"
        return self.outcome


def waiting_more_than(count: int) -> bool:
    return work_servicer.waiting_calls() > count


def test_a_long_poll_returns_as_soon_as_a_task_appears(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    before = work_servicer.waiting_calls()
    pending = work.external.FetchAndLock.future(fetch_request(work, topic, wait=30))
    eventually(lambda: waiting_more_than(before), what="the fetch to wait")
    assert not pending.done()
    started = time.monotonic()
    instance = threading.Thread(target=lambda: work.start_id(definition))
    instance.start()
    response = pending.result(timeout=15)
    elapsed = time.monotonic() - started
    instance.join(10)
    [task] = response.external_tasks
    assert task.external_task.topic_name == topic and task.external_task.worker_id == "poller"
    assert elapsed < 5, f"the long poll took {elapsed:.2f}s after the task appeared"
    eventually(lambda: work_servicer.waiting_calls() == before, what="the wait to end")


def test_a_long_poll_without_work_answers_empty_after_its_timeout_or_the_deadline(work: Work) -> None:
    _, topic = deploy_one_task(work)
    started = time.monotonic()
    assert list(work.external.FetchAndLock(fetch_request(work, topic, wait=0.3)).external_tasks) == []
    assert time.monotonic() - started >= 0.25
    # A client deadline shorter than the timeout ends the wait before the deadline, with an answer.
    started = time.monotonic()
    response = work.external.FetchAndLock(fetch_request(work, topic, wait=60), timeout=2)
    assert list(response.external_tasks) == [] and time.monotonic() - started < 2


def test_the_server_caps_a_long_poll_at_long_poll_max_seconds(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    capped = Work(fresh_server(server.backend, long_poll_max_seconds=0.2).api())
    _, topic = deploy_one_task(capped)
    # No client deadline: without the cap this call would wait its full minute.
    pending = capped.external.FetchAndLock.future(fetch_request(capped, topic, wait=60))
    assert list(pending.result(timeout=20).external_tasks) == []


def test_a_stream_pushes_tasks_as_instances_start_with_max_tasks_in_flight(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    before = work_servicer.waiting_calls()
    stream = Stream(work, topic, "streamer", max_tasks=2)
    eventually(lambda: waiting_more_than(before), what="the stream to wait")
    instances = {work.start_id(definition) for _ in range(3)}
    first, second = stream.take(), stream.take()
    assert {first.worker_id, second.worker_id} == {"streamer"} and first.id != second.id
    # Two in flight: the third stays unlocked until the worker reports on one.
    [third] = work.external_tasks(topic_name=topic, not_locked=True)
    assert third.process_instance_id in instances
    work.complete_external(first.id, "streamer")
    pushed = stream.take()
    assert pushed.id == third.id and pushed.locked
    assert {first.process_instance_id, second.process_instance_id, pushed.process_instance_id} == instances
    # A task whose lock is given up counts no more either.
    work.fail(second.id, "streamer", retries=1, timeout=3600)
    work.start_id(definition)
    assert stream.take().process_instance_id not in instances

    stream.call.cancel()
    assert stream.finished() == [grpc.StatusCode.CANCELLED]
    eventually(lambda: work_servicer.waiting_calls() == before, what="the cancelled stream to give back its slot")


def test_invalid_stream_requests_are_refused(work: Work) -> None:
    call = work.external.StreamTasks(et.StreamTasksRequest(worker_id="", max_tasks=0))
    expect_error(lambda: next(call), grpc.StatusCode.INVALID_ARGUMENT)


@pytest.fixture
def small_server(server, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A server of its own with 2 wait threads (one waiting call at a time), on the backend of
    the session server."""
    handle = start_server(database_url(server.backend, request, tmp_path_factory), server.backend, wait_threads=2)
    yield handle
    handle.close()
    handle.running.stop(0)


def test_waiting_calls_beyond_the_capacity_are_refused_or_answered_at_once(small_server) -> None:  # type: ignore[no-untyped-def]
    work = Work(small_server.api())
    definition, topic = deploy_one_task(work)
    before = work_servicer.waiting_calls()
    stream = Stream(work, topic, "first", max_tasks=1)
    eventually(lambda: waiting_more_than(before), what="the stream to wait")
    second = work.external.StreamTasks(et.StreamTasksRequest(worker_id="second", max_tasks=1,
                                                             topics=[work.topic(topic)]))
    refused = expect_error(lambda: next(second), grpc.StatusCode.RESOURCE_EXHAUSTED, "TOO_MANY_WAITING_CALLS")
    assert refused.retry is not None and refused.retry.retry_delay.seconds == 1
    started = time.monotonic()
    assert list(work.external.FetchAndLock(fetch_request(work, topic, wait=30)).external_tasks) == []
    assert time.monotonic() - started < 5
    work.start_id(definition)
    assert stream.take().worker_id == "first"
    stream.call.cancel()
    stream.finished()


def test_waiting_calls_run_on_their_own_pool_and_never_hold_up_other_calls(
        server, request, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """One thread for calls that answer at once: a stream and a long poll waiting on the wait
    pool leave it free."""
    handle = start_server(database_url(server.backend, request, tmp_path_factory), server.backend,
                          threads=1, wait_threads=4)
    try:
        api = handle.api()
        work = Work(api)
        _, topic = deploy_one_task(work)
        before = work_servicer.waiting_calls()
        stream = Stream(work, topic, "streamer", max_tasks=1)
        poll = work.external.FetchAndLock.future(fetch_request(work, topic, wait=60))
        eventually(lambda: work_servicer.waiting_calls() >= before + 2, what="both calls to wait")
        users = api.stub(user_pb2_grpc.UserServiceStub)
        for _ in range(3):
            assert users.GetSelf(user_pb2.GetSelfRequest(), timeout=5).user.display_name == "admin"
        assert work_servicer.waiting_calls() >= before + 2 and not poll.done()
        stream.call.cancel()
        poll.cancel()
        stream.finished()
    finally:
        handle.close()
        handle.running.stop(0)


def test_shutdown_ends_streams_and_long_polls_at_once(server, request, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    handle = start_server(database_url(server.backend, request, tmp_path_factory), server.backend)
    try:
        work = Work(handle.api())
        _, topic = deploy_one_task(work)
        before = work_servicer.waiting_calls()
        stream = Stream(work, topic, "streamer", max_tasks=1)
        poll = work.external.FetchAndLock.future(fetch_request(work, topic, wait=60))
        eventually(lambda: work_servicer.waiting_calls() >= before + 2, what="both calls to wait")
        started = time.monotonic()
        assert handle.running.stop(20) is True
        assert time.monotonic() - started < 5, "the drain waited for the waiting calls"
        assert stream.finished() == ["ended"]
        assert list(poll.result(timeout=5).external_tasks) == []
    finally:
        handle.close()


def test_rpc_errors_of_a_stream_carry_error_info(work: Work) -> None:
    call = work.external.StreamTasks(et.StreamTasksRequest(worker_id="w", max_tasks=1,
                                                           topics=[et.FetchTopic(topic_name="t")]))
    try:
        next(call)
    except grpc.RpcError as error:
        got = failure(error)
        assert got.reason == "MISSING_REQUIRED_FIELD" and got.fields == ["topics[0].lock_duration"]
    else:
        raise AssertionError("the stream accepted a topic without lock_duration")
