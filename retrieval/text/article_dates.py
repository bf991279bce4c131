"""A passage's place in time: its article's date, the day a paragraph opens with, the years its words
state, and whether it may answer for an asked `Period` (`allowed`, `held_to`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from retrieval.models import Passage
from retrieval.text.periods import FAR, Period, years_said


def dated(passage: Passage) -> date | None:
    """The passage's article date, when it names a year (a yearless MM-DD cannot be placed)."""
    value = passage.date
    if len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def stated_day(text: str) -> str:
    """The day a paragraph opens with ("2020年10月5日，…" -> 2020-10-05), "" when it opens with none."""
    match = re.match(r"\s*(?:[^，。]{0,12}?)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    if not match:
        return ""
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return ""


def stated_years(text: str) -> set[int]:
    """The years a text writes out ("2023年")."""
    return {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", text)}


def written_years(text: str) -> frozenset[str]:
    """The years a text writes in digits, in either language ("2023年", "in 2023")."""
    return frozenset(re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text))


def states(passage: Passage, period: Period) -> bool:
    """Whether the passage's own words place it in the period: "2023年", or "去年" in a 2024 article."""
    if not period.years:
        return False
    text = passage.text
    day = dated(passage)
    named = stated_years(text)
    if day is not None:
        named |= years_said(text, day.year)
    years = named & set(period.years)
    if not years:
        return False
    if period.month:
        return bool(re.search(rf"(?<!\d){period.month}\s*月", text))
    return True


# A period's figures are reported after it ends (a half-year's GDP in late July): a passage dated this
# soon after it is kept for it (chosen on the news calibration set; benchmarks/RESULTS.md, December).
REPORTED_WITHIN_DAYS = 45


# A day's event is reported on it or within this many days after, saying its day ("30日").
DAY_REPORTED_WITHIN = 3


def says_day(passage: Passage, day: date) -> bool:
    """Whether a passage's words name the day: "5月1日", or "1日" in a report of the next few days."""
    text = passage.text
    years = stated_years(text)
    if years and day.year not in years:
        return False
    published = dated(passage)
    if not years and published is not None and not 0 <= (published - day).days <= REPORTED_WITHIN_DAYS:
        return False  # "12月31日" in another year's report is that year's
    if re.search(rf"(?<!\d){day.month}\s*月\s*{day.day}\s*[日号]", text):
        return True
    return (published is not None and 0 < (published - day).days <= DAY_REPORTED_WITHIN
            and bool(re.search(rf"(?<![\d月]){day.day}\s*日", text)))


def _of_days(passage: Passage, period: Period, day: date | None) -> bool:
    """Whether a passage is an item of the exact period's days: it says one of them, or it is undated, or
    it is dated in the period and names no month outside it ("12月累计…" dated 3 January is December's)."""
    first = period.start
    while first <= period.end:
        if says_day(passage, first):
            return True
        first += timedelta(days=1)
    if day is None:
        return True  # an undated page (the seeds) may be about any day: never dropped by a period
    if not period.holds(day):
        return False
    months = {(period.start + timedelta(days=i)).month for i in range((period.end - period.start).days + 1)}
    named = [int(m) for m in re.findall(r"(?<!\d)(\d{1,2})\s*月", passage.text)]
    return not named or any(m in months for m in named)


def allowed(passage: Passage, period: Period) -> bool:
    """Whether a passage may answer for the period: dated in it or soon after, stating it, or undated.
    For one day: dated that day or saying it; another day's item is no answer."""
    day = dated(passage)
    if period.exact:
        return _of_days(passage, period, day)
    if period.day:
        return day == period.start or says_day(passage, period.start) or (day is None and not stated_years(passage.text))
    if day is None or period.holds(day) or states(passage, period):
        return True
    return period.end < day and (day - period.end).days <= REPORTED_WITHIN_DAYS


def held_to(passages: Sequence[Passage], period: Period | None) -> list[Passage]:
    """The passages the period allows, in their order (most relevant first); those dated outside it are
    left out. Relevance decides the order, not the date (ranking by date lost undated seed pages;
    benchmarks/RESULTS.md, December)."""
    if period is None:
        return list(passages)
    return [p for p in passages if allowed(p, period)]


def newest_first(passages: Sequence[Passage]) -> list[Passage]:
    """Dated passages newest first, then the undated ones, each group otherwise in its order."""
    return sorted(passages, key=lambda p: (dated(p) is None, -(dated(p) or FAR).toordinal()))


def says_another_year(passage: Passage, window: str, years: frozenset[str]) -> bool:
    """Whether a sentence says 今年/去年 (and no year) of an article dated in another year than those asked."""
    if not passage.date[:4].isdigit() or re.search(r"(?:19|20)\d{2}", window):
        return False
    said = {str(y) for y in years_said(window, int(passage.date[:4]), ("今年", "去年", "明年", "前年"))}
    return bool(said) and not said & years
