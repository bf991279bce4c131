"""Citation checking: every sentence of an answer must rest on a verbatim quote of the passage it cites.

Applied to every answer whatever wrote it, sentence by sentence:

- `「quote」[n]` must quote passage n verbatim (after width, space and quote-mark folding). A quote
  found in another given passage is repaired (re-pointed there); a quote found nowhere takes its
  sentence with it; a marker with no quote, or pointing at no given passage, is removed.
- A sentence with a checked citation keeps it only if every number it states (206亿 = 20.6 billion,
  full-width digits, 二十七个) and every district it names occurs in the passages it cites.
- A sentence with no checked citation is a claim nobody backed and is dropped, unless it is framing:
  it introduces what follows (ends with a colon: "据重庆日报《…》报道：", "In short:"), is at most
  FRAMING_CHARS characters once headlines and publication names are set aside, and names no
  number, date, place or proper name. Anything else without a checked citation goes, however
  short: "双方合作密切。" is a claim.

Surviving citations are renumbered 1..m in order of first appearance; `Checks` counts what happened.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.gazetteer import districts_in, expand_english, places
from retrieval.models import Citation, Passage
from retrieval.numbers import values

# Shorter 「」 spans are quoted terms (「一号工程」), not evidence.
MIN_QUOTE_CHARS = 6
# How an English answer names a publication it attributes quotes to.
ENGLISH_PUBLICATIONS = {"重庆日报": "Chongqing Daily"}
# Longest uncited introduction that may stay as framing ("根据报道，具体情况如下："); longer ones state something.
FRAMING_CHARS = 30

_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "〝": '"', "〞": '"'})
_MARKER = re.compile(r"[\[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]")
_TERMINATORS = "。！？!?；;\n"
_CLOSERS = "”’』）)\"'"


def _fold_char(char: str) -> str:
    """One character as compared: NFKC (full-width → half-width), curly quotes folded, lower case."""
    return unicodedata.normalize("NFKC", char).translate(_QUOTE_FOLD).lower()


def normalise(text: str) -> str:
    """Text as compared: whitespace removed, width and quote styles folded."""
    return "".join(_fold_char(c) for c in text if not c.isspace())


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text plus, for each of its characters, the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if char.isspace():
            continue
        folded = _fold_char(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


# Separators a quote may start or stop at without changing what it says; brackets, quote
# marks and % carry meaning (or balance) and stay.
_EDGE = set(",.;:!?、。…-—~·")


def _strip_punctuation(text: str) -> str:
    """A normalised quote without separators at its ends (a quote may stop before a comma)."""
    start, end = 0, len(text)
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return text[start:end]


def is_quote(quote: str) -> bool:
    """Whether a 「」 span is long enough to count as evidence rather than a quoted term."""
    return len(_strip_punctuation(normalise(quote))) >= MIN_QUOTE_CHARS


def locate(quote: str, text: str) -> str | None:
    """The verbatim span of `text` that `quote` quotes (after normalisation), or None."""
    needle = _strip_punctuation(normalise(quote))
    if not needle:
        return None
    haystack, origin = _normalise_with_map(text)
    start = haystack.find(needle)
    if start < 0:
        return None
    return text[origin[start] : origin[start + len(needle) - 1] + 1]


def split_sentences(text: str) -> list[str]:
    """Sentences with their trailing closers and `[n]` markers; never splits inside 「」."""
    sentences: list[str] = []
    start, depth, i = 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "「":
            depth += 1
        elif char == "」":
            depth = max(0, depth - 1)
        # "1.3亿元" is not a sentence end; an English full stop is followed by a space.
        is_stop = char == "." and (i + 1 == len(text) or text[i + 1].isspace())
        if depth == 0 and (char in _TERMINATORS or is_stop):
            end = i + 1
            while end < len(text) and text[end] in _CLOSERS:
                end += 1
            while True:
                marker = _MARKER.match(text, end)
                if not marker:
                    break
                end = marker.end()
            sentences.append(text[start:end])
            start = i = end
            continue
        i += 1
    if start < len(text):
        sentences.append(text[start:])
    return sentences


@dataclass(frozen=True)
class Checks:
    """What the check did to one answer, sentence by sentence."""

    kept: int = 0  # sentences shown
    cited: int = 0  # of those, sentences resting on a checked citation
    repaired: int = 0  # citations re-pointed to the passage that holds the quote
    fabricated: int = 0  # sentences dropped for a quote found in no passage
    uncited: int = 0  # sentences dropped for stating something without a checked citation
    numbers_rejected: int = 0  # sentences dropped for a number their cited passages do not hold
    names_rejected: int = 0  # sentences dropped for a place their cited passages do not name
    markers_removed: int = 0  # [n] markers that pointed at nothing checkable

    @property
    def dropped(self) -> int:
        return self.fabricated + self.uncited + self.numbers_rejected + self.names_rejected

    def to_json(self) -> dict:
        return {
            "sentences_kept": self.kept,
            "sentences_cited": self.cited,
            "sentences_dropped": self.dropped,
            "repaired": self.repaired,
            "fabricated": self.fabricated,
            "uncited": self.uncited,
            "numbers_rejected": self.numbers_rejected,
            "names_rejected": self.names_rejected,
            "markers_removed": self.markers_removed,
        }


@dataclass(frozen=True)
class CheckedText:
    """An answer text after checking: markers now number `citations`."""

    text: str
    citations: tuple[Citation, ...]
    checks: Checks = Checks()

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

    def rollback(self, mark: int) -> None:
        """Forget the citations numbered after `mark` (their sentence was dropped)."""
        for citation in self.citations[mark:]:
            self._numbers = {k: n for k, n in self._numbers.items() if n != citation.n}
        del self.citations[mark:]


def _find_quote(
    quote: str, wanted: Sequence[int], passages: Sequence[Passage]
) -> tuple[list[tuple[Passage, str]], bool] | None:
    """Passages containing `quote` with the verbatim span, preferring the cited ones; and
    whether the citation had to be re-pointed. None when no given passage contains it."""
    found = []
    for n in dict.fromkeys(wanted):
        if 1 <= n <= len(passages):
            span = locate(quote, passages[n - 1].text)
            if span is not None:
                found.append((passages[n - 1], span))
    if found:
        return found, False
    for passage in passages:
        span = locate(quote, passage.text)
        if span is not None:
            return [(passage, span)], True
    return None


def _tokens(sentence: str) -> list[tuple[str, str]]:
    """A sentence as ("text"|"quote"|"markers", value) pieces, in order."""
    pieces: list[tuple[str, str]] = []
    i = 0
    pattern = re.compile(r"「([^「」]*)」|" + _MARKER.pattern)
    for match in pattern.finditer(sentence):
        if match.start() > i:
            pieces.append(("text", sentence[i : match.start()]))
        if match.group(0).startswith("「"):
            pieces.append(("quote", match.group(1)))
        else:
            pieces.append(("markers", match.group(2)))
        i = match.end()
    if i < len(sentence):
        pieces.append(("text", sentence[i:]))
    return pieces


def _attribution(passages: Sequence[Passage]) -> re.Pattern | None:
    """Headlines in 《》, publication names and sources of the given passages: who said it, not a claim."""
    publications = {p.publication for p in passages if p.publication}
    names = {f"《{p.title}》" for p in passages if p.title} | publications | {p.source for p in passages if p.source}
    names |= {ENGLISH_PUBLICATIONS[p] for p in publications if p in ENGLISH_PUBLICATIONS}
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def places_in(text: str) -> tuple[str, ...]:
    found = list(districts_in(_squash(text)))
    found += [d for d in expand_english(text).districts if d not in found]
    return tuple(found)


def names_place(text: str, place: str) -> bool:
    for entry in places():
        if entry.name == place:
            return any(alias and alias in text for alias in (entry.name, *entry.short))
    return place in text


def _squash(text: str) -> str:
    return "".join(text.split())


def is_framing(claim: str) -> bool:
    """Whether an uncited sentence only frames the answer: a short introduction ending in a colon
    that names no number, place or name."""
    if not claim.strip():
        return True
    if not claim.rstrip().endswith((":", "：")):
        return False
    body = claim.strip().strip("。.!！?？；;,，、:： \n\t")
    if len(body) > FRAMING_CHARS or "《" in body or "「" in body:
        return False
    if re.search(r"\d", unicodedata.normalize("NFKC", body)) or values(body) or places_in(body):
        return False
    # An acronym, or a capitalised word after the first, is a name (BYD, Changan): a fact, not framing.
    words = re.findall(r"[A-Za-z]+", body)
    return not any(sum(c.isupper() for c in w) > 1 for w in words) and not any(w[0].isupper() for w in words[1:])


def check_citations(text: str, passages: Sequence[Passage]) -> CheckedText:
    """Check and renumber every citation in `text` against the numbered `passages` ([1] = first),
    and drop every sentence that states something its citations do not back."""
    numbering = _Numbering()
    attribution = _attribution(passages)
    counts = dict.fromkeys(("kept", "cited", "repaired", "fabricated", "uncited", "numbers", "names", "markers"), 0)
    kept: list[str] = []
    for sentence in split_sentences(text):
        mark = len(numbering.citations)
        pieces = _tokens(sentence)
        out: list[str] = []
        pending: list[int] = []  # indexes in `out` of evidence quotes awaiting their markers
        cited: list[tuple[Passage, str]] = []  # what this sentence's checked citations quote
        claim: list[str] = []  # the sentence's own words: everything but checked quotes and markers
        fabricated = False
        for kind, value in pieces:
            if kind == "text":
                out.append(value)
                claim.append(value)
            elif kind == "quote":
                out.append(f"「{value}」")
                if is_quote(value):
                    pending.append(len(out) - 1)
                else:
                    claim.append(value)
            else:
                wanted = [int(n) for n in re.split(r"\s*[,，、]\s*", value)]
                if not pending:
                    counts["markers"] += len(wanted)  # a marker with no quote supports nothing we can check
                    continue
                numbers: list[int] = []
                for slot in pending:
                    result = _find_quote(out[slot][1:-1], wanted, passages)
                    if result is None:
                        fabricated = True
                        break
                    hits, moved = result
                    counts["repaired"] += moved
                    out[slot] = f"「{hits[0][1]}」"
                    cited.extend(hits)
                    numbers.extend(numbering.number(passage, span) for passage, span in hits)
                if fabricated:
                    break
                out.append("".join(f"[{n}]" for n in dict.fromkeys(numbers)))
                pending = []
        if not fabricated:
            # An unmarked long quote is still a claim to quote the articles: cite it or drop it.
            for slot in pending:
                result = _find_quote(out[slot][1:-1], (), passages)
                if result is None:
                    fabricated = True
                    break
                passage, span = result[0][0]
                out[slot] = f"「{span}」[{numbering.number(passage, span)}]"
                cited.append((passage, span))
                counts["repaired"] += 1
        verdict = "fabricated" if fabricated else _verdict("".join(claim), cited, attribution)
        if verdict:
            counts[verdict] += 1
            numbering.rollback(mark)
            if "\n" in sentence:
                kept.append("\n")
            continue
        counts["kept"] += 1
        counts["cited"] += bool(cited)
        kept.append("".join(out))
    checked = re.sub(r"[ \t]+\n", "\n", "".join(kept))
    checked = re.sub(r"\n{3,}", "\n\n", checked).strip()
    checks = Checks(
        kept=counts["kept"], cited=counts["cited"], repaired=counts["repaired"], fabricated=counts["fabricated"],
        uncited=counts["uncited"], numbers_rejected=counts["numbers"], names_rejected=counts["names"],
        markers_removed=counts["markers"],
    )
    return CheckedText(checked, tuple(numbering.citations), checks)


def _verdict(claim: str, cited: list[tuple[Passage, str]], attribution: re.Pattern | None) -> str:
    """Why a sentence must go ("uncited", "numbers", "names"), or "" when it stays."""
    if attribution is not None:
        claim = attribution.sub(" ", claim)
    if not cited:
        return "" if is_framing(claim) else "uncited"
    evidence = " ".join(f"{p.title} {p.section} {p.text}" for p, _ in cited)
    if values(claim) - values(evidence):
        return "numbers"
    squashed = _squash(evidence)
    if any(not names_place(squashed, place) for place in places_in(claim)):
        return "names"
    return ""
