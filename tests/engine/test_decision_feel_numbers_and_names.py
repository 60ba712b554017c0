"""FEEL's decimals, is defined(), functions called by name, names of several words, zone ids
and @-literals, and the DMN 1.4/1.5 functions, through the server: decision tables and literal
expressions deployed and evaluated by EvaluateDecision, what their numbers become (Integer, Long,
Double by the value), now() from the server's clock, and the deployment's refusals."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from server.engine.variables import format_date
from tests.engine.dmn_support import Decisions, literal, table
from tests.support import expect_error, unique


@pytest.fixture
def engine(api) -> Decisions:  # type: ignore[no-untyped-def]
    return Decisions(api)


LITERALS = [
    # (text, variables, value, type)
    ("0.1 + 0.2", {}, 0.3, "Double"),
    ("0.1 + 0.2 = 0.3", {}, True, "Boolean"),
    ("price * quantity", {"price": 0.1, "quantity": 3}, 0.3, "Double"),  # (not 0.30000000000000004)
    ("1 / 3", {}, 1 / 3, "Double"),
    ("string(1 / 3)", {}, "0.3333333333333333333333333333333333", "String"),
    ("string(price)", {"price": 0.1}, "0.1", "String"),
    ("x / 2", {"x": 5}, 2.5, "Double"),
    ("x * 2", {"x": 2.5}, 5, "Integer"),  # a whole result is an Integer, whatever it came from
    ("2 ** 40", {}, 2**40, "Long"),
    ("2 ** 70", {}, float(2**70), "Double"),
    ("sum(prices)", {"prices": ([0.1, 0.2], "Json")}, 0.3, "Double"),
    ("prices[-1]", {"prices": ([10, 20, 30], "Json")}, 30, "Integer"),
    ("{total: sum(prices), each: prices}", {"prices": ([0.1, 0.2], "Json")}, {"total": 0.3, "each": [0.1, 0.2]},
     "Json"),
    ("round half up(x, 1)", {"x": 2.25}, 2.3, "Double"),
    ('duration("PT1H") * 1.5', {}, "PT1H30M", "String"),
    ("{add: function(a, b) a + b, r: add(x, 2)}.r", {"x": 5}, 7, "Integer"),
    ("{net: function(gross, rate) gross / (1 + rate), r: net(rate: 0.2, gross: 120)}.r", {}, 100, "Integer"),
    ("upper case(Customer Name)", {"Customer Name": "Ada"}, "ADA", "String"),
    ("`order.total` * 2", {"order.total": 4}, 8, "Integer"),
    ('{"order total": 5, tax: order total * 0.2}.tax', {}, 1, "Integer"),
    ("if is defined(discount) then discount else 0", {"discount": 3}, 3, "Integer"),
    ("if is defined(discount) then discount else 0", {}, 0, "Integer"),
    ("is defined(discount)", {"discount": None}, True, "Boolean"),
    ('date and time(@"2024-07-01", @"10:30:00@Europe/Paris")', {}, "2024-07-01T08:30:00.000+0000", "Date"),
    ('time("10:30:00@Europe/Paris")', {}, "10:30:00@Europe/Paris", "String"),
    ('@"P1D" + @"PT2H"', {}, "P1DT2H", "String"),
    ('@"2024-01-31" + @"P1M"', {}, "2024-02-29T00:00:00.000+0000", "Date"),
    ('context put({a: 1}, ["b", "c"], 2)', {}, {"a": 1, "b": {"c": 2}}, "Json"),
    ("context merge([{a: 1}, {a: 2}])", {}, {"a": 2}, "Json"),
    ("list replace([1, 2, 3], function(item, newItem) item > 2, 0)", {}, [1, 2, 0], "Json"),
    ("duplicate values([1, 2, 1])", {}, [1], "Json"),
    ("partition([1, 2, 3], 2)", {}, [[1, 2], [3]], "Json"),
    ('day of week(date("2024-06-03"))', {}, "Monday", "String"),
    ('week of year(date("2024-06-03"))', {}, 23, "Integer"),
    ('last day of month(date("2024-02-01"))', {}, "2024-02-29T00:00:00.000+0000", "Date"),
    ('get or else(missing value, "none")', {"missing value": None}, "none", "String"),
    ('during(date(day), [date("2024-01-01")..date("2024-12-31")])', {"day": "2024-06-01"}, True, "Boolean"),
    ("overlaps before([1..x], [3..8])", {"x": 5}, True, "Boolean"),
]


@pytest.mark.parametrize("text, variables, value, type_name", LITERALS, ids=[lit[0][:40] for lit in LITERALS])
def test_literal_expressions(engine: Decisions, text: str, variables: dict[str, Any], value: Any,
                             type_name: str) -> None:
    key = unique("literal")
    engine.deploy_decisions(literal(key, "result", text))
    [[(name, got, got_type)]] = engine.evaluate(key, variables)
    assert (name, got_type) == ("result", type_name), (text, got, got_type)
    assert got == value, (text, got)


def test_a_decision_table_compares_decimals_exactly(engine: Decisions) -> None:
    """The input a + b of two Doubles (0.1 and 0.2) is 0.3, so the rule for exactly 0.3 matches
    (with doubles it would be 0.30000000000000004 and no rule would); typed outputs convert."""
    key = unique("exact")
    engine.deploy_decisions(table(key, [("a + b", None)], [("band", None), ("share", "double"), ("cents", "long")], [
        (["0.3"], ['"exact"', "a / (a + b)", "(a + b) * 100"]),
        (["< 0.3"], ['"below"', "0", "0"]),
        (["> 0.3"], ['"above"', "1", "1"]),
    ]))
    assert engine.evaluate(key, {"a": 0.1, "b": 0.2}) == [[("band", "exact", "String"),
                                                          ("share", 1 / 3, "Double"), ("cents", 30, "Long")]]
    assert engine.values(key, {"a": 0.1, "b": 0.1}) == [{"band": "below", "share": 0.0, "cents": 0}]


def test_a_typed_output_refuses_a_fraction_where_it_needs_a_whole_number(engine: Decisions) -> None:
    key = unique("typed")
    engine.deploy_decisions(table(key, [("x", None)], [("n", "integer")], [(["-"], ["x / 4"])]))
    assert engine.values(key, {"x": 8}) == [{"n": 2}]
    failure = expect_error(lambda: engine.evaluate(key, {"x": 10}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert "the output entry gave number 2.5, not an integer" in failure.info.metadata["cause"]


def test_names_is_defined_and_functions_in_a_decision_table(engine: Decisions) -> None:
    """Inputs: a variable whose name has a space, whether a variable is defined; entries calling a
    function a context defines; a JUEL entry sees FEEL's decimal input as a number."""
    key = unique("names")
    body = table(key, [("Customer Name", None), ("is defined(voucher)", None), ("basket total / 2", None)],
                 [("greeting", None)], [
                     (['starts with(?, "A")', "true", "-"], ['{hi: function(n) "Hi " + n, r: hi(Customer Name)}.r']),
                     (["-", "false", ""], ['"no voucher"']),
                 ], hit_policy="FIRST")
    body = body.replace("<inputEntry><text></text></inputEntry>",
                        '<inputEntry expressionLanguage="juel"><text>${cellInput > 2}</text></inputEntry>')
    engine.deploy_decisions(body)
    assert engine.values(key, {"Customer Name": "Ada", "voucher": None, "basket total": 3}) == [
        {"greeting": "Hi Ada"}]
    assert engine.values(key, {"Customer Name": "Bob", "basket total": 5.5}) == [{"greeting": "no voucher"}]
    assert engine.values(key, {"Customer Name": "Bob", "basket total": 4}) == []


def test_now_and_today_come_from_the_servers_clock(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    key, day = unique("now"), unique("today")
    engine.deploy_decisions(literal(key, "at", "now()"), literal(day, "same", "today() = date(now())"))
    assert engine.evaluate(key) == [[("at", format_date(server.clock.now()), "Date")]]
    assert engine.values(day) == [{"same": True}]


DEPLOYMENT_ERRORS = [
    # (text, position, detail)
    ("{f: 1, r: g(1)}", 11, "unknown function g()"),
    ("first name(1)", 1, "unknown function first name()"),
    ("is defined()", 1, "is defined() takes 1 argument, not 0"),
    ("round up()", 1, "round up() takes 1 to 2 arguments, not 0"),
    ("`order", 1, "unterminated `name`"),
    ('@"10:00:00@Mars/Olympus"', 1, "does not know the time zone 'Mars/Olympus'"),
    ("1e7000", 1, "number 1e7000 is out of range"),
]


@pytest.mark.parametrize("text, position, detail", DEPLOYMENT_ERRORS, ids=[d[0] for d in DEPLOYMENT_ERRORS])
def test_the_deployment_refuses_with_the_position(engine: Decisions, text: str, position: int, detail: str) -> None:
    key = unique("bad")
    failure = expect_error(lambda: engine.deploy_decisions(literal(key, "v", text)),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_EXPRESSION")
    metadata = failure.info.metadata
    assert (metadata["expression"], metadata["position"]) == (text, str(position)), metadata
    assert detail in failure.message, failure.message


EVALUATION_ERRORS = [
    # (text, variables, cause)
    ("1 / x", {"x": 0}, "division by zero"),
    ("10 ** x", {"x": 7000}, "'**' overflows"),
    ("{f: function(n) f(n), r: f(1)}.r", {}, "functions call each other deeper than 40 levels"),
    ("{f: 5, r: f(1)}.r", {}, "f is not a function but number 5"),
    ("missing name + 1", {}, "no variable named 'missing name'"),
    ('assert(x, x > 0, "x must be positive")', {"x": -1}, "assert(): x must be positive"),
    ("9e6144", {}, "beyond a double"),
]


@pytest.mark.parametrize("text, variables, cause", EVALUATION_ERRORS, ids=[e[0][:40] for e in EVALUATION_ERRORS])
def test_evaluation_errors_name_the_expression(engine: Decisions, text: str, variables: dict[str, Any],
                                               cause: str) -> None:
    key = unique("failing")
    engine.deploy_decisions(literal(key, "v", text))
    failure = expect_error(lambda: engine.evaluate(key, variables), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    metadata = failure.info.metadata
    assert (metadata["decision_key"], metadata["expression"]) == (key, text)
    assert cause in metadata["cause"], metadata["cause"]
