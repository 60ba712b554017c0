"""No request makes any RPC fail INTERNAL or UNKNOWN: every method the server offers (found
through reflection, so a new one is covered the day it is registered) is called with an empty
request and with requests whose every field, at every depth, holds an extreme value — text far
longer than any column, in four-byte characters; the largest and smallest integers; the ends of
Timestamp and Duration, and values beyond them; unknown enum numbers; deep Struct values. Whatever the server makes of
them, it must answer with a status that says what is wrong, on both databases."""

from __future__ import annotations

from typing import Any, Callable

import grpc
import pytest
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from tests.conftest import BACKENDS

OPEN = {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"}
FAILED_INSIDE = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}
_T = FieldDescriptor

LONG_TEXT = "\U0001F525" * 3000  # 12,000 bytes of UTF-8


def _largest(field: FieldDescriptor) -> Any:
    return {
        _T.TYPE_STRING: LONG_TEXT, _T.TYPE_BYTES: LONG_TEXT.encode(), _T.TYPE_BOOL: True,
        _T.TYPE_INT32: 2**31 - 1, _T.TYPE_SINT32: 2**31 - 1, _T.TYPE_SFIXED32: 2**31 - 1,
        _T.TYPE_INT64: 2**63 - 1, _T.TYPE_SINT64: 2**63 - 1, _T.TYPE_SFIXED64: 2**63 - 1,
        _T.TYPE_UINT32: 2**32 - 1, _T.TYPE_FIXED32: 2**32 - 1, _T.TYPE_UINT64: 2**64 - 1, _T.TYPE_FIXED64: 2**64 - 1,
        _T.TYPE_DOUBLE: 1e308, _T.TYPE_FLOAT: 3e38, _T.TYPE_ENUM: 999,
    }[field.type]


def _smallest(field: FieldDescriptor) -> Any:
    return {
        _T.TYPE_STRING: " ", _T.TYPE_BYTES: b"\x00", _T.TYPE_BOOL: False,
        _T.TYPE_INT32: -(2**31), _T.TYPE_SINT32: -(2**31), _T.TYPE_SFIXED32: -(2**31),
        _T.TYPE_INT64: -(2**63), _T.TYPE_SINT64: -(2**63), _T.TYPE_SFIXED64: -(2**63),
        _T.TYPE_UINT32: 0, _T.TYPE_FIXED32: 0, _T.TYPE_UINT64: 0, _T.TYPE_FIXED64: 0,
        _T.TYPE_DOUBLE: -1e308, _T.TYPE_FLOAT: -3e38, _T.TYPE_ENUM: -1,
    }[field.type]


def _plausible(field: FieldDescriptor) -> Any:
    """A value that passes most checks, so that the extreme one next to it is reached."""
    if field.type == _T.TYPE_STRING:
        return field.name.split("_")[0]
    if field.type == _T.TYPE_BYTES:
        return b"<x/>"
    if field.type == _T.TYPE_ENUM:
        return field.enum_type.values[-1].number
    return {_T.TYPE_BOOL: True, _T.TYPE_DOUBLE: 1.5, _T.TYPE_FLOAT: 1.5}.get(field.type, 1)


# What fills one field: (the field's path, the field) -> "largest", "smallest" or "plausible".
Choose = Callable[[str, FieldDescriptor], str]
# "beyond": Timestamps and Durations outside their documented range, which clients other than
# protoc's can send; scalars as "largest".
_SCALARS = {"largest": _largest, "beyond": _largest, "smallest": _smallest, "plausible": _plausible}


def _well_known(message: Any, kind: str) -> bool:
    """Fills google.protobuf types by their meaning; False for other messages."""
    name = message.DESCRIPTOR.full_name
    largest = kind in ("largest", "beyond")
    if name == "google.protobuf.Timestamp":
        message.seconds, message.nanos = {"largest": (253_402_300_799, 999_999_999), "beyond": (10**15, -1),
                                          "smallest": (-62_135_596_800, 0), "plausible": (1_800_000_000, 0)}[kind]
    elif name == "google.protobuf.Duration":
        message.seconds, message.nanos = {"largest": (315_576_000_000, 999_999_999), "beyond": (10**15, -5),
                                          "smallest": (-315_576_000_000, -999_999_999), "plausible": (30, 0)}[kind]
    elif name == "google.protobuf.Struct":
        if kind == "plausible":
            message.update({"k": "v"})
        else:
            message.update({"k": {"deep": [LONG_TEXT if largest else None, 1e308 if largest else -1e308, True]}})
    elif name == "google.protobuf.Value":
        message.string_value = {"largest": LONG_TEXT, "beyond": LONG_TEXT, "smallest": "", "plausible": "v"}[kind]
    elif name == "google.protobuf.ListValue":
        message.extend([{"largest": LONG_TEXT, "beyond": LONG_TEXT, "smallest": None, "plausible": "v"}[kind]])
    elif name.startswith("google.protobuf.") and name.endswith("Value"):  # wrappers
        message.value = _SCALARS[kind](message.DESCRIPTOR.fields_by_name["value"])
    else:
        return False
    return True


def _fill(message: Any, choose: Choose, path: str = "", depth: int = 0) -> list[str]:
    """Fills every field of ``message`` (the first member of each oneof), ``depth`` messages
    deep, each as ``choose`` says; returns the paths of the fields it filled."""
    paths: list[str] = []
    for field in message.DESCRIPTOR.fields:
        if field.containing_oneof is not None and field.containing_oneof.fields[0] is not field:
            continue
        where = f"{path}.{field.name}" if path else field.name
        kind = choose(where, field)
        paths.append(where)
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key_field = field.message_type.fields_by_name["key"]
            value_field = field.message_type.fields_by_name["value"]
            key = _SCALARS[kind](key_field)
            container = getattr(message, field.name)
            if value_field.message_type is not None:
                if not _well_known(container[key], kind) and depth < 4:
                    paths += _fill(container[key], choose, where, depth + 1)
            else:
                container[key] = _SCALARS[kind](value_field)
        elif field.message_type is not None:
            target = getattr(message, field.name).add() if field.is_repeated else getattr(message, field.name)
            if not _well_known(target, kind) and depth < 4:
                paths += _fill(target, choose, where, depth + 1)
            if not field.is_repeated:
                target.SetInParent()
        elif field.is_repeated:
            getattr(message, field.name).append(_SCALARS[kind](field))
        else:
            setattr(message, field.name, _SCALARS[kind](field))
    return paths


def _requests(method: Any) -> list[tuple[str, Any]]:
    """An empty request; every field extreme at once; and, over plausible values, each field
    extreme on its own."""
    cls = message_factory.GetMessageClass(method.input_type)
    out = [("empty", cls())]
    for kind in ("largest", "beyond", "smallest"):
        request = cls()
        _fill(request, lambda _p, _f, kind=kind: kind)
        out.append((f"all {kind}", request))
    baseline = cls()
    paths = _fill(baseline, lambda _p, _f: "plausible")
    out.append(("plausible", baseline))
    for target in paths:
        for kind in ("largest", "beyond", "smallest"):
            request = cls()
            _fill(request, lambda p, _f, target=target, kind=kind: kind if p == target else "plausible")
            out.append((f"{target} {kind}", request))
    return out


def _call(channel: grpc.Channel, method: Any, request: Any, token: str) -> grpc.StatusCode:
    path = f"/{method.containing_service.full_name}/{method.name}"
    deserialize = message_factory.GetMessageClass(method.output_type).FromString
    serialize = type(request).SerializeToString
    metadata = (("authorization", f"Bearer {token}"),)
    try:
        if method.server_streaming:
            stream = channel.unary_stream(path, request_serializer=serialize, response_deserializer=deserialize)
            for _ in stream(request, timeout=3, metadata=metadata):
                pass
        else:
            channel.unary_unary(path, request_serializer=serialize, response_deserializer=deserialize)(
                request, timeout=3, metadata=metadata)
    except grpc.RpcError as error:
        return error.code()  # type: ignore[no-any-return]
    return grpc.StatusCode.OK


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_request_fails_inside_the_server(fresh_server, backend):  # type: ignore[no-untyped-def]
    handle = fresh_server(backend)
    failures, called = [], 0
    with grpc.insecure_channel(f"127.0.0.1:{handle.port}") as channel:
        services = sorted(set(ProtoReflectionDescriptorDatabase(channel).get_services()) - OPEN)
        assert "flowkeeper.engine.v1.ExecutionService" in services
        for name in services:
            for method in descriptor_pool.Default().FindServiceByName(name).methods:
                if method.client_streaming:
                    continue
                for shape, request in _requests(method):
                    code = _call(channel, method, request, handle.admin_token)
                    called += 1
                    if code in FAILED_INSIDE:
                        failures.append(f"{method.full_name} ({shape}): {code.name}")
    assert not failures, f"{len(failures)} of {called} calls failed inside the server:\n" + "\n".join(failures)
    assert called > 2500
