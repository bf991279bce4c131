"""End-to-end: an answer, once computed, reaches the reader; nothing stays "正在查找…".

Each test injects a real failure over the loopback Bot API (or into the real bot.sqlite3):
a Bot API outage longer than the retries, a slow server, a locked, full or corrupt database.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import buttons
from bot.buttons import Vote
from bot.cli import main
from bot.services import Services
from bot.store import Store
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import BOT_USERNAME, FAILSAFE, Call, FakeBotApi, callback_query, message, sent_message, user
from tests.conftest import REPO, SEEDS

QUESTION = "铜梁签约了多少项目?"
SEARCHING = "正在查找…"


def answer_in(chat_id: int):
    """The answer itself (it says 27 projects and has buttons), not an apology or a placeholder."""
    return lambda c: c.params.get("chat_id") == chat_id and "27" in c.text and bool(c.params.get("reply_markup"))


def placeholders(api: FakeBotApi, chat_id: int) -> list[Call]:
    return api.called("sendMessage", lambda c: c.params.get("chat_id") == chat_id and c.text == SEARCHING)


def apologies(api: FakeBotApi) -> list[Call]:
    return [c for c in api.calls if "抱歉" in c.text or "出了问题" in c.text]


def asked_in_private(chat_id: int, question_id: int) -> dict:
    """The in-flight record of QUESTION asked in a private chat, as the bot writes it."""
    return {
        "chat_id": chat_id, "private": True, "lang": "zh", "detailed": False, "question": QUESTION,
        "standalone": QUESTION, "extra": None, "thread": 0, "question_id": question_id,
    }


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
        path = Services.of(app).store.path
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
            await api.wait_for("sendMessage", answer_in(330))  # the answer goes out as a new message
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
        svc = Services.of(app)
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
        svc = Services.of(app)
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
        svc = Services.of(app)
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


def spawn_bot(api: FakeBotApi, data_dir: Path, log: Path) -> subprocess.Popen:
    """`cqnews bot` in its own process, talking to `api` (its log lines go to `log`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TELEGRAM_", "CQNEWS_", "CHROMA_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url, CQNEWS_DATA_DIR=str(data_dir),
        CQNEWS_SEEDS_DIR=str(SEEDS), CQNEWS_TELEGRAM_BACKOFF="0.01", PYTHONPATH=str(REPO),
    )
    with log.open("a") as out:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "bot"], cwd=REPO, env=env, stdout=out, stderr=out)


def recorded_placeholder(db: Path, chat_id: int) -> int | None:
    """The placeholder the bot's in-flight record names for `chat_id`, if any."""
    try:
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT placeholder FROM inflight WHERE chat_id = ?", (chat_id,)).fetchone()
    except sqlite3.OperationalError:  # no such record kept at all
        return None
    return row[0] if row else None


async def until(condition, timeout: float = FAILSAFE) -> None:
    """Return once `condition()` holds, read every 50 ms (another process writes it: there is no event to
    wait on); fail after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not true within {timeout}s")
        await asyncio.sleep(0.05)


@pytest.mark.e2e
async def test_a_question_in_flight_when_the_bot_is_killed_is_answered_once_after_a_restart(
    api: FakeBotApi, bot_data_dir: Path, tmp_path: Path
):
    db, log = bot_data_dir / "bot.sqlite3", tmp_path / "bot.log"
    # The answer is on its way when the bot dies: its edit (and any retry of it) never takes effect.
    edits = [api.hold("editMessageText", processed=False) for _ in range(5)]
    first = spawn_bot(api, bot_data_dir, log)
    try:
        api.push(message(QUESTION, chat_id=380))
        await edits[0].wait_arrived()
        (placeholder,) = placeholders(api, 380)
        placeholder_id = placeholder.result["message_id"]
        # Let the bot's queued record of the placeholder land (milliseconds); what matters is checked below.
        await until(lambda: recorded_placeholder(db, 380) == placeholder_id)
    finally:
        first.kill()  # kill -9
        first.wait()
        for edit in edits:
            edit.release()
        api.release_all("editMessageText")
    second = spawn_bot(api, bot_data_dir, log)
    try:
        answer = await api.wait_for("editMessageText", answer_in(380))
    finally:
        second.terminate()
        second.wait(timeout=60)
    assert answer.params["message_id"] == placeholder_id  # the stuck placeholder became the answer
    assert placeholders(api, 380) == [placeholder]
    assert len(api.called("editMessageText", answer_in(380))) == 1
    assert not api.called("sendMessage", answer_in(380))
    assert Store(db).inflight() == []  # a third start answers nothing again
    assert not apologies(api)


async def test_a_question_left_in_flight_is_answered_once_even_if_telegram_delivers_it_again(
    api: FakeBotApi, index_settings, bot_data_dir
):
    # What a bot killed mid-answer leaves behind, before Telegram saw its update acknowledged:
    # the record of the question with its placeholder, and the same update delivered once more.
    update = message(QUESTION, chat_id=390)
    question_id, stuck = update["message"]["message_id"], 555
    asked = asked_in_private(390, question_id)
    store = Store(bot_data_dir / "bot.sqlite3")
    store.add_inflight(390, question_id, asked)
    store.set_inflight(390, question_id, placeholder=stuck)
    store.close()
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(update)
        answer = await api.wait_for("editMessageText", answer_in(390))
    # Shut down: every update and job has been handled.
    assert answer.params["message_id"] == stuck  # the stuck placeholder became the answer
    assert len(api.called("editMessageText", answer_in(390))) == 1
    assert not placeholders(api, 390) and not api.called("sendMessage", answer_in(390))
    assert Store(bot_data_dir / "bot.sqlite3").inflight() == []


async def test_a_question_left_in_flight_is_answered_however_slow_the_start(
    api: FakeBotApi, index_settings, bot_data_dir
):
    # Recovery is scheduled early in the start; the start then waits on Telegram (setMyCommands, held here
    # for two seconds), so the job comes due late. A late job must still run, not be skipped as missed.
    question_id, stuck = 401, 556
    store = Store(bot_data_dir / "bot.sqlite3")
    store.add_inflight(395, question_id, asked_in_private(395, question_id))
    store.set_inflight(395, question_id, placeholder=stuck)
    store.close()
    slow_start = api.hold("setMyCommands")
    asyncio.get_running_loop().call_later(2.0, slow_start.release)  # the slowness under test, not a wait
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        answer = await api.wait_for("editMessageText", answer_in(395))
    assert answer.params["message_id"] == stuck
    assert Store(bot_data_dir / "bot.sqlite3").inflight() == []


async def test_an_answer_left_undelivered_keeps_working_buttons_after_a_restart(
    api: FakeBotApi, index_settings, bot_data_dir
):
    # What a bot stopped during an outage leaves: an answer not yet shown, its buttons in the record.
    # One button as buttons are now, one as they were written before buttons carried objects.
    update = message(QUESTION, chat_id=395)
    question_id, stuck = update["message"]["message_id"], 556
    asked = asked_in_private(395, question_id)
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("👍", callback_data=Vote("k395", 1)), InlineKeyboardButton("👎", callback_data="fb:k395:-1")]]
    )
    store = Store(bot_data_dir / "bot.sqlite3")
    store.add_inflight(395, question_id, asked)
    store.set_inflight(395, question_id, placeholder=stuck, answer={
        "parts": ["铜梁签约27个项目[1]"], "markup": buttons.markup_record(keyboard), "delivered": 0,
    })
    store.close()
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        shown = await api.wait_for("editMessageText", answer_in(395))
        assert shown.params["message_id"] == stuck and [b["text"] for b in shown.buttons] == ["👍", "👎"]
        up, down = (b["callback_data"] for b in shown.buttons)
        api.push(callback_query(up, sent_message(shown), from_user=user(395)))
        thanked = await api.wait_for("answerCallbackQuery")
        api.push(callback_query(down, sent_message(shown), from_user=user(395)))
        expired = await api.wait_for("answerCallbackQuery", count=2)
    assert thanked.params["text"] == "谢谢反馈！"
    assert "失效" in expired.params["text"]  # a button of the old kind: no handler takes a string
    assert Store(bot_data_dir / "bot.sqlite3").feedback() == [(395, 395, stuck, "k395", 1)]


async def test_unreadable_saved_buttons_do_not_keep_the_bot_from_starting(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    config = bot_settings(index_settings, api, bot_data_dir)
    store = Store.open(config.settings.data_dir)
    store.set_callback_data('{"not": "the button cache"}')
    store.close()
    caplog.set_level(logging.WARNING, logger="bot.persistence")
    async with bot_running(config):
        api.push(message(QUESTION, chat_id=281))
        final = await api.wait_for("editMessageText", answer_in(281))
        up = next(b["callback_data"] for b in final.buttons if b["text"] == "👍")
        api.push(callback_query(up, sent_message(final)))
        thanked = await api.wait_for("answerCallbackQuery")
    assert thanked.params["text"] == "谢谢反馈！"
    assert [r.getMessage() for r in caplog.records if r.name == "bot.persistence"] == [
        "the saved button data could not be read (not enough values to unpack (expected 2, got 1)); "
        "old buttons will say they expired"
    ]


class GatedTopics:
    """The real answerer, except briefings and timelines wait for `release` (so a test can break the Bot API first)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.release = asyncio.Event()

    async def abrief(self, topic: str):
        await self.release.wait()
        return await self.inner.abrief(topic)

    async def atimeline(self, topic: str):
        await self.release.wait()
        return await self.inner.atimeline(topic)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


@pytest.mark.parametrize(("command", "title"), [("/brief 铜梁", "简报：铜梁"), ("/timeline 铜梁", "时间线：铜梁")])
async def test_a_brief_or_timeline_written_during_an_outage_is_delivered_when_it_ends(
    api: FakeBotApi, index_settings, bot_data_dir, caplog, command, title
):
    from retrieval.answer.answerer import Answerer

    caplog.set_level(logging.WARNING, logger="bot")
    gated: list[GatedTopics] = []

    def factory(index, settings):
        gated.append(GatedTopics(Answerer(index, settings)))
        return gated[0]

    group = -100410
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), factory) as app:
        api.push(message(command, chat_id=group))
        await api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == group and c.text == SEARCHING)
        # The outage: every edit fails for two rounds of retries, every send for one.
        api.break_next("editMessageText", status=500, times=8)
        api.break_next("sendMessage", status=500, times=4)
        gated[0].release.set()
        delivered = await api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == group and title in c.text)
        removed = await api.wait_for("deleteMessage", lambda c: c.params.get("chat_id") == group)
        path = Services.of(app).store.path
    (placeholder,) = placeholders(api, group)
    assert removed.params["message_id"] == placeholder.result["message_id"]  # nothing left saying 正在查找…
    assert len(api.called("sendMessage", lambda c: title in c.text)) == 1 and delivered.buttons
    assert [c.status for c in api.calls if c.method == "sendMessage" and c.status != 200] == [500] * 4
    assert Store(path).inflight() == []
    assert not apologies(api)
    assert not [r for r in caplog.records if r.exc_info]  # retried quietly, no traceback
    assert any("next try in" in r.getMessage() for r in caplog.records)


@pytest.mark.e2e
async def test_a_brief_in_flight_when_the_bot_is_killed_is_delivered_once_after_a_restart(
    api: FakeBotApi, bot_data_dir: Path, tmp_path: Path
):
    db, log = bot_data_dir / "bot.sqlite3", tmp_path / "bot.log"
    edits = [api.hold("editMessageText", processed=False) for _ in range(5)]
    first = spawn_bot(api, bot_data_dir, log)
    try:
        api.push(message("/brief 铜梁", chat_id=384))
        await edits[0].wait_arrived()
        (placeholder,) = placeholders(api, 384)
        placeholder_id = placeholder.result["message_id"]
        await until(lambda: recorded_placeholder(db, 384) == placeholder_id)
    finally:
        first.kill()  # kill -9
        first.wait()
        for edit in edits:
            edit.release()
        api.release_all("editMessageText")
    second = spawn_bot(api, bot_data_dir, log)
    try:
        briefing = await api.wait_for(
            "editMessageText", lambda c: c.params.get("chat_id") == 384 and "简报：铜梁" in c.text and bool(c.buttons),
        )
    finally:
        second.terminate()
        second.wait(timeout=60)
    assert briefing.params["message_id"] == placeholder_id  # the stuck placeholder became the briefing
    assert placeholders(api, 384) == [placeholder]
    assert len(api.called("editMessageText", lambda c: "简报：铜梁" in c.text and bool(c.buttons))) == 1
    assert Store(db).inflight() == []
