"""cqnews retrieval: articles -> passages -> hybrid index -> search -> checked, cited answers.

Sub-packages by stage, data flowing one way (each imports only those listed before it):
    text     normalising, sentences, language, numbers, dates, what may be quoted
    lexicon  the tokenizer, gazetteer (places, companies), dictionary, translation, pinyin names
    corpus   page -> articles -> passages; a web page (trafilatura) -> one article
    index    the store (Chroma + BM25), ingest planning, embeddings
    search   hybrid search against the store, fusion, proximity, the LangChain retriever
    answer   question, followup, extractive (evidence), decision (answer or refuse), llm,
             citations + support (the check), timeline, events (evidence placed in time),
             answerer (the pipeline: async; loop, its sync wrapper)
    web      pages and RSS/Atom feeds: fetched politely, kept as .md articles, ingested (beside answer)
    evaluation (cqnews eval) sits on top.

    from retrieval import Index, Answerer, Settings
    index = Index.open(Settings())
    answer = Answerer(index, index.settings).ask("铜梁签约了多少项目?")

An Answer is structure: cited `text` ("" for a refusal), and `refusal`/`notice` kinds that bot.quotes words.
"""

from __future__ import annotations

from importlib import import_module

from retrieval.errors import CQNewsError, EmptyQuestion, IndexUnavailable
from retrieval.models import Answer, Citation, Passage, SourceInfo

# Heavy modules (pydantic settings, Chroma, the embedder, LangChain) load on first use, not on
# import, so `import retrieval.errors` (the CLI does it before parsing) stays cheap.
_LAZY = {
    "Settings": "retrieval.settings",
    "Index": "retrieval.index.store",
    "IngestReport": "retrieval.index.ingest",
    "Answerer": "retrieval.answer.answerer",
    "PassageRetriever": "retrieval.search.retriever",
}

__all__ = [
    "Answer", "Answerer", "CQNewsError", "Citation", "EmptyQuestion", "Index", "IndexUnavailable",
    "IngestReport", "Passage", "PassageRetriever", "Settings", "SourceInfo",
]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'retrieval' has no attribute {name!r}")
