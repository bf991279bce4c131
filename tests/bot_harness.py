"""Running the real bot Application against the fake Bot API server, inside a test's loop."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.settings import BotSettings
from retrieval.settings import Settings
from tests.botapi_server import FakeBotApi


@pytest.fixture
def api() -> FakeBotApi:
    """A fresh fake Bot API server for one test."""
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def bot_data_dir(seeded_data_dir: Path) -> Path:
    """A private copy of the prebuilt index, so each test has its own bot state beside it."""
    return seeded_data_dir


@dataclass(frozen=True)
class BotConfig:
    """The library's settings and the bot's, as `cqnews bot` reads them."""

    settings: Settings
    bot: BotSettings


def bot_settings(index_settings: Settings, api: FakeBotApi, data_dir: Path, **overrides: Any) -> BotConfig:
    """Settings for a bot talking to `api`, keeping the index's own options.

    Overrides go to whichever settings object has the field; retries and backoffs are
    small so that a test of a transient failure takes milliseconds.
    """
    bot_fields: dict[str, Any] = {
        "token": SecretStr(api.token),
        "base_url": api.base_url,
        "rate_limit": "100/60",
        "retry_backoff": 0.01,
        "inline_debounce": 0.05,
    }
    library_fields: dict[str, Any] = {"data_dir": data_dir}
    for name, value in overrides.items():
        (bot_fields if name in BotSettings.model_fields else library_fields)[name] = value
    # A new object rather than model_copy: cached paths (chroma_dir) must follow data_dir.
    settings = Settings(_env_file=None, **(index_settings.model_dump() | library_fields))
    return BotConfig(settings, BotSettings(_env_file=None, **bot_fields))


@asynccontextmanager
async def running(application: Application) -> AsyncIterator[Application]:
    """Start the application the way run_polling does (post_init included) and stop it after."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    assert application.updater is not None
    # As run_polling does: errors while fetching updates go to the application's error handlers.
    await application.updater.start_polling(
        poll_interval=0,
        timeout=1,
        allowed_updates=Update.ALL_TYPES,
        error_callback=lambda exc: application.create_task(application.process_error(error=exc, update=None)),
    )
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


@asynccontextmanager
async def bot_running(
    config: BotConfig, answerer_factory: Callable[[Any, Settings], Any] | None = None
) -> AsyncIterator[Application]:
    """build_application + running, the common case."""
    async with running(build_application(config.settings, config.bot, answerer_factory)) as application:
        yield application
