"""Button data that survives a restart, kept in the bot's SQLite store.

Before buttons carried objects (bot/buttons.py), a source, 👍/👎 or /settings button worked on
any old message after a restart, because its text was its data. PTB keeps the objects in memory
only; this persistence saves them (and nothing else: no user, chat or bot data) so those buttons
keep working across restarts, as far back as the cache reaches (KEYBOARDS_KEPT in bot/app.py).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot import buttons
from bot.store import Store

log = logging.getLogger(__name__)

# How often the button cache is saved: a crash loses at most this many seconds of buttons (they say they expired).
SAVE_EVERY_SECONDS = 30.0

# PTB's shape of the callback data cache: (keyboards as (id, last access, {button id: data}), {query id: keyboard id}).
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


class ButtonPersistence(BasePersistence[dict, dict, dict]):
    """PTB persistence of callback data only, in <data_dir>/bot.sqlite3."""

    def __init__(self, data_dir: Path, update_interval: float = SAVE_EVERY_SECONDS) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=False, callback_data=True),
            update_interval=update_interval,
        )
        self.data_dir = Path(data_dir)
        self._store: Store | None = None
        self._saved: str | None = None

    def _opened(self) -> Store:
        # Opened on first use, not when the application is built: `cqnews --help` needs no database.
        if self._store is None:
            self._store = Store.open(self.data_dir)
        return self._store

    async def get_callback_data(self) -> CDCData | None:
        try:
            text = await asyncio.to_thread(lambda: self._opened().callback_data())
            data = buttons.loads(text) if text else None
            if data is None:
                return None
            keyboards, queries = data
            return [(uuid, float(at), dict(held)) for uuid, at, held in keyboards], dict(queries)
        except (ValueError, TypeError) as exc:
            # Unreadable button data must not keep the bot from starting: old buttons then say they expired.
            log.warning("the saved button data could not be read (%s); old buttons will say they expired", exc)
            return None

    async def update_callback_data(self, data: CDCData) -> None:
        # `data` is PTB's own copy: it can be written out in a thread while the bot goes on.
        await asyncio.to_thread(self._save, data)

    def _save(self, data: CDCData) -> None:
        text = buttons.dumps(data)
        if text != self._saved:
            self._opened().set_callback_data(text)
            self._saved = text

    async def flush(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # Nothing else is persisted: store_data says so, and the Application asks for none of it.
    async def _nothing_stored(self, *_: object) -> dict:
        return {}

    async def _nothing_to_store(self, *_: object) -> None:
        return None

    get_user_data = get_chat_data = get_bot_data = get_conversations = _nothing_stored  # type: ignore[assignment]
    update_conversation = update_user_data = update_chat_data = update_bot_data = _nothing_to_store  # type: ignore[assignment]
    drop_chat_data = drop_user_data = _nothing_to_store  # type: ignore[assignment]
    refresh_user_data = refresh_chat_data = refresh_bot_data = _nothing_to_store  # type: ignore[assignment]
