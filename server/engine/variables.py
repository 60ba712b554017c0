"""Typed variables as the document's engine has them: ``{value, type, valueInfo}``.

Values arrive as JSON-like Python values (from google.protobuf.Value) with a type name
(Boolean, Short, Integer, Long, Double, String, Date, Json, Bytes, File, Object, Null —
case-insensitive); a value that does not fit its type is INVALID_ARGUMENT naming the variable.

A File is content (base64 in ``value``) with its ``valueInfo`` filename (required), mimeType
and encoding; an Object is a serialized object kept as the text given, with its valueInfo
objectTypeName and serializationDataFormat (application/json or application/xml: no Java
classes live here, so the Java serialization format is refused)."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from sqlalchemy import and_, exists

from server.engine.errors import variable_not_binary
from server.engine.models import Variable
from server.errors import FieldViolation, InvalidArgument, check_length, missing_required_field

# type name (lower case) -> the name the API shows
TYPE_NAMES = {
    "boolean": "Boolean",
    "short": "Short",
    "integer": "Integer",
    "long": "Long",
    "double": "Double",
    "string": "String",
    "date": "Date",
    "json": "Json",
    "bytes": "Bytes",
    "file": "File",
    "object": "Object",
    "null": "Null",
}
# The value info keys of a File and an Object (the document's engine's FileValueType and
# SerializableValueType); other keys given with them are not kept, as there.
FILE_NAME, FILE_MIME_TYPE, FILE_ENCODING = "filename", "mimeType", "encoding"
OBJECT_TYPE_NAME, OBJECT_FORMAT = "objectTypeName", "serializationDataFormat"
JSON_FORMAT, XML_FORMAT, JAVA_FORMAT = "application/json", "application/xml", "application/x-java-serialized-object"
OBJECT_FORMATS = (JSON_FORMAT, XML_FORMAT)
# The types whose content the …VariableData calls give (the document's `/data` endpoints).
BINARY = frozenset({"bytes", "file"})
MAX_NAME = Variable.name.type.length  # the longest variable name the variables table holds
INTEGRAL = frozenset({"short", "integer", "long"})
NUMERIC = INTEGRAL | {"double"}
_RANGES = {"short": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}

_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class TypedValue:
    """A variable value with its type. ``value`` is the Python value: bool, int, float, str,
    datetime (UTC), bytes (Bytes, a File's content), None, for Json the parsed document, for an
    Object its serialized text."""

    type: str
    value: Any
    value_info: Mapping[str, Any] = field(default_factory=dict)

    @property
    def type_name(self) -> str:
        return TYPE_NAMES[self.type]


def parse_date(text: str) -> datetime | None:
    """Parses the engine's date format (yyyy-MM-dd'T'HH:mm:ss.SSSZ) and ISO-8601 variants.
    A date without a zone is UTC."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, fraction, zone = m.groups()
    try:
        micro = int((fraction or "0").ljust(6, "0")[:6])
        value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro)
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return value.replace(tzinfo=timezone(sign * offset)).astimezone(timezone.utc)
    return value.replace(tzinfo=timezone.utc)


def format_date(value: datetime) -> str:
    """The engine's date format: 2014-03-01T08:00:00.000+0000."""
    utc = value.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


def _bad(field_path: str, name: str, message: str, reason: str = "INVALID_VARIABLE_VALUE") -> InvalidArgument:
    return InvalidArgument(
        reason,
        f"variable {name!r}: {message}",
        metadata={"type": "bad_request", "variable": name, "field_name": field_path},
        field_violations=[FieldViolation(field_path, message, reason)],
    )


def _describe(raw: Any) -> str:
    if isinstance(raw, bool):
        return "Boolean"
    if isinstance(raw, (int, float)):
        return "Number"
    if isinstance(raw, str):
        return "String"
    if raw is None:
        return "null"
    return "Object" if isinstance(raw, dict) else "Array"


def integer_text(text: str) -> int | None:
    """The whole number a text spells (``"-42"``, ``" 9007199254740993 "``), else None."""
    text = text.strip()
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else None


def exact_long_text(text: str) -> int | None:
    """The Long a text filter value spells when no JSON number could: beyond ±2^53 (where doubles
    stop being exact, and where the API writes Longs as text) and within Long's range."""
    number = integer_text(text)
    if number is None or abs(number) <= 2**53 or not _RANGES["long"][0] <= number <= _RANGES["long"][1]:
        return None
    return number


def check_name(name: str, field_path: str) -> None:
    """A name a variable may have: not empty or blank (INVALID_VARIABLE_NAME; no expression,
    filter or mapping could name it), not longer than the column (INVALID_FIELD)."""
    if not name.strip():
        raise _bad(field_path, name, "a variable name must not be empty or blank", "INVALID_VARIABLE_NAME")
    check_length(field_path, name, Variable.name, "a variable name")


def from_api(name: str, type_name: str, raw: Any, value_info: Mapping[str, Any] | None = None,
             *, field_path: str | None = None) -> TypedValue:
    """Checks and converts a value given to the API with its declared type (empty = inferred)."""
    path = field_path or f"variables[{name}]"
    check_name(name, path)
    info = dict(value_info or {})
    kind = (type_name or "").strip().lower()
    if not kind:
        return infer(raw, name=name, field_path=path)
    if kind not in TYPE_NAMES:
        raise _bad(f"{path}.type", name, f"type {type_name!r} is not supported; use one of "
                   + ", ".join(TYPE_NAMES.values()), "UNSUPPORTED_VARIABLE_TYPE")

    def cannot() -> InvalidArgument:
        return _bad(f"{path}.value", name,
                    f"cannot convert value {raw!r} of type {_describe(raw)} to type {TYPE_NAMES[kind]}")

    if kind == "null":
        if raw is not None:
            raise cannot()
        return TypedValue("null", None, info)
    if kind == "file":
        return _file(name, path, raw, info)
    if kind == "object":
        return _object(name, path, raw, info)
    if raw is None:  # a typed null: allowed for every type, as in the document's engine
        return TypedValue(kind, None, info)
    if kind == "boolean":
        if isinstance(raw, bool):
            return TypedValue(kind, raw, info)
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return TypedValue(kind, raw.lower() == "true", info)
        raise cannot()
    if kind in INTEGRAL:
        number: int | None = None
        if isinstance(raw, bool):
            number = None
        elif isinstance(raw, int):
            number = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        elif isinstance(raw, str):
            number = integer_text(raw)
        if number is None:
            raise cannot()
        low, high = _RANGES[kind]
        if not low <= number <= high:
            raise _bad(f"{path}.value", name, f"{number} is out of range for type {TYPE_NAMES[kind]}")
        return TypedValue(kind, number, info)
    if kind == "double":
        if isinstance(raw, bool):
            raise cannot()
        if isinstance(raw, (int, float)):
            value = float(raw)
        elif isinstance(raw, str):
            try:
                value = float(raw.strip())
            except ValueError:
                raise cannot() from None
        else:
            raise cannot()
        if math.isnan(value) or math.isinf(value):
            raise cannot()
        return TypedValue(kind, value, info)
    if kind == "string":
        if isinstance(raw, str):
            return TypedValue(kind, raw, info)
        if isinstance(raw, (bool, int, float)) and not isinstance(raw, bool):
            return TypedValue(kind, _number_text(raw), info)
        raise cannot()
    if kind == "date":
        parsed = parse_date(raw) if isinstance(raw, str) else None
        if parsed is None:
            raise _bad(f"{path}.value", name,
                       f"cannot convert value {raw!r} to type Date; use yyyy-MM-dd'T'HH:mm:ss.SSSZ")
        return TypedValue(kind, parsed, info)
    if kind == "json":
        if isinstance(raw, str):
            try:
                return TypedValue(kind, json.loads(raw), info)
            except (ValueError, RecursionError):  # nested too deep for the parser: no document either
                raise _bad(f"{path}.value", name, "value is not a JSON document") from None
        return TypedValue(kind, raw, info)
    if kind == "bytes":
        if not isinstance(raw, str):
            raise cannot()
        try:
            return TypedValue(kind, base64.b64decode(raw, validate=True), info)
        except (binascii.Error, ValueError):
            raise _bad(f"{path}.value", name, "Bytes values are base64 text") from None
    raise AssertionError(kind)


def _info_text(path: str, name: str, info: Mapping[str, Any], key: str, what: str, *,
               required: bool) -> str | None:
    """The text ``info[key]`` holds: absent is None (or refused when ``required``), a value that
    is no text (null too, as the document's engine refuses a null mimeType) is refused."""
    if key not in info and not required:
        return None
    value = info.get(key)
    if not isinstance(value, str) or (required and not value.strip()):
        raise _bad(f"{path}.value_info.{key}", name, f"{what} needs valueInfo.{key} as text")
    return value


def _file(name: str, path: str, raw: Any, info: Mapping[str, Any]) -> TypedValue:
    """A File: base64 content (an empty file is ""; a File without content is refused, as in
    the document's engine) and its valueInfo filename (required), mimeType, encoding."""
    filename = _info_text(path, name, info, FILE_NAME, "a File", required=True)
    kept = {FILE_NAME: filename}
    for key in (FILE_MIME_TYPE, FILE_ENCODING):
        text = _info_text(path, name, info, key, "a File", required=False)
        if text is not None:
            kept[key] = text
    if not isinstance(raw, str):
        raise _bad(f"{path}.value", name, "a File's value is its content as base64 text")
    try:
        return TypedValue("file", base64.b64decode(raw, validate=True), kept)
    except (binascii.Error, ValueError):
        raise _bad(f"{path}.value", name, "a File's value is its content as base64 text") from None


def _object(name: str, path: str, raw: Any, info: Mapping[str, Any]) -> TypedValue:
    """An Object: its serialized text (or null) with valueInfo serializationDataFormat (JSON or
    XML; Java serialization, the document's engine's default, is refused as there by default)
    and objectTypeName (required with a value). JSON text must be JSON; XML is kept unread."""
    data_format = info.get(OBJECT_FORMAT)
    if data_format not in OBJECT_FORMATS:
        shown = "none" if data_format is None else repr(data_format)
        why = ("serialized Java objects are not kept" if data_format in (None, JAVA_FORMAT)
               else "it is no format this engine keeps")
        raise InvalidArgument(
            "UNSUPPORTED_SERIALIZATION_FORMAT",
            f"variable {name!r}: serializationDataFormat {shown}: {why}; use " + " or ".join(OBJECT_FORMATS),
            metadata={"type": "bad_request", "variable": name, "field_name": f"{path}.value_info.{OBJECT_FORMAT}",
                      "serialization_data_format": data_format if isinstance(data_format, str) else None,
                      "supported": list(OBJECT_FORMATS)},
            field_violations=[FieldViolation(f"{path}.value_info.{OBJECT_FORMAT}", f"{shown} is not supported",
                                              "UNSUPPORTED_SERIALIZATION_FORMAT")])
    type_name = _info_text(path, name, info, OBJECT_TYPE_NAME, "an Object with a value", required=raw is not None)
    kept = {OBJECT_FORMAT: data_format}
    if type_name is not None:
        kept[OBJECT_TYPE_NAME] = type_name
    if raw is None:
        return TypedValue("object", None, kept)
    if not isinstance(raw, str):
        raise _bad(f"{path}.value", name, f"an Object's value is its serialized text, not {_describe(raw)}")
    if data_format == JSON_FORMAT:
        try:
            json.loads(raw)
        except (ValueError, RecursionError):
            raise _bad(f"{path}.value", name, "the Object's value is not JSON (its serializationDataFormat)") from None
    return TypedValue("object", raw, kept)


def expression_value(value: TypedValue) -> Any:
    """What an expression sees of a variable: its value, but for an Object in JSON the parsed
    document (as for a Json variable: the nearest this engine has to the deserialized object)."""
    if value.type == "object" and value.value is not None and value.value_info.get(OBJECT_FORMAT) == JSON_FORMAT:
        return json.loads(value.value)
    return value.value


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def infer(raw: Any, *, name: str = "", field_path: str | None = None) -> TypedValue:
    """The type of an untyped value: booleans, integers (Integer, else Long), doubles,
    strings, null, and objects or arrays as Json."""
    if raw is None:
        return TypedValue("null", None)
    if isinstance(raw, bool):
        return TypedValue("boolean", raw)
    if isinstance(raw, int):
        low, high = _RANGES["integer"]
        if low <= raw <= high:
            return TypedValue("integer", raw)
        if _RANGES["long"][0] <= raw <= _RANGES["long"][1]:
            return TypedValue("long", raw)
        raise _bad(f"{field_path or name}.value", name, f"{raw} is out of range for type Long")
    if isinstance(raw, float):
        # JSON numbers arrive as doubles (google.protobuf.Value): a whole number is an Integer,
        # or a Long when larger (as a JSON parser reads one written without a fraction).
        if raw.is_integer() and abs(raw) < 2**31:
            return TypedValue("integer", int(raw))
        if raw.is_integer() and abs(raw) <= 2**53:
            return TypedValue("long", int(raw))
        return TypedValue("double", raw)
    if isinstance(raw, str):
        return TypedValue("string", raw)
    if isinstance(raw, datetime):
        return TypedValue("date", raw.astimezone(timezone.utc))
    if isinstance(raw, (bytes, bytearray)):
        return TypedValue("bytes", bytes(raw))
    if isinstance(raw, (dict, list)):
        return TypedValue("json", raw)
    raise _bad(f"{field_path or name}.value", name, f"values of {type(raw).__name__} cannot be stored")


def to_api(value: TypedValue) -> Any:
    """The JSON-like value the API shows (dates as text, bytes as base64, Json as the document,
    an Object's serialized text); none for a File, as in the document's engine: its content
    comes from the …VariableData calls."""
    if value.value is None or value.type == "file":
        return None
    if value.type == "date":
        return format_date(value.value)
    if value.type == "bytes":
        return base64.b64encode(value.value).decode("ascii")
    return value.value


@dataclass(frozen=True)
class Columns:
    text_value: str | None = None
    long_value: int | None = None
    double_value: float | None = None
    bytes_value: bytes | None = None


def to_columns(value: TypedValue) -> Columns:
    """Where each type is stored: text, long (also booleans as 0/1 and dates as epoch ms),
    double, or bytes — typed columns that filters and sorting can index."""
    v = value.value
    if v is None:
        return Columns()
    if value.type == "boolean":
        return Columns(long_value=1 if v else 0)
    if value.type in INTEGRAL:
        return Columns(long_value=int(v))
    if value.type == "double":
        return Columns(double_value=float(v))
    if value.type == "string":
        return Columns(text_value=v)
    if value.type == "date":
        return Columns(long_value=epoch_millis(v))
    if value.type == "json":
        return Columns(text_value=json.dumps(v, separators=(",", ":"), sort_keys=False))
    if value.type in ("bytes", "file"):
        return Columns(bytes_value=v)
    if value.type == "object":
        return Columns(text_value=v)
    raise AssertionError(value.type)


def holds(scope_column: Any, name: str, value: TypedValue) -> Any:
    """The condition that the scope ``scope_column`` names has a variable ``name`` holding
    exactly ``value`` (same type, same stored value)."""
    columns = to_columns(value)
    conditions = [Variable.scope_id == scope_column, Variable.name == name, Variable.type == value.type]
    for column, wanted in (
        (Variable.text_value, columns.text_value),
        (Variable.long_value, columns.long_value),
        (Variable.double_value, columns.double_value),
        (Variable.bytes_value, columns.bytes_value),
    ):
        conditions.append(column.is_(None) if wanted is None else column == wanted)
    return exists().where(and_(*conditions))


def from_columns(type_: str, text: str | None, long: int | None, double: float | None, data: bytes | None,
                 info: Mapping[str, Any] | None) -> TypedValue:
    info = dict(info or {})
    if type_ == "null":
        return TypedValue("null", None, info)
    if type_ == "boolean":
        return TypedValue(type_, None if long is None else bool(long), info)
    if type_ in INTEGRAL:
        return TypedValue(type_, long, info)
    if type_ == "double":
        return TypedValue(type_, double, info)
    if type_ == "string":
        return TypedValue(type_, text, info)
    if type_ == "date":
        return TypedValue(type_, None if long is None else from_epoch_millis(long), info)
    if type_ == "json":
        return TypedValue(type_, None if text is None else json.loads(text), info)
    if type_ in ("bytes", "file"):
        return TypedValue(type_, None if data is None else bytes(data), info)
    if type_ == "object":
        return TypedValue(type_, text, info)
    raise AssertionError(type_)


OCTET_STREAM = "application/octet-stream"


@dataclass(frozen=True)
class BinaryData:
    """The content of a Bytes or File variable, as the document's `/data` endpoints give it: the
    bytes, the media type (a File's mimeType, with `; charset=` its encoding, else
    application/octet-stream) and a File's filename ("" for Bytes)."""

    data: bytes
    media_type: str
    filename: str


def binary_data(value: TypedValue, kind: str, subject_id: str, name: str) -> BinaryData:
    """The content of ``value``, the variable ``name`` of the ``kind`` ``subject_id``;
    VARIABLE_NOT_BINARY when it is no Bytes or File. A null Bytes gives no bytes."""
    if value.type not in BINARY:
        raise variable_not_binary(kind, subject_id, name, value.type_name)
    if value.type == "bytes":
        return BinaryData(value.value or b"", OCTET_STREAM, "")
    info = value.value_info
    media_type = info.get(FILE_MIME_TYPE) or OCTET_STREAM
    if info.get(FILE_ENCODING):
        media_type += f"; charset={info[FILE_ENCODING]}"
    return BinaryData(value.value or b"", media_type, info.get(FILE_NAME) or "")


def from_data(name: str, value_type: str, data: bytes, filename: str, mime_type: str, encoding: str) -> TypedValue:
    """The value a Set…VariableData call gives (the document's POST `…/data`, a multipart of the
    content, its valueType Bytes (the default) or File, and a File's filename, mime type and
    encoding): INVALID_ARGUMENT naming the request's field at fault."""
    if not name:
        raise missing_required_field("name")
    check_name(name, "name")
    kind = (value_type or "Bytes").strip().lower()
    if kind == "bytes":
        for field_name, given in (("filename", filename), ("mime_type", mime_type), ("encoding", encoding)):
            if given:
                raise _bad(field_name, name, f"a Bytes value has no {field_name}; use value_type File")
        return TypedValue("bytes", bytes(data))
    if kind != "file":
        raise _bad("value_type", name, f"value_type {value_type!r}: use Bytes or File", "UNSUPPORTED_VARIABLE_TYPE")
    if not filename.strip():
        raise _bad("filename", name, "a File needs a filename", "MISSING_REQUIRED_FIELD")
    info = {FILE_NAME: filename}
    if mime_type:
        info[FILE_MIME_TYPE] = mime_type
    if encoding:
        info[FILE_ENCODING] = encoding
    return TypedValue("file", bytes(data), info)


def epoch_millis(value: datetime) -> int:
    return int(round(value.timestamp() * 1000))


def from_epoch_millis(millis: int) -> datetime:
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc)


def variables_to_json(values: Mapping[str, TypedValue]) -> dict[str, Any]:
    """Typed values as JSON a row keeps (a batch's configuration, a compensation record's
    snapshot): in their storage columns, so every type and value comes back as it was."""
    out = {}
    for name, value in values.items():
        columns = to_columns(value)
        out[name] = {
            "type": value.type, "text": columns.text_value, "long": columns.long_value,
            # repr keeps every double, NaN and infinities too (which JSONB does not take).
            "double": None if columns.double_value is None else repr(columns.double_value),
            "bytes": None if columns.bytes_value is None else base64.b64encode(columns.bytes_value).decode("ascii"),
            "info": dict(value.value_info or {}),
        }
    return out


def variables_from_json(stored: Mapping[str, Any]) -> dict[str, TypedValue]:
    """The typed values ``variables_to_json`` kept."""
    return {
        name: from_columns(v["type"], v["text"], v["long"], None if v["double"] is None else float(v["double"]),
                           None if v["bytes"] is None else base64.b64decode(v["bytes"]), v["info"])
        for name, v in stored.items()
    }
