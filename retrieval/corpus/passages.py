"""Passages: long paragraphs (news feeds with no breaks) cut at sentence ends."""

from __future__ import annotations

import math

from retrieval.text.sentences import split_sentences

# A paragraph longer than this is split; no passage is longer unless one sentence is.
MAX_PASSAGE_CHARS = 400
# No passage is ever longer: a "sentence" past it (a feed with no full stops, a 5 MB line) is cut
# inside, preferably after a comma or space. Settings.max_passage_chars (CQNEWS_MAX_PASSAGE_CHARS).
HARD_PASSAGE_CHARS = 1000
_SOFT_BREAKS = "，,；;、：: \t"


def split_paragraph(text: str, limit: int = MAX_PASSAGE_CHARS, hard: int = HARD_PASSAGE_CHARS) -> list[str]:
    """`text` as passages of whole sentences, each at most `limit` characters unless one sentence is,
    and never more than `hard` (such a sentence is cut inside).

    Short paragraphs come back unchanged; long ones are cut into pieces of about equal length,
    so no passage is a stub of one trailing sentence.
    """
    hard = max(hard, limit)
    if len(text) <= limit:
        return [text]
    parts = [piece for part in split_sentences(text) for piece in _cut(part, hard)]
    if len(parts) <= 1:
        return parts
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


def _cut(sentence: str, hard: int) -> list[str]:
    """A sentence in pieces of at most `hard` characters, each ending after a comma or space when one is near."""
    pieces = []
    while len(sentence) > hard:
        window = sentence[:hard]
        at = max(window.rfind(mark) for mark in _SOFT_BREAKS) + 1
        at = at if at > hard // 2 else hard
        pieces.append(sentence[:at])
        sentence = sentence[at:]
    return [*pieces, sentence] if sentence else pieces
