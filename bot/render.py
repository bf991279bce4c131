"""The one renderer: answers, passages, source lists and briefings as Telegram HTML.

Every user-visible string is escaped here, exactly once; callers pass plain text.
Messages are split under Telegram's message limit (4096 characters) at block boundaries (paragraphs,
citations); a block that is too long on its own is cut between sentences and re-wrapped
in its own tags, so a cut never falls inside a tag or an entity.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import CallbackQueryLimit, MessageLimit

from bot.buttons import InlineAnswer, Retry, Setting, ShowPassage, Vote
from bot.i18n import EXAMPLE_QUESTIONS, Lang, t
from bot.quotes import body, period_line, quote_in_body
from retrieval.models import Answer, Passage, SourceInfo

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH
ALERT_LIMIT = CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH
RELATED_SHOWN = 3
RELATED_CHARS = 300
# Messages one answer, briefing, timeline or passage view may take (CQNEWS_MAX_ANSWER_MESSAGES).
MAX_MESSAGES = 3

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")


def escape(text: str) -> str:
    """Escape plain text for Telegram HTML (the only place this happens)."""
    return html.escape(text, quote=False)


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Block:
    """Plain text wrapped in fixed HTML; never cut except by re-wrapping its text."""

    text: str
    open: str = ""
    close: str = ""
    # Used instead of `open` for the second and later pieces of a cut block (drops headings).
    cont_open: str | None = None
    sep: str = "\n\n"

    def html(self) -> str:
        return self.open + escape(self.text) + self.close

    def pieces(self, limit: int) -> list[str]:
        """This block as one or more HTML strings, each within `limit`."""
        whole = self.html()
        if tg_len(whole) <= limit:
            return [whole]
        out: list[str] = []
        rest = self.text
        first = True
        while rest:
            opening = self.open if first or self.cont_open is None else self.cont_open
            budget = limit - tg_len(opening) - tg_len(self.close)
            if budget < 16:
                raise ValueError("block tags leave no room for text")
            chunk = _longest_prefix(rest, budget)
            out.append(opening + escape(chunk) + self.close)
            rest = rest[len(chunk):].lstrip("\n")
            first = False
        return out


def _longest_prefix(text: str, budget: int) -> str:
    """The longest prefix of `text` that fits in `budget` once escaped, cut after a sentence."""
    # Escaping is per character and every character counts at least one unit: sizes add up, and no
    # prefix longer than `budget` characters fits (one more keeps a cut sentence from passing as whole).
    text = text[: budget + 1]
    taken: list[str] = []
    used = 0
    for sentence in _SENTENCE_END.split(text):
        size = tg_len(escape(sentence))
        if used + size > budget:
            break
        taken.append(sentence)
        used += size
    if taken:
        return "".join(taken)
    # One sentence longer than a whole message: cut by characters (escaping grows some).
    used = 0
    for i, char in enumerate(text):
        used += tg_len(escape(char))
        if used > budget:
            return text[:i]
    return text


def pack(blocks: Iterable[Block], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks into as few messages as fit under `limit`."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        for i, piece in enumerate(block.pieces(limit)):
            sep = block.sep if i == 0 else "\n"
            candidate = current + sep + piece if current else piece
            if tg_len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def pack_capped(blocks: Sequence[Block], lang: Lang, most: int, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`pack`, in at most `most` messages: when more are needed, every block is first cut to a share of
    the room (so a huge paragraph gives way and the sources after it stay), then what still does not fit
    is cut off, with a note saying so."""
    most = max(1, most)
    # No block can show more than the whole cap; cut first, or splitting a huge one takes quadratic time.
    blocks = [_shortened(block, most * limit) for block in blocks]
    messages = pack(blocks, limit)
    if len(messages) <= most:
        return messages
    share = max(64, most * limit // max(1, len(blocks)) // 2)
    blocks = [_shortened(block, min(share, limit // 2)) for block in blocks]
    note = "\n\n<i>" + escape(t(lang, "cut_short")) + "</i>"
    messages = pack(blocks, limit)
    if len(messages) <= most:
        return messages
    messages = pack(blocks, limit - tg_len(note))[:most]
    messages[-1] += note
    return messages


def _shortened(block: Block, budget: int) -> Block:
    """`block` with its text cut to about `budget` characters (after a sentence where one ends in time) and "…"."""
    if len(block.text) <= budget // 2 or tg_len(escape(block.text)) <= budget:
        return block
    return dataclasses.replace(block, text=_longest_prefix(block.text, budget).rstrip() + "…")


def text_message(text: str) -> str:
    """A plain interface message (short, fixed strings; see `text_messages` for anything else)."""
    return escape(text)


def text_messages(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """A plain message of any length (it may carry user text), split under the limit."""
    return pack(_text_blocks(text), limit) or [escape(text.strip()) or "…"]


def alert_text(text: str) -> str:
    """Plain text for a button's pop-up alert, cut with "…" to fit Telegram's limit (alerts are not HTML)."""
    return text if len(text) <= ALERT_LIMIT else text[: ALERT_LIMIT - 1] + "…"


def _headline(title: str, section: str, source: str, date: str, url: str) -> str:
    """Where a passage came from as HTML: the headline links to the article when a url is known."""
    head = escape(where(title, section, source))
    if url.startswith(("https://", "http://")):
        head = f'<a href="{html.escape(url, quote=True)}">{head}</a>'
    return head + (f" · {escape(date)}" if date else "")


def where(title: str, section: str, source: str) -> str:
    """Where a passage came from: 《headline》 · sub-head (plain text)."""
    parts = [f"《{title}》" if title else source]
    if section and section != title:
        parts.append(section)
    return " · ".join(parts)


def _text_blocks(text: str, opening: str = "", closing: str = "") -> list[Block]:
    """One block per line of `text`, keeping blank-line paragraph breaks as they were."""
    blocks: list[Block] = []
    for paragraph in (p for p in re.split(r"\n\s*\n", text) if p.strip()):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        blocks += [Block(line, opening, closing, sep="\n\n" if j == 0 else "\n") for j, line in enumerate(lines)]
    return blocks


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
        blocks.append(Block(answer.notice, open="⚠️ <i>", close="</i>"))
    if answer.period:
        blocks.append(Block(period_line(answer.period), open="🗓 <i>", close="</i>"))
    if answer.grounded:
        blocks += _text_blocks(body(answer))
        blocks += _source_blocks(answer, lang)
        if detailed:
            cited = {c.passage_id for c in answer.citations}
            more = [p for p in answer.passages if p.id not in cited][:RELATED_SHOWN]
            if more:
                blocks += _related_blocks(more, lang)
        return blocks
    # Not grounded: say so first, then the closest passages as "related", unnumbered, so
    # nothing looks like a citation that supports a claim.
    lead = _text_blocks(answer.text, "<i>", "</i>") or [Block(t(lang, "not_found"), "<i>", "</i>")]
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
    blocks = [Block(t(lang, "brief_title", topic=topic), open="🗞 <b>", close="</b>")]
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
    title = Block(t(lang, "timeline_title", topic=topic), open="🗓 <b>", close="</b>")
    return pack_capped([title, *_answer_blocks(answer, lang)], lang, most, limit)


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


def settings_keyboard(lang: str | None, length: str, ui: Lang) -> InlineKeyboardMarkup:
    """/settings: interface language and answer length; the current choice is ticked."""

    def button(label: str, choice: Setting, on: bool) -> InlineKeyboardButton:
        return InlineKeyboardButton(("✓ " if on else "") + label, callback_data=choice)

    return InlineKeyboardMarkup(
        [
            [
                button("中文", Setting("lang", "zh"), lang == "zh"),
                button("English", Setting("lang", "en"), lang == "en"),
            ],
            [
                button(t(ui, "length_brief"), Setting("length", "brief"), length == "brief"),
                button(t(ui, "length_detailed"), Setting("length", "detailed"), length == "detailed"),
            ],
        ]
    )


def retry_keyboard(retry: Retry, lang: Lang) -> InlineKeyboardMarkup:
    """The apology's one button: ask the same question again."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t(lang, "retry_button"), callback_data=retry)]])


def answer_keyboard(answer: Answer, answer_key: str, lang: Lang) -> InlineKeyboardMarkup:
    """One button per citation (shows the passage), then 👍/👎."""
    buttons = [
        InlineKeyboardButton(t(lang, "passage_button", n=c.n), callback_data=ShowPassage(c.passage_id))
        for c in answer.citations
    ]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    rows.append(
        [
            InlineKeyboardButton("👍", callback_data=Vote(answer_key, 1)),
            InlineKeyboardButton("👎", callback_data=Vote(answer_key, -1)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def inline_answer_keyboard(question: str, lang: Lang) -> InlineKeyboardMarkup:
    """The button on an inline-mode message that writes the full answer into it."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t(lang, "inline_answer_button"), callback_data=InlineAnswer(question))]])
