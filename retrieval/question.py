"""What a question asks about (weighted key terms, named places) and what kind of answer it wants."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .gazetteer import districts_in, expand_english
from .language import Language, detect_language
from .text import squash, tokens

# Question words and fillers the corpus cannot contain an answer to; on top of text.STOPWORDS.
_QUESTION_WORDS = frozenset(
    """几 几个 多大 多高 多长 多久 哪 哪位 哪天 哪年 哪几 哪几项 哪边 哪家 谁 何时 什么时候 具体 是指 指 一共 总共
    多少钱 几条 几项 几年 哪三大 哪几个 哪三 时候 一直 办到 做到 发了 上花 带来 引来 帮忙 想招 能产 一平
    大概 大约 现在 那个 这个 这次 那次 打算 准备 想 能 要 会 可以 一下 一些 情况 有关 关于 介绍 呢 吗 分别 主要 还
    些 么 做 搞 了 过 给 帮 跟 手上 手里 这块 这边 那边 之后 后来 包括 除了""".split()
)
_ENGLISH_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_ENGLISH_FILLER = frozenset(
    """according besides including compare far mentioned mentioned aiming putting going extra existing big
    this year so far also both each much many more most than total number amount level large
    big small new old get got put make made take took will would could should can may might
    being having doing done say said says year years still just only other any some all""".split()
)

# Measure words that, right after 多少/几, name the unit the answer must carry.
_MEASURES = "个所家项名条辆座台套亩位户只吨倍次"
_ASKED_MEASURE = re.compile(rf"(?:多少|几)\s*([{_MEASURES}]|[A-Za-z]{{2,}})")

_AMOUNT_ZH = re.compile(r"多少|几[个项家所名条辆座台套亩位户只吨倍次十百千万亿]|多大|多高|多长|比例|比重|规模|增长|提升|提高")
_AMOUNT_EN = re.compile(r"\bhow (many|much|large|big|high|fast)\b|\bwhat (share|percentage|proportion)\b|\bgrowth\b|\bindex\b", re.I)
_DATE_ZH = re.compile(r"什么时候|何时|哪天|哪一天|哪年|几月|几号|到什么时候")
_DATE_EN = re.compile(r"\bwhen\b|\bwhat (date|day|year|month)\b", re.I)
_PERSON_ZH = re.compile(r"谁|哪位")
_PERSON_EN = re.compile(r"\bwho(m)?\b", re.I)


@dataclass(frozen=True)
class Focus:
    """What a question asks about and what an answer to it must contain."""

    question: str
    language: Language
    terms: tuple[tuple[str, float], ...]  # corpus-language terms with weights
    places: tuple[str, ...]  # canonical names of districts/counties/zones the question names
    wants: frozenset[str]  # "amount", "date", "person"
    measure: str = ""  # the unit the question names ("个", "GWh"), if any

    @property
    def weight(self) -> float:
        return sum(weight for _, weight in self.terms)

    @property
    def search_terms(self) -> str:
        """The key terms as one string, to search with alongside the question."""
        return " ".join(term for term, _ in self.terms)


def _weight(term: str) -> float:
    """How much a term says: longer words and names say more than short common ones."""
    if term.isascii():
        return 2.0 if term.isdigit() else 2.5
    return min(3.0, 0.5 + 0.5 * len(term)) if len(term) > 1 else 0.0


def _dedupe(pairs: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """Drop repeats and sub-words of a longer kept term ("产业" inside "产业园")."""
    kept: dict[str, float] = {}
    for term, weight in sorted(pairs, key=lambda pair: -len(pair[0])):
        if weight <= 0 or term in kept or any(term in longer for longer in kept):
            continue
        kept[term] = weight
    return tuple(kept.items())


def _wants(question: str) -> frozenset[str]:
    wants = set()
    if _AMOUNT_ZH.search(question) or _AMOUNT_EN.search(question):
        wants.add("amount")
    if _DATE_ZH.search(question) or _DATE_EN.search(question):
        wants.add("date")
    if _PERSON_ZH.search(question) or _PERSON_EN.search(question):
        wants.add("person")
    return frozenset(wants)


def analyse(question: str) -> Focus:
    """The focus of a question, in the corpus's language whatever the question's."""
    language = detect_language(question)
    if language == "en":
        expansion = expand_english(question)
        terms = [(term, _weight(term) + 0.5) for term in expansion.terms]
        places = expansion.districts
    else:
        terms = [(term, _weight(term)) for term in tokens(question) if term not in _QUESTION_WORDS]
        places = districts_in(squash(question))
    measure_match = _ASKED_MEASURE.search(question)
    measure = measure_match.group(1) if measure_match else ""
    return Focus(question, language, _dedupe(terms), tuple(places), _wants(question), measure)


def _pieces(term: str) -> list[str]:
    """Character bigrams of a Chinese term (whole ASCII words), so a mis-segmented term still matches."""
    if term.isascii() or len(term) <= 2:
        return [term.lower()]
    return [term[i : i + 2] for i in range(len(term) - 1)]


def term_hits(focus: Focus, text: str) -> dict[str, float]:
    """For each focus term, the share of it (by bigram) that `text` contains."""
    haystack = squash(text).lower()
    hits = {}
    for term, _ in focus.terms:
        pieces = _pieces(term)
        hits[term] = sum(piece in haystack for piece in pieces) / len(pieces)
    return hits


def coverage(focus: Focus, text: str) -> float:
    """Share of the focus's term weight found in `text` (0..1)."""
    if not focus.terms:
        return 0.0
    hits = term_hits(focus, text)
    return sum(weight * hits[term] for term, weight in focus.terms) / focus.weight
