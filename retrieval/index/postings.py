"""The keyword file's layout and its postings: passages with their tokens, and BM25 postings per segment.

retrieval/index/keyword.py `KeywordIndex` reads and writes through these; a segment holds the postings of
the passages one write added, so a write costs what it adds and a merge what it merges.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from retrieval.lexicon.tokens import tokens
from retrieval.models import Passage

K1, B = 1.5, 0.75  # bm25s's defaults, as the previous index used them
EMPTY = "∅"  # a passage with no token still counts, as one token (as before)
SEP = "\x1f"
CHUNK = 5000  # ids per `IN (...)` query
# Segments are merged while the newer is at least half the older's size: merges cost O(log n) per passage.
MERGE_RATIO = 2
FIELDS = (
    "id", "text", "title", "section", "source", "position", "kind", "districts", "date", "url", "publication",
    "doc", "path", "instructions",
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS passages(
    row INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, title TEXT, section TEXT,
    source TEXT, position INTEGER, kind TEXT, districts TEXT, date TEXT, url TEXT, publication TEXT, doc TEXT,
    path TEXT, instructions INTEGER, hash TEXT NOT NULL DEFAULT '', length INTEGER NOT NULL, segment INTEGER NOT NULL, tokens TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passages_order ON passages(doc, source, position);
CREATE INDEX IF NOT EXISTS passages_date ON passages(date);
CREATE TABLE IF NOT EXISTS terms(token TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS postings(
    token TEXT NOT NULL, segment INTEGER NOT NULL, rows BLOB NOT NULL, tfs BLOB NOT NULL, lengths BLOB NOT NULL,
    PRIMARY KEY(token, segment)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segments(segment INTEGER PRIMARY KEY, size INTEGER NOT NULL, dead INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dead(row INTEGER PRIMARY KEY, segment INTEGER NOT NULL);
"""


def passage_tokens(passage: Passage) -> list[str]:
    """What BM25 indexes of a passage: its section and text."""
    return tokens(f"{passage.section} {passage.text}") or [EMPTY]


def idf(df: int, count: int) -> np.float32:
    return np.float32(math.log(1 + (count - df + 0.5) / (df + 0.5)))


def row_passage(row: sqlite3.Row | tuple) -> Passage:
    values = dict(zip(FIELDS, row, strict=False))
    values["districts"] = tuple(d for d in (values["districts"] or "").split("|") if d)
    values["instructions"] = bool(values["instructions"])
    values["position"] = int(values["position"] or 0)
    return Passage(**{k: ("" if v is None else v) for k, v in values.items()})


def values_of(passage: Passage) -> tuple:
    return (
        passage.id, passage.text, passage.title, passage.section, passage.source, passage.position, passage.kind,
        "|".join(passage.districts), passage.date, passage.url, passage.publication, passage.doc, passage.path,
        int(passage.instructions),
    )


@dataclass
class Postings:
    rows: np.ndarray
    tfs: np.ndarray
    lengths: np.ndarray


def joined(parts: list[tuple[bytes, bytes, bytes]]) -> Postings:
    """One token's postings from its segments, as arrays."""
    return Postings(
        np.concatenate([np.frombuffer(r, dtype=np.int64) for r, _, _ in parts]),
        np.concatenate([np.frombuffer(t, dtype=np.int32) for _, t, _ in parts]),
        np.concatenate([np.frombuffer(n, dtype=np.int32) for _, _, n in parts]),
    )



def stored_texts(db: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update((pid, (section or "", text)) for pid, section, text in db.execute(
            f"SELECT id, section, text FROM passages WHERE id IN ({marks})", chunk
        ))
    return found

def remove_rows(db: sqlite3.Connection, ids: list[str], df: Counter[str]) -> tuple[int, int]:
    count = length = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT row, segment, length, tokens FROM passages WHERE id IN ({marks})", chunk).fetchall()
        for row, segment, size, toks in rows:
            df.subtract(set(toks.split(SEP)))
            count += 1
            length += size
            db.execute("INSERT OR REPLACE INTO dead(row, segment) VALUES (?, ?)", (row, segment))
            db.execute("UPDATE segments SET dead = dead + 1 WHERE segment=?", (segment,))
        db.execute(f"DELETE FROM passages WHERE id IN ({marks})", chunk)
    return count, length

def add_rows(db: sqlite3.Connection, passages: list[Passage], df: Counter[str], hashes: dict[str, str]) -> tuple[int, int]:
    if not passages:
        return 0, 0
    segment = (db.execute("SELECT max(segment) FROM segments").fetchone()[0] or 0) + 1
    postings: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    length = 0
    for passage in passages:
        toks = passage_tokens(passage)
        cursor = db.execute(
            f"INSERT INTO passages({','.join(FIELDS)}, hash, length, segment, tokens) VALUES ({','.join('?' * (len(FIELDS) + 4))})",
            (*values_of(passage), hashes.get(passage.id, ""), len(toks), segment, SEP.join(toks)),
        )
        row = cursor.lastrowid
        counts = Counter(toks)
        df.update(counts.keys())
        for tok, tf in counts.items():
            postings[tok].append((row, tf, len(toks)))
        length += len(toks)
    write_segment(db, segment, postings)
    db.execute("INSERT INTO segments(segment, size, dead) VALUES (?, ?, 0)", (segment, len(passages)))
    return len(passages), length

def write_segment(db: sqlite3.Connection, segment: int, postings: dict[str, list[tuple[int, int, int]]]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO postings(token, segment, rows, tfs, lengths) VALUES (?, ?, ?, ?, ?)",
        (
            (
                tok,
                segment,
                np.asarray([r for r, _, _ in items], dtype=np.int64).tobytes(),
                np.asarray([t for _, t, _ in items], dtype=np.int32).tobytes(),
                np.asarray([n for _, _, n in items], dtype=np.int32).tobytes(),
            )
            for tok, items in postings.items()
        ),
    )


def to_merge(segments: list[tuple[int, int, int]]) -> list[int]:
    """The segments to merge next: the two newest when comparable in size, or one that is mostly dead."""
    for segment, size, dead in segments:
        if dead and dead * 2 >= size:
            return [segment]
    if len(segments) >= 2:
        (older, older_size, older_dead), (newer, newer_size, newer_dead) = segments[-2], segments[-1]
        if (older_size - older_dead) <= MERGE_RATIO * (newer_size - newer_dead):
            return [older, newer]
    return []


def merge_segments(db: sqlite3.Connection, chosen: list[int]) -> None:
    """Rewrite `chosen` as one segment (the first's number) without their dead rows."""
    marks = ",".join("?" * len(chosen))
    dead = np.fromiter((r for (r,) in db.execute(f"SELECT row FROM dead WHERE segment IN ({marks})", chosen)), dtype=np.int64)
    target = chosen[0]
    merged: dict[str, list[tuple[bytes, bytes, bytes]]] = defaultdict(list)
    for tok, rows, tfs, lengths in db.execute(
        f"SELECT token, rows, tfs, lengths FROM postings WHERE segment IN ({marks})", chosen
    ):
        merged[tok].append((rows, tfs, lengths))
    db.execute(f"DELETE FROM postings WHERE segment IN ({marks})", chosen)
    out = []
    for tok, parts in merged.items():
        postings = joined(parts)
        keep = ~np.isin(postings.rows, dead) if len(dead) else slice(None)
        rows = postings.rows[keep]
        if len(rows):
            out.append((tok, target, rows.tobytes(), postings.tfs[keep].tobytes(), postings.lengths[keep].tobytes()))
    db.executemany("INSERT INTO postings(token, segment, rows, tfs, lengths) VALUES (?, ?, ?, ?, ?)", out)
    live = db.execute(f"SELECT count(*) FROM passages WHERE segment IN ({marks})", chosen).fetchone()[0]
    db.execute(f"UPDATE passages SET segment=? WHERE segment IN ({marks})", (target, *chosen))
    db.execute(f"DELETE FROM dead WHERE segment IN ({marks})", chosen)
    db.execute(f"DELETE FROM segments WHERE segment IN ({marks})", chosen)
    db.execute("INSERT INTO segments(segment, size, dead) VALUES (?, ?, 0)", (target, live))
