"""The bot's own state in SQLite under the data directory: subscriptions and feedback."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from retrieval.models import Answer

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    chat_id      INTEGER NOT NULL,
    topic        TEXT    NOT NULL,
    at           TEXT    NOT NULL,          -- HH:MM, Asia/Shanghai
    lang         TEXT    NOT NULL DEFAULT 'zh',
    created_at   REAL    NOT NULL,
    last_sent_at REAL,
    seen         TEXT    NOT NULL DEFAULT '[]',  -- JSON list of article keys already briefed
    PRIMARY KEY (chat_id, topic)
);
CREATE TABLE IF NOT EXISTS feedback (
    chat_id    INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    answer_key TEXT    NOT NULL,             -- hash of question + answer text
    vote       INTEGER NOT NULL,             -- 1 or -1
    created_at REAL    NOT NULL,
    PRIMARY KEY (chat_id, message_id, user_id)
);
"""


@dataclass(frozen=True)
class Subscription:
    """A daily briefing on `topic` for one chat at `at` (HH:MM, Asia/Shanghai)."""

    chat_id: int
    topic: str
    at: str
    lang: str = "zh"
    last_sent_at: float | None = None
    seen: frozenset[str] = frozenset()


def answer_key(answer: Answer) -> str:
    """A short stable id for an answer, small enough for callback data."""
    digest = hashlib.sha1(f"{answer.question}\0{answer.text}".encode()).hexdigest()
    return digest[:12]


class Store:
    """A small SQLite database; safe to call from the event loop (queries are tiny)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # One connection shared across the loop and worker threads, serialised by a lock.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """The store at <data_dir>/bot.sqlite3."""
        return cls(Path(data_dir) / "bot.sqlite3")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add_subscription(self, chat_id: int, topic: str, at: str, lang: str = "zh") -> None:
        """Create or re-time a subscription (keeps what was already briefed)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO subscriptions (chat_id, topic, at, lang, created_at) VALUES (?,?,?,?,?)"
                " ON CONFLICT (chat_id, topic) DO UPDATE SET at = excluded.at, lang = excluded.lang",
                (chat_id, topic, at, lang, time.time()),
            )

    def remove_subscriptions(self, chat_id: int, topic: str | None = None) -> list[str]:
        """Remove one topic (or all when None); returns the removed topics."""
        with self._lock:
            if topic is None:
                rows = self._db.execute(
                    "DELETE FROM subscriptions WHERE chat_id = ? RETURNING topic", (chat_id,)
                ).fetchall()
            else:
                rows = self._db.execute(
                    "DELETE FROM subscriptions WHERE chat_id = ? AND topic = ? RETURNING topic",
                    (chat_id, topic),
                ).fetchall()
        return [r[0] for r in rows]

    def subscriptions(self, chat_id: int | None = None) -> list[Subscription]:
        """All subscriptions, or one chat's, oldest first."""
        query = "SELECT chat_id, topic, at, lang, last_sent_at, seen FROM subscriptions"
        args: tuple = ()
        if chat_id is not None:
            query += " WHERE chat_id = ?"
            args = (chat_id,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY created_at", args).fetchall()
        return [
            Subscription(r[0], r[1], r[2], r[3], r[4], frozenset(json.loads(r[5]))) for r in rows
        ]

    def subscription(self, chat_id: int, topic: str) -> Subscription | None:
        return next((s for s in self.subscriptions(chat_id) if s.topic == topic), None)

    def mark_briefed(self, chat_id: int, topic: str, articles: set[str]) -> None:
        """Record a sent briefing and add its articles to those already seen."""
        with self._lock:
            row = self._db.execute(
                "SELECT seen FROM subscriptions WHERE chat_id = ? AND topic = ?", (chat_id, topic)
            ).fetchone()
            if row is None:  # unsubscribed while the briefing was being written
                return
            seen = sorted(set(json.loads(row[0])) | articles)
            self._db.execute(
                "UPDATE subscriptions SET last_sent_at = ?, seen = ? WHERE chat_id = ? AND topic = ?",
                (time.time(), json.dumps(seen, ensure_ascii=False), chat_id, topic),
            )

    def record_feedback(
        self, chat_id: int, user_id: int, message_id: int, answer_key: str, vote: int
    ) -> None:
        """Store a 👍 (1) or 👎 (-1); a second tap by the same user replaces the first."""
        with self._lock:
            self._db.execute(
                "INSERT INTO feedback (chat_id, user_id, message_id, answer_key, vote, created_at)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (chat_id, message_id, user_id)"
                " DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at",
                (chat_id, user_id, message_id, answer_key, vote, time.time()),
            )

    def feedback(self) -> list[tuple[int, int, int, str, int]]:
        """All feedback as (chat_id, user_id, message_id, answer_key, vote)."""
        with self._lock:
            return self._db.execute(
                "SELECT chat_id, user_id, message_id, answer_key, vote FROM feedback"
                " ORDER BY created_at"
            ).fetchall()
