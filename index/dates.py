"""Published dates as articles carry them: ISO dates from the web, looser forms in hand-written files."""

from __future__ import annotations

import re
from datetime import date, datetime

_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%Y/%m/%d", "%d.%m.%Y")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str | None) -> date | None:
    """The calendar day of ``value`` ("2025-08-28", "2025-08-28T07:30:00Z", "28 Aug 2025"...), or None."""
    if not value:
        return None
    value = value.strip()
    match = _ISO_DAY.match(value)
    if match:
        try:
            return date.fromisoformat(match.group(0))
        except ValueError:
            return None
    for pattern in _FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def display_date(value: str | None) -> str | None:
    """"28 Aug 2025" for a date that parses; the text as written otherwise; None when there is none."""
    day = parse_date(value)
    if day is None:
        return value.strip() or None if value else None
    return f"{day.day} {day.strftime('%b')} {day.year}"


def byline(source: str | None, published: str | None) -> str | None:
    """"Site · 28 Aug 2025", either part alone, or None: shown beside a quote."""
    parts = [p for p in ((source or "").strip() or None, display_date(published)) if p]
    return " · ".join(parts) or None
