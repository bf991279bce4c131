"""Evidence placed in time: the dated report of an event, which of two events came first, and for a day
the articles have nothing on, the nearest days that have such an item."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from retrieval.answer.extractive import Pick, context_of
from retrieval.answer.question import Focus, coverage
from retrieval.models import Passage
from retrieval.text import dates
from retrieval.text.language import Language
from retrieval.text.sentences import quotable_sentences

SEARCH_K = 8  # passages searched for an event's report
# An event's report covers at least this share of its key terms; tuned on the calibration half of time_questions.jsonl.
EVENT_COVERAGE = 0.6
NEAREST_WITHIN_DAYS = 14  # a day asked and not found: the nearest items searched this far either side (not tuned)

Search = Callable[..., list[Passage]]  # (query, k, also=(), period=None): the answerer's hybrid search
Analyse = Callable[[str], Focus]


def reported(text: str, search: Search, analyse: Analyse) -> tuple[Passage, Pick] | None:
    """The dated passage that reports an event, and its best sentence: the best covered, earliest first."""
    focus = analyse(text)
    if not focus.terms:
        return None
    found = [p for p in search(text, k=SEARCH_K) if dates.dated(p) is not None]
    # Key terms first, then the event's own wording: "渝湘高铁…开工" is not "渝昆高铁…开工".
    scored = [(coverage(focus, context_of(p)), _shared_bigrams(text, context_of(p)), p) for p in found]
    if not scored or max(c for c, _, _ in scored) < EVENT_COVERAGE:
        return None
    best = max(c + b for c, b, _ in scored)
    passage = min((p for c, b, p in scored if c + b >= best - 1e-9), key=dates.dated)
    best = coverage(focus, context_of(passage))
    sentences = quotable_sentences(passage.text)
    position = max(range(len(sentences)), key=lambda i: (coverage(focus, sentences[i]), -i)) if sentences else 0
    sentence = sentences[position] if sentences else passage.text
    return passage, Pick(0, position, sentence, coverage(focus, sentence), best, True, best)


def on_its_day(ask: dates.TimeAsk, language: Language, lead: tuple[Passage, Pick]) -> dates.TimeAsk:
    """"…开工当天，…": the question held to the day of the event that `lead` reports."""
    day = dates.dated(lead[0])
    label = f"{ask.anchor}当天" if language == "zh" else ask.anchor
    return replace(ask, period=dates.Period(day, day, label, (day.year,), day.month))


def first_of(
    ask: dates.TimeAsk, search: Search, analyse: Analyse
) -> tuple[list[Passage], list[Pick], bool, dates.TimeAsk]:
    """Which came first: each event's dated report, the earlier first; grounded when both were found apart."""
    found = [e for e in (reported(name, search, analyse) for name in ask.order) if e is not None]
    pool = [passage for passage, _ in found]
    chosen = [replace(pick, rank=i) for i, (_, pick) in enumerate(found)]
    names = dict(zip((passage.id for passage, _ in found), ask.order, strict=False))
    chosen.sort(key=lambda pick: dates.dated(pool[pick.rank]))
    grounded = len(found) == 2 and pool[0].id != pool[1].id
    if grounded:
        ask = replace(ask, order=tuple(names[pool[pick.rank].id] for pick in chosen))
    return pool, chosen, grounded, ask


def nearest(question: str, ask: dates.TimeAsk, search: Search, analyse: Analyse, min_coverage: float) -> tuple[Passage, ...]:
    """The same kind of item as a day asked, from the nearest days before and after it that have one."""
    day = ask.period.start
    asked_of = dates.plain(question, ask)
    focus = analyse(asked_of)
    found_near: list[Passage] = []
    for first, last in ((day, day), (day - timedelta(days=NEAREST_WITHIN_DAYS), day - timedelta(days=1)),
                        (day + timedelta(days=1), day + timedelta(days=NEAREST_WITHIN_DAYS))):
        # each side on its own: a short exact period lists its own passages for search
        window = dates.Period(first, last, "", exact=True)
        found = [p for p in search(asked_of, k=SEARCH_K, period=window)
                 if dates.dated(p) is not None and window.holds(dates.dated(p))
                 and coverage(focus, context_of(p)) >= min_coverage]
        if found and first == day:
            return ()  # the day has such an item: it did not answer, so say no more than that
        if found:
            found_near.append(min(found, key=lambda p: abs((dates.dated(p) - day).days)))
    return tuple(found_near)


def _shared_bigrams(text: str, other: str) -> float:
    """The share of `text`'s character pairs that `other` has."""
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    return sum(pair in other for pair in pairs) / len(pairs) if pairs else 0.0


def in_time_order(given: Sequence[Passage], ask: dates.TimeAsk) -> list[Passage]:
    """The passages a model sees, newest first when the latest is asked, oldest first for what changed."""
    if ask.latest:
        return dates.newest_first(given)
    if ask.changes:
        return sorted(given, key=lambda p: (dates.dated(p) is None, dates.dated(p) or date.min))
    return list(given)
