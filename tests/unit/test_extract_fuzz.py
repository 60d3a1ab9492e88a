"""Property-based: whatever bytes come in, extract_article returns an article or a named rejection, in time.

Inputs are the fixture site's article pages (and the real pages of ../shared/realworld, when present),
mutated; random bytes and text; and deep nesting. ``python -m benchmarks fuzz`` runs the same generators over
10,000 inputs; here the example counts keep the whole file well under a minute.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.extract import Extraction, extract_article
from newscrawl.extract.limits import (
    EMPTY_BODY,
    MAX_BLOCKS,
    MAX_TEXT_CHARS,
    NOT_HTML,
    TOO_COMPLEX,
    TOO_LARGE,
    TOO_LONG,
)
from tests.fuzz_inputs import Page, deep_nesting, fixture_pages, mutate, realworld_pages

# The contract is 2 s a page on a quiet machine; CI runners are shared, so the deadline leaves room.
FUZZ = settings(deadline=timedelta(seconds=5), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PAGE_REASONS = {EMPTY_BODY, NOT_HTML, TOO_LARGE, TOO_COMPLEX, TOO_LONG}
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FIXTURE = fixture_pages()
REAL = realworld_pages()


def assert_sound(result: Extraction) -> None:
    """An article within the limits, or a rejection naming a fault of the page (never a caught exception)."""
    assert isinstance(result, Extraction)
    if result.rejected is not None:
        assert result.rejected in PAGE_REASONS, result.detail
        assert result.text == "" and result.paragraphs == []
        return
    assert result.text == "\n\n".join(result.paragraphs)
    assert len(result.text) <= MAX_TEXT_CHARS and len(result.paragraphs) <= MAX_BLOCKS
    for value in (result.text, result.title or "", *result.authors):
        assert not _UNSAFE_RE.search(value)


@settings(FUZZ, max_examples=120)
@given(page=st.sampled_from(FIXTURE), rng=st.randoms(use_true_random=False))
def test_mutated_fixture_pages(page: Page, rng: random.Random) -> None:
    _, body = mutate(rng, page.body)
    assert_sound(extract_article(body, page.url))


@pytest.mark.skipif(not REAL, reason="../shared/realworld is absent: no real pages to mutate")
@settings(FUZZ, max_examples=60)
@given(index=st.integers(min_value=0), rng=st.randoms(use_true_random=False))
def test_mutated_real_pages(index: int, rng: random.Random) -> None:
    page = REAL[index % len(REAL)]
    _, body = mutate(rng, page.body)
    assert_sound(extract_article(body, page.url))


@settings(FUZZ, max_examples=150)
@given(body=st.binary(max_size=20_000) | st.text(max_size=5_000))
def test_random_bytes_and_text(body: bytes | str) -> None:
    assert_sound(extract_article(body, "https://example.com/news/1"))


@settings(FUZZ, max_examples=40)
@given(page=st.sampled_from(FIXTURE), rng=st.randoms(use_true_random=False), where=st.floats(0, 1))
def test_deep_nesting_inside_a_page(page: Page, rng: random.Random, where: float) -> None:
    at = int(len(page.body) * where)
    assert_sound(extract_article(page.body[:at] + deep_nesting(rng) + page.body[at:], page.url))


def _text_positions(body: bytes, rng: random.Random, n: int) -> list[int]:
    """Positions in the text between tags, not inside a multi-byte UTF-8 character. (Inside a tag a control
    byte breaks the tag, as it does in a browser: the mutated-page tests cover that.)"""
    positions, in_tag = [], False
    for i, byte in enumerate(body):
        if byte == 0x3C:  # "<"
            in_tag = True
        elif byte == 0x3E:  # ">"
            in_tag = False
        elif not in_tag and (byte < 0x80 or byte >= 0xC0):
            positions.append(i)
    return sorted(rng.sample(positions, min(n, len(positions))))


@settings(FUZZ, max_examples=30)
@given(page=st.sampled_from(FIXTURE), rng=st.randoms(use_true_random=False), n=st.integers(1, 12),
       control=st.sampled_from([b"\x00", b"\x01", b"\x08", b"\x0b", b"\x0c", b"\x1b", b"\x1f"]))
def test_control_bytes_in_the_text_keep_the_story(page: Page, rng: random.Random, n: int, control: bytes) -> None:
    clean = extract_article(page.body, page.url)
    body = page.body
    for at in reversed(_text_positions(body, rng, n)):
        body = body[:at] + control + body[at:]
    dirty = extract_article(body, page.url)
    assert dirty.rejected is None, dirty.detail
    if control in (b"\x0b", b"\x0c"):  # read as a space (Word's line break, HTML's form feed): words may split
        assert "".join(dirty.text.split()) == "".join(clean.text.split())
    else:  # dropped: the very same extraction as the clean page
        assert dirty == clean
