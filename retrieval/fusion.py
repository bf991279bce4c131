"""Rank fusion: several best-first id lists become one scored ranking."""

from __future__ import annotations

from collections import defaultdict

RRF_K = 30  # measured on benchmarks/questions.jsonl with the proximity list: 30 beat 10 and 60


def fuse(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion, scaled so a passage ranked first by every list scores 1.0."""
    lists = [r for r in rankings if r]
    if not lists:
        return []
    scores: dict[str, float] = defaultdict(float)
    for ranking in lists:
        for rank, pid in enumerate(ranking):
            scores[pid] += 1.0 / (k + rank + 1)
    best = len(lists) / (k + 1)
    return sorted(((pid, s / best) for pid, s in scores.items()), key=lambda item: -item[1])
