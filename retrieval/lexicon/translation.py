"""An English question in the corpus's words: gazetteer names and phrases, pinyin names, then the dictionary."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from retrieval.lexicon.dictionary import chinese_for, chinese_for_phrase, content_words
from retrieval.lexicon.gazetteer import english_patterns

# English words nobody translated -> the corpus names they spell in pinyin (Index.spelled_names).
Spelled = Callable[[Sequence[str]], dict[str, tuple[str, ...]]]

# Dictionary candidates per English word that join the search query (all of them count as evidence; RESULTS.md).
SEARCH_CANDIDATES = 3


@dataclass(frozen=True)
class Expansion:
    """What an English question means in the corpus's words."""

    terms: tuple[str, ...]  # from the gazetteer: places, projects, glossary phrases
    districts: tuple[str, ...]
    general: tuple[tuple[str, ...], ...] = ()  # per other content word, its Chinese candidates (dictionary)
    unknown: tuple[str, ...] = ()  # content words neither knows

    @property
    def text(self) -> str:
        """The question in the corpus's words, for search: gazetteer terms and each word's first candidates."""
        return " ".join([*self.terms, *(c for group in self.general for c in group[:SEARCH_CANDIDATES])])


def expand_english(query: str, spelled: Spelled | None = None) -> Expansion:
    """Chinese terms for the English names and phrases in `query` (longest match wins); then, with
    `spelled` (the corpus's pinyin names), the names its capitalised words spell; then the dictionary's
    words for the content words left over, and the names the still unknown ones spell."""
    remaining = query
    terms: list[str] = []
    districts: list[str] = []
    for pattern, chinese, place in english_patterns():
        if pattern.search(remaining):
            remaining = pattern.sub(" ", remaining)
            terms.extend(term for term in chinese if term not in terms)
            if place is not None and place.is_district and place.name not in districts:
                districts.append(place.name)
    words = content_words(remaining)
    general: list[tuple[str, ...]] = []
    # A capitalised word is a name: the corpus's own spelling of it (西山, not the dictionary's 锡山) first.
    capitalised = {w.lower() for w in re.findall(r"\b[A-Z][\w'’]*", remaining)}
    if spelled is not None and (names := [w for w in words if w in capitalised]):
        for spelling, found in spelled(names).items():
            general.append(found)
            words = [w for w in words if w not in spelling.split()]
    unknown: list[str] = []
    # "gold medals" is 金牌, not gold plus medals; "shot put" is 铅球, though "put" alone frames a question.
    plain = re.findall(r"[\w'’]+", remaining.lower())
    phrased: set[str] = set()
    for first, second in zip(plain, plain[1:], strict=False):
        if (first in words or second in words) and not phrased & {first, second} and (
            found := chinese_for_phrase(first, second)
        ):
            general.append(found)
            phrased |= {first, second}
    for word in words:
        if word in phrased:
            continue
        if found := chinese_for(word):
            general.append(found)
        else:
            unknown.append(word)
    if spelled is not None and unknown:
        for spelling, found in spelled(unknown).items():
            general.append(found)
            unknown = [w for w in unknown if w not in spelling.split()]
    return Expansion(tuple(terms), tuple(districts), tuple(general), tuple(unknown))
