"""Sentences: where each kind of text is cut. A passage (`split_sentences`, lossless), the part of a
passage a reader may be quoted (`quotable_sentences`), an answer a model wrote (`reply_sentences`,
markers kept with their sentence)."""

from __future__ import annotations

import re

from retrieval.text.injection import may_quote

# Where a printed line ends its paragraph (corpus/pages.py repairs lines broken across columns): a line
# ending in one of SENTENCE_END does; one ending in a closing quote or bracket only when the line also
# holds punctuation (a quoted headline is not a sentence).
SENTENCE_END = "。！？!?…；;：:"
CLOSERS = "”」』）)"
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


def quotable_sentences(text: str, question: str = "") -> list[str]:
    """A passage's quotable sentences, closing quotes kept with the sentence they end, quotes never cut.

    Sentences a reader must not be quoted (retrieval/text/injection.py) are left out: instructions to a
    model and links offered with money always, other links unless `question` asks for one. Callers
    that index into the list (candidates' positions) pass the same question.
    """
    return [s for s in (part.strip() for part in split_sentences(text)) if s and may_quote(s, question)]


# A citation marker as models write it: [1], [1, 2], ［1］, 【1】.
MARKER = re.compile(r"[\[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]")
_TRAILING_MARKER = re.compile(r"[ \t]*" + MARKER.pattern)


def cited(text: str) -> list[int]:
    """The numbers a text's citation markers cite, in order: "…[1, 3]。" -> [1, 3]."""
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,，、]\s*", group)]

_TERMINATORS = "。！？!?；;\n"
_REPLY_CLOSERS = "”’』）)\"'"
# Quote marks a model may use, opening -> closing. 【n】 is a marker, not a quote.
QUOTE_MARKS = {"「": "」", "『": "』", "【": "】", "“": "”", "‘": "’", '"': '"'}


def reply_sentences(text: str) -> list[str]:
    """A written answer's sentences, with their trailing closers and `[n]` markers; never splits inside a quote
    (any of QUOTE_MARKS), and a quote left open ends at the line."""
    sentences: list[str] = []
    start, i = 0, 0
    closing: list[str] = []  # the closing marks of the quotes now open
    while i < len(text):
        char = text[i]
        marker = MARKER.match(text, i) if char in "[［【" else None
        if marker:
            i = marker.end()
            continue
        if closing and char == closing[-1]:
            closing.pop()
        elif char in QUOTE_MARKS and (char != '"' or not closing):
            closing.append(QUOTE_MARKS[char])
        elif char == "\n":
            closing = []
        # "1.3亿元" is not a sentence end; an English full stop is followed by a space.
        is_stop = char == "." and (i + 1 == len(text) or text[i + 1].isspace())
        if not closing and (char in _TERMINATORS or is_stop):
            end = i + 1
            while end < len(text) and text[end] in _REPLY_CLOSERS:
                end += 1
            while True:
                # "….[1]", "…. [1]" and "…。 [1][2]": markers after the stop still belong to the sentence.
                marker = _TRAILING_MARKER.match(text, end)
                if not marker:
                    break
                end = marker.end()
            sentences.append(text[start:end])
            start = i = end
            continue
        i += 1
    if start < len(text):
        sentences.append(text[start:])
    return sentences
