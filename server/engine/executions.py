"""Executions: the document's execution query (filters, variable operators, sorting, paging) and
the verbs that act on one execution. Every filter runs in SQL."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping, Sequence, TypeVar

from sqlalchemy import ColumnElement, Select, String, and_, exists, false, func, not_, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from server.clock import Clock
from server.db import SQLITE_UNICODE_LOWER
from server.engine.errors import not_found, precondition, visible
from server.engine.models import TEXT_PREFIX, EventSubscription, Execution, ProcessInstance, Task, Variable, text_prefix
from server.engine.runtime import Runtime
from server.engine.variables import INTEGRAL, TypedValue, epoch_millis, exact_long_text, parse_date
from server.errors import FieldViolation, InvalidArgument, inside, invalid_field, missing_required_field
from server.identity.service import Caller

LOCAL_OPERATORS = ("eq", "neq", "gt", "gteq", "lt", "lteq", "like")
PROCESS_OPERATORS = ("eq", "neq")
SORT_KEYS = {
    "instanceId": Execution.process_instance_id,
    "definitionKey": Execution.process_definition_key,
    "definitionId": Execution.process_definition_id,
    "tenantId": Execution.tenant_id,
}
MISSING = object()
# The range of the column Short, Integer and Long variables are stored in (a 64-bit integer).
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1
# As the document's engine (`LIKE … ESCAPE '\'`): a backslash makes the next % or _ literal.
LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class VariableFilter:
    name: str
    operator: str
    # str, int, float, bool or None (a JSON null); MISSING when the request gave no value
    value: Any


@dataclass
class ExecutionQuery:
    business_key: str = ""
    process_definition_id: str = ""
    process_definition_key: str = ""
    process_instance_id: str = ""
    activity_id: str = ""
    signal_event_subscription_name: str = ""
    message_event_subscription_name: str = ""
    active: bool = False
    suspended: bool = False
    incident_id: str = ""
    incident_type: str = ""
    incident_message: str = ""
    incident_message_like: str = ""
    tenant_id_in: list[str] = field(default_factory=list)
    variables: list[VariableFilter] = field(default_factory=list)
    process_variables: list[VariableFilter] = field(default_factory=list)
    variable_names_ignore_case: bool = False
    variable_values_ignore_case: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class IncidentCriteria:
    incident_id: str
    incident_type: str
    incident_message: str
    incident_message_like: str


# The incident context supplies the SQL condition for the incident filters:
# fn(criteria) -> a condition on Execution. Without it no execution has incidents.
INCIDENT_CONDITION: list[Callable[[IncidentCriteria], ColumnElement[bool]]] = []


def _bad_operator(field_name: str, message: str) -> InvalidArgument:
    return InvalidArgument(
        "INVALID_VARIABLE_OPERATOR",
        f"{field_name}: {message}",
        metadata={"type": "bad_request", "field_name": field_name},
        field_violations=[FieldViolation(field_name, message, "INVALID_VARIABLE_OPERATOR")],
    )


def _bad_value(field_name: str, message: str) -> InvalidArgument:
    return InvalidArgument(
        "INVALID_VARIABLE_VALUE",
        f"{field_name}: {message}",
        metadata={"type": "bad_request", "field_name": field_name},
        field_violations=[FieldViolation(field_name, message, "INVALID_VARIABLE_VALUE")],
    )


class Lowered(FunctionElement[str]):
    """``lower(text)`` by Unicode's rules on both backends, for the ignore-case filters."""

    type = String()
    name = "lower"
    inherit_cache = True


@compiles(Lowered)
def _lowered(element: Lowered, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(Lowered, "sqlite")
def _lowered_on_sqlite(element: Lowered, compiler: Any, **kw: Any) -> str:
    # SQLite's own lower() folds ASCII letters only (see server.db).
    return f"{SQLITE_UNICODE_LOWER}({compiler.process(element.clauses, **kw)})"


def ends_in_escape(pattern: str) -> bool:
    """Whether a like pattern ends in a backslash that escapes nothing."""
    return (len(pattern) - len(pattern.rstrip(LIKE_ESCAPE))) % 2 == 1


def variable_condition(
    f: VariableFilter, path: str, allowed: tuple[str, ...], names_ci: bool, values_ci: bool, table: Any = Variable,
) -> ColumnElement[bool]:
    """The condition a variable row must meet; validates the filter first. ``table``: the
    variables' model, or another with the same name and typed value columns (the history's)."""
    if not f.name:
        raise _bad_value(f"{path}.name", "a variable filter needs a name")
    op = f.operator
    if op not in allowed:
        if op in LOCAL_OPERATORS:
            raise _bad_operator(f"{path}.operator", f"operator {op!r} is not allowed here; use one of {', '.join(allowed)}")
        raise _bad_operator(f"{path}.operator", f"unknown operator {op!r}; use one of {', '.join(allowed)}")
    value = f.value
    if value is MISSING:
        raise _bad_value(f"{path}.value", "a variable filter needs a value")
    # Ignore case folds both sides in the database, so each backend compares like with like.
    name_cond = Lowered(table.name) == Lowered(f.name) if names_ci else table.name == f.name

    # As the document's engine: `neq` is the negation of `eq` among the variables of that name —
    # a variable of another type, or a typed null, differs too.
    cmp = "eq" if op == "neq" else op

    def compare(column: Any, operand: Any) -> ColumnElement[bool]:
        return {
            "eq": column == operand,
            "gt": column > operand,
            "gteq": column >= operand,
            "lt": column < operand,
            "lteq": column <= operand,
        }[cmp]

    def matched(*branches: ColumnElement[bool]) -> ColumnElement[bool]:
        # The name goes into each branch of the OR, so that every branch is one range of an
        # index on (name, typed value column) and the filter never scans the variables.
        if op == "neq":  # NOT over NULL comparisons would drop typed nulls, which differ too
            return and_(name_cond, not_(func.coalesce(or_(*branches), False)))
        return or_(*(and_(name_cond, branch) for branch in branches))

    if value is None:
        if op not in ("eq", "neq"):
            raise _bad_operator(f"{path}.operator", f"operator {op!r} cannot compare with null")
        return matched(and_(
            table.text_value.is_(None), table.long_value.is_(None), table.double_value.is_(None),
            table.bytes_value.is_(None),
        ))
    if isinstance(value, bool):
        if op not in ("eq", "neq"):
            raise _bad_operator(f"{path}.operator", f"operator {op!r} cannot compare booleans; use eq or neq")
        return matched(and_(compare(table.long_value, 1 if value else 0), table.type == "boolean"))
    if isinstance(value, (int, float)):
        if op == "like":
            raise _bad_operator(f"{path}.operator", "like needs a text value")
        return matched(
            and_(_integral_compare(cmp, value, table.long_value), table.type.in_(INTEGRAL)),
            and_(compare(table.double_value, float(value)), table.type == "double"),
        )
    if isinstance(value, str):
        if op == "like" and ends_in_escape(value):
            raise _bad_value(f"{path}.value", "a like pattern must not end in a lone backslash; write \\\\ for one")
        text_column: Any = Lowered(table.text_value) if values_ci else table.text_value
        operand: Any = Lowered(value) if values_ci else value
        if op == "like":
            text_cond = text_column.like(operand, escape=LIKE_ESCAPE)
        elif cmp == "eq" and not values_ci:  # through the (name, value prefix) index
            text_cond = and_(text_prefix(table.text_value) == value[:TEXT_PREFIX], table.text_value == value)
        else:
            text_cond = compare(text_column, operand)
        branches = [and_(text_cond, table.type == "string")]
        if op != "like":
            # Text that spells a date also compares with Dates, and a whole number beyond ±2^53
            # with Longs: the API writes such Longs as text, as no JSON number holds them exactly.
            date = parse_date(value)
            if date is not None:
                branches.append(and_(compare(table.long_value, epoch_millis(date)), table.type == "date"))
            big = exact_long_text(value)
            if big is not None:
                branches.append(and_(_integral_compare(cmp, big, table.long_value), table.type.in_(INTEGRAL)))
        return matched(*branches)
    raise _bad_value(f"{path}.value", "a filter value must be text, a number or a boolean")


def _integral_compare(op: str, value: int | float, column: Any) -> ColumnElement[bool]:
    """``long_value <op> value`` with an integer operand, so that the database compares integers
    and uses the (name, long_value) index (JSON numbers arrive as doubles: 124.0; comparing a
    bigint with a double would make PostgreSQL cast every row). A value beyond the column's
    range (1e30) compares with every stored value alike, so it needs no operand at all."""
    if value > LONG_MAX:  # Python compares an int with a float exactly
        return column.is_not(None) if op in ("lt", "lteq") else false()
    if value < LONG_MIN:
        return column.is_not(None) if op in ("gt", "gteq") else false()
    if value != value:  # NaN equals and orders with nothing
        return false()
    if isinstance(value, int) or value.is_integer():
        n = int(value)
        return {"eq": column == n, "gt": column > n, "gteq": column >= n, "lt": column < n, "lteq": column <= n}[op]
    low, high = math.floor(value), math.ceil(value)  # no whole number equals a fraction
    return {"eq": false(), "gt": column > low, "gteq": column >= high, "lt": column < high,
            "lteq": column <= low}[op]


def variable_conditions(
    filters: Iterable[VariableFilter], field_name: str, allowed: tuple[str, ...], names_ci: bool, values_ci: bool,
    table: Any = Variable,
) -> list[tuple[VariableFilter, ColumnElement[bool]]]:
    """Each filter of the request's repeated field ``field_name`` with the condition a variable
    row must meet (``variable_condition``; a refused one is named ``field_name[i]``)."""
    return [(f, variable_condition(f, f"{field_name}[{i}]", allowed, names_ci, values_ci, table))
            for i, f in enumerate(filters)]


def having_variable(operator: str, owner: Any, column: Any, row: ColumnElement[bool]) -> ColumnElement[bool]:
    """Executions that own (``owner`` = the variable's ``column``) a variable matching ``row``.

    An equality is selective: the executions are found from the variables' (name, value) index.
    A range, like or neq may match most variables: then the executions are walked in the query's
    order and each is probed, so a page is found without collecting every match first."""
    if operator == "eq":
        return owner.in_(select(column).where(row))
    return exists().where(column == owner, row)


def _conditions(tx: Session, caller: Caller, q: ExecutionQuery) -> list[ColumnElement[bool]]:
    exclusive([(q.active, q.suspended, "active", "suspended")])
    conds: list[ColumnElement[bool]] = []
    for column, value in (
        (Execution.business_key, q.business_key),
        (Execution.process_definition_id, q.process_definition_id),
        (Execution.process_definition_key, q.process_definition_key),
        (Execution.process_instance_id, q.process_instance_id),
        (Execution.activity_id, q.activity_id),
    ):
        if value:
            conds.append(column == value)
    for event_type, name in (("signal", q.signal_event_subscription_name), ("message", q.message_event_subscription_name)):
        if name:
            conds.append(
                exists().where(
                    EventSubscription.execution_id == Execution.id,
                    EventSubscription.event_type == event_type,
                    EventSubscription.event_name == name,
                )
            )
    if q.active:
        conds.append(Execution.suspended.is_(False))
    if q.suspended:
        conds.append(Execution.suspended.is_(True))
    criteria = IncidentCriteria(q.incident_id, q.incident_type, q.incident_message, q.incident_message_like)
    if any((q.incident_id, q.incident_type, q.incident_message, q.incident_message_like)):
        conds.append(INCIDENT_CONDITION[0](criteria) if INCIDENT_CONDITION else false())
    if q.tenant_id_in:
        conds.append(Execution.tenant_id.in_(q.tenant_id_in))
    conds += caller.tenant_conditions(Execution.tenant_id)
    ci = (q.variable_names_ignore_case, q.variable_values_ignore_case)
    for f, row in variable_conditions(q.variables, "variables", LOCAL_OPERATORS, *ci):
        conds.append(having_variable(f.operator, Execution.id, Variable.scope_id, row))
    for f, row in variable_conditions(q.process_variables, "process_variables", PROCESS_OPERATORS, *ci):
        # As the document's engine: a variable anywhere in the execution's process instance.
        conds.append(having_variable(f.operator, Execution.process_instance_id, Variable.process_instance_id, row))
    return conds


def like(column: Any, pattern: str, field_name: str) -> ColumnElement[bool]:
    """SQL LIKE with the variable filters' escapes (``%``, ``_``, backslash); INVALID_FIELD
    naming ``field_name`` for a pattern that ends in a lone backslash."""
    if ends_in_escape(pattern):
        raise invalid_field(field_name, "a like pattern must not end in a lone backslash; write \\\\ for one")
    return column.like(pattern, escape=LIKE_ESCAPE)


def exclusive(pairs: Iterable[tuple[bool, bool, str, str]]) -> None:
    """INVALID_FIELD naming the second of the first pair of flags (a, b, name_a, name_b) that a
    request sets both of."""
    for a, b, name_a, name_b in pairs:
        if a and b:
            raise invalid_field(name_b, f"{name_a} and {name_b} exclude each other")


def equalities(pairs: Iterable[tuple[Any, Any]]) -> list[ColumnElement[bool]]:
    """``column == value`` for each (column, value) whose value is given; a list: ``column IN``
    its values, when it has any."""
    conds: list[ColumnElement[bool]] = []
    for column, value in pairs:
        if isinstance(value, list):
            if value:
                conds.append(column.in_(value))
        elif value:
            conds.append(column == value)
    return conds


def tenant_choice(column: Any, tenant_ids: list[str], without_tenant: bool, *,
                  alternatives: bool = False, or_none: bool = False) -> list[ColumnElement[bool]]:
    """The conditions of a query's tenant_id_in or without_tenant_id (INVALID_FIELD naming
    without_tenant_id when both are given, but in an or-query: ``alternatives``); with
    ``or_none`` (the document's include…WithoutTenantId), tenant_id_in takes rows of no tenant
    too. The caller's own tenants come on top of these."""
    if tenant_ids and without_tenant and not alternatives:
        raise invalid_field("without_tenant_id", "give tenant_id_in or without_tenant_id, not both")
    if tenant_ids and or_none:
        return [or_(column.in_(tenant_ids), column.is_(None))]
    return ([column.in_(tenant_ids)] if tenant_ids else []) + ([column.is_(None)] if without_tenant else [])


def latest_versions(model: Any) -> ColumnElement[bool]:
    """The rows of ``model`` (versioned definitions: key, tenant_key, version) that are the
    latest version of their key in their tenant."""
    newer = aliased(model)
    return ~exists().where(newer.key == model.key, newer.tenant_key == model.tenant_key, newer.version > model.version)


Q = TypeVar("Q")
# The most or_queries one request may give (each adds an OR of its filters to the statement).
MAX_OR_QUERIES = 32


def either_of(or_queries: Sequence[Q], filters: Callable[[Q], list[ColumnElement[bool]]]) -> list[ColumnElement[bool]]:
    """The conditions of a query's or_queries: for each, one of the ``filters`` it gives holds
    (one that gives none adds nothing). INVALID_FIELD for more than MAX_OR_QUERIES; a fault of an
    or-query's filter names its field through it (``or_queries[1].name_like``)."""
    if len(or_queries) > MAX_OR_QUERIES:
        raise invalid_field("or_queries", f"at most {MAX_OR_QUERIES} or_queries, not {len(or_queries)}",
                            max_items=MAX_OR_QUERIES)
    conds = []
    for i, alternative in enumerate(or_queries):
        with inside(f"or_queries[{i}]"):
            found = filters(alternative)
        if found:
            conds.append(or_(*found))
    return conds


def within(column: Any, after: datetime | None, before: datetime | None) -> list[ColumnElement[bool]]:
    """The conditions of a time filter's two ends, each inclusive (at or after, at or before);
    none for an end not given."""
    return ([column >= after] if after is not None else []) + ([column <= before] if before is not None else [])


def ordering(sorting: Iterable[tuple[str, str]], keys: Mapping[str, Any] = SORT_KEYS,
             last: Any = Execution.id) -> list[Any]:
    """ORDER BY of a ``sorting`` list of (sort_by, sort_order) over the columns ``keys`` names,
    then ``last`` ascending (a column, or a tuple of them ending in the id: pages stay stable);
    validates it first (INVALID_SORTING)."""
    order: list[Any] = []
    for i, (by, direction) in enumerate(sorting):
        path = f"sorting[{i}]"
        if not by:
            raise _bad_sorting(f"{path}.sort_by", "sort_order needs sort_by" if direction else "sort_by is required")
        if by not in keys:
            raise _bad_sorting(f"{path}.sort_by", f"unknown sort_by {by!r}; use one of {', '.join(keys)}")
        if direction not in ("asc", "desc"):
            raise _bad_sorting(f"{path}.sort_order",
                               "sort_order is required (asc or desc)" if not direction else
                               f"unknown sort_order {direction!r}; use asc or desc")
        column = keys[by]
        order.append(column.asc().nulls_first() if direction == "asc" else column.desc().nulls_last())
    order += [column.asc() for column in (last if isinstance(last, tuple) else (last,))]
    return order


def _bad_sorting(field_name: str, message: str) -> InvalidArgument:
    return InvalidArgument(
        "INVALID_SORTING",
        f"{field_name}: {message}",
        metadata={"type": "bad_request", "field_name": field_name},
        field_violations=[FieldViolation(field_name, message, "INVALID_SORTING")],
    )


def query_statement(tx: Session, caller: Caller, q: ExecutionQuery, first_result: int, max_results: int,
                    max_page: int) -> Select[tuple[Execution]]:
    """The SELECT of one page of the execution query (validates the query first)."""
    offset, limit = offset_page(first_result, max_results, max_page)
    order = ordering(q.sorting)
    return select(Execution).where(*_conditions(tx, caller, q)).order_by(*order).offset(offset).limit(limit)


def query_executions(
    tx: Session, caller: Caller, q: ExecutionQuery, first_result: int, max_results: int, max_page: int
) -> list[Execution]:
    return list(tx.scalars(query_statement(tx, caller, q, first_result, max_results, max_page)))


def count_executions(tx: Session, caller: Caller, q: ExecutionQuery) -> int:
    stmt = select(func.count()).select_from(Execution).where(*_conditions(tx, caller, q))
    return int(tx.scalar(stmt) or 0)


def at_activities(activity_ids: list[str]) -> ColumnElement[bool]:
    """Executions with an activity instance at one of ``activity_ids``: a path at the activity,
    or the scope execution of it (a subprocess a path runs inside, or an activity with boundary
    events); see server.engine.activity_instances."""
    return Execution.activity_id.in_(activity_ids) | Execution.scope_activity_id.in_(activity_ids)


def offset_page(first_result: int, max_results: int, max_page: int) -> tuple[int, int]:
    if first_result < 0:
        raise invalid_field("first_result", f"must not be negative (got {first_result})")
    if max_results < 0:
        raise invalid_field("max_results", f"must not be negative (got {max_results})")
    return first_result, min(max_results or max_page, max_page)


def get_execution(tx: Session, caller: Caller, execution_id: str, field_name: str = "execution_id") -> Execution:
    """The execution the request names in ``field_name`` (most requests call it execution_id)."""
    row = tx.get(Execution, execution_id) if execution_id else None
    return visible(caller, row, "execution", "EXECUTION_NOT_FOUND", execution_id, field_name)


def held_execution(runtime: Runtime, caller: Caller, execution_id: str) -> Execution:
    """The execution the request names, with its instance locked (Runtime.lock_instance) and
    read again as the calls that held the instance before this one left it: one removed
    meanwhile (its scope left, its instance deleted) is NOT_FOUND, as after those calls."""
    execution = get_execution(runtime.tx, caller, execution_id)
    runtime.lock_instance(execution.process_instance_id)
    return get_execution(runtime.tx, caller, execution_id)


def signal_execution(
    tx: Session, clock: Clock, caller: Caller, execution_id: str, variables: Mapping[str, TypedValue]
) -> None:
    execution = get_execution(tx, caller, execution_id)
    runtime = Runtime(tx, clock)
    runtime.lock_instance(execution.process_instance_id)
    if execution.suspended:
        raise precondition("SUSPENDED", f"execution {execution.id} is suspended; activate its instance first",
                           execution.id)
    if execution.activity_id is None or not execution.is_active:
        raise precondition(
            "EXECUTION_NOT_WAITING",
            f"execution {execution.id} is not waiting at an activity"
            + (" (it only holds child executions)" if execution.activity_id is None else " (it waits at a join)"),
            execution.id,
        )
    # As the document's engine: a user task is left by completing its task, a call activity by the
    # end of the instance it called — signalling would orphan them.
    if tx.scalar(select(Task.id).where(Task.execution_id == execution.id).limit(1)) is not None:
        waits_for = "user_task"
    elif tx.scalar(select(ProcessInstance.id).where(ProcessInstance.super_execution_id == execution.id,
                                                   ProcessInstance.state.in_(("ACTIVE", "SUSPENDED"))).limit(1)):
        waits_for = "called_instance"
    else:
        waits_for = ""
    if waits_for:
        raise precondition(
            "EXECUTION_NOT_SIGNALLABLE",
            f"execution {execution.id} waits at {execution.activity_id!r} for "
            + ("its user task: complete the task" if waits_for == "user_task" else "the instance it called to end"),
            execution.id,
            activity_id=execution.activity_id,
            waits_for=waits_for,
        )
    runtime.signal_execution(execution, variables)


def trigger_message_subscription(
    tx: Session, clock: Clock, caller: Caller, execution_id: str, message_name: str,
    variables: Mapping[str, TypedValue],
) -> None:
    if not message_name:
        raise missing_required_field("message_name")
    runtime = Runtime(tx, clock)
    # The subscription is looked for once the instance is held: a call that came first may
    # have removed it.
    execution = held_execution(runtime, caller, execution_id)
    subscription = tx.scalar(
        select(EventSubscription).where(
            EventSubscription.execution_id == execution.id,
            EventSubscription.event_type == "message",
            EventSubscription.event_name == message_name,
        )
    )
    if subscription is None:
        raise not_found(f"message subscription {message_name!r} of execution", "MESSAGE_SUBSCRIPTION_NOT_FOUND",
                        execution_id, "message_name")
    runtime.trigger_subscription(subscription, variables)
