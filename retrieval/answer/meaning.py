"""Whether a sentence means what its span means: negation and denial, mood (done, planned, possible,
owed, settled), rank and scope, a bound and its opposite, a comparison between two figures."""

from __future__ import annotations

import re
from typing import Protocol

from retrieval.answer.figures import _values_at, closest_clause
from retrieval.lexicon import cues
from retrieval.text.language import Language
from retrieval.text.numbers import stated
from retrieval.text.quantities import quantities


class Claim(Protocol):
    """What this module reads of a sentence (support.Claim)."""

    text: str
    language: Language
    negated: frozenset[str]
    negative: bool
    modality: frozenset[str]
    marks: tuple


def said_plainly(word: str, text: str) -> bool:
    """Whether `text` says `word` somewhere without a "may" cue just before it."""
    return any(
        not re.search("|".join(cues.POSSIBLE), text[max(0, m.start() - 4) : m.start()]) for m in re.finditer(re.escape(word), text)
    )


def asserted(word: str, text: str) -> bool:
    """Whether `text` says `word` (a word its span negates) without a negator before it."""
    if len(word) == 1:  # an adjective: asserted with a degree ("很强", "较高"), not inside a word ("高新")
        return bool(re.search(rf"(?:很|非常|较|更|十分|特别|极|挺|相当|颇|已经很|越来越){re.escape(word)}", text))
    for match in re.finditer(re.escape(word), text):
        if not re.search(r"(?:未|不|没|无|非|没有)(?:经过?|被)?$", text[max(0, match.start() - 4) : match.start()]):
            return True
    return False


def meaning_fault(claim: Claim, span: str) -> bool:
    """Whether negation, modality or a mark of rank or scope differs between claim and span."""
    if claim.language == "zh":
        if claim.negated - cues.negated(span):
            return True  # a negation the span does not make
        dropped = cues.negated(span) - claim.negated
        if claim.negative is False and any(word in claim.text for word in dropped):
            return True  # the span negates what the claim asserts
        theirs_denied = cues.denied(span) - cues.denied(claim.text)
        if any(asserted(word, claim.text) for word in theirs_denied) or cues.flipped(span, claim.text):
            return True
    elif claim.negative and not cues.negates(span):
        return True
    theirs = cues.modality(span)
    if claim.modality and not claim.modality & theirs and theirs:
        return True
    own = cues.modality(closest_clause(claim.text, span))
    if "done" in claim.modality and "done" not in own and {"future", "possible", "ought"} & own:
        return True  # done, where the span's own clause says planned, possible or owed ("应该继续进行")
    if "certain" in claim.modality and "certain" not in theirs:
        return True  # settled ("已确定") where the span is not
    if claim.language == "zh" and not claim.modality & {"future", "possible"} and any(
        word in claim.text for word in cues.planned(span)
    ):
        return True  # what the span plans, the claim tells without the plan
    if claim.language == "zh" and re.search("了|已", claim.text) and not claim.modality & {"future", "possible", "ought"} and any(
        re.search(_told_done(verb), claim.text) and not re.search(_told_done(verb), span) for verb in cues.intended(span)
    ):
        return True  # what the span plans or may do ("将在下季度推出"), the claim says was done ("推出了")
    if claim.language == "zh" and "possible" not in claim.modality and any(
        word in claim.text for word in cues.hedged(span) if len(word) > 1
    ):
        return True  # what the span says may happen, the claim says does
    if (
        claim.language == "zh"
        and not claim.modality & {"future", "possible"}
        and any(word in claim.text for word in cues.forecast(span))
    ):
        return True  # what the span forecasts or makes hang on a condition, the claim says happens
    if (
        claim.language == "zh"
        and {"future", "possible"} & own
        and not claim.modality & {"future", "possible"}
        and any(word in claim.text and word not in span for word in _OUTCOMES)
    ):
        return True  # an outcome of the model's own ("建成了") where the span's clause plans ("拟…建设")
    if any(not cues.holds_mark(mark, span) and not _compared(mark, claim.text, span) for mark in claim.marks):
        return True
    if claim.language == "zh" and _bound_flipped(claim.text, span):
        return True  # "0.5%以上" where the span says "0.5%以下"
    return claim.language == "zh" and _rank_fault(claim.text, span, claim.marks)


# What a plan ends in, told as done.
_OUTCOMES = (
    "建成",
    "竣工",
    "完工",
    "投产",
    "通车",
    "开业",
    "落成",
    "成功",
    "完成",
    "开通",
    "上线",
    "交付",
    "获批",
    "落地",
)


_GREATER, _LESS = ("高于", "超过", "多于", "大于"), ("低于", "少于", "小于")


def _compared(mark: object, claim: str, span: str) -> bool:
    """Whether a comparison the claim draws between two figures the span states is right by their values
    ("增至1473.77亿美元,高于3月末的1306亿美元" from "6月末…增至1473.77亿美元，3月末为1306亿美元")."""
    if mark not in _GREATER + _LESS:
        return False
    if mark in ("超过", "多于") and any(
        re.search(rf"(?:逾|超|多于){re.escape(m.group(1))}|{re.escape(m.group(1))}\s*[余多]", span)
        for m in re.finditer(rf"{mark}\s*([\d.]+)", claim)
    ):
        return True  # "超过300家" for "300余家"
    have = stated(span)
    for clause in re.split(r"[；;。！？!?]", claim):
        at = clause.find(mark)
        if at < 0:
            continue
        before = [q for q in quantities(clause[:at]) if q.value in have]
        after = [q for q in quantities(clause[at + len(mark) :]) if q.value in have]
        if not before or not after or before[-1].unit != after[0].unit:
            return False
        a, b = before[-1].value, after[0].value
        return a > b if mark in _GREATER else a < b
    return False


def _told_done(verb: str) -> str:
    return f"{re.escape(verb)}了|已(?:经)?{re.escape(verb)}"


# A bound and its opposite, each as the claim and the span may say it.
_BOUNDS = (("以上|超过|逾", "以下|不到|不足|低于"), ("以下|不到|不足", "以上|超过|逾|高于|余|多"))


def _bound_flipped(claim: str, span: str) -> bool:
    """Whether a figure the claim bounds one way ("0.5%以上") is bounded the other way beside the same
    figure in the span ("降至0.5%以下")."""
    def beside(text: str, value: float) -> str:
        return " ".join(text[max(0, b - 4) : e + 4] for v, b, e in _values_at(text) if v == value)

    for value, _, _ in _values_at(claim):
        mine, theirs = beside(claim, value), beside(span, value)
        if theirs and any(re.search(a, mine) and re.search(b, theirs) and not re.search(a, theirs) for a, b in _BOUNDS):
            return True
    return False


# Where a rank holds ("全球最大" is not "美国最大"), and who holds it ("汽车是…第一大" is not "机电产品为…第一大").
_SCOPE = re.compile(r"全球|世界|全国|全省|全市|国内|亚洲|史上|历史|有史以来|历届|同类|行业")
_HOLDER = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(?:是|为|成为|位居|居)")


def _rank_fault(text: str, span: str, marks: tuple) -> bool:
    span_clauses = re.split(r"[，,；;。！？!?]", span)
    for mark in (m for m in marks if isinstance(m, str)):
        for clause in (c for c in re.split(r"[，,；;。！？!?]", text) if mark in c):
            holding = [c for c in span_clauses if mark in c]
            if holding and "之一" not in clause and all("之一" in c[c.index(mark) :] for c in holding):
                return True  # one of the largest, told as the largest
            before = clause[: clause.index(mark)]
            scopes = _SCOPE.findall(before[-8:])
            if scopes and not any(all(scope in c for scope in scopes) for c in holding):
                return True
            holder = _HOLDER.match(clause)
            if holder and not any(holder.group(1) in c for c in holding):
                return True
            # What holds the rank, right before it ("增速创历史新高" is not "总量创历史新高").
            near = re.search(r"([\u4e00-\u9fff]{2})(?:创|居|位居|位列|排名|达到|为)?(?:历史|同期|年内|全国|全省|全市|行业)?$", before)
            ranks = mark.startswith(("最", "前")) or mark in ("新高", "新低", "纪录", "第一", "之最", "居首", "榜首", "首位")
            if ranks and near and not any(near.group(1) in c for c in holding) and any(c.find(mark) > 1 for c in holding):
                return True
    return False
