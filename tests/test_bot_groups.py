"""End-to-end: groups answer only when addressed, and quietly ignore everything else."""

from __future__ import annotations

from retrieval.answer.answerer import Answerer
from tests.bot_fakes import SpyAnswerer
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import BOT_USERNAME, FakeBotApi, message, sent_message, user


def spy(index, settings) -> SpyAnswerer:
    return SpyAnswerer(Answerer(index, settings))


def answered(chat_id: int):
    return lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))


async def test_group_chatter_gets_nothing_but_addressed_messages_get_answers(
    api: FakeBotApi, index_settings, bot_data_dir
):
    group = -1001
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), spy) as app:
        sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                   "is_animated": False, "is_video": False}
        chatter = [
            message("铜梁签约了多少项目?", chat_id=group),  # a question, but not to the bot
            message("/frobnicate", chat_id=group),
            message(chat_id=group, sticker=sticker),
            message(f"@{BOT_USERNAME}", chat_id=group),  # a mention with no question
        ]
        for update in chatter:
            api.push(update)
        # Then the three ways of addressing the bot.
        api.push(message(f"@{BOT_USERNAME} 铜梁签约了多少项目?", chat_id=group))
        first = await api.wait_for("editMessageText", answered(group))
        api.push(message("它们计划总投资多少?", chat_id=group, reply_to=sent_message(first)))
        api.push(message("/ask 巴南第三季度签约了多少项目?", chat_id=group))
        await api.wait_for("editMessageText", answered(group), count=3)

        placeholders = api.called("sendMessage", lambda c: c.params["chat_id"] == group)
        assert [c.text for c in placeholders] == ["正在查找…"] * 3

        # A question too long to search, addressed to the bot: the asker is told the limit, once.
        api.push(message(f"@{BOT_USERNAME} " + "铜梁" * 2000, chat_id=group))
        await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == group and "太长" in c.text)
        assert len(api.called("sendMessage", lambda c: c.params["chat_id"] == group)) == 4
        ignored_ids = {u["message"]["message_id"] for u in chatter}
        assert not {c.params["reply_parameters"]["message_id"] for c in placeholders} & ignored_ids
        assert len(api.called("sendChatAction")) == 3

        asked = dict(app.bot_data["services"].answerer.asked)
        assert "铜梁签约了多少项目?" in asked  # the mention is stripped from the question
        assert asked["铜梁签约了多少项目?"] is None
        assert asked["巴南第三季度签约了多少项目?"] is None
        # A reply to the bot's answer continues its thread: rewritten with the earlier question,
        # and asked with that answer as its context.
        assert "铜梁" in (asked["铜梁计划总投资多少?"] or "")


async def test_a_question_replying_to_another_message_uses_it_as_context(
    api: FakeBotApi, index_settings, bot_data_dir
):
    group = -1002
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), spy) as app:
        news = message("渝北区累计投入3000万元协同云阳建设标准厂房", chat_id=group, from_user=user(7))["message"]
        api.push(message(f"/ask@{BOT_USERNAME} 这个产业园在哪里?", chat_id=group, reply_to=news))
        final = await api.wait_for("editMessageText", answered(group))
        assert final.text
        assert app.bot_data["services"].answerer.asked == [("这个产业园在哪里?", news["text"])]


async def test_ask_without_a_question_shows_usage(api: FakeBotApi, index_settings, bot_data_dir):
    group = -1003
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("/ask", chat_id=group))
        usage = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == group)
        assert "/ask" in usage.text
        assert not api.called("sendChatAction")
