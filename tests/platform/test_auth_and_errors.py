"""Authentication, authorization, rate limiting and the error model, over a real channel."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from tests.conftest import BACKENDS
from tests.support import expect_error, unique


def users(api):  # type: ignore[no-untyped-def]
    return api.stub(user_pb2_grpc.UserServiceStub)


def test_health_is_open_without_a_token(server):  # type: ignore[no-untyped-def]
    health = server.api(token=None).stub(health_pb2_grpc.HealthStub)
    assert health.Check(health_pb2.HealthCheckRequest()).status == health_pb2.HealthCheckResponse.SERVING
    named = health_pb2.HealthCheckRequest(service="flowkeeper.ops.v1.UserService")
    assert health.Check(named).status == health_pb2.HealthCheckResponse.SERVING


def test_missing_token_is_unauthenticated(server):  # type: ignore[no-untyped-def]
    got = expect_error(lambda: users(server.api(token=None)).GetSelf(user_pb2.GetSelfRequest()),
                       grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
    assert got.info.metadata["type"] == "unauthenticated"


def test_unknown_token_is_unauthenticated(server):  # type: ignore[no-untyped-def]
    expect_error(lambda: users(server.api(token="fk_not-a-token")).GetSelf(user_pb2.GetSelfRequest()),
                 grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


def test_malformed_authorization_is_unauthenticated(server):  # type: ignore[no-untyped-def]
    stub = users(server.api(token=None))
    expect_error(lambda: stub.GetSelf(user_pb2.GetSelfRequest(), metadata=(("authorization", "Basic abc"),)),
                 grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


def test_token_names_its_user(server):  # type: ignore[no-untyped-def]
    name = unique("alice")
    me = users(server.api(server.token(name))).GetSelf(user_pb2.GetSelfRequest()).user
    assert me.display_name == name
    assert me.id.startswith("don:identity:flowkeeper:devu/") and me.display_id.startswith("DEVU-")


def test_non_admin_cannot_create_users(server):  # type: ignore[no-untyped-def]
    got = expect_error(
        lambda: users(server.api(server.token())).CreateUser(user_pb2.CreateUserRequest(display_name=unique())),
        grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    assert got.info.metadata["type"] == "forbidden"


def test_create_and_get_user(server):  # type: ignore[no-untyped-def]
    stub = users(server.api())
    name = unique("bob")
    created = stub.CreateUser(user_pb2.CreateUserRequest(display_name=name, full_name="Bob B", email="b@x.io")).user
    assert created.state == user_pb2.USER_STATE_ACTIVE
    assert stub.GetUser(user_pb2.GetUserRequest(id=created.id)).user == created
    assert stub.GetUser(user_pb2.GetUserRequest(id=created.display_id)).user == created


def test_user_errors(server):  # type: ignore[no-untyped-def]
    stub = users(server.api())
    got = expect_error(lambda: stub.CreateUser(user_pb2.CreateUserRequest()),
                       grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert got.fields == ["display_name"]
    got = expect_error(lambda: stub.CreateUser(user_pb2.CreateUserRequest(display_name=unique(), state=99)),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE")
    assert "active" in got.info.metadata["allowed_values"]
    name = unique()
    stub.CreateUser(user_pb2.CreateUserRequest(display_name=name))
    expect_error(lambda: stub.CreateUser(user_pb2.CreateUserRequest(display_name=name)),
                 grpc.StatusCode.ALREADY_EXISTS, "USER_EXISTS")
    got = expect_error(lambda: stub.GetUser(user_pb2.GetUserRequest(id="nope")),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert got.fields == ["id"]
    expect_error(lambda: stub.GetUser(user_pb2.GetUserRequest(id="DEVU-999999")),
                 grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")


@pytest.mark.parametrize("backend", BACKENDS)
def test_rate_limit_answers_resource_exhausted_with_retry_info(fresh_server, backend):  # type: ignore[no-untyped-def]
    handle = fresh_server(backend, rate_limit_per_minute=3)
    stub = users(handle.api())
    for _ in range(3):
        stub.GetSelf(user_pb2.GetSelfRequest())
    got = expect_error(lambda: stub.GetSelf(user_pb2.GetSelfRequest()),
                       grpc.StatusCode.RESOURCE_EXHAUSTED, "TOO_MANY_REQUESTS")
    assert got.retry is not None and 1 <= got.retry.retry_delay.seconds <= 60
    assert got.info.metadata["type"] == "too_many_requests"
    assert int(got.info.metadata["retry_after"]) == got.retry.retry_delay.seconds
    # Another identity has a budget of its own.
    users(handle.api(handle.token())).GetSelf(user_pb2.GetSelfRequest())
    # The window rolls over with the clock.
    from datetime import timedelta
    handle.clock.advance(timedelta(seconds=61))
    stub.GetSelf(user_pb2.GetSelfRequest())


@pytest.mark.parametrize("backend", BACKENDS)
def test_rate_limit_leases_half_a_percent_of_the_limit_per_database_write(fresh_server, backend):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from server.ratelimit import RateLimitWindow

    handle = fresh_server(backend, rate_limit_per_minute=2_000)  # a lease is 10 calls
    stub = users(handle.api())

    def used() -> list[int]:
        return handle.db.run(lambda s: list(s.scalars(select(RateLimitWindow.used))), write=False)

    stub.GetSelf(user_pb2.GetSelfRequest())
    assert used() == [10]
    for _ in range(9):
        stub.GetSelf(user_pb2.GetSelfRequest())
    assert used() == [10]  # spent from the lease, no write
    stub.GetSelf(user_pb2.GetSelfRequest())
    assert used() == [20]
    # Large limits lease at most 1,000 calls at a time.
    big = fresh_server(backend, rate_limit_per_minute=10_000_000)
    users(big.api()).GetSelf(user_pb2.GetSelfRequest())
    assert big.db.run(lambda s: list(s.scalars(select(RateLimitWindow.used))), write=False) == [1_000]
