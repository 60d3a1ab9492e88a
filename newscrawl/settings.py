"""Scrapy settings for newscrawl: pipeline order, politeness defaults, newscrawl's own settings.

newscrawl settings (override with ``-s NAME=value``):
  NEWSCRAWL_SITES_DIR       folder of site files used instead of the bundled registry
  NEWSCRAWL_SITES, NEWSCRAWL_SINCE, NEWSCRAWL_UNTIL  the run's scope: site keys (comma-separated) and the
                            publication-date range; set by the spider arguments -a sites/since/until
  NEWSCRAWL_OUTPUT_DIR      where feeds, manifests and the state go (default: output)
  NEWSCRAWL_STATE_PATH      the crawl-state SQLite file (default: <output>/state.sqlite3)
  NEWSCRAWL_MIN_TEXT_CHARS  shorter texts are dropped as not articles (default 200)
  NEWSCRAWL_SOURCE_MAXSIZE  bytes a feed or sitemap may have, decompressed (default 50 MB; articles: DOWNLOAD_MAXSIZE)
  NEWSCRAWL_COMMIT_EVERY    records per batch: sorted, linked, written, fsynced, marked (default 200)
  NEWSCRAWL_MAX_OPEN_FILES  partition files kept open at once, least recently used closed first (default 64)
  NEWSCRAWL_SKIP_SEEN       skip article URLs exported by earlier runs (default True)
  NEWSCRAWL_REMEMBER_DROPS  skip URLs earlier runs dropped for a lasting reason (default True)
  NEWSCRAWL_BACKOFF_HOLD    after a 429/503 a site's delay at least doubles (and honours Retry-After); for this
                            many seconds it is the site's floor (default 60; newscrawl/crawl/throttle.py)
  NEWSCRAWL_RETRY_RUNS      an article that failed for a passing reason (5xx, timeout, truncated) is asked for
                            again by the next runs, up to this many failed runs (default 5; 0: never)
  NEWSCRAWL_LEARN_BOILERPLATE_PAGES  a short block seen on this many pages of a site is removed from its later
                            articles (default 3; 0 turns learning off, making text independent of fetch order)
  NEWSCRAWL_WORKERS         processes that build articles and compress their WARC records (default: one per core;
                            0 builds them in-process; newscrawl/workers.py)
  NEWSCRAWL_PAGE_TIMEOUT    seconds one page may take in a worker before it is retried alone, then given up as
                            extraction_timeout (default 60)
Rendering JavaScript sites (docs/rendering.md):
  NEWSCRAWL_BROWSER_PATH    the Chromium executable to use (default: searched at run time)
  NEWSCRAWL_BROWSER_SEARCH  where to search for a system Chromium (list; default: rendering.chromium.SYSTEM_CHROMIUM)
  NEWSCRAWL_BROWSER_ARGS    extra Chromium command-line flags (list)
  NEWSCRAWL_RENDER_MIN_TEXT_CHARS  auto sites: a shorter plain text is fetched again in the browser
                            (default: NEWSCRAWL_MIN_TEXT_CHARS)
  NEWSCRAWL_RENDER_WAIT     seconds a page may take to show its article element / reach network idle (10)
  NEWSCRAWL_RENDER_SCROLL_PAUSE  seconds to wait for new links after each scroll of a listing (3)
Research datasets (docs/formats.md, docs/warc.md):
  NEWSCRAWL_FORMATS         output formats, comma-separated: jsonl,csv,parquet (default jsonl; jsonl always written)
  NEWSCRAWL_WARC            archive every article response in output/warc/*.warc.gz (default True)
  NEWSCRAWL_WARC_MAX_MB     size at which a new WARC file starts (default 1000)
  NEWSCRAWL_WARC_LEVEL      gzip level of the WARC records, 0-9 (default 6, chosen by measurement: docs/warc.md)
  NEWSCRAWL_NEARDUP         give every item a near-duplicate cluster_id (default True; docs/neardup.md)
  NEWSCRAWL_NEARDUP_ACTION  flag (keep near-duplicates, default) or drop (counted dropped/near_duplicate)
  NEWSCRAWL_NEARDUP_THRESHOLD    estimated Jaccard similarity of word 3-gram sets that makes a match (0.5)
  NEWSCRAWL_NEARDUP_MAX_ARTICLES articles kept in the index; the oldest tenth is evicted past it (1000000)
  NEWSCRAWL_NEARDUP_NUM_PERM, NEWSCRAWL_NEARDUP_SHINGLE  MinHash size (128) and words per shingle (3)
  NEWSCRAWL_TEXT_NORMALIZED add the optional text_normalized field (default False)
  NEWSCRAWL_DATACARD        write output/DATACARD.md + datacard.json after every run (default True)
Many machines, one crawl (docs/distributed.md):
  NEWSCRAWL_STATE           redis://HOST:PORT/DB: the shared frontier and crawl state on Redis, this process one
                            worker (default: none, the SQLite file NEWSCRAWL_STATE_PATH)
  NEWSCRAWL_WORKER_ID       the worker's id in file names and in the run log (default: made once, kept in
                            <output>/worker-id)
  NEWSCRAWL_IDLE_EXIT       seconds a worker waits for work while other workers are busy (default 180)
  NEWSCRAWL_HEARTBEAT       seconds after which a silent worker counts as gone (default 30)
  NEWSCRAWL_REDIS_WAIT      seconds a worker waits for Redis to answer again before it stops, failed (default 60)
  NEWSCRAWL_REDIS_PREFIX    prefix of every Redis key (default newscrawl)
  NEWSCRAWL_CLAIM_TTL       seconds an article claimed by a worker that died stays its (default 86400)
  NEWSCRAWL_DUPEFILTER_CAPACITY, NEWSCRAWL_DUPEFILTER_ERROR  requests per run the Bloom dupefilter is sized for
                            (5000000) and its false-positive rate (0.0001): 12 MB of Redis
  NEWSCRAWL_DUPEFILTER_TTL  seconds before a run's dupefilter expires (default 604800)
  NEWSCRAWL_SEED_ONLY       queue the sources and stop, crawling nothing (set by python -m newscrawl seed)
How a run went (docs/outcomes.md):
  NEWSCRAWL_PARTIAL_EXIT_ZERO  exit 0, not 3, when some sites failed and others did not (default False)
  NEWSCRAWL_PROGRESS_INTERVAL  seconds between per-site progress lines (default 30; 0 turns them off)
  NEWSCRAWL_PROGRESS_LIVE   on a terminal, a live per-site table instead of the lines (default True)
  NEWSCRAWL_DNS_ONCE        a host that did not resolve is not asked again in the run (default True)
  NEWSCRAWL_REPORT          write output/reports/<run-id>.html + .json after every run (default True)
  NEWSCRAWL_REPORT_RUNS     runs the report's charts and drift alerts look back over (default 30)
"""

from scrapy.settings import default_settings as _scrapy_defaults

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "newscrawl.commands"  # `scrapy crawl`: arguments checked first, exit status = outcome

USER_AGENT = (
    f"newscrawl/{__version__} (+https://github.com/newscrawl/newscrawl; research crawler for Arabic news)"
)
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "newscrawl"

# Politeness: per-site slots (delay, concurrency) come from each site file via DOWNLOAD_SLOTS,
# set by the spider at start; these are the ceilings and the back-off.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy 2.19 starts this many asyncio tasks for every response's output, whatever it holds
# (scrapy/utils/asyncio.py, _parallel_asyncio): an article page yields one item, so the default 100 costs
# ~0.6 ms of reactor time per page for nothing; 16 still lets a sitemap's links through in parallel.
CONCURRENT_ITEMS = 16
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around each site's delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# The spider's errback says the failure in one line, at WARNING the first time (newscrawl/crawl/failures.py,
# log_level): Scrapy's own "Gave up retrying" (ERROR by default) would say it a second time.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024  # an article page above 5 MB is not an article (feeds, sitemaps: below)
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# No control port on a scheduled research crawl. Scrapy imports every component named in EXTENSIONS_BASE
# (even one mapped to None), and the remote-control module pulls in aiohttp's server (~0.2 s per start):
# so it is left out of the base list itself, which otherwise follows Scrapy's defaults.
REMOTE_CONTROL_ENABLED = False
HTTPCACHE_ENABLED = False

STATS_CLASS = "newscrawl.report.stats_dump.DebugDumpStatsCollector"  # the stats dump at DEBUG, not INFO

SPIDER_MIDDLEWARES = {
    "newscrawl.crawl.seen.SeenArticleMiddleware": 600,
    # replaced by the scope guard's url_too_long, which ends in the request's errback (counted) instead of
    # dropping the request silently
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
}
DOWNLOADER_MIDDLEWARES = {
    # the scope guard sees every request first (docs/security.md): redirects, robots.txt and retries included
    "newscrawl.crawl.scope_guard.ScopeGuard": 50,
    # Scrapy's, with every request waiting for a host's robots.txt given its rules (newscrawl/crawl/robots.py)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.crawl.robots.RobotsTxt": 100,
    "newscrawl.crawl.dead_hosts.DeadHosts": 560,  # after RetryMiddleware (550) on the way in: first to see errors
}
# Only http(s): no file:, ftp:, s3: or data: URL is ever read, whatever a sitemap or a redirect says.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

# The item path, one way (docs/architecture.md): schema and content checks, then duplicates, then
# near-duplicates, then the export checkpoint, which links each sorted batch and alone commits it.
# The item path, one way (docs/architecture.md): schema and content checks, then duplicates, then
# near-duplicates, then the export checkpoint, which links each sorted batch and alone commits it.
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.dedup.DedupPipeline": 200,
    "pipelines.neardup.NearDupPipeline": 300,
    "pipelines.export.JsonlExportPipeline": 900,
}

# The crawl's own core extensions are part of the base list, like Scrapy's, so that ``-s EXTENSIONS=…``
# (switching a report off, adding one) cannot remove them by accident. Built in this order; the state's owner
# first: it opens the state (and takes the run lock) at start and closes it when the engine stops. The others
# find their peers with crawler.get_extension() once the engine runs.
EXTENSIONS_BASE = {
    **{path: order for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
       if not path.endswith((".RemoteControl", ".AutoThrottle", ".FeedExporter"))},  # AutoThrottle: replaced
    # by SiteThrottle; FeedExporter by DatasetFeeds, which gives -o/-O feeds the exported, linked records
    "newscrawl.state.owner.StateOwner": 0,
    "newscrawl.crawl.scope.RunScope": 10,
    "newscrawl.crawl.throttle.SiteThrottle": 20,
    "newscrawl.crawl.failure_memory.FailureMemory": 30,
    "newscrawl.warc.archive.WarcArchive": 40,
    "newscrawl.crawl.outcomes.RequestOutcomes": 50,
    "newscrawl.formats.feeds.DatasetFeeds": 60,
    "newscrawl.report.run_outcome.RunOutcome": 70,  # the exit status comes from it
    "newscrawl.workers.WorkerPool": 45,
}
# What a run reports about itself; either may be switched off with -s EXTENSIONS='{"…": null}'.
EXTENSIONS = {
    "newscrawl.report.manifest.RunManifest": 100,
    "newscrawl.datacard.extension.DatasetCard": 200,
    "newscrawl.report.progress.Progress": 300,
}

# A Redis URL in NEWSCRAWL_STATE makes the crawl a worker of a distributed crawl (scrapy-redis' scheduler and
# dupefilter, the coordinator extension); otherwise this add-on changes nothing. docs/distributed.md
ADDONS = {"newscrawl.distributed.addon.Distributed": 0}

FEED_EXPORT_ENCODING = "utf-8"
LOG_FORMATTER = "newscrawl.logformatter.NewsLogFormatter"  # drops logged as reason + URL, not the whole item
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"  # every drop is counted in the stats and the manifest
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

NEWSCRAWL_SITES_DIR = None
NEWSCRAWL_SITES = None  # set by -a sites=…
NEWSCRAWL_SINCE = None  # set by -a since=…
NEWSCRAWL_UNTIL = None  # set by -a until=…
NEWSCRAWL_OUTPUT_DIR = "output"
NEWSCRAWL_STATE_PATH = None
NEWSCRAWL_MIN_TEXT_CHARS = 200
NEWSCRAWL_SOURCE_MAXSIZE = 50 * 1024 * 1024  # feeds and sitemaps (the sitemap protocol's own limit)
NEWSCRAWL_COMMIT_EVERY = 200
NEWSCRAWL_MAX_OPEN_FILES = 64
NEWSCRAWL_SKIP_SEEN = True
NEWSCRAWL_RETRY_RUNS = 5
NEWSCRAWL_BACKOFF_HOLD = 60.0
NEWSCRAWL_LEARN_BOILERPLATE_PAGES = 3
NEWSCRAWL_WORKERS = None  # None: one per core this process may use (newscrawl/workers.py)
NEWSCRAWL_PAGE_TIMEOUT = 60.0

# The browser (scrapy-playwright). Its download handler is installed by the spider only when a selected site
# renders (browser/auto), and only requests with meta["playwright"] use it; see newscrawl/rendering/policy.py.
NEWSCRAWL_BROWSER_PATH = None
NEWSCRAWL_BROWSER_SEARCH = None
NEWSCRAWL_BROWSER_ARGS = []
NEWSCRAWL_RENDER_MIN_TEXT_CHARS = None
NEWSCRAWL_RENDER_WAIT = 10.0
NEWSCRAWL_RENDER_SCROLL_PAUSE = 3.0
PLAYWRIGHT_ABORT_REQUEST = "newscrawl.rendering.page_actions.should_abort"  # images, fonts, media, ad/analytics hosts
PLAYWRIGHT_MAX_CONTEXTS = 1  # one shared context (newscrawl.rendering.policy.CONTEXT)
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4  # open pages at once: each costs tens of MB
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # ms
# How long scrapy-playwright waits, after an aborted navigation, for a file download to start (and end). We
# read pages, not files (a file is dropped as not_html anyway); the long default (30 s) mostly held a stopping
# run, whose dying Chromium aborts its navigations, for 30 s per page in flight.
PLAYWRIGHT_DOWNLOAD_TIMEOUT = 5_000  # ms

# Research datasets: formats derived from JSONL, WARC archive of article pages (docs/formats.md, docs/warc.md).
NEWSCRAWL_FORMATS = "jsonl"
NEWSCRAWL_WARC = True
NEWSCRAWL_WARC_MAX_MB = 1000
NEWSCRAWL_WARC_LEVEL = 6
NEWSCRAWL_NEARDUP = True
NEWSCRAWL_NEARDUP_ACTION = "flag"
NEWSCRAWL_NEARDUP_THRESHOLD = 0.5
NEWSCRAWL_NEARDUP_MAX_ARTICLES = 1_000_000
NEWSCRAWL_NEARDUP_NUM_PERM = 128
NEWSCRAWL_NEARDUP_SHINGLE = 3
NEWSCRAWL_TEXT_NORMALIZED = False
NEWSCRAWL_DATACARD = True

# Many machines, one crawl (docs/distributed.md)
NEWSCRAWL_STATE = None
NEWSCRAWL_WORKER_ID = None
NEWSCRAWL_IDLE_EXIT = 180.0
NEWSCRAWL_HEARTBEAT = 30.0
NEWSCRAWL_REDIS_WAIT = 60.0
NEWSCRAWL_REDIS_PREFIX = "newscrawl"
NEWSCRAWL_CLAIM_TTL = 86400.0
NEWSCRAWL_DUPEFILTER_CAPACITY = 5_000_000
NEWSCRAWL_DUPEFILTER_ERROR = 0.0001
NEWSCRAWL_DUPEFILTER_TTL = 7 * 86400
NEWSCRAWL_SEED_ONLY = False
NEWSCRAWL_PARTIAL_EXIT_ZERO = False
NEWSCRAWL_PROGRESS_INTERVAL = 30.0
NEWSCRAWL_PROGRESS_LIVE = True
NEWSCRAWL_DNS_ONCE = True
NEWSCRAWL_REPORT = True
NEWSCRAWL_REPORT_RUNS = 30
