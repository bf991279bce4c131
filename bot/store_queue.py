"""The bot's SQLite calls, off the event loop and in order; a failing database never reaches a reader.

Every call runs on one worker thread, in the order the calls were made: a write submitted
before an answer is shown is seen by any read submitted after it (a reply to that answer),
without the answer waiting for the write. A locked database (another process), a full disk
or a corrupt file makes a call fail after SQLite's busy timeout; the first failure is logged
in one line naming the file, later ones quietly until the database works again.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from bot.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

# A read on the answering path waits this long behind a locked database, then goes on without it.
READ_WAIT = 1.0


class StoreQueue:
    """`store`'s methods called on one worker thread, first in first out."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bot-store")
        self.failing: tuple[str, str] | None = None  # (problem, call) while the database fails

    def submit(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> asyncio.Future[T | None]:
        """Queue a call now (its place in the order is taken here); await the result or not."""
        loop = asyncio.get_running_loop()
        return loop.run_in_executor(self._executor, lambda: self._run(method, args, kwargs))

    async def call(self, method: Callable[..., T], *args: Any, default: T, wait: float | None = None, **kwargs: Any) -> T:
        """The call's result, or `default` if the database fails or takes longer than `wait` seconds."""
        future = self.submit(method, *args, **kwargs)
        try:
            result = await asyncio.wait_for(asyncio.shield(future), wait) if wait is not None else await future
        except TimeoutError:
            log.info("bot database %s is slow; went on without %s", self.store.path, method.__name__)
            return default
        return default if result is None else result

    async def run(self, method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The call's result; a database error is raised (for commands whose reply is the result)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: method(*args, **kwargs))

    def _run(self, method: Callable[..., T], args: tuple, kwargs: dict) -> T | None:
        try:
            result = method(*args, **kwargs)
        except sqlite3.Error as exc:
            problem = f"{type(exc).__name__}: {exc}"
            if self.failing is None or self.failing[0] != problem:
                log.warning(
                    "bot database %s failed (%s); answers go on, but %s was not saved",
                    self.store.path, problem, method.__name__,
                )
                self.failing = (problem, method.__name__)
            else:
                log.debug("bot database still failing: %s not saved", method.__name__)
            return None
        # Only the kind of call that failed proves the database works again (a full disk still reads).
        if self.failing is not None and self.failing[1] == method.__name__:
            log.info("bot database %s works again", self.store.path)
            self.failing = None
        return result

    def close(self) -> None:
        """Finish the queued calls, then stop the worker."""
        self._executor.shutdown(wait=True)
