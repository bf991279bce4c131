"""TEST DOUBLES for narrowly targeted bot tests; the end-to-end tests use the real Answerer.

- `GatedAnswerer` wraps the real answerer and holds chosen questions until the test
  releases them, to prove that one slow answer does not block other chats.
- `SpyAnswerer` wraps the real answerer unchanged and records what the bot asked it
  (question and reply context).
- `DraftingAnswerer` wraps the real answerer and streams many drafts before the final
  answer, like the LLM mode does, to test edit pacing without an LLM.
- `FailingAnswerer` raises on chosen questions, to test the error handler.
- `FlakyAnswerer` fails its first streams, to test the apology and its retry button.
- `RecordingAnswerer` records which of its methods the bot called (inline mode must call none).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

from retrieval.models import Answer


class SpyAnswerer:
    """The real answerer, recording each streamed (question, context)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.asked: list[tuple[str, str | None]] = []

    async def astream(self, question: str, context: str | None = None) -> AsyncIterator[Answer]:
        self.asked.append((question, context))
        async for event in self.inner.astream(question, context=context):
            yield event

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class GatedAnswerer:
    """The real answerer, except questions containing `slow_word` wait for `release`."""

    def __init__(self, inner: Any, slow_word: str) -> None:
        self.inner = inner
        self.slow_word = slow_word
        self.release = asyncio.Event()
        self.waiting = asyncio.Event()

    async def astream(self, question: str, context: str | None = None) -> AsyncIterator[Answer]:
        if self.slow_word in question:
            self.waiting.set()
            await self.release.wait()
        async for event in self.inner.astream(question, context=context):
            yield event

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class VirtualClock:
    """A monotonic clock that moves only when told to, so pacing decided by it does not depend on machine load."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class DraftingAnswerer:
    """The real answerer, streamed as `drafts` drafts `gap` seconds apart, then the answer.

    Drafts grow like streamed tokens, or with `same=True` repeat one unchanged text. With a
    `clock`, the gaps pass on that clock instead of the wall's, after `ready()` (awaited first:
    the test says when the reply to draft into exists).
    """

    def __init__(
        self,
        inner: Any,
        drafts: int = 40,
        gap: float = 0.05,
        same: bool = False,
        clock: VirtualClock | None = None,
        ready: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.inner = inner
        self.drafts = drafts
        self.gap = gap
        self.same = same
        self.clock = clock
        self.ready = ready

    async def astream(self, question: str, context: str | None = None) -> AsyncIterator[Answer]:
        answer = await asyncio.to_thread(self.inner.ask, question, context)
        if self.ready is not None:
            await self.ready()
        for i in range(1, self.drafts + 1):
            size = 3 if self.same else max(1, len(answer.text) * i // self.drafts)
            if self.clock is not None:
                self.clock.advance(self.gap)
            yield replace(answer, text=answer.text[:size], partial=True)
            if self.clock is None:
                # Simulated token arrival; the stream is produced at this pace by design.
                await asyncio.sleep(self.gap)
        yield answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class FailingAnswerer:
    """The real answerer, except questions containing `bad_word` raise RuntimeError."""

    def __init__(self, inner: Any, bad_word: str) -> None:
        self.inner = inner
        self.bad_word = bad_word

    async def astream(self, question: str, context: str | None = None) -> AsyncIterator[Answer]:
        if self.bad_word in question:
            raise RuntimeError("simulated answerer failure")
        async for event in self.inner.astream(question, context=context):
            yield event

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class FlakyAnswerer:
    """The real answerer, except the first `failures` streams raise (a search backend briefly down)."""

    def __init__(self, inner: Any, failures: int = 1) -> None:
        self.inner = inner
        self.failures = failures

    async def astream(self, question: str, context: str | None = None) -> AsyncIterator[Answer]:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("simulated: the Chroma server is briefly down")
        async for event in self.inner.astream(question, context=context):
            yield event

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class RecordingAnswerer:
    """The real answerer, recording the name of every answering method the bot calls on it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.called: list[str] = []

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.inner, name)
        if callable(value) and name not in ("close", "warm_up"):  # not answers
            self.called.append(name)
        return value
