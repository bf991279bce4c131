"""Question handlers: a question in a private chat or a group, /ask, /brief and /timeline, the apology's
retry button, and the questions a restart finds unanswered."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import Application

from bot import buttons, html, render, subscriptions
from bot.buttons import Retry
from bot.delivery import (
    NEVER_MISSED,
    QUESTION,
    RECOVERED_KEY,
    SCHEDULED,
    Asked,
    Undelivered,
    apologise,
    deliver,
    deliver_pending,
    placeholder_for,
    reply,
    streamed_reply,
)
from bot.i18n import EXAMPLE_QUESTIONS, Lang, chat_language, language_of, t
from bot.limits import MAX_ASKED_CHARS, MAX_TOPIC_CHARS, context_cut, too_long
from bot.quotes import body
from bot.services import Answerer, BotContext, Services
from bot.store import ChatSettings, Subscription, answer_key
from bot.store_queue import READ_WAIT
from bot.streaming import GROUP_INTERVAL, PRIVATE_INTERVAL, Destination, Placeholder, show_stream
from retrieval.answer.followup import Turn, standalone
from retrieval.models import Answer
from retrieval.text.normalise import clean_input

log = logging.getLogger(__name__)


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


async def conversation_thread(svc: Services, chat_id: int, private: bool, message: Message) -> int:
    """A private chat is one conversation; in a group each reply thread is its own."""
    if private:
        return 0
    replied = message.reply_to_message
    if replied is not None:
        known = await svc.queue.call(svc.store.thread_of, chat_id, replied.message_id, default=None, wait=READ_WAIT)
        if known is not None:
            return known
    return message.message_id  # a new thread starts at this question


async def make_standalone(answerer: Answerer, question: str, history: list[Turn]) -> str:
    """The follow-up as a standalone question: the model's rewrite when one is configured, else (or when it
    gives nothing usable) the offline rewrite of retrieval/answer/followup.py."""
    if not history:
        return question
    try:
        result = await answerer.arewrite(question, [(turn.asked, turn.answer) for turn in history])
    except Exception:
        log.warning("rewriting the follow-up failed; using the offline rewrite", exc_info=True)
        result = None
    if isinstance(result, str) and clean_input(result):
        return clean_input(result)
    return standalone(question, history)


async def settings_unless_answered(context: BotContext, update: Update) -> ChatSettings | None:
    """The chat's settings for a question; None if it was delivered again after a restart and already
    answered from the in-flight record."""
    svc = context.services
    message, chat = update.effective_message, update.effective_chat
    assert message and chat
    if (chat.id, message.message_id) in context.bot_data.get(RECOVERED_KEY, ()):
        return None
    return await svc.queue.call(svc.store.chat_settings, chat.id, default=ChatSettings(), wait=READ_WAIT)


async def answer_question(update: Update, context: BotContext, question: str, extra: str | None) -> None:
    """Check the question, put it in its conversation, reply at once and answer into that reply."""
    svc = context.services
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message and chat and user
    if (prefs := await settings_unless_answered(context, update)) is None:
        return
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
    await deliver(context, asked, stream, draw(answer), buttons.answer_keyboard(answer, key, asked.lang))
    if svc.bot.memory_turns and stream.first_id and stream.first_id != placeholder_id:
        svc.queue.submit(svc.store.relink_turn, asked.chat_id, placeholder_id, stream.first_id)
    total = time.monotonic() - started
    log_answer(svc.settings.log_text, "private" if asked.private else "group", answer, stream.send_seconds, total)


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
    await query.message.edit_text(html.text_message(t(asked.lang, "searching")))
    svc = context.services
    svc.queue.submit(svc.store.add_inflight, asked.chat_id, asked.question_id, asdict(asked))
    svc.queue.submit(svc.store.set_inflight, asked.chat_id, asked.question_id, placeholder=query.message.message_id)
    await respond(context, asked, Placeholder.known(query.message.message_id), started)


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


async def rate_limited(update: Update, svc: Services, user_id: int, lang: Lang) -> bool:
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
    if (prefs := await settings_unless_answered(context, update)) is None:
        return
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
    markup = buttons.answer_keyboard(answer, answer_key(answer), asked.lang)
    if sub is not None:
        fresh, keys = subscriptions.new_articles(answer, sub)
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
