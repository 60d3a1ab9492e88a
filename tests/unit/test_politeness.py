"""Per-site politeness as Scrapy settings: one download slot per site (and its hosts, for robots.txt), the most
patient site winning a shared host, and enough persistent connections per host for the most concurrent site."""

from dataclasses import replace

from scrapy.utils.test import get_crawler

from newscrawl.crawl.politeness import connections_per_host, download_slots
from newscrawl.registry import load_registry


def two_sites():
    sites = list(load_registry().values())[:2]
    return [replace(sites[0], concurrency=1, delay=3.0), replace(sites[1], concurrency=6, delay=0.5,
                                                                 domains=sites[0].domains)]


def test_one_slot_per_site_and_the_most_patient_site_wins_a_shared_host():
    slow, fast = two_sites()
    slots = download_slots([slow, fast])
    assert slots[slow.key]["delay"] == 3.0 and slots[fast.key]["concurrency"] == 6
    host = slow.domains[0].split("/")[0].split(":")[0]
    assert slots[host]["delay"] == 3.0 and slots[f"www.{host}"]["delay"] == 3.0


def test_persistent_connections_per_host_follow_the_most_concurrent_site():
    sites = two_sites()
    default = get_crawler(settings_dict={}).settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    assert connections_per_host(sites, 2) == 6  # else 4 of the 6 requests at once would open a new connection
    assert connections_per_host(sites, 8) == 8  # never lowered
    assert connections_per_host([], default) == default
