"""Storage failures told apart: disk full, locked, corrupt, server unreachable; each its own advice.

Only a corrupt index is ever set aside (`ingest --rebuild`); a full disk or a lock says so and
changes nothing, so following the advice can never empty a healthy index.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from retrieval.errors import ChromaUnreachable, CQNewsError, DiskFull, IndexCorrupt, IndexLocked, IndexUnavailable
from retrieval.settings import Settings

# SQLite's words (Chroma reports them as "error returned from database: (code: N) …").
_FULL = ("database or disk is full", "no space left on device", "disk quota exceeded", "(code: 13)")
_LOCKED = ("database is locked", "database table is locked", "(code: 5)", "(code: 6)")
_CORRUPT = ("file is not a database", "database disk image is malformed", "(code: 26)", "(code: 11)")
_UNREACHABLE = ("could not connect to a chroma server", "connection refused", "server disconnected")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [item.__cause__, item.__context__]


def _free(path: Path) -> str:
    for folder in (path, *path.parents):
        try:
            return f"{shutil.disk_usage(folder).free / 2**20:.1f} MB free"
        except OSError:
            continue
    return "free space unknown"


def where(settings: Settings) -> str:
    """The index's place in words: the Chroma server's address or the embedded folder."""
    if settings.server_mode:
        return f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
    return str(settings.chroma_dir)


def index_error(exc: BaseException, settings: Settings) -> IndexUnavailable | None:
    """The one-line error for a storage failure, or None when `exc` is not one."""
    for item in _chain(exc):
        if isinstance(item, IndexUnavailable):
            return item
        text = str(item).lower()
        number = getattr(item, "errno", None)
        if number in (errno.ENOSPC, errno.EDQUOT) or any(mark in text for mark in _FULL):
            if settings.server_mode:
                return DiskFull(f"{where(settings)} says its disk is full; free space on the server and run the command again")
            return DiskFull(
                f"the disk holding {settings.data_dir} is full ({_free(settings.data_dir)}): "
                "free some space and run the command again; the index was not moved or emptied"
            )
        if any(mark in text for mark in _LOCKED):
            return IndexLocked(f"the index at {where(settings)} is locked by another process; try again in a moment")
        if any(mark in text for mark in _CORRUPT):
            return IndexCorrupt(
                f"the index at {where(settings)} is unreadable ({type(item).__name__}: {item}); "
                "run `cqnews ingest --rebuild` to set it aside and build it again"
            )
        if settings.server_mode and (_is_connection_error(item) or any(mark in text for mark in _UNREACHABLE)):
            return ChromaUnreachable(f"cannot reach {where(settings)} ({type(item).__name__}); is it running?")
    return None


def _is_connection_error(exc: BaseException) -> bool:
    try:
        import httpx
    except ImportError:  # pragma: no cover - chromadb's HTTP client brings httpx
        return isinstance(exc, ConnectionError)
    return isinstance(exc, ConnectionError | httpx.TransportError)


@contextmanager
def told_apart(settings: Settings, unknown: Callable[[Exception], CQNewsError] | None = None) -> Iterator[None]:
    """Re-raise a storage failure as its IndexUnavailable kind; others as `unknown(exc)`, or as they are."""
    try:
        yield
    except CQNewsError:
        raise
    except Exception as exc:
        error = index_error(exc, settings)
        if error is not None:
            raise error from exc
        if unknown is not None:
            raise unknown(exc) from exc
        raise
