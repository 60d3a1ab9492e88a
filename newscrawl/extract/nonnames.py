"""Names that are not people: words for the site and its staff, CMS accounts and login slugs, the outlet itself.

A general list of what bylines say when no person signed the story ("الموقع", "محرر الموقع", "فريق التحرير",
admin, editor), never a list of pages; the outlet's own names come from the registry profile and the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newscrawl.extract.lexicon import fold

# a byline made only of these words names the site or a desk, not a writer ("محرر الموقع", "فريق التحرير",
# "Editorial Team", "News Desk"); folded forms, with and without the article ال
_STAFF_WORDS = frozenset(fold(w) for w in (
    "موقع", "الموقع", "محرر", "المحرر", "محررو", "محررين", "المحررين", "تحرير", "التحرير", "فريق", "هيئة", "أسرة",
    "إدارة", "ادارة", "الإدارة", "مدير", "قسم", "طاقم", "مكتب", "الأخبار", "اخبار", "النشر", "المحتوى", "الإلكتروني",
    "الالكتروني", "ويب", "البوابة", "الصحيفة", "الجريدة", "المجلة", "القناة", "الشبكة", "خاص", "بالموقع", "للموقع",
    "مشرف", "المشرف", "الكاتب", "كاتب", "زائر", "ضيف", "مجهول", "غير", "معروف", "عام", "العام",
    "admin", "administrator", "administrators", "editor", "editors", "editorial", "staff", "team", "desk", "news",
    "newsroom", "web", "site", "website", "webmaster", "root", "user", "author", "guest", "writer", "contributor",
    "the", "of", "our", "online", "digital", "content", "publisher", "unknown", "anonymous", "system", "manager",
))
# CMS accounts however numbered: admin2, wp_admin, editor01, user_15
_ACCOUNT_RE = re.compile(r"^(?:wp[_.-]?)?(?:admin|administrator|editor|user|author|webmaster|root|staff|test)"
                         r"[_.-]?\d*$", re.I)
# a CMS login: one lower-case Latin token ("ashraf", "m.saif", "ahmed_ali"), never shown as a byline on purpose
_LOGIN_RE = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
# words an outlet's name carries beside its proper part: "Sputnik Arabic" is Sputnik, "بوابة الأهرام" الأهرام
_OUTLET_WORDS = frozenset(fold(w) for w in (
    "arabic", "arabia", "news", "online", "net", "tv", "com", "عربي", "بالعربي", "نت", "اونلاين", "tv",
    "موقع", "بوابة", "صحيفة", "جريدة", "قناة", "مجلة", "شبكة",
))


def is_login_slug(name: str) -> bool:
    """A CMS login or URL slug ("ashraf", "saif", "m.ali"): lower-case Latin, one token."""
    return bool(_LOGIN_RE.match(name.strip()))


def is_generic(name: str) -> bool:
    """A word for the site, its editors or staff, or an admin account: not a person's name."""
    text = name.strip()
    if _ACCOUNT_RE.match(text):
        return True
    words = re.findall(r"\w+", fold(text))
    return bool(words) and all(w in _STAFF_WORDS for w in words)


def _core(name: str) -> str:
    words = [w for w in re.findall(r"\w+", fold(name)) if w not in _OUTLET_WORDS]
    return " ".join(words)


def own_names(site: Any | None, page_names: Iterable[str] = ()) -> set[str]:
    """Folded names of the outlet: the registry profile's name, English name and key, and the names the page
    gives itself (og:site_name, the site part of <title>)."""
    names = {getattr(site, attr, "") or "" for attr in ("name", "name_en", "key")} if site is not None else set()
    names.update(page_names)
    out = {fold(n) for n in names if n and n.strip()}
    out |= {_core(n) for n in names if n and _core(n)}
    out.discard("")
    return out


def is_own_name(name: str, own: set[str]) -> bool:
    """The outlet itself ("LBCI" on lbcgroup.tv, "Sputnik" on Sputnik Arabic): the publisher, not a writer."""
    return fold(name) in own or (bool(_core(name)) and _core(name) in own)


def is_non_name(name: str, own: set[str]) -> bool:
    """Not a person: a generic word, an account, or the outlet's own name."""
    return is_generic(name) or is_own_name(name, own)
