"""ISO 8601 timer values: what deployments accept, and the arithmetic of durations."""

from __future__ import annotations

import datetime as dt

import pytest

from server.engine.bpmn import timers
from server.engine.bpmn.spec import TimerKind
from server.engine.bpmn.timers import Cycle, IsoDuration

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("PT5M", IsoDuration(minutes=5)),
        ("P1D", IsoDuration(days=1)),
        ("P2W", IsoDuration(weeks=2)),
        ("P1Y2M3DT4H5M6S", IsoDuration(1, 2, 0, 3, 4, 5, 6.0)),
        ("PT0.5S", IsoDuration(seconds=0.5)),
        ("PT1,5S", IsoDuration(seconds=1.5)),
        (" PT10M ", IsoDuration(minutes=10)),
        ("PT36H", IsoDuration(hours=36)),
    ],
)
def test_durations(text: str, duration: IsoDuration) -> None:
    assert timers.parse_duration(text) == duration


@pytest.mark.parametrize("text", ["P", "PT", "P1DT", "5M", "PT5", "P-1D", "PT5m", "P1.5D", "PT٣M", "P99999999D", ""])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        timers.parse_duration(text)


def test_adding_durations_clamps_months() -> None:
    start = dt.datetime(2030, 1, 31, 10, 0, tzinfo=UTC)
    assert IsoDuration(months=1).add_to(start) == dt.datetime(2030, 2, 28, 10, 0, tzinfo=UTC)
    assert IsoDuration(years=2, months=1).add_to(dt.datetime(2030, 1, 29, tzinfo=UTC)) == dt.datetime(
        2032, 2, 29, tzinfo=UTC
    )
    assert IsoDuration(months=13, days=1, hours=2).add_to(start) == dt.datetime(2031, 3, 1, 12, 0, tzinfo=UTC)
    assert IsoDuration(weeks=1, seconds=1.5).add_to(start) == start + dt.timedelta(days=7, seconds=1.5)
    with pytest.raises(ValueError):
        IsoDuration(years=9000).add_to(start)


@pytest.mark.parametrize(
    ("text", "instant"),
    [
        ("2030-01-31T09:00:00Z", dt.datetime(2030, 1, 31, 9, tzinfo=UTC)),
        ("2030-01-31T09:00:00+02:00", dt.datetime(2030, 1, 31, 7, tzinfo=UTC)),
        ("2030-01-31T09:00:00", dt.datetime(2030, 1, 31, 9, tzinfo=UTC)),  # no offset: UTC
        ("2030-01-31T09:00:00.250Z", dt.datetime(2030, 1, 31, 9, 0, 0, 250000, tzinfo=UTC)),
        ("2030-01-31", dt.datetime(2030, 1, 31, tzinfo=UTC)),
    ],
)
def test_dates(text: str, instant: dt.datetime) -> None:
    assert timers.parse_date(text) == instant


@pytest.mark.parametrize("text", ["tomorrow", "2030-13-01T00:00:00Z", "31/01/2030", ""])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueError):
        timers.parse_date(text)


@pytest.mark.parametrize(
    ("text", "cycle"),
    [
        ("R3/PT10M", Cycle(3, IsoDuration(minutes=10))),
        ("R/P1D", Cycle(None, IsoDuration(days=1))),
        ("R2/2030-01-01T00:00:00Z/PT1H", Cycle(2, IsoDuration(hours=1), start=dt.datetime(2030, 1, 1, tzinfo=UTC))),
        ("R5/PT1H/2030-01-01T00:00:00Z", Cycle(5, IsoDuration(hours=1), end=dt.datetime(2030, 1, 1, tzinfo=UTC))),
    ],
)
def test_cycles(text: str, cycle: Cycle) -> None:
    assert timers.parse_cycle(text) == cycle


@pytest.mark.parametrize("text", ["R3", "Rx/PT1M", "R3/PT1M/PT2M/PT3M", "R3/soon", "0 0 9 * * ?", "every day", "R99999999999/PT1M"])
def test_bad_cycles(text: str) -> None:
    with pytest.raises(ValueError):
        timers.parse_cycle(text)


def test_cron_is_recognised_to_be_refused() -> None:
    assert timers.is_cron("0 0 9 * * ?")
    assert timers.is_cron("0 0/5 14,18 * * ? 2030")
    assert timers.is_cron("0 15 10 ? * MON-FRI")
    assert not timers.is_cron("R3/PT1M")
    assert not timers.is_cron("every day at nine")


def test_validate_timer_by_kind() -> None:
    timers.validate_timer(TimerKind.DATE, "2030-01-01T00:00:00Z")
    timers.validate_timer(TimerKind.DURATION, "PT1M")
    timers.validate_timer(TimerKind.CYCLE, "R/PT1M")
    with pytest.raises(ValueError):
        timers.validate_timer(TimerKind.DURATION, "2030-01-01T00:00:00Z")
    with pytest.raises(ValueError):
        timers.validate_timer(TimerKind.DATE, "PT1M")


@pytest.mark.parametrize("text", ["R5/PT1M", "PT1M", "PT1M,PT5M,PT10M", " R3/PT5M "])
def test_retry_cycles(text: str) -> None:
    timers.validate_retry_cycle(text)


@pytest.mark.parametrize("text", ["R/PT1M", "R3/2030-01-01T00:00:00Z/PT1M", "often", "PT1M,,PT2M", ""])
def test_bad_retry_cycles(text: str) -> None:
    with pytest.raises(ValueError):
        timers.validate_retry_cycle(text)
