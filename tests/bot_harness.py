"""Running the real bot Application against the fake Bot API server, inside a test's loop."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
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


def bot_settings(index_settings: Settings, api: FakeBotApi, data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a bot talking to `api`, keeping the index's own options."""
    fields = {
        "data_dir": data_dir,
        "telegram_bot_token": SecretStr(api.token),
        "telegram_base_url": api.base_url,
        "rate_limit": "100/60",
        **overrides,
    }
    # A new object rather than model_copy: cached paths (chroma_dir) must follow data_dir.
    return Settings(_env_file=None, **(index_settings.model_dump() | fields))


@asynccontextmanager
async def running(application: Application) -> AsyncIterator[Application]:
    """Start the application the way run_polling does (post_init included) and stop it after."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES)
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
    settings: Settings, answerer_factory: Callable[[Any, Settings], Any] | None = None
) -> AsyncIterator[Application]:
    """build_application + running, the common case."""
    async with running(build_application(settings, answerer_factory)) as application:
        yield application
