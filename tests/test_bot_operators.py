"""End-to-end: what operators and power users see: /stats, `cqnews stats`, /settings, inline mode."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.cli import main
from bot.webhook import health
from retrieval.answer.answerer import Answerer
from tests.bot_fakes import RecordingAnswerer
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import (
    FakeBotApi,
    callback_query,
    chosen_inline_result,
    inline_query,
    message,
    sent_message,
    user,
)
from tests.conftest import SEEDS, make_settings

QUESTION = "铜梁签约了多少项目?"
UNANSWERABLE = "2024年重庆GDP是多少?"


def answered(chat_id: int):
    """The final edit of an answer: the one with the 👍/👎 buttons."""
    return lambda c: c.params.get("chat_id") == chat_id and any(b["text"] == "👍" for b in c.buttons)


async def test_stats_shows_real_numbers_to_admins_only_and_the_cli_prints_the_same(
    api: FakeBotApi, index_settings, bot_data_dir, monkeypatch, capsys
):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir, admin_ids="401")):
        for n, question in enumerate([QUESTION, UNANSWERABLE, UNANSWERABLE], 1):
            api.push(message(question, chat_id=402))
            await api.wait_for("editMessageText", answered(402), count=n)
        final = api.called("editMessageText", answered(402))[0]
        up = next(b["callback_data"] for b in final.buttons if b["text"] == "👍")
        api.push(callback_query(up, sent_message(final), from_user=user(402)))
        await api.wait_for("answerCallbackQuery")

        api.push(message("/stats", chat_id=403))  # not an admin
        refused = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 403)
        assert "管理员" in refused.text and "提问" not in refused.text

        api.push(message("/stats", chat_id=401))
        stats = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 401)
    for period in ("最近一天", "最近一周"):
        assert period in stats.text
    assert stats.text.count("提问 3：有答案 1，未找到 2") == 2
    assert stats.text.count("👍 1 / 👎 0（好评率 100%）") == 2
    assert "中位数" in stats.text and "p95" in stats.text
    assert f"2× {UNANSWERABLE}" in stats.text and f"× {QUESTION}" not in stats.text

    monkeypatch.setenv("CQNEWS_DATA_DIR", str(bot_data_dir))
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert out.count("questions 3: answered 1, not found 2") == 2
    assert out.count("feedback: 1 up, 0 down (100% positive)") == 2
    assert f"2x {UNANSWERABLE}" in out


async def test_settings_are_per_chat_and_persist_across_a_restart(api: FakeBotApi, index_settings, bot_data_dir):
    config = bot_settings(index_settings, api, bot_data_dir)
    async with bot_running(config):
        api.push(message("/settings", chat_id=411))
        menu = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 411)
        pressing = {b["text"]: b["callback_data"] for b in menu.buttons}
        assert set(pressing) == {"中文", "English", "✓ 简要", "详细"}  # brief is the default
        api.push(callback_query(pressing["English"], sent_message(menu), from_user=user(411)))
        await api.wait_for("answerCallbackQuery", lambda c: c.params.get("text") == "Saved")
        api.push(callback_query(pressing["详细"], sent_message(menu), from_user=user(411)))
        await api.wait_for("answerCallbackQuery", count=2)

    async with bot_running(config):
        # A Chinese-speaking user in chat 411 now gets English; chat 412 kept the defaults.
        api.push(message(QUESTION, chat_id=411))
        english = await api.wait_for("editMessageText", answered(411))
        assert "Sources" in english.text and "Related passages" in english.text  # detailed
        api.push(message(QUESTION, chat_id=412))
        chinese = await api.wait_for("editMessageText", answered(412))
        assert "来源" in chinese.text and "相关段落" not in chinese.text
        api.push(message("/settings", chat_id=411))
        menu_again = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 411 and bool(c.buttons), count=2)
        ticked = {b["text"] for b in menu_again.buttons if b["text"].startswith("✓")}
        assert ticked == {"✓ English", "✓ Detailed"}
        # The menu sent before the restart still works: its buttons were saved with the bot's state.
        api.push(callback_query(pressing["中文"], sent_message(menu), from_user=user(411)))
        saved = await api.wait_for("answerCallbackQuery", lambda c: c.params.get("text") == "已保存")
        assert not saved.params.get("show_alert")


class CountingIndex:
    """The bot's index, counting searches."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.searches: list[str] = []

    def query_vectors(self, queries: Any, n: int) -> Any:  # once per search, with every phrasing
        self.searches.append(queries[0])
        return self.inner.query_vectors(queries, n)

    def __len__(self) -> int:
        return len(self.inner)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_inline_typing_costs_one_search_per_settled_query_and_no_answer_until_chosen(
    api: FakeBotApi, index_settings, bot_data_dir
):
    def recording(index, settings):
        return RecordingAnswerer(Answerer(index, settings))

    # rate_limit 3/600: inline queries have their own budget; the two full answers below are questions.
    config = bot_settings(index_settings, api, bot_data_dir, inline_debounce=0.3, rate_limit="3/600")
    async with bot_running(config, recording) as app:
        svc = app.bot_data["services"]
        svc.index = counting = CountingIndex(svc.index)
        for typed in ("铜", "铜梁", "铜梁签约", QUESTION):  # one keystroke after another
            api.push(inline_query(typed, from_user=user(421)))
        answered_query = await api.wait_for("answerInlineQuery")
        results = answered_query.params["results"]
        assert counting.searches == [QUESTION]
        assert results[0]["id"].startswith("a:") and results[0]["reply_markup"]
        passages = results[1:]
        assert passages and all("《" in r["title"] for r in passages)
        assert "27" in "".join(r["input_message_content"]["message_text"] for r in passages)

        api.push(inline_query(QUESTION, from_user=user(422)))  # the same query again: cached
        await api.wait_for("answerInlineQuery", count=2)
        assert counting.searches == [QUESTION]
        assert len(api.called("answerInlineQuery")) == 2  # the unsettled keystrokes got nothing
        assert svc.answerer.called == []  # no answer (and no LLM call) while typing

        api.push(chosen_inline_result(results[0]["id"], QUESTION, "inline-1", from_user=user(421)))
        full = await api.wait_for("editMessageText", lambda c: c.params.get("inline_message_id") == "inline-1")
        assert "27" in full.text and "[1]" in full.text

        # With chosen-result reports off, the result's button writes the answer instead. Its press
        # comes from a message in another chat: there is no message, only the inline message's id.
        button = results[0]["reply_markup"]["inline_keyboard"][0][0]
        press = {"id": "inline-press", "from": user(421), "chat_instance": "ci", "data": button["callback_data"]}
        api.push({"callback_query": press | {"inline_message_id": "inline-2"}})
        pressed = await api.wait_for("editMessageText", lambda c: c.params.get("inline_message_id") == "inline-2")
        assert "27" in pressed.text and "[1]" in pressed.text
        api.push({"callback_query": press | {"id": "inline-press-2", "data": "not-a-button-id"}})
        expired = await api.wait_for("answerCallbackQuery", lambda c: c.params["callback_query_id"] == "inline-press-2")
        assert "失效" in expired.params["text"] and expired.params["show_alert"]
        assert svc.answerer.called

        # The private question limit (3 per 600 s) has one question left.
        api.push(message(QUESTION, chat_id=421, from_user=user(421)))
        await api.wait_for("editMessageText", answered(421))


class CountingAnswerer:
    """The real answerer, counting the answers written in full (each would be a model call)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.asked: list[str] = []

    async def aask(self, question: str, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(question)
        return await self.inner.aask(question, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_inline_full_answers_spend_the_question_budget(api: FakeBotApi, index_settings, bot_data_dir):
    counting: list[CountingAnswerer] = []

    def factory(index, settings):
        counting.append(CountingAnswerer(Answerer(index, settings)))
        return counting[0]

    config = bot_settings(index_settings, api, bot_data_dir, inline_debounce=0.05, rate_limit="2/600")
    async with bot_running(config, factory):
        api.push(inline_query(QUESTION, from_user=user(441)))
        result = (await api.wait_for("answerInlineQuery")).params["results"][0]
        for n in range(6):  # the full-answer result sent six times
            api.push(chosen_inline_result(result["id"], QUESTION, f"chosen-{n}", from_user=user(441)))
        for n in range(6):
            await api.wait_for("editMessageText", lambda c, n=n: c.params.get("inline_message_id") == f"chosen-{n}")
        button = result["reply_markup"]["inline_keyboard"][0][0]
        for n in range(4):  # and its button pressed four times
            press = {"id": f"press-{n}", "from": user(441), "chat_instance": "ci", "data": button["callback_data"]}
            api.push({"callback_query": press | {"inline_message_id": f"pressed-{n}"}})
        presses = [
            await api.wait_for("answerCallbackQuery", lambda c, n=n: c.params["callback_query_id"] == f"press-{n}")
            for n in range(4)
        ]
    assert counting[0].asked == [QUESTION, QUESTION]
    edits = api.called("editMessageText", lambda c: c.params.get("inline_message_id", "").startswith("chosen-"))
    told = [c for c in edits if "频繁" in c.text]
    assert len(told) == 4 and all(c.buttons for c in told)  # each says when to press for the answer
    assert all("频繁" in c.params["text"] and c.params["show_alert"] for c in presses)
    assert not api.called("editMessageText", lambda c: c.params.get("inline_message_id", "").startswith("pressed-"))


async def test_long_subscription_topics_never_break_replies(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("/subscribe " + "铜梁储能" * 2000 + " 08:30", chat_id=431))
        refused = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 431)
        assert "太长" in refused.text
        api.push(message("/subscribe 铜梁 08:30", chat_id=431))
        await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 431 and "已订阅" in c.text)
        api.push(message("/subscriptions", chat_id=431))
        listed = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 431 and "铜梁 — 08:30" in c.text)
        assert len(listed.text) < 4096


async def test_health_check_reports_a_database_that_is_gone(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as app:
        ok, report = await health(app)
        assert ok and report["passages"] > 0 and report["database"] == "ok"
        app.bot_data["services"].store.close()
        ok, report = await health(app)
        assert not ok and report["database"] != "ok" and report["passages"] > 0


def chroma_run(folder: Path) -> tuple[subprocess.Popen, int]:
    """`chroma run` on a free loopback port, once its heartbeat answers."""
    chroma = Path(sys.executable).parent / "chroma"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (folder / "chroma.log").open("wb")
    proc = subprocess.Popen(
        [str(chroma if chroma.exists() else "chroma"), "run", "--path", str(folder / "chroma-data"),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while True:  # the server says when it is ready only by answering
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc, port
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("chroma run did not start")
        time.sleep(0.2)


@pytest.mark.e2e
async def test_health_check_fails_while_the_chroma_server_is_down(api: FakeBotApi, tmp_path):
    from bot.webhook import webhook_server

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "002_2d698e00e8e37bcc.txt", corpus)
    chroma, port = await asyncio.to_thread(chroma_run, tmp_path)
    try:
        config = bot_settings(
            make_settings(tmp_path / "data", seeds_dir=corpus), api, tmp_path / "data",
            chroma_host="127.0.0.1", chroma_port=port,
        )
        async with bot_running(config) as app:
            web_port = socket.socket()
            web_port.bind(("127.0.0.1", 0))
            server = webhook_server(app, "hook", None, max_body=4096, timeout=5)
            server.add_sockets([web_port])
            web_port.setblocking(False)
            web_port.listen()
            try:
                async with httpx.AsyncClient(trust_env=False, timeout=30) as client:
                    url = f"http://127.0.0.1:{web_port.getsockname()[1]}/healthz"
                    up = await client.get(url)
                    chroma.terminate()
                    await asyncio.to_thread(chroma.wait, 60)
                    down = await client.get(url)
            finally:
                server.stop()
                await server.close_all_connections()
    finally:
        chroma.kill()
        chroma.wait()
    assert (up.status_code, down.status_code) == (200, 503)
    assert up.json()["index"] == "ok" and up.json()["vectors"] > 0
    assert down.json()["index"].startswith("unreachable")
    assert down.json()["passages"] > 0  # what the old check counted: still there in memory
    assert down.json()["database"] == "ok"


async def test_an_inline_answer_written_during_an_outage_is_shown_when_it_ends(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    caplog.set_level(logging.WARNING, logger="bot")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir, inline_debounce=0.05)):
        api.push(inline_query(QUESTION, from_user=user(451)))
        result = (await api.wait_for("answerInlineQuery")).params["results"][0]
        api.break_next("editMessageText", status=500, times=8)  # two rounds of retries
        api.push(chosen_inline_result(result["id"], QUESTION, "outage-1", from_user=user(451)))
        shown = await api.wait_for("editMessageText", lambda c: c.params.get("inline_message_id") == "outage-1")
    assert "27" in shown.text and "[1]" in shown.text
    assert [c.status for c in api.calls if c.method == "editMessageText"] == [500] * 8 + [200]
    assert not [r for r in caplog.records if r.exc_info]  # retried quietly, no traceback
    assert any("next try in" in r.getMessage() for r in caplog.records)
