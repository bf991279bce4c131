"""The bot database's migrations: a database from before them opens with its rows, each step runs once."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from bot import migrations
from bot.store import ChatSettings, Store, StoreUnusable

# The tables as cqnews wrote them before its schema had versions (user_version 0), one per line:
# written out here, not taken from bot/migrations.py, so a change there cannot hide a break.
BEFORE_VERSIONS = [
    "CREATE TABLE subscriptions (chat_id INTEGER NOT NULL, topic TEXT NOT NULL, at TEXT NOT NULL, lang TEXT NOT NULL"
    " DEFAULT 'zh', created_at REAL NOT NULL, last_sent_at REAL, seen TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (chat_id, topic))",
    "CREATE TABLE feedback (chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, message_id INTEGER NOT NULL, answer_key TEXT"
    " NOT NULL, vote INTEGER NOT NULL, created_at REAL NOT NULL, PRIMARY KEY (chat_id, message_id, user_id))",
    "CREATE TABLE turns (chat_id INTEGER NOT NULL, thread INTEGER NOT NULL, message_id INTEGER NOT NULL, question TEXT NOT NULL,"
    " standalone TEXT NOT NULL, answer TEXT NOT NULL, created_at REAL NOT NULL)",
    "CREATE INDEX turns_thread ON turns (chat_id, thread, created_at)",
    "CREATE TABLE questions (chat_id INTEGER NOT NULL, question TEXT NOT NULL, grounded INTEGER NOT NULL, answer_ms REAL"
    " NOT NULL, answer_key TEXT NOT NULL, created_at REAL NOT NULL)",
    "CREATE INDEX questions_at ON questions (created_at)",
    "CREATE TABLE chat_settings (chat_id INTEGER PRIMARY KEY, lang TEXT, length TEXT NOT NULL DEFAULT 'brief')",
    "CREATE TABLE chat_migrations (old_chat_id INTEGER PRIMARY KEY, new_chat_id INTEGER NOT NULL, created_at REAL NOT NULL)",
    "CREATE TABLE inflight (chat_id INTEGER NOT NULL, question_id INTEGER NOT NULL, asked TEXT NOT NULL, placeholder INTEGER,"
    " answer TEXT, created_at REAL NOT NULL, PRIMARY KEY (chat_id, question_id))",
]


def write_unversioned_database(path) -> None:
    """A bot.sqlite3 with a row in every table, as the bot left it before the schema had versions."""
    now = time.time()
    db = sqlite3.connect(path)
    for statement in BEFORE_VERSIONS:
        db.execute(statement)
    db.execute("INSERT INTO subscriptions VALUES (-100, '铜梁', '08:30', 'en', ?, ?, '[\"a#x\"]')", (now - 50, now - 10))
    db.execute("INSERT INTO feedback VALUES (-100, 7, 31, 'k1', -1, ?)", (now - 5,))
    db.execute("INSERT INTO turns VALUES (-100, 30, 31, '几家企业?', '铜梁签约几家企业?', '27家。', ?)", (now - 5,))
    db.execute("INSERT INTO questions VALUES (-100, '铜梁签约几家企业?', 1, 850.0, 'k1', ?)", (now - 5,))
    db.execute("INSERT INTO chat_settings VALUES (-100, 'en', 'detailed')")
    db.execute("INSERT INTO chat_migrations VALUES (-7, -100, ?)", (now - 100,))
    asked = {"chat_id": -100, "question": "园区有多大?"}
    db.execute("INSERT INTO inflight VALUES (-100, 40, ?, 41, NULL, ?)", (json.dumps(asked, ensure_ascii=False), now))
    db.commit()
    db.close()


def user_version(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_a_database_from_before_versions_opens_with_all_its_rows(tmp_path):
    write_unversioned_database(tmp_path / "bot.sqlite3")
    store = Store.open(tmp_path)
    (sub,) = store.subscriptions()
    assert (sub.chat_id, sub.topic, sub.at, sub.lang, sub.seen) == (-100, "铜梁", "08:30", "en", {"a#x"})
    assert store.feedback() == [(-100, 7, 31, "k1", -1)]
    assert [turn.answer for turn in store.history(-100, 30, 0)] == ["27家。"]
    assert store.thread_of(-100, 31) == 30
    stats = store.stats(0)
    assert (stats.asked, stats.answered, stats.down) == (1, 1, 1)
    assert store.chat_settings(-100) == ChatSettings("en", "detailed")
    assert store.migrated_from(-100) == {-7}
    assert store.inflight() == [(-100, 40, {"chat_id": -100, "question": "园区有多大?"}, 41, None)]
    # and it is writable as before
    store.add_subscription(-100, "园区", "09:00")
    assert [s.topic for s in store.subscriptions(-100)] == ["铜梁", "园区"]
    store.close()
    assert user_version(tmp_path / "bot.sqlite3") == len(migrations.MIGRATIONS)


def test_a_new_step_runs_once_on_an_existing_database_and_keeps_its_rows(tmp_path, monkeypatch):
    store = Store.open(tmp_path)
    store.set_chat_settings(5, ChatSettings("zh", "detailed"))
    store.close()
    ran = []

    def m999_settings_note(db: sqlite3.Connection) -> None:
        ran.append(True)
        db.execute("ALTER TABLE chat_settings ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_settings_note])
    for _ in range(2):
        Store.open(tmp_path).close()
    assert ran == [True]
    assert user_version(tmp_path / "bot.sqlite3") == len(migrations.MIGRATIONS)
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        assert db.execute("SELECT chat_id, lang, length, note FROM chat_settings").fetchall() == [(5, "zh", "detailed", "")]


def test_a_failed_step_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    Store.open(tmp_path).close()
    before = user_version(tmp_path / "bot.sqlite3")

    def m999_broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")
        db.execute("ALTER TABLE no_such_table ADD COLUMN y TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_broken])
    with pytest.raises(StoreUnusable):
        Store.open(tmp_path)
    assert user_version(tmp_path / "bot.sqlite3") == before
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall()


def test_a_database_from_a_newer_cqnews_is_refused_with_advice(tmp_path):
    Store.open(tmp_path).close()
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        db.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 1}")
    with pytest.raises(StoreUnusable, match="newer|as new as"):
        Store.open(tmp_path)
