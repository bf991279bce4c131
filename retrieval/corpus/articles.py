"""Articles -> passages, and the files read for ingest: `read_document`, `collect_files`. The page
parser is retrieval/corpus/pages.py (its names are importable from here too)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from retrieval.corpus.pages import (  # noqa: F401  (re-exported)
    SUPPORTED_SUFFIXES,
    Article,
    Paragraph,
    UnreadableFile,
    parse_date,
    parse_front_matter,
    parse_page,
)
from retrieval.corpus.passages import HARD_PASSAGE_CHARS, MAX_PASSAGE_CHARS, split_paragraph
from retrieval.errors import InputError
from retrieval.lexicon.gazetteer import districts_in
from retrieval.models import Passage
from retrieval.text.dates import stated_day
from retrieval.text.injection import flagged
from retrieval.text.normalise import clean, normalise

_READ = ".txt, .md and .html"


def passage_id(text: str, source: str) -> str:
    """A stable id: the hash of the normalised content and its source."""
    return hashlib.sha1(f"{source}\n{normalise(text)}".encode("utf-8")).hexdigest()[:16]


def to_passages(articles: list[Article], max_chars: int = HARD_PASSAGE_CHARS) -> list[Passage]:
    """Flatten articles into passages numbered by position within their source; long paragraphs split,
    no passage longer than `max_chars`."""
    out: list[Passage] = []
    seen: set[str] = set()
    for article in articles:
        # A long paragraph (a feed with no breaks) becomes several passages of whole sentences.
        pieces = [(piece, p) for p in article.paragraphs for piece in split_paragraph(clean(p.text), MAX_PASSAGE_CHARS, max_chars)]
        for text, paragraph in pieces:
            if len(text) < 4:
                continue
            pid = passage_id(text, article.source)
            if pid in seen:  # the same paragraph printed twice on a page is one passage
                continue
            seen.add(pid)
            out.append(
                Passage(
                    id=pid,
                    text=text,
                    title=article.title,
                    section=paragraph.section,
                    source=article.source,
                    position=len(out),
                    kind=paragraph.kind,  # type: ignore[arg-type]
                    districts=districts_in(f"{article.title} {paragraph.section} {text}"),
                    # An undated article's paragraph keeps the day it opens with ("2020年10月5日，…").
                    date=article.date or stated_day(text),
                    url=article.url,
                    publication=article.publication,
                    instructions=flagged(text),
                )
            )
    return out


@dataclass(frozen=True)
class Document:
    """One file as read for ingest: its identity, where it is, a hash of what was read, its passages."""

    doc: str
    path: Path
    digest: str
    passages: list[Passage]


# Part of every document's digest: bump it when parsing changes, so unchanged files are re-read.
PARSER_VERSION = "4"  # 3: passages flagged for instruction-like text; 4: a passage has a hard length cap


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is fine); UnreadableFile for binary or other encodings."""
    if b"\x00" in raw[:8192]:
        raise UnreadableFile("binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"not UTF-8 text (undecodable byte at offset {exc.start}); convert it first, e.g. iconv -f GBK -t UTF-8"
        ) from None


# A newspaper page is 5-50 kB; a file far past that is a feed dump or a mistake, and embedding it
# would hold every later ingest for hours. Settings.max_file_bytes (CQNEWS_MAX_FILE_BYTES).
MAX_FILE_BYTES = 1_000_000


def read_document(
    path: Path, publication: str = "", max_bytes: int = MAX_FILE_BYTES, max_passage_chars: int = HARD_PASSAGE_CHARS
) -> Document:
    """Read one .txt/.md/.html file for ingest; `publication` applies when front matter names none.

    Raises UnreadableFile naming the file when it cannot be read, decoded or parsed, or is over `max_bytes`.
    """
    resolved = path.resolve()
    try:
        size = resolved.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(
                f"{size:,} bytes, over the limit of {max_bytes:,} (CQNEWS_MAX_FILE_BYTES); split it into articles first"
            )
        raw = resolved.read_bytes()
        if resolved.suffix.lower() in (".html", ".htm"):
            from retrieval.corpus.web import page_text  # trafilatura loads only when a page is read

            text = page_text(raw)
        else:
            text = decode(raw)
        meta, _ = parse_front_matter(text)
        articles = parse_page(text, resolved.name)
    except UnreadableFile as exc:
        raise UnreadableFile(f"{path}: {exc}") from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from None
    doc = meta.get("id") or meta.get("url") or str(resolved)
    digest = hashlib.sha1(f"{PARSER_VERSION}\n{publication}\n".encode() + raw).hexdigest()
    # Ids hash the article's identity with the text: the same paragraph in two files is two passages.
    passages = [
        replace(p, id=passage_id(p.text, doc), doc=doc, path=str(resolved), publication=p.publication or publication)
        for p in to_passages(articles, max_passage_chars)
    ]
    return Document(doc=doc, path=resolved, digest=digest, passages=passages)


def read_passages(path: Path) -> list[Passage]:
    """Read and parse one .txt/.md file into passages (source = the file name)."""
    return read_document(path).passages


def collect_files(paths: list[Path], notes: list[str] | None = None) -> list[Path]:
    """Expand folders into their .txt/.md/.html files; reject other files with a clear message.

    A folder yields only regular files inside it: a symlink whose target lies outside the folder
    (a secret, /etc/passwd) is named in `notes` and skipped, as is a folder with nothing to read;
    when nothing at all is left to read because of that, InputError says which suffixes are read.
    """
    notes = notes if notes is not None else []
    out: list[Path] = []
    empty: list[str] = []
    for path in paths:
        if path.is_dir():
            found = _files_in(path, notes)
            if not found and notes and notes[-1].endswith(" files are read"):
                empty.append(notes[-1])
            out.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise InputError(f"{path}: only {_READ} files can be ingested")
            out.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    if not out and empty:
        raise InputError(empty[0])
    return out


def _files_in(folder: Path, notes: list[str]) -> list[Path]:
    """The .txt/.md/.html regular files under `folder`, symlinks followed only to targets inside it."""
    root = folder.resolve()
    found: list[Path] = []
    others: dict[str, int] = {}
    for top, dirs, names in os.walk(folder, followlinks=False):
        here = Path(top)
        for name in list(dirs):
            if (here / name).is_symlink() and not _inside(here / name, root):
                notes.append(f"{here / name}: a link to a folder outside {folder}; skipped")
        for name in names:
            path = here / name
            suffix = path.suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                others[suffix or name] = others.get(suffix or name, 0) + 1
                continue
            if path.is_symlink() and not _inside(path, root):
                notes.append(f"{path}: a link to a file outside {folder}; skipped")
            elif path.is_file():  # not a fifo, socket or dangling link
                found.append(path)
    if not found and others:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(others.items()))
        notes.append(f"{folder}: no .txt, .md or .html files ({kinds}); only {', '.join(SUPPORTED_SUFFIXES)} files are read")
    return sorted(found)


def _inside(path: Path, root: Path) -> bool:
    target = path.resolve()
    return target == root or root in target.parents
