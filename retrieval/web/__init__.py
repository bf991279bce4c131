"""Web pages and RSS/Atom feeds in: fetched politely, kept as .md files in the data directory, ingested.

    from retrieval import Index, Settings
    from retrieval.web import Feeds, ingest_sources, poll
    index = Index.open(Settings())
    ingest_sources(index, ["https://example.org/news/1.html", "https://example.org/rss.xml"])
    Feeds(index.settings).add("https://example.org/rss.xml")
    poll(index)  # the registered feeds' new items
"""

from __future__ import annotations

from retrieval.web.feeds import Entry, parse_feed
from retrieval.web.fetch import Fetcher, FetchError, is_url, shown
from retrieval.web.ingest import PollReport, ingest_sources, poll, saved_path
from retrieval.web.record import Feed, Page, Record
from retrieval.web.settings import WebSettings
from retrieval.web.subscriptions import Feeds, FeedStatus

__all__ = [
    "Entry", "Feed", "FeedStatus", "Feeds", "FetchError", "Fetcher", "Page", "PollReport", "Record", "WebSettings",
    "ingest_sources", "is_url", "parse_feed", "poll", "saved_path", "shown",
]
