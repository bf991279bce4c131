"""What a question asks about (weighted key terms, named places) and what kind of answer it wants."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from retrieval.lexicon.dictionary import content_words, specificity
from retrieval.lexicon.gazetteer import districts_in, glossary, places
from retrieval.lexicon.tokens import tokenizer, tokens
from retrieval.lexicon.translation import Expansion, Spelled, expand_english
from retrieval.text.dates import english_dates, spans, written_years
from retrieval.text.language import Language, detect_language
from retrieval.text.normalise import squash
from retrieval.tuning import TUNING, Tuning

# Question words and fillers the corpus cannot contain an answer to; on top of text.STOPWORDS.
_QUESTION_WORDS = frozenset(
    """几 几个 多大 多高 多长 多久 哪 哪位 哪天 哪年 哪几 哪几项 哪边 哪家 哪里 哪儿 在哪 谁 何时 什么时候 具体 是指 指 一共 总共
    多少钱 几条 几项 几年 哪三大 哪几个 哪三 时候 一直
    大概 大约 现在 那个 这个 这次 那次 打算 准备 想 能 要 会 可以 一下 一些 情况 有关 关于 介绍 呢 吗 分别 主要 还
    些 么 做 搞 了 过 给 帮 跟 手上 手里 这块 这边 那边 之后 后来 包括 除了""".split()
)
# Measure words that, right after 多少/几, name the unit the answer must carry.
_MEASURES = "个所家项名条辆座台套亩位户只吨倍次年"

_AMOUNT_ZH = re.compile(r"多少|几[个项家所名条辆座台套亩位户只吨倍次十百千万亿]|多大|多高|多长|比例|比重|规模|增长|提升|提高")
_AMOUNT_EN = re.compile(
    r"\bhow (?!do\b|does\b|did\b|is\b|are\b|was\b|were\b|can\b|could\b|will\b|would\b|should\b|to\b)[a-z]+\b|"
    r"\bwhat (share|percentage|proportion)\b|\bgrowth\b|\bindex\b", re.I)
_DATE_ZH = re.compile(r"什么时候|何时|哪天|哪一天|哪年|几月|几号|到什么时候")
_DATE_EN = re.compile(r"\bwhen\b|\bwhat (date|day|year|month)\b", re.I)
_PERSON_ZH = re.compile(r"谁|哪位|哪个人|什么人|叫什么(名字)?[?？]?$")
_PERSON_EN = re.compile(r"\bwho(m|se)?\b", re.I)
_ORG_ZH = re.compile(r"哪(个|家|些)?(单位|机构|部门|公司|企业|银行|医院|学校|高校|大学|团队|平台|品牌|厂商|车企|组织)|哪家|什么(单位|机构|部门|公司|企业)")
_ORG_EN = re.compile(r"\bwhich (company|companies|firm|organi[sz]ation|agency|department|bank|university|institution|brand)\b", re.I)
_PLACE_ZH = re.compile(r"哪里|哪儿|在哪|何地|何处|哪一带|哪(个|座|一|些)?(城市|省份|省|地方|国家|区县|区|县|镇|村|球场|场馆|体育场|机场)")
_PLACE_EN = re.compile(r"\bwhere\b|\bwhich (city|cities|province|country|countries|district)\b", re.I)




@dataclass(frozen=True)
class Focus:
    """What a question asks about and what an answer to it must contain."""

    question: str
    language: Language
    terms: tuple[tuple[str, float], ...]  # corpus-language terms with weights
    places: tuple[str, ...]  # canonical names of districts/counties/zones the question names
    wants: frozenset[str]  # "amount", "date", "person" (a person or organisation), "org", "place"
    measures: tuple[str, ...] = ()  # units the answer may be in ("个", "元", "GWh"); empty: any
    unknown: tuple[str, ...] = ()  # English content words with no Chinese equivalent found
    asked: tuple[str, ...] = ()  # the terms naming what is asked for ("票价" in "票价是多少"): the answer must say them

    @property
    def weight(self) -> float:
        return sum(weight for _, weight in self.terms)

    def carrying(self, earlier: Focus, share: float) -> Focus:
        """This focus with the key terms of an earlier part of the same question it lacks, at `share` of
        their weight: what the earlier part was about, this one still is."""
        own = {term for term, _ in self.terms}
        extra = tuple((term, weight * share) for term, weight in earlier.terms if term not in own)
        return replace(self, terms=self.terms + extra)

    @cached_property
    def years(self) -> frozenset[str]:
        """The years the question names ("2023年", "in 2023")."""
        return written_years(self.question)

    @property
    def chongqing(self) -> bool:
        """Whether the question is about Chongqing as a whole or in part (重庆, Chongqing, a district)."""
        return bool(self.places) or "重庆" in self.question or "chongqing" in self.question.lower()


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


_MONEY_ZH = re.compile(r"多少钱|资金|投资|投入|花了多少|多少.{0,4}(?:钱|元)")
_MONEY_EN = re.compile(r"\bhow much\b.*\b(?:money|invest\w*|funding|fund|spend\w*|spent|yuan|cost)\b", re.I)
# "How many <things>": the Chinese measure words those things are counted in.
_COUNTED_EN = (
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:projects?)\b", re.I), "个|项"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:companies|enterprises|firms|suppliers|businesses)\b", re.I), "家"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:vehicles|cars|trucks)\b", re.I), "辆"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:lines|routes)\b", re.I), "条"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:schools)\b", re.I), "所"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:people|tourists|visitors|residents|workers)\b", re.I), "人|名|人次"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:households|families)\b", re.I), "户"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:medals)\b", re.I), "枚|块|金|银|铜"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:aircraft|planes|jets)\b", re.I), "架"),
    (re.compile(r"\bhow many (?:\w+[ -]){0,3}?(?:flats|apartments|homes|houses|sets)\b", re.I), "套"),
    # Units of measure, after "how many" or "how much": the Chinese measure word they are written in.
    (re.compile(r"\bhow (?:many|much) (?:\w+[ -]){0,2}?(?:tonnes|tons)\b", re.I), "吨"),
    (re.compile(r"\bhow (?:many|much) (?:\w+[ -]){0,2}?(?:square (?:metres|meters)|sq m)\b", re.I), "平方米"),
    (re.compile(r"\bhow (?:many|much) (?:\w+[ -]){0,2}?(?:kilometres|kilometers|km)\b", re.I), "公里|千米"),
    (re.compile(r"\bhow (?:many|much) (?:\w+[ -]){0,2}?(?:mu)\b", re.I), "亩"),
    (re.compile(r"\bhow (?:many|much) (?:\w+[ -]){0,2}?(?:hectares)\b", re.I), "公顷"),
)


def _asked_measures(question: str) -> tuple[str, ...]:
    """The units an answer may be stated in: the one right after 多少/几 ("几个", "多少GWh";
    not the start of a word, "多少项目"), 元 when money is asked about. Empty: any quantity."""
    measures: list[str] = []
    words = [w for w in tokenizer().lcut(question) if w.strip()]
    for i, word in enumerate(words):
        for asker in ("多少", "几"):
            if not word.startswith(asker) or (i and words[i - 1].endswith("哪")):
                continue
            rest = word[len(asker) :]
            if not rest and i + 1 < len(words):
                following = words[i + 1]
                # "辆车" is a measure word plus its noun; "项目" is a word of its own.
                if following[0] in _MEASURES and (len(following) == 1 or tokenizer().FREQ.get(following, 0) < 100):
                    rest = following[0]
                elif following.isascii() and following.isalpha() and len(following) > 1:
                    rest = following
            if (len(rest) == 1 and rest in _MEASURES) or (rest.isascii() and rest.isalpha() and len(rest) > 1):
                measures.append(rest)
    for pattern, units in _COUNTED_EN:
        if pattern.search(question):
            measures.extend(units.split("|"))
    if _MONEY_ZH.search(question) or _MONEY_EN.search(question):
        measures.append("元")
    return tuple(dict.fromkeys(measures))


def _wants(question: str) -> frozenset[str]:
    wants = set()
    # "哪几项" asks which items, not how many.
    if _AMOUNT_ZH.search(question.replace("哪几", "哪")) or _AMOUNT_EN.search(question):
        wants.add("amount")
    if _DATE_ZH.search(question) or _DATE_EN.search(question):
        wants.add("date")
    if _PERSON_ZH.search(question) or _PERSON_EN.search(question):
        wants.add("person")
    elif _ORG_ZH.search(question) or _ORG_EN.search(question):
        wants.add("org")
    elif _PLACE_ZH.search(question) or _PLACE_EN.search(question):
        wants.add("place")
    return frozenset(wants)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Chinese term -> all the terms that say the same ("地区生产总值|GDP"), from the gazetteer."""
    groups: dict[str, str] = {}
    for _, terms in glossary():
        for term in terms:
            groups.setdefault(term, "|".join(terms))
    for place in places():
        names = (place.name, *place.short)
        for name in names:
            groups[name] = "|".join(dict.fromkeys(names))
    return groups


def _english_terms(
    question: str, spelled: Spelled | None, idf_floor: float
) -> tuple[list[tuple[str, float]], Expansion]:
    """Chinese terms (with synonyms) for an English question, plus the numbers it names."""
    expansion = expand_english(question, spelled)
    synonyms = _synonyms()
    terms = {}
    place_names = {name for place in places() for name in (place.name, *place.short)}
    for term in expansion.terms:
        group = synonyms.get(term, term)
        weights = [_weight(alt) for alt in group.split("|")]
        # A place weighs what its short name weighs in a Chinese question (渝北 1.5): decide checks it on its own.
        terms.setdefault(group, min(weights) if term in place_names else max(weights) + 0.5)
    for group in expansion.general:
        # A generic word ("after": 以后) says little (Tuning.dictionary_idf_floor) about which passage answers; a specific one a lot.
        weight = min(3.0, max(0.5, (specificity(group[0]) - idf_floor) / 2))
        terms.setdefault("|".join(group), weight)
    for date in (*english_dates(question), *spans(question)):
        terms.setdefault(date, 2.0)
    # Numbers and codes are written the same in both languages: "2023", "T2", "5G", "C919".
    for code in re.findall(r"\b(?:\d{2,}|[A-Za-z]+\d[A-Za-z\d]*|\d+[A-Za-z]+)\b", question):
        terms.setdefault(code, _weight(code))
    return list(terms.items()), expansion


def analyse(question: str, spelled: Spelled | None = None, tuning: Tuning = TUNING) -> Focus:
    """The focus of a question, in the corpus's language whatever the question's.

    `spelled` finds the corpus names an English question spells in pinyin (Index.spelled_names)."""
    language = detect_language(question)
    if language == "en":
        terms, expansion = _english_terms(question, spelled, tuning.dictionary_idf_floor)
        places_named, unknown = expansion.districts, expansion.unknown
    else:
        terms = [(term, _weight(term)) for term in _chinese_terms(question)]
        places_named, unknown = districts_in(squash(question)), ()
    kept = _dedupe(terms)
    keys = {term for term, _ in kept}
    asked = _asked_en(question) if language == "en" else _asked_zh(question)
    return Focus(
        question, language, kept, tuple(places_named), _wants(question), _asked_measures(question), unknown,
        tuple(term for term in dict.fromkeys(asked) if term in keys),
    )


_ASKERS = re.compile(r"^(?:多少|几|什么|谁|哪|何)")
_ASKED_EN = re.compile(r"\bwhat (?:is|was|are|were|will be|would be) the\s+((?:[\w'-]+\s+){0,2}[\w'-]+)", re.I)


# The noun asked about takes the nouns and verbs right before it ("研发费用是多少" asks 研发 and 费用).
_COMPOUND_TAGS = frozenset(("n", "vn", "nz", "j", "v"))


def _asked_zh(question: str) -> list[str]:
    """The noun a question asks the value of: "总奖金是多少" -> 奖金, "银牌是谁拿的" -> 银牌."""
    from retrieval.lexicon.tokens import tagged

    words = [(w, flag) for w, flag in tagged(question) if w.strip()]
    for i in range(1, len(words) - 1):
        (noun, flag), (link, _), (asker, _) = words[i - 1], words[i], words[i + 1]
        if link == "是" and _ASKERS.match(asker) and flag.startswith("n") and len(noun) > 1:
            # "研发费用是多少": the 费用 asked about is the 研发 one, not the revenue.
            start = i - 1
            while start > 0 and words[start - 1][1] in _COMPOUND_TAGS and len(words[start - 1][0]) > 1:
                start -= 1
            return [word for word, _ in words[start:i]]
    return []


def _asked_en(question: str) -> list[str]:
    """The terms for the words after "what is/was the" ("the weather forecast"), as "X是多少" in Chinese."""
    match = _ASKED_EN.search(question)
    if not match:
        return []
    synonyms = _synonyms()
    out = []
    # "the weather forecast for Chongqing": what is asked ends where a preposition or verb begins.
    phrase = re.split(r"\b(?:of|in|at|on|for|by|did|does|do|has|have|had|is|was|are|were|will)\b", match.group(1))[0]
    for word in content_words(phrase):
        expansion = expand_english(word)
        out += [synonyms.get(term, term) for term in expansion.terms] + ["|".join(g) for g in expansion.general]
    return out


def _chinese_terms(question: str) -> list[str]:
    """Content words of a Chinese question: no question words, particles or the asked-for unit."""
    measures = _asked_measures(question)
    out = []
    # "哪家公司" / "在哪里" name the kind of answer wanted, not what it is about.
    for term in tokens(_PLACE_ZH.sub(" ", _ORG_ZH.sub(" ", question))):
        # "发了" is the verb 发; "辆车" after 多少 is the unit (kept in measures) plus a noun.
        term = term.rstrip("了过着")
        if term in _QUESTION_WORDS or len(term) < 2 or (term[0] in measures and not term.isascii()):
            continue
        out.append(term)
    return out


def _pieces(term: str) -> list[str]:
    """Character bigrams of a Chinese term (whole ASCII words), so a mis-segmented term still matches."""
    if term.isascii() or len(term) <= 2:
        return [term.lower()]
    return [term[i : i + 2] for i in range(len(term) - 1)]


def _hit(term: str, haystack: str) -> float:
    """How much of `term` (the best of its "|" alternatives) `haystack` contains, by bigram."""
    best = 0.0
    for alternative in term.split("|"):
        pieces = _pieces(squash(alternative).lower())
        best = max(best, sum(piece in haystack for piece in pieces) / len(pieces))
    return best


def term_hits(focus: Focus, text: str) -> dict[str, float]:
    """For each focus term, the share of it that `text` contains (0..1)."""
    haystack = squash(text).lower()
    return {term: _hit(term, haystack) for term, _ in focus.terms}


def coverage(focus: Focus, text: str) -> float:
    """Share of the focus's term weight found in `text` (0..1)."""
    if not focus.terms:
        return 0.0
    hits = term_hits(focus, text)
    return sum(weight * hits[term] for term, weight in focus.terms) / focus.weight


def parts(question: str) -> list[str]:
    """The sub-questions of a compound question ("A 包括永川吗? B 多少辆?", "how many X, and how much
    did Y rise?"), or the question itself."""
    pieces = [p.strip() for p in re.split(r"(?<=[?？])", question) if len(p.strip(" ?？")) >= 4]
    pieces = [each for piece in pieces for each in _each_of_pair(piece)]
    if len(pieces) == 1 and detect_language(question) == "en":
        pieces = [p.strip(" ,;") for p in _AND_THEN.split(question) if len(p.strip(" ,;?")) >= 4]
        # "..., and how much?" continues the first question; it is not a second one.
        if not all(content_words(piece) for piece in pieces):
            return [question]
    return pieces if len(pieces) > 1 else [question]


# A question asking the same of two names or dates joined by 和/与 ("A和B分别…") is answered once for each.
_NAME_TAGS = frozenset(("ns", "nr", "nt", "nz", "nrt", "nrfg"))
_ONE_DATE = r"\d{1,2}月\d{1,2}日(?:\d{1,2}时)?"
_DATE_PAIR = re.compile(rf"({_ONE_DATE})[和与及、]({_ONE_DATE})")


def _each_of_pair(question: str) -> list[str]:
    """"西北地区和不列颠哥伦比亚省分别是哪座城市…" asked once for each of the two names, or the question itself."""
    from retrieval.lexicon.tokens import tagged

    if not re.search("分别|各自", question):
        return [question]
    # Two dates: "8月4日8时和8月11日8时分别有多少条?"
    if dates := _DATE_PAIR.search(question):
        head, tail = question[: dates.start()], re.sub("分别|各自", "", question[dates.end() :], count=1)
        return [head + dates.group(1) + tail, head + dates.group(2) + tail]
    words = list(tagged(question))
    for i, (word, _) in enumerate(words):
        if word not in ("和", "与", "及", "、") or i == 0:
            continue
        before = i
        while before > 0 and words[before - 1][1] in _NAME_TAGS:
            before -= 1
        after = i + 1
        while after < len(words) and words[after][1] in _NAME_TAGS:
            after += 1
        if before == i or after == i + 1:
            continue
        head, tail = "".join(w for w, _ in words[:before]), "".join(w for w, _ in words[after:])
        tail = re.sub("分别|各自", "", tail, count=1)
        return [head + "".join(w for w, _ in words[a:b]) + tail for a, b in ((before, i), (i + 1, after))]
    return [question]


# ", and how much ...": a second question asked in the same sentence.
_AND_THEN = re.compile(r"[,;]\s*and\s+(?=(?:how|what|which|when|who|whom|whose|where)\b)", re.I)
