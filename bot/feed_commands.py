"""`cqnews feeds add/list/remove/poll`: following RSS/Atom feeds from the command line (or cron)."""

from __future__ import annotations

import json
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retrieval.settings import Settings


def _say(text: str) -> None:
    print(f"cqnews: {text}", file=sys.stderr, flush=True)


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp)) if stamp else "never"


def run(args, settings: Settings) -> int:
    """One `cqnews feeds` action; exit 1 when a poll could not fetch or ingest something (each said in one line)."""
    from retrieval.web import Feeds, shown

    feeds = Feeds(settings)
    if args.action == "add":
        items = feeds.add(args.url)
        print(f"following {shown(args.url)} ({items} item(s) listed now); `cqnews feeds poll` or the bot ingests them")
        return 0
    if args.action == "remove":
        feed = feeds.remove(args.url)
        print(f"no longer following {shown(feed.url)}; its articles stay in the index (`cqnews remove URL` takes one out)")
        return 0
    if args.action == "list":
        listed = feeds.list()
        if args.json:
            print(json.dumps({"feeds": [status.to_json() for status in listed]}, ensure_ascii=False, indent=1))
            return 0
        if not listed:
            print("No feeds followed: `cqnews feeds add URL` follows one.")
        for status in listed:
            pages = f"{status.ingested} page(s) ingested"
            pages += f", {status.failed} failed (retried)" if status.failed else ""
            pages += f", {status.given_up} given up" if status.given_up else ""
            print(shown(status.feed.url))
            print(f"    added {_when(status.feed.added)} · last poll {_when(status.feed.polled)}"
                  + (f" ({status.feed.status})" if status.feed.status else "") + f" · {pages}")
        return 0
    return _poll(settings)


def _poll(settings: Settings) -> int:
    from bot.progress import default_progress
    from retrieval.index.store import Index
    from retrieval.web import poll

    index = Index.open(settings, build=False)
    report = poll(index, notify=_say, progress=default_progress())
    ingest = report.ingest
    for line in report.notes + (ingest.notes if ingest else []):
        _say(line)
    skipped = ingest.skipped if ingest else []
    for line in report.failures + skipped:
        _say(f"skipped {line}")
    summary = f"{report.feeds} feed(s) read: {report.fetched} page(s) fetched, {report.unchanged} unchanged"
    if ingest:
        summary += f"; {ingest.added} passage(s) added, {ingest.removed} removed"
    print(f"{summary}; {len(index)} in the index" + (f"; {len(report.failures) + len(skipped)} failed" if report.failures or skipped else ""))
    return 1 if report.failures or skipped else 0
