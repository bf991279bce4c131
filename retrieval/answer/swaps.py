"""Words the span gives, put in the wrong place: a noun swapped for its neighbour in the same frame (废气 for
废水, 二期 for 一期), a respective list re-paired ("华为和小米分别排名第一和第三" is not "小米排名第一"), a
deputy's title given whole (副会长 told as 会长), a subsidiary's fate told of its parent, a subject joined to
another's clause, a share turned round, an event moved to another place, and a figure counted another way
(环比 for 同比, 每月 for 每年, a running total for one month's)."""

from __future__ import annotations

import re

from retrieval.lexicon.cues import words
from retrieval.lexicon.tokens import tagged

# Characters that tell apart things of one kind: an order, a side, a designation.
_CONTRAST = frozenset("一二三四五六七八九十两甲乙丙丁上下东西南北前后左右内外新旧首末")
_CJK = r"[\u4e00-\u9fff]"


def _noun(word: str) -> bool:
    pairs = tagged(word)
    return (
        len(pairs) == 1 and pairs[0][1][:1] in ("n", "l", "j") or all(flag[:1] in ("n", "m", "q") for _, flag in pairs)
    )


def swapped(word: str, claim: str, evidence: str) -> bool:
    """Whether a word of the claim that `evidence` lacks stands where the evidence has another of its kind:
    the same words on either side, a filler of the same length sharing a character in place ("废水排放量"
    -> "废气排放量", "一期工程" -> "二期工程"), not a paraphrase (营收 for 收入)."""
    at = claim.find(word)
    if at < 0:
        return False
    left = re.search(rf"{_CJK}{{0,2}}$", claim[:at]).group(0)
    right = re.match(r"[\u4e00-\u9fff\d]{0,2}", claim[at + len(word) :]).group(0)
    if len(left) + len(right) < 3 or not left or not right:
        return False
    for match in re.finditer(re.escape(left) + rf"({_CJK}{{{len(word)}}})" + re.escape(right), evidence):
        other = match.group(1)
        if other == word or other in claim:
            continue
        differ = [i for i in range(len(word)) if word[i] != other[i]]
        if len(differ) == 1 and word[differ[0]] in _CONTRAST and other[differ[0]] in _CONTRAST:
            return True  # 二期 for 一期, 下半年 for 上半年
        if len(differ) < len(word) and _noun(word) and _noun(other):
            return True  # 废气 for 废水: the thing changed, its frame kept
    for match in re.finditer(re.escape(left) + rf"({_CJK}{{2,4}}?)" + re.escape(right), evidence):
        other = match.group(1)
        if (
            len(other) != len(word)
            and len(set(other) & set(word)) == 1
            and other not in claim
            and _noun(word)
            and _noun(other)
        ):
            return True  # 水质 for 空气质量
    return False


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"和|与|及|以及|、|，|,", text) if p.strip()]


def respective_fault(claim: str, span: str) -> bool:
    """Whether the claim pairs a subject of a "分别" list with another subject's item ("华为和小米分别排名第一
    和第三" does not back "小米排名第一")."""
    for clause in re.split(r"[。；;！？!?]", span):
        at = clause.find("分别")
        if at < 0:
            continue
        head = re.split(r"[，,]", clause[:at])[-1]
        subjects = _pieces(head)
        tail = re.split(r"[，,]", clause[at + 2 :])[0]
        items = _pieces(tail)
        if len(subjects) < 2 or len(subjects) != len(items):
            continue
        # The first item carries the shared verb ("排名第一"): keep what it has in common in shape with the rest.
        width = max(len(item) for item in items[1:])
        items = [items[0][-width:], *items[1:]]
        # The first subject carries what leads the clause, the last what they share ("北京和上海的GDP增速").
        first, last = subjects[0], subjects[-1]
        if len(first) > len(last) + 1:
            subjects[0] = first[-len(last) :]
        elif len(last) > len(first) + 1:
            subjects[-1] = last[: len(first)]
        for part in re.split(r"[，,；;。！？!?]", claim):
            for n, subject in enumerate(subjects):
                if len(subject) < 2 or subject not in part or items[n] in part:
                    continue
                after = part[part.find(subject) + len(subject) :]
                if any(m != n and item in after and item not in items[n] for m, item in enumerate(items)):
                    return True
    return False


# Titles that a prefix makes another's: 副会长 is not 会长, 子公司 is not 公司.
_PREFIXES = ("常务副", "副", "子", "分", "前", "原")


def title_fault(claim: str, span: str) -> bool:
    """Whether the claim gives a title that the span clause it rests on holds only with a prefix that makes it
    another's ("李四当选为副会长" does not back "李四当选为协会会长"), or gives the predicate of one designated
    thing to its sibling ("一号线已开通运营，二号线仍在建设中" does not back "二号线已开通运营")."""
    clauses = [c for c in re.split(r"[，,；;。！？!?]", span) if c.strip()]
    for clause in clauses:
        for match in re.finditer(rf"({'|'.join(_PREFIXES)})({_TITLE})", clause):
            prefix, title = match.groups()
            if title not in claim or prefix + title in claim or title in clause.replace(match.group(0), ""):
                continue
            rest = cjk_pairs(claim.replace(title, "，"))
            if _overlap(rest, clause) >= max(_overlap(rest, c) for c in clauses):
                return True
    for match in re.finditer(rf"({_FULL_ROLE})({_CJK}{{2,3}})", claim):
        role, person = match.groups()
        for name in (person, person[:2]):
            theirs = re.findall(rf"((?:(?:{_FULL_ROLE})\s*兼?\s*)+){name}", span)  # "副董事长兼 CEO 蔡力行"
            if theirs:
                if role not in {r for t in theirs for r in re.findall(_FULL_ROLE, t)}:
                    return True  # "总经理向辉明" where the span says "董事长向辉明"
                break
    opening = span[: m.start()] if (m := DESIGNATED.search(span)) else ""
    for match in re.finditer(DESIGNATED, claim):
        mine = match.group(0)
        theirs = [c for c in clauses if mine in c]
        siblings = [
            c
            for c in clauses
            if mine not in c and any(m.group(2) == match.group(2) for m in re.finditer(DESIGNATED, c))
        ]
        if theirs and siblings:
            rest = cjk_pairs(claim.replace(mine, "，")) - cjk_pairs(opening)  # the opening words are every clause's
            if max(_overlap(rest, c) for c in siblings) > max(_overlap(rest, c) for c in theirs):
                return True
    return False


# A thing told apart from its siblings by a designator: 一期 / 二期, 1号线, A公司, 乙方.
DESIGNATED = re.compile(r"([一二三四五六七八九十]|\d+|[A-Z]|[甲乙丙丁])(期|号线|号楼|标段|公司|方)")


def cjk_pairs(text: str) -> set[str]:
    """Every pair of adjacent Chinese characters in `text`."""
    return {text[i : i + 2] for i in range(len(text) - 1) if re.fullmatch(rf"{_CJK}{{2}}", text[i : i + 2])}


def _overlap(bigrams: set[str], clause: str) -> int:
    return len(bigrams & cjk_pairs(clause))


# A person's role, said before the name ("董事长向辉明"); the longer first, so 副总经理 is not read as 总经理.
_ROLE = (
    "常务副总经理|副总经理|总经理|副经理|经理|副董事长|董事长|副总裁|总裁|副主席|主席|副书记|书记|副省长|省长|副市长|市长|"
    "副区长|区长|副县长|县长|副厅长|厅长|副局长|局长|副处长|处长|副科长|科长|副院长|院长|副会长|会长|副行长|行长|副部长|部长|"
    "副主任|主任|总监|总工程师|总工|工程师|首席科学家|首席执行官|秘书长|董事|监事|教授|研究员"
)
_FULL_ROLE = rf"(?:常务副|副)?(?:{_ROLE}|CEO|CFO|COO|首席财务官|首席运营官)"
# A title a prefix can make another's ("副会长", "子公司"): a role, or a body.
_TITLE = rf"{_CJK}{{0,2}}?(?:{_ROLE}|社长|校长|公司|委员)"


# How a change is counted: on the year (同比, 按年) or on the month before (环比, 按月).
_ON_YEAR, _ON_MONTH = re.compile(r"同比|按年|比上年|较去年同期"), re.compile(r"环比|按月|比上月|较上月")
_CUMULATIVE = re.compile(
    r"累计|以来|前\d{1,2}个?月|1\s*[-—至到~]\s*\d{1,2}\s*月|[一二三四五六七八九十]+至[一二三四五六七八九十]+月|全年|上半年|下半年"
)
# How often an amount comes: 每年 is not 每月.
_RATE = re.compile(r"每(?:年|月|天|日|周|小时|季度)|年均|月均|日均")
_ONE_MONTH = re.compile(r"(?<![\d至到~—-])\d{1,2}\s*月(?:份)?(?!\d{1,2}日)")


def qualifier_swapped(mine: str, theirs: list[str]) -> bool:
    """Whether the claim counts its figure another way than the span does where it states the same figure:
    环比 for 同比, or a running total ("今年累计") for one month's ("7月…销量达49,935辆")."""
    rate = _RATE.findall(mine[-12:])
    if rate and all((theirs_rate := _RATE.findall(t[-12:])) and rate[-1] not in theirs_rate for t in theirs):
        return True  # "每人每月发放5万元" for "每人每年发放5万元"
    for own, other in ((_ON_YEAR, _ON_MONTH), (_ON_MONTH, _ON_YEAR)):
        if own.search(mine[-12:]) and all(other.search(t[-12:]) and not own.search(t[-12:]) for t in theirs):
            return True
    return bool(_CUMULATIVE.search(mine) and all(_ONE_MONTH.search(t) and not _CUMULATIVE.search(t) for t in theirs))


# "A占B的三分之一", "A是B的两倍": a share or a multiple, and what it is of.
_RATIO = re.compile(
    rf"({_CJK}{{2,12}}?)(?:占|是|为|相当于|约为)({_CJK}{{2,12}}?)的?(?:约|近|超过)?(?:[\d.]+%|[一二三四五六七八九十两百千\d.]+(?:分之[一二三四五六七八九十\d]+|倍|成))"
)


def ratio_inverted(claim: str, span: str) -> bool:
    """Whether the claim turns a share or a multiple the span states round ("全市…占该区的三分之一" for
    "该区…占全市的三分之一")."""
    theirs = [(set(words(m.group(1))), set(words(m.group(2)))) for m in _RATIO.finditer(span)]
    for m in _RATIO.finditer(claim):
        a, b = set(words(m.group(1))), set(words(m.group(2)))
        for x, y in theirs:
            # Each side's own words: the claim's whole holds the span's part's, its part the span's whole's.
            if a & (y - x) and b & (x - y) and not b & (y - x):
                return True
    return False


# Where an event took place: "在成都举行" is not "在璧山举行".
_AT = re.compile(rf"在({_CJK}{{2,8}}?)(举行|召开|举办|开幕|签约|签署|开工|发布|启动)")


def place_moved(claim: str, span: str) -> bool:
    """Whether the claim holds an event in a place the span gives another event, and holds it elsewhere
    ("签约仪式在重庆璧山举行" against "签约仪式在成都举行，项目将落户重庆璧山")."""
    theirs = [(m.group(1), m.group(2)) for m in _AT.finditer(span)]
    for m in _AT.finditer(claim):
        place, event = m.groups()
        held = [p for p, e in theirs if e == event]
        if held and not any(p in place or place in p for p in held) and place[-2:] in span:
            return True
    return False


# A part of a company or body: what befalls it does not befall the whole.
_PART = re.compile(
    rf"(?:旗下|下属|所属|的一家|的)(?:{_CJK}{{0,4}}?)(控股子公司|全资子公司|子公司|分公司|分行|支行|子企业|下属企业)(?:被|已|均|也)?({_CJK}{{4}})"
)


def part_told_as_whole(claim: str, span: str) -> bool:
    """Whether the claim tells of a company what the span tells of its subsidiary or branch ("该公司被罚款50万元"
    for "该公司旗下子公司被罚款50万元")."""
    return any(
        m.group(2) in claim
        and m.group(1)[-3:] not in claim
        and not re.search(r"子公司|分公司|分行|支行|子企业|下属", claim)
        for m in _PART.finditer(span)
    )


def recombined(subjects: tuple[str, ...], claim: str, span: str, others_in) -> bool:
    """Whether the claim joins a subject of one clause of the span to what another clause, led by another
    subject, says ("宁德时代在匈牙利建设新工厂" from "比亚迪在匈牙利建设新工厂，宁德时代则在德国扩建电池厂").
    `others_in(clause)` gives the subjects a span clause names."""
    clauses = [c for c in re.split(r"[，,；;。！？!?]", span) if c.strip()]
    if len(clauses) < 2:
        return False
    for part in re.split(r"[，,；;。！？!?]", claim):
        for subject in (s for s in subjects if s in part and s in span):
            rest = cjk_pairs(part.replace(subject, "，"))
            if len(rest) < 2:
                continue
            own = max((_overlap(rest, c) for c in clauses if subject in c), default=0)
            best = max(clauses, key=lambda c: (_overlap(rest, c), subject not in c))
            led = best.strip()
            if (
                subject not in best
                and _overlap(rest, best) > own
                and any(
                    led.startswith(other) and not _same_subject(other, subject)
                    for other in set(others_in(best)) - set(subjects)
                )
            ):
                return True
    return False


def _same_subject(a: str, b: str) -> bool:
    """Whether two names are one: one holds the other (巴南, 巴南区) or abbreviates it (中汽协, 中国汽车工业协会)."""
    short, long = sorted((a, b), key=len)
    if short in long:
        return True
    rest = iter(long)
    return short[0] == long[0] and all(char in rest for char in short)
