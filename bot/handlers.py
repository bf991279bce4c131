"""Conversation handlers: questions in private chats and groups, buttons, inline mode, commands."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from bot import render
from bot.i18n import EXAMPLE_QUESTIONS, Lang, language_of, t
from bot.services import services
from bot.store import answer_key
from bot.streaming import GROUP_INTERVAL, PRIVATE_INTERVAL, StreamedReply
from retrieval.models import Answer

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000  # the answerer truncates beyond this; tell the user instead
INLINE_PASSAGES = 3
INLINE_CACHE_SECONDS = 60

Context = ContextTypes.DEFAULT_TYPE


def bot_commands(lang: Lang) -> list[tuple[str, str]]:
    """The bot's commands with their descriptions, for /help and set_my_commands."""
    names = ["start", "help", "ask", "brief", "sources", "subscribe", "subscriptions", "unsubscribe", "reindex"]
    return [(name, t(lang, f"cmd_{name}")) for name in names]


async def reply(update: Update, text: str) -> None:
    """Reply with one plain interface message (escaped by the renderer)."""
    if update.effective_message:
        await update.effective_message.reply_text(render.text_message(text))


async def searching_reply(message: Message, lang: Lang) -> Message:
    """Reply "正在查找…" at once, with a typing action alongside (which may fail harmlessly)."""
    placeholder, typing = await asyncio.gather(
        message.reply_text(render.text_message(t(lang, "searching"))),
        message.chat.send_action(ChatAction.TYPING),
        return_exceptions=True,
    )
    if isinstance(typing, Exception):
        log.debug("typing action failed: %r", typing)
    if isinstance(placeholder, BaseException):
        raise placeholder
    return placeholder


def quoted_context(message: Message) -> str | None:
    """The text a question replies to (the quoted part if the user picked one)."""
    if message.quote and message.quote.text:
        return message.quote.text
    replied = message.reply_to_message
    if replied is None:
        return None
    return replied.text or replied.caption or None


def group_question(message: Message, bot_id: int, bot_username: str) -> str | None:
    """The question in a group message addressed to the bot (mention or reply), else None."""
    text = message.text or ""
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.lower() == f"@{bot_username.lower()}":
            mentioned = True
            text = text.replace(value, " ")
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            mentioned = True
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == bot_id)
    if not (mentioned or to_bot):
        return None
    return " ".join(text.split())


async def answer_question(update: Update, context: Context, question: str, extra: str | None) -> None:
    """Check the question, reply at once, stream the answer in, then send it with buttons."""
    svc = services(context)
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message and chat and user
    lang = language_of(update)
    private = chat.type == ChatType.PRIVATE
    question = " ".join(question.split())
    if not question or len(question) > MAX_QUESTION_CHARS:
        if private:  # in groups a bad question is not worth interrupting the conversation
            key = "empty_question" if not question else "too_long"
            await reply(update, t(lang, key, example=EXAMPLE_QUESTIONS[lang][0], limit=MAX_QUESTION_CHARS))
        return
    if await rate_limited(update, svc, user.id, lang):
        return

    started = time.monotonic()
    placeholder = await searching_reply(message, lang)
    stream = StreamedReply(placeholder, PRIVATE_INTERVAL if private else GROUP_INTERVAL)
    stream.send_seconds = time.monotonic() - started
    answer: Answer | None = None
    async for event in svc.answerer.astream(question, context=extra):
        if event.partial:  # already checked: only verified sentences are ever shown
            await stream.draft(render.render_answer(event, lang)[0])
        else:
            answer = event  # the last event; drafts never come after it
    if answer is None:
        raise RuntimeError("the answerer's stream ended without an Answer")
    await stream.finish(render.render_answer(answer, lang), render.answer_keyboard(answer, answer_key(answer), lang))
    log_answer(svc.settings.log_text, chat.type, answer, stream.send_seconds, time.monotonic() - started)


def log_answer(log_text: bool, chat_type: str, answer: Answer, send_s: float, total_s: float) -> None:
    """One line per answer: where, how long each stage took, what came out."""
    timings = answer.timings_ms or {}
    line = (
        "answer chat=%s mode=%s grounded=%s citations=%d search_ms=%s answer_ms=%s send_ms=%d total_ms=%d"
    )
    args: list[object] = [
        chat_type,
        answer.mode,
        answer.grounded,
        len(answer.citations),
        _ms(timings.get("search")),
        _ms(answer_stage_ms(timings)),
        round(send_s * 1000),
        round(total_s * 1000),
    ]
    if log_text:  # message text is personal data; only with CQNEWS_LOG_TEXT=1
        line += " question=%r"
        args.append(answer.question)
    log.info(line, *args)


def answer_stage_ms(timings: dict) -> float | None:
    """Time spent writing the answer: the answerer's own figure, or total minus search."""
    if "answer" in timings:
        return timings["answer"]
    if "total" in timings:
        return timings["total"] - timings.get("search", 0.0)
    return None


def _ms(value: object) -> str:
    return str(round(value)) if isinstance(value, int | float) else "-"


async def private_text(update: Update, context: Context) -> None:
    """Any text in a private chat is a question."""
    message = update.effective_message
    assert message
    if message.via_bot and message.via_bot.id == context.bot.id:
        return  # one of our own inline answers, sent into this chat: not a question
    await answer_question(update, context, message.text or "", quoted_context(message))


async def group_text(update: Update, context: Context) -> None:
    """Answer a group message only when it mentions or replies to the bot."""
    message = update.effective_message
    assert message
    question = group_question(message, context.bot.id, context.bot.username)
    if question:
        # A reply to the bot's own answer makes that answer the context of the follow-up.
        await answer_question(update, context, question, quoted_context(message))


async def rate_limited(update: Update, svc, user_id: int, lang: str) -> bool:
    """True (after a polite reply) when the user asked too often."""
    wait = svc.limiter.check(user_id)
    if wait:
        await reply(update, t(lang, "rate_limited", seconds=wait))
    return bool(wait)


async def ask_command(update: Update, context: Context) -> None:
    """/ask 问题: the way to ask in a group without a mention."""
    message = update.effective_message
    assert message
    question = " ".join(context.args or [])
    if not question.strip():
        await reply(update, t(language_of(update), "usage_ask"))
        return
    await answer_question(update, context, question, quoted_context(message))


async def start_command(update: Update, context: Context) -> None:
    """/start: a welcome with example questions."""
    assert update.effective_message
    await update.effective_message.reply_text(render.render_welcome(language_of(update)))


async def help_command(update: Update, context: Context) -> None:
    """/help: how to ask, and the commands."""
    lang = language_of(update)
    assert update.effective_message
    await update.effective_message.reply_text(render.render_help(lang, bot_commands(lang)))


async def brief_command(update: Update, context: Context) -> None:
    """/brief 主题: a briefing on a topic from the indexed articles."""
    svc = services(context)
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message and chat and user
    lang = language_of(update)
    topic = " ".join(context.args or []).strip()
    if not topic:
        await reply(update, t(lang, "usage_brief"))
        return
    if await rate_limited(update, svc, user.id, lang):
        return
    started = time.monotonic()
    placeholder = await searching_reply(message, lang)
    answer = await svc.answerer.abrief(topic)
    stream = StreamedReply(placeholder, 0)
    await stream.finish(
        render.render_brief(answer, topic, lang), render.answer_keyboard(answer, answer_key(answer), lang)
    )
    log_answer(svc.settings.log_text, chat.type, answer, stream.send_seconds, time.monotonic() - started)


async def sources_command(update: Update, context: Context) -> None:
    """/sources: the indexed pages, their headlines and passage counts."""
    svc = services(context)
    assert update.effective_message
    infos = await asyncio.to_thread(svc.index.sources)
    for part in render.render_sources(infos, language_of(update)):
        await update.effective_message.reply_text(part)


async def reindex_command(update: Update, context: Context) -> None:
    """/reindex: reload what other processes ingested, then re-ingest the seeds (CQNEWS_ADMIN_IDS only)."""
    svc = services(context)
    lang = language_of(update)
    user = update.effective_user
    if user is None or user.id not in svc.admins:
        await reply(update, t(lang, "reindex_admins_only"))
        return
    await reply(update, t(lang, "reindex_started"))
    # Ingest embeds text on the CPU (and may wait for another process's ingest); a thread keeps
    # other chats answered meanwhile.
    await asyncio.to_thread(svc.index.refresh, True)
    report = await asyncio.to_thread(svc.index.ingest)
    counts = {name: getattr(report, name, 0) for name in ("files", "added", "removed", "unchanged")}
    await reply(update, t(lang, "reindex_done", **counts))


async def show_passage(update: Update, context: Context) -> None:
    """Source button: the cited passage with its neighbours in the article."""
    svc = services(context)
    query = update.callback_query
    assert query and query.data
    lang = language_of(update)
    passage_id = query.data.removeprefix("p:")
    passages = await asyncio.to_thread(svc.index.neighbours, passage_id, 1)
    parts = render.render_passage_view(passages, passage_id, lang)
    if query.message is None or not isinstance(query.message, Message):
        # Buttons on inline-mode messages have no chat to reply in: show a short alert.
        focus = next((p for p in passages if p.id == passage_id), None)
        text = focus.text if focus else t(lang, "passage_gone")
        await query.answer(text[:190] + ("…" if len(text) > 190 else ""), show_alert=True)
        return
    await query.answer()
    for part in parts:
        await query.message.reply_text(part, do_quote=True)


async def record_feedback(update: Update, context: Context) -> None:
    """👍/👎 button: store the vote and thank the user."""
    svc = services(context)
    query = update.callback_query
    assert query and query.data
    _, key, vote = query.data.split(":")
    chat_id = query.message.chat.id if query.message else 0
    message_id = query.message.message_id if query.message else 0
    svc.store.record_feedback(chat_id, query.from_user.id, message_id, key, int(vote))
    await query.answer(t(language_of(update), "thanks_feedback"))


async def inline_query(update: Update, context: Context) -> None:
    """Inline mode: the answer and its top passages as results to send into any chat."""
    svc = services(context)
    query = update.inline_query
    assert query
    lang = language_of(update)
    text = " ".join(query.query.split())[:MAX_QUESTION_CHARS]
    if not text:
        await query.answer([], button=InlineQueryResultsButton(text=t(lang, "inline_hint"), start_parameter="help"))
        return
    wait = svc.limiter.check(query.from_user.id)
    if wait:
        button = InlineQueryResultsButton(text=t(lang, "rate_limited", seconds=wait), start_parameter="help")
        await query.answer([], button=button, cache_time=0)
        return
    answer = await asyncio.to_thread(svc.answerer.ask, text)
    key = answer_key(answer)
    results = [
        InlineQueryResultArticle(
            id=key,
            title=t(lang, "inline_answer") if answer.grounded else t(lang, "not_found"),
            description=answer.text[:120],
            input_message_content=InputTextMessageContent(render.render_answer(answer, lang)[0]),
        )
    ]
    for i, passage in enumerate(answer.passages[:INLINE_PASSAGES]):
        results.append(
            InlineQueryResultArticle(
                id=f"{key}-{i}",
                title=passage.where(),
                description=passage.text[:120],
                input_message_content=InputTextMessageContent(
                    render.render_passage_view([passage], passage.id, lang)[0]
                ),
            )
        )
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS)


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice in a private chat: ask for a text question."""
    lang = language_of(update)
    await reply(update, t(lang, "not_text", example=EXAMPLE_QUESTIONS[lang][0]))


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown command in a private chat: point to /help."""
    await reply(update, t(language_of(update), "unknown_command"))
