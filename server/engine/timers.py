"""When timers fire: the evaluated value of a timer definition turned into a due date, and what
remains of a cycle after each firing. Parsing is server.engine.bpmn.timers (shared with the
parser, which checks constant values at deployment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.engine.bpmn import timers as iso
from server.engine.bpmn.spec import TimerKind


class TimerError(ValueError):
    """A timer value that cannot be understood."""


@dataclass(frozen=True)
class Schedule:
    """When a timer fires first, and the cycle that remains after that (None: no repeat)."""

    due: datetime
    repeat: str | None = None


def schedule(kind: TimerKind, value: object, now: datetime) -> Schedule:
    try:
        if isinstance(value, datetime) and kind is TimerKind.DATE:
            return Schedule(value)
        text = str(value).strip()
        if kind is TimerKind.DATE:
            return Schedule(iso.parse_date(text))
        if kind is TimerKind.DURATION:
            return Schedule(iso.parse_duration(text).add_to(now))
        if iso.is_cron(text):
            raise TimerError(f"cron cycles such as {text!r} are not supported; use R<n>/<duration>")
        cycle = iso.parse_cycle(text)
        due = cycle.start if cycle.start is not None else cycle.interval.add_to(now)  # type: ignore[union-attr]
        return Schedule(due, _remaining(text, cycle, due))
    except TimerError:
        raise
    except ValueError as error:
        raise TimerError(str(error)) from None


def next_firing(repeat: str, previous_due: datetime) -> Schedule | None:
    """The next firing of a cycle that fired at ``previous_due``; None when it is over."""
    cycle = iso.parse_cycle(repeat)
    assert cycle.interval is not None
    try:
        due = cycle.interval.add_to(previous_due)
    except ValueError:  # the next firing falls after the year 9999: the cycle is over
        return None
    if cycle.end is not None and due > cycle.end:
        return None
    return Schedule(due, _remaining(repeat, cycle, due))


def _remaining(text: str, cycle: iso.Cycle, due: datetime) -> str | None:
    """The cycle text left after one firing: one repetition fewer, the period and any end."""
    if cycle.end is not None and due >= cycle.end:
        return None
    pieces = text.strip().split("/")
    period = pieces[1] if pieces[1].startswith("P") else pieces[2]
    end = f"/{pieces[2]}" if pieces[1].startswith("P") and len(pieces) == 3 else ""
    if cycle.repetitions is None:
        return f"R/{period}{end}"
    left = cycle.repetitions - 1
    return f"R{left}/{period}{end}" if left > 0 else None
