"""Small rendering helpers shared by the outlet templates: escaping, dates in the formats sites print."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

EGYPTIAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
                   "نوفمبر", "ديسمبر")
LEVANTINE_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                    "تشرين الأول", "تشرين الثاني", "كانون الأول")
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # Monday first
EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def esc(text: str) -> str:
    return escape(text, quote=True)


def rfc822(when: datetime) -> str:
    """RSS pubDate with the local offset, e.g. 'Thu, 26 Nov 2026 09:15:00 +0300'."""
    return format_datetime(when)


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def twelve_hour(when: datetime) -> tuple[str, str]:
    hour = when.hour % 12 or 12
    return f"{hour:02d}:{when.minute:02d}", "ص" if when.hour < 12 else "م"


def egyptian_date(when: datetime) -> str:
    """'الأحد، 24 نوفمبر 2024 02:30 م' (the seed portal's byline)."""
    clock, half = twelve_hour(when)
    return f"{WEEKDAYS[when.weekday()]}، {when.day} {EGYPTIAN_MONTHS[when.month - 1]} {when.year} {clock} {half}"


def levantine_date(when: datetime) -> str:
    """'٢٧ تشرين الثاني ٢٠٢٦ - ١٠:١٥ ص' (Levantine month names, Eastern Arabic digits)."""
    clock, half = twelve_hour(when)
    text = f"{when.day} {LEVANTINE_MONTHS[when.month - 1]} {when.year} - {clock} {half}"
    return text.translate(EASTERN_DIGITS)


def plain_date(when: datetime) -> str:
    return f"{when.day} {EGYPTIAN_MONTHS[when.month - 1]} {when.year}"
