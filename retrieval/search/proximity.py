"""Term proximity: passages where the question's words sit close together rank higher."""

from __future__ import annotations

import math


def tightest_span(text: str, terms: list[str]) -> tuple[int, int]:
    """(terms found, length of the shortest stretch of `text` holding one of each found term)."""
    positions = []
    for i, term in enumerate(terms):
        start = text.find(term)
        while start >= 0:
            positions.append((start, start + len(term), i))
            start = text.find(term, start + 1)
    found = {i for _, _, i in positions}
    if not found:
        return 0, 0
    positions.sort()
    counts: dict[int, int] = {}
    best = len(text)
    left = 0
    for _, end, term in positions:
        counts[term] = counts.get(term, 0) + 1
        while len(counts) == len(found):
            best = min(best, end - positions[left][0])
            t = positions[left][2]
            counts[t] -= 1
            if not counts[t]:
                del counts[t]
            left += 1
    return len(found), best


def proximity_ranking(candidates: list[tuple[str, str]], terms: list[str]) -> list[str]:
    """Ids of (id, text) candidates ordered by how many terms they hold, then how tightly."""
    terms = [t for t in dict.fromkeys(terms) if len(t) > 1]
    if len(terms) < 2:
        return []
    scored = []
    for pid, text in candidates:
        found, span = tightest_span(text, terms)
        if found >= 2:
            scored.append((found / len(terms) - 0.05 * math.log1p(span), pid))
    scored.sort(reverse=True)
    return [pid for _, pid in scored]
