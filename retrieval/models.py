"""The values that cross module boundaries: passages, citations, answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

PassageKind = Literal["paragraph", "caption"]


def where(title: str, section: str, source: str, date: str = "") -> str:
    """Where a passage came from, in words a reader understands: 《headline》 · sub-head · date."""
    parts = [f"《{title}》" if title else source]
    if section and section != title:
        parts.append(section)
    if date:
        parts.append(date)
    return " · ".join(parts)


@dataclass(frozen=True)
class Passage:
    """One paragraph of an article, as indexed and as returned by search."""

    id: str
    text: str
    title: str
    section: str
    source: str
    position: int
    kind: PassageKind = "paragraph"
    districts: tuple[str, ...] = ()
    date: str = ""
    url: str = ""
    publication: str = ""  # the newspaper or site it was published in; empty when unknown
    score: float = 0.0
    doc: str = ""  # the article file's identity: front matter id:/url:, else its resolved path
    path: str = ""  # where the file was read from (resolved)
    # Holds instruction-like text or a link (retrieval/injection.py), flagged at ingest.
    instructions: bool = False

    def with_score(self, score: float) -> Passage:
        return replace(self, score=score)

    def where(self) -> str:
        """Where the passage came from, in words a reader understands."""
        return where(self.title, self.section, self.source, self.date)

    def to_json(self) -> dict:
        """The public JSON shape used by `cqnews search --json` and friends."""
        return {
            "id": self.id,
            "text": self.text,
            "title": self.title,
            "section": self.section,
            "source": self.source,
            "publication": self.publication,
            "date": self.date,
            "url": self.url,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class Citation:
    """A numbered pointer from answer text to the passage that supports it."""

    n: int
    passage_id: str
    quote: str
    title: str
    section: str
    source: str
    publication: str = ""
    date: str = ""
    url: str = ""

    @classmethod
    def of(cls, n: int, passage: Passage, quote: str) -> Citation:
        """Citation number `n` quoting `quote` from `passage`."""
        return cls(
            n=n, passage_id=passage.id, quote=quote, title=passage.title, section=passage.section,
            source=passage.source, publication=passage.publication, date=passage.date, url=passage.url,
        )

    def to_json(self) -> dict:
        return asdict(self)


AnswerMode = Literal["extractive", "llm"]


RefusalKind = Literal["not_found", "not_covered", "no_events", "not_on_day", "partial"]


@dataclass(frozen=True)
class Refusal:
    """Why an answer is a refusal, as data the renderers word (bot/quotes.py):
    not_found: the articles do not say (for `period`, its label, when the question was held to one);
    not_covered / no_events: a briefing's / a timeline's `subject` has no passage / no dated event;
    not_on_day: nothing on `day` (`period` its label), `nearest` the dates of the nearest items, listed first;
    partial: the articles name `subject` (`named` as the question spells it) in the cited passage but give no
    `asked` value (amount, money, date, person, org, place, or ""; `verb` the question's own, "投资了")."""

    kind: RefusalKind = "not_found"
    subject: str = ""
    asked: str = ""
    named: str = ""
    verb: str = ""
    period: str = ""
    day: str = ""
    nearest: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attribution:
    """Where an answer's quotes come from, for the reader: the publication and the headline all of
    them share ("" where they differ or are unknown). Renderers say it in the reader's words."""

    publication: str = ""
    title: str = ""

    @classmethod
    def of(cls, passages: Sequence[Passage]) -> Attribution:
        titles = list(dict.fromkeys(p.title for p in passages if p.title))
        publications = {p.publication for p in passages}
        return cls(
            publication=next(iter(publications)) if len(publications) == 1 else "",
            title=titles[0] if len(titles) == 1 else "",
        )


LabelKind = Literal["latest", "earlier", "day", "timeline", "placed"]


@dataclass(frozen=True)
class Label:
    """What leads one cited line of a dated answer, as data the renderers word (bot/quotes.py):
    latest / earlier: the newest report / an older one; day: what changed, by date; timeline: with its
    `title`; placed: on the day of an event, or which came first (`name` the event the line reports).
    `date` is the article date of the line's first citation ("" when undated)."""

    kind: LabelKind
    date: str = ""
    title: str = ""
    name: str = ""


@dataclass(frozen=True)
class Heading:
    """The line above a dated answer's lines: changes (by date, oldest first) or order (`first` came first)."""

    kind: Literal["changes", "order"]
    first: str = ""


NoticeKind = Literal["", "fallback", "cut"]  # the model could not answer (quotes shown instead) / its reply was cut


@dataclass(frozen=True)
class Answer:
    """An answer whose `[n]` markers refer to `citations`; `passages` are what it was given. The text is
    what the articles say, cited ("" for a refusal); why it refuses, its notice, period, attribution and a dated
    answer's labels and heading are kinds and data that the renderers word (bot/quotes.py)."""

    question: str
    text: str
    grounded: bool
    mode: AnswerMode
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()
    notice: NoticeKind = ""
    language: Literal["zh", "en"] = "zh"
    timings_ms: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)  # what the citation check did (citations.Checks.to_json)
    partial: bool = False  # a checked answer still growing; a final one follows
    # Set when the text is the articles' own sentences, quoted: the reader is told where from.
    attribution: Attribution | None = None
    refusal: Refusal | None = None  # on a refusal: why, and what its words need
    # The period a named or relative time resolved to, when it shaped the answer ({"label", "start", "end"}).
    period: dict | None = None
    labels: tuple[Label, ...] = ()  # a dated answer's: one for each cited line of `text`, in order
    heading: Heading | None = None  # a dated answer's line above its lines

    def to_json(self) -> dict:
        return {
            "refusal": asdict(self.refusal) if self.refusal else None,
            "question": self.question,
            "period": self.period,
            "answer": self.text,
            "grounded": self.grounded,
            "mode": self.mode,
            "notice": self.notice,
            "attribution": asdict(self.attribution) if self.attribution else None,
            "labels": [asdict(label) for label in self.labels],
            "heading": asdict(self.heading) if self.heading else None,
            "checks": self.checks,
            "citations": [c.to_json() for c in self.citations],
            "passages": [p.to_json() for p in self.passages],
        }


@dataclass(frozen=True)
class SourceInfo:
    """One indexed file: its articles' headlines and how many passages it gave."""

    source: str
    titles: tuple[str, ...]
    passages: int
    date: str = ""
    doc: str = ""
    path: str = ""
    publication: str = ""
    url: str = ""

    def to_json(self) -> dict:
        """The shape printed by `cqnews sources --json`."""
        return {
            "path": self.path, "id": self.doc, "file": self.source, "titles": list(self.titles),
            "publication": self.publication, "date": self.date, "url": self.url, "passages": self.passages,
        }
