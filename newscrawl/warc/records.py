"""WARC archives of article pages: written during the crawl, read back by ``newscrawl reextract``.

Each article page is three records, written together into one gzipped WARC file (one gzip member per record,
so any record can be read from its offset):

1. ``request``: the HTTP request as Scrapy sent it (method, path, headers, Host);
2. ``response``: status, headers and body as the spider received them. Scrapy has already undone the
   Content-Encoding (gzip, br) at that point, so the body is stored decoded: ``Content-Encoding`` and
   ``Transfer-Encoding`` are renamed ``X-Archive-Orig-…`` (the convention of pywb and other replay tools) and
   ``Content-Length`` is the stored body's length. Items point here: ``warc_file`` + ``warc_offset``;
3. ``metadata`` (``application/json``, ``WARC-Concurrent-To`` the response): what the crawl knew besides
   the page and what decides the item (site key, ``discovered_via``, rendered, the learned-boilerplate set in
   force). A learned-boilerplate set is stored once per file in its own metadata record
   (``urn:newscrawl:learned-boilerplate:<sha1>``) and referenced by digest.

The WARC-Date of the response record is the item's ``fetched_at``. Files rotate at a size limit
(``<run-id>-<nnnnn>.warc.gz``); a page's records never span two files. No Scrapy import here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_datetime

from newscrawl.warc.encode import (  # noqa: F401  ORIG_PREFIX: re-exported for readers of the records
    DEFAULT_LEVEL,
    ORIG_PREFIX,
    EncodedPage,
    Headers,
    PageRecords,
    RecordEncoder,
    encode_page,
)

logger = logging.getLogger(__name__)

LEARNED_URN = "urn:newscrawl:learned-boilerplate:"
RUN_END_URN = "urn:newscrawl:run-end:"  # written last by a run that closed (absent: the run was killed)


def learned_digest(blocks: Iterable[str]) -> str | None:
    """A stable digest of a learned-boilerplate set (None for the empty set)."""
    ordered = sorted(set(blocks))
    if not ordered:
        return None
    return hashlib.sha1("\n".join(ordered).encode("utf-8")).hexdigest()


def warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ArchivedPage:
    """One article page read back from a WARC file."""

    url: str
    status: int
    headers: Headers
    body: bytes
    fetched_at: datetime
    warc_file: str  # file name (no folder), as items carry it
    warc_offset: int  # offset of the response record
    metadata: dict[str, Any] = field(default_factory=dict)
    learned_boilerplate: frozenset[str] = frozenset()

    def header(self, name: str) -> str | None:
        """The last value of a header (as Scrapy's ``Headers.get`` returns it)."""
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        return values[-1] if values else None


class WarcWriterRotating:
    """Appends article pages to gzipped WARC files under ``folder``, starting a new file past ``max_bytes``.

    Pages arrive encoded (newscrawl/warc/encode.py, possibly in a worker process); this appends them in the
    order given, and alone knows files and offsets."""

    def __init__(self, folder: str | Path, prefix: str, max_bytes: int = 1_000_000_000,
                 info: dict[str, Any] | None = None, level: int = DEFAULT_LEVEL):
        self.folder, self.prefix, self.max_bytes = Path(folder), prefix, max_bytes
        self.info = dict(info or {})
        self.level = level
        self.encoder = RecordEncoder(level)
        self.serial = 0
        self.fh: BinaryIO | None = None
        self.name = ""
        self._learned_written: set[str] = set()
        self._learned_cache: tuple[Any, list[str], str | None] = (None, [], None)
        self.pages = 0

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        while True:
            self.name = f"{self.prefix}-{self.serial:05d}.warc.gz"
            self.serial += 1
            path = self.folder / self.name
            if not path.exists():  # never append to an earlier file: a killed run may have cut its end
                break
        self.fh = (self.folder / self.name).open("xb")
        self._learned_written = set()
        info = {"software": "newscrawl", "format": "WARC File Format 1.0", **self.info}
        self.fh.write(self.encoder.encode(self.encoder.writer.create_warcinfo_record(self.name, info)))

    def _rotate_if_full(self) -> None:
        if self.fh is not None and self.fh.tell() >= self.max_bytes:
            self.close()
        if self.fh is None:
            self._open()

    def _json_record(self, uri: str, data: dict[str, Any], when: str) -> bytes:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")  # key order kept: items are byte-identical
        return self.encoder.encode(self.encoder.json_record(uri, payload, when))

    def learned(self, learned_boilerplate: Iterable[str]) -> tuple[list[str], str | None]:
        """(sorted blocks, digest) of a learned-boilerplate set; the learner hands out the same frozenset until
        the set changes, so it is digested once per object."""
        if self._learned_cache[0] is not learned_boilerplate:
            blocks = sorted(set(learned_boilerplate))
            self._learned_cache = (learned_boilerplate, blocks, learned_digest(blocks))
        return self._learned_cache[1], self._learned_cache[2]

    def page_records(self, *, url: str, method: str, request_headers: Headers, status: int,
                     protocol: str | None, response_headers: Headers, body: bytes, fetched_at: datetime,
                     metadata: dict[str, Any], learned_boilerplate: Iterable[str] = ()) -> PageRecords:
        """What ``encode_page`` turns into the page's records (the metadata names the learned set by digest)."""
        _, digest = self.learned(learned_boilerplate)
        return PageRecords(url=url, method=method, request_headers=request_headers, status=status,
                           protocol=protocol, response_headers=response_headers, body=body,
                           when=warc_date(fetched_at), metadata={**metadata, "learned_boilerplate": digest})

    def append_page(self, encoded: EncodedPage, site: str | None, when: str,
                    learned_boilerplate: Iterable[str] = ()) -> tuple[str, int]:
        """Append an encoded page (after its learned-boilerplate set, once per file); return (file name, offset
        of the response record)."""
        self._rotate_if_full()
        assert self.fh is not None
        blocks, digest = self.learned(learned_boilerplate)
        if digest and digest not in self._learned_written:
            self.fh.write(self._json_record(LEARNED_URN + digest, {"site": site, "blocks": blocks}, when))
            self._learned_written.add(digest)
        offset = self.fh.tell() + encoded.response_at
        self.fh.write(encoded.data)
        self.fh.flush()  # a SIGKILL after this keeps the page: the OS has it
        self.pages += 1
        return self.name, offset

    def write_page(self, *, learned_boilerplate: Iterable[str] = (), **fields: Any) -> tuple[str, int]:
        """Encode and append in one step (in-process); return (file name, offset of the response record)."""
        page = self.page_records(learned_boilerplate=learned_boilerplate, **fields)
        return self.append_page(encode_page(page, self.level), page.metadata.get("site"), page.when,
                                learned_boilerplate)

    def sync(self) -> None:
        """fsync the open file (before exported items that point into it are marked durable)."""
        if self.fh is not None:
            self.fh.flush()
            os.fsync(self.fh.fileno())

    def close(self, run_end: dict[str, Any] | None = None) -> None:
        """Close the current file; with ``run_end`` (the run's id and outcome) record that the run closed."""
        if self.fh is not None:
            if run_end is not None:
                self.fh.write(self._json_record(RUN_END_URN + str(run_end.get("run_id")), run_end,
                                                warc_date(datetime.now(UTC))))
            self.sync()
            self.fh.close()
            self.fh = None


def _http_headers(record: Any) -> Headers:
    if record.http_headers is None:
        return []
    return [(k, v) for k, v in record.http_headers.headers]


def _fetched_at(record: Any) -> datetime:
    return iso_date_to_datetime(record.rec_headers.get_header("WARC-Date")).replace(tzinfo=UTC)


def _whole_body(record: Any, keep: bool) -> bytes | None:
    """The response's body (b"" unless ``keep``), or None when the record is cut: a gzip member cut by a kill
    reads as a shorter stream, not as an error, so what was read is checked against the record's length."""
    body = record.content_stream().read() if keep else b""
    raw = record.raw_stream
    while raw.read(1 << 16):  # what the content stream left unread (all of it without ``keep``)
        pass
    if record.length is None or getattr(raw, "limit", None) != 0:
        return None
    return body


def read_pages(path: str | Path, *, bodies: bool = True) -> Iterator[ArchivedPage]:
    """The article pages of one WARC file, in the order they were archived (``bodies=False``: body left empty).

    A response record without its newscrawl metadata record (a WARC written by another tool) is still
    yielded, with empty metadata. A file cut short by a killed run yields the pages before the cut, never the
    cut one.
    """
    path = Path(path)
    learned: dict[str, frozenset[str]] = {}
    pending: dict[str, ArchivedPage] = {}
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                rtype = record.rec_type
                if rtype == "response":
                    # read before get_record_offset(), which skips the rest of the record
                    body = _whole_body(record, bodies)
                    if body is None:
                        logger.warning("%s: stopped reading at a cut record", path)
                        break
                    page = ArchivedPage(
                        url=record.rec_headers.get_header("WARC-Target-URI"),
                        status=int(record.http_headers.get_statuscode() or 0) if record.http_headers else 0,
                        headers=_http_headers(record), body=body, fetched_at=_fetched_at(record),
                        warc_file=path.name, warc_offset=records.get_record_offset())
                    pending[record.rec_headers.get_header("WARC-Record-ID")] = page
                elif rtype == "metadata" and "json" in (record.rec_headers.get_header("Content-Type") or ""):
                    data = json.loads(record.content_stream().read().decode("utf-8"))
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    if uri.startswith(LEARNED_URN):
                        learned[uri[len(LEARNED_URN):]] = frozenset(data.get("blocks") or ())
                        continue
                    page = pending.pop(record.rec_headers.get_header("WARC-Concurrent-To") or "", None)
                    if page is None:
                        continue
                    page.metadata = data
                    digest = data.get("learned_boilerplate")
                    page.learned_boilerplate = learned.get(digest, frozenset()) if digest else frozenset()
                    yield page
        except Exception as exc:  # a cut gzip member or record: keep what came before
            logger.warning("%s: stopped reading at a damaged or cut record (%s)", path, exc)
    yield from pending.values()


def warc_summary(path: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """(warcinfo fields, {run id: outcome} of the runs that recorded their end in this file)."""
    info: dict[str, str] = {}
    ended: dict[str, str] = {}
    with Path(path).open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type == "warcinfo" and not info:
                    for line in record.content_stream().read().decode("utf-8", "replace").splitlines():
                        name, sep, value = line.partition(":")
                        if sep:
                            info[name.strip()] = value.strip()
                elif record.rec_type == "metadata":
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    if uri.startswith(RUN_END_URN):
                        data = json.loads(record.content_stream().read().decode("utf-8"))
                        ended[uri[len(RUN_END_URN):]] = str(data.get("outcome") or "")
        except Exception as exc:  # a file cut by a kill: what came before counts
            logger.warning("%s: stopped reading at a damaged or cut record (%s)", path, exc)
    return info, ended
