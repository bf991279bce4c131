"""The bot's own settings (Telegram, who may use it, how often, what it remembers), typed.

The library's `retrieval.settings.Settings` knows nothing of Telegram; `cqnews bot` reads both.
Lists and rates are parsed here, once: a malformed value is a configuration error at start-up.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.limits import Rate, parse_ids, parse_rate

Ids = Annotated[frozenset[int], NoDecode]
RateSetting = Annotated[Rate, NoDecode]


class BotSettings(BaseSettings):
    """Everything `cqnews bot` needs beyond the library's settings; documented in the README table."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    token: SecretStr = Field(SecretStr(""), alias="TELEGRAM_BOT_TOKEN")
    base_url: str = Field("", alias="TELEGRAM_BASE_URL")
    allowed_chats: Ids = Field(frozenset(), alias="CQNEWS_ALLOWED_CHATS")
    admin_ids: Ids = Field(frozenset(), alias="CQNEWS_ADMIN_IDS")
    rate_limit: RateSetting = Field(Rate(10, 60.0), alias="CQNEWS_RATE_LIMIT")
    # Inline queries are typed a keystroke at a time: their own, larger budget (searches only).
    inline_rate_limit: RateSetting = Field(Rate(30, 60.0), alias="CQNEWS_INLINE_RATE_LIMIT")
    # A conversation remembers this many question/answer turns for this long.
    memory_turns: int = Field(3, ge=0, alias="CQNEWS_MEMORY_TURNS")
    memory_minutes: float = Field(30.0, ge=0, alias="CQNEWS_MEMORY_MINUTES")
    # Bot API 5xx, network errors and timeouts: retries with exponential backoff from this delay.
    network_retries: int = Field(3, ge=0, alias="CQNEWS_TELEGRAM_RETRIES")
    retry_backoff: float = Field(1.0, ge=0, alias="CQNEWS_TELEGRAM_BACKOFF")
    # Seconds an inline query must stay unchanged before it is searched (typing has settled).
    inline_debounce: float = Field(0.6, ge=0, alias="CQNEWS_INLINE_DEBOUNCE")
    # Messages one answer (briefing, timeline, "原文" view) may take; longer text is cut, with a note.
    max_answer_messages: int = Field(3, ge=1, le=20, alias="CQNEWS_MAX_ANSWER_MESSAGES")
    # Webhook requests: the largest body read (Telegram's updates are a few KB), and the seconds a client
    # may take to send its headers or its body before the connection is closed.
    webhook_max_bytes: int = Field(1024 * 1024, ge=1024, alias="CQNEWS_WEBHOOK_MAX_BYTES")
    webhook_timeout: float = Field(10.0, gt=0, alias="CQNEWS_WEBHOOK_TIMEOUT")

    @field_validator("allowed_chats", "admin_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        return parse_ids(value) if isinstance(value, str) else value

    @field_validator("rate_limit", "inline_rate_limit", mode="before")
    @classmethod
    def _rate(cls, value: Any) -> Any:
        return parse_rate(value) if isinstance(value, str) else value


def setting_error(exc: ValidationError) -> str:
    """The first invalid setting (the library's or the bot's) in one line: its name and what is wrong, never its value."""
    error = exc.errors()[0]
    name = ".".join(str(part) for part in error["loc"]) or "a setting"
    return f"{name}: {error['msg'].removeprefix('Value error, ')}"
