"""The LLM side: an OpenAI-compatible chat model (LangChain ChatOpenAI) and the prompts it is sent."""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import aclosing
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable
from pydantic import SecretStr

from retrieval.answer.prompts import render
from retrieval.models import Passage
from retrieval.settings import Settings, url_credentials
from retrieval.text.language import Language
from retrieval.text.sentences import reply_sentences

log = logging.getLogger(__name__)

# A reply that starts with this says the passages do not contain the answer.
NONE_MARK = "[none]"
_NONE = re.compile(r"^\s*\[none\]\s*", re.I)
_FENCE = re.compile(r"<<<|>>>")
_KEYLIKE = re.compile(r"\b(sk|key|tok)-[A-Za-z0-9_\-]{6,}")
_LANGUAGE_NAMES = {"zh": "Chinese (简体中文)", "en": "English"}


class LLMError(RuntimeError):
    """The model could not be reached or gave nothing usable; the message is safe to log."""


class ReplyCut(LLMError):
    """The reply stopped before the model finished it: `reason` is "length" (the token cap),
    "loop" (it repeated itself) or "cut" (the stream ended without a finish)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the reply was cut short ({reason})")
        self.reason = reason


def fence_safe(text: str) -> str:
    """Data text that cannot close the prompt's <<<...>>> fences early."""
    return _FENCE.sub(lambda m: "‹‹‹" if m.group(0) == "<<<" else "›››", text)


def number_passages(passages: Sequence[Passage]) -> str:
    """Passages as the model sees them: `[n] 《headline》 · sub-head`, then the text."""
    blocks = []
    for n, passage in enumerate(passages, 1):
        blocks.append(f"[{n}] {fence_safe(passage.where())}\n{fence_safe(passage.text)}")
    return "\n\n".join(blocks)


def strip_none(text: str) -> tuple[str, bool]:
    """A reply without its leading `[none]`, and whether it had one."""
    match = _NONE.match(text)
    return (text[match.end() :], True) if match else (text, False)


class LLM:
    """One chat model configured from settings; every failure surfaces as LLMError."""

    def __init__(self, settings: Settings, chat: BaseChatModel | None = None) -> None:
        """The OpenAI-compatible endpoint in settings, or `chat` (any LangChain chat model) when given."""
        from langchain_openai import ChatOpenAI

        self._secret = settings.openai_api_key.get_secret_value()
        self.model = settings.llm_model
        # user:password in OPENAI_BASE_URL: sent as the Basic header httpx would have made of it, but
        # kept out of the URL (which errors print) and masked, base64 too, wherever a reply echoes it.
        base_url, basic, credentials = url_credentials(settings.openai_base_url)
        headers = {"Authorization": f"Basic {basic}"} if basic else {}
        self._masked = ([self._secret] if self._secret else []) + credentials

        def client(max_tokens: int, **extra) -> BaseChatModel:
            return ChatOpenAI(
                model=settings.llm_model,
                base_url=base_url or None,
                default_headers=headers or None,
                # Local servers (Ollama, vLLM) take any key; the client insists on one.
                api_key=SecretStr(self._secret or "not-needed"),
                timeout=settings.llm_timeout,
                max_retries=settings.llm_retries,
                max_tokens=max_tokens,
                # The client sends the cap as max_completion_tokens; llama.cpp, older Ollama and vLLM
                # read only max_tokens, so both go.
                extra_body={"max_tokens": max_tokens},
                temperature=0,
                **extra,
            )

        self._chat: BaseChatModel = chat if chat is not None else client(settings.llm_max_tokens, streaming=True)
        # The judge's one-word verdict, with the likelihood of each word where the endpoint gives it.
        judging = {"logprobs": True, "top_logprobs": 5}
        self._judge: Runnable = chat.bind(**judging) if chat is not None else client(2, **judging)

    # -- messages ---------------------------------------------------------------
    @staticmethod
    def answer_messages(
        question: str, passages: Sequence[Passage], language: Language, conversation: str = ""
    ) -> list[BaseMessage]:
        user = render(
            "answer",
            passages=number_passages(passages),
            conversation=fence_safe(conversation),
            question=fence_safe(question),
            language=_LANGUAGE_NAMES[language],
        )
        return [SystemMessage(render("system")), HumanMessage(user)]

    @staticmethod
    def topic_messages(prompt: str, topic: str, passages: Sequence[Passage], language: Language) -> list[BaseMessage]:
        """The messages of a prompt on a topic over numbered passages: "brief" or "timeline"."""
        user = render(
            prompt, passages=number_passages(passages), topic=fence_safe(topic), language=_LANGUAGE_NAMES[language]
        )
        return [SystemMessage(render("system")), HumanMessage(user)]

    @staticmethod
    def brief_messages(topic: str, passages: Sequence[Passage], language: Language) -> list[BaseMessage]:
        return LLM.topic_messages("brief", topic, passages, language)

    @staticmethod
    def timeline_messages(topic: str, passages: Sequence[Passage], language: Language) -> list[BaseMessage]:
        return LLM.topic_messages("timeline", topic, passages, language)

    @staticmethod
    def judge_messages(passage: str, sentence: str) -> list[BaseMessage]:
        return [HumanMessage(render("judge", passage=fence_safe(passage), sentence=fence_safe(sentence)))]

    @staticmethod
    def translate_messages(question: str) -> list[BaseMessage]:
        return [HumanMessage(render("translate", question=fence_safe(question)))]

    @staticmethod
    def rewrite_messages(question: str, history: Sequence[tuple[str, str]]) -> list[BaseMessage]:
        turns = "\n".join(f"Q: {q}\nA: {a}" for q, a in history)
        return [HumanMessage(render("rewrite", history=fence_safe(turns), question=fence_safe(question)))]

    # -- calls ------------------------------------------------------------------
    async def complete(self, messages: list[BaseMessage]) -> str:
        """The model's whole reply (streamed, so a model that repeats itself is cut off early)."""
        text = ""
        async for piece in self.stream(messages):
            text = piece
        return text

    async def stream(self, messages: list[BaseMessage]) -> AsyncIterator[str]:
        """The reply as it grows: each item is the text so far. Stops early when the model loops."""
        text, finish = "", ""
        try:
            async for chunk in self._chat.astream(messages):
                finish = (chunk.response_metadata or {}).get("finish_reason") or finish
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if not piece:
                    continue
                text += piece
                yield text
                if repeating(text):
                    # What it said once is kept (repeated sentences are shown once); nothing new is coming.
                    log.info("the model repeats itself: reply cut after %d characters", len(text))
                    finish = "loop"
                    break
        except Exception as exc:  # timeouts, HTTP errors, malformed bodies: all mean "no answer"
            raise self._error(exc) from None
        if not text.strip():
            raise LLMError("the model returned an empty reply")
        if finish != "stop":
            raise ReplyCut({"length": "length", "loop": "loop"}.get(finish, "cut"))

    async def translate(self, question: str) -> str | None:
        """The question in Chinese for searching, or None if the model gave nothing usable."""
        try:
            return _usable_translation(await self.complete(self.translate_messages(question)))
        except LLMError as exc:
            log.warning("translation skipped: %s", exc)
            return None

    async def rewrite(self, question: str, history: Sequence[tuple[str, str]]) -> str | None:
        """A follow-up question rewritten to stand alone, or None if the model gave nothing usable."""
        try:
            line = (await self.complete(self.rewrite_messages(question, history))).strip().splitlines()
        except LLMError as exc:
            log.warning("follow-up rewrite skipped: %s", exc)
            return None
        rewritten = line[0].strip() if line else ""
        # A small model sometimes asks the earlier question again instead of the follow-up: no rewrite.
        earlier = {_question_key(q) for q, _ in history}
        if _question_key(rewritten) in earlier and _question_key(question) not in earlier:
            log.info("the follow-up rewrite repeated an earlier question; not used")
            return None
        return rewritten if 0 < len(rewritten) <= 300 else None

    async def judge(self, passage: str, sentence: str) -> float:
        """How sure the model is that `passage` backs everything `sentence` says, from 0 to 1."""
        try:
            message = await self._judge.ainvoke(self.judge_messages(passage, sentence))
        except Exception as exc:  # timeouts, HTTP errors: no verdict is a verdict against
            raise self._error(exc) from None
        return verdict_score(message.content if isinstance(message.content, str) else "", message.response_metadata)

    def redact(self, text: str) -> str:
        """`text` with the API key, URL credentials (and anything key-like) masked."""
        for secret in sorted(filter(None, self._masked), key=len, reverse=True):
            text = text.replace(secret, "***")
        return _KEYLIKE.sub("***", text)

    def _error(self, exc: Exception) -> LLMError:
        # Messages from HTTP clients can echo the key (or part of it): mask before it goes anywhere.
        message = self.redact(f"{type(exc).__name__}: {exc}")[:300]
        return LLMError(message)


# A model stuck in a loop says the same thing again and again: a stretch this long that has
# already appeared twice before means nothing new is coming.
_LOOP_CHARS = 24


_YES = frozenset("是 对 支持 yes true".split())
_NO = frozenset("否 不 不是 no false".split())


def verdict_score(content: str, metadata: dict) -> float:
    """The judge's "yes" as a probability: its share of the first token's likely readings when the endpoint
    gives them (logprobs), else 1 or 0 as it answered. An answer that is neither counts as no."""
    first = ((metadata or {}).get("logprobs") or {}).get("content") or []
    if first:
        yes = no = 0.0
        for option in first[0].get("top_logprobs") or []:
            word = str(option.get("token", "")).strip().lower()
            chance = math.exp(float(option.get("logprob", -math.inf)))
            yes += chance if word in _YES else 0.0
            no += chance if word in _NO else 0.0
        if yes + no > 0:
            return yes / (yes + no)
    said = content.strip().lower()
    return 1.0 if any(said.startswith(word) for word in _YES) and not said.startswith("不") else 0.0


def repeating(text: str) -> bool:
    """Whether the end of `text` is the third (or later) copy of something it already said."""
    tail = text[-_LOOP_CHARS:]
    return len(text) >= 3 * _LOOP_CHARS and len(tail.strip()) >= _LOOP_CHARS // 2 and text.count(tail) >= 3


def _question_key(text: str) -> str:
    """A question as compared with another: letters, digits and CJK only, lower case."""
    return "".join(c for c in text.lower() if c.isalnum())


def _usable_translation(text: str) -> str | None:
    """A one-line Chinese query, or None (a refusal, an essay, or no Chinese at all)."""
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not line or len(line) > 200 or not re.search(r"[\u4e00-\u9fff]", line):
        return None
    return line


# -- the model's reply, as it streams ------------------------------------------------
@dataclass(frozen=True)
class Reply:
    """How a model's reply ended: its text (as much as arrived), `[none]`, or a failure."""

    text: str = ""
    said_none: bool = False
    failure: str = ""  # "", "timeout", "error", or why the reply was cut ("length", "loop", "cut")

    @property
    def ending(self) -> str:
        return self.failure or ("none" if self.said_none else "complete")

    @property
    def usable(self) -> str:
        """The text to check: all of it, or only the finished sentences of a reply that was cut."""
        return complete_sentences(self.text, finished=not self.failure)


class Written:
    """Streams a model reply until it ends, says `[none]`, fails or passes the deadline.

    Iterating yields the reply's finished sentences so far (never a sentence still being written);
    `result` says how it ended once iteration stops.
    """

    def __init__(self, llm: LLM, messages, deadline: float) -> None:
        self._llm, self._messages, self._deadline = llm, messages, deadline
        self.result = Reply(failure="error")

    def __aiter__(self) -> AsyncIterator[str]:
        return self._events()

    async def _events(self) -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        raw = shown = ""
        try:
            async with asyncio.timeout_at(self._deadline), aclosing(self._llm.stream(self._messages)) as chunks:
                async for raw in chunks:
                    # Buffered chunks arrive without suspending the loop, so the timeout alone
                    # might never get its turn: look at the clock too.
                    if loop.time() >= self._deadline:
                        raise TimeoutError
                    body, said_none = strip_none(raw)
                    if said_none:
                        self.result = Reply(body, said_none=True)
                        return
                    if NONE_MARK.startswith(raw.strip().lower()):
                        continue  # may still become "[none]"
                    finished = complete_sentences(body, finished=False)
                    if finished != shown:
                        shown = finished
                        yield finished
                    await asyncio.sleep(0)
        except TimeoutError:
            log.warning("the model passed the answer deadline after %d characters", len(raw))
            self.result = Reply(strip_none(raw)[0], failure="timeout")
            return
        except ReplyCut as exc:
            log.warning("LLM reply cut short: %s", exc.reason)
            self.result = Reply(strip_none(raw)[0], failure=exc.reason)
            return
        except LLMError as exc:
            log.warning("LLM call failed: %s", exc)
            self.result = Reply(strip_none(raw)[0], failure="error")
            return
        self.result = Reply(strip_none(raw)[0])


def complete_sentences(text: str, finished: bool) -> str:
    """The sentences of `text` that are complete (all of them once the text is `finished`), each once."""
    pieces = reply_sentences(text)
    if not finished and pieces:
        pieces.pop()  # still being written
        # A sentence whose [n] marker or closing quote may still be coming is not finished either.
        rest = text[sum(map(len, pieces)) :].lstrip()
        if pieces and (not rest or rest[0] in "[［【」”"):
            pieces.pop()
    seen: set[str] = set()
    out = []
    for piece in pieces:
        key = "".join(piece.split())
        if key and key in seen:
            continue  # a model that repeats a sentence says it once
        seen.add(key)
        out.append(piece)
    return "".join(out)


async def within(call: Awaitable, deadline: float, share: float):
    """The result of `call`, or None if it takes longer than `share` of the time left before `deadline`."""
    left = deadline - asyncio.get_running_loop().time()
    try:
        return await asyncio.wait_for(call, timeout=max(0.1, left * share))
    except TimeoutError:
        return None
