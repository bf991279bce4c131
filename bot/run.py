"""`cqnews bot`: run the bot on long polling (default) or webhooks."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import re
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlparse

from filelock import FileLock, Timeout
from pydantic import ValidationError
from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot import redact
from bot.app import api_urls, build_application
from bot.redact import RedactSecrets
from bot.settings import BotSettings, setting_error
from retrieval.settings import Settings

log = logging.getLogger(__name__)


def add_bot_arguments(parser: argparse.ArgumentParser) -> None:
    """The `cqnews bot` options."""
    parser.add_argument("--webhook-url", metavar="URL", help="run on webhooks at this public https URL")
    parser.add_argument("--listen", metavar="HOST", default="0.0.0.0", help="webhook listen address")
    parser.add_argument("--port", metavar="N", type=int, default=8443, help="webhook listen port")
    parser.add_argument("--secret-token", metavar="S", help="webhook secret (X-Telegram-Bot-Api-Secret-Token)")


class RedactToken(RedactSecrets):
    """Replace the bot token (and any URL credentials) in every log record."""

    def __init__(self, token: str) -> None:
        super().__init__([token])


def _quiet_and_redact(token: str, *urls: str) -> None:
    redact.configure_logging(logging.INFO, [token], urls)
    # The bot's own lines (one per answer) are operational, not debug output.
    if logging.getLogger("bot").getEffectiveLevel() > logging.INFO:
        logging.getLogger("bot").setLevel(logging.INFO)


async def check_token(bot_settings: BotSettings) -> tuple[int, str] | None:
    """None if getMe accepts the token, else (exit code, one-line reason without the token)."""
    token = bot_settings.token.get_secret_value()
    base_url, base_file_url = api_urls(bot_settings.base_url)
    try:
        async with Bot(token, base_url=base_url, base_file_url=base_file_url) as bot:
            log.info("token accepted for @%s", bot.username)
    except InvalidToken:
        return 2, "TELEGRAM_BOT_TOKEN was rejected by the Bot API server (getMe failed)"
    except NetworkError as exc:
        return 1, f"cannot reach the Bot API server at {redact.mask_url(base_url.removesuffix('/bot'))} ({type(exc).__name__})"
    except TelegramError as exc:
        return 1, f"the Bot API server refused getMe ({type(exc).__name__})"
    return None


# What Telegram accepts as a webhook secret (setWebhook's secret_token).
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def secret_token_problem(secret: str | None) -> str | None:
    """Why `--secret-token` cannot be used, or None. Leaving the option out is allowed; an empty value
    is not: it would read as "authentication off" while looking like a secret was set."""
    if secret is None or _SECRET_TOKEN.match(secret):
        return None
    if not secret.strip():
        return "--secret-token is empty: give a secret of 1-256 characters (A-Z a-z 0-9 _ -) or leave the option out"
    return "--secret-token may only use A-Z a-z 0-9 _ - and be at most 256 characters long"


def webhook_path(webhook_url: str) -> str:
    """The local path to serve: the public URL's path (a proxy may forward it unchanged)."""
    return urlparse(webhook_url).path.strip("/")


def read_bot_settings() -> BotSettings | str:
    """The bot's settings from the environment, or a one-line reason they are invalid."""
    try:
        return BotSettings()
    except ValidationError as exc:
        return setting_error(exc)


def token_lock_path(bot_settings: BotSettings) -> Path:
    """A lock file for the token on its Bot API server, in the machine's temp directory (named by a digest, not the token)."""
    base_url, _ = api_urls(bot_settings.base_url)
    digest = hashlib.sha256(f"{base_url}\0{bot_settings.token.get_secret_value()}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"cqnews-bot-{digest}.lock"


def hold_instance_locks(settings: Settings, bot_settings: BotSettings, held: ExitStack) -> str | None:
    """Hold (in `held`) the locks of one running bot: its data directory and its token. A one-line reason if
    another process holds either: two bots would answer the same updates and edit each other's placeholders."""
    data_dir = Path(settings.data_dir)
    locks = [
        (data_dir / "bot.lock", f"on {data_dir}"),
        (token_lock_path(bot_settings), "with this TELEGRAM_BOT_TOKEN"),
    ]
    for path, where in locks:
        lock = FileLock(path, timeout=0, thread_local=False, preserve_lock_file=True)
        try:
            held.enter_context(lock)
        except Timeout:
            return f"another cqnews bot is already running {where} (lock {path} is held); stop it first"
        except OSError as exc:
            return f"cannot create the lock file {path} ({exc.strerror or type(exc).__name__})"
    return None


def run_bot(args: argparse.Namespace, settings: Settings, bot_settings: BotSettings | None = None) -> int:
    """Run until interrupted; 2 for a missing or rejected token, 1 if the server is unreachable."""
    if bot_settings is None:
        read = read_bot_settings()
        if isinstance(read, str):  # CQNEWS_RATE_LIMIT, CQNEWS_ALLOWED_CHATS, CQNEWS_ADMIN_IDS, ...
            print(f"cqnews bot: {read}", file=sys.stderr)
            return 2
        bot_settings = read
    if args.webhook_url and (problem := secret_token_problem(args.secret_token)):
        print(f"cqnews bot: {problem}", file=sys.stderr)
        return 2
    token = bot_settings.token.get_secret_value()
    if not token.strip():
        print("cqnews bot: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)", file=sys.stderr)
        return 2
    with ExitStack() as held:
        if problem := hold_instance_locks(settings, bot_settings, held):
            print(f"cqnews bot: {problem}", file=sys.stderr)
            return 2
        return _run(args, settings, bot_settings)


def _run(args: argparse.Namespace, settings: Settings, bot_settings: BotSettings) -> int:
    """The bot, its locks held: check the token, then poll or serve webhooks until stopped."""
    token = bot_settings.token.get_secret_value()
    _quiet_and_redact(token, bot_settings.base_url, settings.openai_base_url, settings.chroma_host)
    application = build_application(settings, bot_settings, polling=not args.webhook_url)
    # One loop for the check and the bot: run_polling and serve_webhook use the current loop.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    problem = loop.run_until_complete(check_token(bot_settings))
    if problem:
        loop.close()
        asyncio.set_event_loop(None)
        code, reason = problem
        print(f"cqnews bot: {redact.redact(reason)}", file=sys.stderr)
        return code
    if args.webhook_url:
        log.info("starting on webhooks at %s:%d", args.listen, args.port)
        from bot.webhook import serve_webhook  # tornado: only needed on webhooks

        try:
            loop.run_until_complete(
                serve_webhook(
                    application,
                    listen=args.listen,
                    port=args.port,
                    url_path=webhook_path(args.webhook_url),
                    webhook_url=args.webhook_url,
                    secret_token=args.secret_token,
                    max_body=bot_settings.webhook_max_bytes,
                    timeout=bot_settings.webhook_timeout,
                )
            )
        finally:
            loop.close()
    else:
        log.info("starting long polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
