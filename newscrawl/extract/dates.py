"""Arabic date strings to aware datetimes.

dateparser knows Modern Standard Arabic month names but not the Levantine (شباط، آذار…), Maghrebi
(جانفي، أفريل، جويلية، أوت…) or Moroccan (يوليوز، غشت، شتنبر…) ones, nor Eastern Arabic digits in every
position, nor "ص/م". Those are normalized first; the common shapes (ISO, "13 مايو 2024 06:00 ص",
"16/07/2024") are then read directly, and dateparser is the fallback for the rest.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DIACRITICS_RE = re.compile("[\u064b-\u0652\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c]")

MONTHS: dict[int, tuple[str, ...]] = {
    1: ("يناير", "يناىر", "جانفي", "جانفييه", "كانون الثاني", "كانون ثاني", "january", "jan"),
    2: ("فبراير", "فبراىر", "فيفري", "فيفرييه", "شباط", "february", "feb"),
    3: ("مارس", "آذار", "اذار", "أذار", "march", "mar"),
    4: ("أبريل", "ابريل", "إبريل", "أفريل", "افريل", "نيسان", "april", "apr"),
    5: ("مايو", "ماي", "أيار", "ايار", "may"),
    6: ("يونيو", "يونيه", "جوان", "حزيران", "june", "jun"),
    7: ("يوليو", "يوليه", "يوليوز", "جويلية", "جويليه", "تموز", "july", "jul"),
    8: ("أغسطس", "اغسطس", "إغسطس", "أغسطس", "أوت", "اوت", "غشت", "آب", "august", "aug"),
    9: ("سبتمبر", "ستمبر", "شتنبر", "أيلول", "ايلول", "september", "sept", "sep"),
    10: ("أكتوبر", "اكتوبر", "إكتوبر", "تشرين الأول", "تشرين الاول", "تشرين أول", "october", "oct"),
    11: ("نوفمبر", "نونبر", "تشرين الثاني", "تشرين ثاني", "november", "nov"),
    12: ("ديسمبر", "دجنبر", "دسمبر", "كانون الأول", "كانون الاول", "كانون أول", "december", "dec"),
}
_MONTH_OF = {name: num for num, names in MONTHS.items() for name in names}
_MONTH_RE = re.compile(
    r"(?<![\w])(" + "|".join(sorted(map(re.escape, _MONTH_OF), key=len, reverse=True)) + r")(?![\w])", re.I
)
# two names of the same month side by side: "آب أغسطس", "أغسطس (آب)", "مارس/ آذار"
_DOUBLE_MONTH_RE = re.compile(r"\bM(\d\d)M\s*[/(\-–,]?\s*M(\d\d)M\s*\)?")
_HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الاول", "ربيع الآخر", "ربيع الثاني", "ربيع الثانى", "جمادى الأولى",
    "جمادى الاولى", "جمادى الأول", "جمادى الآخرة", "جمادى الاخرة", "جمادى الثانية", "جمادى الآخر", "رجب",
    "شعبان", "رمضان", "شوال", "ذو القعدة", "ذي القعدة", "ذو الحجة", "ذي الحجة",
)
_HIJRI_RE = re.compile(
    r"\d{1,2}\s*[-/]?\s*(?:" + "|".join(map(re.escape, _HIJRI_MONTHS)) + r")\s*[-/]?\s*(?:14\d\d|13\d\d)\s*(?:هـ|ه)?"
    r"|(?:14\d\d|13\d\d)\s*(?:هـ|ه)(?!\w)"
    # numeric Hijri dates, with or without هـ: "1446/05/22 هـ", "22/5/1446" (no Gregorian year is 13xx/14xx)
    r"|(?<![\d/.\-])1[34]\d\d\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}(?![\d/.\-])\s*(?:هـ|ه(?!\w))?"
    r"|(?<![\d/.\-])\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*1[34]\d\d(?![\d/.\-])\s*(?:هـ|ه(?!\w))?"
)
_WEEKDAYS_RE = re.compile(
    r"(?<!\w)(?:ال)?(?:أحد|احد|إثنين|اثنين|أثنين|ثلاثاء|أربعاء|اربعاء|خميس|جمعة|جمعه|سبت)(?!\w)"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?", re.I
)
_PM_RE = re.compile(r"(?<!\w)(?:م|مساء|مساءا|مساء|ظهرا|عصرا|pm|p\.m\.)(?!\w)", re.I)
# "ليلا" is the night on both sides of midnight: 12 ليلا is 00, 1-4 ليلا are early morning, 5-11 evening
_NIGHT_RE = re.compile(r"(?<!\w)ليلا(?!\w)")
_AM_RE = re.compile(r"(?<!\w)(?:ص|صباحا|صباحا|فجرا|am|a\.m\.)(?!\w)", re.I)
_TIME_RE = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(AM|PM)?", re.I)
# a numeric offset only right after a clock time ("10:30:00+03:00", "17:30:00 +0300", ".000Z"): after a bare
# number it is the year of a dashed date ("12-3-2024" is not "-20:24")
_AFTER_TIME = "(?:(?<=:\\d\\d)|" + "|".join("(?<=[.,]" + "\\d" * n + ")" for n in range(1, 10)) + ")"
_GREENWICH = r"(?:غرينتش|جرينتش|غرينيتش|جرينيتش|غرينيش)"
# an offset is never followed by more digits or a date separator: "14:30 -2024/11/24" is a time then a date
_NOT_A_DATE = r"(?!\d|\s*[/.\-]\s*\d)"
_OFFSET_RE = re.compile(r"(?:GMT|UTC|" + _GREENWICH + r")\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?" + _NOT_A_DATE + "|"
                        + _AFTER_TIME + r"\s*([+-])(\d{2}):?(\d{2})\b" + _NOT_A_DATE + "|" + _AFTER_TIME + r"Z\b")
_UTC_WORDS_RE = re.compile(r"\b(?:GMT|UTC)\b|(?<!\w)" + _GREENWICH + r"(?!\w)|(?<!\w)ت\s?\.\s?غ(?!\w)", re.I)
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?")
# "25 نوفمبر 2024", "25 - نوفمبر - 2024", "25/نوفمبر/2024"; not the minutes of a clock ("10:25 - نوفمبر 2024")
_DMY_NAMED_RE = re.compile(r"(?<!\d)(?<!\d:)(\d{1,2})\s*[-/.]?\s*(?:من\s+)?M(\d\d)M\s*[,\-/.]?\s*(\d{4})(?!\d)")
_MDY_NAMED_RE = re.compile(r"M(\d\d)M\s*(\d{1,2}),?\s*(\d{4})(?!\d)")
_YMD_NUM_RE = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_DMY_NUM_RE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")
_RELATIVE_RE = re.compile(r"(?:منذ|قبل)\s*(\d+)?\s*(\w+)")
_UNITS = {
    "ثانية": ("seconds", 1), "ثوان": ("seconds", 1), "ثواني": ("seconds", 1), "ثانيتين": ("seconds", 2),
    "دقيقة": ("minutes", 1), "دقيقه": ("minutes", 1), "دقائق": ("minutes", 1), "دقيقتين": ("minutes", 2),
    "دقيقتان": ("minutes", 2), "ساعة": ("hours", 1), "ساعه": ("hours", 1), "ساعات": ("hours", 1),
    "ساعتين": ("hours", 2), "ساعتان": ("hours", 2), "يوم": ("days", 1), "أيام": ("days", 1), "ايام": ("days", 1),
    "يومين": ("days", 2), "يومان": ("days", 2), "أسبوع": ("weeks", 1), "اسبوع": ("weeks", 1),
    "أسابيع": ("weeks", 1), "اسابيع": ("weeks", 1), "أسبوعين": ("weeks", 2), "اسبوعين": ("weeks", 2),
    "شهر": ("days", 30), "أشهر": ("days", 30), "اشهر": ("days", 30), "شهور": ("days", 30), "شهرين": ("days", 60),
    "سنة": ("days", 365), "سنوات": ("days", 365), "عام": ("days", 365), "أعوام": ("days", 365),
    "سنتين": ("days", 730), "عامين": ("days", 730),
}
# what may stand beside a relative day word in a date slot: a clock, its meridiem, "الساعة", a publication cue
_MERIDIEMS = r"ص|م|صباحا|مساء|مساءا|ظهرا|عصرا|ليلا|فجرا|am|pm|a\.m\.|p\.m\."
_CLOCK_WORDS_RE = re.compile(
    r"(?<!\w)(?:\d{1,2}(?::\d\d){0,2}|" + _MERIDIEMS + r"|الساعة|الساعه|على|في|عند|نشر|نشرت|تم|النشر|تاريخ|بتاريخ"
    r"|published|posted|at|today|yesterday)(?!\w)", re.I)
_HOUR_RE = re.compile(r"(?<![\d:])(\d{1,2})\s*(" + _MERIDIEMS + r")(?!\w)", re.I)
_DAY_WORDS = (("أول أمس", -2), ("اول امس", -2), ("أول امس", -2), ("أمس", -1), ("امس", -1), ("البارحة", -1),
              ("اليوم", 0), ("الآن", 0), ("الان", 0))


def normalize_date_text(text: str) -> str:
    """Digits to ASCII, diacritics out, month names to MnnM tokens, weekdays and Hijri dates dropped."""
    text = _DIACRITICS_RE.sub("", text.translate(_DIGITS)).replace("،", ",").replace("\u00a0", " ")
    text = _HIJRI_RE.sub(" ", text)
    text = _MONTH_RE.sub(lambda m: f" M{_MONTH_OF[m.group(1).lower()]:02d}M ", text)
    text = _DOUBLE_MONTH_RE.sub(lambda m: f"M{m.group(1)}M", text)
    text = _WEEKDAYS_RE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def _zone(tz: str | None) -> timezone | ZoneInfo:
    try:
        return ZoneInfo(tz) if tz else UTC
    except (KeyError, ValueError):
        return UTC


def _offset(text: str) -> timezone | None:
    match = _OFFSET_RE.search(text)
    if match:
        if match.group(0) == "Z":
            return UTC
        if match.group(1):
            sign, hours, minutes = match.group(1), match.group(2), match.group(3) or "0"
        else:
            sign, hours, minutes = match.group(4), match.group(5), match.group(6)
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta <= timedelta(hours=14):  # "GMT-24" is no offset (timezone() refuses a day or more)
            return timezone(-delta if sign == "-" else delta)
    if _UTC_WORDS_RE.search(text):
        return UTC
    return None


def _time_of(text: str) -> tuple[int, int, int] | None:
    match = _TIME_RE.search(text)
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    rest = text[match.end():match.end() + 12]
    meridiem = (match.group(4) or "").lower()
    if not meridiem and _NIGHT_RE.match(rest.strip()):
        hour = 0 if hour == 12 else hour + 12 if 5 <= hour <= 11 else hour
    elif meridiem == "pm" or (not meridiem and _PM_RE.match(rest.strip())):
        hour = hour + 12 if hour < 12 else hour
    elif meridiem == "am" or (not meridiem and _AM_RE.match(rest.strip())):
        hour = 0 if hour == 12 else hour
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _day_of(text: str) -> date | None:
    for regex, order in ((_ISO_RE, "ymd"), (_DMY_NAMED_RE, "dmy"), (_MDY_NAMED_RE, "mdy"),
                         (_YMD_NUM_RE, "ymd"), (_DMY_NUM_RE, "dmy")):
        # a match outside 1900-2100 (a Hijri date left in, a reference number) is skipped, not final
        for match in regex.finditer(text):
            a, b, c = (int(match.group(i)) for i in (1, 2, 3))
            y, m, d = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[order]
            if not 1900 <= y <= 2100:
                continue
            if order == "dmy" and m > 12 >= d and regex is _DMY_NUM_RE:
                m, d = d, m  # 07/16/2024: month first after all
            try:
                return date(y, m, d)
            except ValueError:
                continue
    return None


def _relative(text: str, zone: timezone | ZoneInfo, now: datetime | None) -> datetime | None:
    if now is None:
        return None
    now = (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(zone)
    match = _RELATIVE_RE.search(text)
    if match and match.group(2) in _UNITS:
        unit, per = _UNITS[match.group(2)]
        count = int(match.group(1)) if match.group(1) else 1
        return (now - timedelta(**{unit: count * per})).replace(microsecond=0)
    for word, days in _DAY_WORDS:
        found = re.search(rf"(?<!\w){word}(?!\w)", text)
        if not found:
            continue
        # the slot must be the day word alone, or with a clock: "اليوم السابع", "المصري اليوم" are outlets
        rest = _CLOCK_WORDS_RE.sub(" ", text[:found.start()] + " " + text[found.end():])
        if re.search(r"[^\W_]", rest):
            return None
        day = now + timedelta(days=days)
        clock = _time_of(text) or _hour_of(text)
        if clock:
            return day.replace(hour=clock[0], minute=clock[1], second=clock[2], microsecond=0)
        return day.replace(hour=0, minute=0, second=0, microsecond=0) if days else day.replace(microsecond=0)
    return None


def _hour_of(text: str) -> tuple[int, int, int] | None:
    """A bare hour with its meridiem, as relative bylines write it: "أمس الساعة 5 م"."""
    match = _HOUR_RE.search(text)
    return _time_of(f"{match.group(1)}:00 {match.group(2)}") if match else None


def parse_arabic_date(text: str | None, tz: str | None = None, now: datetime | None = None) -> datetime | None:
    """An aware datetime for a date string in Arabic or English; None when nothing date-like is found.

    A string without offset is read in ``tz`` (IANA, default UTC); relative dates ("منذ 3 ساعات", "أمس")
    are resolved against ``now`` and give None without it.
    """
    if not text or not text.strip():
        return None
    zone = _zone(tz)
    norm = normalize_date_text(text)
    day = _day_of(norm)
    if day is None:
        relative = _relative(norm, zone, now)
        return relative if relative is not None else _dateparser_fallback(text, norm, zone)
    if not 1900 <= day.year <= 2100:
        return None
    after_day = norm
    clock = _time_of(after_day) or (0, 0, 0)
    offset = _offset(norm)
    naive = datetime(day.year, day.month, day.day, *clock)
    return naive.replace(tzinfo=offset) if offset else naive.replace(tzinfo=zone)


def _dateparser_fallback(text: str, norm: str, zone: timezone | ZoneInfo) -> datetime | None:
    # only absolute dates: a relative one without a fetch time must stay unresolved (determinism)
    if not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", norm) or _RELATIVE_RE.search(norm):
        return None
    import dateparser  # slow import, rarely needed

    english = re.sub(r"M(\d\d)M", lambda m: MONTHS[int(m.group(1))][-2 if int(m.group(1)) != 5 else -1], norm)
    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": str(zone), "PREFER_DAY_OF_MONTH": "first",
                "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]}
    try:
        parsed = dateparser.parse(english, languages=["ar", "en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        parsed = None
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed


def to_iso(value: datetime | None) -> str | None:
    """ISO 8601 with seconds and a numeric UTC offset: 2024-05-13T06:00:00+03:00."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.replace(microsecond=0)
    text = value.isoformat()
    return text[:-6] + "+00:00" if text.endswith("+00:00") else text
