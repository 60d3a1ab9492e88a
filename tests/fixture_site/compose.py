"""Composing distinct Arabic articles from the handwritten corpus, deterministically.

Each article gets its own RNG seeded by (outlet, number), so an article's text depends only on its identity,
not on how many articles were made before it: adding outlets or extra articles never changes existing ones.
Slots are filled per article; titles are kept unique per composer.
"""

from __future__ import annotations

import random
import re
from datetime import datetime

from .corpus import (
    CITIES,
    CLOSINGS,
    COUNTRIES,
    FIRST_NAMES,
    LAST_NAMES,
    MINISTERS,
    ORGS,
    SYNONYMS,
    TAG_POOL,
    TEAMS,
    TOPICS,
    WEEKDAYS,
    WOMEN_NAMES,
)
from .model import Article

LATIN_SLUGS = {
    "politics": ("minister-talks-bilateral-cooperation", "regional-security-consultations",
                 "parliament-debates-local-administration-law", "mayoral-candidacy-announced",
                 "delegation-follows-up-agreements", "national-dialogue-new-round"),
    "economy": ("central-bank-holds-interest-rate", "vegetable-fruit-exports-rise", "new-fertilizer-plant-opens",
                "inflation-eases-last-quarter", "stock-exchange-weekly-gains", "solar-energy-financing-deal"),
    "sports": ("league-leaders-win", "derby-ends-in-draw", "striker-leads-derby-win", "injury-sidelines-player",
               "national-team-training-camp", "club-appoints-coach"),
    "culture": ("international-book-fair-opens", "arabic-novel-prize-winner", "film-festival-lineup",
                "historic-palace-restoration", "young-band-revives-folk-songs"),
    "health": ("seasonal-flu-vaccination-campaign", "new-hospital-opens", "walking-heart-disease-study",
               "surgery-waiting-lists-halved"),
    "tech": ("unified-government-digital-platform", "agritech-startup-raises-funds", "banking-sms-fraud-warning",
             "arab-ai-forum"),
    "society": ("governor-inspects-road-works", "water-cut-for-maintenance", "scholarships-disbursed",
                "volunteers-clean-beach"),
    "environment": ("heavy-rain-forecast", "dust-storm-warning", "tree-planting-project", "dam-levels-rise"),
}

_NON_SLUG = re.compile(r"[^\w\s-]", re.UNICODE)


def arabic_slug(title: str, max_words: int = 8) -> str:
    """A WordPress-style slug that keeps Arabic letters: punctuation dropped, words joined by '-'."""
    words = _NON_SLUG.sub(" ", title.replace("%", " بالمئة ")).split()
    return "-".join(words[:max_words])


def vary(text: str, rng: random.Random) -> str:
    """Swap about half of the words that have synonyms (see corpus.SYNONYMS) for an alternative."""
    words = text.split(" ")
    for i, word in enumerate(words):
        bare = word.rstrip("،.")
        if bare in SYNONYMS and rng.random() < 0.5:
            words[i] = rng.choice(SYNONYMS[bare]) + word[len(bare):]
    return " ".join(words)


class Composer:
    """Makes composed articles; remembers titles so no two articles share one."""

    def __init__(self) -> None:
        self._titles: set[str] = set()

    def slots(self, rng: random.Random, outlet_name: str) -> dict[str, str]:
        person, person2 = (f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(2))
        country, country2 = rng.sample(COUNTRIES, 2)
        team, team2 = rng.sample(TEAMS, 2)
        return {
            "person": person, "person2": person2, "city": rng.choice(CITIES), "country": country,
            "country2": country2, "minister": rng.choice(MINISTERS), "org": rng.choice(ORGS), "team": team,
            "team2": team2, "day": rng.choice(WEEKDAYS), "n": str(rng.randint(11, 980)),
            "n2": str(rng.randint(3, 9)), "n3": str(rng.randint(1200, 98000)),
            "pct": f"{rng.randint(2, 45)}.{rng.randint(1, 9)}", "year": str(rng.randint(2028, 2035)),
            "minute": str(rng.randint(3, 89)), "crowd": str(rng.randint(5, 60)), "points": str(rng.randint(12, 45)),
            "squad": str(rng.randint(23, 30)), "woman": f"{rng.choice(WOMEN_NAMES)} {rng.choice(LAST_NAMES)}",
            "outlet": outlet_name,
        }

    def article(self, outlet: str, outlet_name: str, number: int, when: datetime, *,
                topic: str | None = None) -> Article:
        rng = random.Random(f"{outlet}:{number}")
        topic = topic or rng.choice(sorted(TOPICS))
        spec = TOPICS[topic]
        for _ in range(50):
            slots = self.slots(rng, outlet_name)
            index = rng.randrange(len(spec["headlines"]))
            title = spec["headlines"][index].format(**slots)
            if title not in self._titles:
                break
        self._titles.add(title)
        sentences = rng.sample(spec["sentences"], k=min(len(spec["sentences"]), rng.randint(6, 8)))
        blocks: list[tuple[str, str]] = []
        while sentences:
            take = 1 if len(sentences) == 1 else rng.choice((1, 2, 2))
            blocks.append(("p", " ".join(vary(s.format(**slots), rng) for s in sentences[:take])))
            sentences = sentences[take:]
        blocks[-1] = ("p", blocks[-1][1] + " " + vary(rng.choice(CLOSINGS).format(**slots), rng))
        if len(blocks) >= 4 and rng.random() < 0.6:
            blocks.insert(len(blocks) // 2, ("h", rng.choice(spec["subheadings"])))
        authors = [slots["person"] if rng.random() < 0.5 else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"]
        if rng.random() < 0.2:
            authors.append(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
        tags = sorted({*rng.sample(TAG_POOL, 2), slots["city"]})
        latin = LATIN_SLUGS[topic][index % len(LATIN_SLUGS[topic])]
        return Article(outlet=outlet, number=number, title=title, blocks=blocks, published=when,
                       authors=authors, section=topic, tags=tags, slug=latin)

    def reserve(self, title: str) -> None:
        """Mark a handwritten title as used so no composed article repeats it."""
        self._titles.add(title)
