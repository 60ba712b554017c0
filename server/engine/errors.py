"""Engine errors with their subjects (the execution, the definition, the expression)."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from server.errors import FailedPrecondition, NotFound, PreconditionViolation, max_length
from server.identity.service import Caller


class _OfTenant(Protocol):
    @property
    def tenant_id(self) -> str | None: ...


_Row = TypeVar("_Row", bound=_OfTenant)


def not_found(kind: str, reason: str, identifier: str, field_name: str = "id") -> NotFound:
    return NotFound(
        reason,
        f"{kind} {identifier!r} does not exist",
        metadata={"type": "not_found", "id": identifier, "field_name": field_name},
    )


def variable_not_found(kind: str, scope_id: str, name: str, local: bool = False) -> NotFound:
    """VARIABLE_NOT_FOUND: the one-variable Get of a scope (``kind`` names it: "task", "case
    instance") finds no variable ``name`` (``local``: none of the scope's own)."""
    return NotFound("VARIABLE_NOT_FOUND", f"{kind} {scope_id!r} has no {'local ' if local else ''}variable {name!r}",
                    metadata={"type": "not_found", "id": scope_id, "name": name, "field_name": "name"})


def variable_not_binary(kind: str, subject_id: str, name: str, type_name: str) -> FailedPrecondition:
    """VARIABLE_NOT_BINARY: a …VariableData call names a variable that is no Bytes or File (the
    document's engine answers 400 "is not a binary value")."""
    return precondition("VARIABLE_NOT_BINARY",
                        f"variable {name!r} of {kind} {subject_id!r} is a {type_name}, not a binary value "
                        "(Bytes or File); read it with the variable's get", subject_id, id=subject_id, name=name,
                        value_type=type_name)


def visible(caller: Caller, row: _Row | None, kind: str, reason: str, identifier: str,
            field_name: str = "id") -> _Row:
    """``row``, when there is one and the caller sees its tenant; else NOT_FOUND (``not_found``):
    another tenant's row is as absent to the caller as a missing one."""
    if row is None or not caller.sees_tenant(row.tenant_id):
        raise not_found(kind, reason, identifier, field_name)
    return row


def precondition(reason: str, message: str, subject: str, **metadata: object) -> FailedPrecondition:
    return FailedPrecondition(
        reason,
        message,
        metadata={"subject": subject, **metadata},
        precondition_violations=[PreconditionViolation(reason, subject, message)],
    )


def suspended(kind: str, identifier: str) -> FailedPrecondition:
    return precondition(
        "SUSPENDED",
        f"{kind} {identifier} is suspended; activate it first",
        identifier,
    )


def evaluation_failed(element_id: str, expression: str, detail: str) -> FailedPrecondition:
    return precondition(
        "EXPRESSION_EVALUATION_FAILED",
        f"evaluating {expression!r} at {element_id!r} failed: {detail}",
        element_id,
        expression=expression,
        activity_id=element_id,
    )


def check_evaluated_length(value: str | None, column: Any, element_id: str, expression: str, what: str) -> None:
    """EXPRESSION_EVALUATION_FAILED at ``element_id`` when the value an expression gave is longer
    than the String(n) ``column`` it is written to (``what`` names it: "the assignee")."""
    limit = max_length(column)
    if value is not None and len(value) > limit:
        raise evaluation_failed(element_id, expression,
                                f"{what} has {len(value)} characters; at most {limit} are allowed")


def decision_evaluation_failed(decision_key: str, detail: str, *, decision_definition_id: str,
                               rule_id: str | None = None, input_id: str | None = None,
                               output_id: str | None = None, expression: str | None = None,
                               activity_id: str | None = None) -> FailedPrecondition:
    """A DMN decision could not be evaluated (EvaluateDecision, a business rule task): names the
    decision that failed (a required one, maybe), where in it, and why."""
    where = ", ".join(f"{kind} {value!r}" for kind, value in (("rule", rule_id), ("input", input_id),
                                                                ("output", output_id)) if value)
    at = f" at {activity_id!r}" if activity_id else ""
    return precondition(
        "DECISION_EVALUATION_FAILED",
        f"evaluating decision {decision_key!r}{at} failed" + (f" ({where})" if where else "") + f": {detail}",
        decision_key,
        decision_key=decision_key, decision_definition_id=decision_definition_id, rule_id=rule_id,
        input_id=input_id, output_id=output_id, expression=expression, cause=detail, activity_id=activity_id,
    )
