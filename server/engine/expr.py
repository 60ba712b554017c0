"""A safe evaluator for the JUEL subset Camunda models use in conditions and attributes.

Text is plain (``payments``), a single ``${…}`` (evaluates to the value's own type) or composite
(``order-${orderId}``, always a string). ``#{…}`` is accepted as a synonym of ``${…}``, and
``\\${`` writes a literal ``${``. Expressions compile once into closures over a small grammar:
literals, variables, ``a.b`` / ``a['b']`` / ``a[0]`` on dicts and lists (JSON variables), unary
``-`` ``!`` ``not`` ``empty``, ``+ - * / % div mod``, ``== != < > <= >= eq ne lt gt le ge``,
``&& and || or`` (short-circuit) and ``?:``. There are no function or method calls and nothing
ever reads a Python attribute: Python's ``eval``/``exec``/``compile`` are never used.

Coercions follow the EL 2.2 specification that JUEL implements, with two deliberate choices:
- ``+`` is arithmetic only, as in JUEL: a string that reads as a number is coerced (``'2' + 3``
  is 5), any other string is an error (write ``${a}${b}`` to concatenate).
- A string compared with or added to a number is read as a decimal when it contains ``.``, ``e``
  or ``E`` and as an integer otherwise; errors that Java would raise (``1 / 0``, an integer outside
  the 64-bit range) raise ``EvaluationError`` instead of producing Infinity or wrapping around.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

MAX_EXPRESSION_LENGTH = 4000
MAX_NESTING_DEPTH = 32

_LONG_MIN = -(2**63)
_LONG_MAX = 2**63 - 1

_DIGITS = frozenset("0123456789")
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")

Lookup = Callable[[str], Any]
_Fn = Callable[[Lookup], Any]


class ExpressionError(ValueError):
    """Malformed expression text. ``position`` is 1-based into ``text``."""

    def __init__(self, text: str, position: int, detail: str) -> None:
        super().__init__(f"{detail} at position {position}")
        self.text = text
        self.position = position
        self.detail = detail


class EvaluationError(ValueError):
    """An expression could not be evaluated against the given variables.

    ``name`` is the unknown variable when that is the cause; ``expression`` the source text."""

    def __init__(self, message: str, *, name: str | None = None, expression: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.expression = expression


@dataclass(frozen=True, eq=False)
class Expression:
    """A compiled expression; equal to another when the source text is the same."""

    text: str
    variable_names: frozenset[str]
    is_constant: bool
    constant: str | None
    _fn: _Fn = field(repr=False)
    # Literal text mixed with ${…} parts, or several parts: always evaluates to a string.
    is_composite: bool = False

    def evaluate(self, lookup: Lookup) -> Any:
        """The value, given ``lookup(name)`` (which raises KeyError for an unknown variable)."""
        try:
            return self._fn(lookup)
        except EvaluationError as error:
            if error.expression is None:
                error.expression = self.text
            raise

    def evaluate_condition(self, lookup: Lookup) -> bool:
        """The value of a sequence-flow condition, which must be a boolean (as in Camunda)."""
        value = self.evaluate(lookup)
        if not isinstance(value, bool):
            raise EvaluationError(
                f"condition expression returns non-Boolean: {_what(value)}",
                expression=self.text,
            )
        return value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


@functools.lru_cache(maxsize=2048)
def compile_expression(text: str) -> Expression:
    """Compile ``text``; raises ExpressionError naming the position of the first fault."""
    if not isinstance(text, str):
        raise TypeError("expression text must be a str")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            text[:100], MAX_EXPRESSION_LENGTH + 1, f"expression is longer than {MAX_EXPRESSION_LENGTH} characters"
        )
    parts: list[str | _Fn] = []
    names: set[str] = set()
    literal: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and text.startswith(("${", "#{"), i + 1):
            literal.append(text[i + 1 : i + 3])
            i += 3
            continue
        if ch in "$#" and text.startswith("{", i + 1):
            if literal:
                parts.append("".join(literal))
                literal = []
            tokens, i = _tokenize(text, i + 2)
            fn, used = _Parser(text, tokens).parse()
            names |= used
            parts.append(fn)
            continue
        literal.append(ch)
        i += 1
    if literal:
        parts.append("".join(literal))

    if not parts:
        return Expression(text, frozenset(), True, "", lambda lookup: "")
    if len(parts) == 1 and isinstance(parts[0], str):
        constant = parts[0]
        return Expression(text, frozenset(), True, constant, lambda lookup: constant)
    if len(parts) == 1:
        return Expression(text, frozenset(names), False, None, parts[0])  # type: ignore[arg-type]

    frozen = tuple(parts)

    def composite(lookup: Lookup) -> str:
        return "".join(p if isinstance(p, str) else to_text(p(lookup)) for p in frozen)

    return Expression(text, frozenset(names), False, None, composite, is_composite=True)


# -- tokens -----------------------------------------------------------------------------------

_KEYWORDS = frozenset(
    {"true", "false", "null", "and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "empty", "div", "mod",
     "instanceof"}
)
_TWO_CHAR_OPS = frozenset({"==", "!=", "<=", ">=", "&&", "||"})
_ONE_CHAR_OPS = frozenset("<>!+-*/%?:()[].")
_BAD_OPERATOR_HINTS = {
    "=": "unknown operator '=' (use '==' to compare)",
    "&": "unknown operator '&' (use '&&' or 'and')",
    "|": "unknown operator '|' (use '||' or 'or')",
    "{": "unexpected '{' (collection literals are not supported)",
    ",": "unexpected ',' (function calls are not supported)",
    ";": "unexpected ';' (only one expression is allowed)",
}
_ESCAPES = {"\\": "\\", "'": "'", '"': '"'}


@dataclass(frozen=True)
class _Token:
    kind: str  # int, float, str, ident, kw, op, end
    value: Any
    pos: int  # 1-based position in the whole text


def _tokenize(text: str, i: int) -> tuple[list[_Token], int]:
    """Tokens of the expression starting at ``i`` (after ``${``) up to and including its ``}``."""
    tokens: list[_Token] = []
    n = len(text)
    start_of_expression = i - 1
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            raise ExpressionError(text, start_of_expression, "unterminated expression: missing '}'")
        ch = text[i]
        pos = i + 1
        if ch == "}":
            tokens.append(_Token("end", "}", pos))
            return tokens, i + 1
        if ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            i = _number(text, i, tokens)
        elif ch in "'\"":
            i = _string(text, i, tokens)
        elif ch.isalpha() or ch in "_$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            word = text[i:j]
            tokens.append(_Token("kw" if word in _KEYWORDS else "ident", word, pos))
            i = j
        elif text[i : i + 2] in _TWO_CHAR_OPS:
            tokens.append(_Token("op", text[i : i + 2], pos))
            i += 2
        elif ch in _ONE_CHAR_OPS:
            tokens.append(_Token("op", ch, pos))
            i += 1
        else:
            raise ExpressionError(text, pos, _BAD_OPERATOR_HINTS.get(ch, f"unexpected character {ch!r}"))


def _number(text: str, i: int, tokens: list[_Token]) -> int:
    n = len(text)
    start = i
    while i < n and text[i] in _DIGITS:
        i += 1
    is_float = False
    if i < n and text[i] == "." and not (i + 1 < n and (text[i + 1].isalpha() or text[i + 1] in "_$")):
        is_float = True
        i += 1
        while i < n and text[i] in _DIGITS:
            i += 1
    if i < n and text[i] in "eE":
        j = i + 1
        if j < n and text[j] in "+-":
            j += 1
        if j < n and text[j] in _DIGITS:
            is_float = True
            i = j
            while i < n and text[i] in _DIGITS:
                i += 1
        else:
            raise ExpressionError(text, i + 1, "malformed number: exponent without digits")
    if i < n and (text[i].isalpha() or text[i] in "_$"):
        raise ExpressionError(text, i + 1, f"malformed number {text[start:i + 1]!r}")
    literal = text[start:i]
    if is_float:
        value: int | float = float(literal)
        if math.isinf(value):
            raise ExpressionError(text, start + 1, f"number {literal} is out of range")
        tokens.append(_Token("float", value, start + 1))
    else:
        value = int(literal)
        if value > _LONG_MAX:
            raise ExpressionError(text, start + 1, f"integer {literal} is out of range")
        tokens.append(_Token("int", value, start + 1))
    return i


def _string(text: str, i: int, tokens: list[_Token]) -> int:
    quote = text[i]
    start = i
    i += 1
    chars: list[str] = []
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == quote:
            tokens.append(_Token("str", "".join(chars), start + 1))
            return i + 1
        if ch == "\\":
            nxt = text[i + 1] if i + 1 < n else ""
            if nxt not in _ESCAPES:
                raise ExpressionError(
                    text, i + 1, "invalid escape in string literal (only \\\\, \\' and \\\" are allowed)"
                )
            chars.append(_ESCAPES[nxt])
            i += 2
            continue
        chars.append(ch)
        i += 1
    raise ExpressionError(text, start + 1, "unterminated string literal")


# -- parser -----------------------------------------------------------------------------------

_EQUALITY = {"==": "==", "eq": "==", "!=": "!=", "ne": "!="}
_RELATIONAL = {"<": "<", "lt": "<", ">": ">", "gt": ">", "<=": "<=", "le": "<=", ">=": ">=", "ge": ">="}
_ADDITIVE = {"+": "+", "-": "-"}
_MULTIPLICATIVE = {"*": "*", "/": "/", "div": "/", "%": "%", "mod": "%"}


class _Parser:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.names: set[str] = set()

    def parse(self) -> tuple[_Fn, set[str]]:
        if self._peek().kind == "end":
            raise self._error(self._peek(), "empty expression")
        fn = self._expression()
        token = self._peek()
        if token.kind != "end":
            raise self._error(token, f"unexpected {_show(token)} after the end of the expression")
        return fn, self.names

    # helpers
    def _peek(self, offset: int = 0) -> _Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def _next(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def _is(self, *values: str) -> bool:
        token = self._peek()
        return token.kind in ("op", "kw") and token.value in values

    def _expect(self, value: str) -> _Token:
        token = self._peek()
        if not (token.kind in ("op", "kw", "end") and token.value == value):
            raise self._error(token, f"expected '{value}' but found {_show(token)}")
        return self._next()

    def _error(self, token: _Token, detail: str) -> ExpressionError:
        return ExpressionError(self.text, token.pos, detail)

    def _enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING_DEPTH:
            raise self._error(token, f"expression nests deeper than {MAX_NESTING_DEPTH} levels")

    # grammar, lowest precedence first
    def _expression(self) -> _Fn:
        self._enter(self._peek())
        try:
            return self._ternary()
        finally:
            self.depth -= 1

    def _ternary(self) -> _Fn:
        condition = self._or()
        if not self._is("?"):
            return condition
        self._next()
        when_true = self._expression()
        self._expect(":")
        when_false = self._expression()

        def ternary(lookup: Lookup) -> Any:
            return when_true(lookup) if _to_bool(condition(lookup)) else when_false(lookup)

        return ternary

    def _or(self) -> _Fn:
        operands = [self._and()]
        while self._is("||", "or"):
            self._next()
            operands.append(self._and())
        if len(operands) == 1:
            return operands[0]
        chain = tuple(operands)

        def any_true(lookup: Lookup) -> bool:
            return any(_to_bool(fn(lookup)) for fn in chain)

        return any_true

    def _and(self) -> _Fn:
        operands = [self._equality()]
        while self._is("&&", "and"):
            self._next()
            operands.append(self._equality())
        if len(operands) == 1:
            return operands[0]
        chain = tuple(operands)

        def all_true(lookup: Lookup) -> bool:
            return all(_to_bool(fn(lookup)) for fn in chain)

        return all_true

    def _binary_chain(self, operators: dict[str, str], operand: Callable[[], _Fn], apply: Callable[[str, Any, Any], Any]) -> _Fn:
        first = operand()
        rest: list[tuple[str, _Fn]] = []
        while self._peek().kind in ("op", "kw") and self._peek().value in operators:
            op = operators[self._next().value]
            rest.append((op, operand()))
        if not rest:
            return first
        steps = tuple(rest)

        def chain(lookup: Lookup) -> Any:
            value = first(lookup)
            for op, fn in steps:
                value = apply(op, value, fn(lookup))
            return value

        return chain

    def _equality(self) -> _Fn:
        return self._binary_chain(_EQUALITY, self._relational, _equality)

    def _relational(self) -> _Fn:
        return self._binary_chain(_RELATIONAL, self._additive, _relational)

    def _additive(self) -> _Fn:
        return self._binary_chain(_ADDITIVE, self._multiplicative, _arithmetic)

    def _multiplicative(self) -> _Fn:
        return self._binary_chain(_MULTIPLICATIVE, self._unary, _arithmetic)

    def _unary(self) -> _Fn:
        token = self._peek()
        if token.kind in ("op", "kw") and token.value in ("-", "!", "not", "empty"):
            self._next()
            self._enter(token)
            try:
                operand = self._unary()
            finally:
                self.depth -= 1
            if token.value == "-":
                return lambda lookup: _negate(operand(lookup))
            if token.value == "empty":
                return lambda lookup: _is_empty(operand(lookup))
            return lambda lookup: not _to_bool(operand(lookup))
        return self._postfix()

    def _postfix(self) -> _Fn:
        base = self._primary()
        accessors: list[_Fn | str] = []
        while self._is(".", "["):
            token = self._next()
            if token.value == ".":
                name = self._next()
                if name.kind not in ("ident", "kw"):
                    raise self._error(name, f"expected a property name after '.' but found {_show(name)}")
                if self._is("("):
                    raise self._error(self._peek(), f"method calls are not supported ({name.value}(...))")
                accessors.append(name.value)
            else:
                accessors.append(self._expression())
                self._expect("]")
        if self._is("("):
            raise self._error(self._peek(), "function calls are not supported")
        if not accessors:
            return base
        steps = tuple(accessors)

        def access(lookup: Lookup) -> Any:
            value = base(lookup)
            for step in steps:
                value = _property(value, step if isinstance(step, str) else step(lookup))
            return value

        return access

    def _primary(self) -> _Fn:
        token = self._next()
        if token.kind in ("int", "float", "str"):
            value = token.value
            return lambda lookup: value
        if token.kind == "kw":
            if token.value in ("true", "false", "null"):
                constant = {"true": True, "false": False, "null": None}[token.value]
                return lambda lookup: constant
            if token.value == "instanceof":
                raise self._error(token, "the instanceof operator is not supported")
            raise self._error(token, f"unexpected operator '{token.value}'")
        if token.kind == "ident":
            name = token.value
            if self._is(":") and self._peek(1).kind == "ident" and self._peek(2).value == "(":
                raise self._error(token, "function calls are not supported")
            if self._is("("):
                raise self._error(self._peek(), f"function calls are not supported ({name}(...))")
            self.names.add(name)
            return _variable(name)
        if token.kind == "op" and token.value == "(":
            if self._is(")"):
                raise self._error(self._peek(), "empty parentheses")
            inner = self._expression()
            self._expect(")")
            return inner
        if token.kind == "end":
            raise self._error(token, "unexpected end of expression")
        raise self._error(token, f"unexpected {_show(token)}")


def _show(token: _Token) -> str:
    if token.kind == "end":
        return "end of expression"
    if token.kind == "str":
        return f"string {token.value!r}"
    if token.kind in ("int", "float"):
        return f"number {token.value}"
    if token.kind == "ident":
        return f"name '{token.value}'"
    return f"'{token.value}'"


def _variable(name: str) -> _Fn:
    def variable(lookup: Lookup) -> Any:
        try:
            return lookup(name)
        except KeyError:
            raise EvaluationError(f"unknown property used in expression: {name}", name=name) from None

    return variable


# -- semantics (EL 2.2 coercion rules) --------------------------------------------------------


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, (_dt.datetime, _dt.date)):
        return "date"
    if isinstance(value, (bytes, bytearray)):
        return "bytes"
    return "value"


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if value is None or isinstance(value, (bool, int, float)):
        return to_text(value) or "null"
    return ""


def _what(value: Any) -> str:
    return f"{_type_name(value)} {_describe(value)}".rstrip()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _looks_decimal(value: Any) -> bool:
    return isinstance(value, float) or (isinstance(value, str) and any(c in value for c in ".eE"))


def _to_long(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        raise EvaluationError(f"cannot coerce boolean {to_text(value)} to a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        if value == "":
            return 0
        if not _INTEGER_TEXT.match(value.strip()):
            raise EvaluationError(f"cannot coerce string {_describe(value)} to a number")
        return int(value.strip(), 10)
    raise EvaluationError(f"cannot coerce {_type_name(value)} to a number")


def _to_double(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        raise EvaluationError(f"cannot coerce boolean {to_text(value)} to a number")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        if value == "":
            return 0.0
        if not _DECIMAL_TEXT.match(value.strip()):
            raise EvaluationError(f"cannot coerce string {_describe(value)} to a number")
        result = float(value.strip())
        if not math.isfinite(result):
            raise EvaluationError(f"cannot coerce string {_describe(value)} to a number")
        return result
    raise EvaluationError(f"cannot coerce {_type_name(value)} to a number")


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str):
        return value.lower() == "true"
    raise EvaluationError(f"cannot coerce {_what(value)} to a boolean")


def _long(value: int) -> int:
    if not _LONG_MIN <= value <= _LONG_MAX:
        raise EvaluationError("integer overflow: the result is outside the 64-bit range")
    return value


def _arithmetic(op: str, a: Any, b: Any) -> Any:
    if a is None and b is None:
        return 0
    for operand in (a, b):
        if isinstance(operand, str) and op == "+" and _not_numeric(operand):
            raise EvaluationError(
                f"'+' needs numbers but got string {_describe(operand)} ('+' does not concatenate strings; "
                "write ${a}${b} instead)"
            )
    if op == "/":
        divisor = _to_double(b)
        if divisor == 0:
            raise EvaluationError("division by zero")
        return _to_double(a) / divisor
    if _looks_decimal(a) or _looks_decimal(b):
        x, y = _to_double(a), _to_double(b)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if y == 0:
            raise EvaluationError("modulo by zero")
        return math.fmod(x, y)
    i, j = _to_long(a), _to_long(b)
    if op == "+":
        return _long(i + j)
    if op == "-":
        return _long(i - j)
    if op == "*":
        return _long(i * j)
    if j == 0:
        raise EvaluationError("modulo by zero")
    remainder = abs(i) % abs(j)  # Java's remainder takes the sign of the dividend
    return -remainder if i < 0 else remainder


def _not_numeric(text: str) -> bool:
    try:
        _to_double(text)
    except EvaluationError:
        return True
    return False


def _negate(value: Any) -> Any:
    if value is None:
        return 0
    if _looks_decimal(value):
        return -_to_double(value)
    return _long(-_to_long(value))


def _equality(op: str, a: Any, b: Any) -> bool:
    equal = _equals(a, b)
    return equal if op == "==" else not equal


def _equals(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if a is None or b is None:
        return False
    if _is_number(a) or _is_number(b):
        if _looks_decimal(a) or _looks_decimal(b):
            return _to_double(a) == _to_double(b)
        return _to_long(a) == _to_long(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return _to_bool(a) == _to_bool(b)
    if isinstance(a, str) or isinstance(b, str):
        return to_text(a) == to_text(b)
    try:
        return bool(a == b)
    except TypeError:
        return False


def _relational(op: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    if _is_number(a) or _is_number(b):
        if _looks_decimal(a) or _looks_decimal(b):
            x: Any = _to_double(a)
            y: Any = _to_double(b)
        else:
            x, y = _to_long(a), _to_long(b)
    elif isinstance(a, str) and isinstance(b, str):
        x, y = a, b
    elif type(a) is type(b) and isinstance(a, (bool, _dt.date)):
        x, y = a, b
    else:
        raise EvaluationError(f"cannot compare {_type_name(a)} with {_type_name(b)} using '{op}'")
    try:
        if op == "<":
            return bool(x < y)
        if op == ">":
            return bool(x > y)
        if op == "<=":
            return bool(x <= y)
        return bool(x >= y)
    except TypeError:  # e.g. a date with a time zone and one without
        raise EvaluationError(f"cannot compare {_type_name(a)} with {_type_name(b)} using '{op}'") from None


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, dict, bytes, bytearray)):
        return len(value) == 0
    return False


def _property(base: Any, key: Any) -> Any:
    if base is None:
        return None
    if isinstance(base, dict):
        try:
            if key in base:
                return base[key]
            if _is_number(key) and str(key) in base:
                return base[str(key)]
        except TypeError:
            raise EvaluationError(f"cannot use {_type_name(key)} as a property name") from None
        return None
    if isinstance(base, (list, tuple)):
        if isinstance(key, bool) or not isinstance(key, (int, str)):
            raise EvaluationError(f"cannot use {_what(key)} as an array index")
        if isinstance(key, str):
            if not _INTEGER_TEXT.match(key):
                raise EvaluationError(f"cannot use string {_describe(key)} as an array index")
            key = int(key, 10)
        return base[key] if 0 <= key < len(base) else None
    raise EvaluationError(f"cannot read property {to_text(key) if _is_scalar(key) else _type_name(key)!r} of {_type_name(base)}")


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, bool, int, float))


def to_text(value: Any) -> str:
    """A value as composite text shows it: null is empty, booleans are true/false, JSON is JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        try:
            return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            raise EvaluationError(f"cannot write {_type_name(value)} as text") from None
    raise EvaluationError(f"cannot write {_type_name(value)} as text")
