"""A subscription's daily job, and what becomes of it when its chat ends or moves.

A chat the bot can no longer write to loses its briefings (`end_chat`); a group that became a
supergroup takes them, with its settings and conversations, to the new id (`follow_migration`).
bot/chat_events.py and bot/delivery.py turn Telegram's chat events and errors into these calls. Each
subscription is one `JobQueue.run_daily` job named `brief:<chat_id>:<topic>`; bot/briefings.py says
what it runs, and a job that moves keeps its callback.
"""

from __future__ import annotations

import datetime as dtm
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Application, Job, JobQueue

from bot.services import Services
from bot.store import Subscription
from retrieval.models import Answer

log = logging.getLogger(__name__)

TIMEZONE = ZoneInfo("Asia/Shanghai")
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

JobCallback = Callable[[Any], Awaitable[object]]


def schedule(job_queue: JobQueue, callback: JobCallback, sub: Subscription) -> Job:
    """(Re)schedule the daily job of one subscription, running `callback`."""
    for job in job_queue.get_jobs_by_name(job_name(sub.chat_id, sub.topic)):
        job.schedule_removal()
    at = parse_time(sub.at)
    assert at is not None, sub.at  # stored only after validation
    return job_queue.run_daily(
        callback, time=at, name=job_name(sub.chat_id, sub.topic), chat_id=sub.chat_id, data=sub.topic,
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
    job_queue = application.job_queue
    if job_queue is not None:
        # Each job moves with its own callback (what a briefing runs is bot/briefings.py's to say).
        callbacks = {
            topic: job.callback
            for chat_id in (new_chat_id, old_chat_id)
            for topic in moved.subscriptions
            for job in job_queue.get_jobs_by_name(job_name(chat_id, topic))
        }
        unschedule(job_queue, old_chat_id, moved.subscriptions)
        for sub in await svc.queue.call(svc.store.subscriptions, new_chat_id, default=[]):
            if sub.topic in callbacks:
                schedule(job_queue, callbacks[sub.topic], sub)
    log.info(
        "chat %s became supergroup %s: %d subscription(s), %s and %d conversation turn(s) moved",
        old_chat_id, new_chat_id, len(moved.subscriptions), "its settings" if moved.settings else "no settings",
        moved.turns,
    )
    return True


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
