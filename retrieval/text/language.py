"""Which language a question is written in: Chinese or English."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["zh", "en"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str) -> Language:
    """Return "en" when Latin words outweigh Chinese characters, else "zh"."""
    cjk = len(_CJK.findall(text))
    # A Chinese word is about two characters, so compare words with half the characters;
    # an English question naming 渝北 or 云阳 stays English, "重庆GDP是多少" stays Chinese.
    latin_words = len(_LATIN_WORD.findall(text))
    if latin_words == 0:
        return "zh"
    return "en" if latin_words * 2 > cjk else "zh"


# How an English answer names a publication its quotes come from (the check accepts the name too).
ENGLISH_PUBLICATIONS = {"重庆日报": "Chongqing Daily"}
