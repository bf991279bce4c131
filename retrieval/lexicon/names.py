"""Names an English question spells in pinyin ("Baoneng", "Zhongju Gaoxin"), found among the corpus's words.

No dictionary knows every company, estate and person in a newspaper archive, but the archive
itself does: its keyword vocabulary, read aloud, is a pinyin-to-Chinese table for exactly the
names it can answer about (宝能 is "baoneng", 中炬高新 "zhongjugaoxin").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
# A pinyin spelling: letters only, at least two syllables' worth.
_SPELLING = re.compile(r"[a-z]{4,}")
_PLACE_SUFFIXES = frozenset("村镇乡县市区省州路街湖山江河岛港湾桥")


class PinyinNames:
    """Toneless pinyin -> the corpus words spelled that way, built once from a vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        # Sorted, so a spelling's words come in the same order whatever order the vocabulary is in.
        self._words = sorted(w for w in vocabulary if _HAN_WORD.fullmatch(w))
        self._table: dict[str, tuple[str, ...]] | None = None
        self._lock = threading.Lock()

    def _built(self) -> dict[str, tuple[str, ...]]:
        with self._lock:
            if self._table is None:
                table: dict[str, list[str]] = {}
                for word in self._words:
                    spelling = _pinyin(word)
                    table.setdefault("".join(spelling), []).append(word)
                    # English names a place without its kind: "Fangyin village" is 芳阴村.
                    if len(word) >= 3 and word[-1] in _PLACE_SUFFIXES:
                        table.setdefault("".join(spelling[:-1]), []).append(word)
                self._table = {spelling: tuple(words) for spelling, words in table.items()}
            return self._table

    def spelled(self, spelling: str) -> tuple[str, ...]:
        """The corpus words whose pinyin is `spelling` ("yonghui" -> 永辉); empty when none is."""
        spelling = re.sub(r"[^a-z]", "", spelling.lower())
        return self._built().get(spelling, ()) if _SPELLING.fullmatch(spelling) else ()


@lru_cache(maxsize=None)
def _pinyin(word: str) -> tuple[str, ...]:
    """A word's toneless syllables, remembered: the table is rebuilt whenever the index reloads, and an
    archive's vocabulary mostly stays the same."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word))


def names_in(words: Iterable[str], names: PinyinNames) -> dict[str, tuple[str, ...]]:
    """For a run of English words nobody could translate, the corpus names they spell.

    Two neighbouring words are tried together first ("Zhongju Gaoxin" -> 中炬高新), then each alone.
    Keys are the words as given, joined by a space when two spell one name."""
    words = list(words)
    found: dict[str, tuple[str, ...]] = {}
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (pair := names.spelled(words[i] + words[i + 1])):
            found[f"{words[i]} {words[i + 1]}"] = pair
            i += 2
            continue
        if single := names.spelled(words[i]):
            found[words[i]] = single
        i += 1
    return found
