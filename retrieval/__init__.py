"""cqnews retrieval: articles -> passages -> hybrid index -> search -> checked, cited answers.

One module per stage, data flowing one way:
    corpus   articles (pages, front matter, paragraph repair), passages (splitting), text, gazetteer,
             dictionary (English words in Chinese), names (pinyin names from the corpus)
    index    ingest (plan, lock, manifest), index (Chroma, applying ingests, reading), keyword (BM25),
             embeddings, sentence_vectors
    search   search (variants, rankings, fusion, boosts), fusion, proximity
    answer   question, extractive, relevance, english, llm, prompts, citations + numbers (the
             sentence check), followup, answer (the pipeline: async, with a sync wrapper)

    from retrieval import Index, Answerer, Settings
    index = Index.open(Settings())
    answer = Answerer(index, index.settings).ask("铜梁签约了多少项目?")
"""

from __future__ import annotations

from importlib import import_module

from .errors import CQNewsError, EmptyQuestion, IndexUnavailable
from .models import Answer, Citation, Passage, SourceInfo

# Heavy modules (pydantic settings, Chroma, the embedder, LangChain) load on first use, not on
# import, so `import retrieval.errors` (the CLI does it before parsing) stays cheap.
_LAZY = {
    "Settings": "retrieval.settings",
    "Index": "retrieval.index",
    "IngestReport": "retrieval.ingest",
    "Answerer": "retrieval.answer",
    "PassageRetriever": "retrieval.retriever",
}

__all__ = [
    "Answer", "Answerer", "CQNewsError", "Citation", "EmptyQuestion", "Index", "IndexUnavailable",
    "IngestReport", "Passage", "PassageRetriever", "Settings", "SourceInfo",
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'retrieval' has no attribute {name!r}")
