"""End-to-end: follow-up questions remembered per chat and per group thread, /new, restarts."""

from __future__ import annotations

from bot.handlers import make_standalone
from retrieval.answer.answerer import Answerer
from retrieval.answer.followup import Turn, standalone
from tests.bot_fakes import SpyAnswerer
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import BOT_USERNAME, FakeBotApi, message, sent_message

FIRST = "铜梁签约了多少项目?"
FOLLOW_UP = "计划总投资多少?"


def spy(index, settings) -> SpyAnswerer:
    return SpyAnswerer(Answerer(index, settings))


def answered(chat_id: int):
    return lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))


def asked(app) -> list[str]:
    return [question for question, _ in app.bot_data["services"].answerer.asked]


def test_offline_rewrite_carries_places_subject_and_what_was_asked():
    history = [Turn(FIRST, answer="「铜梁集中签约27个招商引资项目,计划总投资206亿元」[1]")]
    assert standalone(FOLLOW_UP, history) == "铜梁计划总投资多少?"
    # No place and nothing from the last exchange: a new subject, left alone.
    assert standalone("2024年重庆GDP是多少?", history) == "2024年重庆GDP是多少?"
    assert standalone("智博会什么时候举办?", history) == "智博会什么时候举办?"
    assert standalone("那永川呢?", history) == "永川签约了多少项目?"
    assert standalone("那永川呢?", [*history, Turn(FOLLOW_UP, "铜梁计划总投资多少?")]) == "永川计划总投资多少?"
    assert standalone("在哪里?", [Turn("渝北和云阳共建的产业园投入了多少资金?")]) == "渝北云阳产业园在哪里?"
    english = standalone("which of them is biggest?", [Turn("How many projects did Tongliang sign?")])
    assert english.startswith("which of them is biggest?") and "Tongliang" in english
    assert standalone("What about Yongchuan?", [Turn("How many projects did Tongliang sign?")]) == (
        "How many projects did Yongchuan sign?"
    )
    # A question with its own place stands alone; no history, nothing to carry.
    assert standalone("巴南第三季度签约了多少项目?", history) == "巴南第三季度签约了多少项目?"
    assert standalone(FOLLOW_UP, []) == FOLLOW_UP


async def test_private_follow_up_is_answered_with_the_right_figure(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), spy) as app:
        api.push(message(FIRST, chat_id=301))
        first = await api.wait_for("editMessageText", answered(301))
        assert "27" in first.text and "理解为" not in first.text

        api.push(message(FOLLOW_UP, chat_id=301))
        second = await api.wait_for("editMessageText", answered(301), count=2)
        assert "206亿元" in second.text
        assert second.text.startswith("<i>↪ 理解为：铜梁计划总投资多少?</i>")
        assert asked(app) == [FIRST, "铜梁计划总投资多少?"]


async def test_group_reply_threads_keep_their_own_history(api: FakeBotApi, index_settings, bot_data_dir):
    group = -3001
    async with bot_running(bot_settings(index_settings, api, bot_data_dir), spy) as app:
        api.push(message(f"@{BOT_USERNAME} {FIRST}", chat_id=group))
        first = await api.wait_for("editMessageText", answered(group))
        # A reply to the bot's answer continues that thread.
        api.push(message(FOLLOW_UP, chat_id=group, reply_to=sent_message(first)))
        second = await api.wait_for("editMessageText", answered(group), count=2)
        assert "206亿元" in second.text and "铜梁计划总投资多少?" in second.text
        # A new mention, not a reply, starts a thread of its own: nothing is carried into it.
        api.push(message(f"@{BOT_USERNAME} {FOLLOW_UP}", chat_id=group))
        third = await api.wait_for("editMessageText", answered(group), count=3)
        assert "理解为" not in third.text
        assert asked(app) == [FIRST, "铜梁计划总投资多少?", FOLLOW_UP]


async def test_new_forgets_and_chats_never_share_history_even_across_a_restart(
    api: FakeBotApi, index_settings, bot_data_dir
):
    config = bot_settings(index_settings, api, bot_data_dir)
    async with bot_running(config, spy):
        api.push(message(FIRST, chat_id=311))
        await api.wait_for("editMessageText", answered(311))
        api.push(message(FIRST, chat_id=312))
        await api.wait_for("editMessageText", answered(312))
        api.push(message("/new", chat_id=312))
        await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 312 and "重新开始" in c.text)

    # The history is in the bot's database: a restart keeps chat 311's, and chat 312 forgot.
    async with bot_running(config, spy) as app:
        api.push(message(FOLLOW_UP, chat_id=312))
        forgot = await api.wait_for("editMessageText", answered(312), count=2)
        assert "理解为" not in forgot.text
        api.push(message(FOLLOW_UP, chat_id=313))  # never asked anything: nothing to carry
        await api.wait_for("editMessageText", answered(313))
        api.push(message(FOLLOW_UP, chat_id=311))
        remembered = await api.wait_for("editMessageText", answered(311), count=2)
        assert "206亿元" in remembered.text
        assert sorted(asked(app)) == sorted([FOLLOW_UP, FOLLOW_UP, "铜梁计划总投资多少?"])


async def test_memory_can_be_turned_off(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir, memory_turns=0), spy) as app:
        api.push(message(FIRST, chat_id=321))
        await api.wait_for("editMessageText", answered(321))
        api.push(message(FOLLOW_UP, chat_id=321))
        await api.wait_for("editMessageText", answered(321), count=2)
        assert asked(app) == [FIRST, FOLLOW_UP]


class ModelRewrite:
    """An answerer whose model rewrites follow-ups (or fails to), recording what it was shown."""

    def __init__(self, reply: str | None | Exception) -> None:
        self.reply = reply
        self.shown: list[tuple[str, list]] = []

    async def arewrite(self, question: str, history):
        self.shown.append((question, list(history)))
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


async def test_the_models_rewrite_is_used_when_there_is_one_else_the_offline_one():
    history = [Turn(FIRST, answer="铜梁集中签约27个招商引资项目,计划总投资206亿元")]
    model = ModelRewrite("铜梁签约的27个项目计划总投资多少?")
    assert await make_standalone(model, FOLLOW_UP, history) == "铜梁签约的27个项目计划总投资多少?"
    assert model.shown == [(FOLLOW_UP, [(FIRST, history[0].answer)])]
    for unusable in (None, "  ", TimeoutError("model too slow")):
        assert await make_standalone(ModelRewrite(unusable), FOLLOW_UP, history) == "铜梁计划总投资多少?"
    untouched = ModelRewrite("should not be asked")
    assert await make_standalone(untouched, FIRST, []) == FIRST and untouched.shown == []
