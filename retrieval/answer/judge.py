"""The second reading of a model's text: each sentence the rules let through is put to the model again, one
short question each (prompts/judge.md) — does what backs it say all of it? A sentence the judge doubts,
or could not read in time, is not shown.

The rules (support.py) compare what can be compared by hand: values, units, dates, negation, names. The
judge reads what they cannot: a figure moved to a neighbouring measure, a plan told as done, "确定" for
"预计". `Tuning.judge_threshold` is the "yes" it must give (chosen with benchmarks/check_bench.py --judge).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from retrieval.answer.citations import check_citations
from retrieval.answer.llm import LLM, LLMError, within
from retrieval.models import Passage
from retrieval.text.language import Language

log = logging.getLogger(__name__)

# The share of the time left before the answer's deadline one round of verdicts may take.
_SHARE = 0.5


class Judge:
    """Verdicts for one answer's sentences, each asked once however often a growing reply is re-checked.
    With no model (judging off) it rejects nothing and asks nothing."""

    def __init__(self, llm: LLM | None, threshold: float, deadline: float) -> None:
        self.llm = llm
        self.threshold = threshold
        self.deadline = deadline
        self.scores: dict[tuple[str, str], float] = {}

    async def rejected(self, text: str, passages: Sequence[Passage], language: Language, question: str) -> frozenset[str]:
        """The sentences of `text` (as the model wrote them) that pass the rules but not the judge."""
        if self.llm is None or not text:
            return frozenset()
        backed = check_citations(text, passages, language, question).backed
        asked = list(dict.fromkeys((s, b) for _, s, b in backed if (s, b) not in self.scores))
        if asked:
            scores = await asyncio.gather(*(self._score(sentence, backing) for sentence, backing in asked))
            self.scores.update(zip(asked, scores, strict=True))
        return frozenset(raw for raw, sentence, backing in backed if self.scores[(sentence, backing)] < self.threshold)

    async def _score(self, sentence: str, backing: str) -> float:
        assert self.llm is not None
        try:
            score = await within(self.llm.judge(backing, sentence), self.deadline, _SHARE)
        except LLMError as exc:
            log.warning("judge unavailable, sentence not shown: %s", exc)
            return 0.0
        if score is None:
            log.warning("judge out of time, sentence not shown")
            return 0.0
        return score
