"""An unexpected failure becomes INTERNAL with a reference id that is in the log; no traceback
reaches the client."""

from __future__ import annotations

import logging

import grpc

from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from tests.support import expect_error


def test_unexpected_failure_is_internal_with_reference_id(server, monkeypatch, caplog):  # type: ignore[no-untyped-def]
    def explode(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret detail that must not leak")

    # Break the domain step behind the servicer (not the database, not gRPC).
    monkeypatch.setattr("server.ops.directory.get_user_ref", explode)
    stub = server.api().stub(user_pb2_grpc.UserServiceStub)
    with caplog.at_level(logging.ERROR, logger="flowkeeper.rpc"):
        got = expect_error(lambda: stub.GetSelf(user_pb2.GetSelfRequest()), grpc.StatusCode.INTERNAL, "INTERNAL_ERROR")
    reference = got.info.metadata["reference_id"]
    assert got.request_info is not None and got.request_info.request_id == reference
    assert "secret" not in got.message and "Traceback" not in got.message
    assert any(reference in record.getMessage() for record in caplog.records)
