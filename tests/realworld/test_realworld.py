"""Real Arabic news pages (../shared/realworld): key sentences in, boilerplate out, title and day right.

Checks in the style of trafilatura's evaluation (sentences that must / must not appear), not snapshots.
"""

import json
from pathlib import Path

import pytest

from newscrawl.eval.scoring import collapse, prf
from newscrawl.extract import extract_article
from newscrawl.registry import load_registry, site_for_url

REALWORLD = Path(__file__).resolve().parents[2].parent / "shared" / "realworld"
PAGES = sorted(p.parent for p in REALWORLD.glob("*/gold.json")) if REALWORLD.is_dir() else []
pytestmark = pytest.mark.skipif(not PAGES, reason="../shared/realworld is absent")


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize("folder", PAGES, ids=[p.name for p in PAGES])
def test_page(folder: Path, registry) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    result = extract_article((folder / "source.html").read_bytes(), gold["url"], site_for_url(registry, gold["url"]))
    text = collapse(result.text)
    paragraphs = gold["paragraphs"]
    # the first, a middle and the last paragraph of the story are there
    for paragraph in {paragraphs[0], paragraphs[len(paragraphs) // 2], paragraphs[-1]}:
        assert collapse(paragraph) in text
    for boilerplate in gold["boilerplate"]:
        assert collapse(boilerplate) not in text, boilerplate
    assert collapse(result.title or "") == collapse(gold["title"])
    assert not text.startswith(collapse(gold["title"]))
    if gold.get("published"):
        assert (result.published or "")[:10] == gold["published"][:10]
    assert prf(result.text, paragraphs)[2] >= 0.95
    assert result.language == "ar" and not result.mojibake


def test_every_page_prints_json_from_the_command(capsys) -> None:
    from newscrawl.extract.cli import main

    for folder in sorted(REALWORLD.glob("*/source.html")):
        assert main([str(folder), "--url", "https://example.com/a", "--no-blocks"]) == 0
        record = json.loads(capsys.readouterr().out)
        assert record["text"] and record["title"]
