"""Byline cleanup: prefixes out, several names split, wire agencies told apart from people."""

from __future__ import annotations

import re

from newscrawl.extract.lexicon import fold
from newscrawl.extract.text import clean_inline

# "كتب:", "بقلم", "إعداد"... at the start of a byline; longest first so "كتبت" wins over "كتب"
_PREFIXES = (
    "كتبت", "كتب", "بقلم", "إعداد", "اعداد", "تقرير", "حوار", "ترجمة", "تحرير", "متابعة", "تغطية",
    "إشراف", "اشراف", "مراجعة", "رصد", "المحرر", "الكاتب", "الكاتبة", "المؤلف", "المصدر", "بواسطة", "نشر بواسطة",
    "by", "written by", "author", "authors", "Author", "posted by",
)
_PREFIX_RE = re.compile(
    r"^\s*(?:" + "|".join(sorted(map(re.escape, _PREFIXES), key=len, reverse=True)) + r")(?:\s*[:：\-–—,،]\s*|\s+)",
    re.I,
)
_ROLE_SUFFIX_RE = re.compile(r"\s*[-–—|،,]\s*(?:مراسل|محرر|صحفي|صحفية|كاتب|كاتبة|خاص)\b.*$")
# wire and state agencies under their canonical (mostly abbreviated) name; matched folded (hamza forms,
# ى/ي and ة/ه unified), so "اسوشيتد برس" and "أسوشيتد برس" are one key
AGENCIES: dict[str, str] = {
    "رويترز": "رويترز", "reuters": "رويترز",
    "أ ف ب": "أ ف ب", "ا ف ب": "أ ف ب", "أ.ف.ب": "أ ف ب", "فرانس برس": "أ ف ب", "فرانس پرس": "أ ف ب",
    "afp": "أ ف ب", "وكالة الصحافة الفرنسية": "أ ف ب",
    "أ ب": "أ ب", "أسوشيتد برس": "أ ب", "أسوشييتد برس": "أ ب", "أسوشيتيد برس": "أ ب", "أسوشتيد برس": "أ ب",
    "أسوشيتدبرس": "أ ب", "associated press": "أ ب", "ap": "أ ب",
    "د ب أ": "د ب أ", "dpa": "د ب أ", "الألمانية": "د ب أ",
    "أ ش أ": "أ ش أ", "ا ش ا": "أ ش أ", "وكالة أنباء الشرق الأوسط": "أ ش أ", "mena": "أ ش أ",
    "وكالات": "وكالات", "وكالات الأنباء": "وكالات", "agencies": "وكالات",
    "واس": "واس", "وكالة الأنباء السعودية": "واس", "spa": "واس",
    "وام": "وام", "وكالة أنباء الإمارات": "وام", "wam": "وام",
    "سانا": "سانا", "sana": "سانا", "قنا": "قنا", "كونا": "كونا", "بنا": "بنا", "بترا": "بترا", "واع": "واع",
    "وفا": "وفا", "العمانية": "العمانية", "الأناضول": "الأناضول", "الاناضول": "الأناضول", "anadolu": "الأناضول",
    "شينخوا": "شينخوا", "xinhua": "شينخوا", "سبوتنيك": "سبوتنيك", "تاس": "تاس", "إرنا": "إرنا", "ارنا": "إرنا",
    "لاماب": "لاماب", "و م ع": "لاماب", "وكالة المغرب العربي للأنباء": "لاماب", "واج": "واج", "وات": "وات",
    "سبأ": "سبأ", "الأنباء الليبية": "وال", "وال": "وال", "سونا": "سونا",
}
# "وكالة الأنباء <adjective>": the national agency named by its adjective; any other adjective is an agency
# too, kept under its full name
NEWS_AGENCY_ADJECTIVES: dict[str, str] = {
    "الألمانية": "د ب أ", "الفرنسية": "أ ف ب", "القطرية": "قنا", "الكويتية": "كونا", "الأردنية": "بترا",
    "الفلسطينية": "وفا", "والمعلومات الفلسطينية": "وفا", "السورية": "سانا", "العربية السورية": "سانا",
    "السعودية": "واس", "الإماراتية": "وام",
    "البحرينية": "بنا", "العراقية": "واع", "العمانية": "العمانية", "اليمنية": "سبأ", "الليبية": "وال",
    "الجزائرية": "واج", "التونسية": "وات", "السودانية": "سونا", "الإيرانية": "إرنا", "الصينية": "شينخوا",
    "الروسية": "تاس", "المغربية": "لاماب",
}


def _key(name: str) -> str:
    return fold(re.sub(r"[.\s]+", " ", name)).strip()


_AGENCY_KEYS = {_key(k): v for k, v in AGENCIES.items()}
_ADJECTIVE_KEYS = {_key(k): v for k, v in NEWS_AGENCY_ADJECTIVES.items()}
# folded: "وكالة الأنباء القطرية", "الوكالة العربية السورية للأنباء", "وكالة تونس أفريقيا للأنباء"
_NEWS_AGENCY_RE = re.compile(
    r"^(?:ال)?وكاله\s+(?:(?:ال)?انباء\s+(?P<adj>\S+(?:\s+\S+)?)|\S+(?:\s+\S+){0,2}\s+للانباء)$")
_SPLIT_RE = re.compile(r"\s*(?:،|,|;|؛|/|\||&|\band\b|\s+و\s+)\s*", re.I)
_BRACKETS_RE = re.compile(r"^[\s(\[«\"'{]+|[\s)\]»\"'}.:،,]+$")


def agency_name(name: str) -> str | None:
    """The canonical agency name ('أ ف ب', 'رويترز'...) when ``name`` is a known agency."""
    return _agency_key(name)


def _agency_key(name: str) -> str | None:
    key = _key(name)
    if key in _AGENCY_KEYS:
        return _AGENCY_KEYS[key]
    news_agency = _NEWS_AGENCY_RE.match(key)
    if news_agency:
        adjective = news_agency.group("adj")
        return _ADJECTIVE_KEYS.get(adjective, " ".join(name.split())) if adjective else " ".join(name.split())
    return _AGENCY_KEYS.get(re.sub(r"^وكاله\s+", "", key))


def strip_prefix(text: str) -> str:
    """'كتب: سيد الخلفاوى' -> 'سيد الخلفاوى' (repeatedly, for 'بقلم الكاتب: ...')."""
    text = clean_inline(text)
    for _ in range(3):
        stripped = _PREFIX_RE.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


# given names that begin with و: "عبد الله وليد الخطيب" is one person, not "عبد الله" and "ليد الخطيب"
_WAW_NAMES = frozenset(fold(n) for n in (
    "وليد", "وليدة", "وائل", "وجدي", "وجدى", "وحيد", "وحيدة", "وديع", "وديعة", "وهبة", "وهبه", "وهبي", "وهبى",
    "وفاء", "وسام", "وسيم", "وسيمة", "وعد", "وصفي", "وصفى", "وهيب", "وهيبة", "ولاء", "وداد", "وفيق", "وفيقة",
    "وجيه", "وجيهة", "وضاح", "وئام", "وجدان", "وصال", "ورد", "وردة", "وسيلة", "ونيس", "واصف", "واصل", "وافي",
    "والي", "وهدان", "وصفية", "وعود", "وداعة", "ودود",
))
# the first word of a compound given name: "عبد الله", "أبو بكر" are one name, not two words
_NAME_HEADS = frozenset(fold(n) for n in ("عبد", "أبو", "ابو", "أبي", "بن", "ابن", "آل", "أم", "ام", "بنت"))


def _name_words(words: list[str]) -> int:
    return sum(1 for i, w in enumerate(words) if i == 0 or fold(words[i - 1]) not in _NAME_HEADS)


def _split(text: str) -> list[str]:
    # "و" joins names only as a separate conjunction ("أحمد وعلي" is split by the attached-و rule below)
    parts = _SPLIT_RE.split(text)
    out: list[str] = []
    for part in parts:
        # attached conjunction: "كايلا إبستين وأنجليكا كاساس" -> split before a word starting with و,
        # never before a given name that starts with و, and only when both sides look like full names
        # (two name words or more: "عبد الله" is one)
        words = part.split()
        cut = next((i for i in range(2, len(words) - 1) if words[i].startswith("و") and len(words[i]) > 3
                    and fold(words[i]) not in _WAW_NAMES and _name_words(words[:i]) >= 2
                    and _name_words([words[i][1:], *words[i + 1:]]) >= 2), None)
        if cut is not None:
            out.extend([" ".join(words[:cut]), " ".join([words[cut][1:], *words[cut + 1:]])])
        else:
            out.append(part)
    return out


# datelines are places: multi-word ones must be known to be told from a person's name ("رام الله - محمد
# علي"); a single word beside a full name is taken for a place anyway (see split_byline)
_PLACES = frozenset(re.sub(r"[أإآ]", "ا", p) for p in (
    "رام الله", "الدار البيضاء", "أبو ظبي", "شرم الشيخ", "بني سويف", "كفر الشيخ", "مرسى مطروح", "دير الزور",
    "دير البلح", "خان يونس", "بيت لحم", "سيدي بوزيد", "قطاع غزة", "الضفة الغربية", "جنوب لبنان", "شمال سيناء",
    "جنوب سيناء", "البحر الأحمر", "الأمم المتحدة", "نيو يورك", "لوس أنجلوس", "المدينة المنورة", "مكة المكرمة",
    "حفر الباطن", "خميس مشيط", "رأس الخيمة", "أم القيوين", "شمال سوريا", "جنوب السودان",
))
# picture, video and graphics credits are not authors of the text
_NOT_WRITER_RE = re.compile(r"^\s*و?\s*(?:تصوير|عدسة|عدسه|فيديو|جرافيك|انفوجراف|إنفوجراف|مونتاج|صور)\b")
_DATELINE_COLON_RE = re.compile(r"^([^:：]{2,30}?)\s*[:：]\s*(.+)$")
_TRAILING_PAREN_RE = re.compile(r"^([^(]+?)\s*\(([^()]{2,30})\)$")


def is_credit(text: str) -> bool:
    """A photo, video or graphics credit ("تصوير: …", "عدسة …"), not a writer."""
    return bool(_NOT_WRITER_RE.match(clean_inline(text)))


def _is_place(chunk: str) -> bool:
    return re.sub(r"[أإآ]", "ا", " ".join(chunk.split())) in _PLACES


def _drop_dateline(chunks: list[str]) -> list[str]:
    """'place - credit' and 'name - place' keep the credit or the name."""
    if len(chunks) != 2:
        return chunks
    first, second = chunks
    if _is_place(first) or (len(first.split()) == 1 and not _agency_key(first)):
        return [second]  # "(أبوظبي - البيان)", "رام الله - محمد علي"
    if _is_place(second) or (len(second.split()) == 1 and not _agency_key(second)
                             and (len(first.split()) >= 2 or _agency_key(first))):
        return [first]  # "حسام أبو العلا - القاهرة", "وكالات - الرياض"
    return chunks


def split_byline(raw: str | list[str] | None) -> tuple[list[str], list[str]]:
    """(people, agencies) from a byline string or list of names, cleaned and de-duplicated.

    Datelines beside the credit are dropped ("القاهرة - أ ش أ", "محمد علي (القاهرة)", "دبي: وام", a lone
    city after a full name), and so are photo/video credits ("تصوير: …")."""
    if not raw:
        return [], []
    items = raw if isinstance(raw, list) else [raw]
    people: list[str] = []
    agencies: list[str] = []
    for item in items:
        if _NOT_WRITER_RE.match(clean_inline(str(item))):
            continue  # "تصوير: أحمد معروف", "عدسة - …": checked before a prefix or a dateline rule eats the word
        text = strip_prefix(str(item))
        if re.search(r"https?:|www\.", text):
            continue  # an author page URL, not a name
        text = _ROLE_SUFFIX_RE.sub("", text)
        colon = _DATELINE_COLON_RE.match(text)
        if colon and (len(colon.group(1).split()) == 1 or _is_place(colon.group(1))):
            text = colon.group(2)  # "القاهرة: محمد علي", "دبي: وام"
        paren = _TRAILING_PAREN_RE.match(text)
        if paren and not text.lstrip().startswith(("(", "[")) and len(paren.group(2).split()) <= 2:
            text = paren.group(1)  # "محمد علي (القاهرة)"; an agency in the brackets is kept as a credit
            if _agency_key(paren.group(2)) and _agency_key(paren.group(2)) not in agencies:
                agencies.append(_agency_key(paren.group(2)) or "")
        # "(أبوظبي - البيان)": place - source; the source is the credit
        inner = _BRACKETS_RE.sub("", text)
        chunks = _drop_dateline([c for c in re.split(r"\s+[-–—ـ]\s+", inner) if c])
        for name in (n for chunk in chunks for n in _split(chunk)):
            if _NOT_WRITER_RE.match(name):
                continue
            name = _BRACKETS_RE.sub("", strip_prefix(name)).strip()
            if (not re.search(r"[^\W\d_]", name) or len(name) > 60 or len(name.split()) > 6
                    or re.search(r"https?:|@|\d{3}", name)):
                continue
            agency = _agency_key(name)
            target, value = (agencies, agency) if agency else (people, name)
            if value not in target:
                target.append(value)
    # a lone word listed beside full names is the city of the dateline ("محمد علي، القاهرة")
    if any(len(p.split()) >= 2 for p in people):
        people = [p for p in people if len(p.split()) >= 2]
    return people, agencies
