"""Conditional requests for feeds and sitemaps (ETag / Last-Modified / sitemap lastmod).

Validators seen in this run are kept aside and written to the state only when the run finishes
cleanly: a run killed half-way must not make the next run skip a feed whose articles it never exported.
The spider holds one ``SourceValidators`` for the run.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Response

from newscrawl.state import Validators

LISTING_WALKED = "listing-walked"  # the lastmod value that marks a listing page walked in a finished run


class SourceValidators:
    def __init__(self, store: Any):
        self.store = store
        self.pending: dict[str, Validators] = {}  # this run's, by the URL the source is configured with

    def headers(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for a source the state has validators for."""
        v = self.store.validators(url)
        headers = {}
        if v.etag:
            headers["If-None-Match"] = v.etag
        if v.last_modified:
            headers["If-Modified-Since"] = v.last_modified
        return headers

    def lastmod(self, url: str) -> str | None:
        return self.store.validators(url).lastmod

    def lastmods(self, urls: list[str]) -> dict[str, str | None]:
        """``lastmod`` of many sources in one state lookup (the children of a sitemap index)."""
        found = self.store.validators_many(urls)
        return {url: found[url].lastmod if url in found else None for url in urls}

    def remember(self, response: Response) -> None:
        """Keep the response's validators (and the index's lastmod) until the run ends."""
        etag = response.headers.get(b"ETag")
        last_modified = response.headers.get(b"Last-Modified")
        lastmod = response.meta.get("sitemap_lastmod")
        if not (etag or last_modified or lastmod):
            return
        # Under the URL the source is configured with, not a redirect's target: that is the one looked up.
        redirects = response.meta.get("redirect_urls") or []
        url = redirects[0] if redirects else (response.request.url if response.request else response.url)
        self.pending[url] = Validators(etag.decode("latin-1") if etag else None,
                                       last_modified.decode("latin-1") if last_modified else None, lastmod)

    def remember_listing_walked(self, url: str) -> None:
        """A listing page whose further pages were followed: once the run finishes cleanly, later runs may
        stop at this page when everything it links to is already exported (``listing_walked``)."""
        self.pending.setdefault(url, Validators(lastmod=LISTING_WALKED))

    def listing_walked(self, url: str) -> bool:
        return self.store.validators(url).lastmod == LISTING_WALKED

    def save(self) -> int:
        """Write this run's validators; called only when the run finished cleanly (articles that failed are
        in the retry queue, newscrawl/crawl/retries.py, so no source has to be read again for them)."""
        for url, v in self.pending.items():
            self.store.save_validators(url, v)
        return len(self.pending)
