"""Planning an ingest: what changes per article, one ingest at a time, and the manifest that records intent.

`Index` (retrieval/index/store.py) applies the plan to Chroma and the keyword index; this module holds what
an ingest decides and remembers, none of which touches Chroma.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from retrieval.corpus.articles import Document
from retrieval.models import Passage

# Passages per embedding call (not varied); batches sorted by length first embed faster (RESULTS.md).
BATCH = 32
WRITE_BATCH = 1000  # ids per Chroma delete/update call
SEED_PUBLICATION = "重庆日报"  # the bundled seeds are Chongqing Daily pages


@dataclass
class IngestReport:
    """What an ingest changed; `skipped` names each unreadable file in one line."""

    files: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    sources: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles_removed: int = 0
    seconds: float = 0.0
    chars: int = 0  # characters embedded


Progress = Callable[[int, int, str], None]
Notify = Callable[[str], None]


@dataclass
class StoredArticle:
    """One article as Chroma holds it."""

    ids: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    path: str = ""


@dataclass
class Change:
    """What one ingest does to one article: passages to add, to keep (metadata refreshed), to delete."""

    doc: str
    document: Document | None = None  # None when the article is removed
    add: list[Passage] = field(default_factory=list)
    keep: list[Passage] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)


class IngestLock:
    """One ingest at a time per data directory, across processes (a file lock on data_dir/ingest.lock;
    the holder's pid in data_dir/ingest.pid, so a waiting ingest can say whom it waits for)."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / "ingest.lock"
        self.holder = data_dir / "ingest.pid"

    def _lock(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(self.path, thread_local=False, preserve_lock_file=True)

    @contextmanager
    def hold(self, notify: Notify | None = None) -> Iterator[None]:
        lock = self._lock()
        try:
            lock.acquire(blocking=False)
        except Timeout:
            if notify:
                holder = self.holder.read_text(encoding="utf-8").strip() if self.holder.exists() else ""
                notify(f"another ingest is running ({holder or 'another process'}); waiting for it to finish…")
            lock.acquire()
        try:
            self.holder.write_text(f"pid {os.getpid()}", encoding="utf-8")
            yield
        finally:
            self.holder.unlink(missing_ok=True)
            lock.release()

    @contextmanager
    def try_hold(self) -> Iterator[bool]:
        """Hold the lock if it is free (True), else do not wait (False)."""
        lock = self._lock()
        try:
            lock.acquire(blocking=False)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def held(self) -> bool:
        """True while some ingest (in any process) holds the lock."""
        try:
            with self.try_hold() as free:
                return not free
        except OSError:
            return False


class Manifest:
    """data_dir/ingested.json: every article's path and hash, and the intent of a running ingest."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "ingested.json"

    def read(self) -> dict:
        """{"articles": {doc: {path, hash}}, "pending": {doc: {path, hash}}}; older {name: path} files are read too."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        if "articles" not in data:  # the version that keyed files by name
            return {"legacy": [str(v) for v in data.values() if isinstance(v, str)]}
        return data

    @staticmethod
    def articles(stored: dict[str, StoredArticle]) -> dict[str, dict]:
        # A mixed set of hashes means an interrupted update: recorded as unknown, re-read next time.
        return {
            doc: {"path": item.path, "hash": next(iter(item.hashes)) if len(item.hashes) == 1 else "", "passages": len(item.ids)}
            for doc, item in sorted(stored.items())
        }

    def save(self, articles: dict, pending: dict) -> None:
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        data = {"version": 2, "articles": articles, "pending": pending}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)


def plan(documents: list[Document], stored: dict[str, StoredArticle], report: IngestReport) -> list[Change]:
    """What this ingest does to each article: add, keep, delete; copies and moves noted in `report`."""
    by_hash = {next(iter(item.hashes)): doc for doc, item in stored.items() if len(item.hashes) == 1}
    # Two files naming one article (the same id:/url:, a page saved twice) are one article: the last read.
    last = {document.doc: document for document in documents}
    for document in documents:
        if last[document.doc] is not document:
            report.notes.append(f"{document.path}: the same article ({document.doc}) as {last[document.doc].path}; skipped")
    documents = [document for document in documents if last[document.doc] is document]
    # The same text in several files of this run is indexed once: the copy already indexed, else the first.
    keep: dict[str, Document] = {}
    for document in documents:
        if document.digest not in keep or by_hash.get(document.digest) == document.doc:
            keep[document.digest] = document
    in_run = {keep[d.digest].doc for d in documents}
    changes: list[Change] = []
    for document in documents:
        chosen = keep[document.digest]
        if chosen.doc != document.doc:
            report.notes.append(f"{document.path}: same text as {chosen.path}; skipped")
            continue
        report.sources.append(document.path.name)
        item = stored.get(document.doc)
        new_ids = [p.id for p in document.passages]
        if item and item.hashes == {document.digest} and item.ids == set(new_ids) and item.path == str(document.path):
            report.unchanged += len(new_ids)
            continue
        change = Change(document.doc, document)
        old = by_hash.get(document.digest)
        if item is None and old and old != document.doc and old not in in_run:
            if Path(stored[old].path).exists():
                report.notes.append(f"{document.path}: same text as {stored[old].path}, already indexed; skipped")
                continue
            # The same file under a new path: the old copy goes, its vectors are reused.
            report.notes.append(f"{document.path}: moved from {stored[old].path}")
            report.articles_removed += 1
            report.removed += len(stored[old].ids)
            changes.append(Change(old, delete=sorted(stored[old].ids)))
        have = item.ids if item else set()
        change.add = [p for p in document.passages if p.id not in have]
        change.keep = [p for p in document.passages if p.id in have]
        change.delete = sorted(have - set(new_ids))
        report.added += len(change.add)
        report.removed += len(change.delete)
        report.unchanged += len(change.keep)
        changes.append(change)
    return changes
