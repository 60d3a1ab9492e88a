"""Conditional requests for feeds and sitemaps (ETag / Last-Modified / sitemap lastmod).

Validators seen in this run are kept aside and written to the state only when the run finishes
cleanly: a run killed half-way must not make the next run skip a feed whose articles it never exported.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Response

from newscrawl.state import StateStore, Validators

PENDING_ATTR = "_newscrawl_pending_validators"


def conditional_headers(state: StateStore, url: str) -> dict[str, str]:
    v = state.validators(url)
    headers = {}
    if v.etag:
        headers["If-None-Match"] = v.etag
    if v.last_modified:
        headers["If-Modified-Since"] = v.last_modified
    return headers


def remember_validators(crawler: Any, response: Response) -> None:
    """Keep the response's validators (and the index's lastmod) until the run ends."""
    etag = response.headers.get(b"ETag")
    last_modified = response.headers.get(b"Last-Modified")
    lastmod = response.meta.get("sitemap_lastmod")
    if not (etag or last_modified or lastmod):
        return
    pending: dict[str, tuple[str, Validators]] = getattr(crawler, PENDING_ATTR, None) or {}
    # Under the URL the source is configured with, not a redirect's target: that is the one looked up.
    redirects = response.meta.get("redirect_urls") or []
    url = redirects[0] if redirects else (response.request.url if response.request else response.url)
    pending[url] = (
        response.meta.get("site"),
        Validators(
            etag.decode("latin-1") if etag else None,
            last_modified.decode("latin-1") if last_modified else None,
            lastmod,
        ),
    )
    setattr(crawler, PENDING_ATTR, pending)


LISTING_WALKED = "listing-walked"  # the lastmod value that marks a listing page walked in a finished run


def remember_listing_walked(crawler: Any, url: str, site: str) -> None:
    """A listing page whose further pages were followed: once the run finishes cleanly, later runs may
    stop at this page when everything it links to is already exported (``listing_walked``)."""
    pending: dict[str, tuple[str, Validators]] = getattr(crawler, PENDING_ATTR, None) or {}
    pending.setdefault(url, (site, Validators(lastmod=LISTING_WALKED)))
    setattr(crawler, PENDING_ATTR, pending)


def listing_walked(state: StateStore, url: str) -> bool:
    return state.validators(url).lastmod == LISTING_WALKED


def commit_validators(crawler: Any, state: StateStore) -> int:
    """Write the validators of this run; called only when the run finished cleanly (articles that failed
    are in the retry queue, newscrawl/crawl/retries.py, so no source has to be read again for them)."""
    pending: dict[str, tuple[str, Validators]] = getattr(crawler, PENDING_ATTR, None) or {}
    for url, (_site, v) in pending.items():
        state.save_validators(url, v)
    return len(pending)
