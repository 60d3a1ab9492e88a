"""What the browser does with a page: block what a text crawler never needs, wait for the article, scroll.

The coroutines are scrapy-playwright page methods (``PageMethod(settle, ...)``): called with the page, their
return value lands in ``PageMethod.result``, which the spider reads back from ``response.meta`` to count
waits that timed out. They never raise on a timeout: a page that did not settle is still returned as it
is (extraction then decides), and scrapy-playwright closes the page either way.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

# Bytes a text crawler never reads. Stylesheets stay: layout decides what "scrolled to the bottom" means.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "media", "font", "texttrack", "manifest"})
# Ad, tracking and analytics hosts common on Arabic news sites (a host and its subdomains).
BLOCKED_HOSTS = (
    "doubleclick.net", "googlesyndication.com", "googleadservices.com", "google-analytics.com",
    "googletagmanager.com", "googletagservices.com", "adservice.google.com", "connect.facebook.net",
    "facebook.com/tr", "scorecardresearch.com", "chartbeat.com", "chartbeat.net", "taboola.com",
    "outbrain.com", "amazon-adsystem.com", "criteo.com", "criteo.net", "adnxs.com", "pubmatic.com",
    "rubiconproject.com", "hotjar.com", "quantserve.com", "mgid.com", "mc.yandex.ru",
    "clarity.ms", "onesignal.com", "cdn.onesignal.com", "moatads.com", "teads.tv", "effectivemeasure.net",
    "smartadserver.com", "adform.net", "id5-sync.com", "sharethis.com", "addthis.com",
)


def is_blocked_url(url: str) -> bool:
    """True for URLs on an ad/analytics host (``host`` or ``host/path-prefix`` entries)."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path
    for entry in BLOCKED_HOSTS:
        blocked_host, _, blocked_path = entry.partition("/")
        if (host == blocked_host or host.endswith("." + blocked_host)) and path.startswith("/" + blocked_path):
            return True
    return False


def should_abort(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: images, fonts, media and ad/analytics hosts never load."""
    if request.is_navigation_request():
        return False
    return request.resource_type in BLOCKED_RESOURCE_TYPES or is_blocked_url(request.url)


# The article is there: the wait_for element exists, or the body element holds some text.
_READY_JS = """([selector, needText]) => {
  const el = document.querySelector(selector);
  return !!el && (!needText || el.textContent.trim().length > 0);
}"""


async def settle(page: Any, selector: str | None, need_text: bool, timeout_ms: float) -> str:
    """Wait for the site's article element, or for network idle without one. Returns what happened."""
    from playwright._impl._errors import TargetClosedError  # as scrapy-playwright imports it
    from playwright.async_api import Error, TimeoutError

    try:
        if selector:
            await page.wait_for_function(_READY_JS, arg=[selector, need_text], timeout=timeout_ms)
            return "selector"
        await page.wait_for_load_state("networkidle", timeout=timeout_ms)
        return "networkidle"
    except TimeoutError:
        return "timeout"
    except TargetClosedError:  # the browser went away (a stopping run): the page fails on its own, unblamed
        return "closed"
    except Error as exc:  # e.g. a bad selector in the site file: keep the page as it is
        logger.warning("waiting on %s for %r failed: %s", page.url, selector, exc.message[:200])
        return "error"


_LOAD_MORE_JS = r"""() => {
  const label = /(تحميل|عرض|اقرأ|شاهد)?\s*المزيد|load more|show more|more (news|stories|articles)/i;
  const clickable = 'button, [role=button], a[href="#"], a[href^="javascript"], a:not([href])';
  for (const el of document.querySelectorAll(clickable)) {
    if (label.test(el.textContent || '') && el.getClientRects().length) { el.click(); return true; }
  }
  return false;
}"""


async def scroll_for_links(page: Any, times: int, pause_ms: float) -> int:
    """Scroll to the bottom up to ``times`` times, waiting each time for new links; a "load more" button is
    clicked when scrolling brings nothing. Stops early once neither brings links. Returns the rounds that did.
    """
    from playwright._impl._errors import TargetClosedError  # as scrapy-playwright imports it
    from playwright.async_api import Error, TimeoutError

    grown = 0
    for _ in range(times):
        try:
            before = await page.evaluate("document.links.length")
            await page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
            try:
                await page.wait_for_function("n => document.links.length > n", arg=before, timeout=pause_ms)
            except TimeoutError:
                if not await page.evaluate(_LOAD_MORE_JS):
                    break
                await page.wait_for_function("n => document.links.length > n", arg=before, timeout=pause_ms)
        except TimeoutError:
            break
        except TargetClosedError:  # the browser went away (a stopping run)
            break
        except Error as exc:  # the page navigated away or crashed: keep what we have
            logger.warning("scrolling %s stopped: %s", page.url, exc.message[:200])
            break
        grown += 1
    return grown
