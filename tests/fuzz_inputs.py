"""Hostile inputs for the extractor: real and fixture pages mutated, random bytes, deep nesting.

Shared by the property-based test (tests/unit/test_extract_fuzz.py) and ``python -m benchmarks fuzz``. Every
generator takes a ``random.Random``, so an input is reproduced from its seed. The fixture site's article pages
are always there; the real pages of ../shared/realworld are added when that folder exists.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"


@dataclass(frozen=True)
class Page:
    name: str
    body: bytes
    url: str


def fixture_pages() -> list[Page]:
    """Every article page of the fixture site, built offline (no server started)."""
    from tests.fixture_site import FixtureNews

    site = FixtureNews(seed_dir=None)
    pages = []
    for key, outlet in site.outlets.items():
        outlet.base_url = f"http://{key}.example"
        for article in outlet.articles:
            path = outlet.article_path(article)
            answer = outlet.route(path, {})
            if answer is not None and answer.status == 200 and answer.kind == "article":
                pages.append(Page(f"{key}:{path}", answer.body, outlet.url(path)))
    return pages


def realworld_pages(folder: Path = REALWORLD) -> list[Page]:
    """The real pages with gold annotations, or none when the folder is absent."""
    import json

    pages = []
    for gold in sorted(folder.glob("*/gold.json")) if folder.is_dir() else []:
        source = gold.parent / "source.html"
        if source.exists():
            url = json.loads(gold.read_text(encoding="utf-8")).get("url") or "https://example.com/"
            pages.append(Page(gold.parent.name, source.read_bytes(), url))
    return pages


# ---- mutations: each takes the page bytes and returns hostile bytes ------------------------------------------
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_SNIPPETS = [b"<", b">", b"</p>", b"<p>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<script>", b"</script>",
             b'<?xml version="1.0" encoding="utf-8"?>', b"<!DOCTYPE html>", b"&#0;", b"&#xD800;", b"\xef\xbb\xbf",
             b"\xd9", b"\xff\xfe", b'<meta charset="utf-16">', b'<meta charset="x-bogus">', b"<h1>", b"</h1>",
             b'<script type="application/ld+json">{"@type":"NewsArticle","headline":', b"</html>", b"\r\n"]


def _at(rng: random.Random, body: bytes) -> int:
    return rng.randrange(len(body) + 1)


def _insert_controls(rng: random.Random, body: bytes) -> bytes:
    for _ in range(rng.randint(1, 20)):
        i = _at(rng, body)
        body = body[:i] + bytes([rng.choice(_CONTROLS)]) + body[i:]
    return body


def _truncate(rng: random.Random, body: bytes) -> bytes:
    return body[:_at(rng, body)]


def _delete_slice(rng: random.Random, body: bytes) -> bytes:
    i = _at(rng, body)
    return body[:i] + body[i + rng.randint(1, 5000):]


def _repeat_slice(rng: random.Random, body: bytes) -> bytes:
    i = _at(rng, body)
    piece = body[i:i + rng.randint(1, 400)]
    return body[:i] + piece * rng.randint(2, 300) + body[i:]


def _flip_bytes(rng: random.Random, body: bytes) -> bytes:
    if not body:
        return body
    data = bytearray(body)
    for _ in range(rng.randint(1, 50)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _splice_snippets(rng: random.Random, body: bytes) -> bytes:
    for _ in range(rng.randint(1, 10)):
        i = _at(rng, body)
        body = body[:i] + rng.choice(_SNIPPETS) + body[i:]
    return body


def _reencode(rng: random.Random, body: bytes) -> bytes:
    text = body.decode("utf-8", "replace")
    codec = rng.choice(["cp1256", "iso8859_6", "utf-16", "utf-16-le", "cp1252", "latin-1"])
    return text.encode(codec, "replace")


def _nest_inside(rng: random.Random, body: bytes) -> bytes:
    i = _at(rng, body)
    return body[:i] + deep_nesting(rng) + body[i:]


def _only_markup(rng: random.Random, body: bytes) -> bytes:
    return rng.choice([b"", b"   \n\t", b"<!-- nothing -->", b'<?xml version="1.0"?>\n', b"<!DOCTYPE html>",
                       b"<html></html>", b"<html><body></body></html>", b"\x00" * 10, body[:1]])


MUTATIONS: list[Callable[[random.Random, bytes], bytes]] = [
    _insert_controls, _truncate, _delete_slice, _repeat_slice, _flip_bytes, _splice_snippets, _reencode,
    _nest_inside, _only_markup,
]


def mutate(rng: random.Random, body: bytes) -> tuple[str, bytes]:
    """One to three mutations in a row; (their names, the result)."""
    names = []
    for mutation in rng.sample(MUTATIONS, rng.randint(1, 3)):
        body = mutation(rng, body)
        names.append(mutation.__name__.lstrip("_"))
    return "+".join(names), body


def deep_nesting(rng: random.Random) -> bytes:
    """Elements, JSON-LD, or tables nested thousands deep (up to about 1 MB)."""
    depth = rng.choice([50, 500, 3000, 20000, 100000])
    kind = rng.choice(["div", "span", "table", "jsonld_list", "jsonld_dict", "inline"])
    if kind == "jsonld_list":
        return (b'<script type="application/ld+json">' + b"[" * depth + b"]" * depth + b"</script>")
    if kind == "jsonld_dict":
        return (b'<script type="application/ld+json">' + b'{"@graph":' * depth + b'"x"' + b"}" * depth
                + b"</script>")
    if kind == "table":
        return b"<table><tr><td>" * min(depth, 20000) + "نص".encode() + b"</td></tr></table>" * min(depth, 20000)
    if kind == "inline":
        return b"<b><i>" * depth + "كلمة ".encode() * 3
    return f"<{kind}>".encode() * depth + "نص عربي".encode() + f"</{kind}>".encode() * depth


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.choice([0, 1, 7, 100, 4000, 60000]))


def hostile_input(rng: random.Random, pages: list[Page]) -> tuple[str, bytes, str]:
    """(a label to reproduce it by, the bytes, the URL): mostly mutated pages, some noise and nesting."""
    roll = rng.random()
    if roll < 0.8 and pages:
        page = rng.choice(pages)
        how, body = mutate(rng, page.body)
        return f"{page.name} {how}", body, page.url
    if roll < 0.9:
        return "random bytes", random_bytes(rng), "https://example.com/news/1"
    page = rng.choice(pages) if pages else Page("empty", b"", "https://example.com/news/1")
    return f"{page.name} deep nesting", _nest_inside(rng, page.body), page.url
