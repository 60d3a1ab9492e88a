"""The CPU work of one article page as a task: build the item, sign its text for the near-duplicate index,
check the record against the schema, and compress the page's WARC records.

A pure function of picklable inputs, so the crawl runs it in a worker process (newscrawl/workers.py) or, with
``NEWSCRAWL_WORKERS=0``, in-process: the same function either way, hence the same items. What depends on the
crawl's order (the learned boilerplate in force, the WARC file and offset, the near-duplicate clusters) is
decided on the reactor side: the set goes in with the task, the page's place in the archive is given when its
bytes are appended, the signature is matched against the index at the export checkpoint. No Scrapy import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from newscrawl.crawl.article_builder import Built, PageContext, build_article
from newscrawl.items import Article, record_of, schema_errors
from newscrawl.state.neardup_match import Signer
from newscrawl.textnorm import normalize_arabic
from newscrawl.warc.encode import EncodedPage, PageRecords, encode_page


@dataclass(frozen=True)
class PageTask:
    body: bytes
    ctx: PageContext
    records: PageRecords | None = None  # None: the archive is off
    level: int = 6  # gzip level of the records
    signing: tuple[int, int] | None = None  # (num_perm, shingle) of the near-duplicate index; None: it is off


@dataclass(frozen=True)
class PageResult:
    built: Built
    encoded: EncodedPage | None


@cache
def signer(num_perm: int, shingle: int) -> Signer:
    """One per process and parameters: making the permutations is the costly part."""
    return Signer(num_perm, shingle)


def finish(article: Article, signing: tuple[int, int] | None) -> None:
    """What the item path would otherwise do on the reactor: the near-duplicate signature (of the same
    normalized text the index would sign) and the schema check of the record as built."""
    if signing is not None:
        signature = signer(*signing).sign(normalize_arabic(article.text or ""))
        article.neardup_signature = signature.tobytes() if signature is not None else None
    article.schema_errors = schema_errors(record_of(article))


def run_page(task: PageTask) -> PageResult:
    """Build the page's item and encode its records (both never raise for a bad page)."""
    encoded = encode_page(task.records, task.level) if task.records is not None else None
    built = build_article(task.body, task.ctx)
    if built.article is not None:
        finish(built.article, task.signing)
    return PageResult(built, encoded)
