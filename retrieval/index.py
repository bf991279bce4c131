"""The Chroma collection plus the keyword index: idempotent ingest and hybrid search."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from .articles import collect_files, read_passages
from .embeddings import embedder_name, get_embedder
from .errors import IndexUnavailable
from .keyword import KeywordIndex
from .models import Passage, SourceInfo
from .settings import Settings
from .search import hybrid_search, vector_rankings
from .sentence_vectors import SentenceVectors
from .text import normalise

log = logging.getLogger(__name__)

_BATCH = 32


@dataclass
class IngestReport:
    """What an ingest changed."""

    files: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    sources: list[str] = field(default_factory=list)


Progress = Callable[[int, int, str], None]


def _tqdm_progress() -> Progress:
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


def _metadata(passage: Passage) -> dict:
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
    )


class Index:
    """Passages in Chroma (vectors) and BM25 (keywords), searched together."""

    def __init__(self, settings: Settings, client, embedder):
        self.settings = settings
        self.client = client
        self.embedder = embedder
        self.embedder_name = embedder_name(embedder)
        self.collection = self._collection()
        self.sentence_vectors = SentenceVectors(settings.data_dir / "sentences.sqlite3")
        self.keyword = self._keyword_index()
        # Searches read `self.keyword` (swapped in one assignment); ingests must not interleave.
        self._ingest_lock = threading.Lock()

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings | None = None, build: bool = True, progress: Progress | None = None) -> Index:
        """Open the index; build it from the bundled seeds when it is missing or empty."""
        settings = settings or Settings()
        index = cls(settings, _client(settings), get_embedder(settings))
        if build and not index.keyword.passages:
            index.ingest(progress=progress)
        return index

    @classmethod
    def open_for_rebuild(cls, settings: Settings) -> Index:
        """Open for `ingest --rebuild`; an unreadable embedded index is moved aside (kept, not deleted)."""
        try:
            return cls.open(settings, build=False)
        except IndexUnavailable:
            if settings.server_mode or not settings.chroma_dir.exists():
                raise
            aside = settings.chroma_dir.with_name(f"chroma.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
            settings.chroma_dir.rename(aside)
            log.warning("moved the unreadable index to %s", aside)
            return cls.open(settings, build=False)

    def _collection(self):
        name = self.settings.collection
        try:
            collection = self.client.get_or_create_collection(
                name,
                metadata={"embedder": self.embedder_name},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        except Exception as exc:  # corrupt files, server errors: report, never a traceback
            raise IndexUnavailable(
                f"the index could not be opened ({type(exc).__name__}: {exc}); "
                "run `cqnews ingest --rebuild` to build it again"
            ) from exc
        built_with = (collection.metadata or {}).get("embedder")
        if built_with and built_with != self.embedder_name:
            raise IndexUnavailable(
                f"the index was built with the embedder {built_with} but CQNEWS_EMBEDDER gives {self.embedder_name}; "
                "run `cqnews ingest --rebuild` to re-index"
            )
        return collection

    def _keyword_index(self) -> KeywordIndex:
        """The local keyword index, rebuilt from Chroma when it disagrees (interrupted ingest, new machine)."""
        local = KeywordIndex.load(self.settings.keyword_dir)
        try:
            ids = set(self.collection.get(include=[])["ids"])
        except Exception as exc:
            raise IndexUnavailable(f"the index could not be read ({type(exc).__name__}); run `cqnews ingest --rebuild`") from exc
        if local is not None and local.ids() == ids:
            return local
        if not ids:
            return KeywordIndex([])
        log.info("rebuilding the keyword index from Chroma (%d passages)", len(ids))
        got = self.collection.get(include=["documents", "metadatas"])
        passages = [_passage(pid, doc, meta or {}) for pid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"])]
        passages.sort(key=lambda p: (p.source, p.position))
        rebuilt = KeywordIndex(passages)
        rebuilt.save(self.settings.keyword_dir)
        return rebuilt

    def close(self) -> None:
        """Release the index (Chroma's embedded client needs nothing more than dropping references)."""
        self.keyword = KeywordIndex([])

    # -- ingest -------------------------------------------------------------------
    def ingest(
        self, paths: Sequence[Path] | None = None, progress: Progress | None = None, rebuild: bool = False
    ) -> IngestReport:
        """Add or replace the passages of `paths` (files or folders; default: the seeds). Re-runnable."""
        with self._ingest_lock:
            return self._ingest(paths, progress, rebuild)

    def _ingest(self, paths: Sequence[Path] | None, progress: Progress | None, rebuild: bool) -> IngestReport:
        manifest = self._manifest()
        if rebuild:
            paths = [*(paths or []), self.settings.seeds_dir, *(Path(p) for p in manifest.values())]
            self.client.delete_collection(self.settings.collection)
            self.collection = self._collection()
            self.keyword = KeywordIndex([])
            self.sentence_vectors.clear()
        files = collect_files([Path(p) for p in (paths or [self.settings.seeds_dir])])
        files = [f for f in dict.fromkeys(f.resolve() for f in files) if f.exists()]
        current: dict[str, list[Passage]] = defaultdict(list)
        for passage in self.keyword.passages:
            current[passage.source].append(passage)

        report = IngestReport(files=len(files))
        plan: list[tuple[Path, list[Passage], list[Passage], list[str]]] = []
        for path in files:
            passages = read_passages(path)
            old = {p.id: p for p in current.get(path.name, [])}
            new_ids = {p.id for p in passages}
            to_add = [p for p in passages if p.id not in old]
            to_remove = [pid for pid in old if pid not in new_ids]
            plan.append((path, passages, to_add, to_remove))
            report.added += len(to_add)
            report.removed += len(to_remove)
            report.unchanged += len(passages) - len(to_add)
            report.sources.append(path.name)

        total = report.added
        if total and progress is None and sys.stderr.isatty():
            progress = _tqdm_progress()
        done = 0
        for path, passages, to_add, to_remove in plan:
            for start in range(0, len(to_add), _BATCH):
                batch = to_add[start : start + _BATCH]
                vectors = self.sentence_vectors.embed_passages(self.embedder, batch)
                self.collection.upsert(
                    ids=[p.id for p in batch],
                    embeddings=vectors,
                    documents=[p.text for p in batch],
                    metadatas=[_metadata(p) for p in batch],
                )
                done += len(batch)
                if progress:
                    progress(done, total, path.name)
            added_ids = {a.id for a in to_add}
            kept = [p for p in passages if p.id not in added_ids]
            if kept:  # positions and headlines can move when a file is edited
                self.collection.update(ids=[p.id for p in kept], metadatas=[_metadata(p) for p in kept])
            if to_remove:
                self.collection.delete(ids=to_remove)
                self.sentence_vectors.remove(to_remove)
            current[path.name] = passages
            manifest[path.name] = str(path)

        ordered = [p for source in sorted(current) for p in sorted(current[source], key=lambda p: p.position)]
        self.keyword = KeywordIndex(ordered)
        self.keyword.save(self.settings.keyword_dir)
        self._save_manifest(manifest)
        return report

    def _manifest_path(self) -> Path:
        return self.settings.data_dir / "ingested.json"

    def _manifest(self) -> dict[str, str]:
        """Which file each source came from, so a rebuild can re-read user-ingested articles."""
        try:
            data = json.loads(self._manifest_path().read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in data.items()}
        except (OSError, ValueError, AttributeError):
            return {}

    def _save_manifest(self, manifest: dict[str, str]) -> None:
        path = self._manifest_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)

    # -- reading ------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.keyword.passages)

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
        return [p for p in passages[lo:hi] if p.source == me.source and p.title == me.title]

    def sources(self) -> list[SourceInfo]:
        by_source: dict[str, list[Passage]] = defaultdict(list)
        for passage in self.keyword.passages:
            by_source[passage.source].append(passage)
        return [
            SourceInfo(
                source=source,
                titles=tuple(dict.fromkeys(p.title for p in items if p.title)),
                passages=len(items),
                date=items[0].date,
            )
            for source, items in sorted(by_source.items())
        ]

    # -- search (retrieval.search does the work) ---------------------------------------
    def search(
        self, query: str, k: int = 5, district: str | None = None, also: Sequence[str] = ()
    ) -> list[Passage]:
        """Hybrid search: BM25 and vector rankings of the query (and its variants), fused."""
        return hybrid_search(self, query, k=k, district=district, also=also)

    def search_keyword(self, query: str, k: int = 5) -> list[Passage]:
        """BM25 alone (for the benchmark)."""
        return [self.get(pid).with_score(s) for pid, s in self.keyword.search(normalise(query), k)]

    def search_vector(self, query: str, k: int = 5) -> list[Passage]:
        """Vector search alone (for the benchmark)."""
        return [p for p in (self.get(pid) for pid in vector_rankings(self, [normalise(query)])[0][:k]) if p]

    def query_vectors(self, queries: Sequence[str], n: int) -> list[list[str]]:
        """The ids of the `n` nearest passages in Chroma for each query."""
        vectors = [self.sentence_vectors.query_vector(self.embedder, q).tolist() for q in queries]
        result = self.collection.query(query_embeddings=vectors, n_results=n, include=[])
        return [list(ids) for ids in result["ids"]]




def _client(settings: Settings):
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.server_mode:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.server_mode else str(settings.chroma_dir)
        hint = "is the server running?" if settings.server_mode else "run `cqnews ingest --rebuild` to set it aside and build it again"
        raise IndexUnavailable(f"cannot open Chroma at {where} ({type(exc).__name__}: {exc}); {hint}") from exc
