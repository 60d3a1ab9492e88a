"""Charset handling: HTTP header, then <meta>, then detection; mojibake repaired or flagged."""

from newscrawl.extract import extract_article
from newscrawl.extract.encoding import decode_html, meta_charset
from newscrawl.extract.text import clean_inline, repair_mojibake

TITLE = "وزير النقل يفتتح محطة جديدة للقطار الكهربائي في العاصمة"
PARAGRAPHS = [
    "افتتح وزير النقل اليوم محطة جديدة للقطار الكهربائي الخفيف في العاصمة، ضمن خطة الحكومة لتطوير منظومة "
    "النقل الجماعي وربط المدن الجديدة بشبكة حديثة من المواصلات الصديقة للبيئة.",
    "وقال الوزير في كلمة خلال الافتتاح إن المحطة تخدم نحو خمسين ألف راكب يوميا، وإن القطار سيعمل من "
    "السادسة صباحا حتى منتصف الليل طوال أيام الأسبوع، مع زيادة عدد الرحلات في ساعات الذروة.",
    "وأضاف أن الوزارة تعمل على ربط المحطة بخطوط الحافلات الكهربائية لتسهيل وصول الركاب من الأحياء "
    "المجاورة، مع توفير مواقف للسيارات ومسارات آمنة للمشاة حول المحطة.",
]


def page(meta: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    head = f"<head>{meta}<title>{TITLE}</title></head>"
    return f"<html>{head}<body><article><h1>{TITLE}</h1>{body}</article></body></html>"


def test_windows_1256_with_charset_only_in_meta() -> None:
    raw = page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">').encode("cp1256")
    assert meta_charset(raw) == "windows-1256"
    text, encoding = decode_html(raw, http_encoding=None)
    assert encoding == "cp1256" and TITLE in text
    result = extract_article(raw, "https://example.com/a/1")
    assert result.title == TITLE and result.text.startswith(PARAGRAPHS[0][:40])
    assert result.encoding == "cp1256" and not result.mojibake


def test_windows_1256_without_any_charset() -> None:
    raw = page().encode("cp1256")
    text, encoding = decode_html(raw)
    assert TITLE in text and encoding in ("cp1256", "iso8859_6", "cp720", "cp864")
    result = extract_article(raw, "https://example.com/a/1")
    assert result.title == TITLE and not result.mojibake
    assert result.language == "ar"


def test_http_header_wins_over_meta() -> None:
    raw = page('<meta charset="iso-8859-1">').encode("cp1256")
    assert decode_html(raw, http_encoding="windows-1256") == (decode_html(raw, "cp1256")[0], "cp1256")


def test_latin1_label_on_utf8_bytes_is_utf8() -> None:
    raw = page('<meta charset="iso-8859-1">').encode("utf-8")
    text, encoding = decode_html(raw)
    assert encoding == "utf-8" and TITLE in text


def test_wrong_header_falls_back_to_meta() -> None:
    raw = page('<meta charset="utf-8">').encode("utf-8")
    text, encoding = decode_html(raw, http_encoding="ascii")
    assert TITLE in text


def test_mojibake_is_repaired() -> None:
    garbled = page().encode("utf-8").decode("cp1252", errors="replace")
    assert "Ø" in garbled
    repaired, broken = repair_mojibake(garbled)
    assert TITLE in repaired and not broken
    result = extract_article(garbled, "https://example.com/a/1")
    assert result.title == TITLE and not result.mojibake


def test_double_mojibake_is_repaired() -> None:
    twice = page().encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1")
    result = extract_article(twice, "https://example.com/a/1")
    assert result.title == TITLE and not result.mojibake


def test_unrepairable_mojibake_is_flagged() -> None:
    # mis-decoded, then stored where the C1 characters were lost ("Ù„" -> "Ù?"): cannot be undone
    lossy = page().encode("utf-8").decode("latin-1")
    lossy = "".join("?" if "\x80" <= ch <= "\x9f" else ch for ch in lossy)
    result = extract_article(lossy, "https://example.com/a/1")
    assert result.mojibake


def test_text_hygiene() -> None:
    assert clean_inline("\u200fمرحبا\u200c  بالعالم\u202b\ufeff") == "مرحبا بالعالم"
    assert clean_inline("كَتَبَ") == "كَتَبَ"  # diacritics kept
    assert clean_inline("ﻻ") == "ﻻ" and clean_inline("e\u0301") == "é"  # NFC, not NFKC


def test_truncated_utf8_page_stays_utf8() -> None:
    raw = page('<meta charset="utf-8">').encode("utf-8")
    cut = raw[: raw.index(b"</article>") - 1]  # cut inside a two-byte Arabic letter
    assert decode_html(cut)[1] == "utf-8"
    result = extract_article(cut, "https://example.com/a/1")
    assert result.title == TITLE and not result.mojibake


def test_utf8_read_as_windows_1256_is_repaired() -> None:
    garbled = page().encode("utf-8").decode("cp1256")
    assert "ظ" in garbled and TITLE not in garbled
    result = extract_article(garbled, "https://example.com/a/1")
    assert result.title == TITLE and not result.mojibake


def test_windows_1256_mojibake_beside_a_lone_surrogate_is_still_repaired() -> None:
    garbled = "\n".join(PARAGRAPHS).encode("utf-8").decode("cp1256")
    repaired, broken = repair_mojibake(garbled + "\ud83d")
    assert repaired == "\n".join(PARAGRAPHS) + "\ud83d" and not broken


def test_ordinary_arabic_is_not_mistaken_for_cp1256_mojibake() -> None:
    text = "وصل الوفد فقط، ثم غادر. ضبط، ربط، خلط؟ " * 5
    assert repair_mojibake(text) == (text, False)


def test_a_short_utf8_page_with_one_bad_sequence_stays_utf8() -> None:
    # An unpaired surrogate (a CMS splitting an emoji) or one corrupt byte in a short page: still UTF-8.
    raw = page('<meta charset="utf-8">').encode("utf-8")
    for bad in (b"\xed\xa0\xbd", b"\xff", b"\xd8"):
        broken = raw.replace(b"</p>", bad + b"</p>", 1)
        text, encoding = decode_html(broken)
        assert encoding == "utf-8" and TITLE in text, bad
        result = extract_article(broken, "https://example.com/a/1")
        assert result.title == TITLE and not result.mojibake
        result.text.encode("utf-8")  # no lone surrogate reaches the record


def test_windows_1256_page_with_a_utf8_looking_pair_is_still_windows_1256() -> None:
    raw = page().encode("cp1256") + "<!-- © -->".encode()  # one valid UTF-8 sequence in it
    assert decode_html(raw)[1] in ("cp1256", "iso8859_6", "cp720", "cp864")
