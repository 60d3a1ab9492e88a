"""The bookkeeping of the Redis crawl state (part of ``RedisState``, newscrawl/state/redis_state.py): the drop
memory, the retry queue, the validators of feeds and sitemaps, and small JSON blobs.

Writes are buffered and sent with the next round trip (the protocol's rule for bookkeeping: losing them in a
kill costs a request again, never an article); reads are one round trip per call.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from newscrawl.state.entries import Retry, Validators
from newscrawl.state.entries import now_iso as _now

CHUNK = 1000  # keys per HMGET


def _text(value: bytes | str | None) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class RedisBookkeeping:
    def key(self, *parts: str) -> str:  # provided by RedisState
        raise NotImplementedError

    def _write(self, op: Callable[[Any], Any]) -> None:
        raise NotImplementedError

    def _roundtrip(self, *reads: Callable[[Any], Any]) -> list[Any]:
        raise NotImplementedError

    def _script(self, name: str, args: list[Any]) -> Callable[[Any], Any]:
        raise NotImplementedError

    def _hmget_many(self, hashes: tuple[str, ...], fields: Iterable[str]) -> dict[str, str]:
        """{field: value} of the fields found in the named hashes (a later hash wins), read in one round trip
        of HMGETs of ``CHUNK`` fields each."""
        keys = list(dict.fromkeys(fields))
        if not keys:
            return {}
        chunks = [keys[start:start + CHUNK] for start in range(0, len(keys), CHUNK)]
        names = [self.key(name) for name in hashes]
        reads = [lambda pipe, h=h, c=chunk: pipe.hmget(h, c) for chunk in chunks for h in names]
        results = iter(self._roundtrip(*reads))
        found: dict[str, str] = {}
        for chunk in chunks:
            for _ in hashes:
                for field, value in zip(chunk, next(results), strict=True):
                    if value is not None:
                        found[field] = _text(value)
        return found

    # -- drop memory and retry queue
    def mark_dropped(self, url: str, site: str, reason: str) -> None:
        self._write(lambda pipe: pipe.hset(self.key("dropped"), url, f"{site}\t{reason}"))

    def dropped_reason(self, url: str) -> str | None:
        return self.dropped_reasons([url]).get(url)

    def dropped_reasons(self, urls: Iterable[str]) -> dict[str, str]:
        return {url: value.partition("\t")[2] for url, value in self._hmget_many(("dropped",), urls).items()}

    def mark_retry(self, url: str, site: str, reason: str, discovered_via: dict[str, Any] | None, *,
                   attempt: bool = True) -> None:
        via = json.dumps(discovered_via, ensure_ascii=False) if discovered_via else ""
        self._write(self._script("MARK_RETRY", [site, url, reason, 1 if attempt else 0, via, _now()]))

    def retries(self, site: str) -> list[Retry]:
        [rows] = self._roundtrip(lambda pipe: pipe.hgetall(self.key("retry", site)))
        out = []
        for url, raw in sorted((_text(u), v) for u, v in rows.items()):
            reason, attempts, via, _ = json.loads(raw)
            out.append(Retry(url, reason, int(attempts), json.loads(via) if via else None))
        return out

    def clear_retry(self, url: str) -> None:
        self._write(self._script("CLEAR_RETRY", [url]))

    # -- feeds and sitemaps, blobs
    def validators(self, url: str) -> Validators:
        [raw] = self._roundtrip(lambda pipe: pipe.hget(self.key("validators"), url))
        return Validators(*json.loads(raw)[:3]) if raw else Validators()

    def validators_many(self, urls: Iterable[str]) -> dict[str, Validators]:
        """{url: validators} of the URLs the state has validators for, in one round trip."""
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return {}
        [raws] = self._roundtrip(lambda pipe: pipe.hmget(self.key("validators"), wanted))
        return {url: Validators(*json.loads(raw)[:3]) for url, raw in zip(wanted, raws, strict=True) if raw}

    def save_validators(self, url: str, v: Validators) -> None:
        value = json.dumps([v.etag, v.last_modified, v.lastmod, _now()], ensure_ascii=False)
        self._write(lambda pipe: pipe.hset(self.key("validators"), url, value))

    def get_blob(self, name: str) -> Any:
        [raw] = self._roundtrip(lambda pipe: pipe.hget(self.key("blobs"), name))
        return json.loads(raw) if raw else None

    def put_blob(self, name: str, value: Any) -> None:
        data = json.dumps(value, ensure_ascii=False)
        self._write(lambda pipe: pipe.hset(self.key("blobs"), name, data))
