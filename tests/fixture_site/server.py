"""The HTTP side: one ThreadingHTTPServer per outlet on 127.0.0.1, a request log, conditional GET.

Feeds and sitemaps carry ``ETag`` (a hash of the body) and ``Last-Modified`` (the outlet's logical clock) and
answer 304 to a matching ``If-None-Match`` (checked first, as RFC 9110 says) or ``If-Modified-Since``.
"""

from __future__ import annotations

import hashlib
import threading
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from .html import http_date
from .model import Outlet, Page


class LoggedRequest(NamedTuple):
    outlet: str
    method: str
    path: str  # path with query, as received
    status: int
    headers: dict[str, str]


class RequestLog(list):
    """A list of LoggedRequest that threads may append to; ``kinds`` runs parallel to it."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.kinds: list[str] = []

    def record(self, entry: LoggedRequest, kind: str) -> None:
        with self.lock:
            self.append(entry)
            self.kinds.append(kind)

    def snapshot(self) -> list[tuple[LoggedRequest, str]]:
        with self.lock:
            return list(zip(self, self.kinds, strict=True))

    def reset(self) -> None:
        with self.lock:
            self.clear()
            self.kinds.clear()


def decode_target(target: str) -> tuple[str, dict[str, str]]:
    """(decoded path, query dict) of a request target; raw UTF-8 and percent-encoded forms are the same."""
    raw = target.encode("latin-1", "replace").decode("utf-8", "replace")  # http.server reads latin-1
    parts = urlsplit(raw)
    return unquote(parts.path) or "/", dict(parse_qsl(parts.query, keep_blank_values=True))


def _not_modified(page: Page, etag: str, last_modified: str, headers) -> bool:  # noqa: ANN001
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            return parsedate_to_datetime(ims) >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False
    return False


def make_handler(outlet: Outlet, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: Content-Length is always sent
        server_version = "fixture-news/1.0"

        def do_GET(self) -> None:  # noqa: N802
            self._answer(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(head=True)

        def _answer(self, head: bool) -> None:
            path, query = decode_target(self.path)
            try:
                page = outlet.serve(path, query, self.path)
            except Exception as exc:  # a fixture bug must show up as a 500 in the log, not a hung client
                page = Page(500, f"fixture error: {exc!r}".encode(), "text/plain; charset=utf-8", "other")
            status, body, extra = page.status, page.body, dict(page.headers)
            if page.validators and status == 200:
                etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
                last_modified = http_date(outlet.modified)
                extra.update({"ETag": etag, "Last-Modified": last_modified, "Cache-Control": "max-age=0"})
                if _not_modified(page, etag, last_modified, self.headers):
                    status, body = 304, b""
            log.record(LoggedRequest(outlet.key, self.command, self.path, status, dict(self.headers.items())),
                       page.kind)
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Content-Length", "0")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if not head and status != 304:
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (e.g. a size limit on the 6 MB page): not a fixture error

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by default
            pass

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        """Clients hanging up mid-response are normal for a crawler under test; stay quiet about them."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class OutletServer:
    """One outlet's server thread on an ephemeral 127.0.0.1 port."""

    def __init__(self, outlet: Outlet, log: RequestLog, port: int = 0) -> None:
        self.httpd = QuietServer(("127.0.0.1", port), make_handler(outlet, log))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name=f"fixture-{outlet.key}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
