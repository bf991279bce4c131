"""Sentence vectors computed once at ingest, so answering embeds only the question.

Ingest embeds each sentence once; the passage's vector (the one Chroma searches) is the normalised
mean of its sentences'. Measured on benchmarks/questions.jsonl: embedding the passage as well gave
0.016 more hybrid recall@5 (0.976 vs 0.960) but doubled ingest time (65 s vs 36 s for the seeds;
on the news corpus under load, hours instead of about an hour), so the mean is used.
At answer time the candidate sentences are compared with the question's vector by a dot product.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .extractive import sentences
from .models import Passage

_SCHEMA = "CREATE TABLE IF NOT EXISTS sentences (id TEXT PRIMARY KEY, texts TEXT NOT NULL, vectors BLOB NOT NULL)"
_SEP = "\x1f"


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class SentenceVectors:
    """Per passage id: its sentences and their unit vectors (float16), in SQLite beside the index."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False)
            self._db.execute(_SCHEMA)
        return self._db

    # -- ingest -------------------------------------------------------------------
    def embed_passages(self, embedder, passages: Sequence[Passage]) -> list[list[float]]:
        """Embed the passages' sentences, store them, and return one vector per passage: their normalised mean."""
        split = [sentences(p.text) or [p.text] for p in passages]
        matrix = _unit(np.asarray(embedder.embed_documents([s for parts in split for s in parts]), dtype=np.float32))
        out, start, rows = [], 0, []
        for passage, parts in zip(passages, split):
            block = matrix[start : start + len(parts)]
            start += len(parts)
            rows.append((passage.id, _SEP.join(parts), block.astype(np.float16).tobytes()))
            out.append(_unit(block.mean(axis=0)).tolist())
        with self._lock:
            db = self._conn()
            db.executemany("INSERT OR REPLACE INTO sentences VALUES (?, ?, ?)", rows)
            db.commit()
        return out

    def remove(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        with self._lock:
            db = self._conn()
            db.executemany("DELETE FROM sentences WHERE id = ?", [(i,) for i in ids])
            db.commit()

    def clear(self) -> None:
        with self._lock:
            db = self._conn()
            db.execute("DELETE FROM sentences")
            db.commit()

    # -- answering ----------------------------------------------------------------
    def query_vector(self, embedder, text: str) -> np.ndarray:
        """The question's unit vector; the last few are kept, so search and answering embed it once."""
        with self._lock:
            hit = self._queries.get(text)
            if hit is not None:
                self._queries.move_to_end(text)
                return hit
        vector = _unit(np.asarray(embedder.embed_query(text), dtype=np.float32))
        with self._lock:
            self._queries[text] = vector
            while len(self._queries) > 64:
                self._queries.popitem(last=False)
        return vector

    def forget_queries(self) -> None:
        """Drop the remembered question vectors (the benchmark times `ask` as a new question)."""
        with self._lock:
            self._queries.clear()

    def lookup(self, ids: Sequence[str]) -> dict[str, dict[str, np.ndarray]]:
        """passage id -> {sentence text: unit vector} for the ids stored."""
        if not ids:
            return {}
        with self._lock:
            db = self._conn()
            marks = ",".join("?" * len(ids))
            rows = db.execute(f"SELECT id, texts, vectors FROM sentences WHERE id IN ({marks})", list(ids)).fetchall()
        out = {}
        for pid, texts, blob in rows:
            parts = texts.split(_SEP)
            matrix = np.frombuffer(blob, dtype=np.float16).reshape(len(parts), -1).astype(np.float32)
            out[pid] = dict(zip(parts, matrix))
        return out

    def similarities(self, embedder, question: str, passages: Sequence[Passage]) -> dict[tuple[str, str], float]:
        """(passage id, sentence) -> cosine similarity to the question; sentences not stored are embedded now."""
        q = self.query_vector(embedder, question)
        stored = self.lookup(list(dict.fromkeys(p.id for p in passages)))
        out: dict[tuple[str, str], float] = {}
        missing: list[tuple[str, str]] = []
        for passage in passages:
            vectors = stored.get(passage.id, {})
            for sentence in sentences(passage.text):
                vector = vectors.get(sentence)
                if vector is None:
                    missing.append((passage.id, sentence))
                else:
                    out[(passage.id, sentence)] = float(vector @ q)
        if missing:  # an index built before sentence vectors existed: embed what the pool needs
            unique = list(dict.fromkeys(s for _, s in missing))
            matrix = _unit(np.asarray(embedder.embed_documents(unique), dtype=np.float32))
            by_text = dict(zip(unique, matrix @ q))
            for key in missing:
                out[key] = float(by_text[key[1]])
        return out
