"""Sentences and passages: long paragraphs (news feeds with no breaks) cut at sentence ends."""

from __future__ import annotations

import math

# A paragraph longer than this is split; no passage is longer unless one sentence is.
MAX_PASSAGE_CHARS = 400

_ENDS = "。！？!?…"
_CLOSERS = "”’」』）)】"
_OPEN_TO_CLOSE = {"“": "”", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")"}


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, cut after 。！？ (plus any closing quotes), never inside quotes or brackets.

    Joining the result gives `text` back exactly: nothing is dropped or changed.
    """
    out: list[str] = []
    start = 0
    expecting: list[str] = []  # closers of the quotes/brackets currently open
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN_TO_CLOSE and not (ch == "“" and expecting and expecting[-1] == "”"):
            expecting.append(_OPEN_TO_CLOSE[ch])
        elif expecting and ch == expecting[-1]:
            expecting.pop()
        elif ch in "”」』》）)" and ch in expecting:  # a quote closed over a missing inner closer
            while expecting and expecting.pop() != ch:
                pass
        if ch in _ENDS and not expecting:
            j = i + 1
            while j < n and (text[j] in _ENDS or text[j] in _CLOSERS):
                j += 1
            while j < n and text[j] == " ":
                j += 1
            out.append(text[start:j])
            start = i = j
            continue
        if ch in _ENDS and expecting and (len(expecting) > 3 or i - start > MAX_PASSAGE_CHARS):
            # Unbalanced marks: a quote left open ("他说：“今年增长6%。" with no closer) must not swallow
            # the rest of the article. A real quotation rarely runs past a passage's length.
            expecting.clear()
            continue  # cut here, as at any sentence end
        i += 1
    if start < n:
        out.append(text[start:])
    return [s for s in out if s.strip()]


def split_paragraph(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """`text` as passages of whole sentences, each at most `limit` characters unless one sentence is.

    Short paragraphs come back unchanged; long ones are cut into pieces of about equal length,
    so no passage is a stub of one trailing sentence.
    """
    if len(text) <= limit:
        return [text]
    parts = split_sentences(text)
    if len(parts) <= 1:
        return [text]
    target = len(text) / math.ceil(len(text) / limit)
    out: list[str] = []
    current = ""
    for part in parts:
        if current and (len(current) + len(part) > limit or len(current) >= target * 0.9):
            out.append(current)
            current = ""
        current += part
    if current:
        out.append(current)
    return [piece.strip() for piece in out if piece.strip()]
