"""BM25 over jieba tokens, kept in SQLite beside the Chroma data: each passage tokenised once, postings in segments.

An ingest writes its passages' postings as a new segment and a removal marks rows dead, so both cost what
they change, not the archive; small segments are merged as they accumulate. Scores are bm25s's (Lucene
variant, k1 1.5, b 0.75) computed from live statistics at query time, so they equal a model built afresh.
Passages are read from the file on demand: a process holds no passage text in memory.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.lexicon.names import PinyinNames
from retrieval.lexicon.tokens import tokens
from retrieval.models import Passage

log = logging.getLogger(__name__)

FILE = "keyword.sqlite3"
# The format before this one: every passage in a JSON-lines file plus a bm25s model, rewritten per ingest.
_OLD_FILES = ("passages.jsonl", "bm25", "STAGED")
K1, B = 1.5, 0.75  # bm25s's defaults, as the previous index used them
_EMPTY = "∅"  # a passage with no token still counts, as one token (as before)
_SEP = "\x1f"
_CHUNK = 5000  # ids per `IN (...)` query
# Segments are merged while the newer is at least half the older's size: merges cost O(log n) per passage.
_MERGE_RATIO = 2
_FIELDS = (
    "id", "text", "title", "section", "source", "position", "kind", "districts", "date", "url", "publication",
    "doc", "path", "instructions",
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS passages(
    row INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, title TEXT, section TEXT,
    source TEXT, position INTEGER, kind TEXT, districts TEXT, date TEXT, url TEXT, publication TEXT, doc TEXT,
    path TEXT, instructions INTEGER, length INTEGER NOT NULL, segment INTEGER NOT NULL, tokens TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passages_order ON passages(doc, source, position);
CREATE INDEX IF NOT EXISTS passages_date ON passages(date);
CREATE TABLE IF NOT EXISTS terms(token TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS postings(
    token TEXT NOT NULL, segment INTEGER NOT NULL, rows BLOB NOT NULL, tfs BLOB NOT NULL, lengths BLOB NOT NULL,
    PRIMARY KEY(token, segment)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segments(segment INTEGER PRIMARY KEY, size INTEGER NOT NULL, dead INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dead(row INTEGER PRIMARY KEY, segment INTEGER NOT NULL);
"""


def passage_tokens(passage: Passage) -> list[str]:
    """What BM25 indexes of a passage: its section and text."""
    return tokens(f"{passage.section} {passage.text}") or [_EMPTY]


def _idf(df: int, count: int) -> np.float32:
    return np.float32(math.log(1 + (count - df + 0.5) / (df + 0.5)))


def _row_passage(row: sqlite3.Row | tuple) -> Passage:
    values = dict(zip(_FIELDS, row))
    values["districts"] = tuple(d for d in (values["districts"] or "").split("|") if d)
    values["instructions"] = bool(values["instructions"])
    values["position"] = int(values["position"] or 0)
    return Passage(**{k: ("" if v is None else v) for k, v in values.items()})


def _values(passage: Passage) -> tuple:
    return (
        passage.id, passage.text, passage.title, passage.section, passage.source, passage.position, passage.kind,
        "|".join(passage.districts), passage.date, passage.url, passage.publication, passage.doc, passage.path,
        int(passage.instructions),
    )


@dataclass
class _Postings:
    rows: np.ndarray
    tfs: np.ndarray
    lengths: np.ndarray


class KeywordIndex:
    """Every passage with its tokens, and BM25 postings over them, in one SQLite file (or in memory)."""

    def __init__(self, path: Path | None = None):
        """`path`: the folder holding the file; None keeps it in memory (a full disk, a rebuild that cannot be saved)."""
        self.folder = path
        self._target = str(path / FILE) if path is not None else f"file:kw{id(self)}?mode=memory&cache=shared"
        self._local = threading.local()
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
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name='postings'").fetchone():
            db.executescript(_SCHEMA)
        return db

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (searches run in worker threads while an ingest writes)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
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
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

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

    def ids_of(self, docs: Iterable[str]) -> set[str]:
        """The ids of the passages of these articles."""
        found: set[str] = set()
        docs = list(dict.fromkeys(docs))
        for start in range(0, len(docs), _CHUNK):
            chunk = docs[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(pid for (pid,) in self.db.execute(f"SELECT id FROM passages WHERE doc IN ({marks})", chunk))
        return found

    # -- reading ------------------------------------------------------------------------
    def get(self, passage_id: str) -> Passage | None:
        row = self.db.execute(f"SELECT {','.join(_FIELDS)} FROM passages WHERE id=?", (passage_id,)).fetchone()
        return _row_passage(row) if row else None

    def passages(self) -> list[Passage]:
        """Every passage, each article's together and in reading order (for tests and sources)."""
        rows = self.db.execute(f"SELECT {','.join(_FIELDS)} FROM passages ORDER BY doc, source, position, row")
        return [_row_passage(row) for row in rows]

    def article(self, doc: str, source: str) -> list[Passage]:
        """One article file's passages in reading order."""
        rows = self.db.execute(
            f"SELECT {','.join(_FIELDS)} FROM passages WHERE doc=? AND source=? ORDER BY position, row", (doc, source)
        )
        return [_row_passage(row) for row in rows]

    def outline(self) -> Iterator[Passage]:
        """Every passage without its text, in order: enough to list the articles."""
        fields = [f if f != "text" else "''" for f in _FIELDS]
        yield from (_row_passage(row) for row in self.db.execute(f"SELECT {','.join(fields)} FROM passages ORDER BY doc, source, position, row"))

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

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """(id, score) pairs best first, only passages sharing a token with the query (ties in ingest order)."""
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
            postings = self._postings(found[tok])
            tf = postings.tfs.astype(np.float64)
            tfc = tf / (K1 * ((1 - B) + B * postings.lengths.astype(np.float64) / average) + tf)
            scores[postings.rows] += (_idf(dfs[tok], count) * tfc).astype(np.float32)
        if len(dead):
            scores[dead[dead <= top]] = 0
        hits = np.flatnonzero(scores > 0)
        best = hits[np.argsort(-scores[hits], kind="stable")][:n]
        ids = self._ids_of_rows(best.tolist())
        return [(ids[row], float(scores[row])) for row in best.tolist() if row in ids]

    @staticmethod
    def _postings(parts: list[tuple[bytes, bytes, bytes]]) -> _Postings:
        return _Postings(
            np.concatenate([np.frombuffer(r, dtype=np.int64) for r, _, _ in parts]),
            np.concatenate([np.frombuffer(t, dtype=np.int32) for _, t, _ in parts]),
            np.concatenate([np.frombuffer(n, dtype=np.int32) for _, _, n in parts]),
        )

    def _dead_rows(self, db: sqlite3.Connection) -> np.ndarray:
        version = self._meta(db, "version")
        if self._dead is None or self._dead[0] != version:
            self._dead = (version, np.fromiter((r for (r,) in db.execute("SELECT row FROM dead")), dtype=np.int64))
        return self._dead[1]

    def _ids_of_rows(self, rows: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self.db.execute(f"SELECT row, id FROM passages WHERE row IN ({marks})", chunk))
        return found

    # -- writing ------------------------------------------------------------------------
    def apply(self, remove: Iterable[str] = (), upsert: Sequence[Passage] = (), staged: bool = False) -> None:
        """Remove passages by id and add or refresh others, in one transaction; time grows with what changes.

        A passage already here keeps its postings when its section and text are unchanged (only its
        metadata is refreshed); `staged` marks the file as ahead of Chroma until `commit`.
        """
        with self._write() as db:
            count, total = self._meta(db, "count"), self._meta(db, "length")
            df: Counter[str] = Counter()
            upsert = list({p.id: p for p in upsert}.values())
            current = self._current(db, [p.id for p in upsert])
            fresh: list[Passage] = []
            for passage in upsert:
                old = current.get(passage.id)
                if old is not None and old == (passage.section, passage.text):
                    db.execute(
                        f"UPDATE passages SET {','.join(f'{f}=?' for f in _FIELDS[1:])} WHERE id=?",
                        (*_values(passage)[1:], passage.id),
                    )
                else:
                    fresh.append(passage)
            gone = [pid for pid in dict.fromkeys(remove) if pid not in {p.id for p in upsert}]
            gone += [p.id for p in fresh if p.id in current]
            removed_count, removed_length = self._remove(db, gone, df)
            count, total = count - removed_count, total - removed_length
            added_count, added_length = self._add(db, fresh, df)
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

    @staticmethod
    def _current(db: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update((pid, (section or "", text)) for pid, section, text in db.execute(
                f"SELECT id, section, text FROM passages WHERE id IN ({marks})", chunk
            ))
        return found

    @staticmethod
    def _remove(db: sqlite3.Connection, ids: list[str], df: Counter[str]) -> tuple[int, int]:
        count = length = 0
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(f"SELECT row, segment, length, tokens FROM passages WHERE id IN ({marks})", chunk).fetchall()
            for row, segment, size, toks in rows:
                df.subtract(set(toks.split(_SEP)))
                count += 1
                length += size
                db.execute("INSERT OR REPLACE INTO dead(row, segment) VALUES (?, ?)", (row, segment))
                db.execute("UPDATE segments SET dead = dead + 1 WHERE segment=?", (segment,))
            db.execute(f"DELETE FROM passages WHERE id IN ({marks})", chunk)
        return count, length

    @staticmethod
    def _add(db: sqlite3.Connection, passages: list[Passage], df: Counter[str]) -> tuple[int, int]:
        if not passages:
            return 0, 0
        segment = (db.execute("SELECT max(segment) FROM segments").fetchone()[0] or 0) + 1
        postings: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        length = 0
        for passage in passages:
            toks = passage_tokens(passage)
            cursor = db.execute(
                f"INSERT INTO passages({','.join(_FIELDS)}, length, segment, tokens) VALUES ({','.join('?' * (len(_FIELDS) + 3))})",
                (*_values(passage), len(toks), segment, _SEP.join(toks)),
            )
            row = cursor.lastrowid
            counts = Counter(toks)
            df.update(counts.keys())
            for tok, tf in counts.items():
                postings[tok].append((row, tf, len(toks)))
            length += len(toks)
        _write_segment(db, segment, postings)
        db.execute("INSERT INTO segments(segment, size, dead) VALUES (?, ?, 0)", (segment, len(passages)))
        return len(passages), length

    def merge(self) -> int:
        """Merge the newest segments while they are comparable in size, and rewrite half-dead ones; how many merged."""
        merged = 0
        while True:
            with self._write() as db:
                segments = db.execute("SELECT segment, size, dead FROM segments ORDER BY segment").fetchall()
                chosen = _to_merge(segments)
                if not chosen:
                    return merged
                _merge(db, chosen)
                self._set(db, version=self._meta(db, "version") + 1)
                merged += len(chosen)

    def replace_all(self, passages: Sequence[Passage], staged: bool = False) -> None:
        """Start afresh with exactly these passages (a rebuild from Chroma)."""
        with self._write() as db:
            for table in ("passages", "terms", "postings", "segments", "dead", "meta"):
                db.execute(f"DELETE FROM {table}")
        self.apply(upsert=passages, staged=staged)

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


def _write_segment(db: sqlite3.Connection, segment: int, postings: dict[str, list[tuple[int, int, int]]]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO postings(token, segment, rows, tfs, lengths) VALUES (?, ?, ?, ?, ?)",
        (
            (
                tok,
                segment,
                np.asarray([r for r, _, _ in items], dtype=np.int64).tobytes(),
                np.asarray([t for _, t, _ in items], dtype=np.int32).tobytes(),
                np.asarray([n for _, _, n in items], dtype=np.int32).tobytes(),
            )
            for tok, items in postings.items()
        ),
    )


def _to_merge(segments: list[tuple[int, int, int]]) -> list[int]:
    """The segments to merge next: the two newest when comparable in size, or one that is mostly dead."""
    for segment, size, dead in segments:
        if dead and dead * 2 >= size:
            return [segment]
    if len(segments) >= 2:
        (older, older_size, older_dead), (newer, newer_size, newer_dead) = segments[-2], segments[-1]
        if (older_size - older_dead) <= _MERGE_RATIO * (newer_size - newer_dead):
            return [older, newer]
    return []


def _merge(db: sqlite3.Connection, chosen: list[int]) -> None:
    """Rewrite `chosen` as one segment (the first's number) without their dead rows."""
    marks = ",".join("?" * len(chosen))
    dead = np.fromiter((r for (r,) in db.execute(f"SELECT row FROM dead WHERE segment IN ({marks})", chosen)), dtype=np.int64)
    target = chosen[0]
    merged: dict[str, list[tuple[bytes, bytes, bytes]]] = defaultdict(list)
    for tok, rows, tfs, lengths in db.execute(
        f"SELECT token, rows, tfs, lengths FROM postings WHERE segment IN ({marks})", chosen
    ):
        merged[tok].append((rows, tfs, lengths))
    db.execute(f"DELETE FROM postings WHERE segment IN ({marks})", chosen)
    out = []
    for tok, parts in merged.items():
        postings = KeywordIndex._postings(parts)
        keep = ~np.isin(postings.rows, dead) if len(dead) else slice(None)
        rows = postings.rows[keep]
        if len(rows):
            out.append((tok, target, rows.tobytes(), postings.tfs[keep].tobytes(), postings.lengths[keep].tobytes()))
    db.executemany("INSERT INTO postings(token, segment, rows, tfs, lengths) VALUES (?, ?, ?, ?, ?)", out)
    live = db.execute(f"SELECT count(*) FROM passages WHERE segment IN ({marks})", chosen).fetchone()[0]
    db.execute(f"UPDATE passages SET segment=? WHERE segment IN ({marks})", (target, *chosen))
    db.execute(f"DELETE FROM dead WHERE segment IN ({marks})", chosen)
    db.execute(f"DELETE FROM segments WHERE segment IN ({marks})", chosen)
    db.execute("INSERT INTO segments(segment, size, dead) VALUES (?, ?, 0)", (target, live))
