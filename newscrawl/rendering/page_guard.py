"""The scope guard inside the browser: a rendered page's own navigations and sub-requests stay on its site.

Scrapy's requests pass newscrawl/crawl/scope_guard.py before Chromium sees them; what the page then asks for
(scripts, XHR, frames, a JavaScript or server redirect) does not go through Scrapy. scrapy-playwright routes
every request of a page through its handler; this page-init callback (``playwright_page_init_callback``)
adds a route registered after it, which Playwright runs first
(https://playwright.dev/python/docs/api/class-page#page-route): a request off the site's ``domains``,
``feed_hosts`` and ``asset_hosts`` (the CDNs its scripts come from), or to a private address the site file
does not allow, is aborted; the others fall back to scrapy-playwright's handler (which blocks images, fonts
and ad hosts: page_actions.py). Each refusal is noted in the request's meta, and counted by the rendering
policy as ``refused/<reason>`` when the response arrives.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from newscrawl.crawl.scope_guard import SCHEMES, is_private_host

SCOPE_META = "newscrawl_browser_scope"  # {"hosts": [...], "private": bool}, set by the rendering policy
REFUSED_META = "newscrawl_browser_refused"  # reasons of the requests this page was refused


def browser_scope(site: Any) -> dict[str, Any]:
    """What a page of the site may load: its hosts (``host[:port]``, subdomains included) and whether it may
    reach private addresses."""
    hosts = [d.split("/")[0] for d in site.domains] + list(site.feed_hosts) + list(site.asset_hosts)
    return {"hosts": sorted(set(hosts)), "private": bool(site.allow_private_addresses)}


def browser_refusal(url: str, scope: dict[str, Any]) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        return None if parts.scheme in ("data", "blob", "about") else "bad_scheme"  # in-page, no network
    netloc = parts.netloc.lower()
    if not any(netloc == h or netloc.endswith("." + h) for h in scope.get("hosts", ())):
        return "off_site"
    if is_private_host(parts.hostname or "") and not scope.get("private"):
        return "private_address"
    return None


async def guard_page(page: Any, request: Any) -> None:
    """playwright_page_init_callback: abort whatever the page asks for outside its site."""
    scope = request.meta.get(SCOPE_META)
    if scope is None:
        return
    await install_guard(page, scope, request.meta.setdefault(REFUSED_META, []))


async def install_guard(page: Any, scope: dict[str, Any], refused: list[str]) -> None:
    """Route every request of ``page`` through the scope rule; refusals' reasons are appended to ``refused``.
    Also used by ``sites check`` (newscrawl/registry/health/browser.py), which drives Playwright itself."""

    async def route(route: Any, browser_request: Any) -> None:
        reason = browser_refusal(browser_request.url, scope)
        if reason is None:
            await route.fallback()
            return
        refused.append(reason)
        await route.abort("blockedbyclient")

    await page.route("**", route)
