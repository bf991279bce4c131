"""Text normalisation, one function for each use: hashes and comparisons (`normalise`), quotes kept as
printed (`clean`), Chinese without spaces (`squash`), the citation check's fold (`fold`,
`folded_with_map`), what a person typed (`clean_input`, `clean_question`)."""

from __future__ import annotations

import re
import unicodedata

from retrieval.errors import EmptyQuestion

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
    text = clean_input(question)
    if not text:
        raise EmptyQuestion("the question is empty: ask something about the articles")
    return text[:MAX_QUESTION_CHARS]


# -- comparing texts (the citation check) -----------------------------------------------------------
_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "〝": '"', "〞": '"'})


def fold_char(char: str) -> str:
    """One character as compared: NFKC (full-width → half-width), curly quotes folded, lower case."""
    return unicodedata.normalize("NFKC", char).translate(_QUOTE_FOLD).lower()


def folded_with_map(text: str, keep=lambda char: not char.isspace()) -> tuple[str, list[int]]:
    """`text` folded for comparison, only the characters `keep` accepts (by default all but spaces),
    and for each of them the index in `text` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for folded_char in fold_char(char):
            if keep(folded_char):
                out.append(folded_char)
                origin.append(i)
    return "".join(out), origin


def fold(text: str) -> str:
    """Text as compared: whitespace removed, width and quote styles folded, lower case."""
    return folded_with_map(text)[0]


def squash_spaces(text: str) -> str:
    """All whitespace removed, nothing else changed."""
    return "".join(text.split())


# -- what a person typed ----------------------------------------------------------------------------
# Characters a pasted question may carry that no one sees (zero-width spaces, soft hyphens): read as spaces.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), " ")


def clean_input(text: str | None) -> str:
    """Invisible characters read as spaces and whitespace collapsed; "" when nothing is left."""
    return " ".join((text or "").translate(_INVISIBLE).split())
