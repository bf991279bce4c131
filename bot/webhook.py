"""Webhook mode: Telegram's updates on the public URL's path, and GET /healthz for the operator.

PTB's own `run_webhook` serves only the update path, so this is PTB's documented alternative
(an Application without an Updater, updates put on `application.update_queue` by our own
server), on tornado, which PTB's webhook support already installs.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

from bot.services import Services

log = logging.getLogger(__name__)

HEALTH_TIMEOUT = 5.0  # seconds the index and database get to answer a health check


async def health(application: Application) -> tuple[bool, dict]:
    """Whether a question can be answered now: the vector index answers (a Chroma server is up) and
    holds passages, and the database answers; with what each said."""
    svc = Services.of(application)
    report: dict = {"passages": len(svc.index)}  # the keyword side, in memory
    ok = True
    try:
        # A round trip to Chroma (the server, or the embedded files): what every search makes.
        report["vectors"] = await asyncio.wait_for(asyncio.to_thread(svc.index.collection.count), HEALTH_TIMEOUT)
        report["index"] = "ok" if report["vectors"] and report["passages"] else "empty"
    except Exception as exc:  # the type only: a message may name the server with its credentials
        report["index"] = f"unreachable ({type(exc).__name__})"
    ok = report["index"] == "ok"
    try:
        await asyncio.wait_for(svc.queue.run(svc.store.ping), HEALTH_TIMEOUT)
        report["database"] = "ok"
    except Exception as exc:
        ok, report["database"] = False, type(exc).__name__
    report["ok"] = ok
    return ok, report


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """POST from Telegram: check the secret token (before any of the body is read), queue the update.

    The body streams in (`data_received`) only after `prepare` has checked the headers; a refused
    request is answered and its connection closed, so its body is never read.
    """

    def initialize(self, bot_app: Application, secret_token: str | None, max_body: int) -> None:
        self.bot_app = bot_app
        self.secret_token = secret_token
        self.max_body = max_body
        self.chunks: list[bytes] = []

    def prepare(self) -> None:
        if self.request.method != "POST":
            return  # tornado answers 405 without reading anything
        if self.secret_token is not None:
            given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
                raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        declared = self.request.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        # A body sent without a length (chunked) is cut off at the same size.
        self.request.connection.set_max_body_size(self.max_body)  # type: ignore[union-attr]

    def data_received(self, chunk: bytes) -> None:
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            update = Update.de_json(json.loads(b"".join(self.chunks)), self.bot_app.bot)
        except Exception as exc:
            log.warning("a webhook request was not a valid update (%s)", type(exc).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        # Buttons carry ids the bot made (bot/buttons.py): put their objects back, as PTB's own webhook does.
        self.bot_app.bot.insert_callback_data(update)
        await self.bot_app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def write_error(self, status_code: int, **kwargs: object) -> None:
        # The body of a refused request is never read, so its connection cannot carry another request:
        # say so, or a client reusing it reads a closed socket.
        self.set_header("Connection", "close")
        self.finish()

    def log_exception(self, *args: object) -> None:  # refused requests are not errors of ours
        pass


class HealthHandler(tornado.web.RequestHandler):
    """GET /healthz: 200 when the index and database are usable, 503 otherwise."""

    def initialize(self, bot_app: Application) -> None:
        self.bot_app = bot_app

    async def get(self) -> None:
        ok, report = await health(self.bot_app)
        self.set_status(HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(report))


def web_app(application: Application, url_path: str, secret_token: str | None, max_body: int) -> tornado.web.Application:
    path = "/" + url_path.strip("/") if url_path.strip("/") else ""
    return tornado.web.Application(
        [
            (r"/healthz", HealthHandler, {"bot_app": application}),
            (rf"{path}/?", UpdateHandler, {"bot_app": application, "secret_token": secret_token, "max_body": max_body}),
        ],
        log_function=lambda handler: None,  # request lines would carry nothing useful
    )


def webhook_server(
    application: Application, url_path: str, secret_token: str | None, *, max_body: int, timeout: float
) -> HTTPServer:
    """The webhook's HTTP server: bodies capped at `max_body` bytes; a connection that takes longer than
    `timeout` seconds to send its headers (or sits idle between requests), or its body, is closed."""
    return HTTPServer(
        web_app(application, url_path, secret_token, max_body),
        max_body_size=max_body, idle_connection_timeout=timeout, body_timeout=timeout,
    )


async def serve_webhook(
    application: Application,
    *,
    listen: str,
    port: int,
    url_path: str,
    webhook_url: str,
    secret_token: str | None,
    max_body: int,
    timeout: float,
) -> None:
    """Run the bot on webhooks until SIGINT/SIGTERM, with post_init/post_shutdown like run_webhook."""
    if secret_token is not None and not secret_token:
        # An empty secret would match a request without the header: authentication off by accident.
        raise ValueError("an empty webhook secret token is not a secret")
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    server: HTTPServer | None = None
    try:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(
            url=webhook_url, secret_token=secret_token, allowed_updates=Update.ALL_TYPES
        )
        server = webhook_server(application, url_path, secret_token, max_body=max_body, timeout=timeout)
        server.listen(port, address=listen)
        await application.start()
        log.info("serving webhooks on %s:%d (health check at /healthz)", listen, port)
        await stop.wait()
    finally:
        if server is not None:
            server.stop()
            await server.close_all_connections()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
        for sig in signals:
            loop.remove_signal_handler(sig)
