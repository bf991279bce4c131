"""What the command line prints: answers, briefings and timelines as plain text, the eval table, the bot's stats."""

from __future__ import annotations

import json
import sys
import textwrap
from typing import TYPE_CHECKING

from bot.quotes import body, heading, lines, notice_line, period_line, quote_in_body, said
from retrieval.models import Answer, where
from retrieval.text.sentences import cited

if TYPE_CHECKING:
    from bot.store import Store
    from retrieval.settings import Settings

_QUESTION_CUT = {
    "zh": "问题太长，只按前 {kept:,} 个字（共 {asked:,} 个）回答。",
    "en": "The question was too long: only its first {kept:,} of {asked:,} characters were answered.",
}


def print_json(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, width=76, initial_indent=indent, subsequent_indent=indent)


def notify(text: str) -> None:
    """A line on stderr for the person at the terminal."""
    print(f"cqnews: {text}", file=sys.stderr, flush=True)


def answer_text(answer: Answer, kind: str = "", topic: str = "") -> str:
    """An answer as plain text; a briefing or a timeline (`kind`) under its heading naming `topic`."""
    lines = []
    if kind:
        title, note = heading(kind, topic, answer.language, answer)
        lines += [title] + ([f"({note})"] if note else []) + [""]
    cut = answer.checks.get("question_cut")
    if cut:
        lines += [f"({_QUESTION_CUT[answer.language].format(**cut)})", ""]
    if answer.notice:
        lines += [f"({notice_line(answer)})", ""]
    if answer.period:
        lines += [period_line(answer.period), ""]
    lines.append(body(answer))
    if answer.citations:
        lines += ["", "来源 Sources:" if answer.language == "en" else "来源:"]
        for c in answer.citations:
            publication = f"{c.publication}, " if c.publication else ""
            lines.append(f"[{c.n}] {where(c.title, c.section, c.source, c.date)} ({publication}{c.source})")
            if not quote_in_body(answer, c.quote):  # one quote, one place (bot/quotes.py)
                lines.append(wrap(f"「{c.quote}」"))
            if c.url:
                lines.append(f"    {c.url}")
    elif answer.passages:
        lines += ["", "Related passages:" if answer.language == "en" else "相关段落:"]
        for passage in answer.passages[:3]:
            lines.append(f"- {passage.where()} ({passage.source})")
            lines.append(wrap(passage.text[:160] + ("…" if len(passage.text) > 160 else "")))
    return "\n".join(lines)


def model_note(answer: Answer, settings: Settings) -> None:
    """One line on stderr when the model's answer was replaced by quotes, saying why in words."""
    ending = answer.checks.get("fallback")
    if not ending:
        return
    from urllib.parse import urlsplit

    host = urlsplit(settings.openai_base_url).hostname or "api.openai.com"
    why = {
        "error": f"the language model at {host} could not be reached or failed (run with -v for the reason)",
        "timeout": f"the language model did not answer within CQNEWS_ANSWER_DEADLINE ({settings.answer_deadline:g} s)",
    }.get(ending, "the language model's answer did not check out against the articles")
    notify(f"{why}; answered with quotes from the articles instead")


def worded_json(answer: Answer) -> dict:
    """An answer's JSON with what it says and its notice in words, as the reader sees them."""
    return {**answer.to_json(), "answer": said(answer), "notice": notice_line(answer)}


def events_json(answer: Answer) -> list[dict]:
    """A timeline's lines as data: date, headline, quote, citation number, passage id, the line as shown."""
    by_n = {c.n: c for c in answer.citations}
    out = []
    for line, shown in lines(answer):
        numbers = [n for n in cited(line) if n in by_n]
        if numbers:
            c = by_n[numbers[0]]
            out.append({"date": c.date, "title": c.title, "quote": c.quote, "n": c.n, "passage_id": c.passage_id})
            out[-1]["line"] = shown
    return out


def print_answer(answer: Answer, as_json: bool, settings: Settings, kind: str = "", topic: str = "", extra: dict | None = None) -> int:
    """Print an answer (or its JSON, with `extra` fields); say first if the model's answer was replaced."""
    model_note(answer, settings)
    if as_json:
        print_json({**worded_json(answer), **(extra or {})})
    else:
        print(answer_text(answer, kind, topic))
    return 0


EVAL_COLUMNS = [
    "n", "recall@1", "recall@5", "mrr", "search_p50_ms", "search_p95_ms",
    "facts", "false_refusal", "false_answer", "grounded_acc", "quotes_verbatim", "ask_p50_ms", "ask_p95_ms",
]


def print_eval(table: list[tuple[str, dict]]) -> None:
    """The eval summary: one row per group, the columns any group has."""
    present = [c for c in EVAL_COLUMNS if any(c in m for _, m in table)]
    widths = [max(10, len(c) + 2) for c in present]
    print("group".ljust(14) + "".join(c.rjust(w) for c, w in zip(present, widths, strict=True)))
    for name, metrics in table:
        cells = []
        for c, w in zip(present, widths, strict=True):
            v = metrics.get(c)
            cells.append(("-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)).rjust(w))
        print(name.ljust(14) + "".join(cells))


def print_stats(store: Store, now: float) -> None:
    """The bot's last day and week: questions, outcomes, votes, answer times, unanswered questions."""
    for name, days in (("Last day", 1), ("Last week", 7)):
        stats = store.stats(now - days * 24 * 3600)
        ratio = "-" if stats.up_ratio is None else f"{stats.up_ratio:.0%}"
        timing = "-" if stats.median_ms is None else f"median {stats.median_ms / 1000:.1f}s, p95 {stats.p95_ms / 1000:.1f}s"
        print(f"{name}:")
        print(f"  questions {stats.asked}: answered {stats.answered}, not found {stats.not_found}")
        print(f"  feedback: {stats.up} up, {stats.down} down ({ratio} positive)")
        print(f"  answer time: {timing}")
        if stats.unanswered:
            print("  most asked, not answered:")
            for question, n in stats.unanswered:
                print(f"    {n}x {question}")
