"""The inline keyboards, what each of their buttons carries, and its JSON form.

The Application uses python-telegram-bot's arbitrary callback data: a button holds one of the
objects below, Telegram only sees an id for it, and the handler for the button's type receives
the object itself (`CallbackQueryHandler(..., pattern=Vote)`). A button whose id the bot no longer
knows arrives as `telegram.ext.InvalidCallbackData`.

The JSON form keeps these objects across restarts (bot/persistence.py) and inside an answer that
waits for redelivery (the store's in-flight record).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Lang, t
from retrieval.models import Answer


class _Unchanging:
    """Button data never changes once made, so a copy of it is itself (PTB deep-copies the cache at every save)."""

    def __deepcopy__(self, memo: dict) -> Any:
        return self


@dataclass(frozen=True)
class ShowPassage(_Unchanging):
    """A source button: show this passage in its article."""

    passage_id: str


@dataclass(frozen=True)
class Vote(_Unchanging):
    """👍 (1) or 👎 (-1) on one answer."""

    answer_key: str
    vote: int


@dataclass(frozen=True)
class Setting(_Unchanging):
    """A /settings choice: `name` is "lang" (zh, en) or "length" (brief, detailed)."""

    name: str
    value: str


@dataclass(frozen=True)
class Retry(_Unchanging):
    """The apology's button: ask this question again (bot.delivery.Asked as a dict, never changed)."""

    asked: dict[str, Any]


@dataclass(frozen=True)
class InlineAnswer(_Unchanging):
    """The "full answer" button on a message sent in inline mode."""

    question: str


KINDS = {kind.__name__: kind for kind in (ShowPassage, Vote, Setting, Retry, InlineAnswer)}
_TAG = "button"  # the key that marks a JSON object as one of the above


def _encode(obj: object) -> dict[str, Any]:
    name = type(obj).__name__
    if KINDS.get(name) is not type(obj):
        raise TypeError(f"not button data: {name}")
    return {_TAG: name, **asdict(obj)}  # type: ignore[call-overload]


def _decode(data: dict[str, Any]) -> object:
    tag = data.get(_TAG)
    kind = KINDS.get(tag) if isinstance(tag, str) else None
    if kind is None:
        return data
    names = {f.name for f in fields(kind)}
    if set(data) - {_TAG} != names:
        return None  # written by another version of a button: it is expired, not an error
    return kind(**{name: data[name] for name in names})


def dumps(value: object) -> str:
    """JSON text for `value`, which may hold button data anywhere inside lists and dicts."""
    return json.dumps(value, default=_encode, ensure_ascii=False)


def loads(text: str) -> Any:
    """The value `dumps` wrote, with its button data as objects again."""
    return json.loads(text, object_hook=_decode)


def markup_record(markup: InlineKeyboardMarkup | None) -> Any:
    """A keyboard as plain JSON values, for a record in the store (None stays None)."""
    return None if markup is None else json.loads(dumps(markup.to_dict()))


def markup_from_record(record: Any) -> InlineKeyboardMarkup | None:
    """The keyboard `markup_record` wrote."""
    return None if not record else InlineKeyboardMarkup.de_json(loads(json.dumps(record)), None)


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
