"""The chat events real chats send: the bot blocked or removed, a group that became a supergroup.

Each is handled as the event it is and logged in one line: a chat the bot can no longer write to
loses its subscriptions; a migrated group's subscriptions, settings and conversations follow it to
the new id (from the service messages, `filters.StatusUpdate.MIGRATE`, or from a `ChatMigrated`
error when the bot missed them). What follows from each event lives in bot/subscriptions.py.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus

from bot import subscriptions
from bot.services import BotContext

GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


async def chat_migrated(update: Update, context: BotContext) -> None:
    """The service message of a group that became a supergroup (sent in the old chat and in the new)."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        await subscriptions.follow_migration(context.application, message.chat_id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await subscriptions.follow_migration(context.application, message.migrate_from_chat_id, message.chat_id)


async def my_membership_changed(update: Update, context: BotContext) -> None:
    """The bot was blocked (private) or removed from a group: nobody is left to brief."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in GONE:
        return
    if change.chat.type == change.chat.PRIVATE:
        why = "blocked the bot"
    else:
        why = f"removed the bot ({change.new_chat_member.status})"
    await subscriptions.end_chat(context.application, change.chat.id, why)
