"""The fact a Chinese sentence states, said in English: amounts, counts, dates and names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from retrieval.answer.extractive import Pick, entities
from retrieval.answer.question import analyse
from retrieval.lexicon.gazetteer import places
from retrieval.text.numbers import chinese_value

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# The Chinese measure words a count is stated in, and how English says the unit (empty: the noun asked about).
UNITS = {
    "元": "yuan", "美元": "US dollars", "人次": "visits", "人": "people", "名": "people", "户": "households",
    "吨": "tonnes", "亩": "mu", "平方米": "square metres", "公里": "km", "千米": "km", "米": "metres", "辆": "vehicles",
    "家": "companies", "所": "schools", "座": "", "个": "", "项": "", "条": "", "台": "", "套": "", "次": "times",
    "倍": "times", "年": "years", "天": "days", "小时": "hours", "分钟": "minutes", "%": "%", "GWh": "GWh",
    "MW": "MW", "GW": "GW", "kW": "kW", "mAh": "mAh", "GB": "GB", "TB": "TB", "万人": "people",
}
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_NUM = r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千]+)"
QUANTITY = re.compile(rf"(?P<num>{_NUM})\s*(?P<more>余|多)?\s*(?P<scale>万亿|亿|万|千)?\s*(?P<unit>{_UNIT_RE})")
DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)(?:(?P<d>\d{1,2})\s*日)?|(?P<yo>\d{4})\s*年(?!\d)"
)


def _number(text: str) -> float | None:
    """"27", "1,200", "3.5", "二十七", "两千" -> the number; None when it is not one."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return chinese_value(text)


def _plain(value: float) -> str:
    """12.0 -> "12", 20.6 -> "20.6", 1234567 -> "1,234,567"."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def english_amount(number: float, scale: str = "") -> str:
    """206 亿 -> "20.6 billion", 3000 万 -> "30 million", 27 -> "27"."""
    value = number * {"": 1, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}[scale]
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{_plain(round(value / size, 3))} {word}"
    return _plain(round(value, 2))


def quantity(match: re.Match, noun: str = "") -> str:
    """A QUANTITY match in English: "20.6 billion yuan", "over 27 million yuan", "27 projects"."""
    number = _number(match.group("num"))
    if number is None:
        return match.group(0)
    unit = match.group("unit")
    scale = match.group("scale") or ""
    if unit == "万人":
        scale, unit = "万", "人"
    said = english_amount(number, scale)
    english_unit = UNITS.get(unit, "") or noun
    if unit == "%":
        text = f"{said}%"
    else:
        text = f"{said} {english_unit}".strip()
    return f"over {text}" if match.group("more") else text


def date(match: re.Match) -> str:
    """A DATE match in English: "12 October 2023", "October 2023", "16 August", "2023"."""
    if match.group("yo"):
        return match.group("yo")
    month = int(match.group("m"))
    if not 1 <= month <= 12:
        return match.group(0)
    parts = [match.group("d"), _MONTHS[month - 1], match.group("y")]
    return " ".join(str(int(p)) if p and p.isdigit() and len(p) <= 2 else p for p in parts if p)


@lru_cache(maxsize=1)
def _place_names() -> list[tuple[str, str]]:
    pairs = []
    for place in places():
        if place.english:
            for alias in (place.name, *place.short):
                if alias:
                    pairs.append((alias, place.english[0]))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def name(text: str) -> str:
    """A Chinese name in English where the gazetteer knows it ("铜梁区" -> "Tongliang"), else as printed."""
    for alias, english in _place_names():
        if text == alias:
            return english
    for alias, english in _place_names():
        if alias in text and len(alias) >= 2:
            return f"{text} ({english})"
    return text


def asked_noun(question: str) -> str:
    """The noun an English "how many" question counts ("how many new projects" -> "projects")."""
    found = re.search(r"\bhow many\s+((?:[a-z-]+\s+){0,2}?[a-z-]+?s)\b", question, re.I)
    return found.group(1).split()[-1].lower() if found else ""


def statement(
    question: str, wants: frozenset[str], sentence: str, names: list[str], measures: tuple[str, ...] = ()
) -> str:
    """The fact `sentence` gives for an English `question`, in English; empty when none is found."""
    facts: list[str] = []
    if wants & {"person", "org", "place"}:
        # What the question already names is not the answer to it.
        facts += [said for said in (name(n) for n in names) if said and said.lower() not in question.lower()][:3]
    if "date" in wants:
        facts += [date(m) for m in DATE.finditer(sentence)][:2]
    # A yes/no question is answered by the quote itself, not by whatever number it holds.
    if "amount" in wants or not (facts or wants or _YES_NO.match(question)):
        noun = asked_noun(question)
        found = list(QUANTITY.finditer(_undated(sentence)))
        asked = [m for m in found if m.group("unit") in measures]
        facts += [quantity(m, noun) for m in (asked or found)][:3]
    facts = list(dict.fromkeys(f for f in facts if f))
    return ", ".join(facts)  # one sentence: the citation check splits at ";"


_YES_NO = re.compile(r"^\s*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b", re.I)


def _undated(sentence: str) -> str:
    return DATE.sub(" ", sentence)


def facts(question: str, chosen: Sequence[Pick]) -> dict[str, str]:
    """For the best two chosen sentences, the asked-for fact in English ("20.6 billion yuan", "12 October")."""
    focus = analyse(question)
    kinds = _NAME_KINDS.get(frozenset(focus.wants & set(_NAME_KINDS_ALL)), ())
    ranked = sorted(chosen, key=lambda pick: -pick.score)
    out: dict[str, str] = {}
    for pick in ([p for p in ranked if p.fits] or ranked)[:2]:
        names = [n for n, kind in entities(pick.sentence) if kind in kinds]
        # A long run the organisation pattern caught ("产品直供周边多家新能源车企") is no name beside a real one.
        names = [n for n in names if len(n) <= 10] or names
        fact = statement(question, focus.wants, pick.sentence, names, focus.measures)
        if fact and fact not in out.values():
            out[pick.sentence] = fact
    return out


_NAME_KINDS_ALL = ("person", "org", "place")
_NAME_KINDS = {
    frozenset({"person"}): ("person", "org"),
    frozenset({"org"}): ("org",),
    frozenset({"place"}): ("place",),
}
