"""The pages that used to crash or stall the extractor, each ending now in text or a named rejection."""

from __future__ import annotations

import time

import lxml.html
import pytest

from newscrawl.crawl.article_builder import PageContext, build_article
from newscrawl.extract import extract_article, no_article_reason
from newscrawl.extract.jsonld import MAX_JSON_DEPTH
from newscrawl.extract.limits import (
    EMPTY_BODY,
    MAX_ATTRIBUTES,
    MAX_BLOCKS,
    MAX_ELEMENTS,
    MAX_PAGE_ATTRIBUTES,
    MAX_PAGE_TEXT_CHARS,
    NOT_HTML,
    TOO_COMPLEX,
    TOO_LARGE,
    TOO_LONG,
    Rejected,
    bound_tree,
    check_markup,
    strip_controls,
)
from newscrawl.registry import load_registry
from tests.fuzz_inputs import fixture_pages

URL = "https://example.com/news/2026/11/1/story"
STORY = ["أعلنت وزارة الصحة اليوم عن إطلاق حملة وطنية للتطعيم ضد الإنفلونزا الموسمية في جميع المحافظات.",
         "وقال المتحدث باسم الوزارة إن الحملة تستهدف كبار السن والأطفال والعاملين في القطاع الصحي أولا."]
TITLE = "وزارة الصحة تطلق حملة التطعيم ضد الإنفلونزا"


def page(body: str = "", head: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (f'<html><head><meta charset="utf-8"><title>{TITLE}</title>{head}</head><body><article><h1>{TITLE}</h1>'
            f"{body or paragraphs}</article></body></html>").encode()


@pytest.mark.parametrize("body", [b"", b"   \n\t\r\n ", b"<!-- only a comment -->", b'<?xml version="1.0"?>',
                                  b'<?xml version="1.0" encoding="utf-8"?>\n  ', b"<!DOCTYPE html>"])
def test_a_document_without_any_element_is_an_empty_body(body: bytes) -> None:
    result = extract_article(body, URL)
    assert result.rejected == EMPTY_BODY and no_article_reason(result) == EMPTY_BODY
    assert result.text == "" and result.title is None


def test_binary_bodies_are_not_html() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20
    assert extract_article(png, URL).rejected == NOT_HTML
    # while a page with a few stray control bytes is still a page
    assert extract_article(page().replace("الصحة".encode(), "الصحة\x01".encode()), URL).rejected is None


def test_a_control_byte_in_a_tail_no_longer_breaks_pruning() -> None:
    loose = "وأضاف أن اللقاحات متوفرة مجانا في جميع المراكز الصحية التابعة للوزارة"
    result = extract_article(page(f"<div><p>{STORY[0]}</p>\x08{loose}<p>{STORY[1]}</p></div>"), URL)
    assert result.rejected is None
    assert result.paragraphs == [STORY[0], loose, STORY[1]]


def test_exactly_the_characters_lxml_refuses_are_stripped() -> None:
    # C0 controls but tab, newline and return; surrogates (alone or paired); U+FFFE and U+FFFF
    for code in [*range(0x100), *range(0xD7FE, 0xE002), *range(0xFFF0, 0x10002), 0x10FFFF]:
        refused = code in (*range(0x09), *range(0x0E, 0x20), 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF
        kept = " " if code in (0x0B, 0x0C) else "" if refused else chr(code)
        assert strip_controls(f"نص {chr(code)}x") == f"نص {kept}x"
        assert strip_controls(f"a{chr(code)}\ude00") == f"a{kept}"  # beside a surrogate


def test_a_control_byte_in_the_text_keeps_the_whole_story() -> None:
    # trafilatura used to return nothing from a tree holding one
    result = extract_article(page("".join(f"<p>{p}\x08</p>" for p in STORY)), URL)
    assert result.paragraphs == STORY


@pytest.mark.parametrize("opening,closing", [("[", "]"), ('{"@graph":', "}")])
def test_deeply_nested_json_ld_is_ignored_and_the_page_still_read(opening: str, closing: str) -> None:
    deep = f'<script type="application/ld+json">{opening * 50_000}{closing * 50_000}</script>'
    result = extract_article(page(head=deep), URL)
    assert result.rejected is None and result.paragraphs == STORY and result.title == TITLE


def test_json_ld_within_the_depth_bound_is_still_read() -> None:
    def published(depth: int) -> str | None:
        about = "[" * depth + "]" * depth
        node = (f'{{"@type": "NewsArticle", "headline": "{TITLE}", "datePublished": "2026-11-01T09:00:00+03:00",'
                f' "about": {about}}}')
        undated_url = "https://example.com/news/story"  # so that the time can only come from the JSON-LD
        return extract_article(page(head=f'<script type="application/ld+json">{node}</script>'),
                               undated_url).published

    assert published(MAX_JSON_DEPTH - 2) == "2026-11-01T09:00:00+03:00"
    # deeper, the node is not read (a day found in the raw script by htmldate's regexes may remain)
    assert published(MAX_JSON_DEPTH) != "2026-11-01T09:00:00+03:00"


def test_titles_without_any_word_do_not_divide_by_zero() -> None:
    body = '<div class="post-title">- -</div>' + "".join(f"<p>{p}</p>" for p in STORY)
    html = page(body).replace(f"<title>{TITLE}</title>".encode(), b"<title>!!! ---</title>")
    html = html.replace(f"<h1>{TITLE}</h1>".encode(), b"<h1>... ...</h1>")
    result = extract_article(html, URL)
    assert result.rejected is None and result.paragraphs == STORY


def test_many_tiny_paragraphs_are_rejected_quickly() -> None:
    # 4 MB of 200,000 paragraphs held every download of the crawl for 50-75 s and exported 1.8 MB of text
    body = "".join(f"<p>كلمة {i}</p>" for i in range(200_000))
    started = time.perf_counter()
    result = extract_article(page(body), URL)
    assert result.rejected == TOO_COMPLEX and str(MAX_ELEMENTS) in result.detail
    assert time.perf_counter() - started < 10  # about 0.3 s when the machine is quiet


def test_more_blocks_than_an_article_has_is_too_complex() -> None:
    body = "".join(f"<p>{STORY[0]} {i}</p>" for i in range(MAX_BLOCKS + 100))
    assert extract_article(page(body), URL).rejected == TOO_COMPLEX


def test_a_megabyte_of_text_is_too_long() -> None:
    assert extract_article(page("<p>" + "كلمة " * 250_000 + "</p>"), URL).rejected == TOO_LONG
    assert extract_article(page("<p>" + "كلمة " * 40_000 + "</p>"), URL).rejected == TOO_LONG


def test_an_element_with_thousands_of_attributes_is_refused_before_parsing() -> None:
    attributes = " ".join(f'data-a{i}="x"' for i in range(20_000))
    started = time.perf_counter()
    assert extract_article(page(f"<p {attributes}>{STORY[0]}</p>"), URL).rejected == TOO_COMPLEX
    assert time.perf_counter() - started < 5  # parsing it took over 4 s
    within = " ".join(f'data-a{i}="x"' for i in range(MAX_ATTRIBUTES - 10))
    assert extract_article(page(f"<p {within}>{STORY[0]}</p><p>{STORY[1]}</p>"), URL).paragraphs == STORY


def test_more_bytes_than_any_page_is_too_large() -> None:
    assert extract_article(b"<html><body><p>" + b"a " * 6_000_000 + b"</p></body></html>", URL).rejected == TOO_LARGE


def test_every_fixture_article_page_is_within_the_limits() -> None:
    pages = fixture_pages()
    assert len(pages) > 40
    for fixture in pages:
        assert extract_article(fixture.body, fixture.url).rejected is None, fixture.name


def test_the_crawl_gets_the_rejection_as_its_drop_reason() -> None:
    site = next(iter(load_registry().values()))
    ctx = PageContext(site=site, url=URL, fetched_at=None)
    built = build_article(page("".join(f"<p>كلمة {i}</p>" for i in range(30_000))), ctx)
    assert built.article is None and built.rejected == TOO_COMPLEX and built.detail
    assert build_article(b"", ctx).rejected == EMPTY_BODY


def test_a_page_with_no_story_names_its_reason() -> None:
    result = extract_article(b"<html><body><nav><a href='/'>home</a></nav></body></html>", URL)
    assert result.rejected is None and no_article_reason(result) == "missing_text"
    assert no_article_reason(extract_article(page(), URL)) is None


def test_an_over_long_class_is_dropped_and_the_page_read() -> None:
    # a megabyte-long class attribute (nesting spliced into a quoted value) held the extractor for 15 s
    body = f'<div class="story {"<span>" * 150_000}">' + "".join(f"<p>{p}</p>" for p in STORY) + "</div>"
    started = time.perf_counter()
    result = extract_article(page(body), URL)
    assert result.rejected is None and result.paragraphs == STORY
    assert time.perf_counter() - started < 5  # about 0.15 s when the machine is quiet


def test_megabytes_of_class_names_are_too_complex() -> None:
    body = "".join(f'<div class="{"a" * 950}">{i}</div>' for i in range(4000)) + f"<p>{STORY[0]}</p>"
    assert extract_article(page(body), URL).rejected == TOO_COMPLEX


def test_a_megabyte_long_script_is_kept_from_the_date_fallback() -> None:
    import lxml.html

    from newscrawl.extract.published import _without_huge_scripts

    script = "<script>var state = '" + "<span>" * 200_000 + "';</script>"
    tree = lxml.html.document_fromstring(page(head=script))
    seen = _without_huge_scripts(tree)  # what htmldate searches, with its regexes, over the serialized page
    assert seen is not tree and all(not s.text for s in seen.iter("script"))
    assert len(tree.find(".//script").text) > 1_000_000  # the page itself is untouched
    small = lxml.html.document_fromstring(page(head="<script>var a = 1;</script>"))
    assert _without_huge_scripts(small) is small
    result = extract_article(page(head=script), "https://example.com/news/story")  # no date: htmldate runs
    assert result.rejected is None and result.paragraphs == STORY


def test_links_nested_in_links_hundreds_deep_are_too_complex() -> None:
    # a repeated slice of unclosed links left them nested in each other: seconds in trafilatura's link density
    nested = f'<div><a href="/x">{STORY[0]}' * 250 + "</a></div>" * 250
    assert extract_article(page(nested + "".join(f"<p>{p}</p>" for p in STORY)), URL).rejected == TOO_COMPLEX
    menu = "<ul>" + "".join(f'<li><a href="/s/{i}">{STORY[0][:40]} {i}</a></li>' for i in range(400)) + "</ul>"
    assert extract_article(page(menu + "".join(f"<p>{p}</p>" for p in STORY)), URL).rejected is None


def bounded(html: str) -> str | None:
    """The rejection bound_tree gives a parsed page, or None."""
    try:
        bound_tree(lxml.html.document_fromstring(html))
    except Rejected as rejected:
        return rejected.reason
    return None


def test_the_text_budget_leaves_out_scripts_styles_and_comments() -> None:
    hidden = "<script>s</script>" * 3 + "<style>x{}</style><!-- a comment --><noscript>n</noscript>" + "<script>" + (
        "v" * 2000) + "</script>"
    # the text split between an element's text and tails: what a reader sees, counted to the character
    visible = "<p>" + "a" * (MAX_PAGE_TEXT_CHARS - 11) + "<b>bb</b>" + "c" * 9 + "</p>"
    assert bounded(f"<html><body>{hidden}{visible}</body></html>") is None
    assert bounded(f"<html><body>{hidden}{visible}d</body></html>") == TOO_LONG


def test_elements_and_attributes_are_counted_to_the_bound() -> None:
    # html and body, then the elements and the comments
    assert bounded("<html><body>" + "<i></i><!--c-->" * ((MAX_ELEMENTS - 2) // 2) + "</body></html>") is None
    assert bounded("<html><body>" + "<i></i><!--c-->" * ((MAX_ELEMENTS - 2) // 2) + "<i></i></body></html>") == (
        TOO_COMPLEX)
    per = 5
    assert bounded("<html><body>" + '<i a="" b="" c="" d="" e=""></i>' * (MAX_PAGE_ATTRIBUTES // per) + "</body></html>"
                   ) is None
    assert bounded("<html><body>" + '<i a="" b="" c="" d="" e=""></i>' * (MAX_PAGE_ATTRIBUTES // per) + '<i z=""></i>'
                   "</body></html>") == TOO_COMPLEX


def test_of_two_bounds_the_one_reached_first_in_the_page_names_the_rejection() -> None:
    text = "<p>" + "a" * (MAX_PAGE_TEXT_CHARS + 1) + "</p>"
    elements = "<i></i>" * MAX_ELEMENTS
    assert bounded(f"<html><body>{text}{elements}</body></html>") == TOO_LONG
    assert bounded(f"<html><body>{elements}{text}</body></html>") == TOO_COMPLEX


@pytest.mark.parametrize("form", ['a{i}="x > y"', "a{i}='x'", "a{i}=x", "a{i} = \"x\"", "a{i}", 'a{i}="" b{i}=\'\''])
def test_the_attribute_bound_holds_for_every_way_of_writing_an_attribute(form: str) -> None:
    def tag(n: int) -> str:
        written = " ".join(form.format(i=i) for i in range(n))
        return f"<p>x</p><div\n{written}>text</div>"

    per = form.count("{i}")
    assert check_markup(tag(MAX_ATTRIBUTES // per)) is None
    with pytest.raises(Rejected):
        check_markup(tag(MAX_ATTRIBUTES // per + 1))
