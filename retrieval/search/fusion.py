"""Rank fusion: several best-first id lists become one scored ranking."""

from __future__ import annotations

from collections import defaultdict

from retrieval.tuning import TUNING


def fuse(rankings: list[list[str]], k: int = TUNING.rrf_k, weights: list[float] | None = None) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion, scaled so a passage ranked first by every list scores 1.0."""
    pairs = [(r, w) for r, w in zip(rankings, weights or [1.0] * len(rankings), strict=True) if r and w > 0]
    if not pairs:
        return []
    scores: dict[str, float] = defaultdict(float)
    for ranking, weight in pairs:
        for rank, pid in enumerate(ranking):
            scores[pid] += weight / (k + rank + 1)
    best = sum(w for _, w in pairs) / (k + 1)
    return sorted(((pid, s / best) for pid, s in scores.items()), key=lambda item: -item[1])
