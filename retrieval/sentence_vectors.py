"""Sentence vectors kept for answer picking.

Ingest embeds each passage as a whole (the vector Chroma searches). Two things were measured on the
calibration sets and rejected:
- a passage vector taken as the mean of its sentence vectors (each character embedded once): on the
  seeds alone it lost 0.016 hybrid recall@5; with 800 news passages beside the seeds, vector-only
  recall@5 on benchmarks/questions.jsonl fell to 0.59 (English 0.18): averaged vectors of long
  passages sit near the centre and crowd every query's neighbours.
- sentence vectors computed at ingest for picking the answer sentence: similarity did not help the
  pick (extractive.SEMANTIC_WEIGHT), so ingest no longer pays for them; when the weight is set, the
  sentences a question needs are embedded then and kept here for the next question.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .embeddings import unit
from .extractive import sentences
from .models import Passage

_SCHEMA = "CREATE TABLE IF NOT EXISTS sentences (id TEXT PRIMARY KEY, texts TEXT NOT NULL, vectors BLOB NOT NULL)"
_SEP = "\x1f"


class SentenceVectors:
    """Per passage id: its sentences and their unit vectors (float16), in SQLite beside the index."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False)
            self._db.execute(_SCHEMA)
        return self._db

    # -- ingest -------------------------------------------------------------------
    def remove(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids or not self.path.exists():  # nothing was ever kept (similarity is off by default)
            return
        with self._lock:
            db = self._conn()
            db.executemany("DELETE FROM sentences WHERE id = ?", [(i,) for i in ids])
            db.commit()

    def clear(self) -> None:
        if not self.path.exists():
            return
        with self._lock:
            db = self._conn()
            db.execute("DELETE FROM sentences")
            db.commit()

    # -- answering ----------------------------------------------------------------
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

    def similarities(self, embedder, q: np.ndarray, passages: Sequence[Passage]) -> dict[tuple[str, str], float]:
        """(passage id, sentence) -> cosine similarity to the question's unit vector `q`; sentences not
        stored are embedded now."""
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
        if missing:  # embed what this pool needs now and keep it for later questions
            unique = list(dict.fromkeys(s for _, s in missing))
            matrix = unit(np.asarray(embedder.embed_documents(unique), dtype=np.float32))
            by_text = dict(zip(unique, matrix))
            for key in missing:
                out[key] = float(by_text[key[1]] @ q)
            self._keep(passages, {**{pid: dict(v) for pid, v in stored.items()}}, by_text)
        return out

    def _keep(self, passages: Sequence[Passage], stored: dict, fresh: dict[str, np.ndarray]) -> None:
        rows = []
        for passage in dict.fromkeys(passages):
            parts = sentences(passage.text)
            known = stored.get(passage.id, {})
            if all(s in known or s in fresh for s in parts) and parts:
                block = np.stack([known.get(s, fresh.get(s)) for s in parts]).astype(np.float16)
                rows.append((passage.id, _SEP.join(parts), block.tobytes()))
        with self._lock:
            db = self._conn()
            db.executemany("INSERT OR REPLACE INTO sentences VALUES (?, ?, ?)", rows)
            db.commit()
