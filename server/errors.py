"""Domain errors: exceptions that carry their subject. Mapped to gRPC status in one place
(``server.rpc.status``); nothing here imports grpc."""

from __future__ import annotations

import enum
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator, Mapping

ERROR_DOMAIN = "flowkeeper.dev"


class Code(enum.Enum):
    """Canonical status codes (the names of google.rpc.Code) a domain error can carry."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
    ABORTED = "ABORTED"
    UNAVAILABLE = "UNAVAILABLE"
    DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED"
    CANCELLED = "CANCELLED"
    INTERNAL = "INTERNAL"


@dataclass(frozen=True)
class FieldViolation:
    """One request field at fault (google.rpc.BadRequest.FieldViolation)."""

    field: str
    description: str
    reason: str = ""


@dataclass(frozen=True)
class PreconditionViolation:
    """One failed precondition (google.rpc.PreconditionFailure.Violation)."""

    type: str
    subject: str
    description: str


class DomainError(Exception):
    """Base of every error the domain raises on purpose.

    ``reason`` is UPPER_SNAKE (google.rpc.ErrorInfo.reason); ``metadata`` holds every variable
    part of the message, so clients never parse ``message``.
    """

    code: Code = Code.INVALID_ARGUMENT

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        metadata: Mapping[str, object] | None = None,
        field_violations: Iterable[FieldViolation] = (),
        precondition_violations: Iterable[PreconditionViolation] = (),
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.metadata = {k: _text(v) for k, v in (metadata or {}).items() if v is not None}
        self.field_violations = tuple(field_violations)
        self.precondition_violations = tuple(precondition_violations)
        self.retry_after_seconds = retry_after_seconds

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason}: {self.message})"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(str(v) for v in value)
    return str(value)


class InvalidArgument(DomainError):
    code = Code.INVALID_ARGUMENT


class NotFound(DomainError):
    code = Code.NOT_FOUND


class AlreadyExists(DomainError):
    code = Code.ALREADY_EXISTS


class FailedPrecondition(DomainError):
    code = Code.FAILED_PRECONDITION


class PermissionDenied(DomainError):
    code = Code.PERMISSION_DENIED


class Unauthenticated(DomainError):
    code = Code.UNAUTHENTICATED


class ResourceExhausted(DomainError):
    code = Code.RESOURCE_EXHAUSTED


class Aborted(DomainError):
    code = Code.ABORTED


class Unavailable(DomainError):
    code = Code.UNAVAILABLE


class DeadlineExceeded(DomainError):
    code = Code.DEADLINE_EXCEEDED


class Cancelled(DomainError):
    code = Code.CANCELLED


# -- the common bad_request subtypes, so every module phrases them the same way --------------


def invalid_id(field_name: str, value: str, kind: str) -> InvalidArgument:
    """An id that is malformed or names no row of the expected kind."""
    return InvalidArgument(
        "INVALID_ID",
        f"{field_name}: {value!r} is not the id of an existing {kind}",
        metadata={"type": "bad_request", "subtype": "invalid_id", "field_name": field_name, "value": value},
        field_violations=[FieldViolation(field_name, f"unknown {kind} id {value!r}", "INVALID_ID")],
    )


def missing_required_field(field_name: str, what: str = "") -> InvalidArgument:
    detail = what or f"{field_name} is required"
    return InvalidArgument(
        "MISSING_REQUIRED_FIELD",
        detail,
        metadata={"type": "bad_request", "subtype": "missing_required_field", "field_name": field_name},
        field_violations=[FieldViolation(field_name, detail, "MISSING_REQUIRED_FIELD")],
    )


def invalid_enum_value(field_name: str, value: object, allowed: Iterable[object]) -> InvalidArgument:
    allowed_list = [str(a) for a in allowed]
    return InvalidArgument(
        "INVALID_ENUM_VALUE",
        f"{field_name}: {value} is not one of {', '.join(allowed_list)}",
        metadata={
            "type": "bad_request",
            "subtype": "invalid_enum_value",
            "field_name": field_name,
            "value": value,
            "allowed_values": allowed_list,
        },
        field_violations=[
            FieldViolation(field_name, f"allowed values: {', '.join(allowed_list)}", "INVALID_ENUM_VALUE")
        ],
    )


def invalid_field(field_name: str, description: str, reason: str = "INVALID_FIELD", **metadata: object) -> InvalidArgument:
    """A field whose value is malformed or out of range."""
    return InvalidArgument(
        reason,
        f"{field_name}: {description}",
        metadata={"type": "bad_request", "subtype": reason.lower(), "field_name": field_name, **metadata},
        field_violations=[FieldViolation(field_name, description, reason)],
    )


@contextmanager
def inside(prefix: str) -> Iterator[None]:
    """A request field's faults found in one of its parts (``or_queries[1]``): the domain error
    raised inside names the field through the part (``or_queries[1].assignee_like``)."""
    try:
        yield
    except DomainError as error:
        error.field_violations = tuple(replace(v, field=f"{prefix}.{v.field}") for v in error.field_violations)
        if "field_name" in error.metadata:
            error.metadata["field_name"] = f"{prefix}.{error.metadata['field_name']}"
        error.message = f"{prefix}: {error.message}"
        error.args = (error.message,)
        raise


# -- text longer than its String(n) column ---------------------------------------------------
# PostgreSQL refuses such text (the call would fail INTERNAL) while SQLite keeps it whole, so the
# domain refuses it first, alike on both. An indexed text column's limit, at four UTF-8 bytes a
# character, must also keep its index entries inside PostgreSQL's b-tree entry (about 2,700
# bytes), or the limit must count bytes (as the engine incidents' configuration does).


def max_length(column: Any) -> int:
    """The n of the String(n) model column ``column`` (an ORM attribute or a table column)."""
    return int(column.type.length)


def too_long(value: str | None, column: Any) -> str | None:
    """Why ``value`` does not fit ``column`` (None when it fits)."""
    limit = max_length(column)
    if value is None or len(value) <= limit:
        return None
    return f"at most {limit} characters (got {len(value)})"


def check_length(field_name: str, value: str | None, column: Any, what: str = "") -> None:
    """INVALID_FIELD naming the request's ``field_name`` when ``value`` is longer than the
    String(n) ``column`` it is written to; metadata max_length holds the limit."""
    problem = too_long(value, column)
    if problem is not None:
        subject = f"{what} has " if what else ""
        raise invalid_field(field_name, subject + problem, max_length=max_length(column))


@dataclass
class Violations:
    """Collects field violations so a request reports all of its faults at once."""

    items: list[FieldViolation] = field(default_factory=list)
    # The ErrorInfo metadata each violation would carry on its own (max_length, …); the error
    # carries the first violation's, as it names the first violation's field.
    metadata: list[dict[str, object]] = field(default_factory=list)

    def add(self, field_name: str, description: str, reason: str = "INVALID_FIELD", **metadata: object) -> None:
        self.items.append(FieldViolation(field_name, description, reason))
        self.metadata.append(metadata)

    def require(self, **given: object) -> None:
        """MISSING_REQUIRED_FIELD for each field given as None or empty text (in their order)."""
        for name, value in given.items():
            if value is None or value == "":
                self.add(name, f"{name} is required", "MISSING_REQUIRED_FIELD")

    def extend(self, violations: Iterable[FieldViolation]) -> None:
        """Another error's violations, without metadata of their own."""
        for violation in violations:
            self.items.append(violation)
            self.metadata.append({})

    def raise_if_any(self, reason: str = "INVALID_FIELD") -> None:
        if not self.items:
            return
        first = self.items[0]
        reasons = {v.reason for v in self.items}
        raise InvalidArgument(
            first.reason if len(reasons) == 1 else reason,
            "; ".join(f"{v.field}: {v.description}" for v in self.items),
            metadata={"type": "bad_request", "field_name": first.field, **(self.metadata[:1] or [{}])[0]},
            field_violations=self.items,
        )
