"""Question and sentence vectors: the question embedded once, sentences embedded once and kept."""

from __future__ import annotations

import numpy as np

from retrieval.embeddings import unit
from retrieval.models import Passage
from retrieval.sentence_vectors import SentenceVectors


class CountingEmbedder:
    """A tiny deterministic embedder that counts what it is asked to embed."""

    def __init__(self) -> None:
        self.documents: list[str] = []
        self.queries: list[str] = []

    @staticmethod
    def _vector(text: str) -> list[float]:
        return [float(text.count(ch)) + 0.01 for ch in "铜梁签约项目巴南"]

    def embed_documents(self, texts):
        self.documents += list(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text):
        self.queries.append(text)
        return self._vector(text)


def test_sentences_are_embedded_once_and_kept(tmp_path):
    store = SentenceVectors(tmp_path / "sentences.sqlite3")
    embedder = CountingEmbedder()
    passage = Passage("p1", "铜梁签约27个项目。巴南签约32个项目。", "", "", "a.md", 0)
    question = unit(np.asarray(embedder.embed_query("铜梁签约了多少项目?")))
    first = store.similarities(embedder, question, [passage])
    assert set(first) == {("p1", "铜梁签约27个项目。"), ("p1", "巴南签约32个项目。")}
    assert first[("p1", "铜梁签约27个项目。")] > first[("p1", "巴南签约32个项目。")]
    again = SentenceVectors(tmp_path / "sentences.sqlite3").similarities(embedder, question, [passage])
    assert again.keys() == first.keys()
    assert all(abs(again[k] - first[k]) < 1e-3 for k in first)  # stored as float16
    assert len(embedder.documents) == 2  # kept on disk, not embedded a second time
    store.remove(["p1"])
    assert store.lookup(["p1"]) == {}
