"""Credentials in URLs (OPENAI_BASE_URL, CHROMA_HOST, TELEGRAM_BASE_URL) never reach a log line or the
terminal, in plain text or as the base64 of a Basic header that a 401 reply echoes."""

from __future__ import annotations

import base64
import logging
import socket

from bot.cli import main
from retrieval.answer.answerer import Answerer
from retrieval.settings import Settings
from tests.answer_fixtures import FakeIndex
from tests.openai_server import Reply

USER, PASSWORD = "alice", "s3cret-pw-4711"
PAIR_B64 = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def free_port() -> int:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def leaks(text: str) -> list[str]:
    return [secret for secret in (PASSWORD, PAIR_B64, f"{USER}:") if secret in text]


def test_a_401_echoing_the_basic_header_of_openai_base_url_leaks_nothing(tmp_path, openai_server, caplog):
    caplog.set_level(logging.DEBUG)
    url = openai_server.url.replace("http://", f"http://{USER}:{PASSWORD}@")
    settings = Settings(
        _env_file=None, data_dir=tmp_path, openai_base_url=url, llm_model="test-model", llm_timeout=2, llm_retries=0
    )
    openai_server.script(Reply.unauthorized(), Reply.unauthorized(), Reply.unauthorized())
    answer = Answerer(FakeIndex(), settings).ask("渝北和云阳共建的产业园投入了多少资金?")
    assert answer.mode == "extractive"  # the model refused us: the offline answer stands in
    # The credentials still went to the server, as the Basic header the URL asked for.
    assert openai_server.requests[0].headers["authorization"] == f"Basic {PAIR_B64}"
    assert "invalid credentials" in caplog.text  # the reply was logged...
    assert leaks(caplog.text) == [] and leaks(str(answer.to_json())) == []  # ...masked


def test_chroma_host_credentials_are_masked_in_the_error_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CHROMA_HOST", f"http://{USER}:{PASSWORD}@127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(free_port()))
    code = main(["search", "铜梁"])
    err = capsys.readouterr().err
    assert code != 0 and "127.0.0.1" in err
    assert leaks(err) == [], err


def test_telegram_base_url_credentials_are_masked_when_unreachable(tmp_path, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CQNEWS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-token")
    monkeypatch.setenv("TELEGRAM_BASE_URL", f"http://{USER}:{PASSWORD}@127.0.0.1:{free_port()}")
    code = main(["-v", "bot"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot reach" in err and "127.0.0.1" in err
    assert leaks(err + caplog.text) == [], err


def test_the_log_filter_masks_echoed_authorization_values_and_url_credentials():
    from bot.redact import RedactSecrets, url_secrets

    url = f"https://{USER}:{PASSWORD}@llm.example.org/v1"
    secrets = url_secrets(url, "http://chroma:8000", "")
    assert secrets == [f"{USER}:{PASSWORD}", PAIR_B64, PASSWORD]
    for text in (f"401: invalid credentials: Basic {PAIR_B64}", f"header was {PAIR_B64}", f"password {PASSWORD} wrong",
                 "401 Bearer sk-live-0123456789abcdef", f"POST {url}/chat"):
        record = logging.LogRecord("retrieval.answer", logging.WARNING, __file__, 1, "%s", (text,), None)
        RedactSecrets(secrets).filter(record)
        assert leaks(record.getMessage()) == [] and "sk-live" not in record.getMessage(), record.getMessage()
