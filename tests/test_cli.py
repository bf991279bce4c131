"""The `cqnews` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import QUESTIONS, REPO


def cqnews(*args: str, data_dir: Path, extra_env: dict | None = None, timeout: int = 300):
    script = Path(sys.executable).parent / "cqnews"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TELEGRAM_", "CQNEWS_", "CHROMA_"))}
    env.update({"CQNEWS_DATA_DIR": str(data_dir), "CQNEWS_SEEDS_DIR": str(REPO / "seeds"), **(extra_env or {})})
    return subprocess.run(command + list(args), capture_output=True, text=True, env=env, timeout=timeout, cwd=REPO)


@pytest.fixture(scope="module")
def data_dir(index_settings):
    return index_settings.data_dir


def test_help_lists_the_commands(data_dir):
    result = cqnews("--help", data_dir=data_dir)
    assert result.returncode == 0
    for command in ("ingest", "search", "ask", "brief", "eval", "bot"):
        assert command in result.stdout


def test_search_json_puts_tongliang_first(data_dir):
    result = cqnews("search", "铜梁签约了多少项目", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "铜梁签约了多少项目"
    first = data["passages"][0]
    assert "铜梁集中签约27个招商引资项目" in first["text"]
    assert set(first) == {"id", "text", "title", "section", "source", "publication", "date", "url", "score"}
    assert first["source"] == "002_2d698e00e8e37bcc.txt"
    assert len(data["passages"]) == 5


def test_ask_prints_a_cited_answer_and_json(data_dir):
    plain = cqnews("ask", "渝北和云阳共建的产业园投入了多少资金?", data_dir=data_dir)
    assert plain.returncode == 0, plain.stderr
    assert "3000万元" in plain.stdout and "[1]" in plain.stdout
    result = cqnews("ask", "2024年重庆GDP是多少?", "--json", data_dir=data_dir)
    data = json.loads(result.stdout)
    assert data["grounded"] is False and data["citations"] == [] and data["mode"] == "extractive"


def test_eval_writes_results_and_prints_metrics(data_dir, tmp_path):
    subset = tmp_path / "q.jsonl"
    subset.write_text("\n".join(QUESTIONS.read_text(encoding="utf-8").splitlines()[:4]) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    result = cqnews("eval", str(subset), "--out", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "recall@5" in result.stdout and "mrr" in result.stdout and "facts" in result.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert {"id", "question", "passages", "timings_ms", "answer", "grounded", "mode", "citations"} <= set(rows[0])
    assert rows[0]["timings_ms"]["search"] > 0


def test_user_errors_are_one_line_with_exit_code_2(data_dir, tmp_path):
    for args in (("ask", "   "), ("eval", str(tmp_path / "missing.jsonl")), ("ingest", str(tmp_path / "x.pdf"))):
        result = cqnews(*args, data_dir=data_dir)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("cqnews: error:") and "Traceback" not in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1"}\n', encoding="utf-8")
    result = cqnews("eval", str(bad), data_dir=data_dir)
    assert result.returncode == 2 and "bad.jsonl:1" in result.stderr


def test_ingest_a_folder_then_again_changes_nothing(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.md").write_text("---\ntitle: 测试\n---\n綦江区新开工项目12个,总投资30亿元。\n", encoding="utf-8")
    first = cqnews("ingest", str(folder), data_dir=tmp_path / "data")
    assert first.returncode == 0, first.stderr
    assert "1 passage(s) added" in first.stdout
    second = cqnews("ingest", str(folder), data_dir=tmp_path / "data")
    assert "0 passage(s) added, 0 removed, 1 unchanged" in second.stdout
