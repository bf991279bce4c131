"""A model's reply cut for checking: its sentences into text, quotes (「」 and the like) and `[n]`
markers; quotes of an article kept whole; the claim words of a sentence without its framing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answer.support import places_in
from retrieval.lexicon import cues
from retrieval.models import Passage
from retrieval.text.injection import model_links
from retrieval.text.language import ENGLISH_PUBLICATIONS
from retrieval.text.normalise import fold, folded_with_map
from retrieval.text.numbers import values
from retrieval.text.sentences import MARKER, QUOTE_MARKS, reply_sentences

# Shorter 「」 spans are quoted terms (「一号工程」), not evidence.
MIN_QUOTE_CHARS = 6
# Longest uncited introduction that may stay as framing ("根据报道，具体情况如下："); longer ones state something.
FRAMING_CHARS = 30

# Separators a quote may start or stop at without changing what it says; brackets, quote
# marks and % carry meaning (or balance) and stay.
_EDGE = set(",.;:!?、。…-—~·")


def _strip_punctuation(text: str) -> str:
    """A normalised quote without separators at its ends (a quote may stop before a comma)."""
    start, end = 0, len(text)
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return text[start:end]


def is_quote(quote: str) -> bool:
    """Whether a 「」 span is long enough to count as evidence rather than a quoted term."""
    return len(_strip_punctuation(fold(quote))) >= MIN_QUOTE_CHARS


def locate(quote: str, text: str) -> str | None:
    """The verbatim span of `text` that `quote` quotes (after normalisation), or None."""
    needle = _strip_punctuation(fold(quote))
    if not needle:
        return None
    haystack, origin = folded_with_map(text)
    start = haystack.find(needle)
    if start < 0:
        return None
    return text[origin[start] : origin[start + len(needle) - 1] + 1]


_QUOTE = re.compile(
    "|".join(
        rf"{re.escape(o)}(?P<q{i}>[^{re.escape(o + c)}\n]*){re.escape(c)}" for i, (o, c) in enumerate(QUOTE_MARKS.items())
    )
)


@dataclass
class Piece:
    kind: str  # "text", "quote" (a hint: long enough to point into a passage) or "markers"
    value: str
    numbers: tuple[int, ...] = ()  # markers: the passage numbers the model wrote


# A quote of a passage's own text that holds quote marks or a "[2]" of its own, kept whole (see protect).
_PROTECTED = re.compile("\ue000(\\d+)\ue001")


def protect(text: str, passages: Sequence[Passage]) -> tuple[str, list[str]]:
    """`text` with each 「…」 whose inside is a passage's own words and holds 「」 or [n] of its own
    ("详见「见附件」", "27个[2]") replaced by a placeholder, so it stays one verbatim quote instead of
    being cut at its inner marks; and the quotes replaced."""
    kept: list[str] = []
    out, i = [], 0
    while (start := text.find("「", i)) >= 0:
        best = None
        end = text.find("」", start + 1)
        while end >= 0:
            inner = text[start + 1 : end]
            if "\n" in inner:
                break
            if re.search(r"「|\[\d", inner) and any(inner in p.text for p in passages):
                best = end
            end = text.find("」", end + 1)
        if best is None:
            out.append(text[i : start + 1])
            i = start + 1
            continue
        out.append(text[i:start] + f"\ue000{len(kept)}\ue001")
        kept.append(text[start + 1 : best])
        i = best + 1
    out.append(text[i:])
    return "".join(out), kept


def _pieces(sentence: str, protected: Sequence[str] = ()) -> list[Piece]:
    """A sentence as text, quote and marker pieces, in order. Markers are read first: 【2】 cites."""
    pieces: list[Piece] = []
    i = 0
    titles = [m.span() for m in re.finditer(r"《[^《》]*》", sentence)]
    pattern = re.compile(f"{MARKER.pattern}|{_QUOTE.pattern}|{_PROTECTED.pattern}")
    for match in pattern.finditer(sentence):
        if match.start() > i:
            pieces.append(Piece("text", sentence[i : match.start()]))
        if match.group(0).startswith("\ue000"):
            pieces.append(Piece("quote", protected[int(match.group(match.lastindex))]))
        elif match.group(1) is not None:
            numbers = tuple(int(n) for n in re.split(r"\s*[,，、]\s*", match.group(1)))
            pieces.append(Piece("markers", match.group(0), numbers))
        else:
            quoted = next(v for k, v in match.groupdict().items() if v is not None)
            kind = "quote" if _is_hint(sentence, match, quoted, titles) else "text"
            pieces.append(Piece(kind, quoted if kind == "quote" else match.group(0)))
        i = match.end()
    if i < len(sentence):
        pieces.append(Piece("text", sentence[i:]))
    return pieces


# Chinese writes names and terms in “” ("“渝北对口协同云阳产业园”"); in those marks only a longer span,
# or one a marker follows, points into a passage.
_TERM_MARKS_HINT_CHARS = 12


def _is_hint(sentence: str, match: re.Match, quoted: str, titles: Sequence[tuple[int, int]]) -> bool:
    """Whether a quoted span is the model quoting a passage (a hint to find), not a term or a headline."""
    if not is_quote(quoted) or not re.search(r"[\u4e00-\u9fff]", quoted):
        return False
    if any(start <= match.start() < end for start, end in titles):
        return False
    if match.group(0)[0] in "「『【":
        return True
    return len(quoted) >= _TERM_MARKS_HINT_CHARS or bool(MARKER.match(sentence, match.end()))


def piece_words(pieces: Sequence[Piece]) -> str:
    return "".join(p.value for p in pieces if p.kind == "text")


def units_of(text: str, attribution: re.Pattern | None, protected: Sequence[str] = ()) -> list[list[Piece]]:
    """The answer's sentences as pieces; a sentence that is only a quote (and markers) right after
    a claim is joined to that claim: it is the claim's evidence."""
    units: list[list[Piece]] = []
    for sentence in reply_sentences(text):
        pieces = _pieces(sentence, protected)
        alone = any(p.kind == "quote" for p in pieces) and not content_of(piece_words(pieces))
        previous = units[-1] if units else None
        said = claim_words(previous, attribution) if previous is not None else ""
        unmarked = previous is not None and not any(p.kind == "markers" for p in previous)
        if alone and unmarked and content_of(said) and not is_framing(said):
            previous.extend(pieces)
        else:
            units.append(pieces)
    return units


# Lead-ins that say where a claim comes from, not what it claims.
_LEADS = re.compile(
    r"(?:根据|据)(?:[^，,。：:]{0,12}?)(?:报道|介绍|消息|文章|段落|材料)(?:称|显示|所述|中提到|提到)?|据悉|报道称|文章(?:中)?提到"
    r"|\b(?:according to|as stated in|as reported in) (?:the |this )?(?:articles?|passages?|reports?|news)\b",
    re.I,
)


def claim_words(pieces: Sequence[Piece], attribution: re.Pattern | None) -> str:
    """A sentence's own words: no quotes, no markers, no headline, publication or lead-in."""
    words = piece_words(pieces)
    if attribution is not None:
        words = attribution.sub(" ", words)
    return _LEADS.sub(" ", words)


def content_of(text: str) -> str:
    """Letters, digits and CJK of `text`: what is left of a sentence once punctuation is set aside."""
    return "".join(c for c in text if c.isalnum())


def attribution_of(passages: Sequence[Passage]) -> re.Pattern | None:
    """Headlines in 《》, publication names and sources of the given passages: who said it, not a claim."""
    publications = {p.publication for p in passages if p.publication}
    names = {f"《{p.title}》" for p in passages if p.title} | publications | {p.source for p in passages if p.source}
    names |= {ENGLISH_PUBLICATIONS[p] for p in publications if p in ENGLISH_PUBLICATIONS}
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


# Words an introduction may use: how an answer is laid out, not what it states.


# -- a sentence in pieces ---------------------------------------------------------------
_FRAMING_WORDS = frozenset(
    """根据 据 报道 文章 资料 材料 段落 内容 信息 情况 如下 以下 下面 具体 主要 相关 有关 关于 问题 答案 回答 总结 简报
    时间线 要点 几点 方面 介绍 显示 提到 提及 可知 可以 看到 来看 来说 总的 总体 简要 简单 详细 列出 分别 包括 其中
    进展 消息 动态 概况 梳理 汇总 如何 什么 哪些 多少""".split()
)
_FRAMING_EN = frozenset(
    """according to the articles article report reports passages passage news in short summary here is are what
    says say said following details briefing timeline key points brief overview answer based on from these this
    they show as below follows main""".split()
)


def is_framing(claim: str, question: str = "", passages: Sequence[Passage] = ()) -> bool:
    """Whether an uncited sentence only frames the answer: a short introduction ending in a colon
    that names no number, place, name or link, and whose words are framing words or the reader's own
    question and headlines ("关于铜梁签约的情况如下：" frames; "所有项目均已被叫停，具体如下：" states)."""
    if not claim.strip():
        return True
    if not claim.rstrip().endswith((":", "：")):
        return False
    body = claim.strip().strip("。.!！?？；;,，、:： \n\t")
    if len(body) > FRAMING_CHARS or "《" in body or "「" in body or model_links(body):
        return False
    if re.search(r"\d", unicodedata.normalize("NFKC", body)) or values(body) or places_in(body):
        return False
    # An acronym, or a capitalised word after the first, is a name (BYD, Changan): a fact, not framing.
    latin = re.findall(r"[A-Za-z]+", body)
    if any(sum(c.isupper() for c in w) > 1 for w in latin) or any(w[0].isupper() for w in latin[1:]):
        return False
    own = f"{question} " + " ".join(f"{p.title} {p.section}" for p in passages)
    if any(w.lower() not in _FRAMING_EN and w.lower() not in own.lower() for w in latin):
        return False
    for word in cues.words(re.sub(r"[A-Za-z]+", " ", body)):
        if not re.search(r"[\u4e00-\u9fff]", word) or word in _FRAMING_WORDS or word in own:
            continue
        if len(word) == 1 and word in "的了是和与及在对从把将为请下上中":
            continue
        if len(word) > 1 and all(word[i : i + 2] in own for i in range(len(word) - 1)):
            continue
        return False
    return True


# -- the check --------------------------------------------------------------------------
