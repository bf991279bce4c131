"""Build the near-miss sets: answerable calibration questions with their answering article left out.

Each answerable question of the calibration sets (questions.jsonl, news_calibration.jsonl,
seeds_calibration_en.jsonl; never heldout.jsonl) becomes a near miss when every article holding one
of its gold strings is left out of the index and articles on the same topic stay: its most similar
remaining article shares enough of the answering paragraph's vocabulary, and none of those similar
articles holds all of its facts. Near misses are split into calibration and held-out by a hash of the
source article, once, before anything is tuned on them:

    python benchmarks/nearmiss_build.py   # writes nearmiss_calibration.jsonl, nearmiss_heldout.jsonl, nearmiss_docs.txt
"""

from __future__ import annotations

import collections
import hashlib
import json
import math
import os
import random
import re
from pathlib import Path

from retrieval.answer.question import analyse, coverage
from retrieval.corpus.articles import parse_page

HERE = Path(__file__).resolve().parent
NEWS = HERE.parent.parent / "shared" / "corpora" / "news-zh"
SEEDS = HERE.parent / "seeds"
SOURCES = ("questions.jsonl", "news_calibration.jsonl", "seeds_calibration_en.jsonl")
MIN_COVERAGE = 0.45  # of the question's key-term weight, in the closest article that stays
SIBLINGS = 5  # same-topic articles kept per near miss (and indexed)
DISTRACTORS = 100  # unrelated news articles indexed beside them
NEWS_RANGE = range(0, 2000)  # the benchmark index's news articles


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def articles() -> dict[str, tuple[str, str]]:
    """key -> (doc, title) for every news article in range and every seed article; key -> text."""
    units: dict[str, tuple[str, str, str]] = {}
    for n in NEWS_RANGE:
        path = NEWS / f"doc_{n:05d}.md"
        units[path.name] = (path.name, "", squash(path.read_text(encoding="utf-8").split("---", 2)[-1]))
    for path in sorted(SEEDS.glob("*.txt")):
        for article in parse_page(path.read_text(encoding="utf-8"), path.name):
            text = squash(article.title + "".join(p.text for p in article.paragraphs))
            key = f"{path.name}#{article.title}"
            if key in units:
                units[key] = (path.name, article.title, units[key][2] + text)
            else:
                units[key] = (path.name, article.title, text)
    return units


def bigrams(text: str) -> collections.Counter:
    return collections.Counter(text[i : i + 2] for i in range(len(text) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", text[i : i + 2]))


def main() -> None:
    units = articles()
    grams = {key: bigrams(text) for key, (_, _, text) in units.items()}
    df = collections.Counter(g for counts in grams.values() for g in counts)
    idf = {g: math.log(len(units) / (1 + c)) for g, c in df.items()}

    def vector(counts: collections.Counter) -> dict[str, float]:
        v = {g: (1 + math.log(c)) * idf.get(g, 0.0) for g, c in counts.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / norm for g, x in v.items()}

    vectors = {key: vector(counts) for key, counts in grams.items()}
    near, kept_docs, dropped = [], set(), collections.Counter()
    for name in SOURCES:
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            if not q.get("gold") or q["kind"] in ("unanswerable", "none"):
                continue
            golds = [squash(g) for g in q["gold"]]
            holders = [key for key, (_, _, text) in units.items() if any(g in text for g in golds)]
            if not holders:
                dropped['no article holds the gold'] += 1
                continue
            # The answering paragraph's vocabulary: the gold strings and what surrounds them.
            text = units[holders[0]][2]
            at = text.find(golds[0])
            region = vector(bigrams(text[max(0, at - 150) : at + len(golds[0]) + 150]))
            focus = analyse(q["question"])
            # Same topic: the remaining article that holds most of the question's key terms, then the most similar.
            scored = sorted(
                ((round(coverage(focus, units[key][2]), 2), sum(w * vectors[key].get(g, 0.0) for g, w in region.items()), key)
                 for key in units if key not in holders),
                reverse=True,
            )[:SIBLINGS]
            if os.environ.get("NM_SHOW"):
                print(scored[0][0], round(scored[0][1], 3), q["id"], q["question"][:40], "||", units[scored[0][2]][2][:50])
            if not scored or scored[0][0] < MIN_COVERAGE:
                dropped["no same-topic article"] += 1
                continue
            facts = [squash(f) for f in q.get("facts", [])]
            if facts and any(all(f in units[key][2] for f in facts) for *_, key in scored):
                dropped['a same-topic article holds the facts'] += 1
                continue
            exclude = [{"doc": units[key][0], "title": units[key][1]} if units[key][1] else {"doc": units[key][0]} for key in holders]
            group = holders[0]
            split = "calibration" if int(hashlib.sha1(group.encode()).hexdigest(), 16) % 2 == 0 else "heldout"
            near.append((split, q, exclude, [key for *_, key in scored], scored[0][0]))
            kept_docs.update(units[key][0] for key in holders)
            kept_docs.update(units[key][0] for *_, key in scored)
    print('dropped:', dict(dropped))
    counts = collections.Counter()
    out = {"calibration": [], "heldout": []}
    for split, q, exclude, siblings, sim in near:
        counts[split] += 1
        nid = f"nm{'c' if split == 'calibration' else 'h'}-{counts[split]:03d}"
        base = {"lang": q["lang"], "question": q["question"], "from": q["id"]}
        if q["id"].startswith("cal-"):  # the news questions were written as of their articles' month
            base["today"] = "2023-08-31"
        out[split].append({"id": nid, **base, "kind": "unanswerable", "near": q["kind"], "gold": [], "facts": [],
                           "exclude": exclude, "siblings": siblings, "sibling_coverage": sim})
        out[split].append({"id": nid + "a", **base, "kind": q["kind"], "gold": q["gold"], "facts": q["facts"], "exclude": []})
    for split, rows in out.items():
        (HERE / f"nearmiss_{split}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(split, len(rows) // 2, "near misses")
    # The index: seeds, the articles the near misses come from and their siblings, every news article the other
    # sets name, and unrelated articles beside them.
    for name in ("news_calibration.jsonl", "heldout.jsonl"):
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line).get("doc") or []
            kept_docs.update(d for d in ([doc] if isinstance(doc, str) else doc) if d.startswith("doc_"))
    news = sorted(d for d in kept_docs if d.startswith("doc_"))
    rest = sorted(f"doc_{n:05d}.md" for n in NEWS_RANGE if f"doc_{n:05d}.md" not in kept_docs)
    news += random.Random(25).sample(rest, DISTRACTORS)
    (HERE / "nearmiss_docs.txt").write_text("".join(f"{d}\n" for d in sorted(news)), encoding="utf-8")
    print(len(news), "news articles in the index")


if __name__ == "__main__":
    main()
