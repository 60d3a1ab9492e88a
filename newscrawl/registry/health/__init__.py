"""The live health check behind ``python -m newscrawl sites check``: does each site still work?

Per site, one request at a time with the site's own delay: robots.txt allows the sources and the sampled
article; every feed and sitemap answers and parses; the links found include article URLs; one article
extracts with text, title and date. Listings and articles of ``auto``/``browser`` sites are rendered where the
crawl renders them. Each failure carries a short reason (``HTTP 403``, ``feed empty``,
``HTML served instead of XML``…) so a morning cron mail says what broke.

Modules: ``http`` (stdlib fetching), ``session`` (delay and robots.txt), ``sources`` (feeds, sitemaps,
listings), ``article`` (the sampled article), ``check`` (a site end to end, many sites in a pool),
``report`` (what is recorded and the table), ``browser`` (the pages the crawl would render, through the crawl's
own Chromium path).
"""

from newscrawl.registry.health.check import SiteCheck, check_sites
from newscrawl.registry.health.http import Fetched, FetchError, fetch, to_uri
from newscrawl.registry.health.report import Check, SiteReport, report_rows
from newscrawl.registry.health.sources import looks_like_html

__all__ = ["Check", "FetchError", "Fetched", "SiteCheck", "SiteReport", "check_sites", "fetch",
           "looks_like_html", "report_rows", "to_uri"]
