"""Words that turn what a sentence says: negation (没有, 未, not), modality (已 vs 计划), and marks of
rank and scope (最大, 首个, 全部, only, all). Two texts with the same content words can say opposite
things; the check (retrieval/answer/support.py) compares these cues between a sentence and its span.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from retrieval.lexicon.tokens import tagged, tokenizer

NEGATORS = frozenset(
    "不 没 没有 未 无 非 否 并未 尚未 从未 未能 不能 不会 不是 并非 并不 不再 无法 未曾 从不 决不 绝不 不得 毫无 "
    "并没有 没能 不曾 未予 不予 无须 未有 未经 未被 不被 不可 别 勿 仍未 仍不 仍没有 还未 还没有 尚不 至今未 迟迟未".split()
)
# What a negated reporting verb says is about the articles ("报道没有给出投资额"), not about the world.
META_VERBS = frozenset("提及 提到 给出 说明 披露 透露 列出 明确 报道 公布 包含 涉及 指出 显示 介绍 写明 载明 记载 交代 具体".split())
COMPLETE = frozenset("已 已经 已于 业已 均已 已然 已被".split())
FUTURE = frozenset(
    "将 计划 拟 预计 力争 有望 即将 争取 规划 将于 预期 计划于 拟于 准备 打算 预估 目标 今后 未来 届时 将来 "
    # Not done yet: being studied, brewed, talked over, applied for, proposed, under way.
    "研究 酝酿 筹划 筹备 洽谈 商谈 磋商 考虑 申请 提出 仍处于 正在 待定 尚未确定".split()
)
# Said as possible, not as fact: "可能停止出口" does not back "已经停止出口".
POSSIBLE = frozenset("可能 或将 或许 也许 有可能 恐将 料将 或会 不排除 疑似 据传 传闻 若 如果 一旦".split())
# Said as owed, not done: "应该继续进行第14次加息" does not back "已经进行了第14次加息".
OUGHT = frozenset("应该 应当 应 需要 必须 有待 亟待 亟需 需 尚需 仍需".split())
# Said as settled: "已确定超预期" is not backed by "预计…不会差".
CERTAIN = frozenset("确定 肯定 必然 必将 注定 势必 无疑 板上钉钉 毫无疑问".split())
# 计划, 规划, 目标 as nouns ("输入人才计划共收到…") say nothing of the future.
_PLAN_NOUN = re.compile(r"(?:计划|规划|目标)(?=[的共中和与及、，,。；;：:）)”\"]|$)")
# Rank and scope: a sentence that makes one of these claims needs its span to make the same claim.
_MARKS_ZH = re.compile(r"最(?!终|后|近|初)[\u4e00-\u9fff]|首[个家次批座条项位届例台款]|第一|唯一|全部|所有|全都|一律|悉数|全数|均已|超过|高于|低于|多于|少于|领先|居首|之首|榜首|首位|之最|首创|率先|新高|新低|纪录|前[二三四五六七八九十]")
_MARKS_EN = {
    r"\b(?:largest|biggest|highest|greatest|most|lowest|smallest|fewest|least|best|top|largest-ever)\b": "最|首|第一|之最",
    r"\bfirst\b": "首|第一|率先|头",
    r"\b(?:only|sole|solely)\b": "唯一|仅|只|独",
    r"\b(?:all|every|entire|whole|each)\b": "全部|所有|全|均|都|各|每",
    r"\b(?:more than|over|exceed(?:ed|s|ing)?|above|surpass(?:ed)?)\b": "超|以上|多|余|逾|高于|突破",
    r"\b(?:less than|under|below|fewer than)\b": "不到|以下|低于|不足|少于|未满",
}
_MARKS_EN_RE = [(re.compile(p, re.I), re.compile(zh)) for p, zh in _MARKS_EN.items()]
_NEGATION_EN = re.compile(r"\b(?:not|no|never|none|nor|neither|without|cannot|failed to|yet to|nothing|nobody)\b|n't\b", re.I)
_COMPLETE_EN = re.compile(r"\b(?:already|has been|have been|had been|was completed|were completed|completed|finished)\b", re.I)
_POSSIBLE_EN = re.compile(r"\b(?:may|might|could|possibly|perhaps|likely to)\b")  # lower case: not the month
_FUTURE_EN = re.compile(r"\b(?:will|plans? to|planned|planning|expected to|expects to|aims? to|is to|are to|intends? to|going to)\b", re.I)


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """A Chinese text's words, in order (jieba, the project's one tokenizer)."""
    return tuple(w for w in tokenizer().lcut(unicodedata.normalize("NFKC", text)) if w.strip())


def _is_word(token: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", token))


@lru_cache(maxsize=8192)
def negated(text: str) -> frozenset[str]:
    """The words a Chinese text negates: the next word after each negator in its clause ("没有签约" -> 签约).
    A negated reporting verb ("没有给出") is about the articles, not a negated fact, and is left out."""
    followers = _followers(text, NEGATORS, NEGATORS | {"任何", "过", "了", "在", "再", "被", "能", "会"})
    return followers - META_VERBS


def _followers(text: str, cues: frozenset[str], skipped: frozenset[str] | set[str], reach: int = 3) -> frozenset[str]:
    """The first word after each of `cues` in its clause, within `reach` words, `skipped` words and non-words
    passed over."""
    out: set[str] = set()
    tokens = words(text)
    for i, token in enumerate(tokens):
        if token not in cues:
            continue
        for follower in tokens[i + 1 : i + 1 + reach]:
            if re.fullmatch(r"[，,。；;：:！？!?]", follower):
                break
            if not _is_word(follower) or follower in skipped:
                continue
            out.add(follower)
            break
    return frozenset(out)


# Negators read as characters, for words jieba keeps whole ("无收", "未达"); not the fixed words that
# only begin with one (不断, 未来, 无论, 非常 …).
_NEGATOR_CHARS = re.compile(r"(?:尚未|并未|从未|没有|未能|不再|并非|并不|未|不|没|无|非)(?=[\u4e00-\u9fff])")
_NOT_NEGATION = re.compile(
    r"不断|不仅|不少(?!于)|不同|不久|不过|不但|不止|不足|不得不|不管|不论|不妨|不如|不时|不乏|未来|未成年|无论|无人|无线|无缝|无锡|"
    r"无疑|无数|无限|无偿|无害|无菌|无障碍|非常|非遗|非洲|非公|非物质|非法|没想到|不光|不外|无非|不可或缺|不容|不懈|毫不"
)


def denied(text: str) -> frozenset[str]:
    """The first two characters after each negator of a Chinese text ("八月无收" -> 收, "尚未开工" -> 开工)."""
    out = set()
    for match in _NEGATOR_CHARS.finditer(text):
        if _NOT_NEGATION.match(text, match.start()) or _NOT_NEGATION.match(text, max(0, match.start() - 1)):
            continue
        # "不够强", "不太高": what is denied is 强, 高, not the degree.
        after = re.sub(r"^(?:够|太|很|大|算|甚|怎么)", "", text[match.end() :])
        rest = re.match(r"[\u4e00-\u9fff]{1,2}", after)
        if rest:
            out.update({rest.group(0), rest.group(0)[0]})
    return frozenset(out)


def negates(text: str) -> bool:
    """Whether a text negates anything (Chinese negators or English negation)."""
    return bool(negated(text)) or bool(_NEGATION_EN.search(text))


def meta_negation(text: str) -> bool:
    """Whether a text says the articles do not give something ("没有给出…", "did not give")."""
    tokens = words(text)
    return any(t in NEGATORS and any(f in META_VERBS for f in tokens[i + 1 : i + 3]) for i, t in enumerate(tokens)) or bool(
        re.search(r"\b(?:do|does|did)\s+not\s+(?:give|say|state|mention|name|report)|\bno figure\b", text, re.I)
    )


def modality(text: str) -> frozenset[str]:
    """"done" when a text says something has happened (已, already), "future" when it is planned (将, 计划,
    will), "possible" when it may be so (可能, may), "certain" when it is said to be settled (确定, 必将), "ought"
    when it should be (应该)."""
    tokens = set(words(_PLAN_NOUN.sub("，", _STUDY_NOUN.sub("，", text))))
    out = set()
    if tokens & COMPLETE or any(t.startswith("已") and len(t) == 2 for t in tokens) or _COMPLETE_EN.search(text):
        out.add("done")
    if tokens & FUTURE or _FUTURE_EN.search(text) or _GOAL.search(text):
        out.add("future")
    if tokens & POSSIBLE or _perhaps(text) or _POSSIBLE_EN.search(text):
        out.add("possible")
    if tokens & CERTAIN:
        out.add("certain")
    if tokens & OUGHT:
        out.add("ought")
    return frozenset(out)


def hedged(text: str) -> frozenset[str]:
    """The words a Chinese text says only may be so: the next word after each "may" cue in its clause
    ("可能停止出口" -> 停止, "进程或加快" -> 加快)."""
    skipped = {"会", "将", "要", "被", "在", "再", "还", "也", "就", "已", "已经", "能够", "能", "可以", "得以"}
    return _followers(text, POSSIBLE - _CONDITIONS, skipped) | _perhaps(text)


def forecast(text: str) -> frozenset[str]:
    """The verbs a Chinese text forecasts or makes hang on a condition ("预计…将突破" -> 突破,
    "若天气条件允许，火箭将于周五发射" -> 发射)."""
    out: set[str] = set()
    clauses = re.split(r"[，,；;。！？!?]", text)
    for n, clause in enumerate(clauses):
        if (
            _FORECAST.search(clause)
            or _CONDITION.match(clause.strip())
            or (n and _CONDITION.match(clauses[n - 1].strip()))
        ):
            out |= _verbs_after(clause, {"将", "会", "将于", "将会", "能", "能够", "可望"})
    return frozenset(out)


def _verbs_after(clause: str, cues_: set[str]) -> set[str]:
    """The first verb after each of `cues_` in a clause ("火箭将于周五发射" -> 发射)."""
    pairs = tagged(clause)
    for i, (word, _) in enumerate(pairs):
        if word in cues_:
            verb = next(
                (w for w, flag in pairs[i + 1 : i + 7] if flag.startswith("v") and len(w) > 1 and w not in cues_), None
            )
            if verb:
                return {verb}
    return set()


# A clause that forecasts ("预计全年营收将突破10亿元"), and one that sets a condition for the next ("若天气允许，").
_FORECAST = re.compile(r"预计|预期|预测|估计|预估|有望|料将|料")
_CONDITIONS = frozenset("若 如果 一旦 假如 倘若 如若 只要".split())
_CONDITION = re.compile("|".join(_CONDITIONS))
# A goal: what it names is still to come ("立足建设全国碳金融集聚区的目标").
_GOAL = re.compile(r"的目标|为目标|目标是|目标为")
# 研究, 申请 and 提出 as nouns ("这项研究解释了…", "研究表明") say nothing of the future.
_STUDY_NOUN = re.compile(
    r"(?:(?<=这项|该项|此项|一项|本项)|(?<=的))(?:研究|申请|提议)|(?:研究|申请)(?=表明|显示|发现|成果|结果|人员|报告|团队|机构|院|所|中心)"
)


def _perhaps(text: str) -> frozenset[str]:
    """The words after 或 where it means "perhaps" (a verb or adverb follows: "或加快", "或已过去"), not "or"."""
    pairs = tagged(text) if "或" in text else ()
    out = set()
    for i in range(len(pairs) - 1):
        if pairs[i][0] == "或" and pairs[i + 1][1][:1] in ("v", "d"):
            later = [w for w, _ in pairs[i + 1 : i + 4] if _is_word(w) and w not in {"已", "将", "会"}]
            out.add(later[0] if later else pairs[i + 1][0])
    return frozenset(out)


# What a plan is to end in: told without its plan ("建成投产" for "计划建成投产"), it is told as done.
_OUTCOMES = frozenset("建成 投产 完成 开通 竣工 落地 开业 启用 上线 通车 交付 量产 达产 建设 实现".split())


_ON_THE_WAY = {"于", "在", "年底", "明年", "今年", "年内", "年", "月", "日", "底", "初", "前", "全面", "正式", "基本", "将", "建设", "到"}


def planned(text: str) -> frozenset[str]:
    """The outcomes a Chinese text says are planned or expected, not done ("预计明年投产" -> 投产)."""
    after = _followers(text, FUTURE, _ON_THE_WAY, reach=6)
    return frozenset(o for w in after for o in _OUTCOMES if o in w)


def intended(text: str) -> frozenset[str]:
    """The verbs a Chinese text says are planned, possible or owed, not done: those after such a cue in its
    clause ("将在下季度推出新产品" -> 推出; "计划投资2000万元改造老旧小区" -> 投资, 改造)."""
    pairs = tagged(text)
    cues_ = FUTURE | POSSIBLE | OUGHT
    out: set[str] = set()
    for i, (word, _) in enumerate(pairs):
        if word not in cues_:
            continue
        for after, flag in pairs[i + 1 : i + 9]:
            if re.fullmatch(r"[，,。；;：:！？!?]", after):
                break
            if flag.startswith("v") and len(after) > 1 and after not in cues_:
                out.add(after)
    return frozenset(out)


def marks(text: str) -> tuple[re.Pattern | str, ...]:
    """The rank and scope claims a text makes: each is a Chinese string the backing text must hold
    (for a Chinese text), or a pattern of Chinese words one of which it must hold (for an English one)."""
    found: list[re.Pattern | str] = [m.group(0) for m in _MARKS_ZH.finditer(text)]
    found += [zh for en, zh in _MARKS_EN_RE if en.search(text)]
    return tuple(dict.fromkeys(found))


def holds_mark(mark: re.Pattern | str, text: str) -> bool:
    return mark in text if isinstance(mark, str) else bool(mark.search(text))


# Words of loss, stop and blame: a sentence may say such a thing only where its passage does ("停工烂尾",
# "cancelled"), whatever else it shares with the passage.
_ADVERSE_ZH = re.compile(
    r"取消|叫停|停工|停产|停滞|烂尾|暂停|终止|中止|撤销|撤资|撤离|撤出|放弃|失败|倒闭|破产|关闭|关停|违约|亏损|损失|"
    r"下降|下滑|减少|萎缩|暴跌|下跌|延期|推迟|搁置|禁止|处罚|罚款|违法|违规|诈骗|欺诈|事故|伤亡|死亡|爆炸|断裂|"
    r"危机|调查|逮捕|落马|拖欠|欠薪|裁员|流产|作废|失效|否决|驳回|拒绝|告急|短缺|污染|坍塌|泄漏|冲突|纠纷|起诉|"
    r"停止|撤回|挪用|侵占|贪污|腐败|造假|虚报|跑路|失联|歉收|减产|闲置|空置|滞销|积压|超支|超标|无收|流失|外迁|搬离|"
    r"缩水|蒸发|冻结|查封|欠款|负债|崩盘|退出|解散|注销|吊销|召回|索赔|赔偿|投诉|维权|抗议|罢工"
)
_ADVERSE_EN = {
    r"\b(?:cancel(?:l?ed|s|ling)?|cancellations?|scrap(?:ped|s)?|call(?:ed)? off|terminat\w*|revok\w*)\b": "取消|叫停|终止|撤销|作废",
    r"\b(?:halt\w*|stop(?:ped|s)?|suspend\w*|paus\w*|froze|frozen|freez\w*|stall\w*)\b": "停|暂停|中止|搁置|冻结",
    r"\b(?:ban(?:ned|s)?|prohibit\w*|forbid\w*|outlaw\w*)\b": "禁止|不得|严禁|禁",
    r"\b(?:los[st]|losing|losses|deficit)\b": "亏|损失|失去|流失",
    r"\b(?:fail\w*|collaps\w*|bankrupt\w*|default\w*|abandon\w*|withdr[ae]w\w*|pull(?:ed)? out)\b": "失败|倒闭|破产|违约|放弃|撤",
    r"\b(?:declin\w*|decreas\w*|fell|fall(?:s|en|ing)?|drop(?:ped|s)?|shr[iau]nk\w*|plung\w*|slump\w*)\b": "下降|下滑|减少|萎缩|跌|降",
    r"\b(?:delay\w*|postpon\w*|shelv\w*)\b": "延期|推迟|搁置|延迟",
    r"\b(?:fin(?:ed|es)|penal\w*|punish\w*|illegal\w*|fraud\w*|scam\w*|arrest\w*|investigat\w*)\b": "罚|处罚|违法|违规|诈骗|欺诈|逮捕|调查",
    r"\b(?:accident\w*|explo\w*|died|dead|deaths?|kill\w*|injur\w*|casualt\w*)\b": "事故|爆炸|死亡|伤亡|遇难|受伤",
}
_ADVERSE_EN_RE = [(re.compile(p, re.I), re.compile(zh)) for p, zh in _ADVERSE_EN.items()]


def adverse(text: str) -> tuple[re.Pattern | str, ...]:
    """The words of loss, stop or blame a text says: each a Chinese word (or pattern of words) the
    backing text must hold."""
    found: list[re.Pattern | str] = [m.group(0) for m in _ADVERSE_ZH.finditer(text)]
    found += [zh for en, zh in _ADVERSE_EN_RE if en.search(text)]
    return tuple(dict.fromkeys(found))


# Words whose opposite a span may say of the same thing ("缺乏人才" is not "人才充足", "否认指控" not "承认指控").
_OPPOSITES = (("缺乏", "充足|丰富|充裕|富余"), ("短缺", "充足|充裕|过剩"), ("紧缺", "充足|充裕|过剩"), ("匮乏", "充足|丰富"),
              ("否认", "承认|证实"), ("反对", "支持|赞成|赞同"), ("拒绝", "接受|同意"))


def flipped(span: str, claim: str) -> bool:
    """Whether the claim says of the same thing what the span denies of it: span "八月无收", claim
    "八月丰收" (the two characters before the negator, then the denied character, with no negator); or
    the opposite word of the span's, of the same thing ("缺乏专业技术人才" against "专业技术人才充足")."""
    for word, opposite in _OPPOSITES:
        things = re.findall(rf"{word}([\u4e00-\u9fff]{{2,6}})", span) + re.findall(rf"([\u4e00-\u9fff]{{2,6}}){word}", span)
        for thing in things:
            said = rf"{re.escape(thing[:4])}.{{0,4}}(?:{opposite})|(?:{opposite}).{{0,3}}{re.escape(thing[-4:])}"
            if word not in claim and re.search(said, claim):
                return True
    for match in re.finditer(r"([\u4e00-\u9fff]{2})(?:没有|未|不|没|无)([\u4e00-\u9fff])", span):
        if _NOT_NEGATION.match(span, match.start(1) + 2):
            continue
        before, word = match.group(1), match.group(2)
        if re.search(rf"{re.escape(before)}(?![未不没无非])[\u4e00-\u9fff]?{re.escape(word)}", claim):
            return True
    return False
