"""One reply message that is edited as an answer streams in, paced for the chat type.

Transient Bot API failures (5xx, dropped connections, timeouts) are retried for every
request by `RetryingRateLimiter`, PTB's rate-limiter hook, on top of AIORateLimiter's
flood control; `with_retry` only waits out RetryAfter beyond that.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter

from retrieval.models import Answer

log = logging.getLogger(__name__)

PRIVATE_INTERVAL = 1.0  # seconds between edits in private chats
GROUP_INTERVAL = 3.0  # groups allow far fewer messages per minute
FINAL_ATTEMPTS = 4

T = TypeVar("T")


def retry_after_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after as seconds (an int or a timedelta depending on PTB settings)."""
    with warnings.catch_warnings():
        # PTB 22 warns that the int form is deprecated; both forms are handled here.
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


async def with_retry(call: Callable[[], Awaitable[T]], attempts: int = FINAL_ATTEMPTS) -> T:
    """Run a Bot API call, waiting out RetryAfter; only the last failure propagates."""
    for attempt in range(attempts):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(retry_after_seconds(exc))
    raise AssertionError("unreachable")


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (flood control, RetryAfter) that also retries transient failures.

    A Bot API 5xx, a dropped connection or a timeout is retried `network_retries` times,
    waiting `backoff`, 2·backoff, 4·backoff… between tries. A 4xx (BadRequest and the
    rest) is an answer, not a transient failure, and is never retried. A request that
    timed out may have reached Telegram; a rare repeated message beats a lost answer.
    """

    def __init__(self, *, network_retries: int, backoff: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as exc:
                if attempt == self.network_retries:
                    raise
                delay = self.backoff * 2**attempt
                log.warning("Bot API %s failed (%s); retry %d in %.2fs", endpoint, exc, attempt + 1, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


Renderer = Callable[[Answer], str]


async def show_stream(events: AsyncIterator[Answer], reply: StreamedReply, render: Renderer) -> Answer:
    """Show each checked partial Answer of a stream as a draft; return the final Answer.

    The answerer yields partial Answers (only verified sentences, `partial=True`) and then the
    final one; a draft is rendered exactly like an answer, so nothing unchecked is ever shown.
    """
    final: Answer | None = None
    async for event in events:
        if event.partial:
            await reply.draft(render(event))
        else:
            final = event  # the last event; drafts never come after it
    if final is None:
        raise RuntimeError("the answerer's stream ended without an Answer")
    return final


def _not_modified(exc: BadRequest) -> bool:
    return "not modified" in exc.message.lower()


class StreamedReply:
    """Edits `message` with drafts no more often than `interval`; the final edit always goes."""

    def __init__(self, message: Message, interval: float) -> None:
        self.message = message
        self.interval = interval
        self.last_html = message.text_html if message.text else ""
        self.last_at = time.monotonic()
        self.send_seconds = 0.0  # time spent waiting on Telegram, for the answer log line

    async def draft(self, html_text: str) -> None:
        """Show a draft unless it is unchanged or too soon after the last edit."""
        if html_text == self.last_html or time.monotonic() - self.last_at < self.interval:
            return
        try:
            await self._edit(html_text, None)
        except RetryAfter:
            # A draft is disposable: the rate limiter already waited once; the next draft
            # or the final edit carries the text.
            pass

    async def finish(self, parts: Sequence[str], markup: InlineKeyboardMarkup | None) -> list[Message]:
        """Replace the draft with the final message(s); buttons go under the last one."""
        sent: list[Message] = []
        for i, part in enumerate(parts):
            part_markup = markup if i == len(parts) - 1 else None
            if i == 0 and await self._final_edit(part, part_markup):
                sent.append(self.message)
                continue
            started = time.monotonic()
            message = await with_retry(lambda: self.message.chat.send_message(part, reply_markup=part_markup))
            self.send_seconds += time.monotonic() - started
            sent.append(message)
        return sent

    async def _final_edit(self, html_text: str, markup: InlineKeyboardMarkup | None) -> bool:
        """Edit the draft into the final text; False if the draft message is gone."""
        try:
            await with_retry(lambda: self._edit(html_text, markup))
        except BadRequest as exc:
            if "not found" not in exc.message.lower():
                raise
            return False  # deleted meanwhile: the answer still goes out, as a new message
        return True

    async def _edit(self, html_text: str, markup: InlineKeyboardMarkup | None) -> None:
        started = time.monotonic()
        try:
            await self.message.edit_text(html_text, reply_markup=markup)
        except BadRequest as exc:
            if not _not_modified(exc):
                raise
        finally:
            self.send_seconds += time.monotonic() - started
        self.last_html = html_text
        self.last_at = time.monotonic()
