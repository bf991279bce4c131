"""Run a question set through search (and answering) in one process and score it."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from retrieval.errors import CQNewsError
from retrieval.models import Answer, Passage
from retrieval.search.hybrid import search
from retrieval.settings import EARLIEST_TODAY
from retrieval.text.normalise import normalise, squash


@dataclass(frozen=True)
class Question:
    """One line of a question set: gold strings are substrings of passages that answer it."""

    id: str
    question: str
    gold: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    lang: str = ""
    kind: str = ""
    today: str = ""  # YYYY-MM-DD the question's "今年", "last month" count from (dated sets); "": the answerer's

    @property
    def answerable(self) -> bool:
        return bool(self.gold) and self.kind not in ("unanswerable", "none")


def _today(text: str) -> str:
    """A row's `today` as given, once it is a date relative words can count back from."""
    if text and date.fromisoformat(text).year < EARLIEST_TODAY:
        raise ValueError(f"today: {text} is before {EARLIEST_TODAY}")
    return text


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL question set; a malformed line is a clear error naming the line."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CQNewsError(f"cannot read {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                Question(
                    id=str(row["id"]),
                    question=str(row["question"]),
                    gold=tuple(row.get("gold", ())),
                    facts=tuple(row.get("facts", ())),
                    lang=str(row.get("lang", "")),
                    kind=str(row.get("kind", "")),
                    today=_today(str(row.get("today", ""))),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CQNewsError(f"{path}:{number}: not a question line ({exc})") from exc
    if not out:
        raise CQNewsError(f"{path}: no questions in it (one JSON object a line: id, question, gold, facts)")
    return out


def gold_rank(passages: Iterable[Passage], gold: Iterable[str]) -> int | None:
    """1-based rank of the first passage containing any gold string."""
    wanted = [squash(g) for g in gold]
    for rank, passage in enumerate(passages, 1):
        text = squash(passage.text)
        if any(g in text for g in wanted):
            return rank
    return None


def gold_recall(passages: list[Passage], gold: tuple[str, ...], k: int) -> float:
    """Share of the gold strings found in the top k passages."""
    texts = [squash(p.text) for p in passages[:k]]
    found = sum(1 for g in gold if any(squash(g) in t for t in texts))
    return found / len(gold)


def facts_present(answer_text: str, facts: tuple[str, ...]) -> bool:
    text = squash(answer_text)
    return all(squash(f) in text for f in facts)


def quote_verbatim(answer: Answer) -> list[bool]:
    """For each citation: does its quote occur in the passage it names (whitespace-normalised)?"""
    by_id = {p.id: normalise(p.text) for p in answer.passages}
    return [normalise(c.quote) in by_id.get(c.passage_id, "") for c in answer.citations]


@dataclass
class Result:
    question: Question
    passages: list[Passage]
    timings_ms: dict
    answer: Answer | None = None

    def to_json(self) -> dict:
        row = {
            "id": self.question.id,
            "question": self.question.question,
            "passages": [p.to_json() for p in self.passages],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
        if self.answer is not None:
            data = self.answer.to_json()
            row.update({key: data[key] for key in ("answer", "grounded", "mode", "citations")})
        return row


def run(index, questions: list[Question], k: int = 5, answerer=None) -> Iterator[Result]:
    """Search (and answer) every question, yielding results as they come."""
    for q in questions:
        start = time.perf_counter()
        passages = search(index, q.question, k=k)
        timings = {"search": (time.perf_counter() - start) * 1000}
        answer = None
        if answerer is not None:
            if hasattr(index, "forget_queries"):  # time the answer as for a new question: its embedding included
                index.forget_queries()
            start = time.perf_counter()
            kept = getattr(answerer, "today", None)
            if q.today:  # a dated set's relative words count from the day it was written for
                answerer.today = date.fromisoformat(q.today)
            try:
                answer = answerer.ask(q.question, k=k)
            finally:
                answerer.today = kept
            timings["ask"] = (time.perf_counter() - start) * 1000
        yield Result(q, passages, timings, answer)


def percentile(values: list[float], pct: int) -> float | None:
    """The pct-th percentile of `values` (interpolated between the nearest two), None when empty.
    The one formula for every latency figure: `cqnews eval`, the benchmarks and the bot's /stats."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def summarise(results: list[Result], shown: Callable[[Answer], str] | None = None) -> list[tuple[str, dict]]:
    """Metrics overall, per language, per kind: recall@1/5, MRR, latency, answer quality.

    `facts` are looked for in what the reader is shown, `shown(answer)` (the renderers' words: a dated
    answer's dates are in its labels, not its text); in `answer.text` when no `shown` is given.

    `false_refusal`: share of answerable questions answered "the articles do not say";
    `false_answer`: share of unanswerable questions answered as if grounded.
    """
    groups: dict[str, list[Result]] = {"all": results}
    for r in results:
        for key in filter(None, (r.question.lang, r.question.kind)):
            groups.setdefault(key, []).append(r)
    table = []
    for name, items in groups.items():
        answerable = [r for r in items if r.question.answerable]
        metrics: dict[str, float | int] = {"n": len(items), "answerable": len(answerable)}
        if answerable:
            ranks = [gold_rank(r.passages, r.question.gold) for r in answerable]
            metrics["recall@1"] = statistics.mean(gold_recall(r.passages, r.question.gold, 1) for r in answerable)
            metrics["recall@5"] = statistics.mean(gold_recall(r.passages, r.question.gold, 5) for r in answerable)
            metrics["mrr"] = statistics.mean(1 / rank if rank else 0.0 for rank in ranks)
        search_ms = [r.timings_ms["search"] for r in items]
        metrics["search_p50_ms"] = statistics.median(search_ms)
        metrics["search_p95_ms"] = _nan(percentile(search_ms, 95))
        answered = [r for r in items if r.answer is not None]
        if answered:
            with_facts = [r for r in answered if r.question.answerable and r.question.facts]
            if with_facts:
                words = shown or (lambda answer: answer.text)
                metrics["facts"] = statistics.mean(facts_present(words(r.answer), r.question.facts) for r in with_facts)
            metrics["grounded_acc"] = statistics.mean(r.answer.grounded == r.question.answerable for r in answered)
            asked = [r for r in answered if r.question.answerable]
            if asked:
                metrics["false_refusal"] = statistics.mean(not r.answer.grounded for r in asked)
            unasked = [r for r in answered if not r.question.answerable]
            if unasked:
                metrics["false_answer"] = statistics.mean(r.answer.grounded for r in unasked)
            quotes = [ok for r in answered for ok in quote_verbatim(r.answer)]
            metrics["quotes_verbatim"] = statistics.mean(quotes) if quotes else 1.0
            asks = [r.timings_ms["ask"] for r in answered]
            metrics["ask_p50_ms"] = statistics.median(asks)
            metrics["ask_p95_ms"] = _nan(percentile(asks, 95))
        table.append((name, metrics))
    return table
