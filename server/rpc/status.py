"""The one place where domain errors become google.rpc.Status with rich details."""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from server.errors import ERROR_DOMAIN, Code, DomainError

_CODES: dict[Code, int] = {code: code_pb2.Code.Value(code.value) for code in Code}


def _pack(message: object) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def to_status(error: DomainError) -> grpc.Status:
    details = [
        _pack(error_details_pb2.ErrorInfo(reason=error.reason, domain=ERROR_DOMAIN, metadata=error.metadata))
    ]
    if error.field_violations:
        details.append(
            _pack(
                error_details_pb2.BadRequest(
                    field_violations=[
                        error_details_pb2.BadRequest.FieldViolation(
                            field=v.field, description=v.description, reason=v.reason
                        )
                        for v in error.field_violations
                    ]
                )
            )
        )
    if error.precondition_violations:
        details.append(
            _pack(
                error_details_pb2.PreconditionFailure(
                    violations=[
                        error_details_pb2.PreconditionFailure.Violation(
                            type=v.type, subject=v.subject, description=v.description
                        )
                        for v in error.precondition_violations
                    ]
                )
            )
        )
    if error.retry_after_seconds is not None:
        seconds = int(error.retry_after_seconds)
        nanos = int((error.retry_after_seconds - seconds) * 1e9)
        details.append(
            _pack(error_details_pb2.RetryInfo(retry_delay=duration_pb2.Duration(seconds=seconds, nanos=nanos)))
        )
    return rpc_status.to_status(status_pb2.Status(code=_CODES[error.code], message=error.message, details=details))


def internal_status(reference_id: str) -> grpc.Status:
    """An unexpected failure: nothing about it leaves the server but a reference to the log."""
    details = [
        _pack(
            error_details_pb2.ErrorInfo(
                reason="INTERNAL_ERROR",
                domain=ERROR_DOMAIN,
                metadata={"type": "internal_error", "reference_id": reference_id},
            )
        ),
        _pack(error_details_pb2.RequestInfo(request_id=reference_id)),
    ]
    return rpc_status.to_status(
        status_pb2.Status(
            code=code_pb2.INTERNAL,
            message=f"internal error; reference id {reference_id} is in the server log",
            details=details,
        )
    )
