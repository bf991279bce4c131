"""The same index over a real Chroma server (`chroma run` on 127.0.0.1)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from retrieval.index.store import Index
from retrieval.search.hybrid import search

from .conftest import SEEDS, make_settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = open(folder / "server.log", "wb")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"chroma run did not start: {(folder / 'server.log').read_text(errors='replace')[-500:]}")
        time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


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
