"""End-to-end: every user-supplied text that reaches search or the model is capped (bot/limits.py),
and the user is told the limit instead of waiting for a slow search or an echo of what they sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from bot.limits import MAX_ASKED_CHARS, MAX_CONTEXT_CHARS, MAX_TOPIC_CHARS
from retrieval.answer.answerer import Answerer
from retrieval.models import Answer
from tests.bot_fakes import SpyAnswerer
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import BOT_USERNAME, FakeBotApi, callback_query, inline_query, message, sent_message, user

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


HUGE = "铜梁储能产业链不断延伸" * 3000  # one 33,000-character sentence


class HugeAnswerer:
    """The real answerer, its answers opening with one huge sentence (what a huge article gives)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def astream(self, question: str, context: str | None = None) -> AsyncIterator[Answer]:
        async for event in self.inner.astream(question, context=context):
            yield replace(event, text=HUGE + event.text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class HugePassages:
    """The bot's index, every passage it shows around a cited one made huge."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def neighbours(self, passage_id: str, window: int = 1) -> list:
        return [replace(p, text=HUGE + p.text) for p in self.inner.neighbours(passage_id, window)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_an_answer_of_one_huge_sentence_and_its_passage_button_stay_within_the_message_cap(
    api: FakeBotApi, index_settings, bot_data_dir
):
    config = bot_settings(index_settings, api, bot_data_dir, max_answer_messages=2)
    async with bot_running(config, lambda index, settings: HugeAnswerer(Answerer(index, settings))) as app:
        app.bot_data["services"].index = HugePassages(app.bot_data["services"].index)
        api.push(message(QUESTION, chat_id=68))
        # Cut to fit, the answer is the placeholder's edit, its buttons under it.
        final = await api.wait_for("editMessageText", lambda c: to(68)(c) and bool(c.params.get("reply_markup")))
        answer_parts = [c for c in api.calls if to(68)(c) and c.method in ("sendMessage", "editMessageText")
                        and c.status == 200 and c.text != "正在查找…"]
        passage = next(b["callback_data"] for b in final.buttons if b["text"].startswith("原文"))
        api.push(callback_query(passage, sent_message(final), from_user=user(68)))
        await api.wait_for("answerCallbackQuery")
    # Stopped: the button's replies have all been sent.
    shown = [c for c in api.called("sendMessage", to(68)) if c.params.get("reply_parameters")]
    assert answer_parts == [final] and len(final.text) < len(HUGE) and "…" in final.text
    assert "来源" in final.text  # the sources after the huge sentence stay
    assert 1 <= len(shown) <= 2 and all(len(c.text) <= 4096 for c in shown)
