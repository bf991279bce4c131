"""Ingest throughput against the embedder's own ceiling, measured in one run on the same texts.

    python benchmarks/ingest_bench.py [--corpus ../shared/corpora/news-zh] [--articles 300]

Prints one table: characters per second for the bundled embedder alone (batches in file order,
and batches sorted by length: the ceiling), and for `Index.ingest` end to end (parse, keyword
index, embed, store in Chroma) into a fresh data directory; plus how soon the articles were
searchable by keyword. These machines are shared and noisy: compare the ratios, not the figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from retrieval.corpus.articles import collect_files, read_document  # noqa: E402
from retrieval.index.embeddings import get_embedder  # noqa: E402
from retrieval.index.ingest import BATCH  # noqa: E402
from retrieval.index.store import Index  # noqa: E402
from retrieval.settings import Settings  # noqa: E402


def embed_seconds(embedder, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        embedder.embed_documents(texts[start : start + batch])
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(REPO.parent.parent / "shared" / "corpora" / "news-zh"))
    parser.add_argument("--articles", type=int, default=300, help="how many files, spread evenly over the corpus")
    args = parser.parse_args()

    everything = collect_files([Path(args.corpus)])
    step = max(1, len(everything) // args.articles)
    files = everything[::step][: args.articles]
    texts = [p.text for f in files for p in read_document(f).passages]
    chars = sum(map(len, texts))
    print(f"{len(files)} articles, {len(texts)} passages, {chars} characters from {args.corpus}", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp) / "data", seeds_dir=Path(tmp) / "none")
        embedder = get_embedder(settings)
        embedder.embed_documents(texts[:2])  # load the model outside the timings

        rows = [
            ("embedder, file order", embed_seconds(embedder, texts, BATCH)),
            ("embedder, sorted by length", embed_seconds(embedder, sorted(texts, key=len), BATCH)),
        ]
        ceiling = max(chars / seconds for _, seconds in rows)

        searchable_at: list[float] = []
        started = time.perf_counter()

        def notify(text: str) -> None:
            if "searchable by keyword" in text:
                searchable_at.append(time.perf_counter() - started)
            print(f"ingest: {text}", file=sys.stderr)

        index = Index.open(settings, build=False)
        report = index.ingest(files, notify=notify)
        rows.append(("cqnews ingest, end to end", time.perf_counter() - started))
        assert report.added == len(texts) and not report.skipped, report

    print(f"{'':28}{'passages':>10}{'chars':>10}{'seconds':>10}{'chars/s':>10}{'of ceiling':>12}")
    for name, seconds in rows:
        rate = chars / seconds
        print(f"{name:28}{len(texts):>10}{chars:>10}{seconds:>10.1f}{rate:>10.0f}{rate / ceiling:>12.0%}")
    if searchable_at:
        print(f"searchable by keyword after {searchable_at[0]:.1f} s (all {len(files)} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
