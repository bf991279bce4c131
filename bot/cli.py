"""The `cqnews` command line: a thin layer over the retrieval API and the bot."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# Only cheap imports at import time: `cqnews --help` must not load pydantic, Chroma,
# LangChain or telegram. Everything else is imported by the command that needs it.
from bot import report
from retrieval.errors import CQNewsError

if TYPE_CHECKING:
    from retrieval.settings import Settings

EXIT_USAGE = 2
EXIT_INTERNAL = 1


def _open_index(settings: Settings):
    from bot.progress import default_progress
    from retrieval.index.store import Index

    if not settings.server_mode and not settings.keyword_dir.exists():
        print("cqnews: first run: indexing the bundled articles (up to a minute)…", file=sys.stderr)
    return Index.open(settings, progress=default_progress())


def _question(words: list[str]) -> str:
    text = " ".join(words).strip()
    if not text:
        raise CQNewsError("the question is empty: ask something, e.g. cqnews ask \"铜梁签约了多少项目?\"")
    return text


# -- commands -------------------------------------------------------------------
def cmd_ingest(args, settings: Settings) -> int:
    """Index articles, web pages and feeds (default: the bundled seeds); exit 1 when one had to be skipped."""
    from bot.progress import default_progress
    from retrieval.index.store import Index
    from retrieval.web import ingest_sources

    index = Index.open_for_rebuild(settings) if args.rebuild else Index.open(settings, build=False)
    result = ingest_sources(index, args.paths, rebuild=args.rebuild, notify=report.notify, progress=default_progress())
    for line in result.notes:
        report.notify(line)
    for line in result.skipped:
        print(f"cqnews: skipped {line}", file=sys.stderr)
    moved = f", {result.articles_removed} article(s) moved or removed" if result.articles_removed else ""
    print(
        f"{result.files} file(s): {result.added} passage(s) added, {result.removed} removed, "
        f"{result.unchanged} unchanged{moved}; {len(index)} in the index"
        + (f"; {len(result.skipped)} file(s) skipped" if result.skipped else "")
    )
    return 1 if result.skipped else 0


def cmd_feeds(args, settings: Settings) -> int:
    """Follow RSS/Atom feeds: add, list, remove, poll (bot/feed_commands.py)."""
    from bot.feed_commands import run

    return run(args, settings)


def cmd_sources(args, settings: Settings) -> int:
    """List every ingested article: path, headlines, publication, date, url, passages."""
    from retrieval.index.store import Index

    infos = Index.open(settings, build=False).sources()
    if args.json:
        report.print_json({"articles": [info.to_json() for info in infos]})
        return 0
    if not infos:
        print("The index is empty: run `cqnews ingest`.")
    for info in infos:
        details = " · ".join(x for x in (info.publication, info.date, f"{info.passages} passage(s)") if x)
        print(f"{info.path or info.doc}  ({details})")
        if info.doc != info.path:
            print(f"    id: {info.doc}")
        if info.url and info.url != info.doc:
            print(f"    url: {info.url}")
        for title in info.titles:
            print(f"    《{title}》")
    return 0


def cmd_remove(args, settings: Settings) -> int:
    """Remove articles (by path or front matter id/url) from the index."""
    from retrieval.index.store import Index

    index = Index.open(settings, build=False)
    result = index.remove(args.targets, notify=report.notify)
    print(f"{result.articles_removed} article(s) removed ({result.removed} passage(s)); {len(index)} in the index")
    return 0


def cmd_search(args, settings: Settings) -> int:
    """Show the passages that best match a question."""
    from retrieval.search.hybrid import search

    query = _question(args.question)
    index = _open_index(settings)
    passages = search(index, query, k=args.k, district=args.district)
    if args.json:
        report.print_json({"query": query, "passages": [p.to_json() for p in passages]})
        return 0
    if not passages:
        print("No passages found.")
    for n, passage in enumerate(passages, 1):
        print(f"[{n}] {passage.where()}  ({passage.source}, score {passage.score:.3f})")
        print(report.wrap(passage.text))
        print()
    return 0


def _answerer(settings: Settings):
    from retrieval.answer.answerer import Answerer

    return Answerer(_open_index(settings), settings)


def cmd_ask(args, settings: Settings) -> int:
    """Answer a question with numbered citations quoting the articles."""
    question = _question(args.question)
    return report.print_answer(_answerer(settings).ask(question), args.json, settings)


def cmd_brief(args, settings: Settings) -> int:
    """A short cited briefing on a topic (a district, an industry, a project)."""
    topic = _question(args.topic)
    return report.print_answer(_answerer(settings).brief(topic), args.json, settings, "brief", topic)


def cmd_timeline(args, settings: Settings) -> int:
    """A topic's dated events across articles, oldest first, one cited line each."""
    topic = _question(args.topic)
    answer = _answerer(settings).timeline(topic)
    events = {"events": report.events_json(answer)}
    return report.print_answer(answer, args.json, settings, "timeline", topic, extra=events)


def cmd_eval(args, settings: Settings) -> int:
    """Run a question set; print recall@1/5, MRR, latency and answer quality."""
    from retrieval import evaluation

    questions = evaluation.load_questions(Path(args.questions))
    index = _open_index(settings)
    answerer = None
    if not args.search_only:
        from retrieval.answer.answerer import Answerer

        answerer = Answerer(index, settings)
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    results = []
    try:
        for result in evaluation.run(index, questions, k=args.k, answerer=answerer):
            results.append(result)
            if out:
                row = result.to_json()
                if result.answer is not None:
                    row["answer"] = report.said(result.answer)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out:
            out.close()
    report.print_eval(evaluation.summarise(results, report.said))
    return 0


def cmd_stats(args, settings: Settings) -> int:
    """How the bot did: questions, outcomes, votes, answer times, unanswered questions."""
    import time

    from bot.store import Store

    path = Path(settings.data_dir) / "bot.sqlite3"
    if not path.exists():
        raise CQNewsError(f"no bot database at {path}: the bot has not run with this CQNEWS_DATA_DIR")
    store = Store(path)
    try:
        report.print_stats(store, time.time())
    finally:
        store.close()
    return 0


def cmd_bot(args, settings: Settings) -> int:
    """Run the Telegram bot (long polling, or webhooks with --webhook-url)."""
    from bot.run import run_bot

    return run_bot(args, settings)


# -- parser ---------------------------------------------------------------------
class _VersionAction(argparse.Action):
    """`--version`, reading the installed package's version only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("cqnews")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "unknown (not installed)"
        print(f"cqnews {number}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake said in one line (exit 2) like every other user error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_USAGE, f"cqnews: error: {message} (see `{self.prog} --help`)\n")


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def build_parser(with_bot_options: bool = True) -> argparse.ArgumentParser:
    """The `cqnews` parser; `with_bot_options=False` skips importing the bot (and telegram)."""
    # -v is read before or after the command; given after, it must not be reset by the default.
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log what happens (never secrets)")
    parser = _Parser(
        prog="cqnews",
        description="Answers questions about Chongqing development projects from Chongqing Daily articles, "
        "quoting the passages it rests on.",
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens (never secrets)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add_parser = sub.add_parser

    def with_verbose(name: str, **kwargs) -> argparse.ArgumentParser:
        return add_parser(name, parents=[verbose], **kwargs)

    sub.add_parser = with_verbose  # type: ignore[method-assign]

    p = sub.add_parser(
        "ingest", help="index articles (.txt/.md/.html files or folders, URLs of pages or RSS/Atom feeds; default: the bundled seeds)"
    )
    p.add_argument("paths", nargs="*", help="files, folders or http(s) URLs to index")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again (seeds + all ingested files)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("feeds", help="follow RSS/Atom feeds: add, list, remove, poll (ingest their new items)")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    action = actions.add_parser("add", parents=[verbose], help="follow a feed (checked by fetching it once)")
    action.add_argument("url", help="the feed's http(s) URL")
    action = actions.add_parser("remove", parents=[verbose], help="stop following a feed (its articles stay in the index)")
    action.add_argument("url", help="the feed's URL, as added or as listed")
    action = actions.add_parser("list", parents=[verbose], help="the followed feeds and their last poll")
    action.add_argument("--json", action="store_true", help="print JSON")
    actions.add_parser("poll", parents=[verbose], help="fetch the feeds' new items and ingest them (for cron or a systemd timer)")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser("sources", help="list the ingested articles (path, headlines, publication, date, url, passages)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("remove", help="remove articles from the index (by path, folder, or front matter id/url)")
    p.add_argument("targets", nargs="+", metavar="PATH", help="an ingested file or folder, or an article's id/url")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("search", help="show the passages that best match a question")
    p.add_argument("question", nargs="+")
    p.add_argument("-k", type=_at_least_one, default=5, help="how many passages (default 5)")
    p.add_argument("--district", help="only passages naming this district (Chinese or English name)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with quoted, numbered sources")
    p.add_argument("question", nargs="+")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("brief", help="a short cited briefing on a topic")
    p.add_argument("topic", nargs="+")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("timeline", help="a project's or place's dated events across articles, oldest first, cited")
    p.add_argument("topic", nargs="+")
    p.add_argument("--json", action="store_true", help="print JSON (with an events list: date, title, quote)")
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser("eval", help="score a question set (JSONL: id, question, gold, facts)")
    p.add_argument("questions", help="the question set, e.g. benchmarks/questions.jsonl")
    p.add_argument("-k", type=_at_least_one, default=5, help="passages per question (default 5)")
    p.add_argument("--out", help="write one result line per question to this JSONL file")
    p.add_argument("--search-only", action="store_true", help="score search only, no answers")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("stats", help="the bot's usage statistics, from its database")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("bot", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    if with_bot_options:
        from bot.run import add_bot_arguments

        add_bot_arguments(p)
    p.set_defaults(func=cmd_bot)
    return parser


def _command_of(argv: list[str]) -> str | None:
    """The sub-command named in argv (top-level options take no values, so the first word)."""
    return next((word for word in argv if not word.startswith("-")), None)


def _configure_logging(verbose: bool) -> None:
    from bot import redact

    # Keys, the token and credentials in OPENAI_BASE_URL / CHROMA / TELEGRAM URLs: never logged.
    secrets = [os.environ.get(name, "") for name in ("OPENAI_API_KEY", "TELEGRAM_BOT_TOKEN")]
    urls = [os.environ.get(name, "") for name in ("OPENAI_BASE_URL", "CHROMA_HOST", "TELEGRAM_BASE_URL")]
    redact.configure_logging(logging.INFO if verbose else logging.WARNING, secrets, urls)


def _load_settings() -> Settings:
    """Settings from the environment; a malformed variable is a user error naming it."""
    from pydantic import ValidationError

    from bot.settings import setting_error
    from retrieval.errors import ConfigError
    from retrieval.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:  # the message never repeats the value, which may be a secret
        raise ConfigError(setting_error(exc)) from None


def _print_traceback(settings) -> None:
    """The current traceback on stderr, with secrets and URL credentials masked."""
    import traceback

    from pydantic import SecretStr

    from bot.redact import redact

    secrets = [v.get_secret_value() for v in vars(settings or object()).values() if isinstance(v, SecretStr)]
    secrets += [v for k, v in os.environ.items() if k.endswith(("_TOKEN", "_KEY")) or "SECRET" in k]
    try:  # the bot token may come from .env rather than the environment
        from bot.settings import BotSettings

        secrets.append(BotSettings().token.get_secret_value())
    except Exception:  # unreadable bot settings must not hide the traceback being shown
        pass
    print(redact(traceback.format_exc(), sorted(filter(None, secrets), key=len, reverse=True)), end="", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 0, 2 for a user error (one line), 1 for an internal error."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # Only `cqnews bot` needs the bot's options, and collecting them imports telegram.
    parser = build_parser(with_bot_options=_command_of(argv) == "bot")
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    _configure_logging(args.verbose)
    # The model's failures are said in one line from the answer (_model_note); the details are for -v.
    answering = logging.getLogger("retrieval.answer")
    quiet, level = not args.verbose and args.command != "bot", answering.level
    if quiet:
        answering.setLevel(logging.ERROR)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    settings = None
    try:
        settings = _load_settings()
        return args.func(args, settings)
    except CQNewsError as exc:
        from bot.redact import redact  # a message may name a URL with its credentials (CHROMA_HOST, ...)

        print(f"cqnews: error: {redact(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cqnews: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not something the user did: say so, keep the traceback for -v
        if args.verbose:
            _print_traceback(settings)
            print(f"cqnews: internal error ({type(exc).__name__})", file=sys.stderr)
        else:
            print(f"cqnews: internal error ({type(exc).__name__}); run again with -v for the traceback", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if quiet:
            answering.setLevel(level)


if __name__ == "__main__":
    sys.exit(main())
