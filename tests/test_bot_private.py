"""End-to-end: private chats with the real Application, Index and Answerer over loopback HTTP."""

from __future__ import annotations

from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import (
    FakeBotApi,
    callback_query,
    message,
    sent_message,
    user,
)

QUESTION = "铜梁签约了多少项目?"


def final_answer(chat_id: int):
    """A recorded edit that carries the answer's buttons (the final edit)."""
    return lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))


async def test_private_question_streams_a_cited_answer_and_the_source_button_shows_the_passage(
    api: FakeBotApi, index_settings, bot_data_dir
):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message(QUESTION, chat_id=42))

        placeholder = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 42)
        assert placeholder.text == "正在查找…"
        await api.wait_for("sendChatAction", lambda c: c.params["action"] == "typing")
        final = await api.wait_for("editMessageText", final_answer(42))

        assert final.params["message_id"] == placeholder.result["message_id"]
        assert final.params["parse_mode"] == "HTML"
        assert "27" in final.text and "[1]" in final.text
        assert "来源" in final.text and "《铜梁签约27个项目 计划总投资206亿元》" in final.text
        # One quote, one place: the extractive body quotes the article; the sources do not repeat it.
        assert final.text.count("集中签约27个招商引资项目") == 1 and "<blockquote" not in final.text
        sources = [b for b in final.buttons if b["text"].startswith("原文")]
        assert sources and {b["text"] for b in final.buttons} >= {"👍", "👎"}

        api.push(callback_query(sources[0]["callback_data"], sent_message(final)))
        shown = await api.wait_for("sendMessage", lambda c: "📄" in c.text)
        await api.wait_for("answerCallbackQuery")
        assert "铜梁" in shown.text and "<blockquote>" in shown.text
        assert shown.params["reply_parameters"]["message_id"] == final.params["message_id"]


async def test_unanswerable_questions_look_different_and_english_users_get_english(
    api: FakeBotApi, index_settings, bot_data_dir
):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("2024年重庆GDP是多少?", chat_id=44))
        not_found = await api.wait_for("editMessageText", final_answer(44))
        assert not_found.text.startswith("ℹ️ <i>这些报道中没有找到") and "相关段落" in not_found.text
        assert "来源" not in not_found.text and "[1]" not in not_found.text
        assert not [b for b in not_found.buttons if b["text"].startswith("原文")]

        api.push(message("How many projects did Tongliang sign?", chat_id=45, from_user=user(45, "en")))
        english = await api.wait_for("editMessageText", final_answer(45))
        assert api.called("sendMessage", lambda c: c.params["chat_id"] == 45)[0].text == "Searching…"
        assert "Sources" in english.text and "27" in english.text
        assert {b["text"] for b in english.buttons} >= {"Passage [1]", "👍"}


async def test_brief_command_gives_a_cited_briefing(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("/brief 铜梁", chat_id=46))
        brief = await api.wait_for("editMessageText", final_answer(46))
        assert brief.text.startswith("🗞 <b>简报：铜梁</b>")
        assert "[1]" in brief.text and "《铜梁签约27个项目 计划总投资206亿元》" in brief.text
        assert "新文章" not in brief.text  # only scheduled briefings compare with the last one

        api.push(message("/brief", chat_id=47))
        usage = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 47)
        assert "/brief" in usage.text


async def test_feedback_buttons_are_recorded(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)) as app:
        api.push(message(QUESTION, chat_id=42))
        final = await api.wait_for("editMessageText", final_answer(42))
        up, down = (b["callback_data"] for b in final.buttons if b["text"] in ("👍", "👎"))

        api.push(callback_query(up, sent_message(final), from_user=user(42)))
        api.push(callback_query(down, sent_message(final), from_user=user(43)))
        thanks = await api.wait_for("answerCallbackQuery", lambda c: c.params.get("text") == "谢谢反馈！", count=2)
        assert thanks
        store = app.bot_data["services"].store
        votes = {(row[1], row[4]) for row in store.feedback()}
        assert votes == {(42, 1), (43, -1)}
        assert {row[2] for row in store.feedback()} == {final.params["message_id"]}


async def test_not_questions_get_a_short_useful_reply(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                   "is_animated": False, "is_video": False}
        cases = [
            (message(chat_id=51, sticker=sticker), "文字"),
            (message("   ", chat_id=52), "请发送一个问题"),
            (message("铜梁" * 2000, chat_id=53), "太长"),
            (message("/frobnicate", chat_id=54), "/help"),
        ]
        for update, _ in cases:
            api.push(update)
        for update, expected in cases:
            chat_id = update["message"]["chat"]["id"]
            replied = await api.wait_for("sendMessage", lambda c, i=chat_id: c.params["chat_id"] == i)
            assert expected in replied.text
            assert len(replied.text) < 200
        # None of them started an answer.
        assert not api.called("editMessageText")
        assert not api.called("sendChatAction")


async def test_start_help_and_sources(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message("/start", chat_id=61))
        welcome = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 61)
        assert "铜梁签约了多少项目?" in welcome.text and "巴南第三季度签约了多少项目?" in welcome.text

        api.push(message("/help", chat_id=62, from_user=user(62, "en")))
        helped = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 62)
        assert "/subscribe" in helped.text and "mention me" in helped.text

        api.push(message("/sources", chat_id=63))
        listed = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 63)
        assert "个版面" in listed.text and "《铜梁签约27个项目 计划总投资206亿元》" in listed.text


async def test_commands_are_registered_in_chinese_and_english(api: FakeBotApi, index_settings, bot_data_dir):
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        calls = await api.wait_for("setMyCommands", count=2)
        assert calls
        by_language = {c.params.get("language_code"): c.params["commands"] for c in api.called("setMyCommands")}
        assert set(by_language) == {None, "en"}
        zh = {c["command"]: c["description"] for c in by_language[None]}
        en = {c["command"]: c["description"] for c in by_language["en"]}
        assert zh.keys() == en.keys() >= {"ask", "brief", "sources", "subscribe"}
        assert zh["sources"] != en["sources"]


async def test_rate_limit_replies_politely(api: FakeBotApi, index_settings, bot_data_dir):
    settings = bot_settings(index_settings, api, bot_data_dir, rate_limit="1/600")
    async with bot_running(settings):
        api.push(message(QUESTION, chat_id=71))
        await api.wait_for("editMessageText", final_answer(71))
        api.push(message("渝北和云阳共建的产业园投入了多少资金?", chat_id=71))
        limited = await api.wait_for("sendMessage", lambda c: "频繁" in c.text)
        assert limited.params["chat_id"] == 71
        # The second question was not answered: only one placeholder was sent.
        assert len(api.called("sendMessage", lambda c: c.text == "正在查找…")) == 1


async def test_a_burst_of_questions_over_the_limit_gets_one_warning_not_one_per_message(
    api: FakeBotApi, index_settings, bot_data_dir
):
    settings = bot_settings(index_settings, api, bot_data_dir, rate_limit="2/600")
    async with bot_running(settings):
        for n in range(12):
            api.push(message(f"{QUESTION} {n}", chat_id=72))
        probe = len(api.called("sendMessage", lambda c: c.params["chat_id"] == 73))
        api.push(message("/start", chat_id=73))  # fetched after all twelve
        await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 73, count=probe + 1)
    # Stopped: every question fetched has been handled.
    warnings = api.called("sendMessage", lambda c: c.params["chat_id"] == 72 and "频繁" in c.text)
    assert len(warnings) == 1
    assert len(api.called("sendMessage", lambda c: c.params["chat_id"] == 72 and c.text == "正在查找…")) == 2


async def test_allow_list_ignores_other_chats(api: FakeBotApi, index_settings, bot_data_dir):
    settings = bot_settings(index_settings, api, bot_data_dir, allowed_chats="81")
    async with bot_running(settings):
        api.push(message(QUESTION, chat_id=82))
        refused = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 82)
        assert "授权" in refused.text
        api.push(message(QUESTION, chat_id=81))
        await api.wait_for("editMessageText", final_answer(81))
        assert not api.called("sendMessage", lambda c: c.params["chat_id"] == 82 and c.text == "正在查找…")


async def test_answer_log_line_has_stages_but_no_text(api: FakeBotApi, index_settings, bot_data_dir, caplog):
    caplog.set_level("INFO", logger="bot.handlers")
    async with bot_running(bot_settings(index_settings, api, bot_data_dir)):
        api.push(message(QUESTION, chat_id=91))
        await api.wait_for("editMessageText", final_answer(91))
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("answer ")]
    assert len(lines) == 1
    line = lines[0]
    for part in ("chat=private", "mode=extractive", "grounded=True", "citations=", "search_ms=", "answer_ms=", "send_ms="):
        assert part in line
    assert "铜梁" not in line
    assert api.token not in caplog.text

