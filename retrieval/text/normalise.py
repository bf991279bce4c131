"""Text normalisation: one fold for each use (hashes and comparisons, quotes kept as printed, Chinese without spaces)."""

from __future__ import annotations

import re
import unicodedata

from retrieval.errors import EmptyQuestion

# A line ending in one of these closes its paragraph; a closing quote or bracket only
# does when the line also holds punctuation (a quoted headline is not a sentence).
SENTENCE_END = "。！？!?…；;：:"
CLOSERS = "”」』）)"
_SPACE = re.compile(r"\s+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)

def normalise(text: str) -> str:
    """NFKC-fold (full-width to half-width) and collapse whitespace, for comparisons and hashes."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def clean(text: str) -> str:
    """Collapse whitespace runs but keep the characters as printed: quotes must stay verbatim."""
    return _SPACE.sub(" ", text).strip()


def squash(text: str) -> str:
    """Normalise and drop all whitespace: Chinese text carries no meaning in spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def han_ratio(text: str) -> float:
    """Share of Han characters among the word characters of `text`."""
    words = _WORD.findall(text)
    return len(_HAN.findall(text)) / len(words) if words else 0.0


# Longer questions are cut here, whoever asks (the bot refuses above its own, smaller cap).
MAX_QUESTION_CHARS = 1000


def clean_question(question: str) -> str:
    """The question trimmed and cut to MAX_QUESTION_CHARS; an empty one is a user error."""
    text = " ".join((question or "").split())
    if not text:
        raise EmptyQuestion("the question is empty: ask something about the articles")
    return text[:MAX_QUESTION_CHARS]
