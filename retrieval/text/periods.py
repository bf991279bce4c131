"""Periods of days and the calendar words behind them: the `Period` and `TimeAsk` every stage reads,
the one table of relative years, of month names and of festivals, and the constructors the rules of
`retrieval/text/time_words.py` build periods with."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    """A span of days (both ends included) and how the question named it."""

    start: date
    end: date
    label: str
    # The years a passage may state to belong to the period, and the month if the period is one month.
    years: tuple[int, ...] = ()
    month: int = 0

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    # A day or a named span of days ("2021年5月1日", "全国两会期间"): only items of its days answer for it.
    exact: bool = False

    @property
    def day(self) -> bool:
        """Whether the period is one day."""
        return self.start == self.end

    def to_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


@dataclass(frozen=True)
class TimeAsk:
    """What a question asks of time, computed once and read by search, `decide`, timelines and the
    English path: a period, the latest, what changed, and the spans an answer must say itself."""

    period: Period | None = None
    latest: bool = False
    changes: bool = False
    # "上半年", "首日", "7月": words an answering sentence (or its headline) must say (`spoken`).
    spoken: tuple[str, ...] = ()
    # Words that name the period and no passage needs to contain ("三年前的春节").
    said: str = ""
    # Words that named a day or named period, written or not ("2021年5月1日", "去年国庆"): shown resolved.
    named: str = ""
    # "渝昆高铁开工当天，…": the event whose day the question is asked for, and what is asked of that day.
    anchor: str = ""
    rest: str = ""
    # "A和B哪个更早": the two events whose days are compared.
    order: tuple[str, str] = ()

    def __bool__(self) -> bool:
        return self.period is not None or self.latest or self.changes or bool(self.anchor or self.order)

FAR = date(1900, 1, 1)

ZH_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十二": 12}
EN_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10, "twelve": 12}

# A year named relative to the present one: "去年" is the year before. The one table of them.
RELATIVE_YEARS = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0, "本年": 0, "明年": 1}

# The English month names, full and short ("Sept" too), each to its number: the one list of them.
MONTH_NAMES = tuple(name.lower() for name in calendar.month_name if name)
MONTHS_EN = {name: i for i, name in enumerate(MONTH_NAMES, 1)} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
# A month's English name as a regex group: the longest forms first, an optional full stop after.
MONTH_WORDS = "|".join(sorted((name.capitalize() for name in MONTHS_EN), key=len, reverse=True))
MONTH_EN = rf"({MONTH_WORDS})\.?"
# A month a Chinese text names without a day ("7月", "7月份", "7月底"): the one definition of it.
MONTH_ZH = r"(?<!\d)(\d{1,2})\s*月(?!份?\s*\d)"


def relative_year(prefix: str, today: date) -> int:
    """The year "去"年, "前"年, "今"年… names, counted from today."""
    return today.year + RELATIVE_YEARS[prefix + "年"]


def years_said(text: str, year: int, words: tuple[str, ...] = ("今年", "去年", "前年")) -> set[int]:
    """The years a text of `year` names by relative words ("去年" in a 2024 article: 2023)."""
    return {year + RELATIVE_YEARS[word] for word in words if word in text}


def today_or(given: date | None) -> date:
    return given or date.today()


def count(text: str) -> int:
    """A count written in digits or Chinese numerals: "3", "三", "十二", "二十"."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + ZH_NUMBERS.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return 10 * ZH_NUMBERS.get(tens, 0) + ZH_NUMBERS.get(ones, 0)
    return ZH_NUMBERS.get(text, 0)


def en_count(text: str) -> int:
    return int(text) if text.isdigit() else EN_NUMBERS[text.lower()]


# -- periods ---------------------------------------------------------------------------------------
def span(start: date, end: date, label: str, month: int = 0) -> Period:
    """The days from start to end, the years they cross stated by a passage placing it there."""
    return Period(start, end, label, tuple(range(start.year, end.year + 1)), month)


def one_day(d: date, label: str) -> Period:
    return Period(d, d, label, (d.year,), d.month)


def whole_year(y: int, label: str) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), label, (y,))


def whole_month(y: int, m: int, label: str) -> Period | None:
    if not 1 <= m <= 12:
        return None
    return Period(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), label, (y,), m)


def half_year(y: int, second: bool, label: str) -> Period:
    return Period(date(y, 7, 1) if second else date(y, 1, 1), date(y, 12, 31) if second else date(y, 6, 30), label, (y,))


def before(start: date, label: str) -> Period:
    """Every day before `start`."""
    return Period(FAR, start - timedelta(days=1), label)


def months_back(today: date, n: int) -> date:
    month = today.month - n
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def month_of(today: date, back: int, label: str) -> Period | None:
    """The month `back` months before today's ("上个月": 1, "本月": 0)."""
    first = months_back(today.replace(day=1), back)
    return whole_month(first.year, first.month, label)


def recent_month(m: int, today: date) -> int:
    """The year of the last month `m` on or before today ("3月" asked in February means last March)."""
    return today.year if m <= today.month else today.year - 1


def recent(today: date, n: int, unit: str, label: str) -> Period:
    """The last n months, years, weeks or days up to today ("近三个月", "past two weeks")."""
    start = {"month": lambda: months_back(today, n), "year": lambda: months_back(today, 12 * n)}.get(
        unit, lambda: today - timedelta(days=n * (7 if unit == "week" else 1)))()
    return span(start, today, label)


# -- named days and periods -----------------------------------------------------------------------
# The lunar festivals by the lunar calendar (lunar_python), 清明 by its solar term; the others fixed.
FESTIVAL_WORDS = {
    "元旦": "元旦", "新年第一天": "元旦", "除夕": "除夕", "大年三十": "除夕", "春节前夕": "除夕", "春节": "春节",
    "大年初一": "春节", "清明节": "清明", "清明": "清明", "五一劳动节": "五一", "五一": "五一", "劳动节": "五一",
    "端午节": "端午", "端午": "端午", "中秋节": "中秋", "中秋": "中秋", "国庆节": "国庆", "国庆": "国庆",
    "新年前夕": "新年前夕", "跨年夜": "新年前夕", "岁末": "年底", "全国两会": "全国两会", "两会": "全国两会", "开学季": "开学季",
}


SPANS = frozenset({"全国两会", "开学季", "年初", "年中", "年底"})


def _lunar(year: int, month: int, day: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def festival(word: str, year: int) -> tuple[date, date] | None:
    """The days (first, last) a festival or named period covers in `year`; None for a word it does not know."""
    name = FESTIVAL_WORDS.get(word, word)
    if name == "清明":
        from lunar_python import Lunar

        solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
        d = date(solar.getYear(), solar.getMonth(), solar.getDay())
        return d, d
    lunar = {"春节": (1, 1), "端午": (5, 5), "中秋": (8, 15)}
    if name in lunar:
        d = _lunar(year, *lunar[name])
        return d, d
    if name == "除夕":
        d = _lunar(year, 1, 1) - timedelta(days=1)
        return d, d
    fixed = {"元旦": ((1, 1), (1, 1)), "五一": ((5, 1), (5, 1)), "国庆": ((10, 1), (10, 1)), "新年前夕": ((12, 31), (12, 31)),
             "年初": ((1, 1), (3, 31)), "年中": ((6, 1), (7, 31)), "年底": ((12, 1), (12, 31)),
             # the National People's Congress and the CPPCC meet in early March
             "全国两会": ((3, 3), (3, 15)), "开学季": ((8, 27), (9, 10))}
    if name not in fixed:
        return None
    (m1, d1), (m2, d2) = fixed[name]
    return date(year, m1, d1), date(year, m2, d2)
