"""RSS and Atom feeds (feedparser): the items a feed lists, each a page URL with its own title and date."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin

from retrieval.web.fetch import FetchError, Response

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
_FEED_STARTS = (b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")


@dataclass(frozen=True)
class Entry:
    """One feed item: the page it links to, its headline and day, and the stamp that changes when it is edited."""

    link: str
    title: str = ""
    date: str = ""  # YYYY-MM-DD in the feed's own time zone
    updated: str = ""


def looks_like_feed(response: Response) -> bool:
    """The response is a feed rather than a page (by its type, else by how it starts)."""
    if response.content_type in _FEED_TYPES:
        return True
    if response.content_type in ("text/html", "application/xhtml+xml"):
        return False
    return response.body.lstrip(b"\xef\xbb\xbf \t\r\n")[:16].lower().startswith(_FEED_STARTS)


def _day(stamp: str, parsed) -> str:
    """The calendar day of a feed date, in the offset it was written in (feedparser's parse is UTC)."""
    if stamp:
        try:
            return email.utils.parsedate_to_datetime(stamp).date().isoformat()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(stamp.strip()).date().isoformat()  # Atom: RFC 3339
        except ValueError:
            pass
    if parsed:
        return datetime(*parsed[:6], tzinfo=timezone.utc).date().isoformat()
    return ""


def parse_feed(response: Response) -> list[Entry]:
    """The items of an RSS/Atom feed, links made absolute, in the feed's order.

    Raises FetchError when the body is not a feed.
    """
    import feedparser

    parsed = feedparser.parse(response.body, response_headers={"content-location": response.url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({type(problem).__name__})" if problem else ""
        raise FetchError(response.url, f"not an RSS or Atom feed{why}")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((x.get("href") for x in item.get("links", []) if x.get("href")), "")
        if not link:
            continue
        # `in`, not .get: feedparser's .get("updated") falls back to `published` with a warning.
        updated = item["updated"] if "updated" in item else ""
        published = item.get("published", "") or updated
        entries.append(
            Entry(
                link=urljoin(response.url, link.strip()),
                title=" ".join(item.get("title", "").split()),
                date=_day(published, item.get("published_parsed") or (item["updated_parsed"] if "updated_parsed" in item else None)),
                updated=updated or published,
            )
        )
    unique: dict[str, Entry] = {}
    for entry in entries:  # a link listed twice is one item, the first
        unique.setdefault(entry.link, entry)
    return list(unique.values())
