"""The deterministic answerer: quote the sentences of the top passages that answer the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Passage
from .passages import split_sentences
from .question import Focus, coverage, term_hits

MAX_QUOTES = 3
# A quote this long is trimmed to the clauses that carry the answer.
LONG_SENTENCE = 110

_CLAUSE = re.compile(r"[^,，;；:：]*(?:[,，;；:：]|$)")

_NUMBER = r"(?:\d[\d,.]*|[零一二两三四五六七八九十百千]+)"
_DATE = re.compile(
    r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月(?:\d{1,2}日|底|初|中旬|上旬|下旬)?|\d{1,2}日"
    r"|[一二三四1-4]季度|[上下]半年|年底|年初|月底|(?:今|明|去|后)年"
)
_PERSON = re.compile(
    r"(?:主任|书记|负责人|院长|董事长|总经理|总裁|局长|区长|县长|市长|主席|代表|委员|教授|经理|专家)\s*"
    r"[\u4e00-\u9fff]{2,3}(?=说|表示|介绍|认为|指出|称|[,，。“])"
)


@dataclass(frozen=True)
class Pick:
    """A candidate quote: one sentence of one passage, with how well it answers."""

    rank: int  # 0-based position of the passage in the search results
    position: int  # order of the sentence in its passage
    sentence: str
    sentence_coverage: float
    context_coverage: float
    fits: bool  # carries the kind of answer asked for (a number, a date, a person)
    score: float


def sentences(text: str) -> list[str]:
    """A passage's sentences, closing quotes kept with the sentence they end, quotes never cut."""
    return [s for s in (part.strip() for part in split_sentences(text)) if s]


def has_amount(text: str, measures: Sequence[str] = ()) -> bool:
    """Whether `text` states a quantity (not a date), in one of `measures` when given."""
    undated = _DATE.sub(" ", text)
    for measure in measures:
        unit = re.escape(measure)
        flags = re.I if measure.isascii() else 0
        if re.search(rf"{_NUMBER}\s*(?:余|多)?\s*(?:万|亿)?\s*{unit}", undated, flags):
            return True
    if measures:
        return False
    # "B2B" and "5G" are names, not quantities.
    return re.search(r"(?<![A-Za-z\d.])\d[\d,.]*(?![A-Za-z\d])|[一二两三四五六七八九十百千]+(?:余|多)?[万亿]?[个家项所名条辆座台套亩户倍]", undated) is not None


def fits(focus: Focus, text: str) -> bool:
    """Whether `text` carries every kind of answer the question asks for."""
    if "amount" in focus.wants and not has_amount(text, focus.measures):
        return False
    if "date" in focus.wants and not _DATE.search(text):
        return False
    if "person" in focus.wants and not _PERSON.search(text):
        return False
    return True


def context_of(passage: Passage) -> str:
    """Everything that says what a passage is about: headline, sub-head, places, text."""
    return " ".join((passage.title, passage.section, " ".join(passage.districts), passage.text))


def trim(sentence: str, focus: Focus) -> str:
    """A long sentence cut to its best run of clauses (still a verbatim span of it)."""
    if len(sentence) <= LONG_SENTENCE:
        return sentence
    clauses = [c for c in (m.group(0) for m in _CLAUSE.finditer(sentence)) if c]
    best, best_score = sentence, -1.0
    for start in range(len(clauses)):
        span = ""
        for end in range(start, len(clauses)):
            span += clauses[end]
            if len(span) > LONG_SENTENCE:
                break
            # More context reads better, as long as it stays short enough to quote.
            score = coverage(focus, span) + (0.5 if fits(focus, span) else 0.0) + 0.002 * len(span)
            if score > best_score:
                best, best_score = span, score
    return best.strip().rstrip(",，;；:：") if best_score >= 0 else sentence


def around(parts: Sequence[str], position: int) -> str:
    """A sentence with its neighbours, which often name what it only refers to ("该公司")."""
    return "".join(parts[max(0, position - 1) : position + 2])


def candidates(focus: Focus, passages: Sequence[Passage]) -> list[Pick]:
    """Every sentence of the passages, scored against the question, best first."""
    picks = []
    top = max((p.score for p in passages), default=0.0) or 1.0
    wanted = set(focus.places)
    if wanted and any(wanted & set(p.districts) for p in passages):
        # A question about 铜梁 is not answered by a sentence about 巴南, however similar.
        # The best-ranked passage stays: it may name the place only in the paragraph before it.
        passages = [p if rank == 0 or wanted & set(p.districts) else None for rank, p in enumerate(passages)]
    for rank, passage in enumerate(passages):
        if passage is None:
            continue
        context = coverage(focus, context_of(passage))
        parts = sentences(passage.text)
        for position, sentence in enumerate(parts):
            own = coverage(focus, sentence)
            window = coverage(focus, around(parts, position))
            ok = fits(focus, sentence)
            score = own + 0.4 * window + 0.3 * context + (0.6 if ok else 0.0) + 0.1 * passage.score / top
            picks.append(Pick(rank, position, sentence, own, context, ok, score))
    picks.sort(key=lambda pick: (-pick.score, pick.rank, pick.position))
    return picks


def choose(focus: Focus, picks: Sequence[Pick]) -> list[Pick]:
    """The best sentence plus up to two more that answer nearly as well or add asked-for terms."""
    if not picks:
        return []
    chosen = [picks[0]]
    covered = _covered(focus, picks[0].sentence)
    for pick in picks[1:]:
        if len(chosen) >= MAX_QUOTES or pick.score < 0.6 * picks[0].score:
            break
        if not pick.fits or pick.sentence in (c.sentence for c in chosen):
            continue
        gained = _covered(focus, pick.sentence) - covered
        if gained or pick.score >= 0.75 * picks[0].score:
            chosen.append(pick)
            covered |= gained
    return sorted(chosen, key=lambda pick: (pick.rank, pick.position))


def _covered(focus: Focus, text: str) -> set[str]:
    return {term for term, hit in term_hits(focus, text).items() if hit >= 0.5}
