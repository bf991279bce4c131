"""End-to-end: who may use the bot (CQNEWS_ALLOWED_CHATS), buttons always answered, the webhook
secret required, non-admins shown file names rather than server paths."""

from __future__ import annotations

import logging
import socket

from bot.cli import main
from bot.store import Store
from tests.bot_harness import bot_running, bot_settings
from tests.botapi_server import BOT_USERNAME, FakeBotApi, callback_query, inline_query, message, user

QUESTION = "铜梁签约了多少项目?"
ALLOWED_USER, ALLOWED_GROUP, OTHER_GROUP, STRANGER = 42, -100500, -100777, 43


def final_answer(chat_id: int):
    return lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))


async def test_an_allowed_user_is_not_a_pass_into_any_group(api: FakeBotApi, index_settings, bot_data_dir):
    config = bot_settings(
        index_settings, api, bot_data_dir, allowed_chats=f"{ALLOWED_USER},{ALLOWED_GROUP}", admin_ids=str(ALLOWED_USER)
    )
    async with bot_running(config):
        # User 42 is allowed, but group -100777 is not: nothing there, not even a subscription.
        api.push(message("/subscribe 铜梁 08:30", chat_id=OTHER_GROUP, from_user=user(ALLOWED_USER)))
        api.push(message(f"@{BOT_USERNAME} {QUESTION}", chat_id=OTHER_GROUP, from_user=user(ALLOWED_USER)))
        # In the allowed group anyone may ask; in private only the allowed user.
        api.push(message(f"@{BOT_USERNAME} {QUESTION}", chat_id=ALLOWED_GROUP, from_user=user(STRANGER)))
        await api.wait_for("editMessageText", final_answer(ALLOWED_GROUP))
        api.push(message(QUESTION, chat_id=ALLOWED_USER))
        await api.wait_for("editMessageText", final_answer(ALLOWED_USER))
        api.push(message(QUESTION, chat_id=STRANGER))
        refused = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == STRANGER)
        assert "授权" in refused.text
    assert not [c for c in api.calls if c.params.get("chat_id") == OTHER_GROUP]
    assert Store.open(config.settings.data_dir).subscriptions() == []


async def test_every_button_press_is_answered_even_for_someone_not_allowed(
    api: FakeBotApi, index_settings, bot_data_dir
):
    config = bot_settings(index_settings, api, bot_data_dir, allowed_chats=str(ALLOWED_USER))
    async with bot_running(config):
        api.push(message("/settings", chat_id=ALLOWED_USER))
        keyboard = await api.wait_for("sendMessage", lambda c: bool(c.buttons))
        on = dict(keyboard.result) | {"chat": {"id": STRANGER, "type": "private", "first_name": "X"}}
        pressed = callback_query(keyboard.buttons[0]["callback_data"], on, from_user=user(STRANGER))
        api.push(pressed)
        answered = await api.wait_for(
            "answerCallbackQuery", lambda c: c.params["callback_query_id"] == pressed["callback_query"]["id"]
        )
        assert "授权" in answered.params["text"]
        # Inline mode: a stranger's query is answered (empty, with a hint), not left to time out.
        query = inline_query(QUESTION, from_user=user(STRANGER))
        api.push(query)
        inline = await api.wait_for(
            "answerInlineQuery", lambda c: c.params["inline_query_id"] == query["inline_query"]["id"]
        )
        assert inline.params["results"] == [] and "授权" in inline.params["button"]["text"]


def test_an_empty_webhook_secret_is_refused_at_start(capsys, tmp_path, monkeypatch):
    with socket.socket() as sock:  # nobody listens: the bot must refuse before it calls anything
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-token")
    monkeypatch.setenv("TELEGRAM_BASE_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no .env
    for secret in ("", "  ", "has space"):
        code = main(["bot", "--webhook-url", "https://example.org/hook", "--secret-token", secret])
        err = capsys.readouterr().err
        assert code == 2, err
        assert err.count("\n") == 1 and "--secret-token" in err


async def test_sources_shows_file_names_to_users_and_paths_to_admins(
    api: FakeBotApi, index_settings, bot_data_dir, caplog
):
    caplog.set_level(logging.INFO)
    seeds = str(index_settings.seeds_dir)
    async with bot_running(bot_settings(index_settings, api, bot_data_dir, admin_ids="7")):
        api.push(message("/sources", chat_id=ALLOWED_USER))
        shown = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == ALLOWED_USER)
        api.push(message("/sources", chat_id=7))
        admin = await api.wait_for("sendMessage", lambda c: c.params["chat_id"] == 7)
    assert ".txt" in shown.text and seeds not in shown.text
    assert seeds in admin.text
