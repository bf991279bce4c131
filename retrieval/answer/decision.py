"""Answer or refuse: the one place that decides, in one word. An answer is *grounded* when its
sentences answer the question (`decide`, on the extractive evidence) and, for a model's answer, when
sentences survive the citation check (retrieval/answer/citations.py gives that verdict; the answerer
only reads it). The model is asked only when search found something worth showing it
(`worth_asking`); a model that replies `[none]` is taken at its word. Whatever refuses, the reader
gets `refusal`: plain words and the closest passages, never citations.

The rules of `decide`, measured, and after them a learned verdict (answer/verdict.py, fitted on the
calibration sets by benchmarks/train_verdict.py) over what they measured. A refused question whose
passages name the organisation or person it asks about gets `partial_refusal`: that passage, cited.

What each rule was measured at: benchmarks/RESULTS.md ("Constants and where they were chosen").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from retrieval.answer import verdict
from retrieval.answer.citations import locate
from retrieval.answer.extractive import Pick, around, context_of
from retrieval.answer.question import Focus, coverage, term_hits
from retrieval.lexicon.dictionary import MIN_FREQUENCY, specificity
from retrieval.lexicon.entities import named
from retrieval.lexicon.gazetteer import districts_in, places
from retrieval.lexicon.tokens import tokenizer
from retrieval.models import Answer, Citation, Passage, Refusal
from retrieval.text.dates import Period, says_another_year, spoken
from retrieval.text.language import Language
from retrieval.text.normalise import squash
from retrieval.text.sentences import quotable_sentences
from retrieval.tuning import TUNING, Tuning

# The thresholds and weights come from retrieval/tuning.py. The rules below are always applied; each was
# measured as a switch on the calibration sets (figures: benchmarks/RESULTS.md, December):
# - the noun a question asks the value of ("票价" in "票价是多少") must be in the sentences that answer;
# - a place a Chinese question names (宁波市, 福建; jieba frequency >= MIN_FREQUENCY) must be near the answer;
# - 今年/去年 in an answer sentence is its article's year; a month the question names must be near the answer;
# - a span the question names ("上半年", "首日", "一季度") must be beside the answer or in its headline.

_GENERIC_PLACES = frozenset("城市 地方 当地 全国 国内 国外 海外 全球 世界 中国 我国 重庆 全市 本市".split())


@dataclass(frozen=True)
class Decision:
    """The verdict and the measurements behind it (kept for the benchmark and for debugging)."""

    grounded: bool
    reason: str
    sentence_coverage: float = 0.0
    context_coverage: float = 0.0
    features: dict = field(default_factory=dict)  # what the learned verdict read (answer.verdict.FEATURES)
    probability: float = 1.0


def decide(
    focus: Focus,
    chosen: Sequence[Pick],
    passages: Sequence[Passage],
    neighbours: Callable[[Passage], Sequence[Passage]] = lambda p: (p,),
    tuning: Tuning = TUNING,
) -> Decision:
    """Whether the chosen sentences answer the question the focus describes."""
    if not focus.terms or not chosen:
        return Decision(False, "no key terms" if not focus.terms else "no sentences")
    if not any(pick.fits for pick in chosen):
        return Decision(False, f"no sentence carries the {'/'.join(sorted(focus.wants))} asked for")
    if focus.language == "en" and tuning.absent_translation_weight != 1:
        # A translation none of the passages found contains is more likely a wrong rendering than a missing fact.
        found = term_hits(focus, " ".join(context_of(p) for p in passages))
        focus = replace(focus, terms=tuple(
            (term, weight * (1 if found[term] >= 0.5 or weight < tuning.absent_min_weight else tuning.absent_translation_weight))
            for term, weight in focus.terms
        ))
    used = list(dict.fromkeys(passages[pick.rank] for pick in chosen))
    context = " ".join(context_of(p) for p in used)
    # The sentences that carry the asked-for number/date/name must themselves be on topic.
    answering = [
        (passages[pick.rank], around(quotable_sentences(passages[pick.rank].text, focus.question), pick.position))
        for pick in chosen if pick.fits
    ]
    evidence = "".join(window for _, window in answering)
    # Words nobody translated are key terms we have no evidence for: they count as missing.
    missing = tuning.untranslated_weight * len(focus.unknown)
    scale = focus.weight / (focus.weight + missing)
    sentence_cov = coverage(focus, evidence) * scale
    context_cov = coverage(focus, context) * scale
    # What is asked for must be what the answer sentences are about: the 伊利 total does not answer "蒙牛的总金额".
    if focus.asked:
        hits = term_hits(focus, evidence)
        if any(hits[term] < 0.5 for term in focus.asked):
            return Decision(False, "the sentences do not say what is asked", sentence_cov, context_cov)
    if focus.years and all(says_another_year(p, w, focus.years) for p, w in answering):
        return Decision(False, f"nothing about {'/'.join(sorted(focus.years))}", sentence_cov, context_cov)
    for period in spoken(focus.question):
        if not any(_said(period, w, p) for p, w in answering):
            return Decision(False, f"nothing about {period}", sentence_cov, context_cov)
    english = focus.language == "en"
    if context_cov < (tuning.min_context_coverage_en if english else tuning.min_context_coverage):
        return Decision(False, "the passages miss key terms", sentence_cov, context_cov)
    if sentence_cov < (tuning.min_sentence_coverage_en if english else tuning.min_sentence_coverage):
        return Decision(False, "the sentences miss key terms", sentence_cov, context_cov)
    # A place the question names must be where the answer is, or in the paragraphs around it.
    nearby = squash(" ".join(context_of(n) for p in dict.fromkeys(p for p, _ in answering) for n in neighbours(p)))
    for place in focus.places:
        if not mentions(nearby, place):
            return Decision(False, f"nothing about {place}", sentence_cov, context_cov)
    if focus.language == "zh":
        for place in _other_places(focus.question):
            if place not in nearby:
                return Decision(False, f"nothing about {place}", sentence_cov, context_cov)
    else:
        # A place or company an English question names (Shanghai, Apple) must be named in the paragraph that says
        # what is asked ("population": 人口; the census figure beside an article on Shanghai's museum is not Shanghai's
        # population), else around the best answering sentence. Measured: RESULTS.md, "Near misses".
        names = english_names(focus.question)
        if focus.asked:
            around_them = [squash(context_of(p)) for p, w in answering if all(term_hits(focus, w)[t] >= 0.5 for t in focus.asked)]
        else:
            best = max((pick for pick in chosen if pick.fits), key=lambda pick: pick.score)
            around_them = [squash(" ".join(context_of(n) for n in neighbours(passages[best.rank])))]
        for name, chinese in names:
            if not any(c in local for local in around_them for c in chinese):
                return Decision(False, f"nothing about {name}", sentence_cov, context_cov)
    if focus.language == "zh":
        # The organisation or person a question names must be named in the paragraph that states the value, or its
        # headline: the four projects' 50亿元, a paragraph before 北京芯虹科技, is not 芯虹's investment.
        # Only names the articles themselves use count: LAC also reads "渝中帮巫溪办学校" as one organisation.
        stating = "".join(squash(p.title + p.text) for p, _ in answering)
        pooled = squash(" ".join(p.text for p in passages))
        for name, kind in named(focus.question):
            if kind in ("org", "person") and squash(name) in pooled and squash(name) not in stating:
                return Decision(False, f"no sentence stating it names {name}", sentence_cov, context_cov)
    # A question about Chongqing is not answered from an article about somewhere else.
    if focus.chongqing and not any(
        _about_chongqing(passages[pick.rank], neighbours) for pick in chosen if pick.fits
    ):
        return Decision(False, "nothing about Chongqing", sentence_cov, context_cov)
    stated = [(passages[pick.rank], pick.sentence) for pick in chosen if pick.fits]
    features = _features(focus, stated, answering, nearby, sentence_cov, context_cov, [pick.rank for pick in chosen if pick.fits], scale)
    p = verdict.probability(features)
    if p < verdict.threshold():
        return Decision(False, "the sentences are about something else", sentence_cov, context_cov, features, p)
    return Decision(True, "answered", sentence_cov, context_cov, features, p)


def subjects(focus: Focus) -> list[tuple[str, ...]]:
    """What a question is about, each as the spellings that name it: the organisations, people and places a
    Chinese question names (LAC), the Chinese for the names an English one capitalises."""
    if focus.language == "en":
        return [chinese for _, chinese in english_names(focus.question)]
    return [(name,) for name, kind in named(focus.question) if kind != "time"]


def _features(
    focus: Focus, stated: Sequence[tuple[Passage, str]], answering: Sequence[tuple[Passage, str]], nearby: str,
    sentence_cov: float, context_cov: float, ranks: Sequence[int] = (), scale: float = 1.0,
) -> dict[str, float]:
    """What the learned verdict reads: coverage, and whether the sentences that state the value asked for (or
    their headlines) name what the question is about."""
    holding = "".join(squash(sentence + passage.title) for passage, sentence in stated)
    evidence = "".join(squash(window + passage.title) for passage, window in answering)
    names = subjects(focus)
    times = [name for name, kind in named(focus.question) if kind == "time"] if focus.language == "zh" else []

    def share(spellings: Sequence[Sequence[str]], text: str) -> float:
        return sum(any(squash(s) in text for s in each) for each in spellings) / len(spellings) if spellings else 1.0

    hits = term_hits(focus, evidence)
    rarity = {term: max(specificity(alt) for alt in term.split("|")) if not term.isascii() else 12.0 for term, _ in focus.terms}
    total = sum(rarity.values()) or 1.0
    missing = [term for term, _ in focus.terms if hits[term] < 0.5]
    # A near miss is often several articles each holding a piece of the question: pooled, they cover it; none alone does.
    by_article: dict[str, str] = {}
    for passage, window in answering:
        key = passage.doc or passage.source or passage.title
        by_article[key] = by_article.get(key, passage.title) + window
    windows = [window + passage.title for passage, window in answering]
    question = squash(focus.question)
    return {
        "sentence_coverage": sentence_cov,
        "context_coverage": context_cov,
        "bound": share(names, holding),
        "bound_nearby": share(names, evidence + nearby),
        "time_bound": share([(t,) for t in times], holding),
        "named": 1.0 if names else 0.0,
        "english": 1.0 if focus.language == "en" else 0.0,
        "unknown": float(len(focus.unknown)),
        "specific_coverage": sum(rarity[t] * hits[t] for t in rarity) / total,
        "rarest_missing": max((rarity[t] for t in missing), default=0.0) / 12,
        "missing_terms": float(len(missing)),
        "top_rank": min(rank for rank in ranks) / 8 if ranks else 1.0,
        "wants_amount": 1.0 if "amount" in focus.wants else 0.0,
        "wants_date": 1.0 if "date" in focus.wants else 0.0,
        "wants_name": 1.0 if focus.wants & {"person", "org", "place"} else 0.0,
        "best_window": max((coverage(focus, w) for w in windows), default=0.0) * scale,
        "best_article": max((coverage(focus, text) for text in by_article.values()), default=0.0) * scale,
        "articles": len(by_article) / max(len(answering), 1),
        "best_specific": max((_specific(focus, w, rarity, total) for w in windows), default=0.0),
        "shared_run": max((_shared_run(question, squash(w)) for w in windows), default=0) / max(len(question), 1)
        if focus.language == "zh" else 0.0,
        "headline": max((coverage(focus, passage.title) for passage, _ in answering), default=0.0),
        "numbers_bound": _numbers_bound(focus.question, "".join(windows)),
        "picks": len(stated) / 3,
    }


_NUMBERED = re.compile(r"第[一二三四五六七八九十百零〇\d]+[届次期批个]?|\d+(?:\.\d+)?")
# Dates are left to the period rules and `time_bound`: an article says "今年" or "8月2日" where a question says "2023年".
_DATED = re.compile(r"(?:1[89]|20)\d\d(?:年|-\d+-\d+)?|\d{1,2}(?:月|日|号)|\d{1,2}(?:st|nd|rd|th)?\s*(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\s+\d{1,2}")


def _numbers_bound(question: str, evidence: str) -> float:
    """Share of the numbers and ordinals a question names (第十届, 26th, 100多天), dates aside, that the answering
    sentences hold."""
    wanted = [n for n in dict.fromkeys(_NUMBERED.findall(squash(_DATED.sub(" ", question)))) if n not in ("第",)]
    if not wanted:
        return 1.0
    text = squash(evidence)
    return sum(n in text for n in wanted) / len(wanted)


def _specific(focus: Focus, text: str, rarity: dict[str, float], total: float) -> float:
    """Coverage of `text` with each question term weighted by its rarity."""
    hits = term_hits(focus, text)
    return sum(rarity[t] * hits[t] for t in rarity) / total


def _shared_run(question: str, text: str) -> int:
    """The longest run of the question's characters that `text` holds verbatim (毛伊岛大火官方通报: 毛伊岛大火)."""
    best = 0
    for start in range(len(question)):
        length = best + 1
        while start + length <= len(question) and question[start:start + length] in text:
            best, length = length, length + 1
    return best


WELL_KNOWN = 1000  # jieba frequency of 杭州 2806, 苹果 1334; 巴勒莫 108, 秋田 39
# Capitalised words that say nothing about which article answers.
_NOT_NAMES = frozenset(
    """what which who whom whose when where why how is are was were did does do the a an in on of and or for to
    chongqing china chinese january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday i middle new north south east west central international
    national world city county province district village town party festival university school""".split()
)


def english_names(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The names an English question capitalises that the dictionary renders as a place, organisation or
    person (Shanghai 上海, Apple 苹果公司), each with those renderings; Chongqing's districts are checked as
    places and names known only in pinyin are matched elsewhere (Index.spelled_names)."""
    from retrieval.lexicon.translation import expand_english

    out = []
    for word in dict.fromkeys(re.findall(r"(?<![\w'])[A-Z][a-z]+", question)):
        if word.lower() in _NOT_NAMES or districts_in(word):
            continue
        expansion = expand_english(word)
        if expansion.districts or expansion.unknown or expansion.terms:
            continue  # a Chongqing district or a name the gazetteer knows; or a pinyin name
        # The first rendering is what a word most often means: "International" is not 国际奥委会, "Red" not 红军.
        # Only well-known names (jieba's frequency): a rarer rendering is often not the one the news uses
        # (Palermo 巴勒莫, Xishan 锡山 for 西山).
        chinese = tuple(c for group in expansion.general if group and _is_name(group[0])
                        and tokenizer().FREQ.get(group[0], 0) >= WELL_KNOWN for c in group)
        chinese += tuple(_SHORT[c] for c in chinese if c in _SHORT)
        if chinese:
            out.append((word, chinese))
    return out


# Provinces as the news writes them in compounds (渝鄂湘黔, 川渝); the one-character forms that are also common
# characters (京, 新, 青) are left out.
_SHORT = dict(pair.split(":") for pair in """湖北:鄂 湖南:湘 贵州:黔 四川:川 云南:滇 陕西:陕 甘肃:陇 江西:赣 广东:粤 广西:桂
    福建:闽 浙江:浙 安徽:皖 山东:鲁 河南:豫 河北:冀 山西:晋 上海:沪 辽宁:辽 海南:琼""".split())


@lru_cache(maxsize=4096)
def _is_name(chinese: str) -> bool:
    """Whether a Chinese word is a place, organisation or person by LAC's tag (jieba's calls 城市 a place, 叶子 a name)."""
    return any(kind in ("place", "org", "person") for _, kind in named(chinese))


def _said(term: str, window: str, passage: Passage) -> bool:
    """Whether an answer's sentence (with its neighbours) or its headline says `term`."""
    return squash(term) in squash(window) or squash(term) in squash(passage.title)


def _other_places(question: str) -> list[str]:
    """Places outside the gazetteer a Chinese question names (宁波市, 无锡), by part-of-speech tag."""
    from retrieval.lexicon.tokens import tagged

    known = tokenizer().FREQ
    # A rare or unknown "place" is usually a name cut in the wrong place: 李尚福和绍伊古 -> 李尚 / 福和 / 绍伊古.
    return [
        word for word, flag in tagged(question)
        if flag == "ns" and len(word) > 1 and word not in _GENERIC_PLACES and not districts_in(word)
        and known.get(word, 0) >= MIN_FREQUENCY
    ]


def _about_chongqing(passage: Passage, neighbours: Callable[[Passage], Sequence[Passage]]) -> bool:
    """Whether a passage's article is about Chongqing: a Chongqing publication, or it or the paragraphs
    around it name Chongqing or one of its districts."""
    if passage.districts or "重庆" in passage.publication:
        return True
    return any(n.districts or "重庆" in squash(context_of(n)) for n in neighbours(passage))


def mentions(text: str, place: str) -> bool:
    """Whether `text` names `place` (a canonical district name) by its full or short name."""
    for entry in places():
        if entry.name == place:
            return any(alias and alias in text for alias in (entry.name, *entry.short))
    return place in text


# -- refusing ------------------------------------------------------------------------------------
RELATED = 3  # closest passages shown when the articles do not say


def not_found(period: Period | None = None) -> Refusal:
    """"The articles do not say", held to the period the question asked for, if any."""
    return Refusal("not_found", period=period.label if period else "")


def refusal(
    question: str, language: Language, why: Refusal, closest: Sequence[Passage], notice: str, mode: str = "extractive"
) -> Answer:
    """The articles do not say (`why`, for the renderers to word) plus the closest passages, with no citations."""
    related = sorted(closest, key=lambda p: -p.score)[:RELATED]
    return Answer(
        question=question, text="", grounded=False, mode=mode, passages=tuple(related), notice=notice,  # type: ignore[arg-type]
        language=language, refusal=why,
    )


def partial_refusal(focus: Focus, pool: Sequence[Passage], mode: str = "extractive") -> Answer | None:
    """A refusal that says what the articles do say: the passage naming the organisation or person the question
    is about, cited, when none gives what is asked of it; None when no passage names it."""
    wanted = _named_subjects(focus)
    for passage in sorted(pool, key=lambda p: -p.score):
        for sentence in quotable_sentences(passage.text, focus.question):
            text = squash(sentence)
            for subject in wanted:
                if squash(subject) in text:
                    kind = "money" if "元" in focus.measures else next(iter(sorted(focus.wants)), "")
                    verb = _asked_zh(focus.question) if focus.language == "zh" else ""
                    return Answer(
                        question=focus.question, text="", grounded=False, mode=mode,  # type: ignore[arg-type]
                        citations=(Citation.of(1, passage, locate(sentence, passage.text) or sentence),),
                        passages=tuple(dict.fromkeys([passage, *sorted(pool, key=lambda p: -p.score)[: RELATED - 1]])),
                        language=focus.language,
                        refusal=Refusal("partial", subject, kind, _as_asked(focus, subject), verb),
                    )
    return None


def _as_asked(focus: Focus, subject: str) -> str:
    """The subject as the question wrote it: an English question's longest capitalised name ("Beijing Xinhong
    Technology"), else the articles' own words."""
    if focus.language != "en":
        return subject
    runs = [run for run in re.findall(r"[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)+", focus.question)
            if run.split()[0].lower() not in _NOT_NAMES]
    return max(runs, key=len) if runs else subject


def _asked_zh(question: str) -> str:
    """What a Chinese question asks its subject to have done, in its own words: "投资了多少亿元" -> "投资了"."""
    found = re.search(r"([\u4e00-\u9fff]{2})(了)?(?:多少|几)", question)
    return f"{found.group(1)}{found.group(2) or ''}" if found and found.group(1) not in ("一共", "总共", "共有") else ""


def _named_subjects(focus: Focus) -> list[str]:
    """The organisations and people a question names (LAC), longest first; for English, the corpus names its
    key terms spell (the gazetteer's companies, pinyin names) that LAC reads as one."""
    if focus.language == "zh":
        names = [name for name, kind in named(focus.question) if kind in ("org", "person")]
    else:
        # Only a term's first rendering: "Shanghai" is 上海, not 上海交通大学.
        firsts = [term.split("|")[0] for term, _ in focus.terms]
        # A dictionary word ("Apple": 苹果) may name something else in the articles; corpus names (pinyin, gazetteer) do not.
        common = {c for _, chinese in english_names(focus.question) for c in chinese}
        names = [t for t in firsts if len(t) >= 2 and not t.isascii() and t not in common
                 and any(k in ("org", "person") for _, k in named(t))]
    return sorted(dict.fromkeys(names), key=len, reverse=True)


def unbound_subject(
    focus: Focus, cited: Sequence[Passage], neighbours: Callable[[Passage], Sequence[Passage]]
) -> str | None:
    """The first thing a question is about (organisation, person, place it names) that none of the passages an
    answer cites names, in them or the paragraphs around them: a model's answer about 伊利 for a question about
    蒙牛. None when every one is named."""
    if not cited:
        return None
    nearby = squash(" ".join(context_of(n) for p in cited for n in neighbours(p)))
    for spellings in subjects(focus):
        if not any(mentions(nearby, s) or squash(s) in nearby for s in spellings):
            return spellings[0]
    return None


def worth_asking(grounded: bool, focus: Focus, shown: Sequence[Passage], tuning: Tuning = TUNING) -> bool:
    """Whether search found anything worth showing the model: the prior, not the verdict."""
    if grounded:
        return True
    context = " ".join(context_of(p) for p in shown[: tuning.worth_asking_top])
    return bool(shown) and coverage(focus, context) >= tuning.worth_asking_coverage
