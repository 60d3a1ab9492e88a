"""The scoring of ../shared/realworld/README.md, exactly: token P/R/F1, leaks, title, date, author.

Normalization: Unicode NFKC; tatweel (U+0640), Arabic diacritics (U+064B-U+0652, U+0670), zero-width and
bidi control characters removed; lower case. Tokens are ``\\w+`` runs; precision/recall/F1 are computed on
token multisets of the extracted text against the gold paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

_REMOVE_RE = re.compile("[\u0640\u064b-\u0652\u0670\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]")
_TOKEN_RE = re.compile(r"\w+")


def normalize(text: str) -> str:
    return _REMOVE_RE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).strip()


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN_RE.findall(normalize(text)))


def prf(extracted: str, gold_paragraphs: list[str]) -> tuple[float, float, float]:
    got, want = tokens(extracted), tokens("\n".join(gold_paragraphs))
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def leaked(extracted: str, boilerplate: list[str]) -> list[str]:
    """The gold boilerplate strings found in the extracted text (normalized, whitespace collapsed)."""
    text = collapse(extracted)
    return [b for b in boilerplate if collapse(b) and collapse(b) in text]


def title_duplicated(extracted: str, title: str | None) -> bool:
    first = next((line for line in (extracted or "").splitlines() if line.strip()), "")
    return bool(title) and collapse(first) == collapse(title or "")


def title_exact(got: str | None, gold: str | None) -> bool:
    return bool(got) and collapse(got or "") == collapse(gold or "")


def same_day(got: str | None, gold: str | None) -> bool | None:
    """None when gold has no date (not scored)."""
    if not gold:
        return None
    return bool(got) and str(got)[:10] == str(gold)[:10]


def authors_match(got: list[str], gold: list[str], agencies: list[str] = ()) -> bool:
    """Set match of the people against the gold byline; an agency or source the system keeps apart
    (``agencies``) counts where the gold byline names it, and is no error where it does not."""
    want = {collapse(a) for a in gold if a.strip()}
    credited = {collapse(a) for a in agencies if a.strip()} & want
    return {collapse(a) for a in got if a.strip()} | credited == want


@dataclass
class PageScore:
    page: str
    system: str
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    leaks: int = 0  # how many boilerplate strings leaked
    title_dup: bool = False
    title_ok: bool | None = None  # None: the system gives no title at all
    date_ok: bool | None = None  # None: not scored (no gold date, or the system gives no dates)
    author_ok: bool | None = None
    seconds: float = 0.0
    error: str | None = None


def score_page(page: str, system: str, output: dict, gold: dict, seconds: float) -> PageScore:
    """``output``: text, and optionally title, published, authors and agencies (absent where the system has no
    such field)."""
    text = output.get("text") or ""
    p, r, f = prf(text, gold["paragraphs"])
    score = PageScore(page, system, p, r, f, len(leaked(text, gold.get("boilerplate", []))),
                      title_duplicated(text, gold.get("title")), seconds=seconds)
    if "title" in output:
        score.title_ok = title_exact(output["title"], gold.get("title"))
    if "published" in output:
        score.date_ok = same_day(output["published"], gold.get("published"))
    # every system is scored on bylines: one that gives none is right only where the page has none
    score.author_ok = authors_match(output.get("authors") or [], gold.get("authors") or [],
                                    output.get("agencies") or [])
    return score
