"""How an answer's quotes are presented, the same rules for every output (Telegram and the command line).

A briefing and a timeline have one heading naming the topic, worded here (`heading`), not by the library;
so are a refusal's reason (`Answer.refusal`), an answer's notice (`Answer.notice`) and a dated answer's
heading and the label before each of its lines (`Answer.heading`, `Answer.labels`), from bot/i18n.py.

Where it says they come from: an answer that quotes the articles (`Answer.attribution`) opens with
one line naming the publication and the headline its quotes share, in the answer's language.

One quote, one place: the answer's body carries the sentences and their [n] markers. A quote the
body already shows word for word (extractive answers quote the articles) is not repeated in the
sources block; a quote the body does not show (an LLM answer that paraphrases) is shown there, once.
"""

from __future__ import annotations

from bot.i18n import Lang, t
from retrieval.models import Answer, Label
from retrieval.text.language import ENGLISH_PUBLICATIONS
from retrieval.text.sentences import cited


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


def said(answer: Answer) -> str:
    """What the answer says: its cited lines, or for a refusal why, in the answer's language."""
    why, lang = answer.refusal, answer.language
    if answer.text or why is None:
        return labelled(answer)
    if why.kind == "not_found":
        return t(lang, "refused_period", period=why.period) if why.period else t(lang, "refused")
    if why.kind in ("not_covered", "no_events"):
        return t(lang, f"refused_{why.kind}", topic=why.subject)
    if why.kind == "not_on_day":
        nearest = ("和" if lang == "zh" else " and ").join(f"{day}[{i}]" for i, day in enumerate(why.nearest, 1))
        return t(lang, "refused_not_on_day", period=_day_asked(why.period, why.day, lang), nearest=nearest)
    asked = t(lang, "partial_verb", verb=why.verb) if why.verb else t(lang, f"partial_{why.asked or 'any'}")
    return t(lang, "refused_partial", subject=why.named or why.subject, asked=asked)


def labelled(answer: Answer) -> str:
    """The answer's cited lines as shown: a dated answer's under its heading, each led by its label."""
    return "\n".join(shown for _, shown in lines(answer))


def lines(answer: Answer) -> list[tuple[str, str]]:
    """Each line of the answer's text beside the line as shown: a dated answer's cited lines led by their
    labels, under its heading."""
    if not (answer.labels or answer.heading):
        return [(line, line) for line in answer.text.split("\n")]
    out, labels = [], iter(answer.labels)
    for line in answer.text.split("\n"):
        label = next(labels, None) if cited(line) else None
        out.append((line, _label(label, answer.language) + line if label else line))
    if answer.heading is not None:  # the line above them, paired with no line of the text
        out.insert(0, ("", t(answer.language, f"heading_{answer.heading.kind}", first=answer.heading.first)))
    return out


def _label(label: Label, lang: Lang) -> str:
    """What leads a dated line: "截至2025-03-06（最新报道）：", "Earlier (2024-11-02): ", "2021-02-12 《…》："."""
    day = label.date if label.date else t(lang, "date_unknown")
    if label.kind == "timeline":
        return t(lang, "label_timeline", day=day, headline=f"《{label.title}》" if label.title else "")
    if label.kind == "placed" and label.name:
        return t(lang, "label_placed", day=day, name=label.name)
    return t(lang, f"label_{'day' if label.kind == 'placed' else label.kind}", day=day)


def _day_asked(label: str, day: str, lang: Lang) -> str:
    """The day a question asked for: its words, with the date unless they are the date ("2021年5月1日")."""
    year, month, date = (int(part) for part in day.split("-"))
    if label.replace(" ", "") == f"{year}年{month}月{date}日":
        return label
    return f"{label}（{day}）" if lang == "zh" else f"{label} ({day})"


def notice_line(answer: Answer) -> str:
    """The answer's notice in its language ("" for none): the model could not answer, or its reply was cut."""
    return t(answer.language, f"notice_{answer.notice}") if answer.notice else ""


def quote_in_body(answer: Answer, quote: str) -> bool:
    """Whether the answer's text already shows `quote` word for word."""
    return " ".join(quote.split()) in " ".join(answer.text.split())


def body(answer: Answer) -> str:
    """The answer's text as a reader sees it: its attribution line, then what it says."""
    line = attribution_line(answer)
    return f"{line}\n{said(answer)}" if line else said(answer)


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
