"""Telegram HTML: plain text escaped (here, exactly once) and split into messages under the limit.

Messages are split under Telegram's message limit (4096 characters) at block boundaries (paragraphs,
citations); a block that is too long on its own is cut between sentences and re-wrapped in its own
tags, so a cut never falls inside a tag or an entity.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from telegram.constants import CallbackQueryLimit, MessageLimit

from bot.i18n import Lang, t

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH
ALERT_LIMIT = CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH
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
    return pack(text_blocks(text), limit) or [escape(text.strip()) or "…"]


def alert_text(text: str) -> str:
    """Plain text for a button's pop-up alert, cut with "…" to fit Telegram's limit (alerts are not HTML)."""
    return text if len(text) <= ALERT_LIMIT else text[: ALERT_LIMIT - 1] + "…"


def text_blocks(text: str, opening: str = "", closing: str = "") -> list[Block]:
    """One block per line of `text`, keeping blank-line paragraph breaks as they were."""
    blocks: list[Block] = []
    for paragraph in (p for p in re.split(r"\n\s*\n", text) if p.strip()):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        blocks += [Block(line, opening, closing, sep="\n\n" if j == 0 else "\n") for j, line in enumerate(lines)]
    return blocks

