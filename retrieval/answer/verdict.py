"""The learned half of the verdict: a logistic regression over what `decision.decide` measures.

Its weights (`verdict.json`, beside this file) are fitted by `benchmarks/train_verdict.py` on the
calibration sets only, the near-miss calibration set among them; the threshold is chosen there too.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

# The features, in order: what decide measures once its rules have passed.
FEATURES = (
    "sentence_coverage",  # share of the question's key-term weight in the answering sentences
    "context_coverage",  # ... in the passages they come from
    "bound",  # share of the question's named subjects (LAC: org/person/place) in the sentences stating the value, or headline
    "bound_nearby",  # ... in those sentences' neighbours or the paragraphs around them
    "time_bound",  # share of the question's times (LAC TIME) in the sentences stating the value, or headline
    "named",  # 1 when the question names a subject at all
    "english",
    "unknown",  # English words nobody could translate
    "specific_coverage",  # the answering sentences' coverage with each term weighted by its rarity (jieba's idf)
    "rarest_missing",  # rarity (idf / 12) of the rarest question term the answering sentences lack (0: none lacks)
    "missing_terms",  # how many question terms the answering sentences lack
    "top_rank",  # search rank of the best answering passage, over 8
    "wants_amount",
    "wants_date",
    "wants_name",  # a person, organisation or place
    "best_window",  # the best single answering sentence's (with neighbours, headline) coverage
    "best_article",  # the best single article's coverage, its answering sentences pooled
    "articles",  # distinct articles over answering sentences: a near miss gathers pieces from many
    "best_specific",  # the best single sentence's rarity-weighted coverage
    "shared_run",  # longest run of the question's characters one sentence holds, over the question's length (zh)
    "headline",  # the best coverage of an answering article's headline
    "numbers_bound",  # share of the question's numbers and ordinals (第十届, 26th) the answering sentences hold
    "picks",  # answering sentences, over 3
)
_WEIGHTS = Path(__file__).with_name("verdict.json")


@lru_cache(maxsize=1)
def _model() -> dict | None:
    return json.loads(_WEIGHTS.read_text(encoding="utf-8")) if _WEIGHTS.exists() else None


def probability(features: dict[str, float]) -> float:
    """How likely the answering sentences answer the question (1.0 when no model is shipped)."""
    model = _model()
    if model is None:
        return 1.0
    z = model["bias"] + sum(w * (features[name] - m) / s for name, w, m, s in zip(
        model["features"], model["weights"], model["mean"], model["scale"], strict=True))
    return 1 / (1 + math.exp(-z))


def threshold() -> float:
    """The probability below which the answer is refused (chosen on the calibration sets)."""
    model = _model()
    return model["threshold"] if model else 0.0


def fallback_threshold() -> float:
    """The stricter bar after a model's reply was rejected: below it the extractive answer is refused too."""
    model = _model()
    return model.get("fallback_threshold", model["threshold"]) if model else 0.0
