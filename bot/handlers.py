"""Conversation handlers: questions in private chats and groups, buttons, inline mode, commands."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from cachetools import LRUCache
from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import Application

from bot import briefings, buttons, render
from bot.buttons import InlineAnswer, Retry, Setting, ShowPassage, Vote
from bot.i18n import EXAMPLE_QUESTIONS, Lang, chat_language, language_of, t
from bot.limits import MAX_ASKED_CHARS, MAX_TOPIC_CHARS, context_cut, too_long
from bot.quotes import body
from bot.services import BotContext, Services
from bot.store import ChatSettings, Subscription, answer_key
from bot.store_queue import READ_WAIT
from bot.streaming import (
    GROUP_INTERVAL,
    PRIVATE_INTERVAL,
    Destination,
    Placeholder,
    StreamedReply,
    show_stream,
)
from retrieval.answer.followup import Turn, standalone
from retrieval.models import Answer, SourceInfo
from retrieval.search.hybrid import search
from retrieval.text.normalise import clean_input

log = logging.getLogger(__name__)

INLINE_PASSAGES = 3
INLINE_CACHE_SECONDS = 60


def bot_commands(lang: Lang) -> list[tuple[str, str]]:
    """The bot's commands with their descriptions, for /help and set_my_commands."""
    names = [
        "start", "help", "ask", "new", "brief", "timeline", "sources", "settings", "subscribe", "subscriptions",
        "unsubscribe", "stats", "reindex",
    ]
    return [(name, t(lang, f"cmd_{name}")) for name in names]


# Zero-width spaces and joiners, word joiner, BOM: invisible, so a message of them is empty.
async def reply(update: Update, text: str) -> None:
    """Reply with a plain interface message (escaped by the renderer, split under the limit)."""
    if update.effective_message:
        for part in render.text_messages(text):
            await update.effective_message.reply_text(part)


def searching_reply(context: BotContext, destination: Destination, lang: Lang) -> Placeholder:
    """Reply "正在查找…" at once, in the background, with a typing action alongside (which may fail harmlessly)."""

    async def typing() -> None:
        try:
            await context.bot.send_chat_action(destination.chat_id, ChatAction.TYPING, message_thread_id=destination.topic)
        except TelegramError as exc:
            log.debug("typing action failed: %r", exc)

    context.application.create_task(typing())
    return Placeholder.send(context.bot, destination, render.text_message(t(lang, "searching")))


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
    return clean_input(text)


QUESTION, SCHEDULED = "question", "scheduled"  # kinds of Asked (and "brief", "timeline")


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
    question_id: int = 0  # the user's message (a scheduled briefing: a negative id of its own)
    topic: int | None = None  # where the answer goes: see streaming.Destination
    reply_to: int | None = None
    kind: str = "question"  # or "brief", "timeline" (`question` is the topic), "scheduled" (a daily briefing)
    seen: list[str] | None = None  # a scheduled briefing's articles, marked as briefed once it is delivered

    @property
    def destination(self) -> Destination:
        return Destination(self.chat_id, self.topic, self.reply_to)


async def conversation_thread(svc, chat_id: int, private: bool, message: Message) -> int:
    """A private chat is one conversation; in a group each reply thread is its own."""
    if private:
        return 0
    replied = message.reply_to_message
    if replied is not None:
        known = await svc.queue.call(svc.store.thread_of, chat_id, replied.message_id, default=None, wait=READ_WAIT)
        if known is not None:
            return known
    return message.message_id  # a new thread starts at this question


async def make_standalone(answerer, question: str, history: list[Turn]) -> str:
    """The follow-up as a standalone question: the model's rewrite when one is configured,
    else (or when it gives nothing usable) the offline rewrite of retrieval/answer/followup.py."""
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
    if isinstance(result, str) and clean_input(result):
        return clean_input(result)
    return standalone(question, history)


async def answer_question(update: Update, context: BotContext, question: str, extra: str | None) -> None:
    """Check the question, put it in its conversation, reply at once and answer into that reply."""
    svc = context.services
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message and chat and user
    if (chat.id, message.message_id) in context.bot_data.get(RECOVERED_KEY, ()):
        return  # delivered again after a restart, and already answered from the in-flight record
    prefs = await svc.queue.call(svc.store.chat_settings, chat.id, default=ChatSettings(), wait=READ_WAIT)
    lang = chat_language(update, prefs.lang)
    private = chat.type == ChatType.PRIVATE
    question = clean_input(question)
    if too_long(question, MAX_ASKED_CHARS):  # addressed to the bot, in a group too: say why
        await reply(update, t(lang, "too_long", limit=MAX_ASKED_CHARS))
        return
    if not question:
        if private:  # in groups an empty mention is not worth interrupting the conversation
            await reply(update, t(lang, "empty_question", example=EXAMPLE_QUESTIONS[lang][0]))
        return
    extra = context_cut(extra)
    if await rate_limited(update, svc, user.id, lang):
        return
    thread = await conversation_thread(svc, chat.id, private, message)
    history: list[Turn] = []
    if svc.bot.memory_turns:
        since = time.time() - svc.bot.memory_minutes * 60
        turns = await svc.queue.call(svc.store.history, chat.id, thread, since, default=[], wait=READ_WAIT)
        history = turns[-svc.bot.memory_turns :]
    destination = Destination.of(message)
    asked = Asked(
        chat_id=chat.id,
        private=private,
        lang=lang,
        detailed=prefs.length == "detailed",
        question=question,
        standalone=question,
        extra=extra,
        thread=thread,
        question_id=message.message_id,
        topic=destination.topic,
        reply_to=destination.reply_to,
    )
    # Recorded before anything is shown (and before a model rewrites it, which takes a while):
    # after a crash the question is answered from this record.
    svc.queue.submit(svc.store.add_inflight, chat.id, message.message_id, asdict(asked))
    asked.standalone = await make_standalone(svc.answerer, question, history)
    if asked.standalone != question:
        svc.queue.submit(svc.store.add_inflight, chat.id, message.message_id, asdict(asked))
    started = time.monotonic()
    await respond(context, asked, placeholder_for(context, asked), started)


def placeholder_for(context: BotContext, asked: Asked) -> Placeholder:
    """Send "正在查找…" for `asked`, its message id recorded in the in-flight record once known."""
    svc = context.services
    if asked.kind == SCHEDULED:  # a daily briefing is posted whole, nobody is waiting on it
        return Placeholder.known(None)
    placeholder = searching_reply(context, asked.destination, asked.lang)
    placeholder.on_sent(
        lambda message_id: svc.queue.submit(svc.store.set_inflight, asked.chat_id, asked.question_id, placeholder=message_id)
    )
    return placeholder


def streamed_reply(context: BotContext, asked: Asked, placeholder: Placeholder, interval: float, delivered: int = 0) -> StreamedReply:
    return StreamedReply(
        context.bot, asked.destination, placeholder, interval,
        moved_html=render.text_message(t(asked.lang, "answer_below")), delivered=delivered,
    )


async def respond(context: BotContext, asked: Asked, placeholder: Placeholder, started: float) -> None:
    """Answer `asked` into `placeholder`; on failure the placeholder becomes an apology with a retry button."""
    if asked.kind != QUESTION:
        await respond_on_topic(context, asked, placeholder, started)
        return
    svc = context.services
    stream = streamed_reply(context, asked, placeholder, PRIVATE_INTERVAL if asked.private else GROUP_INTERVAL)
    shown_as = asked.standalone if asked.standalone != asked.question else None

    def draw(answer: Answer) -> list[str]:
        return render.render_answer(
            answer, asked.lang, asked_as=shown_as, detailed=asked.detailed, most=svc.bot.max_answer_messages
        )

    try:
        events = svc.answerer.astream(asked.standalone, context=asked.extra)
        answer = await show_stream(events, stream, lambda partial: draw(partial)[0])
    except Exception:
        log.error("answering failed (chat=%s)", asked.chat_id, exc_info=True)
        await apologise(context, stream, asked)
        return
    key = answer_key(answer)
    placeholder_id = await placeholder.settle() or 0
    # Store writes are queued, never awaited: the answer does not wait for (or fail with) the
    # database. Queued before the answer is shown, so a reply to it, whose reads queue behind
    # them, finds its thread.
    if svc.bot.memory_turns:
        svc.queue.submit(
            svc.store.add_turn, asked.chat_id, asked.thread, placeholder_id, asked.question, asked.standalone,
            body(answer), svc.bot.memory_turns, max_age=svc.bot.memory_minutes * 60,
        )
    # Answer time as the asker waits for it: question in to answer ready (before the last send).
    ready_ms = (time.monotonic() - started) * 1000
    svc.queue.submit(svc.store.log_question, asked.chat_id, asked.standalone, answer.grounded, ready_ms, key)
    await deliver(context, asked, stream, draw(answer), render.answer_keyboard(answer, key, asked.lang))
    if svc.bot.memory_turns and stream.first_id and stream.first_id != placeholder_id:
        svc.queue.submit(svc.store.relink_turn, asked.chat_id, placeholder_id, stream.first_id)
    total = time.monotonic() - started
    log_answer(svc.settings.log_text, "private" if asked.private else "group", answer, stream.send_seconds, total)


# -- delivery: an answer, once computed, reaches the reader ---------------------------------
RECOVERED_KEY = "recovered"  # bot_data: (chat_id, question_id) answered from records after a restart
UNDELIVERED_KEY = "undelivered"  # bot_data: (chat_id, question_id) -> Undelivered, awaiting redelivery
REDELIVER_MAX_SECONDS = 600.0  # redelivery attempts back off up to this interval…
REDELIVER_FOR_SECONDS = 24 * 3600  # …and stop once the question is this old (a restart tries once more)


@dataclass
class Undelivered:
    """An answer Telegram would not take yet: what is left of it and the placeholder left behind."""

    asked: Asked
    parts: list[str]
    markup: dict | None
    delivered: int
    placeholder: int | None
    attempt: int = 0
    since: float = field(default_factory=time.time)

    def record(self) -> dict:
        return {"parts": self.parts, "markup": self.markup, "delivered": self.delivered}


async def deliver(
    context: BotContext, asked: Asked, stream: StreamedReply, parts: list[str], markup: InlineKeyboardMarkup | None,
    attempt: int = 0, since: float | None = None,
) -> bool:
    """Show the answer; if Telegram will not take it now, keep it (in memory and in the store) and
    try again later with backoff. True once everything is shown and no placeholder is left."""
    svc = context.services
    flight = (asked.chat_id, asked.question_id)
    undelivered: dict = context.bot_data.setdefault(UNDELIVERED_KEY, {})
    shown_before = stream.delivered
    try:
        await stream.finish(parts, markup)
    except ChatMigrated as moved:
        # The group became a supergroup (the bot missed the service messages): follow it and deliver there.
        await briefings.follow_migration(context.application, asked.chat_id, moved.new_chat_id)
        undelivered.pop(flight, None)
        svc.queue.submit(svc.store.remove_inflight, *flight)
        there = dataclasses.replace(asked, chat_id=moved.new_chat_id, topic=None, reply_to=None)
        svc.queue.submit(svc.store.add_inflight, there.chat_id, there.question_id, asdict(there))
        resent = streamed_reply(context, there, Placeholder.known(None), 0, delivered=stream.delivered)
        return await deliver(context, there, resent, parts, markup, attempt, since)
    except (Forbidden, BadRequest) as exc:
        # Not an outage: the chat is closed to the bot or the message is refused; trying again changes nothing.
        if isinstance(exc, Forbidden):
            why = "is gone (Forbidden on the daily briefing)" if asked.kind == SCHEDULED else (
                f"blocked the bot or removed it ({exc.message})"
            )
            await briefings.end_chat(context.application, asked.chat_id, why)
        else:
            log.warning("the answer for chat %s could not be delivered (%s); dropped", asked.chat_id, exc)
        undelivered.pop(flight, None)
        svc.queue.submit(svc.store.remove_inflight, *flight)
        return False
    except TelegramError as exc:
        placeholder = stream.placeholder.message_id if stream.delivered == 0 else stream.stuck
        pending = Undelivered(
            asked, list(parts), buttons.markup_record(markup), stream.delivered, placeholder, attempt + 1,
            since if since is not None else time.time(),
        )
        delay = schedule_redelivery(context, pending)
        log.warning(
            "the answer for chat %s could not be delivered (%s); %d of %d parts shown, next try in %.1fs",
            asked.chat_id, exc, stream.delivered, len(parts), delay,
        )
        return False
    if shown_before < len(parts):
        shown(context, asked)
    if stream.stuck is not None:  # everything shown, but the placeholder still says "正在查找…"
        schedule_redelivery(context, Undelivered(asked, list(parts), None, len(parts), stream.stuck, attempt + 1))
        return True
    undelivered.pop(flight, None)
    svc.queue.submit(svc.store.remove_inflight, *flight)
    return True


def shown(context: BotContext, asked: Asked) -> None:
    """What follows once the whole answer is in the chat: a daily briefing marks its articles as briefed."""
    if asked.kind == SCHEDULED:
        svc = context.services
        svc.queue.submit(svc.store.mark_briefed, asked.chat_id, asked.question, set(asked.seen or ()))
        log.info("briefing sent chat=%s articles=%d", asked.chat_id, len(asked.seen or ()))


# A job that answers or delivers runs however late it comes due: the scheduler skips a job more than a
# second late by default, and recovery jobs are scheduled before a start that can take longer than that
# (the index opens, the commands are sent); skipped, the question would wait for the next restart.
NEVER_MISSED = {"misfire_grace_time": None}


def schedule_redelivery(context: BotContext, pending: Undelivered) -> float:
    """Keep `pending` (in memory, and in the store for a restart) and try it again later; the delay."""
    svc = context.services
    flight = (pending.asked.chat_id, pending.asked.question_id)
    context.bot_data.setdefault(UNDELIVERED_KEY, {})[flight] = pending
    svc.queue.submit(svc.store.set_inflight, *flight, placeholder=pending.placeholder, answer=pending.record())
    if time.time() - pending.since > REDELIVER_FOR_SECONDS or context.job_queue is None:
        log.error("gave up delivering the answer for chat %s; it is tried again at the next start", flight[0])
        return 0.0
    # The rate limiter already waited backoff·(1, 2, 4…) within the request; carry on doubling from there.
    delay = min(svc.bot.retry_backoff * 2 ** (svc.bot.network_retries + pending.attempt), REDELIVER_MAX_SECONDS)
    context.job_queue.run_once(
        redeliver, delay, data=flight, name=f"redeliver:{flight[0]}:{flight[1]}", job_kwargs=NEVER_MISSED
    )
    return delay


async def redeliver(context: BotContext) -> None:
    """Job: try an undelivered answer again (what is left of it, and its placeholder)."""
    assert context.job is not None
    pending: Undelivered | None = context.bot_data.get(UNDELIVERED_KEY, {}).get(context.job.data)
    if pending is None:
        return
    await deliver_pending(context, pending)


async def deliver_pending(context: BotContext, pending: Undelivered) -> bool:
    asked = pending.asked
    stream = streamed_reply(context, asked, Placeholder.known(pending.placeholder), 0, delivered=pending.delivered)
    markup = buttons.markup_from_record(pending.markup)
    return await deliver(context, asked, stream, pending.parts, markup, pending.attempt, pending.since)


async def recover_inflight(application: Application) -> int:
    """At start: answer every question a crash or an outage left unanswered (once each); how many."""
    svc = Services.of(application)
    try:
        records = await svc.queue.run(svc.store.inflight)
    except Exception:  # a store that cannot be read must not keep the bot from starting
        log.warning("could not read the questions left unanswered from %s", svc.store.path, exc_info=True)
        return 0
    recovered: set = application.bot_data.setdefault(RECOVERED_KEY, set())
    for chat_id, question_id, asked_fields, placeholder, answer in records:
        try:
            asked = Asked(**asked_fields)
        except TypeError:
            log.warning("an unreadable in-flight record for chat %s was dropped", chat_id)
            svc.queue.submit(svc.store.remove_inflight, chat_id, question_id)
            continue
        recovered.add((chat_id, question_id))
        data = (asked, placeholder, answer)
        if application.job_queue is not None:
            application.job_queue.run_once(
                recover_one, 0, data=data, name=f"recover:{chat_id}:{question_id}", job_kwargs=NEVER_MISSED
            )
    if records:
        log.info("answering %d question(s) left unanswered when the bot last stopped", len(records))
    return len(records)


async def recover_one(context: BotContext) -> None:
    """Job: a question from before the restart, answered (or its answer delivered) into its placeholder."""
    assert context.job is not None
    asked, placeholder, answer = context.job.data
    if answer is not None:
        pending = Undelivered(asked, answer["parts"], answer.get("markup"), answer.get("delivered", 0), placeholder)
        await deliver_pending(context, pending)
        return
    started = time.monotonic()
    await respond(context, asked, Placeholder.known(placeholder) if placeholder else placeholder_for(context, asked), started)


async def apologise(context: BotContext, stream: StreamedReply, asked: Asked) -> None:
    """Turn the placeholder into a short apology with a retry button (a new message if that fails)."""
    markup = render.retry_keyboard(Retry(asdict(asked)), asked.lang)
    await deliver(context, asked, stream, [render.text_message(t(asked.lang, "apology"))], markup)


async def retry_question(update: Update, context: BotContext) -> None:
    """The apology's retry button: answer the same question again, into the same message."""
    query = update.callback_query
    assert query and isinstance(query.data, Retry)
    # The button works once: the message becomes the answer, with buttons of its own.
    context.drop_callback_data(query)
    try:
        asked = Asked(**query.data.asked)
    except TypeError:  # saved by a version of the bot whose questions had other fields
        asked = None
    if asked is None or not isinstance(query.message, Message):
        await query.answer(t(language_of(update), "button_expired"), show_alert=True)
        return
    await query.answer()
    started = time.monotonic()
    await query.message.edit_text(render.text_message(t(asked.lang, "searching")))
    svc = context.services
    svc.queue.submit(svc.store.add_inflight, asked.chat_id, asked.question_id, asdict(asked))
    svc.queue.submit(svc.store.set_inflight, asked.chat_id, asked.question_id, placeholder=query.message.message_id)
    await respond(context, asked, Placeholder.known(query.message.message_id), started)


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


async def private_text(update: Update, context: BotContext) -> None:
    """Any text in a private chat is a question."""
    message = update.effective_message
    assert message
    if message.via_bot and message.via_bot.id == context.bot.id:
        return  # one of our own inline answers, sent into this chat: not a question
    await answer_question(update, context, message.text or "", quoted_context(message))


async def group_text(update: Update, context: BotContext) -> None:
    """Answer a group message only when it mentions or replies to the bot."""
    message = update.effective_message
    assert message
    question = group_question(message, context.bot.id, context.bot.username)
    if question:
        # A reply to the bot's own answer makes that answer the context of the follow-up.
        await answer_question(update, context, question, quoted_context(message))


async def rate_limited(update: Update, svc, user_id: int, lang: str) -> bool:
    """True when the user asked too often; the first refusal of a wait says how long (later ones are silent)."""
    wait = svc.limiter.check(user_id)
    if wait and svc.limiter.first_refusal(user_id, wait):
        await reply(update, t(lang, "rate_limited", seconds=wait))
    return bool(wait)


async def ask_command(update: Update, context: BotContext) -> None:
    """/ask 问题: the way to ask in a group without a mention."""
    message = update.effective_message
    assert message
    question = clean_input(" ".join(context.args or []))
    if not question:
        await reply(update, t(language_of(update), "usage_ask"))
        return
    await answer_question(update, context, question, quoted_context(message))


async def start_command(update: Update, context: BotContext) -> None:
    """/start: a welcome with example questions."""
    assert update.effective_message
    await update.effective_message.reply_text(render.render_welcome(language_of(update)))


async def help_command(update: Update, context: BotContext) -> None:
    """/help: how to ask, and the commands."""
    lang = language_of(update)
    assert update.effective_message
    await update.effective_message.reply_text(render.render_help(lang, bot_commands(lang)))


async def brief_command(update: Update, context: BotContext) -> None:
    """/brief 主题: a briefing on a topic from the indexed articles."""
    await _topic_command(update, context, "brief")


async def timeline_command(update: Update, context: BotContext) -> None:
    """/timeline 主题: the topic's dated events across articles, oldest first, each cited."""
    await _topic_command(update, context, "timeline")


async def _topic_command(update: Update, context: BotContext, kind: str) -> None:
    """A briefing or a timeline on the topic in the command's arguments, delivered like an answer."""
    svc = context.services
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message and chat and user
    if (chat.id, message.message_id) in context.bot_data.get(RECOVERED_KEY, ()):
        return  # delivered again after a restart, and already answered from the in-flight record
    prefs = await svc.queue.call(svc.store.chat_settings, chat.id, default=ChatSettings(), wait=READ_WAIT)
    lang = chat_language(update, prefs.lang)
    topic = clean_input(" ".join(context.args or []))
    if not topic:
        await reply(update, t(lang, f"usage_{kind}"))
        return
    if too_long(topic, MAX_TOPIC_CHARS):
        await reply(update, t(lang, "topic_too_long", limit=MAX_TOPIC_CHARS))
        return
    if await rate_limited(update, svc, user.id, lang):
        return
    started = time.monotonic()
    destination = Destination.of(message)
    asked = Asked(
        chat_id=chat.id, private=chat.type == ChatType.PRIVATE, lang=lang, detailed=False, question=topic,
        standalone=topic, extra=None, thread=0, question_id=message.message_id, topic=destination.topic,
        reply_to=destination.reply_to, kind=kind,
    )
    svc.queue.submit(svc.store.add_inflight, chat.id, message.message_id, asdict(asked))
    await respond(context, asked, placeholder_for(context, asked), started)


async def brief_on_schedule(context: BotContext, sub: Subscription) -> None:
    """A subscription's daily briefing, recorded in flight and delivered like an answer (no placeholder)."""
    svc = context.services
    asked = Asked(
        chat_id=sub.chat_id, private=sub.chat_id > 0, lang="en" if sub.lang == "en" else "zh", detailed=False,
        question=sub.topic, standalone=sub.topic, extra=None, thread=0,
        question_id=-time.time_ns() // 1000,  # negative: never a message id; one per briefing
        kind=SCHEDULED,
    )
    svc.queue.submit(svc.store.add_inflight, asked.chat_id, asked.question_id, asdict(asked))
    await respond(context, asked, Placeholder.known(None), time.monotonic())


async def respond_on_topic(context: BotContext, asked: Asked, placeholder: Placeholder, started: float) -> None:
    """Write a briefing or a timeline on `asked.question` and deliver it into `placeholder`."""
    svc = context.services
    flight = (asked.chat_id, asked.question_id)
    stream = streamed_reply(context, asked, placeholder, 0)
    sub = None
    if asked.kind == SCHEDULED:
        sub = await svc.queue.call(svc.store.subscription, asked.chat_id, asked.question, default=None)
        if sub is None:  # unsubscribed meanwhile (or the database is gone): nothing to send
            svc.queue.submit(svc.store.remove_inflight, *flight)
            return
    try:
        if asked.kind == "timeline":
            answer = await svc.answerer.atimeline(asked.question)
        else:
            answer = await svc.answerer.abrief(asked.question)
    except Exception:
        log.error("%s failed (chat=%s)", asked.kind, asked.chat_id, exc_info=True)
        if sub is not None:  # nobody asked at this moment: no apology in the group, tomorrow's comes as usual
            svc.queue.submit(svc.store.remove_inflight, *flight)
            return
        await apologise(context, stream, asked)
        return
    most = svc.bot.max_answer_messages
    markup = render.answer_keyboard(answer, answer_key(answer), asked.lang)
    if sub is not None:
        fresh, keys = briefings.new_articles(answer, sub)
        parts = render.render_brief(answer, asked.question, asked.lang, fresh, scheduled=True, most=most)
        markup = None
        asked.seen = sorted(keys)
        svc.queue.submit(svc.store.add_inflight, asked.chat_id, asked.question_id, asdict(asked))
    elif asked.kind == "timeline":
        parts = render.render_timeline(answer, asked.question, asked.lang, most=most)
    else:
        parts = render.render_brief(answer, asked.question, asked.lang, most=most)
    await deliver(context, asked, stream, parts, markup)
    chat_type = "private" if asked.private else "group"
    log_answer(svc.settings.log_text, chat_type, answer, stream.send_seconds, time.monotonic() - started)


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


async def admin_only(update: Update, svc, lang: str, refusal: str) -> bool:
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
        await query.answer(render.alert_text(text), show_alert=True)
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


INLINE_KEY = "inline"  # bot_data: the inline cache and each user's latest query
INLINE_CACHED = 256  # queries whose results are kept (least recently used dropped first)


@dataclass
class InlineState:
    """Per-query search results (so a repeated query is not searched again), each user's latest query (the debounce)."""

    results: LRUCache[str, list] = field(default_factory=lambda: LRUCache(maxsize=INLINE_CACHED))
    latest: dict[int, int] = field(default_factory=dict)
    searches: int = 0  # searches run, for the log


def inline_state(context: BotContext) -> InlineState:
    return context.bot_data.setdefault(INLINE_KEY, InlineState())


def question_token(question: str) -> str:
    """A short id for an inline question, small enough for result ids (at most 64 bytes)."""
    return hashlib.sha1(question.encode()).hexdigest()[:16]


async def inline_query(update: Update, context: BotContext) -> None:
    """Inline mode: passages from search once the query settles; the full answer only when chosen."""
    svc = context.services
    query = update.inline_query
    assert query
    lang = language_of(update)
    text = clean_input(query.query)
    if not text or too_long(text, MAX_ASKED_CHARS):
        hint = t(lang, "inline_hint") if not text else t(lang, "inline_too_long", limit=MAX_ASKED_CHARS)
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
        passages = await asyncio.to_thread(search, svc.index, text, INLINE_PASSAGES)
        passages = [p for p in passages if not p.instructions]  # instruction-like text (retrieval/text/injection.py)
        results = inline_results(text, passages, lang)
        state.results[text] = results
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS)


def inline_results(text: str, passages, lang: Lang) -> list[InlineQueryResultArticle]:
    """A "full answer" result (written when chosen) and the passages search found, with headlines."""
    token = question_token(text)
    results = [
        InlineQueryResultArticle(
            id=f"a:{token}",
            title=t(lang, "inline_full_answer", question=text[:60]),
            description=passages[0].text[:120] if passages else t(lang, "not_found"),
            input_message_content=InputTextMessageContent(
                render.text_messages(t(lang, "inline_full_answer", question=text))[0]
            ),
            # A keyboard makes Telegram report the sent message's inline_message_id, to edit.
            reply_markup=render.inline_answer_keyboard(text, lang),
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


async def chosen_inline_answer(update: Update, context: BotContext) -> None:
    """The "full answer" inline result was sent: write the answer into that message."""
    chosen = update.chosen_inline_result
    assert chosen
    if not chosen.result_id.startswith("a:") or not chosen.inline_message_id:
        return
    text, lang = clean_input(chosen.query), language_of(update)
    if too_long(text, MAX_ASKED_CHARS):  # no such result was offered
        return
    # A full answer is a question answered (a model call): it spends the question budget.
    wait = context.services.limiter.check(chosen.from_user.id)
    if wait:
        # The message stays, saying when to press its button for the answer.
        await context.bot.edit_message_text(
            render.text_message(t(lang, "rate_limited", seconds=wait)), inline_message_id=chosen.inline_message_id,
            reply_markup=render.inline_answer_keyboard(text, lang),
        )
        return
    await write_inline_answer(context, chosen.inline_message_id, text, lang)


async def inline_answer_button(update: Update, context: BotContext) -> None:
    """The "full answer" button on an inline message (when chosen-result reports are off)."""
    query = update.callback_query
    assert query and isinstance(query.data, InlineAnswer)
    lang = language_of(update)
    text = query.data.question
    if not query.inline_message_id:
        await query.answer(t(lang, "button_expired"), show_alert=True)
        return
    wait = context.services.limiter.check(query.from_user.id)
    if wait:
        await query.answer(t(lang, "rate_limited", seconds=wait), show_alert=True)
        return
    await query.answer()
    await write_inline_answer(context, query.inline_message_id, text, lang)


async def write_inline_answer(context: BotContext, inline_message_id: str, text: str, lang: Lang) -> None:
    """Answer `text` (this is where an LLM may run) and edit the inline message into it."""
    svc = context.services
    if not text:
        return
    started = time.monotonic()
    answer = await svc.answerer.aask(text) if hasattr(svc.answerer, "aask") else await asyncio.to_thread(
        svc.answerer.ask, text
    )
    ready_ms = (time.monotonic() - started) * 1000
    svc.queue.submit(svc.store.log_question, 0, answer.question, answer.grounded, ready_ms, answer_key(answer))
    await show_inline(context, inline_message_id, render.render_answer(answer, lang)[0])


async def show_inline(context: BotContext, inline_message_id: str, html_text: str, attempt: int = 0, since: float | None = None) -> None:
    """Edit an inline message into its answer; during an outage, try again later with the answers' backoff.

    Kept in memory only: an inline message has no chat for a restarted bot to answer into.
    """
    svc = context.services
    try:
        await context.bot.edit_message_text(html_text, inline_message_id=inline_message_id)
    except (Forbidden, BadRequest) as exc:
        if "not modified" not in exc.message.lower():  # else: already showing it (an earlier try arrived)
            log.warning("the inline answer could not be shown (%s); dropped", exc)
    except TelegramError as exc:
        since = time.time() if since is None else since
        if context.job_queue is None or time.time() - since > REDELIVER_FOR_SECONDS:
            log.error("gave up showing an inline answer (%s)", exc)
            return
        delay = min(svc.bot.retry_backoff * 2 ** (svc.bot.network_retries + attempt + 1), REDELIVER_MAX_SECONDS)
        context.job_queue.run_once(
            reshow_inline, delay, data=(inline_message_id, html_text, attempt + 1, since), job_kwargs=NEVER_MISSED
        )
        log.warning("the inline answer could not be shown (%s); next try in %.1fs", exc, delay)


async def reshow_inline(context: BotContext) -> None:
    """Job: an inline answer Telegram would not take earlier, tried again."""
    assert context.job is not None
    await show_inline(context, *context.job.data)


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
        render.text_message(t(lang, "settings_title")),
        reply_markup=render.settings_keyboard(prefs.lang, prefs.length, lang),
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
            render.text_message(t(lang, "settings_title")),
            reply_markup=render.settings_keyboard(prefs.lang, prefs.length, lang),
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
    """A button whose data the bot no longer has (InvalidCallbackData: its keyboard left the cache, or
    came after the last save before a crash), or holds no kind handled here: say it expired (which
    also stops the client's spinner)."""
    query = update.callback_query
    assert query
    await query.answer(t(language_of(update), "button_expired"), show_alert=True)
