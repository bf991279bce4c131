"""A running bot answers about an article another `cqnews ingest` added after it started."""

from __future__ import annotations

import asyncio

from bot.cli import main
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import FakeBotApi, message

from .conftest import SEEDS

ARTICLE = "---\ntitle: 璧山云巴开通\nsource: 重庆晨报\n---\n璧山区新建云巴线路一条,全长15.6公里,设站8座。\n"


def final_answer(chat_id: int):
    return lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))


async def test_bot_answers_about_an_article_ingested_after_it_started(
    api: FakeBotApi, index_settings, bot_data_dir, tmp_path, monkeypatch
):
    settings = bot_settings(index_settings, api, bot_data_dir, admin_ids="42")
    async with bot_running(settings) as application:
        assert application.job_queue.get_jobs_by_name("refresh-index"), "the bot checks for others' ingests"
        page = tmp_path / "incoming" / "bishan.md"
        page.parent.mkdir()
        page.write_text(ARTICLE, encoding="utf-8")
        monkeypatch.setenv("CQNEWS_DATA_DIR", str(bot_data_dir))
        monkeypatch.setenv("CQNEWS_SEEDS_DIR", str(SEEDS))
        assert await asyncio.to_thread(main, ["ingest", str(page)]) == 0  # as another process would

        api.push(message("/reindex", chat_id=42))
        await api.wait_for("sendMessage", lambda c: "索引已更新" in c.text)
        api.push(message("璧山的云巴线路全长多少公里?", chat_id=42))
        answer = await api.wait_for("editMessageText", final_answer(42))
        assert "15.6公里" in answer.text and "《璧山云巴开通》" in answer.text

        api.push(message("/sources", chat_id=42))
        listed = await api.wait_for("sendMessage", lambda c: "bishan.md" in c.text)
        assert "重庆晨报" in listed.text
