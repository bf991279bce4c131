"""Chroma's side of the index: the client (embedded or server), and passages as Chroma stores them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import chromadb
from chromadb.api.client import Client as ChromaClient
from chromadb.config import Settings as ChromaSettings
from filelock import FileLock

from retrieval.errors import ChromaUnreachable
from retrieval.index.faults import where
from retrieval.models import Passage
from retrieval.settings import Settings

log = logging.getLogger(__name__)


def metadata(passage: Passage, digest: str) -> dict:
    return {
        "title": passage.title,
        "section": passage.section,
        "source": passage.source,
        "position": passage.position,
        "kind": passage.kind,
        "districts": "|".join(passage.districts),
        "date": passage.date,
        "url": passage.url,
        "publication": passage.publication,
        "doc": passage.doc,
        "path": passage.path,
        "hash": digest,
        "instructions": passage.instructions,
    }


def passage_of(pid: str, text: str, meta: dict) -> Passage:
    return Passage(
        id=pid,
        text=text,
        title=meta.get("title", ""),
        section=meta.get("section", ""),
        source=meta.get("source", ""),
        position=int(meta.get("position", 0)),
        kind=meta.get("kind", "paragraph"),
        districts=tuple(d for d in meta.get("districts", "").split("|") if d),
        date=meta.get("date", ""),
        url=meta.get("url", ""),
        publication=meta.get("publication", ""),
        doc=meta.get("doc", ""),
        path=meta.get("path", ""),
        instructions=bool(meta.get("instructions", False)),
    )


PAGE = 20_000  # rows per whole-collection read: one unpaged get fails near 90k passages ("too many SQL variables")


def read_all(collection, include: list[str]) -> dict:
    """Every id (and the `include` fields) of the collection, read in pages."""
    out: dict[str, list] = {"ids": [], **{field: [] for field in include}}
    offset = 0
    while True:
        got = collection.get(include=include, limit=PAGE, offset=offset)
        for key in out:
            out[key] += list(got[key] or [])
        if len(got["ids"]) < PAGE:
            return out
        offset += PAGE


def in_order(passages: list[Passage]) -> list[Passage]:
    """Articles in a stable order, each article's passages together and in reading order."""
    return sorted(passages, key=lambda p: (p.doc, p.source, p.position))


@contextmanager
def opening(settings: Settings) -> Iterator[None]:
    """Processes opening the same embedded index take turns: Chroma's first open creates its files."""
    if settings.server_mode:
        yield
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(settings.data_dir / "open.lock", thread_local=False, preserve_lock_file=True):
        yield


def forget_systems() -> None:
    """Drop Chroma's cached Systems, so the next embedded client opens its files afresh.

    Clients already open keep the System they hold (a search in flight goes on)."""
    ChromaClient.clear_system_cache()


def client(settings: Settings):
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.server_mode:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        # Chroma shares one System per path within a process, and a System's vector index does not
        # see later writes by other processes (or Systems): every open starts from the files.
        forget_systems()
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as exc:
        if settings.server_mode:  # HttpClient checks the server at once: any failure here means it is away
            raise ChromaUnreachable(f"cannot reach {where(settings)} ({type(exc).__name__}); is it running?") from exc
        raise
