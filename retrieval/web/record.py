"""data_dir/feeds.sqlite3: the registered feeds and every page URL seen, with what a conditional GET needs.

A page is recorded ingested only after the ingest that stored it returned, so an interrupted poll
fetches it again next time (and the ingest, finding it unchanged, adds nothing twice).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    added REAL NOT NULL,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    polled REAL,
    status TEXT NOT NULL DEFAULT '',
    items INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    feed TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    tries INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    seen REAL NOT NULL
);
"""

INGESTED, FAILED, GIVEN_UP = "ingested", "failed", "given up"


@dataclass(frozen=True)
class Feed:
    """A registered feed and how its last poll went."""

    url: str
    added: float
    etag: str = ""
    last_modified: str = ""
    polled: float | None = None
    status: str = ""
    items: int = 0


@dataclass(frozen=True)
class Page:
    """A page URL seen in a feed or asked for: ingested, or failed `tries` times (retried), or given up."""

    url: str
    state: str
    feed: str = ""
    file: str = ""
    etag: str = ""
    last_modified: str = ""
    updated: str = ""  # the feed entry's own updated/published stamp when it was ingested
    title: str = ""  # the feed entry's, a fallback for the page's
    date: str = ""
    tries: int = 0
    error: str = ""


class Record:
    """The feeds and pages of one data directory (safe across processes: SQLite transactions)."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / "feeds.sqlite3"

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.row_factory = sqlite3.Row
            db.executescript(_SCHEMA)
            with db:
                yield db

    # -- feeds ------------------------------------------------------------------------
    def feeds(self) -> list[Feed]:
        if not self.path.exists():
            return []
        with self._db() as db:
            return [Feed(**dict(row)) for row in db.execute("SELECT * FROM feeds ORDER BY added, url")]

    def add_feed(self, url: str) -> bool:
        """Register a feed; False when it already is."""
        with self._db() as db:
            cursor = db.execute("INSERT OR IGNORE INTO feeds (url, added) VALUES (?, ?)", (url, time.time()))
            return cursor.rowcount == 1

    def remove_feed(self, url: str) -> bool:
        with self._db() as db:
            return db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount == 1

    def polled(self, url: str, status: str, etag: str | None = None, last_modified: str | None = None, items: int = 0) -> None:
        """A feed's poll ended: its status line, new validators (None: keep the old ones), items ingested."""
        with self._db() as db:
            db.execute(
                "UPDATE feeds SET polled = ?, status = ?, items = items + ?, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE url = ?",
                (time.time(), status, items, etag, last_modified, url),
            )

    # -- pages ------------------------------------------------------------------------
    def page(self, url: str) -> Page | None:
        if not self.path.exists():
            return None
        with self._db() as db:
            row = db.execute("SELECT * FROM pages WHERE url = ?", (url,)).fetchone()
        return Page(**{k: row[k] for k in row.keys() if k != "seen"}) if row else None

    def pages(self, urls: list[str]) -> dict[str, Page]:
        if not self.path.exists() or not urls:
            return {}
        with self._db() as db:
            rows = []
            for start in range(0, len(urls), 500):
                batch = urls[start : start + 500]
                rows += db.execute(f"SELECT * FROM pages WHERE url IN ({','.join('?' * len(batch))})", batch).fetchall()
        return {row["url"]: Page(**{k: row[k] for k in row.keys() if k != "seen"}) for row in rows}

    def failed(self) -> list[Page]:
        """Pages whose last fetch failed and that are still retried."""
        if not self.path.exists():
            return []
        with self._db() as db:
            rows = db.execute("SELECT * FROM pages WHERE state = ? ORDER BY seen", (FAILED,)).fetchall()
        return [Page(**{k: row[k] for k in row.keys() if k != "seen"}) for row in rows]

    def save(self, page: Page) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO pages (url, feed, state, file, etag, last_modified, updated, title, date, tries, error, seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (page.url, page.feed, page.state, page.file, page.etag, page.last_modified, page.updated,
                 page.title, page.date, page.tries, page.error, time.time()),
            )

    def counts(self) -> dict[str, dict[str, int]]:
        """Per feed: pages by state."""
        if not self.path.exists():
            return {}
        with self._db() as db:
            rows = db.execute("SELECT feed, state, COUNT(*) AS n FROM pages GROUP BY feed, state").fetchall()
        out: dict[str, dict[str, int]] = {}
        for row in rows:
            out.setdefault(row["feed"], {})[row["state"]] = row["n"]
        return out
