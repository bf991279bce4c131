"""Whether a sentence's dates are the span's: the same year, month and day, a part of a year kept with its
year (2025年第二季度 is not "2024年第二季度…2025年底"), a date kept with its event (2024年开工 is not
"2022年开工，2024年建成")."""

from __future__ import annotations

import re
import unicodedata

from retrieval.answer.figures import _QUARTER, _TALK, Claim
from retrieval.text.normalise import squash_spaces
from retrieval.text.quantities import days


def date_fault(claim: Claim, span: str) -> bool:
    """A date of the claim whose year, month or day the span does not state with it; a part of a year
    (2025年第二季度) that the span gives to another year ("2024年第二季度…2025年底")."""
    theirs = days(span)
    if any(not any(mine.held_by(other) for other in theirs) for mine in claim.days):
        return True
    if _event_moved(claim.text, span):
        return True
    span_parts = _year_parts(span)
    return any(
        (year, part) not in span_parts and any(p == part and y != year for y, p in span_parts)
        for year, part in _year_parts(claim.text)
    )


_DATE_TEXT = re.compile(
    r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}\s*年(?!\s*\d{1,2}\s*月)|(?<![\d月\s])\d{1,2}日(?=[\u4e00-\u9fff])"
)
_EVENT_AFTER = re.compile(r"\s*(?:[于在起,，]\s*)?([\u4e00-\u9fff]{2})")


def _event_moved(claim: str, span: str) -> bool:
    """Whether the claim gives a date an event the span gives another date: "2024年开工" against
    "2022年开工，2024年建成"; "于8月3日辞职" against "8月3日发布公告称…于7月30日辞职"."""
    claim, span = (squash_spaces(unicodedata.normalize("NFKC", t)) for t in (claim, span))
    clauses = re.split(r"[，,；;。！？!?]", span)
    for match in _DATE_TEXT.finditer(claim):
        event = _EVENT_AFTER.match(claim, match.end())
        if not event or event.group(1) in _TALK or not re.search(r"[\u4e00-\u9fff]", event.group(1)):
            continue
        date, what = match.group(0), event.group(1)
        own = [c for c in clauses if date in c]
        others = [
            c for c in clauses if date not in c
            and any((e := _EVENT_AFTER.match(c, m.end())) and e.group(1) == what for m in _DATE_TEXT.finditer(c))
        ]
        if own and not any(what in c for c in own) and others:
            return True
    return False


_YEAR_PART = re.compile(r"(\d{4})\s*年\s*(第?\s*[一二三四1-4]\s*季度|[上下]半年|年?底|年?初|年?末|\d{1,2}\s*月)")


def _year_parts(text: str) -> set[tuple[str, str]]:
    """(year, part) for each part of a year the text names with its year: ("2024", "Q2"), ("2025", "end")."""
    out = set()
    for match in _YEAR_PART.finditer(unicodedata.normalize("NFKC", text)):
        part = re.sub(r"\s", "", match.group(2))
        if "季度" in part:
            part = "Q" + _QUARTER.get(part.strip("第季度"), part.strip("第季度"))
        elif part.endswith(("底", "末")):
            part = "end"
        elif part.endswith("初"):
            part = "start"
        out.add((match.group(1), part))
    return out
