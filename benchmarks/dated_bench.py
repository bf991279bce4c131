"""Score a dated question set from `cqnews eval --out` results: facts, answered from the right period, false refusals.

    CQNEWS_DATA_DIR=... cqnews eval benchmarks/dated_heldout.jsonl --out /tmp/after.jsonl
    python benchmarks/dated_bench.py benchmarks/dated_heldout.jsonl /tmp/after.jsonl [/tmp/before.jsonl ...]

"Right period": a grounded answer whose first citation's article date lies in the question's
`period` (both ends included); an undated first citation is not the right period. Works on the
output of any version of `cqnews eval` (it reads only the answer text, grounded and citations).
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def squash(text: str) -> str:
    return "".join(text.split())


def score(questions: list[dict], results: dict[str, dict]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[tuple[dict, dict]]] = {}
    for q in questions:
        r = results.get(q["id"])
        if r is None:
            continue
        names = ["all", q["lang"], q["kind"]]
        if "split" in q:  # the time archive's set: each kind on each side of the split; gaps apart
            names = [f"{q['split'][:3]}:{n}" for n in (names if q["kind"] != "gap" else ["gap"])]
        else:
            names.append("news" if q["today"].startswith("2023") else "fixtures")
        for name in names:
            groups.setdefault(name, []).append((q, r))
    table = {}
    for name, items in groups.items():
        # a gap row's "fact" is a refusal that names the nearest days the archive has
        facts = [all(squash(f) in squash(r["answer"]) for f in q["facts"]) if q["facts"] or q.get("kind") != "gap"
                 else (not r["grounded"] and "最近的是" in r["answer"]) for q, r in items]
        refused = [not r["grounded"] for _, r in items]
        right = []
        for q, r in items:
            cites = r.get("citations") or []
            day = cites[0].get("date", "") if cites and r["grounded"] else ""
            right.append(bool(q["period"]) and r["grounded"] and len(day) == 10 and q["period"][0] <= day <= q["period"][1])
        # wrong day: a grounded answer led by an article from outside the period (or, when the archive
        # lacks the day, any grounded answer)
        wrong = [r["grounded"] and not ok for (_, r), ok in zip(items, right, strict=False)]
        table[name] = {
            "n": len(items), "facts": statistics.mean(facts), "right_period": statistics.mean(right),
            "false_refusal": statistics.mean(refused), "wrong_day": statistics.mean(wrong),
        }
    return table


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    questions = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{'run':<28}{'group':<16}{'n':>4}{'facts':>8}{'right_period':>14}{'false_refusal':>15}{'wrong_day':>11}")
    for path in argv[1:]:
        results = {}
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            results[row["id"]] = row
        for name, m in score(questions, results).items():
            print(f"{Path(path).stem:<28}{name:<16}{m['n']:>4}{m['facts']:>8.3f}{m['right_period']:>14.3f}"
                  f"{m['false_refusal']:>15.3f}{m['wrong_day']:>11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
