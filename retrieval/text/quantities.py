"""Values as a reader understands them: a number with its unit (206亿元 ≠ 206亿美元, 36% ≠ 36个百分点,
八成 = 80%), a date with its fields (10月12日 ≠ 12月10日), and time named relative to today (去年).

The check (retrieval/answer/support.py) compares a sentence's quantities and dates with its span's;
`numbers.stated` stays the bag of values that says which numbers a text states at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from retrieval.text.numbers import chinese_value
from retrieval.text.periods import MONTH_EN, MONTH_WORDS, MONTHS_EN

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = "零〇一二两三四五六七八九十百千"
_CN_NUM = rf"[{_CN}][{_CN}万亿]*"
_MAGNITUDE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_ENGLISH_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

# Unit words, longest first, each to (dimension, unit). Counting words keep their own unit: 辆 ≠ 座, and
# 个 (the general one) is compatible with any of them.
_UNITS_ZH: dict[str, tuple[str, str]] = {
    "亿美元": ("money", "usd"), "万美元": ("money", "usd"), "美元": ("money", "usd"), "美金": ("money", "usd"),
    "欧元": ("money", "eur"), "日元": ("money", "jpy"), "英镑": ("money", "gbp"), "港元": ("money", "hkd"),
    "港币": ("money", "hkd"), "新台币": ("money", "twd"), "台币": ("money", "twd"), "韩元": ("money", "krw"), "卢布": ("money", "rub"), "人民币": ("money", "cny"),
    "元": ("money", "cny"), "块钱": ("money", "cny"),
    "个百分点": ("ratio", "point"), "百分点": ("ratio", "point"), "%": ("ratio", "percent"),
    "平方公里": ("area", "km2"), "平方千米": ("area", "km2"), "平方米": ("area", "m2"), "平米": ("area", "m2"),
    "㎡": ("area", "m2"), "公顷": ("area", "ha"), "亩": ("area", "mu"),
    "公里": ("length", "km"), "千米": ("length", "km"), "厘米": ("length", "cm"), "毫米": ("length", "mm"),
    "米": ("length", "m"),
    "万吨": ("weight", "t"), "吨": ("weight", "t"), "公斤": ("weight", "kg"), "千克": ("weight", "kg"),
    "千瓦时": ("energy", "kwh"), "度电": ("energy", "kwh"), "千瓦": ("power", "kw"), "兆瓦": ("power", "mw"),
    "马力": ("power", "hp"), "立方米": ("volume", "m3"), "升": ("volume", "l"), "桶": ("volume", "barrel"),
    "倍": ("multiple", "times"),
    "人次": ("count", "人次"), "小时": ("duration", "hour"), "个月": ("duration", "month"), "天": ("duration", "day"),
    "岁": ("age", "year"),
}
# A currency named before its number ("港币16.27亿元"), which the 元 after it does not undo.
_CURRENCY_BEFORE = re.compile(r"(港币|港元|新台币|台币|美元|欧元|日元|英镑)\s*$")
_COUNTERS = "个项家所名条辆台座套户位人次只件批张栋幢架艘列支场届处款种类所间座宗例份枚箱头尾株棵"
# Counting words that name the same kind of thing.
_SAME_COUNTER = {"台": "辆", "幢": "栋", "位": "名", "人": "名", "间": "所"}
_ZH_UNIT = re.compile("|".join(re.escape(u) for u in sorted(_UNITS_ZH, key=len, reverse=True)) + f"|[{_COUNTERS}]")

_EN_MONTH = re.compile(r"\s*(?:st|nd|rd|th)?\s*" + "(?:" + MONTH_WORDS + ")" + r"\b", re.I)
_EN_MONTH_BEFORE = re.compile(r"\b" + "(?:" + MONTH_WORDS + ")" + r"\.?\s+$", re.I)
_PER = re.compile(r"\s*(?:/|每)\s*(吨|千克|公斤|斤|克|平方米|平米|亩|度|千瓦时|人|户|台|辆|桶|升|立方米|小时|天|月|年|股|张)")
_UNITS_EN: list[tuple[str, tuple[str, str]]] = [
    (r"(?:us|u\.s\.|american)\s+dollars?|dollars?|usd", ("money", "usd")),
    (r"euros?|eur", ("money", "eur")),
    (r"yuan|rmb|cny|renminbi", ("money", "cny")),
    (r"percentage points?", ("ratio", "point")),
    (r"per\s*cent|percent|%", ("ratio", "percent")),
    (r"square\s+kilomet(?:re|er)s?|sq\.?\s*km|km2", ("area", "km2")),
    (r"square\s+met(?:re|er)s?|sq\.?\s*m|m2", ("area", "m2")),
    (r"hectares?", ("area", "ha")),
    (r"mu", ("area", "mu")),
    (r"acres?", ("area", "acre")),
    (r"kilomet(?:re|er)s?|km", ("length", "km")),
    (r"met(?:re|er)s?", ("length", "m")),
    (r"tonnes?|tons?", ("weight", "t")),
    (r"times", ("multiple", "times")),
    (r"vehicles?|cars?|trucks?|buses", ("count", "辆")),
    (r"hours?", ("duration", "hour")),
    (r"months?", ("duration", "month")),
    (r"days?", ("duration", "day")),
]
_EN_UNIT = re.compile(r"\s*(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNITS_EN)) + r")\b", re.I)

_WORDS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozens": 24,
}
_EN_WORD_NUM = re.compile(
    r"\b(?:(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](one|two|three|four|five|six|seven|eight|nine)"
    r"|(" + "|".join(sorted((w for w in _WORDS_EN if " " not in w and w != "dozens"), key=len, reverse=True)) + r"))"
    r"(?:\s+(hundred|thousand|million|billion|trillion))?\b",
    re.I,
)
_FRACTIONS_EN = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "a quarter": 25.0, "one quarter": 25.0,
                 "two thirds": 200 / 3, "three quarters": 75.0, "doubled": 200.0, "tripled": 300.0}
_EN_FRACTION = re.compile(r"\b(" + "|".join(sorted(_FRACTIONS_EN, key=len, reverse=True)) + r")\b", re.I)


@dataclass(frozen=True)
class Quantity:
    """A value with what it is counted in: (2.06e10, "money", "cny"), (80.0, "ratio", "percent")."""

    value: float
    dimension: str = ""  # "" when the text gives no unit
    unit: str = ""

    def agrees(self, other: Quantity) -> bool:
        """Whether `other` states this value in a unit that does not contradict it."""
        if not _same_value(self, other):
            return False
        if not self.dimension or not other.dimension:
            return True
        if self.dimension != other.dimension:
            # A bare count in one and a counting word in the other: 27 and 27个 agree.
            return {self.dimension, other.dimension} <= {"count", ""}
        if self.dimension == "count":
            return "个" in (self.unit, other.unit) or self.unit == other.unit
        return self.unit == other.unit


def _same_value(a: Quantity, b: Quantity) -> bool:
    if a.value == b.value:
        return True
    # A share written as a fraction (三分之一, a third) is a rounded percentage in the other text.
    if a.dimension == b.dimension == "ratio" and a.unit == b.unit == "percent":
        return abs(a.value - b.value) <= 0.5
    return False


def _round(value: float) -> float:
    return float(f"{value:.9g}")


def _unit_zh(word: str) -> tuple[str, str]:
    if word in _UNITS_ZH:
        return _UNITS_ZH[word]
    return ("count", _SAME_COUNTER.get(word, word))


@lru_cache(maxsize=8192)
def quantities(text: str) -> tuple[Quantity, ...]:
    """The quantities `text` states, Chinese or English, each with its unit where the text gives one."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\[［【]\s*\d{1,3}(?:\s*[,，、]\s*\d{1,3})*\s*[\]］】]", " ", text)
    text = re.sub(r"(?<=[\d" + _CN + r"])\s*[余多](?=\s*[万亿])", "", text)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, quantity: Quantity) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Quantity(_round(quantity.value), quantity.dimension, quantity.unit))

    for match in re.finditer(r"百分之(" + _CN_NUM + r"|" + _NUM + r")(?:点([零〇一二三四五六七八九]+))?", text):
        fraction = float("0." + "".join(str(int(chinese_value(c) or 0)) for c in match.group(2))) if match.group(2) else 0.0
        add(*match.span(), Quantity(_number(match.group(1)) + fraction, "ratio", "percent"))
    for match in re.finditer(r"(?<![过近大超逾])(?:一半|半数)", text):  # exactly half; 过半 and 近半 are not a value
        add(*match.span(), Quantity(50.0, "ratio", "percent"))
    for match in re.finditer(r"(?:([" + _CN + r"])成)(?![本功立为长果绩员交])", text):
        value = chinese_value(match.group(1))
        if value is not None and match.group(1) not in "一":
            add(*match.span(), Quantity(value * 10, "ratio", "percent"))
    for match in re.finditer(r"(" + _CN_NUM + r"|" + _NUM + r")分之(" + _CN_NUM + r"|" + _NUM + r")", text):
        whole, part = _number(match.group(1)), _number(match.group(2))
        if whole:
            add(*match.span(), Quantity(100 * part / whole, "ratio", "percent"))
    for match in re.finditer(r"翻了?\s*(一|两|三|1|2|3)?\s*番", text):
        add(*match.span(), Quantity(2.0 ** (_number(match.group(1)) if match.group(1) else 1), "multiple", "times"))
    money_prefix = re.compile(r"(US\$|\$|USD\s*|¥|RMB\s*|€)\s*(" + _NUM + r")\s*(thousand|million|billion|trillion)?", re.I)
    for match in money_prefix.finditer(text):
        value = float(match.group(2).replace(",", "")) * (_ENGLISH_SCALE[match.group(3).lower()] if match.group(3) else 1)
        unit = {"$": "usd", "us$": "usd", "¥": "cny", "€": "eur"}.get(match.group(1).strip().lower(), "")
        unit = unit or ("usd" if match.group(1).strip().lower().startswith("usd") else "cny")
        add(*match.span(), Quantity(value, "money", unit))
    for match in re.finditer(
        r"(?<![A-Za-z\d.])(" + _NUM + r"|" + _CN_NUM + r")\s*(万亿|亿|万|千(?![瓦克米])|百(?!分))?\s*(?:(thousand|million|billion|trillion)\b)?",
        text,
        re.I,
    ):
        number_text = match.group(1)
        bare = re.fullmatch(r"(?:[一二两三四五六七八九][十百千万亿]|十[一二三四五六七八九])[" + _CN + r"万亿]*", number_text + (match.group(2) or ""))
        if not re.search(r"\d", number_text) and not _ZH_UNIT.match(text, match.end()) and not bare:
            continue  # a Chinese numeral counts only with a unit or a magnitude: "一批", "统一" are not numbers
        value = _number(number_text)
        if match.group(2) and re.search(r"\d", number_text):
            value *= _MAGNITUDE[match.group(2)]
        if match.group(3):
            value *= _ENGLISH_SCALE[match.group(3).lower()]
        end = match.end()
        unit_zh = _ZH_UNIT.match(text, end)
        dimension, unit = "", ""
        if unit_zh:
            dimension, unit = _unit_zh(unit_zh.group(0))
            end = unit_zh.end()
            per = _PER.match(text, end)
            if per:  # a rate: 元/吨 is not 元/千克
                unit, end = f"{unit}/{per.group(1)}", per.end()
            before = _CURRENCY_BEFORE.search(text, 0, match.start())
            if unit == "cny" and before:  # "港币16.27亿元" is Hong Kong dollars
                unit = _UNITS_ZH[before.group(1)][1]
            if number_text == "一" and dimension == "count":
                continue  # "一座", "一家": the indefinite article, not a figure anyone could get wrong
        else:
            unit_en = _EN_UNIT.match(text, end)
            if unit_en:
                index = next(int(k[1:]) for k, v in unit_en.groupdict().items() if v)
                dimension, unit = _UNITS_EN[index][1]
                end = unit_en.end()
        if not dimension and (
            re.match(r"\s*(?:年|月|日|号|时|点|:)", text[end:]) or _EN_MONTH.match(text, end)
            or _EN_MONTH_BEFORE.search(text[: match.start()])
        ):
            continue  # a date or a time: compared as a date
        add(match.start(), end, Quantity(value, dimension, unit))
    for match in _EN_WORD_NUM.finditer(text):
        if match.group(1):
            value = float(_WORDS_EN[match.group(1).lower()] + _WORDS_EN[match.group(2).lower()])
        else:
            value = float(_WORDS_EN[match.group(3).lower()])
        if match.group(4):
            value *= 100 if match.group(4).lower() == "hundred" else _ENGLISH_SCALE[match.group(4).lower()]
        if value <= 1 and not match.group(4):
            continue  # "one of the", "a": not a figure anyone could get wrong
        unit_en = _EN_UNIT.match(text, match.end())
        dimension, unit = _UNITS_EN[next(int(k[1:]) for k, v in unit_en.groupdict().items() if v)][1] if unit_en else ("", "")
        add(match.start(), unit_en.end() if unit_en else match.end(), Quantity(value, dimension, unit))
    for match in _EN_FRACTION.finditer(text):
        phrase = match.group(1).lower()
        kind = ("multiple", "times") if phrase in ("doubled", "tripled") else ("ratio", "percent")
        value = _FRACTIONS_EN[phrase] / 100 if kind[0] == "multiple" else _FRACTIONS_EN[phrase]
        add(*match.span(), Quantity(value, *kind))
    return tuple(found)


def _number(text: str) -> float:
    if re.search(r"\d", text):
        return float(text.replace(",", ""))
    value = chinese_value(text)
    return value if value is not None else 0.0


# -- dates ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Day:
    """A date as a text states it: any of its fields may be missing (10月12日 has no year)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    since: int | None = None  # the first month of a run of months ("1-7月": since 1, month 7)

    def agrees(self, other: Day) -> bool:
        """Whether `other` states no field that contradicts this one (a run of months is not its last month)."""
        return self.since == other.since and all(
            a is None or b is None or a == b
            for a, b in ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        )

    def held_by(self, other: Day) -> bool:
        """Whether `other` states every field this one states, with the same values."""
        return self.since == other.since and all(
            a is None or a == b for a, b in ((self.year, other.year), (self.month, other.month), (self.day, other.day))
        )


_CN_DIGITS = "零〇一二三四五六七八九"
_ZH_DATE = re.compile(
    r"(?:(\d{4}|[" + _CN_DIGITS + r"]{4})\s*年\s*)?(?:(\d{1,2}|[十一二三四五六七八九]{1,3})\s*月\s*)"
    r"(?:(\d{1,2}|[十一二三四五六七八九]{1,3})\s*[日号])?"
    r"|(\d{4}|[" + _CN_DIGITS + r"]{4})\s*年(?!代)"
)
# "1-7月", "2023年1至7月": a run of months, not the last of them.
_MONTH_RUN = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*(?:-|—|–|~|至|到)\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")
_MONTH_EN = MONTH_EN
_EN_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_EN}(?:,?\s+(\d{{4}}))?\b"
    rf"|\b{_MONTH_EN}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
    rf"|\b{_MONTH_EN}\s+(?:of\s+)?(\d{{4}})\b"
    rf"|\bin\s+{_MONTH_EN}(?![\w])"
    r"|\b(?:in|since|by|during|of|year)\s+((?:19|20)\d{2})\b",
    re.I,
)


def _field(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text) and len(text) == 4:
        return int("".join(str(_CN_DIGITS.index(c) if c != "〇" else 0) for c in text))
    value = chinese_value(text)
    return int(value) if value is not None else None


@lru_cache(maxsize=8192)
def days(text: str) -> tuple[Day, ...]:
    """The dates `text` states (Chinese or English), as far as it states them."""
    text = unicodedata.normalize("NFKC", text)
    found: list[Day] = []
    for match in _MONTH_RUN.finditer(text):
        year = _field(match.group(1))
        found.append(Day(year, int(match.group(3)), since=int(match.group(2))))
    text = _MONTH_RUN.sub(lambda m: " " * len(m.group(0)), text)
    for match in _ZH_DATE.finditer(text):
        if match.group(4):
            found.append(Day(year=_field(match.group(4))))
            continue
        month = _field(match.group(2))
        if month is None:
            continue  # a month no calendar has (22月) stays: no text can back it
        found.append(Day(_field(match.group(1)), month, _field(match.group(3))))
    for match in _EN_DATE.finditer(text):
        g = match.groups()
        if g[0]:
            found.append(Day(_field(g[2]), MONTHS_EN[g[1].lower().rstrip(".")], int(g[0])))
        elif g[3]:
            found.append(Day(_field(g[5]), MONTHS_EN[g[3].lower().rstrip(".")], int(g[4])))
        elif g[6]:
            found.append(Day(int(g[7]), MONTHS_EN[g[6].lower().rstrip(".")]))
        elif g[8]:
            found.append(Day(month=MONTHS_EN[g[8].lower().rstrip(".")]))
        elif g[9]:
            found.append(Day(year=int(g[9])))
    return tuple(found)


# Time named relative to the day something was said: only the passage saying it the same way backs it.
_RELATIVE = {
    "去年": "去年", "今年": "今年", "前年": "前年", "明年": "明年", "后年": "后年", "上月": "上月", "上个月": "上月",
    "本月": "本月", "下月": "下月", "下个月": "下月", "昨天": "昨天", "昨日": "昨天", "今天": "今天", "今日": "今天",
    "明天": "明天", "上周": "上周", "本周": "本周", "下周": "下周", "上半年": "上半年", "下半年": "下半年",
    "last year": "去年", "this year": "今年", "next year": "明年", "last month": "上月", "this month": "本月",
    "next month": "下月", "yesterday": "昨天", "today": "今天", "tomorrow": "明天", "last week": "上周",
    "this week": "本周", "next week": "下周", "first half": "上半年", "second half": "下半年",
}
_RELATIVE_RE = re.compile("|".join(re.escape(k) for k in sorted(_RELATIVE, key=len, reverse=True)), re.I)


def relative_times(text: str) -> frozenset[str]:
    """The relative times a text names, in Chinese: "last year" and 去年 are both 去年."""
    return frozenset(_RELATIVE[m.group(0).lower()] for m in _RELATIVE_RE.finditer(unicodedata.normalize("NFKC", text)))
