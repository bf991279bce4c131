"""An in-memory LangChain chat model for the LLM-path tests: scripted replies, no HTTP.

`FakeModel("reply", Reply.cut("half a"), ...)` or `model.enqueue(...)` queues replies; each call
takes the next one and streams it in a few chunks, ending the way ChatOpenAI's streams end: a last
chunk whose `response_metadata` carries `finish_reason`. `model.calls` records what each call sent.
The judge's one-word verdicts (calls asking for logprobs: retrieval/answer/judge.py) come from
`model.verdicts` ("是", "否", the chance of "是" as a float, or Reply.error(...) for a failed call),
"是" when none is queued; they are
recorded in `model.judged`, not in `model.calls`.
Hand it to `Answerer(index, settings, model=model)` or `LLM(settings, chat=model)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

# How long a hanging reply waits for the caller to give up; past it the reply fails, and so does a test
# that expected its caller to give up (it finds the call not abandoned).
HANG_LIMIT = 30.0


@dataclass(frozen=True)
class Reply:
    """One scripted reply: its text, then how the stream ends."""

    content: str = ""
    # "stop" or "length": the last chunk's finish_reason; "cut": the stream just stops; "error": it raises
    # ConnectionError(message); "hang": it waits until the caller gives up; "endless": new sentences
    # (never repeating) until the caller stops reading.
    ending: str = "stop"
    message: str = ""

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls(content)

    @classmethod
    def length(cls, content: str) -> Reply:
        """Cut by the token cap: finish_reason "length"."""
        return cls(content, "length")

    @classmethod
    def cut(cls, content: str) -> Reply:
        """The stream ends without a finish reason (a dropped connection)."""
        return cls(content, "cut")

    @classmethod
    def error(cls, message: str = "server error", content: str = "") -> Reply:
        """Stream `content`, then raise: an HTTP error, a malformed chunk."""
        return cls(content, "error", message)

    @classmethod
    def hang(cls, content: str = "") -> Reply:
        return cls(content, "hang")

    @classmethod
    def endless(cls, content: str = "") -> Reply:
        return cls(content, "endless")


@dataclass
class Call:
    """One call as the model saw it: the messages, whether it streamed, whether the caller left before the end."""

    messages: list[BaseMessage]
    streamed: bool
    abandoned: bool = False  # the caller cancelled or closed the stream before the reply ended

    @property
    def prompt(self) -> str:
        """All message contents, joined: what the model would read."""
        return "\n".join(str(m.content) for m in self.messages)


class FakeModel(BaseChatModel):
    """A chat model that answers from a queue of scripted replies and records every call."""

    replies: list[Reply] = Field(default_factory=list)
    calls: list[Call] = Field(default_factory=list)
    verdicts: list[str | float | Reply] = Field(default_factory=list)
    judged: list[Call] = Field(default_factory=list)

    def __init__(self, *replies: Reply | str, **fields: Any) -> None:
        super().__init__(**fields)
        self.enqueue(*replies)

    def enqueue(self, *replies: Reply | str) -> None:
        self.replies.extend(r if isinstance(r, Reply) else Reply.text(r) for r in replies)

    @property
    def _llm_type(self) -> str:
        return "cqnews-fake"

    def _next(self, messages: list[BaseMessage], streamed: bool) -> tuple[Reply, Call]:
        call = Call(list(messages), streamed)
        self.calls.append(call)
        if not self.replies:
            return Reply.error("no scripted reply left"), call
        return self.replies.pop(0), call

    def _generate(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        if kwargs.get("logprobs"):
            return self._verdict(messages)
        reply, call = self._next(messages, streamed=False)
        if reply.ending not in ("stop", "length", "cut"):
            raise ConnectionError(reply.message or f"a reply that ends by {reply.ending!r} only plays when streamed")
        info = {"finish_reason": reply.ending} if reply.ending != "cut" else {}
        return ChatResult(generations=[ChatGeneration(message=AIMessage(reply.content), generation_info=info)])

    async def _astream(
        self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs: Any
    ) -> AsyncIterator[ChatGenerationChunk]:
        reply, call = self._next(messages, streamed=True)
        pieces = _pieces(reply.content)
        if reply.ending == "endless":
            pieces = itertools.chain(pieces, (f"第{n}句补充说明。" for n in itertools.count(1)))
        try:
            for piece in pieces:
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
                await asyncio.sleep(0)  # the caller's turn, as a network read gives it; not a wait
            if reply.ending == "error":
                raise ConnectionError(reply.message)
            if reply.ending == "hang":
                # Nothing sets this event: only the caller giving up (cancelling) ends the wait.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.Event().wait(), HANG_LIMIT)
                raise TimeoutError(f"a hanging reply was not given up on within {HANG_LIMIT:g} s")
            if reply.ending in ("stop", "length"):
                yield ChatGenerationChunk(
                    message=AIMessageChunk(content="", chunk_position="last"),
                    generation_info={"finish_reason": reply.ending},
                )
        except (asyncio.CancelledError, GeneratorExit):
            call.abandoned = True
            raise


    def _verdict(self, messages: list[BaseMessage]) -> ChatResult:
        self.judged.append(Call(list(messages), streamed=False))
        verdict = self.verdicts.pop(0) if self.verdicts else "是"
        if isinstance(verdict, Reply):  # Reply.error(...): the verdict call fails
            raise ConnectionError(verdict.message)
        if isinstance(verdict, str):
            return ChatResult(generations=[ChatGeneration(message=AIMessage(verdict))])
        options = [{"token": "是", "logprob": math.log(max(verdict, 1e-9))}, {"token": "否", "logprob": math.log(max(1 - verdict, 1e-9))}]
        metadata = {"logprobs": {"content": [{"token": "是", "logprob": options[0]["logprob"], "top_logprobs": options}]}}
        return ChatResult(generations=[ChatGeneration(message=AIMessage("是" if verdict >= 0.5 else "否", response_metadata=metadata))])


def _pieces(content: str) -> list[str]:
    """`content` in about four chunks, as a server streams it."""
    size = max(1, len(content) // 4)
    return [content[i : i + size] for i in range(0, len(content), size)]
