"""The same index over a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from retrieval.corpus.articles import read_document
from retrieval.index.store import Index
from retrieval.search.hybrid import search

from .conftest import SEEDS, make_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_chroma(folder: Path, port: int) -> subprocess.Popen:
    """`chroma run` on 127.0.0.1:port storing in folder/data, once its heartbeat answers."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    log = open(folder / "server.log", "ab")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"chroma run did not start: {(folder / 'server.log').read_text(errors='replace')[-500:]}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = _free_port()
    proc = _start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.e2e
def test_server_mode_ingests_searches_and_rebuilds_keywords(tmp_path, chroma_server):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "002_2d698e00e8e37bcc.txt", corpus)
    settings = make_settings(tmp_path / "a", seeds_dir=corpus, chroma_host="127.0.0.1", chroma_port=chroma_server)
    index = Index.open(settings)
    assert len(index) > 20
    assert "铜梁集中签约27个招商引资项目" in search(index, "铜梁签约了多少项目", k=1)[0].text
    assert index.ingest().added == 0

    # A second machine with an empty local data directory reads the passages back from the server.
    elsewhere = make_settings(tmp_path / "b", seeds_dir=corpus, chroma_host="127.0.0.1", chroma_port=chroma_server)
    other = Index.open(elsewhere, build=False)
    assert len(other) == len(index)
    assert search(other, "巴南签约多少项目", k=1)[0].source == "002_2d698e00e8e37bcc.txt"


def test_unreachable_server_is_one_clear_line(tmp_path):
    from retrieval.errors import IndexUnavailable

    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=_free_port())
    with pytest.raises(IndexUnavailable) as caught:
        Index.open(settings)
    assert "\n" not in str(caught.value)


@pytest.mark.e2e
def test_chroma_killed_mid_ingest_names_the_server_and_the_next_ingest_finishes(tmp_path, monkeypatch, capsys):
    from bot.cli import main
    from retrieval.errors import ChromaUnreachable

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("002_2d698e00e8e37bcc.txt", "001_693a61b761b5fe84.txt", "003_80d172837ed42694.txt"):
        shutil.copy(SEEDS / name, corpus)
    port = _free_port()
    server = _start_chroma(tmp_path, port)
    try:
        settings = make_settings(tmp_path / "local", seeds_dir=corpus, chroma_host="127.0.0.1", chroma_port=port)
        index = Index.open(settings, build=False)

        def kill_after_the_first_batch(done, total, source):
            if server.poll() is None:
                server.kill()
                server.wait(timeout=20)

        with pytest.raises(ChromaUnreachable) as caught:
            index.ingest([corpus], progress=kill_after_the_first_batch)
        assert str(caught.value) == f"cannot reach the Chroma server at 127.0.0.1:{port} (ConnectError); is it running?"

        # The command line says the same in one line, exit 2, while the server is down.
        monkeypatch.chdir(tmp_path)
        for name, value in (("CQNEWS_DATA_DIR", settings.data_dir), ("CQNEWS_SEEDS_DIR", corpus),
                            ("CHROMA_HOST", "127.0.0.1"), ("CHROMA_PORT", port)):
            monkeypatch.setenv(name, str(value))
        capsys.readouterr()
        assert main(["ingest", str(corpus)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"cqnews: error: cannot reach the Chroma server at 127.0.0.1:{port} (") and err.count("\n") == 1

        # Back up: the next ingest finishes the interrupted one, every passage once.
        server = _start_chroma(tmp_path, port)
        assert main(["ingest", str(corpus)]) == 0
        again = Index.open(settings, build=False)
        expected = {p.id for f in sorted(corpus.iterdir()) for p in read_document(f).passages}
        assert again.keyword.ids() == expected and again.collection.count() == len(expected)
    finally:
        server.kill()
        server.wait(timeout=20)


@pytest.mark.e2e
def test_a_bot_sees_another_process_ingest_over_one_server_without_reading_every_passage(tmp_path, chroma_server):
    corpus, later = tmp_path / "corpus", tmp_path / "later"
    corpus.mkdir()
    later.mkdir()
    shutil.copy(SEEDS / "002_2d698e00e8e37bcc.txt", corpus)
    shutil.copy(SEEDS / "001_693a61b761b5fe84.txt", later)
    settings = make_settings(
        tmp_path / "data", seeds_dir=corpus, chroma_host="127.0.0.1", chroma_port=chroma_server, collection="shared"
    )
    bot = Index.open(settings)  # the bot's process: searching, its keyword file open
    before = len(bot)
    reads: list[list[str]] = []
    real_get = bot.collection.get

    def counted_get(*args, **kwargs):
        reads.append(list(kwargs.get("include") or []))
        return real_get(*args, **kwargs)

    bot.collection.get = counted_get
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CQNEWS_", "CHROMA_"))}
    env.update(
        CQNEWS_DATA_DIR=str(settings.data_dir), CQNEWS_SEEDS_DIR=str(corpus), CQNEWS_COLLECTION="shared",
        CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(chroma_server), PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", str(later)], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr

    passages = read_document(later / "001_693a61b761b5fe84.txt").passages
    added = {p.id for p in passages}
    assert bot.refresh() is True
    assert len(bot) == before + len(added)
    assert bot.keyword.ids() >= added
    assert search(bot, "重庆积极承接产业转移助推高质量发展", k=5)[0].id in added  # by keyword and vector
    assert not any("documents" in include or "metadatas" in include for include in reads)  # no passage read back
    assert bot.refresh() is False
