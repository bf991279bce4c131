"""Conversation handlers: questions in private chats and groups, buttons, inline mode, commands."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import PurePath

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from bot import briefings, render
from bot.i18n import EXAMPLE_QUESTIONS, Lang, chat_language, language_of, t
from bot.limits import MAX_QUESTION_CHARS, MAX_TOPIC_CHARS, context_cut, too_long
from bot.services import services
from bot.store import ChatSettings, answer_key
from bot.streaming import GROUP_INTERVAL, PRIVATE_INTERVAL, StreamedReply, show_stream
from retrieval.followup import Turn, standalone
from retrieval.models import Answer, SourceInfo

log = logging.getLogger(__name__)

INLINE_PASSAGES = 3
INLINE_CACHE_SECONDS = 60

Context = ContextTypes.DEFAULT_TYPE


def bot_commands(lang: Lang) -> list[tuple[str, str]]:
    """The bot's commands with their descriptions, for /help and set_my_commands."""
    names = [
        "start", "help", "ask", "new", "brief", "timeline", "sources", "settings", "subscribe", "subscriptions",
        "unsubscribe", "stats", "reindex",
    ]
    return [(name, t(lang, f"cmd_{name}")) for name in names]


# Zero-width spaces and joiners, word joiner, BOM: invisible, so a message of them is empty.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), " ")


def clean_text(text: str | None) -> str:
    """Whitespace collapsed and invisible characters removed; "" when nothing is left."""
    return " ".join((text or "").translate(_INVISIBLE).split())


async def reply(update: Update, text: str) -> None:
    """Reply with a plain interface message (escaped by the renderer, split under the limit)."""
    if update.effective_message:
        for part in render.text_messages(text):
            await update.effective_message.reply_text(part)


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
    return clean_text(text)


@dataclass
class Asked:
    """One question on its way to an answer: where it came from and what it means."""

    chat_id: int
    private: bool
    lang: Lang
    detailed: bool
    question: str  # as the user wrote it
    standalone: str  # rewritten with the conversation, what is searched
    extra: str | None  # the text it replies to
    thread: int


def conversation_thread(svc, chat_id: int, private: bool, message: Message) -> int:
    """A private chat is one conversation; in a group each reply thread is its own."""
    if private:
        return 0
    replied = message.reply_to_message
    if replied is not None:
        known = svc.store.thread_of(chat_id, replied.message_id)
        if known is not None:
            return known
    return message.message_id  # a new thread starts at this question


async def make_standalone(answerer, question: str, history: list[Turn]) -> str:
    """The follow-up as a standalone question: the model's rewrite when one is configured,
    else (or when it gives nothing usable) the offline rewrite of retrieval/followup.py."""
    if not history:
        return question
    pairs = [(turn.asked, turn.answer) for turn in history]
    try:
        if hasattr(answerer, "arewrite"):
            result = await answerer.arewrite(question, pairs)
        elif hasattr(answerer, "rewrite"):  # a model call: not on the event loop
            result = await asyncio.to_thread(answerer.rewrite, question, pairs)
        else:
            result = None
    except Exception:
        log.warning("rewriting the follow-up failed; using the offline rewrite", exc_info=True)
        result = None
    if isinstance(result, str) and clean_text(result):
        return clean_text(result)
    return standalone(question, history)


async def answer_question(update: Update, context: Context, question: str, extra: str | None) -> None:
    """Check the question, put it in its conversation, reply at once and answer into that reply."""
    svc = services(context)
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message and chat and user
    prefs = svc.store.chat_settings(chat.id)
    lang = chat_language(update, prefs.lang)
    private = chat.type == ChatType.PRIVATE
    question = clean_text(question)
    if too_long(question, MAX_QUESTION_CHARS):  # addressed to the bot, in a group too: say why
        await reply(update, t(lang, "too_long", limit=MAX_QUESTION_CHARS))
        return
    if not question:
        if private:  # in groups an empty mention is not worth interrupting the conversation
            await reply(update, t(lang, "empty_question", example=EXAMPLE_QUESTIONS[lang][0]))
        return
    extra = context_cut(extra)
    if await rate_limited(update, svc, user.id, lang):
        return
    thread = conversation_thread(svc, chat.id, private, message)
    history: list[Turn] = []
    if svc.bot.memory_turns:
        since = time.time() - svc.bot.memory_minutes * 60
        history = svc.store.history(chat.id, thread, since)[-svc.bot.memory_turns :]
    asked = Asked(
        chat_id=chat.id,
        private=private,
        lang=lang,
        detailed=prefs.length == "detailed",
        question=question,
        standalone=await make_standalone(svc.answerer, question, history),
        extra=extra,
        thread=thread,
    )
    started = time.monotonic()
    placeholder = await searching_reply(message, lang)
    await respond(context, asked, placeholder, started)


async def respond(context: Context, asked: Asked, placeholder: Message, started: float) -> None:
    """Answer `asked` into `placeholder`; on failure the placeholder becomes an apology with a retry button."""
    svc = services(context)
    stream = StreamedReply(placeholder, PRIVATE_INTERVAL if asked.private else GROUP_INTERVAL)
    stream.send_seconds = time.monotonic() - started
    shown_as = asked.standalone if asked.standalone != asked.question else None

    def draw(answer: Answer) -> list[str]:
        return render.render_answer(answer, asked.lang, asked_as=shown_as, detailed=asked.detailed)

    try:
        events = svc.answerer.astream(asked.standalone, context=asked.extra)
        answer = await show_stream(events, stream, lambda partial: draw(partial)[0])
    except Exception:
        log.error("answering failed (chat=%s)", asked.chat_id, exc_info=True)
        await apologise(context, stream, asked)
        return
    key = answer_key(answer)
    if svc.bot.memory_turns:
        # Remembered before the answer is shown: a reply to it may arrive the moment it is.
        svc.store.add_turn(
            asked.chat_id, asked.thread, placeholder.message_id, asked.question, asked.standalone,
            answer.text, svc.bot.memory_turns, max_age=svc.bot.memory_minutes * 60,
        )
    # Answer time as the asker waits for it: question in to answer ready (before the last send).
    svc.store.log_question(asked.chat_id, asked.standalone, answer.grounded, (time.monotonic() - started) * 1000, key)
    await stream.finish(draw(answer), render.answer_keyboard(answer, key, asked.lang))
    total = time.monotonic() - started
    log_answer(svc.settings.log_text, "private" if asked.private else "group", answer, stream.send_seconds, total)


RETRY_KEY = "retry"  # bot_data: token -> Asked, for the apology's retry button
RETRY_KEPT = 200  # apologies whose retry button still works (oldest forgotten first)


async def apologise(context: Context, stream: StreamedReply, asked: Asked) -> None:
    """Turn the placeholder into a short apology with a retry button (a new message if that fails)."""
    pending: OrderedDict[str, Asked] = context.bot_data.setdefault(RETRY_KEY, OrderedDict())
    token = uuid.uuid4().hex[:16]
    pending[token] = asked
    while len(pending) > RETRY_KEPT:
        pending.popitem(last=False)
    markup = render.retry_keyboard(token, asked.lang)
    await stream.finish([render.text_message(t(asked.lang, "apology"))], markup)


async def retry_question(update: Update, context: Context) -> None:
    """The apology's retry button: answer the same question again, into the same message."""
    query = update.callback_query
    assert query and query.data
    asked = context.bot_data.get(RETRY_KEY, {}).pop(query.data.removeprefix("retry:"), None)
    if asked is None or not isinstance(query.message, Message):
        await query.answer(t(language_of(update), "button_expired"), show_alert=True)
        return
    await query.answer()
    started = time.monotonic()
    placeholder = await query.message.edit_text(render.text_message(t(asked.lang, "searching")))
    await respond(context, asked, placeholder if isinstance(placeholder, Message) else query.message, started)


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
    question = clean_text(" ".join(context.args or []))
    if not question:
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
    await _topic_command(update, context, "brief")


async def timeline_command(update: Update, context: Context) -> None:
    """/timeline 主题: the topic's dated events across articles, oldest first, each cited."""
    await _topic_command(update, context, "timeline")


async def _topic_command(update: Update, context: Context, kind: str) -> None:
    """A briefing or a timeline on the topic in the command's arguments."""
    svc = services(context)
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message and chat and user
    prefs = svc.store.chat_settings(chat.id)
    lang = chat_language(update, prefs.lang)
    topic = clean_text(" ".join(context.args or []))
    if not topic:
        await reply(update, t(lang, f"usage_{kind}"))
        return
    if too_long(topic, MAX_TOPIC_CHARS):
        await reply(update, t(lang, "topic_too_long", limit=MAX_TOPIC_CHARS))
        return
    if await rate_limited(update, svc, user.id, lang):
        return
    started = time.monotonic()
    placeholder = await searching_reply(message, lang)
    stream = StreamedReply(placeholder, 0)
    try:
        answer = await (svc.answerer.abrief(topic) if kind == "brief" else svc.answerer.atimeline(topic))
    except Exception:
        log.error("%s failed (chat=%s)", kind, chat.id, exc_info=True)
        await stream.finish([render.text_message(t(lang, "error"))], None)  # never leave the placeholder
        return
    rendered = render.render_brief(answer, topic, lang) if kind == "brief" else render.render_timeline(answer, topic, lang)
    await stream.finish(rendered, render.answer_keyboard(answer, answer_key(answer), lang))
    log_answer(svc.settings.log_text, chat.type, answer, stream.send_seconds, time.monotonic() - started)


async def sources_command(update: Update, context: Context) -> None:
    """/sources: the indexed pages, their headlines and passage counts."""
    svc = services(context)
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


async def admin_only(update: Update, svc, lang: str, refusal: str) -> bool:
    """Whether the sender is an admin (CQNEWS_ADMIN_IDS); tells anyone else `refusal`."""
    user = update.effective_user
    if user is not None and user.id in svc.admins:
        return True
    await reply(update, t(lang, refusal))
    return False


async def reindex_command(update: Update, context: Context) -> None:
    """/reindex: reload what other processes ingested, then re-ingest the seeds (CQNEWS_ADMIN_IDS only)."""
    svc = services(context)
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


INLINE_KEY = "inline"  # bot_data: the inline cache and each user's latest query
INLINE_CACHED = 256  # queries whose results are kept (least recently used dropped first)


@dataclass
class InlineState:
    """Per-query result cache, each user's latest query (the debounce), chosen questions."""

    results: OrderedDict[str, list] = field(default_factory=OrderedDict)
    latest: dict[int, int] = field(default_factory=dict)
    questions: OrderedDict[str, str] = field(default_factory=OrderedDict)
    searches: int = 0  # searches run, for the log


def inline_state(context: Context) -> InlineState:
    return context.bot_data.setdefault(INLINE_KEY, InlineState())


def _remember(cache: OrderedDict, key: str, value: object) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > INLINE_CACHED:
        cache.popitem(last=False)


def question_token(question: str) -> str:
    """A short id for an inline question, small enough for result ids and callback data."""
    return hashlib.sha1(question.encode()).hexdigest()[:16]


async def inline_query(update: Update, context: Context) -> None:
    """Inline mode: passages from search once the query settles; the full answer only when chosen."""
    svc = services(context)
    query = update.inline_query
    assert query
    lang = language_of(update)
    text = clean_text(query.query)
    if not text or too_long(text, MAX_QUESTION_CHARS):
        hint = t(lang, "inline_hint") if not text else t(lang, "inline_too_long", limit=MAX_QUESTION_CHARS)
        await query.answer([], button=InlineQueryResultsButton(text=hint, start_parameter="help"), cache_time=0)
        return
    state = inline_state(context)
    user_id = query.from_user.id
    state.latest[user_id] = turn = state.latest.get(user_id, 0) + 1
    results = state.results.get(text)
    if results is None:
        # Typing sends a query per keystroke: search only once the text has stopped changing.
        await asyncio.sleep(svc.bot.inline_debounce)
        if state.latest.get(user_id) != turn:
            return  # a newer keystroke came: this query is already out of date
        results = state.results.get(text)
    if results is None:
        wait = svc.inline_limiter.check(user_id)
        if wait:
            button = InlineQueryResultsButton(text=t(lang, "rate_limited", seconds=wait), start_parameter="help")
            await query.answer([], button=button, cache_time=0)
            return
        state.searches += 1
        passages = await asyncio.to_thread(svc.index.search, text, INLINE_PASSAGES)
        passages = [p for p in passages if not p.instructions]  # instruction-like text (retrieval/injection.py)
        results = inline_results(text, passages, lang)
        _remember(state.results, text, results)
        _remember(state.questions, question_token(text), text)
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS)


def inline_results(text: str, passages, lang: Lang) -> list[InlineQueryResultArticle]:
    """A "full answer" result (written when chosen) and the passages search found, with headlines."""
    token = question_token(text)
    button = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "inline_answer_button"), callback_data=f"ia:{token}")]]
    )
    results = [
        InlineQueryResultArticle(
            id=f"a:{token}",
            title=t(lang, "inline_full_answer", question=text[:60]),
            description=passages[0].text[:120] if passages else t(lang, "not_found"),
            input_message_content=InputTextMessageContent(
                render.text_messages(t(lang, "inline_full_answer", question=text))[0]
            ),
            # A keyboard makes Telegram report the sent message's inline_message_id, to edit.
            reply_markup=button,
        )
    ]
    for i, passage in enumerate(passages):
        results.append(
            InlineQueryResultArticle(
                id=f"p:{token}:{i}",
                title=passage.where(),
                description=passage.text[:120],
                input_message_content=InputTextMessageContent(
                    render.render_passage_view([passage], passage.id, lang)[0]
                ),
            )
        )
    return results


async def chosen_inline_answer(update: Update, context: Context) -> None:
    """The "full answer" inline result was sent: write the answer into that message."""
    chosen = update.chosen_inline_result
    assert chosen
    if not chosen.result_id.startswith("a:") or not chosen.inline_message_id:
        return
    if too_long(clean_text(chosen.query), MAX_QUESTION_CHARS):  # no such result was offered
        return
    await write_inline_answer(context, chosen.inline_message_id, clean_text(chosen.query), language_of(update))


async def inline_answer_button(update: Update, context: Context) -> None:
    """The "full answer" button on an inline message (when chosen-result reports are off)."""
    query = update.callback_query
    assert query and query.data
    lang = language_of(update)
    text = inline_state(context).questions.get(query.data.removeprefix("ia:"))
    if text is None or not query.inline_message_id:
        await query.answer(t(lang, "button_expired"), show_alert=True)
        return
    await query.answer()
    await write_inline_answer(context, query.inline_message_id, text, lang)


async def write_inline_answer(context: Context, inline_message_id: str, text: str, lang: Lang) -> None:
    """Answer `text` (this is where an LLM may run) and edit the inline message into it."""
    svc = services(context)
    if not text:
        return
    started = time.monotonic()
    answer = await svc.answerer.aask(text) if hasattr(svc.answerer, "aask") else await asyncio.to_thread(
        svc.answerer.ask, text
    )
    await context.bot.edit_message_text(render.render_answer(answer, lang)[0], inline_message_id=inline_message_id)
    svc.store.log_question(0, answer.question, answer.grounded, (time.monotonic() - started) * 1000, answer_key(answer))


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice in a private chat: ask for a text question."""
    lang = language_of(update)
    await reply(update, t(lang, "not_text", example=EXAMPLE_QUESTIONS[lang][0]))


async def unknown_command(update: Update, context: Context) -> None:
    """An unknown command in a private chat: point to /help."""
    await reply(update, t(language_of(update), "unknown_command"))


async def new_command(update: Update, context: Context) -> None:
    """/new and /reset: forget this chat's conversation."""
    chat = update.effective_chat
    assert chat
    svc = services(context)
    svc.store.forget(chat.id)
    await reply(update, t(chat_language(update, svc.store.chat_settings(chat.id).lang), "new_conversation"))


async def settings_command(update: Update, context: Context) -> None:
    """/settings: this chat's interface language and answer length, as buttons."""
    chat, message = update.effective_chat, update.effective_message
    assert chat and message
    prefs = services(context).store.chat_settings(chat.id)
    lang = chat_language(update, prefs.lang)
    await message.reply_text(
        render.text_message(t(lang, "settings_title")),
        reply_markup=render.settings_keyboard(prefs.lang, prefs.length, lang),
    )


async def settings_button(update: Update, context: Context) -> None:
    """A /settings button: store the choice and tick it."""
    query = update.callback_query
    assert query and query.data
    svc = services(context)
    chat = update.effective_chat
    _, what, value = query.data.split(":", 2)
    if chat is None or (chat.type != ChatType.PRIVATE and not await briefings.may_manage(update, context)):
        await query.answer(t(language_of(update), "admins_only"), show_alert=True)
        return
    prefs = svc.store.chat_settings(chat.id)
    prefs = ChatSettings(value, prefs.length) if what == "lang" else ChatSettings(prefs.lang, value)
    svc.store.set_chat_settings(chat.id, prefs)
    lang = chat_language(update, prefs.lang)
    await query.answer(t(lang, "settings_saved"))
    if isinstance(query.message, Message):
        await query.message.edit_text(
            render.text_message(t(lang, "settings_title")),
            reply_markup=render.settings_keyboard(prefs.lang, prefs.length, lang),
        )


DAY = 24 * 3600


async def stats_command(update: Update, context: Context) -> None:
    """/stats (CQNEWS_ADMIN_IDS only): questions, outcomes, votes and answer times."""
    svc = services(context)
    lang = language_of(update)
    if not await admin_only(update, svc, lang, "stats_admins_only"):
        return
    now = time.time()
    periods = [(t(lang, "stats_day"), svc.store.stats(now - DAY)), (t(lang, "stats_week"), svc.store.stats(now - 7 * DAY))]
    assert update.effective_message
    for part in render.render_stats(periods, lang):
        await update.effective_message.reply_text(part)


async def unknown_button(update: Update, context: Context) -> None:
    """Any other button (an old keyboard, unknown data): answer it so the client's spinner stops."""
    query = update.callback_query
    assert query
    await query.answer(t(language_of(update), "button_expired"))
