"""A tiny site on 127.0.0.1 whose answers a test sets path by path, for the edge cases the fixture news site
does not have: feed links without the slug, redirects, a feed that moved, a sitemap index listing itself, a
challenge page in place of XML, canonicals pointing at the home page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SENTENCES = [
    "قال وزير النقل إن المرحلة الأولى من تشغيل سيارات الأجرة الكهربائية تبدأ الأربعاء المقبل في العاصمة",
    "وأضاف أن الحجز يتم عبر تطبيق على الهاتف وأن السيارات مزودة بكاميرات وأجهزة تتبع حديثة",
    "وأشار المتحدث إلى أن الحكومة تعتزم توسيع الخدمة لتشمل مدنا جديدة خلال العام المقبل",
    "من جهتها رحبت جمعيات حماية المستهلك بالقرار وطالبت بأسعار مناسبة للمواطنين",
    "وتأتي هذه الخطوة ضمن خطة شاملة لتحديث منظومة النقل العام وتقليل الانبعاثات في المدن الكبرى",
]


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (bounded: at most 10)
    no_length: bool = False  # no Content-Length: the body ends when the connection closes


@dataclass
class Logged:
    path: str
    status: int
    if_none_match: str | None


class EdgeSite:
    """Routes are path -> Answer, or path -> callable(request headers) -> Answer; anything else is a 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer | Callable[[dict[str, str]], Answer]] = {}
        self.log: list[Logged] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                route = site.routes.get(self.path)
                headers = dict(self.headers.items())
                if self.path == "/robots.txt":
                    answer = Answer(200, b"User-agent: *\nAllow: /\n", "text/plain")
                elif route is None:
                    answer = Answer(404, b"not found")
                else:
                    answer = route(headers) if callable(route) else route
                with site._lock:
                    site.log.append(Logged(self.path, answer.status, headers.get("If-None-Match")))
                if answer.delay:
                    time.sleep(min(answer.delay, 10.0))
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    if not answer.no_length:
                        self.send_header("Content-Length", str(len(answer.body)))
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    for start in range(0, len(answer.body), 65536):
                        self.wfile.write(answer.body[start:start + 65536])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler hung up (a timeout, a size limit): that is the point

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> EdgeSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what the site serves
    def article(self, path: str, n: int, *, published: str = "2024-05-01T12:00:00+03:00",
                canonical: str | None = None) -> None:
        paras = "".join(f"<p>{SENTENCES[(n + i) % 5]}، في التقرير رقم {n} الفقرة {i}.</p>" for i in range(6))
        link = f'<link rel="canonical" href="{self.base}{canonical}">' if canonical else ""
        html = (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خبر {n}</title>{link}'
                f'<meta property="article:published_time" content="{published}"></head><body><article>'
                f'<h1>عنوان الخبر رقم {n} عن النقل العام</h1>{paras}</article></body></html>')
        self.routes[path] = Answer(body=html.encode())

    def feed(self, path: str, items: list[tuple[str, str]], etag: str | None = None) -> None:
        """An RSS feed of (link path, RFC 822 date); with ``etag`` it answers If-None-Match with 304."""
        rows = "".join(f"<item><title>خبر</title><link>{self.base}{link}</link><pubDate>{date}</pubDate></item>"
                       for link, date in items)
        body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
                f"<link>{self.base}/</link>{rows}</channel></rss>").encode()

        def answer(headers: dict[str, str]) -> Answer:
            if etag and headers.get("If-None-Match") == etag:
                return Answer(304)
            return Answer(200, body, "application/rss+xml", {"ETag": etag} if etag else {})

        self.routes[path] = answer

    def redirect(self, path: str, to: str) -> None:
        self.routes[path] = Answer(301, b"", headers={"Location": f"{self.base}{to}"})

    def xml(self, path: str, text: str) -> None:
        self.routes[path] = Answer(200, text.replace("BASE", self.base).encode(), "application/xml")

    def requests(self, path: str) -> list[Logged]:
        with self._lock:
            return [r for r in self.log if r.path == path]

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    def write_profile(self, folder: Path, sources: list[tuple[str, str]], allow: str, key: str = "edge") -> Path:
        """A newscrawl site file for this site: ``sources`` as (type, path), article ``allow`` regex."""
        folder.mkdir(parents=True, exist_ok=True)
        rows = ", ".join(f'{{ type = "{kind}", url = "{self.base}{path}" }}' for kind, path in sources)
        (folder / f"{key}.toml").write_text(
            f'key = "{key}"\nname = "موقع الحواف"\nname_en = "Edge"\ndomains = ["{self.base[7:]}"]\n'
            'allow_private_addresses = true\n'
            'country = "EG"\nlanguage = "ar"\ntimezone = "Africa/Cairo"\nrender = "plain"\nenabled = true\n'
            f'verified = ""\nterms_url = ""\nnotes = "terms: unknown (test site)"\nsources = [ {rows} ]\n'
            f"[articles]\nallow = ['{allow}']\n[politeness]\ndelay = 0.0\nconcurrency = 4\n",
            encoding="utf-8")
        return folder
