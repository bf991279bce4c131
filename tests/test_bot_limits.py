"""End-to-end: every user-supplied text that reaches search or the model is capped (bot/limits.py),
and the user is told the limit instead of waiting for a slow search or an echo of what they sent."""

from __future__ import annotations

from bot.limits import MAX_ASKED_CHARS, MAX_CONTEXT_CHARS, MAX_TOPIC_CHARS
from retrieval.answer.answerer import Answerer
from tests.bot_fakes import SpyAnswerer
from tests.bot_harness import api, bot_data_dir, bot_running, bot_settings  # noqa: F401 (fixtures)
from tests.botapi_server import BOT_USERNAME, FakeBotApi, inline_query, message, user

QUESTION = "铜梁签约了多少项目?"
LONG = ("铜梁签约了多少项目，计划总投资多少，涉及哪些产业？" * 400)[: MAX_ASKED_CHARS * 3]
GROUP = -4001


def to(chat_id: int):
    return lambda c: c.params.get("chat_id") == chat_id


def spying(spies: list[SpyAnswerer]):
    def spy(index, settings) -> SpyAnswerer:
        spies.append(SpyAnswerer(Answerer(index, settings)))
        return spies[-1]

    return spy


async def test_a_long_question_is_refused_with_the_limit_in_private_and_in_groups(
    api: FakeBotApi, index_settings, bot_data_dir
):
    spies: list[SpyAnswerer] = []
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), spying(spies)):
        api.push(message(LONG, chat_id=61))
        refused = await api.wait_for("sendMessage", to(61))
        assert "太长" in refused.text and str(MAX_ASKED_CHARS) in refused.text

        # Addressed to the bot in a group: the asker is told too, not silently ignored.
        api.push(message(f"@{BOT_USERNAME} {LONG}", chat_id=GROUP, from_user=user(62)))
        refused = await api.wait_for("sendMessage", to(GROUP))
        assert "太长" in refused.text

        # At the limit a question is still answered.
        api.push(message(LONG[:MAX_ASKED_CHARS], chat_id=65))
        await api.wait_for("editMessageText", lambda c: to(65)(c) and bool(c.params.get("reply_markup")))
    assert [q for spy in spies for q, _ in spy.asked] == [LONG[:MAX_ASKED_CHARS]]
    assert not api.called("sendMessage", lambda c: c.text == "正在查找…" and c.params["chat_id"] in (61, GROUP))


async def test_a_long_brief_topic_is_neither_searched_nor_echoed(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("/brief " + "铜梁储能" * 1250, chat_id=63))  # 5,000 characters
        refused = await api.wait_for("sendMessage", to(63))
    assert "太长" in refused.text and str(MAX_TOPIC_CHARS) in refused.text and len(refused.text) < 100
    assert [c.text for c in api.called("sendMessage", to(63))] == [refused.text]


async def test_a_long_inline_query_is_answered_with_the_limit_and_not_searched(
    api: FakeBotApi, index_settings, bot_data_dir
):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as app:
        query = inline_query(LONG, from_user=user(64))
        api.push(query)
        inline = await api.wait_for("answerInlineQuery", lambda c: c.params["inline_query_id"] == query["inline_query"]["id"])
        searches = app.bot_data["inline"].searches if "inline" in app.bot_data else 0
    assert inline.params["results"] == [] and "太长" in inline.params["button"]["text"]
    assert searches == 0


async def test_the_message_a_question_replies_to_is_cut_before_it_reaches_the_answerer(
    api: FakeBotApi, index_settings, bot_data_dir
):
    spies: list[SpyAnswerer] = []
    quoted = {"message_id": 5, "date": 0, "chat": {"id": 66, "type": "private", "first_name": "Li"},
              "from": user(67), "text": "前文" * 3000 + "铜梁的储能项目"}
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), spying(spies)):
        api.push(message(QUESTION, chat_id=66, reply_to=quoted))
        await api.wait_for("editMessageText", lambda c: to(66)(c) and bool(c.params.get("reply_markup")))
    [context] = [c for spy in spies for _, c in spy.asked]
    assert len(context) <= MAX_CONTEXT_CHARS + 1 and context.endswith("铜梁的储能项目")
