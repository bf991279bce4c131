"""BM25 over jieba tokens, kept in SQLite beside the Chroma data: each passage tokenised once, postings in segments.

An ingest writes its passages' postings as a new segment and a removal marks rows dead, so both cost what
they change, not the archive; small segments are merged as they accumulate. Scores are bm25s's (Lucene
variant, k1 1.5, b 0.75) computed from live statistics at query time, so they equal a model built afresh.
Passages are read from the file on demand: a process holds no passage text in memory.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from retrieval.index.ingest import StoredArticle
from retrieval.index.postings import (
    CHUNK,
    FIELDS,
    K1,
    SCHEMA,
    B,
    add_rows,
    idf,
    joined,
    merge_segments,
    remove_rows,
    row_passage,
    stored_texts,
    to_merge,
    values_of,
)
from retrieval.lexicon.names import PinyinNames
from retrieval.lexicon.tokens import tokens
from retrieval.models import Passage

log = logging.getLogger(__name__)

FILE = "keyword.sqlite3"
# The format before this one: every passage in a JSON-lines file plus a bm25s model, rewritten per ingest.
_OLD_FILES = ("passages.jsonl", "bm25", "STAGED")
class KeywordIndex:
    """Every passage with its tokens, and BM25 postings over them, in one SQLite file (or in memory)."""

    def __init__(self, path: Path | None = None):
        """`path`: the folder holding the file; None keeps it in memory (a full disk, a rebuild that cannot be saved)."""
        self.folder = path
        self._target = str(path / FILE) if path is not None else f"file:kw{id(self)}?mode=memory&cache=shared"
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._memory_anchor = None
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
        else:  # a shared in-memory database lives while one connection to it is open
            self._memory_anchor = self._connect()
        self._names: tuple[int, PinyinNames] | None = None
        self._dead: tuple[int, np.ndarray] | None = None

    # -- connections ------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._target, uri=self.folder is None, timeout=60, isolation_level=None, check_same_thread=False)
        if self.folder is not None:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA journal_size_limit=67108864")  # a large first ingest's WAL is not kept at its size
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name='postings'").fetchone():
            db.executescript(SCHEMA)
        return db

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (searches run in worker threads while an ingest writes)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
            with self._lock:
                self._connections.append(db)
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for the statements inside."""
        db = self.db
        db.execute("BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")

    def check(self) -> None:
        """Raise sqlite3.DatabaseError when the file is not a readable index."""
        self.db.execute("SELECT count(*) FROM meta").fetchone()

    @staticmethod
    def discard(folder: Path) -> None:
        """Delete the file (a garbled one: it is derived data)."""
        for suffix in ("", "-wal", "-shm"):
            (folder / (FILE + suffix)).unlink(missing_ok=True)

    def close(self) -> None:
        """Close every thread's connection (at shutdown: a search still running would fail)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for db in connections:
            db.close()
        self._local = threading.local()

    def _meta(self, db: sqlite3.Connection, key: str, default: int = 0) -> int:
        row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return int(row[0]) if row else default

    @staticmethod
    def _set(db: sqlite3.Connection, **values: int) -> None:
        db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])

    # -- state --------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._meta(self.db, "count")

    @property
    def staged(self) -> bool:
        """True while an ingest has written passages here whose vectors are not all in Chroma yet."""
        return bool(self._meta(self.db, "staged"))

    def commit(self, generation: str) -> None:
        """Chroma (at `generation`) now holds exactly the passages written here: drop the staged mark."""
        with self._write() as db:
            self._set(db, staged=0, version=self._meta(db, "version") + 1)
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', ?)", (generation,))

    @property
    def generation(self) -> str:
        """The Chroma generation this index was last found to match ("" when never)."""
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return row[0] if row else ""

    @property
    def version(self) -> int:
        """Changes with every write: other processes' writes are noticed by it."""
        return self._meta(self.db, "version")

    def ids(self) -> set[str]:
        return {pid for (pid,) in self.db.execute("SELECT id FROM passages")}

    def articles(self) -> tuple[dict[str, StoredArticle], list[str]]:
        """Every article as Chroma holds it (when this file matches Chroma), and the ids of passages with no article."""
        stored: dict[str, StoredArticle] = defaultdict(StoredArticle)
        legacy = []
        for pid, doc, digest, path in self.db.execute("SELECT id, doc, hash, path FROM passages"):
            if not doc:
                legacy.append(pid)
                continue
            item = stored[doc]
            item.ids.add(pid)
            item.hashes.add(digest or "")
            item.path = path or ""
        return dict(stored), legacy

    def ids_of(self, docs: Iterable[str]) -> set[str]:
        """The ids of the passages of these articles."""
        found: set[str] = set()
        docs = list(dict.fromkeys(docs))
        for start in range(0, len(docs), CHUNK):
            chunk = docs[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(pid for (pid,) in self.db.execute(f"SELECT id FROM passages WHERE doc IN ({marks})", chunk))
        return found

    # -- reading ------------------------------------------------------------------------
    def get(self, passage_id: str) -> Passage | None:
        row = self.db.execute(f"SELECT {','.join(FIELDS)} FROM passages WHERE id=?", (passage_id,)).fetchone()
        return row_passage(row) if row else None

    def passages(self) -> list[Passage]:
        """Every passage, each article's together and in reading order (for tests and sources)."""
        rows = self.db.execute(f"SELECT {','.join(FIELDS)} FROM passages ORDER BY doc, source, position, row")
        return [row_passage(row) for row in rows]

    def article(self, doc: str, source: str) -> list[Passage]:
        """One article file's passages in reading order."""
        rows = self.db.execute(
            f"SELECT {','.join(FIELDS)} FROM passages WHERE doc=? AND source=? ORDER BY position, row", (doc, source)
        )
        return [row_passage(row) for row in rows]

    def outline(self) -> Iterator[Passage]:
        """Every passage without its text, in order: enough to list the articles."""
        fields = [f if f != "text" else "''" for f in FIELDS]
        yield from (row_passage(row) for row in self.db.execute(f"SELECT {','.join(fields)} FROM passages ORDER BY doc, source, position, row"))

    def dated_between(self, start: str, end: str) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM passages WHERE date BETWEEN ? AND ? AND length(date)=10 ORDER BY doc, source, position, row",
            (start, end),
        )
        return [pid for (pid,) in rows]

    def names(self) -> PinyinNames:
        """The corpus words by their pinyin, built again only after a change."""
        version = self.version
        if self._names is None or self._names[0] != version:
            vocab = [tok for (tok,) in self.db.execute("SELECT token FROM terms WHERE df > 0")]
            self._names = (version, PinyinNames(vocab))
        return self._names[1]

    def search(self, query: str, n: int, among: Collection[str] | None = None) -> list[tuple[str, float]]:
        """(id, score) pairs best first, only passages sharing a token with the query (ties in ingest order);
        with `among`, only those passages."""
        asked = tokens(query)
        if not asked or n <= 0:
            return []
        with self._read() as db:
            count, total = self._meta(db, "count"), self._meta(db, "length")
            unique = list(dict.fromkeys(asked))
            marks = ",".join("?" * len(unique))
            dfs = dict(db.execute(f"SELECT token, df FROM terms WHERE token IN ({marks}) AND df > 0", unique))
            if not dfs or not count:
                return []
            found: dict[str, list[tuple[bytes, bytes, bytes]]] = defaultdict(list)
            for tok, rows, tfs, lengths in db.execute(
                f"SELECT token, rows, tfs, lengths FROM postings WHERE token IN ({','.join('?' * len(dfs))})", list(dfs)
            ):
                found[tok].append((rows, tfs, lengths))
            top = self._meta(db, "top_row")
            dead = self._dead_rows(db)
        scores = np.zeros(top + 1, dtype=np.float32)
        average = np.float64(total) / np.float64(count)
        for tok in asked:  # a repeated query word counts again, as bm25s counts it
            if tok not in dfs:
                continue
            postings = joined(found[tok])
            tf = postings.tfs.astype(np.float64)
            tfc = tf / (K1 * ((1 - B) + B * postings.lengths.astype(np.float64) / average) + tf)
            scores[postings.rows] += (idf(dfs[tok], count) * tfc).astype(np.float32)
        if len(dead):
            scores[dead[dead <= top]] = 0
        if among is not None:
            kept = np.zeros(top + 1, dtype=bool)
            rows = np.fromiter(self._rows_of_ids(list(among)), dtype=np.int64)
            kept[rows[rows <= top]] = True
            scores[~kept] = 0
        hits = np.flatnonzero(scores > 0)
        best = hits[np.argsort(-scores[hits], kind="stable")][:n]
        ids = self._ids_of_rows(best.tolist())
        return [(ids[row], float(scores[row])) for row in best.tolist() if row in ids]

    def _dead_rows(self, db: sqlite3.Connection) -> np.ndarray:
        version = self._meta(db, "version")
        if self._dead is None or self._dead[0] != version:
            self._dead = (version, np.fromiter((r for (r,) in db.execute("SELECT row FROM dead")), dtype=np.int64))
        return self._dead[1]

    def _rows_of_ids(self, ids: Sequence[str]) -> list[int]:
        found: list[int] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            found += [row for (row,) in self.db.execute(f"SELECT row FROM passages WHERE id IN ({','.join('?' * len(chunk))})", chunk)]
        return found

    def _ids_of_rows(self, rows: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT row, id FROM passages WHERE row IN ({marks})", chunk))
        return found

    # -- writing ------------------------------------------------------------------------
    def apply(
        self, remove: Iterable[str] = (), upsert: Sequence[Passage] = (), staged: bool = False, hashes: Mapping[str, str] | None = None
    ) -> None:
        """Remove passages by id and add or refresh others, in one transaction; time grows with what changes.

        A passage already here keeps its postings when its section and text are unchanged (only its
        metadata is refreshed); `staged` marks the file as ahead of Chroma until `commit`. `hashes`: passage
        id -> the hash of the file it was read from, as Chroma records it.
        """
        hashes = dict(hashes or {})
        with self._write() as db:
            count, total = self._meta(db, "count"), self._meta(db, "length")
            df: Counter[str] = Counter()
            upsert = list({p.id: p for p in upsert}.values())
            current = stored_texts(db, [p.id for p in upsert])
            fresh: list[Passage] = []
            for passage in upsert:
                old = current.get(passage.id)
                if old is not None and old == (passage.section, passage.text):
                    db.execute(
                        f"UPDATE passages SET {','.join(f'{f}=?' for f in FIELDS[1:])}, hash=? WHERE id=?",
                        (*values_of(passage)[1:], hashes.get(passage.id, ""), passage.id),
                    )
                else:
                    fresh.append(passage)
            gone = [pid for pid in dict.fromkeys(remove) if pid not in {p.id for p in upsert}]
            gone += [p.id for p in fresh if p.id in current]
            removed_count, removed_length = remove_rows(db, gone, df)
            count, total = count - removed_count, total - removed_length
            added_count, added_length = add_rows(db, fresh, df, hashes)
            count, total = count + added_count, total + added_length
            for tok, change in df.items():
                if change:
                    db.execute(
                        "INSERT INTO terms(token, df) VALUES (?, ?) ON CONFLICT(token) DO UPDATE SET df = df + excluded.df",
                        (tok, change),
                    )
            db.execute("DELETE FROM terms WHERE df <= 0")
            top = db.execute("SELECT seq FROM sqlite_sequence WHERE name='passages'").fetchone()
            self._set(
                db, count=count, length=total, staged=int(staged), top_row=top[0] if top else 0,
                version=self._meta(db, "version") + 1,
            )
            db.execute("DELETE FROM meta WHERE key='generation'")

    def merge(self) -> int:
        """Merge the newest segments while they are comparable in size, and rewrite half-dead ones; how many merged."""
        merged = 0
        while True:
            with self._write() as db:
                segments = db.execute("SELECT segment, size, dead FROM segments ORDER BY segment").fetchall()
                chosen = to_merge(segments)
                if not chosen:
                    return merged
                merge_segments(db, chosen)
                self._set(db, version=self._meta(db, "version") + 1)
                merged += len(chosen)

    def replace_all(self, passages: Sequence[Passage], staged: bool = False, hashes: Mapping[str, str] | None = None) -> None:
        """Start afresh with exactly these passages (a rebuild from Chroma)."""
        with self._write() as db:
            for table in ("passages", "terms", "postings", "segments", "dead", "meta"):
                db.execute(f"DELETE FROM {table}")
        self.apply(upsert=passages, staged=staged, hashes=hashes)

    # -- the previous format ------------------------------------------------------------
    @staticmethod
    def old_format(folder: Path) -> bool:
        return (folder / "passages.jsonl").exists()

    def migrate(self, folder: Path) -> bool:
        """Read the passages of the previous format's folder into this file, then drop those files; False if unreadable."""
        try:
            with open(folder / "passages.jsonl", encoding="utf-8") as fh:
                passages = []
                for line in fh:
                    row = json.loads(line)
                    row["districts"] = tuple(row.get("districts", ()))
                    passages.append(Passage(**row))
            staged = (folder / "STAGED").exists()
        except Exception:  # derived data: whatever is wrong with it, rebuilding from Chroma fixes it
            passages, staged = None, False
        if passages is not None:
            log.info("converting the keyword index to the incremental format (%d passages, once)", len(passages))
            self.replace_all(passages, staged=staged)
        for name in _OLD_FILES:
            target = folder / name
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        return passages is not None


