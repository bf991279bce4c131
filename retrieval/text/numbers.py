"""The numbers a text states, as values: 206亿 = 20.6 billion, ３０００万 = 30 million, 二十七个 = 27."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from retrieval.text.sentences import MARKER

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "亿": 100_000_000}
_ENGLISH_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

_ARABIC = re.compile(
    r"(?<![A-Za-z\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|百)?"
    r"(?:\s*(thousand|million|billion|trillion)\b)?",
    re.I,
)
# Chinese numerals only count when they carry a unit or a magnitude: "一批" and "统一" are not numbers.
_CHINESE = re.compile(
    r"(?<![\d.零〇一二两三四五六七八九十百千万亿])[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
    r"(?=[个项家所名条辆座台套亩户倍年月日号次位人元%余多])"
)
# A numeral with a digit and a magnitude stands alone too: "三千万", "一百零八". Not "千万" (by all means), "万一"
# (in case) or "十分" (very): they start with a magnitude, or have no digit before one.
_CHINESE_BARE = re.compile(
    r"(?<![\d.零〇一二两三四五六七八九十百千万亿])(?:[一二两三四五六七八九][十百千万亿]|十[一二三四五六七八九])"
    r"[零〇一二两三四五六七八九十百千万亿]*(?![零〇一二两三四五六七八九十百千万亿个项家所名条辆座台套亩户倍年月日号次位人元%余多点])"
)
# "7000余万", "三千余万", "20多亿": over 70 million, 30 million, 2 billion. The 余/多 goes, the magnitude stays.
# Only 万 and 亿: after 余/多, 千 and 百 start a unit ("2000多千米" is 2,000 km, not 2 million).
_ABOUT = re.compile(r"(?<=[\d零〇一二两三四五六七八九十百千])\s*[余多](?=\s*[万亿])")


def chinese_value(text: str) -> float | None:
    """The value of a Chinese numeral such as 二十七, 三千五百, 一万二千, 两亿."""
    total, section, digit = 0, 0, 0
    seen = False
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
            seen = True
        elif char in _SMALL:
            section += (digit or 1) * _SMALL[char]
            digit = 0
            seen = True
        elif char in _LARGE:
            total = (total + section + digit) * _LARGE[char]
            section = digit = 0
            seen = True
    return float(total + section + digit) if seen else None


def values(text: str) -> set[float]:
    """Every number `text` states, with 万/亿 and English scale words applied; `[n]` markers are ignored."""
    return set(stated(text))


def stated(text: str) -> Counter[float]:
    """How many times `text` states each number (as `values` reads them): "分别是2338亿、2338亿" states it twice."""
    text = MARKER.sub(" ", unicodedata.normalize("NFKC", text))
    text = _ABOUT.sub("", text)
    found: Counter[float] = Counter()
    for match in _ARABIC.finditer(text):
        number = float(match.group(1).replace(",", ""))
        magnitude = match.group(2)
        if magnitude:
            number *= 1e12 if magnitude == "万亿" else {"亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}[magnitude]
        if match.group(3):
            number *= _ENGLISH_SCALE[match.group(3).lower()]
        found[_round(number)] += 1
    for match in (*_CHINESE.finditer(text), *_CHINESE_BARE.finditer(text)):
        value = chinese_value(match.group(0))
        # "一个", "一家": the indefinite article, not a figure anyone could get wrong.
        if value is not None and not (value == 1 and match.group(0) == "一"):
            found[_round(value)] += 1
    return found




def _round(value: float) -> float:
    # 20.6 billion and 206亿 must compare equal despite binary fractions.
    return float(f"{value:.9g}")
