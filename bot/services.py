"""The long-lived objects the handlers share, kept in `application.bot_data`, and the typed context
that hands them to every handler and job (`context.services`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.limits import RateLimiter
from bot.settings import BotSettings
from bot.store import Store
from bot.store_queue import StoreQueue
from retrieval.models import Answer
from retrieval.settings import Settings

if TYPE_CHECKING:  # the index loads Chroma: only needed for type checking here
    from retrieval.index.store import Index

KEY = "services"


class Answerer(Protocol):
    """What the bot asks of an answerer: retrieval.answer.answerer.Answerer, or a test double wrapping it."""

    def astream(self, question: str, context: str | None = None) -> AsyncIterator[Answer]: ...

    async def aask(self, question: str, context: str | None = None) -> Answer: ...

    async def abrief(self, topic: str) -> Answer: ...

    async def atimeline(self, topic: str) -> Answer: ...

    async def arewrite(self, question: str, history: Sequence[tuple[str, str]]) -> str | None: ...


@dataclass
class Services:
    """Settings-derived limits at build time; index, answerer and store from post_init."""

    settings: Settings
    bot: BotSettings
    limiter: RateLimiter
    inline_limiter: RateLimiter

    @property
    def allowed(self) -> frozenset[int]:
        return self.bot.allowed_chats

    @property
    def admins(self) -> frozenset[int]:
        return self.bot.admin_ids
    # Set in post_init, before any update is handled.
    index: Index = None  # type: ignore[assignment]
    answerer: Answerer = None  # type: ignore[assignment]
    store: Store = None  # type: ignore[assignment]
    queue: StoreQueue = None  # type: ignore[assignment]  # the store, called off the event loop

    @staticmethod
    def of(application: Application) -> Services:
        """The shared services of `application`, where there is no context (start-up, shutdown, the webhook)."""
        return application.bot_data[KEY]


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The context every handler, job and error handler of this bot receives."""

    @property
    def services(self) -> Services:
        return Services.of(self.application)


CONTEXT_TYPES = ContextTypes(context=BotContext)
