"""The FEEL module on its own, for what DMN 1.4/1.5 and feel-scala add to DMN 1.3's FEEL:
numbers as 34-digit decimals, is defined(), functions called by name, names of several words
(and in backticks), zone ids on times, and the newer built-in functions; with their edge cases
and errors (positions for syntax errors). test_decision_feel_numbers_and_names.py deploys these
through the server."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from server.engine.dmn import feel
from server.engine.dmn.evaluation import coerce, infer_output
from server.engine.dmn.feel import FeelDate, FeelEvaluationError, FeelSyntaxError
from server.engine.variables import TypedValue

VARIABLES: dict[str, Any] = {
    "x": 5, "tenth": 0.1, "prices": [0.1, 0.2, 10], "none": None, "Customer Name": "Ada Lovelace",
    "order": {"order total": 40.5, "customer": {"level": "gold"}, "items": [{"price": 1.1}, {"price": 2.2}]},
    "a.b": 7, "a-b": 8, "größe": 3, "when": datetime(2024, 3, 10, 9, 0, tzinfo=timezone.utc),
}


def run(text: str, **extra: Any) -> Any:
    variables = {**VARIABLES, **extra}
    return feel.compile_expression(text).evaluate(lambda name: variables[name])


def text_of(expression: str, **extra: Any) -> str:
    return feel.to_text(run(expression, **extra))


def fails(text: str, **extra: Any) -> str:
    with pytest.raises(FeelEvaluationError) as raised:
        run(text, **extra)
    return str(raised.value)


def refused(text: str) -> FeelSyntaxError:
    with pytest.raises(FeelSyntaxError) as raised:
        feel.compile_expression(text)
    return raised.value


# -- numbers ------------------------------------------------------------------------------------

DECIMALS = [
    ("0.1 + 0.2 = 0.3", True),
    ("0.1 + 0.2", Decimal("0.3")),
    ("1 / 3", Decimal("0.3333333333333333333333333333333333")),
    ("2 / 3", Decimal("0.6666666666666666666666666666666667")),
    ("2 / 3 * 3 = 2", True),
    ("10 / 4", Decimal("2.5")),
    ("6 / 3", Decimal("2")),
    ("1 = 1.00", True),
    ("[1, 2] = [1.0, 2.00]", True),
    ("1.10 < 1.2", True),
    ("tenth + 0.2 = 0.3", True),  # a Double variable is read through its shortest text
    ("tenth * 3", Decimal("0.3")),
    ("x / 2", Decimal("2.5")),
    ("sum(prices)", Decimal("10.3")),
    ("prices[item < 1]", [0.1, 0.2]),
    ("prices[1] = 0.1", True),
    ("list contains(prices, 0.2)", True),
    ("order.items.price[2] - order.items.price[1]", Decimal("1.1")),
    ("12345678901234567890123456789012345 + 0", Decimal("1.234567890123456789012345678901234E+34")),
    ("2 ** 0.5", Decimal("1.414213562373095048801688724209698")),
    ("2 ** -1", Decimal("0.5")),
    ("2 ** 100", Decimal("1267650600228229401496703205376")),
    ("-(1/3)", Decimal("-0.3333333333333333333333333333333333")),
    ("for i in 1..3 return i / 2", [Decimal("0.5"), Decimal("1"), Decimal("1.5")]),
    ('duration("PT1H") * 1.5', timedelta(minutes=90)),
    ('duration("PT1H") / 3', timedelta(minutes=20)),
    ('duration("PT1S") / 3', timedelta(microseconds=333333)),
    ('duration("P1D") / duration("PT1H")', Decimal(24)),
    ('duration("P1Y") / duration("P5M")', Decimal("2.4")),
    ('duration("P1Y") * 0.5', feel.YearsMonths(6)),
]


@pytest.mark.parametrize("text, expected", DECIMALS, ids=[d[0][:40] for d in DECIMALS])
def test_numbers_are_34_digit_decimals(text: str, expected: Any) -> None:
    result = run(text)
    assert result == expected and type(result) is type(expected) or isinstance(expected, list), (text, result)
    assert not isinstance(result, float), text


STRINGS = [
    ("string(1 / 3)", "0.3333333333333333333333333333333333"),
    ("string(1.10)", "1.1"),
    ("string(1.0)", "1"),
    ("string(2.50 * 2)", "5"),
    ("string(1e3)", "1000"),
    ("string(0.000001)", "0.000001"),
    ("string(-0.0)", "0"),
    ("string(12345678901234567890123456789012345)", "12345678901234567890123456789012340"),
    ("string(tenth)", "0.1"),
    ("string(x)", "5"),
    ('string(duration("PT1.5S"))', "PT1.5S"),
    ('string(number("1.50"))', "1.5"),
    ("string([1.50, 2])", "[1.5, 2]"),
]


@pytest.mark.parametrize("text, expected", STRINGS, ids=[s[0] for s in STRINGS])
def test_string_of_a_number_has_no_needless_digits(text: str, expected: str) -> None:
    assert run(text) == expected


NUMERIC_FUNCTIONS = [
    ("decimal(1/3, 2)", "0.33"), ("decimal(2.5, 0)", "2"), ("decimal(3.5, 0)", "4"), ("decimal(-1.005, 2)", "-1"),
    ("decimal(123, -1)", "120"), ("decimal(1/3, 40)", "0.3333333333333333333333333333333333"),
    ("decimal(5, 2)", "5"), ("floor(1.5)", "1"), ("floor(-1.56, 1)", "-1.6"), ("ceiling(-1.56, 1)", "-1.5"),
    ("ceiling(1.01)", "2"), ("floor(n: 1.56, scale: 1)", "1.5"),
    ("round up(5.5)", "6"), ("round up(-5.5)", "-6"), ("round up(1.121, 2)", "1.13"), ("round up(-1.126, 2)", "-1.13"),
    ("round down(5.5)", "5"), ("round down(-5.5)", "-5"), ("round down(1.121, 2)", "1.12"),
    ("round down(-1.126, 2)", "-1.12"),
    ("round half up(5.5)", "6"), ("round half up(-5.5)", "-6"), ("round half up(1.121, 2)", "1.12"),
    ("round half up(-1.126, 2)", "-1.13"), ("round half up(1.125, 2)", "1.13"),
    ("round half down(5.5)", "5"), ("round half down(-5.5)", "-5"), ("round half down(1.121, 2)", "1.12"),
    ("round half down(-1.126, 2)", "-1.13"), ("round half down(1.125, 2)", "1.12"),
    ("modulo(12, 5)", "2"), ("modulo(-12, 5)", "3"), ("modulo(12, -5)", "-3"), ("modulo(-12, -5)", "-2"),
    ("modulo(10.1, 4.5)", "1.1"), ("modulo(10, 5)", "0"),
    ("sqrt(16)", "4"), ("sqrt(0.25)", "0.5"), ("sqrt(2)", "1.414213562373095048801688724209698"),
    ("log(10)", "2.302585092994045684017991454684364"), ("log(1)", "0"),
    ("exp(1)", "2.718281828459045235360287471352662"), ("exp(0)", "1"),
    ("abs(-1.5)", "1.5"), ("odd(5.0)", "true"), ("even(4)", "true"), ("odd(1.5)", "false"),
    ("mean([1, 2, 3, 4])", "2.5"), ("mean(0.1, 0.2)", "0.15"), ("median([1, 2, 3, 4])", "2.5"),
    ("stddev([2, 4, 7, 5])", "2.081665999466132735282297706979931"), ("product(0.1, 3)", "0.3"),
    ("sum(0.1, 0.2, 0.3)", "0.6"), ("mode([1, 1.0, 2])", "[1]"), ("min(0.3, 1/3)", "0.3"),
    ('number("0.1") + number("0.2")', "0.3"), ('number("1e2")', "100"),
    ("count([1, 2]) / 3", "0.6666666666666666666666666666666667"),
]


@pytest.mark.parametrize("text, expected", NUMERIC_FUNCTIONS, ids=[n[0] for n in NUMERIC_FUNCTIONS])
def test_numeric_functions_work_on_decimals(text: str, expected: str) -> None:
    assert text_of(text) == expected


NUMBER_ERRORS = [
    ("1 / 0", {}, "division by zero"),
    ("0 / 0", {}, "division by zero"),
    ("0 ** -1", {}, "division by zero"),
    ("(-8) ** 0.5", {}, "-8 ** 0.5 has no real result"),
    ("10 ** 6145", {}, "'**' overflows"),
    ("9e6144 * 10", {}, "'*' overflows"),
    ("x + 1", {"x": float("nan")}, "nan is not a number FEEL knows"),
    ("x * 2", {"x": float("inf")}, "inf is not a number FEEL knows"),
    ("log(0)", {}, "log(): 0 has no logarithm"),
    ("exp(100000)", {}, "exp(): e ** 100000 overflows"),
    ("sqrt(-0.5)", {}, "sqrt(): -0.5 has no real square root"),
    ("modulo(1e40, 3)", {}, "is too large to divide by 3"),
    ("sum(9e6144, 9e6144)", {}, "sum(): the number overflows"),
    ("round up(1, 1.5)", {}, "round up(): scale must be a whole number, not number 1.5"),
    ("floor(1, 7000)", {}, "floor(): scale must be within -6111..6176, not 7000"),
    ('round down("1")', {}, "round down(): n must be a number, not string '1'"),
]


@pytest.mark.parametrize("text, extra, detail", NUMBER_ERRORS, ids=[e[0] for e in NUMBER_ERRORS])
def test_number_errors(text: str, extra: dict[str, Any], detail: str) -> None:
    assert detail in fails(text, **extra)


def test_a_number_literal_beyond_decimal128_is_refused_with_its_position() -> None:
    error = refused("1 + 1e7000")
    assert (error.position, error.detail) == (5, "number 1e7000 is out of range")


def test_results_become_integers_longs_or_doubles_by_their_value() -> None:
    assert infer_output(Decimal("5")) == TypedValue("integer", 5)
    assert infer_output(Decimal("5.000")) == TypedValue("integer", 5)
    assert infer_output(30.0) == TypedValue("integer", 30)  # (a Json number passed through)
    assert infer_output(Decimal(2**40)) == TypedValue("long", 2**40)
    assert infer_output(Decimal(2**63)) == TypedValue("double", float(2**63))
    assert infer_output(run("1 / 3")) == TypedValue("double", 1 / 3)
    assert infer_output(Decimal("0.1")) == TypedValue("double", 0.1)
    with pytest.raises(ValueError, match="beyond a double"):
        infer_output(run("9e6144"))
    assert coerce(Decimal("2.0"), "integer") == TypedValue("integer", 2)
    assert coerce(Decimal("1.5"), "double") == TypedValue("double", 1.5)
    with pytest.raises(ValueError, match="number 2.5, not a long"):
        coerce(Decimal("2.5"), "long")
    with pytest.raises(ValueError, match="not a double"):
        coerce(run("9e6144"), "double")
    assert feel.to_json({"a": [Decimal("1.0"), Decimal("0.5")]}) == {"a": [1, 0.5]}
    assert feel.to_host(Decimal(2**70)) == float(2**70)


# -- is defined ---------------------------------------------------------------------------------

DEFINED = [
    ("is defined(x)", True), ("is defined(none)", True), ("is defined(missing)", False),
    ("is defined(order.customer)", True), ("is defined(order.customer.level)", True),
    ("is defined(order.nothing)", False), ("is defined(order.customer.nothing)", False),
    ("is defined(missing.a)", False), ("is defined(none.a)", False), ("is defined({a: null}.a)", True),
    ("is defined({a: 1}.b)", False), ("is defined(when.hour)", True), ("is defined(when.colour)", False),
    ("is defined(value: missing)", False), ("is defined(1)", True), ("is defined(null)", True),
    ("is defined(Customer Name)", True), ("is defined(Customer Surname)", False),
    ("is defined(order.items.price)", True),
    ("if is defined(discount) then discount else 0", 0),
    ("not(is defined(missing)) and x > 1", True),
]


@pytest.mark.parametrize("text, expected", DEFINED, ids=[d[0] for d in DEFINED])
def test_is_defined(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_is_defined_lets_other_errors_through_and_is_checked_at_deployment() -> None:
    assert "'+' needs numbers" in fails('is defined(1 + "a")')
    assert "no variable named 'missing'" in fails("missing + 1")  # outside is defined: an error, as before
    assert run("{a: 1}.b") is None  # outside is defined a missing entry is null, as before
    error = refused("is defined()")
    assert (error.position, error.detail) == (1, "is defined() takes 1 argument, not 0")
    error = refused("is defined(x, 1)")
    assert error.detail == "is defined() takes 1 argument, not 2"
    tests = feel.compile_unary_tests("is defined(?)")
    assert tests.matches(None, lambda name: {}[name]) is True


# -- functions called by name -------------------------------------------------------------------

CALLS = [
    ("{add: function(a, b) a + b, r: add(1, 2)}.r", 3),
    ("{add: function(a, b) a - b, r: add(b: 1, a: 5)}.r", 4),
    ("{add: function(a, b) a + b, r: add(a: 1)}.r", None),  # a parameter not given is null
    ("{add two: function(x) x + 2, r: add two(1)}.r", 3),
    ('{greet: function(first name) "Hi " + first name, r: greet(first name: "Ada")}.r', "Hi Ada"),
    ("{fact: function(n) if n <= 1 then 1 else n * fact(n - 1), r: fact(5)}.r", 120),
    ("{apply: function(f, v) f(v), r: apply(function(y) y * 2, 4)}.r", 8),
    ("for f in [function(v) v + 1, function(v) v * 10] return f(2)", [3, 20]),
    ("{twice: function(f) function(v) f(f(v)), inc: function(v) v + 1, g: twice(inc), r: g(5)}.r", 7),
    ("{tax: 0.2, net: function(gross) gross / (1 + tax), r: net(120)}.r", 100),
    ("{count: function(v) 99, r: count([1, 2])}.r", 2),  # a built-in's name stays the built-in
    ("sort([3, 1, 2], function(a, b) a < b)", [1, 2, 3]),
]


@pytest.mark.parametrize("text, expected", CALLS, ids=[c[0][:50] for c in CALLS])
def test_functions_are_called_by_the_name_that_holds_them(text: str, expected: Any) -> None:
    assert run(text) == expected


CALL_ERRORS = [
    ("{f: 5, r: f(1)}.r", "f is not a function but number 5"),
    ("{f: function(a) a, r: f(1, 2)}.r", "a function of 1 parameters was called with 2"),
    ("{f: function(a) a, r: f(b: 1)}.r", "f() has no parameter 'b'; it takes (a)"),
    ("{r: f(1), f: function(a) a}.r", "no function named 'f'"),  # (an entry sees only the ones before it)
    ("{f: function(n) f(n + 1), r: f(1)}.r", "functions call each other deeper than 40 levels"),
]


@pytest.mark.parametrize("text, detail", CALL_ERRORS, ids=[c[0][:40] for c in CALL_ERRORS])
def test_function_call_errors(text: str, detail: str) -> None:
    assert detail in fails(text)


def test_a_call_no_context_entry_parameter_or_iteration_binds_is_an_unknown_function_at_deployment() -> None:
    for text, position, name in (("shout(1)", 1, "shout"), ("{a: shout(1)}", 5, "shout"),
                                 ("{f: function(g) g(1), r: h(2)}", 26, "h"), ("for f in [1] return g(f)", 21, "g"),
                                 ("{first: 1, r: first name(2)}", 15, "first name")):
        error = refused(text)
        assert (error.position, error.detail) == (position, f"unknown function {name}()"), text
    with pytest.raises(FeelSyntaxError) as raised:
        feel.compile_unary_tests("not(f(?))")
    assert (raised.value.position, raised.value.detail) == (5, "unknown function f()")
    tests = feel.compile_unary_tests("some g in [function(v) v > 1] satisfies g(?)")
    assert tests.matches(2, lambda name: {}[name]) is True and tests.matches(1, lambda name: {}[name]) is False


# -- names --------------------------------------------------------------------------------------

NAMES = [
    ("Customer Name", "Ada Lovelace"),
    ("Customer   Name", "Ada Lovelace"),  # (the words of a name are one space apart)
    ("upper case(Customer Name)", "ADA LOVELACE"),
    ('{"order total": 5, tax: order total * 0.2}.tax', 1),
    ("{order total: 5, with tax: order total * 1.2}.with tax", 6),
    ("order.order total", Decimal("40.5")),
    ("order.order total > 40", True),
    ("`a.b` + 1", 8),
    ("`a-b` * 2", 16),
    ("`Customer Name`", "Ada Lovelace"),
    ("{`x y.z`: 1}.`x y.z`", 1),
    ("größe * 2", 6),
    ('string length("abc") + count([1])', 4),
    ("for item price in [1, 2] return item price * 2", [2, 4]),
    ("x in [1..10] and x between 1 and 5", True),
    ("some p in order.items satisfies p.price > 2", True),
    ('date and time("2024-01-01T00:00:00").time offset', timedelta(0)),
    # a name holding keywords, as the text binds it before
    ('{date of birth: date("2000-01-01"), year: date of birth.year}.year', 2000),
    ("{is in stock: true, r: if is in stock then 1 else 0}.r", 1),
    ("{f of x: function(v) v * 2, r: f of x(3)}.r", 6),
    ("{x: 1, r: x in [1..2]}.r", True),  # (a keyword after a bound name that no longer name goes on)
    ("{order: 1, order total: 2, r: order total + order}.r", 3),
]


@pytest.mark.parametrize("text, expected", NAMES, ids=[n[0] for n in NAMES])
def test_names_of_several_words_and_in_backticks(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_name_errors() -> None:
    assert "no variable named 'Customer Surname'" in fails("Customer Surname")
    error = refused("date of birth + 1")  # a variable's name holding a keyword needs backticks
    assert (error.position, error.detail) == (6, "unexpected 'of'")
    assert run("`date of birth` + 1", **{"date of birth": 1}) == 2
    for text, position, detail in (("`a + 1", 1, "unterminated `name`"), ("`` + 1", 1, "must not be empty"),
                                   ("` a` + 1", 1, "must not be empty or start or end with a space"),
                                   ("order total total(", 19, "unexpected end")):
        error = refused(text)
        assert (error.position, detail in error.detail) == (position, True), (text, error)


# -- zone ids on times --------------------------------------------------------------------------

ZONED = [
    ('string(time("10:30:00@Europe/Paris"))', "10:30:00@Europe/Paris"),
    ('string(@"10:30:00@Europe/Paris")', "10:30:00@Europe/Paris"),
    ('time("10:30:00@Europe/Paris").timezone', "Europe/Paris"),
    ('time("10:30:00").timezone', None),
    ('time("10:30:00@Europe/Paris").time offset', timedelta(hours=1)),  # the zone's standard offset
    ('time("10:30:00@Europe/Paris").hour', 10),
    ('string(date and time(date("2024-07-01"), time("10:30:00@Europe/Paris")))', "2024-07-01T08:30:00Z"),
    ('string(date and time(date("2024-01-15"), @"10:30:00@Europe/Paris"))', "2024-01-15T09:30:00Z"),
    ('time("10:30:00@Europe/Paris") = time("09:30:00Z")', True),
    ('time("10:30:00@Europe/Paris") < time("10:00:00Z")', True),
    ('string(time("10:30:00@Europe/Paris") + duration("PT1H"))', "11:30:00@Europe/Paris"),
    ('string(@"2024-01-31T10:00:00@Asia/Tokyo")', "2024-01-31T01:00:00Z"),
    ('@"2024-01-31"', FeelDate(2024, 1, 31, tzinfo=timezone.utc)),
    ('@"P1D" + @"PT1H"', timedelta(hours=25)),
]


@pytest.mark.parametrize("text, expected", ZONED, ids=[z[0][:50] for z in ZONED])
def test_times_with_a_zone_id(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_an_unknown_zone_id_is_an_error() -> None:
    assert "time() does not know the time zone 'Mars/Olympus'" in fails('time("10:00:00@Mars/Olympus")')
    error = refused('@"10:00:00@Mars/Olympus"')
    assert error.position == 1 and "invalid temporal literal: time() does not know the time zone" in error.detail
    assert run('time("10:00:00@Europe/Paris")') == time(10, 0, tzinfo=feel.ZoneOfTime(feel.ZoneInfo("Europe/Paris")))


# -- DMN 1.4/1.5 and feel-scala's functions -------------------------------------------------------

FUNCTIONS = [
    ('context put({x: 1}, "y", 2)', "{x: 1, y: 2}"),
    ('context put({x: 1}, "x", 2)', "{x: 2}"),
    ('context put({x: 1, y: {z: 0}}, ["y", "z"], 2)', "{x: 1, y: {z: 2}}"),
    ('context put({x: 1}, ["y", "z"], 2)', "{x: 1, y: {z: 2}}"),
    ('context put({x: 1}, [], 2)', "null"),
    ('context put(context: {}, keys: ["a"], value: null)', "{a: null}"),
    ('context put(context: {}, key: "a", value: 1)', "{a: 1}"),
    ("context merge([{a: 1}, {a: 2, b: 3}])", "{a: 2, b: 3}"),
    ("context merge([])", "{}"),
    ('context([{key: "a", value: 1}, {key: "b", value: [2]}])', "{a: 1, b: [2]}"),
    ('get value({a: {b: 1}}, ["a", "b"])', "1"),
    ('get value({a: 1}, ["b"])', "null"),
    ('get value(context: {a: 1}, key: "a")', "1"),
    ("get entries(context: {a: 1})", '[{key: "a", value: 1}]'),
    ("list replace([1, 2, 3], 2, 5)", "[1, 5, 3]"),
    ("list replace([1, 2, 3], -1, 0)", "[1, 2, 0]"),
    ("list replace([1, 2, 3], function(item, newItem) item > 1, 0)", "[1, 0, 0]"),
    ("list replace(list: [1], position: 1, newItem: null)", "[null]"),
    ("list replace(list: [1, 2], match: function(a, b) a = 2, newItem: 9)", "[1, 9]"),
    ("duplicate values([1, 2, 1, 3, 2, 2])", "[1, 2]"),
    ("duplicate values([1, 1.0, [1], [1]])", "[1, [1]]"),
    ("duplicate values([])", "[]"),
    ("is empty([])", "true"),
    ("is empty([null])", "false"),
    ("partition([1, 2, 3, 4, 5], 2)", "[[1, 2], [3, 4], [5]]"),
    ("partition([], 3)", "[]"),
    ('string join(["a", "b"], ", ", "[", "]")', "[a, b]"),
    ('string join(["a", "b"], null)', "ab"),
    ('string join(["a", "b"], null, "<", ">")', "<ab>"),
    ('get or else(null, "default")', "default"),
    ('get or else("this", "default")', "this"),
    ("get or else(null, null)", "null"),
    ("assert(x, x > 0)", "5"),
    ("assert(null, true)", "null"),
    ('day of year(date("2019-09-17"))', "260"),
    ('day of week(date("2019-09-17"))', "Tuesday"),
    ('day of week(date and time("2024-01-01T23:00:00"))', "Monday"),
    ('month of year(date("2019-09-17"))', "September"),
    ('week of year(date("2019-09-17"))', "38"),
    ('week of year(date("2021-01-01"))', "53"),  # (ISO weeks)
    ('last day of month(date("2024-02-10"))', "2024-02-29"),
    ('last day of month(date and time("2023-12-05T10:00:00"))', "2023-12-31"),
    ('extract("a1b22c", "[0-9]+")', '["1", "22"]'),
    ('is blank("  ")', "true"),
    ('is blank("a")', "false"),
    ('to base64("FEEL")', "RkVFTA=="),
    ("and([true, false])", "false"),  # (all() and any() by feel-scala's other names)
    ("or(false, true)", "true"),
    ("or(list: [null, false])", "null"),
    ("x > 1 and and([true]) or (false)", "true"),
]


@pytest.mark.parametrize("text, expected", FUNCTIONS, ids=[f[0][:50] for f in FUNCTIONS])
def test_dmn_1_4_and_feel_scala_functions(text: str, expected: str) -> None:
    assert feel.to_text(run(text)) == expected


FUNCTION_ERRORS = [
    ("context put({}, 1, 2)", "context put(): key must be a string, not number 1"),
    ('context put({}, ["a", 1], 2)', "context put(): each key must be a string"),
    ('context put(1, "a", 2)', "context put(): context must be a context"),
    ("context merge([{a: 1}, 2])", "context merge(): each item of contexts must be a context, not number 2"),
    ("context([{key: 1, value: 2}])", "context(): each entry must be a context {key:"),
    ("list replace([1], 3, 0)", "list replace(): position 3 is outside the list of 1 items"),
    ('list replace([1], "a", 0)', "list replace(): position must be a whole number or a function"),
    ("list replace([1], function(a, b) 5, 0)", "list replace(): match must give a boolean"),
    ("partition([1], 0)", "partition(): size must be at least 1"),
    ("assert(x, x < 0)", "assert(): the condition is not met (it is false)"),
    ('assert(x, x < 0, "x must be negative")', "assert(): x must be negative"),
    ('day of week("monday")', "day of week(): date must be a date or a date and time"),
    ("is empty(5)", "is empty(): list must be a list"),
    ('extract("a", "(")', "extract(): invalid regular expression"),
]


@pytest.mark.parametrize("text, detail", FUNCTION_ERRORS, ids=[f[0][:40] for f in FUNCTION_ERRORS])
def test_function_errors(text: str, detail: str) -> None:
    assert detail in fails(text)


def test_now_and_today_give_the_evaluations_instant() -> None:
    instant = datetime(2024, 5, 6, 23, 30, 15, tzinfo=timezone.utc)
    with feel.evaluation_time(instant):
        assert run("now()") == instant
        assert feel.to_text(run("today()")) == "2024-05-06"
        assert run("now() - duration(\"PT30M\") < now()") is True
        assert run("day of week(today())") == "Monday"
    assert run("now()") > instant  # outside an evaluation: the system's time
    error = refused("now(1)")
    assert error.detail == "now() takes 0 arguments, not 1"


# -- DMN 1.3's range functions ------------------------------------------------------------------

RANGES = [
    ("before(1, 10)", True), ("before(10, 1)", False), ("before(1, [2..5])", True), ("before(1, [1..5])", False),
    ("before(1, (1..5])", True), ("before([1..5], 10)", True), ("before([1..5], 5)", False),
    ("before([1..5), 5)", True), ("before([1..5], [6..8])", True), ("before([1..5], [5..8])", False),
    ("before([1..5), [5..8])", True),
    ("after(10, 1)", True), ("after(12, [2..5])", True), ("after([11..20], 12)", False),
    ("after([11..20], 10)", True), ("after([11..20], [1..10])", True), ("after([1..10], [11..20])", False),
    ("after((5..10], [1..5])", True),
    ("meets([1..5], [5..10])", True), ("meets([1..3], [4..6])", False), ("meets([1..5), [5..10])", False),
    ("met by([5..10], [1..5])", True), ("met by((5..10], [1..5])", False),
    ("overlaps([1..5], [3..8])", True), ("overlaps([3..8], [1..5])", True), ("overlaps([1..5], [6..8])", False),
    ("overlaps([1..5], [5..8])", True), ("overlaps([1..5), [5..8])", False),
    ("overlaps before([1..5], [3..8])", True), ("overlaps before([1..5], [6..8])", False),
    ("overlaps before([1..5], [5..8])", True), ("overlaps before([1..5), [5..8])", False),
    ("overlaps after([3..8], [1..5])", True), ("overlaps after([6..8], [1..5])", False),
    ("overlaps after([5..8], [1..5])", True),
    ("finishes(10, [1..10])", True), ("finishes(10, [1..10))", False), ("finishes([5..10], [1..10])", True),
    ("finishes([5..10), [1..10])", False), ("finishes((1..10], [1..10])", True),
    ("finished by([1..10], 10)", True), ("finished by([1..10], [5..10])", True),
    ("finished by([5..10], [1..10])", False),
    ("includes([1..10], 5)", True), ("includes([1..10], 12)", False), ("includes((1..10], 1)", False),
    ("includes([1..10], [4..6])", True), ("includes((1..10], [1..10])", False),
    ("during(5, [1..10])", True), ("during(12, [1..10])", False), ("during([4..6], [1..10])", True),
    ("during((1..10], [1..10])", True),
    ("starts(1, [1..5])", True), ("starts(1, (1..5])", False), ("starts([1..5], [1..10])", True),
    ("starts([1..10], [1..5])", False),
    ("started by([1..10], 1)", True), ("started by([1..10], [1..5])", True), ("started by([1..5], [1..10])", False),
    ("coincides(5, 5.0)", True), ("coincides(3, 4)", False), ("coincides([1..5], [1..5])", True),
    ("coincides([1..5], (1..5])", False),
    ('before(date("2020-01-01"), [date("2020-02-01")..date("2020-03-01")])', True),
    ("before(null, 1)", None),
    ("includes(range: [1..2], point: 1)", True), ("includes(point: 3, range: [1..2])", False),
    ("during(point: 1, range: [1..2])", True), ("before(point1: 1, point2: 2)", True),
    ('starts with("ab", "a")', True),  # (the string function of the same first word)
]


@pytest.mark.parametrize("text, expected", RANGES, ids=[r[0] for r in RANGES])
def test_range_functions(text: str, expected: Any) -> None:
    assert run(text) is expected


def test_range_function_errors() -> None:
    assert "meets() does not take number and number" in fails("meets(1, 2)")
    assert "includes() does not take number and range" in fails("includes(1, [1..2])")
    assert "before(): cannot compare number 1 with string 'a'" in fails('before(1, "a")')
    error = refused("overlaps([1..2])")
    assert error.detail == "overlaps() takes 2 arguments, not 1"
