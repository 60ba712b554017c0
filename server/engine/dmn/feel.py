"""The FEEL subset decision tables and literal expressions are written in.

Expressions (input expressions, output entries, literal expressions): literals (numbers,
"strings", true, false, null), variable names and dotted paths into JSON values (``order.total``),
``+ - * / **`` and unary minus (``+`` also joins two strings), ``= != < <= > >=``, ``and`` / ``or``
(three-valued, as FEEL's), ``not(x)``, ``if c then a else b``, parentheses, and the functions
``date and time("2019-03-01T10:00:00")`` and ``date("2019-03-01")`` (a date is midnight UTC).

Simple unary tests (input entries): ``-`` or empty (anything), a value (equal: ``"gold"``, ``10``,
``null``, ``customer.level``), ``< 10``, ``<= 10``, ``> 10``, ``>= 10``, intervals ``[1..10]``,
``]1..10[`` and ``(1..10)`` (open ends either way), lists of these (``"a","b"``, ``< 0, > 100``)
and ``not(…)`` of a list.

Expressions compile once into closures; nothing here uses Python's ``eval``. Where FEEL would give
null for a type error (``"a" < 1``, ``5 + true``) this gives an evaluation error naming the
operands, so a faulty table is reported rather than silently not matching; a comparison with null
is null (a rule whose test compares null does not match), as in FEEL."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable

from server.engine.variables import parse_date

MAX_LENGTH = 4000
MAX_DEPTH = 32

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


@dataclass(frozen=True, eq=False)
class FeelExpression:
    text: str
    _fn: _Fn = field(repr=False)

    def evaluate(self, lookup: Lookup) -> Any:
        return self._fn(lookup)


@dataclass(frozen=True, eq=False)
class UnaryTests:
    text: str
    _test: _Test = field(repr=False)

    def matches(self, value: Any, lookup: Lookup) -> bool:
        return self._test(value, lookup)


# -- tokens -----------------------------------------------------------------------------------

_KEYWORDS = frozenset({"true", "false", "null", "and", "or", "if", "then", "else"})
_OPERATORS = ("**", "..", "!=", "<=", ">=", "+", "-", "*", "/", "=", "<", ">", "(", ")", "[", "]", ",", ".")
_NAME_START = re.compile(r"[A-Za-z_$?]")
_NAME = re.compile(r"[A-Za-z_$?][A-Za-z0-9_$?]*")
_DATE_AND_TIME = re.compile(r"date\s+and\s+time(?=\s*\()")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "'": "'"}


@dataclass(frozen=True)
class _Token:
    kind: str  # number, string, name, keyword, op, end
    value: Any
    pos: int


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
            value: Any = float(literal) if any(c in literal for c in ".eE") else int(literal)
            if isinstance(value, float) and not math.isfinite(value):
                raise FeelSyntaxError(text, pos, f"number {literal} is out of range")
            tokens.append(_Token("number", value, pos))
            i = number.end()
            if i < n and _NAME_START.match(text[i]):
                raise FeelSyntaxError(text, i + 1, f"malformed number {text[pos - 1:i + 1]!r}")
            continue
        if ch == '"':
            i = _string(text, i, tokens)
            continue
        function = _DATE_AND_TIME.match(text, i)
        if function:
            tokens.append(_Token("name", "date and time", pos))
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


class _Parser:
    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise FeelSyntaxError(text[:100], MAX_LENGTH + 1, f"text is longer than {MAX_LENGTH} characters")
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

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

    def expect(self, value: str) -> None:
        token = self.peek()
        if not (token.kind in ("op", "keyword") and token.value == value):
            raise self.error(token, f"expected '{value}' but found {_show(token)}")
        self.next()

    def error(self, token: _Token, detail: str) -> FeelSyntaxError:
        return FeelSyntaxError(self.text, token.pos, detail)

    def done(self) -> None:
        token = self.peek()
        if token.kind != "end":
            raise self.error(token, f"unexpected {_show(token)}")

    # expressions, lowest precedence first
    def expression(self) -> _Fn:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(self.peek(), f"expression nests deeper than {MAX_DEPTH} levels")
        try:
            if self.at("if"):
                self.next()
                condition = self.expression()
                self.expect("then")
                then = self.expression()
                self.expect("else")
                otherwise = self.expression()
                return lambda lookup: then(lookup) if condition(lookup) is True else otherwise(lookup)
            return self.disjunction()
        finally:
            self.depth -= 1

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
        if not self.at(*_COMPARISONS):
            return left
        op = self.next().value
        right = self.additive()
        return lambda lookup: compare(op, left(lookup), right(lookup))

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
            operand = self.unary()
            return lambda lookup: _negate(operand(lookup))
        return self.postfix()

    def postfix(self) -> _Fn:
        value = self.primary()
        while self.at("."):
            self.next()
            token = self.next()
            if token.kind not in ("name", "keyword"):
                raise self.error(token, f"expected a name after '.' but found {_show(token)}")
            value = (lambda base, key: lambda lookup: _path(base(lookup), key))(value, token.value)
        return value

    def primary(self) -> _Fn:
        token = self.next()
        if token.kind in ("number", "string"):
            constant = token.value
            return lambda lookup: constant
        if token.kind == "keyword" and token.value in ("true", "false", "null"):
            constant = {"true": True, "false": False, "null": None}[token.value]
            return lambda lookup: constant
        if token.kind == "name":
            if self.at("("):
                return self.call(token)
            name = token.value
            return lambda lookup: _variable(lookup, name)
        if token.kind == "op" and token.value == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "end":
            raise self.error(token, "unexpected end of expression")
        raise self.error(token, f"unexpected {_show(token)}")

    def call(self, name: _Token) -> _Fn:
        self.expect("(")
        args = [] if self.at(")") else [self.expression()]
        while self.at(","):
            self.next()
            args.append(self.expression())
        self.expect(")")
        function = _FUNCTIONS.get(name.value)
        if function is None:
            raise self.error(name, f"unknown function {name.value}(); supported: {', '.join(_FUNCTIONS)}")
        if len(args) != 1:
            raise self.error(name, f"{name.value}() takes one argument, not {len(args)}")
        [arg] = args
        return lambda lookup: function(arg(lookup))

    # unary tests
    def unary_tests(self) -> _Test:
        if self.peek().kind == "end":
            return lambda value, lookup: True
        if self.at("-") and self.peek(1).kind == "end":
            self.next()
            return lambda value, lookup: True
        if self.peek().kind == "name" and self.peek().value == "not" and self.peek(1).value == "(":
            self.next()
            self.next()
            inner = self.positive_tests()
            self.expect(")")
            self.done()
            return lambda value, lookup: not inner(value, lookup)
        tests = self.positive_tests()
        self.done()
        return tests

    def positive_tests(self) -> _Test:
        tests = [self.positive_test()]
        while self.at(","):
            self.next()
            tests.append(self.positive_test())
        if len(tests) == 1:
            return tests[0]
        chain = tuple(tests)
        return lambda value, lookup: any(test(value, lookup) for test in chain)

    def positive_test(self) -> _Test:
        if self.at("<", "<=", ">", ">="):
            op = self.next().value
            endpoint = self.additive()
            return lambda value, lookup: compare(op, value, endpoint(lookup)) is True
        if self.at("[", "]", "(") and self._is_interval():
            opening = self.next().value
            low = self.additive()
            self.expect("..")
            high = self.additive()
            closing = self.peek()
            if not self.at("]", "[", ")"):
                raise self.error(closing, f"expected ']', '[' or ')' to close the interval but found {_show(closing)}")
            self.next()
            low_op = ">=" if opening == "[" else ">"
            high_op = "<=" if closing.value == "]" else "<"
            return lambda value, lookup: (compare(low_op, value, low(lookup)) is True
                                          and compare(high_op, value, high(lookup)) is True)
        if self.at("=", "!="):
            raise self.error(self.peek(), f"'{self.peek().value}' does not start a unary test; write the value alone "
                             "(equal) or not(value)")
        expected = self.additive()
        return lambda value, lookup: compare("=", value, expected(lookup)) is True

    def _is_interval(self) -> bool:
        """Whether the bracket at hand opens an interval (``[1..10]``), looking for ``..`` before
        the next ``,`` at the same depth."""
        depth = 0
        for token in self.tokens[self.index + 1:]:
            if token.kind == "end":
                return False
            if token.kind == "op" and token.value == "(":
                depth += 1
            elif token.kind == "op" and token.value == ")":
                depth -= 1
            elif token.kind == "op" and token.value == ".." and depth == 0:
                return True
            elif token.kind == "op" and token.value == "," and depth <= 0:
                return False
        return False


def _show(token: _Token) -> str:
    if token.kind == "end":
        return "end of text"
    if token.kind == "string":
        return f"string {token.value!r}"
    return f"'{token.value}'"


def compile_expression(text: str) -> FeelExpression:
    """A FEEL expression; raises FeelSyntaxError naming the position of the first fault."""
    parser = _Parser(text)
    if parser.peek().kind == "end":
        raise parser.error(parser.peek(), "empty expression")
    fn = parser.expression()
    parser.done()
    return FeelExpression(text, fn)


def compile_unary_tests(text: str) -> UnaryTests:
    """Simple unary tests (an input entry); raises FeelSyntaxError."""
    parser = _Parser(text)
    return UnaryTests(text, parser.unary_tests())


# -- semantics --------------------------------------------------------------------------------


def _variable(lookup: Lookup, name: str) -> Any:
    try:
        return lookup(name)
    except KeyError:
        raise FeelEvaluationError(f"no variable named {name!r}") from None


def _path(base: Any, key: str) -> Any:
    if base is None:
        return None
    if isinstance(base, dict):
        return base.get(key)
    raise FeelEvaluationError(f"cannot read {key!r} of {type_name(base)} {describe(base)}")


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime):
        return "date and time"
    if isinstance(value, dict):
        return "context"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float)):
        return {True: "true", False: "false", None: "null"}.get(value, repr(value)) if not is_number(value) \
            else repr(value)
    return ""


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
            raise FeelEvaluationError(f"'{op}' needs booleans, not {type_name(v)} {describe(v)}")




def _arithmetic(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "+" and isinstance(a, str) and isinstance(b, str):
        return a + b
    if not (is_number(a) and is_number(b)):
        raise FeelEvaluationError(f"'{op}' needs numbers{' or two strings' if op == '+' else ''}, not "
                                  f"{type_name(a)} {describe(a)} and {type_name(b)} {describe(b)}")
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise FeelEvaluationError("division by zero")
            if isinstance(a, int) and isinstance(b, int) and a % b == 0:
                return a // b
            return a / b
        result = a ** b
    except OverflowError:
        raise FeelEvaluationError(f"'{op}' overflows") from None
    if isinstance(result, complex) or (isinstance(result, float) and not math.isfinite(result)):
        raise FeelEvaluationError(f"{describe(a)} ** {describe(b)} has no real result")
    return result


def _negate(value: Any) -> Any:
    if value is None:
        return None
    if not is_number(value):
        raise FeelEvaluationError(f"'-' needs a number, not {type_name(value)} {describe(value)}")
    return -value


def compare(op: str, a: Any, b: Any) -> bool | None:
    """FEEL comparison: ``=`` and ``!=`` of anything (values of different types are not equal,
    null equals only null); ``< <= > >=`` of two numbers, two strings or two dates (null when
    either is null; other types are an error)."""
    if op in ("=", "!="):
        equal = _equal(a, b)
        return equal if op == "=" else not equal
    if a is None or b is None:
        return None
    if not ((is_number(a) and is_number(b)) or (isinstance(a, str) and isinstance(b, str))
            or (isinstance(a, datetime) and isinstance(b, datetime))):
        raise FeelEvaluationError(f"cannot compare {type_name(a)} {describe(a)} with {type_name(b)} {describe(b)} "
                                  f"using '{op}'")
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if is_number(a) and is_number(b):
        return bool(a == b)
    if type(a) is not type(b) and not (isinstance(a, datetime) and isinstance(b, datetime)):
        return False
    return bool(a == b)


def _date_and_time(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise FeelEvaluationError(f"date and time() cannot read {describe(value) or type_name(value)}; write "
                                  '"yyyy-MM-ddTHH:mm:ss"')
    return parsed


def _date(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
        if day is not None:
            return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    raise FeelEvaluationError(f"date() cannot read {describe(value) or type_name(value)}; write \"yyyy-MM-dd\"")


def _not(value: Any) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise FeelEvaluationError(f"not() needs a boolean, not {type_name(value)} {describe(value)}")
    return not value


_FUNCTIONS: dict[str, Callable[[Any], Any]] = {"not": _not, "date and time": _date_and_time, "date": _date}
