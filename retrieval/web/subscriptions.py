"""The feeds a data directory follows: added (after checking that the URL is a feed), listed, removed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrieval.errors import InputError
from retrieval.web.feeds import parse_feed
from retrieval.web.fetch import Fetcher, FetchError, is_url, shown
from retrieval.web.record import FAILED, GIVEN_UP, INGESTED, Feed, Record
from retrieval.web.settings import WebSettings, web_settings

if TYPE_CHECKING:
    from retrieval.settings import Settings


@dataclass(frozen=True)
class FeedStatus:
    """A followed feed, its last poll, and its pages by state."""

    feed: Feed
    ingested: int = 0
    failed: int = 0  # retried by the next polls
    given_up: int = 0

    def to_json(self) -> dict:
        return {
            "url": shown(self.feed.url), "added": self.feed.added, "polled": self.feed.polled, "status": self.feed.status,
            "ingested": self.ingested, "failed": self.failed, "given_up": self.given_up,
        }


class Feeds:
    """Follow, list and unfollow feeds (`cqnews feeds add/list/remove`)."""

    def __init__(self, settings: Settings, web: WebSettings | None = None, fetcher: Fetcher | None = None):
        self.settings = settings
        self.web = web or web_settings()
        self.record = Record(settings.data_dir)
        self.fetcher = fetcher

    def add(self, url: str) -> int:
        """Follow a feed; how many items it lists now (the next poll ingests them).

        Raises InputError when the URL is not http(s), cannot be fetched or is not a feed, or is followed already.
        """
        url = url.strip()
        if not is_url(url):
            raise InputError(f"{shown(url)}: not an http(s) URL of an RSS or Atom feed")
        if any(feed.url == url for feed in self.record.feeds()):
            raise InputError(f"{shown(url)}: already followed (see `cqnews feeds list`)")
        fetcher = self.fetcher or Fetcher(self.web.fetch_timeout, 0, self.settings.max_file_bytes)
        try:
            response = fetcher.get(url)
            entries = parse_feed(response) if response is not None else []
        except FetchError as exc:
            raise InputError(f"{exc}; not followed") from None
        self.record.add_feed(url)
        return len(entries)

    def remove(self, url: str) -> Feed:
        """Stop following a feed (given as added or as listed); its articles stay in the index.

        Raises InputError when no followed feed has that URL.
        """
        for feed in self.record.feeds():
            if url.strip() in (feed.url, shown(feed.url)):
                self.record.remove_feed(feed.url)
                return feed
        raise InputError(f"{shown(url)}: not a followed feed (see `cqnews feeds list`)")

    def list(self) -> list[FeedStatus]:
        counts = self.record.counts()
        return [
            FeedStatus(
                feed,
                counts.get(feed.url, {}).get(INGESTED, 0),
                counts.get(feed.url, {}).get(FAILED, 0),
                counts.get(feed.url, {}).get(GIVEN_UP, 0),
            )
            for feed in self.record.feeds()
        ]
