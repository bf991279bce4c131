"""The search exposed as a LangChain retriever, so LangChain chains can use it."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.search.hybrid import search


class PassageRetriever(BaseRetriever):
    """Hybrid search over an `Index`; documents carry the passage metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    k: int = 5
    district: str | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=p.text,
                metadata={
                    "id": p.id,
                    "title": p.title,
                    "section": p.section,
                    "source": p.source,
                    "position": p.position,
                    "score": p.score,
                    "districts": list(p.districts),
                },
            )
            for p in search(self.index, query, k=self.k, district=self.district)
        ]
