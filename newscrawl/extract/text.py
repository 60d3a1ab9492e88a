"""Text hygiene: Unicode NFC, invisible controls out, whitespace collapsed, mojibake repaired or flagged."""

from __future__ import annotations

import re
import unicodedata

# Bidi embedding/override/isolate marks, LRM/RLM/ALM and zero-width characters: invisible, and they break
# token matching and deduplication. Diacritics (harakat) are kept: they are part of the text.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad]")
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# cp1252 mis-decoding of UTF-8: the bytes 0x80-0x9f show up as these characters.
_CP1252_HIGH = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"
_BYTE_OF = {ch: 0x80 + i for i, ch in enumerate(_CP1252_HIGH)}
_BYTE_OF.update({chr(b): b for b in range(0x80, 0x100) if chr(b) not in _CP1252_HIGH or b >= 0xA0})
# cp1252 has no character for 0x81; decoders replace it with U+FFFD, and in Arabic mojibake "Ù\ufffd" is
# almost always "ف" (D9 81)
_BYTE_OF["\ufffd"] = 0x81
_CONT = "[" + re.escape("".join(ch for ch, b in _BYTE_OF.items() if 0x80 <= b <= 0xBF)) + "]"
_LEAD2 = "[\u00c2-\u00df]"
_LEAD3 = "[\u00e0-\u00ef]"
# a run of mis-decoded UTF-8 sequences (2- and 3-byte), possibly with spaces/ASCII punctuation between
_MOJIBAKE_SEQ = f"(?:{_LEAD2}{_CONT}|{_LEAD3}{_CONT}{_CONT})"
_MOJIBAKE_RUN_RE = re.compile(f"{_MOJIBAKE_SEQ}(?:[ -~]*{_MOJIBAKE_SEQ})*")
# a UTF-8 lead byte read as Latin-1 ("Ø", "Ù" for Arabic; "Ã", "Â" when it happened twice) followed by a
# continuation character
# what is left when the continuation bytes were lost ("Ù?") or half the text was repaired: "Ø"/"Ù" glued
# to Arabic letters
_HALF_REPAIRED_RE = re.compile("[\u0600-\u06ff][\u00d8\u00d9]|[\u00d8\u00d9][\u0600-\u06ff?]")
_MOJIBAKE_PAIR_RE = re.compile(f"[\u00c2-\u00df]{_CONT}")


def clean_inline(text: str) -> str:
    """NFC, invisible controls removed, whitespace collapsed to single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).replace(" \n", "\n").replace("\n ", "\n").strip()


def clean_block(text: str) -> str:
    """One paragraph: clean_inline plus line breaks folded into spaces."""
    return clean_inline(re.sub(r"\s*\n\s*", " ", text))


def _unmojibake_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        raw = bytes(_BYTE_OF[ch] if ch in _BYTE_OF else ord(ch) for ch in run)
        return raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return run


# UTF-8 read as windows-1256: Arabic lead bytes D8/D9 show as "ط"/"ظ", followed by what cp1256 makes of the
# continuation byte (Persian letters, Latin-1 signs, C1 punctuation). "،" "؛" "؟" and spaces after ط/ظ are
# ordinary Arabic ("فقط،") and do not count.
_CP1256_CONT = "".join(bytes([b]).decode("cp1256", errors="replace") for b in range(0x80, 0xC0))
_CP1256_CONT = "".join(ch for ch in _CP1256_CONT if ch not in "،؛؟\u00a0\ufffd")
_CP1256_PAIR_RE = re.compile(f"[\u0637\u0638][{re.escape(_CP1256_CONT)}]")
# The same pairs in the text's UTF-8 bytes: a bytes regex opening with a literal byte scans in well under half
# the time of the text regex, encoding included. UTF-8 is self-synchronizing (a lead byte never occurs inside
# another character), so the bytes hold a match exactly where the text does.
_CP1256_PAIR_BYTES_RE = re.compile(
    b"\xd8[\xb7\xb8](?:" + b"|".join(re.escape(ch.encode()) for ch in _CP1256_CONT) + b")")
_CP1256_CHARS = frozenset(bytes(range(256)).decode("cp1256", errors="replace")) - {"\ufffd"}


def _unmojibake_cp1256(text: str) -> str:
    out, run = [], []
    for ch in [*text, None]:
        if ch is not None and ch in _CP1256_CHARS:
            run.append(ch)
            continue
        if run:
            chunk = "".join(run)
            try:
                out.append(chunk.encode("cp1256").decode("utf-8"))
            except UnicodeError:
                out.append(chunk)
            run = []
        if ch is not None:
            out.append(ch)
    return "".join(out)


def mojibake_score(text: str) -> int:
    """How many mis-decoded UTF-8 pairs ("Ø§", "Ù„", "Ã\x99") the text holds."""
    return len(_MOJIBAKE_PAIR_RE.findall(text))


# every mojibake shape above needs one of these Latin-1 letters (a UTF-8 lead byte read as Latin-1/cp1252)
# or the cp1256 pair; a page with neither is clean, and checking that first is ~20x cheaper than the scans
_LATIN_LEADS = tuple(chr(code) for code in range(0xC2, 0xE0))


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as cp1252/latin-1 where it is clearly that; return (text, still_broken)."""
    if not any(ch in text for ch in _LATIN_LEADS) and not _CP1256_PAIR_BYTES_RE.search(
        text.encode("utf-8", "surrogatepass")
    ):
        return text, False
    if len(_CP1256_PAIR_RE.findall(text)) >= 5:
        repaired = _unmojibake_cp1256(text)
        if len(_CP1256_PAIR_RE.findall(repaired)) < len(_CP1256_PAIR_RE.findall(text)) // 2:
            text = repaired
        if len(_CP1256_PAIR_RE.findall(text)) >= 5:
            return text, True
    score = mojibake_score(text)
    if score < 3:
        return text, len(_HALF_REPAIRED_RE.findall(text)) >= 3
    for _ in range(3):  # text mis-decoded twice needs two passes
        repaired = _MOJIBAKE_RUN_RE.sub(_unmojibake_run, text)
        new_score = mojibake_score(repaired)
        if new_score >= score:
            break
        text, score = repaired, new_score
    return text, score >= 3 or len(_HALF_REPAIRED_RE.findall(text)) >= 3
