"""Finding Chromium at run time, the auto-render decision, blocked hosts, and the page actions on real Chromium."""

from __future__ import annotations

import asyncio
import os
import stat
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler

from newscrawl.registry import Selectors, SiteProfile, Source
from newscrawl.rendering.chromium import (
    SYSTEM_CHROMIUM,
    BrowserNotFoundError,
    FoundBrowser,
    find_browser,
    launch_options,
)
from newscrawl.rendering.page_actions import is_blocked_url, scroll_for_links, settle, should_abort
from newscrawl.rendering.policy import Rendering, csr_marker, fallback_reason


def executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# ---- finding the browser -----------------------------------------------------------------------------------
def test_explicit_path_wins(tmp_path):
    chrome = executable(tmp_path / "my-chrome")
    found = find_browser(str(chrome), playwright_path=str(executable(tmp_path / "pw-chrome")))
    assert found == FoundBrowser(str(chrome), "setting")


def test_explicit_path_missing_names_the_setting(tmp_path):
    with pytest.raises(BrowserNotFoundError, match="NEWSCRAWL_BROWSER_PATH=.*apt-get install chromium"):
        find_browser(str(tmp_path / "nope"))


def test_playwright_own_browser_before_system(tmp_path):
    own = executable(tmp_path / "chrome")
    system = executable(tmp_path / "chromium")
    assert find_browser(None, str(own), [str(system)]) == FoundBrowser(str(own), "playwright")
    assert find_browser(None, str(tmp_path / "absent"), [str(system)]) == FoundBrowser(str(system), "system")


def test_bare_names_are_looked_up_on_path(tmp_path, monkeypatch):
    executable(tmp_path / "chromium-browser")
    monkeypatch.setenv("PATH", str(tmp_path))
    found = find_browser(None, None, ["/nonexistent/chromium", "chromium-browser"])
    assert found == FoundBrowser(str(tmp_path / "chromium-browser"), "system")


def test_not_executable_is_not_a_browser(tmp_path):
    plain = tmp_path / "chromium"
    plain.write_text("not a program")
    with pytest.raises(BrowserNotFoundError):
        find_browser(None, None, [str(plain)])


def test_nothing_found_says_where_it_looked_and_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    search = [str(tmp_path / "lib/chromium/chromium"), str(tmp_path / "bin/chromium"), "chromium-browser"]
    with pytest.raises(BrowserNotFoundError) as info:
        find_browser(None, str(tmp_path / "ms-playwright/chrome"), search)
    message = str(info.value)
    for place in ("ms-playwright/chrome", "lib/chromium/chromium", "bin/chromium", "chromium-browser on PATH"):
        assert place in message
    assert "apt-get install chromium" in message and "playwright install chromium" in message


def test_launch_options():
    options = launch_options(FoundBrowser("/usr/bin/chromium", "system"), ["--lang=ar"])
    assert options["executable_path"] == "/usr/bin/chromium" and options["headless"] is True
    assert "--disable-background-networking" in options["args"] and "--lang=ar" in options["args"]
    assert ("--no-sandbox" in options["args"]) == (os.geteuid() == 0)


# ---- when to render ----------------------------------------------------------------------------------------
PARAGRAPH = "قال المتحدث باسم الوزارة إن الخطة الجديدة تشمل توسيع شبكة النقل العام في المدن الكبرى. " * 3
SHELL = (b'<html><head><title>x</title></head><body><div id="root"></div>'
         b"<noscript>You need to enable JavaScript to run this app.</noscript><script src=/app.js></script>"
         b"</body></html>")
NEXT_SSR = (b'<html><body><div id="__next"><article>' + PARAGRAPH.encode() * 4 + b"</article></div>"
            b'<script id="__NEXT_DATA__" type="application/json">{}</script></body></html>')
DISQUS = (b"<html><body><article>...</article><noscript>Please enable JavaScript to view the "
          b'<a href="https://disqus.com/?ref_noscript">comments powered by Disqus.</a></noscript></body></html>')
ARABIC_NOSCRIPT = "<body><noscript>يرجى تفعيل جافا سكريبت لعرض الخبر</noscript><script>x()</script></body>".encode()


def test_markers():
    assert csr_marker(SHELL) == ("empty_mount", 4)
    assert csr_marker(b"<app-root></app-root>")[0] == "empty_mount"
    assert csr_marker(NEXT_SSR) == ("next_data", 2)
    assert csr_marker(ARABIC_NOSCRIPT) == ("noscript", 2)
    assert csr_marker(DISQUS) is None  # comments widgets are not a shell
    assert csr_marker(b'<div id="root"><p>server-rendered</p></div>') is None


def test_fallback_reason():
    assert fallback_reason(SHELL, "", 200) == "short_text"
    assert fallback_reason(b"<html><script>load()</script></html>", "قصير", 200) == "short_text"
    assert fallback_reason(SHELL[:-20], "", 200) is None  # cut off in transit: the browser gets the same cut
    assert fallback_reason(b"<html><p>brief</p></html>", "قصير", 200) is None  # no script: nothing to run
    ld_only = b'<html><script type="application/ld+json">{}</script></html>'
    assert fallback_reason(ld_only, "قصير", 200) is None
    teaser = PARAGRAPH[:250]
    assert fallback_reason(SHELL, teaser, 200) == "marker_empty_mount"  # a shell with a teaser paragraph
    assert fallback_reason(NEXT_SSR, PARAGRAPH * 4, 200) is None  # server-rendered Next.js: full text
    assert fallback_reason(ARABIC_NOSCRIPT, teaser, 200) == "marker_noscript"
    assert fallback_reason(ARABIC_NOSCRIPT, PARAGRAPH * 2, 200) is None  # weak marker, long text
    assert fallback_reason(b"<html></html>", PARAGRAPH, 200) is None


def site(render: str, **selectors: str) -> SiteProfile:
    return SiteProfile(key="x", name="x", domains=("example.com",), country="EG", language="ar",
                       timezone="Africa/Cairo", sources=(Source("listing", "https://example.com/", scroll=3),),
                       allow=(), selectors=Selectors(**selectors), render=render)


def get_crawler(settings_dict: dict) -> Crawler:
    """A crawler as the spider's from_crawler sees it: settings not frozen yet."""
    return Crawler(Spider, {**settings_dict})


def test_default_search_is_the_debian_and_ubuntu_places():
    assert SYSTEM_CHROMIUM[:3] == ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium-browser")


def test_handler_installed_only_when_a_site_renders():
    plain = get_crawler(settings_dict={})
    Rendering(plain, {"x": site("plain")})
    assert "http" not in plain.settings.getdict("DOWNLOAD_HANDLERS")
    assert plain.settings.get("PLAYWRIGHT_BROWSER_PROVIDER") is None
    auto = get_crawler(settings_dict={"NEWSCRAWL_BROWSER_SEARCH": "/a/chromium,/b/chromium"})
    Rendering(auto, {"x": site("plain"), "y": site("auto")})
    handlers = auto.settings.getdict("DOWNLOAD_HANDLERS")
    assert handlers["http"] == handlers["https"] == "newscrawl.rendering.handler.SharedPlaywrightHandler"
    provider = auto.settings.get("PLAYWRIGHT_BROWSER_PROVIDER")
    assert provider.keywords["search"] == ("/a/chromium", "/b/chromium")


def test_which_requests_render():
    rendering = Rendering(get_crawler(settings_dict={}), {"x": site("auto")})
    assert not rendering.wants_browser(site("plain"), "listing", 3)
    assert rendering.wants_browser(site("browser"), "article") and rendering.wants_browser(site("browser"), "listing")
    assert not rendering.wants_browser(site("browser"), "feed")
    assert not rendering.wants_browser(site("browser"), "sitemap")
    assert not rendering.wants_browser(site("auto"), "article")  # plain first, the fallback decides
    assert rendering.wants_browser(site("auto"), "listing", 3) and not rendering.wants_browser(site("auto"), "listing")


def test_browser_meta():
    rendering = Rendering(get_crawler(settings_dict={"NEWSCRAWL_RENDER_WAIT": 2}), {"x": site("browser")})
    meta = rendering.meta_for(site("browser", wait_for=".story p", body=".story"), "article")
    assert meta["playwright"] and "playwright_include_page" not in meta  # scrapy-playwright closes the page
    (wait,) = meta["playwright_page_methods"]
    assert wait.method is settle and wait.args == (".story p", False, 2000.0)
    (wait,) = rendering.meta_for(site("browser", body=".story"), "article")["playwright_page_methods"]
    assert wait.args == (".story", True, 2000.0)
    listing = rendering.meta_for(site("browser"), "listing", 3)["playwright_page_methods"]
    assert [m.method for m in listing] == [settle, scroll_for_links] and listing[1].args[0] == 3


# ---- blocking ----------------------------------------------------------------------------------------------
def test_blocked_hosts():
    assert is_blocked_url("https://securepubads.g.doubleclick.net/tag/js/gpt.js")
    assert is_blocked_url("https://www.googletagmanager.com/gtm.js?id=GTM-X")
    assert is_blocked_url("https://www.facebook.com/tr?id=1&ev=PageView")
    assert not is_blocked_url("https://www.facebook.com/youm7")
    assert not is_blocked_url("https://notdoubleclick.net/x.js")
    assert not is_blocked_url("https://www.youm7.com/story/2026/11/27/1")


# ---- page actions on a real Chromium -----------------------------------------------------------------------
def system_browser() -> FoundBrowser:
    try:
        return find_browser(os.environ.get("NEWSCRAWL_BROWSER_PATH"))
    except BrowserNotFoundError as exc:
        pytest.skip(f"no Chromium: {exc}")


STREAM = """<!doctype html><html><head><meta charset="utf-8"><style>li{height:500px}</style></head><body>
<ul id="s"><li><a href="/a/1">1</a></li><li><a href="/a/2">2</a></li></ul><img src="/pixel.jpg">
<button id="more" style="display:none">تحميل المزيد</button>
<script>
let n = 2;
function add(k) { for (let i = 0; i < k; i++) { n++; const li = document.createElement('li');
  li.innerHTML = '<a href="/a/' + n + '">' + n + '</a>'; document.getElementById('s').appendChild(li); } }
let auto = true;
addEventListener('scroll', () => { if (auto && innerHeight + scrollY >= document.body.scrollHeight - 100) {
  auto = false; setTimeout(() => { add(2); document.getElementById('more').style.display = 'block'; }, 100); } });
document.getElementById('more').onclick = () => { add(2); if (n >= 8) document.getElementById('more').remove(); };
setTimeout(() => { const p = document.createElement('p'); p.className = 'late'; p.textContent = 'نص';
  document.body.appendChild(p); }, 300);
</script></body></html>"""


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        Handler.hits.append(self.path)
        body = STREAM.encode() if self.path == "/" else b"x"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if self.path == "/" else "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.browser
def test_page_actions_on_chromium():
    found = system_browser()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Handler.hits.clear()

    async def run() -> dict:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            browser = await p.chromium.launch(**launch_options(found))
            try:
                page = await browser.new_page()

                async def route(r, request):
                    await (r.abort() if should_abort(request) else r.continue_())
                await page.route("**", route)
                await page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="domcontentloaded")
                out = {"late": await settle(page, "p.late", True, 5000),
                       "missing": await settle(page, "#never", False, 300),
                       "bad": await settle(page, "p[[", False, 300),
                       "scrolled": await scroll_for_links(page, 10, 1000),
                       "links": await page.evaluate("document.links.length")}
                await page.close()
                return out
            finally:
                await browser.close()

    try:
        out = asyncio.run(run())
    finally:
        server.shutdown()
    assert out["late"] == "selector" and out["missing"] == "timeout" and out["bad"] == "error"
    # one round by scrolling, two through the "load more" button, then nothing more: stops early
    assert out["scrolled"] == 3 and out["links"] == 8
    assert "/pixel.jpg" not in Handler.hits  # images never load
