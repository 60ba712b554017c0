"""EvaluateDecision: hit policies and aggregations, the FEEL unary tests and expressions, typeRefs,
literal expressions, JUEL expressions, required decisions, and every evaluation error."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from tests.engine.dmn_support import Decisions, KeyAndTenant, Ref, literal, table
from tests.support import expect_error, unique


@pytest.fixture
def engine(api) -> Decisions:  # type: ignore[no-untyped-def]
    return Decisions(api)


def test_the_dinner_decisions(engine: Decisions) -> None:
    """The fixture as Camunda Modeler saves it: dish requires season (a literal expression)."""
    dish, season = unique("dish"), unique("season")
    engine.deploy_dinner(dish=dish, season=season)
    assert engine.evaluate(dish, {"month": 1, "guestCount": 4}) == [[("desiredDish", "Roastbeef", "String")]]
    assert engine.values(dish, {"month": 4, "guestCount": 6}) == [{"desiredDish": "Steak"}]
    assert engine.values(dish, {"month": 10, "guestCount": 12}) == [{"desiredDish": "Stew"}]
    assert engine.values(dish, {"month": 7, "guestCount": 100}) == [{"desiredDish": "Light Salad and a nice Steak"}]
    assert engine.values(season, {"month": 10}) == [{"season": "Fall"}]
    response = engine.evaluate_response(Ref(key=dish), {"month": 4, "guestCount": 9})
    assert response.decision_definition_id == engine.get(Ref(key=dish)).id


def _deploy_table(engine: Decisions, inputs: Any, outputs: Any, rules: Any, **options: Any) -> str:
    key = unique("table")
    engine.deploy_decisions(table(key, inputs, outputs, rules, **options))
    return key


# -- hit policies ----------------------------------------------------------------------------

# Three rules over x: r1 x < 10 -> "a" (1), r2 x < 20 -> "b" (2), r3 x < 30 -> "a" (3)
OVERLAPPING = [(["< 10"], ['"a"', "1"]), (["< 20"], ['"b"', "2"]), (["< 30"], ['"a"', "3"])]


def _rows(engine: Decisions, key: str, x: Any) -> list[dict[str, Any]]:
    return engine.values(key, {"x": x})


def test_unique_allows_one_matching_rule(engine: Decisions) -> None:
    key = _deploy_table(engine, [("x", "integer")], [("y", None)],
                        [(["< 10"], ['"low"']), (["[10..20]"], ['"mid"'])])
    assert _rows(engine, key, 5) == [{"y": "low"}]
    assert _rows(engine, key, 50) == []
    key = _deploy_table(engine, [("x", "integer")], [("y", "string"), ("n", "integer")], OVERLAPPING,
                        hit_policy="UNIQUE")
    failure = expect_error(lambda: _rows(engine, key, 15), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert failure.info.metadata["rule_id"] == "r2,r3"
    assert "hit policy UNIQUE allows one matching rule, but 2 match: r2, r3" in failure.message
    assert failure.precondition.violations[0].subject == key


def test_first_takes_the_first_matching_rule(engine: Decisions) -> None:
    key = _deploy_table(engine, [("x", "integer")], [("y", "string"), ("n", "integer")], OVERLAPPING,
                        hit_policy="FIRST")
    assert engine.evaluate(key, {"x": 15}) == [[("y", "b", "String"), ("n", 2.0, "Integer")]]
    assert _rows(engine, key, 99) == []


def test_any_allows_matching_rules_with_equal_outputs(engine: Decisions) -> None:
    key = _deploy_table(engine, [("x", "integer")], [("y", "string")],
                        [(["< 10"], ['"a"']), (["< 20"], ['"b"']), (["< 30"], ['"a"'])], hit_policy="ANY")
    assert _rows(engine, key, 25) == [{"y": "a"}]
    failure = expect_error(lambda: _rows(engine, key, 5), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert failure.info.metadata["rule_id"] == "r1,r2" and "hit policy ANY" in failure.message


def test_any_with_equal_outputs_of_several_rules_gives_one(engine: Decisions) -> None:
    key = _deploy_table(engine, [("x", "integer")], [("y", "string")],
                        [(["< 10"], ['"a"']), (["< 30"], ['"a"']), ([">= 30"], ['"b"'])], hit_policy="ANY")
    assert _rows(engine, key, 5) == [{"y": "a"}]  # r1 and r2 match, with equal outputs
    assert _rows(engine, key, 40) == [{"y": "b"}]


def test_rule_order_and_collect_give_every_matching_rule_in_rule_order(engine: Decisions) -> None:
    for policy in ("RULE ORDER", "COLLECT"):
        key = _deploy_table(engine, [("x", "integer")], [("y", "string"), ("n", "integer")], OVERLAPPING,
                            hit_policy=policy)
        assert _rows(engine, key, 5) == [{"y": "a", "n": 1}, {"y": "b", "n": 2}, {"y": "a", "n": 3}], policy
        assert _rows(engine, key, 25) == [{"y": "a", "n": 3}]
        assert _rows(engine, key, 35) == []


@pytest.mark.parametrize("aggregation, x, expected", [
    ("SUM", 5, [[("n", 6.0, "Integer")]]),
    ("SUM", 35, []),
    ("MIN", 15, [[("n", 2.0, "Integer")]]),
    ("MAX", 5, [[("n", 3.0, "Integer")]]),
    ("MAX", 35, []),
    ("COUNT", 15, [[("n", 2.0, "Integer")]]),
    ("COUNT", 35, [[("n", 0.0, "Integer")]]),
])
def test_collect_aggregations(engine: Decisions, aggregation: str, x: int, expected: Any) -> None:
    key = _deploy_table(engine, [("x", "integer")], [("n", "integer")],
                        [(["< 10"], ["1"]), (["< 20"], ["2"]), (["< 30"], ["3"])],
                        hit_policy="COLLECT", aggregation=aggregation)
    assert engine.evaluate(key, {"x": x}) == expected


def test_collect_sum_of_doubles_and_longs(engine: Decisions) -> None:
    key = _deploy_table(engine, [("x", None)], [("n", None)], [(["-"], ["1.5"]), (["-"], ["2"])],
                        hit_policy="COLLECT", aggregation="SUM")
    assert engine.evaluate(key, {"x": 1}) == [[("n", 3.5, "Double")]]
    key = _deploy_table(engine, [("x", None)], [("n", "long")], [(["-"], ["3000000000"]), (["-"], ["1"])],
                        hit_policy="COLLECT", aggregation="SUM")
    assert engine.evaluate(key, {"x": 1}) == [[("n", 3000000001.0, "Long")]]
    key = _deploy_table(engine, [("x", None)], [("n", None)], [(["-"], ['"text"']), (["-"], ["2"])],
                        hit_policy="COLLECT", aggregation="MAX")
    failure = expect_error(lambda: engine.evaluate(key, {"x": 1}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert failure.info.metadata["output_id"] == "out1" and "MAX needs numbers" in failure.message


def test_an_empty_output_entry_gives_no_value(engine: Decisions) -> None:
    key = _deploy_table(engine, [("x", None)], [("a", None), ("b", None)], [(["-"], ['"only a"', ""])])
    assert engine.evaluate(key, {"x": 1}) == [[("a", "only a", "String")]]


# -- unary tests -----------------------------------------------------------------------------

UNARY = [
    # (test, matching inputs, other inputs)
    ("-", [1, "a", None, True], []),
    ("", [1, "a", None], []),
    ('"gold"', ["gold"], ["silver", None, 1]),
    ("10", [10, 10.0], [11, "10", None]),
    ("-5", [-5], [5]),
    ("2.5", [2.5], [2]),
    ("true", [True], [False, None, "true"]),
    ("null", [None], [0, ""]),
    ("< 10", [9, -1, 9.99], [10, 11, None]),
    ("<= 10", [10, 9], [11, None]),
    ("> 10", [11, 10.5], [10, None]),
    (">= 10", [10, 11], [9, None]),
    ("[1..10]", [1, 5, 10], [0, 11, None]),
    ("]1..10[", [2, 9], [1, 10]),
    ("(1..10)", [2, 9], [1, 10]),
    ("[1..10)", [1, 9], [10]),
    ("(1..10]", [10], [1]),
    ('"a","b"', ["a", "b"], ["c", None]),
    ("< 0, > 100", [-1, 101], [0, 50, 100]),
    ('not("a","b")', ["c", None], ["a", "b"]),
    ("not(< 10)", [10, 20], [5]),
    ('["a".."c"]', ["a", "b", "c"], ["d"]),
    ("limit", [7], [8]),
    ("< limit", [6], [7]),
    ("[limit - 2..limit]", [5, 7], [4, 8]),
    ('< date and time("2020-01-01T00:00:00")', ["2019-12-31T23:59:59"], ["2020-01-01T00:00:00"]),
]


@pytest.mark.parametrize("test, matching, other", UNARY, ids=[u[0] or "empty" for u in UNARY])
def test_unary_tests(engine: Decisions, test: str, matching: list[Any], other: list[Any]) -> None:
    is_date = "date and time" in test
    key = _deploy_table(engine, [("x", "date" if is_date else None)], [("hit", None)], [([test], ["true"])])
    for value in matching:
        typed = (value, "Date") if is_date else value
        assert engine.values(key, {"x": typed, "limit": 7}) == [{"hit": True}], (test, value)
    for value in other:
        typed = (value, "Date") if is_date else value
        assert engine.values(key, {"x": typed, "limit": 7}) == [], (test, value)


def test_an_input_entry_sees_the_input_as_its_input_variable(engine: Decisions) -> None:
    key = unique("variable")
    body = table(key, [("amount", None)], [("hit", None)], [(["[cellInput..cellInput]"], ["true"])])
    engine.deploy_decisions(body)
    assert engine.values(key, {"amount": 3}) == [{"hit": True}]
    renamed = unique("renamed")
    engine.deploy_decisions(table(renamed, [("amount", None)], [("hit", None)], [(["[total..total]"], ["amount * 2"])])
                            .replace('<input id="in1">', '<input id="in1" camunda:inputVariable="total">'))
    assert engine.values(renamed, {"amount": 3}) == [{"hit": 6}]


# -- expressions -----------------------------------------------------------------------------

EXPRESSIONS = [
    ("1 + 2 * 3", 7, "Integer"),
    ("(1 + 2) * 3", 9, "Integer"),
    ("10 / 4", 2.5, "Double"),
    ("10 / 5", 2, "Integer"),
    ("2 ** 10", 1024, "Integer"),
    ("-a", -5, "Integer"),
    ("a - 7", -2, "Integer"),
    ('"ab" + "cd"', "abcd", "String"),
    ("a > 3 and a < 10", True, "Boolean"),
    ("a > 30 or flag", True, "Boolean"),
    ("not(flag)", False, "Boolean"),
    ("a = 5", True, "Boolean"),
    ("a != 5", False, "Boolean"),
    ('if a > 3 then "big" else "small"', "big", "String"),
    ("order.customer.level", "gold", "String"),
    ("order.missing", None, "Null"),
    ("null", None, "Null"),
    ("none > 3", None, "Null"),
    ("none + 1", None, "Null"),
    ("3000000000", 3000000000, "Long"),
    ('date and time("2019-03-01T10:00:00")', "2019-03-01T10:00:00.000+0000", "Date"),
    ('date("2019-03-01")', "2019-03-01T00:00:00.000+0000", "Date"),
    ('date and time("2019-03-01T10:00:00") > date("2019-03-01")', True, "Boolean"),
    ("${a * 2}", 10, "Integer"),
    ("${order.customer.level}", "gold", "String"),
]


@pytest.mark.parametrize("text, value, type_name", EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_literal_expressions(engine: Decisions, text: str, value: Any, type_name: str) -> None:
    key = unique("literal")
    engine.deploy_decisions(literal(key, "result", text))
    variables = {"a": 5, "flag": True, "order": {"customer": {"level": "gold"}}, "none": None}
    assert engine.evaluate(key, variables) == [[("result", value, type_name)]]


def test_juel_input_expressions_and_entries(engine: Decisions) -> None:
    key = unique("juel")
    body = table(key, [("${amount * 2}", "integer")], [("hit", None)], [([""], ["true"])]).replace(
        "<inputEntry><text></text></inputEntry>",
        '<inputEntry expressionLanguage="juel"><text>${cellInput > 10}</text></inputEntry>')
    engine.deploy_decisions(body)
    assert engine.values(key, {"amount": 6}) == [{"hit": True}]
    assert engine.values(key, {"amount": 5}) == []
    whole = unique("juel-file")
    engine.deploy_decisions(literal(whole, "v", "amount + 1").replace(
        "<literalExpression>", '<literalExpression expressionLanguage="juel">'))
    assert engine.values(whole, {"amount": 1}) == [{"v": "amount + 1"}]  # JUEL text without ${} is itself


# -- types -----------------------------------------------------------------------------------

TYPES = [
    # (typeRef, value given, value out, type out)
    ("string", "text", "text", "String"),
    ("integer", 7, 7, "Integer"),
    ("integer", ("7", "String"), 7, "Integer"),
    ("long", 7, 7, "Long"),
    ("long", ("9007199254740993", "Long"), "9007199254740993", "Long"),
    ("double", 7, 7.0, "Double"),
    ("double", ("2.5", "String"), 2.5, "Double"),
    ("boolean", True, True, "Boolean"),
    ("boolean", ("false", "String"), False, "Boolean"),
    ("date", ("2020-02-03T04:05:06.000+0000", "Date"), "2020-02-03T04:05:06.000+0000", "Date"),
    ("date", ("2020-02-03T04:05:06", "String"), "2020-02-03T04:05:06.000+0000", "Date"),
    ("string", None, None, "String"),
]


@pytest.mark.parametrize("type_ref, given, out, type_name", TYPES, ids=[f"{t[0]}-{i}" for i, t in enumerate(TYPES)])
def test_types_of_inputs_and_outputs(engine: Decisions, type_ref: str, given: Any, out: Any, type_name: str) -> None:
    key = _deploy_table(engine, [("x", type_ref)], [("y", type_ref)], [(["-"], ["x"])])
    assert engine.evaluate(key, {"x": given}) == [[("y", out, type_name)]]


WRONG_TYPES = [
    ("string", 5, "number 5, not a string"),
    ("integer", "seven", "string 'seven', not an integer"),
    ("integer", 2.5, "number 2.5, not an integer"),
    ("integer", 3000000000, "number 3000000000, not an integer"),
    ("long", True, "boolean true, not a long"),
    ("double", "x", "string 'x', not a double"),
    ("boolean", 1, "number 1, not a boolean"),
    ("date", "yesterday", "string 'yesterday', not a date"),
]


@pytest.mark.parametrize("type_ref, given, detail", WRONG_TYPES, ids=[f"{t[0]}-{i}" for i, t in enumerate(WRONG_TYPES)])
def test_a_value_not_of_its_type_fails(engine: Decisions, type_ref: str, given: Any, detail: str) -> None:
    key = _deploy_table(engine, [("x", type_ref)], [("y", None)], [(["-"], ["1"])])
    failure = expect_error(lambda: engine.evaluate(key, {"x": given}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    metadata = failure.info.metadata
    assert (metadata["decision_key"], metadata["input_id"], metadata["expression"]) == (key, "in1", "x")
    assert metadata["cause"] == f"the input expression gave {detail}", metadata
    output_key = _deploy_table(engine, [("x", None)], [("y", type_ref)], [(["-"], ["x"])])
    failure = expect_error(lambda: engine.evaluate(output_key, {"x": given}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    metadata = failure.info.metadata
    assert (metadata["rule_id"], metadata["output_id"], metadata["cause"]) == (
        "r1", "out1", f"the output entry gave {detail}")


def test_literal_expression_of_a_declared_type(engine: Decisions) -> None:
    key = unique("typed-literal")
    engine.deploy_decisions(literal(key, "total", "a * 2", "double"))
    assert engine.evaluate(key, {"a": 2}) == [[("total", 4.0, "Double")]]
    failure = expect_error(lambda: engine.evaluate(key, {"a": "x"}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert "'*' needs numbers" in failure.info.metadata["cause"]
    text = unique("text-literal")
    engine.deploy_decisions(literal(text, "v", "a", "string"))
    failure = expect_error(lambda: engine.evaluate(text, {"a": 2}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert failure.info.metadata["cause"] == "the literal expression gave number 2, not a string"


# -- required decisions ----------------------------------------------------------------------


def test_required_decisions_are_evaluated_first_and_their_outputs_are_variables(engine: Decisions) -> None:
    base, many, total, top = (unique(n) for n in ("base", "many", "total", "top"))
    engine.deploy_decisions(
        literal(base, "discount", "amount / 10"),
        table(total, [("amount", None)], [("sum", None)], [(["-"], ["1"]), (["-"], ["2"])], hit_policy="COLLECT",
              aggregation="SUM"),
        literal(top, "answer", "discount + sum", requires=[base, total]),
    )
    assert engine.values(top, {"amount": 50}) == [{"answer": 8}]  # 50 / 10 + (1 + 2)
    lists = unique("lists")
    engine.deploy_decisions(
        table(many, [("amount", None)], [("bonus", None)], [(["> 0"], ["1"]), (["> 5"], ["2"])], hit_policy="COLLECT"),
        literal(lists, "bonuses", "bonus", requires=[many]),
    )
    assert engine.evaluate(lists, {"amount": 10}) == [[("bonuses", [1, 2], "Json")]]
    assert engine.evaluate(lists, {"amount": 3}) == [[("bonuses", [1], "Json")]]  # COLLECT: a list even of one
    failure = expect_error(lambda: engine.evaluate(lists, {"amount": -1}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")  # no result: no variable
    assert failure.info.metadata["decision_key"] == lists and "no variable named 'bonus'" in failure.message


def test_a_failing_required_decision_names_itself(engine: Decisions) -> None:
    inner, outer = unique("inner"), unique("outer")
    deployment = engine.deploy_decisions(literal(inner, "v", "missing + 1"), literal(outer, "w", "v", requires=[inner]))
    failure = expect_error(lambda: engine.evaluate(outer, {}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    metadata = failure.info.metadata
    assert metadata["decision_key"] == inner
    assert metadata["decision_definition_id"] == next(d.id for d in deployment.definitions if d.key == outer)
    assert metadata["cause"] == "no variable named 'missing'" and metadata["expression"] == "missing + 1"


# -- errors ----------------------------------------------------------------------------------


EVALUATION_ERRORS = [
    # (inputs, outputs, rules, variables, metadata expected, cause contains)
    ([("x", None)], [("y", None)], [(["-"], ["1"])], {}, {"input_id": "in1", "expression": "x"},
     "no variable named 'x'"),
    ([("x", None)], [("y", None)], [(["< 3"], ["1"])], {"x": "text"}, {"rule_id": "r1", "input_id": "in1",
                                                                        "expression": "< 3"},
     "cannot compare string 'text' with number 3 using '<'"),
    ([("x", None)], [("y", None)], [(["-"], ["x / 0"])], {"x": 1}, {"rule_id": "r1", "output_id": "out1"},
     "division by zero"),
    ([("x", None)], [("y", None)], [(["-"], ["x + true"])], {"x": 1}, {"rule_id": "r1", "output_id": "out1"},
     "'+' needs numbers or two strings"),
    ([("x", None)], [("y", None)], [(["-"], ["x.field"])], {"x": 1}, {"output_id": "out1"},
     "cannot read 'field' of number 1"),
    ([("x", None)], [("y", None)], [(["-"], ["x and true"])], {"x": 1}, {"output_id": "out1"},
     "'and' needs booleans"),
    ([("x", None)], [("y", None)], [(["-"], ['date("soon")'])], {"x": 1}, {"output_id": "out1"},
     "date() cannot read 'soon'"),
    ([("${x > 1}", None)], [("y", None)], [(["-"], ["1"])], {"x": "a"}, {"input_id": "in1"}, "cannot"),
]


@pytest.mark.parametrize("inputs, outputs, rules, variables, metadata, cause", EVALUATION_ERRORS,
                         ids=[str(i) for i in range(len(EVALUATION_ERRORS))])
def test_evaluation_errors_name_the_decision_rule_input_and_output(
        engine: Decisions, inputs: Any, outputs: Any, rules: Any, variables: dict[str, Any],
        metadata: dict[str, str], cause: str) -> None:
    key = _deploy_table(engine, inputs, outputs, rules)
    failure = expect_error(lambda: engine.evaluate(key, variables), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    got = failure.info.metadata
    assert got["decision_key"] == key and got["decision_definition_id"] == engine.get(Ref(key=key)).id
    assert {k: got.get(k) for k in metadata} == metadata
    assert cause in got["cause"], got["cause"]
    assert failure.precondition.violations[0].type == "DECISION_EVALUATION_FAILED"


def test_evaluate_request_errors(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    key = unique("tenant-only")
    engine.deploy_decisions(literal(key, "v", "1"), tenant="tenant-eval")
    expect_error(lambda: engine.evaluate_response(Ref()), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: engine.evaluate_response(Ref(key_and_tenant=KeyAndTenant(key=key))),
                 grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: engine.evaluate_response(Ref(id="nope")), grpc.StatusCode.NOT_FOUND,
                 "DECISION_DEFINITION_NOT_FOUND")
    expect_error(lambda: engine.evaluate(key), grpc.StatusCode.NOT_FOUND, "DECISION_DEFINITION_NOT_FOUND")
    assert engine.evaluate(key, tenant="tenant-eval") == [[("v", 1.0, "Integer")]]
    failure = expect_error(lambda: engine.evaluate(key, {"a": (1, "Colour")}, tenant="tenant-eval"),
                           grpc.StatusCode.INVALID_ARGUMENT, "UNSUPPORTED_VARIABLE_TYPE")
    assert failure.fields == ["variables[a].type"]
    expect_error(lambda: engine.evaluate(key, {"a": ("x", "Integer")}, tenant="tenant-eval"),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    expect_error(lambda: engine.evaluate(key, {" ": 1}, tenant="tenant-eval"), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_VARIABLE_NAME")
    outsider = Decisions(server.api(server.token(tenants=("tenant-other",))))
    expect_error(lambda: outsider.evaluate(key, tenant="tenant-eval"), grpc.StatusCode.PERMISSION_DENIED,
                 "TENANT_NOT_GRANTED")
    tenant_id = engine.get(Ref(key_and_tenant=KeyAndTenant(key=key, tenant_id="tenant-eval"))).id
    expect_error(lambda: outsider.evaluate_response(Ref(id=tenant_id)), grpc.StatusCode.NOT_FOUND,
                 "DECISION_DEFINITION_NOT_FOUND")
