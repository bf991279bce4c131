"""Web pages -> one article each (trafilatura), written as a .md article (`layout: article`).

A page's body, headline, author, site name and canonical URL come from trafilatura, its date from the
dateline printed under the headline (htmldate reads no Chinese dates) or htmldate (markup and URL);
the result is front matter plus markdown (`WebPage.markdown()`), which `read_document` parses like any
.md file, so a saved .html file and a fetched page give the same passages.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache

from retrieval.corpus.pages import UnreadableFile, parse_date

HTML_SUFFIXES = (".html", ".htm")

# trafilatura logs the page's URL (a feed's token= may be in it) when it finds no text; the ingest
# says that itself, in one line, with credentials masked.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# A subhead trafilatura keeps (markdown #..######) becomes a section (###) of the one article.
_HEADING = re.compile(r"^#{1,6}\s+")
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"^#+\s*")
# trafilatura's markdown, read back as text: \~ is "~", ** and * are emphasis (a literal * comes escaped).
_MD_TOKEN = re.compile(r"\\([^\w\s]|_)|\*\*?")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*$")
# "（责任编辑：李明）", "责编：王晓", "来源：华龙网": the page's credits, not the article's words.
_CREDITS = re.compile(r"^[（(【\[]?\s*(责任编辑|责编|编辑|校对|审核|审校|监制|值班编辑|来源|稿源)\s*[：:][^。！？!?]*$")
# Encodings a Chinese page is in when it does not say (or says wrongly): UTF-8, then GBK's superset.
_FALLBACKS = ("utf-8", "gb18030", "big5")
_DATELINE = re.compile(r"((?:19|20)\d{2})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})")
_DATELINE_REACH = 200  # characters before the body (after the headline) a dateline is looked for in
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


@dataclass(frozen=True)
class WebPage:
    """One article extracted from a web page: its metadata and body as markdown paragraphs."""

    title: str
    body: str
    url: str = ""
    date: str = ""  # YYYY-MM-DD, or "" when the page gives none
    author: str = ""
    publication: str = ""

    def markdown(self) -> str:
        """Front matter and body, as a hand-written .md article would be (read back by read_document)."""
        meta = {"title": self.title, "date": self.date, "source": self.publication, "url": self.url, "author": self.author,
                "layout": "article"}
        front = "".join(f"{key}: {_one_line(value)}\n" for key, value in meta.items() if _one_line(value))
        heading = f"# {_one_line(self.title)}\n\n" if _one_line(self.title) else ""
        return f"---\n{front}---\n{heading}{self.body}\n"


def _one_line(value: str) -> str:
    # Front matter values are one line; quotes at either end would be stripped when read back.
    return _SPACE.sub(" ", value).strip().strip("\"'")


def _codec(name: str) -> str | None:
    import codecs

    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(raw: bytes, declared: str = "") -> str:
    """The page as text: strict UTF-8 first (a wrong label is common, UTF-8 by accident is not), then
    the charset the server declared, the page's <meta charset>, GB18030 and Big5; replacement as a last resort."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    meta = _META_CHARSET.search(raw[:4096])
    names = ["utf-8", declared, meta.group(1).decode("ascii", "ignore") if meta else "", *_FALLBACKS]
    for name in dict.fromkeys(filter(None, (_codec(n) for n in names if n))):
        try:
            return raw.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", errors="replace")


def _paragraphs(text: str, title: str = "") -> str:
    """trafilatura's markdown as plain paragraphs separated by blank lines, subheads as ### sections (the
    headline, when the body repeats it, left out)."""
    out = []
    for line in text.splitlines():
        bold = _BOLD_LINE.match(line.strip())
        if bold and len(bold.group(1)) <= 30 and not bold.group(1).endswith(("。", "！", "？", "!", "?")):
            line = "### " + bold.group(1)  # <p><strong>subhead</strong></p>, as Chinese news sites set subheads
        line = _MD_TOKEN.sub(lambda m: m.group(1) or "", line).strip()
        if not line or (len(line) <= 40 and _CREDITS.match(line)):
            continue
        if _HEADING.match(line):
            if not out and _one_line(_HEADING.sub("", line)) == title:
                continue
            line = "### " + _HEADING.sub("", line)
        out.append(line)
    return "\n\n".join(out)


def _meta_author(tree) -> str:
    """<meta name="author">, which trafilatura drops when it is one word (every Chinese name is)."""
    for value in tree.xpath('//head/meta[translate(@name,"AUTHOR","author")="author"]/@content'):
        if value.strip():
            return value.strip()
    return ""


@lru_cache(maxsize=1)
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    # 250 characters (trafilatura's default, set for European text) is a long paragraph in Chinese: a
    # short news item below it fell back to a cruder extraction that ran headline, dateline and body together.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "50")
    return config


def _day(found: str | None) -> str:
    if not found:
        return ""
    try:
        return parse_date(found)
    except UnreadableFile:
        return ""


def _dateline(page_text: str, title: str, body: str) -> tuple[str, bool]:
    """The day written between the headline and the body ("2023年5月6日 来源：…", "2023-05-06 07:30"),
    where Chinese news sites print it and htmldate does not read Chinese dates; and whether it was
    found there (True) or only somewhere just after the headline (False: the body was not found)."""
    # 40 characters: a lede that opens with the headline's words is still told from the headline.
    first = _SPACE.sub(" ", _MARKUP.sub("", body.split("\n", 1)[0])).strip()[:40]
    end = page_text.find(first) if first else -1
    if end < 0:
        begin = page_text.find(title) + len(title) if title and title in page_text else 0
        window, exact = page_text[begin : begin + _DATELINE_REACH], False
    else:
        begin = page_text.rfind(title, 0, end) if title else -1
        window, exact = page_text[max(begin + len(title) if begin >= 0 else 0, end - _DATELINE_REACH) : end], True
    for match in _DATELINE.finditer(window):
        try:
            return Date(int(match[1]), int(match[2]), int(match[3])).isoformat(), exact
        except ValueError:
            continue
    return "", False


def url_day(url: str) -> str:
    """The day a URL's path spells (/2023-05/06/, /20230506/), "" when none (htmldate's reading)."""
    from htmldate import find_date

    return _day(find_date("<html><body></body></html>", url=url, extensive_search=False, outputformat="%Y-%m-%d")) if url else ""


def extract_page(html: bytes | str, url: str = "", charset: str = "") -> WebPage:
    """The article in a web page; `url` is where it was fetched (the canonical link wins when the page has one).

    The date is the dateline between the headline and the body, else the page's markup's (meta tags,
    <time>, JSON-LD: htmldate), else the URL's, else "". Raises UnreadableFile when the page holds no
    article text.
    """
    import trafilatura
    from htmldate import find_date
    from trafilatura import load_html

    text = decode_html(html, charset) if isinstance(html, bytes) else html
    tree = load_html(text)
    if tree is None:
        raise UnreadableFile("not an HTML page")
    # Read before extraction prunes the tree.
    author = _meta_author(tree)
    page_text = _SPACE.sub(" ", " ".join(tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")))
    marked = _day(find_date(deepcopy(tree), extensive_search=False, original_date=True, outputformat="%Y-%m-%d"))
    found = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        # Its date is never read (ours is `marked` above): no extensive search, which tries every dateparser locale.
        date_extraction_params={"original_date": True, "extensive_search": False},
        config=_config(),
    )
    title = _one_line(found.title or "") if found is not None else ""
    body = _paragraphs(found.text or "", title) if found is not None else ""
    if not body:
        raise UnreadableFile("no article text found in the page")
    # The dateline under the headline first: htmldate, finding no date in the markup, takes one from
    # the text (a validity period in a notice, news-zh calibration); then the markup's, a looser
    # dateline, the URL's.
    dateline, exact = _dateline(page_text, title, body)
    return WebPage(
        title=title,
        body=body,
        url=found.url or url,
        date=(dateline if exact else "") or marked or dateline or url_day(found.url or url),
        author=_one_line(found.author or author),
        publication=_one_line(found.sitename or ""),
    )


def page_text(raw: bytes, url: str = "") -> str:
    """A saved .html file as the .md text read_document parses."""
    return extract_page(raw, url).markdown()
