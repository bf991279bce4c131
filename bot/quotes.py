"""One quote, one place: where each cited quote is shown, the same rule for every mode and output.

The answer's body carries the sentences and their [n] markers. A quote the body already shows
word for word (extractive answers quote the articles) is not repeated in the sources block;
a quote the body does not show (an LLM answer that paraphrases) is shown there, once.
"""

from __future__ import annotations

from retrieval.models import Answer


def quote_in_body(answer: Answer, quote: str) -> bool:
    """Whether the answer's text already shows `quote` word for word."""
    return " ".join(quote.split()) in " ".join(answer.text.split())
