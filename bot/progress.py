"""How an ingest shows its progress: a bar on a terminal, a line every few seconds in a log."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrieval.index.ingest import Progress

PROGRESS_SECONDS = 5.0  # a progress line this often when stderr is not a terminal


def bar_progress() -> Progress:
    from tqdm import tqdm

    bar = None

    def update(done: int, total: int, label: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc="indexing", unit="passage", file=sys.stderr, leave=False)
        bar.set_postfix_str(label, refresh=False)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def line_progress(interval: float = PROGRESS_SECONDS, stream=None) -> Progress:
    """One progress line every `interval` seconds (for logs and cron, where a bar would be noise)."""
    started = time.monotonic()
    last = started

    def update(done: int, total: int, label: str) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < interval and done < total:
            return
        last = now
        rate = done / max(now - started, 1e-6)
        eta = (total - done) / rate if rate else 0.0
        print(
            f"cqnews: embedded {done}/{total} passages ({rate:.1f}/s, about {eta:.0f} s left)",
            file=stream or sys.stderr,
            flush=True,
        )

    return update


def default_progress() -> Progress:
    """A bar when stderr is a terminal, otherwise a line every PROGRESS_SECONDS."""
    return bar_progress() if sys.stderr.isatty() else line_progress()
