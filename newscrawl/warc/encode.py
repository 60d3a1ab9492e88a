"""Encoding one article page as gzipped WARC records, apart from writing them: a pure function of the page.

The crawl compresses pages in its worker processes (newscrawl/workers.py) and appends the bytes in order on
the reactor thread, which alone knows the file and the offset (newscrawl/warc/records.py). Each record is its
own gzip member, so any record can be read from its offset. warcio writes the records; the compression is
ours only to choose its level (warcio's ``GzippingWrapper`` always uses 9): ``DEFAULT_LEVEL``, chosen by
``python -m benchmarks warc_level`` (docs/warc.md). No Scrapy import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from io import BytesIO
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from zlib_ng import zlib_ng

DEFAULT_LEVEL = 6
ORIG_PREFIX = "X-Archive-Orig-"
_DECODED_HEADERS = ("content-encoding", "transfer-encoding", "content-length")

Headers = list[tuple[str, str]]


@dataclass(frozen=True)
class PageRecords:
    """What the WARC records of one page are made from (all picklable, for the worker processes)."""

    url: str
    method: str
    request_headers: Headers
    status: int
    protocol: str | None
    response_headers: Headers
    body: bytes
    when: str  # WARC-Date
    metadata: dict[str, Any]  # the metadata record, learned-boilerplate digest included


@dataclass(frozen=True)
class EncodedPage:
    """The page's three gzip members, back to back, and where its response record starts in them."""

    data: bytes
    response_at: int


def stored_response_headers(headers: Headers, body_length: int) -> Headers:
    """Scrapy has undone Content-Encoding: the stored body is decoded, and the headers must say so."""
    out: Headers = []
    for name, value in headers:
        if name.lower() in _DECODED_HEADERS:
            if name.lower() != "content-length":
                out.append((ORIG_PREFIX + name, value))
            continue
        out.append((name, value))
    out.append(("Content-Length", str(body_length)))
    return out


class RecordEncoder:
    """warcio records serialized uncompressed, then gzipped as one member each at ``level``."""

    def __init__(self, level: int = DEFAULT_LEVEL, library: ModuleType = zlib_ng):
        if not 0 <= level <= 9:
            raise ValueError(f"NEWSCRAWL_WARC_LEVEL must be 0..9, not {level}")
        self.level, self.library = level, library  # library: zlib_ng, or the standard zlib to compare
        self.writer = WARCWriter(BytesIO(), gzip=False, warc_version="1.0")  # a record factory

    def encode(self, record: Any) -> bytes:
        raw = BytesIO()
        self.writer._write_warc_record(raw, record)  # warcio's own serializer, minus its fixed-level gzip
        compressor = self.library.compressobj(self.level, self.library.DEFLATED, self.library.MAX_WBITS + 16)
        return compressor.compress(raw.getvalue()) + compressor.flush()

    def json_record(self, uri: str, payload: bytes, when: str, refers_to: str | None = None) -> Any:
        headers = {"WARC-Date": when}
        if refers_to:
            headers["WARC-Concurrent-To"] = refers_to
        return self.writer.create_warc_record(uri, "metadata", payload=BytesIO(payload), length=len(payload),
                                              warc_content_type="application/json", warc_headers_dict=headers)

    def page(self, page: PageRecords, metadata_json: bytes) -> EncodedPage:
        """Request, response and metadata records of one page."""
        parts = urlsplit(page.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        proto = page.protocol or "HTTP/1.1"
        req_headers = [("Host", parts.netloc)] + [(k, v) for k, v in page.request_headers if k.lower() != "host"]
        request = self.writer.create_warc_record(
            page.url, "request", payload=BytesIO(b""), length=0, warc_headers_dict={"WARC-Date": page.when},
            http_headers=StatusAndHeaders(f"{page.method} {target} {proto}", req_headers, is_http_request=True))
        try:
            reason = HTTPStatus(page.status).phrase
        except ValueError:
            reason = "Unknown"
        body = page.body
        response = self.writer.create_warc_record(
            page.url, "response", payload=BytesIO(body), length=len(body), warc_headers_dict={"WARC-Date": page.when},
            http_headers=StatusAndHeaders(f"{page.status} {reason}",
                                          stored_response_headers(page.response_headers, len(body)), protocol=proto))
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", response_id)
        head = self.encode(request)
        data = head + self.encode(response) + self.encode(
            self.json_record(page.url, metadata_json, page.when, refers_to=response_id))
        return EncodedPage(data, len(head))


def encode_page(page: PageRecords, level: int = DEFAULT_LEVEL, library: ModuleType = zlib_ng) -> EncodedPage:
    """The page's records, compressed (run in a worker process or in-process: the same bytes but for ids)."""
    payload = json.dumps(page.metadata, ensure_ascii=False).encode("utf-8")  # key order kept
    return RecordEncoder(level, library).page(page, payload)
