"""Who a sentence names, and whether each of its figures is theirs: the companies, people and places in a
sentence, and whether the span gives each figure to the same one ("芯虹投资50亿元" is not backed by "芯虹落户…。
本次签约了4个项目,投资超过50亿元")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from retrieval.answer.figures import _ABOUT, Claim, _values_at, led_by_owner
from retrieval.lexicon.entities import named
from retrieval.lexicon.gazetteer import companies_in, districts_in, names_place
from retrieval.lexicon.tokens import tagged
from retrieval.lexicon.translation import expand_english
from retrieval.text.language import Language
from retrieval.text.normalise import squash_spaces
from retrieval.text.numbers import stated
from retrieval.text.quantities import quantities


def places_in(text: str) -> tuple[str, ...]:
    """The districts and places a text names, in Chinese or English."""
    found = list(districts_in(squash_spaces(text)))
    found += [d for d in expand_english(text).districts if d not in found]
    return tuple(found)


def _names(text: str, language: Language, tagger: bool = True) -> tuple[str, ...]:
    """People and organisations a Chinese sentence names (English names are checked as content)."""
    if language != "zh":
        return ()
    # Known companies and the tagger's people and organisations; not the suffix patterns, whose long
    # catches ("长安跨越在两江新区购买了…零部件") are phrases, not names.
    found = list(companies_in(text))
    found += [word for word, flag in tagged(text) if flag in _NAME_TAGS and len(word) > 1]
    if tagger and quantities(text):  # who a figure belongs to: LAC's organisations and people ("富力地产", "万科")
        found += [name for name, kind in named(text)
                  if kind in ("org", "person") and name not in _NOT_SUBJECTS and re.search(r"[\u4e00-\u9fff]{2}", name)
                  and not districts_in(name)]  # a district binds as a place (bound()), not as a name
    found += _CODE.findall(unicodedata.normalize("NFKC", text))  # a model or product: A350 is not A330
    found = [_whole_name(name, text) for name in dict.fromkeys(found)]
    return tuple(name for name in dict.fromkeys(found) if not any(name != other and name in other for other in found))


# A model or product code: letters then at least two digits (A350, A321XLR, H160), not a period (Q3).
_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,4}\d{2,4}[A-Z]{0,4}(?![A-Za-z0-9])")
# Sources and framing a sentence may name without the passage naming them.
_NOT_SUBJECTS = frozenset("重庆日报 本报 新华社 人民日报 中新社 中新网 央视 记者 报道".split())
# Words that make a company's name another company's ("碧桂园服务" is not "碧桂园").
_ORG_TAIL = re.compile(r"(?:服务|物业|集团|控股|地产|置业|股份|科技|能源|银行|证券|保险|汽车|电子|传媒|环保|医药|国际)(?![过了着于为])")


@lru_cache(maxsize=4096)
def named_subjects(text: str) -> tuple[str, ...]:
    """The companies, people and places a text names: the gazetteer's, jieba's and LAC's."""
    found = [*_names(text, "zh", tagger=False), *districts_in(text), *(n for n, kind in named(text) if kind != "time")]
    return tuple(dict.fromkeys(found))


def _whole_name(name: str, text: str) -> str:
    """`name` with the company word that follows it in `text` ("碧桂园" in "碧桂园服务跌…": 碧桂园服务)."""
    at = text.find(name)
    tail = _ORG_TAIL.match(text, at + len(name)) if at >= 0 else None
    return name + tail.group(0) if tail else name


_NAME_TAGS = frozenset(("nr", "nrfg", "nrt", "nt", "ns"))


def bound(claim: Claim, sentences: list[str], context: str = "") -> bool:
    """Whether a figure the claim gives a named company, person or place is that one's: the sentence
    (or the part between semicolons) with the figure names it, or refers back to the one before that
    does ("项目预计…", "该公司…"), and a headline naming it holds for the whole article. "芯虹投资50亿元"
    is not backed by "芯虹落户…。本次签约了4个项目,投资超过50亿元", nor "渝中…贸易额2700余万元" by
    "合川区与秀山…贸易额达2700余万元;渝中区与巫溪县…"."""
    names = [name for name in claim.names if name not in context]
    places_ = [place for place in claim.places if not names_place(context, place)]
    # The figures, not the numbers of its dates and periods ("前7月"): a part holds the figure or not.
    figures = frozenset(q.value for q in claim.quantities) & claim.numbers or claim.numbers
    if not (names or places_) or not figures:
        return True

    parts = [p for sentence in sentences for p in re.split(r"(?<=[；;])", sentence) if p.strip()]
    if places_ and not names:
        # A place binds loosely (a report names its district once): only a figure given beside other
        # places and not this one belongs to someone else.
        with_figure = [p for p in parts if stated(p).keys() & figures]
        return not with_figure or any(
            any(names_place(p, place) for place in places_) or not (set(places_in(p)) - set(claim.places))
            for p in with_figure
        )
    # Each figure is the subject its clause names: "广汽集团销量增长79.86%,新能源汽车销量增长84.51%" is not backed
    # where 79.86% is 广汽埃安's, however well 84.51% is bound.
    whose: dict[float, list[str]] = {}
    text = _ABOUT.sub("", unicodedata.normalize("NFKC", claim.text))
    for value, start, _ in _values_at(text):
        clause = re.split(r"[，；;。！？!?]|,(?!\d)|(?<!\d),", text[:start])[-1]
        if value in figures and (own := [name for name in names if name in clause]):
            whose.setdefault(value, []).extend(own)
    if not _bound_figure(parts, names, figures):
        return False
    return not any(_owned_by_another(parts, own, value) for value, own in whose.items())


def _owned_by_another(parts: list[str], own: list[str], value: float) -> bool:
    """Whether every part holding the figure names none of `own` and is led by another subject."""
    holding = [part for part in parts if value in stated(part)]
    return bool(holding) and all(
        not any(name in part for name in own)
        and any(
            part.lstrip(" ，,；;").startswith(other) and not any(other in name or name in other for name in own)
            for other in _names(part, "zh", tagger=False) if len(other) > 2
        )
        for part in holding
    )


def _bound_figure(parts: list[str], names: list[str], figures: frozenset[float]) -> bool:
    named = False  # the part before names the subject, or refers back to one that does
    for part in parts:
        if any(name in part for name in names):
            if _named_at_figure(part, names, figures):
                return True
            named = True
            continue
        # A part that names nobody else goes on about the same subject ("…；归母净利润…；其中…").
        named = named and (bool(_REFERS_BACK.match(part)) or not {n for n in _names(part, "zh", tagger=False) if len(n) > 2} - set(names))
        if named and stated(part).keys() & figures:
            return True
    return False


def _named_at_figure(part: str, names: list[str], figures: frozenset[float]) -> bool:
    """Whether the figure stands in a clause (，、) not led by another company: "恒大物业跌超9%、恒大汽车跌16%"
    gives 9% to 恒大物业, not to 恒大汽车."""
    clauses = re.split(r"(?<=[，,、])", part)
    # A later clause led by the subject with a figure of its own ("…，农村居民为1.8万元"): the subject's figure is
    # that one, not one in a clause beside it. The first clause leads them all ("富力地产跌8.26%，前7月…").
    own = any(
        any(0 <= c.strip().find(name) <= 2 for name in names)
        and quantities(c)
        and not {q.value for q in quantities(c)} & figures
        for c in re.split(r"[，,]", part)[1:]
    )
    for clause in clauses:
        if not stated(clause).keys() & figures:
            continue
        led = clause.lstrip(" ，,、")
        if (
            any(name in clause for name in names)
            or not own
            and not any(len(n) > 2 and n not in names and led.startswith(n) for n in _names(clause, "zh"))
            and not led_by_owner(led)
        ):
            return True
    return False



# A sentence that goes on about the subject of the one before.
_REFERS_BACK = re.compile(r"[\s，,]*(?:该|其|它|这|此|项目|公司|企业|基地|中心|园区|工厂|平台)")
