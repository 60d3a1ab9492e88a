"""A local news site of real-size Arabic article pages, built at benchmark time from the real-world pages
beside the checkout (``../shared/realworld``: one folder per page, ``source.html`` + ``gold.json``).

Page ``n`` is real page ``n mod k`` with a number put before every copy of its first two paragraphs (body,
meta description, JSON-LD), so every page has its own text (no exact duplicate is dropped) while staying the
size and shape of the real page: a site full of near-duplicates, the hard case for the near-duplicate index.
Pages are made on request, so 20,000 of them cost no memory. Served on 127.0.0.1 by a threaded HTTP server:
``/sitemap.xml`` lists every page, ``/news/<n>/`` is page ``n``; no robots.txt (404).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Template:
    name: str
    html: str  # decoded
    anchors: tuple[str, ...]  # the starts of the body's first paragraphs found in the page


def templates(folder: Path = REALWORLD) -> list[Template]:
    found = []
    for page in sorted(folder.glob("*/source.html")):
        gold = json.loads((page.parent / "gold.json").read_text(encoding="utf-8"))
        paragraphs = gold.get("paragraphs") or []
        raw = page.read_bytes()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # kept simple: the site serves UTF-8
        # two paragraphs: a page may write its first one in the body otherwise than in its meta description
        anchors = tuple(p[:25] for p in paragraphs[:2] if p[:25] in html)
        if anchors:
            found.append(Template(page.parent.name, html, anchors))
    return found


class RealSite:
    """Pages 0..count-1 made from the templates; ``url(n)`` and ``urls()`` once started."""

    def __init__(self, count: int, folder: Path = REALWORLD):
        self.count = count
        self.templates = templates(folder)
        if not self.templates:
            raise SystemExit(f"no real-world pages under {folder}: this benchmark needs them")
        self.server: ThreadingHTTPServer | None = None

    def page(self, n: int) -> bytes:
        template = self.templates[n % len(self.templates)]
        marker = f"(تقرير رقم {str(n + 1).translate(ARABIC_DIGITS)}) "
        html = template.html
        for anchor in template.anchors:
            html = html.replace(anchor, marker + anchor)
        return html.encode("utf-8")

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, n: int) -> str:
        return f"{self.base}/news/{n}/"

    def urls(self) -> list[str]:
        return [self.url(n) for n in range(self.count)]

    def sitemap(self) -> bytes:
        entries = "".join(f"<url><loc>{url}</loc></url>" for url in self.urls())
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</urlset>").encode()

    def mean_size(self) -> float:
        return sum(len(self.page(n)) for n in range(len(self.templates))) / len(self.templates)

    def profile(self) -> str:
        """The site file (registry TOML) of this site; politeness off."""
        return "\n".join([
            'key = "realsite"', 'name = "Real pages"', 'name_en = "Real pages"',
            f'domains = ["{self.base.split("//")[1]}"]',
            'country = "EG"', 'language = "ar"', 'timezone = "Africa/Cairo"', 'render = "plain"', "enabled = true",
            'verified = ""', "allow_private_addresses = true", f'terms_url = "{self.base}/"',
            'notes = "benchmarks/_realsite.py"',
            f'sources = [{{ type = "sitemap", url = "{self.base}/sitemap.xml" }}]', "",
            "[articles]", r"allow = ['^http://127\.0\.0\.1:\d+/news/\d+/$']", "",
            "[politeness]", "delay = 0.0", "concurrency = 16", ""])

    def write_profile(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "realsite.toml").write_text(self.profile(), encoding="utf-8")
        return folder

    @contextmanager
    def serving(self) -> Iterator[RealSite]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = self.path.strip("/").split("/")
                body, kind = None, "text/html; charset=utf-8"
                if self.path == "/sitemap.xml":
                    body, kind = site.sitemap(), "application/xml"
                elif len(parts) == 2 and parts[0] == "news" and parts[1].isdigit() and int(parts[1]) < site.count:
                    body = site.page(int(parts[1]))
                self.send_response(200 if body is not None else 404)
                body = body if body is not None else b"not found"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
