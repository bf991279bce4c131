"""The scheduled poll of the followed feeds: their new items ingested while the bot answers."""

from __future__ import annotations

import asyncio
import logging

from telegram.ext import Application

from bot.services import BotContext, Services

log = logging.getLogger(__name__)

JOB = "poll-feeds"
FIRST_POLL_SECONDS = 60  # after start-up, once the index is warm


def schedule(application: Application) -> None:
    """Poll every CQNEWS_FEED_INTERVAL minutes (0: never; `cqnews feeds poll` from cron instead)."""
    from retrieval.errors import ConfigError
    from retrieval.web.settings import web_settings

    try:
        web = web_settings()
    except ConfigError as exc:  # the bot answers on; only the feeds wait for the setting to be fixed
        log.error("the feeds are not polled: %s", exc)
        return
    if application.job_queue is None or not web.feed_interval:
        return
    seconds = web.feed_interval * 60
    application.job_queue.run_repeating(poll_feeds, interval=seconds, first=min(FIRST_POLL_SECONDS, seconds), name=JOB, data=web)


async def poll_feeds(context: BotContext) -> None:
    """Fetch the followed feeds' new items and ingest them; each failure is one log line."""
    from retrieval.web import poll

    svc: Services = context.services
    try:
        report = await asyncio.to_thread(poll, svc.index, web=context.job.data if context.job else None)
    except Exception:  # a full disk or an unreachable index: the next poll tries again
        log.warning("polling the feeds failed; the next poll tries again", exc_info=True)
        return
    ingest = report.ingest
    for line in report.notes:
        log.info("feeds: %s", line)
    for line in report.failures + (ingest.skipped if ingest else []):
        log.warning("feeds: %s", line)
    if report.feeds or report.failures:
        added = ingest.added if ingest else 0
        log.info("feeds polled: %d feed(s), %d page(s) fetched, %d passage(s) added", report.feeds, report.fetched, added)
