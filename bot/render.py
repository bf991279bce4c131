"""The one renderer: answers, passages, source lists, briefings and timelines as Telegram HTML.

Callers pass plain text; bot/html.py escapes it, exactly once, and splits it under the message limit.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.html import MAX_MESSAGES, MESSAGE_LIMIT, Block, escape, pack, pack_capped, text_blocks
from bot.i18n import EXAMPLE_QUESTIONS, Lang, t
from bot.quotes import body, heading, notice_line, period_line, quote_in_body, said
from retrieval.models import Answer, Passage, SourceInfo, where

RELATED_SHOWN = 3
RELATED_CHARS = 300


def _headline(title: str, section: str, source: str, date: str, url: str) -> str:
    """Where a passage came from as HTML: the headline links to the article when a url is known."""
    head = escape(where(title, section, source))
    if url.startswith(("https://", "http://")):
        head = f'<a href="{html.escape(url, quote=True)}">{head}</a>'
    return head + (f" · {escape(date)}" if date else "")


def _related_blocks(passages: Sequence[Passage], lang: Lang) -> list[Block]:
    blocks = [Block(t(lang, "related"), open="🔎 <b>", close="</b>")]
    for p in passages:
        text = p.text if len(p.text) <= RELATED_CHARS else p.text[:RELATED_CHARS] + "…"
        head = f"• {_headline(p.title, p.section, p.source, p.date, p.url)}\n"
        blocks.append(
            Block(
                text,
                open=head + "<blockquote expandable>",
                close="</blockquote>",
                cont_open="<blockquote expandable>",
                sep="\n",
            )
        )
    return blocks


def _answer_blocks(answer: Answer, lang: Lang, asked_as: str | None = None, detailed: bool = False) -> list[Block]:
    """Blocks of an answer: notice, text with [n] markers, then sources or related passages."""
    blocks: list[Block] = []
    if asked_as:
        # Small print: the follow-up as it was understood, so the reader knows what was answered.
        blocks.append(Block(t(lang, "understood_as", question=asked_as), open="<i>↪ ", close="</i>"))
    if answer.notice:
        blocks.append(Block(notice_line(answer), open="⚠️ <i>", close="</i>"))
    if answer.period:
        blocks.append(Block(period_line(answer.period), open="🗓 <i>", close="</i>"))
    if answer.grounded:
        blocks += text_blocks(body(answer))
        blocks += _source_blocks(answer, lang)
        if detailed:
            cited = {c.passage_id for c in answer.citations}
            more = [p for p in answer.passages if p.id not in cited][:RELATED_SHOWN]
            if more:
                blocks += _related_blocks(more, lang)
        return blocks
    # Not grounded: say so first, then the closest passages as "related", unnumbered, so
    # nothing looks like a citation that supports a claim.
    lead = text_blocks(said(answer), "<i>", "</i>") or [Block(t(lang, "not_found"), "<i>", "</i>")]
    blocks.append(Block(lead[0].text, open="ℹ️ <i>", close="</i>"))
    blocks += lead[1:]
    # A refusal that says what the articles do say cites the passage it says it from.
    blocks += _source_blocks(answer, lang)
    cited = {c.passage_id for c in answer.citations}
    related = [p for p in answer.passages if p.id not in cited][:RELATED_SHOWN]
    if related:
        blocks += _related_blocks(related, lang)
    return blocks


def _source_blocks(answer: Answer, lang: Lang) -> list[Block]:
    """The numbered sources of an answer's [n] markers, each with its quote unless the text holds it."""
    if not answer.citations:
        return []
    blocks = [Block(t(lang, "sources"), open="📰 <b>", close="</b>")]
    for c in answer.citations:
        head = f"<b>[{c.n}]</b> {_headline(c.title, c.section, c.source, c.date, c.url)}"
        if quote_in_body(answer, c.quote):
            blocks.append(Block("", open=head, sep="\n"))
            continue
        blocks.append(
            Block(c.quote, open=head + "\n<blockquote expandable>", close="</blockquote>",
                  cont_open="<blockquote expandable>", sep="\n")
        )
    return blocks


def render_answer(
    answer: Answer,
    lang: Lang,
    limit: int = MESSAGE_LIMIT,
    *,
    asked_as: str | None = None,
    detailed: bool = False,
    most: int = MAX_MESSAGES,
) -> list[str]:
    """An answer as at most `most` HTML messages; `asked_as` is a rewritten follow-up to show."""
    return pack_capped(_answer_blocks(answer, lang, asked_as, detailed), lang, most, limit)


def render_brief(
    answer: Answer,
    topic: str,
    lang: Lang,
    new_titles: Sequence[str] | None = None,
    scheduled: bool = False,
    limit: int = MESSAGE_LIMIT,
    most: int = MAX_MESSAGES,
) -> list[str]:
    """A briefing; when `scheduled`, says which articles are new since the last one.

    `new_titles` is None for the first briefing on a topic.
    """
    blocks = _heading_blocks("brief", topic, lang, answer, "🗞")
    if scheduled:
        if new_titles is None:
            blocks.append(Block(t(lang, "brief_first"), open="<i>", close="</i>", sep="\n"))
        elif not new_titles:
            blocks.append(Block(t(lang, "brief_no_new"), open="<i>", close="</i>", sep="\n"))
        else:
            blocks.append(Block(t(lang, "brief_new"), open="🆕 <b>", close="</b>", sep="\n"))
            blocks += [Block(f"• 《{title}》", sep="\n") for title in new_titles]
    return pack_capped(blocks + _answer_blocks(answer, lang), lang, most, limit)


def render_timeline(
    answer: Answer, topic: str, lang: Lang, limit: int = MESSAGE_LIMIT, most: int = MAX_MESSAGES
) -> list[str]:
    """A topic's timeline: its dated lines, oldest first, with their sources."""
    blocks = _heading_blocks("timeline", topic, lang, answer, "🗓")
    return pack_capped(blocks + _answer_blocks(answer, lang), lang, most, limit)


def _heading_blocks(kind: str, topic: str, lang: Lang, answer: Answer, icon: str) -> list[Block]:
    """A briefing's or a timeline's heading, with its small print under it."""
    title, note = heading(kind, topic, lang, answer)
    blocks = [Block(title, open=f"{icon} <b>", close="</b>")]
    return blocks + ([Block(note, open="<i>(", close=")</i>", sep="\n")] if note else [])


def render_passage_view(
    passages: Sequence[Passage], focus_id: str, lang: Lang, limit: int = MESSAGE_LIMIT, most: int = MAX_MESSAGES
) -> list[str]:
    """A passage in its article: headline, then its neighbours with the passage quoted."""
    if not passages:
        return [escape(t(lang, "passage_gone"))]
    focus = next((p for p in passages if p.id == focus_id), passages[0])
    blocks = [Block(focus.where(), open="📄 <b>", close="</b>")]
    for p in passages:
        if p.id == focus.id:
            blocks.append(Block(p.text, open="<blockquote>", close="</blockquote>"))
        else:
            blocks.append(Block(p.text))
    return pack_capped(blocks, lang, most, limit)


def render_sources(infos: Sequence[SourceInfo], lang: Lang, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The indexed pages with their headlines and passage counts."""
    if not infos:
        return [escape(t(lang, "no_sources"))]
    blocks = [Block(t(lang, "sources_title", count=len(infos)), open="📚 <b>", close="</b>")]
    for info in infos:
        counts = t(lang, "passages_count", count=info.passages)
        label = " · ".join(x for x in (info.path or info.source, info.publication, info.date, counts) if x)
        blocks.append(Block(label, open="<b>", close="</b>"))
        blocks += [Block(f"• 《{title}》", sep="\n") for title in info.titles]
    return pack(blocks, limit)


def render_welcome(lang: Lang) -> str:
    """The /start message with three example questions from the corpus."""
    lines = [escape(t(lang, "welcome")), "", escape(t(lang, "try_asking"))]
    lines += [f"• <code>{escape(q)}</code>" for q in EXAMPLE_QUESTIONS[lang]]
    lines += ["", escape(t(lang, "help_intro"))]
    return "\n".join(lines)


def render_help(lang: Lang, commands: Sequence[tuple[str, str]]) -> str:
    """The /help message: how to ask, then the commands."""
    lines = [escape(t(lang, "help_intro")), ""]
    lines += [f"/{name} — {escape(description)}" for name, description in commands]
    return "\n".join(lines)


def render_subscriptions(subs: Sequence[tuple[str, str]], lang: Lang, limit: int = MESSAGE_LIMIT) -> list[str]:
    """This chat's subscriptions as (topic, HH:MM) lines."""
    if not subs:
        return [escape(t(lang, "no_subscriptions"))]
    blocks = [Block(t(lang, "subscriptions_title"), open="<b>", close="</b>")]
    blocks += [Block(f"• {topic} — {at}", sep="\n") for topic, at in subs]
    return pack(blocks, limit)


def _ms_text(value: float | None) -> str:
    return "-" if value is None else f"{value / 1000:.1f}s"


def render_stats(periods: Sequence[tuple[str, object]], lang: Lang, limit: int = MESSAGE_LIMIT) -> list[str]:
    """/stats: one section per (period name, bot.store.Stats)."""
    blocks = [Block(t(lang, "stats_title"), open="📊 <b>", close="</b>")]
    for name, stats in periods:
        ratio = stats.up_ratio  # type: ignore[attr-defined]
        blocks.append(Block(name, open="<b>", close="</b>"))
        blocks.append(
            Block(
                t(
                    lang,
                    "stats_body",
                    asked=stats.asked,  # type: ignore[attr-defined]
                    answered=stats.answered,  # type: ignore[attr-defined]
                    not_found=stats.not_found,  # type: ignore[attr-defined]
                    up=stats.up,  # type: ignore[attr-defined]
                    down=stats.down,  # type: ignore[attr-defined]
                    ratio="-" if ratio is None else f"{ratio:.0%}",
                    median=_ms_text(stats.median_ms),  # type: ignore[attr-defined]
                    p95=_ms_text(stats.p95_ms),  # type: ignore[attr-defined]
                ),
                sep="\n",
            )
        )
        unanswered = stats.unanswered  # type: ignore[attr-defined]
        if unanswered:
            blocks.append(Block(t(lang, "stats_unanswered"), sep="\n"))
            blocks += [Block(f"{n}× {question}", sep="\n") for question, n in unanswered]
    return pack(blocks, limit)
