"""Switching a component off by design, quietly.

Scrapy logs ``WARNING: Disabled <component>: <reason>`` for every ``NotConfigured`` raised with a message
(scrapy/middleware.py), at every run. A component that is off because of a setting the researcher chose (no
WARC, no data card, flag-mode near-duplicates, not a distributed crawl) is an expected state, not something
to act on: its reason goes to DEBUG and Scrapy gets a bare ``NotConfigured``. A setting that is wrong keeps
its message, and so its WARNING.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


def off_by_design(component: object, reason: str) -> NotConfigured:
    """The exception to raise from ``from_crawler``/``__init__``: the reason logged at DEBUG, none for Scrapy."""
    name = component if isinstance(component, str) else getattr(component, "__qualname__", type(component).__name__)
    logger.debug("%s off: %s", name, reason)
    return NotConfigured()
