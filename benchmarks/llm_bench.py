"""LLM mode against a real OpenAI-compatible model: what it wrote, what the check let through, per set.

    ../shared/tools/local-llm.sh start        # llama.cpp + Qwen2.5-Coder-1.5B-Instruct on 127.0.0.1:8089
    OPENAI_BASE_URL=http://127.0.0.1:8089/v1 OPENAI_API_KEY=local CQNEWS_LLM_MODEL=qwen CQNEWS_ANSWER_DEADLINE=120 \\
        python benchmarks/llm_bench.py calibration=benchmarks/questions.jsonl \\
            heldout=benchmarks/heldout.jsonl --seeds-only --record replies.jsonl

    python benchmarks/llm_bench.py --replay replies.jsonl     # re-check recorded replies, no model

A live run asks every question in LLM mode and records, per question, the passages the model was
given, its raw reply, the extractive answer and the answer the reader got. `--replay` runs today's
check over recorded replies (the model's text is fixed, the check is what changes): how the
check's thresholds were chosen on the calibration set without re-running the model.

The table, per set: the model's reply holding the facts asked for; answers that reached the reader
as the model's answer (of those replies, and of all answerable questions); facts shown, beside the
extractive answerer's on the same questions; refusals right; model sentences kept and dropped, and
why; an independent re-check that every number and place of a shown sentence is in the passage it
cites; quotes verbatim; and in a live run, seconds to the first checked model sentence and to the
whole answer. `--seeds-only` keeps the questions about the bundled pages (the index is the seeds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from bot import quotes
from retrieval.answer.answerer import Answerer
from retrieval.answer.citations import checked_answer
from retrieval.answer.decision import not_found, refusal
from retrieval.answer.llm import LLM, Reply, strip_none
from retrieval.answer.support import names_place, places_in
from retrieval.evaluation import facts_present
from retrieval.index.store import Index
from retrieval.models import Answer, Passage
from retrieval.settings import Settings
from retrieval.text.numbers import values
from retrieval.text.sentences import reply_sentences

PASSAGE_FIELDS = ("id", "text", "title", "section", "source", "position", "date", "publication")
DROPS = ("fabricated", "uncited", "unsupported", "numbers_rejected", "names_rejected", "meaning_rejected",
         "words_rejected", "links_rejected", "judged_rejected")


class RecordingLLM(LLM):
    """The configured model, remembering its last raw reply."""

    last = ""

    async def stream(self, messages):
        self.last = ""
        async for text in super().stream(messages):
            self.last = text
            yield text


def add_judge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--judge", type=Path, help="the judge's verdicts (benchmarks/verdicts.py); none: no judge")
    parser.add_argument("--live", action="store_true", help="with --judge: ask the model for missing verdicts")
    parser.add_argument("--threshold", type=float, help="the judge's yes a sentence needs (default: Tuning's)")


def use_judge(args: argparse.Namespace) -> None:
    global VERDICTS
    if args.judge:
        from verdicts import Verdicts

        VERDICTS = Verdicts(args.judge, live=args.live, **({"threshold": args.threshold} if args.threshold else {}))


def about_seeds(row: dict) -> bool:
    docs = row.get("doc") if isinstance(row.get("doc"), list) else [row.get("doc")]
    return any(str(d).startswith("00") for d in docs)


def independent_recheck(answer: Answer) -> tuple[int, int]:
    """(sentences whose numbers and places are all in the passage they cite, cited sentences)."""
    by_n = {c.n: c for c in answer.citations}
    by_id = {p.id: p for p in answer.passages}
    good = cited = 0
    for sentence in reply_sentences(answer.text):
        sources = [by_id.get(by_n[int(n)].passage_id) for n in re.findall(r"\[(\d+)\]", sentence) if int(n) in by_n]
        sources = [p for p in sources if p is not None]
        if not sources:
            continue
        cited += 1
        evidence = " ".join(f"{p.title} {p.section} {p.text}" for p in sources)
        claim = re.sub(r"\[\d+\]", " ", sentence)
        good += not (values(claim) - values(evidence)) and all(
            names_place("".join(evidence.split()), place) for place in places_in(claim)
        )
    return good, cited


def verbatim(answer: Answer) -> tuple[int, int]:
    by_id = {p.id: p.text for p in answer.passages}
    return sum(c.quote in by_id.get(c.passage_id, "") for c in answer.citations), len(answer.citations)


def states(text: str, facts) -> bool:
    """Whether `text` states every fact: as written, or for a figure by value (12702辆 = "12,702 vehicles")."""
    if not facts:
        return False
    have = values(text)
    return all(facts_present(text, (fact,)) or (values(fact) and values(fact) <= have) for fact in facts)


def seen(answer: Answer) -> str:
    """What the reader sees: the answer and the quotes shown under it."""
    return " ".join([quotes.said(answer), *(c.quote for c in answer.citations)])


def passage_of(row: dict) -> Passage:
    return Passage(**{k: row[k] for k in PASSAGE_FIELDS})


# The judge's recorded verdicts (benchmarks/verdicts.py), when a run is given them: --judge FILE.
VERDICTS = None


def judge(row: dict) -> Answer:
    """The answer a reader gets from a recorded reply, with today's check (as Answerer._from_llm)."""
    given = [passage_of(p) for p in row["given"]]
    language = row["lang"] or "zh"
    reply = Reply(strip_none(row["reply"])[0], said_none=strip_none(row["reply"])[1], failure=row.get("failure", ""))
    if reply.said_none:
        return refusal(row["question"], language, not_found(), given, "", mode="llm")
    rejected = VERDICTS.rejected(reply.usable, given, language, row["question"]) if VERDICTS else frozenset()
    answer = checked_answer(row["question"], language, reply.usable, given, given, "llm", "", rejected)
    if not answer.grounded:
        return Answer(question=row["question"], text=row["extractive"], grounded=bool(row["extractive_grounded"]),
                      mode="extractive", checks={"fallback": reply.ending, "llm": answer.checks})
    return answer


async def ask_live(answerer: Answerer, question: str) -> tuple[Answer, float | None, float]:
    """The final answer, seconds to the first checked model sentence (None if none), seconds in all."""
    start = time.perf_counter()
    first = None
    answer = None
    async for answer in answerer.astream(question):
        if first is None and answer.mode == "llm" and answer.grounded:
            first = time.perf_counter() - start
    return answer, first, time.perf_counter() - start


async def run_live(sets: list[tuple[str, list[dict]]], record: Path | None) -> list[dict]:
    settings = Settings()
    if not settings.llm_enabled:
        sys.exit("set OPENAI_BASE_URL (and OPENAI_API_KEY / CQNEWS_LLM_MODEL) to an OpenAI-compatible endpoint")
    index = Index.open(settings)
    llm = RecordingLLM(settings)
    answerer = Answerer(index, settings, llm=llm)
    offline = Answerer(index, settings, llm=None)
    offline.llm = None  # the extractive answer to the same questions, for comparison
    given: list[Passage] = []
    original = answerer._given

    def remember(evidence):
        given[:] = original(evidence)
        return list(given)

    answerer._given = remember
    out = record.open("a", encoding="utf-8") if record else None
    rows = []
    for name, questions in sets:
        for q in questions:
            given.clear()
            llm.last = ""
            extractive = await offline.aask(q["question"])
            answer, first, total = await ask_live(answerer, q["question"])
            row = {
                "set": name, "id": q["id"], "lang": q.get("lang", "zh"), "question": q["question"],
                "facts": q.get("facts", []), "answerable": bool(q.get("gold")) and q.get("kind") != "unanswerable",
                "given": [{k: getattr(p, k) for k in PASSAGE_FIELDS} for p in given],
                "reply": llm.last, "failure": (answer.checks or {}).get("cut") or (answer.checks or {}).get("fallback", ""),
                "extractive": quotes.said(extractive), "extractive_grounded": extractive.grounded,
                "shown": quotes.said(answer), "mode": answer.mode, "grounded": answer.grounded, "checks": answer.checks,
                "first_s": first, "total_s": total,
            }
            if row["failure"] in ("complete", "none"):
                row["failure"] = ""
            rows.append(row)
            if out:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                out.flush()
            print(f"{name} {q['id']}: {total:.1f}s mode={answer.mode} grounded={answer.grounded} "
                  f"checks={answer.checks}", file=sys.stderr)
    if out:
        out.close()
    return rows


def table(rows: list[dict], live: bool) -> None:
    print("| set | n | reply states fact | model answer shown, of those | model answer shown, of answerable | facts shown, LLM / extractive"
          " | refusals right | sentences kept / dropped | dropped: fabricated, uncited, unsupported, numbers, names, meaning, words, links, judged"
          " | supported by found span / by model quote / re-pointed | re-check: numbers and places in cited passage"
          " | quotes verbatim | fallbacks (why) |" + (" first checked s p50 / p95 | whole s p50 / p95 |" if live else ""))
    print("|---" * (13 + 2 * live) + "|")
    for name in dict.fromkeys(r["set"] for r in rows):
        group = [r for r in rows if r["set"] == name]
        answerable = [r for r in group if r["answerable"] and r["facts"]]
        unanswerable = [r for r in group if not r["answerable"]]
        c = Counter()
        fallbacks = Counter()
        for r in group:
            answer = judge(r) if r["reply"] else None
            shown_text = seen(answer) if answer else r["shown"]
            is_model = answer is not None and answer.mode == "llm" and answer.grounded
            said = r["answerable"] and states(strip_none(r["reply"])[0], r["facts"])
            if r["answerable"] and r["facts"]:
                has = states(shown_text, r["facts"])
                c["states"] += bool(said)
                c["shown_of_states"] += bool(said) and is_model and has
                c["model_shown"] += is_model and has
                c["facts_llm"] += has
                c["facts_ex"] += states(r["extractive"], r["facts"])
            else:
                c["refused"] += not (answer.grounded if answer else r["grounded"])
            if answer is None:
                continue
            checks = answer.checks.get("llm", answer.checks) if answer.mode != "llm" else answer.checks
            if "fallback" in answer.checks:
                fallbacks[answer.checks["fallback"]] += 1
            c["kept"] += checks.get("sentences_kept", 0) if is_model else 0
            c["dropped"] += checks.get("sentences_dropped", 0)
            for key in DROPS:
                c[key] += checks.get(key, 0)
            if is_model:
                c["by_span"] += checks.get("supported_by_span", 0)
                c["by_quote"] += checks.get("supported_by_quote", 0)
                c["repaired"] += checks.get("repaired", 0)
                good, cited = independent_recheck(answer)
                c["recheck_good"] += good
                c["recheck_all"] += cited
                ok, total = verbatim(answer)
                c["verbatim"] += ok
                c["quotes"] += total
        ratio = lambda a, b: f"{a}/{b} ({a / b:.2f})" if b else "–"  # noqa: E731
        timing = ""
        if live:
            firsts = [r["first_s"] for r in group if r.get("first_s") is not None]
            totals = [r["total_s"] for r in group if r.get("total_s") is not None]
            p = lambda xs, q: f"{statistics.quantiles(xs, n=20)[18]:.1f}" if len(xs) > 1 else "–"  # noqa: E731
            timing = (f" {statistics.median(firsts):.1f} / {p(firsts, 95)} |" if firsts else " – |") + (
                f" {statistics.median(totals):.1f} / {p(totals, 95)} |" if totals else " – |")
        print(
            f"| {name} | {len(group)} | {ratio(c['states'], len(answerable))} | {ratio(c['shown_of_states'], c['states'])}"
            f" | {ratio(c['model_shown'], len(answerable))} | {c['facts_llm']} / {c['facts_ex']}"
            f" | {ratio(c['refused'], len(unanswerable))} | {c['kept']} / {c['dropped']}"
            f" | {', '.join(str(c[k]) for k in DROPS)} | {c['by_span']} / {c['by_quote']} / {c['repaired']}"
            f" | {ratio(c['recheck_good'], c['recheck_all'])} | {ratio(c['verbatim'], c['quotes'])}"
            f" | {sum(fallbacks.values())} ({', '.join(f'{k} {v}' for k, v in fallbacks.items()) or '–'}) |{timing}"
        )


# Briefing topics and follow-ups about the seeds, for the brief and rewrite prompts (calibration).
BRIEF_TOPICS = ("铜梁", "渝北", "巴南招商", "涪陵", "梁平", "璧山", "Tongliang", "承接产业转移")
FOLLOW_UPS = (  # (earlier question, its answer, follow-up, a word the rewrite must bring back)
    ("铜梁签约了多少项目?", "铜梁签约了27个项目。", "计划总投资多少?", "铜梁"),
    ("渝北和云阳共建的产业园投入了多少资金?", "已累计投入3000万元。", "入驻了几家企业?", "产业园"),
    ("巴南第三季度签约了多少项目?", "32个项目集中签约。", "总投资多少?", "巴南"),
    ("巫山红叶节什么时候开幕?", "红叶节于当晚开幕。", "红叶面积有多大?", "巫山"),
    ("How many projects did Tongliang sign?", "27 projects.", "What is their total investment?", "Tongliang"),
    ("合川和秀山的农特产品贸易额是多少?", "2700余万元。", "那渝中和巫溪呢?", "渝中"),
)


async def run_extras(answerer: Answerer) -> None:
    """Briefings and follow-up rewrites written by the model: lines kept, fallbacks, rewrites that kept the subject."""
    print("| briefing topic | mode | cited lines shown | model lines kept / dropped (why) | seconds |")
    print("|---|---|---:|---|---:|")
    for topic in BRIEF_TOPICS:
        start = time.perf_counter()
        brief = await answerer.abrief(topic)
        checks = brief.checks.get("llm", brief.checks) if brief.mode != "llm" else brief.checks
        why = ", ".join(f"{k} {checks.get(k)}" for k in DROPS if checks.get(k))
        lines = sum(1 for line in brief.text.splitlines() if re.search(r"\[\d+\]", line))
        print(f"| {topic} | {brief.mode}{' (fallback)' if 'fallback' in brief.checks else ''} | {lines} "
              f"| {checks.get('sentences_kept', 0)} / {checks.get('sentences_dropped', 0)} ({why or '–'}) "
              f"| {time.perf_counter() - start:.1f} |")
    print("\n| earlier question | follow-up | model's rewrite (None: not used) | keeps the subject, asks the follow-up |")
    print("|---|---|---|---|")
    for earlier, said, follow_up, subject in FOLLOW_UPS:
        rewritten = await answerer.arewrite(follow_up, [(earlier, said)])
        right = bool(rewritten) and subject in rewritten and rewritten.rstrip("?？") != earlier.rstrip("?？")
        print(f"| {earlier} | {follow_up} | {rewritten} | {'yes' if right else 'no'} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="NAME=QUESTIONS.jsonl, one per set")
    parser.add_argument("--seeds-only", action="store_true", help="only questions about the bundled pages")
    parser.add_argument("--limit", type=int, default=0, help="at most this many questions per set")
    parser.add_argument("--record", type=Path, help="append each question's row (passages, raw reply, answers) here")
    parser.add_argument("--replay", type=Path, nargs="*", help="re-check recorded rows instead of asking the model")
    parser.add_argument("--dump", type=Path, help="write every model sentence kept or dropped, for labelling")
    parser.add_argument("--extras", action="store_true", help="briefings and follow-up rewrites with the model")
    add_judge_arguments(parser)
    args = parser.parse_args()
    use_judge(args)
    if args.extras:
        settings = Settings()
        asyncio.run(run_extras(Answerer(Index.open(settings), settings)))
        return 0
    if args.replay:
        rows = [json.loads(line) for path in args.replay for line in path.read_text(encoding="utf-8").splitlines() if line]
        live = False
    else:
        sets = []
        for spec in args.sets:
            name, _, path = spec.partition("=")
            raw = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
            if args.seeds_only:
                raw = [r for r in raw if r["id"].startswith(("zh-", "en-", "cross-", "none-")) or about_seeds(r)]
            sets.append((name, raw[: args.limit or None]))
        rows = asyncio.run(run_live(sets, args.record))
        live = True
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for r in rows:
                if r["reply"]:
                    answer = judge(r)
                    out.write(json.dumps({"set": r["set"], "id": r["id"], "question": r["question"], "facts": r["facts"],
                                          "reply": r["reply"], "shown": answer.text if answer.mode == "llm" else "",
                                          "checks": answer.checks}, ensure_ascii=False) + "\n")
    print()
    table(rows, live)
    return 0


if __name__ == "__main__":
    sys.exit(main())
