"""The citation check against false replies: how many are kept from the reader, per kind and split.

    python benchmarks/check_bench.py                     # both splits, seeds and news rows
    python benchmarks/check_bench.py --split heldout --failures

No model, no network, no index: every row carries the passages the model was given and its scripted
reply (tests/fixtures/adversarial_replies.jsonl over the seeds, benchmarks/adversarial_news.jsonl over
news-zh; benchmarks/build_adversarial.py wrote both). Each reply goes through today's check exactly
as llm_bench.py's `judge()` replays a recorded reply: the sentences that pass are the model's answer;
when none passes, the reader gets the extractive answer (recorded with the seed rows; none for news
rows, whose fallback is counted as kept). Rewrite rows go through `Answerer.arewrite` with a scripted
model: what it returns is shown to the reader as "↪ 理解为：…".

A row is kept from the reader when no `bad` substring is visible (answer text or the quotes under it,
or the rewrite) and the model's shown answer states no figure its passages and question do not hold
(values compared by value, as the check's own numbers test). `true-control` rows (correct replies) and
the recorded real replies labelled `answer` (tests/fixtures/real_replies.jsonl, decided as
tests/test_real_replies.py decides) are the true side: shown as the model's answer with their facts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import llm_bench  # noqa: E402
from llm_bench import add_judge_arguments, judge, seen, states, use_judge  # noqa: E402

from retrieval.answer.citations import check_citations  # noqa: E402
from retrieval.answer.llm import (
    Reply,  # noqa: E402
    strip_none,  # noqa: E402
)
from retrieval.models import Passage  # noqa: E402
from retrieval.text.numbers import values  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "adversarial_replies.jsonl"
NEWS = ROOT / "benchmarks" / "adversarial_news.jsonl"
REAL = ROOT / "tests" / "fixtures" / "real_replies.jsonl"
KINDS = (
    "negation", "negation-removed", "direction-flip", "false-tail", "unit-swap", "number-moved", "date-swap",
    "chinese-numeral", "english-number", "english-for-zh", "zh-for-en", "uncited-framing", "link-lure",
    "other-subject", "superlative", "modality", "rewrite",
)
MARKERS = re.compile(r"\[\d+(?:\s*[,，、]\s*\d+)*\]")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rewritten(row: dict) -> str:
    """What the reader is shown as the follow-up's rewrite, from today's Answerer.arewrite."""
    from retrieval.answer.answerer import Answerer
    from retrieval.settings import Settings
    from tests.fake_model import FakeModel  # the project's scripted chat model: streams end as ChatOpenAI's do

    answerer = Answerer(None, Settings(), model=FakeModel(row["reply"]))
    try:
        result = asyncio.run(answerer.arewrite(row["question"], [tuple(turn) for turn in row["history"]]))
    finally:
        answerer.close()
    return result or ""


def new_figures(row: dict, shown: str) -> set[float]:
    """Values the shown model text states that neither its passages nor the question hold."""
    evidence = " ".join(f"{p['title']} {p['section']} {p['text']}" for p in row["given"]) + " " + row["question"]
    return values(MARKERS.sub(" ", shown)) - values(evidence)


def outcome(row: dict) -> dict:
    """What the reader got from one row: visible text, whether it was the model's answer, what leaked."""
    if row["kind"] == "rewrite":
        text = rewritten(row)
        model, figures = bool(text), set()
    else:
        answer = judge({**row, "failure": row.get("failure", "")})
        text = seen(answer)
        model = answer.mode == "llm" and answer.grounded
        figures = new_figures(row, answer.text) if model else set()
    leaked = [claim for claim in row["bad"] if claim in text]
    facts_shown = model and states(text, row.get("facts", [])) if row.get("facts") else model
    return {"text": text, "model": model, "leaked": leaked, "figures": figures,
            "kept": not leaked and not figures, "facts_shown": facts_shown}


def real_side() -> tuple[int, int]:
    """Recorded real replies labelled `answer`: shown as the model's answer with their facts, of all."""
    shown = total = 0
    for row in load(REAL):
        if row["label"] != "answer":
            continue
        body, said_none = strip_none(row["reply"])
        text, given = Reply(body, said_none=said_none).usable, [Passage(**p) for p in row["given"]]
        rejected = llm_bench.VERDICTS.rejected(text, given, row["lang"], row["question"]) if llm_bench.VERDICTS else ()
        checked = check_citations(text, given, row["lang"], row["question"], rejected)
        visible = " ".join([checked.text, *(c.quote for c in checked.citations)])
        total += 1
        shown += checked.grounded and states(visible, row["facts"])
    return shown, total


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.2f})" if b else "–"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("calibration", "heldout", "all"), default="all")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="adversarial replies over the seeds")
    parser.add_argument("--news", default=str(NEWS),
                        help="adversarial replies over news-zh (carry their passages); 'none' to leave them out")
    parser.add_argument("--failures", action="store_true", help="list every row that reached the reader")
    add_judge_arguments(parser)
    args = parser.parse_args()
    use_judge(args)

    rows = [{**r, "source": "seeds"} for r in load(args.seeds)]
    if args.news != "none":
        news = Path(args.news)
        if news.exists():
            rows += [{**r, "source": "news"} for r in load(news)]
        else:
            print(f"note: {news} not found; news rows left out\n")
    splits = ("calibration", "heldout") if args.split == "all" else (args.split,)
    rows = [r for r in rows if r["split"] in splits]

    results = [(row, outcome(row)) for row in rows]
    cells: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row, got in results:
        for key in ((row["kind"], row["split"]), (f"all adversarial ({row['source']})", row["split"]),
                    ("all adversarial", row["split"])):
            if row["kind"] == "true-control" and key[0].startswith("all"):
                continue
            c = cells[key]
            c["n"] += 1
            c["kept"] += got["kept"]
            c["model"] += got["model"]
            c["figures"] += bool(got["figures"])
            c["facts"] += bool(got["facts_shown"])

    print("| kind | split | n | kept from the reader | leaked | shown as the model's answer | changed figure shown |")
    print("|---|---|---:|---:|---:|---:|---:|")
    order = [*KINDS, *sorted({r["kind"] for r in rows} - set(KINDS) - {"true-control"})]
    for kind in [*order, "all adversarial (seeds)", "all adversarial (news)", "all adversarial"]:
        for split in splits:
            c = cells.get((kind, split))
            if not c:
                continue
            bold = "**" if kind == "all adversarial" else ""
            print(f"| {bold}{kind}{bold} | {split} | {c['n']} | {bold}{ratio(c['kept'], c['n'])}{bold} "
                  f"| {c['n'] - c['kept']} | {c['model']} | {c['figures']} |")
    print()
    print("| true side | split | n | shown as the model's answer with its facts |")
    print("|---|---|---:|---:|")
    for split in splits:
        c = cells.get(("true-control", split))
        if c:
            print(f"| true-control (written) | {split} | {c['n']} | {ratio(c['facts'], c['n'])} |")
    shown, total = real_side()
    print(f"| real_replies.jsonl, label answer (recorded calibration replies) | calibration | {total} "
          f"| {ratio(shown, total)} |")

    if llm_bench.VERDICTS is not None:
        v = llm_bench.VERDICTS
        print(f"\njudge: threshold {v.threshold:g}; verdicts asked of the model {v.asked}, missing (not judged) {v.missing}")
    if args.failures:
        print("\nReached the reader:")
        for row, got in results:
            if row["kind"] == "true-control":
                if not got["facts_shown"]:
                    print(f"- {row['id']} true-control ({row['split']}): NOT shown; reader got: {got['text'][:120]!r}")
                continue
            if got["kept"]:
                continue
            what = [*(repr(c) for c in got["leaked"]), *(f"figure {v:g}" for v in sorted(got["figures"]))]
            print(f"- {row['id']} {row['kind']} ({row['split']}): {', '.join(what)} | {got['text'][:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
