"""Delivery: a question on its way (`Asked`, kept in the in-flight record), its "正在查找…" placeholder,
the answer shown into it, and redelivery with backoff when Telegram will not take it yet."""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import asdict, dataclass, field

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot import buttons, html, subscriptions
from bot.buttons import Retry
from bot.i18n import Lang, t
from bot.services import BotContext
from bot.streaming import Destination, Placeholder, StreamedReply

log = logging.getLogger(__name__)


async def reply(update: Update, text: str) -> None:
    """Reply with a plain interface message (escaped by the renderer, split under the limit)."""
    if update.effective_message:
        for part in html.text_messages(text):
            await update.effective_message.reply_text(part)


def searching_reply(context: BotContext, destination: Destination, lang: Lang) -> Placeholder:
    """Reply "正在查找…" at once, in the background, with a typing action alongside (which may fail harmlessly)."""

    async def typing() -> None:
        try:
            await context.bot.send_chat_action(destination.chat_id, ChatAction.TYPING, message_thread_id=destination.topic)
        except TelegramError as exc:
            log.debug("typing action failed: %r", exc)

    context.application.create_task(typing())
    return Placeholder.send(context.bot, destination, html.text_message(t(lang, "searching")))


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
        moved_html=html.text_message(t(asked.lang, "answer_below")), delivered=delivered,
    )


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
        await subscriptions.follow_migration(context.application, asked.chat_id, moved.new_chat_id)
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
            await subscriptions.end_chat(context.application, asked.chat_id, why)
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


async def apologise(context: BotContext, stream: StreamedReply, asked: Asked) -> None:
    """Turn the placeholder into a short apology with a retry button (a new message if that fails)."""
    markup = buttons.retry_keyboard(Retry(asdict(asked)), asked.lang)
    await deliver(context, asked, stream, [html.text_message(t(asked.lang, "apology"))], markup)
