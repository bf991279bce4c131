"""Newspaper page text -> articles -> labelled paragraphs, repairing OCR-style breaks; front matter read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

from retrieval.errors import InputError
from retrieval.lexicon.tokens import joins_a_word
from retrieval.text.sentences import CLOSERS, SENTENCE_END

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")  # a web page is one article (retrieval/corpus/web.py)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n?^---[ \t]*(\n|\Z)", re.S | re.M)
_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\n")
_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*$")
# 2024-01-02, 2024/1/2, 2024.01.02, 2024年1月2日, 24-01-02 or a yearless 1-2 / 1月2日 (as news sites
# print them), optionally followed by a time.
_DATE_FORMS = re.compile(
    r"^(?:(\d{4}|\d{2})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(:\d{2})?.*)?$"
)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BYLINE = re.compile(r"^(□|■)|^(新重庆-)?(重庆日报|本报)?(首席)?记者\s*\S+(\s+\S+)?$|^通讯员")
_CREDIT = re.compile(r"摄(影报道)?/|/视觉重庆|供图|图片由.*提供|^特约摄影|^记者\s*\S+\s*摄")
_SOURCE_NOTE = re.compile(r"^据《[^》]+》$|^[（(]作者系.*[)）]$")
# A run of 2–3 character names separated by spaces: the credits under a page.
_NAME_LIST = re.compile(r"^[\u4e00-\u9fff]{2,3}(\s+[\u4e00-\u9fff]{2,3}){1,5}$")
# "市人大代表、沙坪坝区委书记 唐小平": a label followed by a name, complete in itself.
_LABEL_NAME = re.compile(r"\s[\u4e00-\u9fff]{2,3}$")
_WIRE_START = re.compile(r"^(本报讯|重庆日报讯|新华社)")
_DATE_START = re.compile(r"^\d{1,2}月\d{1,2}日[,，]")


@dataclass
class Paragraph:
    """One paragraph of body text or a photo caption, with the sub-head it sits under."""

    text: str
    section: str = ""
    kind: str = "paragraph"


@dataclass
class Article:
    """An article: headline, its paragraphs, and where it came from."""

    title: str
    source: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    date: str = ""
    url: str = ""
    publication: str = ""


@dataclass
class _Line:
    text: str
    gap_before: int  # blank lines before this one


class UnreadableFile(InputError):
    """A file that cannot be ingested; the message says why in one line."""


def parse_date(value: str) -> str:
    """A front matter date as YYYY-MM-DD (MM-DD when the year is not given); UnreadableFile otherwise."""
    match = _DATE_FORMS.match(value.strip())
    try:
        if not match:
            raise ValueError(value)
        year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
        if year is None:
            Date(2000, month, day)  # a leap year, so 2-29 is accepted
            return f"{month:02d}-{day:02d}"
        return Date(int(year) + (2000 if len(year) == 2 else 0), month, day).isoformat()
    except ValueError:
        raise UnreadableFile(f"date: {value!r} is not a date (write it as YYYY-MM-DD)") from None


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split optional `---` front matter (title, date, source, url, id) from the body.

    Raises UnreadableFile on a block that is never closed, a line that is not `key: value`,
    or a date that is not a date.
    """
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        if _FRONT_MATTER_OPEN.match(text):
            raise UnreadableFile("front matter opened with --- on line 1 is never closed with ---")
        return {}, text
    meta = {}
    for number, line in enumerate(match.group(1).splitlines(), 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not _FRONT_MATTER_KEY.match(key.strip()):
            raise UnreadableFile(f"front matter line {number} is not `key: value`: {line.strip()[:40]!r}")
        meta[key.strip().lower()] = value.strip().strip("\"'")
    if meta.get("date"):
        meta["date"] = parse_date(meta["date"])
    return meta, text[match.end():]


def _lines(text: str) -> list[_Line]:
    out, gap = [], 0
    for raw in text.splitlines():
        line = raw.strip().strip("\u3000")
        if not line:
            gap += 1
            continue
        out.append(_Line(line, gap))
        gap = 0
    return out


def _is_complete(text: str) -> bool:
    """The line ends a sentence (a closing quote or bracket only counts after punctuation inside)."""
    if text.endswith(tuple(SENTENCE_END)):
        return True
    if text.endswith(tuple(CLOSERS)):
        return len(text) > 25 or any(mark in text for mark in "，,。；;")
    return bool(_LABEL_NAME.search(text))


_PAIRS = {"》": "《", "」": "「", "』": "『", "）": "（", ")": "("}


def _starts_mid_sentence(text: str) -> bool:
    """The text closes a bracket it never opened ("…展实施方案》为依据"): the tail of a sentence begun elsewhere."""
    for i, char in enumerate(text[:40]):
        if char in _PAIRS:
            return _PAIRS[char] not in text[:i]
    return False


def _is_body(text: str) -> bool:
    """Body text (as opposed to a headline): punctuated or long."""
    if text.endswith("——"):  # a kicker leading into the headline below it
        return False
    return _is_complete(text) or len(text) > 40 or any(mark in text for mark in ",，;；")


class _PageParser:
    """Walks the lines of one page once, keeping the state of the article being read."""

    def __init__(self, source: str, meta: dict[str, str]):
        self.source = source
        self.meta = meta
        self.articles: list[Article] = []
        self.heading: list[str] = []  # headline/sub-head lines seen since the last paragraph
        self.heading_breaks: set[int] = set()  # indexes in `heading` that follow a blank line
        self.queued_titles: list[str] = []  # banner headlines of wire stories further down the page
        self.held: list[str] = []  # headline-like lines seen while a paragraph was broken off
        self.section = ""
        self.pending: Paragraph | None = None  # a paragraph broken mid-sentence, awaiting its continuation
        self.ended = True  # the previous article closed (credits, source note)
        self.listing: Paragraph | None = None  # "访谈嘉宾:" followed by one name per line

    # -- articles and paragraphs -------------------------------------------------
    def _article(self) -> Article:
        if not self.articles:
            self._start(self.meta.get("title", ""))
        return self.articles[-1]

    def _start(self, title: str) -> None:
        self._flush()
        self.articles.append(
            Article(
                title=title,
                source=self.source,
                date=self.meta.get("date", ""),
                url=self.meta.get("url", ""),
                publication=self.meta.get("source", ""),
            )
        )
        self.section = ""
        self.ended = False

    def _emit(self, paragraph: Paragraph) -> None:
        self._article().paragraphs.append(paragraph)

    def _flush(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self._emit(pending)
        for caption in self.held:
            self._emit(Paragraph(caption, self.section, "caption"))
        self.held = []

    def _take_heading(self, next_text: str) -> None:
        """Decide whether the heading lines just read open a new article or a new section."""
        lines, self.heading = self.heading, []
        breaks, self.heading_breaks = self.heading_breaks, set()
        if not lines:
            return
        text = " ".join(lines)
        # A banner of several headlines (blank-separated groups of two lines or more) at the top
        # of a page: the first is this article's, the rest belong to wire stories below it.
        groups: list[list[str]] = []
        for i, line in enumerate(lines):
            if i == 0 or i in breaks:
                groups.append([])
            groups[-1].append(line)
        headlines = [" ".join(g) for g in groups if len(g) >= 2]
        if len(headlines) > 1:
            text, self.queued_titles = headlines[0], headlines[1:]
        new_article = (
            not self.articles
            or self.ended
            # A sub-head is followed by a fresh paragraph; a story continued from another column is not.
            or _starts_mid_sentence(next_text)
            or _WIRE_START.match(next_text) is not None
            or _DATE_START.match(next_text) is not None
        )
        if new_article:
            self._start(text)
            if not self.articles[-1].title:
                self.articles[-1].title = text
        else:
            self._flush()
            self.section = text

    # -- the walk -------------------------------------------------------------------
    def feed(self, lines: list[_Line]) -> list[Article]:
        for index, line in enumerate(lines):
            text = line.text
            following = lines[index + 1] if index + 1 < len(lines) else None
            md = _MD_HEADING.match(text)
            if md:
                level, title = len(md.group(1)), md.group(2).strip()
                if level <= 2:
                    self.heading = []
                    self._start(title)
                else:
                    self._flush()
                    self.section = title
                continue
            if _SOURCE_NOTE.match(text) or _NAME_LIST.match(text):
                self._flush()
                self.ended = True
                continue
            if _CREDIT.search(text) and not any(mark in text for mark in "。，,"):
                if self.heading and line.gap_before == 0:
                    self.held.extend(self.heading)
                    self.heading = []
                continue
            if self.listing is not None:
                if len(text) <= 30 and (_LABEL_NAME.search(text) or _BYLINE.match(text)):
                    self.listing.text += ("；" if not self.listing.text.endswith(("：", ":")) else " ") + text
                    continue
                self.listing = None
            if _BYLINE.match(text) and len(text) <= 30:
                continue
            if following is not None and following.gap_before == 0 and _CREDIT.search(following.text):
                # A paragraph set directly above a photo credit is the photo's caption.
                if self.pending is not None:
                    self.held.append(text)
                else:
                    self._caption(text)
                continue
            headline_of_wire = following is not None and _WIRE_START.match(following.text) and not text.endswith(tuple(SENTENCE_END))
            if headline_of_wire or (not _is_body(text) and not self._continues(text, following)):
                if self.pending is not None:
                    self.held.append(text)
                else:
                    if self.heading and line.gap_before:
                        self.heading_breaks.add(len(self.heading))
                    self.heading.append(text)
                continue
            self._body(text)
        self._flush()
        return [article for article in self.articles if article.paragraphs]

    def _caption(self, text: str) -> None:
        self._flush()
        self._take_heading(text)
        self._emit(Paragraph(text, self.section, "caption"))

    def _continues(self, text: str, following: _Line | None) -> bool:
        """A short unpunctuated line that is really the start of a paragraph broken mid-word."""
        return (
            self.pending is None
            and not self.heading
            and following is not None
            and _is_body(following.text)
            and joins_a_word(text, following.text)
        )

    def _body(self, text: str) -> None:
        if self.pending is not None and not _WIRE_START.match(text):
            self.pending.text += text
            paragraph = self.pending
            self.pending = None
            for caption in self.held:
                self._emit(Paragraph(caption, self.section, "caption"))
            self.held = []
        else:
            self._flush()
            if _WIRE_START.match(text) and not self.heading and self.articles:
                # A new wire story whose headline sat in the page banner: same page, new article.
                self._start(self.queued_titles.pop(0) if self.queued_titles else self.articles[-1].title)
            self._take_heading(text)
            paragraph = Paragraph(text, self.section)
            self._article()
        if text.endswith((":", "：")) and len(text) <= 10:
            self.listing = paragraph
        if _is_complete(paragraph.text):
            self._emit(paragraph)
        else:
            self.pending = paragraph


def _one_article(source: str, meta: dict[str, str], body: str) -> list[Article]:
    """`layout: article`: the file is one article, each line a paragraph, `###` lines its sections
    (a web page's text, already whole: no newspaper-page repairs)."""
    article = Article(meta.get("title", ""), source, date=meta.get("date", ""), url=meta.get("url", ""),
                      publication=meta.get("source", ""))
    section = ""
    for line in _lines(body):
        heading = _MD_HEADING.match(line.text)
        if heading and len(heading.group(1)) <= 2 and not article.paragraphs and heading.group(2).strip() in (article.title, ""):
            article.title = article.title or heading.group(2).strip()
        elif heading:
            section = heading.group(2).strip()
        else:
            article.paragraphs.append(Paragraph(line.text, section))
    return [article] if article.paragraphs else []


def parse_page(text: str, source: str) -> list[Article]:
    """Parse one page (optionally with front matter) into articles with repaired paragraphs."""
    meta, body = parse_front_matter(text)
    if meta.get("layout") == "article":
        return _one_article(source, meta, body)
    articles = _PageParser(source, meta).feed(_lines(body))
    if meta.get("title") and articles and not articles[0].title:
        articles[0].title = meta["title"]
    return articles
