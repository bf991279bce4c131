"""The judge's verdicts on benchmark sentences (retrieval/answer/judge.py), kept in a JSONL file so a run
replays without the model: one row per (sentence, what backs it) with the judge's chance of "yes".

    --judge FILE          replay: use FILE's verdicts; a sentence with none counts as not judged (shown)
    --judge FILE --live   ask the configured model (OPENAI_BASE_URL, ...) for what FILE lacks, and append it
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from pathlib import Path

from retrieval.answer.judge import Judge
from retrieval.answer.prompts import load_prompt
from retrieval.settings import Settings
from retrieval.tuning import TUNING

_FAR = 10**9  # no deadline: a benchmark waits for every verdict


class Verdicts:
    """Recorded verdicts, and the live model for the missing ones when asked."""

    def __init__(self, path: Path, live: bool = False, threshold: float = TUNING.judge_threshold) -> None:
        self.path = path
        self.threshold = threshold
        self.scores: dict[str, float] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    self.scores[row["key"]] = row["score"]
        self.llm = None
        if live:
            from retrieval.answer.llm import LLM

            self.llm = LLM(Settings())
        self.missing = 0
        self.asked = 0
        self.loop = asyncio.new_event_loop()  # one loop for every verdict: the model's client keeps to it

    @staticmethod
    def key(passage: str, sentence: str) -> str:
        """The verdict's key: the judge's prompt as it is today, the passage and the sentence."""
        return hashlib.sha1(f"{load_prompt('judge')}\x00{passage}\x00{sentence}".encode()).hexdigest()[:16]

    async def judge(self, passage: str, sentence: str) -> float:
        key = self.key(passage, sentence)
        if key not in self.scores:
            if self.llm is None:
                self.missing += 1
                return 1.0
            score = await self.llm.judge(passage, sentence)
            self.asked += 1
            self.scores[key] = score
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"key": key, "score": round(score, 4), "sentence": sentence, "passage": passage},
                                     ensure_ascii=False) + "\n")
        return self.scores[key]

    def rejected(self, text: str, given, language: str, question: str) -> frozenset[str]:
        """The sentences of `text` the judge does not let through, as Judge.rejected finds them."""
        judge = Judge(self, self.threshold, _FAR)  # type: ignore[arg-type]  (duck-typed: .judge(passage, sentence))
        return self.loop.run_until_complete(judge.rejected(text, given, language, question))
