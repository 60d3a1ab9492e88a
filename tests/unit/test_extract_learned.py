"""Learned boilerplate: blocks recurring on K pages of a site are learned and removed; memory is bounded."""

import json

from newscrawl.extract import extract_article
from newscrawl.extract.learned import BoilerplateLearner
from tests.unit.test_extract_pages import STORY, STORY_SUBHEADINGS, STORY_TITLE, portal_page

# a footer line no lexicon knows, which this site prints inside every article body
HOUSE_LINE = "هذا المحتوى برعاية شركة النور للتطوير العقاري"


def site_page(n: int) -> bytes:
    paragraphs = [f"{p} (الحلقة {n})" if i % 2 == 0 and p not in STORY_SUBHEADINGS else p
                  for i, p in enumerate(STORY)]
    return portal_page(f"{STORY_TITLE} {n}", [*paragraphs, HOUSE_LINE], STORY_SUBHEADINGS).encode()


def test_recurring_block_learned_after_k_pages_and_removed() -> None:
    learner = BoilerplateLearner(min_pages=3)
    seen_before = []
    for n in range(5):
        result = extract_article(site_page(n), f"https://portal.example/news/{n}",
                                 learned_boilerplate=learner.known("portal"))
        seen_before.append(HOUSE_LINE in result.text)
        learner.observe("portal", result.blocks)
    assert seen_before == [True, True, True, False, False]
    # the story's own paragraphs differ per page and are never learned
    assert all("الحلقة" not in block for block in learner.known("portal"))
    assert learner.known("other-site") == frozenset()


def test_same_block_twice_on_one_page_counts_once() -> None:
    learner = BoilerplateLearner(min_pages=2)
    learner.observe("s", ["سطر ثابت", "سطر ثابت"])
    assert learner.known("s") == frozenset()
    learner.observe("s", ["سطر ثابت"])
    assert learner.known("s") == {"سطر ثابت"}


def test_long_blocks_are_not_learned() -> None:
    # a wire paragraph shared by several stories of the site stays content
    wire = " ".join(["كلمة"] * 50)
    learner = BoilerplateLearner(min_pages=2)
    for _ in range(5):
        learner.observe("s", [wire])
    assert learner.known("s") == frozenset()


def test_memory_is_bounded_and_frequent_blocks_survive() -> None:
    learner = BoilerplateLearner(min_pages=3, max_blocks=100)
    for page in range(400):
        learner.observe("s", ["تذييل ثابت للموقع", f"فقرة فريدة رقم {page}", f"فقرة أخرى رقم {page}"])
        assert learner.size("s") <= 100
    assert "تذييل ثابت للموقع" in learner.known("s")


def test_dump_load_round_trip() -> None:
    learner = BoilerplateLearner(min_pages=2)
    for n in range(3):
        learner.observe("a", ["سطر مشترك", f"سطر {n}"])
        learner.observe("b", ["سطر آخر"])
    state = json.loads(json.dumps(learner.dump(), ensure_ascii=False))
    restored = BoilerplateLearner.from_dump(state)
    assert restored.known("a") == learner.known("a") == {"سطر مشترك"}
    assert restored.known("b") == {"سطر آخر"}
    assert restored.dump() == learner.dump()
    # loading into a learner that already counts adds up the counts
    fresh = BoilerplateLearner(min_pages=3)
    fresh.observe("a", ["سطر جديد"])
    fresh.load({"sites": {"a": [[2, "سطر جديد"]]}})
    assert fresh.known("a") == {"سطر جديد"}
