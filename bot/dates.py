"""Dates in the knowledge base: `as_of`, `until` and `status_as_of` (YYYY, YYYY-MM or YYYY-MM-DD).

A date names a period (a year, a month or a day). "Today" is `today()`, which tests
replace (monkeypatch `bot.dates.today`) to check what happens once a date has passed.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import date, datetime, timedelta

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# A year as questions and answers write it ("2012", not "1575" or "2604", which name things).
YEAR = re.compile(r"(?:19|20)\d\d")
_FORMAT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FORMAT_HINT = 'a date written YYYY, YYYY-MM or YYYY-MM-DD (e.g. "2026-03")'


def today() -> date:
    """The date the bot answers on (replaced in tests): date.today(), worked out once a day.
    (Each answer asks it several times, and each time the clock is read as local time.)"""
    global _today
    now = time.time()
    day, start, end = _today
    if not start <= now < end:
        day = date.fromtimestamp(now)  # date.today() itself
        start = datetime.combine(day, datetime.min.time()).timestamp()  # its local midnight
        end = datetime.combine(day + timedelta(days=1), datetime.min.time()).timestamp()
        _today = day, start, end
    return day


_today = (date.min, 0.0, 0.0)  # (the day, from when and until when it is today, as timestamps)


def parse(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a well-formed date, month and day None when not given; else None."""
    match = _FORMAT.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def start(text: str) -> date:
    """The first day of the period a (well-formed) date names."""
    parsed = parse(text)
    assert parsed is not None, text
    year, month, day = parsed
    return date(year, month or 1, day or 1)


def end(text: str) -> date:
    """The last day of the period a (well-formed) date names."""
    parsed = parse(text)
    assert parsed is not None, text
    year, month, day = parsed
    if day is not None and month is not None:
        return date(year, month, day)
    if month is not None:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 12, 31)


def human(text: str) -> str:
    """'2026' -> '2026', '2026-03' -> 'March 2026', '2026-03-05' -> '5 March 2026'."""
    parsed = parse(text)
    if parsed is None:
        return text
    year, month, day = parsed
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def has_passed(until: str, on: date | None = None) -> bool:
    """Whether the period `until` names is over: 'until 2026-10' has passed on 1 November 2026."""
    return end(until) < (on or today())


def is_future(text: str, on: date | None = None) -> bool:
    """Whether the period a date names has not begun yet."""
    return start(text) > (on or today())


def months_before(on: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = on.year * 12 + on.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def newest(dates: list[str]) -> str | None:
    """The latest of well-formed dates (by the period's end), or None."""
    valid = [d for d in dates if parse(d) is not None]
    return max(valid, key=end) if valid else None
