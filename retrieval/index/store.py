"""The Chroma collection plus the keyword index: opening them, noticing other processes' ingests, reading passages.

Writing (ingest, remove) is in retrieval/index/writes.py; what an ingest changes, the lock and the manifest
in retrieval/index/ingest.py. The keyword index (retrieval/index/keyword.py) is derived from Chroma and
records the Chroma generation it matches, so opening it reads no passage when the two agree.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from retrieval.errors import IndexCorrupt, IndexUnavailable
from retrieval.index.chroma import client as _client
from retrieval.index.chroma import forget_systems, in_order, opening, passage_of, read_all
from retrieval.index.embeddings import embedder_name, get_embedder, unit
from retrieval.index.faults import told_apart, where
from retrieval.index.ingest import WRITE_BATCH, IngestLock, Manifest, Progress
from retrieval.index.keyword import KeywordIndex
from retrieval.index.writes import Writes
from retrieval.lexicon.names import names_in
from retrieval.models import Passage, SourceInfo
from retrieval.settings import Settings

__all__ = ["Index"]

log = logging.getLogger(__name__)


class Index(Writes):
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

        with told_apart(settings, unreadable), opening(settings):
            index = cls(settings, _client(settings), embedder, rebuilding)
        if build and not len(index.keyword) and "articles" not in index.manifest.read():
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
            forget_systems()
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
            return set(read_all(self.collection, [])["ids"])

    def _keyword_index(self) -> KeywordIndex:
        """The local keyword index, brought in line with Chroma when it disagrees (interrupted ingest, new machine).

        It is trusted without reading Chroma's ids when it records Chroma's current generation. A staged
        index (an ingest wrote its passages, vectors still being stored) is used as it is while that ingest
        runs: new articles are searchable by keyword before their vectors exist.
        """
        local = self._local_keyword()
        if self._trusted(local):
            return local
        ids = self._chroma_ids()
        if local is not None and local.ids() == ids and not local.staged:
            return local  # the same passages; a hash may differ after an interrupted ingest: not trusted yet
        if local is not None and local.staged and self.lock.held():
            return local
        with self.lock.try_hold() as free:
            if free and local is not None:  # else an ingest is running and will write its own
                return self._saved(local, ids)
        return self._in_memory(ids)

    def _trusted(self, keyword: KeywordIndex | None) -> bool:
        """True when the keyword file records Chroma's current generation: it holds exactly Chroma's passages."""
        return (
            keyword is not None and keyword.folder is not None and bool(self.generation)
            and not keyword.staged and keyword.generation == self.generation
        )

    def _local_keyword(self) -> KeywordIndex | None:
        """The keyword file (converted from the previous format on first open), or None when it cannot be opened."""
        folder = self.settings.keyword_dir
        current = getattr(self, "keyword", None)
        try:
            try:
                # The open file is kept (a search in flight in another thread may be reading it).
                local = current if current is not None and current.folder == folder else KeywordIndex(folder)
                local.check()
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError):
                    raise
                # Derived data: a garbled file is dropped and rebuilt from Chroma.
                log.warning("the keyword index at %s is unreadable (%s); rebuilding it", folder, exc)
                KeywordIndex.discard(folder)
                local = KeywordIndex(folder)
            if KeywordIndex.old_format(folder):
                with self.lock.try_hold() as free:
                    if free:
                        local.migrate(folder)
            return local
        except (OSError, sqlite3.Error) as exc:
            log.warning("could not open the keyword index at %s (%s)", folder, exc)
            return None

    def _in_memory(self, ids: set[str]) -> KeywordIndex:
        memory = KeywordIndex(None)
        if ids:
            log.info("rebuilding the keyword index from Chroma in memory (%d passages)", len(ids))
            passages, hashes = self._from_chroma(sorted(ids))
            memory.replace_all(in_order(passages), hashes=hashes)
        return memory

    def _reconcile(self, keyword: KeywordIndex, ids: set[str]) -> None:
        """Make `keyword` hold exactly Chroma's passages: reads only the passages it lacks."""
        have = keyword.ids()
        missing, extra = ids - have, have - ids
        if missing or extra or keyword.staged:
            if len(missing) > 1000:
                log.info("rebuilding the keyword index from Chroma (%d passages)", len(missing))
            passages, hashes = self._from_chroma(sorted(missing))
            keyword.apply(remove=extra, upsert=in_order(passages), hashes=hashes)
        if not self.manifest.read().get("pending"):  # else rows of unfinished articles may differ: the next ingest fixes them
            keyword.commit(self.generation)

    def _from_chroma(self, ids: Sequence[str]) -> tuple[list[Passage], dict[str, str]]:
        """These passages as Chroma holds them, and the hash of the file each was read from."""
        out: list[Passage] = []
        hashes: dict[str, str] = {}
        for start in range(0, len(ids), WRITE_BATCH):
            got = self.collection.get(ids=list(ids[start : start + WRITE_BATCH]), include=["documents", "metadatas"])
            for pid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                out.append(passage_of(pid, doc, meta or {}))
                hashes[pid] = str((meta or {}).get("hash", ""))
        return out, hashes

    def close(self) -> None:
        """Release the keyword file and Chroma's cached System (an embedded client holds its files through it)."""
        self.keyword.close()
        if not self.settings.server_mode:
            forget_systems()

    # -- noticing other processes' ingests ------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Reload when another process changed the index (or always with `force`); True if reloaded."""
        if self._ingest_lock.locked():  # this process is ingesting: it brings the index up to date itself
            return False
        generation = self._generation()
        if not force and generation == self.generation:
            return False
        self._reopen()
        self.generation = generation
        self.keyword = self._keyword_index()
        log.info("index reloaded: %d passages", len(self.keyword))
        return True

    def _reopen(self) -> None:
        """A fresh embedded client: its vector index is read from disk, with other processes' writes."""
        if self.settings.server_mode:
            return
        with told_apart(self.settings, self._unreadable), opening(self.settings):
            self.client = _client(self.settings)
            self.collection = self._collection()

    def _catch_up(self) -> None:
        """Under the lock: if another process ingested since this index was opened, see its writes."""
        generation = self._generation()
        if generation != self.generation:
            self._reopen()
            self.generation = generation

    # -- reading ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.keyword)

    def spelled_names(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The corpus names English words spell in pinyin ({"Yonghui": ("永辉",)})."""
        return names_in(words, self.keyword.names())

    def get(self, passage_id: str) -> Passage | None:
        return self.keyword.get(passage_id)

    def neighbours(self, passage_id: str, window: int = 1) -> list[Passage]:
        """The passage with up to `window` paragraphs either side from the same article, in order."""
        me = self.keyword.get(passage_id)
        if me is None:
            return []
        article = self.keyword.article(me.doc, me.source)
        i = next(n for n, p in enumerate(article) if p.id == passage_id)
        return [p for p in article[max(0, i - window) : i + window + 1] if p.title == me.title]

    def sources(self) -> list[SourceInfo]:
        """Every ingested article file: path, headlines, publication, date, url, passage count."""
        by_doc: dict[str, list[Passage]] = defaultdict(list)
        for passage in self.keyword.outline():
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
        return self.keyword.dated_between(start, end)

    def keyword_search(self, query: str, depth: int) -> list[tuple[str, float]]:
        """The ids of the `depth` best passages for `query` by BM25, with their scores."""
        return self.keyword.search(query, depth)

    def keyword_search_among(self, query: str, ids: Sequence[str]) -> list[tuple[str, float]]:
        """The passages of `ids` that match `query` by BM25, best first (ranked as in the whole index)."""
        return self.keyword.search(query, len(ids), among=ids)

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
