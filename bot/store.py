"""The bot's own state in SQLite under the data directory.

Subscriptions, feedback, conversation turns (per chat and thread), the question log behind
/stats, and per-chat settings. The tables are made and changed by bot/migrations.py when it opens.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.migrations import NewerSchema, migrate
from bot.quotes import said
from retrieval.answer.followup import Turn
from retrieval.errors import CQNewsError
from retrieval.evaluation import percentile
from retrieval.models import Answer

# Seconds a write waits for another process's lock before it gives up (SQLite's busy timeout).
BUSY_SECONDS = 5.0


@dataclass(frozen=True)
class ChatSettings:
    """A chat's /settings: interface language (None: the user's own) and answer length."""

    lang: str | None = None
    length: str = "brief"  # "brief" or "detailed"


@dataclass(frozen=True)
class Stats:
    """How the bot did over one period, for /stats and `cqnews stats`."""

    asked: int = 0
    answered: int = 0
    not_found: int = 0
    up: int = 0
    down: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    unanswered: list[tuple[str, int]] = field(default_factory=list)  # most asked first

    @property
    def up_ratio(self) -> float | None:
        votes = self.up + self.down
        return self.up / votes if votes else None


@dataclass(frozen=True)
class Moved:
    """What followed a group to its new (supergroup) id."""

    subscriptions: list[str]
    settings: bool
    turns: int


@dataclass(frozen=True)
class Subscription:
    """A daily briefing on `topic` for one chat at `at` (HH:MM, Asia/Shanghai)."""

    chat_id: int
    topic: str
    at: str
    lang: str = "zh"
    last_sent_at: float | None = None
    seen: frozenset[str] = frozenset()


class StoreUnusable(CQNewsError):
    """bot.sqlite3 cannot be opened: corrupt, not a database, locked, or on a full disk."""


def answer_key(answer: Answer) -> str:
    """A short stable id for an answer, small enough for callback data."""
    digest = hashlib.sha1(f"{answer.question}\0{said(answer)}".encode()).hexdigest()
    return digest[:12]


class Store:
    """A small SQLite database; the bot calls it off the event loop (bot/store_queue.py)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # One connection shared by worker threads, serialised by a lock.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=BUSY_SECONDS)
        self._lock = threading.Lock()
        try:
            with self._lock:
                self._db.execute("PRAGMA journal_mode=WAL")
                migrate(self._db)
        except NewerSchema as exc:
            self._db.close()
            raise StoreUnusable(f"the bot database {path} cannot be used ({exc}): run a cqnews as new as the one that wrote it") from None
        except sqlite3.Error as exc:
            self._db.close()
            problem = str(exc)
            if "locked" in problem:
                advice = "another process holds it; stop that process"
            elif "full" in problem:
                advice = "free some disk space"
            else:
                advice = "restore it from a backup, or move it aside to start with an empty one"
            raise StoreUnusable(f"the bot database {path} cannot be used ({problem}): {advice}") from None

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """The store at <data_dir>/bot.sqlite3."""
        return cls(Path(data_dir) / "bot.sqlite3")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def ping(self) -> None:
        """Raise unless the database answers a query (the health check)."""
        with self._lock:
            self._db.execute("SELECT COUNT(*) FROM turns").fetchone()

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

    # -- conversations --------------------------------------------------------------
    def add_turn(
        self,
        chat_id: int,
        thread: int,
        message_id: int,
        question: str,
        standalone: str,
        answer: str,
        keep: int,
        max_age: float | None = None,
    ) -> None:
        """Remember one exchange; keeps only the last `keep` of its thread, and (every chat's)
        turns no older than `max_age` seconds: what is past remembering is not kept either."""
        with self._lock:
            if max_age is not None:
                self._db.execute("DELETE FROM turns WHERE created_at < ?", (time.time() - max_age,))
            self._db.execute(
                "INSERT INTO turns (chat_id, thread, message_id, question, standalone, answer, created_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (chat_id, thread, message_id, question, standalone, answer, time.time()),
            )
            self._db.execute(
                "DELETE FROM turns WHERE chat_id = ? AND thread = ? AND rowid NOT IN (SELECT rowid FROM turns"
                " WHERE chat_id = ? AND thread = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)",
                (chat_id, thread, chat_id, thread, keep),
            )

    def history(self, chat_id: int, thread: int, since: float) -> list[Turn]:
        """A thread's turns newer than `since` (a time.time() value), oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT question, standalone, answer FROM turns WHERE chat_id = ? AND thread = ?"
                " AND created_at >= ? ORDER BY created_at, rowid",
                (chat_id, thread, since),
            ).fetchall()
        return [Turn(q, s, a) for q, s, a in rows]

    def thread_of(self, chat_id: int, message_id: int) -> int | None:
        """The thread whose answer is message `message_id`, if the bot remembers it."""
        with self._lock:
            row = self._db.execute(
                "SELECT thread FROM turns WHERE chat_id = ? AND message_id = ? ORDER BY created_at DESC",
                (chat_id, message_id),
            ).fetchone()
        return row[0] if row else None

    def forget(self, chat_id: int) -> int:
        """/new: forget every thread of a chat; returns how many turns went."""
        with self._lock:
            return self._db.execute("DELETE FROM turns WHERE chat_id = ?", (chat_id,)).rowcount

    # -- the question log and /stats ---------------------------------------------------
    def log_question(self, chat_id: int, question: str, grounded: bool, answer_ms: float, key: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO questions (chat_id, question, grounded, answer_ms, answer_key, created_at)"
                " VALUES (?,?,?,?,?,?)",
                (chat_id, question, int(grounded), answer_ms, key, time.time()),
            )

    def stats(self, since: float, top: int = 5) -> Stats:
        """Questions, outcomes, votes and answer times since `since` (time.time())."""
        with self._lock:
            rows = self._db.execute(
                "SELECT question, grounded, answer_ms FROM questions WHERE created_at >= ?", (since,)
            ).fetchall()
            votes = dict(
                self._db.execute(
                    "SELECT vote, COUNT(*) FROM feedback WHERE created_at >= ? GROUP BY vote", (since,)
                ).fetchall()
            )
            unanswered = self._db.execute(
                "SELECT question, COUNT(*) AS n FROM questions WHERE created_at >= ? AND grounded = 0"
                " GROUP BY question ORDER BY n DESC, MAX(created_at) DESC LIMIT ?",
                (since, top),
            ).fetchall()
        times = [ms for _, _, ms in rows]
        answered = sum(1 for _, grounded, _ in rows if grounded)
        return Stats(
            asked=len(rows),
            answered=answered,
            not_found=len(rows) - answered,
            up=votes.get(1, 0),
            down=votes.get(-1, 0),
            median_ms=percentile(times, 50),
            p95_ms=percentile(times, 95),
            unanswered=[(q, n) for q, n in unanswered],
        )

    # -- chats that changed ------------------------------------------------------------
    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> Moved | None:
        """Move a group's subscriptions, settings and conversations to its supergroup id, once.

        None when this migration was already recorded (Telegram announces it in both chats).
        What the new chat already has wins over what the old one brings.
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                known = self._db.execute(
                    "INSERT OR IGNORE INTO chat_migrations (old_chat_id, new_chat_id, created_at) VALUES (?,?,?)",
                    (old_chat_id, new_chat_id, time.time()),
                ).rowcount
                if not known:
                    self._db.execute("COMMIT")
                    return None
                moved = [
                    r[0] for r in self._db.execute(
                        "UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ? RETURNING topic",
                        (new_chat_id, old_chat_id),
                    ).fetchall()
                ]
                self._db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_chat_id,))
                settings = self._db.execute(
                    "UPDATE OR IGNORE chat_settings SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
                ).rowcount
                self._db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (old_chat_id,))
                turns = self._db.execute(
                    "UPDATE turns SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
                ).rowcount
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return Moved(moved, bool(settings), turns)

    def migrated_from(self, chat_id: int) -> set[int]:
        """The group ids that became this supergroup."""
        with self._lock:
            rows = self._db.execute("SELECT old_chat_id FROM chat_migrations WHERE new_chat_id = ?", (chat_id,)).fetchall()
        return {r[0] for r in rows}

    # -- per-chat settings -----------------------------------------------------------
    def chat_settings(self, chat_id: int) -> ChatSettings:
        with self._lock:
            row = self._db.execute("SELECT lang, length FROM chat_settings WHERE chat_id = ?", (chat_id,)).fetchone()
        return ChatSettings(row[0], row[1]) if row else ChatSettings()

    def set_chat_settings(self, chat_id: int, settings: ChatSettings) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO chat_settings (chat_id, lang, length) VALUES (?,?,?) ON CONFLICT (chat_id)"
                " DO UPDATE SET lang = excluded.lang, length = excluded.length",
                (chat_id, settings.lang, settings.length),
            )

    # -- questions between arrival and delivery (answered after a crash or an outage) -------
    def add_inflight(self, chat_id: int, question_id: int, asked: dict) -> None:
        """Remember a question that is being answered, before anything is shown (again: update it)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO inflight (chat_id, question_id, asked, created_at) VALUES (?,?,?,?)"
                " ON CONFLICT (chat_id, question_id) DO UPDATE SET asked = excluded.asked",
                (chat_id, question_id, json.dumps(asked, ensure_ascii=False), time.time()),
            )

    def set_inflight(
        self, chat_id: int, question_id: int, *, placeholder: int | None = None, answer: dict | None = None
    ) -> None:
        """Record the placeholder still saying "正在查找…" (None: none left), and what is left to deliver."""
        with self._lock:
            self._db.execute(
                "UPDATE inflight SET placeholder = ?, answer = ? WHERE chat_id = ? AND question_id = ?",
                (placeholder, None if answer is None else json.dumps(answer, ensure_ascii=False), chat_id, question_id),
            )

    def remove_inflight(self, chat_id: int, question_id: int) -> None:
        """The question is answered and its placeholder gone: forget it."""
        with self._lock:
            self._db.execute("DELETE FROM inflight WHERE chat_id = ? AND question_id = ?", (chat_id, question_id))

    def inflight(self) -> list[tuple[int, int, dict, int | None, dict | None]]:
        """Every question not yet delivered: (chat_id, question_id, asked, placeholder, answer), oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT chat_id, question_id, asked, placeholder, answer FROM inflight ORDER BY created_at"
            ).fetchall()
        return [(c, q, json.loads(a), p, json.loads(ans) if ans else None) for c, q, a, p, ans in rows]

    # -- what the bot's buttons carry (bot/persistence.py) -----------------------------------
    def callback_data(self) -> str | None:
        """The saved button cache as JSON text, None when none was saved."""
        with self._lock:
            row = self._db.execute("SELECT data FROM callback_data WHERE id = 0").fetchone()
        return row[0] if row else None

    def set_callback_data(self, text: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO callback_data (id, data, saved_at) VALUES (0, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
                (text, time.time()),
            )

    def relink_turn(self, chat_id: int, old_message_id: int, new_message_id: int) -> None:
        """The answer went out as a new message: a reply to that one continues the thread."""
        with self._lock:
            self._db.execute(
                "UPDATE turns SET message_id = ? WHERE chat_id = ? AND message_id = ?",
                (new_message_id, chat_id, old_message_id),
            )
