"""How pages and feeds are fetched and how often the bot polls, from the environment (README table)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    """Fetching web pages and feeds; the page size limit is the library's CQNEWS_MAX_FILE_BYTES."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # Minutes between the bot's polls of the registered feeds; 0: the bot does not poll (cron does).
    feed_interval: float = Field(30.0, ge=0, alias="CQNEWS_FEED_INTERVAL")
    # Seconds a request may take in all (connect, headers, body) before it is given up.
    fetch_timeout: float = Field(20.0, gt=0, alias="CQNEWS_FETCH_TIMEOUT")
    # Seconds between two requests to the same host (robots.txt's Crawl-delay when longer).
    fetch_delay: float = Field(2.0, ge=0, alias="CQNEWS_FETCH_DELAY")


def web_settings() -> WebSettings:
    """WebSettings from the environment; a malformed variable is a ConfigError naming it (never its value)."""
    from pydantic import ValidationError

    from retrieval.errors import ConfigError

    try:
        return WebSettings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = ".".join(str(part) for part in problem["loc"]) or "a setting"
        raise ConfigError(f"{name}: {problem['msg'].removeprefix('Value error, ')}") from None
