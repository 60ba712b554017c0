"""Health and reflection are open; every other RPC the server offers (found through reflection,
so each new service is covered the day it is registered) answers UNAUTHENTICATED without a
token, before it looks at the request."""

from __future__ import annotations

import grpc
from google.protobuf import descriptor_pool, message_factory
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from tests.support import expect_error

OPEN = {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}


def _call(channel: grpc.Channel, method):  # type: ignore[no-untyped-def]
    request = message_factory.GetMessageClass(method.input_type)()
    path = f"/{method.containing_service.full_name}/{method.name}"
    serialize = type(request).SerializeToString
    deserialize = message_factory.GetMessageClass(method.output_type).FromString
    if method.client_streaming:
        multi = channel.stream_stream if method.server_streaming else channel.stream_unary
        result = multi(path, request_serializer=serialize, response_deserializer=deserialize)(iter([request]),
                                                                                           timeout=10)
    else:
        single = channel.unary_stream if method.server_streaming else channel.unary_unary
        result = single(path, request_serializer=serialize, response_deserializer=deserialize)(request, timeout=10)
    return list(result) if method.server_streaming else result


def test_every_rpc_but_health_and_reflection_needs_a_token(server):  # type: ignore[no-untyped-def]
    with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        services = set(ProtoReflectionDescriptorDatabase(channel).get_services())  # reflection needs no token
        assert OPEN <= services and "flowkeeper.ops.v1.UserService" in services
        checked = []
        for name in sorted(services - OPEN):
            for method in descriptor_pool.Default().FindServiceByName(name).methods:
                expect_error(lambda: _call(channel, method), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
                checked.append(method.full_name)
    assert "flowkeeper.ops.v1.UserService.CreateUser" in checked
