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
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter

from retrieval.models import Answer

log = logging.getLogger(__name__)

PRIVATE_INTERVAL = 1.0  # seconds between edits in private chats
GROUP_INTERVAL = 3.0  # groups allow far fewer messages per minute
FINAL_ATTEMPTS = 4
# Once the answer is ready it waits this long for a slow "正在查找…" to come back, then goes out as a
# new message; the placeholder is removed whenever it does come back. Waiting costs the reader
# little: the rate limiter that may be holding the placeholder (a busy group) holds a new message
# too. At 5 s, two questions in one group on a loaded machine had their answers sent apart from
# their placeholders.
PLACEHOLDER_WAIT = 20.0
# The placeholder's request is never repeated after a timeout (it may have reached Telegram, and a
# second one would be left behind); it may take this long before it is given up.
PLACEHOLDER_TIMEOUT = 60.0

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


class SendOnce:
    """`rate_limit_args` for a request that a timeout must not repeat: it may have arrived."""


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (flood control, RetryAfter) that also retries transient failures.

    A Bot API 5xx, a dropped connection or a timeout is retried `network_retries` times,
    waiting `backoff`, 2·backoff, 4·backoff… between tries. A 4xx (BadRequest and the
    rest) is an answer, not a transient failure, and is never retried. A request that
    timed out may have reached Telegram; a rare repeated message beats a lost answer,
    except for requests sent with `rate_limit_args=SendOnce()`.
    """

    def __init__(self, *, network_retries: int, backoff: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        once = isinstance(rate_limit_args, SendOnce)
        if once:
            rate_limit_args = None  # AIORateLimiter's own argument: its default RetryAfter retries
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except TimedOut:
                if once or attempt == self.network_retries:
                    raise
                delay = self.backoff * 2**attempt
                log.warning("Bot API %s timed out; retry %d in %.2fs", endpoint, attempt + 1, delay)
                await asyncio.sleep(delay)
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


def _gone(exc: TelegramError) -> bool:
    return isinstance(exc, BadRequest) and "not found" in exc.message.lower()


@dataclass(frozen=True)
class Destination:
    """Where a question's answer goes: its chat, its forum topic, the message it replies to."""

    chat_id: int
    topic: int | None = None  # message_thread_id of a forum topic
    reply_to: int | None = None  # the question, quoted as Message.reply_text quotes it (not in private chats)

    @classmethod
    def of(cls, question: Message) -> Destination:
        """As `question.reply_text` would send: in its topic, quoting it outside private chats."""
        topic = question.message_thread_id if question.is_topic_message else None
        reply_to = None if question.chat.type == ChatType.PRIVATE else question.message_id
        return cls(question.chat_id, topic, reply_to)

    async def send(self, bot: Bot, html_text: str, markup: InlineKeyboardMarkup | None = None, **kwargs: Any) -> Message:
        reply = ReplyParameters(self.reply_to, allow_sending_without_reply=True) if self.reply_to else None
        return await bot.send_message(
            self.chat_id, html_text, message_thread_id=self.topic, reply_parameters=reply, reply_markup=markup, **kwargs
        )


_background: set[asyncio.Future] = set()  # tasks nobody awaits, kept until done


def _keep(task: asyncio.Future) -> None:
    _background.add(task)
    task.add_done_callback(_background.discard)


class Placeholder:
    """The "正在查找…" reply: sent in the background (answering does not wait for it), or known by id."""

    def __init__(self, task: asyncio.Future[Message] | None = None, message_id: int | None = None) -> None:
        self.task = task
        self._id = message_id
        if task is not None:
            task.add_done_callback(self._sent)

    @classmethod
    def send(cls, bot: Bot, destination: Destination, html_text: str) -> Placeholder:
        return cls(
            asyncio.ensure_future(
                destination.send(bot, html_text, read_timeout=PLACEHOLDER_TIMEOUT, rate_limit_args=SendOnce())
            )
        )

    @classmethod
    def known(cls, message_id: int | None) -> Placeholder:
        return cls(message_id=message_id)

    def _sent(self, task: asyncio.Future[Message]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, TimedOut):  # no reply in PLACEHOLDER_TIMEOUT: it may exist, unknown to the bot
            log.warning("the placeholder got no reply (%r); if Telegram sent it, it still says 正在查找…", exc)
            return
        if exc is not None:
            log.warning("the placeholder could not be sent (%r); the answer will be a new message", exc)
            return
        self._id = task.result().message_id

    def on_sent(self, callback: Callable[[int], object]) -> None:
        """Call `callback(message_id)` once the placeholder is known to exist."""
        if self.task is None:
            if self._id is not None:
                callback(self._id)
            return
        self.task.add_done_callback(lambda _: self.message_id is not None and callback(self.message_id))

    @property
    def message_id(self) -> int | None:
        # A task that has just finished runs its done-callbacks on a later turn of the loop: read
        # the id from the task itself, or an answer ready in that moment would miss its placeholder.
        task = self.task
        if self._id is None and task is not None and task.done() and not task.cancelled() and task.exception() is None:
            self._id = task.result().message_id
        return self._id

    @property
    def pending(self) -> bool:
        return self.task is not None and not self.task.done()

    async def settle(self, wait: float | None = None) -> int | None:
        """The placeholder's id, waiting at most `wait` (PLACEHOLDER_WAIT) seconds; None if it is not (yet) there."""
        if self.pending:
            await asyncio.wait({self.task}, timeout=PLACEHOLDER_WAIT if wait is None else wait)  # type: ignore[arg-type]
        return self.message_id


class StreamedReply:
    """Edits the placeholder with drafts no more often than `interval`; the final answer always goes.

    The final answer goes into the placeholder; if that cannot be edited (a Bot API outage
    longer than the retries, a deleted or slow placeholder) it goes out as new messages in
    the same place, and the placeholder is deleted, or else marked with `moved_html`. A
    placeholder that could be neither is left in `stuck`, for the caller to try again later.
    """

    def __init__(
        self,
        bot: Bot,
        destination: Destination,
        placeholder: Placeholder,
        interval: float,
        moved_html: str = "",
        delivered: int = 0,
    ) -> None:
        self.bot = bot
        self.destination = destination
        self.placeholder = placeholder
        self.interval = interval
        self.moved_html = moved_html
        self.delivered = delivered  # parts of the final answer already shown
        self.first_id: int | None = None  # the message the final answer starts in
        self.stuck: int | None = None  # a placeholder still saying "正在查找…"
        self.last_html = ""
        self.last_at = time.monotonic()
        self.send_seconds = 0.0  # time spent waiting on Telegram, for the answer log line

    async def draft(self, html_text: str) -> None:
        """Show a draft unless it is unchanged, too soon, or the placeholder is not there yet."""
        message_id = self.placeholder.message_id
        if message_id is None or html_text == self.last_html or time.monotonic() - self.last_at < self.interval:
            return
        try:
            await self._edit(message_id, html_text, None)
        except TelegramError as exc:
            # A draft is disposable: the next draft or the final answer carries the text.
            log.debug("draft not shown (%r)", exc)

    async def finish(self, parts: Sequence[str], markup: InlineKeyboardMarkup | None) -> None:
        """Show the final message(s), buttons under the last; a failed send raises (see `delivered`)."""
        placeholder_id = await self.placeholder.settle()
        placeholder_done = False
        if self.delivered == 0 and parts and placeholder_id is not None:
            edited = await self._final_edit(placeholder_id, parts[0], markup if len(parts) == 1 else None)
            if edited is not False:
                placeholder_done = True
            if edited:
                self.first_id, self.delivered = placeholder_id, 1
        for i in range(self.delivered, len(parts)):
            part, part_markup = parts[i], markup if i == len(parts) - 1 else None
            started = time.monotonic()
            try:
                message = await with_retry(lambda part=part, markup=part_markup: self.destination.send(self.bot, part, markup))
            finally:
                self.send_seconds += time.monotonic() - started
            self.first_id = self.first_id or message.message_id
            self.delivered = i + 1
        if not placeholder_done:
            await self.retire_placeholder()

    async def retire_placeholder(self) -> None:
        """Delete the placeholder (or mark it), now or, if it is still on its way, when it arrives."""
        self.stuck = None
        if self.placeholder.pending:
            task = self.placeholder.task
            assert task is not None

            async def when_sent() -> None:
                await asyncio.wait({task})
                if self.placeholder.message_id is not None:
                    await self._retire(self.placeholder.message_id)

            _keep(asyncio.ensure_future(when_sent()))
            return
        if self.placeholder.message_id is not None and not await self._retire(self.placeholder.message_id):
            self.stuck = self.placeholder.message_id

    async def _retire(self, message_id: int) -> bool:
        chat_id = self.destination.chat_id
        try:
            await self.bot.delete_message(chat_id, message_id)
            return True
        except TelegramError as exc:
            if _gone(exc):
                return True
            log.warning("could not delete the placeholder in chat %s (%s); marking it instead", chat_id, exc)
        if self.moved_html:
            try:
                await self._edit(message_id, self.moved_html, None)
                return True
            except TelegramError as exc:
                log.warning("could not mark the placeholder in chat %s either (%s)", chat_id, exc)
        return False

    async def _final_edit(self, message_id: int, html_text: str, markup: InlineKeyboardMarkup | None) -> bool | None:
        """Edit the placeholder into the final text: True; False if it cannot be edited (still there);
        None if it is gone (deleted meanwhile). Either way the answer then goes as a new message."""
        try:
            await with_retry(lambda: self._edit(message_id, html_text, markup))
        except Forbidden:
            raise  # the bot may not write here at all: a new message would fail the same way
        except TelegramError as exc:
            if _gone(exc):
                return None
            log.warning(
                "could not edit the reply in chat %s (%s); sending the answer as a new message",
                self.destination.chat_id, exc,
            )
            return False
        return True

    async def _edit(self, message_id: int, html_text: str, markup: InlineKeyboardMarkup | None) -> None:
        started = time.monotonic()
        try:
            await self.bot.edit_message_text(
                html_text, chat_id=self.destination.chat_id, message_id=message_id, reply_markup=markup
            )
        except BadRequest as exc:
            if not _not_modified(exc):
                raise
        finally:
            self.send_seconds += time.monotonic() - started
        self.last_html = html_text
        self.last_at = time.monotonic()
