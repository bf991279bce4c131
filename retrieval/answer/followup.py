"""Follow-up questions made standalone, offline: carry the last question's places and subject.

"铜梁签约了多少项目?" then "计划总投资多少?" -> "铜梁计划总投资多少?"; then "那永川呢?" ->
"永川计划总投资多少?" (what was asked is carried over, the place replaced); in English
"which of them is biggest?" -> "which of them is biggest? (Tongliang, projects)".
A question that names its own place and asks its own thing is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from retrieval.answer.question import analyse, coverage
from retrieval.answer.support import Claim, new_words
from retrieval.lexicon import cues
from retrieval.lexicon.dictionary import content_words
from retrieval.lexicon.gazetteer import places
from retrieval.text.injection import model_links
from retrieval.text.language import detect_language
from retrieval.text.numbers import values

# A question without a place of its own continues the conversation when at least this share of
# its key terms were in the last question or answer ("计划总投资多少?" after an answer quoting
# "计划总投资206亿元"); below it, it is a new subject ("2024年重庆GDP是多少?"). Chosen on the
# follow-up examples in tests/test_bot_conversations.py; not tuned on a question set.
CONTINUES = 0.5


@dataclass(frozen=True)
class Turn:
    """One earlier exchange: the question as asked, as answered (standalone), and the answer."""

    question: str
    standalone: str = ""
    answer: str = ""

    @property
    def asked(self) -> str:
        return self.standalone or self.question


# "那/那么/那…呢", "还有…呢", "…怎么样": the rest of the question is the previous one's.
_ZH_SWAP = re.compile(r"^(?:那么?|还有|而|那要是|换成)?\s*(?P<what>.+?)\s*(?:呢|怎么样|又如何|如何)\s*[?？。!！]*$")
_ZH_LEAD = re.compile(r"^(?:那么|那|它们|他们|她们|它|这些项目|这些|那些|其中|该项目|这个项目|那个项目|该|此)\s*")
_ZH_REFERS = re.compile(r"它们|他们|它|这些|那些|其中|该项目|这个项目|那个项目|上述|这里|那里|当地")
_EN_SWAP = re.compile(r"^\s*(?:and|what about|how about|and what about)\s+(?P<what>.+?)\s*[?.!]*\s*$", re.I)
_EN_REFERS = re.compile(r"\b(?:them|they|those|these|it|its|their|there|that one|this one)\b", re.I)
_EN_STOP = frozenset(
    """a an the of in on at to for by with and or is are was were be been do does did how many much what which
    who whom when where why will would can could should has have had there their them they it its this that
    these those about from as into than then so any some more most sign signed""".split()
)


@lru_cache(maxsize=1)
def _zh_aliases() -> list[tuple[str, str]]:
    """(alias as written, canonical name) for every district, longest alias first."""
    pairs = [(alias, p.name) for p in places() if p.is_district for alias in (p.name, *p.short)]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


@lru_cache(maxsize=1)
def _en_aliases() -> list[tuple[re.Pattern, str]]:
    pairs = [(name, p.name) for p in places() if p.is_district for name in p.english]
    pairs.sort(key=lambda pair: -len(pair[0]))
    return [(re.compile(rf"(?<![\w']){re.escape(name)}(?!\w)", re.I), canonical) for name, canonical in pairs]


def _zh_places(text: str) -> list[tuple[str, str]]:
    """(alias, canonical) of each district a Chinese text names, in order, no overlaps."""
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for alias, canonical in _zh_aliases():
        start = text.find(alias)
        if start < 0 or any(a < start + len(alias) and start < b for a, b in taken):
            continue
        if any(c == canonical for _, _, c in found):
            continue
        taken.append((start, start + len(alias)))
        found.append((start, alias, canonical))
    return [(alias, canonical) for _, alias, canonical in sorted(found)]


def _en_places(text: str) -> list[tuple[str, str]]:
    found: list[tuple[int, str, str]] = []
    for pattern, canonical in _en_aliases():
        match = pattern.search(text)
        if match and all(c != canonical for _, _, c in found):
            found.append((match.start(), match.group(0), canonical))
    return [(alias, canonical) for _, alias, canonical in sorted(found)]


def _places(text: str) -> list[tuple[str, str]]:
    return _en_places(text) if detect_language(text) == "en" else _zh_places(text)


def _replace_places(previous: str, new: Sequence[str]) -> str:
    """The previous question with its places replaced by `new` (the first takes the first's spot)."""
    old = [alias for alias, _ in _places(previous)]
    if not old:
        return "".join(new) + previous if detect_language(previous) != "en" else f"{previous} ({', '.join(new)})"
    out = previous.replace(old[0], "\0", 1)
    for alias in old[1:]:
        out = out.replace(alias, "", 1)
    joiner = "和" if detect_language(previous) != "en" else " and "
    return out.replace("\0", joiner.join(new))


def _en_subject(question: str) -> list[str]:
    """Content words of an English question (places first), for a short "(about …)" note."""
    named = [alias for alias, _ in _en_places(question)]
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+|\d+", question) if w.lower() not in _EN_STOP]
    rest = [w for w in words if all(w.lower() not in alias.lower() for alias in named)]
    return list(dict.fromkeys(named + rest))[:4]


def _continues(question: str, before: Turn) -> bool:
    """Whether a question's key terms come from the last exchange (so it is about the same thing)."""
    focus = analyse(question)
    return not focus.terms or coverage(focus, f"{before.asked} {before.answer}") >= CONTINUES


def _standalone_zh(question: str, before: Turn) -> str:
    previous = before.asked
    own = _zh_places(question)
    swap = _ZH_SWAP.match(question)
    focus = analyse(question)
    if swap and own:
        # "那永川呢?": the places change, what was asked stays.
        what = swap.group("what")
        remainder = what
        for alias, _ in own:
            remainder = remainder.replace(alias, "")
        if not analyse(remainder).terms or len(remainder.strip(" 的和与及、")) <= 2:
            return _replace_places(previous, [alias for alias, _ in own])
    if own:
        return question  # names its own place: a question of its own
    refers = bool(_ZH_REFERS.search(question) or _ZH_LEAD.match(question) or swap)
    if not refers and not _continues(question, before):
        return question  # a new subject
    carried = [alias for alias, _ in _zh_places(previous)]
    body = _ZH_LEAD.sub("", question) if refers else question
    if not carried:
        # No place to carry: carry the previous subject when this one refers back or has none.
        if not (_ZH_REFERS.search(question) or not focus.terms):
            return question
        subject = "".join(term for term, _ in analyse(previous).terms[:2])
        return subject + body if subject else question
    if not analyse(body).terms:
        # "多少?" / "什么时候?" alone: everything but the asking part comes from before.
        subject = "".join(term for term, _ in analyse(previous).terms[:3] if term not in carried)
        return "".join(carried) + subject + body
    return "".join(carried) + body


def _standalone_en(question: str, before: Turn) -> str:
    previous = before.asked
    own = _en_places(question)
    swap = _EN_SWAP.match(question)
    if swap and own:
        return _replace_places(previous, [alias for alias, _ in own])
    if own and not _EN_REFERS.search(question):
        return question
    prev_places = _en_places(previous) if detect_language(previous) == "en" else _zh_places(previous)
    if not (_EN_REFERS.search(question) or swap or (not own and prev_places and _continues(question, before))):
        return question
    subject = _en_subject(previous) if detect_language(previous) == "en" else [
        alias for alias, _ in prev_places
    ] or [term for term, _ in analyse(previous).terms[:2]]
    subject = [s for s in subject if s.lower() not in question.lower()]
    if not subject:
        return question
    return f"{question.rstrip()} ({', '.join(subject)})"


def standalone(question: str, history: Sequence[Turn]) -> str:
    """`question` rewritten to stand on its own, given the conversation so far (oldest first)."""
    question = " ".join((question or "").split())
    if not question or not history:
        return question
    if detect_language(question) == "en":
        return _standalone_en(question, history[-1])
    return _standalone_zh(question, history[-1])


def rewrite_holds(rewritten: str, question: str, history: Sequence[tuple[str, str]]) -> bool:
    """Whether a model's rewrite of a follow-up says nothing the reader and the conversation did not:
    no link or contact, no number, negation or word of loss they did not use, no content word from
    elsewhere. A rewrite is shown to the reader ("理解为：…") and searched for, so it is held to what
    was said as an answer is held to its passages."""
    said = " ".join([question, *(f"{q} {a}" for q, a in history)])
    if model_links(rewritten) or not values(rewritten) <= values(said):
        return False
    if any(not cues.holds_mark(word, said) for word in cues.adverse(rewritten)):
        return False
    if cues.negates(rewritten) and not cues.negates(said):
        return False
    if detect_language(rewritten) == "en":
        known = said.lower()
        return all(word[:5] in known for word in content_words(rewritten))
    return not new_words(Claim.of(rewritten, "zh"), said)
