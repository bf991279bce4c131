"""BM25 over jieba tokens (bm25s), with the passages it covers, persisted beside the Chroma data."""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import asdict
from pathlib import Path

import bm25s
import numpy as np

from retrieval.lexicon.names import PinyinNames
from retrieval.lexicon.tokens import tokens
from retrieval.models import Passage

# bm25s sets its own logger to DEBUG on import; its progress notes are not ours to print.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_PASSAGES = "passages.jsonl"
_MODEL = "bm25"
# Present while an ingest has saved its passages here but not yet stored all their vectors in Chroma.
_STAGED = "STAGED"


class KeywordIndex:
    """The local copy of every passage, in order, plus a BM25 model over them."""

    def __init__(self, passages: list[Passage], model: bm25s.BM25 | None = None, staged: bool = False):
        self.passages = passages
        self.staged = staged
        self.by_id = {p.id: i for i, p in enumerate(passages)}
        if model is None and passages:
            model = bm25s.BM25()
            model.index([tokens(f"{p.section} {p.text}") or ["∅"] for p in passages], show_progress=False)
        self.model = model
        self._vocab = set(model.vocab_dict) if model is not None else set()
        self.names = PinyinNames(self._vocab)  # built on the first English question that needs it

    def ids(self) -> set[str]:
        return set(self.by_id)

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """(id, score) pairs best first, only passages sharing a token with the query."""
        wanted = [tok for tok in tokens(query) if tok in self._vocab]
        if not wanted or self.model is None:
            return []
        scores = self.model.get_scores(wanted)
        order = np.argsort(-scores)[:n]
        return [(self.passages[i].id, float(scores[i])) for i in order if scores[i] > 0]

    def save(self, folder: Path, staged: bool = False) -> None:
        """Write atomically: a half-written index never replaces a good one.

        `staged`: ahead of Chroma (an ingest is still storing vectors); readers accept it only while
        that ingest runs.
        """
        self.staged = staged
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        with open(tmp / _PASSAGES, "w", encoding="utf-8") as fh:
            for passage in self.passages:
                fh.write(json.dumps(asdict(passage), ensure_ascii=False) + "\n")
        if self.model is not None:
            self.model.save(str(tmp / _MODEL))
        if staged:
            (tmp / _STAGED).write_text("an ingest is storing vectors for these passages\n", encoding="utf-8")
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)

    def commit(self, folder: Path) -> None:
        """Chroma now holds every passage saved here: drop the staged mark."""
        (folder / _STAGED).unlink(missing_ok=True)
        self.staged = False

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex | None:
        """The saved index, or None when it is missing or unreadable (it is rebuilt from Chroma)."""
        try:
            with open(folder / _PASSAGES, encoding="utf-8") as fh:
                passages = []
                for line in fh:
                    row = json.loads(line)
                    row["districts"] = tuple(row.get("districts", ()))
                    passages.append(Passage(**row))
            model = bm25s.BM25.load(str(folder / _MODEL)) if passages else None
        except Exception:  # derived data: whatever is wrong with it, rebuilding from Chroma fixes it
            return None
        return cls(passages, model, staged=(folder / _STAGED).exists())
