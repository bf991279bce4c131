"""Citation checking: every sentence of an answer must rest on words of the passage it cites.

Applied to every answer whatever wrote it, sentence by sentence. A sentence cites by marker:
`[n]` (one or more) at or near its end. For each sentence the check finds the support itself
(`retrieval/answer/support.py`): the verbatim span of a cited passage that holds every number, date,
place and name the sentence states and enough of its content. That span is the citation's quote,
what the reader is shown.

- A quote the model wrote, in any marks (「」 『』 【】 “” "" ‘’), is a hint: found in the passage
  despite width, punctuation, an ellipsis or a character or two changed (never a digit), and shown
  as the passage's own text. A hint found in no passage is removed; a sentence that was only such
  a quote is dropped ("fabricated"). A quote standing alone right after a claim backs that claim.
- Support found in another given passage re-points the citation there ("repaired"); a marker
  pointing at nothing that supports the sentence is removed.
- A sentence no span supports is dropped: "numbers" or "names" when its cited passages lack a
  number or place it states, "unsupported" when they lack its content.
- A sentence with no marker is a claim nobody backed and is dropped ("uncited"), unless it is
  framing: it introduces what follows (ends with a colon: "据重庆日报《…》报道：", "In short:"), is at
  most FRAMING_CHARS characters once headlines and publication names are set aside, and names no
  number, date, place or proper name. "双方合作密切。" is a claim.

Surviving citations are renumbered 1..m in order of first appearance; `Checks` counts what happened.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from retrieval.answer.pieces import (  # noqa: F401  (is_quote, locate: re-exported)
    Piece,
    attribution_of,
    claim_words,
    content_of,
    is_framing,
    is_quote,
    locate,
    piece_words,
    protect,
    units_of,
)
from retrieval.answer.support import (
    MAX_NEW_WORDS,
    Claim,
    best_span,
    content_share,
    edges,
    find_hint,
    missing,
    new_words,
    supports,
)
from retrieval.models import Answer, Citation, Passage
from retrieval.text.injection import may_quote, model_links
from retrieval.text.language import Language
from retrieval.text.numbers import stated
from retrieval.text.sentences import MARKER, quotable_sentences

log = logging.getLogger(__name__)

__all__ = ["CheckedText", "Checks", "check_citations", "checked_answer", "is_framing", "locate"]




@dataclass(frozen=True)
class Checks:
    """What the check did to one answer, sentence by sentence."""

    kept: int = 0  # sentences shown
    cited: int = 0  # of those, sentences resting on a checked citation
    by_span: int = 0  # of those, supported by a span the check found in the cited passage
    by_quote: int = 0  # of those, supported by the quote the model wrote (found in the passage)
    repaired: int = 0  # citations re-pointed to the passage that supports the sentence
    quotes_loose: int = 0  # model quotes found only loosely (marks, punctuation, a character); shown verbatim
    quotes_dropped: int = 0  # model quotes found in no passage, removed from their sentence
    fabricated: int = 0  # sentences dropped for being only quotes found in no passage
    uncited: int = 0  # sentences dropped for stating something without a marker
    unsupported: int = 0  # sentences dropped: their cited passages hold the numbers but not the content
    numbers_rejected: int = 0  # sentences dropped for a number their cited passages do not hold
    names_rejected: int = 0  # sentences dropped for a place or name their cited passages do not hold
    meaning_rejected: int = 0  # sentences dropped for a negation, modality or rank their span does not share
    words_rejected: int = 0  # sentences dropped for content words their passages do not hold
    links_rejected: int = 0  # sentences dropped for a link, domain, handle, address or phone number of the model's
    judged_rejected: int = 0  # sentences the rules let through that the judge (retrieval/answer/judge.py) did not
    markers_removed: int = 0  # [n] markers that pointed at nothing that supports their sentence

    @property
    def dropped(self) -> int:
        return (self.fabricated + self.uncited + self.unsupported + self.numbers_rejected + self.names_rejected
                + self.meaning_rejected + self.words_rejected + self.links_rejected + self.judged_rejected)

    def to_json(self) -> dict:
        return {
            "sentences_kept": self.kept,
            "sentences_cited": self.cited,
            "sentences_dropped": self.dropped,
            "supported_by_span": self.by_span,
            "supported_by_quote": self.by_quote,
            "repaired": self.repaired,
            "quotes_loose": self.quotes_loose,
            "quotes_dropped": self.quotes_dropped,
            "fabricated": self.fabricated,
            "uncited": self.uncited,
            "unsupported": self.unsupported,
            "numbers_rejected": self.numbers_rejected,
            "names_rejected": self.names_rejected,
            "meaning_rejected": self.meaning_rejected,
            "words_rejected": self.words_rejected,
            "judged_rejected": self.judged_rejected,
            "links_rejected": self.links_rejected,
            "markers_removed": self.markers_removed,
        }


@dataclass(frozen=True)
class CheckedText:
    """An answer text after checking: markers now number `citations`."""

    text: str
    citations: tuple[Citation, ...]
    checks: Checks = Checks()
    # Each shown sentence as a judge reads it: (the sentence as the model wrote it, its words, what backs them).
    backed: tuple[tuple[str, str, str], ...] = ()

    @property
    def grounded(self) -> bool:
        return bool(self.citations)

    @property
    def repaired(self) -> int:
        return self.checks.repaired

    @property
    def dropped(self) -> int:
        return self.checks.dropped + self.checks.markers_removed


class _Numbering:
    """Assigns answer-level numbers to (passage, quote) pairs in order of first appearance."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def number(self, passage: Passage, quote: str) -> int:
        key = (passage.id, quote)
        if key not in self._numbers:
            n = len(self.citations) + 1
            self._numbers[key] = n
            self.citations.append(Citation.of(n, passage, quote))
        return self._numbers[key]


@dataclass(frozen=True)
class _Support:
    """Why a sentence stands: the passages and spans that back it."""

    spans: tuple[tuple[Passage, str], ...]
    by_quote: bool = False
    repaired: bool = False
    hints: frozenset[int] = frozenset()  # the model's quotes (piece indexes) that lie in the support and stay shown


def _context(passage: Passage) -> str:
    """What holds for the whole passage: its headline, sub-head and publication date (as Chinese news writes one)."""
    day = ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", passage.date or ""):
        year, month, dd = passage.date.split("-")
        day = f"{year}年{int(month)}月{int(dd)}日"
    return f"{passage.title} {passage.section} {day}"


def _evidence(passages: Sequence[Passage], question: str) -> str:
    """What may back a claim's words: the passages, their headlines, and the reader's own question."""
    return " ".join([*(f"{_context(p)} {p.text}" for p in passages), question])


def _find(
    claim: Claim, hints: list[tuple[int, Passage, str]], wanted: Sequence[Passage], given: Sequence[Passage], question: str
) -> _Support | None:
    """The support for one sentence: its own located quotes first, then a span of a cited passage,
    then a span of another given passage (re-pointed)."""
    wanted_ids = {p.id for p in wanted}
    located = [(p, span) for _, p, span in hints]
    if located and (claim.empty or all(
        supports(claim, span, _context(p), _evidence([p], question), question) for p, span in located[:1]
    )):
        return _Support(
            tuple(located), by_quote=True, repaired=any(p.id not in wanted_ids for p, _ in located),
            hints=frozenset(i for i, _, _ in hints),
        )
    if claim.empty:
        return None
    for group, moved in ((wanted, False), ([p for p in given if p.id not in wanted_ids], True)):
        found = [(p, best_span(claim, p.text, _context(p), question)) for p in group]
        found = [(p, f) for p, f in found if f is not None]
        if found:
            passage, best = max(found, key=lambda pf: pf[1].share)
            inside = frozenset(i for i, p, span in hints if p.id == passage.id and span in best.span)
            return _Support(((passage, best.span),), repaired=moved, hints=inside)
        if not moved and len(group) > 1:
            union = _union(claim, group, question)
            if union is not None:
                return union
    return None


def _union(claim: Claim, passages: Sequence[Passage], question: str) -> _Support | None:
    """Support from several cited passages together ("A [1] and B [2]" in one sentence): each
    passage's best sentence, and the claim must stand on all of them."""
    spans = []
    for passage in passages:
        # The sentence holding most of the claim's figures, then most of its words.
        scored = [
            (len(stated(part).keys() & claim.numbers), content_share(claim, part), part)
            for part in quotable_sentences(passage.text, question)
        ]
        _, share, part = max(scored, key=lambda sp: sp[:2], default=(0, 0.0, ""))
        if share > 0:
            spans.append((passage, edges(part)))
    joined = " ".join(span for _, span in spans)
    context = " ".join(_context(p) for p, _ in spans)
    if len(spans) > 1 and supports(claim, joined, context, _evidence([p for p, _ in spans], question), question):
        return _Support(tuple(spans))
    return None


def _why_not(claim: Claim, wanted: Sequence[Passage], question: str) -> str:
    """Why no span supported the claim: what its cited passages lack."""
    evidence = _evidence(wanted, question)
    why = missing(claim, evidence, question)
    if why not in ("numbers", "names") and len(new_words(claim, evidence)) > MAX_NEW_WORDS[claim.language]:
        return "words"
    return why or "unsupported"


def check_citations(
    text: str, passages: Sequence[Passage], language: Language = "zh", question: str = "", rejected: Collection[str] = ()
) -> CheckedText:
    """Check and renumber every citation in `text` against the numbered `passages` ([1] = first),
    and drop every sentence that states something no span of its passages backs, or that the judge
    did not find backed (`rejected`: sentences as the model wrote them, from `CheckedText.backed`)."""
    numbering = _Numbering()
    attribution = attribution_of(passages)
    counts = dict.fromkeys(
        ("kept", "cited", "by_span", "by_quote", "repaired", "loose", "quotes_dropped", "fabricated", "uncited",
         "unsupported", "numbers", "names", "meaning", "words", "links", "judged", "markers"),
        0,
    )
    kept: list[str] = []
    backed: list[tuple[str, str, str]] = []
    text, protected = protect(text, passages)
    for pieces in units_of(text, attribution, protected):
        raw = "".join(p.value for p in pieces)

        def drop(reason: str, raw: str = raw) -> None:
            counts[reason] += 1
            kept.append("\n" if "\n" in raw else "")  # a dropped line keeps the answer's layout

        marked = [n for p in pieces if p.kind == "markers" for n in p.numbers]
        wanted = [passages[n - 1] for n in dict.fromkeys(marked) if 1 <= n <= len(passages)]
        hints, lost, loose = _located_hints(pieces, wanted, passages, question)
        counts["quotes_dropped"] += lost
        counts["loose"] += loose
        words = piece_words(pieces)
        claim_text = claim_words(pieces, attribution)
        claim = Claim.of(claim_text, language)
        quotes = [p for p in pieces if p.kind == "quote"]
        if model_links(words):  # the model's own link, domain, handle, address or phone number: never shown
            drop("links")
            continue
        if not marked and not hints and quotes:  # only quotes, found nowhere
            drop("fabricated" if not content_of(words) else "uncited")
            continue
        if not marked and not hints and is_framing(claim_text, question, passages):
            counts["kept"] += 1
            kept.append(raw)
            continue
        # A question is not a claim (a small model sometimes repeats the one it was asked).
        asks = claim_text.rstrip().endswith(("?", "？"))
        # A claim the model forgot to mark is looked for in every passage, like a marker that points wrong,
        # when it is in the answer's language: an unmarked aside in another one is nobody's claim.
        aside = not marked and not hints and claim.language != language
        support = None if asks or aside else _find(claim, hints, wanted, passages, question)
        if support is None:
            if not marked and not hints:
                drop("uncited")
            else:
                drop("fabricated" if quotes and not hints and claim.empty else _why_not(claim, wanted or passages, question))
            continue
        if raw in rejected:
            drop("judged")
            continue
        backed.append((raw, " ".join(MARKER.sub(" ", raw).split()), _backing(support.spans)))
        # A quote of the model's that is not where the support is (a copied example, another fact) goes.
        counts["quotes_dropped"] += len(hints) - len(support.hints)
        hints = [h for h in hints if h[0] in support.hints]
        numbers = [numbering.number(p, span) for p, span in support.spans]
        counts["kept"] += 1
        counts["cited"] += 1
        counts["by_quote" if support.by_quote else "by_span"] += 1
        counts["repaired"] += support.repaired
        backing = {p.id for p, _ in support.spans}
        counts["markers"] += sum(not (1 <= n <= len(passages)) or passages[n - 1].id not in backing for n in set(marked))
        kept.append(_render(pieces, hints, numbers))
    checked = re.sub(r"[ \t]+\n", "\n", "".join(kept))
    checked = re.sub(r"\n{3,}", "\n\n", checked).strip()
    checks = Checks(
        kept=counts["kept"], cited=counts["cited"], by_span=counts["by_span"], by_quote=counts["by_quote"],
        repaired=counts["repaired"], quotes_loose=counts["loose"], quotes_dropped=counts["quotes_dropped"],
        fabricated=counts["fabricated"], uncited=counts["uncited"], unsupported=counts["unsupported"],
        numbers_rejected=counts["numbers"], names_rejected=counts["names"], meaning_rejected=counts["meaning"],
        words_rejected=counts["words"], links_rejected=counts["links"], judged_rejected=counts["judged"],
        markers_removed=counts["markers"],
    )
    return CheckedText(checked, tuple(numbering.citations), checks, tuple(backed))


def _backing(spans: Sequence[tuple[Passage, str]]) -> str:
    """What a judge reads a sentence against: each backing passage's headline line and the span that backs it."""
    return "\n".join(f"{_context(p).strip()}\n{span}" for p, span in spans)


def _located_hints(
    pieces: Sequence[Piece], wanted: Sequence[Passage], passages: Sequence[Passage], question: str
) -> tuple[list[tuple[int, Passage, str]], int, int]:
    """The model's quotes found in a cited passage, else in any given one, as (piece index, passage,
    the passage's own words); how many were found nowhere; how many only loosely."""
    hints: list[tuple[int, Passage, str]] = []
    lost = loose = 0
    for i, piece in enumerate(pieces):
        if piece.kind != "quote":
            continue
        # Exactly as written first (quote marks inside kept), else loosely.
        hit = next(((p, span) for p in [*wanted, *passages] if (span := locate(piece.value, p.text))), None)
        hit = hit or next(((p, span) for p in [*wanted, *passages] if (span := find_hint(piece.value, p.text))), None)
        if hit is not None and not may_quote(hit[1], question):
            hit = None  # instructions, lures and links the question did not ask for are never quoted
        if hit is None:
            lost += 1
            continue
        loose += locate(piece.value, hit[1]) is None
        hints.append((i, *hit))
    return hints, lost, loose


def _render(pieces: Sequence[Piece], hints: Sequence[tuple[int, Passage, str]], numbers: Sequence[int]) -> str:
    """The sentence as shown: located quotes as the passage's own words in 「」, quotes found nowhere
    removed, and the checked citation numbers where the model put its markers."""
    located = {i: span for i, _, span in hints}
    marks = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
    last_marker = max((i for i, p in enumerate(pieces) if p.kind == "markers"), default=None)
    anchor = last_marker if last_marker is not None else max(located, default=len(pieces) - 1)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if piece.kind == "text":
            out.append(piece.value)
        elif piece.kind == "quote" and i in located:
            out.append(f"「{located[i]}」")
        if i == anchor:
            out.append(marks)
    return "".join(out)


def checked_answer(
    question: str, language: Language, text: str, numbered: Sequence[Passage], shown: Sequence[Passage], mode, notice: str,
    rejected: Collection[str] = (),
) -> Answer:
    """An Answer of the sentences that survived checking against the numbered passages (and the judge)."""
    checked = check_citations(text, numbered, language, question, rejected)
    if checked.checks.dropped or checked.checks.repaired:
        log.info("citation check: %s", checked.checks.to_json())
    cited = {c.passage_id for c in checked.citations}
    passages = list(dict.fromkeys([*shown, *(p for p in numbered if p.id in cited)]))
    return Answer(
        question=question,
        text=checked.text,
        grounded=checked.grounded,
        mode=mode,
        citations=checked.citations,
        passages=tuple(passages),
        notice=notice,
        language=language,
        checks=checked.checks.to_json(),
    )
