"""Near misses and their answerable sources, each asked with its answering article left out of the index.

    CQNEWS_DATA_DIR=/tmp/nm-data python benchmarks/nearmiss_bench.py \\
        calibration=benchmarks/nearmiss_calibration.jsonl heldout=benchmarks/nearmiss_heldout.jsonl \\
        [news=benchmarks/heldout.jsonl ...] --out results.jsonl

Any question set can be given; a line's `exclude` lists the articles hidden while it is asked
({"doc": file name, "title": headline within a seed page}). LLM mode when the environment configures
a model (OPENAI_BASE_URL): `--record` keeps the model's raw replies, `--replay` answers from them
again with today's code and no model (benchmarks/replies/). Per set: near misses refused (partial refusals among them), answerable
questions with the facts in the answer, false refusals, quotes verbatim, ask p50 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.quotes import said
from retrieval.answer.answerer import Answerer
from retrieval.answer.llm import LLM, LLMError, ReplyCut, strip_none
from retrieval.evaluation import facts_present, quote_verbatim
from retrieval.index.store import Index
from retrieval.models import Passage
from retrieval.settings import Settings


class Recording(LLM):
    """The configured model, keeping every raw reply to the current question and how it ended."""

    replies: list[dict]

    async def stream(self, messages):
        kept = {"text": "", "failure": "timeout"}  # cancelled at the deadline unless it ends otherwise
        self.replies.append(kept)
        try:
            async for text in super().stream(messages):
                kept["text"] = text
                if strip_none(text)[1]:
                    kept["failure"] = ""  # "[none]": the reader stops here, as it would at the end
                yield text
            kept["failure"] = ""
        except ReplyCut as exc:
            kept["failure"] = exc.reason
            raise
        except LLMError:
            kept["failure"] = "error"
            raise


class Replaying(LLM):
    """Recorded replies in place of the model (`--replay`), in the order they were given, no network."""

    def __init__(self, settings: Settings, recorded: dict[str, list[dict]]) -> None:
        super().__init__(settings)  # a client that is never called
        self.recorded, self.replies = recorded, []

    async def stream(self, messages):
        if not self.replies:
            raise LLMError("no recorded reply")
        kept = self.replies.pop(0)
        if kept["text"]:
            yield kept["text"]
        if kept["failure"] == "timeout":
            raise TimeoutError
        if kept["failure"] in ("length", "loop", "cut"):
            raise ReplyCut(kept["failure"])
        if kept["failure"]:
            raise LLMError(kept["failure"])


OVERFETCH = 60  # extra candidates fetched so hiding an article still leaves `depth` of them


class Without:
    """An index that hides some articles: a search store, the answerer's neighbours, pinyin names."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.hidden: list[dict] = []

    def _hidden(self, passage: Passage) -> bool:
        for item in self.hidden:
            doc = item["doc"]
            same_doc = passage.source == doc or passage.doc.endswith("/" + doc) or passage.path.endswith("/" + doc)
            if same_doc and (not item.get("title") or passage.title == item["title"]):
                return True
        return False

    def __len__(self) -> int:
        return len(self.index)

    def get(self, passage_id: str) -> Passage | None:
        passage = self.index.get(passage_id)
        return None if passage is None or self._hidden(passage) else passage

    def keyword_search(self, query: str, depth: int) -> list[tuple[str, float]]:
        found = self.index.keyword_search(query, depth + (OVERFETCH if self.hidden else 0))
        return [(pid, s) for pid, s in found if self.get(pid) is not None][:depth]

    def query_vectors(self, queries: Sequence[str], n: int) -> list[list[str]]:
        found = self.index.query_vectors(queries, n + (OVERFETCH if self.hidden else 0))
        return [[pid for pid in ids if self.get(pid) is not None][:n] for ids in found]

    def spelled_names(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        return self.index.spelled_names(words)

    def neighbours(self, passage_id: str, window: int = 1) -> list[Passage]:
        return [p for p in self.index.neighbours(passage_id, window) if not self._hidden(p)]

    def forget_queries(self) -> None:
        self.index.forget_queries()


def answerable(row: dict) -> bool:
    return bool(row.get("gold")) and row.get("kind") not in ("unanswerable", "none")


def score(rows: list[dict]) -> dict:
    asked = [r for r in rows if r["answerable"]]
    unasked = [r for r in rows if not r["answerable"]]
    quotes = [ok for r in rows for ok in r["verbatim"]]
    out = {"n": len(rows), "answerable": len(asked), "near misses": len(unasked)}
    if asked:
        out["facts"] = statistics.mean(r["facts_ok"] for r in asked)
        out["false refusals"] = statistics.mean(not r["grounded"] for r in asked)
    if unasked:
        out["refused"] = statistics.mean(not r["grounded"] for r in unasked)
        out["partial"] = sum(bool(r.get("refusal_kind") == "partial") for r in unasked)
        # LLM mode: refused before the check that the cited passages name the question's subject.
        out["refused without the subject check"] = statistics.mean(
            not (r["grounded"] or r["checks"].get("unbound")) for r in unasked)
    out["verbatim"] = statistics.mean(quotes) if quotes else 1.0
    out["ask p50 ms"] = statistics.median(r["ms"] for r in rows)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", help="name=path.jsonl")
    parser.add_argument("--out", type=Path, help="write every answer here (JSONL)")
    parser.add_argument("--only", choices=("near", "answerable"), help="ask only the near misses or only the answerable")
    parser.add_argument("--every", type=int, default=1, help="ask every n-th question of each set (a live model is slow)")
    parser.add_argument("--record", type=Path, help="LLM mode: write each question's raw model replies here (JSONL)")
    parser.add_argument("--replay", type=Path, help="LLM mode without the model: the replies a --record run wrote")
    parser.add_argument("--judge", type=Path, help="LLM mode: the judge's verdicts from this file (benchmarks/verdicts.py)")
    parser.add_argument("--live", action="store_true", help="with --judge: ask the model for the verdicts the file lacks")
    args = parser.parse_args(argv)
    settings = Settings()
    index = Index.open(settings)
    store = Without(index)
    recorded: dict[str, list[dict]] = {}
    if args.replay:
        for line in args.replay.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            recorded[row["question"]] = row["replies"]
        llm: LLM | None = Replaying(settings, recorded)
    elif args.record:
        llm = Recording(settings)
    else:
        llm = None
    if llm is not None and args.judge:
        from verdicts import Verdicts

        llm.judge = Verdicts(args.judge, live=args.live).judge  # type: ignore[method-assign]
    answerer = Answerer(store, settings, llm=llm)
    record = args.record.open("w", encoding="utf-8") if args.record else None
    default_today = answerer.today
    table, out = [], (args.out.open("w", encoding="utf-8") if args.out else None)
    for spec in args.sets:
        name, _, path = spec.partition("=")
        rows = []
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()):
            q = json.loads(line)
            if args.only and (args.only == "near") == answerable(q):
                continue
            if n % args.every or (args.replay and q["question"] not in recorded):
                continue
            if isinstance(llm, Replaying | Recording):
                llm.replies = [dict(r) for r in recorded[q["question"]]] if args.replay else []
            store.hidden = q.get("exclude", [])
            answerer.today = date.fromisoformat(q["today"]) if q.get("today") else default_today
            store.forget_queries()
            start = time.perf_counter()
            answer = answerer.ask(q["question"])
            ms = (time.perf_counter() - start) * 1000
            row = {
                "set": name, "id": q["id"], "question": q["question"], "answerable": answerable(q),
                "grounded": answer.grounded, "facts_ok": facts_present(said(answer), tuple(q.get("facts", ()))),
                "verbatim": quote_verbatim(answer), "ms": ms, "mode": answer.mode, "answer": said(answer),
                "refusal_kind": getattr(answer, "refusal", None) and answer.refusal.kind,
                "citations": [c.quote for c in answer.citations], "checks": answer.checks,
            }
            rows.append(row)
            if record and isinstance(llm, Recording):
                record.write(json.dumps({"set": name, "id": q["id"], "question": q["question"], "replies": llm.replies,
                                         "shown": said(answer), "grounded": answer.grounded}, ensure_ascii=False) + "\n")
                record.flush()
            if out:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                out.flush()
        table.append((name, score(rows)))
    columns = ("n", "near misses", "refused", "refused without the subject check", "partial", "answerable", "facts", "false refusals", "verbatim", "ask p50 ms")
    print("| set | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name, metrics in table:
        cells = [metrics.get(c, "") for c in columns]
        print(f"| {name} | " + " | ".join(f"{c:.3f}" if isinstance(c, float) and c <= 1 else f"{c:.0f}" if isinstance(c, float) else str(c) for c in cells) + " |")
    answerer.close()
    index.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
