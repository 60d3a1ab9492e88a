"""The fixture news site: realistic Arabic news outlets served on 127.0.0.1, for tests and ``make demo``.

Each outlet is its own origin (own ephemeral port, own robots.txt), a real ``ThreadingHTTPServer``::

    from tests.fixture_site import FixtureNews

    with FixtureNews() as site:                   # or FixtureNews(...).start() / .stop()
        site.write_profiles(tmp / "sites")        # one newscrawl TOML per outlet; crawl with
                                                  #   -s NEWSCRAWL_SITES_DIR=<that folder>
        site.expected()                           # {outlet: {canonical URLs a correct crawl exports}}
        site.add_articles("wadi", 3)              # publish now: feeds/sitemaps/listings and validators change
        site.requests_for("wadi", kind="article") # what the crawler fetched

API (stable):

- ``FixtureNews(*, seed_dir=<auto: <repo>/../shared/seed if present>, extra_articles=0)``;
  ``seed_dir=None`` disables the seed page. ``extra_articles=N`` adds N composed articles round-robin over
  the outlets (all but ``marsad``), dated 1-19 November 2026 (deterministic, cheap: pages render on demand and
  are cached).
- ``start() -> FixtureNews``, ``stop()``, context manager.
- ``outlets: dict[str, Outlet]``; an Outlet has ``.key``, ``.name``, ``.base_url`` ("http://127.0.0.1:PORT"),
  ``.url(path)``, ``.articles`` (Article objects, newest first).
- ``write_profiles(folder, *, render=None, keys=None) -> Path``: site files loadable by
  ``newscrawl.registry.load_registry(folder)``; ``render`` maps outlet key -> "plain"/"browser"/"auto".
- ``add_articles(key, n) -> list[str]``: canonical URLs of n new articles, newer than everything else.
- ``expected() -> dict[str, set[str]]``: canonical URLs (as in each page's ``<link rel=canonical>``:
  ASCII, UTF-8 percent-encoded with uppercase hex) of every article a correct crawl exports; excludes the
  English page, the error/broken/binary/huge pages and the robots-disallowed one.
- ``wire_story() -> dict``: ``first``, ``second`` (verbatim republication, ``wadi`` then ``sahel``),
  ``near_duplicate`` (``nile``, first line rewritten + one sentence added), ``different`` (``qadim``, another
  report on the same event), ``sites`` (role -> outlet key).
- ``variants() -> dict``: the ``wadi`` article reachable under three URLs: ``canonical``, ``feed`` (raw Arabic
  slug), ``listing`` (percent-encoded + ``?utm_source=facebook&utm_medium=social``), ``amp`` (``…/amp/``),
  ``fragment`` (``#comments``); the latter two are linked from its tag page.
- ``bad_routes() -> list[dict]``: every trap (site, url, kind): english, error500, notfound, broken, binary,
  huge, disallowed, bad-feed. Each is reachable from the outlet's discovery sources.
- ``seed_url() -> str | None`` and ``seed_served``: the ``nile`` page carrying ../shared/seed's article.
- ``articles(key, kind="ok")``, ``article_for(url)``: the Article behind a URL (title, blocks, published...).
- ``request_log``: thread-safe list of ``LoggedRequest(outlet, method, path, status, headers)`` tuples;
  ``requests_for(key=None, kind=None)`` filters by outlet and kind (article | feed | sitemap | listing |
  robots | other); ``reset_log()``.

Outlets (details in each module's docstring): ``wadi`` (WordPress, RSS, Arabic slugs, three-URL article,
English page, 404, robots-disallowed post), ``sahel`` (JSON-LD, sitemap index + news + monthly sitemaps, AMP
twins, 500, 6 MB page), ``nile`` (the seed's Egyptian CMS template, section pages with pagination, seed page,
truncated HTML, PDF), ``qadim`` (windows-1256 without header charset, Levantine dates in Eastern digits, RSS,
malformed second feed, JPEG at an article URL), ``lamha`` (a JavaScript single-page app for the browser
features; see its module), ``marsad`` (article anatomy: every embed kind, a captioned gallery, a live blog, an
opinion column; ``outlets["marsad"].anatomy(url)`` gives what a correct extraction finds on a page). Served
apart, not crawled with the rest: ``BROKEN_OUTLET_CLASSES`` (health check) and ``BYLINE_OUTLET_CLASSES``
(``rawi``: every class of byline, with the ``authors`` and ``agencies`` each page must give,
``Article.agencies``).

Adding an outlet: write ``outlets/<key>.py`` with an ``Outlet`` subclass (``populate``, ``article_path``,
``route``, ``profile``; see ``model.Outlet``) and add it to ``outlets.OUTLET_CLASSES``.

Command line (``make demo``): ``python -m tests.fixture_site --sites-dir DIR [--extra-articles N]
[--port-file F]`` serves until SIGTERM/SIGINT after writing the profiles and printing the base URLs.
"""

from .fixture import FixtureNews
from .model import Article, Outlet
from .server import LoggedRequest

__all__ = ["Article", "FixtureNews", "LoggedRequest", "Outlet"]
