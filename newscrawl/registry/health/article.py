"""Sampling one article of a site: it must extract with non-empty text, a title and a date."""

from __future__ import annotations

from typing import Any

from newscrawl.crawl.sources import Link
from newscrawl.registry import SiteProfile
from newscrawl.registry.health.http import FetchError
from newscrawl.registry.health.report import Check
from newscrawl.registry.health.session import PoliteSession
from newscrawl.registry.health.sources import render_hint

MAX_SAMPLES = 3  # article URLs tried before the article check fails


class ArticleSampler:
    def __init__(self, site: SiteProfile, session: PoliteSession):
        self.site, self.session = site, session

    def check_article(self, links: list[Link]) -> dict[str, Any]:
        """Newest article URLs first, robots-allowed ones only; passes when one of MAX_SAMPLES extracts.

        Trying a few keeps one deleted or odd article from failing a healthy site; the first failure's
        reason is reported when none extracts.
        """
        check = Check("article", "")
        self.session.checks.append(check)
        newest_first = sorted(links, key=lambda link: link.published or link.lastmod or "", reverse=True)
        allowed = [link.url for link in newest_first if self.session.allowed(link.url)]
        if not links or not allowed:
            check.fail("no article URL to sample" if not links else "robots.txt disallows every article URL")
            return {}
        first_failure: tuple[str, str, dict[str, Any]] | None = None
        for url in allowed[:MAX_SAMPLES]:
            check.found += 1
            reason, sample = self.extract_one(url)
            if not reason:
                check.url, check.ok, check.reason = url, True, ""
                return sample
            first_failure = first_failure or (url, reason, sample)
        assert first_failure is not None  # allowed is not empty, so the loop ran
        check.url, reason, sample = first_failure
        check.fail(reason)
        return sample

    def extract_one(self, url: str) -> tuple[str, dict[str, Any]]:
        """(failure reason or "", sample) for one article URL."""
        try:
            got = self.session.get(url)
            if got.status != 200:
                raise FetchError(f"HTTP {got.status}")
        except FetchError as exc:
            return exc.reason, {"url": url}
        from newscrawl.extract import extract_article  # heavy import, only when an article is read

        try:
            art = extract_article(got.body, got.url, self.site, http_encoding=got.charset)
        except Exception as exc:  # an extractor crash is a site failure to report, not a check crash
            return f"extraction error: {type(exc).__name__}: {exc}", {"url": url}
        sample = {"url": url, "title": art.title, "published": art.published, "text_chars": len(art.text or "")}
        missing = [name for name, value in (("text", art.text), ("title", art.title), ("date", art.published))
                   if not (value or "").strip()]
        if "text" in missing:
            return "extraction empty" + render_hint(self.site), sample
        if missing:
            return f"extraction has no {' and no '.join(missing)}" + render_hint(self.site), sample
        return "", sample
