"""Evaluating a decision: its required decisions first, then its decision table or literal
expression, as Camunda 7's DMN engine does.

The result is a list of rule results, each an ordered map of output name -> typed value (the
document's engine's DmnDecisionResult): the matched rules the hit policy keeps, in rule order; a
COLLECT aggregation gives one result with the aggregate; a literal expression one result with its
variable. A required decision's result is visible to the decisions that require it as variables:
nothing when it has no result, each output by its name when it has one result (of a hit policy
that gives at most one), else each output's values as a list (RULE ORDER, COLLECT).

Each decision evaluated also leaves what the history keeps of it (``EvaluatedDecision``): the
values its inputs gave, the outputs of the rules its hit policy kept (each named by rule and
its order among them; for COLLECT with an aggregator every matching rule, and the aggregate
apart), as the document's engine's HistoricDecisionInstance has them."""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Mapping

from server.engine.dmn.feel import (
    FeelEvaluationError,
    YearsMonths,
    describe,
    evaluation_time,
    is_number,
    plain_datetime,
    to_decimal,
    to_json,
    to_text,
    type_name,
)
from server.engine.dmn.spec import DecisionSpec, DecisionTable, Output, Rule
from server.engine.variables import TypedValue, expression_value, integer_text, parse_date, to_api

_RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}

Row = dict[str, TypedValue]


class DecisionEvaluationError(Exception):
    """A decision could not be evaluated; names the decision (its key) and, where the fault is in
    one, the rule, input or output and the expression."""

    def __init__(self, decision_key: str, detail: str, *, rule_id: str | None = None, input_id: str | None = None,
                 output_id: str | None = None, expression: str | None = None) -> None:
        where = ", ".join(f"{kind} {value!r}" for kind, value in (("rule", rule_id), ("input", input_id),
                                                                    ("output", output_id)) if value)
        super().__init__(f"decision {decision_key!r}" + (f", {where}" if where else "") + f": {detail}")
        self.decision_key = decision_key
        self.detail = detail
        self.rule_id = rule_id
        self.input_id = input_id
        self.output_id = output_id
        self.expression = expression


@dataclass(frozen=True)
class EvaluatedInput:
    """The value an input of a decision table gave (clause: the input's id and label)."""

    clause_id: str
    clause_name: str | None
    value: TypedValue


@dataclass(frozen=True)
class EvaluatedOutput:
    """One output value of a kept rule (clause: the output's id and label; ``rule_order``
    counts the kept rules from 1), or a literal expression's value (no clause, no rule)."""

    clause_id: str | None
    clause_name: str | None
    rule_id: str | None
    rule_order: int | None
    variable_name: str
    value: TypedValue


@dataclass(frozen=True)
class EvaluatedDecision:
    """What one evaluated decision leaves for the history."""

    spec: DecisionSpec
    inputs: tuple[EvaluatedInput, ...] = ()
    outputs: tuple[EvaluatedOutput, ...] = ()
    # COLLECT with an aggregator: the aggregate as a number (None when it gave no result).
    collect_result_value: float | None = None


@dataclass(frozen=True)
class DecisionResult:
    """The rule results of the decision evaluated (see the module docstring), and each decision
    evaluated for them: its required ones first, itself last."""

    rows: list[Row]
    evaluated: tuple[EvaluatedDecision, ...] = ()


def evaluate_decision(spec: DecisionSpec, variables: Mapping[str, TypedValue], *,
                      now: datetime | None = None) -> DecisionResult:
    """Evaluates ``spec`` with the variables given; raises DecisionEvaluationError. FEEL's now()
    and today() give ``now`` (the caller's clock; the system's time without one)."""
    context: dict[str, TypedValue] = dict(variables)
    rows: list[Row] = []
    evaluated: list[EvaluatedDecision] = []
    with evaluation_time(now) if now is not None else contextlib.nullcontext():
        for decision in spec.evaluation_order():
            rows, trace = _evaluate_one(decision, context)
            evaluated.append(trace)
            if decision is not spec:
                _expose(decision, rows, context)
    return DecisionResult(rows, tuple(evaluated))


def _expose(decision: DecisionSpec, rows: list[Row], context: dict[str, TypedValue]) -> None:
    if not rows:
        return
    if len(rows) == 1 and not decision.collects:
        context.update(rows[0])
        return
    names = list(dict.fromkeys(name for row in rows for name in row))
    for name in names:
        context[name] = TypedValue("json", [to_api(row[name]) for row in rows if name in row])


def _evaluate_one(spec: DecisionSpec, context: Mapping[str, TypedValue]) -> tuple[list[Row], EvaluatedDecision]:
    def lookup(name: str) -> Any:
        return expression_value(context[name])

    if spec.literal is not None:
        literal = spec.literal
        try:
            raw = literal.expression.evaluate(lookup)
        except FeelEvaluationError as error:
            raise DecisionEvaluationError(spec.key, str(error), expression=literal.expression.text) from None
        try:
            value = coerce(raw, literal.type_ref)
        except ValueError as error:
            raise DecisionEvaluationError(spec.key, f"the literal expression gave {error}",
                                          expression=literal.expression.text) from None
        return [{literal.variable: value}], EvaluatedDecision(spec, outputs=(
            EvaluatedOutput(None, None, None, None, literal.variable, value),))
    assert spec.table is not None
    return _table(spec, spec.table, lookup)


def _table(spec: DecisionSpec, table: DecisionTable, lookup: Any) -> tuple[list[Row], EvaluatedDecision]:
    values: list[Any] = []
    inputs: list[EvaluatedInput] = []
    for input_ in table.inputs:
        try:
            raw = input_.expression.evaluate(lookup)
        except FeelEvaluationError as error:
            raise DecisionEvaluationError(spec.key, str(error), input_id=input_.id,
                                          expression=input_.expression.text) from None
        try:
            value = coerce(raw, input_.type_ref)
        except ValueError as error:
            raise DecisionEvaluationError(spec.key, f"the input expression gave {error}", input_id=input_.id,
                                          expression=input_.expression.text) from None
        # The input entries see the value FEEL gave (a duration stays one) unless a typeRef converted it.
        values.append(raw if input_.type_ref is None else value.value)
        inputs.append(EvaluatedInput(input_.id, input_.label, value))
    matched: list[Rule] = []
    for rule in table.rules:
        for test, input_, value in zip(rule.tests, table.inputs, values):
            try:
                if not test.matches(value, lookup):
                    break
            except FeelEvaluationError as error:
                raise DecisionEvaluationError(spec.key, str(error), rule_id=rule.id, input_id=input_.id,
                                              expression=test.text) from None
        else:
            matched.append(rule)
    policy = table.hit_policy
    if policy == "UNIQUE" and len(matched) > 1:
        ids = [r.id for r in matched]
        raise DecisionEvaluationError(spec.key, f"hit policy UNIQUE allows one matching rule, but {len(ids)} match: "
                                      + ", ".join(ids), rule_id=",".join(ids))
    if policy == "FIRST":
        matched = matched[:1]
    rows = [_outputs(spec, table, rule, lookup) for rule in matched]
    if policy == "ANY" and len(rows) > 1:
        first = _comparable(rows[0])
        for rule, row in zip(matched[1:], rows[1:]):
            if _comparable(row) != first:
                raise DecisionEvaluationError(
                    spec.key, f"hit policy ANY allows matching rules only with equal outputs, but rules "
                    f"{matched[0].id!r} and {rule.id!r} differ", rule_id=f"{matched[0].id},{rule.id}")
        rows, matched = rows[:1], matched[:1]
    outputs = tuple(EvaluatedOutput(output.id, output.label, rule.id, order, output.name, row[output.name])
                    for order, (rule, row) in enumerate(zip(matched, rows), start=1)
                    for output in table.outputs if output.name in row)
    if policy == "COLLECT" and table.aggregation is not None:
        aggregate = _aggregate(spec, table.aggregation, table.outputs[0], rows)
        collected = next(iter(aggregate[0].values())).value if aggregate else None
        return aggregate, EvaluatedDecision(spec, tuple(inputs), outputs,
                                            None if collected is None else float(collected))
    return rows, EvaluatedDecision(spec, tuple(inputs), outputs)


def _outputs(spec: DecisionSpec, table: DecisionTable, rule: Rule, lookup: Any) -> Row:
    row: Row = {}
    for entry, output in zip(rule.entries, table.outputs):
        if entry is None:
            continue  # an empty output entry: the rule gives no value for this output
        try:
            raw = entry.evaluate(lookup)
        except FeelEvaluationError as error:
            raise DecisionEvaluationError(spec.key, str(error), rule_id=rule.id, output_id=output.id,
                                          expression=entry.text) from None
        try:
            row[output.name] = coerce(raw, output.type_ref)
        except ValueError as error:
            raise DecisionEvaluationError(spec.key, f"the output entry gave {error}", rule_id=rule.id,
                                          output_id=output.id, expression=entry.text) from None
    return row


def _comparable(row: Row) -> list[tuple[str, str, Any]]:
    return [(name, value.type, to_api(value)) for name, value in row.items()]


def _aggregate(spec: DecisionSpec, aggregation: str, output: Output, rows: list[Row]) -> list[Row]:
    """COLLECT with SUM, MIN, MAX or COUNT over the one output's values (rules with an empty entry
    and null values are left out). COUNT of no values is 0; SUM, MIN and MAX of none give no
    result."""
    values = [row[output.name] for row in rows if output.name in row and row[output.name].value is not None]
    if aggregation == "COUNT":
        return [{output.name: TypedValue("integer", len(values))}]
    if not values:
        return []
    for value in values:
        if not is_number(value.value):
            raise DecisionEvaluationError(spec.key, f"{aggregation} needs numbers, but an output is "
                                          f"{type_name(value.value)} {describe(value.value)}", output_id=output.id)
    if aggregation == "SUM":
        total = sum(v.value for v in values)
        if any(v.type == "double" or isinstance(v.value, float) for v in values):
            return [{output.name: TypedValue("double", float(total))}]
        kind = "integer" if all(v.type == "integer" for v in values) and _fits("integer", total) else "long"
        if not _fits("long", total):
            raise DecisionEvaluationError(spec.key, "SUM overflows a long", output_id=output.id)
        return [{output.name: TypedValue(kind, total)}]
    chosen = (min if aggregation == "MIN" else max)(values, key=lambda v: v.value)
    return [{output.name: chosen}]


def _fits(kind: str, value: int) -> bool:
    low, high = _RANGES[kind]
    return low <= value <= high


def coerce(value: Any, type_ref: str | None) -> TypedValue:
    """The typed value of what an expression gave, of its declared type (typeRef) when it has
    one; raises ValueError ("<what> <value>, not a <type>") when the value is not of that type
    and does not read as one (integral numbers and text that spells one, as Camunda's type
    transformers read them)."""
    if value is None:
        return TypedValue(type_ref or "null", None)
    if type_ref is None:
        return infer_output(value)

    def wrong() -> ValueError:
        article = "an" if type_ref[0] in "aeiou" else "a"
        return ValueError(f"{type_name(value)} {describe(value)}".rstrip() + f", not {article} {type_ref}")

    if type_ref == "string":
        if isinstance(value, str):
            return TypedValue("string", value)
        if isinstance(value, (time, timedelta, YearsMonths)):
            return TypedValue("string", to_text(value))
        raise wrong()
    if type_ref == "boolean":
        if isinstance(value, bool):
            return TypedValue("boolean", value)
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return TypedValue("boolean", value.lower() == "true")
        raise wrong()
    if type_ref in ("integer", "long"):
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif is_number(value):
            exact = to_decimal(value)
            number = int(exact) if exact == exact.to_integral_value() else None
        elif isinstance(value, str):
            number = integer_text(value)
        if number is None or not _fits(type_ref, number):
            raise wrong()
        return TypedValue(type_ref, number)
    if type_ref == "double":
        if is_number(value):
            as_float = float(to_decimal(value))
            if not math.isfinite(as_float):
                raise wrong()
            return TypedValue("double", as_float)
        if isinstance(value, str):
            try:
                parsed = float(value.strip())
            except ValueError:
                raise wrong() from None
            if math.isfinite(parsed):
                return TypedValue("double", parsed)
        raise wrong()
    if type_ref == "date":
        if isinstance(value, datetime):
            return TypedValue("date", plain_datetime(value))
        parsed_date = parse_date(value) if isinstance(value, str) else None
        if parsed_date is None:
            raise wrong()
        return TypedValue("date", parsed_date)
    raise AssertionError(type_ref)


def infer_output(value: Any) -> TypedValue:
    """The typed value of an untyped result: booleans, numbers by their value (whole numbers
    within 32 bits Integer, within 64 bits Long; others Double, the nearest double to the
    decimal), text, dates and dates and times (Date), times and durations (their ISO-8601
    text, String), null, and lists and contexts (Json: see feel.to_json)."""
    if isinstance(value, bool):
        return TypedValue("boolean", value)
    if is_number(value):
        number = to_decimal(value)
        if number == number.to_integral_value() and _fits("long", int(number)):
            whole = int(number)
            return TypedValue("integer" if _fits("integer", whole) else "long", whole)
        as_float = float(number)
        if not math.isfinite(as_float):
            raise ValueError(f"number {describe(number)}, beyond a double")
        return TypedValue("double", as_float)
    if isinstance(value, str):
        return TypedValue("string", value)
    if isinstance(value, datetime):
        return TypedValue("date", plain_datetime(value))
    if isinstance(value, (time, timedelta, YearsMonths)):
        return TypedValue("string", to_text(value))
    if isinstance(value, (dict, list)):
        return TypedValue("json", to_json(value))
    raise ValueError(f"a value of {type_name(value)}, which no variable holds")
