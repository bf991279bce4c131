"""End-to-end: flood control, concurrency, edit pacing and errors."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

from bot.services import Services
from retrieval.answer.answerer import Answerer
from tests.bot_fakes import DraftingAnswerer, FailingAnswerer, FlakyAnswerer, GatedAnswerer, VirtualClock
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import (
    BOT_USERNAME,
    Call,
    FakeBotApi,
    callback_query,
    edited_message,
    message,
    sent_message,
)

QUESTION = "铜梁签约了多少项目?"


def answered(chat_id: int):
    return lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))


async def test_retry_after_on_send_and_edit_is_survived(api: FakeBotApi, index_settings, bot_data_dir):
    api.fail("sendMessage", times=1, retry_after=1)
    # Three times: once more than the rate limiter retries, so the bot's own final-edit retry runs.
    api.fail("editMessageText", times=3, retry_after=1)
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message(QUESTION, chat_id=201))
        final = await api.wait_for("editMessageText", answered(201))
        assert "铜梁" in final.text

        refused = [c for c in api.calls if c.status == 429]
        assert [c.method for c in refused] == ["sendMessage"] + ["editMessageText"] * 3
        # The retry came after the server's retry_after, not at once.
        placeholder = api.called("sendMessage", lambda c: c.status == 200)[0]
        assert placeholder.at - refused[0].at >= 0.9
        assert final.at - refused[-1].at >= 0.9

        # Nothing broke: the next question is answered and no error was shown.
        api.push(message("巴南第三季度签约了多少项目?", chat_id=202))
        await api.wait_for("editMessageText", answered(202))
        assert not [c for c in api.calls if "出了问题" in c.text]


async def test_a_deleted_draft_does_not_lose_the_answer(api: FakeBotApi, index_settings, bot_data_dir):
    api.reject("editMessageText", "message to edit not found")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message(QUESTION, chat_id=205))
        resent = await api.wait_for("sendMessage", answered(205))
        assert "铜梁" in resent.text
        assert [c.status for c in api.calls if c.method == "editMessageText"] == [400]
        assert not [c for c in api.calls if "出了问题" in c.text]


async def test_a_slow_answer_does_not_block_other_chats(api: FakeBotApi, index_settings, bot_data_dir):
    gated: list[GatedAnswerer] = []

    def factory(index, settings):
        gated.append(GatedAnswerer(Answerer(index, settings), slow_word="慢"))
        return gated[0]

    async with bot_running(bot_settings(index_settings, api, bot_data_dir), factory):
        api.push(message("慢慢说:" + QUESTION, chat_id=211))
        await gated[0].waiting.wait()  # the slow question is now inside the answerer
        api.push(message(QUESTION, chat_id=212))
        await api.wait_for("editMessageText", answered(212))
        assert not api.called("editMessageText", answered(211))

        gated[0].release.set()
        await api.wait_for("editMessageText", answered(211))


def gaps(calls: list[Call]) -> list[float]:
    return [b.at - a.at for a, b in zip(calls, calls[1:], strict=False)]


def on_virtual_time(monkeypatch, api: FakeBotApi) -> VirtualClock:
    """The bot paces its edits, and the server stamps its calls, by a clock only the drafts move."""
    clock = VirtualClock()
    monkeypatch.setattr("bot.streaming.time", SimpleNamespace(monotonic=clock.monotonic))
    api.clock = clock.monotonic
    return clock


def placeholders_known(app, known: asyncio.Queue) -> None:
    """Put a chat's id on `known` once the bot knows its placeholder (it records it for a restart)."""
    store, loop = Services.of(app).store, asyncio.get_running_loop()
    record = store.set_inflight

    def recording(chat_id: int, question_id: int, **fields) -> None:
        record(chat_id, question_id, **fields)
        if fields.get("placeholder") is not None and fields.get("answer") is None:
            loop.call_soon_threadsafe(known.put_nowait, chat_id)

    store.set_inflight = recording


async def test_streamed_edits_are_paced_per_chat_type_and_the_final_edit_always_goes(
    api: FakeBotApi, index_settings, bot_data_dir, monkeypatch
):
    clock, known = on_virtual_time(monkeypatch, api), asyncio.Queue()

    def drafting(index, settings):
        # 50 drafts over 2.5 s: a private chat (1 s) sees two of them, a group (3 s) none.
        return DraftingAnswerer(
            Answerer(index, settings), drafts=50, gap=0.05, clock=clock, ready=known.get
        )

    async with bot_running(bot_settings(index_settings, api, bot_data_dir), drafting) as app:
        placeholders_known(app, known)
        for chat_id, text, interval, drafts in (
            (221, QUESTION, 1.0, 2), (-1221, f"@{BOT_USERNAME} {QUESTION}", 3.0, 0)
        ):
            api.push(message(text, chat_id=chat_id))
            await api.wait_for("editMessageText", answered(chat_id))
            sent = api.called("sendMessage", lambda c, i=chat_id: c.params["chat_id"] == i)
            edits = api.called("editMessageText", lambda c, i=chat_id: c.params["chat_id"] == i)
            assert len(edits) == drafts + 1, (chat_id, [c.text[:20] for c in edits])
            assert all(gap >= interval for gap in gaps([sent[0], *edits[:-1]])), (chat_id, gaps(edits))
            assert edits[-1].params.get("reply_markup") and not any(c.params.get("reply_markup") for c in edits[:-1])
            assert len({c.text for c in edits}) == len(edits)  # never the same text twice


async def test_unchanged_drafts_are_not_sent_again(api: FakeBotApi, index_settings, bot_data_dir, monkeypatch):
    clock, known = on_virtual_time(monkeypatch, api), asyncio.Queue()

    def repeating(index, settings):
        return DraftingAnswerer(
            Answerer(index, settings), drafts=50, gap=0.05, same=True, clock=clock,
            ready=known.get,
        )

    async with bot_running(bot_settings(index_settings, api, bot_data_dir), repeating) as app:
        placeholders_known(app, known)
        api.push(message(QUESTION, chat_id=231))
        await api.wait_for("editMessageText", answered(231))
        edits = api.called("editMessageText")
        # 2.5 s at one edit per second would allow two drafts; the text never changed after the first.
        assert len(edits) == 2
        assert not edits[0].params.get("reply_markup") and edits[1].params.get("reply_markup")


async def test_errors_are_logged_with_traceback_and_the_placeholder_becomes_an_apology(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    def failing(index, settings):
        return FailingAnswerer(Answerer(index, settings), bad_word="坏")

    caplog.set_level(logging.ERROR, logger="bot.handlers")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), failing):
        api.push(message("坏问题", chat_id=241))
        told = await api.wait_for("editMessageText", answered(241))
        placeholder = api.called("sendMessage", lambda c: c.params["chat_id"] == 241)[0]
        assert told.params["message_id"] == placeholder.result["message_id"]  # not left behind
        assert "抱歉" in told.text and [b["text"] for b in told.buttons] == ["🔄 重试"]
        api.push(message(QUESTION, chat_id=241))
        await api.wait_for("editMessageText", lambda c: answered(241)(c) and "27" in c.text)
    errors = [r for r in caplog.records if r.name == "bot.handlers" and r.exc_info]
    assert errors and "simulated answerer failure" in str(errors[0].exc_info[1])


async def test_a_failed_search_can_be_retried_with_the_button(api: FakeBotApi, index_settings, bot_data_dir):
    def flaky(index, settings):
        return FlakyAnswerer(Answerer(index, settings), failures=1)

    async with bot_running(bot_settings(index_settings, api, bot_data_dir), flaky):
        api.push(message(QUESTION, chat_id=251))
        apology = await api.wait_for("editMessageText", answered(251))
        assert "抱歉" in apology.text
        api.push(callback_query(apology.buttons[0]["callback_data"], sent_message(apology)))
        final = await api.wait_for("editMessageText", lambda c: answered(251)(c) and "27" in c.text)
        assert final.params["message_id"] == apology.params["message_id"]
        await api.wait_for("answerCallbackQuery")
        # A second press on the spent button is still answered (no endless spinner).
        api.push(callback_query(apology.buttons[0]["callback_data"], sent_message(apology)))
        await api.wait_for("answerCallbackQuery", lambda c: "失效" in c.params.get("text", ""))


async def test_an_answer_survives_a_502_on_the_placeholder_and_a_500_on_the_final_edit(
    api: FakeBotApi, index_settings, bot_data_dir
):
    api.break_next("sendMessage", status=502)
    api.break_next("editMessageText", status=500)
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message(QUESTION, chat_id=261))
        final = await api.wait_for("editMessageText", answered(261))
        assert "27" in final.text
        broken = [(c.method, c.status) for c in api.calls if c.status >= 500]
        assert broken == [("sendMessage", 502), ("editMessageText", 500)]
        placeholder = api.called("sendMessage", lambda c: c.params.get("chat_id") == 261)
        assert [c.text for c in placeholder] == ["正在查找…"]  # retried once, not duplicated
        assert final.params["message_id"] == placeholder[0].result["message_id"]
        assert not [c for c in api.calls if "抱歉" in c.text or "出了问题" in c.text]


async def test_unknown_buttons_edits_and_invisible_text_are_handled_quietly(
    api: FakeBotApi, index_settings, bot_data_dir
):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(callback_query("something-old", message("x", chat_id=271)["message"]))
        expired = await api.wait_for("answerCallbackQuery")
        assert "失效" in expired.params["text"]  # the button is not known (any more): say so
        api.push(edited_message("/ask " + QUESTION, chat_id=272))
        api.push(edited_message(QUESTION, chat_id=272))
        api.push(message("\u200b\u200b \u2060\ufeff", chat_id=273))
        api.push(message(f"@{BOT_USERNAME} \u200b\u200d", chat_id=-2730))
        empty = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 273)
        assert "请发送一个问题" in empty.text
        api.push(message("/start", chat_id=274))  # processed after the others
        await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 274)
        assert not api.called("sendMessage", lambda c: c.params["chat_id"] in (272, -2730))
        assert not api.called("sendChatAction")
