"""The bot database's schema as an ordered list of steps, applied when the store opens.

`PRAGMA user_version` holds how many steps a database has had. A change to a table is a new step
at the end of MIGRATIONS, never an edit of an old one: a database written by any earlier cqnews
then opens by running only the steps it has not had, and keeps its rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


class NewerSchema(Exception):
    """The database has had more steps than this code knows: a newer cqnews wrote it."""


def migration(step: Migration) -> Migration:
    """Add `step` to the end of MIGRATIONS (the order of the definitions below is the order applied)."""
    MIGRATIONS.append(step)
    return step


def version(db: sqlite3.Connection) -> int:
    """How many steps `db` has had."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection) -> int:
    """Apply the steps `db` has not had, each in its own transaction; the version it ends at.

    `db` must be in autocommit mode (isolation_level=None). BEGIN IMMEDIATE takes the write lock
    before the version is read, so two processes opening the same database run each step once.
    """
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            done = version(db)
            if done > len(MIGRATIONS):
                raise NewerSchema(f"schema version {done}, this cqnews knows {len(MIGRATIONS)}")
            if done == len(MIGRATIONS):
                db.execute("COMMIT")
                return done
            MIGRATIONS[done](db)
            # PRAGMA takes no parameters; the value is an int this module computed.
            db.execute(f"PRAGMA user_version = {done + 1:d}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    # IF NOT EXISTS: a database from before the steps were counted (user_version 0) already has
    # these tables with rows in them, and takes this step without a change.
    for statement in _INITIAL:
        db.execute(statement)


@migration
def m002_callback_data(db: sqlite3.Connection) -> None:
    # One row: the JSON of PTB's button cache (bot/persistence.py), replaced whole on each save.
    db.execute(
        "CREATE TABLE callback_data (id INTEGER PRIMARY KEY CHECK (id = 0), data TEXT NOT NULL, saved_at REAL NOT NULL)"
    )


_INITIAL = (
    """
    CREATE TABLE IF NOT EXISTS subscriptions (
        chat_id      INTEGER NOT NULL,
        topic        TEXT    NOT NULL,
        at           TEXT    NOT NULL,          -- HH:MM, Asia/Shanghai
        lang         TEXT    NOT NULL DEFAULT 'zh',
        created_at   REAL    NOT NULL,
        last_sent_at REAL,
        seen         TEXT    NOT NULL DEFAULT '[]',  -- JSON list of article keys already briefed
        PRIMARY KEY (chat_id, topic)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS feedback (
        chat_id    INTEGER NOT NULL,
        user_id    INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        answer_key TEXT    NOT NULL,             -- hash of question + answer text
        vote       INTEGER NOT NULL,             -- 1 or -1
        created_at REAL    NOT NULL,
        PRIMARY KEY (chat_id, message_id, user_id)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS turns (
        chat_id     INTEGER NOT NULL,
        thread      INTEGER NOT NULL,           -- 0 for a private chat; in groups the first question's id
        message_id  INTEGER NOT NULL,           -- the bot's answer, so a reply to it finds the thread
        question    TEXT    NOT NULL,
        standalone  TEXT    NOT NULL,
        answer      TEXT    NOT NULL,
        created_at  REAL    NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS turns_thread ON turns (chat_id, thread, created_at)
    """,
    """
    CREATE TABLE IF NOT EXISTS questions (
        chat_id     INTEGER NOT NULL,
        question    TEXT    NOT NULL,           -- as answered (standalone)
        grounded    INTEGER NOT NULL,           -- 1 answered from the articles, 0 not found
        answer_ms   REAL    NOT NULL,
        answer_key  TEXT    NOT NULL,
        created_at  REAL    NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS questions_at ON questions (created_at)
    """,
    """
    CREATE TABLE IF NOT EXISTS chat_settings (
        chat_id     INTEGER PRIMARY KEY,
        lang        TEXT,                       -- NULL: follow the user's Telegram language
        length      TEXT    NOT NULL DEFAULT 'brief'
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS chat_migrations (   -- a group that became a supergroup (a new chat id)
        old_chat_id INTEGER PRIMARY KEY,
        new_chat_id INTEGER NOT NULL,
        created_at  REAL    NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS inflight (
        chat_id     INTEGER NOT NULL,
        question_id INTEGER NOT NULL,           -- the user's message
        asked       TEXT    NOT NULL,           -- JSON: the question and where its answer goes
        placeholder INTEGER,                    -- "正在查找…" while it still says so, else NULL
        answer      TEXT,                       -- JSON: the rendered parts not yet delivered, and buttons
        created_at  REAL    NOT NULL,
        PRIMARY KEY (chat_id, question_id)
    )
    """,
)
