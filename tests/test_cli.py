"""The `cqnews` command: `bot.cli.main([...])` in-process, plus one run of the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.cli import main
from retrieval.index.store import Index

from .conftest import QUESTIONS, REPO, SEEDS

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path, index_settings):
    """Run `cqnews ARGS` in-process on the shared seeds index; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no developer .env is read
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(index_settings.data_dir))
    monkeypatch.setenv("CQNEWS_SEEDS_DIR", str(SEEDS))

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit:  # --help and --version exit from argparse, as they do for a user
            code = exit.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_help_lists_the_commands_and_version_is_the_package_version(cli):
    code, out, err = cli("--help")
    assert code == 0 and err == ""
    assert out.startswith("usage: cqnews [-h] [--version] [-v] COMMAND ...\n")
    for command in ("ingest", "search", "ask", "brief", "eval", "bot"):
        assert f"\n    {command} " in out
    assert cli("--version") == (0, f"cqnews {VERSION}\n", "")
    code, out, _ = cli()
    assert code == 2 and out.startswith("usage: cqnews")


@pytest.mark.e2e
def test_help_does_not_load_the_heavy_libraries():
    script = "import sys; from bot.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n"
    script += "print(sorted(m for m in ('telegram', 'chromadb', 'langchain_core', 'pydantic') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_bot_help_shows_the_bot_options(cli):
    code, out, _ = cli("bot", "--help")
    assert code == 0
    for option in ("--webhook-url URL", "--listen HOST", "--port N", "--secret-token S"):
        assert option in out


def test_search_json_puts_tongliang_first(cli):
    code, out, err = cli("search", "铜梁签约了多少项目", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["query"] == "铜梁签约了多少项目"
    first = data["passages"][0]
    assert "铜梁集中签约27个招商引资项目" in first["text"]
    assert set(first) == {"id", "text", "title", "section", "source", "publication", "date", "url", "score"}
    assert first["source"] == "002_2d698e00e8e37bcc.txt"
    assert len(data["passages"]) == 5


def test_search_prints_numbered_passages_with_their_source(cli):
    code, out, _ = cli("search", "铜梁签约了多少项目", "-k", "2")
    assert code == 0
    numbered = [line for line in out.splitlines() if line.startswith("[")]
    assert [line[:4] for line in numbered] == ["[1] ", "[2] "]
    assert "(002_2d698e00e8e37bcc.txt, score " in numbered[0]
    assert "铜梁集中签约27个招商引资项目" in out


def test_ask_prints_a_cited_answer_and_json(cli):
    code, out, err = cli("ask", "渝北和云阳共建的产业园投入了多少资金?")
    assert code == 0, err
    assert "3000万元" in out and "[1]" in out
    assert "\n来源:\n[1] 《" in out
    code, out, _ = cli("ask", "2024年重庆GDP是多少?", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["grounded"] is False and data["citations"] == [] and data["mode"] == "extractive"
    assert data["question"] == "2024年重庆GDP是多少?" and data["passages"]
    # The refusal's kind for programs, its words for people, as the text output says them.
    assert data["refusal"]["kind"] == "not_found" and data["answer"].startswith("这些报道中没有找到")


def test_eval_writes_results_and_prints_metrics(cli, tmp_path):
    subset = tmp_path / "q.jsonl"
    subset.write_text("\n".join(QUESTIONS.read_text(encoding="utf-8").splitlines()[:4]) + "\n", encoding="utf-8")
    out_file = tmp_path / "results.jsonl"
    code, out, err = cli("eval", str(subset), "--out", str(out_file))
    assert code == 0, err
    header = out.splitlines()[0].split()
    assert header[:4] == ["group", "n", "recall@1", "recall@5"]
    assert {"mrr", "facts"} <= set(header)
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert {"id", "question", "passages", "timings_ms", "answer", "grounded", "mode", "citations"} <= set(rows[0])
    assert rows[0]["timings_ms"]["search"] > 0


def test_user_errors_are_one_line_with_exit_code_2(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(tmp_path / "data"))  # failed ingests never touch the shared index
    missing = tmp_path / "missing.jsonl"
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("铜梁签约27个项目。".encode("gbk"))
    expected = {
        ("ask", "   "): "cqnews: error: the question is empty: ask something, e.g. cqnews ask \"铜梁签约了多少项目?\"\n",
        ("eval", str(missing)): f"cqnews: error: cannot read {missing}: No such file or directory\n",
        ("ingest", str(tmp_path / "nothing.txt")): f"cqnews: error: {tmp_path / 'nothing.txt'}: no such file or folder\n",
        ("ingest", str(pdf)): f"cqnews: error: {pdf}: only .txt, .md and .html files can be ingested\n",
    }
    for args, message in expected.items():
        assert cli(*args) == (2, "", message), args
    # An unreadable file is named and skipped (the rest of a folder would be ingested): exit 1.
    code, _, err = cli("ingest", str(gbk))
    assert (code, err.splitlines()[-1]) == (1, f"cqnews: skipped {gbk}: not UTF-8 text (undecodable byte at offset 2); "
                                               "convert it first, e.g. iconv -f GBK -t UTF-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1"}\n', encoding="utf-8")
    code, out, err = cli("eval", str(bad))
    assert code == 2 and out == "" and err.startswith(f"cqnews: error: {bad}:1: ") and err.count("\n") == 1


def test_a_malformed_setting_is_a_user_error_naming_it(cli, monkeypatch):
    monkeypatch.setenv("CHROMA_PORT", "eight thousand")
    code, out, err = cli("search", "铜梁")
    assert (code, out) == (2, "")
    assert err.startswith("cqnews: error: CHROMA_PORT: ") and err.count("\n") == 1
    assert "eight thousand" not in err  # values are never echoed: some are secrets


def test_an_internal_error_is_one_line_unless_verbose(cli, monkeypatch):
    key = "sk-this-key-must-never-be-printed"
    monkeypatch.setenv("OPENAI_API_KEY", key)

    def broken_search(self, query, depth):
        raise RuntimeError(f"a bug that mentions the key {key}")

    monkeypatch.setattr(Index, "keyword_search", broken_search)
    code, out, err = cli("search", "铜梁")
    assert (code, out, err) == (1, "", "cqnews: internal error (RuntimeError); run again with -v for the traceback\n")

    code, out, err = cli("-v", "search", "铜梁")
    assert code == 1 and out == ""
    assert err.startswith("Traceback (most recent call last):\n")
    assert "RuntimeError: a bug that mentions the key <secret>\n" in err
    assert err.endswith("cqnews: internal error (RuntimeError)\n")
    assert key not in err


def test_ingest_a_folder_then_again_changes_nothing(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.md").write_text("---\ntitle: 测试\n---\n綦江区新开工项目12个,总投资30亿元。\n", encoding="utf-8")
    code, out, err = cli("ingest", str(folder))
    assert (code, out) == (0, "1 file(s): 1 passage(s) added, 0 removed, 0 unchanged; 1 in the index\n"), err
    code, out, _ = cli("ingest", str(folder))
    assert (code, out) == (0, "1 file(s): 0 passage(s) added, 0 removed, 1 unchanged; 1 in the index\n")
    code, out, _ = cli("search", "綦江新开工多少项目", "--json")
    assert [p["title"] for p in json.loads(out)["passages"]] == ["测试"]


@pytest.mark.e2e
def test_the_installed_command_runs(index_settings):
    """The one subprocess test: the `cqnews` entry point as installed, on the shared index."""
    script = Path(sys.executable).parent / "cqnews"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "TELEGRAM_", "CQNEWS_", "CHROMA_"))}
    env.update(CQNEWS_DATA_DIR=str(index_settings.data_dir), CQNEWS_SEEDS_DIR=str(SEEDS), PYTHONPATH=str(REPO))
    result = subprocess.run(
        [*command, "search", "铜梁签约了多少项目", "-k", "1", "--json"],
        capture_output=True, text=True, env=env, timeout=300, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "铜梁集中签约27个招商引资项目" in json.loads(result.stdout)["passages"][0]["text"]


def test_what_a_new_user_gets_wrong_is_one_line_exit_2(cli, monkeypatch, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    year_one = tmp_path / "year-one.jsonl"
    year_one.write_text('{"id": "1", "question": "去年铜梁签约了多少项目?", "today": "0001-01-01"}\n', encoding="utf-8")
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        ({}, ("eval", str(empty)), f"cqnews: error: {empty}: no questions in it"),
        ({"CQNEWS_DATA_DIR": str(a_file)}, ("sources",), f"cqnews: error: CQNEWS_DATA_DIR: {a_file} is a file, not a folder"),
        ({}, ("search", "铜梁", "-k", "-3"), "cqnews: error: argument -k: must be 1 or more, not -3"),
        ({}, ("search", "铜梁", "-k", "0"), "cqnews: error: argument -k: must be 1 or more, not 0"),
        ({}, ("eval", str(empty), "-k", "0"), "cqnews: error: argument -k: must be 1 or more, not 0"),
        ({"CQNEWS_TOP_K": "0"}, ("ask", "铜梁签约了多少项目?"), "cqnews: error: CQNEWS_TOP_K: "),
        ({}, ("eval", str(year_one)), f"cqnews: error: {year_one}:1: not a question line (today: 0001-01-01 is before 1900)"),
    ]
    for question in ("去年铜梁签约了多少项目?", "前年重庆有哪些项目?", "What did Tongliang sign last year?", "近三个月重庆有哪些项目?"):
        expected = "cqnews: error: CQNEWS_TODAY: must be a date from 1900-01-01 on (YYYY-MM-DD), or empty for today\n"
        cases.append(({"CQNEWS_TODAY": "0001-01-01"}, ("ask", question), expected))
    for env, args, expected in cases:
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            code, out, err = cli(*args)
        assert (code, out) == (2, ""), (args, err)
        assert err.startswith(expected) and err.count("\n") == 1, (args, err)


def test_an_empty_today_means_today_and_v_works_after_the_command(cli, monkeypatch):
    monkeypatch.setenv("CQNEWS_TODAY", "")  # as .env.example writes it
    code, out, err = cli("ask", "去年铜梁签约了多少项目?")
    assert code == 0 and out, err

    def broken_search(self, query, depth):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Index, "keyword_search", broken_search)
    code, out, err = cli("search", "铜梁", "-v")
    assert code == 1 and err.startswith("Traceback (most recent call last):\n")


@pytest.mark.parametrize("rate", ["3/nan", "3/inf", "3/-5", "three/60"])
def test_an_invalid_rate_limit_stops_the_bot_at_start_in_one_line(cli, monkeypatch, rate):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:not-a-real-token")
    monkeypatch.setenv("CQNEWS_RATE_LIMIT", rate)
    code, out, err = cli("bot")
    assert (code, out) == (2, "")
    assert err.startswith("cqnews bot: CQNEWS_RATE_LIMIT: a rate limit must look like 10/60") and err.count("\n") == 1


def test_a_question_over_the_cap_is_answered_with_a_notice_that_it_was_cut(cli, index, index_settings):
    from retrieval import Answerer

    question = "铜梁签约了多少项目?" + "请详细说明" * 1000
    answer = Answerer(index, index_settings).ask(question)
    assert answer.checks["question_cut"] == {"asked": len(question), "kept": 1000}
    assert "question_cut" not in Answerer(index, index_settings).ask("铜梁签约了多少项目?").checks
    code, out, err = cli("ask", question)
    assert code == 0, err
    assert out.startswith(f"(问题太长，只按前 1,000 个字（共 {len(question):,} 个）回答。)\n")


def test_an_unreachable_model_is_said_in_one_line_and_the_articles_answer(cli, monkeypatch):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("CQNEWS_LLM_RETRIES", "0")
    code, out, err = cli("ask", "铜梁签约了多少项目?")
    assert code == 0 and "铜梁" in out
    assert err == (
        "cqnews: the language model at 127.0.0.1 could not be reached or failed (run with -v for the reason); "
        "answered with quotes from the articles instead\n"
    )
