"""Answers in time order: the latest figure with its date, what changed (dated figures in order), a
topic's timeline of dated events.

The quotes go through the same citation check as any answer (`check` below is citations.checked_answer or
anything of its shape). The dates are never part of what is checked: they are read from the
citations that survived (each passage's article date) into one `Label` for each line, which the
renderers word in front of it (bot/quotes.py), so a line dropped by the check takes its date with it.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from retrieval.answer.citations import checked_answer
from retrieval.answer.decision import mentions, refusal
from retrieval.answer.extractive import Pick, around, context_of, has_amount, trim
from retrieval.answer.judge import Judge
from retrieval.answer.llm import LLM, Written
from retrieval.answer.question import Focus, coverage
from retrieval.models import Answer, Heading, Label, Passage, Refusal
from retrieval.text.dates import TimeAsk, dated, newest_first, stated_years
from retrieval.text.language import Language
from retrieval.text.normalise import squash
from retrieval.text.numbers import values
from retrieval.text.sentences import cited as _cited
from retrieval.text.sentences import quotable_sentences
from retrieval.tuning import TUNING, Tuning

log = logging.getLogger(__name__)

# A pick answers "nearly as well" as the best one at this share of its score; the same share
# extractive.choose uses for a second quote. Not tuned on the held-out dated set.
ANSWERS_AS_WELL = 0.75
CHANGE_SHARE = 0.6  # what changed: a dated figure from another article at this share of the best score
MAX_CHANGES = 5
FIGURE_BONUS = 0.5  # what changed: a sentence stating a figure outranks its article's others (not tuned)
MAX_OLDER = 2  # older figures shown below the latest
TIMELINE_K = 30  # passages searched for a timeline
MAX_EVENTS = 12
SAME_FACT = 0.6  # two events' sentences sharing this share of character bigrams tell the same fact

# What makes a sentence an event in a project's story.
_EVENT = re.compile(
    r"签约|签署|开工|动工|开建|奠基|投产|建成|竣工|开通|通车|开业|启用|落户|获批|批复|增至|增加到|提高到|达到|扩大|扩建|"
    r"升级|启动|完成|交付|投用|运营|揭牌|成立|开幕|闭幕|举行|召开|发布|计划总投资|总投资"
)

Check = Callable[[str, Language, str, Sequence[Passage], Sequence[Passage], str, str], Answer]

# -- which quotes -------------------------------------------------------------------------------
def _answering(picks: Sequence[Pick], share: float) -> list[Pick]:
    """Picks that carry what is asked and score at least `share` of the best."""
    if not picks:
        return []
    best = picks[0].score
    return [p for p in picks if p.fits and p.score >= share * best]


def prefer(ask: TimeAsk, picks: Sequence[Pick], candidates: Sequence[Pick], pool: Sequence[Passage]) -> list[Pick]:
    """The quotes for a latest or what-changed question: `picks` as chosen when neither is asked or
    no answering quote is dated.

    Latest: the newest dated quote that answers nearly as well as the best leads, then up to
    MAX_OLDER older ones from other articles, newest first. What changed: the best answering quote of
    each dated article, oldest first (undated ones after). Quotes are never merged: one per line.
    """
    if not (ask.latest or ask.changes):
        return list(picks)
    answering = _answering(candidates, CHANGE_SHARE if ask.changes else ANSWERS_AS_WELL)
    if not any(dated(pool[p.rank]) for p in answering):
        return list(picks)
    if ask.changes:
        # What changed is told by figures: an article's sentence with a number before its others, and
        # an undated passage only when it states a figure.
        answering = [p for p in answering if dated(pool[p.rank]) or has_amount(p.sentence)]
        answering.sort(key=lambda p: -(p.score + (FIGURE_BONUS if has_amount(p.sentence) else 0.0)))
    per_article: dict[tuple[str, str], Pick] = {}
    for pick in answering:  # best first: each article's best quote
        passage = pool[pick.rank]
        key = (passage.doc or passage.source, passage.title)
        if key not in per_article and all(squash(pick.sentence) != squash(p.sentence) for p in per_article.values()):
            per_article[key] = pick
    order = newest_first([pool[p.rank] for p in per_article.values()])
    by_passage = {id(pool[p.rank]): p for p in per_article.values()}
    ordered = [by_passage[id(p)] for p in order]
    if ask.changes:
        dated_ones = [p for p in ordered if dated(pool[p.rank])][::-1]  # oldest first
        return (dated_ones + [p for p in ordered if not dated(pool[p.rank])])[:MAX_CHANGES]
    return ordered[: 1 + MAX_OLDER]


# -- writing ------------------------------------------------------------------------------------
def label_lines(answer: Answer, label: Callable[[int, str], Label]) -> Answer:
    """The answer with `label(i, date)` for each cited line (i counts cited lines from 0; date is the
    article date of the line's first citation, "" when undated)."""
    dates = {c.n: c.date for c in answer.citations}
    cited = [_cited(line) for line in answer.text.split("\n")]
    return replace(answer, labels=tuple(label(i, dates.get(c[0], "")) for i, c in enumerate(c for c in cited if c)))


def _quoted(
    question: str, language: Language, chosen: Sequence[Pick], pool: Sequence[Passage], shown: Sequence[Passage],
    check: Check,
) -> Answer:
    """The chosen sentences quoted one a line, each citing its passage, checked."""
    numbered = list(dict.fromkeys(pool[p.rank] for p in chosen))
    lines = [f"「{p.sentence}」[{numbered.index(pool[p.rank]) + 1}]" for p in chosen]
    return check(question, language, "\n".join(lines), numbered, shown, "extractive", "")


def dated_answer(
    question: str, language: Language, ask: TimeAsk, chosen: Sequence[Pick], pool: Sequence[Passage],
    shown: Sequence[Passage], check: Check,
) -> Answer | None:
    """The quotes of a latest or what-changed question, checked, each line led by its article's date;
    None when the quotes carry no date (the caller writes its usual answer)."""
    if not (ask.latest or ask.changes) or not any(dated(pool[p.rank]) for p in chosen):
        return None
    answer = _quoted(question, language, chosen, pool, shown, check)
    if not answer.grounded:
        return answer
    return dated_labels(answer, ask)


def dated_labels(answer: Answer, ask: TimeAsk) -> Answer:
    """Each cited line of a checked answer led by its date: the latest first and older ones marked
    as older, or (what changed) every line by its date under a heading."""
    if ask.changes:
        return replace(label_lines(answer, lambda i, day: Label("day", day)), heading=Heading("changes"))
    return label_lines(answer, lambda i, day: Label("latest" if i == 0 else "earlier", day))


def brief_dates(answer: Answer, headings: Sequence[tuple[str, str]]) -> Answer:
    """A checked extractive briefing with each article heading ("《…》", in order) followed by its date."""
    wanted = [(h, d) for h, d in headings if d]
    lines = answer.text.split("\n")
    for i, line in enumerate(lines):
        if wanted and line == wanted[0][0]:
            lines[i] = f"{line} · {wanted.pop(0)[1]}"
        elif wanted and line in {h for h, _ in wanted}:
            # an earlier heading's lines were all dropped by the check: skip to this one
            while wanted and wanted[0][0] != line:
                wanted.pop(0)
            lines[i] = f"{line} · {wanted.pop(0)[1]}"
    return replace(answer, text="\n".join(lines))


def point_dates(answer: Answer) -> Answer:
    """A checked briefing written by a model with each cited point led by its article's date."""
    dates_ = {c.n: c.date for c in answer.citations}
    lines = []
    for line in answer.text.split("\n"):
        cited = _cited(line)
        day = dates_.get(cited[0], "") if cited else ""
        if day:
            bullet = "- " if line.startswith("- ") else ""
            line = f"{bullet}{day}：{line[len(bullet):]}" if answer.language == "zh" else f"{bullet}{day}: {line[len(bullet):]}"
        lines.append(line)
    return replace(answer, text="\n".join(lines))


# -- timelines ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Event:
    """One dated event of a timeline: a sentence quoted from a passage."""

    passage: Passage
    sentence: str
    score: float

    @property
    def day(self):
        return dated(self.passage)


def _bigrams(text: str) -> set[str]:
    text = squash(text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def same_fact(a: str, b: str) -> bool:
    """Whether two sentences tell the same fact: the same figures and the same kind of event, or
    mostly the same words."""
    numbers_a, numbers_b = values(a) - _years(a), values(b) - _years(b)
    if numbers_a and numbers_a == numbers_b and set(_EVENT.findall(a)) == set(_EVENT.findall(b)):
        return True
    x, y = _bigrams(a), _bigrams(b)
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= SAME_FACT


def _years(text: str) -> set[float]:
    return {float(y) for y in stated_years(text)}


def events(
    focus: Focus, passages: Sequence[Passage], around_of: Callable[[Passage], list[Passage]], tuning: Tuning = TUNING
) -> list[Event]:
    """The dated events of a topic in `passages`, oldest first: each article's best on-topic event
    sentence; the same fact told twice is kept once (its earliest telling)."""
    if not focus.terms:
        return []
    best: dict[tuple[str, str], Event] = {}
    for passage in passages:
        if dated(passage) is None or coverage(focus, context_of(passage)) < tuning.min_context_coverage:
            continue
        nearby = " ".join(context_of(p) for p in around_of(passage))
        if not all(mentions(nearby, place) for place in focus.places):
            continue
        parts = quotable_sentences(passage.text)
        for position, sentence in enumerate(parts):
            on_topic = max(coverage(focus, around(parts, position)), coverage(focus, context_of(passage)))
            if on_topic < 0.5:
                continue
            score = coverage(focus, sentence) + 0.5 * on_topic + (0.3 if has_amount(sentence) else 0.0)
            score += 0.4 if _EVENT.search(sentence) else 0.0
            key = (passage.doc or passage.source, passage.title)
            if key not in best or score > best[key].score:
                best[key] = Event(passage, trim(sentence, focus), score)
    kept: list[Event] = []
    for event in sorted(best.values(), key=lambda e: (e.day, -e.score)):
        if any(same_fact(event.sentence, k.sentence) for k in kept):
            continue
        kept.append(event)
    return kept[:MAX_EVENTS]


def timeline_passages(search: Callable[..., list[Passage]], topic: str, ask: TimeAsk, also: Sequence[str]) -> list[Passage]:
    """The passages a timeline is built from: the topic's search results, held to a period it names."""
    return search(topic, k=TIMELINE_K, also=tuple(also), period=ask.period)


def timeline_answer(
    topic: str, language: Language, found: Sequence[Event], shown: Sequence[Passage], check: Check, mode: str = "extractive"
) -> Answer | None:
    """The events as checked lines, oldest first, each led by its date and headline; None if none checks."""
    if not found:
        return None
    numbered = list(dict.fromkeys(e.passage for e in found))
    lines = [f"「{e.sentence}」[{numbered.index(e.passage) + 1}]" for e in found]
    answer = check(topic, language, "\n".join(lines), numbered, shown, mode, "")
    return timeline_labels(answer) if answer.grounded else None


def timeline_answer_from(
    reply: str, topic: str, language: Language, given: Sequence[Passage], check: Check
) -> Answer | None:
    """A model's timeline after the check, one line per event, sorted and dated; None if no line checks."""
    answer = check(topic, language, reply, given, given, "llm", "")
    return timeline_labels(answer) if answer.grounded else None


async def written(
    topic: str, language: Language, ask: TimeAsk, found: Sequence[Event], shown: Sequence[Passage], llm: LLM | None,
    deadline: float, judge: Judge,
) -> Answer:
    """A topic's timeline: the events quoted or, with a model, its lines, each checked; a refusal when none is dated."""
    # The resolved period is shown when its words were a named or relative time ("去年国庆").
    shown_period = {"period": ask.period.to_json()} if ask.period is not None and ask.named else {}
    extractive = timeline_answer(topic, language, found, shown, checked_answer)
    if llm is not None and found:
        given = [e.passage for e in found]
        writing = Written(llm, llm.timeline_messages(topic, given, language), deadline)
        async for _ in writing:
            pass
        reply = writing.result
        if not reply.said_none:
            rejected = await judge.rejected(reply.usable, given, language, topic)
            check = functools.partial(checked_answer, rejected=rejected)
            answer = timeline_answer_from(reply.usable, topic, language, given, check)
            if answer is not None:
                return replace(answer, **shown_period)
        log.warning("LLM timeline (%s) had no line that checks out, using the extractive one", reply.ending)
        if extractive is not None:
            extractive = replace(extractive, notice="fallback")
    if extractive is None:
        return replace(refusal(topic, language, Refusal("no_events", topic), shown, ""), **shown_period)
    return replace(extractive, **shown_period)


def timeline_labels(answer: Answer) -> Answer:
    """A checked timeline's lines sorted by their articles' dates (oldest first, undated last), each
    led by its date and headline."""
    by_n = {c.n: c for c in answer.citations}
    lines = [line for line in answer.text.split("\n") if _cited(line)]

    def when(line: str) -> tuple[bool, str]:
        day = by_n[_cited(line)[0]].date if _cited(line)[0] in by_n else ""
        return (len(day) != 10, day)

    lines.sort(key=when)
    ordered = replace(answer, text="\n".join(lines))

    def label(i: int, day: str) -> Label:
        return Label("timeline", day, title=next((by_n[n].title for n in _cited(lines[i]) if n in by_n), ""))

    return label_lines(ordered, label)  # the heading naming the topic is the renderers'


# -- a day placed by another event; which came first -----------------------------------------------

def placed_answer(
    question: str, language: Language, ask: TimeAsk, chosen: Sequence[Pick], pool: Sequence[Passage],
    shown: Sequence[Passage], check: Check,
) -> Answer | None:
    """"On the day that …" (the event's quote, then the answer for its day) or "which came first" (both
    events' quotes, the earlier first), checked, each line led by its article's date; None for other questions."""
    if not (ask.anchor or ask.order):
        return None
    answer = _quoted(question, language, chosen, pool, shown, check)
    if not answer.grounded:
        return answer
    names = list(ask.order)
    labelled = label_lines(answer, lambda i, day: Label("placed", day, name=names[i] if i < len(names) else ""))
    return replace(labelled, heading=Heading("order", names[0])) if ask.order else labelled


def not_on_day(
    question: str, language: Language, period, nearest: Sequence[Passage], closest: Sequence[Passage], notice: str
) -> Answer:
    """A day the articles have no item for: the nearest days that have one, listed first."""
    why = Refusal("not_on_day", period=period.label, day=period.start.isoformat(), nearest=tuple(p.date for p in nearest))
    others = [p for p in sorted(closest, key=lambda p: -p.score) if p not in nearest][: max(0, 3 - len(nearest))]
    return Answer(question=question, text="", grounded=False, mode="extractive", passages=(*nearest, *others),
                  notice=notice, language=language, refusal=why)  # type: ignore[arg-type]
