"""End-to-end: flood control, concurrency, edit pacing and errors."""

from __future__ import annotations

import logging

from retrieval.answer import Answerer
from tests.bot_fakes import DraftingAnswerer, FailingAnswerer, GatedAnswerer
from tests.bot_harness import api, bot_data_dir, bot_running, bot_settings  # noqa: F401 (fixtures)
from tests.botapi_server import BOT_USERNAME, Call, FakeBotApi, message

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
    return [b.at - a.at for a, b in zip(calls, calls[1:])]


async def test_streamed_edits_are_paced_per_chat_type_and_the_final_edit_always_goes(
    api: FakeBotApi, index_settings, bot_data_dir
):
    def drafting(index, settings):
        return DraftingAnswerer(Answerer(index, settings), drafts=50, gap=0.05)

    async with bot_running(bot_settings(index_settings, api, bot_data_dir), drafting):
        api.push(message(QUESTION, chat_id=221))
        api.push(message(f"@{BOT_USERNAME} {QUESTION}", chat_id=-1221))
        for chat_id, interval in ((221, 1.0), (-1221, 3.0)):
            await api.wait_for("editMessageText", answered(chat_id))
            sent = api.called("sendMessage", lambda c, i=chat_id: c.params["chat_id"] == i)
            edits = api.called("editMessageText", lambda c, i=chat_id: c.params["chat_id"] == i)
            drafts = [sent[0], *edits[:-1]]
            assert all(gap >= interval - 0.1 for gap in gaps(drafts)), (chat_id, gaps(drafts))
            assert edits[-1].params.get("reply_markup")
            assert len({c.text for c in edits}) == len(edits)  # never the same text twice
        # 2.5 s of drafts: the private chat saw some of them; the group (3 s) none.
        assert len(api.called("editMessageText", lambda c: c.params["chat_id"] == 221)) >= 2
        assert len(api.called("editMessageText", lambda c: c.params["chat_id"] == -1221)) == 1


async def test_unchanged_drafts_are_not_sent_again(api: FakeBotApi, index_settings, bot_data_dir):
    def repeating(index, settings):
        return DraftingAnswerer(Answerer(index, settings), drafts=50, gap=0.05, same=True)

    async with bot_running(bot_settings(index_settings, api, bot_data_dir), repeating):
        api.push(message(QUESTION, chat_id=231))
        await api.wait_for("editMessageText", answered(231))
        edits = api.called("editMessageText")
        # 2.5 s at one edit per second would allow two drafts; the text never changed after the first.
        assert len(edits) == 2
        assert not edits[0].params.get("reply_markup") and edits[1].params.get("reply_markup")


async def test_errors_are_logged_with_traceback_and_the_user_is_told(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    def failing(index, settings):
        return FailingAnswerer(Answerer(index, settings), bad_word="坏")

    caplog.set_level(logging.ERROR, logger="bot.app")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), failing):
        api.push(message("坏问题", chat_id=241))
        told = await api.wait_for("sendMessage", lambda c: "出了问题" in c.text)
        assert told.params["chat_id"] == 241
        api.push(message(QUESTION, chat_id=241))
        await api.wait_for("editMessageText", answered(241))
    errors = [r for r in caplog.records if r.name == "bot.app" and r.exc_info]
    assert errors and "simulated answerer failure" in str(errors[0].exc_info[1])
