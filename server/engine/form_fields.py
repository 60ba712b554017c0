"""The fields of generated forms (camunda:formData): what each field type accepts and how it
converts a value, and the built-in validation constraints, as the document's engine applies them
when a form is read or submitted. Pure functions over the parsed spec: no rows, no grpc.

A date field reads text in its pattern (java.text.SimpleDateFormat's letters; a subset, see
``date_pattern``); a date without a zone is UTC, as the engine's other dates."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from server.engine.bpmn.spec import FormField
from server.engine.variables import INTEGRAL, TypedValue, integer_text

_LONG = (-(2**63), 2**63 - 1)
# The variable type each field type holds its values in.
VALUE_TYPES = {"string": "string", "long": "long", "boolean": "boolean", "date": "date", "enum": "string"}
# Which constraints need a config, and of what: a length (minlength, maxlength) or a bound (min, max).
LENGTH_CONSTRAINTS = frozenset({"minlength", "maxlength"})
BOUND_CONSTRAINTS = frozenset({"min", "max"})
# The field types each constraint with a config applies to (required and readonly: every type).
APPLIES_TO = {"minlength": ("string", "enum"), "maxlength": ("string", "enum"), "min": ("long",), "max": ("long",)}
# A pseudo-constraint: the value does not fit the field's type (or is no value of its enum).
TYPE = "type"


class FieldFault(Exception):
    """A value the field refuses: ``constraint`` is the failing constraint's name (or TYPE)."""

    def __init__(self, constraint: str, detail: str, config: str | None = None) -> None:
        super().__init__(detail)
        self.constraint = constraint
        self.detail = detail
        self.config = config


# -- date patterns ----------------------------------------------------------------------------

# Pattern letter -> (the datetime part it reads, the most digits a value may have).
_NUMERIC = {"y": ("year", 4), "M": ("month", 2), "d": ("day", 2), "H": ("hour", 2), "m": ("minute", 2),
            "s": ("second", 2), "S": ("millisecond", 3)}
_LETTERS = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class DatePattern:
    """A compiled camunda:datePattern: reads text into a UTC instant."""

    text: str
    _regex: re.Pattern[str]
    _parts: tuple[str, ...]

    def parse(self, value: str) -> datetime | None:
        match = self._regex.fullmatch(value.strip())
        if match is None:
            return None
        found = dict(zip(self._parts, (int(g) for g in match.groups())))
        try:
            return datetime(found.get("year", 1970), found.get("month", 1), found.get("day", 1),
                            found.get("hour", 0), found.get("minute", 0), found.get("second", 0),
                            found.get("millisecond", 0) * 1000, tzinfo=timezone.utc)
        except ValueError:  # 31/02/2024: strict, where SimpleDateFormat is lenient
            return None


@functools.lru_cache(maxsize=256)
def date_pattern(text: str) -> DatePattern:
    """The pattern ``text`` (y, M, d, H, m, s, S as numbers; other characters and 'quoted text'
    as literals); ValueError naming what is not supported (month and day names, 12-hour clocks,
    zones, two-digit years) or repeated."""
    tokens: list[tuple[str, str]] = []  # ("letter", run) or ("literal", text)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "'":
            end = text.find("'", i + 1)
            if end == i + 1:  # '' writes a quote
                tokens.append(("literal", "'"))
                i += 2
                continue
            if end < 0:
                raise ValueError(f"unclosed quote at position {i + 1}")
            tokens.append(("literal", text[i + 1:end].replace("''", "'")))
            i = end + 1
            continue
        if _LETTERS.fullmatch(ch):
            run = i
            while run < len(text) and text[run] == ch:
                run += 1
            tokens.append(("letter", text[i:run]))
            i = run
            continue
        tokens.append(("literal", ch))
        i += 1
    regex, parts = [], []
    for index, (kind, token) in enumerate(tokens):
        if kind == "literal":
            regex.append(re.escape(token))
            continue
        letter = token[0]
        if letter not in _NUMERIC or (letter == "M" and len(token) > 2) or (letter == "y" and len(token) == 2):
            raise ValueError(f"pattern letters {token!r} are not supported (use y, M, MM, d, H, m, s and S as numbers; "
                             "yyyy for the year)")
        part, widest = _NUMERIC[letter]
        if part in parts:
            raise ValueError(f"{token!r} repeats the {part}")
        parts.append(part)
        # A number followed directly by another has exactly as many digits as letters.
        adjacent = index + 1 < len(tokens) and tokens[index + 1][0] == "letter"
        regex.append(f"([0-9]{{{len(token)}}})" if adjacent else f"([0-9]{{1,{max(widest, len(token))}}})")
    if not parts:
        raise ValueError("the pattern reads no part of a date")
    return DatePattern(text, re.compile("".join(regex)), tuple(parts))


# -- values -----------------------------------------------------------------------------------


def null_of(form_field: FormField) -> TypedValue:
    """The field's value when nothing is given: a null of its type."""
    return TypedValue(VALUE_TYPES[form_field.type], None)


def convert(form_field: FormField, raw: Any, kind: str | None = None) -> TypedValue:
    """``raw`` (a submitted value of variable type ``kind``, or a default: text from the model
    or an expression's value, ``kind`` None) as the field's type holds it; FieldFault(TYPE) when
    it does not fit. Blank text is no value for every type but string."""
    field_type = form_field.type
    if raw is None or (isinstance(raw, str) and not raw.strip() and field_type != "string"):
        return null_of(form_field)
    what = f"{raw!r}" if kind is None else f"{raw!r} ({kind})"

    def fault(detail: str) -> FieldFault:
        return FieldFault(TYPE, f"{what} {detail}")

    if kind in ("json", "bytes", "file", "object") or isinstance(raw, (dict, list, bytes)):
        raise fault(f"cannot be the value of a {field_type} field")
    if field_type == "string":
        if isinstance(raw, datetime):
            raise fault("is a date, not text")
        if isinstance(raw, bool):
            return TypedValue("string", "true" if raw else "false")
        if isinstance(raw, float) and raw.is_integer():
            return TypedValue("string", str(int(raw)))
        return TypedValue("string", str(raw))
    if field_type == "long":
        number: int | None = None
        if isinstance(raw, bool):
            number = None
        elif isinstance(raw, int) and (kind is None or kind in INTEGRAL or kind == "double"):
            number = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        elif isinstance(raw, str):
            number = integer_text(raw)
        if number is None:
            raise fault("is not a whole number")
        if not _LONG[0] <= number <= _LONG[1]:
            raise fault("is out of range for a long field")
        return TypedValue("long", number)
    if field_type == "boolean":
        if isinstance(raw, bool):
            return TypedValue("boolean", raw)
        if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
            return TypedValue("boolean", raw.strip().lower() == "true")
        raise fault("is not true or false")
    if field_type == "date":
        if isinstance(raw, datetime):
            return TypedValue("date", raw.astimezone(timezone.utc))
        pattern = form_field.date_pattern or ""
        parsed = date_pattern(pattern).parse(raw) if isinstance(raw, str) else None
        if parsed is None:
            raise fault(f"is not a date in the pattern {pattern!r}")
        return TypedValue("date", parsed)
    # enum
    ids = [value_id for value_id, _ in form_field.enum_values]
    if not isinstance(raw, str) or raw not in ids:
        raise fault("is not one of the enum's values: " + (", ".join(ids) or "(none)"))
    return TypedValue("string", raw)


def check(form_field: FormField, given: bool, value: TypedValue, existing: TypedValue | None) -> None:
    """The field's constraints, in the model's order, over a submitted value (``given``: one was
    submitted, null or not; ``value`` converted) and the variable of the field's id it would
    replace; FieldFault of the first that fails."""
    v = value.value
    for constraint in form_field.constraints:
        name, config = constraint.name, constraint.config
        if name == "required":
            if (v is None or v == "") and (v == "" or existing is None or existing.value is None):
                raise FieldFault(name, "is required")
        elif name == "readonly":
            if given and v is not None:
                raise FieldFault(name, "is read-only: submit no value for it")
        elif v is None:
            continue  # the other constraints accept no value, as the document's engine's
        elif name == "minlength" and len(v) < int(config or 0):
            raise FieldFault(name, f"{v!r} is shorter than {config} characters", config)
        elif name == "maxlength" and len(v) > int(config or 0):
            raise FieldFault(name, f"{v!r} is longer than {config} characters", config)
        elif name == "min" and v < int(config or 0):
            raise FieldFault(name, f"{v} is less than {config}", config)
        elif name == "max" and v > int(config or 0):
            raise FieldFault(name, f"{v} is more than {config}", config)


def config_problem(field_type: str, name: str, config: str | None) -> str | None:
    """Why a built-in constraint cannot apply to a field of ``field_type`` (None when it can)."""
    if name in APPLIES_TO and field_type not in APPLIES_TO[name]:
        return f"{name} applies to {' and '.join(APPLIES_TO[name])} fields, not to a {field_type} field"
    if name in LENGTH_CONSTRAINTS:
        number = integer_text(config or "")
        if number is None or number < 0:
            return f"{name} needs a config that is a length (a whole number from 0), not {config!r}"
    if name in BOUND_CONSTRAINTS:
        number = integer_text(config or "")
        if number is None or not _LONG[0] <= number <= _LONG[1]:
            return f"{name} needs a config that is a whole number, not {config!r}"
    return None
