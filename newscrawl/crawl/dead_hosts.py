"""A host that does not resolve is asked once per run, and what fails on the network says so in one line.

A downloader middleware. The first DNS failure of a host marks it dead for the rest of the run: that request
is not retried (Scrapy's RetryMiddleware would ask twice more, each time waiting for the resolver), and later
requests to the host fail at once with the same error, counted ``errors/dns`` by the spider's errback like
the first. Set ``NEWSCRAWL_DNS_ONCE=False`` to let Scrapy retry them.

Scrapy's robots.txt middleware logs a failed robots.txt download as an ERROR with a traceback; for expected
network failures (DNS, refused, timed out) a log filter turns that into one WARNING line without traceback.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from twisted.internet import error as net

from newscrawl.off import off_by_design

DNS_ERRORS = (net.DNSLookupError, CannotResolveHostError)
NETWORK_ERRORS = (*DNS_ERRORS, net.ConnectionRefusedError, net.TimeoutError, net.TCPTimedOutError,
                  net.ConnectError, net.ConnectionLost, DownloadConnectionRefusedError, DownloadTimeoutError,
                  DownloadFailedError)
ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class ExpectedNetworkErrors(logging.Filter):
    """One WARNING line instead of an ERROR with a traceback, for a network failure we expect."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, NETWORK_ERRORS):
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_robots_errors() -> None:
    robots = logging.getLogger(ROBOTS_LOGGER)
    if not any(isinstance(f, ExpectedNetworkErrors) for f in robots.filters):
        robots.addFilter(ExpectedNetworkErrors())


class DeadHosts:
    def __init__(self) -> None:
        self.dead: dict[str, str] = {}  # host -> the resolver's message

    @classmethod
    def from_crawler(cls, crawler: Any) -> DeadHosts:
        quiet_robots_errors()
        if not crawler.settings.getbool("NEWSCRAWL_DNS_ONCE", True):
            raise off_by_design(cls, "NEWSCRAWL_DNS_ONCE is off")
        return cls()

    def process_request(self, request: Any) -> None:
        host = urlsplit(request.url).hostname
        if host in self.dead:
            request.meta["dont_retry"] = True
            raise CannotResolveHostError(f"{host} did not resolve earlier in this run ({self.dead[host]})")

    def process_exception(self, request: Any, exception: Exception) -> None:
        if isinstance(exception, DNS_ERRORS):
            host = urlsplit(request.url).hostname
            if host:
                self.dead.setdefault(host, str(exception)[:120])
                request.meta["dont_retry"] = True
