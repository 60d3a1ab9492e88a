"""A cheap script-based language guess: Arabic script vs Latin, and Persian/Urdu letters within it."""

from __future__ import annotations

import re

_ARABIC_SCRIPT_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
_PERSIAN_RE = re.compile("[پچژگکی]")  # U+067E U+0686 U+0698 U+06AF U+06A9 U+06CC
_URDU_RE = re.compile("[ٹڈڑںےۓھ]")  # U+0679 U+0688 U+0691 U+06BA U+06D2 U+06D3 U+06BE
_ARABIC_ONLY_RE = re.compile("[ةىي]")  # ta marbuta, alef maksura, Arabic yeh: rare in Persian/Urdu text


def detect_language(text: str | None) -> str | None:
    """'ar', 'fa', 'ur', 'en' (any Latin-script text) or None when there is too little text."""
    if not text:
        return None
    sample = text[:5000]
    arabic = len(_ARABIC_SCRIPT_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    if arabic + latin < 20:
        return None
    if latin > arabic:
        return "en"
    urdu = len(_URDU_RE.findall(sample))
    persian = len(_PERSIAN_RE.findall(sample))
    arabic_only = len(_ARABIC_ONLY_RE.findall(sample))
    if urdu > 0.01 * arabic and urdu > arabic_only * 0.2:
        return "ur"
    if persian > 0.02 * arabic and persian > arabic_only:
        return "fa"
    return "ar"
