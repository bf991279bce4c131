"""Sentences: where a text is cut into sentences, for each kind of text."""

from __future__ import annotations

# A quote left open runs at most this far before a sentence end cuts it: a real quotation rarely
# runs past a passage's length (corpus/passages.py MAX_PASSAGE_CHARS).
LONGEST_QUOTE = 400

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
        if ch in _ENDS and expecting and (len(expecting) > 3 or i - start > LONGEST_QUOTE):
            # Unbalanced marks: a quote left open ("他说：“今年增长6%。" with no closer) must not swallow
            # the rest of the article. A real quotation rarely runs past a passage's length.
            expecting.clear()
            continue  # cut here, as at any sentence end
        i += 1
    if start < n:
        out.append(text[start:])
    return [s for s in out if s.strip()]
