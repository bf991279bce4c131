"""The chat events real chats send: the bot blocked or removed, a group that became a supergroup.

Each is handled as the event it is and logged in one line: a chat the bot can no longer write to
loses its subscriptions; a migrated group's subscriptions, settings and conversations follow it to
the new id (from the service messages, `filters.StatusUpdate.MIGRATE`, or from a `ChatMigrated`
error when the bot missed them).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import Application, ContextTypes

from bot import briefings
from bot.services import services

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


def end_chat(application: Application, chat_id: int, why: str) -> None:
    """The bot can no longer write to `chat_id`: its subscriptions end (one log line)."""
    removed = services(application).store.remove_subscriptions(chat_id)
    if application.job_queue is not None:
        for topic in removed:
            for job in application.job_queue.get_jobs_by_name(briefings.job_name(chat_id, topic)):
                job.schedule_removal()
    log.info("chat %s %s: %d subscription(s) ended", chat_id, why, len(removed))


def follow_migration(application: Application, old_chat_id: int, new_chat_id: int) -> bool:
    """Move a group's state and briefings to its supergroup id; False if that was already done."""
    moved = services(application).store.migrate_chat(old_chat_id, new_chat_id)
    if moved is None:
        return False
    if application.job_queue is not None:
        for topic in moved.subscriptions:
            for job in application.job_queue.get_jobs_by_name(briefings.job_name(old_chat_id, topic)):
                job.schedule_removal()
        for sub in services(application).store.subscriptions(new_chat_id):
            briefings.schedule(application.job_queue, sub)
    log.info(
        "chat %s became supergroup %s: %d subscription(s), %s and %d conversation turn(s) moved",
        old_chat_id, new_chat_id, len(moved.subscriptions), "its settings" if moved.settings else "no settings",
        moved.turns,
    )
    return True


async def chat_migrated(update: Update, context: Context) -> None:
    """The service message of a group that became a supergroup (sent in the old chat and in the new)."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        follow_migration(context.application, message.chat_id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        follow_migration(context.application, message.migrate_from_chat_id, message.chat_id)


async def my_membership_changed(update: Update, context: Context) -> None:
    """The bot was blocked (private) or removed from a group: nobody is left to brief."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in GONE:
        return
    if change.chat.type == change.chat.PRIVATE:
        why = "blocked the bot"
    else:
        why = f"removed the bot ({change.new_chat_member.status})"
    end_chat(context.application, change.chat.id, why)
