"""ISO 8601 timer values of BPMN timer events: dates, durations and cycles.

The parser validates constant timer texts with these functions at deployment; the runtime uses
them again on the evaluated text of expression timers. A date without a UTC offset is read as UTC.
Cycles are ``R[n]/<duration>``, ``R[n]/<start>/<duration>`` or ``R[n]/<duration>/<end>``
(``R/…`` repeats without end). Cron expressions are not supported: ``is_cron`` recognises them so
the parser can refuse them by name."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from server.engine.bpmn.spec import TimerKind

_DURATION = re.compile(
    r"P(?!\Z)(?:(?P<years>[0-9]+)Y)?(?:(?P<months>[0-9]+)M)?(?:(?P<weeks>[0-9]+)W)?(?:(?P<days>[0-9]+)D)?"
    r"(?:T(?=[0-9])(?:(?P<hours>[0-9]+)H)?(?:(?P<minutes>[0-9]+)M)?(?:(?P<seconds>[0-9]+(?:[.,][0-9]+)?)S)?)?\Z"
)
_CRON_FIELD = re.compile(r"[0-9A-Za-z*?/,\-#]+\Z")
_MAX_REPETITIONS = 1_000_000_000


@dataclass(frozen=True)
class IsoDuration:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: float = 0.0

    def add_to(self, instant: _dt.datetime) -> _dt.datetime:
        """``instant`` plus this duration; months and years clamp to the end of the month."""
        month_index = instant.month - 1 + self.months + 12 * self.years
        year = instant.year + month_index // 12
        month = month_index % 12 + 1
        if year > _dt.MAXYEAR:
            raise ValueError("the timer falls after year 9999")
        day = min(instant.day, calendar.monthrange(year, month)[1])
        moved = instant.replace(year=year, month=month, day=day)
        try:
            return moved + _dt.timedelta(
                weeks=self.weeks, days=self.days, hours=self.hours, minutes=self.minutes, seconds=self.seconds
            )
        except OverflowError:  # P1000000W: a ValueError, as every other timer that cannot be
            raise ValueError("the timer falls after year 9999") from None


@dataclass(frozen=True)
class Cycle:
    """A repeating timer: ``repetitions`` None means unbounded."""

    repetitions: int | None = None
    interval: IsoDuration | None = None
    start: _dt.datetime | None = None
    end: _dt.datetime | None = None


def parse_duration(text: str) -> IsoDuration:
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as PT5M or P1DT12H")
    parts = {k: v for k, v in match.groupdict().items() if v is not None}
    seconds = float(parts.pop("seconds", "0").replace(",", "."))
    values = {k: int(v) for k, v in parts.items()}
    if any(v > 1_000_000 for v in values.values()) or seconds > 1e9:
        raise ValueError(f"duration {text!r} is too large")
    return IsoDuration(seconds=seconds, **values)


def parse_date(text: str) -> _dt.datetime:
    value = text.strip()
    try:
        parsed = _dt.datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value)
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 date-time such as 2030-01-31T09:00:00Z") from None
    if "T" not in value and " " not in value and len(value) <= 10:
        parsed = _dt.datetime.combine(parsed.date(), _dt.time())
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed.astimezone(_dt.timezone.utc)


def parse_cycle(text: str) -> Cycle:
    value = text.strip()
    if value.startswith("R"):
        pieces = value.split("/")
        count = pieces[0][1:]
        if not (2 <= len(pieces) <= 3) or not re.fullmatch(r"[0-9]*", count):
            raise ValueError(f"{text!r} is not a cycle such as R3/PT10M or R/2030-01-01T00:00:00Z/P1D")
        repetitions = int(count) if count else None
        if repetitions is not None and repetitions > _MAX_REPETITIONS:
            raise ValueError(f"cycle {text!r} repeats too often")
        if len(pieces) == 2:
            return Cycle(repetitions, parse_duration(pieces[1]))
        if pieces[1].startswith("P"):
            return Cycle(repetitions, parse_duration(pieces[1]), end=parse_date(pieces[2]))
        return Cycle(repetitions, parse_duration(pieces[2]), start=parse_date(pieces[1]))
    raise ValueError(f"{text!r} is not an ISO 8601 repeating interval such as R3/PT10M")


def is_cron(text: str) -> bool:
    """Whether ``text`` looks like a Quartz cron expression (6 or 7 fields), as Camunda allows."""
    fields = text.split()
    return len(fields) in (6, 7) and all(_CRON_FIELD.match(f) for f in fields)


def validate_timer(kind: TimerKind, text: str) -> None:
    """Raise ValueError when ``text`` is not a valid value for a timer of ``kind``."""
    if kind is TimerKind.DATE:
        parse_date(text)
    elif kind is TimerKind.DURATION:
        parse_duration(text)
    else:
        parse_cycle(text)


def validate_retry_cycle(text: str) -> None:
    """camunda:failedJobRetryTimeCycle: ``R5/PT1M`` or a comma-separated list of durations."""
    value = text.strip()
    if value.startswith("R"):
        cycle = parse_cycle(value)
        if cycle.start is not None or cycle.end is not None:
            raise ValueError(f"{text!r} is not a retry cycle such as R5/PT1M")
        if cycle.repetitions is None:
            raise ValueError(f"retry cycle {text!r} needs a number of retries (R5/PT1M)")
        return
    for part in value.split(","):
        parse_duration(part)
