"""Inline mode: passages as the user types (debounced, cached), the full answer written when chosen."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass, field

from cachetools import LRUCache
from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import buttons, html, render
from bot.buttons import InlineAnswer
from bot.delivery import NEVER_MISSED, REDELIVER_FOR_SECONDS, REDELIVER_MAX_SECONDS
from bot.i18n import Lang, language_of, t
from bot.limits import MAX_ASKED_CHARS, too_long
from bot.services import BotContext
from bot.store import answer_key
from retrieval.search.hybrid import search
from retrieval.text.normalise import clean_input

log = logging.getLogger(__name__)

INLINE_PASSAGES = 3
INLINE_CACHE_SECONDS = 60


INLINE_KEY = "inline"  # bot_data: the inline cache and each user's latest query
INLINE_CACHED = 256  # queries whose results are kept (least recently used dropped first)


@dataclass
class InlineState:
    """Per-query search results (so a repeated query is not searched again), each user's latest query (the debounce)."""

    results: LRUCache[str, list] = field(default_factory=lambda: LRUCache(maxsize=INLINE_CACHED))
    latest: dict[int, int] = field(default_factory=dict)


def inline_state(context: BotContext) -> InlineState:
    return context.bot_data.setdefault(INLINE_KEY, InlineState())


def question_token(question: str) -> str:
    """A short id for an inline question, small enough for result ids (at most 64 bytes)."""
    return hashlib.sha1(question.encode()).hexdigest()[:16]


async def inline_query(update: Update, context: BotContext) -> None:
    """Inline mode: passages from search once the query settles; the full answer only when chosen."""
    svc = context.services
    query = update.inline_query
    assert query
    lang = language_of(update)
    text = clean_input(query.query)
    if not text or too_long(text, MAX_ASKED_CHARS):
        hint = t(lang, "inline_hint") if not text else t(lang, "inline_too_long", limit=MAX_ASKED_CHARS)
        await query.answer([], button=InlineQueryResultsButton(text=hint, start_parameter="help"), cache_time=0)
        return
    state = inline_state(context)
    user_id = query.from_user.id
    state.latest[user_id] = turn = state.latest.get(user_id, 0) + 1
    results = state.results.get(text)
    if results is None:
        # Typing sends a query per keystroke: search only once the text has stopped changing.
        await asyncio.sleep(svc.bot.inline_debounce)
        if state.latest.get(user_id) != turn:
            return  # a newer keystroke came: this query is already out of date
        results = state.results.get(text)
    if results is None:
        wait = svc.inline_limiter.check(user_id)
        if wait:
            button = InlineQueryResultsButton(text=t(lang, "rate_limited", seconds=wait), start_parameter="help")
            await query.answer([], button=button, cache_time=0)
            return
        passages = await asyncio.to_thread(search, svc.index, text, INLINE_PASSAGES)
        passages = [p for p in passages if not p.instructions]  # instruction-like text (retrieval/text/injection.py)
        results = inline_results(text, passages, lang)
        state.results[text] = results
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS)


def inline_results(text: str, passages, lang: Lang) -> list[InlineQueryResultArticle]:
    """A "full answer" result (written when chosen) and the passages search found, with headlines."""
    token = question_token(text)
    results = [
        InlineQueryResultArticle(
            id=f"a:{token}",
            title=t(lang, "inline_full_answer", question=text[:60]),
            description=passages[0].text[:120] if passages else t(lang, "not_found"),
            input_message_content=InputTextMessageContent(
                html.text_messages(t(lang, "inline_full_answer", question=text))[0]
            ),
            # A keyboard makes Telegram report the sent message's inline_message_id, to edit.
            reply_markup=buttons.inline_answer_keyboard(text, lang),
        )
    ]
    for i, passage in enumerate(passages):
        results.append(
            InlineQueryResultArticle(
                id=f"p:{token}:{i}",
                title=passage.where(),
                description=passage.text[:120],
                input_message_content=InputTextMessageContent(
                    render.render_passage_view([passage], passage.id, lang)[0]
                ),
            )
        )
    return results


async def chosen_inline_answer(update: Update, context: BotContext) -> None:
    """The "full answer" inline result was sent: write the answer into that message."""
    chosen = update.chosen_inline_result
    assert chosen
    if not chosen.result_id.startswith("a:") or not chosen.inline_message_id:
        return
    text, lang = clean_input(chosen.query), language_of(update)
    if too_long(text, MAX_ASKED_CHARS):  # no such result was offered
        return
    # A full answer is a question answered (a model call): it spends the question budget.
    wait = context.services.limiter.check(chosen.from_user.id)
    if wait:
        # The message stays, saying when to press its button for the answer.
        await context.bot.edit_message_text(
            html.text_message(t(lang, "rate_limited", seconds=wait)), inline_message_id=chosen.inline_message_id,
            reply_markup=buttons.inline_answer_keyboard(text, lang),
        )
        return
    await write_inline_answer(context, chosen.inline_message_id, text, lang)


async def inline_answer_button(update: Update, context: BotContext) -> None:
    """The "full answer" button on an inline message (when chosen-result reports are off)."""
    query = update.callback_query
    assert query and isinstance(query.data, InlineAnswer)
    lang = language_of(update)
    text = query.data.question
    if not query.inline_message_id:
        await query.answer(t(lang, "button_expired"), show_alert=True)
        return
    wait = context.services.limiter.check(query.from_user.id)
    if wait:
        await query.answer(t(lang, "rate_limited", seconds=wait), show_alert=True)
        return
    await query.answer()
    await write_inline_answer(context, query.inline_message_id, text, lang)


async def write_inline_answer(context: BotContext, inline_message_id: str, text: str, lang: Lang) -> None:
    """Answer `text` (this is where an LLM may run) and edit the inline message into it."""
    svc = context.services
    if not text:
        return
    started = time.monotonic()
    answer = await svc.answerer.aask(text)
    ready_ms = (time.monotonic() - started) * 1000
    svc.queue.submit(svc.store.log_question, 0, answer.question, answer.grounded, ready_ms, answer_key(answer))
    await show_inline(context, inline_message_id, render.render_answer(answer, lang)[0])


async def show_inline(context: BotContext, inline_message_id: str, html_text: str, attempt: int = 0, since: float | None = None) -> None:
    """Edit an inline message into its answer; during an outage, try again later with the answers' backoff.

    Kept in memory only: an inline message has no chat for a restarted bot to answer into.
    """
    svc = context.services
    try:
        await context.bot.edit_message_text(html_text, inline_message_id=inline_message_id)
    except (Forbidden, BadRequest) as exc:
        if "not modified" not in exc.message.lower():  # else: already showing it (an earlier try arrived)
            log.warning("the inline answer could not be shown (%s); dropped", exc)
    except TelegramError as exc:
        since = time.time() if since is None else since
        if context.job_queue is None or time.time() - since > REDELIVER_FOR_SECONDS:
            log.error("gave up showing an inline answer (%s)", exc)
            return
        delay = min(svc.bot.retry_backoff * 2 ** (svc.bot.network_retries + attempt + 1), REDELIVER_MAX_SECONDS)
        context.job_queue.run_once(
            reshow_inline, delay, data=(inline_message_id, html_text, attempt + 1, since), job_kwargs=NEVER_MISSED
        )
        log.warning("the inline answer could not be shown (%s); next try in %.1fs", exc, delay)


async def reshow_inline(context: BotContext) -> None:
    """Job: an inline answer Telegram would not take earlier, tried again."""
    assert context.job is not None
    await show_inline(context, *context.job.data)
