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

from retrieval.answer.claim_dates import date_fault
from retrieval.answer.figures import (
    _FUNCTION,
    _TALK,
    EN_CHANGE,
    _rounded,
    binding_fault,
    direction_fault,
    quantity_fault,
)
from retrieval.answer.meaning import asserted, meaning_fault, said_plainly
from retrieval.answer.question import Focus, analyse, coverage
from retrieval.answer.subjects import (  # noqa: F401  (places_in, names_place: re-exported)
    _names,
    bound,
    named_subjects,
    names_place,
    places_in,
)
from retrieval.answer.swaps import (
    part_told_as_whole,
    place_moved,
    ratio_inverted,
    recombined,
    respective_fault,
    swapped,
    title_fault,
)
from retrieval.lexicon import cues
from retrieval.lexicon.entities import named
from retrieval.lexicon.gazetteer import districts_in
from retrieval.lexicon.translation import expand_english
from retrieval.text.language import Language, detect_language
from retrieval.text.normalise import folded_with_map, squash_spaces
from retrieval.text.numbers import stated
from retrieval.text.quantities import Day, Quantity, days, quantities, relative_times
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
    language: Language  # the sentence's own language, whatever the answer's
    counts: Counter[float]  # each number it states, and how often
    places: tuple[str, ...]
    names: tuple[str, ...]
    quantities: tuple[Quantity, ...] = ()  # its numbers with their units (206亿元, 八成 = 80%)
    days: tuple[Day, ...] = ()
    relative: frozenset[str] = frozenset()  # 去年, last month: times named relative to a day
    negated: frozenset[str] = frozenset()  # the words it negates (Chinese)
    negative: bool = False  # it negates something (either language)
    modality: frozenset[str] = frozenset()  # "done", "future"
    marks: tuple = ()  # rank and scope: 最大, 首个, 全部, only, all

    @classmethod
    def of(cls, text: str, language: Language) -> Claim:
        own = detect_language(text) if re.search(r"[A-Za-z\u4e00-\u9fff]", text) else language
        core = text if not cues.meta_negation(text) else ""
        return cls(
            text, own, stated(text), places_in(text), _names(text, own), quantities(text), days(text),
            relative_times(text), cues.negated(text), bool(core) and cues.negates(core), cues.modality(text),
            cues.marks(text),
        )

    @property
    def numbers(self) -> frozenset[float]:
        return frozenset(self.counts)

    @property
    def empty(self) -> bool:
        """Nothing of its own to check: no content words, numbers, places or names."""
        return not (_bigrams(self.text) if self.language == "zh" else _english_focus(self.text).terms) and not (
            self.numbers or self.places or self.names or self.quantities or self.days
        )


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
    # One English word read into Chinese ("drew in" 410 million yuan) is too little to measure a share
    # by; its values, cues and words are still checked.
    return coverage(focus, span) if len(focus.terms) > 1 else 1.0


@lru_cache(maxsize=1024)
def _english_focus(text: str) -> Focus:
    """An English claim's key terms in Chinese. Numbers are left to the value check (30 ≠ 三千) and
    places to the place check; a word with no Chinese reading cannot be looked for in a Chinese span."""
    focus = analyse(_AMOUNT_WORDS.sub(" ", _unchanged(text)))
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


def missing(claim: Claim, span: str, question: str = "") -> str:
    """What of the claim's values, names and sense `span` lacks: "numbers", "names", "meaning" or "".

    - "numbers": a number the span does not state, or states less often ("三地分别是2338亿元、2338亿元和
      2338亿元" from one total); a quantity the span states in another unit (206亿美元 for 206亿元, 平方米
      for 亩, 个百分点 for %); a date whose day or month the span does not give (12月10日 for 10月12日); a
      time named relative to today (去年) that neither the span nor the question names.
    - "names": a place, person or organisation the span does not name.
    - "meaning": a negation the span does not make, or one it makes that the claim drops (未开工 ->
      开工); done where the span plans (已建成 for 计划建成) or the reverse; a rank or scope (最大, 首个,
      全部, only) the span does not state.
    """
    have = stated(span)
    rounded = _rounded(claim.text)
    if any(
        count > have[value] and not (value in rounded and any(abs(v - value) < rounded[value] for v in have))
        for value, count in claim.counts.items()
    ):
        return "numbers"
    if quantity_fault(claim, span) or date_fault(claim, span) or binding_fault(claim, span) or direction_fault(claim, span):
        return "numbers"
    if claim.relative - relative_times(f"{span} {question}"):
        return "numbers"
    squashed = squash_spaces(span)
    if any(not names_place(squashed, place) for place in claim.places):
        return "names"
    if any(name not in squashed for name in claim.names):
        return "names"
    if claim.language == "zh" and (
        respective_fault(claim.text, span)
        or title_fault(claim.text, span)
        or ratio_inverted(claim.text, span)
        or place_moved(claim.text, span)
        or part_told_as_whole(claim.text, span)
        or recombined(named_subjects(claim.text), claim.text, span, named_subjects)
    ):
        return "names"  # what the span gives another: a "分别" item, a title, a share, a place, a clause
    return "meaning" if meaning_fault(claim, span) else ""


def new_words(claim: Claim, evidence: str) -> tuple[str, ...]:
    """The claim's content words that `evidence` (the cited passage, its headline and the question) does not hold.

    Chinese: jieba words of two or more characters, neither talk nor a unit, found neither whole nor
    as a run of their characters' pairs. English: words whose every Chinese reading is absent and
    that the evidence does not spell either (names in the question, codes)."""
    folded_evidence = unicodedata.normalize("NFKC", evidence).lower()
    adverse = cues.adverse(claim.text)
    if any(not cues.holds_mark(word, folded_evidence) for word in adverse):
        return tuple(w if isinstance(w, str) else w.pattern for w in adverse if not cues.holds_mark(w, folded_evidence)) * 9
    if claim.language == "zh":
        missing_words = []
        for word in cues.words(claim.text):
            if len(word) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", word) or word in _TALK or word in _FUNCTION_WORDS:
                continue
            if word in folded_evidence or all(word[i : i + 2] in folded_evidence for i in range(len(word) - 1)):
                continue
            if word in cues.NEGATORS or word in cues.META_VERBS or quantities(word) or days(word):
                continue
            missing_words.append(word)
        if any(swapped(word, claim.text, folded_evidence) for word in missing_words):
            return (
                tuple(missing_words) * 9
            )  # a word of the span's frame swapped for another of its kind (废气 for 废水)
        if missing_words and any(
            kind != "time" and name not in folded_evidence and not districts_in(name)  # a district: the place check's
            and any(word in name for word in missing_words)
            for name, kind in named(claim.text)
        ):
            return tuple(missing_words) * 9  # a name of the model's own making (武汉光谷 where the passage says 武汉军山新城)
        return tuple(dict.fromkeys(missing_words))
    expansion = expand_english(_TALK_EN.sub(" ", _AMOUNT_WORDS.sub(" ", _unchanged(claim.text))))
    out = []
    for group in expansion.general:
        if not any(_in_evidence(candidate, folded_evidence) for candidate in group):
            out.append(group[0])
    out += [word for word in expansion.unknown if word.lower() not in folded_evidence]
    return tuple(out)


def _unchanged(text: str) -> str:
    """An English text without the verbs of its changes told with their figure ("rose 8%"): the direction
    check has those (figures.EN_CHANGE), and the dictionary reads "rose" as a flower."""
    return EN_CHANGE.sub(lambda m: m.group(0)[len(m.group(1)) :], text)


def _in_evidence(chinese: str, evidence: str) -> bool:
    return chinese in evidence or (len(chinese) > 2 and all(chinese[i : i + 2] in evidence for i in range(len(chinese) - 1)))


_TALK_EN = re.compile(
    r"\b(?:while|whereas|including|includes|include|among|also|both|total|totaling|totalling|respectively|such|"
    r"according|reported|report|reports|article|articles|passage|passages|mentioned|stated|says|said)\b",
    re.I,
)
# Function words, and comparisons (the mark check holds them to the span: _compared).
_FUNCTION_WORDS = frozenset("这些 那些 它们 他们 我们 任何 一些 已经 然而 但是 并且 最终 预计 截至 高于 低于 多于 少于".split())
# How many content words of a sentence may be the model's own (a paraphrase: 涵盖 for 包括) before it
# states something its passage does not. Chosen on the calibration replies (benchmarks/check_bench.py).
MAX_NEW_WORDS = {"zh": 1, "en": 2}


def supports(claim: Claim, span: str, context: str = "", evidence: str = "", question: str = "") -> bool:
    """Whether `span` (with `context`, a headline, for values, places and names only) supports the claim;
    `evidence` (the whole passage, headline and question) must hold its content words."""
    return (
        not missing(claim, f"{context} {span}", question)
        and content_share(claim, span) >= MIN_SUPPORT[claim.language]
        and len(new_words(claim, evidence or f"{context} {span} {question}")) <= MAX_NEW_WORDS[claim.language]
    )


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
    if len(new_words(claim, f"{context} {text} {question}")) > MAX_NEW_WORDS[claim.language]:
        return None
    if claim.language == "zh" and not claim.negated and any(
        word in claim.text and not asserted(word, text) for word in cues.negated(text)
    ):
        return None  # what the passage says only with a negation ("未经审计"), told without it from another sentence
    if claim.language == "zh" and "possible" not in claim.modality and any(
        len(word) > 1 and word in claim.text and not said_plainly(word, text) for word in cues.hedged(text)
    ):
        return None  # what the passage says only may happen ("可能停止出口"), told as fact from another sentence
    parts = quotable_sentences(text, question)
    best: Found | None = None
    for size in range(1, MAX_SPAN_SENTENCES + 1):
        for i in range(len(parts) - size + 1):
            span = edges("".join(parts[i : i + size]))
            if span not in text:
                continue  # the run skipped a sentence that may not be quoted: no longer the passage's words
            if missing(claim, f"{context} {span}", question) or not bound(claim, parts[i : i + size], context):
                continue
            share = content_share(claim, span)
            # A longer run must hold clearly more of the claim to be preferred.
            if share >= MIN_SUPPORT[claim.language] and (best is None or share > best.share + 0.05):
                best = Found(span, share)
        if best is not None and best.share >= 0.999:
            break
    return best
