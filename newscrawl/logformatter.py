"""Log lines for dropped items that a researcher can read: the reason and the URL, not the whole article.

Scrapy's default logs every dropped item with its full repr (the article text included) at WARNING.
Every drop is counted in the crawl stats and the run manifest anyway; the log line only has to say why.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.logformatter import LogFormatter, LogFormatterResult


class NewsLogFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        adapter = ItemAdapter(item) if ItemAdapter.is_item(item) else None
        result["msg"] = "Dropped %(site)s article: %(exception)s"
        result["args"] = {"site": adapter.get("site") if adapter else "?", "exception": exception}
        return result
