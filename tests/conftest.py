"""Shared fixtures: a clean environment and one index built from the seeds per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from retrieval.index import Index
from retrieval.settings import Settings

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
