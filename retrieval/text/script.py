"""Traditional Chinese read as Simplified: the articles are in Simplified characters."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` with Traditional characters (and phrases) in their Simplified form; other text unchanged."""
    if text.isascii():
        return text
    return _converter().convert(text)
