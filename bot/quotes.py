"""How an answer's quotes are presented, the same rules for every output (Telegram and the command line).

A briefing and a timeline have one heading naming the topic, worded here (`heading`), not by the library.

Where it says they come from: an answer that quotes the articles (`Answer.attribution`) opens with
one line naming the publication and the headline its quotes share, in the answer's language.

One quote, one place: the answer's body carries the sentences and their [n] markers. A quote the
body already shows word for word (extractive answers quote the articles) is not repeated in the
sources block; a quote the body does not show (an LLM answer that paraphrases) is shown there, once.
"""

from __future__ import annotations

from bot.i18n import Lang, t
from retrieval.models import Answer
from retrieval.text.language import ENGLISH_PUBLICATIONS


def attribution_line(answer: Answer) -> str:
    """"据重庆日报《…》报道：", "According to Chongqing Daily (《…》):"; "" for an answer that quotes nothing."""
    source = answer.attribution
    if source is None:
        return ""
    publication, title = source.publication, source.title
    if answer.language == "en":
        if publication:
            return f"According to {ENGLISH_PUBLICATIONS.get(publication, publication)}" + (f" (《{title}》):" if title else ":")
        return f"According to 《{title}》:" if title else "According to the articles:"
    if publication:
        return f"据{publication}《{title}》报道：" if title else f"据{publication}报道："
    return f"据《{title}》报道：" if title else "据报道："


def quote_in_body(answer: Answer, quote: str) -> bool:
    """Whether the answer's text already shows `quote` word for word."""
    return " ".join(quote.split()) in " ".join(answer.text.split())


def body(answer: Answer) -> str:
    """The answer's text as a reader sees it: its attribution line, then its sentences."""
    line = attribution_line(answer)
    return f"{line}\n{answer.text}" if line else answer.text


def period_line(period: dict) -> str:
    """The period a named or relative time resolved to: "五年前新年前夕 = 2019-12-31"."""
    span = period["start"] if period["start"] == period["end"] else f"{period['start']} – {period['end']}"
    return f"{period['label']} = {span}"


def heading(kind: str, topic: str, lang: Lang, answer: Answer) -> tuple[str, str]:
    """A briefing's or a timeline's (`kind`) one heading and its small print ("" for none), in `lang`."""
    notes = [t(lang, "timeline_order")] if kind == "timeline" and answer.grounded else []
    if answer.language == "en" and answer.grounded:
        notes.append(t(lang, "quotes_in_chinese"))
    return t(lang, f"{kind}_title", topic=topic), "; ".join(notes)
