"""Plain stdlib HTTP for the health check: it is a cron job, not the crawl.

HTTP errors come back as a status (the check reports ``HTTP 403``); network errors raise
:class:`FetchError` carrying the short reason a morning cron mail shows (``timeout after 20 s``…).
"""

from __future__ import annotations

import gzip
import http.client
import socket
import ssl
import zlib
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from newscrawl.settings import USER_AGENT

MAX_BYTES = 20 * 1024 * 1024  # a feed, sitemap or article above this is a problem in itself
_URI_SAFE = "/:@!$&'()*+,;%~"  # RFC 3986 characters left as they are (and existing %XX)


class FetchError(Exception):
    """A request failed; ``reason`` is the short text the report shows (``HTTP 403``, ``timeout…``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes
    charset: str | None
    rendered: bool = False  # through Chromium (newscrawl/registry/health/browser.py)
    refused: int = 0  # the rendered page's own requests refused for leaving its site

    def text(self) -> str:
        return self.body.decode(self.charset or "utf-8", "replace")


def _network_reason(exc: BaseException, url: str, timeout: float) -> str:
    if isinstance(exc, socket.gaierror):
        return f"DNS error: {urlsplit(url).hostname} not found"
    if isinstance(exc, TimeoutError):
        return f"timeout after {timeout:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {getattr(exc, 'reason', None) or exc}"
    return f"connection error: {exc}"


def to_uri(url: str) -> str:
    """An IRI as sent on the wire: raw Arabic in path/query percent-encoded (UTF-8), IDN host in punycode."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        netloc = parts.netloc.replace(host, host.encode("idna").decode("ascii"))
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts._replace(path=quote(parts.path, safe=_URI_SAFE),
                                     query=quote(parts.query, safe=_URI_SAFE + "="), fragment=""))


def fetch(url: str, timeout: float = 20.0) -> Fetched:
    """GET with the crawl's User-Agent; HTTP errors come back as a status, network errors raise."""
    request = Request(to_uri(url), headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
    try:
        with urlopen(request, timeout=timeout) as resp:
            body = resp.read(MAX_BYTES + 1)
            encoding = (resp.headers.get("Content-Encoding") or "").lower()
            status, final_url, charset = resp.status, resp.url, resp.headers.get_content_charset()
    except HTTPError as exc:
        return Fetched(exc.url or url, exc.code, b"", None)
    except URLError as exc:
        reason = exc.reason if isinstance(exc.reason, BaseException) else OSError(str(exc.reason))
        raise FetchError(_network_reason(reason, url, timeout)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(_network_reason(exc, url, timeout)) from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"response larger than {MAX_BYTES // 2**20} MB")
    try:
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
    except (OSError, zlib.error, EOFError) as exc:
        raise FetchError(f"broken {encoding} body: {exc}") from None
    return Fetched(final_url, status, body, charset)
