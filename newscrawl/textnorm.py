"""Arabic text normalization shared by hashing, near-duplicate detection and ``text_normalized``.

Two levels: ``clean`` (what every exported text gets: NFC, bidi/zero-width controls removed, diacritics
kept) and ``normalize_arabic`` (for comparison only: diacritics and tatweel removed, alef/yaa/taa-marbuta
variants unified, digits folded to ASCII, punctuation dropped, whitespace collapsed).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Bidi controls, zero-width characters, BOM, soft hyphen: invisible, they only split tokens.
INVISIBLE_RE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",  # آ أ إ ٱ -> ا
        "\u0649": "\u064a", "\u06cc": "\u064a",  # ى ی -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648", "\u0626": "\u064a",  # ؤ -> و, ئ -> ي
        "\u06a9": "\u0643",  # ک -> ك
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
_NON_WORD_RE = re.compile(r"[^\w\s]+")
_SPACE_RE = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFC, invisible controls removed; diacritics and line structure kept."""
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


def normalize_arabic(text: str) -> str:
    """Comparison form: no diacritics/tatweel/punctuation, letter variants folded, single spaces."""
    text = DIACRITICS_RE.sub("", clean(unicodedata.normalize("NFKC", text))).replace(TATWEEL, "")
    text = _NON_WORD_RE.sub(" ", text.translate(_FOLD).lower())
    return _SPACE_RE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """Exact-duplicate fingerprint: sha1 of the normalized text."""
    return hashlib.sha1(normalize_arabic(text).encode("utf-8")).hexdigest()
