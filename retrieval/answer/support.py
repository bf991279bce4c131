"""Which words of a passage support a sentence: the verbatim span a reader is shown as its quote.

A model cites by marker (`[n]` after a sentence); few models copy a span exactly. So the check
does not ask the model for the quote, it finds it: in the cited passage, the shortest run of one
to MAX_SPAN_SENTENCES of the passage's own sentences that holds

- every number and date the sentence states (compared by value: 206亿 = 20.6 billion),
  every place it names (by the gazetteer's aliases) and every person or organisation it names;
- its content: at least MIN_SUPPORT of the sentence's words. Chinese: the share of the
  sentence's character bigrams (function words, digits and Latin letters set aside) that occur
  in the span. English: the share of the sentence's key-term weight (read into Chinese by the
  same dictionary and gazetteer as questions) that the span holds.

A quote the model did write, in whatever marks, is a hint: `find_hint` finds it in a passage
despite width, punctuation, spacing, an ellipsis, or a character changed in every
HINT_CHARS_PER_EDIT, never a digit changed, and returns the passage's own text there.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from retrieval.answer.question import Focus, analyse, coverage
from retrieval.lexicon.gazetteer import companies_in, districts_in, places
from retrieval.lexicon.tokens import tagged
from retrieval.lexicon.translation import expand_english
from retrieval.text.language import Language
from retrieval.text.normalise import folded_with_map, squash_spaces
from retrieval.text.numbers import stated
from retrieval.text.sentences import quotable_sentences

# Share of a sentence's content a span must hold. Chosen on the recorded replies of the 1.5B model
# to the calibration set (benchmarks/questions.jsonl; llm_bench.py --replay, benchmarks/RESULTS.md):
# true Chinese sentences in the model's own words scored 0.50–1.00 in their span (one drawing on a
# passage it did not cite, 0.47); the wrong ones were caught by their numbers and places, not by
# this share. English uses the same share, measured on that set's 23 English questions only.
MIN_SUPPORT = {"zh": 0.5, "en": 0.5}
MAX_SPAN_SENTENCES = 3  # a claim may draw on this many consecutive sentences of one passage
HINT_CHARS_PER_EDIT = 8  # a loose quote may differ by one character in this many
MIN_HINT_CHARS = 4  # a shorter quote is a term, not a pointer into the passage

# Characters that carry no content on their own: a bigram with one of them measures the wording.
_FUNCTION = frozenset("的了是在和与及等也都已将为对于其这那个并而且或被把从到由向以之所有该此各年月日")
_ELLIPSIS = re.compile(r"…+|\.{3,}|⋯+|——")


def _kept(char: str) -> bool:
    """Whether a character counts when texts are compared: letters, digits, CJK and %; not punctuation or space."""
    return char == "%" or char.isalnum()


def folded(text: str) -> str:
    return folded_with_map(text, _kept)[0]


# -- quotes the model wrote: hints ------------------------------------------------------
def _approximate(needle: str, haystack: str, start: int, edits: int) -> tuple[int, int, int] | None:
    """(errors, begin, end) of the substring of haystack[start:] closest to needle by edit distance,
    if within `edits`; the substring's digits must be the needle's digits, in order."""
    m = len(needle)
    cost = list(range(m + 1))
    begin = [start] * (m + 1)
    best: tuple[int, int, int] | None = None
    for j in range(start, len(haystack)):
        char = haystack[j]
        new_cost, new_begin = [0] * (m + 1), [j + 1] * (m + 1)
        for i in range(1, m + 1):
            c, b = cost[i - 1] + (needle[i - 1] != char), begin[i - 1] if i > 1 else j  # substitute or match
            if cost[i] + 1 < c:  # a passage character the quote left out
                c, b = cost[i] + 1, begin[i]
            if new_cost[i - 1] + 1 < c:  # a quote character the passage lacks
                c, b = new_cost[i - 1] + 1, new_begin[i - 1]
            new_cost[i], new_begin[i] = c, b
        cost, begin = new_cost, new_begin
        if cost[m] <= edits and (best is None or cost[m] < best[0]):
            found = haystack[begin[m] : j + 1]
            if _digits(found) == _digits(needle):
                best = (cost[m], begin[m], j + 1)
                if cost[m] == 0:
                    break
    return best


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@lru_cache(maxsize=4096)
def find_hint(hint: str, text: str) -> str | None:
    """The passage's own words that a model's loose quote points at, or None.

    The quote's pieces (split at an ellipsis) are found in order; each exactly after folding, or
    within one changed character per HINT_CHARS_PER_EDIT, with every digit unchanged.
    """
    pieces = [folded(piece) for piece in _ELLIPSIS.split(hint)]
    pieces = [piece for piece in pieces if piece]
    if sum(map(len, pieces)) < MIN_HINT_CHARS:
        return None
    haystack, origin = folded_with_map(text, _kept)
    position, first, last = 0, None, None
    for piece in pieces:
        at = haystack.find(piece, position)
        if at >= 0:
            begin, end = at, at + len(piece)
        else:
            edits = len(piece) // HINT_CHARS_PER_EDIT
            found = _approximate(piece, haystack, position, edits) if edits else None
            if found is None:
                return None
            _, begin, end = found
        first = begin if first is None else first
        last, position = end, end
    if first is None or last is None or last <= first:
        return None
    return text[origin[first] : origin[last - 1] + 1]


def edges(span: str) -> str:
    """A span without the separators at its ends: a quote stops before its sentence's 。 or ,."""
    return span.strip().strip("。，,；;：:、 ").strip()


# -- what a sentence states -----------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    """What one sentence of an answer states, as the check compares it with a span."""

    text: str
    language: Language
    counts: Counter[float]  # each number it states, and how often
    places: tuple[str, ...]
    names: tuple[str, ...]

    @classmethod
    def of(cls, text: str, language: Language) -> Claim:
        return cls(text, language, stated(text), places_in(text), _names(text, language))

    @property
    def numbers(self) -> frozenset[float]:
        return frozenset(self.counts)

    @property
    def empty(self) -> bool:
        """Nothing of its own to check: no content words, numbers, places or names."""
        return not (_bigrams(self.text) if self.language == "zh" else _english_focus(self.text).terms) and not (
            self.numbers or self.places or self.names
        )


def places_in(text: str) -> tuple[str, ...]:
    """The districts and places a text names, in Chinese or English."""
    found = list(districts_in(squash_spaces(text)))
    found += [d for d in expand_english(text).districts if d not in found]
    return tuple(found)


def names_place(text: str, place: str) -> bool:
    """Whether `text` names `place` by its name or one of its short forms."""
    for entry in places():
        if entry.name == place:
            return any(alias and alias in text for alias in (entry.name, *entry.short))
    return place in text


def _names(text: str, language: Language) -> tuple[str, ...]:
    """People and organisations a Chinese sentence names (English names are checked as content)."""
    if language != "zh":
        return ()
    # Known companies and the tagger's people and organisations; not the suffix patterns, whose long
    # catches ("长安跨越在两江新区购买了…零部件") are phrases, not names.
    found = list(companies_in(text))
    found += [word for word, flag in tagged(text) if flag in _NAME_TAGS and len(word) > 1]
    return tuple(dict.fromkeys(found))


_NAME_TAGS = frozenset(("nr", "nrfg", "nrt", "nt"))


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    """A Chinese text's content bigrams: pairs of adjacent CJK characters, neither a function word."""
    out: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", unicodedata.normalize("NFKC", text)):
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            # A pair across a function word ("越在", "买了") measures the wording, not the content.
            if pair[0] not in _FUNCTION and pair[1] not in _FUNCTION:
                out.add(pair)
    return frozenset(out)


def content_share(claim: Claim, span: str) -> float:
    """The share of the claim's content that `span` holds (1.0 when the claim has none of its own)."""
    if claim.language == "zh":
        wanted = _bigrams(claim.text)
        if not wanted:
            return 1.0
        have = _bigrams(span)
        return len(wanted & have) / len(wanted)
    focus = _english_focus(claim.text)
    return coverage(focus, span) if focus.terms else 1.0


@lru_cache(maxsize=1024)
def _english_focus(text: str) -> Focus:
    """An English claim's key terms in Chinese. Numbers are left to the value check (30 ≠ 三千) and
    places to the place check; a word with no Chinese reading cannot be looked for in a Chinese span."""
    focus = analyse(_AMOUNT_WORDS.sub(" ", text))
    terms = [(t, w) for t, w in focus.terms if not _NUMERIC_TERM.fullmatch(t) and not t.isascii()]
    return replace(focus, terms=tuple(terms))


# English words that only say how much ("over 27 million yuan"): the value check has them.
_AMOUNT_WORDS = re.compile(
    r"\b(?:over|about|around|nearly|almost|roughly|approximately|more than|less than|up to|some|at least|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|percent|per cent|yuan|mu|"
    r"(?:square |cubic )?(?:kilo)?met(?:re|er)s?|km|tonnes?|tons?)\b",
    re.I,
)
# Terms that only say a number or its scale ("30", "万元" for "million yuan"): the value check has them.
_NUMERIC_TERM = re.compile(r"[\d.,%万亿元千百十个|]+")


def missing(claim: Claim, span: str) -> str:
    """What of the claim's numbers, places and names `span` lacks: "numbers", "names" or "".

    A number the claim states more often than the span does is a number the span lacks: "三地分别是
    2338亿元、2338亿元和2338亿元" from one total of 2338亿元."""
    have = stated(span)
    if any(count > have[value] for value, count in claim.counts.items()):
        return "numbers"
    squashed = squash_spaces(span)
    if any(not names_place(squashed, place) for place in claim.places):
        return "names"
    if any(name not in squashed for name in claim.names):
        return "names"
    return ""


def supports(claim: Claim, span: str, context: str = "") -> bool:
    """Whether `span` (with `context`, a headline, for numbers, places and names only) supports the claim."""
    return not missing(claim, f"{context} {span}") and content_share(claim, span) >= MIN_SUPPORT[claim.language]


@dataclass(frozen=True)
class Found:
    """The span of one passage that supports a claim, and how well."""

    span: str
    share: float


def best_span(claim: Claim, text: str, context: str = "", question: str = "") -> Found | None:
    """The shortest run of `text`'s sentences that supports the claim, or None.

    `context` (the passage's headline and sub-head) counts toward numbers, places and names, never
    toward content: a headline can say where, the span must say what. Sentences that may not be
    quoted (retrieval/text/injection.py: instructions, lures, links the question did not ask for) are
    never part of a span.
    """
    parts = quotable_sentences(text, question)
    best: Found | None = None
    for size in range(1, MAX_SPAN_SENTENCES + 1):
        for i in range(len(parts) - size + 1):
            span = edges("".join(parts[i : i + size]))
            if span not in text:
                continue  # the run skipped a sentence that may not be quoted: no longer the passage's words
            if missing(claim, f"{context} {span}"):
                continue
            share = content_share(claim, span)
            # A longer run must hold clearly more of the claim to be preferred.
            if share >= MIN_SUPPORT[claim.language] and (best is None or share > best.share + 0.05):
                best = Found(span, share)
        if best is not None and best.share >= 0.999:
            break
    return best
