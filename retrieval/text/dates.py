"""When a question asks about: the one room for time. `asked` reads a question once into a `TimeAsk`
that search, `decide`, timelines and the English path all read: a period (2023年, 去年, 今年上半年, 近三个月,
since March; 三年前的春节, 前天, 上周, 去年国庆, 2021年5月1日, three years ago), the latest, what changed, the
spans an answer must say itself (上半年, 7月), an event whose day is asked ("X当天，…") or two events to
order ("A和B哪个更早").

Relative words are resolved against `today` (the caller's date for tests and replays, else the
real one); 春节, 端午, 中秋 by the lunar calendar and 清明 by its solar term (lunar_python). A passage's
date is its article's front matter date, or for an undated article the day its paragraph opens with
(set at ingest); a yearless one (`MM-DD`, as some news sites print it) counts as undated. A period
holds search to the passages dated inside it or soon after it, those that state it themselves (a 2024
article's "2023年…", or its "去年") and undated ones, most relevant first; passages dated outside it
are dropped. A day or a short named span is exact: only items of its days answer for it.

The calendar (`Period`, relative years, month and festival names) is retrieval/text/periods.py, the
rules naming periods retrieval/text/time_words.py, a passage's dates retrieval/text/article_dates.py;
this module reads a question and re-exports the rest.
"""


from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

# The passage side and the calendar, re-exported: callers read time from this one module.
from retrieval.text.article_dates import (  # noqa: F401
    DAY_REPORTED_WITHIN,
    REPORTED_WITHIN_DAYS,
    allowed,
    dated,
    held_to,
    newest_first,
    says_another_year,
    says_day,
    stated_day,
    stated_years,
    states,
    written_years,
)
from retrieval.text.periods import (  # noqa: F401
    FESTIVAL_WORDS,
    MONTH_NAMES,
    MONTH_WORDS,
    MONTH_ZH,
    MONTHS_EN,
    Period,
    TimeAsk,
    festival,
    span,
    today_or,
)
from retrieval.text.time_words import COUNT, EN_RULES, NAMED, SILENT, ZH_RULES

# "最新的计划总投资", "目前", "现在", "latest", "currently": the newest article that answers leads.
_LATEST_ZH = re.compile(r"最新|目前|现在|当前|如今|眼下|(?<!截)至今|最近(?!\s*" + COUNT + r"\s*个?\s*(?:月|年|周|星期|天|日))")
_LATEST_EN = re.compile(r"\b(latest|current(ly)?|now|most recent(ly)?|recently|as of today|so far|these days)\b", re.I)
# "有什么变化", "进展", "历程", "how has … changed": the dated figures in order.
_CHANGES_ZH = re.compile(r"变化|变了|进展|历程|演变|前后|历次|先后|怎么变|如何变|发展过程|来龙去脉")
_CHANGES_EN = re.compile(
    r"\bhow (has|have|did)\b.*\b(change|changed|evolve|evolved|develop|developed|grow|grown|progress|progressed)\b|"
    r"\bwhat (has )?changed\b|\bchanges (in|to|of)\b|\bover time\b|\bhistory of\b|\btimeline\b", re.I)

_CHANGE_WORDS_EN = re.compile(r"\b(changed?|changes|evolved?|progressed|over time|history of|timeline of)\b", re.I)


# "渝昆高铁开工当天，…", "那天": the event a question places its day by.
_ANCHOR = re.compile(r"^(.{3,40}?)(?:的)?(?:当天|那天|那一天|同一天|当日)\s*[，,、]?\s*(.+)$")
# "A和B哪个更早", "B与A，哪件事先发生?", "A还是B，哪个在前?"
_ORDER = re.compile(
    r"^(.{2,40}?)\s*(?:和|与|跟|还是)\s*(.{2,40}?)\s*[，,]?\s*(?:哪个|哪件事|哪一个|谁)\s*(?:更早|先|在前|较早|最早)(?:发生|一些)?\s*[?？。]?$")
_ORDER_EN = re.compile(r"^(?:which came first|which happened first|which was earlier)[:,]?\s*(.+?)\s+or\s+(.+?)\s*\??$", re.I)


def asked(question: str, today: date | None = None) -> TimeAsk:
    """The time constraint a question states (Chinese or English), relative words resolved against `today`."""
    today = today_or(today)
    if order := (_ORDER.match(question.strip()) or _ORDER_EN.match(question.strip())):
        return TimeAsk(order=(order[1].strip(" ，,"), order[2].strip(" ，,")))
    anchor = _ANCHOR.match(question.strip())
    if anchor and not _is_time(anchor[1]):
        return TimeAsk(anchor=anchor[1].strip(" ，,"), rest=anchor[2], spoken=spoken(anchor[2]))
    rules = EN_RULES if re.search(r"[A-Za-z]{3,}", question) and not re.search(r"[\u4e00-\u9fff]", question) else ZH_RULES
    period, said, named = None, "", ""
    for pattern, rule in rules:
        match = pattern.search(question)
        if match and (found := rule(match, today)) is not None:
            period = found
            # A whole date ("2021年5月1日") holds search to its day's passages: its words add nothing and
            # would favour any page that writes the date out. A bare "10月12日" stays for undated pages.
            said = match[0] if rule in SILENT or (rule in NAMED and re.search(r"年|\d{4}", match[0])) else ""
            named = match[0] if rule in NAMED else ""
            if named and (found.day or (found.end - found.start).days <= EXACT_WITHIN_DAYS):
                period = replace(found, exact=True)
            # "截至今年6月累计…" is reported after June: from the period on.
            if re.search(r"(截至|截止|到|as of|up to|until)\s*$", question[: match.start()], re.I) and found.end < today:
                period = span(found.start, today, found.label, found.month)
            break
    latest_words = _LATEST_EN if rules is EN_RULES else _LATEST_ZH
    changes_words = _CHANGES_EN if rules is EN_RULES else _CHANGES_ZH
    changes = bool(changes_words.search(question))
    return TimeAsk(
        period=period, latest=bool(latest_words.search(question)) and not changes, changes=changes,
        spoken=spoken(question), said=said, named=named,
    )


# A span of named days this short holds answers to its own days' items ("全国两会期间", "上周").
EXACT_WITHIN_DAYS = 15


def _is_time(text: str) -> bool:
    """Whether words before 当天 name a time ("两年前国庆节", "5月1日"), not an event."""
    for pattern, rule in ZH_RULES:
        match = pattern.search(text)
        if match and rule in NAMED and len(text.strip()) - len(match[0]) <= 2:
            return True
    return False


def plain(question: str, ask: TimeAsk | None = None) -> str:
    """The question without its latest / what-changed words and the words naming a day or named
    period ("三年前的春节"), which no passage needs to contain."""
    if ask is not None and ask.said:
        question = question.replace(ask.said, " ")
    for pattern in (_LATEST_ZH, _CHANGES_ZH, _LATEST_EN, _CHANGE_WORDS_EN):
        question = pattern.sub(" ", question)
    return " ".join(question.split())


# -- what an answer must say itself ----------------------------------------------------------------
_MONTH = rf"(?P<month>{MONTH_WORDS})"
_DATES = (
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? {_MONTH}\b", re.I),
    re.compile(rf"\b{_MONTH}\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b", re.I),
    re.compile(rf"\b(?:in|since|by|until|from|of|during|early|mid|late|end of) {_MONTH}\b", re.I),
)


def english_dates(text: str) -> list[str]:
    """The dates an English text names, as Chinese news writes them: "8 August" -> 8月8日, "in July" -> 7月."""
    found: list[str] = []
    taken: set[int] = set()  # where a month already counted with its day ("from July 20th" is not "from July")
    for pattern in _DATES:
        for match in pattern.finditer(text):
            if match.start("month") in taken:
                continue
            taken.add(match.start("month"))
            month = MONTHS_EN[match["month"].lower()[:3]]
            day = match.groupdict().get("day")
            said = f"{month}月{int(day)}日" if day else f"{month}月"
            if said not in found:
                found.append(said)
    return found


_SPAN = re.compile(
    r"[上下]半年|前?[一二三四1-4]季度|前[一二两三四五六七八九十\d]{1,2}个?月|首[日周月]|"
    r"\b(?:first|second) half\b|\b(?:first|second|third|fourth) quarter\b|\bfirst (?:day|week|month)\b",
    re.I,
)
_SPAN_ZH = {"first half": "上半年", "second half": "下半年", "first quarter": "一季度", "second quarter": "二季度",
            "third quarter": "三季度", "fourth quarter": "四季度", "first day": "首日", "first week": "首周",
            "first month": "首月"}


def spans(text: str) -> list[str]:
    """The spans a question is about, as Chinese news writes them: "上半年", "首日"; "first half" -> 上半年."""
    return list(dict.fromkeys(_SPAN_ZH.get(m.group(0).lower(), m.group(0)) for m in _SPAN.finditer(text)))


def months(question: str) -> list[str]:
    """The months a question names without a day ("7月", "7月底", "in July" -> 7月)."""
    found = [f"{month}月" for month in re.findall(MONTH_ZH, question)]
    found += [said for said in english_dates(question) if said.endswith("月")]
    return list(dict.fromkeys(found))


def spoken(question: str) -> tuple[str, ...]:
    """What an answering sentence or its headline must say itself: the spans, then the months."""
    return tuple(dict.fromkeys(spans(question) + months(question)))
