"""The throttling policy of SiteThrottle (floors, latency, back-off on 429/503), on Scrapy's own downloader Slot."""

from datetime import UTC, datetime

import pytest
from scrapy.core.downloader import Slot
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.crawl.throttle import SiteThrottle, retry_after_seconds


def test_retry_after_in_seconds_or_as_an_http_date():
    now = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds("Sun, 29 Nov 2026 12:00:45 GMT", now) == 45.0
    assert retry_after_seconds("Sun, 29 Nov 2026 11:00:00 GMT", now) == 0.0  # already past
    assert retry_after_seconds(None) is None and retry_after_seconds(b"soon") is None


@pytest.fixture
def throttle():
    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_MAX_DELAY": 30.0,
                                         "DOWNLOAD_DELAY": 0.0})
    crawler.stats.open_spider()
    return SiteThrottle(crawler)


def answer(status: int, retry_after: str | None = None) -> HtmlResponse:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return HtmlResponse("https://example.com/news/1", status=status, headers=headers, body=b"<html></html>")


def test_429_doubles_the_delay_honours_retry_after_and_is_capped(throttle):
    slot = Slot(concurrency=1, delay=0.0, jitter=0)
    assert throttle.back_off("ex", slot, answer(429)) == 1.0  # from no delay at all: at least a second
    assert throttle.back_off("ex", slot, answer(503)) == 2.0
    assert throttle.back_off("ex", slot, answer(429, "10")) == 10.0  # the server's wish when larger
    assert throttle.back_off("ex", slot, answer(429, "3600")) == 30.0  # never above AUTOTHROTTLE_MAX_DELAY
    assert throttle.crawler.stats.get_value("newscrawl/site/ex/throttle/backoff") == 4


def test_the_site_delay_is_the_floor_and_latency_moves_the_delay_above_it():
    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_MAX_DELAY": 30.0,
                                         "DOWNLOAD_DELAY": 1.0, "DOWNLOAD_SLOTS": {"slow": {"delay": 3.0},
                                                                                   "fast": {"delay": 0.0}}})
    throttle = SiteThrottle(crawler)
    slow, fast = Slot(concurrency=1, delay=3.0, jitter=0), Slot(concurrency=1, delay=0.0, jitter=0)
    assert throttle.adjust("slow", slow, latency=0.1, status=200) == 3.0  # quick answers: never under its own 3 s
    assert throttle.adjust("fast", fast, latency=0.1, status=200) == 0.1  # under the global 1 s: its file says 0
    assert throttle.adjust("fast", fast, latency=8.0, status=200) == 8.0  # a slow answer: the delay follows
    assert throttle.adjust("other", Slot(concurrency=1, delay=0.0, jitter=0), 0.1, 200) == 1.0  # global floor
    assert throttle.adjust("fast", fast, latency=0.1, status=500) == 8.0  # error pages never lower it


def test_a_back_off_stays_the_floor_while_held():
    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True, "NEWSCRAWL_BACKOFF_HOLD": 60.0,
                                         "DOWNLOAD_SLOTS": {"ex": {"delay": 0.0}}})
    crawler.stats.open_spider()
    throttle = SiteThrottle(crawler)
    slot = Slot(concurrency=1, delay=0.0, jitter=0)
    throttle.back_off("ex", slot, answer(429, "5"))
    assert throttle.adjust("ex", slot, latency=0.01, status=200) == 5.0  # a quick 200 does not halve it


def test_off_when_autothrottle_is_off():
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        SiteThrottle(get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": False}))
