"""Citation checking: every `「quote」[n]` in an answer must quote passage n verbatim.

Applied to every answer whatever wrote it. A citation whose quote is found in another given
passage is repaired (re-pointed there); one whose quote is found nowhere takes its sentence
with it; markers without a quote, or pointing at no given passage, are removed. Surviving
citations are renumbered 1..m in order of first appearance.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.models import Citation, Passage

# Shorter 「」 spans are quoted terms (「一号工程」), not evidence.
MIN_QUOTE_CHARS = 6

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
class CheckedText:
    """An answer text after checking: markers now number `citations`."""

    text: str
    citations: tuple[Citation, ...]
    repaired: int = 0
    dropped: int = 0

    @property
    def grounded(self) -> bool:
        return bool(self.citations)


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


def check_citations(text: str, passages: Sequence[Passage]) -> CheckedText:
    """Check and renumber every citation in `text` against the numbered `passages` ([1] = first)."""
    numbering = _Numbering()
    repaired = dropped = 0
    kept: list[str] = []
    for sentence in split_sentences(text):
        pieces = _tokens(sentence)
        out: list[str] = []
        pending: list[int] = []  # indexes in `out` of evidence quotes awaiting their markers
        fabricated = False
        for index, (kind, value) in enumerate(pieces):
            if kind == "text":
                out.append(value)
            elif kind == "quote":
                out.append(f"「{value}」")
                if is_quote(value):
                    pending.append(len(out) - 1)
            else:
                wanted = [int(n) for n in re.split(r"\s*[,，、]\s*", value)]
                if not pending:
                    dropped += len(wanted)  # a marker with no quote supports nothing we can check
                    continue
                numbers: list[int] = []
                for slot in pending:
                    quote = out[slot][1:-1]
                    result = _find_quote(quote, wanted, passages)
                    if result is None:
                        fabricated = True
                        break
                    hits, moved = result
                    repaired += moved
                    out[slot] = f"「{hits[0][1]}」"
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
                repaired += 1
        if fabricated:
            dropped += 1
            if "\n" in sentence:
                kept.append("\n")
            continue
        kept.append("".join(out))
    checked = re.sub(r"[ \t]+\n", "\n", "".join(kept))
    checked = re.sub(r"\n{3,}", "\n\n", checked).strip()
    return CheckedText(checked, tuple(numbering.citations), repaired, dropped)
