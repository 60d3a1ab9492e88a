"""Sampling one article of a site: it must extract with non-empty text, a title and a date.

Rendered where the crawl renders it: every article of a ``browser`` site; an ``auto`` site's article when its
plain copy is a shell by the crawl's rule (``fallback_reason``, newscrawl/rendering/policy.py).
"""

from __future__ import annotations

from typing import Any

from newscrawl.crawl.sources import Link
from newscrawl.registry import SiteProfile
from newscrawl.registry.health.http import Fetched, FetchError
from newscrawl.registry.health.report import Check
from newscrawl.registry.health.session import PoliteSession
from newscrawl.registry.health.sources import render_hint
from newscrawl.rendering.policy import fallback_reason, wants_browser

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
                check.rendered, check.refused = sample["rendered"], sample.pop("refused", 0)
                return sample
            first_failure = first_failure or (url, reason, sample)
        assert first_failure is not None  # allowed is not empty, so the loop ran
        check.url, reason, sample = first_failure
        check.rendered, check.refused = sample.get("rendered", False), sample.pop("refused", 0)
        check.fail(reason)
        return sample

    def _get(self, url: str, render: bool) -> Fetched:
        got = self.session.render(url, self.site, "article") if render else self.session.get(url)
        if got.status != 200:
            raise FetchError(f"HTTP {got.status}")
        return got

    def extract_one(self, url: str) -> tuple[str, dict[str, Any]]:
        """(failure reason or "", sample) for one article URL."""
        render = wants_browser(self.site, "article")
        try:
            got = self._get(url, render)
            reason, sample, text = self.extract(url, got)
            if not render and self.site.render == "auto" and text is not None and self.session.pages is not None \
                    and fallback_reason(got.body, text, self.session.pages().min_chars):
                got = self._get(url, True)  # a shell: the crawl fetches it again through Chromium
                reason, sample, _ = self.extract(url, got)
        except FetchError as exc:
            return exc.reason, {"url": url, "rendered": render}
        return reason, sample

    def extract(self, url: str, got: Fetched) -> tuple[str, dict[str, Any], str | None]:
        """(failure reason or "", sample, the extracted text or None when extraction failed) for one page."""
        from newscrawl.extract import extract_article  # heavy import, only when an article is read

        base = {"url": url, "rendered": got.rendered, "refused": got.refused}
        try:
            art = extract_article(got.body, got.url, self.site, http_encoding=got.charset)
        except Exception as exc:  # an extractor crash is a site failure to report, not a check crash
            return f"extraction error: {type(exc).__name__}: {exc}", base, None
        sample = {**base, "title": art.title, "published": art.published, "text_chars": len(art.text or "")}
        missing = [name for name, value in (("text", art.text), ("title", art.title), ("date", art.published))
                   if not (value or "").strip()]
        if "text" in missing:
            return "extraction empty" + render_hint(self.site, got.body), sample, art.text or ""
        if missing:
            return f"extraction has no {' and no '.join(missing)}" + render_hint(self.site, got.body), sample, \
                art.text or ""
        return "", sample, art.text or ""
