"""The words that name a period, Chinese and English, each rule a pattern and what its match means
relative to `today`. `retrieval/text/dates.py` (`asked`) tries them in order, most specific first."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from retrieval.text.periods import (
    FAR,
    FESTIVAL_WORDS,
    MONTH_EN,
    MONTH_ZH,
    MONTHS_EN,
    SPANS,
    Period,
    before,
    count,
    en_count,
    festival,
    half_year,
    month_of,
    months_back,
    one_day,
    recent,
    recent_month,
    relative_year,
    span,
    whole_month,
    whole_year,
)

COUNT = r"(\d{1,2}|[一二两三四五六七八九十]|十二)"

ZH_RULES: list[tuple[re.Pattern, object]] = []
EN_RULES: list[tuple[re.Pattern, object]] = []
# Rules whose words name a day or named period ("三年前的春节", "2021年5月1日"): their periods are exact.
NAMED: set[object] = set()
# Of those, the ones whose words no passage writes ("三年前的春节"): left out of the focus. A date
# ("10月12日") stays: pages write it.
SILENT: set[object] = set()


def _rule(rules: list, flags: int):
    def rule(pattern: str, silent: bool = False, named: bool = False):
        def register(fn):
            rules.append((re.compile(pattern, flags), fn))
            SILENT.update([fn] if silent else [])
            NAMED.update([fn] if silent or named else [])
            return fn
        return register
    return rule


_zh = _rule(ZH_RULES, 0)
_en = _rule(EN_RULES, re.I)


def _year_to_today(m, today):
    """From the year (and month) the match names, group 1 (and 2), up to today."""
    return span(date(int(m[1]), int(m[2] or 1), 1), today, m[0])


def _between_years(m, today):
    """The whole years from group 1 to group 2, either order."""
    a, b = sorted((int(m[1]), int(m[2])))
    return span(date(a, 1, 1), date(b, 12, 31), m[0])


def _this_or_last_month(m, today):
    """"上个月", "本月", "last month", "this month"."""
    return month_of(today, 1 if (m[1] or "").lower() in ("上", "last") else 0, m[0])


# -- Chinese, most specific first --------------------------------------------------------------
# A year named relative to today: "三年前", "大前年", "去年"; None when the words name none.
_YEAR_BACK = r"(?:(?<!\d)((?:19|20)\d{2})\s*年|(?<!\d)(\d{1,2}|[一二两三四五六七八九十]+)\s*年\s*(?:以)?前(?:的)?|(大前|前|去|今|本)年(?:的)?)"


def _year_back(m, today: date, at: int = 1) -> int | None:
    """The year groups at, at+1, at+2 of a `_YEAR_BACK` match name, or None."""
    if m[at]:
        return int(m[at])
    if m[at + 1]:
        return today.year - count(m[at + 1])
    if m[at + 2]:
        return relative_year(m[at + 2], today)
    return None


def _festival_in(word: str, year: int | None, today: date, label: str, last: bool = False) -> Period | None:
    """A festival or named period in the year named, else its last occurrence up to today (`last`: the one before)."""
    if year is None and FESTIVAL_WORDS.get(word, word) in SPANS:
        return None  # "两会上…" names the event; its year must be named for the days to be asked
    if year is None:
        year = today.year
        found = festival(word, year)
        if found and (found[0] > today or last):
            year -= 1
    found = festival(word, year)
    if found is None:
        return None
    start, end = found
    return Period(start, end, label, (year,) if start.year == end.year == year else (start.year, end.year))


@_zh(r"(?:" + _YEAR_BACK + r"\s*)?(" + "|".join(sorted(map(re.escape, FESTIVAL_WORDS), key=len, reverse=True)) + r")(?:节)?(?:期间|假期|当天|当日|那天)?", silent=True)
def _zh_festival(m, today):
    """"2021年国庆", "去年中秋", "五年前新年前夕", "春节"."""
    return _festival_in(m[4], _year_back(m, today), today, m[0])


@_zh(r"(?:" + _YEAR_BACK + r"\s*)?(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", named=True)
def _zh_day(m, today):
    """A day: "2021年5月1日", "两年前8月1日", "5月1日" (the last one up to today)."""
    month, day = int(m[4]), int(m[5])
    year = _year_back(m, today)
    if year is None:
        # "7月20日到21日", "8月4日8时和8月11日8时分别…": a bare day among others or with an hour is an
        # event's time, which reports of later days give, not the day asked for.
        if len(re.findall(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]", m.string)) > 1 or re.match(r"\s*(?:\d|到|至|[-—~～]|凌晨|上午|下午|晚|早|夜|中午)", m.string[m.end():]):
            return None
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    try:
        return one_day(date(year, month, day), m[0])
    except ValueError:
        return None


@_zh(r"(?:(?<!\d)(\d{1,2}|[一二两三四五六七八九十]+)\s*年\s*(?:以)?前(?:的)?|(大前|前)年(?:的)?)\s*(\d{1,2}|[一二三四五六七八九十]|十[一二])\s*月(?:份)?(?!\s*\d)", silent=True)
def _zh_years_ago_month(m, today):
    """"两年前八月", "三年前9月", "前年3月": that month."""
    year = today.year - count(m[1]) if m[1] else relative_year(m[2], today)
    return whole_month(year, count(m[3]), m[0])


@_zh(r"(?<![\d年])(\d{1,2}|[一二两三四五六七八九十]+)\s*(年|个月|天|周|个星期)\s*(?:以)?前(?:的今天|的这一天|的同一天|的)?", silent=True)
def _zh_ago(m, today):
    """"三年前" (that year; "三年前的今天": that day), "两个月前" (that month), "三天前" (that day)."""
    n, unit = count(m[1]), m[2]
    if not n:
        return None
    if unit == "年":
        if "今天" in m[0] or "这一天" in m[0] or "同一天" in m[0]:
            return one_day(months_back(today, 12 * n), m[0])
        return whole_year(today.year - n, m[0])
    if unit == "个月":
        return month_of(today, n, m[0])
    d = today - timedelta(days=n * (7 if unit in ("周", "个星期") else 1))
    if unit != "天":
        start = d - timedelta(days=d.weekday())
        return Period(start, start + timedelta(days=6), m[0], (start.year,))
    return one_day(d, m[0])


@_zh(r"(?:(?<!\d)((?:19|20)\d{2})|(今|去|前|明))年\s*年?\s*(初|底|末|中(?![国央心部华秋]))", silent=True)
def _zh_part_of_year(m, today):
    """"今年年底", "2023年初", "去年年中"."""
    year = int(m[1]) if m[1] else relative_year(m[2], today)
    start, end = festival({"初": "年初", "底": "年底", "末": "年底", "中": "年中"}[m[3]], year)
    return Period(start, end, m[0], (year,))


@_zh(r"大前天|前天|昨天|昨日|今天|今日", silent=True)
def _zh_near_day(m, today):
    return one_day(today - timedelta(days={"大前天": 3, "前天": 2, "昨天": 1, "昨日": 1, "今天": 0, "今日": 0}[m[0]]), m[0])


@_zh(r"(?:截至|截止到?|到)?\s*(上上|上|本|这)(?:个)?(?:周|星期)", silent=True)
def _zh_week(m, today):
    back = {"上上": 2, "上": 1, "本": 0, "这": 0}[m[1]]
    start = today - timedelta(days=today.weekday() + 7 * back)
    end = min(start + timedelta(days=6), today)
    if m[0].startswith(("截至", "截止", "到")):
        return Period(FAR, end, m[0], tuple(range(2000, end.year + 1)))
    return span(start, end, m[0])


@_zh(r"大前年(?!\s*(?:\d{1,2}|[一二三四五六七八九十])\s*月)", silent=True)
def _zh_three_years_back(m, today):
    return whole_year(relative_year("大前", today), m[0])


_zh(r"(?<!\d)((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?\s*(?:到|至)\s*(?:今年|现在|目前|今天|如今)")(_year_to_today)


_zh(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:到|至|—|-|~|～)\s*((?:19|20)\d{2})\s*年(?![\d]{0,2}\s*月)")(_between_years)


@_zh(r"(?:(?<!\d)((?:19|20)\d{2})\s*年|(今|去|前)年)\s*(上|下)半年")
def _zh_half(m, today):
    return half_year(int(m[1]) if m[1] else relative_year(m[2], today), m[3] == "下", m[0])


_zh(r"(?:自|从)?\s*(?<!\d)((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?\s*(?:以来|起|之后|以后|至今)")(_year_to_today)


@_zh(r"(?<!\d)((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?\s*(?:以前|之前|前(?![一二三四五六七八九十两\d]))")
def _zh_before_year(m, today):
    return before(date(int(m[1]), int(m[2] or 1), 1), m[0])


_PART_OF_MONTH = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, 31), "底": (21, 31), "末": (21, 31)}


def _part_month(m, today):
    """"7月底", "2023年7月上旬": that part of the month (the month is what an answer must say)."""
    month = int(m[2])
    if not 1 <= month <= 12:
        return None
    whole = whole_month(int(m[1]) if m[1] else recent_month(month, today), month, m[0])
    first, last = _PART_OF_MONTH[m[3]]
    return replace(whole, start=whole.start.replace(day=first), end=whole.end.replace(day=min(last, whole.end.day)))


# "2023年7月底" is that part of the month, as "7月底" is (below); "2023年7月中国…" is July.
_zh(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月份?\s*(上旬|中旬|下旬|底|末|初)(?!\s*\d)")(_part_month)


@_zh(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")
def _zh_year_month(m, today):
    return whole_month(int(m[1]), int(m[2]), m[0])


@_zh(r"(?<!\d)((?:19|20)\d{2})\s*年")
def _zh_year(m, today):
    return whole_year(int(m[1]), m[0])


@_zh(r"(今|去|前|本)年\s*(\d{1,2}|[一二三四五六七八九十]|十[一二])\s*月(?!\s*\d{1,2}\s*[日号])")
def _zh_relative_year_month(m, today):
    return whole_month(relative_year(m[1], today), count(m[2]), m[0])


@_zh(r"(今|去|前|本)年(?!\s*(?:\d{1,2}|[一二三四五六七八九十])\s*月\s*\d)")
def _zh_relative_year(m, today):
    return whole_year(relative_year(m[1], today), m[0])


@_zh(r"(?:近|最近|过去|这)\s*" + COUNT + r"\s*个?\s*(月|年|周|星期|天|日)")
def _zh_recent(m, today):
    n = count(m[1])
    unit = {"月": "month", "年": "year", "周": "week", "星期": "week"}.get(m[2], "day")
    return recent(today, n, unit, m[0]) if n else None


_zh(r"(上)个?月|本月|这个月")(_this_or_last_month)


@_zh(r"(?<![\d年])(\d{1,2})\s*月(?:份)?\s*(?:以来|起|之后|以后|至今)")
def _zh_since_month(m, today):
    month = int(m[1])
    if not 1 <= month <= 12:
        return None
    return span(date(recent_month(month, today), month, 1), today, m[0])


_zh(r"(?:(?<!\d)((?:19|20)\d{2})\s*年|(?<![\d年.]))(\d{1,2})\s*月份?\s*(上旬|中旬|下旬|底|末|初|中)(?!\s*\d)")(_part_month)


# A bare month ("3月", "7月份") names a period only when no day follows: "7月30日启动了几级响应" asks about
# an event's day, which any later article may report. A part of it ("7月底") is `_part_month`'s.
@_zh(r"(?<![年.])" + MONTH_ZH + r"份?(?![底初中]|\s*[上下]旬)")
def _zh_bare_month(m, today):
    month = int(m[1])
    return whole_month(recent_month(month, today), month, m[0]) if 1 <= month <= 12 else None


# -- English ------------------------------------------------------------------------------------
_EN_FESTIVALS = {
    "new year's eve": "新年前夕", "new year’s eve": "新年前夕", "new year's day": "元旦", "new year’s day": "元旦",
    "spring festival": "春节", "chinese new year": "春节", "lunar new year": "春节", "qingming": "清明",
    "tomb-sweeping day": "清明", "tomb sweeping day": "清明", "may day": "五一", "labour day": "五一", "labor day": "五一",
    "dragon boat festival": "端午", "mid-autumn festival": "中秋", "mid autumn festival": "中秋", "national day": "国庆",
    "two sessions": "全国两会", "back-to-school season": "开学季", "start of the school year": "开学季",
}
_EN_FESTIVAL = "|".join(sorted(map(re.escape, _EN_FESTIVALS), key=len, reverse=True))
_EN_AGO = r"(?:(\d{1,2}|one|a|two|three|four|five|six|seven|eight|nine|ten) years? ago|(last|this) year|in ((?:19|20)\d{2}))"


def _en_year_back(m, today: date, at: int) -> int | None:
    if m[at]:
        return today.year - en_count(m[at])
    if m[at + 1]:
        return relative_year("去" if m[at + 1].lower() == "last" else "今", today)
    if m[at + 2]:
        return int(m[at + 2])
    return None


@_en(r"\b(?:on |during |at |over )?(?:the )?(?:(last) )?(" + _EN_FESTIVAL + r")(?:\s+(?:of\s+)?((?:19|20)\d{2}))?(?:,?\s*" + _EN_AGO + r")?", silent=True)
def _en_festival(m, today):
    """"during Spring Festival 2021", "on National Day three years ago", "last Mid-Autumn Festival"."""
    word = _EN_FESTIVALS[m[2].lower().replace("’", "'")] if m[2].lower().replace("’", "'") in _EN_FESTIVALS else _EN_FESTIVALS[m[2].lower()]
    year = int(m[3]) if m[3] else _en_year_back(m, today, 4)
    return _festival_in(word, year, today, m[0].strip(), last=bool(m[1]))


@_en(r"\b(?:(\d{1,2}|one|a|two|three|four|five|six|seven|eight|nine|ten) (years?|months?|weeks?|days?) ago|the day before yesterday|yesterday|today)\b", silent=True)
def _en_ago(m, today):
    """"three years ago" (that year), "two months ago" (that month), "three days ago", "yesterday"."""
    if not m[1]:
        return one_day(today - timedelta(days={"the day before yesterday": 2, "yesterday": 1, "today": 0}[m[0].lower()]), m[0])
    n, unit = en_count(m[1]), m[2].lower().rstrip("s")
    if unit == "year":
        return whole_year(today.year - n, m[0])
    if unit == "month":
        return month_of(today, n, m[0])
    return one_day(today - timedelta(days=n * (7 if unit == "week" else 1)), m[0])


@_en(r"\b(last|this) week\b", silent=True)
def _en_week(m, today):
    start = today - timedelta(days=today.weekday() + 7 * (m[1].lower() == "last"))
    return span(start, min(start + timedelta(days=6), today), m[0])


@_en(r"\b(?:on )?" + MONTH_EN + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b", named=True)
def _en_day(m, today):
    try:
        return one_day(date(int(m[3]), MONTHS_EN[m[1].lower()], int(m[2])), m[0])
    except ValueError:
        return None


_en(r"\b(?:between|from)\s+((?:19|20)\d{2})\s+(?:and|to|until|through)\s+((?:19|20)\d{2})\b")(_between_years)


@_en(r"\b(first|second) half of (?:((?:19|20)\d{2})|(this|last) year)\b|\bH([12]) ((?:19|20)\d{2})\b")
def _en_half(m, today):
    if m[4]:
        return half_year(int(m[5]), m[4] == "2", m[0])
    y = int(m[2]) if m[2] else relative_year("去" if m[3].lower() == "last" else "今", today)
    return half_year(y, m[1].lower() == "second", m[0])


@_en(r"\bsince\s+(?:" + MONTH_EN + r"\s+)?((?:19|20)\d{2})\b")
def _en_since_year(m, today):
    return span(date(int(m[2]), MONTHS_EN[m[1].lower()] if m[1] else 1, 1), today, m[0])


@_en(r"\bsince\s+" + MONTH_EN + r"(?!\s*\d)")
def _en_since_month(m, today):
    month = MONTHS_EN[m[1].lower()]
    return span(date(recent_month(month, today), month, 1), today, m[0])


@_en(r"\bbefore\s+(?:" + MONTH_EN + r"\s+)?((?:19|20)\d{2})\b")
def _en_before(m, today):
    return before(date(int(m[2]), MONTHS_EN[m[1].lower()] if m[1] else 1, 1), m[0])


@_en(r"\b" + MONTH_EN + r",?\s+((?:19|20)\d{2})\b")
def _en_month_year(m, today):
    return whole_month(int(m[2]), MONTHS_EN[m[1].lower()], m[0])


@_en(r"\b(?:in|during|for|of|throughout)\s+((?:19|20)\d{2})\b(?!\s*[-–]\d)")
def _en_year(m, today):
    return whole_year(int(m[1]), m[0])


@_en(r"\b(last|this|past) year\b")
def _en_relative_year(m, today):
    if m[1].lower() == "past":
        return recent(today, 1, "year", m[0])
    return whole_year(relative_year("去" if m[1].lower() == "last" else "今", today), m[0])


@_en(r"\b(?:last|past|previous)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(months?|years?|weeks?|days?)\b")
def _en_recent(m, today):
    return recent(today, en_count(m[1]), m[2].lower().rstrip("s"), m[0])


_en(r"\b(last|this) month\b")(_this_or_last_month)


@_en(r"\bin\s+" + MONTH_EN + r"(?!\s*\d)")
def _en_month(m, today):
    month = MONTHS_EN[m[1].lower()]
    return whole_month(recent_month(month, today), month, m[0])

