"""Keeping secrets out of every log line and message: the bot token, keys and URL credentials."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from retrieval.settings import url_credentials

# scheme://user:password@host or scheme://token@host: keep the scheme and host, hide the rest.
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/\s@:]+(?::[^/\s@]*)?@", re.I)


# An Authorization value a server echoed back ("Basic YWxpY2U6…", "Bearer sk-…").
_AUTHORIZATION = re.compile(r"\b(?P<kind>Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}", re.I)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with each secret replaced by <secret>, credentials in URLs and Authorization values by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<secret>")
    text = _AUTHORIZATION.sub(r"\g<kind> ***", text)
    return _URL_CREDENTIALS.sub(r"\g<scheme>***@", text)


def url_secrets(*urls: str) -> list[str]:
    """The credentials in URLs, in every form they may appear elsewhere (retrieval.settings.url_credentials)."""
    return [secret for url in urls for secret in url_credentials(url)[2]]


def mask_url(url: str) -> str:
    """`url` without its credentials, for messages about it."""
    return _URL_CREDENTIALS.sub(r"\g<scheme>***@", url)


class RedactSecrets(logging.Filter):
    """Rewrite every record so no secret (token, API key, URL credentials) reaches a handler."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s and len(s) >= 6)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1]:
            text = str(record.exc_info[1])
            if redact(text, self.secrets) != text:
                # The traceback would repeat the secret; keep the message, drop the details.
                record.exc_info, record.exc_text = None, None
                record.msg = f"{record.msg} (details hidden: they contain a secret)"
        return True


def install(secrets: Iterable[str] = ()) -> None:
    """Add the filter to every handler of the root logger (once per handler)."""
    wanted = tuple(secrets)
    for handler in logging.getLogger().handlers:
        for existing in handler.filters:
            if isinstance(existing, RedactSecrets):
                existing.secrets = tuple(dict.fromkeys(existing.secrets + tuple(s for s in wanted if s and len(s) >= 6)))
                break
        else:
            handler.addFilter(RedactSecrets(wanted))


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that log request URLs (which carry the bot token) or chatter at INFO.
QUIET = ("httpx", "httpcore", "chromadb", "telegram.ext.ExtBot", "apscheduler")


def configure_logging(level: int, secrets: Iterable[str] = (), urls: Iterable[str] = ()) -> None:
    """Log at `level` (unless logging is already set up), the chatty libraries at WARNING, every secret masked."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=level, format=LOG_FORMAT)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    install([*secrets, *url_secrets(*urls)])
