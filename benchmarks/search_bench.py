"""Search quality and speed, measured in one run: hybrid vs vector-only vs BM25-only (vs a plain LangChain baseline).

    pip install -e ".[bench]"
    python benchmarks/search_bench.py [--questions A.jsonl B.jsonl ...] [--data-dir DIR] [--repeat 3]

Prints one table: for every question set and every retriever, recall@5 and MRR (Chinese,
English, all answerable questions) and median warm search latency. Without --data-dir the
seeds are indexed in a temporary folder and a LangChain baseline (500-character chunks) is
built beside it; with --data-dir an existing index (e.g. seeds + news) is measured as it is.
Figures are medians over `--repeat` timing passes; these machines are noisy, compare ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from retrieval.evaluation import gold_rank, gold_recall, load_questions  # noqa: E402
from retrieval.index.store import Index  # noqa: E402
from retrieval.models import Passage  # noqa: E402
from retrieval.search.hybrid import keyword_only, search, vector_only  # noqa: E402
from retrieval.settings import Settings  # noqa: E402


def langchain_baseline(seeds: Path, embedder, workdir: Path):
    """RecursiveCharacterTextSplitter at 500 characters + Chroma similarity search, same embedder."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=0)
    docs = []
    for path in sorted(seeds.glob("*.txt")):
        for chunk in splitter.split_text(path.read_text(encoding="utf-8")):
            docs.append(Document(page_content=chunk, metadata={"source": path.name}))
    store = Chroma.from_documents(docs, embedding=embedder, persist_directory=str(workdir), collection_name="baseline")

    def similar(_index, query: str, k: int) -> list[Passage]:
        return [
            Passage(id=str(i), text=d.page_content, title="", section="", source=d.metadata["source"], position=i)
            for i, d in enumerate(store.similarity_search(query, k=k))
        ]

    return similar


def score(search, questions, repeat: int) -> dict:
    results = {q.id: search(q.question, 5) for q in questions}
    timings = []
    for _ in range(repeat):
        for q in questions:
            start = time.perf_counter()
            search(q.question, 5)
            timings.append((time.perf_counter() - start) * 1000)
    row = {"median_ms": statistics.median(timings) if timings else float("nan")}
    for label, group in (("zh", "zh"), ("en", "en"), ("all", None)):
        items = [q for q in questions if q.answerable and (group is None or q.lang == group)]
        if not items:
            row[f"r5_{label}"] = row[f"mrr_{label}"] = float("nan")
            continue
        row[f"r5_{label}"] = statistics.mean(gold_recall(results[q.id], q.gold, 5) for q in items)
        row[f"mrr_{label}"] = statistics.mean(
            1 / r if (r := gold_rank(results[q.id], q.gold)) else 0.0 for q in items
        )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", nargs="+", default=[str(REPO / "benchmarks" / "questions.jsonl")])
    parser.add_argument("--data-dir", help="measure this existing index instead of indexing the seeds")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over each question set")
    args = parser.parse_args()
    sets = [(Path(path).name, load_questions(Path(path))) for path in args.questions]

    with tempfile.TemporaryDirectory() as tmp:
        if args.data_dir:
            settings = Settings(_env_file=None, data_dir=Path(args.data_dir))
            index = Index.open(settings, build=False)
            methods = [("hybrid (cqnews)", search), ("vector only", vector_only), ("BM25 only", keyword_only)]
        else:
            settings = Settings(_env_file=None, data_dir=Path(tmp) / "data")
            index = Index.open(settings)
            baseline = langchain_baseline(settings.seeds_dir, index.embedder, Path(tmp) / "baseline")
            methods = [
                ("hybrid (cqnews)", search), ("vector only", vector_only),
                ("BM25 only", keyword_only), ("LangChain baseline", baseline),
            ]
        print(f"{len(index)} passages, repeat={args.repeat}\n")
        print("| set | method | recall@5 zh | MRR zh | recall@5 en | MRR en | recall@5 all | MRR all | median search ms |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for set_name, questions in sets:
            for name, method in methods:
                row = score(lambda q, k, m=method: m(index, q, k=k), questions, args.repeat)
                print(
                    f"| {set_name} | {name} | {row['r5_zh']:.3f} | {row['mrr_zh']:.3f} | {row['r5_en']:.3f} "
                    f"| {row['mrr_en']:.3f} | {row['r5_all']:.3f} | {row['mrr_all']:.3f} | {row['median_ms']:.1f} |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
