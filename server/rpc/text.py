"""Strings no backend stores the same: a NUL character (U+0000) is refused in every request.

PostgreSQL cannot store NUL in text at all (the driver raises DataError), while SQLite keeps it
and C clients reading the value back stop at it. So any string field of any request, at any
depth (repeated fields, map keys and values, google.protobuf.Struct and Value), that contains
NUL is INVALID_FIELD naming that field, before the call begins; both databases then answer the
same and no call fails inside its transaction.

The walk visits only the fields a request has set (``ListFields``). The interceptor walks a
request only when its wire bytes contain a zero byte at all (a NUL in a string is one; proto3
leaves zero scalars off the wire, so most requests have none): most calls pay one memchr.
"""

from __future__ import annotations

from typing import Any, Iterator

from google.protobuf.descriptor import FieldDescriptor

from server.errors import invalid_field

_STRING = FieldDescriptor.TYPE_STRING
_MESSAGE = FieldDescriptor.TYPE_MESSAGE

_STRUCT = "google.protobuf.Struct"
_VALUE = "google.protobuf.Value"
_LIST_VALUE = "google.protobuf.ListValue"


def _texts(message: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, string) for every string set in ``message``."""
    name = message.DESCRIPTOR.full_name
    if name == _STRUCT:
        for key, value in message.fields.items():
            yield f"{path}[{key}]", key
            yield from _texts(value, f"{path}[{key}]")
        return
    if name == _VALUE:
        kind = message.WhichOneof("kind")
        if kind == "string_value":
            yield path, message.string_value
        elif kind in ("struct_value", "list_value"):
            yield from _texts(getattr(message, kind), path)
        return
    if name == _LIST_VALUE:
        for i, value in enumerate(message.values):
            yield from _texts(value, f"{path}[{i}]")
        return
    for field, value in message.ListFields():
        where = f"{path}.{field.name}" if path else field.name
        if field.type == _STRING:
            if field.is_repeated:
                for i, item in enumerate(value):
                    yield f"{where}[{i}]", item
            else:
                yield where, value
        elif field.type == _MESSAGE:
            if field.message_type.GetOptions().map_entry:
                key_type = field.message_type.fields_by_name["key"].type
                value_field = field.message_type.fields_by_name["value"]
                for key, item in value.items():
                    if key_type == _STRING:
                        yield f"{where}[{key}]", key
                    if value_field.type == _STRING:
                        yield f"{where}[{key}]", item
                    elif value_field.type == _MESSAGE:
                        yield from _texts(item, f"{where}[{key}]")
            elif field.is_repeated:
                for i, item in enumerate(value):
                    yield from _texts(item, f"{where}[{i}]")
            else:
                yield from _texts(value, where)


def refuse_nul(request: Any) -> None:
    """Raises INVALID_FIELD for the first string of ``request`` that contains NUL."""
    for where, text in _texts(request, ""):
        if "\x00" in text:
            raise invalid_field(where, "must not contain the NUL character (U+0000)")
