"""The Telegram application: services, handlers in order, commands, errors."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

from telegram import BotCommand, InlineQueryResultsButton, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import ChatMigrated, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    InvalidCallbackData,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import briefings, chat_events, commands, feeds, handlers, html, inline, subscriptions
from bot.buttons import InlineAnswer, Retry, Setting, ShowPassage, Vote
from bot.i18n import language_of, t
from bot.limits import RateLimiter
from bot.persistence import ButtonPersistence
from bot.progress import line_progress
from bot.services import CONTEXT_TYPES, KEY, Answerer, BotContext, Services
from bot.settings import BotSettings
from bot.store import Store
from bot.store_queue import READ_WAIT, StoreQueue
from bot.streaming import RetryingRateLimiter
from retrieval.settings import Settings

log = logging.getLogger(__name__)

TELEGRAM_API = "https://api.telegram.org"
# Retries inside the rate limiter cover most RetryAfter; the final edit retries on its own too.
RATE_LIMITER_RETRIES = 2
# How often the bot checks whether another process ingested or removed articles (one metadata read).
INDEX_REFRESH_SECONDS = 30
# Keyboards whose buttons still work, least recently used forgotten first (an older button says it expired).
KEYBOARDS_KEPT = 2048

AnswererFactory = Callable[[Any, Settings], Answerer]  # (index, settings) -> answerer


def api_urls(base: str) -> tuple[str, str]:
    """PTB's base_url and base_file_url from TELEGRAM_BASE_URL (with or without /bot)."""
    root = (base or TELEGRAM_API).rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def build_application(
    settings: Settings,
    bot_settings: BotSettings,
    answerer_factory: AnswererFactory | None = None,
    *,
    polling: bool = True,
) -> Application:
    """The bot with every handler registered; index and answerer open in post_init.

    With `polling=False` there is no Updater: bot/webhook.py feeds the update queue.
    """
    token = bot_settings.token.get_secret_value()
    base_url, base_file_url = api_urls(bot_settings.base_url)
    builder = Application.builder()
    if not polling:
        builder = builder.updater(None)
    application = (
        builder
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .rate_limiter(
            RetryingRateLimiter(
                max_retries=RATE_LIMITER_RETRIES,
                network_retries=bot_settings.network_retries,
                backoff=bot_settings.retry_backoff,
            )
        )
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .context_types(CONTEXT_TYPES)
        .arbitrary_callback_data(KEYBOARDS_KEPT)
        .persistence(ButtonPersistence(settings.data_dir))
        .concurrent_updates(True)
        .post_init(lambda app: open_services(app, answerer_factory))
        .post_shutdown(close_services)
        .build()
    )
    application.bot_data[KEY] = Services(
        settings=settings,
        bot=bot_settings,
        limiter=RateLimiter(*bot_settings.rate_limit),
        inline_limiter=RateLimiter(*bot_settings.inline_rate_limit),
    )
    register_handlers(application)
    return application


def register_handlers(application: Application) -> None:
    """All handlers, in the order they must be tried."""
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    new_message = filters.UpdateType.MESSAGE  # edited messages are not new questions
    # Group -1 runs first for every update and can stop it (the allow-list).
    application.add_handler(TypeHandler(Update, gate), group=-1)


    def command(name: str | list[str], callback: Callable) -> CommandHandler:
        # CommandHandler also takes edited messages by default; an edited /ask is not a new question.
        return CommandHandler(name, callback, filters=new_message)

    application.add_handlers(
        [
            # Chat events first: they are not questions, whatever else they carry.
            ChatMemberHandler(chat_events.my_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
            MessageHandler(filters.StatusUpdate.MIGRATE, chat_events.chat_migrated),
            command("start", commands.start_command),
            command("help", commands.help_command),
            command("ask", handlers.ask_command),
            command(["new", "reset"], commands.new_command),
            command("brief", handlers.brief_command),
            command("timeline", handlers.timeline_command),
            command("sources", commands.sources_command),
            command("settings", commands.settings_command),
            command("subscribe", briefings.subscribe_command),
            command("subscriptions", briefings.subscriptions_command),
            command("unsubscribe", briefings.unsubscribe_command),
            command("stats", commands.stats_command),
            command("reindex", commands.reindex_command),
            MessageHandler(private & new_message & filters.COMMAND, commands.unknown_command),
            MessageHandler(private & new_message & filters.TEXT, handlers.private_text),
            MessageHandler(groups & new_message & filters.TEXT & ~filters.COMMAND, handlers.group_text),
            MessageHandler(
                private & new_message & ~filters.TEXT & ~filters.StatusUpdate.ALL, commands.not_text
            ),
            # Buttons carry objects (bot/buttons.py); each handler takes one type of them.
            CallbackQueryHandler(commands.show_passage, pattern=ShowPassage),
            CallbackQueryHandler(commands.record_feedback, pattern=Vote),
            CallbackQueryHandler(handlers.retry_question, pattern=Retry),
            CallbackQueryHandler(commands.settings_button, pattern=Setting),
            CallbackQueryHandler(inline.inline_answer_button, pattern=InlineAnswer),
            CallbackQueryHandler(commands.expired_button, pattern=InvalidCallbackData),
            CallbackQueryHandler(commands.expired_button),  # last: every button is answered, whatever it holds
            InlineQueryHandler(inline.inline_query),
            ChosenInlineResultHandler(inline.chosen_inline_answer),
        ]
    )
    application.add_error_handler(error_handler)


async def may_use(update: Update, svc: Services) -> bool:
    """The allow-list: in a private chat (and inline mode) the user must be on it, in a group the chat."""
    allowed = svc.allowed
    if not allowed:
        return True
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if update.my_chat_member is not None:
        return True  # the bot blocked or removed: always noted, it only ends subscriptions
    if chat is None or chat.type == ChatType.PRIVATE:
        return user is not None and user.id in allowed
    if chat.id in allowed:
        return True
    if message is not None and message.migrate_from_chat_id in allowed:
        return True  # an allowed group announcing its new supergroup id
    migrated = await svc.queue.call(svc.store.migrated_from, chat.id, default=set(), wait=READ_WAIT)
    return bool(migrated & allowed)


async def gate(update: Update, context: BotContext) -> None:
    """Allow-list: stop updates from chats and users not on CQNEWS_ALLOWED_CHATS (buttons still answered)."""
    svc = context.services
    if await may_use(update, svc):
        return
    chat, user = update.effective_chat, update.effective_user
    log.info(
        "ignored an update from a chat that is not allowed (chat=%s user=%s)",
        chat.id if chat else None, user.id if user else None,
    )
    text = t(language_of(update), "not_allowed")
    if update.callback_query:  # an unanswered button keeps spinning in the client
        await update.callback_query.answer(text)
    elif update.inline_query:
        await update.inline_query.answer(
            [], cache_time=0, button=InlineQueryResultsButton(text=text[:64], start_parameter="help")
        )
    elif chat and chat.type == ChatType.PRIVATE and update.message:
        await update.message.reply_text(html.text_message(text))
    raise ApplicationHandlerStop


async def error_handler(update: object, context: BotContext) -> None:
    """Chat events and polling hiccups in one line; anything else with its traceback, and the user told."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(error, Forbidden):
        if chat is not None:
            await subscriptions.end_chat(context.application, chat.id, f"blocked the bot or removed it ({error.message})")
        else:
            log.warning("the Bot API refused a call (Forbidden: %s)", error.message)
        return  # telling the user would be refused too
    if isinstance(error, ChatMigrated) and chat is not None:
        if not await subscriptions.follow_migration(context.application, chat.id, error.new_chat_id):
            log.info("chat %s has moved to %s; this update was not answered", chat.id, error.new_chat_id)
        return
    if update is None and context.job is None and isinstance(error, TelegramError):
        # getUpdates failed (network, 5xx, a second poller): PTB tries again on its own.
        log.warning("polling getUpdates failed (%s: %s); retrying", type(error).__name__, error.message)
        return
    log.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update):
        return
    text = t(language_of(update), "error")
    try:
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message and update.effective_chat:
            await update.effective_chat.send_message(html.text_message(text))
    except Exception:  # the chat may be gone; the original error is already logged
        log.warning("could not tell the user about the error", exc_info=True)


async def open_services(application: Application, answerer_factory: AnswererFactory | None) -> None:
    """post_init: open the store, the index (may build it: in a thread) and the answerer."""
    # Imported here: the retrieval stack loads Chroma and the embedder, slow for `cqnews --help`.
    from retrieval.answer.answerer import Answerer
    from retrieval.index.store import Index

    svc = Services.of(application)
    settings = svc.settings
    svc.store = Store.open(settings.data_dir)
    svc.queue = StoreQueue(svc.store)
    svc.index = await asyncio.to_thread(Index.open, settings, progress=line_progress())
    svc.answerer = await asyncio.to_thread(answerer_factory or Answerer, svc.index, settings)
    if warm_up := getattr(svc.answerer, "warm_up", None):  # so the first question is not the slow one
        threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    scheduled = await briefings.restore(application)
    await handlers.recover_inflight(application)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            refresh_index, interval=INDEX_REFRESH_SECONDS, first=INDEX_REFRESH_SECONDS, name="refresh-index"
        )
        feeds.schedule(application)
    await set_commands(application)
    log.info("bot ready: @%s, %d passages, %d subscriptions", application.bot.username, len(svc.index), scheduled)


async def refresh_index(context: BotContext) -> None:
    """Pick up articles another process ingested or removed since the last check."""
    try:
        await asyncio.to_thread(context.services.index.refresh)
    except Exception:  # a busy or unreachable index: keep answering from what is loaded
        log.warning("checking the index for changes failed", exc_info=True)


async def set_commands(application: Application) -> None:
    """The command menu in Chinese (default) and English."""
    for lang, code in (("zh", None), ("en", "en")):
        menu = [BotCommand(name, desc) for name, desc in commands.bot_commands(lang)]
        await application.bot.set_my_commands(menu, language_code=code)


async def close_services(application: Application) -> None:
    """post_shutdown: close the answerer, index and store."""
    svc = Services.of(application)
    for resource in (svc.answerer, svc.index, svc.queue, svc.store):
        if resource is not None and hasattr(resource, "close"):
            try:
                resource.close()
            except Exception:
                log.warning("closing %s failed", type(resource).__name__, exc_info=True)
