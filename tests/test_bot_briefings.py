"""End-to-end: subscriptions survive a restart; scheduled briefings fire and say what is new."""

from __future__ import annotations

import datetime as dtm
import logging
import shutil
import threading
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.services import Services
from bot.store import Store
from bot.subscriptions import TIMEZONE, job_name
from retrieval.index.store import Index
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import FakeBotApi, message, user
from tests.conftest import make_settings
from tests.test_dates import write_articles

GROUP = -3001
NEW_ARTICLE = """


铜梁再签一批储能项目
新型储能产业链加快延伸

本报讯(记者 李明)11月20日,铜梁区集中签约12个新型储能产业项目,计划总投资88亿元,涵盖储能电池回收、储能变流器和储能电站运营。

铜梁区有关负责人介绍,这批项目投产后,铜梁储能产业链将进一步延伸,年产值预计超过120亿元。
"""


def fire_now(application: Application, chat_id: int, topic: str) -> None:
    """Make the real daily job run now (via the scheduler), as if HH:MM had come."""
    (job,) = application.job_queue.get_jobs_by_name(job_name(chat_id, topic))
    job.job.modify(next_run_time=dtm.datetime.now(TIMEZONE) + dtm.timedelta(milliseconds=50))


def in_group(text: str, user_id: int = 42) -> dict:
    return message(text, chat_id=GROUP, from_user=user(user_id))


async def test_subscriptions_are_admin_only_and_survive_a_restart(api: FakeBotApi, index_settings, bot_data_dir):
    api.admins[GROUP] = {42}
    settings = bot_settings(index_settings, api, bot_data_dir)
    async with bot_running(settings) as app:
        api.push(in_group("/subscribe 铜梁 08:30", user_id=43))
        refused = await api.wait_for("sendMessage", lambda c: "管理员" in c.text)
        assert refused.params["chat_id"] == GROUP

        api.push(in_group("/subscribe 渝北 云阳 07:05"))
        api.push(in_group("/subscribe 铜梁 08:30"))
        await api.wait_for("sendMessage", lambda c: c.text.startswith("已订阅"), count=2)
        (job,) = app.job_queue.get_jobs_by_name(job_name(GROUP, "铜梁"))
        assert job.next_t.astimezone(TIMEZONE).strftime("%H:%M") == "08:30"

    async with bot_running(settings) as app:
        jobs = {j.name: j for j in app.job_queue.jobs() if j.name.startswith("brief:")}  # briefings only
        assert set(jobs) == {job_name(GROUP, "铜梁"), job_name(GROUP, "渝北 云阳")}
        assert jobs[job_name(GROUP, "渝北 云阳")].next_t.astimezone(TIMEZONE).strftime("%H:%M") == "07:05"

        api.push(in_group("/subscriptions", user_id=43))
        listed = await api.wait_for("sendMessage", lambda c: "本聊天的订阅" in c.text)
        assert "铜梁 — 08:30" in listed.text and "渝北 云阳 — 07:05" in listed.text

        api.push(in_group("/unsubscribe 铜梁"))
        await api.wait_for("sendMessage", lambda c: "已取消 1 个订阅" in c.text)
        assert [j.name for j in app.job_queue.jobs() if j.name.startswith("brief:")] == [job_name(GROUP, "渝北 云阳")]


async def test_scheduled_briefing_fires_and_says_which_articles_are_new(
    api: FakeBotApi, index_settings, bot_data_dir, tmp_path: Path
):
    seeds = tmp_path / "seeds"
    shutil.copytree(index_settings.seeds_dir, seeds)
    settings = bot_settings(index_settings, api, bot_data_dir, seeds_dir=seeds, admin_ids="42")

    def briefings() -> list:
        return api.called("sendMessage", lambda c: c.params["chat_id"] == GROUP and "简报：铜梁" in c.text)

    async with bot_running(settings) as app:
        api.push(in_group("/subscribe 铜梁 08:30"))  # user 42 is a bot admin: allowed without getChatMember
        await api.wait_for("sendMessage", lambda c: c.text.startswith("已订阅"))

        fire_now(app, GROUP, "铜梁")
        first = await api.wait_for("sendMessage", lambda c: "简报：铜梁" in c.text)
        assert "第一份简报" in first.text and "《铜梁签约27个项目 计划总投资206亿元》" in first.text

        # A new article arrives and an admin re-indexes.
        (seeds / "900_new_tongliang.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        api.push(message("/reindex", chat_id=42))
        done = await api.wait_for("sendMessage", lambda c: c.text.startswith("索引已更新"))
        assert "新增 2 段" in done.text

        fire_now(app, GROUP, "铜梁")
        await api.wait_for("sendMessage", lambda c: "简报：铜梁" in c.text, count=2)
        second = briefings()[1].text
        assert "自上次简报以来的新文章" in second
        new_part = second.split("自上次简报以来的新文章")[1].split("\n\n")[0]
        assert "铜梁再签一批储能项目" in new_part
        assert "铜梁签约27个项目" not in new_part  # already in the first briefing

        fire_now(app, GROUP, "铜梁")
        await api.wait_for("sendMessage", lambda c: "简报：铜梁" in c.text, count=3)
        assert "没有新文章" in briefings()[2].text


async def test_a_briefing_that_comes_due_while_the_bot_is_busy_is_sent_late(
    api: FakeBotApi, index_settings, bot_data_dir
):
    settings = bot_settings(index_settings, api, bot_data_dir, admin_ids="42")
    async with bot_running(settings) as app:
        api.push(in_group("/subscribe 铜梁 08:30"))
        await api.wait_for("sendMessage", lambda c: c.text.startswith("已订阅"))
        (job,) = app.job_queue.get_jobs_by_name(job_name(GROUP, "铜梁"))
        # Its time came five seconds ago, and the scheduler is only now free to run it.
        job.job.modify(next_run_time=dtm.datetime.now(TIMEZONE) - dtm.timedelta(seconds=5))
        briefing = await api.wait_for("sendMessage", lambda c: "简报：铜梁" in c.text)
    assert briefing.params["chat_id"] == GROUP


async def test_reindex_is_for_admins_only(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir, admin_ids="7")):
        api.push(message("/reindex", chat_id=42))
        refused = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 42)
        assert "管理员" in refused.text


async def test_briefings_due_during_a_bot_api_outage_are_sent_when_it_ends(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    caplog.set_level(logging.INFO, logger="bot")
    settings = bot_settings(index_settings, api, bot_data_dir, admin_ids="42")
    topics = ["铜梁", "巴南"]
    async with bot_running(settings) as app:
        for topic in topics:
            api.push(in_group(f"/subscribe {topic} 08:30"))
        await api.wait_for("sendMessage", lambda c: c.text.startswith("已订阅"), count=len(topics))
        # Both come due while every send fails: more failures than one delivery's retries.
        api.break_next("sendMessage", status=500, times=10)
        for topic in topics:
            fire_now(app, GROUP, topic)
        for topic in topics:
            await api.wait_for("sendMessage", lambda c, topic=topic: f"简报：{topic}" in c.text)
        path = Services.of(app).store.path
    # Stopped: every write has landed.
    assert [c.status for c in api.calls if c.method == "sendMessage" and c.status != 200] == [500] * 10
    for topic in topics:
        assert len(api.called("sendMessage", lambda c, topic=topic: f"简报：{topic}" in c.text)) == 1
    store = Store(path)
    assert all(sub.last_sent_at is not None for sub in store.subscriptions(GROUP))  # each counted as sent
    assert store.inflight() == []
    sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("briefing sent")]
    assert len(sent) == len(topics)
    assert not [r for r in caplog.records if r.exc_info]


async def test_subscriptions_and_the_allow_list_never_touch_the_database_on_the_event_loop(
    api: FakeBotApi, index_settings, bot_data_dir, monkeypatch
):
    on_loop: list[str] = []

    def watched(name: str):
        method = getattr(Store, name)

        def call(self, *args, **kwargs):
            if threading.current_thread() is threading.main_thread():  # the test's (and the bot's) event loop
                on_loop.append(name)
            return method(self, *args, **kwargs)

        return call

    for name in ("subscriptions", "subscription", "add_subscription", "remove_subscriptions", "mark_briefed",
                 "migrate_chat", "migrated_from", "inflight", "remove_inflight"):
        monkeypatch.setattr(Store, name, watched(name))
    settings = bot_settings(index_settings, api, bot_data_dir, admin_ids="42", allowed_chats=str(GROUP))
    async with bot_running(settings) as app:
        api.push(in_group("/subscribe 铜梁 08:30"))
        await api.wait_for("sendMessage", lambda c: c.text.startswith("已订阅"))
        fire_now(app, GROUP, "铜梁")
        await api.wait_for("sendMessage", lambda c: "简报：铜梁" in c.text)
        api.push(in_group("/subscriptions"))
        await api.wait_for("sendMessage", lambda c: "本聊天的订阅" in c.text)
        api.push(message("/start", chat_id=-5005))  # not on the allow-list: its migrations are looked up
        api.push(in_group("/unsubscribe 铜梁"))
        await api.wait_for("sendMessage", lambda c: "已取消 1 个订阅" in c.text)
    assert on_loop == []


async def test_a_daily_briefing_in_flight_when_the_bot_stopped_is_sent_once_after_a_restart(
    api: FakeBotApi, index_settings, bot_data_dir
):
    # What a bot killed while writing the day's briefing leaves: the subscription and the record of the briefing.
    store = Store(bot_data_dir / "bot.sqlite3")
    store.add_subscription(GROUP, "铜梁", "08:30")
    asked = {
        "chat_id": GROUP, "private": False, "lang": "zh", "detailed": False, "question": "铜梁", "standalone": "铜梁",
        "extra": None, "thread": 0, "question_id": -1, "kind": "scheduled",
    }
    store.add_inflight(GROUP, -1, asked)
    store.close()
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        briefing = await api.wait_for("sendMessage", lambda c: "简报：铜梁" in c.text)
    assert "第一份简报" in briefing.text and briefing.params["chat_id"] == GROUP
    assert len(api.called("sendMessage", lambda c: "简报：铜梁" in c.text)) == 1
    assert not api.called("sendMessage", lambda c: c.text == "正在查找…")  # nobody is waiting on a placeholder
    store = Store(bot_data_dir / "bot.sqlite3")
    assert store.inflight() == [] and store.subscription(GROUP, "铜梁").last_sent_at is not None


@pytest.mark.parametrize(
    ("command", "heading", "language_code"),
    [
        ("/brief 铜梁", "简报：铜梁", "zh-hans"),
        ("/brief Tongliang", "Briefing: Tongliang", "en"),
    ],
)
async def test_a_briefing_has_one_heading(
    api: FakeBotApi, index_settings, bot_data_dir, command, heading, language_code
):
    chat_id = 61 if language_code == "en" else 60
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message(command, chat_id=chat_id, from_user=user(chat_id, language_code)))
        shown = await api.wait_for(
            "editMessageText", lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))
        )
    first_line = shown.text.split("\n")[0]
    assert heading in first_line and "[1]" in shown.text  # a cited briefing under its heading
    # One heading: the library's text under it carries none of its own ("关于「铜梁」的简报：").
    for word in ("简报", "时间线", "大事记", "Briefing", "Timeline"):
        assert shown.text.count(word) == (1 if word in heading else 0), (word, shown.text[:200])


async def test_a_timeline_has_one_heading(api: FakeBotApi, index_settings, bot_data_dir, tmp_path):
    index = Index.open(make_settings(bot_data_dir), build=False)
    index.ingest([write_articles(tmp_path / "articles")])  # dated articles: the seeds have no dates
    index.close()
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("/timeline 璧山氢能产业园", chat_id=62))
        shown = await api.wait_for(
            "editMessageText", lambda c: c.params.get("chat_id") == 62 and bool(c.params.get("reply_markup"))
        )
    assert shown.text.startswith("🗓 <b>时间线：璧山氢能产业园</b>\n<i>(按报道日期，从早到晚)</i>") and "[1]" in shown.text
    for word in ("时间线", "按报道日期", "大事记", "简报"):  # not the library's "「…」大事记（按报道日期，从早到晚）："
        assert shown.text.count(word) == (0 if word in ("大事记", "简报") else 1), (word, shown.text[:200])
