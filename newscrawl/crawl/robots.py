"""Scrapy's robots.txt middleware, with every request that waits for a host's robots.txt given its rules.

While a host's robots.txt is being fetched, Scrapy 2.19's ``RobotsTxtMiddleware.robot_parser`` makes the other
requests for that host await the same Deferred, each through ``maybe_deferred_to_future``. Under the asyncio
reactor that adds a callback which sets the first waiter's future and passes ``None`` on down the chain
(Twisted's ``Deferred.asFuture``): the second and later waiters receive no parser and are let through, robots.txt
unread. It shows when many requests to one host start at once, as when a crawl resumes a queue (a JOBDIR, a
distributed crawl's shared frontier): a page the site disallows was fetched. Here each waiter gets a Deferred of
its own, fed from the shared one by a callback that hands the parser on.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxt(RobotsTxtMiddleware):
    async def robot_parser(self, request: Any) -> Any:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)  # first request for the host, or rules known
        own: Deferred = Deferred()

        def hand_on(parser: Any) -> Any:
            own.callback(parser)
            return parser  # the next waiter gets it too

        pending.addCallback(hand_on)
        return await maybe_deferred_to_future(own)
