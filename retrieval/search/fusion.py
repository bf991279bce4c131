"""Rank fusion: several best-first id lists become one scored ranking."""

from __future__ import annotations

from collections import defaultdict

# Chosen with benchmarks/tune.py on the calibration sets (questions.jsonl + news_calibration.jsonl; index of
# the seeds + 288 news articles): every top setting used k=10; with search.WEIGHTS it gave recall@5/MRR
# 0.968/0.885 (seeds) and 0.951/0.906 (news), against 0.952/0.860 and 0.951/0.898 for k=30, equal weights.
RRF_K = 10


def fuse(rankings: list[list[str]], k: int = RRF_K, weights: list[float] | None = None) -> list[tuple[str, float]]:
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
