"""Write the adversarial reply sets from their hand-written sources, with the passages each reply cites.

    CQNEWS_DATA_DIR=/tmp/adv-data cqnews ingest          # an index of the bundled seeds alone
    CQNEWS_DATA_DIR=/tmp/adv-data python benchmarks/build_adversarial.py [--news-dir ../shared/corpora/news-zh]

Seeds (benchmarks/adversarial_seeds.py -> tests/fixtures/adversarial_replies.jsonl): `given` is what the
answerer would hand the model for the question (search over the seeds index, as llm_bench.py records
it), and `extractive` the answer a reader gets when the check drops the whole reply. News
(benchmarks/adversarial_news_source.py -> benchmarks/adversarial_news.jsonl): `given` is the one or few
passages of the named article that hold the fact, cut by the project's own parser.

The split is fixed here, before anything is measured: within each kind, in the order written, the
first row is calibration, the second held-out, and so on. Rows written later go wholly to one side:
CALIBRATION_ROWS to calibration, the news source's HELDOUT_ROWS (a batch written before the check was
changed again, from articles no calibration row uses) to held-out, LATE_CALIBRATION_ROWS (news-401 on)
to calibration, FIFTH_CALIBRATION_ROWS (news-501 on, five articles no other row uses) to calibration, and
SECOND_HELDOUT_ROWS (news-601 on, five more such articles, written with the fifth calibration batch and
before the check was run on either) to held-out, and SIXTH_CALIBRATION_ROWS (news-701 on, six more articles
no other row uses, written before the check was run on them) to calibration, and SEVENTH_CALIBRATION_ROWS
(news-801 on, four more such articles, written before the check was run on them) to calibration.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PASSAGE_FIELDS = ("id", "text", "title", "section", "source", "position", "date", "publication")


def _split(rows: list[dict]) -> None:
    seen: Counter[str] = Counter()
    for row in rows:
        row["split"] = "calibration" if seen[row["kind"]] % 2 == 0 else "heldout"
        seen[row["kind"]] += 1


def _row(rid: str, key_or_q, lang: str, question: str, kind: str, reply: str, bad: list[str], extra: dict) -> dict:
    row = {"id": rid, "kind": kind, "lang": lang, "question": question, "reply": reply, "bad": list(bad)}
    if kind == "true-control":
        row["expect"] = "shown"
        row["facts"] = extra["facts"]
    if kind == "rewrite":
        row["question"] = extra["follow_up"]
        row["history"] = extra["history"]
    return row


def _check(row: dict) -> None:
    for claim in row["bad"]:
        assert claim in row["reply"], (row["id"], claim)
        for passage in row["given"]:
            assert claim not in passage["text"], (row["id"], claim, "is the passage's own words")
        assert claim not in row.get("extractive", ""), (row["id"], claim, "is in the extractive answer")


def build_seeds(out: Path) -> list[dict]:
    from adversarial_seeds import CALIBRATION_ROWS, QUESTIONS, ROWS

    from retrieval import Answerer, Index, Settings
    from retrieval.text.language import detect_language
    from retrieval.text.normalise import clean_question

    settings = Settings()
    index = Index.open(settings)
    answerer = Answerer(index, settings, llm=None)
    found: dict[str, dict] = {}
    for key, (lang, question) in QUESTIONS.items():
        q = clean_question(question)
        language = detect_language(q)
        assert language == lang, (key, language)
        evidence = answerer._evidence(q, language, None, None, None)
        given = answerer._given(evidence)
        extractive = answerer._extractive(evidence)
        found[key] = {
            "given": [{k: getattr(p, k) for k in PASSAGE_FIELDS} for p in given],
            "extractive": extractive.text,
            "extractive_grounded": extractive.grounded,
            "worth_asking": answerer._worth_asking(evidence),
        }
        if not found[key]["worth_asking"]:
            print(f"note: {key} ({question}): search finds too little, the model would not be asked", file=sys.stderr)
    rows = []
    for n, (key, kind, reply, bad, *rest) in enumerate(ROWS, 1):
        lang, question = QUESTIONS[key]
        row = _row(f"adv-{n:03d}", key, lang, question, kind, reply, bad, rest[0] if rest else {})
        if kind == "rewrite":
            row["given"] = []
        else:
            row.update(found[key])
        _check(row)
        rows.append(row)
    _split(rows)
    for n, (key, kind, reply, bad, *rest) in enumerate(CALIBRATION_ROWS, len(ROWS) + 1):
        lang, question = QUESTIONS[key]
        row = _row(f"adv-{n:03d}", key, lang, question, kind, reply, bad, rest[0] if rest else {})
        row.update(found[key])
        _check(row)
        row["split"] = "calibration"
        rows.append(row)
    _write(out, rows)
    return rows


def build_news(out: Path, news_dir: Path) -> list[dict]:
    from adversarial_news_source import (
        CALIBRATION_ROWS,
        FIFTH_CALIBRATION_ROWS,
        HELDOUT_ROWS,
        LATE_CALIBRATION_ROWS,
        QUESTIONS,
        ROWS,
        SECOND_HELDOUT_ROWS,
        SEVENTH_CALIBRATION_ROWS,
        SIXTH_CALIBRATION_ROWS,
    )

    from retrieval.corpus.articles import decode, parse_page, to_passages

    passages: dict[str, list] = {}

    def news_row(n: int, key: str, kind: str, reply: str, bad: list[str], rest: list) -> dict:
        doc, anchors, lang, question = QUESTIONS[key]
        assert int(doc.split("_")[1]) >= 2000, doc
        if doc not in passages:
            path = news_dir / f"{doc}.md"
            passages[doc] = to_passages(parse_page(decode(path.read_bytes()), path.name))
        given = []
        for anchor in anchors:
            hit = next((p for p in passages[doc] if anchor in p.text), None)
            assert hit is not None, (key, anchor)
            if hit not in given:
                given.append(hit)
        row = _row(f"news-{n:03d}", key, lang, question, kind, reply, bad, rest[0] if rest else {})
        row["doc"] = doc
        row["given"] = [] if kind == "rewrite" else [{k: getattr(p, k) for k in PASSAGE_FIELDS} for p in given]
        row["extractive"], row["extractive_grounded"] = "", False
        _check(row)
        return row

    rows = [news_row(n, key, kind, reply, bad, rest) for n, (key, kind, reply, bad, *rest) in enumerate(ROWS, 1)]
    _split(rows)
    # Batches written later go wholly to one side, numbered from where each starts.
    batches = (
        (CALIBRATION_ROWS, len(ROWS) + 1, "calibration"),
        (HELDOUT_ROWS, 301, "heldout"),
        (LATE_CALIBRATION_ROWS, 401, "calibration"),
        (FIFTH_CALIBRATION_ROWS, 501, "calibration"),
        (SECOND_HELDOUT_ROWS, 601, "heldout"),
        (SIXTH_CALIBRATION_ROWS, 701, "calibration"),
        (SEVENTH_CALIBRATION_ROWS, 801, "calibration"),
    )
    for batch, first, split in batches:
        for n, (key, kind, reply, bad, *rest) in enumerate(batch, first):
            rows.append({**news_row(n, key, kind, reply, bad, rest), "split": split})
    _write(out, rows)
    return rows


def _write(out: Path, rows: list[dict]) -> None:
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds = Counter((r["kind"], r["split"]) for r in rows)
    print(f"{out}: {len(rows)} rows")
    for kind in dict.fromkeys(r["kind"] for r in rows):
        print(f"  {kind}: calibration {kinds[(kind, 'calibration')]}, heldout {kinds[(kind, 'heldout')]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news-dir", type=Path, default=ROOT.parent / "shared" / "corpora" / "news-zh")
    parser.add_argument("--only", choices=("seeds", "news"))
    args = parser.parse_args()
    if args.only != "news":
        build_seeds(ROOT / "tests" / "fixtures" / "adversarial_replies.jsonl")
    if args.only != "seeds":
        build_news(ROOT / "benchmarks" / "adversarial_news.jsonl", args.news_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
