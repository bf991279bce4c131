"""The deterministic answerer: quote the sentences of the top passages that answer the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from retrieval.answer.question import Focus, coverage, term_hits
from retrieval.lexicon.gazetteer import companies_in, districts_in
from retrieval.lexicon.tokens import tagged
from retrieval.models import Passage
from retrieval.text.normalise import squash
from retrieval.text.sentences import quotable_sentences
from retrieval.tuning import TUNING, Tuning

MAX_QUOTES = 3
# A quote this long is trimmed to the clauses that carry the answer.
LONG_SENTENCE = 110

_CLAUSE = re.compile(r"[^,，;；:：]*(?:[,，;；:：]|$)")

_NUMBER = r"(?:\d[\d,.]*|[零一二两三四五六七八九十百千]+)"
# News feeds print "8 月 16 日" with spaces.
_DATE = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底|初|中旬|上旬|下旬)?|\d{1,2}\s*日"
    r"|[一二三四1-4]季度|[上下]半年|年底|年初|月底|(?:今|明|去|后)年"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_PERSON = re.compile(
    r"(?:主任|书记|负责人|院长|董事长|总经理|总裁|局长|区长|县长|市长|主席|代表|委员|教授|经理|专家)\s*"
    r"[\u4e00-\u9fff]{2,3}(?=说|表示|介绍|认为|指出|称|[,，。“])"
)


# Organisation names end in one of these ("东莞市出租车行业协会", "华为公司", "市经济信息委").
_ORG = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9]{2,16}?(?:有限公司|股份公司|公司|集团|协会|学会|商会|委员会|基金会|联合会|研究院|研究所|研究中心|"
    r"实验室|科学院|工程院|大学|学院|医院|银行|法院|检察院|公安局|派出所|管理局|监督局|[^\s，,。、]{0,6}(?:局|厅|委|办|部)|"
    r"中心|政府|联盟|平台|工作室|团队|车企|品牌)"
)
_ENTITY_TAGS = {"nr": "person", "nrfg": "person", "nrt": "person", "nt": "org", "ns": "place"}
# "于某", "张某某": how news reports name suspects and private people.
_PRIVATE_NAME = re.compile(r"[\u4e00-\u9fff]某{1,2}(?![\u4e00-\u9fff]*(?:市|县|区|地))")


@lru_cache(maxsize=4096)
def entities(sentence: str) -> tuple[tuple[str, str], ...]:
    """(name, kind) pairs a sentence names: people, organisations, places (kind "person"/"org"/"place")."""
    found = [(company, "org") for company in companies_in(sentence)]  # known names first
    found += [(word, _ENTITY_TAGS[flag]) for word, flag in tagged(sentence) if flag in _ENTITY_TAGS and len(word) > 1]
    found += [(m.group(0), "person") for m in _PERSON.finditer(sentence)]
    found += [(m.group(0), "person") for m in _PRIVATE_NAME.finditer(sentence)]
    found += [(m.group(0), "org") for m in _ORG.finditer(sentence)]
    found += [(d, "place") for d in districts_in(sentence)]
    return tuple(dict.fromkeys(found))


def names_new(focus: Focus, sentence: str, kinds: Sequence[str]) -> bool:
    """Whether `sentence` names an entity of one of `kinds` that the question itself does not."""
    asked = squash(focus.question)
    return any(kind in kinds and squash(name) not in asked for name, kind in entities(sentence))


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


def has_amount(text: str, measures: Sequence[str] = ()) -> bool:
    """Whether `text` states a quantity (not a date), in one of `measures` when given."""
    undated = _DATE.sub(" ", text)
    for measure in measures:
        # Money asked for in 元 may be stated in another currency ("290万欧元", "454.4万亿美元").
        unit = r"(?:[欧美日港韩澳加英]|新台币|人民币)?元|英镑|卢布|欧|美金" if measure == "元" else re.escape(measure)
        flags = re.I if measure.isascii() else 0
        if re.search(rf"{_NUMBER}\s*(?:余|多)?\s*(?:万亿|万|亿)?\s*(?:{unit})", undated, flags):
            return True
    if measures:
        return False
    # "B2B" and "5G" are names, not quantities.
    return re.search(r"(?<![A-Za-z\d.])\d[\d,.]*(?![A-Za-z\d])|[一二两三四五六七八九十百千]+(?:余|多)?[万亿]?[个家项所名条辆座台套亩户倍]", undated) is not None


def fits(focus: Focus, text: str) -> bool:
    """Whether `text` carries every kind of answer the question asks for."""
    if focus.years and not focus.years & set(_YEAR.findall(text)) and _YEAR.search(text):
        return False  # the figure for 2022 does not answer a question about 2023
    if "amount" in focus.wants and not has_amount(text, focus.measures):
        return False
    if "date" in focus.wants and not _DATE.search(text):
        return False
    if "person" in focus.wants and not names_new(focus, text, ("person", "org")):
        return False
    if "org" in focus.wants and not names_new(focus, text, ("org",)):
        return False
    if "place" in focus.wants and not names_new(focus, text, ("place",)):
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


# Question-sentence vector similarity is not scored: beside key terms and answer type it never helped (RESULTS.md).
# Sentences (best first by everything else) checked for names: tagging every sentence costs too much.
NAME_CHECK_DEPTH = 30


def candidates(focus: Focus, passages: Sequence[Passage], tuning: Tuning = TUNING) -> list[Pick]:
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
        parts = quotable_sentences(passage.text, focus.question)
        for position, sentence in enumerate(parts):
            own = coverage(focus, sentence)
            window = coverage(focus, around(parts, position))
            score = own + tuning.window_weight * window + tuning.context_weight * context + tuning.rank_weight * passage.score / top
            picks.append(Pick(rank, position, sentence, own, context, False, score))
    picks.sort(key=lambda pick: (-pick.score, pick.rank, pick.position))
    naming = bool(focus.wants & {"person", "org", "place"})
    out = []
    for i, pick in enumerate(picks):
        ok = fits(focus, pick.sentence) if not naming or i < NAME_CHECK_DEPTH else False
        out.append(replace(pick, fits=ok, score=pick.score + (tuning.fits_bonus if ok else 0.0)) if ok else pick)
    out.sort(key=lambda pick: (-pick.score, pick.rank, pick.position))
    return out


def choose(focus: Focus, picks: Sequence[Pick], tuning: Tuning = TUNING) -> list[Pick]:
    """The best sentence plus up to two more that answer nearly as well or add asked-for terms."""
    if not picks:
        return []
    chosen = [picks[0]]
    covered = _covered(focus, picks[0].sentence)
    for pick in picks[1:]:
        if len(chosen) >= MAX_QUOTES or pick.score < tuning.min_share * picks[0].score:
            break
        if not pick.fits or pick.sentence in (c.sentence for c in chosen):
            continue
        gained = _covered(focus, pick.sentence) - covered
        if gained or pick.score >= tuning.keep_share * picks[0].score:
            chosen.append(pick)
            covered |= gained
    return sorted(chosen, key=lambda pick: (pick.rank, pick.position))


def _covered(focus: Focus, text: str) -> set[str]:
    return {term for term, hit in term_hits(focus, text).items() if hit >= 0.5}
