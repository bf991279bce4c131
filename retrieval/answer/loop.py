"""The sync wrapper's event loop: `Answerer.ask`, `brief`, `rewrite` and `timeline` run on it."""

from __future__ import annotations

import asyncio
import threading


class Loop:
    """A private event loop on a worker thread: synchronous callers run the async pipeline on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="cqnews-answerer", daemon=True)
        self.thread.start()

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()
