"""Ingest across processes: two at once, and `kill -9` in the middle (real `cqnews` subprocesses)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from retrieval.corpus.articles import read_document
from retrieval.index.ingest import IngestLock
from retrieval.index.store import Index
from retrieval.search.hybrid import keyword_only
from retrieval.settings import Settings

from .conftest import REPO

pytestmark = pytest.mark.e2e  # real `cqnews` processes, one of them killed


def spawn(*args: str, data_dir: Path, seeds_dir: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TELEGRAM_", "CQNEWS_", "CHROMA_"))}
    env.update(CQNEWS_DATA_DIR=str(data_dir), CQNEWS_SEEDS_DIR=str(seeds_dir), PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def read_until(proc: subprocess.Popen, marker: str) -> str:
    """stderr lines up to and including the one containing `marker` (fails if the process ends first)."""
    seen = []
    assert proc.stderr is not None
    for line in proc.stderr:
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"{marker!r} never printed; stderr: {''.join(seen)[-800:]}")


def corpus(folder: Path, files: int, paragraphs: int, version: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in range(files):
        body = "\n\n".join(
            f"第{f}篇第{p}段:{'渝北' if p % 2 else '璧山'}新建项目{version * 1000 + p}个,总投资{f * 10 + p}亿元。"
            for p in range(paragraphs)
        )
        out.append(folder / f"page{f}.md")
        out[-1].write_text(f"---\ntitle: 第{f}篇\n---\n{body}\n", encoding="utf-8")
    return out


def state(settings: Settings) -> tuple[dict, Index]:
    index = Index.open(settings, build=False)
    return json.loads((settings.data_dir / "ingested.json").read_text(encoding="utf-8")), index


def assert_consistent(settings: Settings, files: list[Path]) -> None:
    """Manifest, Chroma and the keyword index agree, and hold exactly the files' current passages."""
    manifest, index = state(settings)
    expected = {str(f.resolve()): {p.id for p in read_document(f).passages} for f in files}
    chroma = index.collection.get(include=["metadatas"])
    by_doc: dict[str, set[str]] = {}
    for pid, meta in zip(chroma["ids"], chroma["metadatas"], strict=True):
        by_doc.setdefault(meta["doc"], set()).add(pid)
    assert by_doc == expected
    assert index.keyword.ids() == set(chroma["ids"])
    assert manifest["pending"] == {}
    assert {doc: entry["passages"] for doc, entry in manifest["articles"].items()} == {d: len(i) for d, i in expected.items()}


def test_two_ingests_at_once_take_turns_and_both_articles_stay(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    (tmp_path / "seeds").mkdir()
    first, second = corpus(tmp_path / "x", 1, 2), corpus(tmp_path / "y", 1, 2, version=2)
    with IngestLock(settings.data_dir).hold():  # an ingest "already running": both must wait for it
        procs = [
            spawn("ingest", str(tmp_path / folder), data_dir=settings.data_dir, seeds_dir=settings.seeds_dir)
            for folder in ("x", "y")
        ]
        for proc in procs:
            assert "waiting for it to finish" in read_until(proc, "another ingest is running")
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "2 passage(s) added" in out
    assert_consistent(settings, first + second)


def test_kill_9_mid_ingest_then_the_next_ingest_finishes_the_job(tmp_path, monkeypatch, capsys):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=tmp_path / "seeds")
    (tmp_path / "seeds").mkdir()
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CQNEWS_SEEDS_DIR", str(settings.seeds_dir))
    files = corpus(tmp_path / "news", 3, 4, version=1)
    assert main(["ingest", str(tmp_path / "news")]) == 0

    files = corpus(tmp_path / "news", 3, 8, version=2)  # every file edited: 8 new passages each
    proc = spawn("ingest", str(tmp_path / "news"), data_dir=settings.data_dir, seeds_dir=settings.seeds_dir)
    read_until(proc, "searchable by keyword")  # the manifest holds the intent; vectors are being stored
    # Meanwhile another process finds the new text by keyword, before its vectors exist.
    reader = Index.open(settings, build=False)
    assert [p.text for p in keyword_only(reader, "第2篇第7段 新建项目2007个", k=1)] == [
        "第2篇第7段:渝北新建项目2007个,总投资27亿元。"
    ]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    # Readers work meanwhile, from what Chroma holds: never old and new text of one article together.
    capsys.readouterr()
    assert main(["sources", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["articles"]
    assert len(listed) <= 3
    _, index = state(settings)
    for doc in {p.doc for p in index.keyword.passages()}:
        versions = {p.text.split("新建项目")[1][0] for p in index.keyword.passages() if p.doc == doc}
        assert len(versions) == 1, f"{doc} holds both versions: {versions}"

    # The next ingest (of anything: here the default folder) finishes what was recorded as intended.
    assert main(["ingest"]) == 0
    assert_consistent(settings, files)
