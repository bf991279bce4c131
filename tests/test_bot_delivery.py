"""End-to-end: an answer, once computed, reaches the reader; nothing stays "正在查找…".

Each test injects a real failure over the loopback Bot API (or into the real bot.sqlite3):
a Bot API outage longer than the retries, a slow server, a locked, full or corrupt database.
"""

from __future__ import annotations

import logging
import sqlite3

import pytest

from bot.cli import main
from bot.services import services
from bot.store import Store
from tests.bot_harness import api, bot_data_dir, bot_running, bot_settings  # noqa: F401 (fixtures)
from tests.botapi_server import BOT_USERNAME, Call, FakeBotApi, message

QUESTION = "铜梁签约了多少项目?"
SEARCHING = "正在查找…"


def answer_in(chat_id: int):
    """The answer itself (it says 27 projects and has buttons), not an apology or a placeholder."""
    return lambda c: c.params.get("chat_id") == chat_id and "27" in c.text and bool(c.params.get("reply_markup"))


def placeholders(api: FakeBotApi, chat_id: int) -> list[Call]:
    return api.called("sendMessage", lambda c: c.params.get("chat_id") == chat_id and c.text == SEARCHING)


def apologies(api: FakeBotApi) -> list[Call]:
    return [c for c in api.calls if "抱歉" in c.text or "出了问题" in c.text]


def store_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.store_queue" and r.levelno >= logging.WARNING]


async def test_an_uneditable_placeholder_gives_way_to_a_new_message_in_the_same_forum_topic(
    api: FakeBotApi, index_settings, bot_data_dir
):
    group, topic = -100700, 77
    api.break_next("editMessageText", status=502, times=20)  # far longer than the retries
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        asked = api.push(message(f"@{BOT_USERNAME} {QUESTION}", chat_id=group, message_thread_id=topic, is_topic_message=True))
        answer = await api.wait_for("sendMessage", answer_in(group))
        (placeholder,) = placeholders(api, group)
        removed = await api.wait_for("deleteMessage", lambda c: c.params.get("chat_id") == group)
    question_id = asked["message"]["message_id"]
    assert answer.params.get("message_thread_id") == topic == placeholder.params.get("message_thread_id")
    assert answer.params["reply_parameters"]["message_id"] == question_id  # replies where the placeholder did
    assert placeholder.params["reply_parameters"]["message_id"] == question_id
    assert removed.params["message_id"] == placeholder.result["message_id"]
    assert not apologies(api)


async def test_a_placeholder_that_can_be_neither_edited_nor_deleted_is_fixed_later(
    api: FakeBotApi, index_settings, bot_data_dir
):
    # The final edit (4 tries), the delete (4) and the "answer below" mark (4) all fail; the next delete works.
    api.break_next("editMessageText", status=502, times=8)
    api.break_next("deleteMessage", status=502, times=4)
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message(QUESTION, chat_id=310))
        await api.wait_for("sendMessage", answer_in(310))
        (placeholder,) = placeholders(api, 310)
        removed = await api.wait_for("deleteMessage", lambda c: c.params.get("chat_id") == 310)
        assert removed.params["message_id"] == placeholder.result["message_id"]
    assert len(api.called("sendMessage", answer_in(310))) == 1
    assert not apologies(api)


async def test_an_answer_refused_by_send_message_beyond_the_retries_is_delivered_later(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    caplog.set_level(logging.WARNING, logger="bot")
    # The placeholder's 4 tries and the answer's first 4 all get 500; a later try goes through.
    api.break_next("sendMessage", status=500, times=8)
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as app:
        api.push(message(QUESTION, chat_id=320))
        await api.wait_for("sendMessage", answer_in(320))
        path = services(app).store.path
    # After shutdown (which lets the redelivery job finish): nothing is left to answer after a restart.
    left = Store(path).inflight()
    assert len(api.called("sendMessage", answer_in(320))) == 1
    assert [c.status for c in api.calls if c.method == "sendMessage"] == [500] * 8 + [200]
    assert left == []
    assert any("next try in" in r.getMessage() for r in caplog.records)  # not silent
    assert not apologies(api)


async def test_a_slow_server_gets_one_placeholder_which_is_removed_when_it_arrives(
    api: FakeBotApi, index_settings, bot_data_dir, monkeypatch
):
    monkeypatch.setattr("bot.streaming.PLACEHOLDER_WAIT", 0.2, raising=False)
    slow = api.hold("sendMessage")  # Telegram sends the placeholder, but its reply is late
    try:
        async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
            api.push(message(QUESTION, chat_id=330))
            placeholder = await slow.wait_arrived()
            answer = await api.wait_for("sendMessage", answer_in(330))
            slow.release()
            removed = await api.wait_for("deleteMessage", lambda c: c.params.get("chat_id") == 330)
    finally:
        slow.release()
    assert placeholders(api, 330) == [placeholder]  # never a second one
    assert removed.params["message_id"] == placeholder.result["message_id"]
    assert not api.called("editMessageText")


async def test_a_locked_database_delays_neither_the_answer_nor_other_chats(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    caplog.set_level(logging.WARNING, logger="bot")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as app:
        svc = services(app)
        other = sqlite3.connect(svc.store.path, isolation_level=None)  # another process's writer
        other.execute("BEGIN EXCLUSIVE")
        try:
            api.push(message(QUESTION, chat_id=340))
            await api.wait_for("editMessageText", answer_in(340))
            api.push(message("/start", chat_id=341))
            await api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == 341)
            # Both went out while the question's log entry still waits for the lock (busy timeout 5 s).
            assert not store_warnings(caplog)
        finally:
            other.execute("ROLLBACK")
            other.close()
    # Shut down (the queued writes finish first): the write went through once the lock was gone.
    assert Store(svc.store.path).stats(0).asked == 1
    assert not apologies(api)


async def test_a_full_disk_is_logged_once_and_answers_keep_coming(api: FakeBotApi, index_settings, bot_data_dir, caplog):
    caplog.set_level(logging.WARNING, logger="bot")

    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as app:
        svc = services(app)
        with svc.store._lock:  # as a full disk does: SQLite cannot grow the file by another page
            db = svc.store._db
            db.execute("PRAGMA max_page_count = %d" % db.execute("PRAGMA page_count").fetchone()[0])
            with pytest.raises(sqlite3.OperationalError, match="full"):
                while True:
                    db.execute("INSERT INTO questions VALUES (0, ?, 0, 0, '', 0)", ("x" * 2000,))
        for chat_id in (350, 351):
            api.push(message(QUESTION, chat_id=chat_id))
            await api.wait_for("editMessageText", answer_in(chat_id))
    # Shut down: every queued write has been tried.
    (warning,) = store_warnings(caplog)
    assert str(svc.store.path) in warning.getMessage() and "full" in warning.getMessage()
    assert warning.exc_info is None  # one line, no traceback
    assert not apologies(api)


async def test_a_database_corrupted_while_running_degrades_the_store_not_the_answers(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    caplog.set_level(logging.WARNING, logger="bot")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as app:
        svc = services(app)
        with svc.store._lock:
            svc.store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = svc.store.path
        path.write_bytes(b"not a database! " * (path.stat().st_size // 16))
        shm = path.with_name(path.name + "-shm")
        shm.write_bytes(b"\0" * shm.stat().st_size)  # so the open connection reads the file again
        for chat_id in (360, 361):
            api.push(message(QUESTION, chat_id=chat_id))
            await api.wait_for("editMessageText", answer_in(chat_id))
    (warning,) = store_warnings(caplog)
    assert str(path) in warning.getMessage() and "DatabaseError" in warning.getMessage()
    assert not apologies(api)


def test_a_corrupt_database_at_start_is_one_line_naming_the_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"this is not a database " * 200)
    with FakeBotApi() as api:
        for name, value in (("TELEGRAM_BOT_TOKEN", api.token), ("TELEGRAM_BASE_URL", api.base_url), ("CQNEWS_DATA_DIR", str(tmp_path))):
            monkeypatch.setenv(name, value)
        code = main(["bot"])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("cqnews:")]
    assert code == 2
    assert len(errors) == 1 and str(path) in errors[0] and "file is not a database" in errors[0]
