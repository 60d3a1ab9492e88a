"""Every way an article request can fail or a page be dropped, in one table: is it lasting, is it retried.

- **lasting**: asking again gives the same answer (a 404, not HTML, not Arabic, a duplicate). The URL is
  remembered as dropped (``dropped`` in the state) and later runs skip it (``skipped/dropped``).
- **retried**: says nothing about tomorrow (a 5xx, a timeout, a body cut off, our own extraction bug). The
  URL goes to the retry queue and the next runs request it directly, up to ``NEWSCRAWL_RETRY_RUNS`` runs.
- **neither**: counted only (a duplicate URL variant, a page outside the date range, robots.txt).

Counted in the stats as ``errors/<kind>`` (request failures) or ``dropped/<kind>`` (pages and items); see
docs/stats.md. A kind not in the table (``http_500``, an exception class name) is a request failure we have
no reason to think lasting: retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectError,
    ConnectionClosed,
    ConnectionLost,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from newscrawl.rendering.chromium import BrowserNotFoundError, RunStoppingError

LASTING, RETRIED, COUNTED = "lasting", "retried", "counted"


@dataclass(frozen=True)
class FailureKind:
    name: str
    disposition: str  # LASTING | RETRIED | COUNTED
    # lasting drops that depend on how the page was fetched (a JavaScript shell is too short in plain mode
    # and a full article in the browser): remembered with the site's render mode, void once it changes
    mode_dependent: bool = False
    # retried failures of this machine, not of the page: retried every run, never given up
    counts_attempt: bool = True
    meaning: str = ""


def _kinds(*kinds: FailureKind) -> dict[str, FailureKind]:
    return {kind.name: kind for kind in kinds}


KINDS: dict[str, FailureKind] = _kinds(
    # answers of the site that will not change
    FailureKind("http_404", LASTING, meaning="the page is gone"),
    FailureKind("http_410", LASTING, meaning="the page is gone for good"),
    FailureKind("too_large", LASTING, meaning="the body is over the size limit (any size cancellation)"),
    FailureKind("not_html", LASTING, meaning="the body is not an HTML page (another type, or binary)"),
    FailureKind("too_complex", LASTING, meaning="over the extractor's element, attribute, link or block budget"),
    FailureKind("too_long", LASTING, meaning="more text than the extractor's page or article bound"),
    FailureKind("redirect_loop", LASTING, meaning="its redirects lead back into their own chain"),
    # refused by the scope guard (newscrawl/crawl/scope_guard.py): never sent
    FailureKind("bad_scheme", LASTING, meaning="refused: not an http(s) URL"),
    FailureKind("off_site", LASTING, meaning="refused: not on one of its site's hosts"),
    FailureKind("private_address", LASTING, meaning="refused: a loopback or private address"),
    FailureKind("url_too_long", LASTING, meaning="refused: longer than URLLENGTH_LIMIT"),
    FailureKind("failed_repeatedly", LASTING, meaning="a retried failure in NEWSCRAWL_RETRY_RUNS runs"),
    # what the page holds
    FailureKind("language", LASTING, meaning="the text is not in the site's language"),
    FailureKind("too_short", LASTING, mode_dependent=True, meaning="text shorter than NEWSCRAWL_MIN_TEXT_CHARS"),
    FailureKind("missing_text", LASTING, mode_dependent=True, meaning="no article text found"),
    FailureKind("missing_title", LASTING, mode_dependent=True, meaning="no title found"),
    FailureKind("duplicate_content", LASTING, meaning="the same text as another article of the site"),
    FailureKind("near_duplicate", LASTING, meaning="a near-duplicate, with NEWSCRAWL_NEARDUP_ACTION=drop"),
    # passing: asked for again by the next runs
    FailureKind("truncated_html", RETRIED, meaning="the body ends before </body> or </html>"),
    FailureKind("empty_body", RETRIED, meaning="a 200 answer with an empty body"),
    FailureKind("timeout", RETRIED, meaning="no answer within DOWNLOAD_TIMEOUT"),
    FailureKind("dns", RETRIED, meaning="the host name does not resolve"),
    FailureKind("connection", RETRIED, meaning="the connection was refused, reset or cut"),
    FailureKind("pipeline_error", RETRIED, meaning="an item pipeline failed on the item (our bug)"),
    FailureKind("mojibake", RETRIED, meaning="the text is garbled after decoding"),
    FailureKind("extraction_error", RETRIED, meaning="the extractor failed on the page (our bug)"),
    FailureKind("callback_error", RETRIED, meaning="reading the response failed (our bug)"),
    FailureKind("worker_died", RETRIED, meaning="the page killed the worker process building it, twice"),
    FailureKind("extraction_timeout", RETRIED, meaning="building the page overran NEWSCRAWL_PAGE_TIMEOUT, twice"),
    FailureKind("schema_invalid", RETRIED, meaning="the record breaks the schema (our bug)"),
    FailureKind("no_browser", RETRIED, counts_attempt=False, meaning="the site needs Chromium, none installed"),
    # left, neither counted nor remembered: a stopped run's unfinished requests (the next run does them)
    FailureKind("run_stopping", COUNTED, meaning="a browser page of a stopping run whose Chromium is gone"),
    # counted only
    FailureKind("duplicate_url", COUNTED, meaning="a URL variant of an article exported already"),
    FailureKind("out_of_range", COUNTED, meaning="published outside -a since/until"),
    FailureKind("redirected_away", COUNTED, meaning="redirected to a page that is not an article"),
    FailureKind("robots_forbidden", COUNTED, meaning="robots.txt forbids it (asked again by a later discovery)"),
    FailureKind("missing_id", COUNTED, meaning="the item lacks a required field"),
    FailureKind("missing_url", COUNTED, meaning="the item lacks a required field"),
    FailureKind("missing_canonical_url", COUNTED, meaning="the item lacks a required field"),
    FailureKind("missing_site", COUNTED, meaning="the item lacks a required field"),
)


RETRY_META = "newscrawl_retry"  # on requests asked for again from the retry queue (newscrawl/crawl/retries.py)
# Refusals the crawl makes by design and the researcher cannot change: counted, never warned about.
_QUIET = frozenset({"robots_forbidden"})


def log_level(name: str, meta: Any) -> int:
    """How loud a failed request or dropped page is in the log: WARNING when the researcher hears of it for
    the first time; INFO for a URL asked for again from the retry queue (the run that queued it warned, and
    the run's summary counts it again) and for a robots.txt refusal (the site's choice, honoured)."""
    return logging.INFO if name in _QUIET or meta.get(RETRY_META) else logging.WARNING


# What a stopping run's browser requests fail with once its Chromium is gone (killed by the same signal, and
# not launched again: newscrawl/rendering/provider.py). Left for the next run like any page in flight.
_STOPPING = frozenset({"run_stopping", "browser_error", "browser_timeout"})


def left_for_next_run(name: str, stopping: bool) -> bool:
    """Whether a failed request is one a stopping run leaves unfinished rather than a failure to account."""
    return name == "run_stopping" or (stopping and name in _STOPPING)


def kind(name: str) -> FailureKind:
    """The table's entry for a failure kind; an unknown one is a passing request failure."""
    return KINDS.get(name) or FailureKind(name, RETRIED)


def is_lasting(name: str) -> bool:
    return kind(name).disposition == LASTING


def is_retried(name: str) -> bool:
    return kind(name).disposition == RETRIED


def failure_kind(failure: Any) -> str:
    """The kind of a failed request: ``http_404``, ``dns``, ``timeout``, ``connection``, ``too_large``,
    ``robots_forbidden``, ``no_browser``, a scope-guard refusal…, else the exception's class name, lowercased."""
    value = failure.value
    message = failure.getErrorMessage().lower()
    if failure.check(HttpError):
        status = value.response.status
        location = value.response.headers.get(b"Location") or b""
        if 300 <= status < 400 and location and urlsplit(location.decode("latin-1")).scheme not in ("http", "https"):
            return "bad_scheme"  # a redirect to file:, ftp:… is not followed (nor fetched: docs/security.md)
        return f"http_{status}"
    reason = getattr(value, "reason", None)  # the scope guard's RefusedRequest (an IgnoreRequest)
    if failure.check(IgnoreRequest) and isinstance(reason, str) and reason in KINDS:
        return reason
    if failure.check(BrowserNotFoundError):
        return "no_browser"
    if failure.check(RunStoppingError):
        return "run_stopping"
    if type(value).__module__.startswith("playwright"):
        return "browser_timeout" if type(value).__name__ == "TimeoutError" else "browser_error"
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "dns"
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
        return "timeout"
    # A body over download_maxsize is cancelled (with or without Content-Length); a compressed one over it is
    # ignored while decompressing: too large either way.
    if failure.check(DownloadCancelledError) or "maxsize" in message or "max size" in message:
        return "too_large"
    if failure.check(DownloadConnectionRefusedError, ConnectError, ConnectionLost, ConnectionClosed,
                     ResponseDataLossError, ResponseFailed, ResponseNeverReceived, DownloadFailedError):
        return "connection"
    if failure.check(IgnoreRequest) and "robots.txt" in message:
        return "robots_forbidden"
    return type(value).__name__.lower()
