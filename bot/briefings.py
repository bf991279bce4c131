"""Daily briefings on a schedule: /subscribe, /subscriptions, /unsubscribe and the job.

Each subscription is one `JobQueue.run_daily` job named `brief:<chat_id>:<topic>` whose
callback is `send_briefing`; the briefing itself is written and delivered like an answer
(bot/delivery.py: in-flight record, retries, redelivery after an outage or a restart). Tests fire
a job early by moving its APScheduler trigger (`job.job.modify(next_run_time=...)`), so the
production job and callback are what runs. Every database call goes through the store queue.
"""

from __future__ import annotations

import logging
import sqlite3

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import Application

from bot import html, render
from bot.handlers import brief_on_schedule
from bot.i18n import language_of, t
from bot.limits import MAX_TOPIC_CHARS, too_long
from bot.services import BotContext, Services
from bot.subscriptions import parse_time, schedule, unschedule

log = logging.getLogger(__name__)

MAX_PER_CHAT = 10


async def restore(application: Application) -> int:
    """Schedule every stored subscription; called once at start-up."""
    svc = Services.of(application)
    subs = await svc.queue.run(svc.store.subscriptions)
    for sub in subs:
        assert application.job_queue is not None
        schedule(application.job_queue, send_briefing, sub)
    return len(subs)


async def send_briefing(context: BotContext) -> None:
    """Job callback: the day's briefing for one subscription, written and delivered like an answer."""
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
        await message.reply_text(html.text_message(t(lang, "usage_subscribe")))
        return
    if not await may_manage(update, context):
        await message.reply_text(html.text_message(t(lang, "admins_only")))
        return
    existing = await svc.queue.run(svc.store.subscriptions, chat.id)
    if len(existing) >= MAX_PER_CHAT and all(s.topic != topic for s in existing):
        await message.reply_text(html.text_message(t(lang, "too_many_subscriptions", limit=MAX_PER_CHAT)))
        return
    if too_long(topic, MAX_TOPIC_CHARS):
        await message.reply_text(html.text_message(t(lang, "topic_too_long", limit=MAX_TOPIC_CHARS)))
        return
    hhmm = at.strftime("%H:%M")
    await svc.queue.run(svc.store.add_subscription, chat.id, topic, hhmm, lang)
    sub = await svc.queue.run(svc.store.subscription, chat.id, topic)
    assert sub is not None
    schedule(context.job_queue, send_briefing, sub)
    for part in html.text_messages(t(lang, "subscribed", topic=topic, time=hhmm)):
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
        await message.reply_text(html.text_message(t(lang, "admins_only")))
        return
    topic = " ".join(context.args or []).strip() or None
    svc = context.services
    removed = await svc.queue.run(svc.store.remove_subscriptions, chat.id, topic)
    unschedule(context.job_queue, chat.id, removed)
    await message.reply_text(html.text_message(t(lang, "unsubscribed", count=len(removed))))
