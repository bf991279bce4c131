"""Pages and feeds into the index: fetch, keep each article as a .md file in the data directory, ingest
those files through `Index.ingest`, then record what was ingested.

The files are what `cqnews ingest --rebuild` reads back (no network); the record (record.py) is written
only after the ingest returned, so an interrupted poll fetches again and the ingest, finding the same
text, adds nothing twice. A page seen before is fetched again only when its feed item's updated stamp
changes or it is asked for by URL (a conditional GET); a changed page replaces its old passages.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from filelock import FileLock, Timeout

from retrieval.corpus.articles import UnreadableFile
from retrieval.corpus.web import WebPage, extract_page
from retrieval.index.ingest import IngestReport, Notify, Progress
from retrieval.web.feeds import Entry, looks_like_feed, parse_feed
from retrieval.web.fetch import Fetcher, FetchError, Response, is_url, shown
from retrieval.web.record import FAILED, GIVEN_UP, INGESTED, Feed, Page, Record
from retrieval.web.settings import WebSettings, web_settings

if TYPE_CHECKING:
    from retrieval.index.store import Index
    from retrieval.settings import Settings

log = logging.getLogger(__name__)

# A page that fails this many polls in a row (gone, refused, not an article) is given up and named;
# `cqnews ingest URL` still tries it.
GIVE_UP_AFTER = 5
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")  # text/plain: what a server says when it does not know


@dataclass
class PollReport:
    """What a poll did: feeds read, pages fetched, one line per failure, and the ingest it ran."""

    feeds: int = 0
    fetched: int = 0  # pages fetched and saved, new or changed
    unchanged: int = 0  # feeds and pages a conditional GET (or the same text) found unchanged
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ingest: IngestReport | None = None


def saved_path(data_dir: Path, url: str) -> Path:
    """Where the article at `url` is kept: data_dir/web/<host>/<last path segment>-<hash>.md."""
    parts = urlsplit(url)
    host = _UNSAFE.sub("-", (parts.hostname or "site").lower().replace(".", "_")).strip("-") or "site"
    stem = _UNSAFE.sub("-", PurePosixPath(parts.path).stem)[:60].strip("-") or "index"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    return (data_dir / "web" / host / f"{stem}-{digest}.md").resolve()


def _site(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _same_site(a: str, b: str) -> bool:
    return _site(a) == _site(b) != ""


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a reader (an ingest, a rebuild) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(path)


class _Batch:
    """One poll's or ingest's pages: fetched and saved, recorded once the ingest that stores them returned."""

    def __init__(self, settings: Settings, web: WebSettings, fetcher: Fetcher | None = None):
        self.settings = settings
        self.record = Record(settings.data_dir)
        self.fetcher = fetcher or Fetcher(web.fetch_timeout, web.fetch_delay, settings.max_file_bytes)
        self.saved: dict[Path, list[Page]] = {}  # two URLs of one article (?from=rss) share its file
        self.report = PollReport()
        self.handled: set[str] = set()
        self.items: dict[str, int] = {}  # feed -> pages saved from it

    # -- what is fetched --------------------------------------------------------------
    def source(self, url: str) -> None:
        """A URL asked for by name: a page (fetched again if changed) or a feed (its new items)."""
        known = self.record.page(url)
        current = known is not None and known.state == INGESTED and Path(known.file).exists()
        try:
            response = self.fetcher.get(url, known.etag if current else "", known.last_modified if current else "")
        except FetchError as exc:
            self._failed(url, "", None, known, str(exc))
            return
        if response is not None and looks_like_feed(response):
            try:
                self._entries(url, response)
            except FetchError as exc:
                self.report.failures.append(str(exc))
        else:
            self.page(url, known=known, response=response, asked=True)

    def feed(self, feed: Feed) -> tuple[str, str | None, str | None]:
        """Read a registered feed (conditional GET); its status line and new validators (None: keep)."""
        try:
            response = self.fetcher.get(feed.url, feed.etag, feed.last_modified)
        except FetchError as exc:
            self.report.failures.append(f"{exc}; retried next time")
            return f"failed: {exc.reason}", None, None
        self.report.feeds += 1
        if response is None:
            self.report.unchanged += 1
            return "unchanged", None, None
        try:
            entries = self._entries(feed.url, response)
        except FetchError as exc:
            self.report.failures.append(f"{exc}; retried next time")
            return f"failed: {exc.reason}", None, None
        return f"{entries} item(s)", response.etag, response.last_modified

    def _entries(self, feed_url: str, response: Response) -> int:
        """Fetch the feed's items not yet ingested, or whose updated stamp changed; how many items it lists."""
        entries = parse_feed(response)
        known = self.record.pages([e.link for e in entries])
        for entry in entries:
            page = known.get(entry.link)
            if page is not None and page.state == GIVEN_UP:
                continue
            if page is not None and page.state == INGESTED and (not entry.updated or entry.updated == page.updated):
                continue
            self.page(entry.link, feed=feed_url, entry=entry, known=page)
        return len(entries)

    def retry_failed(self) -> None:
        """Pages earlier polls failed on, tried again (each up to GIVE_UP_AFTER times)."""
        for page in self.record.failed():
            self.page(page.url, feed=page.feed, entry=Entry(page.url, page.title, page.date, page.updated), known=page)

    def page(
        self,
        url: str,
        feed: str = "",
        entry: Entry | None = None,
        known: Page | None = None,
        response: Response | None = None,
        asked: bool = False,
    ) -> None:
        """Fetch one page (unless `response` holds it), extract its article, keep it as a file for the ingest."""
        if url in self.handled:
            return
        self.handled.add(url)
        known = known if known is not None else self.record.page(url)
        current = known is not None and known.state == INGESTED and bool(known.file) and Path(known.file).exists()
        try:
            if response is None and not asked:
                response = self.fetcher.get(url, known.etag if current else "", known.last_modified if current else "")
            if response is None:  # 304: the saved copy is the page
                self._unchanged(known, entry, asked)
                return
            if response.content_type not in _PAGE_TYPES:
                raise FetchError(url, f"not a web page ({response.content_type})")
            article = extract_page(response.body, response.url, response.charset)
        except FetchError as exc:
            self._failed(url, feed, entry, known, str(exc))
            return
        except UnreadableFile as exc:
            self._failed(url, feed, entry, known, f"{shown(url)}: {exc}")
            return
        # A page may name another site's article as canonical; only its own site's counts.
        canonical = article.url if article.url and _same_site(article.url, response.url) else response.url
        article = replace(
            article, url=canonical, title=article.title or (entry.title if entry else ""), date=article.date or (entry.date if entry else "")
        )
        self._keep(url, feed, entry, known, response, article, asked)

    def _keep(self, url: str, feed: str, entry: Entry | None, known: Page | None, response: Response, article: WebPage, asked: bool) -> None:
        path = saved_path(self.settings.data_dir, article.url)
        text = article.markdown()
        page = Page(
            url=url,
            state=INGESTED,
            feed=feed or (known.feed if known else ""),
            file=str(path),
            etag=response.etag,
            last_modified=response.last_modified,
            updated=entry.updated if entry else (known.updated if known else ""),
            title=entry.title if entry else "",
            date=entry.date if entry else "",
        )
        same = path.exists() and path.read_text(encoding="utf-8") == text
        if same and known is not None and known.state == INGESTED and known.file == str(path) and not asked:
            self.record.save(page)  # the same article: only the validators and stamp are new
            self.report.unchanged += 1
            return
        if not article.title:
            self.report.notes.append(f"{shown(url)}: no headline found; ingested without one")
        if not article.date:
            self.report.notes.append(f"{shown(url)}: no publication date found; ingested undated")
        if not same:
            _write(path, text)
        self.saved.setdefault(path, []).append(page)
        self.report.fetched += 1

    def _unchanged(self, known: Page | None, entry: Entry | None, asked: bool) -> None:
        self.report.unchanged += 1
        if known is None:
            return
        if entry is not None and entry.updated != known.updated:
            self.record.save(replace(known, updated=entry.updated))
        if asked:  # asked for by name: ingested again from its saved copy (back if it was removed)
            self.saved.setdefault(Path(known.file), []).append(known)

    def _failed(self, url: str, feed: str, entry: Entry | None, known: Page | None, message: str) -> None:
        """One line; a feed's page is recorded failed, to be tried by the next polls (then given up)."""
        if known is not None and known.state == INGESTED:
            # The ingested version stays; a changed feed stamp or a request by URL tries again.
            self.report.failures.append(f"{message}; the version ingested before is kept")
            return
        feed = feed or (known.feed if known else "")
        if not feed:  # asked for by URL: the command's exit status says it, nothing is retried behind its back
            self.report.failures.append(message)
            return
        tries = (known.tries if known is not None else 0) + 1
        given_up = tries >= GIVE_UP_AFTER
        self.record.save(
            Page(
                url=url,
                state=GIVEN_UP if given_up else FAILED,
                feed=feed,
                updated=entry.updated if entry else "",
                title=entry.title if entry else "",
                date=entry.date if entry else "",
                tries=tries,
                error=message,
            )
        )
        if given_up:
            self.report.failures.append(f"{message}; given up after {tries} tries (`cqnews ingest URL` tries again)")
        else:
            self.report.failures.append(f"{message}; retried next time")

    # -- the ingest ---------------------------------------------------------------------
    def ingest(
        self,
        index: Index,
        paths: Sequence[Path] = (),
        rebuild: bool = False,
        progress: Progress | None = None,
        notify: Notify | None = None,
    ) -> IngestReport | None:
        """Ingest the saved pages (with `paths`), then record each page the ingest did not skip."""
        files = [*paths, *self.saved]
        if not files and not rebuild:
            return None
        report = index.ingest(files, progress=progress, rebuild=rebuild, notify=notify)
        skipped = {line.split(": ", 1)[0]: line for line in report.skipped}
        for path, pages in self.saved.items():
            for page in pages:
                if str(path) in skipped:
                    self._failed(page.url, page.feed, None, None, skipped[str(path)])
                    continue
                self.record.save(page)
                if page.feed:
                    self.items[page.feed] = self.items.get(page.feed, 0) + 1
        return report


def ingest_sources(
    index: Index,
    sources: Sequence[str | Path] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    notify: Notify | None = None,
    web: WebSettings | None = None,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """`Index.ingest` that also takes http(s) URLs of pages and RSS/Atom feeds (default: the seeds).

    A URL that cannot be fetched or holds no article is one line in `report.skipped`; the rest is ingested.
    """
    urls = [str(s) for s in sources or () if is_url(str(s))]
    paths = [Path(s) for s in sources or () if not is_url(str(s))]
    if not urls:
        return index.ingest(paths or None, progress=progress, rebuild=rebuild, notify=notify)
    batch = _Batch(index.settings, web or web_settings(), fetcher)
    for url in dict.fromkeys(urls):
        batch.source(url)
    report = batch.ingest(index, paths, rebuild, progress, notify) or IngestReport()
    report.skipped += batch.report.failures
    report.notes += batch.report.notes
    return report


def poll(
    index: Index,
    *,
    progress: Progress | None = None,
    notify: Notify | None = None,
    web: WebSettings | None = None,
    fetcher: Fetcher | None = None,
) -> PollReport:
    """Fetch the registered feeds' new items (and pages that failed before), ingest them, record them.

    One poll at a time per data directory: a second one finds the lock taken and returns at once.
    """
    settings = index.settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(settings.data_dir / "feeds.lock", thread_local=False, preserve_lock_file=True)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        return PollReport(notes=["another poll of these feeds is running; this one stopped"])
    try:
        batch = _Batch(settings, web or web_settings(), fetcher)
        feeds = batch.record.feeds()
        outcome = {feed.url: batch.feed(feed) for feed in feeds}
        batch.retry_failed()
        batch.report.ingest = batch.ingest(index, progress=progress, notify=notify)
        # Only now: a feed's validators saved before its items were ingested would hide them after a crash.
        for url, (status, etag, last_modified) in outcome.items():
            batch.record.polled(url, status, etag, last_modified, batch.items.get(url, 0))
        return batch.report
    finally:
        lock.release()
