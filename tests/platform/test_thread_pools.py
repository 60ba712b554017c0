"""Which thread pool a call runs on: calls that answer at once share `--threads`, calls that scan
(List*, Query*, Count*, Group*) have `--scan-threads` of their own, on SQLite calls that write
have `--write-threads`, and grpcurl's reflection stream runs on the wait pool."""

from __future__ import annotations

import pytest

from flowkeeper.engine.v1 import execution_pb2  # noqa: F401 (registers ExecutionService)
from flowkeeper.ops.v1 import incident_pb2, user_pb2, user_pb2_grpc  # noqa: F401 (incident_pb2: IncidentService)
from server.app import _scanning_methods
from tests.conftest import BACKENDS
from tests.engine.work_support import eventually
from tests.platform.grpcurl import Grpcurl
from tests.platform.thread_support import in_a_transaction, writes_held


def test_scanning_methods_are_the_lists_queries_counts_and_groups() -> None:
    methods = _scanning_methods(["flowkeeper.ops.v1.IncidentService", "flowkeeper.engine.v1.ExecutionService"])
    assert {m.rpartition("/")[2] for m in methods} == {
        "ListIncidents", "GroupIncidents", "ListIncidentTimeline", "QueryExecutions", "CountExecutions"}
    assert all(m.startswith("/flowkeeper.") for m in methods)


def _rpc_thread_in_a_transaction() -> bool:
    return in_a_transaction() > 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_scan_answers_while_the_one_rpc_thread_waits(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    handle = fresh_server(backend, threads=1, scan_threads=2, write_threads=0)  # CreateUser on the one RPC thread
    users = handle.api().stub(user_pb2_grpc.UserServiceStub)
    assert users.GetSelf(user_pb2.GetSelfRequest(), timeout=10).user.display_name == "admin"  # token cached
    with writes_held(handle):
        created = users.CreateUser.future(user_pb2.CreateUserRequest(display_name="waits-for-the-test"), timeout=30)
        eventually(_rpc_thread_in_a_transaction, what="CreateUser to wait on the held lock")
        queued = users.GetSelf.future(user_pb2.GetSelfRequest(), timeout=30)
        listed = users.ListUsers(user_pb2.ListUsersRequest(), timeout=10)  # on the scan pool
        assert "admin" in [u.display_name for u in listed.users]
        assert not created.done() and not queued.done()  # the one RPC thread is still held
    assert created.result().user.display_name == "waits-for-the-test"
    assert queued.result().user.display_name == "admin"


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b == "sqlite"])
def test_on_sqlite_writes_take_turns_on_their_own_thread_and_reads_go_on(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    handle = fresh_server(backend, threads=1, write_threads=1)
    users = handle.api().stub(user_pb2_grpc.UserServiceStub)
    assert users.GetSelf(user_pb2.GetSelfRequest(), timeout=10).user.display_name == "admin"  # token cached
    with writes_held(handle):
        first = users.CreateUser.future(user_pb2.CreateUserRequest(display_name="first-writer"), timeout=30)
        eventually(lambda: in_a_transaction("rpc-write") == 1, what="CreateUser to wait on the held lock")
        second = users.CreateUser.future(user_pb2.CreateUserRequest(display_name="second-writer"), timeout=30)
        # the one RPC thread is free: a read answers while both writes wait
        assert users.GetSelf(user_pb2.GetSelfRequest(), timeout=10).user.display_name == "admin"
        assert in_a_transaction("rpc-write") == 1 and in_a_transaction() == 0
        assert not first.done() and not second.done()
    assert first.result().user.display_name == "first-writer"
    assert second.result().user.display_name == "second-writer"


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b == "postgresql"])
def test_postgresql_writes_run_side_by_side_on_the_rpc_threads(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL takes writers at once, so there --write-threads is not a pool of its own."""
    handle = fresh_server(backend, threads=2, write_threads=1)
    users = handle.api().stub(user_pb2_grpc.UserServiceStub)
    with writes_held(handle):
        waiting = [users.CreateUser.future(user_pb2.CreateUserRequest(display_name=f"writer-{n}"), timeout=30)
                   for n in range(2)]
        eventually(lambda: in_a_transaction() == 2, what="both CreateUser calls inside a transaction at once")
        assert not any(call.done() for call in waiting)
    assert sorted(call.result().user.display_name for call in waiting) == ["writer-0", "writer-1"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_grpcurl_works_with_one_rpc_thread(fresh_server, backend: str) -> None:  # type: ignore[no-untyped-def]
    """grpcurl keeps its reflection stream open while it calls: on the wait pool, the stream
    leaves the one RPC thread to the call."""
    handle = fresh_server(backend, threads=1)
    assert Grpcurl.for_server(handle).ok("flowkeeper.ops.v1.UserService/GetSelf")["user"]["display_name"] == "admin"


def test_methods_that_write_outside_transactional_are_marked_as_writing() -> None:
    """ExecuteJob runs its own transactions (the job's, then the failure's), so it is marked by
    hand; on SQLite it takes the write pool like the transactional writes."""
    from server.engine.work_servicer import JobServicer
    from server.ops.servicer import IncidentServicer

    assert getattr(JobServicer.ExecuteJob, "writes", False) is True
    assert getattr(JobServicer.SetJobSuspensionState, "writes", False) is True  # transactional(write=True)
    assert getattr(IncidentServicer.GetIncident, "writes", True) is False
