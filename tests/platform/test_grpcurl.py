"""End to end with the real grpcurl binary: reflection, describe, a JSON body, an error."""

from __future__ import annotations

from tests.platform.grpcurl import Grpcurl
from tests.support import unique


def test_lists_services_through_reflection_without_a_token(server):  # type: ignore[no-untyped-def]
    services = Grpcurl.for_server(server, token=None).list()
    assert {"flowkeeper.ops.v1.UserService", "grpc.health.v1.Health"} <= set(services)
    assert "flowkeeper.ops.v1.UserService.CreateUser" in Grpcurl.for_server(server).list("flowkeeper.ops.v1.UserService")


def test_describes_a_method_and_its_request(server):  # type: ignore[no-untyped-def]
    grpcurl = Grpcurl.for_server(server, token=None)
    method = grpcurl.describe("flowkeeper.ops.v1.UserService.CreateUser")
    assert "flowkeeper.ops.v1.UserService.CreateUser is a method:" in method
    assert ("rpc CreateUser ( .flowkeeper.ops.v1.CreateUserRequest ) returns ( .flowkeeper.ops.v1.CreateUserResponse );"
            in method)
    request = grpcurl.describe("flowkeeper.ops.v1.CreateUserRequest")
    assert "message CreateUserRequest {" in request and "string display_name = 1;" in request
    assert "is a field:" in grpcurl.describe("flowkeeper.ops.v1.CreateUserRequest.display_name")


def test_health_check_needs_no_token(server):  # type: ignore[no-untyped-def]
    assert Grpcurl.for_server(server, token=None).ok("grpc.health.v1.Health/Check") == {"status": "SERVING"}


def test_creates_a_user_from_a_json_body(server):  # type: ignore[no-untyped-def]
    grpcurl = Grpcurl.for_server(server)
    name = unique("grpcurl")
    created = grpcurl.ok("flowkeeper.ops.v1.UserService/CreateUser",
                         {"display_name": name, "full_name": "Grace Curl", "email": "grace@example.com"})["user"]
    assert (created["display_name"], created["full_name"], created["state"]) == (name, "Grace Curl", "USER_STATE_ACTIVE")
    assert created["display_id"].startswith("DEVU-")
    fetched = grpcurl.ok("flowkeeper.ops.v1.UserService/GetUser", {"id": created["display_id"]})["user"]
    assert fetched == created


def test_a_failing_call_shows_code_message_and_details(server):  # type: ignore[no-untyped-def]
    failed = Grpcurl.for_server(server).fails("flowkeeper.ops.v1.UserService/CreateUser", {"display_name": ""})
    assert failed.code == "InvalidArgument" and failed.returncode == 64 + 3
    assert "display_name" in failed.message
    assert failed.reason == "MISSING_REQUIRED_FIELD"
    bad_request = [d for d in failed.details if d["@type"].endswith("google.rpc.BadRequest")]
    assert bad_request[0]["field_violations"][0]["field"] == "display_name"


def test_a_call_without_a_token_is_unauthenticated(server):  # type: ignore[no-untyped-def]
    failed = Grpcurl.for_server(server, token=None).fails("flowkeeper.ops.v1.UserService/GetSelf")
    assert failed.code == "Unauthenticated" and failed.reason == "UNAUTHENTICATED"
