"""Questions in, checked answers out: search, pick evidence, write (extractive or LLM), check citations."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Protocol

from retrieval.answer import brief, english, events, timeline, verdict
from retrieval.answer.citations import checked_answer
from retrieval.answer.decision import (
    Decision,
    decide,
    not_found,
    partial_refusal,
    refusal,
    unbound_subject,
    worth_asking,
)
from retrieval.answer.extractive import Pick, candidates, choose
from retrieval.answer.followup import rewrite_holds
from retrieval.answer.judge import Judge
from retrieval.answer.llm import LLM, Reply, Written, within
from retrieval.answer.loop import Loop
from retrieval.answer.question import Focus, analyse, parts
from retrieval.lexicon.entities import warm_up as entities_warm_up
from retrieval.models import Answer, Attribution, Passage
from retrieval.search.hybrid import search
from retrieval.settings import Settings
from retrieval.text import dates
from retrieval.text.language import Language, detect_language
from retrieval.text.normalise import MAX_QUESTION_CHARS, clean_input, clean_question
from retrieval.text.script import simplified
from retrieval.tuning import TUNING, Tuning

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

SEARCH_K = 8  # passages searched for evidence, whatever k the caller shows
NEIGHBOURS_OF = 5  # the top passages whose neighbouring paragraphs are searched too

TRANSLATE_SHARE = 0.25  # of the answer deadline, at most, for translating or rewriting a question


@dataclass(frozen=True)
class _Started:
    """When a request began, and how long its question was before the cut to MAX_QUESTION_CHARS."""

    at: float
    asked: int


@dataclass
class _Evidence:
    """What search and sentence picking found for one question."""

    question: str
    language: Language
    shown: list[Passage]  # the top k search results
    pool: list[Passage]  # what sentences were picked from: more results plus their neighbours
    chosen: list[Pick]
    grounded: bool
    timings: dict = field(default_factory=dict)
    decisions: tuple[Decision, ...] = ()  # one per part of the question, with the measurements behind it
    ask: dates.TimeAsk = dates.TimeAsk()  # the period, latest or what-changed the question asks for
    # A day asked and not found: the same kind of item on the nearest days before and after it.
    nearest: tuple[Passage, ...] = ()

    @property
    def cited_passages(self) -> list[Passage]:
        return list(dict.fromkeys(self.pool[pick.rank] for pick in self.chosen))


class Searcher(Protocol):
    """What the answerer needs of an index: search, and the paragraphs around a passage. An index
    may also offer `spelled_names(words)`, the corpus names English words spell in pinyin."""

    def search(self, query: str, k: int = 5, district: str | None = None, also: Sequence[str] = ()) -> list[Passage]: ...

    def neighbours(self, passage_id: str, window: int = 1) -> list[Passage]: ...


class Answerer:
    """Answers questions and writes briefings from an index; LLM mode when settings.llm_enabled.

    One async implementation (`astream`, `abrief`, `arewrite`); `ask`, `brief` and `rewrite` run it
    to completion on a private event loop for synchronous callers.
    """

    def __init__(
        self, index: Searcher, settings: Settings, llm: LLM | None = None, today: date | None = None,
        model: BaseChatModel | None = None, tuning: Tuning = TUNING,
    ) -> None:
        """`model`: any LangChain chat model (a test's fake, a local one) instead of the endpoint in settings;
        `tuning`: the constants search and answering use (retrieval/tuning.py)."""
        self.index = index
        self.settings = settings
        self.tuning = tuning
        # What "今年" and "last month" count from: the caller's date (tests, replays), settings.today, or today.
        self.today = today or settings.today
        if llm is None and (model is not None or settings.llm_enabled):
            llm = LLM(settings, chat=model)
        self.llm = llm
        self._loop: Loop | None = None
        # The corpus names English questions spell in pinyin; an index that cannot tell offers none.
        self._spelled = getattr(index, "spelled_names", None)

    # -- public API ----------------------------------------------------------------
    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for (seconds, once): jieba's and LAC's taggers,
        the English dictionary and lemmatiser, the corpus's pinyin names. Safe to run in a thread."""
        analyse("铜梁签约了多少项目?")
        analyse("Which company did Tongliang sign?", self._spelled)
        entities_warm_up()  # LAC's model: 1.5 s
        if self._spelled is not None:
            self._spelled(["Tongliang"])

    def ask(self, question: str, context: str | None = None, k: int | None = None) -> Answer:
        """A checked answer; never raises on LLM failure (falls back to the extractive answer)."""
        return self._run(self.aask(question, context, k))

    def brief(self, topic: str) -> Answer:
        """3–6 cited bullet points on a topic, grouped by article, newest first."""
        return self._run(self.abrief(topic))

    def rewrite(self, question: str, history: Sequence[tuple[str, str]]) -> str | None:
        """A follow-up rewritten by the model to stand alone; None without a model or a usable reply."""
        return self._run(self.arewrite(question, history))

    def timeline(self, topic: str) -> Answer:
        """The dated events of a topic across articles, oldest first, one checked line each."""
        return self._run(self.atimeline(topic))

    async def aask(self, question: str, context: str | None = None, k: int | None = None) -> Answer:
        """`ask` without blocking the event loop."""
        answer = None
        async for event in self.astream(question, context, k):
            answer = event
        assert answer is not None and not answer.partial
        return answer

    async def astream(
        self, question: str, context: str | None = None, k: int | None = None
    ) -> AsyncIterator[Answer]:
        """Checked partial answers as they grow (`partial=True`), then the final Answer.

        Nothing unchecked is ever yielded: in LLM mode the extractive answer comes first, then the
        model's answer sentence by sentence as each passes the citation check. The whole answer
        keeps to settings.answer_deadline whatever the model does.
        """
        start, deadline, question, language, translation = await self._begin(question)
        evidence = await asyncio.to_thread(self._evidence, question, language, context, k, translation)
        extractive = self._extractive(evidence)
        if self.llm is None or not self._worth_asking(evidence):
            yield self._finish(extractive, start, evidence)
            return
        if extractive.grounded:
            yield replace(extractive, partial=True)
        given = self._given(evidence)
        messages = self.llm.answer_messages(question, given, language, context or "")
        written = Written(self.llm, messages, deadline)
        judge = self._judge(deadline)
        shown = ""
        async for event in written:
            if isinstance(event, str):
                rejected = await judge.rejected(event, given, language, question)
                draft = checked_answer(question, language, event, given, given, "llm", "", rejected)
                if draft.grounded and draft.text != shown and self._bound(draft, evidence):
                    shown = draft.text
                    yield replace(draft, partial=True)
        reply = written.result
        rejected = await judge.rejected("" if reply.said_none else reply.usable, given, language, question)
        final = self._from_llm(reply, given, evidence, rejected)
        if final.grounded and final.mode == "llm" and not self._bound(final, evidence):
            # The model answered about something else: the offline verdict stands, held to the stricter bar.
            fallback = self._fallback(evidence, notice=False)
            final = replace(fallback, checks={**fallback.checks, "unbound": True, "llm": final.checks})
        elif not final.grounded and (final.refusal is None or final.refusal.kind != "partial"):
            focus = self._analyse(evidence.question)
            final = replace(partial_refusal(focus, evidence.pool, "llm") or final, notice=final.notice)
        yield self._finish(final, start, evidence)

    def _fallback(self, evidence: _Evidence, notice: bool) -> Answer:
        """The extractive answer after the model's reply was rejected: refused unless the verdict is sure of it
        (verdict.fallback_threshold, stricter than offline)."""
        weakest = min((d.probability for d in evidence.decisions), default=1.0)
        if evidence.grounded and weakest < verdict.fallback_threshold():
            evidence = replace(evidence, grounded=False)
            answer = self._extractive(evidence, notice=notice)
            return replace(answer, mode="llm", checks={**answer.checks, "verdict": round(weakest, 3)})
        return self._extractive(evidence, notice=notice)

    def _bound(self, answer: Answer, evidence: _Evidence) -> bool:
        """Whether the passages a model's answer cites name what the question is about (decision.unbound_subject)."""
        cited = [p for p in evidence.pool if p.id in {c.passage_id for c in answer.citations}]
        focus = self._analyse(evidence.question)
        return unbound_subject(focus, cited, self._around) is None

    async def abrief(self, topic: str) -> Answer:
        """`brief` without blocking the event loop."""
        start, deadline, topic, language, translation = await self._begin(topic)
        found, shown = await asyncio.to_thread(self._brief_evidence, topic, translation)
        if self.llm is None or not found:
            return self._finish(brief.extractive(topic, language, found, shown), start)
        given = list(dict.fromkeys(point.passage for point in found))
        written = Written(self.llm, self.llm.brief_messages(topic, given, language), deadline)
        async for _ in written:
            pass
        reply = written.result
        rejected = await self._judge(deadline).rejected("" if reply.said_none else reply.usable, given, language, topic)
        return self._finish(brief.from_llm(reply, topic, language, given, found, shown, rejected), start)

    async def atimeline(self, topic: str) -> Answer:
        """`timeline` without blocking the event loop; in LLM mode the model writes the lines, each checked."""
        start, deadline, topic, language, translation = await self._begin(topic)
        ask = dates.asked(topic, self.today)
        found, shown = await asyncio.to_thread(self._timeline_evidence, topic, ask, translation)
        answer = await timeline.written(topic, language, ask, found, shown, self.llm, deadline, self._judge(deadline))
        return self._finish(answer, start)

    async def arewrite(self, question: str, history: Sequence[tuple[str, str]]) -> str | None:
        """`rewrite` without blocking the event loop."""
        if self.llm is None or not history:
            return None
        deadline = asyncio.get_running_loop().time() + self.settings.answer_deadline
        rewritten = await within(self.llm.rewrite(clean_question(question), history), deadline, share=TRANSLATE_SHARE)
        if rewritten is not None and not rewrite_holds(rewritten, question, history):
            log.info("the follow-up rewrite says what the conversation did not; not used")
            return None
        return rewritten

    async def _begin(self, text: str) -> tuple[_Started, float, str, Language, str | None]:
        """The clock and deadline of one request, its cleaned text, language and, for an English
        text with a model, its Chinese translation (an extra search query only)."""
        start = _Started(time.perf_counter(), len(clean_input(text)))
        deadline = asyncio.get_running_loop().time() + self.settings.answer_deadline
        text = simplified(clean_question(text))
        language = detect_language(text)
        translation = None
        if self.llm is not None and language == "en":
            translation = await within(self.llm.translate(text), deadline, share=TRANSLATE_SHARE)
        return start, deadline, text, language, translation

    def close(self) -> None:
        """Drop the model client and the private loop; the index belongs to whoever opened it."""
        self.llm = None
        if self._loop is not None:
            self._loop.close()
            self._loop = None

    # -- running -----------------------------------------------------------------
    def _run(self, coroutine):
        if self._loop is None:
            self._loop = Loop()
        return self._loop.run(coroutine)

    def _worth_asking(self, evidence: _Evidence) -> bool:
        """Whether search found anything worth showing the model (decision.worth_asking)."""
        focus = self._analyse(evidence.question)
        return worth_asking(evidence.grounded, focus, evidence.shown, self.tuning)

    # -- evidence ------------------------------------------------------------------
    def _pool(
        self, query: str, k: int, also: Sequence[str], period: dates.Period | None = None
    ) -> tuple[list[Passage], list[Passage]]:
        """The top k results, and a wider pool: more results plus the paragraphs beside the best."""
        found = self._search(query, k=max(k, SEARCH_K), also=tuple(also), period=period)
        pool, seen = list(found), {p.id for p in found}
        for passage in found[:NEIGHBOURS_OF]:
            for near in self.index.neighbours(passage.id, 1):
                if near.id not in seen:
                    seen.add(near.id)
                    pool.append(near.with_score(passage.score * self.tuning.neighbour_share))
        return found[:k], pool

    def _search(self, query: str, k: int, also: Sequence[str] = (), period: dates.Period | None = None) -> list[Passage]:
        """Hybrid search over the index, held to `period` when given (deeper candidates)."""
        return search(self.index, query, k=k, also=tuple(also), period=period, tuning=self.tuning)

    def _around(self, passage: Passage) -> list[Passage]:
        return self.index.neighbours(passage.id, 2) or [passage]

    def _analyse(self, text: str) -> Focus:
        return analyse(text, self._spelled, self.tuning)

    def _evidence(
        self, question: str, language: Language, context: str | None, k: int | None, translation: str | None
    ) -> _Evidence:
        start = time.perf_counter()
        also = [translation] if translation else []
        if context:
            also.append(f"{' '.join(context.split())[-200:]} {question}")
        ask = dates.asked(question, self.today)
        if ask.order:
            pool, chosen, grounded, ask = events.first_of(ask, self._search, self._analyse)
            return _Evidence(question, language, pool, pool, chosen, grounded, {}, (), ask)
        lead: tuple[Passage, Pick] | None = None
        asked_of = question
        if ask.anchor:
            # "…开工当天，…": first the event's day (cited), then the question for that day.
            lead = events.reported(ask.anchor, self._search, self._analyse)
            if lead is None:
                shown, pool = self._pool(ask.anchor, k or self.settings.top_k, also)
                return _Evidence(question, language, shown, pool, [], False, {}, (), ask)
            ask, asked_of = events.on_its_day(ask, language, lead), ask.rest
        shown, pool = self._pool(asked_of, k or self.settings.top_k, also, ask.period)
        searched = time.perf_counter()
        chosen: list[Pick] = []
        decisions: list[Decision] = []
        # A compound question is answered part by part; every part needs its evidence.
        first: Focus | None = None
        # A model's translation of an English question only widens the search: the question itself,
        # read by the dictionary and gazetteer, decides whether the passages answer it.
        for part in parts(asked_of):
            # "最新", "有什么变化" say how to answer, not what about; "三年前的春节" names a day no passage writes.
            focus = analyse(dates.plain(part, ask) if ask else part, self._spelled, self.tuning)
            # "…7月30日启动了几级响应?8月2日又启动了几级?": the second part is still about the first's subject.
            carry = self.tuning.carry_over
            focus, first = (focus.carrying(first, carry) if first and carry else focus), first or focus
            found = candidates(focus, pool, self.tuning)
            picks = choose(focus, found, self.tuning)
            decisions.append(decide(focus, picks, pool, self._around, self.tuning))
            # Latest / what changed: the dated quotes that answer, newest leading or oldest first.
            picks = timeline.prefer(ask, picks, found, pool) if picks else picks
            chosen += [p for p in picks if all(p.sentence != c.sentence for c in chosen)]
        timings = {"search": (searched - start) * 1000, "pick": (time.perf_counter() - searched) * 1000}
        if not (ask.latest or ask.changes) or not any(dates.dated(pool[p.rank]) for p in chosen):
            chosen.sort(key=lambda pick: (pick.rank, pick.position))
        grounded = all(d.grounded for d in decisions) and bool(chosen)
        if lead is not None:
            pool.append(lead[0])
            chosen.insert(0, replace(lead[1], rank=len(pool) - 1))
        nearest: tuple[Passage, ...] = ()
        if not grounded and ask.period is not None and ask.period.day:
            nearest = events.nearest(asked_of, ask, self._search, self._analyse, self.tuning.min_context_coverage)
        return _Evidence(question, language, shown, pool, chosen, grounded, timings, tuple(decisions), ask, nearest)

    def _given(self, evidence: _Evidence) -> list[Passage]:
        """The passages the model sees: the shown results plus wherever the evidence came from; newest
        first when the latest is asked, oldest first for what changed (each shows its date)."""
        return events.in_time_order(list(dict.fromkeys([*evidence.shown, *evidence.cited_passages])), evidence.ask)

    def _timeline_evidence(
        self, topic: str, ask: dates.TimeAsk, translation: str | None
    ) -> tuple[list[timeline.Event], list[Passage]]:
        """A topic's dated events (oldest first) and the passages searched."""
        found = timeline.timeline_passages(self._search, topic, ask, [translation] if translation else [])
        return timeline.events(self._analyse(topic), found, self._around, self.tuning), found[: self.settings.top_k]

    # -- writing -------------------------------------------------------------------
    def _extractive(self, evidence: _Evidence, notice: bool = False) -> Answer:
        """Quote the chosen sentences, attributed to their articles; or say the articles do not say."""
        language = evidence.language
        note = "fallback" if notice else ""
        if not evidence.grounded and evidence.nearest:
            return timeline.not_on_day(evidence.question, language, evidence.ask.period, evidence.nearest, evidence.pool, note)
        if not evidence.grounded:
            said = partial_refusal(self._analyse(evidence.question), evidence.pool)
            if said is not None:
                return replace(said, notice=note)
            return refusal(evidence.question, language, not_found(evidence.ask.period), evidence.pool, note)
        # On the day of an event, which came first, the latest, what changed: quotes led by their dates.
        quoted = (evidence.question, language, evidence.ask, evidence.chosen, evidence.pool, evidence.shown, checked_answer)
        in_time = timeline.placed_answer(*quoted) or timeline.dated_answer(*quoted)
        if in_time is not None:
            return replace(in_time, notice=note) if in_time.grounded else refusal(
                evidence.question, language, not_found(), evidence.pool, note)
        numbered = evidence.cited_passages
        facts = english.facts(evidence.question, evidence.chosen) if language == "en" else {}

        def written(facts: dict[str, str]) -> Answer:
            lines = []
            for pick in evidence.chosen:
                # An English answer states the fact in English with the quote beside it, in one cited sentence.
                said = f"{facts[pick.sentence]}: " if pick.sentence in facts else ""
                lines.append(f"{said}「{pick.sentence}」[{numbered.index(evidence.pool[pick.rank]) + 1}]")
            return checked_answer(evidence.question, language, "\n".join(lines), numbered, evidence.shown, "extractive", note)

        answer = written(facts)
        if facts and answer.checks.get("sentences_dropped"):
            # An English rendering the check cannot back costs the fact, never the quote.
            answer = written({})
        if not answer.grounded:
            return refusal(evidence.question, language, not_found(), evidence.pool, note)
        return replace(answer, attribution=Attribution.of(numbered))

    def _judge(self, deadline: float) -> Judge:
        """A judge for one answer's model sentences; one that asks nothing when judging is off (CQNEWS_JUDGE=0)."""
        return Judge(self.llm if self.settings.judge else None, self.tuning.judge_threshold, deadline)

    def _from_llm(self, reply: Reply, given: list[Passage], evidence: _Evidence, rejected: frozenset[str]) -> Answer:
        """The model's reply after checking; a reply with nothing that checks out becomes the extractive answer."""
        language = evidence.language
        if reply.said_none:
            return refusal(evidence.question, language, not_found(), given, "", mode="llm")
        answer = checked_answer(evidence.question, language, reply.usable, given, given, "llm", "", rejected)
        if not answer.grounded:
            log.warning("LLM answer (%s) had no sentence that checks out, using the extractive answer", reply.ending)
            # A model that read the passages and wrote nothing they back is a second vote against them; a model that
            # timed out or failed said nothing either way.
            read = reply.failure not in ("timeout", "error")
            fallback = self._fallback(evidence, notice=True) if read else self._extractive(evidence, notice=True)
            return replace(fallback, checks={**fallback.checks, "fallback": reply.ending, "llm": answer.checks})
        if reply.failure:
            return replace(answer, notice="cut", checks={**answer.checks, "cut": reply.ending})
        return answer

    def _brief_evidence(self, topic: str, translation: str | None) -> tuple[list[brief.Point], list[Passage]]:
        """On-topic points for a briefing, grouped by article, and the closest passages."""
        shown, _ = self._pool(topic, brief.BRIEF_K, [translation] if translation else [])
        return brief.points(self._analyse(topic), shown, self._around, self.tuning), shown

    def _finish(self, answer: Answer, start: _Started, evidence: _Evidence | None = None) -> Answer:
        if evidence is not None:
            answer.timings_ms.update(evidence.timings)
            period = evidence.ask.period
            if period is not None and (evidence.ask.named or evidence.ask.anchor):
                # Shown when it shaped the answer: a citation dated inside it, or a refusal held to it.
                inside = [c for c in answer.citations if period.start.isoformat() <= c.date <= period.end.isoformat()]
                if inside or not answer.citations:
                    answer = replace(answer, period=period.to_json())
        answer.timings_ms["total"] = (time.perf_counter() - start.at) * 1000
        if start.asked > MAX_QUESTION_CHARS:  # the caller words it: the answer is to the question's start only
            answer = replace(answer, checks={**answer.checks, "question_cut": {"asked": start.asked, "kept": MAX_QUESTION_CHARS}})
        if self.settings.log_text:
            log.info("answered %r grounded=%s mode=%s", answer.question, answer.grounded, answer.mode)
        return answer
