"""Writing the index: ingest, remove, and bringing the keyword index in line with Chroma.

What an ingest changes, the lock and the manifest are decided in retrieval/index/ingest.py; `Writes` applies
the plan. Chroma is the truth: every passage's metadata names its article (`doc`: front matter id:/url:,
else the resolved path), the file it was read from and a hash of what was read. The keyword index
(data_dir/keyword) and the manifest (data_dir/ingested.json) are derived from it; the manifest also
records the intent of an ingest before Chroma is touched, so a killed run is finished by the next
one. One ingest at a time per data directory: a file lock (data_dir/ingest.lock).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from retrieval.corpus.articles import Document, UnreadableFile, collect_files, read_document
from retrieval.errors import CQNewsError
from retrieval.index.chroma import in_order, metadata, read_all
from retrieval.index.faults import told_apart
from retrieval.index.ingest import (
    BATCH,
    SEED_PUBLICATION,
    WRITE_BATCH,
    Change,
    IngestReport,
    Manifest,
    Notify,
    Progress,
    StoredArticle,
    plan,
)
from retrieval.index.keyword import KeywordIndex

log = logging.getLogger(__name__)


class Writes:
    """The writing half of `Index` (retrieval/index/store.py): ingest, remove, sync, apply."""

    # -- ingest -------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        notify: Notify | None = None,
    ) -> IngestReport:
        """Add or replace the articles in `paths` (files or folders; default: the seeds). Re-runnable.

        Unreadable files are named in `report.skipped` and left out; the rest are ingested.
        """
        refused: list[str] = []
        files = collect_files([Path(p) for p in (paths or [self.settings.seeds_dir])], refused)
        with told_apart(self.settings), self._ingest_lock, self.lock.hold(notify):
            self._catch_up()
            report = self._ingest(files, progress, rebuild, notify or log.info)
        report.notes[:0] = refused
        return report

    def remove(self, targets: Sequence[str], notify: Notify | None = None) -> IngestReport:
        """Remove articles (by path, or by their front matter id:/url:) from Chroma, the keyword index and the manifest."""
        with told_apart(self.settings), self._ingest_lock, self.lock.hold(notify):
            self._catch_up()
            found = self._articles()
            if found[1]:
                raise CQNewsError("the index was built by an older version: run `cqnews ingest` once first")
            stored, _ = self._sync(found, suspect=list(self.manifest.read().get("pending", {})))
            by_path: dict[str, list[str]] = defaultdict(list)
            for doc, item in stored.items():
                by_path[item.path].append(doc)
            changes, missing = {}, []
            for target in targets:
                docs = [target] if target in stored else by_path.get(str(Path(target).expanduser().resolve()), [])
                if not docs:  # a folder: every article under it
                    folder = str(Path(target).expanduser().resolve()) + os.sep
                    docs = [doc for path, found in by_path.items() if path.startswith(folder) for doc in found]
                if not docs:
                    missing.append(target)
                for doc in docs:
                    changes[doc] = Change(doc, delete=sorted(stored[doc].ids))
            if missing:
                raise CQNewsError(f"not in the index: {', '.join(missing)} (see `cqnews sources`)")
            report = IngestReport(articles_removed=len(changes), removed=sum(len(c.delete) for c in changes.values()))
            self._apply(list(changes.values()), stored, None, notify or log.info, report)
            return report

    def _sync(
        self, found: tuple[dict[str, StoredArticle], list[str]] | None = None, suspect: Sequence[str] = ()
    ) -> tuple[dict[str, StoredArticle], bool]:
        """Under the lock: what Chroma holds, per article, with the keyword index brought in line.

        Also True when passages from before articles had identities were found (and dropped: the
        caller re-reads their files). A keyword file recording Chroma's generation answers for it.
        `suspect`: articles an interrupted ingest was changing; their keyword rows are read again from Chroma.
        """
        trusted = self._trusted(self.keyword)
        stored, legacy = found or self._articles()
        if legacy:
            for start in range(0, len(legacy), WRITE_BATCH):
                self.collection.delete(ids=legacy[start : start + WRITE_BATCH])
            self.keyword.apply(remove=legacy)
            log.warning("dropped %d passages indexed by an older version; re-reading their files", len(legacy))
        ids = {pid for item in stored.values() for pid in item.ids}
        if not trusted and (self.keyword.folder is None or self.keyword.staged or self.keyword.ids() != ids):
            # A staged index here was left by a killed ingest (this process holds the lock now).
            self.keyword = self._in_line(ids)
        if suspect:
            ids = sorted({pid for doc in suspect if doc in stored for pid in stored[doc].ids})
            passages, hashes = self._from_chroma(ids)
            self.keyword.apply(remove=self.keyword.ids_of(suspect) - set(ids), upsert=passages, hashes=hashes)
        return stored, bool(legacy)

    def _articles(self) -> tuple[dict[str, StoredArticle], list[str]]:
        """Every article Chroma holds, from the keyword file when it matches Chroma (no whole-archive read)."""
        return self.keyword.articles() if self._trusted(self.keyword) else self._stored()

    def _in_line(self, ids: set[str]) -> KeywordIndex:
        """Under the lock: the keyword file holding exactly `ids`, or a copy in memory when it cannot be written."""
        local = self._local_keyword()
        return self._saved(local, ids) if local is not None else self._in_memory(ids)

    def _saved(self, local: KeywordIndex, ids: set[str]) -> KeywordIndex:
        """`local` brought in line with `ids`, or a copy in memory when the file cannot be written."""
        try:
            self._reconcile(local, ids)
            return local
        except (OSError, sqlite3.Error) as exc:  # a full disk: the file is only a cache, searching goes on
            log.warning("could not save the keyword index to %s (%s)", self.settings.keyword_dir, exc)
        return self._in_memory(ids)

    def _stored(self) -> tuple[dict[str, StoredArticle], list[str]]:
        got = read_all(self.collection, ["metadatas"])
        stored: dict[str, StoredArticle] = defaultdict(StoredArticle)
        legacy = []
        for pid, meta in zip(got["ids"], got["metadatas"], strict=True):
            meta = meta or {}
            doc = meta.get("doc")
            if not doc:
                legacy.append(pid)
                continue
            item = stored[doc]
            item.ids.add(pid)
            item.hashes.add(str(meta.get("hash", "")))
            item.path = str(meta.get("path", ""))
        return dict(stored), legacy

    def _ingest(self, files: list[Path], progress: Progress | None, rebuild: bool, notify: Notify) -> IngestReport:
        started = time.monotonic()
        manifest = self.manifest.read()
        report = IngestReport()
        asked = {f.resolve() for f in files}
        # Files an interrupted ingest meant to index (its intent), each retried by a few later ingests
        # after the files those were asked for; one that keeps failing is then left out (ingest_retries).
        attempts: dict[str, int] = {}
        # What earlier interrupted runs stored of each article: removed with it if it is given up.
        stored_before: dict[str, list[str]] = {}
        again: list[str] = []
        for doc, entry in manifest.get("pending", {}).items():
            if not entry.get("path"):
                continue
            stored_before[doc] = [pid for pid in entry.get("adding", []) if isinstance(pid, str)]
            if Path(entry["path"]).resolve() in asked:
                continue  # asked for again: a fresh attempt
            tries = int(entry.get("attempts", 1))
            if not Path(entry["path"]).exists():
                self._roll_back(entry)  # named below with the other files no longer there
            elif tries > self.settings.ingest_retries:
                self._roll_back(entry)
                before = "kept as it was before" if doc in manifest.get("articles", {}) else "not indexed"
                report.notes.append(
                    f"{entry['path']}: {tries} ingest(s) were interrupted on it; {before}, left out; "
                    f"run `cqnews ingest {entry['path']}` on its own to try again"
                )
                continue
            again.append(entry["path"])
            attempts[doc] = tries + 1
        again += manifest.get("legacy", [])
        if rebuild:
            again += [self.settings.seeds_dir] + [e["path"] for e in manifest.get("articles", {}).values() if e.get("path")]
            self.client.delete_collection(self.settings.collection)
            self.collection = self._collection()
            self.keyword = self._in_line(set())
            stored: dict[str, StoredArticle] = {}
        else:
            stored, had_legacy = self._sync(suspect=list(manifest.get("pending", {})))
            if had_legacy:
                again.append(self.settings.seeds_dir)
        known = set(asked)
        gone = [str(p) for p in dict.fromkeys(again) if not Path(p).exists()]
        for extra in collect_files([Path(p) for p in again if Path(p).exists()]):
            if extra.resolve() not in known:
                files.append(extra)
                known.add(extra.resolve())

        report.files = len(files)
        report.notes += [f"{path}: indexed before, no longer there; not re-read" for path in gone]
        seeds = self.settings.seeds_dir.resolve()
        documents: list[Document] = []
        for path in dict.fromkeys(f.resolve() for f in files):
            try:
                documents.append(
                    read_document(
                        path,
                        SEED_PUBLICATION if seeds in path.parents else "",
                        max_bytes=self.settings.max_file_bytes,
                        max_passage_chars=self.settings.max_passage_chars,
                    )
                )
            except UnreadableFile as exc:
                report.skipped.append(str(exc))
        changes = plan(documents, stored, report)
        self._apply(changes, stored, progress, notify, report, attempts, stored_before)
        report.seconds = time.monotonic() - started
        return report

    def _roll_back(self, entry: dict) -> None:
        """Remove what interrupted ingests stored of an unfinished article, so it is as it was before
        (or absent if it is new): its `adding` holds every such passage and none it had before."""
        adding = [pid for pid in entry.get("adding", []) if isinstance(pid, str)]
        for start in range(0, len(adding), WRITE_BATCH):
            self.collection.delete(ids=adding[start : start + WRITE_BATCH])
        self.keyword.apply(remove=adding)

    def _apply(
        self,
        changes: list[Change],
        stored: dict[str, StoredArticle],
        progress: Progress | None,
        notify: Notify,
        report: IngestReport,
        attempts: dict[str, int] | None = None,
        stored_before: dict[str, list[str]] | None = None,
    ) -> None:
        """Write-ahead: the manifest records the intent, the keyword index goes first, then Chroma.

        An article's new passages are stored before its old ones are dropped, and it is recorded done
        as soon as both are, so an interrupted ingest leaves only unfinished articles pending (with the
        passages they were adding, to be removed if they are given up). `attempts` names the leftovers
        of an interrupted ingest: they are stored after the rest.
        """
        if not changes:
            self.manifest.save(Manifest.articles(stored), {})
            return
        attempts, stored_before = attempts or {}, stored_before or {}
        pending = {
            c.doc: {
                "path": str(c.document.path) if c.document else "",
                "hash": c.document.digest if c.document else "",
                "attempts": attempts.get(c.doc, 1),
                "adding": sorted({p.id for p in c.add} | set(stored_before.get(c.doc, ()))),
            }
            for c in changes
        }
        self.manifest.save(Manifest.articles(stored), pending)

        touched = {c.doc for c in changes}
        fresh = in_order([p for c in changes if c.document for p in c.document.passages])
        hashes = {p.id: c.document.digest for c in changes if c.document for p in c.document.passages}
        total = sum(len(c.add) for c in changes if c.document)
        gone = self.keyword.ids_of(touched) - set(hashes)
        self.keyword.apply(remove=gone, upsert=fresh, staged=bool(total), hashes=hashes)
        if total:
            self._bump_generation()  # other processes may show the new articles by keyword already
            notify(
                f"{len({c.doc for c in changes if c.document})} article(s) searchable by keyword; "
                f"embedding {total} passage(s)…"
            )

        # A moved file's old passages are about to go: their vectors serve its new copy.
        reuse = self._vectors_of([pid for c in changes if c.document is None for pid in c.delete]) if total else {}
        saved = time.monotonic()

        def finish(change: Change) -> None:
            """All of an article's new passages are stored: refresh the kept ones, drop the old, record it done."""
            nonlocal saved
            if change.document:
                digest = change.document.digest
                for start in range(0, len(change.keep), WRITE_BATCH):
                    batch = change.keep[start : start + WRITE_BATCH]
                    self.collection.update(ids=[p.id for p in batch], metadatas=[metadata(p, digest) for p in batch])
            for start in range(0, len(change.delete), WRITE_BATCH):
                self.collection.delete(ids=change.delete[start : start + WRITE_BATCH])
            if change.document is None:
                stored.pop(change.doc, None)
            else:
                stored[change.doc] = StoredArticle(
                    {p.id for p in change.document.passages}, {change.document.digest}, str(change.document.path)
                )
            pending.pop(change.doc, None)
            # A finished article still marked pending is only found unchanged by the next ingest: saving
            # at most once a second keeps a large ingest from rewriting the manifest per article.
            if pending and time.monotonic() - saved >= 1.0:
                self.manifest.save(Manifest.articles(stored), pending)
                saved = time.monotonic()

        # The files asked for first, then what an interrupted ingest left: a leftover that fails
        # again cannot keep the others out. Within each, batches across articles (sorted by length).
        done = 0
        leftover = [c for c in changes if c.doc in attempts]
        for phase in ([c for c in changes if c.doc not in attempts], leftover):
            done = self._embed_and_store(phase, reuse, progress, done, total, report, finish)

        self.manifest.save(Manifest.articles(stored), {})
        self._bump_generation()
        self.keyword.commit(self.generation)
        self.keyword.merge()

    def _vectors_of(self, ids: list[str]) -> dict[str, list[float]]:
        """text -> vector of passages about to be deleted (a moved file's), to reuse rather than re-embed."""
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["documents", "embeddings"])
        return {doc: list(vec) for doc, vec in zip(got["documents"], got["embeddings"], strict=True)}

    def _embed_and_store(
        self,
        changes: list[Change],
        reuse: dict[str, list[float]],
        progress: Progress | None,
        done: int,
        total: int,
        report: IngestReport,
        finish: Callable[[Change], None],
    ) -> int:
        """Embed the changes' new passages in batches of similar length (less padding), store each batch
        as it is done, and `finish` each article once all of its passages are stored; the new `done`.

        The embedder reads at most settings.max_embed_chars of a passage (its time grows with the text).
        """
        cap = self.settings.max_embed_chars
        left = {c.doc: len(c.add) for c in changes if c.document}
        by_doc = {c.doc: c for c in changes}
        for change in changes:
            if not left.get(change.doc):
                finish(change)
        items = sorted(
            ((p, c.document.digest) for c in changes if c.document for p in c.add), key=lambda item: len(item[0].text)
        )
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            fresh = [p.text for p, _ in batch if p.text not in reuse]
            vectors = dict(zip(fresh, self.embedder.embed_documents([t[:cap] for t in fresh]), strict=True)) if fresh else {}
            report.chars += sum(min(len(t), cap) for t in fresh)
            self.collection.upsert(
                ids=[p.id for p, _ in batch],
                embeddings=[reuse.get(p.text) or vectors[p.text] for p, _ in batch],
                documents=[p.text for p, _ in batch],
                metadatas=[metadata(p, digest) for p, digest in batch],
            )
            done += len(batch)
            for passage, _ in batch:
                left[passage.doc] -= 1
                if not left[passage.doc]:
                    finish(by_doc[passage.doc])
            if progress:
                progress(done, total, batch[-1][0].source)
        return done

