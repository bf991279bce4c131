"""LLM mode against any OpenAI-compatible endpoint: what the model wrote, what the check let through.

    OPENAI_BASE_URL=http://127.0.0.1:8080/v1 CQNEWS_LLM_MODEL=gemma \\
        python benchmarks/llm_bench.py benchmarks/questions.jsonl [--limit N] [--out rows.jsonl]

Prints one table: facts in answer, refusals right, citation precision of what the model wrote and
of what the reader was shown (a cited sentence is precise when every number and district it states
is in the passages it cites, ALCE-style), sentences dropped by the check, fallbacks, cut replies,
and p50/p95 latency. Uses the index in CQNEWS_DATA_DIR (built from the seeds when missing).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

from retrieval.answer import Answerer
from retrieval.citations import places_in, names_place, split_sentences
from retrieval.evaluation import facts_present, load_questions
from retrieval.index import Index
from retrieval.numbers import values
from retrieval.settings import Settings


def shown_precision(answer) -> tuple[int, int]:
    """(precise, cited) sentences of the answer the reader saw, re-checked independently."""
    by_n = {c.n: c for c in answer.citations}
    by_id = {p.id: p for p in answer.passages}
    precise = cited = 0
    for sentence in split_sentences(answer.text):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
        sources = [by_id.get(by_n[n].passage_id) for n in numbers if n in by_n]
        sources = [p for p in sources if p is not None]
        if not sources:
            continue
        cited += 1
        evidence = " ".join(f"{p.title} {p.section} {p.text}" for p in sources)
        claim = re.sub(r"「[^」]*」|\[\d+\]", " ", sentence)
        ok = not (values(claim) - values(evidence)) and all(
            names_place("".join(evidence.split()), place) for place in places_in(claim)
        )
        precise += ok
    return precise, cited


def percentile(values_: list[float], pct: float) -> float:
    ordered = sorted(values_)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = Settings()
    if not settings.llm_enabled:
        print("set OPENAI_BASE_URL (and OPENAI_API_KEY / CQNEWS_LLM_MODEL) to an OpenAI-compatible endpoint", file=sys.stderr)
        return 2
    questions = load_questions(args.questions)[: args.limit or None]
    answerer = Answerer(Index.open(settings), settings)
    rows, latencies = [], []
    totals = dict.fromkeys(
        ("facts", "with_facts", "refusal_right", "precise", "cited", "raw_precise", "raw_cited", "dropped",
         "uncited", "fallback", "cut", "llm_answers", "none"), 0)
    out = args.out.open("w", encoding="utf-8") if args.out else None
    for q in questions:
        started = time.perf_counter()
        answer = answerer.ask(q.question)
        latencies.append(time.perf_counter() - started)
        checks = answer.checks or {}
        model = checks.get("llm", checks) if answer.mode == "llm" or "llm" in checks else {}
        if q.answerable and q.facts:
            totals["with_facts"] += 1
            totals["facts"] += facts_present(answer.text, q.facts)
        totals["refusal_right"] += answer.grounded == q.answerable
        precise, cited = shown_precision(answer)
        totals["precise"] += precise
        totals["cited"] += cited
        if model:
            rejected = model.get("fabricated", 0) + model.get("numbers_rejected", 0) + model.get("names_rejected", 0)
            totals["raw_cited"] += model.get("sentences_cited", 0) + rejected
            totals["raw_precise"] += model.get("sentences_cited", 0)
            totals["dropped"] += model.get("sentences_dropped", 0)
            totals["uncited"] += model.get("uncited", 0)
        totals["fallback"] += "fallback" in checks
        totals["cut"] += "cut" in checks
        totals["llm_answers"] += answer.mode == "llm" and answer.grounded
        totals["none"] += answer.mode == "llm" and not answer.grounded
        row = {"id": q.id, "seconds": round(latencies[-1], 2), **answer.to_json()}
        rows.append(row)
        if out:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{q.id}: {latencies[-1]:.1f}s mode={answer.mode} grounded={answer.grounded} checks={checks}", file=sys.stderr)
    if out:
        out.close()
    n = len(questions)
    ratio = lambda a, b: f"{a / b:.3f}" if b else "n/a"  # noqa: E731
    print(f"\nLLM mode: {settings.llm_model} at {settings.openai_base_url or 'OpenAI'}; {n} questions from {args.questions.name}\n")
    print("| facts in answer | refusals right | citation precision, model | citation precision, shown | sentences dropped | uncited dropped | fallbacks | cut replies | model answers | model [none] | p50 s | p95 s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {ratio(totals['facts'], totals['with_facts'])} | {ratio(totals['refusal_right'], n)} "
        f"| {ratio(totals['raw_precise'], totals['raw_cited'])} | {ratio(totals['precise'], totals['cited'])} "
        f"| {totals['dropped']} | {totals['uncited']} | {totals['fallback']} | {totals['cut']} | {totals['llm_answers']} "
        f"| {totals['none']} | {statistics.median(latencies):.1f} | {percentile(latencies, 95):.1f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
