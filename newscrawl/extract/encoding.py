"""Decoding page bytes: HTTP charset, then the page's own <meta>, then detection.

Arabic pages still come as windows-1256 or ISO-8859-6; a wrong guess turns them into Latin garbage, so a
declared charset is only trusted when the bytes decode cleanly with it.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: labels browsers treat as another encoding
_ALIASES = {
    "iso-8859-1": "windows-1252", "latin1": "windows-1252", "latin-1": "windows-1252", "ascii": "windows-1252",
    "us-ascii": "windows-1252", "iso-8859-6": "iso-8859-6", "arabic": "iso-8859-6", "x-user-defined": "windows-1252",
    "utf8": "utf-8", "unicode": "utf-8", "windows-1256": "windows-1256", "cp1256": "windows-1256",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def known_charset(label: str) -> bool:
    """Whether a charset label (as an HTTP header or a page gives it) names a codec this module can use."""
    return _codec(label) is not None


def _try(body: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    # a page declaring a single-byte Latin charset while its bytes are valid UTF-8 is UTF-8 (very common)
    if codec in ("cp1252", "latin_1", "iso8859-1") and _is_utf8(body):
        return None
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        if codec == "utf-8" and _is_utf8(body):
            return body.decode("utf-8", errors="replace")
        return None


_BAD_RUN = re.compile("\ufffd+")


def _is_utf8(body: bytes) -> bool:
    """Whether bytes are UTF-8, allowing a few bad sequences (a download cut mid-character, one corrupt byte,
    an unpaired surrogate from a CMS): reading such a page as windows-1256 would garble every Arabic letter.
    A page in a single-byte Arabic charset fails UTF-8 on nearly every letter, so the test is relative: bad
    sequences must stay under 2% of the well-formed non-ASCII characters."""
    if not any(b >= 0x80 for b in body[:200000]):
        return False
    try:
        body.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="replace")
    bad = len(_BAD_RUN.findall(text)) - body.count(b"\xef\xbf\xbd")  # U+FFFD written in the page is fine
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return good > 0 and bad <= max(2, good // 50)


def meta_charset(body: bytes) -> str | None:
    """The charset the page declares in <meta charset> or <meta http-equiv=content-type> (first 8 KB)."""
    match = _META_CHARSET_RE.search(body[:8192])
    return match.group(1).decode("ascii", "ignore") if match else None


def decode_html(body: bytes | str, http_encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) for page bytes; a str is returned unchanged as 'utf-8'."""
    if isinstance(body, str):
        return body, "utf-8"
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace"), codec
    for label in (http_encoding, meta_charset(body)):
        codec = _codec(label)
        text = _try(body, codec)
        if text is not None:
            return text, codec or "utf-8"
    if _is_utf8(body) or not any(b >= 0x80 for b in body):
        return body.decode("utf-8", errors="replace"), "utf-8"
    best = from_bytes(body, cp_isolation=["windows-1256", "iso8859_6", "cp720", "cp864", "utf_8", "cp1252"]).best()
    if best is not None:
        return str(best), codecs.lookup(best.encoding).name
    return body.decode("windows-1256", errors="replace"), "cp1256"
