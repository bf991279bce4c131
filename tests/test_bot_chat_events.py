"""End-to-end: the chat events real chats send — a blocked bot, a kicked bot, a group that became a
supergroup, a getUpdates hiccup — each handled as the event it is, in one log line, no traceback."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest

from bot.store import ChatSettings, Store
from bot.subscriptions import job_name
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import BOT_USERNAME, FAILSAFE, FakeBotApi, message, migration, my_chat_member, user
from tests.test_bot_briefings import fire_now

QUESTION = "铜梁签约了多少项目?"
OLD_GROUP, NEW_GROUP = -3001, -1003001
PROBE = 909  # a private chat whose /start reply shows that earlier updates were fetched


def in_group(text: str, chat_id: int = OLD_GROUP, user_id: int = 42) -> dict:
    return message(text, chat_id=chat_id, from_user=user(user_id))


async def fetched(api: FakeBotApi) -> None:
    """Everything pushed so far has been fetched: a later update was answered (stopping the bot then
    waits for every handler still running)."""
    done = len(api.called("sendMessage", lambda c: c.params.get("chat_id") == PROBE))
    api.push(message("/start", chat_id=PROBE))
    await api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == PROBE, count=done + 1)


def logged(caplog) -> list[logging.LogRecord]:
    """What an operator sees: the records at INFO and above (httpx and apscheduler are quiet in production)."""
    return [r for r in caplog.records if r.levelno >= logging.INFO and not r.name.startswith(("httpx", "httpcore", "apscheduler"))]


def tracebacks(caplog) -> list[str]:
    """Records with a traceback, except PTB's own at shutdown: its last getUpdates (the harness's, not
    the bot's) sometimes meets the long poll still holding the one getUpdates connection."""
    return [
        r.getMessage() for r in logged(caplog)
        if (r.exc_info or r.exc_text) and not r.getMessage().startswith("Error while calling `get_updates` one more time")
    ]


def lines_about(caplog, chat_id: int) -> list[str]:
    """Lines naming `chat_id` as a chat: a number of its own ("chat 55", "chat=55", "supergroup -1003001"),
    never inside another (search_ms=155) nor the value of another field (send_ms=55, 0.55s)."""
    named = re.compile(rf"(?<![\w.=-]){re.escape(str(chat_id))}(?!\w|\.\d)|\bchat={re.escape(str(chat_id))}(?!\w|\.\d)")
    return [r.getMessage() for r in logged(caplog) if named.search(r.getMessage())]


def stored(config) -> Store:
    return Store.open(config.settings.data_dir)


async def blocked_by_the_user(api: FakeBotApi, chat_id: int) -> None:
    """Every reply to the chat is refused (Forbidden): the user blocked the bot."""
    api.forbid("sendMessage", chat_id=chat_id, times=5)
    api.push(message(QUESTION, chat_id=chat_id))
    # The placeholder is refused, then the answer sent in its place: that Forbidden ends the chat.
    # Nothing but bookkeeping follows it, while the probe in `fetched` takes two round trips more.
    await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == chat_id, status=403, count=2)


async def removed_from_the_group(api: FakeBotApi, chat_id: int) -> None:
    """Telegram reports the bot's own membership change (my_chat_member: kicked)."""
    api.push(my_chat_member(chat_id, "kicked"))


@pytest.mark.parametrize(
    ("chat_id", "topics", "chat_ends", "said"),
    [
        (55, ["铜梁"], blocked_by_the_user, "blocked"),
        (OLD_GROUP, ["铜梁", "渝北"], removed_from_the_group, "removed the bot (kicked)"),
    ],
    ids=["a user blocked the bot", "the bot was removed from a group"],
)
async def test_a_chat_the_bot_can_no_longer_write_to_ends_its_subscriptions_in_one_log_line(
    api: FakeBotApi, index_settings, bot_data_dir, caplog, chat_id, topics, chat_ends, said
):
    caplog.set_level(logging.INFO)
    config = bot_settings(index_settings, api, bot_data_dir, admin_ids="42")
    async with bot_running(config) as app:
        for topic in topics:
            api.push(in_group(f"/subscribe {topic} 08:30", chat_id=chat_id))
        await api.wait_for("sendMessage", lambda c: c.text.startswith("已订阅"), count=len(topics))
        jobs = [j for j in app.job_queue.jobs() if j.name.startswith("brief:")]
        assert len(jobs) == len(topics)
        caplog.clear()
        await chat_ends(api, chat_id)
        api.push(my_chat_member(56, "kicked"))  # a private user with no subscriptions blocked the bot
        await fetched(api)
    # Stopped: every update fetched has been handled, and what ended the chat has run.
    assert all(job.removed for job in jobs)
    assert stored(config).subscriptions(chat_id) == []
    # Nothing reached the chat after the confirmations (a refused attempt is not a message).
    assert not [c for c in api.calls if c.params.get("chat_id") == chat_id and c.method == "sendMessage"
                and c.status == 200 and "已订阅" not in c.text]
    assert tracebacks(caplog) == []
    [line] = lines_about(caplog, chat_id)
    assert said in line and f"{len(topics)} subscription" in line
    assert len(lines_about(caplog, 56)) == 1


class LogLines(logging.Handler):
    """The bot's log lines as they come, so a test waits for the one it means instead of polling."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.loop = asyncio.get_running_loop()
        self.lines: list[str] = []
        self.changed = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        self.loop.call_soon_threadsafe(self.changed.set)

    async def wait_for(self, pattern: str, timeout: float = FAILSAFE) -> str:
        async with asyncio.timeout(timeout):
            while True:
                self.changed.clear()  # before looking: a line logged meanwhile sets it again
                if found := [line for line in self.lines if re.search(pattern, line)]:
                    return found[0]
                await self.changed.wait()


async def told_by_service_messages(api: FakeBotApi, app, caplog) -> None:
    """Both service messages arrive (in the old chat and in the new), then the day's briefing is due."""
    lines = LogLines()
    logging.getLogger("bot").addHandler(lines)
    try:
        for update in migration(OLD_GROUP, NEW_GROUP):
            api.push(update)
        await fetched(api)
        await lines.wait_for(rf"chat {OLD_GROUP} became supergroup {NEW_GROUP}")
    finally:
        logging.getLogger("bot").removeHandler(lines)
    assert [j.name for j in app.job_queue.jobs() if j.name.startswith("brief:")] == [job_name(NEW_GROUP, "铜梁")]
    # Both service messages arrived; one migration, one line.
    assert len(lines_about(caplog, NEW_GROUP)) == 1 and tracebacks(caplog) == []
    fire_now(app, NEW_GROUP, "铜梁")


async def found_by_the_briefing(api: FakeBotApi, app, caplog) -> None:
    """The service messages never came (the bot was not polling): the briefing meets ChatMigrated."""
    api.migrate("sendMessage", NEW_GROUP)
    fire_now(app, OLD_GROUP, "铜梁")


@pytest.mark.parametrize(
    "migrates", [told_by_service_messages, found_by_the_briefing], ids=["service messages", "ChatMigrated"]
)
async def test_a_group_that_became_a_supergroup_keeps_its_subscriptions_settings_and_briefings(
    api: FakeBotApi, index_settings, bot_data_dir, caplog, migrates
):
    caplog.set_level(logging.INFO)
    config = bot_settings(index_settings, api, bot_data_dir, admin_ids="42")
    async with bot_running(config) as app:
        api.push(in_group("/subscribe 铜梁 08:30"))
        await api.wait_for("sendMessage", lambda c: c.text.startswith("已订阅"))
        app.bot_data["services"].store.set_chat_settings(OLD_GROUP, ChatSettings("en", "detailed"))
        api.push(in_group(f"@{BOT_USERNAME} {QUESTION}"))  # a conversation to continue
        await api.wait_for("editMessageText", lambda c: c.params["chat_id"] == OLD_GROUP and bool(c.params.get("reply_markup")))
        caplog.clear()
        await migrates(api, app, caplog)
        # The daily briefing goes to the new id, and so does every later one.
        brief = await api.wait_for("sendMessage", lambda c: "简报：铜梁" in c.text)
        assert brief.params["chat_id"] == NEW_GROUP
        assert [j.name for j in app.job_queue.jobs() if j.name.startswith("brief:")] == [job_name(NEW_GROUP, "铜梁")]
        # /subscriptions in the new supergroup lists what the old group subscribed to.
        api.push(in_group("/subscriptions", chat_id=NEW_GROUP, user_id=43))
        listed = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == NEW_GROUP and "08:30" in c.text)
        assert "铜梁 — 08:30" in listed.text
    store = stored(config)
    assert store.subscriptions(OLD_GROUP) == [] and [s.topic for s in store.subscriptions(NEW_GROUP)] == ["铜梁"]
    assert store.chat_settings(NEW_GROUP) == ChatSettings("en", "detailed")
    [thread] = {row[0] for row in store._db.execute("SELECT thread FROM turns WHERE chat_id = ?", (NEW_GROUP,))}
    assert [turn.question for turn in store.history(NEW_GROUP, thread, 0)] == [QUESTION]
    assert store.history(OLD_GROUP, thread, 0) == []
    assert tracebacks(caplog) == []
    assert len(lines_about(caplog, NEW_GROUP)) == 2  # the migration, then the briefing sent


@pytest.mark.parametrize("status", [502, 409])
async def test_a_get_updates_hiccup_is_one_line_without_a_traceback(
    api: FakeBotApi, index_settings, bot_data_dir, caplog, status
):
    caplog.set_level(logging.INFO)
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        await api.wait_for("getUpdates")
        api.break_next("getUpdates", status=status, times=1)
        await api.wait_for("getUpdates", status=status)
        await fetched(api)  # polling resumed
    assert tracebacks(caplog) == []
    lines = [r.getMessage() for r in logged(caplog) if "getUpdates" in r.getMessage() or "polling" in r.getMessage()]
    assert len(lines) == 1, lines
