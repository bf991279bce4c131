"""Measure tuned constants on the calibration sets only (never on benchmarks/heldout.jsonl).

    CQNEWS_DATA_DIR=... python benchmarks/tune.py search  QUESTIONS.jsonl [...]
    CQNEWS_DATA_DIR=... python benchmarks/tune.py answers QUESTIONS.jsonl [...]
    CQNEWS_DATA_DIR=... python benchmarks/tune.py separability QUESTIONS.jsonl [...]

`search` ranks every question once at full depth, then scores fusion settings (RRF k, the weight
of each ranking, candidate depth) offline: recall@5 and MRR per setting. `answers` searches once
(cached), then scores the answer constants named in KNOBS (coverage thresholds per language, the
untranslated-word penalty, the dictionary's idf floor): facts in the answer, false
refusals and false answers. `separability` asks whether any weighting of the offline signals
(coverage, the rules, question-to-sentence similarity) would tell answerable from unanswerable
questions better than the shipped rules: each signal's ROC AUC, and a logistic regression over all
of them scored out of fold (needs the `bench` extra).
"""

from __future__ import annotations

import itertools
import statistics
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from retrieval.answer import answerer as answer  # noqa: E402
from retrieval.evaluation import facts_present, gold_rank, gold_recall, load_questions  # noqa: E402
from retrieval.index.embeddings import unit  # noqa: E402
from retrieval.index.store import Index  # noqa: E402
from retrieval.search import hybrid as search
from retrieval.settings import Settings  # noqa: E402
from retrieval.text.language import detect_language  # noqa: E402
from retrieval.text.normalise import clean_question, normalise  # noqa: E402
from retrieval.text.sentences import quotable_sentences  # noqa: E402
from retrieval.tuning import TUNING  # noqa: E402

HELDOUT = "heldout"
# The answer constants that can be varied: name -> field of retrieval.tuning.Tuning. Each stays at its
# shipped value unless given on the command line: `--context 0.5,0.6,0.7 --en_context 0.4,0.5`.
KNOBS = {
    "context": "min_context_coverage",
    "sentence": "min_sentence_coverage",
    "en_context": "min_context_coverage_en",
    "en_sentence": "min_sentence_coverage_en",
    "untranslated": "untranslated_weight",
    "carry_over": "carry_over",
    "absent_min": "absent_min_weight",
    "absent": "absent_translation_weight",
    "idf_floor": "dictionary_idf_floor",
}
GRID: dict[str, tuple[float, ...]] = {}


def _sets(paths: list[str]):
    for path in paths:
        if HELDOUT in Path(path).name:
            raise SystemExit("the held-out set is only measured, never tuned on")
        yield Path(path).name, load_questions(Path(path))


def tune_search(index: Index, sets) -> None:
    current = (TUNING.rrf_k, TUNING.keyword_weight, TUNING.vector_weight, TUNING.proximity_weight, TUNING.candidates)
    depth = 100
    cached = []
    for name, questions in sets:
        for q in questions:
            if not q.answerable:
                continue
            query = normalise(q.question)
            queries, named = search.variants(query, (), index.spelled_names)
            keyword = [search.keyword_ranking(index, v, depth) for v in queries]
            vector = search.vector_rankings(index, queries, depth)
            cached.append((name, q, queries, named, keyword, vector))
    print("| rrf_k | keyword | vector | proximity | depth | " + " | ".join(f"r@5 {n} | MRR {n}" for n, _ in sets) + " |")
    rows = []
    proximity: dict[tuple[int, int], list[str]] = {}
    for k, wk, wv, wp, d in itertools.product((10, 30, 60), (0.5, 1.0, 1.5, 2.0), (0.5, 1.0, 1.5), (0.0, 0.5, 1.0), (20, 50, 100)):
        by_set: dict[str, list[tuple[float, float]]] = {}
        for i, (name, q, queries, named, keyword, vector) in enumerate(cached):
            lists = [r[:d] for r in keyword] + [r[:d] for r in vector]
            if wp and (i, d) not in proximity:  # depends on the depth only: computed once per question and depth
                proximity[i, d] = search.candidate_proximity(index, queries, lists)
            lists.append(proximity[i, d] if wp else [])
            weights = [wk] * len(keyword) + [wv] * len(vector) + [wp]
            top = search.fused(index, lists, weights, named, tuning=replace(TUNING, rrf_k=k))[:5]
            rank = gold_rank(top, q.gold)
            by_set.setdefault(name, []).append((gold_recall(top, q.gold, 5), 1 / rank if rank else 0.0))
        cells = []
        for name, _ in sets:
            vals = by_set.get(name, [(0.0, 0.0)])
            cells.append((statistics.mean(v[0] for v in vals), statistics.mean(v[1] for v in vals)))
        rows.append(((k, wk, wv, wp, d), cells))
    rows.sort(key=lambda row: -sum(r + m for r, m in row[1]))
    for (k, wk, wv, wp, d), cells in rows[:25]:
        print(f"| {k} | {wk} | {wv} | {wp} | {d} | " + " | ".join(f"{r:.3f} | {m:.3f}" for r, m in cells) + " |")
    found = next((c for setting, c in rows if setting == current), None)
    if found:
        print(f"current {current}: " + " | ".join(f"{r:.3f} | {m:.3f}" for r, m in found))


class _CachedIndex:
    """The index with search results remembered, so answer settings are compared on the same evidence."""

    def __init__(self, index: Index):
        self._index = index
        self._cache: dict = {}

    def keyword_search(self, query, depth):
        key = ("keyword", query, depth)
        if key not in self._cache:
            self._cache[key] = self._index.keyword_search(query, depth)
        return self._cache[key]

    def query_vectors(self, queries, n):
        key = ("vector", tuple(queries), n)
        if key not in self._cache:
            self._cache[key] = self._index.query_vectors(queries, n)
        return self._cache[key]

    def __len__(self):
        return len(self._index)

    def __getattr__(self, name):
        return getattr(self._index, name)


def tune_answers(index: Index, sets, settings: Settings) -> None:
    cached = _CachedIndex(index)
    names = list(KNOBS)
    values = [GRID.get(name, (getattr(TUNING, KNOBS[name]),)) for name in names]
    print("| " + " | ".join(names) + " | " + " | ".join(f"facts {n} | false refusal {n} | false answer {n}" for n, _ in sets) + " |")
    for setting in itertools.product(*values):
        tuning = replace(TUNING, **{KNOBS[name]: value for name, value in zip(names, setting, strict=True)})
        answerer = answer.Answerer(cached, settings, tuning=tuning)
        cells = []
        for _, questions in sets:
            facts, refused, answered = [], [], []
            for q in questions:
                reply = answerer.ask(q.question)
                if q.answerable:
                    refused.append(not reply.grounded)
                    if q.facts:
                        facts.append(facts_present(reply.text, q.facts))
                else:
                    answered.append(reply.grounded)
            cells.append(tuple(statistics.mean(v) if v else float("nan") for v in (facts, refused, answered)))
        answerer.close()
        print("| " + " | ".join(str(v) for v in setting) + " | " + " | ".join(f"{a:.3f} | {b:.3f} | {c:.3f}" for a, b, c in cells) + " |", flush=True)


# Refusals that come from a rule (answer kind, asked-for noun, period, place) rather than a coverage threshold.
_COVERAGE_REASONS = ("the passages miss key terms", "the sentences miss key terms")


def _similarities(index: Index, q, pool) -> dict[tuple[str, str], float]:
    """(passage id, sentence) -> the sentence's cosine similarity to the question's unit vector `q`."""
    import numpy as np

    pairs = [(p.id, s) for p in pool for s in quotable_sentences(p.text)]
    unique = list(dict.fromkeys(s for _, s in pairs))
    if not unique:
        return {}
    by_text = dict(zip(unique, unit(np.asarray(index.embedder.embed_documents(unique), dtype=np.float32)), strict=True))
    return {(pid, s): float(by_text[s] @ q) for pid, s in pairs}


def _signals(answerer: answer.Answerer, index: Index, question: str) -> tuple[list[float], bool]:
    """The offline signals behind one question's verdict, and the verdict the shipped rules give."""
    question = clean_question(question)
    evidence = answerer._evidence(question, detect_language(question), None, None, None)
    decisions = evidence.decisions
    vector = index.query_vector(normalise(question))
    similarity = _similarities(index, vector, evidence.pool)
    fitting = [similarity.get((evidence.pool[p.rank].id, p.sentence), 0.0) for p in evidence.chosen if p.fits]
    best = max(fitting, default=0.0)
    return [
        min(d.sentence_coverage for d in decisions),
        min(d.context_coverage for d in decisions),
        float(all(d.grounded or d.reason in _COVERAGE_REASONS for d in decisions)),
        best,
        best - max(similarity.values(), default=0.0),
        float(evidence.language == "en"),
    ], evidence.grounded


SIGNALS = ("sentence coverage", "context coverage", "rules pass", "similarity", "similarity gap", "English")


def separability(index: Index, sets, settings: Settings) -> None:
    """How well the offline signals tell answerable from unanswerable questions: each alone, and all of
    them in a logistic regression scored out of fold (5-fold cross-validation, repeated 5 times)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import RepeatedStratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    answerer = answer.Answerer(index, settings)
    rows, labels, shipped = [], [], []
    for _, questions in sets:
        for q in questions:
            signals, grounded = _signals(answerer, index, q.question)
            rows.append(signals)
            labels.append(q.answerable)
            shipped.append(grounded)
    x, y, rules = np.array(rows), np.array(labels), np.array(shipped)
    model = make_pipeline(StandardScaler(), LogisticRegression())
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=5, random_state=0)
    score, counts = np.zeros(len(y)), np.zeros(len(y))
    for train, test in folds.split(x, y):
        score[test] += model.fit(x[train], y[train]).predict_proba(x[test])[:, 1]
        counts[test] += 1
    score /= counts
    print(f"{int(y.sum())} answerable, {int((~y).sum())} unanswerable\n")
    print("| signal | ROC AUC |\n|---|---:|")
    for i, name in enumerate(SIGNALS):
        print(f"| {name} | {roc_auc_score(y, x[:, i]):.3f} |")
    print(f"| all, logistic regression (out of fold) | {roc_auc_score(y, score):.3f} |\n")
    print("| decision | false refusals | false answers |\n|---|---:|---:|")
    print(f"| shipped rules | {1 - rules[y].mean():.3f} | {rules[~y].mean():.3f} |")
    for refusals in (0.05, 1 - rules[y].mean(), 0.15, 0.25):
        threshold = np.quantile(score[y], refusals)
        print(f"| regression at {refusals:.3f} false refusals | {(score[y] < threshold).mean():.3f} | "
              f"{(score[~y] >= threshold).mean():.3f} |")
    threshold = np.quantile(score[~y], 0.95)  # the target: 95% of unanswerable questions refused
    print(f"| regression refusing 95% of unanswerable | {(score[y] < threshold).mean():.3f} | "
          f"{(score[~y] >= threshold).mean():.3f} |")


def main() -> int:
    mode, args = sys.argv[1], sys.argv[2:]
    paths = []
    while args:
        arg = args.pop(0)
        if arg.startswith("--"):
            if arg[2:] not in KNOBS:
                raise SystemExit(f"unknown setting {arg}; known: {', '.join(KNOBS)}")
            GRID[arg[2:]] = tuple(float(v) for v in args.pop(0).split(","))
        else:
            paths.append(arg)
    settings = Settings()
    index = Index.open(settings, build=False)
    sets = list(_sets(paths))
    if mode == "search":
        tune_search(index, sets)
    elif mode == "separability":
        separability(index, sets, settings)
    else:
        tune_answers(index, sets, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
