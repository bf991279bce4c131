"""End-to-end: `cqnews bot --webhook-url ...` answers updates POSTed to its webhook, has /healthz.

run_bot runs exactly as the command line runs it, in this (the main) thread: the webhook server
installs its SIGINT/SIGTERM handlers there, which only the main thread may do. A driver thread
plays Telegram: it POSTs updates to the webhook, waits for the answers on the fake Bot API
server, then stops the bot the way an operator does, with SIGINT (Ctrl-C).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import signal
import socket
import threading
from typing import Any

import httpx
from telegram import Update

from bot.run import add_bot_arguments, run_bot
from tests.bot_harness import bot_settings
from tests.botapi_server import FAILSAFE, FakeBotApi, callback_query, message, sent_message

QUESTION = "铜梁签约了多少项目?"
PUBLIC_URL = "https://cqnews.example.org/telegram/hook"
PATH = "telegram/hook"  # the public URL's path, served as is
SECRET = "webhook-secret-S3cr3t"
DEADLINE = FAILSAFE  # how long any one step may take before the test fails (a hang, not a pace)
_update_ids = itertools.count(5000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli_args(port: int) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_bot_arguments(parser)
    return parser.parse_args(
        ["--webhook-url", PUBLIC_URL, "--listen", "127.0.0.1", "--port", str(port), "--secret-token", SECRET]
    )


def update(text: str, chat_id: int) -> dict:
    return {"update_id": next(_update_ids), **message(text, chat_id=chat_id)}


async def post(client: httpx.AsyncClient, url: str, body: dict, secret: str) -> httpx.Response:
    """POST like Telegram does. The webhook server starts listening right after setWebhook
    returns, so a refused connection is retried until the deadline (nothing else is)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE
    while True:
        try:
            return await client.post(url, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
        except httpx.ConnectError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.02)


def final_answer(chat_id: int):
    """The last edit of an answer: it carries the source and feedback buttons."""
    return lambda c: c.params.get("chat_id") == chat_id and bool(c.params.get("reply_markup"))


async def play_telegram(api: FakeBotApi, port: int) -> dict[str, Any]:
    await api.wait_for("setWebhook", timeout=DEADLINE)
    url = f"http://127.0.0.1:{port}/{PATH}"
    async with httpx.AsyncClient(trust_env=False, timeout=DEADLINE) as client:
        # Chat 77's question would be answered like chat 42's if the server let it through.
        forged = await post(client, url, update(QUESTION, chat_id=77), secret="not-the-secret")
        genuine = await post(client, url, update(QUESTION, chat_id=42), secret=SECRET)
        final = await api.wait_for("editMessageText", final_answer(42), timeout=DEADLINE)
        up = next(b["callback_data"] for b in final.buttons if b["text"] == "👍")
        press = {"update_id": next(_update_ids), **callback_query(up, sent_message(final))}
        await post(client, url, press, secret=SECRET)
        thanked = await api.wait_for("answerCallbackQuery", timeout=DEADLINE)
        healthz = await client.get(f"http://127.0.0.1:{port}/healthz")
    return {
        "forged": forged.status_code, "genuine": genuine.status_code, "final": final, "thanked": thanked.params,
        "healthz": (healthz.status_code, healthz.json()),
    }


class Driver(threading.Thread):
    """Plays Telegram against the running bot, then sends SIGINT to the main thread to stop it."""

    def __init__(self, api: FakeBotApi, port: int) -> None:
        super().__init__(daemon=True)
        self.api, self.port = api, port
        self.outcome: dict[str, Any] = {}
        self.error: BaseException | None = None
        self.lock = threading.Lock()
        self.bot_returned = False  # set by the main thread, under the lock

    def run(self) -> None:
        try:
            self.outcome = asyncio.run(play_telegram(self.api, self.port))
        except BaseException as exc:  # re-raised in the main thread
            self.error = exc
        finally:
            self.stop_bot()

    def stop_bot(self) -> None:
        # serve_webhook installs its signal handlers before Application.initialize, whose getMe
        # is the second one (run_bot's token check is the first); they stay until it returns.
        with self.lock:
            if not self.bot_returned and len(self.api.called("getMe")) >= 2:
                signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)


def test_bot_answers_updates_posted_to_its_webhook_and_rejects_a_wrong_secret(
    api: FakeBotApi, index_settings, index, bot_data_dir, capsys, caplog
):
    caplog.set_level(logging.INFO)
    config = bot_settings(index_settings, api, bot_data_dir)
    port = free_port()
    driver = Driver(api, port)
    driver.start()
    try:
        code = run_bot(cli_args(port), config.settings, config.bot)  # returns once the driver's SIGINT stops it
    finally:
        with driver.lock:
            driver.bot_returned = True
        asyncio.set_event_loop(None)  # run_bot left its (now closed) loop as this thread's
    driver.join(DEADLINE)
    assert not driver.is_alive()
    if driver.error is not None:
        raise driver.error
    assert code == 0

    # (1) The public URL and the secret were registered with the Bot API; no polling happened.
    [registered] = api.called("setWebhook")
    assert registered.params["url"] == PUBLIC_URL
    assert registered.params["secret_token"] == SECRET
    assert registered.params["allowed_updates"] == list(Update.ALL_TYPES)
    assert not api.called("getUpdates")

    # (2) The genuine update was accepted and answered through the Bot API.
    assert driver.outcome["genuine"] == 200
    final = driver.outcome["final"]
    assert "27" in final.text and "[1]" in final.text
    placeholder = api.called("sendMessage", lambda c: c.params.get("chat_id") == 42)[0]
    assert final.params["message_id"] == placeholder.result["message_id"]
    # A button on that answer, pressed through the webhook, reaches its handler (not "expired").
    assert driver.outcome["thanked"]["text"] == "谢谢反馈！"

    # (3) The forged one was refused at the door: the bot has stopped (every handler finished)
    # and never said anything to chat 77.
    assert driver.outcome["forged"] == 403
    assert not [c for c in api.calls if c.params.get("chat_id") == 77]

    # (4) The health check: the index and the database answered.
    status, report = driver.outcome["healthz"]
    assert status == 200 and report["ok"] is True and report["database"] == "ok"
    assert report["passages"] == len(index)

    # The token stayed out of the logs and the output.
    out, err = capsys.readouterr()
    assert api.token not in out + err + caplog.text


async def exchange(port: int, request: bytes) -> bytes:
    """Send `request` (perhaps only part of one) and read until the server closes the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), DEADLINE)  # b"" or a response, then EOF
    finally:
        writer.close()


def headers(length: int, secret: str | None = SECRET, path: str = PATH) -> bytes:
    lines = [f"POST /{path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", f"Content-Length: {length}"]
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def test_the_webhook_refuses_before_reading_and_closes_slow_connections(api: FakeBotApi, index_settings, bot_data_dir):
    from bot.app import build_application
    from bot.webhook import webhook_server

    config = bot_settings(index_settings, api, bot_data_dir, webhook_max_bytes=4096, webhook_timeout=0.5)
    application = build_application(config.settings, config.bot, polling=False)
    port = free_port()
    server = webhook_server(application, PATH, SECRET, max_body=config.bot.webhook_max_bytes, timeout=config.bot.webhook_timeout)
    server.listen(port, address="127.0.0.1")
    try:
        # 90 MB announced without the secret: refused on the headers, the body never read (1 KB of it sent).
        forged = await exchange(port, headers(90 * 2**20, secret=None) + b"x" * 1024)
        assert forged.startswith(b"HTTP/1.1 403")
        # With the secret but over the cap: refused on its length alone.
        too_big = await exchange(port, headers(5000) + b"x" * 100)
        assert too_big.startswith(b"HTTP/1.1 413")
        # Headers that never end, and a body that never comes: each connection is closed.
        assert await exchange(port, b"POST /" + PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n") == b""
        assert await exchange(port, headers(100) + b'{"update_id":') == b""
        assert application.update_queue.empty()
        # A genuine update still goes through.
        body = json.dumps(update(QUESTION, chat_id=42)).encode()
        genuine = await exchange(port, headers(len(body)).replace(b"HTTP/1.1", b"HTTP/1.0") + body)
        assert genuine.startswith(b"HTTP/1.1 200") and application.update_queue.qsize() == 1
    finally:
        server.stop()
        await server.close_all_connections()
