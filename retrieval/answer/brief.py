"""A briefing: the on-topic sentences of the articles found, grouped by article, quoted or written by the model."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from retrieval.answer import timeline
from retrieval.answer.citations import checked_answer
from retrieval.answer.decision import mentions, refusal
from retrieval.answer.extractive import around, context_of, has_amount, trim
from retrieval.answer.llm import Reply
from retrieval.answer.question import Focus, coverage
from retrieval.models import Answer, Passage, Refusal
from retrieval.text.language import Language
from retrieval.text.sentences import quotable_sentences
from retrieval.tuning import Tuning

log = logging.getLogger(__name__)

BRIEF_K = 12
BRIEF_MAX, PER_ARTICLE, PER_PASSAGE = 6, 3, 2


@dataclass(frozen=True)
class Point:
    """One bullet of a briefing: a sentence quoted from a passage, and how it ranked."""

    passage: Passage
    sentence: str
    rank: int  # the passage's place in the search results
    position: int  # the sentence's place in its passage
    score: float

    @property
    def article(self) -> tuple[str, str]:
        return (self.passage.doc or self.passage.source, self.passage.title)


def points(focus: Focus, shown: list[Passage], around_of: Callable[[Passage], list[Passage]], tuning: Tuning) -> list[Point]:
    """On-topic points of the passages found for a briefing, grouped by article."""
    if not focus.terms:
        return []
    scored: list[Point] = []
    for rank, passage in enumerate(shown):
        nearby = " ".join(context_of(p) for p in around_of(passage))
        if coverage(focus, context_of(passage)) < tuning.min_context_coverage or not all(
            mentions(nearby, place) for place in focus.places
        ):
            continue
        parts_ = quotable_sentences(passage.text)
        for position, sentence in enumerate(parts_):
            on_topic = coverage(focus, around(parts_, position))
            if on_topic < 0.5:
                continue
            # Facts make a briefing: prefer sentences that carry numbers.
            score = coverage(focus, sentence) + 0.5 * on_topic + (0.3 if has_amount(sentence) else 0.0) - 0.01 * rank
            scored.append(
                Point(passage=passage, sentence=trim(sentence, focus), rank=rank, position=position, score=score)
            )
    scored.sort(key=lambda point: (-point.score, point.rank, point.position))
    picked: list[Point] = []
    # Two rounds: one sentence per passage first, a second only if there is room.
    for limit in (1, PER_PASSAGE):
        for point in scored:
            if len(picked) >= BRIEF_MAX:
                break
            same_passage = sum(p.passage is point.passage for p in picked)
            same_article = sum(p.article == point.article for p in picked)
            if same_passage >= limit or same_article >= PER_ARTICLE or any(p.sentence == point.sentence for p in picked):
                continue
            picked.append(point)
    return by_article(picked)

def extractive(
    topic: str, language: Language, found: list[Point], shown: list[Passage], notice: bool = False
) -> Answer:
    note = "fallback" if notice else ""
    if not found:
        return refusal(topic, language, Refusal("not_covered", topic), shown, note)
    numbered = list(dict.fromkeys(point.passage for point in found))
    lines, title = [], None
    for point in found:
        if point.article != title:
            title = point.article
            lines.append(f"《{point.passage.title}》" if point.passage.title else point.passage.source)
        lines.append(f"- 「{point.sentence}」[{numbered.index(point.passage) + 1}]")
    answer = checked_answer(topic, language, "\n".join(lines), numbered, numbered, "extractive", note)
    # Each article's date follows its headline: read from the passage, so not a claim to check.
    headings = [(f"《{p.passage.title}》", p.passage.date) for i, p in enumerate(found)
                if p.passage.title and (i == 0 or found[i - 1].article != p.article)]
    # The briefing's heading is the renderers' (bot/render.py, the CLI): the text is its lines alone.
    return timeline.brief_dates(answer, headings)

def from_llm(
    reply: Reply, topic: str, language: Language, given: list[Passage], found, shown: list[Passage],
    rejected: frozenset[str] = frozenset(),
) -> Answer:
    # The model is only asked when search found on-topic points (`found`): its "[none]" is overruled by them.
    answer = checked_answer(topic, language, "" if reply.said_none else reply.usable, given, given, "llm", "", rejected)
    if not answer.grounded:
        log.warning("LLM briefing (%s) had no line that checks out, using the extractive one", reply.ending)
        fallback = extractive(topic, language, found, shown, notice=True)
        return replace(fallback, checks={**fallback.checks, "fallback": reply.ending, "llm": answer.checks})
    answer = timeline.point_dates(answer)
    if reply.failure:
        return replace(answer, notice="cut", checks={**answer.checks, "cut": reply.ending})
    return answer


def by_article(picked: list[Point]) -> list[Point]:
    """Points grouped by article; articles newest first where dated, then the rest by search rank."""
    groups: dict[tuple[str, str], list[Point]] = {}
    for point in picked:
        groups.setdefault(point.article, []).append(point)
    by_rank = sorted(groups.values(), key=lambda points: min(p.rank for p in points))
    dated = sorted((g for g in by_rank if g[0].passage.date), key=lambda points: points[0].passage.date, reverse=True)
    ordered = dated + [g for g in by_rank if not g[0].passage.date]
    return [point for points in ordered for point in sorted(points, key=lambda p: (p.passage.position, p.rank))]
