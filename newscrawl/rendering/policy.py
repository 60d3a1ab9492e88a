"""When a page goes through the browser, and how: the per-site render mode, the auto fallback, request meta.

- ``plain`` (default): never.
- ``browser``: every article and listing page (feeds and sitemaps are XML: always plain).
- ``auto``: pages are fetched plainly; an article whose extracted text is missing or short, or whose HTML
  carries a client-side-rendering marker, is fetched again through Chromium, once. Listing sources with
  ``scroll > 0`` go through the browser directly (only a browser can scroll), and an auto listing that
  yields no article link but carries a marker is fetched again too.

Chromium is reached through scrapy-playwright, whose download handler is installed only when a selected
site is ``browser`` or ``auto`` (from the spider's from_crawler, like DOWNLOAD_SLOTS); it handles only
requests with ``meta["playwright"]``, the others keep Scrapy's own HTTP handler.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from newscrawl.registry import SiteProfile
from newscrawl.rendering.page_actions import scroll_for_links, settle
from newscrawl.rendering.page_guard import REFUSED_META, SCOPE_META, browser_scope, guard_page
from newscrawl.stats import count

HANDLER = "newscrawl.rendering.handler.SharedPlaywrightHandler"  # scrapy-playwright, one instance for both schemes
CONTEXT = "newscrawl"  # one shared browser context; PLAYWRIGHT_MAX_CONTEXTS guards it
GOTO_KWARGS = {"wait_until": "domcontentloaded"}  # then the page methods wait for what matters

# Client-side-rendering markers. A strong one (an empty mount point) outweighs up to 4x the minimum text
# (a shell with a teaser); a weak one (framework state, a "please enable JavaScript" notice) only up to 2x,
# because server-rendered Next/Nuxt pages and Disqus-style notices carry them beside a full text.
_STRONG, _WEAK = 4, 2
_MARKERS: tuple[tuple[str, re.Pattern[bytes], int], ...] = (
    ("empty_mount", re.compile(
        rb"<div\b[^>]*\bid=[\"']?(?:root|app|__next|__nuxt|___gatsby|main-app|spa-root)\b[\"']?[^>]*>\s*</div>",
        re.I), _STRONG),
    ("empty_mount", re.compile(rb"<app-root\b[^>]*>\s*</app-root>", re.I), _STRONG),
    ("next_data", re.compile(rb"<script\b[^>]*\bid=[\"']?__NEXT_DATA__", re.I), _WEAK),
    ("nuxt_state", re.compile(rb"window\.__NUXT__\s*=", re.I), _WEAK),
    ("noscript", re.compile(rb"<noscript\b[^>]*>(.{0,600}?)</noscript>", re.I | re.S), _WEAK),
)
_ENABLE_JS = re.compile(
    r"(?:enable|activate|turn on|requires?|تفعيل|تمكين|تشغيل|يتطلب)[^<]{0,40}(?:javascript|جافا ?سكري?بت)"
    r"|javascript[^<]{0,20}(?:is )?(?:required|disabled)".encode(), re.I)
# A notice about one widget (Disqus comments, a map, a video) is not a page-wide shell.
_WIDGET_NOTICE = re.compile("comment|disqus|تعليق|map|video|فيديو".encode(), re.I)


def _is_marker(name: str, match: re.Match[bytes]) -> bool:
    if name != "noscript":
        return True
    notice = match.group(1)
    return bool(_ENABLE_JS.search(notice)) and not _WIDGET_NOTICE.search(notice)


def csr_marker(html: bytes) -> tuple[str, int] | None:
    """The first client-side-rendering marker in a page (name, weight), or None."""
    head = html[:600_000]
    for name, pattern, weight in _MARKERS:
        if any(_is_marker(name, m) for m in pattern.finditer(head)):
            return name, weight
    return None


# Only a whole page with code in it can be a shell: a page cut off in transit comes back from the browser just
# as cut, and a short page without any script (a news brief on a static site) has nothing to run.
_CODE = re.compile(rb"<script\b(?![^>]*\btype=[\"']?application/(?:ld\+)?json)", re.I)
_END = re.compile(rb"</(?:body|html)\s*>", re.I)


def could_be_shell(html: bytes) -> bool:
    return bool(_END.search(html[-65536:]) and _CODE.search(html))


def fallback_reason(html: bytes, text: str, min_chars: int) -> str | None:
    """Why an auto site's plainly fetched article should be rendered, or None when it need not be."""
    if not could_be_shell(html):
        return None
    if len(text.strip()) < min_chars:
        return "short_text"
    marker = csr_marker(html)
    if marker and len(text) < min_chars * marker[1]:
        return f"marker_{marker[0]}"
    return None


def listing_fallback_reason(html: bytes, article_links: int) -> str | None:
    """Why an auto site's plainly fetched listing should be rendered (no article link, and a client-side
    rendering marker), or None."""
    if article_links:
        return None
    marker = csr_marker(html) if could_be_shell(html) else None
    return f"marker_{marker[0]}" if marker else None


def wants_browser(site: SiteProfile, kind: str, scroll: int = 0) -> bool:
    """Whether a page of the site goes to the browser directly (``kind``: article or listing)."""
    if site.render == "browser":
        return kind in ("article", "listing")
    return site.render == "auto" and kind == "listing" and scroll > 0


def page_methods(site: SiteProfile, kind: str, scroll: int, wait_ms: float, scroll_pause_ms: float) -> list:
    """What the browser does with the page once loaded: wait for the article (or network idle), scroll
    listings (newscrawl/rendering/page_actions.py)."""
    if kind == "article":
        selector, need_text = (site.selectors.wait_for, False) if site.selectors.wait_for else (
            site.selectors.body, True)
        return [PageMethod(settle, selector, need_text, wait_ms)]
    methods = [PageMethod(settle, None, False, wait_ms)]
    if scroll > 0:
        methods.append(PageMethod(scroll_for_links, scroll, scroll_pause_ms))
    return methods


def min_text_chars(settings: Any) -> int:
    """Text shorter than this makes an auto site's page a shell to render."""
    return settings.getint("NEWSCRAWL_RENDER_MIN_TEXT_CHARS") or settings.getint("NEWSCRAWL_MIN_TEXT_CHARS", 200)


def _stopping(crawler: Any) -> bool:
    """Whether the run is stopping (Scrapy's Crawler.stop, on SIGINT/SIGTERM, clears ``crawling`` first)."""
    return not crawler.crawling


def needs_handler(sites: dict[str, SiteProfile]) -> bool:
    return any(site.render != "plain" for site in sites.values())


class Rendering:
    """The spider's rendering policy, built once in from_crawler."""

    def __init__(self, crawler: Any, sites: dict[str, SiteProfile]):
        settings = crawler.settings
        self.crawler, self.sites = crawler, sites
        self.min_chars = min_text_chars(settings)
        self.wait_ms = settings.getfloat("NEWSCRAWL_RENDER_WAIT", 10.0) * 1000
        self.scroll_pause_ms = settings.getfloat("NEWSCRAWL_RENDER_SCROLL_PAUSE", 3.0) * 1000
        self.enabled = needs_handler(sites)
        if self.enabled:
            self._install(crawler)
            crawler.signals.connect(self.response_received, signal=signals.response_received)

    @property
    def stats(self) -> Any:
        return self.crawler.stats  # created after the spider's from_crawler: read it late

    @staticmethod
    def _install(crawler: Any) -> None:
        from newscrawl.rendering.provider import ChromiumProvider  # imports Playwright: only when needed

        settings = crawler.settings
        # scrapy-playwright's handler sends requests without meta["playwright"] through Scrapy's own HTTP/1.1
        # handler (it subclasses it), so plain pages are fetched exactly as without it.
        handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": HANDLER, "https": HANDLER}
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="spider")
        search = settings.getlist("NEWSCRAWL_BROWSER_SEARCH") if settings.get("NEWSCRAWL_BROWSER_SEARCH") else None
        provider = functools.partial(
            ChromiumProvider, explicit=settings.get("NEWSCRAWL_BROWSER_PATH") or None,
            search=tuple(search) if search is not None else None,
            extra_args=tuple(settings.getlist("NEWSCRAWL_BROWSER_ARGS")),
            stopping=functools.partial(_stopping, crawler),
        )
        settings.set("PLAYWRIGHT_BROWSER_PROVIDER", provider, priority="spider")

    # -- which requests render
    def wants_browser(self, site: SiteProfile, kind: str, scroll: int = 0) -> bool:
        return wants_browser(site, kind, scroll)

    def browser_meta(self, site: SiteProfile, kind: str, scroll: int = 0) -> dict[str, Any]:
        """scrapy-playwright meta: wait for the article (or network idle), scroll listings, close the page."""
        methods = page_methods(site, kind, scroll, self.wait_ms, self.scroll_pause_ms)
        # No playwright_include_page: scrapy-playwright then closes every page itself, on errors too.
        # A browser fetch's latency is mostly our own waiting (network idle, scroll pauses) and rendering: it
        # says nothing about the server's load, so AutoThrottle must not slow the site's plain requests for it.
        # The site's own delay (its download slot) still spaces browser requests.
        return {"playwright": True, "playwright_context": CONTEXT, "playwright_page_methods": methods,
                "playwright_page_goto_kwargs": dict(GOTO_KWARGS),
                # the page's own requests stay on the site (page_guard.py)
                "playwright_page_init_callback": guard_page, SCOPE_META: browser_scope(site),
                "autothrottle_dont_adjust_delay": True}

    def meta_for(self, site: SiteProfile, kind: str, scroll: int = 0) -> dict[str, Any]:
        return self.browser_meta(site, kind, scroll) if self.wants_browser(site, kind, scroll) else {}

    # -- the auto fallback
    def _refetch(self, response: Response, site: SiteProfile, kind: str, reason: str) -> Request:
        count(self.stats, site.key, f"render_fallback/{reason}")
        meta = {k: v for k, v in response.meta.items() if not k.startswith(("download_", "retry_", "redirect_"))}
        meta.update(self.browser_meta(site, kind, meta.get("scroll", 0)), render_fallback=reason,
                    download_slot=site.key)
        # dont_filter: the plain fetch put this URL's fingerprint in the dupefilter. The seen-URL middleware
        # only skips URLs exported by a run, and the plain copy was never exported, so it lets this through.
        return response.request.replace(url=response.url, meta=meta, dont_filter=True)

    def article_fallback(self, response: Response, item: Any) -> Request | None:
        """The browser re-fetch of an auto site's article that came out as a shell, else None."""
        site = self.sites[response.meta["site"]]
        if site.render != "auto" or response.meta.get("playwright") or item is None:
            return None
        reason = fallback_reason(response.body, ItemAdapter(item).get("text") or "", self.min_chars)
        return self._refetch(response, site, "article", reason) if reason else None

    def listing_fallback(self, response: Response, article_links: int) -> Request | None:
        site = self.sites[response.meta["site"]]
        if site.render != "auto" or response.meta.get("playwright"):
            return None
        reason = listing_fallback_reason(response.body, article_links)
        return self._refetch(response, site, "listing", reason) if reason else None

    # -- counting
    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        site = request.meta.get("site")
        if not request.meta.get("playwright") or not site:
            return
        count(self.stats, site, "rendered")
        for reason in request.meta.get(REFUSED_META) or ():
            count(self.stats, site, f"refused/{reason}")
        for method in request.meta.get("playwright_page_methods") or ():
            if method.method is settle and method.result in ("timeout", "error"):
                count(self.stats, site, f"render_wait/{method.result}")
            elif method.method is scroll_for_links and method.result is not None:
                count(self.stats, site, "scrolls", int(method.result))
