"""`cqnews bot` start-up: token checks, URLs, and keeping the token out of logs."""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket

import pytest
from pydantic import SecretStr

from bot.app import api_urls
from bot.cli import main
from bot.redact import RedactSecrets
from bot.run import RedactToken, add_bot_arguments, run_bot, webhook_path
from bot.settings import BotSettings
from retrieval.settings import Settings
from tests.botapi_server import FakeBotApi
from tests.test_bot_delivery import spawn_bot

SECRET = "999999:this-token-must-never-be-printed"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_bot_arguments(parser)
    return parser.parse_args(argv)


def settings(tmp_path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path)


def telegram(token: str, base_url: str) -> BotSettings:
    return BotSettings(_env_file=None, token=SecretStr(token), base_url=base_url)


def test_arguments_have_the_documented_defaults():
    args = parse()
    assert (args.webhook_url, args.listen, args.port, args.secret_token) == (None, "0.0.0.0", 8443, None)
    args = parse("--webhook-url", "https://example.org/hook", "--port", "88", "--secret-token", "s")
    assert (args.webhook_url, args.port, args.secret_token) == ("https://example.org/hook", 88, "s")


def test_webhook_serves_the_public_urls_path():
    assert webhook_path("https://example.org/cqnews/hook/") == "cqnews/hook"
    assert webhook_path("https://example.org") == ""


def test_missing_token_is_one_line_and_exit_code_2(tmp_path, capsys):
    assert run_bot(parse(), settings(tmp_path), telegram("", "")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TELEGRAM_BOT_TOKEN" in err


def test_rejected_token_is_one_line_exit_code_2_and_never_shows_the_token(tmp_path, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    with FakeBotApi() as api:  # it only accepts its own token
        code = run_bot(parse(), settings(tmp_path), telegram(SECRET, api.base_url))
        assert [c.method for c in api.calls] == []  # refused before any method ran
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "rejected" in err
    assert SECRET not in err and SECRET not in caplog.text


def test_bad_settings_are_one_line_and_exit_code_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", SECRET)
    for name, value in (("CQNEWS_RATE_LIMIT", "ten per minute"), ("CQNEWS_ADMIN_IDS", "1,abc")):
        with monkeypatch.context() as env:
            env.setenv(name, value)
            assert run_bot(parse(), settings(tmp_path)) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and name in err and SECRET not in err


def test_bot_settings_are_typed():
    parsed = BotSettings(_env_file=None, CQNEWS_ALLOWED_CHATS="1, -100200 3", CQNEWS_RATE_LIMIT="5/30")
    assert parsed.allowed_chats == {1, -100200, 3} and parsed.admin_ids == frozenset()
    assert (parsed.rate_limit.n, parsed.rate_limit.seconds) == (5, 30.0)
    assert not hasattr(Settings(_env_file=None), "telegram_bot_token")


def test_unreachable_server_is_exit_code_1(tmp_path, capsys):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert run_bot(parse(), settings(tmp_path), telegram(SECRET, f"http://127.0.0.1:{port}")) == 1
    err = capsys.readouterr().err
    assert "cannot reach" in err and SECRET not in err


def test_base_url_accepts_the_server_root_or_the_bot_path():
    assert api_urls("") == ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot")
    assert api_urls("http://127.0.0.1:8081") == ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")
    assert api_urls("http://127.0.0.1:8081/bot/") == ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")


def test_log_records_lose_the_token():
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST %s", (f"https://x/bot{SECRET}/getMe",), None)
    RedactToken(SECRET).filter(record)
    assert SECRET not in record.getMessage() and "<secret>" in record.getMessage()

    try:
        raise ValueError(f"The token `{SECRET}` was rejected")
    except ValueError as exc:
        failed = logging.LogRecord("telegram", logging.ERROR, __file__, 1, "failed", None, (ValueError, exc, None))
    RedactToken(SECRET).filter(failed)
    assert failed.exc_info is None and SECRET not in logging.Formatter().format(failed)


def test_credentials_in_urls_are_redacted_from_every_log_line():
    for text in ("calling https://alice:s3cret-pw@llm.example.org/v1", "chroma at http://tok3n@chroma:8000"):
        record = logging.LogRecord("retrieval.llm", logging.INFO, __file__, 1, "%s", (text,), None)
        RedactSecrets().filter(record)
        assert "s3cret-pw" not in record.getMessage() and "tok3n" not in record.getMessage()
        assert "***@" in record.getMessage()


@pytest.mark.e2e
async def test_a_second_bot_on_the_same_data_dir_or_token_refuses_to_start_in_one_line(
    api: FakeBotApi, bot_data_dir, tmp_path, monkeypatch, capsys
):
    first = spawn_bot(api, bot_data_dir, tmp_path / "first.log")
    try:
        await api.wait_for("getUpdates")  # the first bot is polling
        before = [c.method for c in api.calls if c.method != "getUpdates"]
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", api.token)
        monkeypatch.setenv("TELEGRAM_BASE_URL", api.base_url)
        for data_dir, reason in ((bot_data_dir, f"on {bot_data_dir}"), (tmp_path / "elsewhere", "TELEGRAM_BOT_TOKEN")):
            monkeypatch.setenv("CQNEWS_DATA_DIR", str(data_dir))
            assert await asyncio.wait_for(asyncio.to_thread(main, ["bot"]), 60) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and "already running" in err and reason in err and api.token not in err
        assert [c.method for c in api.calls if c.method != "getUpdates"] == before  # it called nothing
        assert first.poll() is None  # the first bot runs on
    finally:
        first.terminate()
        first.wait(timeout=60)
