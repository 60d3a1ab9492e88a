"""Names for failed requests, as counted in the crawl stats (``errors/<kind>``) and the run manifest."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError

from newscrawl.rendering.chromium import BrowserNotFoundError


def error_kind(failure: Any) -> str:
    """``http_404``, ``dns``, ``timeout``, ``too_large``, ``robots_forbidden``, ``no_browser``…"""
    message = failure.getErrorMessage().lower()
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(BrowserNotFoundError):
        return "no_browser"
    if type(failure.value).__module__.startswith("playwright"):
        return "browser_timeout" if type(failure.value).__name__ == "TimeoutError" else "browser_error"
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "dns"
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timeout"
    if failure.check(ConnectionRefusedError):
        return "connection_refused"
    if "maxsize" in message or "larger than" in message:
        return "too_large"
    if failure.check(IgnoreRequest) and "robots.txt" in message:
        return "robots_forbidden"
    return type(failure.value).__name__.lower()
