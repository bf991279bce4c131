"""Commands and buttons around the questions: /start, /help, /new, /settings, /sources, the admins'
/reindex and /stats, the source and feedback buttons, and buttons that expired."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from pathlib import PurePath

from telegram import Message, Update
from telegram.constants import ChatType

from bot import briefings, buttons, html, render
from bot.buttons import Setting, ShowPassage, Vote
from bot.delivery import reply
from bot.i18n import EXAMPLE_QUESTIONS, Lang, chat_language, language_of, t
from bot.services import BotContext, Services
from bot.store import ChatSettings
from bot.store_queue import READ_WAIT
from retrieval.models import SourceInfo

log = logging.getLogger(__name__)


def bot_commands(lang: Lang) -> list[tuple[str, str]]:
    """The bot's commands with their descriptions, for /help and set_my_commands."""
    names = [
        "start", "help", "ask", "new", "brief", "timeline", "sources", "settings", "subscribe", "subscriptions",
        "unsubscribe", "stats", "reindex",
    ]
    return [(name, t(lang, f"cmd_{name}")) for name in names]


async def start_command(update: Update, context: BotContext) -> None:
    """/start: a welcome with example questions."""
    assert update.effective_message
    await update.effective_message.reply_text(render.render_welcome(language_of(update)))


async def help_command(update: Update, context: BotContext) -> None:
    """/help: how to ask, and the commands."""
    lang = language_of(update)
    assert update.effective_message
    await update.effective_message.reply_text(render.render_help(lang, bot_commands(lang)))


async def sources_command(update: Update, context: BotContext) -> None:
    """/sources: the indexed pages, their headlines and passage counts."""
    svc = context.services
    assert update.effective_message
    infos = await asyncio.to_thread(svc.index.sources)
    user = update.effective_user
    if user is None or user.id not in svc.admins:  # server paths are for the bot's admins only
        infos = [without_paths(info) for info in infos]
    for part in render.render_sources(infos, language_of(update)):
        await update.effective_message.reply_text(part)


def without_paths(info: SourceInfo) -> SourceInfo:
    """`info` with the file's name where the server's path to it was."""
    name = PurePath(info.path).name if info.path else info.source
    doc = PurePath(info.doc).name if info.doc.startswith("/") else info.doc
    return dataclasses.replace(info, path=name, doc=doc)


async def admin_only(update: Update, svc: Services, lang: Lang, refusal: str) -> bool:
    """Whether the sender is an admin (CQNEWS_ADMIN_IDS); tells anyone else `refusal`."""
    user = update.effective_user
    if user is not None and user.id in svc.admins:
        return True
    await reply(update, t(lang, refusal))
    return False


async def reindex_command(update: Update, context: BotContext) -> None:
    """/reindex: reload what other processes ingested, then re-ingest the seeds (CQNEWS_ADMIN_IDS only)."""
    svc = context.services
    lang = language_of(update)
    if not await admin_only(update, svc, lang, "reindex_admins_only"):
        return
    await reply(update, t(lang, "reindex_started"))
    # Ingest embeds text on the CPU (and may wait for another process's ingest); a thread keeps
    # other chats answered meanwhile.
    await asyncio.to_thread(svc.index.refresh, True)
    report = await asyncio.to_thread(svc.index.ingest)
    counts = {name: getattr(report, name, 0) for name in ("files", "added", "removed", "unchanged")}
    await reply(update, t(lang, "reindex_done", **counts))


async def show_passage(update: Update, context: BotContext) -> None:
    """Source button: the cited passage with its neighbours in the article."""
    svc = context.services
    query = update.callback_query
    assert query and isinstance(query.data, ShowPassage)
    lang = language_of(update)
    passage_id = query.data.passage_id
    passages = await asyncio.to_thread(svc.index.neighbours, passage_id, 1)
    parts = render.render_passage_view(passages, passage_id, lang, most=svc.bot.max_answer_messages)
    if query.message is None or not isinstance(query.message, Message):
        # Buttons on inline-mode messages have no chat to reply in: show a short alert.
        focus = next((p for p in passages if p.id == passage_id), None)
        text = focus.text if focus else t(lang, "passage_gone")
        await query.answer(html.alert_text(text), show_alert=True)
        return
    await query.answer()
    for part in parts:
        await query.message.reply_text(part, do_quote=True)


async def record_feedback(update: Update, context: BotContext) -> None:
    """👍/👎 button: store the vote and thank the user."""
    svc = context.services
    query = update.callback_query
    assert query and isinstance(query.data, Vote)
    chat_id = query.message.chat.id if query.message else 0
    message_id = query.message.message_id if query.message else 0
    vote = query.data
    await svc.queue.run(svc.store.record_feedback, chat_id, query.from_user.id, message_id, vote.answer_key, vote.vote)
    await query.answer(t(language_of(update), "thanks_feedback"))


async def not_text(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice in a private chat: ask for a text question."""
    lang = language_of(update)
    await reply(update, t(lang, "not_text", example=EXAMPLE_QUESTIONS[lang][0]))


async def unknown_command(update: Update, context: BotContext) -> None:
    """An unknown command in a private chat: point to /help."""
    await reply(update, t(language_of(update), "unknown_command"))


async def new_command(update: Update, context: BotContext) -> None:
    """/new and /reset: forget this chat's conversation."""
    chat = update.effective_chat
    assert chat
    svc = context.services
    await svc.queue.run(svc.store.forget, chat.id)
    prefs = await svc.queue.call(svc.store.chat_settings, chat.id, default=ChatSettings(), wait=READ_WAIT)
    await reply(update, t(chat_language(update, prefs.lang), "new_conversation"))


async def settings_command(update: Update, context: BotContext) -> None:
    """/settings: this chat's interface language and answer length, as buttons."""
    chat, message = update.effective_chat, update.effective_message
    assert chat and message
    svc = context.services
    prefs = await svc.queue.call(svc.store.chat_settings, chat.id, default=ChatSettings(), wait=READ_WAIT)
    lang = chat_language(update, prefs.lang)
    await message.reply_text(
        html.text_message(t(lang, "settings_title")),
        reply_markup=buttons.settings_keyboard(prefs.lang, prefs.length, lang),
    )


async def settings_button(update: Update, context: BotContext) -> None:
    """A /settings button: store the choice and tick it."""
    query = update.callback_query
    assert query and isinstance(query.data, Setting)
    svc = context.services
    chat = update.effective_chat
    what, value = query.data.name, query.data.value
    if chat is None or (chat.type != ChatType.PRIVATE and not await briefings.may_manage(update, context)):
        await query.answer(t(language_of(update), "admins_only"), show_alert=True)
        return
    prefs = await svc.queue.run(svc.store.chat_settings, chat.id)
    prefs = ChatSettings(value, prefs.length) if what == "lang" else ChatSettings(prefs.lang, value)
    await svc.queue.run(svc.store.set_chat_settings, chat.id, prefs)
    lang = chat_language(update, prefs.lang)
    await query.answer(t(lang, "settings_saved"))
    if isinstance(query.message, Message):
        await query.message.edit_text(
            html.text_message(t(lang, "settings_title")),
            reply_markup=buttons.settings_keyboard(prefs.lang, prefs.length, lang),
        )


DAY = 24 * 3600


async def stats_command(update: Update, context: BotContext) -> None:
    """/stats (CQNEWS_ADMIN_IDS only): questions, outcomes, votes and answer times."""
    svc = context.services
    lang = language_of(update)
    if not await admin_only(update, svc, lang, "stats_admins_only"):
        return
    now = time.time()
    periods = [
        (t(lang, "stats_day"), await svc.queue.run(svc.store.stats, now - DAY)),
        (t(lang, "stats_week"), await svc.queue.run(svc.store.stats, now - 7 * DAY)),
    ]
    assert update.effective_message
    for part in render.render_stats(periods, lang):
        await update.effective_message.reply_text(part)


async def expired_button(update: Update, context: BotContext) -> None:
    """A button the bot can no longer act on: say it expired (which also stops the client's spinner)."""
    # Its data left the cache (InvalidCallbackData), came after the last save before a crash, or holds no kind handled here.
    query = update.callback_query
    assert query
    await query.answer(t(language_of(update), "button_expired"), show_alert=True)
