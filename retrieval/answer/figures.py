"""Whether a sentence's figures are the passage's: the same value in the same unit, for the same thing,
period, date, company and direction of change (206亿元 is not 206亿美元; "上半年…1.43亿元" is not backed
by "第二季度…1.43亿元"; "富力地产…311.2亿元" is not backed by "世茂集团…311.2亿元").
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Protocol

from retrieval.answer.swaps import DESIGNATED, cjk_pairs, qualifier_swapped
from retrieval.lexicon import cues
from retrieval.lexicon.gazetteer import names_place
from retrieval.lexicon.tokens import tagged
from retrieval.text.language import Language
from retrieval.text.numbers import chinese_value, stated
from retrieval.text.quantities import Day, Quantity, days, quantities


class Claim(Protocol):
    """What this module reads of a sentence (support.Claim)."""

    text: str
    language: Language
    names: tuple[str, ...]
    places: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    days: tuple[Day, ...]

    @property
    def numbers(self) -> frozenset[float]: ...

# Characters that carry no content on their own: a bigram with one of them measures the wording.
_FUNCTION = frozenset("的了是在和与及等也都已将为对于其这那个并而且或被把从到由向以之所有该此各年月日")

# Claim words that need no backing: how an answer talks, not what it states.
_TALK = frozenset(
    """根据 报道 文章 提到 提及 介绍 显示 表示 指出 称 据悉 其中 包括 主要 分别 共计 总共 一共 合计 共有 此外 另外 同时
    以及 还有 涉及 方面 领域 相关 具体 情况 内容 如下 以下 总结 简报 时间线 回答 答案 问题 可以 能够 已经 目前 正在
    进行 实现 达到 约 大约 左右 超过 其 他们 它们 该 这 这个 这些 那些 此次 本次 当时 期间 之后 之前 以来 由于 因此
    所以 但是 然而 并且 而且 这是 就是 即 哪些 什么 多少 哪里 何时 哪个 哪家 怎么 怎样 如何 是否 为什么 几个 谁 一项 一个 一家 项目 计划 分别是 包括了 共 达 为 是 有 在 于 与 和 及 等""".split()
)



_CLOCK = re.compile(r"\d+\s*(?:年|月|时|点钟|点|分|秒|日|号)")


def quantity_fault(claim: Claim, span: str) -> bool:
    """A quantity of the claim that the span does not state in an agreeing unit."""
    theirs = quantities(span)
    bare = stated(_CLOCK.sub(" ", span))
    rounded = _rounded(claim.text)
    for mine in claim.quantities:
        if any(mine.agrees(other) for other in theirs):
            continue
        if mine.value in rounded and any(
            other.dimension == mine.dimension and other.unit == mine.unit and abs(other.value - mine.value) < rounded[mine.value]
            for other in theirs
        ):
            continue  # "约2083亿元" for 2083.46亿元: rounded, and said to be
        if mine.dimension and any(other.value == mine.value and other.dimension for other in theirs):
            return True  # the same figure in another unit or currency
        if mine.dimension in ("", "count") and mine.value in bare:
            continue  # stated bare, or in a form read only as a number ("27" in a list); not a time ("8时")
        if mine.unit == "month" and f"M{mine.value:g}" in {_last_period(c) for c in re.split(r"[，,；;。！？!?]", span)}:
            continue  # "前7个月" for "1-7月": a reporting period, which the period check compares
        return True
    return False


_UP = re.compile(r"(?<!负)增长|增加|提高|提升|上升|上涨|增幅|涨幅|回升|扩大|多出|高出|(?<=[周月日年])涨|[涨升](?=\s*(?:超|逾|近|约|了)?\s*(?:\d|$))|\b(?:rose|rise[sn]?|grew|grow[sn]?|growth|increas\w*|up)\b", re.I)
_DOWN = re.compile(r"负增长|下降|减少|降低|下滑|下跌|回落|降幅|跌幅|缩小|萎缩|少了|减少|(?<=[周月日年])跌|[跌降](?=\s*(?:超|逾|近|约|了)?\s*(?:\d|$))|\b(?:fell|fall[sn]?|drop\w*|declin\w*|decreas\w*|down)\b", re.I)
_VALUE = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|百)?(?![\d.]|\s*[年月日号时])")
_ABOUT = re.compile(r"(?<=\d)\s*[余多](?=\s*[万亿])")


_ROUNDED = re.compile(r"(?:约|大约|约为|约合)\s*(\d+(?:\.(\d+))?)\s*(万亿|亿|万|千|百)?")
_MAGNITUDE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2, None: 1}


def _rounded(text: str) -> dict[float, float]:
    """The figures a text says are rounded ("约2083亿元"), each with its last digit's step (1亿)."""
    out = {}
    for match in _ROUNDED.finditer(unicodedata.normalize("NFKC", text)):
        scale = _MAGNITUDE[match.group(3)]
        out[round(float(match.group(1)) * scale, 6)] = 10 ** -len(match.group(2) or "") * scale
    return out


def _values_at(text: str) -> list[tuple[float, int, int]]:
    """(value, start, end) of each figure in `text`: Arabic with its 万/亿 applied, or Chinese with a unit
    after it ("六成", "三万辆"), read as its digits say (六成 is 6: the same figure in both texts is found)."""
    out = []
    for match in _VALUE.finditer(text):
        value = float(match.group(1).replace(",", ""))
        value *= _MAGNITUDE[match.group(2)]
        out.append((float(f"{value:.9g}"), match.start(), match.end()))
    for match in _CHINESE_FIGURE.finditer(text):
        value = chinese_value(match.group(0))
        if value is not None and value != 1:
            out.append((float(f"{value:.9g}"), match.start(), match.end()))
    return sorted(out, key=lambda found: found[1])


# A Chinese numeral with a unit, a share or a multiple after it ("六成", "三万辆", "两倍"); not "一批", "统一".
_CHINESE_FIGURE = re.compile(
    r"(?<![\d.零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
    r"(?=成|倍|个|项|家|名|辆|座|台|套|亩|户|人|元|%)"
)


def _direction(before: str) -> str:
    """"up" or "down": which way the last change word before a figure goes ("同比下降2.3%")."""
    ups, downs = list(_UP.finditer(before)), list(_DOWN.finditer(before))
    last_up = ups[-1].end() if ups else -1
    last_down = downs[-1].end() if downs else -1
    if last_up == last_down:
        return ""
    return "up" if last_up > last_down else "down"


def binding_fault(claim: Claim, span: str) -> bool:
    """A Chinese figure of the claim that the span gives to something else: the change goes the other
    way (增长 for 下降), or the word that says what the figure measures ("零售73.7万辆", "出资300亿元")
    is nowhere near the same figure in the span ("批发销量达到73.7万辆", "子基金总规模近300亿元")."""
    if claim.language != "zh":
        return False
    text, theirs = (_ABOUT.sub("", unicodedata.normalize("NFKC", t)) for t in (claim.text, span))
    for value, start, end in _values_at(text):
        clause = re.split(r"[，,；;。！？!?、]", text[:start])[-1]
        after = re.split(r"[，,；;。！？!?、]", text[end:])[0]
        places_ = [(b, e) for v, b, e in _values_at(theirs) if v == value]
        if not places_:
            continue
        # What comes before the same figure in the span: the rest of its sentence, its last 20 characters.
        befores = [re.split(r"[；;。！？!?]", theirs[:b])[-1][-20:] for b, _ in places_]
        clauses = [before + re.split(r"[，,；;。！？!?]", theirs[e:])[0] for before, (_, e) in zip(befores, places_, strict=False)]
        mine = _direction(clause)
        if mine and not any(_direction(before) == mine for before in befores):
            return True
        # The date a figure is given for: "截至3月31日…为X" is not backed by "截至6月30日…为X".
        when = _last_day(re.split(r"[。！？!?；;]", text[:start])[-1])
        if when and not any(
            (theirs_when := _last_day(re.split(r"[。！？!?；;]", theirs[:b])[-1])) is None or when.agrees(theirs_when)
            for b, _ in places_
        ):
            return True
        if _attached_elsewhere(text[:start], theirs, places_, claim, counts=bool(_noun_after(after))):
            return True
        # The reporting period a figure is for: "上半年…1.43亿元" is not backed by "第二季度…单季度…1.43亿元".
        # What comes before the figure in its sentence, in the claim and at each place the span states it.
        sentence = re.split(r"[。！？!?]", text[:start])[-1]
        their_sentences = [re.split(r"[。！？!?]", theirs[:b])[-1] for b, _ in places_]
        period = _last_period(sentence)
        if period and not any(_periods_agree(period, _last_period(t)) for t in their_sentences):
            return True
        # The year a figure is of, said relative to today: "去年上半年…310万" is not "去年…，今年上半年…310万".
        year = _YEAR_WORD.findall(sentence)
        if year and all((theirs_year := _YEAR_WORD.findall(t)) and theirs_year[-1] != year[-1] for t in their_sentences):
            return True
        # A change to a level is not a change by that much: "提升了六成" is not "提升至六成".
        mine_change = _change_kind(clause)
        theirs_change = {_change_kind(before) for before in befores} - {""}
        if mine_change and theirs_change and mine_change not in theirs_change:
            return True
        if qualifier_swapped(sentence, their_sentences):
            return True  # "今年累计…49,935辆" for "7月…销量达49,935辆", 环比 for 同比
        if _metric_swapped(clause, [theirs[: b][-12:] for b, _ in places_]):
            return True  # "销量6万辆" for "产量6万辆": the figure measures another thing
        measures = _measures(clause)
        noun = _noun_after(after)
        if noun and re.match(r"\s*(?:万|亿)?个", after) and not any(noun in whole for whole in clauses) and any(
            q.value == value and q.dimension == "count" and q.unit != "个" for q in quantities(span)
        ):
            return True  # "12702个集装箱" for "12702辆": the figure counts something else
        if _counted_elsewhere(after, theirs, value):
            return True  # "1.51万尾鲢鱼苗" for "100万尾鲢鱼，…1.51万尾施氏鲟鱼苗": what it counts is another figure's
        said = _said_of(after)
        if said and not any(said in whole for whole in clauses):
            return True  # "25人死亡" for "25人中枪，其中6人死亡": what befell them is another figure's
        if measures and not (noun and any(noun in whole for whole in clauses)) and not any(
            measure in before or any(c in before[-8:] for c in measure if c not in _FUNCTION)
            for measure in measures
            for before in befores
        ):
            return True
    return False


# A one-character qualifier or designator is part of its word: 净订单 is not 订单, 乙公司 is not 甲公司.
_QUALIFIERS = frozenset("净 毛 纯 均 甲 乙 丙 丁".split())
# Words that say how a figure is counted, not what it is of: a clause of only these reads on from the one before.
_WEAK = frozenset(
    "同比 环比 按年 按月 累计 分别 达到 较上月 较去年 比上年 其中 合计 共计 约为 同期 完成 实现 "
    # When, not what: a clause of a time and a figure reads on from the one before ("…，今年以来累计完成260万标箱").
    "今年 去年 以来 今年以来 年初以来 目前 截至 年初 年底 全年 去年同期 上年同期".split()
)


def _clause_words(clause: str, claim: Claim) -> set[str]:
    for name in claim.names:  # who the figure belongs to is bound() and the names check's, not a measure
        clause = clause.replace(name, " ")
    words = cues.words(clause)
    words = [*words, *(a + b for a, b in zip(words, words[1:], strict=False) if a in _QUALIFIERS)]
    return {m.group(0) for m in DESIGNATED.finditer(clause)} | {
        w for w in words
        if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w) and w not in _TALK and w not in _WEAK and not _UP.fullmatch(w)
        and not _DOWN.fullmatch(w) and not quantities(w) and w not in claim.names
        and not any(names_place(w, place) for place in claim.places)
    }


def _attached_elsewhere(before: str, theirs: str, at: list[tuple[int, int]], claim: Claim, counts: bool = False) -> bool:
    """Whether a word that says what the claim's figure is of belongs, in the span, to another figure
    of the same sentence and not to this one: "以人民币计价…14.5%" against "以人民币计价…负增长9.2%，以美元计价
    …负增长14.5%"; "公共充电桩增量为130.5万台" against "公共充电桩增量为41.3万台，…私人充电桩增量为130.5万台".
    Clauses end at commas; an enumeration (、) shares its words ("220个企业、320亿元投资额")."""
    earlier = re.split(r"[，；;。！？!?]|,(?!\d)|(?<!\d),", before)
    words = _clause_words(earlier[-1], claim)
    # "…515.4亿元,按年升121%": the figure is of what the clause before names; not one that says what it
    # counts ("开行100多天来,累计有49个国家").
    if not words and len(earlier) > 1 and not counts:
        words = _clause_words(earlier[-2], claim)
    if not words:
        return False
    for b, e in at:
        sentence_start = max(theirs.rfind(c, 0, b) for c in "。！？!?；;") + 1
        sentence_end = min([i for c in "。！？!?；;" if (i := theirs.find(c, e)) >= 0] or [len(theirs)])
        clauses = re.split(r"(?<=[，,])(?!(?<=\d,)\d)", theirs[sentence_start:sentence_end])  # not in "49,935"
        offset, here = sentence_start, -1
        for n, part in enumerate(clauses):
            if offset <= b < offset + len(part):
                here = n
            offset += len(part)
        # The figure's own clause; and those before it back to one that names something, when its own names
        # nothing ("…零售177.5万辆，同比下降2.3%，环比下降6.3%").
        own_start = sentence_start + sum(len(part) for part in clauses[:here])
        # A clause that opens on a copula ("，是进口额的两倍") has no subject of its own either.
        weak = not _clause_words(theirs[own_start:b], claim) or bool(re.match(r"\s*(?:是|为|占|相当于)", clauses[here]))
        first_part = here
        while weak and first_part > 0:
            first_part -= 1
            if _clause_words(re.split(r"(?<![\d.])\d", clauses[first_part])[0], claim):
                break
        region_parts = range(first_part, here + 1)
        region = "".join(clauses[n] for n in region_parts)
        value = next((v for v, start, _ in _values_at(theirs[b:e]) if start == 0), None)
        # Another figure's clauses; one that restates the same figure ("突破80%以后，…维持在80%以上") is not.
        elsewhere = [
            part for n, part in enumerate(clauses)
            if n not in region_parts and any(v != value for v, _, _ in _values_at(part))
        ]
        # The sentence's opening words before its first measure ("该公司上半年营收…，净利润…") are every clause's.
        first = clauses[0] if here else ""
        if led_by_owner(clauses[here]):
            first = ""  # the figure's clause has an owner of its own ("…，理想的超充站数量达到500座")
        topic = DESIGNATED.sub(
            "", first[: min([m.start() for m in (_METRIC.search(first), _VALUE.search(first)) if m] or [0])]
        )
        if not any(w not in region and w not in topic and any(w in part for part in elsewhere) for w in words):
            return False  # this occurrence of the figure keeps its words
    return True


_CHANGE_VERB = re.compile(r"(?:增长|增加|提高|提升|上升|上涨|下降|降低|减少|下跌|回落|下滑)\s*(至|到|了|)\s*(?:约|近|超|逾)?\s*$")


def _change_kind(before: str) -> str:
    """"to" for a change to a level right before a figure ("提升至"), "by" for one by that much ("提升了"), else ""."""
    match = _CHANGE_VERB.search(before)
    return "" if not match else "to" if match.group(1) in ("至", "到") else "by"


# A year said relative to today; not the base of a comparison ("比去年", "去年同期").
_YEAR_WORD = re.compile(r"(?<![比较于与])(?:今年|去年|明年|前年)(?!同期|底的|全年的)")
# A clause led by someone's own ("理想的超充站…"), not by a time or a word that refers back.
_OWNER = re.compile(r"(?!今年|去年|明年|当年|全年|上半年|下半年|同期|目前|当前|其|该|此|这|公司|企业|项目)([\u4e00-\u9fff]{2,4})的")


def led_by_owner(clause: str) -> bool:
    """Whether a clause opens on someone's own ("理想的超充站…"): a noun before 的, not a time, not a word
    that refers back, not a verb ("服务的重点项目")."""
    match = _OWNER.match(clause.lstrip(" ，,"))
    return bool(match) and all(flag.startswith("n") and flag != "nz" or flag == "nt" for _, flag in tagged(match.group(1)))


_PERIOD = re.compile(
    r"上半年|下半年|半年报|中报|全年|年报|财年|一季报|三季报|第?([一二三四1-4])季度|单季度?|[Qq]([1-4])|前(\d{1,2})个?月|1\s*[-—至到~]\s*(\d{1,2})\s*月"
)
_QUARTER = {"一": "1", "二": "2", "三": "3", "四": "4"}


def _last_period(text: str) -> str:
    """The last reporting period `text` names before its end, as H1, H2, FY, Q1..Q4, Q (a quarter) or M<n>."""
    found = list(_PERIOD.finditer(text))
    if not found:
        return ""
    match = found[-1]
    word = match.group(0)
    if quarter := match.group(1) or match.group(2):
        return "Q" + _QUARTER.get(quarter, quarter)
    if months := match.group(3) or match.group(4):
        return "H1" if months == "6" else f"M{int(months)}"
    if word.startswith("单季"):
        return "Q"
    return {"上半年": "H1", "半年报": "H1", "中报": "H1", "下半年": "H2", "全年": "FY", "年报": "FY", "财年": "FY",
            "一季报": "Q1", "三季报": "M9"}[word]


def _periods_agree(mine: str, theirs: str) -> bool:
    return not theirs or mine == theirs or {mine[:1], theirs[:1]} == {"Q"} and "Q" in (mine, theirs)


def _last_day(text: str) -> Day | None:
    found = days(text)
    return found[-1] if found else None


def _said_of(after: str) -> str:
    """What a count of people is said to have undergone ("25人死亡": 死亡), when an adverse word says it."""
    match = re.match(r"\s*(?:万|千|百)?(?:人|名|位)(?:次)?([\u4e00-\u9fff]{2})", after)
    return match.group(1) if match and cues.adverse(match.group(1)) else ""


def _noun_after(after: str) -> str:
    """The thing a figure counts, named after its unit ("220个企业": 企业)."""
    tokens = [t for t in cues.words(after) if re.search(r"[\u4e00-\u9fff]", t)]
    tokens = [t for t in tokens if len(t) > 1 and not quantities(t) and t not in _TALK]
    return tokens[0] if tokens else ""


# What a figure measures, in the words economic news uses; the last one before a figure is what it is.
_METRIC = re.compile(
    r"产量|销量|销售额|销售收入|营收|营业收入|收入|净利润|利润|产值|增加值|投资额|投资|出口额|进口额|出口|进口|"
    r"批发量|零售额|零售量|成交额|成交量|交付量|订单|产能|装机|存量|增量|余额|市值|税收|支出|消费|客流|吞吐量"
)


def _metric_swapped(claim_before: str, span_befores: list[str]) -> bool:
    """Whether the metric word nearest before the claim's figure differs from the one nearest before the same
    figure in the span, at every place the span states it, and the span's is not contained in the claim's."""
    mine = _METRIC.findall(claim_before[-8:])
    if not mine:
        return False
    for before in span_befores:
        theirs = _METRIC.findall(before)
        if not theirs or theirs[-1] in mine[-1] or mine[-1] in theirs[-1] or mine[-1] in before:
            return False
    return True


_COUNTED = re.compile(r"\s*(?:万|亿)?\s*[个项家所名条辆台座套户位只件批张栋幢架艘列支场届处款种类间宗例份枚箱头尾株棵]\s*([\u4e00-\u9fff]{1,8})")


def _counted_elsewhere(after: str, span: str, value: float) -> bool:
    """Whether what the claim says a figure counts ("尾鲢鱼苗") differs from what the span counts with it
    ("尾施氏鲟鱼苗") by a qualifier ("鲢") the span does not say or gives to another figure ("100万尾鲢鱼")."""
    mine = _COUNTED.match(after)
    if not mine:
        return False
    clauses = re.split(r"[，,、；;。！？!?（）()]", span)
    own = [c for c in clauses if any(v == value for v, _, _ in _values_at(c))]
    if not own or any(mine.group(1) in c for c in own):
        return False
    theirs = [m.group(1) for c in own for v, _, e in _values_at(c) if v == value and (m := _COUNTED.match(c, e))]
    for noun in theirs:
        shared = len(os.path.commonprefix([mine.group(1)[::-1], noun[::-1]]))
        modifier = mine.group(1)[: len(mine.group(1)) - shared] if shared else ""
        if modifier and not any(modifier in c for c in own) and (
            modifier not in span
            or any(modifier in c and any(v != value for v, _, _ in _values_at(c)) for c in clauses if c not in own)
        ):
            return True
    return False


def _measures(clause: str) -> list[str]:
    """The last two content words before a figure: what it measures ("投资目标是196.5亿元": 投资, 目标)."""
    tokens = [
        t for t in cues.words(clause)
        if re.search(r"[\u4e00-\u9fff]{2}", t) and t not in _TALK and not all(c in _FUNCTION for c in t)
        and not _UP.fullmatch(t) and not _DOWN.fullmatch(t)
    ]
    return tokens[-2:]


def closest_clause(text: str, span: str) -> str:
    """The clause (，；。) of `span` that shares most of `text`'s content pairs."""
    wanted = cjk_pairs(text)
    clauses = [c for c in re.split(r"[，,；;。！？!?]", span) if c.strip()]
    return max(clauses, key=lambda c: len(wanted & cjk_pairs(c)), default=span)


_FLAT = re.compile(r"持平|不变|稳定|没有变化|变化不大|居高不下|维持|保持")


def direction_fault(claim: Claim, span: str) -> bool:
    """A change the claim states once (下降, 增长) that the span's own clause for it does not: "较6月份有所下降"
    against "与6月份的6.9%持平", "涨" against "跌"."""
    if claim.language == "en":
        return _english_direction_fault(claim.text, span)
    if claim.language != "zh" or len(_UP.findall(claim.text)) + len(_DOWN.findall(claim.text)) != 1:
        return False
    mine = _direction(claim.text)
    # The clause about the same thing: found by what changes, not by the change word or the date.
    subject = re.sub(r"[\d一二三四五六七八九十]+(?:月份|月|年|日|号)|有所", " ", _DOWN.sub(" ", _UP.sub(" ", claim.text)))
    mine_values = {v for v, _, _ in _values_at(claim.text)}
    holding = [c for c in re.split(r"[，,；;。！？!?]", span) if mine_values & {v for v, _, _ in _values_at(c)}]
    clause = closest_clause(subject, "，".join(holding)) if holding else closest_clause(subject, span)
    theirs = _direction(clause)
    return bool(theirs and theirs != mine) or (not theirs and bool(_FLAT.search(clause)))


EN_CHANGE = re.compile(r"\b(rose|rise[sn]?|grew|grow[sn]?|increas\w*|up|fell|fall[sn]?|drop\w*|declin\w*|decreas\w*|down)\b"
                        r"(?:\s+(?:by|of|about|nearly|almost|over|more than))*\s+(\d[\d,.]*)\s*(?:%|per\s*cent|percent)", re.I)


def _english_direction_fault(claim: str, span: str) -> bool:
    """An English change ("down 5%") whose figure the span gives the other direction ("同比增长5%")."""
    for match in EN_CHANGE.finditer(claim):
        mine = _direction(match.group(1))
        value = float(match.group(2).replace(",", ""))
        befores = [re.split(r"[；;。！？!?]", span[:b])[-1][-12:] for v, b, _ in _values_at(span) if v == value]
        theirs = {_direction(before) for before in befores} - {""}
        if mine and theirs and mine not in theirs:
            return True
    return False
