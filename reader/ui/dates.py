"""Dates as a reader expects them: a page's timestamp ("2012-08-09T19:42:00+00:00")
shown in the user's locale and time zone ("9 Aug 2012, 21:42"), the full timestamp kept
for the tooltip. A date Reader cannot read is shown as the page wrote it.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale, QTime


def _parsed(raw: str) -> datetime | date | None:
    text = raw.strip()
    if len(text) < 10 or not text[:4].isdigit() or text[4] != "-":
        return None  # not ISO 8601 ("March 3rd, 2008 at 10:15 am" stays as written)
    if len(text) > 10:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def shown_date(raw: str, locale: QLocale | None = None) -> str:
    """``raw`` for reading: "9 Aug 2012, 19:42" in the user's locale (and local time for
    a timestamp with its zone), or ``raw`` itself when it is no ISO date."""
    found = _parsed(raw)
    if found is None:
        return raw
    locale = locale or QLocale()
    if isinstance(found, datetime):
        moment = found.astimezone() if found.tzinfo is not None else found
        day = QDate(moment.year, moment.month, moment.day)
        time = QTime(moment.hour, moment.minute)
        return (
            f"{locale.toString(day, 'd MMM yyyy')}, "
            f"{locale.toString(time, QLocale.FormatType.ShortFormat)}"
        )
    return locale.toString(QDate(found.year, found.month, found.day), "d MMM yyyy")
