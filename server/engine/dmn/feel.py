"""FEEL (DMN 1.3, with the DMN 1.4/1.5 functions feel-scala has), as decision tables and
literal expressions are written in.

Values: numbers (``Decimal``: 34 significant digits rounded half even, as feel-scala's
DECIMAL128; a variable's int or float is read as one, a float through its shortest text),
strings, booleans, null, dates (``FeelDate``: midnight UTC), dates and times (UTC instants, as
variables' dates are), times (``datetime.time``, with or without an offset or a zone id), days
and time durations (``timedelta``), years and months durations (``YearsMonths``), lists,
contexts (dicts), ranges (``Range``) and functions (``function(a, b) a < b``).

Expressions (input expressions, output entries, literal expressions): literals (numbers,
"strings", true, false, null, ``@"…"`` temporal literals), lists ``[1, 2]``, contexts
``{a: 1, "b c": a + 1}``, ranges ``[1..10]``, names (of several words: ``order total``; any
name in backticks: `` `a.b` ``) and paths (``order.total``; a path into a list maps it;
properties of dates, times and durations), list access ``xs[1]`` (from 1, negative from the
end) and filters ``xs[item > 10]`` (``item``, and an element's own entries), ``+ - * / **`` and
unary minus (with strings, dates, times and durations as FEEL has them), ``= != < <= > >=``,
``between … and …``, ``in`` (positive unary tests), ``instance of``, ``and`` / ``or``
(three-valued), ``if … then … else``, ``for … in … return``, ``some`` / ``every … in …
satisfies``, the built-in functions of ``_FUNCTIONS`` with positional or named arguments,
``is defined(…)``, and calls of the functions a context entry, a parameter or an iteration
name holds (``{add: function(a, b) a + b, r: add(1, 2)}``).

Unary tests (input entries): ``-`` or empty (anything), comparisons ``< e``, ``<= e``, ``> e``,
``>= e``, and expressions: one using the input (``?``, or the input variable) that gives a
boolean decides; a range holds the input; a list holds it (or equals it); any other value
equals it. A comma separates tests (any matches); ``not(…)`` negates them.

Expressions compile once into closures (checked when a decision is deployed: syntax, function
names and arguments); nothing here uses Python's ``eval``. Where FEEL would give null for a type
error (``"a" < 1``, ``5 + true``, ``upper case(5)``) this gives an evaluation error naming the
operands, so a faulty table is reported rather than silently not matching; a comparison with
null is null (a rule whose test compares null does not match), and a function given null for a
parameter that needs a value gives null, as in FEEL."""

from __future__ import annotations

import base64
import contextlib
import contextvars
import decimal
import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

import re2

from server.engine.variables import format_date, parse_date

MAX_LENGTH = 4000
MAX_DEPTH = 32
# The longest list an expression may build (a range iterated by ``for``, a list function's result).
MAX_ITEMS = 100_000
# How deep functions written in FEEL may call each other (``{f: function(n) … f(n - 1) …}``).
MAX_CALL_DEPTH = 40

# FEEL's numbers: decimals of 34 significant digits rounded half even, exponents as IEEE 754's
# decimal128 has them (feel-scala's BigDecimal with MathContext.DECIMAL128). Arithmetic goes
# through this context's methods, never through Python's operators on Decimals (those use the
# thread's context, which this module neither reads nor changes). Each operation checks its own
# status against the traps, so the one context serves every thread.
NUMBERS = decimal.Context(prec=34, rounding=ROUND_HALF_EVEN, Emax=6144, Emin=-6143,
                          traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])

Lookup = Callable[[str], Any]
_Fn = Callable[[Lookup], Any]
# A unary test: (the input's value, the variables) -> whether it matches.
_Test = Callable[[Any, Lookup], bool]


class FeelSyntaxError(ValueError):
    """Malformed FEEL text; ``position`` is 1-based."""

    def __init__(self, text: str, position: int, detail: str) -> None:
        super().__init__(f"{detail} at position {position}")
        self.text = text
        self.position = position
        self.detail = detail


class FeelEvaluationError(ValueError):
    """A FEEL expression could not be evaluated (an unknown variable, operands of the wrong type)."""


class _Undefined(FeelEvaluationError):
    """A name or a context entry that does not exist (``is defined()`` gives false for it)."""


@dataclass(frozen=True, eq=False)
class FeelExpression:
    text: str
    _fn: _Fn = field(repr=False)

    def evaluate(self, lookup: Lookup) -> Any:
        try:
            return self._fn(lookup)
        except RecursionError:
            raise FeelEvaluationError("the expression calls its functions too deeply") from None


@dataclass(frozen=True, eq=False)
class UnaryTests:
    text: str
    _test: _Test = field(repr=False)

    def matches(self, value: Any, lookup: Lookup) -> bool:
        try:
            return self._test(value, lambda name: value if name == "?" else lookup(name))
        except RecursionError:
            raise FeelEvaluationError("the unary tests call their functions too deeply") from None


# now() and today(): the instant a decision's evaluation started (see ``evaluation_time``).
_NOW: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("feel_now", default=None)
_CALL_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("feel_call_depth", default=0)


@contextlib.contextmanager
def evaluation_time(now: datetime) -> Iterator[None]:
    """Within: ``now()`` and ``today()`` give ``now`` (one instant for a whole evaluation; the
    caller's clock, so a test's manual clock reaches FEEL). Outside one, the system's time."""
    token = _NOW.set(now)
    try:
        yield
    finally:
        _NOW.reset(token)


def _now() -> datetime:
    return _NOW.get() or datetime.now(timezone.utc)


# -- values -----------------------------------------------------------------------------------


class FeelDate(datetime):
    """A FEEL date: midnight UTC of its day (so it compares with dates and times, as variables'
    dates are instants)."""

    @staticmethod
    def of(day: date) -> "FeelDate":
        return FeelDate(day.year, day.month, day.day, tzinfo=timezone.utc)


@dataclass(frozen=True, order=True)
class YearsMonths:
    """A years and months duration, in months."""

    months: int


@dataclass(frozen=True)
class Range:
    low: Any
    high: Any
    low_closed: bool
    high_closed: bool

    def holds(self, value: Any) -> bool:
        return (compare(">=" if self.low_closed else ">", value, self.low) is True
                and compare("<=" if self.high_closed else "<", value, self.high) is True)


@dataclass(frozen=True, eq=False)
class FeelFunction:
    """A function written in FEEL (``function(a, b) a < b``), with the variables it was defined in."""

    params: tuple[str, ...]
    body: _Fn
    lookup: Lookup

    def __call__(self, *args: Any) -> Any:
        if len(args) != len(self.params):
            raise FeelEvaluationError(f"a function of {len(self.params)} parameters was called with {len(args)}")
        depth = _CALL_DEPTH.get()
        if depth >= MAX_CALL_DEPTH:
            raise FeelEvaluationError(f"functions call each other deeper than {MAX_CALL_DEPTH} levels")
        token = _CALL_DEPTH.set(depth + 1)
        try:
            return self.body(_scope(self.lookup, dict(zip(self.params, args))))
        finally:
            _CALL_DEPTH.reset(token)

    def call_named(self, name: str, args: dict[str, Any]) -> Any:
        unknown = [key for key in args if key not in self.params]
        if unknown:
            raise FeelEvaluationError(f"{name}() has no parameter {unknown[0]!r}; it takes "
                                      f"({', '.join(self.params)})")
        # A parameter not given is null, as FEEL's named invocation has it.
        return self(*(args.get(param) for param in self.params))


def _scope(lookup: Lookup, names: dict[str, Any]) -> Lookup:
    return lambda name: names[name] if name in names else lookup(name)


def plain_datetime(value: datetime) -> datetime:
    """A date or date and time as a plain UTC datetime (what a Date variable holds)."""
    utc = value.astimezone(timezone.utc)
    return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond,
                    tzinfo=timezone.utc)


class ZoneOfTime(tzinfo):
    """The zone of a time with a zone id (``10:30:00@Europe/Paris``): alone, the time has the
    zone's standard offset (as feel-scala's); combined with a date, the zone's offset on that date."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        now = datetime.now(zone)
        self.standard = (now.utcoffset() or timedelta(0)) - (now.dst() or timedelta(0))

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self.standard if dt is None else (self.zone.utcoffset(dt) or timedelta(0))

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None if dt is None else self.zone.dst(dt)

    def tzname(self, dt: datetime | None) -> str:
        return str(self.zone.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ZoneOfTime) and other.zone.key == self.zone.key

    def __hash__(self) -> int:
        return hash(self.zone.key)


def _zone(name: str, what: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        raise FeelEvaluationError(f"{what} does not know the time zone {name!r}") from None


# -- numbers ----------------------------------------------------------------------------------


def to_decimal(value: Any) -> Decimal:
    """A number (int, float or Decimal) as a FEEL number: a double through its shortest text,
    so 0.1 stays 0.1; NaN and the infinities are no FEEL numbers."""
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FeelEvaluationError(f"{value!r} is not a number FEEL knows")
        value = repr(value)
    try:
        number = NUMBERS.create_decimal(value)
    except (decimal.Overflow, decimal.InvalidOperation):
        raise FeelEvaluationError(f"number {str(value)[:40]} is out of range") from None
    if not number.is_finite():
        raise FeelEvaluationError(f"{value} is not a number FEEL knows")
    return number


def _integral(value: Decimal) -> bool:
    return value == value.to_integral_value()


def to_host(value: Any) -> Any:
    """A FEEL value with its numbers as Python ints (whole numbers within 64 bits) and floats,
    lists and contexts too (what a Json document and JUEL hold)."""
    if isinstance(value, Decimal):
        if _integral(value) and -(2**63) <= value < 2**63:
            return int(value)
        as_float = float(value)
        if not math.isfinite(as_float):
            raise ValueError(f"number {_number_text(value)[:40]}, beyond a double")
        return as_float
    if isinstance(value, list):
        return [to_host(v) for v in value]
    if isinstance(value, dict):
        return {k: to_host(v) for k, v in value.items()}
    return value


def _number_text(value: Any) -> str:
    """A number as FEEL's string() writes it: plain digits, no needless zeros (1.10 is "1.1")."""
    text = format(to_decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _numeric_fault(op: str, error: ArithmeticError) -> FeelEvaluationError:
    """The fault of an arithmetic error (``op``: the operator, or '' within a function)."""
    subject = f"'{op}' " if op else "the number "
    # (the C decimal raises InvalidOperation listing its condition: DivisionUndefined for 0 / 0)
    conditions = error.args[0] if error.args and isinstance(error.args[0], list) else []
    if isinstance(error, ZeroDivisionError) or any(issubclass(c, ZeroDivisionError) for c in conditions):
        return FeelEvaluationError("division by zero")
    if isinstance(error, (decimal.Overflow, OverflowError)):
        return FeelEvaluationError(f"{subject}overflows")
    return FeelEvaluationError(f"{subject}has no result")


# -- tokens -----------------------------------------------------------------------------------

_KEYWORDS = frozenset({"true", "false", "null", "and", "or", "if", "then", "else", "in", "between", "instance",
                       "of", "for", "return", "some", "every", "satisfies", "function"})
_OPERATORS = ("**", "..", "!=", "<=", ">=", "+", "-", "*", "/", "=", "<", ">", "(", ")", "[", "]", "{", "}", ",",
              ".", ":")
# Names: letters (any script), digits after the first, _ $ ?; `…` quotes any other name.
_NAME_START = re.compile(r"[^\W\d]|[$?]")
_NAME = re.compile(r"(?:[^\W\d]|[$?])(?:\w|[$?])*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "'": "'"}


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, temporal, name, keyword, op, end
    value: Any
    pos: int
    quoted: bool = False  # a `name` in backticks: never a keyword, never joined with the next word


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            tokens.append(_Token("end", None, n + 1))
            return tokens
        ch = text[i]
        pos = i + 1
        number = _NUMBER.match(text, i)
        if number and (ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit())):
            literal = number.group()
            try:
                value = to_decimal(literal)
            except FeelEvaluationError:
                raise FeelSyntaxError(text, pos, f"number {literal[:40]} is out of range") from None
            tokens.append(_Token("number", value, pos))
            i = number.end()
            if i < n and _NAME_START.match(text[i]):
                raise FeelSyntaxError(text, i + 1, f"malformed number {text[pos - 1:i + 1]!r}")
            continue
        if ch == '"':
            i = _string(text, i, tokens)
            continue
        if ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise FeelSyntaxError(text, pos, "unterminated `name`")
            if end == i + 1 or text[i + 1:end].strip() != text[i + 1:end]:
                raise FeelSyntaxError(text, pos, "a `name` must not be empty or start or end with a space")
            tokens.append(_Token("name", text[i + 1:end], pos, quoted=True))
            i = end + 1
            continue
        if ch == "@" and i + 1 < n and text[i + 1] == '"':
            i = _string(text, i + 1, tokens)
            literal_text = tokens.pop().value
            try:
                temporal = _temporal_literal(literal_text)
            except FeelEvaluationError as error:
                raise FeelSyntaxError(text, pos, f"invalid temporal literal: {error}") from None
            tokens.append(_Token("temporal", temporal, pos))
            continue
        function = _MULTI_WORD.match(text, i)
        if function:
            tokens.append(_Token("name", " ".join(function.group().split()), pos))
            i = function.end()
            continue
        name = _NAME.match(text, i)
        if name:
            word = name.group()
            tokens.append(_Token("keyword" if word in _KEYWORDS else "name", word, pos))
            i = name.end()
            continue
        for op in _OPERATORS:
            if text.startswith(op, i):
                tokens.append(_Token("op", op, pos))
                i += len(op)
                break
        else:
            raise FeelSyntaxError(text, pos, f"unexpected character {ch!r}")


def _string(text: str, i: int, tokens: list[_Token]) -> int:
    start = i
    i += 1
    chars: list[str] = []
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            tokens.append(_Token("string", "".join(chars), start + 1))
            return i + 1
        if ch == "\\":
            nxt = text[i + 1] if i + 1 < n else ""
            if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[i + 2:i + 6]):
                chars.append(chr(int(text[i + 2:i + 6], 16)))
                i += 6
                continue
            if nxt not in _ESCAPES:
                raise FeelSyntaxError(text, i + 1, f"invalid escape \\{nxt} in a string")
            chars.append(_ESCAPES[nxt])
            i += 2
            continue
        chars.append(ch)
        i += 1
    raise FeelSyntaxError(text, start + 1, "unterminated string")


# -- parser -----------------------------------------------------------------------------------

_COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
# instance of: the type names, longest first (several are more than one word).
_TYPES = ("days and time duration", "years and months duration", "date and time", "number", "string", "boolean",
          "date", "time", "list", "context", "range", "function", "Any")


class _Parser:
    def __init__(self, text: str, input_names: frozenset[str] = frozenset({"?"})) -> None:
        if len(text) > MAX_LENGTH:
            raise FeelSyntaxError(text[:100], MAX_LENGTH + 1, f"text is longer than {MAX_LENGTH} characters")
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0
        # Names that stand for the input of a unary test; ``uses`` counts the references to them.
        self.input_names = input_names
        self.uses = 0
        # Names the expression binds (context entries, parameters, iteration names): a call of one
        # that is no built-in calls the function it holds; other unknown calls are refused.
        self.bound: set[str] = set()
        self.user_calls: list[_Token] = []
        # Within is defined(…): a missing variable, entry or property is undefined (not null).
        self.probing = 0

    def peek(self, offset: int = 0) -> _Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def next(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, *values: str) -> bool:
        token = self.peek()
        return token.kind in ("op", "keyword") and token.value in values

    def expect(self, value: str) -> _Token:
        token = self.peek()
        if not (token.kind in ("op", "keyword") and token.value == value):
            raise self.error(token, f"expected '{value}' but found {_show(token)}")
        return self.next()

    def error(self, token: _Token, detail: str) -> FeelSyntaxError:
        return FeelSyntaxError(self.text, token.pos, detail)

    def done(self) -> None:
        token = self.peek()
        if token.kind != "end":
            raise self.error(token, f"unexpected {_show(token)}")

    def check_calls(self) -> None:
        """Refuses a call of a name that is no built-in and that nothing in the text binds."""
        for call in self.user_calls:
            if call.value not in self.bound:
                raise self.error(call, f"unknown function {call.value}()")

    def words(self, first: _Token) -> str:
        """A name of several words (``order total``): the name token at hand and the plain
        names that follow it, one space apart; further words, keywords too, while they spell a
        name the text binds before (``{date of birth: …, age: … date of birth …}``)."""
        if first.quoted:
            return first.value
        words = [first.value]
        while self.peek().kind == "name" and not self.peek().quoted:
            words.append(self.next().value)
        candidate, longest = list(words), 0
        while self.peek(len(candidate) - len(words)).kind in ("name", "keyword"):
            token = self.peek(len(candidate) - len(words))
            if token.quoted:
                break
            candidate.append(token.value)
            joined = " ".join(candidate)
            if joined in self.bound:
                longest = len(candidate) - len(words)
            if not any(name.startswith(joined + " ") for name in self.bound):
                break
        for _ in range(longest):
            words.append(self.next().value)
        return " ".join(words)

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(self.peek(), f"expression nests deeper than {MAX_DEPTH} levels")

    def name(self, what: str) -> str:
        token = self.next()
        if token.kind != "name":
            raise self.error(token, f"expected {what} but found {_show(token)}")
        return self.words(token)

    # expressions, lowest precedence first
    def expression(self) -> _Fn:
        self.deeper()
        try:
            if self.at("if"):
                self.next()
                condition = self.expression()
                self.expect("then")
                then = self.expression()
                self.expect("else")
                otherwise = self.expression()
                return lambda lookup: then(lookup) if condition(lookup) is True else otherwise(lookup)
            if self.at("for"):
                return self.for_expression()
            if self.at("some", "every"):
                return self.quantified()
            if self.at("function"):
                return self.function_definition()
            return self.disjunction()
        finally:
            self.depth -= 1

    def iteration_contexts(self) -> list[tuple[str, _Fn, _Fn | None]]:
        contexts = []
        while True:
            name = self.name("a name to iterate with")
            self.bound.add(name)
            self.expect("in")
            start = self.additive()
            end = None
            if self.at(".."):
                self.next()
                end = self.additive()
            contexts.append((name, start, end))
            if not self.at(","):
                return contexts
            self.next()

    def for_expression(self) -> _Fn:
        self.expect("for")
        contexts = self.iteration_contexts()
        self.expect("return")
        body = self.expression()

        def evaluate(lookup: Lookup) -> list[Any]:
            results: list[Any] = []
            for bound in _iterations(contexts, lookup):
                results.append(body(_scope(lookup, bound)))
            return results

        return evaluate

    def quantified(self) -> _Fn:
        every = self.next().value == "every"
        contexts = self.iteration_contexts()
        self.expect("satisfies")
        condition = self.expression()

        def evaluate(lookup: Lookup) -> bool | None:
            results = [condition(_scope(lookup, bound)) for bound in _iterations(contexts, lookup)]
            _booleans("every" if every else "some", results)
            return _and(results) if every else _or(results)

        return evaluate

    def function_definition(self) -> _Fn:
        self.expect("function")
        self.expect("(")
        params: list[str] = []
        while not self.at(")"):
            if params:
                self.expect(",")
            params.append(self.name("a parameter name"))
        self.expect(")")
        self.bound.update(params)
        body = self.expression()
        names = tuple(params)
        return lambda lookup: FeelFunction(names, body, lookup)

    def disjunction(self) -> _Fn:
        operands = [self.conjunction()]
        while self.at("or"):
            self.next()
            operands.append(self.conjunction())
        if len(operands) == 1:
            return operands[0]
        chain = tuple(operands)
        return lambda lookup: _or([fn(lookup) for fn in chain])

    def conjunction(self) -> _Fn:
        operands = [self.comparison()]
        while self.at("and"):
            self.next()
            operands.append(self.comparison())
        if len(operands) == 1:
            return operands[0]
        chain = tuple(operands)
        return lambda lookup: _and([fn(lookup) for fn in chain])

    def comparison(self) -> _Fn:
        left = self.additive()
        if self.at(*_COMPARISONS):
            op = self.next().value
            right = self.additive()
            return lambda lookup: compare(op, left(lookup), right(lookup))
        if self.at("between"):
            self.next()
            low = self.additive()
            self.expect("and")
            high = self.additive()

            def between(lookup: Lookup) -> bool | None:
                value = left(lookup)
                return _and([compare(">=", value, low(lookup)), compare("<=", value, high(lookup))])

            return between
        if self.at("in"):
            self.next()
            if self.at("(") and self._parenthesised_list():
                self.next()
                tests = self.positive_tests(full=True)
                self.expect(")")
            else:
                tests = self.positive_test(full=False)
            return lambda lookup: (lambda value: tests(value, _scope(lookup, {"?": value})))(left(lookup))
        if self.at("instance"):
            self.next()
            self.expect("of")
            type_name_ = self.type_name()
            return lambda lookup: is_instance(left(lookup), type_name_)
        return left

    def type_name(self) -> str:
        start = self.peek()
        for candidate in _TYPES:
            words = candidate.split()
            if all(self.peek(k).kind in ("name", "keyword") and self.peek(k).value == word
                   for k, word in enumerate(words)):
                self.index += len(words)
                return candidate
        raise self.error(start, f"expected a type ({', '.join(_TYPES)}) but found {_show(start)}")

    def _parenthesised_list(self) -> bool:
        """Whether the parenthesis at hand holds a comma at its own depth: ``in (1, 2, 3)``."""
        depth = 0
        for token in self.tokens[self.index:]:
            if token.kind == "end":
                return False
            if token.kind == "op" and token.value in ("(", "[", "{"):
                depth += 1
            elif token.kind == "op" and token.value in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return False
            elif token.kind == "op" and token.value == "," and depth == 1:
                return True
        return False

    def additive(self) -> _Fn:
        value = self.multiplicative()
        while self.at("+", "-"):
            op = self.next().value
            right = self.multiplicative()
            value = (lambda a, b, op: lambda lookup: _arithmetic(op, a(lookup), b(lookup)))(value, right, op)
        return value

    def multiplicative(self) -> _Fn:
        value = self.power()
        while self.at("*", "/"):
            op = self.next().value
            right = self.power()
            value = (lambda a, b, op: lambda lookup: _arithmetic(op, a(lookup), b(lookup)))(value, right, op)
        return value

    def power(self) -> _Fn:
        value = self.unary()
        while self.at("**"):
            self.next()
            right = self.unary()
            value = (lambda a, b: lambda lookup: _arithmetic("**", a(lookup), b(lookup)))(value, right)
        return value

    def unary(self) -> _Fn:
        if self.at("-"):
            self.next()
            self.deeper()
            try:
                operand = self.unary()
            finally:
                self.depth -= 1
            return lambda lookup: _negate(operand(lookup))
        return self.postfix()

    def postfix(self) -> _Fn:
        value = self.primary()
        while self.at(".") or (self.at("[") and not (self.peek(1).kind == "end" or (
                self.peek(1).kind == "op" and self.peek(1).value in (",", ")", "]")))):
            # (a '[' before the end, ',' or ')' closes an interval: ]1..10[)
            if self.next().value == "[":
                condition = self.expression()
                self.expect("]")
                value = (lambda base, condition: lambda lookup: _filter(base(lookup), condition, lookup))(
                    value, condition)
                continue
            token = self.next()
            if token.kind not in ("name", "keyword"):
                raise self.error(token, f"expected a name after '.' but found {_show(token)}")
            key = self.words(token) if token.kind == "name" else token.value
            step = _defined_path if self.probing else _path
            value = (lambda base, key, step: lambda lookup: step(base(lookup), key))(value, key, step)
        return value

    def primary(self) -> _Fn:
        token = self.next()
        if token.kind in ("number", "string", "temporal"):
            constant = token.value
            return lambda lookup: constant
        if token.kind == "keyword" and token.value in ("true", "false", "null"):
            constant = {"true": True, "false": False, "null": None}[token.value]
            return lambda lookup: constant
        if token.kind == "name":
            name = self.words(token)
            if self.at("("):
                return self.call(_Token("name", name, token.pos))
            if name in self.input_names:
                self.uses += 1
            return lambda lookup: _variable(lookup, name)
        if token.kind == "op" and token.value == "(":
            inner = self.expression()
            if self.at(".."):
                return self.range(False, inner)
            self.expect(")")
            return inner
        if token.kind == "op" and token.value == "]":
            return self.range(False, self.expression())
        if token.kind == "op" and token.value == "[":
            return self.list_or_range()
        if token.kind == "op" and token.value == "{":
            return self.context()
        if token.kind == "keyword" and token.value in ("and", "or") and self.at("("):
            return self.call(token)  # and(…) / or(…): all() and any() by their other names
        if token.kind == "keyword" and token.value in ("if", "for", "some", "every", "function"):
            self.index -= 1
            return self.expression()
        if token.kind == "end":
            raise self.error(token, "unexpected end of expression")
        raise self.error(token, f"unexpected {_show(token)}")

    def range(self, low_closed: bool, low: _Fn) -> _Fn:
        self.expect("..")
        high = self.expression()
        closing = self.peek()
        if not self.at("]", "[", ")"):
            raise self.error(closing, f"expected ']', '[' or ')' to close the interval but found {_show(closing)}")
        self.next()
        high_closed = closing.value == "]"
        return lambda lookup: Range(low(lookup), high(lookup), low_closed, high_closed)

    def list_or_range(self) -> _Fn:
        if self.at("]"):
            self.next()
            return lambda lookup: []
        first = self.expression()
        if self.at(".."):
            return self.range(True, first)
        items = [first]
        while self.at(","):
            self.next()
            items.append(self.expression())
        if not self.at("]"):
            raise self.error(self.peek(), f"expected ',' or ']' but found {_show(self.peek())}")
        self.next()
        chain = tuple(items)
        return lambda lookup: [item(lookup) for item in chain]

    def context(self) -> _Fn:
        entries: list[tuple[str, _Fn]] = []
        seen: set[str] = set()
        while not self.at("}"):
            if entries and not self.at(","):
                raise self.error(self.peek(), f"expected ',' or '}}' but found {_show(self.peek())}")
            if entries:
                self.next()
            start = self.peek()
            if start.kind == "string":
                key = self.next().value
            else:
                words = []
                while self.peek().kind in ("name", "keyword"):
                    words.append(self.next().value)
                if not words:
                    raise self.error(start, f"expected a context key but found {_show(start)}")
                key = " ".join(words)
            if key in seen:
                raise self.error(start, f"the context has two entries named {key!r}")
            seen.add(key)
            self.bound.add(key)
            self.expect(":")
            entries.append((key, self.expression()))
        self.expect("}")
        chain = tuple(entries)

        def evaluate(lookup: Lookup) -> dict[str, Any]:
            result: dict[str, Any] = {}
            inner = _scope(lookup, result)
            for key, value in chain:
                result[key] = value(inner)
            return result

        return evaluate

    def call(self, name: _Token) -> _Fn:
        self.expect("(")
        positional: list[_Fn] = []
        named: dict[str, _Fn] = {}
        probe = name.value == "is defined"
        self.probing += probe
        try:
            self.arguments(positional, named)
        finally:
            self.probing -= probe
        self.expect(")")
        signatures = _FUNCTIONS.get(name.value)
        if signatures is None:
            return self.user_call(name, positional, named)
        if named:
            return self._named_call(name, signatures, named)
        count = len(positional)
        signature = next((s for s in signatures if s.required <= count and (s.variadic or count <= len(s.params))),
                         None)
        if signature is None:
            raise self.error(name, f"{name.value}() takes {_arities(signatures)}, not {count}")
        args = tuple(positional)
        if probe:
            return _is_defined(args[0])
        fixed = len(signature.params) - 1 if signature.variadic else len(signature.params)
        return lambda lookup: _invoke(name.value, signature, [a(lookup) for a in args[:fixed]],
                                      [a(lookup) for a in args[fixed:]] if signature.variadic else None)

    def user_call(self, name: _Token, positional: list[_Fn], named: dict[str, _Fn]) -> _Fn:
        """A call of a function a context entry, a parameter or an iteration name holds
        (``{add: function(a, b) a + b, r: add(1, 2)}``); checked when the parse is done."""
        self.user_calls.append(name)
        label = name.value
        args = tuple(positional)
        keywords = tuple(named.items())

        def evaluate(lookup: Lookup) -> Any:
            try:
                function = lookup(label)
            except KeyError:
                raise FeelEvaluationError(f"no function named {label!r}") from None
            if not isinstance(function, FeelFunction):
                raise FeelEvaluationError(f"{label} is not a function but {type_name(function)} "
                                          f"{describe(function)}".rstrip())
            if keywords:
                return function.call_named(label, {key: fn(lookup) for key, fn in keywords})
            return function(*(fn(lookup) for fn in args))

        return evaluate

    def arguments(self, positional: list[_Fn], named: dict[str, _Fn]) -> None:
        while not self.at(")"):
            if (positional or named) and not self.at(","):
                raise self.error(self.peek(), f"expected ',' or ')' but found {_show(self.peek())}")
            if positional or named:
                self.next()
            start = self.peek()
            if self._at_named_argument():
                words = []
                while not self.at(":"):
                    words.append(self.next().value)
                parameter = " ".join(words)
                self.expect(":")
                if positional:
                    raise self.error(start, "named and positional arguments cannot be mixed")
                if parameter in named:
                    raise self.error(start, f"argument {parameter!r} is given twice")
                named[parameter] = self.expression()
            else:
                if named:
                    raise self.error(start, "named and positional arguments cannot be mixed")
                positional.append(self.expression())

    def _at_named_argument(self) -> bool:
        k = 0
        while self.peek(k).kind in ("name", "keyword"):
            k += 1
        return k > 0 and self.peek(k).kind == "op" and self.peek(k).value == ":"

    def _named_call(self, name: _Token, signatures: tuple["_Signature", ...], named: dict[str, _Fn]) -> _Fn:
        fitting = [s for s in signatures if set(named) <= set(s.params)]
        if not fitting:
            known = " or ".join("(" + ", ".join(s.params) + ")" for s in signatures)
            raise self.error(name, f"{name.value}() has no parameters ({', '.join(named)}); it takes {known}")
        signature = next((s for s in fitting if set(s.params[:s.required]) <= set(named)), fitting[0])
        given = [named.get(p) for p in signature.params]
        while given and given[-1] is None:
            given.pop()
        if None in given or len(given) < signature.required:
            missing = signature.params[given.index(None) if None in given else len(given)]
            raise self.error(name, f"{name.value}(): argument {missing!r} is missing")
        fns = tuple(g for g in given if g is not None)
        if name.value == "is defined":
            return _is_defined(fns[0])
        fixed = len(signature.params) - 1 if signature.variadic else len(signature.params)

        def evaluate(lookup: Lookup) -> Any:
            values = [fn(lookup) for fn in fns]
            rest = None
            if signature.variadic:
                rest = [values[fixed]] if len(values) > fixed else []
            return _invoke(name.value, signature, values[:fixed], rest)

        return evaluate

    # unary tests
    def unary_tests(self) -> _Test:
        if self.peek().kind == "end":
            return lambda value, lookup: True
        if self.at("-") and self.peek(1).kind == "end":
            self.next()
            return lambda value, lookup: True
        if self.peek().kind == "name" and self.peek().value == "not" and self.peek(1).value == "(":
            start, uses = self.index, self.uses
            self.next()
            self.next()
            inner = self.positive_tests(full=True)
            if self.at(")") and self.peek(1).kind == "end":
                self.next()
                return lambda value, lookup: not inner(value, lookup)
            self.index, self.uses = start, uses  # not(…) within a longer expression: an expression test
        tests = self.positive_tests(full=True)
        self.done()
        return tests

    def positive_tests(self, full: bool) -> _Test:
        tests = [self.positive_test(full)]
        while self.at(","):
            self.next()
            tests.append(self.positive_test(full))
        if len(tests) == 1:
            return tests[0]
        chain = tuple(tests)
        return lambda value, lookup: any(test(value, lookup) for test in chain)

    def positive_test(self, full: bool) -> _Test:
        """A comparison with the input (``< 10``) or an expression (see the module docstring);
        ``full``: any expression, else one without ``and``/``or``/comparisons (the right side
        of ``in``)."""
        if self.at("<", "<=", ">", ">="):
            op = self.next().value
            endpoint = self.additive()
            return lambda value, lookup: compare(op, value, endpoint(lookup)) is True
        if self.at("=", "!="):
            raise self.error(self.peek(), f"'{self.peek().value}' does not start a unary test; write the value alone "
                             "(equal) or not(value)")
        before = self.uses
        expected = self.expression() if full else self.additive()
        uses_input = self.uses > before
        return lambda value, lookup: _satisfies(value, expected(lookup), uses_input)


def _satisfies(value: Any, expected: Any, uses_input: bool) -> bool:
    if uses_input and (expected is None or isinstance(expected, bool)):
        return expected is True
    if isinstance(expected, Range):
        return expected.holds(value)
    if isinstance(expected, list) and not isinstance(value, list):
        return any(_equal(value, item) for item in expected)
    return _equal(value, expected)


def _iterations(contexts: list[tuple[str, _Fn, _Fn | None]], lookup: Lookup) -> list[dict[str, Any]]:
    bound: list[dict[str, Any]] = [{}]
    for name, start, end in contexts:
        expanded: list[dict[str, Any]] = []
        for names in bound:
            scope = _scope(lookup, names)
            if end is not None:
                low, high = start(scope), end(scope)
                if not (_is_integer(low) and _is_integer(high)):
                    raise FeelEvaluationError(f"'{name} in a..b' needs whole numbers, not {describe(low)} and "
                                              f"{describe(high)}")
                first, last = int(to_decimal(low)), int(to_decimal(high))
                step = 1 if last >= first else -1
                if abs(last - first) >= MAX_ITEMS:
                    raise FeelEvaluationError(f"'{name} in {describe(low)}..{describe(high)}' has more than "
                                              f"{MAX_ITEMS} items")
                items: list[Any] = [Decimal(k) for k in range(first, last + step, step)]
            else:
                items = _as_list(start(scope))
            expanded.extend({**names, name: item} for item in items)
            if len(expanded) > MAX_ITEMS:
                raise FeelEvaluationError(f"the iteration has more than {MAX_ITEMS} items")
        bound = expanded
    return bound


def _arities(signatures: tuple["_Signature", ...]) -> str:
    parts = []
    for s in signatures:
        if s.variadic:
            parts.append(f"{s.required} or more arguments")
        elif s.required == len(s.params):
            parts.append(f"{s.required} argument{'s' if s.required != 1 else ''}")
        else:
            parts.append(f"{s.required} to {len(s.params)} arguments")
    return " or ".join(dict.fromkeys(parts))


def _show(token: _Token) -> str:
    if token.kind == "end":
        return "end of text"
    if token.kind == "string":
        return f"string {token.value!r}"
    if token.kind == "temporal":
        return f"temporal literal {describe(token.value)}"
    return f"'{token.value}'"


def compile_expression(text: str) -> FeelExpression:
    """A FEEL expression; raises FeelSyntaxError naming the position of the first fault."""
    parser = _Parser(text)
    if parser.peek().kind == "end":
        raise parser.error(parser.peek(), "empty expression")
    fn = parser.expression()
    parser.done()
    parser.check_calls()
    return FeelExpression(text, fn)


def compile_unary_tests(text: str, input_variable: str | None = None) -> UnaryTests:
    """Unary tests (an input entry), whose input is ``?`` (and ``input_variable``, the input's
    camunda:inputVariable); raises FeelSyntaxError."""
    parser = _Parser(text, frozenset({"?", input_variable} if input_variable else {"?"}))
    tests = parser.unary_tests()
    parser.check_calls()
    return UnaryTests(text, tests)


# -- semantics --------------------------------------------------------------------------------


def _variable(lookup: Lookup, name: str) -> Any:
    try:
        value = lookup(name)
    except KeyError:
        raise _Undefined(f"no variable named {name!r}") from None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_decimal(value)  # (numbers inside lists and contexts are read as decimals where used)
    return value


def _is_defined(argument: _Fn) -> _Fn:
    """is defined(x): whether the variable, context entry or property exists (also when it is
    null); an unknown one is false rather than an error."""
    def evaluate(lookup: Lookup) -> bool:
        try:
            argument(lookup)
        except _Undefined:
            return False
        return True
    return evaluate


def _defined_path(base: Any, key: str) -> Any:
    """``base.key`` within is defined(…): a missing entry or property is undefined."""
    if base is None or (isinstance(base, dict) and key not in base):
        raise _Undefined(f"no entry {key!r}")
    if not isinstance(base, (dict, list)) and key not in _properties(base):
        raise _Undefined(f"no property {key!r}")
    return _path(base, key)


def _path(base: Any, key: str) -> Any:
    if base is None:
        return None
    if isinstance(base, dict):
        return base.get(key)
    if isinstance(base, list):
        return [_path(item, key) for item in base]
    properties = _properties(base)
    if key in properties:
        return properties[key](base)
    raise FeelEvaluationError(f"cannot read {key!r} of {type_name(base)} {describe(base)}".rstrip())


def _offset(value: time | datetime) -> timedelta | None:
    return value.utcoffset()


def _properties(value: Any) -> dict[str, Callable[[Any], Any]]:
    if isinstance(value, FeelDate):
        return {"year": lambda v: v.year, "month": lambda v: v.month, "day": lambda v: v.day,
                "weekday": lambda v: v.isoweekday()}
    if isinstance(value, datetime):
        return {"year": lambda v: v.year, "month": lambda v: v.month, "day": lambda v: v.day,
                "weekday": lambda v: v.isoweekday(), "hour": lambda v: v.hour, "minute": lambda v: v.minute,
                "second": lambda v: _seconds(v), "time offset": _offset}
    if isinstance(value, time):
        return {"hour": lambda v: v.hour, "minute": lambda v: v.minute, "second": lambda v: _seconds(v),
                "time offset": _offset,
                "timezone": lambda v: v.tzinfo.zone.key if isinstance(v.tzinfo, ZoneOfTime) else None}
    if isinstance(value, timedelta):
        return {"days": lambda v: _duration_parts(v)[1], "hours": lambda v: _duration_parts(v)[2],
                "minutes": lambda v: _duration_parts(v)[3], "seconds": lambda v: _duration_parts(v)[4]}
    if isinstance(value, YearsMonths):
        return {"years": lambda v: int(v.months / 12), "months": lambda v: v.months - 12 * int(v.months / 12)}
    if isinstance(value, Range):
        return {"start": lambda v: v.low, "end": lambda v: v.high, "start included": lambda v: v.low_closed,
                "end included": lambda v: v.high_closed}
    return {}


def _seconds(value: time | datetime) -> int | Decimal:
    return Decimal(value.second * 1_000_000 + value.microsecond).scaleb(-6) if value.microsecond else value.second


def _duration_parts(value: timedelta) -> tuple[int, int, int, int, int | Decimal]:
    """sign, days, hours, minutes, seconds (the last four signed as the duration is)."""
    sign = -1 if value < timedelta(0) else 1
    total = abs(value)
    micros = total.microseconds
    seconds = total.seconds
    parts = (total.days, seconds // 3600, seconds % 3600 // 60, seconds % 60)
    if micros:
        second: int | Decimal = Decimal(sign * (parts[3] * 1_000_000 + micros)).scaleb(-6)
    else:
        second = sign * parts[3]
    return sign, sign * parts[0], sign * parts[1], sign * parts[2], second


def _filter(base: Any, condition: _Fn, lookup: Lookup) -> Any:
    if base is None:
        return None
    items = base if isinstance(base, list) else [base]
    if not items:
        try:
            probe = condition(lookup)
        except FeelEvaluationError:
            return []
        return None if is_number(probe) else []
    results: list[Any] = []
    for position, item in enumerate(items):
        names: dict[str, Any] = dict(item) if isinstance(item, dict) else {}
        names["item"] = item
        outcome = condition(_scope(lookup, names))
        if position == 0 and is_number(outcome):
            return _index(items, outcome)
        if outcome is True:
            results.append(item)
        elif outcome is not None and not isinstance(outcome, bool):
            raise FeelEvaluationError(f"a filter needs a boolean (or a number: an index), not {type_name(outcome)} "
                                      f"{describe(outcome)}".rstrip())
    return results


def _index(items: list[Any], position: Any) -> Any:
    if not _is_integer(position):
        raise FeelEvaluationError(f"a list index must be a whole number, not {describe(position)}")
    position = int(position)
    if position > 0 and position <= len(items):
        return items[position - 1]
    if position < 0 and -position <= len(items):
        return items[position]
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_number(value: Any) -> bool:
    """A FEEL number: a Decimal, or an int or float of a variable (read as a decimal where used)."""
    return isinstance(value, (Decimal, int, float)) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return is_number(value) and (isinstance(value, int) or _integral(to_decimal(value)))


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, FeelDate):
        return "date"
    if isinstance(value, datetime):
        return "date and time"
    if isinstance(value, time):
        return "time"
    if isinstance(value, timedelta):
        return "days and time duration"
    if isinstance(value, YearsMonths):
        return "years and months duration"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, list):
        return "list"
    if isinstance(value, Range):
        return "range"
    if isinstance(value, FeelFunction):
        return "function"
    return type(value).__name__


def is_instance(value: Any, type_: str) -> bool:
    """``value instance of type_`` (null is an instance of no type)."""
    if value is None:
        return False
    return type_ == "Any" or type_name(value) == type_


def describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, FeelDate):
        return value.date().isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (time, timedelta, YearsMonths)):
        return to_text(value)
    if isinstance(value, (list, dict, Range)):
        text = to_text(value)
        return text if len(text) <= 40 else text[:40] + "…"
    if is_number(value):
        if isinstance(value, float) and not math.isfinite(value):
            return repr(value)
        text = _number_text(value)
        return text if len(text) <= 40 else text[:40] + "…"
    if value is None or isinstance(value, bool):
        return {True: "true", False: "false", None: "null"}[value]
    return ""


def to_text(value: Any) -> str:
    """FEEL's string() of a value: numbers without a needless fraction, ISO-8601 dates, times
    and durations (dates and times in UTC: ``2019-03-01T10:00:00Z``), lists and contexts as
    FEEL writes them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return _number_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, FeelDate):
        return value.date().isoformat()
    if isinstance(value, datetime):
        utc = value.astimezone(timezone.utc)
        return utc.replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, time):
        offset = value.utcoffset()
        text = value.replace(tzinfo=None).isoformat()
        if isinstance(value.tzinfo, ZoneOfTime):
            return f"{text}@{value.tzinfo.zone.key}"
        if offset is None:
            return text
        return text + ("Z" if offset == timedelta(0) else _offset_text(offset))
    if isinstance(value, timedelta):
        return _duration_text(value)
    if isinstance(value, YearsMonths):
        months = abs(value.months)
        years, rest = divmod(months, 12)
        body = (f"{years}Y" if years else "") + (f"{rest}M" if rest or not years else "")
        return ("-" if value.months < 0 else "") + "P" + body
    if isinstance(value, list):
        return "[" + ", ".join(_quoted(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_quoted(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Range):
        return (("[" if value.low_closed else "(") + _quoted(value.low) + ".." + _quoted(value.high)
                + ("]" if value.high_closed else ")"))
    if isinstance(value, FeelFunction):
        return "function(" + ", ".join(value.params) + ")"
    return str(value)


def _quoted(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return to_text(value)


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = int(abs(offset).total_seconds()) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _duration_text(value: timedelta) -> str:
    sign, days, hours, minutes, seconds = _duration_parts(value)
    days, hours, minutes, seconds = abs(days), abs(hours), abs(minutes), abs(seconds)
    text = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds:
        clock += _number_text(seconds) + "S"
    if clock:
        text += "T" + clock
    if text == "P":
        text = "PT0S"
    return ("-" if sign < 0 and text != "PT0S" else "") + text


def to_json(value: Any) -> Any:
    """A FEEL value as a JSON document (a Json variable's): dates and dates and times in the
    engine's date format, times and durations as ISO-8601 text; raises ValueError for a range
    or a function, which no variable holds."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if is_number(value):
        return to_host(to_decimal(value))
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, (time, timedelta, YearsMonths)):
        return to_text(value)
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    raise ValueError(f"a value of {type_name(value)}, which no variable holds")


def _and(values: list[Any]) -> bool | None:
    _booleans("and", values)
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(values: list[Any]) -> bool | None:
    _booleans("or", values)
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _booleans(op: str, values: list[Any]) -> None:
    for v in values:
        if v is not None and not isinstance(v, bool):
            raise FeelEvaluationError(f"'{op}' needs booleans, not {type_name(v)} {describe(v)}".rstrip())


def _is_duration(value: Any) -> bool:
    return isinstance(value, (timedelta, YearsMonths))


def _add_months(value: datetime, months: int) -> datetime:
    total = value.year * 12 + (value.month - 1) + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise FeelEvaluationError("the date is out of range")
    day = min(value.day, _days_in_month(year, month + 1))
    moved = value.replace(year=year, month=month + 1, day=day)
    return FeelDate.of(moved) if isinstance(value, FeelDate) else moved


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _time_seconds(value: time) -> float:
    """Seconds since midnight UTC (a time without an offset is UTC, as a date and time without one is)."""
    offset = value.utcoffset() or timedelta(0)
    return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1_000_000 \
        - offset.total_seconds()


def _shift_time(value: time, delta: timedelta) -> time:
    moved = datetime.combine(date(2000, 1, 1), value.replace(tzinfo=None)) + delta
    return moved.time().replace(tzinfo=value.tzinfo)


def _temporal_arithmetic(op: str, a: Any, b: Any) -> Any:
    """``+``/``-`` of dates, times and durations; NotImplemented where the types do not go together."""
    if op == "+" and _is_duration(a) and isinstance(b, (datetime, time)):
        a, b = b, a
    if isinstance(a, datetime):
        if isinstance(b, timedelta):
            moved = a + b if op == "+" else a - b
            return FeelDate.of(moved.astimezone(timezone.utc)) if isinstance(a, FeelDate) else moved
        if isinstance(b, YearsMonths):
            return _add_months(a, b.months if op == "+" else -b.months)
        if op == "-" and isinstance(b, datetime):
            return a - b
    if isinstance(a, time):
        if isinstance(b, timedelta):
            return _shift_time(a, b if op == "+" else -b)
        if op == "-" and isinstance(b, time):
            return timedelta(seconds=_time_seconds(a) - _time_seconds(b))
    if isinstance(a, timedelta) and isinstance(b, timedelta):
        return a + b if op == "+" else a - b
    if isinstance(a, YearsMonths) and isinstance(b, YearsMonths):
        return YearsMonths(a.months + b.months if op == "+" else a.months - b.months)
    return NotImplemented


_MICROSECOND = timedelta(microseconds=1)


def _scale(op: str, a: Any, b: Any) -> Any:
    """``*``/``/`` with a duration; NotImplemented where the types do not go together."""
    if op == "*" and is_number(a) and _is_duration(b):
        a, b = b, a
    if isinstance(a, timedelta):
        if is_number(b):
            factor = to_decimal(b)
            micros = Decimal(a // _MICROSECOND)
            scaled = NUMBERS.multiply(micros, factor) if op == "*" else NUMBERS.divide(micros, factor)
            return timedelta(microseconds=int(scaled.to_integral_value(rounding=ROUND_HALF_EVEN)))
        if op == "/" and isinstance(b, timedelta):
            return NUMBERS.divide(Decimal(a // _MICROSECOND), Decimal(b // _MICROSECOND))
    if isinstance(a, YearsMonths):
        if is_number(b):
            months = Decimal(a.months)
            scaled = NUMBERS.multiply(months, to_decimal(b)) if op == "*" else NUMBERS.divide(months, to_decimal(b))
            return YearsMonths(int(scaled))
        if op == "/" and isinstance(b, YearsMonths):
            return NUMBERS.divide(Decimal(a.months), Decimal(b.months))
    return NotImplemented


_OPERATIONS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": NUMBERS.add, "-": NUMBERS.subtract, "*": NUMBERS.multiply, "/": NUMBERS.divide, "**": NUMBERS.power,
}


def _arithmetic(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "+" and isinstance(a, str) and isinstance(b, str):
        return a + b
    if not (is_number(a) and is_number(b)):
        try:
            result = (_temporal_arithmetic(op, a, b) if op in ("+", "-")
                      else _scale(op, a, b) if op in ("*", "/") else NotImplemented)
        except ArithmeticError as error:
            raise _numeric_fault(op, error) from None
        if result is NotImplemented:
            raise FeelEvaluationError(
                f"'{op}' needs numbers{' or two strings' if op == '+' else ''}"
                f"{' (or dates, times and durations that go together)' if op != '**' else ''}, not "
                f"{type_name(a)} {describe(a)} and {type_name(b)} {describe(b)}")
        return result
    x, y = to_decimal(a), to_decimal(b)
    try:
        result = _OPERATIONS[op](x, y)
    except ArithmeticError as error:
        if op == "**" and not isinstance(error, (ZeroDivisionError, decimal.Overflow)):
            raise FeelEvaluationError(f"{describe(a)} ** {describe(b)} has no real result") from None
        raise _numeric_fault(op, error) from None
    if not result.is_finite():  # 0 ** -1
        raise FeelEvaluationError("division by zero")
    return result


def _negate(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return -value
    if isinstance(value, YearsMonths):
        return YearsMonths(-value.months)
    if not is_number(value):
        raise FeelEvaluationError(f"'-' needs a number or a duration, not {type_name(value)} {describe(value)}")
    return NUMBERS.minus(to_decimal(value))


def _ordered(a: Any, b: Any) -> tuple[Any, Any] | None:
    """The two values as Python can order them, or None when FEEL does not order them."""
    if is_number(a) and is_number(b):
        return to_decimal(a), to_decimal(b)
    if (isinstance(a, str) and isinstance(b, str)) \
            or (isinstance(a, datetime) and isinstance(b, datetime)) \
            or (isinstance(a, timedelta) and isinstance(b, timedelta)) \
            or (isinstance(a, YearsMonths) and isinstance(b, YearsMonths)):
        return a, b
    if isinstance(a, time) and isinstance(b, time):
        return _time_seconds(a), _time_seconds(b)
    return None


def compare(op: str, a: Any, b: Any) -> bool | None:
    """FEEL comparison: ``=`` and ``!=`` of anything (values of different types are not equal,
    null equals only null); ``< <= > >=`` of two numbers, strings, dates (and dates and times),
    times or durations of one kind (null when either is null; other types are an error)."""
    if op in ("=", "!="):
        equal = _equal(a, b)
        return equal if op == "=" else not equal
    if a is None or b is None:
        return None
    pair = _ordered(a, b)
    if pair is None:
        raise FeelEvaluationError(f"cannot compare {type_name(a)} {describe(a)} with {type_name(b)} {describe(b)} "
                                  f"using '{op}'")
    x, y = pair
    if op == "<":
        return bool(x < y)
    if op == "<=":
        return bool(x <= y)
    if op == ">":
        return bool(x > y)
    return bool(x >= y)


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if is_number(a) and is_number(b):
        return to_decimal(a) == to_decimal(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, time) and isinstance(b, time):
        return _time_seconds(a) == _time_seconds(b)
    if isinstance(a, datetime) and isinstance(b, datetime):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    return bool(a == b)


# -- temporal values from text ------------------------------------------------------------------

_DATE_TEXT = re.compile(r"(-?\d{4,9})-(\d{2})-(\d{2})")
_TIME_TEXT = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}|@[A-Za-z][A-Za-z0-9_+\-/]*)?")
_ZONED = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)@([A-Za-z][A-Za-z0-9_+\-/]*)")
_DURATION = re.compile(r"(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")


def _parse_day(text: str) -> FeelDate | None:
    m = _DATE_TEXT.fullmatch(text.strip())
    if not m:
        return None
    try:
        return FeelDate.of(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    except ValueError:
        return None


def _parse_time(text: str) -> time | None:
    m = _TIME_TEXT.fullmatch(text.strip())
    if not m:
        return None
    hour, minute, second, fraction, zone = m.groups()
    tz: tzinfo | None = None
    if zone and zone.startswith("@"):
        tz = ZoneOfTime(_zone(zone[1:], "time()"))
    elif zone == "Z":
        tz = timezone.utc
    elif zone:
        sign = 1 if zone[0] == "+" else -1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    try:
        return time(int(hour), int(minute), int(second or 0), int((fraction or "0").ljust(6, "0")[:6]), tzinfo=tz)
    except ValueError:
        return None


def parse_duration(text: str) -> timedelta | YearsMonths | None:
    """An ISO-8601 duration: ``P1Y2M`` (years and months) or ``P1DT2H3M4.5S`` (days and time);
    None when the text is neither (a mix of both kinds included)."""
    m = _DURATION.fullmatch(text.strip())
    if not m or text.strip().rstrip("T").endswith(("P", "-P")) or text.strip().endswith("T"):
        return None
    negative, years, months, days, hours, minutes, seconds = m.groups()
    sign = -1 if negative else 1
    if years or months:
        if days or hours or minutes or seconds:
            return None
        return YearsMonths(sign * (int(years or 0) * 12 + int(months or 0)))
    try:
        return sign * timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0),
                                seconds=float(seconds or 0))
    except OverflowError:
        return None


def _temporal_literal(text: str) -> Any:
    for parse in (parse_duration, _parse_day, _parse_time):
        value = parse(text)
        if value is not None:
            return value
    return _date_and_time(text)


def _date_and_time(value: Any, time_of_day: Any = ...) -> datetime | None:
    if time_of_day is not ...:
        return _combine(value, time_of_day)
    if value is None:
        return None
    if isinstance(value, FeelDate):
        return plain_datetime(value)
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        day = _parse_day(value)
        if day is not None:
            return plain_datetime(day)
        zoned = _ZONED.fullmatch(value.strip())
        if zoned:
            local = parse_date(f"{zoned.group(1)}T{zoned.group(2)}")
            zone = _zone(zoned.group(3), "date and time()")
            if local is not None:
                return local.replace(tzinfo=zone).astimezone(timezone.utc)
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    raise FeelEvaluationError(f"date and time() cannot read {describe(value) or type_name(value)}; write "
                              '"yyyy-MM-ddTHH:mm:ss"')


def _combine(day: Any, time_of_day: Any) -> datetime:
    if not isinstance(day, datetime):
        raise FeelEvaluationError(f"date and time(date, time) needs a date, not {type_name(day)} {describe(day)}")
    if not isinstance(time_of_day, time):
        raise FeelEvaluationError(f"date and time(date, time) needs a time, not {type_name(time_of_day)} "
                                  f"{describe(time_of_day)}")
    utc_day = day.astimezone(timezone.utc)
    combined = datetime.combine(utc_day.date(), time_of_day.replace(tzinfo=None),
                                tzinfo=time_of_day.tzinfo or timezone.utc)
    return combined.astimezone(timezone.utc)


def _date(value: Any, month: Any = None, day: Any = None) -> datetime | None:
    if month is not None or day is not None:
        parts = (value, month, day)
        if not all(_is_integer(p) for p in parts):
            raise FeelEvaluationError(f"date(year, month, day) needs whole numbers, not "
                                      f"{', '.join(describe(p) for p in parts)}")
        try:
            return FeelDate.of(date(int(value), int(month), int(day)))
        except (ValueError, OverflowError):
            raise FeelEvaluationError(f"date({value}, {month}, {day}) is not a date") from None
    if value is None:
        return None
    if isinstance(value, datetime):
        return FeelDate.of(value.astimezone(timezone.utc).date())
    if isinstance(value, str):
        parsed = _parse_day(value)
        if parsed is not None:
            return parsed
    raise FeelEvaluationError(f"date() cannot read {describe(value) or type_name(value)}; write \"yyyy-MM-dd\"")


def _time(value: Any, minute: Any = None, second: Any = None, offset: Any = None) -> time | None:
    if minute is not None or second is not None:
        if not (_is_integer(value) and _is_integer(minute) and is_number(second)):
            raise FeelEvaluationError("time(hour, minute, second, offset) needs numbers")
        second = to_decimal(second)
        if offset is not None and not isinstance(offset, timedelta):
            raise FeelEvaluationError(f"time(): the offset must be a days and time duration, not "
                                      f"{type_name(offset)} {describe(offset)}")
        try:
            tz = timezone(offset) if offset is not None else None
            whole = int(second)
            micros = int(NUMBERS.multiply(NUMBERS.subtract(second, Decimal(whole)), Decimal(1_000_000))
                         .to_integral_value(rounding=ROUND_HALF_EVEN))
            return time(int(value), int(minute), whole, micros, tzinfo=tz)
        except ValueError:
            raise FeelEvaluationError(f"time({value}, {minute}, {second}) is not a time of day") from None
    if value is None:
        return None
    if isinstance(value, FeelDate):
        return time(0, 0, 0)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).time()
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        parsed = _parse_time(value)
        if parsed is not None:
            return parsed
    raise FeelEvaluationError(f"time() cannot read {describe(value) or type_name(value)}; write \"HH:mm:ss\"")


def _duration(value: Any) -> timedelta | YearsMonths:
    if isinstance(value, (timedelta, YearsMonths)):
        return value
    parsed = parse_duration(value) if isinstance(value, str) else None
    if parsed is None:
        raise FeelEvaluationError(f"duration() cannot read {describe(value) or type_name(value)}; write an ISO-8601 "
                                  'duration such as "P1DT2H" or "P1Y2M"')
    return parsed


def _years_and_months(start: Any, end: Any) -> YearsMonths:
    for what, value in (("from", start), ("to", end)):
        if not isinstance(value, datetime):
            raise FeelEvaluationError(f"years and months duration(): {what} must be a date or a date and time, not "
                                      f"{type_name(value)} {describe(value)}".rstrip())
    a, b = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    rest_a = (a.day, a.hour, a.minute, a.second, a.microsecond)
    rest_b = (b.day, b.hour, b.minute, b.second, b.microsecond)
    if months > 0 and rest_b < rest_a:
        months -= 1
    elif months < 0 and rest_b > rest_a:
        months += 1
    return YearsMonths(months)


# -- built-in functions -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signature:
    """One way to call a built-in: its parameters (FEEL's names), how many are required, whether
    the last one takes the remaining positional arguments (a list), whether it takes null
    arguments (else a null argument gives null)."""

    params: tuple[str, ...]
    required: int
    impl: Callable[..., Any]
    variadic: bool = False
    nulls: bool = False


def _invoke(name: str, signature: _Signature, fixed: list[Any], rest: list[Any] | None) -> Any:
    if not signature.nulls and any(v is None for v in fixed):
        return None
    args = fixed + ([rest] if rest is not None else [])
    try:
        return signature.impl(*args)
    except _Undefined:
        raise
    except FeelEvaluationError as error:
        message = str(error)
        raise FeelEvaluationError(message if message.startswith(f"{name}(") else f"{name}(): {message}") from None
    except decimal.DecimalException as error:
        raise FeelEvaluationError(f"{name}(): {_numeric_fault('', error)}") from None
    except (OverflowError, ValueError, TypeError) as error:
        raise FeelEvaluationError(f"{name}(): {error}") from None


def _need(kind: str, value: Any, what: str) -> Any:
    checks: dict[str, Callable[[Any], bool]] = {
        "string": lambda v: isinstance(v, str), "number": is_number, "list": lambda v: isinstance(v, list),
        "context": lambda v: isinstance(v, dict), "boolean": lambda v: isinstance(v, bool),
        "integer": _is_integer, "function": lambda v: isinstance(v, FeelFunction),
    }
    if not checks[kind](value):
        article = "an" if kind[0] in "aeiou" else "a"
        noun = "whole number" if kind == "integer" else kind
        if kind == "integer":
            article = "a"
        raise FeelEvaluationError(f"{what} must be {article} {noun}, not {type_name(value)} {describe(value)}".rstrip())
    return value


def _sig(params: str, impl: Callable[..., Any], *, required: int | None = None, variadic: bool = False,
         nulls: bool = False) -> _Signature:
    names = tuple(p.strip() for p in params.split(",")) if params else ()
    return _Signature(names, len(names) if required is None else required, impl, variadic, nulls)


def _string_fn(value: Any) -> str | None:
    return None if value is None else to_text(value)


def _number_fn(text: Any, grouping: Any = None, decimal_separator: Any = None) -> Decimal:
    _need("string", text, "from")
    if grouping not in (None, " ", ",", "."):
        raise FeelEvaluationError(f"grouping separator must be ' ', ',' or '.', not {describe(grouping)}")
    if decimal_separator not in (None, ".", ","):
        raise FeelEvaluationError(f"decimal separator must be '.' or ',', not {describe(decimal_separator)}")
    if grouping is not None and grouping == decimal_separator:
        raise FeelEvaluationError("the grouping and decimal separators must differ")
    cleaned = text.strip()
    if grouping:
        cleaned = cleaned.replace(grouping, "")
    if decimal_separator and decimal_separator != ".":
        cleaned = cleaned.replace(decimal_separator, ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", cleaned):
        raise FeelEvaluationError(f"cannot read {describe(text)} as a number")
    try:
        return to_decimal(cleaned)
    except FeelEvaluationError:
        raise FeelEvaluationError(f"{describe(text)} is out of range") from None


def _substring(text: Any, start: Any, length: Any = None) -> str:
    _need("string", text, "string")
    _need("integer", start, "start position")
    if start == 0:
        raise FeelEvaluationError("start position must not be 0 (the first character is 1, the last -1)")
    begin = int(start) - 1 if start > 0 else max(len(text) + int(start), 0)
    if length is None:
        return text[begin:]
    _need("integer", length, "length")
    if length < 0:
        raise FeelEvaluationError(f"length must not be negative, not {describe(length)}")
    return text[begin:begin + int(length)]


def _text_fn(op: Callable[..., Any], *kinds: str) -> Callable[..., Any]:
    def impl(*args: Any) -> Any:
        for kind, arg, position in zip(kinds, args, range(1, len(args) + 1)):
            _need(kind, arg, f"argument {position}")
        return op(*args)
    return impl


# The patterns of replace(), matches() and split() run on RE2, whose matching takes time linear in
# the input: a pattern that backtracks catastrophically under a backtracking engine ("(a+)+b")
# cannot hold a call (or the server's threads) for minutes. RE2's syntax is close to XPath's
# (Unicode classes such as \p{L}; no backreferences, which XPath's regular expressions lack too).
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a refused pattern is the caller's error, not the server's log
_RE2_OPTIONS.max_mem = 8 << 20  # a compiled pattern's memory, bytes


def _without_whitespace(pattern: str) -> str:
    """XPath's flag x: whitespace in the pattern is removed, but inside a character class."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == "]":
            out.append(ch)
            in_class = False
        elif in_class or not ch.isspace():
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _regex(pattern: str, flags: str) -> Any:
    for flag in flags:
        if flag not in "smix":
            raise FeelEvaluationError(f"unknown regular expression flag {flag!r} (use s, m, i, x)")
    inline = "".join(flag for flag in "smi" if flag in flags)
    source = _without_whitespace(pattern) if "x" in flags else pattern
    try:
        return re2.compile(f"(?{inline}){source}" if inline else source, _RE2_OPTIONS)
    except re2.error as error:
        detail = error.args[0] if error.args else error
        detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        raise FeelEvaluationError(f"invalid regular expression {describe(pattern)}: {detail}") from None


def _replace(text: Any, pattern: Any, replacement: Any, flags: Any = "") -> str:
    for what, value in (("input", text), ("pattern", pattern), ("replacement", replacement), ("flags", flags)):
        _need("string", value, what)
    regex = _regex(pattern, flags)
    # XPath's $1 is Python's \g<1>; a literal backslash or dollar is escaped with a backslash.
    template = re.sub(r"\\([\\$])|\$(\d)|\\", lambda m: (m.group(1).replace("\\", "\\\\") if m.group(1)
                                                          else rf"\g<{m.group(2)}>" if m.group(2) else "\\\\"),
                      replacement)
    try:
        return regex.sub(template, text)
    except (re2.error, IndexError, UnicodeDecodeError) as error:
        raise FeelEvaluationError(f"invalid replacement {describe(replacement)}: {error}") from None


def _matches(text: Any, pattern: Any, flags: Any = "") -> bool:
    for what, value in (("input", text), ("pattern", pattern), ("flags", flags)):
        _need("string", value, what)
    return _regex(pattern, flags).search(text) is not None


def _split(text: Any, delimiter: Any) -> list[str]:
    _need("string", text, "string")
    _need("string", delimiter, "delimiter")
    if not delimiter:
        raise FeelEvaluationError("the delimiter must not be empty")
    return _regex(delimiter, "").split(text)


def _rounding(mode: str) -> Callable[..., Decimal]:
    """decimal(n, scale), floor, ceiling and the round functions: ``n`` rounded to ``scale``
    digits after the point (before it when negative; 0 when not given) as ``mode`` says."""
    def impl(n: Any, scale: Any = 0) -> Decimal:
        _need("number", n, "n")
        _need("integer", scale, "scale")
        digits = int(to_decimal(scale))
        if not -6111 <= digits <= 6176:
            raise FeelEvaluationError(f"scale must be within -6111..6176, not {digits}")
        value = to_decimal(n)
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -digits:
            return value  # no digit beyond the scale
        try:
            return value.quantize(Decimal(1).scaleb(-digits), rounding=mode, context=NUMBERS)
        except decimal.InvalidOperation:
            raise FeelEvaluationError(f"cannot round {describe(n)} to {digits} digits") from None
    return impl


def _abs(n: Any) -> Any:
    if isinstance(n, timedelta):
        return abs(n)
    if isinstance(n, YearsMonths):
        return YearsMonths(abs(n.months))
    return NUMBERS.abs(to_decimal(_need("number", n, "n")))


def _modulo(dividend: Any, divisor: Any) -> Decimal:
    """dividend - divisor * floor(dividend / divisor): the sign is the divisor's."""
    _need("number", dividend, "dividend")
    _need("number", divisor, "divisor")
    a, b = to_decimal(dividend), to_decimal(divisor)
    if b == 0:
        raise FeelEvaluationError("division by zero")
    try:
        remainder = NUMBERS.remainder(a, b)
    except decimal.InvalidOperation:
        raise FeelEvaluationError(f"{describe(dividend)} is too large to divide by {describe(divisor)}") from None
    if remainder != 0 and (remainder < 0) != (b < 0):
        remainder = NUMBERS.add(remainder, b)
    return remainder


def _sqrt(n: Any) -> Decimal:
    value = to_decimal(_need("number", n, "number"))
    if value < 0:
        raise FeelEvaluationError(f"{describe(n)} has no real square root")
    return NUMBERS.sqrt(value)


def _log(n: Any) -> Decimal:
    value = to_decimal(_need("number", n, "number"))
    if value <= 0:
        raise FeelEvaluationError(f"{describe(n)} has no logarithm")
    return NUMBERS.ln(value)


def _exp(n: Any) -> Decimal:
    try:
        return NUMBERS.exp(to_decimal(_need("number", n, "number")))
    except decimal.Overflow:
        raise FeelEvaluationError(f"e ** {describe(n)} overflows") from None


def _parity(remainder: int) -> Callable[[Any], bool]:
    return lambda n: _is_integer(_need("number", n, "number")) and int(to_decimal(n)) % 2 == remainder


def _items(args: list[Any]) -> list[Any]:
    """The items of a function of a list or of several arguments (``min([1, 2])``, ``min(1, 2)``)."""
    if len(args) == 1 and isinstance(args[0], list):
        return args[0]
    return args


def _numbers(items: list[Any]) -> list[Decimal] | None:
    """The numbers of a list as decimals (None when it holds a null); a value of another type is
    an error."""
    for item in items:
        if item is not None and not is_number(item):
            raise FeelEvaluationError(f"the list must hold numbers, not {type_name(item)} {describe(item)}".rstrip())
    return None if any(item is None for item in items) else [to_decimal(item) for item in items]


def _extreme(op: str) -> Callable[[list[Any]], Any]:
    def impl(args: list[Any]) -> Any:
        items = _items(args)
        if not items or any(item is None for item in items):
            return None
        best = items[0]
        for item in items[1:]:
            if compare(op, item, best):
                best = item
        return best
    return impl


def _total(items: list[Decimal]) -> Decimal:
    return functools.reduce(NUMBERS.add, items, Decimal(0))


def _sum(args: list[Any]) -> Any:
    items = _numbers(_items(args))
    return None if not items else _total(items)


def _product(args: list[Any]) -> Any:
    items = _numbers(_items(args))
    return None if not items else functools.reduce(NUMBERS.multiply, items)


def _mean(args: list[Any]) -> Any:
    items = _numbers(_items(args))
    return None if not items else NUMBERS.divide(_total(items), Decimal(len(items)))


def _median(args: list[Any]) -> Any:
    items = _numbers(_items(args))
    if not items:
        return None
    ordered = sorted(items)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return NUMBERS.divide(NUMBERS.add(ordered[middle - 1], ordered[middle]), Decimal(2))


def _stddev(args: list[Any]) -> Any:
    """The sample standard deviation (n - 1), in decimals."""
    items = _numbers(_items(args))
    if not items or len(items) < 2:
        return None
    mean = NUMBERS.divide(_total(items), Decimal(len(items)))
    squares = _total([NUMBERS.multiply(NUMBERS.subtract(x, mean), NUMBERS.subtract(x, mean)) for x in items])
    return NUMBERS.sqrt(NUMBERS.divide(squares, Decimal(len(items) - 1)))


def _mode(args: list[Any]) -> Any:
    items = _numbers(_items(args))
    if items is None:
        return None
    counts: dict[Any, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    most = max(counts.values(), default=0)
    return sorted(k for k, c in counts.items() if c == most)


def _all(args: list[Any]) -> bool | None:
    items = _items(args)
    _booleans("all", items)
    return _and(items)


def _any(args: list[Any]) -> bool | None:
    items = _items(args)
    _booleans("any", items)
    return _or(items)


def _position(items: list[Any], position: Any, what: str = "position", insert: bool = False) -> int:
    _need("integer", position, what)
    size = len(items) + (1 if insert else 0)
    index = int(position) - 1 if position > 0 else len(items) + int(position)
    if position == 0 or not 0 <= index < size:
        raise FeelEvaluationError(f"{what} {int(position)} is outside the list of {len(items)} items")
    return index


def _sublist(items: Any, start: Any, length: Any = None) -> list[Any]:
    _need("list", items, "list")
    begin = _position(items, start, "start position")
    if length is None:
        return items[begin:]
    _need("integer", length, "length")
    if length < 0 or begin + length > len(items):
        raise FeelEvaluationError(f"length {describe(length)} goes beyond the list of {len(items)} items")
    return items[begin:begin + int(length)]


def _list_of(fn: Callable[..., Any]) -> Callable[..., Any]:
    def impl(items: Any, *rest: Any) -> Any:
        if items is None:
            return None
        return fn(_need("list", items, "list"), *rest)
    return impl


def _limited(items: list[Any]) -> list[Any]:
    if len(items) > MAX_ITEMS:
        raise FeelEvaluationError(f"the list would have more than {MAX_ITEMS} items")
    return items


def _concatenate(lists: list[Any]) -> list[Any]:
    result: list[Any] = []
    for position, items in enumerate(lists, start=1):
        if items is None:
            return None  # type: ignore[return-value]
        result.extend(_need("list", items, f"argument {position}"))
    return _limited(result)


def _distinct(items: list[Any]) -> list[Any]:
    result: list[Any] = []
    for item in items:
        if not any(_equal(item, kept) for kept in result):
            result.append(item)
    return result


def _flatten(items: list[Any]) -> list[Any]:
    result: list[Any] = []
    for item in items:
        result.extend(_flatten(item) if isinstance(item, list) else [item])
    return result


def _sort(items: Any, precedes: Any = None) -> list[Any]:
    _need("list", items, "list")
    if precedes is None:
        def natural(a: Any, b: Any) -> int:
            return -1 if compare("<", a, b) else (1 if compare(">", a, b) else 0)
        return sorted(items, key=functools.cmp_to_key(natural))
    _need("function", precedes, "precedes")

    def ordered(a: Any, b: Any) -> int:
        first = precedes(a, b)
        if not isinstance(first, bool):
            raise FeelEvaluationError(f"precedes must give a boolean, not {type_name(first)} {describe(first)}")
        if first:
            return -1
        return 1 if precedes(b, a) is True else 0

    return sorted(items, key=functools.cmp_to_key(ordered))


def _get_entries(context: Any) -> list[dict[str, Any]]:
    _need("context", context, "m")
    return [{"key": k, "value": v} for k, v in context.items()]


def _string_join(items: Any, delimiter: Any = None, prefix: Any = None, suffix: Any = None) -> str | None:
    if items is None:
        return None
    _need("list", items, "list")
    for item in items:
        if item is not None and not isinstance(item, str):
            raise FeelEvaluationError(f"the list must hold strings, not {type_name(item)} {describe(item)}")
    for what, value in (("delimiter", delimiter), ("prefix", prefix), ("suffix", suffix)):
        if value is not None:
            _need("string", value, what)
    return (prefix or "") + (delimiter or "").join(item for item in items if item is not None) + (suffix or "")


def _extract(text: Any, pattern: Any) -> list[str]:
    _need("string", text, "string")
    _need("string", pattern, "pattern")
    return _limited([match.group(0) for match in _regex(pattern, "").finditer(text)])


def _to_base64(text: Any) -> str:
    return base64.b64encode(_need("string", text, "value").encode("utf-8")).decode("ascii")


def _get_or_else(value: Any, default: Any) -> Any:
    return default if value is None else value


def _assert(value: Any, condition: Any, cause: Any = None) -> Any:
    if condition is True:
        return value
    if cause is not None:
        _need("string", cause, "cause")
    raise FeelEvaluationError(cause or "the condition is not met (it is "
                              f"{describe(condition) or type_name(condition)})")


def _duplicates(items: list[Any]) -> list[Any]:
    result: list[Any] = []
    for position, item in enumerate(items):
        if not any(_equal(item, kept) for kept in result) \
                and any(_equal(item, other) for other in items[position + 1:]):
            result.append(item)
    return result


def _partition(items: list[Any], size: Any) -> list[list[Any]]:
    _need("integer", size, "size")
    step = int(to_decimal(size))
    if step < 1:
        raise FeelEvaluationError(f"size must be at least 1, not {describe(size)}")
    return [items[k:k + step] for k in range(0, len(items), step)]


def _list_replace(items: Any, where: Any, new_item: Any) -> list[Any] | None:
    """list replace(list, position, newItem) or list replace(list, match, newItem) (``match``: a
    function(item, newItem) that gives true for the items to replace)."""
    if items is None or where is None:
        return None
    _need("list", items, "list")
    if isinstance(where, FeelFunction):
        replaced = []
        for item in items:
            hit = where(item, new_item)
            if not isinstance(hit, bool) and hit is not None:
                raise FeelEvaluationError(f"match must give a boolean, not {type_name(hit)} {describe(hit)}")
            replaced.append(new_item if hit is True else item)
        return replaced
    if not is_number(where):
        raise FeelEvaluationError(f"position must be a whole number or a function, not {type_name(where)} "
                                  f"{describe(where)}".rstrip())
    index = _position(items, where)
    return items[:index] + [new_item] + items[index + 1:]


def _keys_of(keys: Any) -> list[str]:
    _need("list", keys, "keys")
    for key in keys:
        _need("string", key, "each key")
    return keys


def _get_value(context: Any, key: Any) -> Any:
    """get value(context, key), or a path of keys (``get value(m, ["a", "b"])`` is m.a.b)."""
    _need("context", context, "m")
    if isinstance(key, list):
        keys = _keys_of(key)
        value: Any = context if keys else None
        for part in keys:
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value
    _need("string", key, "key")
    return context.get(key)


def _context_put(context: Any, key: Any, value: Any) -> dict[str, Any] | None:
    """context put(context, key, value), or with a path of keys: the entry set in a copy,
    contexts made (or replaced) on the way; no keys is null."""
    if context is None or key is None:
        return None
    _need("context", context, "context")
    keys = _keys_of(key) if isinstance(key, list) else [_need("string", key, "key")]
    if not keys:
        return None
    result = dict(context)
    inner = result.get(keys[0]) if len(keys) > 1 else None
    result[keys[0]] = _context_put(inner if isinstance(inner, dict) else {}, keys[1:], value) if len(keys) > 1 \
        else value
    return result


def _context_merge(contexts: Any) -> dict[str, Any]:
    _need("list", contexts, "contexts")
    merged: dict[str, Any] = {}
    for context in contexts:
        merged.update(_need("context", context, "each item of contexts"))
    return merged


def _context_of(entries: Any) -> dict[str, Any]:
    _need("list", entries, "entries")
    result: dict[str, Any] = {}
    for entry in entries:
        if not (isinstance(entry, dict) and isinstance(entry.get("key"), str) and "value" in entry):
            raise FeelEvaluationError(f"each entry must be a context {{key: \"…\", value: …}}, not "
                                      f"{describe(entry)}")
        result[entry["key"]] = entry["value"]
    return result


def _day(value: Any) -> date:
    if not isinstance(value, datetime):
        raise FeelEvaluationError(f"date must be a date or a date and time, not {type_name(value)} "
                                  f"{describe(value)}".rstrip())
    return value.astimezone(timezone.utc).date()


def _last_day_of_month(value: Any) -> FeelDate:
    day = _day(value)
    return FeelDate.of(day.replace(day=_days_in_month(day.year, day.month)))


# -- range functions (DMN 1.3's table of them): a point is any ordered value, a range a Range.


def _lt(a: Any, b: Any) -> bool:
    return compare("<", a, b) is True


def _eq(a: Any, b: Any) -> bool:
    return compare("=", a, b) is True


_RangeKinds = tuple[Callable[[Any, Any], bool] | None, ...]


def _range_function(name: str, kinds: _RangeKinds) -> Callable[[Any, Any], bool]:
    """A range function of (point, point), (point, range), (range, point) and (range, range)
    (``kinds``, in that order; None where it lacks one), picked by the arguments' types."""
    def impl(a: Any, b: Any) -> bool:
        fn = kinds[2 * isinstance(a, Range) + isinstance(b, Range)]
        if fn is None:
            raise FeelEvaluationError(f"{name}() does not take {type_name(a)} and {type_name(b)}")
        return fn(a, b)
    return impl


def _range_signatures(name: str, kinds: _RangeKinds) -> tuple[_Signature, ...]:
    """The range function's signatures as DMN names their parameters, one for each kind it takes."""
    impl = _range_function(name, kinds)
    names = ("point1, point2", "point, range", "range, point", "range1, range2")
    return tuple(_sig(params, impl) for params, kind in zip(names, kinds) if kind is not None)


def _includes_point(r: Range, p: Any) -> bool:
    return ((_lt(r.low, p) and _lt(p, r.high)) or (_eq(r.low, p) and r.low_closed)
            or (_eq(r.high, p) and r.high_closed))


def _includes_range(r: Range, s: Range) -> bool:
    return ((_lt(r.low, s.low) or (_eq(r.low, s.low) and (r.low_closed or not s.low_closed)))
            and (_lt(s.high, r.high) or (_eq(r.high, s.high) and (r.high_closed or not s.high_closed))))


def _overlaps_before(r: Range, s: Range) -> bool:
    return ((_lt(r.low, s.low) or (_eq(r.low, s.low) and r.low_closed and not s.low_closed))
            and (_lt(s.low, r.high) or (_eq(r.high, s.low) and r.high_closed and s.low_closed))
            and (_lt(r.high, s.high) or (_eq(r.high, s.high) and (not r.high_closed or s.high_closed))))


_RANGE_FUNCTIONS: dict[str, _RangeKinds] = {
    # name: its (point, point), (point, range), (range, point) and (range, range) kinds
    "before": (
        _lt,
        lambda p, r: _lt(p, r.low) or (_eq(p, r.low) and not r.low_closed),
        lambda r, p: _lt(r.high, p) or (_eq(r.high, p) and not r.high_closed),
        lambda r, s: _lt(r.high, s.low) or ((not r.high_closed or not s.low_closed) and _eq(r.high, s.low))),
    "after": (
        lambda a, b: _lt(b, a),
        lambda p, r: _lt(r.high, p) or (_eq(p, r.high) and not r.high_closed),
        lambda r, p: _lt(p, r.low) or (_eq(r.low, p) and not r.low_closed),
        lambda r, s: _lt(s.high, r.low) or ((not r.low_closed or not s.high_closed) and _eq(r.low, s.high))),
    "meets": (None, None, None, lambda r, s: r.high_closed and s.low_closed and _eq(r.high, s.low)),
    "met by": (None, None, None, lambda r, s: r.low_closed and s.high_closed and _eq(r.low, s.high)),
    "overlaps": (
        None, None, None,
        lambda r, s: ((_lt(s.low, r.high) or (_eq(r.high, s.low) and r.high_closed and s.low_closed))
                      and (_lt(r.low, s.high) or (_eq(r.low, s.high) and r.low_closed and s.high_closed)))),
    "overlaps before": (None, None, None, _overlaps_before),
    "overlaps after": (None, None, None, lambda r, s: _overlaps_before(s, r)),
    "finishes": (
        None, lambda p, r: r.high_closed and _eq(r.high, p), None,
        lambda r, s: (r.high_closed == s.high_closed and _eq(r.high, s.high)
                      and (_lt(s.low, r.low) or (_eq(r.low, s.low) and (not r.low_closed or s.low_closed))))),
    "finished by": (
        None, None, lambda r, p: r.high_closed and _eq(r.high, p),
        lambda r, s: (r.high_closed == s.high_closed and _eq(r.high, s.high)
                      and (_lt(r.low, s.low) or (_eq(r.low, s.low) and (r.low_closed or not s.low_closed))))),
    "includes": (None, None, _includes_point, _includes_range),
    "during": (None, lambda p, r: _includes_point(r, p), None, lambda r, s: _includes_range(s, r)),
    "starts": (
        None, lambda p, r: r.low_closed and _eq(r.low, p), None,
        lambda r, s: (_eq(r.low, s.low) and r.low_closed == s.low_closed
                      and (_lt(r.high, s.high) or (_eq(r.high, s.high) and (not r.high_closed or s.high_closed))))),
    "started by": (
        None, None, lambda r, p: r.low_closed and _eq(r.low, p),
        lambda r, s: (_eq(r.low, s.low) and r.low_closed == s.low_closed
                      and (_lt(s.high, r.high) or (_eq(r.high, s.high) and (not s.high_closed or r.high_closed))))),
    "coincides": (
        _eq, None, None,
        lambda r, s: (_eq(r.low, s.low) and r.low_closed == s.low_closed and _eq(r.high, s.high)
                      and r.high_closed == s.high_closed)),
}


def _not(value: Any) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise FeelEvaluationError(f"not() needs a boolean, not {type_name(value)} {describe(value)}")
    return not value


_FUNCTIONS: dict[str, tuple[_Signature, ...]] = {
    # conversion
    "string": (_sig("from", _string_fn, nulls=True),),
    "number": (_sig("from, grouping separator, decimal separator", _number_fn, required=1),),
    "date": (_sig("from", _date), _sig("year, month, day", _date)),
    "date and time": (_sig("from", _date_and_time), _sig("date, time", _date_and_time)),
    "time": (_sig("from", _time), _sig("hour, minute, second, offset", _time, required=3)),
    "duration": (_sig("from", _duration),),
    "years and months duration": (_sig("from, to", _years_and_months),),
    # boolean
    "not": (_sig("negand", _not),),
    "is defined": (_sig("value", lambda value: True, nulls=True),),  # (compiled apart: see _is_defined)
    "get or else": (_sig("value, default", _get_or_else, nulls=True),),
    "assert": (_sig("value, condition, cause", _assert, required=2, nulls=True),),
    # string
    "substring": (_sig("string, start position, length", _substring, required=2),),
    "string length": (_sig("string", _text_fn(len, "string")),),
    "upper case": (_sig("string", _text_fn(str.upper, "string")),),
    "lower case": (_sig("string", _text_fn(str.lower, "string")),),
    "substring before": (_sig("string, match", _text_fn(lambda s, m: s[:s.find(m)] if m in s else "",
                                                          "string", "string")),),
    "substring after": (_sig("string, match", _text_fn(lambda s, m: s[s.find(m) + len(m):] if m in s else "",
                                                         "string", "string")),),
    "replace": (_sig("input, pattern, replacement, flags", _replace, required=3),),
    "contains": (_sig("string, match", _text_fn(lambda s, m: m in s, "string", "string")),),
    "starts with": (_sig("string, match", _text_fn(str.startswith, "string", "string")),),
    "ends with": (_sig("string, match", _text_fn(str.endswith, "string", "string")),),
    "matches": (_sig("input, pattern, flags", _matches, required=2),),
    "split": (_sig("string, delimiter", _split),),
    "string join": (_sig("list, delimiter", _string_join, required=1, nulls=True),
                    _sig("list, delimiter, prefix, suffix", _string_join, required=1, nulls=True)),
    "trim": (_sig("string", _text_fn(str.strip, "string")),),
    "extract": (_sig("string, pattern", _extract),),
    "is blank": (_sig("string", _text_fn(lambda s: not s.strip(), "string")),),
    "to base64": (_sig("value", _to_base64),),
    # numeric
    "decimal": (_sig("n, scale", _rounding(decimal.ROUND_HALF_EVEN)),),
    "floor": (_sig("n, scale", _rounding(decimal.ROUND_FLOOR), required=1),),
    "ceiling": (_sig("n, scale", _rounding(decimal.ROUND_CEILING), required=1),),
    "round up": (_sig("n, scale", _rounding(decimal.ROUND_UP), required=1),),
    "round down": (_sig("n, scale", _rounding(decimal.ROUND_DOWN), required=1),),
    "round half up": (_sig("n, scale", _rounding(decimal.ROUND_HALF_UP), required=1),),
    "round half down": (_sig("n, scale", _rounding(decimal.ROUND_HALF_DOWN), required=1),),
    "abs": (_sig("n", _abs),),
    "modulo": (_sig("dividend, divisor", _modulo),),
    "sqrt": (_sig("number", _sqrt),),
    "log": (_sig("number", _log),),
    "exp": (_sig("number", _exp),),
    "odd": (_sig("number", _parity(1)),),
    "even": (_sig("number", _parity(0)),),
    # list
    "list contains": (_sig("list, element", _list_of(lambda xs, x: any(_equal(x, i) for i in xs)),
                           nulls=True),),
    "count": (_sig("list", _list_of(lambda xs: Decimal(len(xs)))),),
    "min": (_sig("list", _extreme("<"), variadic=True, required=1),),
    "max": (_sig("list", _extreme(">"), variadic=True, required=1),),
    "sum": (_sig("list", _sum, variadic=True, required=1),),
    "product": (_sig("list", _product, variadic=True, required=1),),
    "mean": (_sig("list", _mean, variadic=True, required=1),),
    "median": (_sig("list", _median, variadic=True, required=1),),
    "stddev": (_sig("list", _stddev, variadic=True, required=1),),
    "mode": (_sig("list", _mode, variadic=True, required=1),),
    "all": (_sig("list", _all, variadic=True, required=1),),
    "any": (_sig("list", _any, variadic=True, required=1),),
    "and": (_sig("list", _all, variadic=True, required=1),),
    "or": (_sig("list", _any, variadic=True, required=1),),
    "sublist": (_sig("list, start position, length", _sublist, required=2),),
    "append": (_sig("list, item", _list_of(lambda xs, rest: _limited(xs + rest)), variadic=True, required=1),),
    "concatenate": (_sig("list", _concatenate, variadic=True, required=0),),
    "insert before": (_sig("list, position, newItem", _list_of(
        lambda xs, p, x: xs[:_position(xs, p, insert=True)] + [x] + xs[_position(xs, p, insert=True):]),
        nulls=True),),
    "remove": (_sig("list, position", _list_of(lambda xs, p: xs[:_position(xs, p)] + xs[_position(xs, p) + 1:])),),
    "reverse": (_sig("list", _list_of(lambda xs: xs[::-1])),),
    "index of": (_sig("list, match", _list_of(lambda xs, x: [Decimal(i) for i, v in enumerate(xs, start=1)
                                                             if _equal(v, x)]), nulls=True),),
    "union": (_sig("list", lambda lists: _distinct(_concatenate(lists)), variadic=True, required=0),),
    "distinct values": (_sig("list", _list_of(_distinct)),),
    "duplicate values": (_sig("list", _list_of(_duplicates)),),
    "list replace": (_sig("list, position, newItem", _list_replace, nulls=True),
                     _sig("list, match, newItem", _list_replace, nulls=True)),
    "is empty": (_sig("list", _list_of(lambda xs: not xs)),),
    "partition": (_sig("list, size", _list_of(_partition)),),
    "flatten": (_sig("list", _list_of(lambda xs: _limited(_flatten(xs)))),),
    "sort": (_sig("list, precedes", _sort, required=1),),
    # context
    "get value": (_sig("m, key", _get_value), _sig("context, key", _get_value), _sig("context, keys", _get_value)),
    "get entries": (_sig("m", _get_entries), _sig("context", _get_entries)),
    "context put": (_sig("context, key, value", _context_put, nulls=True),
                    _sig("context, keys, value", _context_put, nulls=True)),
    "context merge": (_sig("contexts", _context_merge),),
    "context": (_sig("entries", _context_of),),
    # range (DMN 1.3)
    **{name: _range_signatures(name, kinds) for name, kinds in _RANGE_FUNCTIONS.items()},
    # temporal
    "now": (_sig("", lambda: _now()),),
    "today": (_sig("", lambda: FeelDate.of(_now().astimezone(timezone.utc).date())),),
    "day of year": (_sig("date", lambda d: Decimal(_day(d).timetuple().tm_yday)),),
    "day of week": (_sig("date", lambda d: _WEEKDAYS[_day(d).weekday()]),),
    "month of year": (_sig("date", lambda d: _MONTHS[_day(d).month - 1]),),
    "week of year": (_sig("date", lambda d: Decimal(_day(d).isocalendar()[1])),),
    "last day of month": (_sig("date", _last_day_of_month),),
}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

# Function names of more than one word, read as one name before '('.
_MULTI_WORD = re.compile("(?:" + "|".join(
    r"\s+".join(re.escape(word) for word in name.split())
    for name in sorted((n for n in _FUNCTIONS if " " in n), key=len, reverse=True)) + r")(?=\s*\()")
