"""The daily digest fires exactly once a local day, across both DST changes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest.commands.watch import DailyTrigger

DST_DAYS = [
    ("Europe/Riga", date(2026, 3, 29)),
    ("Europe/Riga", date(2026, 10, 25)),
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
]


@pytest.mark.parametrize(("zone", "day"), DST_DAYS)
@pytest.mark.parametrize("clock", ["07:00", "00:00", "01:30", "02:30", "03:30", "23:59"])
def test_once_per_day_across_dst(zone: str, day: date, clock: str) -> None:
    tz = ZoneInfo(zone)
    hour, minute = map(int, clock.split(":"))
    trigger = DailyTrigger(hour, minute, 0, tz)
    now = datetime.combine(day - timedelta(days=2), datetime.min.time(), tzinfo=tz)
    fires, previous = [], None
    for _ in range(5):
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None
        fires.append(fire)
        previous = fire
    local_days = [f.astimezone(tz).date() for f in fires]
    assert local_days == [day - timedelta(days=2) + timedelta(days=i) for i in range(5)]
    assert all(a < b for a, b in zip(fires, fires[1:], strict=False))


def test_last_due_is_latest_fire_at_or_before_now() -> None:
    tz = ZoneInfo("Europe/Riga")
    trigger = DailyTrigger(7, 0, 0, tz)
    assert trigger.last_due(datetime(2026, 3, 29, 6, 59, tzinfo=tz)) == datetime(
        2026, 3, 28, 7, 0, tzinfo=tz
    )
    assert trigger.last_due(datetime(2026, 3, 29, 7, 0, tzinfo=tz)) == datetime(
        2026, 3, 29, 7, 0, tzinfo=tz
    )
