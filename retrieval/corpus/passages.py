"""Passages: long paragraphs (news feeds with no breaks) cut at sentence ends."""

from __future__ import annotations

import math

from retrieval.text.sentences import split_sentences

# A paragraph longer than this is split; no passage is longer unless one sentence is.
MAX_PASSAGE_CHARS = 400

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
