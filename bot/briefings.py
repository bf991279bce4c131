"""Daily briefings on a schedule: /subscribe, /subscriptions, /unsubscribe and the job.

A chat the bot can no longer write to loses its briefings (`end_chat`); a group that became a
supergroup takes them, with its settings and conversations, to the new id (`follow_migration`).
bot/chat_events.py turns Telegram's chat events into these calls; this module never imports it.

Each subscription is one `JobQueue.run_daily` job named `brief:<chat_id>:<topic>` whose
callback is `send_briefing`; the briefing itself is written and delivered like an answer
(bot/handlers.py: in-flight record, retries, redelivery after an outage or a restart). Tests fire
a job early by moving its APScheduler trigger (`job.job.modify(next_run_time=...)`), so the
production job and callback are what runs. Every database call goes through the store queue.
"""

from __future__ import annotations

import datetime as dtm
import logging
import re
import sqlite3
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import Application, Job, JobQueue

from bot import render
from bot.i18n import language_of, t
from bot.limits import MAX_TOPIC_CHARS, too_long
from bot.services import BotContext, Services
from bot.store import Subscription
from retrieval.models import Answer

log = logging.getLogger(__name__)

TIMEZONE = ZoneInfo("Asia/Shanghai")
MAX_PER_CHAT = 10
_HHMM = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")  # a full-width colon is common in Chinese IMEs


def job_name(chat_id: int, topic: str) -> str:
    return f"brief:{chat_id}:{topic}"


def parse_time(value: str) -> dtm.time | None:
    """HH:MM (Asia/Shanghai) or None when malformed."""
    match = _HHMM.match(value.strip())
    if not match:
        return None
    return dtm.time(int(match[1]), int(match[2]), tzinfo=TIMEZONE)


# A briefing that comes due while the bot is busy is sent late, up to this long, instead of being skipped
# for the day (the scheduler skips a job more than a second late by default).
LATE_BRIEFING_SECONDS = 15 * 60


def schedule(job_queue: JobQueue, sub: Subscription) -> Job:
    """(Re)schedule the daily job of one subscription."""
    for job in job_queue.get_jobs_by_name(job_name(sub.chat_id, sub.topic)):
        job.schedule_removal()
    at = parse_time(sub.at)
    assert at is not None, sub.at  # stored only after validation
    return job_queue.run_daily(
        send_briefing, time=at, name=job_name(sub.chat_id, sub.topic), chat_id=sub.chat_id, data=sub.topic,
        job_kwargs={"misfire_grace_time": LATE_BRIEFING_SECONDS},
    )


def unschedule(job_queue: JobQueue | None, chat_id: int, topics: list[str]) -> None:
    """Remove the daily jobs of `topics` in `chat_id` (their subscriptions are already gone)."""
    if job_queue is None:
        return
    for topic in topics:
        for job in job_queue.get_jobs_by_name(job_name(chat_id, topic)):
            job.schedule_removal()


async def end_chat(application: Application, chat_id: int, why: str) -> None:
    """The bot can no longer write to `chat_id`: its subscriptions end (one log line)."""
    svc = Services.of(application)
    removed = await svc.queue.call(svc.store.remove_subscriptions, chat_id, default=[])
    unschedule(application.job_queue, chat_id, removed)
    log.info("chat %s %s: %d subscription(s) ended", chat_id, why, len(removed))


async def follow_migration(application: Application, old_chat_id: int, new_chat_id: int) -> bool:
    """Move a group's state and briefings to its supergroup id; False if that was already done."""
    svc = Services.of(application)
    moved = await svc.queue.call(svc.store.migrate_chat, old_chat_id, new_chat_id, default=None)
    if moved is None:
        return False
    unschedule(application.job_queue, old_chat_id, moved.subscriptions)
    if application.job_queue is not None:
        for sub in await svc.queue.call(svc.store.subscriptions, new_chat_id, default=[]):
            schedule(application.job_queue, sub)
    log.info(
        "chat %s became supergroup %s: %d subscription(s), %s and %d conversation turn(s) moved",
        old_chat_id, new_chat_id, len(moved.subscriptions), "its settings" if moved.settings else "no settings",
        moved.turns,
    )
    return True


async def restore(application: Application) -> int:
    """Schedule every stored subscription; called once at start-up."""
    svc = Services.of(application)
    subs = await svc.queue.run(svc.store.subscriptions)
    for sub in subs:
        assert application.job_queue is not None
        schedule(application.job_queue, sub)
    return len(subs)


def article_key(source: str, title: str) -> str:
    return f"{source}#{title}"


def new_articles(answer: Answer, sub: Subscription) -> tuple[list[str] | None, set[str]]:
    """Titles (with dates) of cited articles new since the last briefing (None for the first), and all keys.

    New means dated on or after the last briefing's day (Beijing time) and not in an earlier
    briefing: an old article ingested since is not news. An undated article is new if not seen before.
    """
    keys: dict[str, tuple[str, str]] = {}
    # Cited articles are the ones the briefing is about; other search results are noise.
    for c in answer.citations:
        keys.setdefault(article_key(c.source, c.title), (c.title or c.source, c.date))
    if sub.last_sent_at is None:
        return None, set(keys)
    last_day = dtm.datetime.fromtimestamp(sub.last_sent_at, TIMEZONE).date().isoformat()
    fresh = [
        f"{title} · {day}" if day else title
        for key, (title, day) in keys.items()
        if key not in sub.seen and (len(day) != 10 or day >= last_day)
    ]
    return list(dict.fromkeys(fresh)), set(keys)


async def send_briefing(context: BotContext) -> None:
    """Job callback: the day's briefing for one subscription, written and delivered like an answer."""
    from bot.handlers import brief_on_schedule  # the delivery path; bot/handlers.py imports this module

    job = context.job
    assert job is not None and job.chat_id is not None
    svc = context.services
    topic = str(job.data)
    try:
        sub = await svc.queue.run(svc.store.subscription, job.chat_id, topic)
    except sqlite3.Error as exc:  # the job stays: tomorrow the database may answer
        log.warning("the briefing for chat %s was skipped: its subscription could not be read (%s)", job.chat_id, exc)
        return
    if sub is None:  # unsubscribed in another process or by hand
        job.schedule_removal()
        return
    await brief_on_schedule(context, sub)


async def may_manage(update: Update, context: BotContext) -> bool:
    """Anyone in a private chat; in groups only admins (or the bot's own admins)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE or user.id in context.services.admins:
        return True
    if message and message.sender_chat and message.sender_chat.id == chat.id:
        return True  # an anonymous group admin posts as the group itself
    member = await chat.get_member(user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def subscribe_command(update: Update, context: BotContext) -> None:
    """/subscribe 主题 HH:MM: a daily briefing in this chat."""
    svc = context.services
    chat, message = update.effective_chat, update.effective_message
    assert chat and message and context.job_queue
    lang = language_of(update)
    args = context.args or []
    at = parse_time(args[-1]) if args else None
    topic = " ".join(args[:-1]).strip()
    if at is None or not topic:
        await message.reply_text(render.text_message(t(lang, "usage_subscribe")))
        return
    if not await may_manage(update, context):
        await message.reply_text(render.text_message(t(lang, "admins_only")))
        return
    existing = await svc.queue.run(svc.store.subscriptions, chat.id)
    if len(existing) >= MAX_PER_CHAT and all(s.topic != topic for s in existing):
        await message.reply_text(render.text_message(t(lang, "too_many_subscriptions", limit=MAX_PER_CHAT)))
        return
    if too_long(topic, MAX_TOPIC_CHARS):
        await message.reply_text(render.text_message(t(lang, "topic_too_long", limit=MAX_TOPIC_CHARS)))
        return
    hhmm = at.strftime("%H:%M")
    await svc.queue.run(svc.store.add_subscription, chat.id, topic, hhmm, lang)
    sub = await svc.queue.run(svc.store.subscription, chat.id, topic)
    assert sub is not None
    schedule(context.job_queue, sub)
    for part in render.text_messages(t(lang, "subscribed", topic=topic, time=hhmm)):
        await message.reply_text(part)


async def subscriptions_command(update: Update, context: BotContext) -> None:
    """/subscriptions: this chat's daily briefings."""
    chat, message = update.effective_chat, update.effective_message
    assert chat and message
    svc = context.services
    subs = await svc.queue.run(svc.store.subscriptions, chat.id)
    for part in render.render_subscriptions([(s.topic, s.at) for s in subs], language_of(update)):
        await message.reply_text(part)


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    """/unsubscribe [主题]: stop one briefing, or all of this chat's."""
    chat, message = update.effective_chat, update.effective_message
    assert chat and message and context.job_queue
    lang = language_of(update)
    if not await may_manage(update, context):
        await message.reply_text(render.text_message(t(lang, "admins_only")))
        return
    topic = " ".join(context.args or []).strip() or None
    svc = context.services
    removed = await svc.queue.run(svc.store.remove_subscriptions, chat.id, topic)
    unschedule(context.job_queue, chat.id, removed)
    await message.reply_text(render.text_message(t(lang, "unsubscribed", count=len(removed))))
