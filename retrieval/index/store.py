"""The Chroma collection plus the keyword index: applying ingests that never lose or duplicate an article.

What an ingest changes, the lock and the manifest are decided in retrieval/index/ingest.py; this module
opens the stores, applies the plan, notices other processes' ingests and reads passages back.

Chroma is the truth: every passage's metadata names its article (`doc`: front matter id:/url:,
else the resolved path), the file it was read from and a hash of what was read. The keyword index
(data_dir/keyword) and the manifest (data_dir/ingested.json) are derived from it; the manifest also
records the intent of an ingest before Chroma is touched, so a killed run is finished by the next
one. One ingest at a time per data directory: a file lock (data_dir/ingest.lock).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from filelock import FileLock

from retrieval.corpus.articles import Document, UnreadableFile, collect_files, read_document
from retrieval.errors import ChromaUnreachable, CQNewsError, IndexCorrupt, IndexUnavailable
from retrieval.index.embeddings import embedder_name, get_embedder, unit
from retrieval.index.faults import told_apart, where
from retrieval.index.ingest import (
    BATCH,
    SEED_PUBLICATION,
    WRITE_BATCH,
    Change,
    IngestLock,
    IngestReport,
    Manifest,
    Notify,
    Progress,
    StoredArticle,
    plan,
)
from retrieval.index.keyword import KeywordIndex
from retrieval.lexicon.names import names_in
from retrieval.models import Passage, SourceInfo
from retrieval.settings import Settings

log = logging.getLogger(__name__)

def _metadata(passage: Passage, digest: str) -> dict:
    return {
        "title": passage.title,
        "section": passage.section,
        "source": passage.source,
        "position": passage.position,
        "kind": passage.kind,
        "districts": "|".join(passage.districts),
        "date": passage.date,
        "url": passage.url,
        "publication": passage.publication,
        "doc": passage.doc,
        "path": passage.path,
        "hash": digest,
        "instructions": passage.instructions,
    }


def _passage(pid: str, text: str, meta: dict) -> Passage:
    return Passage(
        id=pid,
        text=text,
        title=meta.get("title", ""),
        section=meta.get("section", ""),
        source=meta.get("source", ""),
        position=int(meta.get("position", 0)),
        kind=meta.get("kind", "paragraph"),
        districts=tuple(d for d in meta.get("districts", "").split("|") if d),
        date=meta.get("date", ""),
        url=meta.get("url", ""),
        publication=meta.get("publication", ""),
        doc=meta.get("doc", ""),
        path=meta.get("path", ""),
        instructions=bool(meta.get("instructions", False)),
    )


def _order(passages: list[Passage]) -> list[Passage]:
    """Articles in a stable order, each article's passages together and in reading order."""
    return sorted(passages, key=lambda p: (p.doc, p.source, p.position))


class Index:
    """Passages in Chroma (vectors) and BM25 (keywords), searched together."""

    def __init__(self, settings: Settings, client, embedder, rebuilding: bool = False):
        self.settings = settings
        self.client = client
        self.embedder = embedder
        self.embedder_name = embedder_name(embedder)
        self.lock = IngestLock(settings.data_dir)
        self.manifest = Manifest(settings.data_dir)
        # A rebuild drops the collection anyway: one built with another embedder is no obstacle.
        self.collection = self._collection(check_embedder=not rebuilding)
        self.generation = self._generation()
        # The last few questions' vectors: search and answer picking embed a question once.
        self.query_vector = lru_cache(maxsize=64)(self._embed_query)
        self.keyword = self._keyword_index()
        # Searches read `self.keyword` (swapped in one assignment); ingests must not interleave.
        self._ingest_lock = threading.Lock()
        self.checked = time.monotonic()

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(
        cls, settings: Settings | None = None, build: bool = True, progress: Progress | None = None, rebuilding: bool = False
    ) -> Index:
        """Open the index; build it from the bundled seeds when it is missing or empty.

        Raises IndexUnavailable, as DiskFull, IndexLocked, IndexCorrupt or ChromaUnreachable when the cause is known.
        """
        settings = settings or Settings()
        embedder = get_embedder(settings)

        def unreadable(exc: Exception) -> IndexUnavailable:
            return IndexUnavailable(f"cannot open the index at {where(settings)} ({type(exc).__name__}: {exc})")

        with told_apart(settings, unreadable), _opening(settings):
            index = cls(settings, _client(settings), embedder, rebuilding)
        if build and not index.keyword.passages and "articles" not in index.manifest.read():
            index.ingest(progress=progress)
        return index

    @classmethod
    def open_for_rebuild(cls, settings: Settings) -> Index:
        """Open for `ingest --rebuild`; a corrupt embedded index (and nothing else) is moved aside, kept."""
        try:
            return cls.open(settings, build=False, rebuilding=True)
        except IndexCorrupt:
            if settings.server_mode or not settings.chroma_dir.exists():
                raise
            # Chroma caches one System per path; the one that failed to open must not be reused
            # for the fresh directory (chroma-core/chroma#6499, #2536).
            _forget_system(settings)
            aside = settings.chroma_dir.with_name(f"chroma.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
            settings.chroma_dir.rename(aside)
            log.warning("moved the unreadable index to %s", aside)
            return cls.open(settings, build=False, rebuilding=True)

    def _collection(self, check_embedder: bool = True):
        # Failures (a full disk, a lock, corrupt files, a server away) are told apart by the caller.
        collection = self.client.get_or_create_collection(
            self.settings.collection,
            metadata={"embedder": self.embedder_name},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
        built_with = (collection.metadata or {}).get("embedder")
        if check_embedder and built_with and built_with != self.embedder_name:
            raise IndexUnavailable(
                f"the index was built with the embedder {built_with} but CQNEWS_EMBEDDER gives {self.embedder_name}; "
                "run `cqnews ingest --rebuild` to re-index"
            )
        return collection

    def _generation(self) -> str:
        """The stamp every ingest changes (collection metadata), so other processes notice cheaply."""
        with told_apart(self.settings, self._unreadable):
            meta = self.client.get_collection(self.settings.collection).metadata or {}
        return str(meta.get("generation", ""))

    def _unreadable(self, exc: Exception) -> IndexUnavailable:
        return IndexUnavailable(f"the index at {where(self.settings)} could not be read ({type(exc).__name__}: {exc})")

    def _bump_generation(self) -> None:
        stamp = f"{time.time_ns()}-{os.getpid()}"
        self.collection.modify(metadata={"embedder": self.embedder_name, "generation": stamp})
        self.generation = stamp

    def _chroma_ids(self) -> set[str]:
        with told_apart(self.settings, self._unreadable):
            return set(self.collection.get(include=[])["ids"])

    def _keyword_index(self, chroma_ids: set[str] | None = None) -> KeywordIndex:
        """The local keyword index, rebuilt from Chroma when it disagrees (interrupted ingest, new machine).

        A staged index (an ingest saved its passages, vectors still being stored) is used as it is
        while that ingest runs: new articles are searchable by keyword before their vectors exist.
        """
        local = KeywordIndex.load(self.settings.keyword_dir)
        ids = self._chroma_ids() if chroma_ids is None else chroma_ids
        if local is not None and local.ids() == ids:
            return local
        if local is not None and local.staged and self.lock.held():
            return local
        rebuilt = self._rebuild_keyword(ids)
        if rebuilt.passages:
            with self.lock.try_hold() as free:
                if free:  # else an ingest is running and will write its own
                    try:
                        rebuilt.save(self.settings.keyword_dir)
                    except OSError as exc:  # a full disk: the copy is only a cache, searching goes on
                        log.warning("could not save the keyword index to %s (%s)", self.settings.keyword_dir, exc)
        return rebuilt

    def close(self) -> None:
        """Release the index (Chroma's embedded client needs nothing more than dropping references)."""
        self.keyword = KeywordIndex([])

    # -- noticing other processes' ingests ------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Reload when another process changed the index (or always with `force`); True if reloaded."""
        self.checked = time.monotonic()
        if self._ingest_lock.locked():  # this process is ingesting: it brings the index up to date itself
            return False
        generation = self._generation()
        if not force and generation == self.generation:
            return False
        self._reopen()
        self.keyword = self._keyword_index()
        self.generation = generation
        log.info("index reloaded: %d passages", len(self.keyword.passages))
        return True

    def _reopen(self) -> None:
        """A fresh embedded client: its vector index is read from disk, with other processes' writes."""
        if self.settings.server_mode:
            return
        with told_apart(self.settings, self._unreadable), _opening(self.settings):
            self.client = _client(self.settings)
            self.collection = self._collection()

    def _catch_up(self) -> None:
        """Under the lock: if another process ingested since this index was opened, see its writes."""
        generation = self._generation()
        if generation != self.generation:
            self._reopen()
            self.generation = generation

    def refresh_if_stale(self, seconds: float) -> bool:
        """`refresh()` at most once every `seconds` (one cheap metadata read when nothing changed)."""
        if time.monotonic() - self.checked < seconds:
            return False
        return self.refresh()

    # -- ingest -------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        notify: Notify | None = None,
    ) -> IngestReport:
        """Add or replace the articles in `paths` (files or folders; default: the seeds). Re-runnable.

        Unreadable files are named in `report.skipped` and left out; the rest are ingested.
        """
        refused: list[str] = []
        files = collect_files([Path(p) for p in (paths or [self.settings.seeds_dir])], refused)
        with told_apart(self.settings), self._ingest_lock, self.lock.hold(notify):
            self._catch_up()
            report = self._ingest(files, progress, rebuild, notify or log.info)
        report.notes[:0] = refused
        return report

    def remove(self, targets: Sequence[str], notify: Notify | None = None) -> IngestReport:
        """Remove articles (by path, or by their front matter id:/url:) from Chroma, the keyword index and the manifest."""
        with told_apart(self.settings), self._ingest_lock, self.lock.hold(notify):
            self._catch_up()
            if self._stored()[1]:
                raise CQNewsError("the index was built by an older version: run `cqnews ingest` once first")
            stored, _ = self._sync()
            by_path: dict[str, list[str]] = defaultdict(list)
            for doc, item in stored.items():
                by_path[item.path].append(doc)
            changes, missing = {}, []
            for target in targets:
                docs = [target] if target in stored else by_path.get(str(Path(target).expanduser().resolve()), [])
                if not docs:  # a folder: every article under it
                    folder = str(Path(target).expanduser().resolve()) + os.sep
                    docs = [doc for path, found in by_path.items() if path.startswith(folder) for doc in found]
                if not docs:
                    missing.append(target)
                for doc in docs:
                    changes[doc] = Change(doc, delete=sorted(stored[doc].ids))
            if missing:
                raise CQNewsError(f"not in the index: {', '.join(missing)} (see `cqnews sources`)")
            report = IngestReport(articles_removed=len(changes), removed=sum(len(c.delete) for c in changes.values()))
            self._apply(list(changes.values()), stored, None, notify or log.info, report)
            return report

    def _sync(self) -> tuple[dict[str, StoredArticle], bool]:
        """Under the lock: what Chroma holds, per article, with the keyword index brought in line.

        Also True when passages from before articles had identities were found (and dropped: the
        caller re-reads their files).
        """
        stored, legacy = self._stored()
        if legacy:
            for start in range(0, len(legacy), WRITE_BATCH):
                self.collection.delete(ids=legacy[start : start + WRITE_BATCH])
            log.warning("dropped %d passages indexed by an older version; re-reading their files", len(legacy))
        ids = {pid for item in stored.values() for pid in item.ids}
        if self.keyword.ids() != ids or self.keyword.staged:
            local = KeywordIndex.load(self.settings.keyword_dir)
            # A staged index here was left by a killed ingest (this process holds the lock now).
            if local is not None and local.ids() == ids and not local.staged:
                self.keyword = local
            else:
                self.keyword = self._rebuild_keyword(ids)
        return stored, bool(legacy)

    def _rebuild_keyword(self, ids: set[str]) -> KeywordIndex:
        if not ids:
            return KeywordIndex([])
        log.info("rebuilding the keyword index from Chroma (%d passages)", len(ids))
        got = self.collection.get(include=["documents", "metadatas"])
        return KeywordIndex(_order([_passage(pid, doc, meta or {}) for pid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]))

    def _stored(self) -> tuple[dict[str, StoredArticle], list[str]]:
        got = self.collection.get(include=["metadatas"])
        stored: dict[str, StoredArticle] = defaultdict(StoredArticle)
        legacy = []
        for pid, meta in zip(got["ids"], got["metadatas"], strict=True):
            meta = meta or {}
            doc = meta.get("doc")
            if not doc:
                legacy.append(pid)
                continue
            item = stored[doc]
            item.ids.add(pid)
            item.hashes.add(str(meta.get("hash", "")))
            item.path = str(meta.get("path", ""))
        return dict(stored), legacy

    def _ingest(self, files: list[Path], progress: Progress | None, rebuild: bool, notify: Notify) -> IngestReport:
        started = time.monotonic()
        manifest = self.manifest.read()
        report = IngestReport()
        asked = {f.resolve() for f in files}
        # Files an interrupted ingest meant to index (its intent), each retried by a few later ingests
        # after the files those were asked for; one that keeps failing is then left out (ingest_retries).
        attempts: dict[str, int] = {}
        # What earlier interrupted runs stored of each article: removed with it if it is given up.
        stored_before: dict[str, list[str]] = {}
        again: list[str] = []
        for doc, entry in manifest.get("pending", {}).items():
            if not entry.get("path"):
                continue
            stored_before[doc] = [pid for pid in entry.get("adding", []) if isinstance(pid, str)]
            if Path(entry["path"]).resolve() in asked:
                continue  # asked for again: a fresh attempt
            tries = int(entry.get("attempts", 1))
            if not Path(entry["path"]).exists():
                self._roll_back(entry)  # named below with the other files no longer there
            elif tries > self.settings.ingest_retries:
                self._roll_back(entry)
                before = "kept as it was before" if doc in manifest.get("articles", {}) else "not indexed"
                report.notes.append(
                    f"{entry['path']}: {tries} ingest(s) were interrupted on it; {before}, left out; "
                    f"run `cqnews ingest {entry['path']}` on its own to try again"
                )
                continue
            again.append(entry["path"])
            attempts[doc] = tries + 1
        again += manifest.get("legacy", [])
        if rebuild:
            again += [self.settings.seeds_dir] + [e["path"] for e in manifest.get("articles", {}).values() if e.get("path")]
            self.client.delete_collection(self.settings.collection)
            self.collection = self._collection()
            self.keyword = KeywordIndex([])
            stored: dict[str, StoredArticle] = {}
        else:
            stored, had_legacy = self._sync()
            if had_legacy:
                again.append(self.settings.seeds_dir)
        known = set(asked)
        gone = [str(p) for p in dict.fromkeys(again) if not Path(p).exists()]
        for extra in collect_files([Path(p) for p in again if Path(p).exists()]):
            if extra.resolve() not in known:
                files.append(extra)
                known.add(extra.resolve())

        report.files = len(files)
        report.notes += [f"{path}: indexed before, no longer there; not re-read" for path in gone]
        seeds = self.settings.seeds_dir.resolve()
        documents: list[Document] = []
        for path in dict.fromkeys(f.resolve() for f in files):
            try:
                documents.append(
                    read_document(
                        path,
                        SEED_PUBLICATION if seeds in path.parents else "",
                        max_bytes=self.settings.max_file_bytes,
                        max_passage_chars=self.settings.max_passage_chars,
                    )
                )
            except UnreadableFile as exc:
                report.skipped.append(str(exc))
        changes = plan(documents, stored, report)
        self._apply(changes, stored, progress, notify, report, attempts, stored_before)
        report.seconds = time.monotonic() - started
        return report

    def _roll_back(self, entry: dict) -> None:
        """Remove what interrupted ingests stored of an unfinished article, so it is as it was before
        (or absent if it is new): its `adding` holds every such passage and none it had before."""
        adding = [pid for pid in entry.get("adding", []) if isinstance(pid, str)]
        for start in range(0, len(adding), WRITE_BATCH):
            self.collection.delete(ids=adding[start : start + WRITE_BATCH])

    def _apply(
        self,
        changes: list[Change],
        stored: dict[str, StoredArticle],
        progress: Progress | None,
        notify: Notify,
        report: IngestReport,
        attempts: dict[str, int] | None = None,
        stored_before: dict[str, list[str]] | None = None,
    ) -> None:
        """Write-ahead: the manifest records the intent, the keyword index goes first, then Chroma.

        An article's new passages are stored before its old ones are dropped, and it is recorded done
        as soon as both are, so an interrupted ingest leaves only unfinished articles pending (with the
        passages they were adding, to be removed if they are given up). `attempts` names the leftovers
        of an interrupted ingest: they are stored after the rest.
        """
        if not changes:
            self.manifest.save(Manifest.articles(stored), {})
            return
        attempts, stored_before = attempts or {}, stored_before or {}
        pending = {
            c.doc: {
                "path": str(c.document.path) if c.document else "",
                "hash": c.document.digest if c.document else "",
                "attempts": attempts.get(c.doc, 1),
                "adding": sorted({p.id for p in c.add} | set(stored_before.get(c.doc, ()))),
            }
            for c in changes
        }
        self.manifest.save(Manifest.articles(stored), pending)

        touched = {c.doc for c in changes}
        passages = [p for p in self.keyword.passages if p.doc not in touched]
        passages += [p for c in changes if c.document for p in c.document.passages]
        total = sum(len(c.add) for c in changes if c.document)
        self.keyword = KeywordIndex(_order(passages))
        self.keyword.save(self.settings.keyword_dir, staged=bool(total))
        if total:
            self._bump_generation()  # other processes may show the new articles by keyword already
            notify(
                f"{len({c.doc for c in changes if c.document})} article(s) searchable by keyword; "
                f"embedding {total} passage(s)…"
            )

        # A moved file's old passages are about to go: their vectors serve its new copy.
        reuse = self._vectors_of([pid for c in changes if c.document is None for pid in c.delete]) if total else {}
        saved = time.monotonic()

        def finish(change: Change) -> None:
            """All of an article's new passages are stored: refresh the kept ones, drop the old, record it done."""
            nonlocal saved
            if change.document:
                digest = change.document.digest
                for start in range(0, len(change.keep), WRITE_BATCH):
                    batch = change.keep[start : start + WRITE_BATCH]
                    self.collection.update(ids=[p.id for p in batch], metadatas=[_metadata(p, digest) for p in batch])
            for start in range(0, len(change.delete), WRITE_BATCH):
                self.collection.delete(ids=change.delete[start : start + WRITE_BATCH])
            if change.document is None:
                stored.pop(change.doc, None)
            else:
                stored[change.doc] = StoredArticle(
                    {p.id for p in change.document.passages}, {change.document.digest}, str(change.document.path)
                )
            pending.pop(change.doc, None)
            # A finished article still marked pending is only found unchanged by the next ingest: saving
            # at most once a second keeps a large ingest from rewriting the manifest per article.
            if pending and time.monotonic() - saved >= 1.0:
                self.manifest.save(Manifest.articles(stored), pending)
                saved = time.monotonic()

        # The files asked for first, then what an interrupted ingest left: a leftover that fails
        # again cannot keep the others out. Within each, batches across articles (sorted by length).
        done = 0
        leftover = [c for c in changes if c.doc in attempts]
        for phase in ([c for c in changes if c.doc not in attempts], leftover):
            done = self._embed_and_store(phase, reuse, progress, done, total, report, finish)

        self.keyword.commit(self.settings.keyword_dir)
        self.manifest.save(Manifest.articles(stored), {})
        self._bump_generation()

    def _vectors_of(self, ids: list[str]) -> dict[str, list[float]]:
        """text -> vector of passages about to be deleted (a moved file's), to reuse rather than re-embed."""
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["documents", "embeddings"])
        return {doc: list(vec) for doc, vec in zip(got["documents"], got["embeddings"], strict=True)}

    def _embed_and_store(
        self,
        changes: list[Change],
        reuse: dict[str, list[float]],
        progress: Progress | None,
        done: int,
        total: int,
        report: IngestReport,
        finish: Callable[[Change], None],
    ) -> int:
        """Embed the changes' new passages in batches of similar length (less padding), store each batch
        as it is done, and `finish` each article once all of its passages are stored; the new `done`.

        The embedder reads at most settings.max_embed_chars of a passage (its time grows with the text).
        """
        cap = self.settings.max_embed_chars
        left = {c.doc: len(c.add) for c in changes if c.document}
        by_doc = {c.doc: c for c in changes}
        for change in changes:
            if not left.get(change.doc):
                finish(change)
        items = sorted(
            ((p, c.document.digest) for c in changes if c.document for p in c.add), key=lambda item: len(item[0].text)
        )
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            fresh = [p.text for p, _ in batch if p.text not in reuse]
            vectors = dict(zip(fresh, self.embedder.embed_documents([t[:cap] for t in fresh]), strict=True)) if fresh else {}
            report.chars += sum(min(len(t), cap) for t in fresh)
            self.collection.upsert(
                ids=[p.id for p, _ in batch],
                embeddings=[reuse.get(p.text) or vectors[p.text] for p, _ in batch],
                documents=[p.text for p, _ in batch],
                metadatas=[_metadata(p, digest) for p, digest in batch],
            )
            done += len(batch)
            for passage, _ in batch:
                left[passage.doc] -= 1
                if not left[passage.doc]:
                    finish(by_doc[passage.doc])
            if progress:
                progress(done, total, batch[-1][0].source)
        return done

    # -- reading ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.keyword.passages)

    def spelled_names(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The corpus names English words spell in pinyin ({"Yonghui": ("永辉",)})."""
        return names_in(words, self.keyword.names)

    def get(self, passage_id: str) -> Passage | None:
        i = self.keyword.by_id.get(passage_id)
        return self.keyword.passages[i] if i is not None else None

    def neighbours(self, passage_id: str, window: int = 1) -> list[Passage]:
        """The passage with up to `window` paragraphs either side from the same article, in order."""
        i = self.keyword.by_id.get(passage_id)
        if i is None:
            return []
        passages = self.keyword.passages
        me = passages[i]
        lo, hi = max(0, i - window), min(len(passages), i + window + 1)
        return [p for p in passages[lo:hi] if (p.doc, p.source, p.title) == (me.doc, me.source, me.title)]

    def sources(self) -> list[SourceInfo]:
        """Every ingested article file: path, headlines, publication, date, url, passage count."""
        by_doc: dict[str, list[Passage]] = defaultdict(list)
        for passage in self.keyword.passages:
            by_doc[passage.doc or passage.source].append(passage)
        infos = [
            SourceInfo(
                source=items[0].source,
                titles=tuple(dict.fromkeys(p.title for p in items if p.title)),
                passages=len(items),
                date=items[0].date,
                doc=doc,
                path=items[0].path,
                publication=items[0].publication,
                url=items[0].url,
            )
            for doc, items in by_doc.items()
        ]
        return sorted(infos, key=lambda info: (info.path or info.doc, info.doc))

    def dated_between(self, start: str, end: str) -> list[str]:
        """The ids of the passages dated from `start` to `end` (ISO days, both included)."""
        return [p.id for p in self.keyword.passages if len(p.date) == 10 and start <= p.date <= end]

    def keyword_search(self, query: str, depth: int) -> list[tuple[str, float]]:
        """The ids of the `depth` best passages for `query` by BM25, with their scores."""
        return self.keyword.search(query, depth)

    def _embed_query(self, text: str) -> np.ndarray:
        """The question's unit vector."""
        return unit(np.asarray(self.embedder.embed_query(text), dtype=np.float32))

    def forget_queries(self) -> None:
        """Drop the remembered question vectors (the benchmark times `ask` as for a new question)."""
        self.query_vector.cache_clear()

    def query_vectors(self, queries: Sequence[str], n: int) -> list[list[str]]:
        """The ids of the `n` nearest passages in Chroma for each query."""
        # Chroma may hold fewer passages than the keyword index while an ingest stores vectors.
        with told_apart(self.settings):
            n = min(n, self.collection.count())
        if n <= 0:
            return [[] for _ in queries]
        vectors = [self.query_vector(q).tolist() for q in queries]
        with told_apart(self.settings):
            result = self.collection.query(query_embeddings=vectors, n_results=n, include=[])
        return [list(ids) for ids in result["ids"]]


@contextmanager
def _opening(settings: Settings) -> Iterator[None]:
    """Processes opening the same embedded index take turns: Chroma's first open creates its files."""
    if settings.server_mode:
        yield
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(settings.data_dir / "open.lock", thread_local=False, preserve_lock_file=True):
        yield


def _forget_system(settings: Settings, stop: bool = True):
    """Drop Chroma's cached System for this embedded path, so the next client opens the files afresh."""
    from chromadb.api.shared_system_client import SharedSystemClient

    identifier = str(settings.chroma_dir)
    system = SharedSystemClient._identifier_to_system.pop(identifier, None)
    SharedSystemClient._identifier_to_refcount.pop(identifier, None)
    if system is not None and stop:
        _stop_quietly(system)
    return system


def _stop_quietly(system) -> None:
    try:
        system.stop()
    except Exception:  # a half-opened or already stopped system: nothing more to release
        log.debug("stopping a Chroma system failed", exc_info=True)


def _client(settings: Settings):
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.server_mode:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        # Chroma shares one System per path within a process, and a System's vector index does not
        # see later writes by other processes (or Systems): every open starts from the files. The
        # previous System is left to whoever still uses it (a search in flight), not stopped.
        _forget_system(settings, stop=False)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:
        if settings.server_mode:  # HttpClient checks the server at once: any failure here means it is away
            raise ChromaUnreachable(f"cannot reach {where(settings)} ({type(exc).__name__}); is it running?") from exc
        raise
