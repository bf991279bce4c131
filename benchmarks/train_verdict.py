"""Fit the learned verdict (retrieval/answer/verdict.json) on the calibration sets only.

    CQNEWS_DATA_DIR=/tmp/nm-data python benchmarks/train_verdict.py \\
        benchmarks/questions.jsonl benchmarks/news_calibration.jsonl benchmarks/seeds_calibration_en.jsonl \\
        benchmarks/nearmiss_calibration.jsonl [--features cached.jsonl] [--repeats 6]

Every question is searched and its sentences picked as the answerer does (a line's `exclude` hides
its answering article); each part whose rules pass gives one row of `verdict.FEATURES`, labelled by
whether the question is answerable. A logistic regression (numpy, L2) is fitted on the rows; the
threshold is the highest that refuses no more than MAX_ADDED_REFUSALS of the answerable questions the
rules answer and none of those of questions.jsonl, read off out-of-fold scores (folds by question); the
L2 penalty is the one with the best out-of-fold AUC. Refuses held-out files.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "retrieval" / "answer" / "verdict.json"
MAX_ADDED_REFUSALS = 0.04  # of the answerable questions the rules answer
# After a model's reply was rejected (the model found nothing the passages back), a stricter bar.
MAX_FALLBACK_REFUSALS = 0.15
KEEP_ALL = "questions.jsonl"  # the seeds set, whose figures must not fall
L2_CHOICES = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0)  # chosen by out-of-fold AUC
FOLDS = 5
# The news questions were written as of their articles' month (as `cqnews eval` scores them).
WRITTEN_AS_OF = {"news_calibration.jsonl": "2023-08-31"}


def rows_of(paths: list[Path]) -> list[dict]:
    from nearmiss_bench import Without, answerable

    from retrieval.answer.answerer import Answerer
    from retrieval.index.store import Index
    from retrieval.settings import Settings
    from retrieval.text.normalise import clean_question
    from retrieval.text.script import simplified

    settings = Settings()
    index = Index.open(settings)
    store = Without(index)
    answerer = Answerer(store, settings)
    today = answerer.today
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            store.hidden = q.get("exclude", [])
            written = q.get("today") or WRITTEN_AS_OF.get(path.name)
            answerer.today = date.fromisoformat(written) if written else today
            text = simplified(clean_question(q["question"]))
            evidence = answerer._evidence(text, q.get("lang", "zh"), None, None, None)
            for decision in evidence.decisions:
                if decision.features:
                    rows.append({"id": q["id"], "set": path.name, "answerable": answerable(q), **decision.features})
    index.close()
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000, rate: float = 0.1) -> tuple[np.ndarray, float]:
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= rate * float(np.mean(p - y))
    return w, b


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    if not len(pos) or not len(neg):
        return float("nan")
    return float(np.mean([[1.0 if a > n else 0.5 if a == n else 0.0 for n in neg] for a in pos]))


def main(argv: list[str] | None = None) -> int:
    from retrieval.answer.verdict import FEATURES

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--features", type=Path, help="read (or first write) the feature rows here")
    parser.add_argument("--repeats", type=int, default=0,
                        help="also report the out-of-fold AUC over this many shuffled fold assignments (mean, sd)")
    args = parser.parse_args(argv)
    if any("heldout" in p.name for p in args.sets):
        print("train_verdict.py: held-out sets are only measured", file=sys.stderr)
        return 2
    if args.features and args.features.exists():
        rows = [json.loads(line) for line in args.features.read_text(encoding="utf-8").splitlines()]
    else:
        rows = rows_of(args.sets)
        if args.features:
            args.features.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    x = np.array([[r[f] for f in FEATURES] for r in rows], dtype=float)
    y = np.array([1.0 if r["answerable"] else 0.0 for r in rows])
    # Folds by question, so a compound question's parts never sit on both sides.
    questions = sorted({(r["set"], r["id"]) for r in rows})
    folds = np.array([questions.index((r["set"], r["id"])) % FOLDS for r in rows])

    def out_of_fold(l2: float, folds: np.ndarray = folds) -> np.ndarray:
        oof = np.zeros(len(rows))
        for k in range(FOLDS):
            train, test = folds != k, folds == k
            m, sd = x[train].mean(axis=0), x[train].std(axis=0) + 1e-9
            wk, bk = fit((x[train] - m) / sd, y[train], l2=l2)
            oof[test] = 1 / (1 + np.exp(-(((x[test] - m) / sd) @ wk + bk)))
        return oof

    print(f"rows {len(rows)} (answerable {int(y.sum())}, not {int(len(y) - y.sum())}): the parts whose rules passed")
    scores = {l2: out_of_fold(l2) for l2 in L2_CHOICES}
    for l2, oof in scores.items():
        print(f"L2 {l2:5.1f}: AUC out of fold {auc(oof[y == 1], oof[y == 0]):.3f}")
    l2 = max(scores, key=lambda v: auc(scores[v][y == 1], scores[v][y == 0]))
    oof = scores[l2]
    if args.repeats:
        # One fold assignment can flatter a model by a few hundredths (0.751 in order, 0.720 ± 0.016 shuffled).
        shuffled = []
        for seed in range(args.repeats):
            order = np.random.default_rng(seed).permutation(len(questions))
            again = out_of_fold(l2, np.array([order[questions.index((r["set"], r["id"]))] % FOLDS for r in rows]))
            shuffled.append(auc(again[y == 1], again[y == 0]))
        print(f"L2 {l2}: AUC out of fold over {args.repeats} shuffled fold assignments {np.mean(shuffled):.3f} ± {np.std(shuffled):.3f}")
    mean, scale = x.mean(axis=0), np.where(x.std(axis=0) > 1e-6, x.std(axis=0), 1.0)
    w, b = fit((x - mean) / scale, y, l2=l2)
    p = 1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))
    pos, neg = p[y == 1], p[y == 0]
    print(f"L2 {l2}: AUC in sample {auc(pos, neg):.3f}, out of fold {auc(oof[y == 1], oof[y == 0]):.3f}")
    print("threshold | answerable refused | unanswerable refused (in sample) | out of fold")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        print(f"{t:.2f} | {np.mean(pos < t):.3f} | {np.mean(neg < t):.3f} | "
              f"{np.mean(oof[y == 1] < t):.3f} / {np.mean(oof[y == 0] < t):.3f}")
    # The thresholds, read off the out-of-fold scores (what unseen questions get): refuse as many unanswerable as
    # possible for at most MAX_ADDED_REFUSALS of the answerable, and none of the seeds questions the rules answer
    # (in sample: their figures must not fall). After a model's reply was rejected, MAX_FALLBACK_REFUSALS.
    kept = np.array([r["set"] == KEEP_ALL and r["answerable"] for r in rows])

    def highest(share: float, keep_seeds: bool) -> float:
        best = 0.0
        for t in np.arange(0.02, 0.98, 0.01):
            if np.mean(oof[y == 1] < t) <= share and not (keep_seeds and np.any(p[kept] < t)):
                best = float(t)
        return best

    best, fallback = highest(MAX_ADDED_REFUSALS, True), highest(MAX_FALLBACK_REFUSALS, False)
    for name, t in (("threshold", best), ("after a rejected reply", fallback)):
        print(f"{name} {t:.2f}: answerable refused {np.mean(pos < t):.3f} (out of fold {np.mean(oof[y == 1] < t):.3f}), "
              f"unanswerable refused {np.mean(neg < t):.3f} (out of fold {np.mean(oof[y == 0] < t):.3f})")
    for name, weight in zip(FEATURES, w, strict=True):
        print(f"  {name:18s} {weight:+.3f}")
    OUT.write_text(json.dumps({
        "features": list(FEATURES), "weights": [round(float(v), 4) for v in w], "bias": round(b, 4),
        "mean": [round(float(v), 4) for v in mean], "scale": [round(float(v), 4) for v in scale],
        "threshold": round(best, 2), "fallback_threshold": round(max(fallback, best), 2), "l2": l2,
        "trained_on": [p.name for p in args.sets],
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
