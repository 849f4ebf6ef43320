"""`python -m index build|ask|summary|sources|chat|add|refresh`: the admin's and scripts' entry point."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from index.config import MAX_TOP_K, EngineConfig
from index.errors import EngineError
from index.runtime import limit_malloc_arenas

log = logging.getLogger(__name__)


class ProgressBar:
    """A one-line bar on stderr, redrawn at most 10 times a second; silent when stderr is no terminal."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        self.stream.write(f"\r{stage:<6} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class _PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        record.levelname = record.levelname.lower()
        return super().format(record)


def _config(args) -> EngineConfig:
    return EngineConfig.from_env(
        seeds_dir=Path(args.seeds) if getattr(args, "seeds", None) else None,
        store_dir=Path(args.store) if getattr(args, "store", None) else None,
        top_k=getattr(args, "top_k", None),
    )


def cmd_build(args) -> int:
    from index.build import build_index

    report = build_index(_config(args), progress=ProgressBar(), repair=args.repair)
    print(json.dumps(report.to_json()) if args.json else report.line())
    return 0


def _open(args):
    from index.engine import Engine

    return Engine.open(_config(args))


def cmd_ask(args) -> int:
    from index.engine import LLM_OFF, check_question
    from index.errors import LlmOff
    from index.render import answer_text

    if args.llm and not _config(args).llm_enabled:
        raise LlmOff(LLM_OFF)  # before opening the index: a missing setting fails fast
    if args.question == "-":
        return _ask_batch(args)
    question = check_question(args.question)  # before opening the index: bad input fails fast
    answer = _open(args).ask(question, llm=args.llm)
    print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else answer_text(answer))
    return 0


def _batch_error(question: str, error: EngineError) -> dict:
    """An answer-shaped object for a line that got no answer, so every output line has the same keys."""
    from index.types import Answer

    # Built from an empty Answer, so the keys follow the Answer's JSON as it grows.
    return {**Answer(question[:200], False, None, ()).to_json(), "error": str(error)}


def _ask_batch(args) -> int:
    """One JSON line out per line in, blank lines included, so outputs line up with inputs."""
    import io

    engine = _open(args)
    # Undecodable bytes become U+FFFD: one bad line must not end the batch.
    lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    for line in lines:
        question = line.strip()
        try:
            result = {**engine.ask(question, llm=args.llm).to_json(), "error": None}
        except EngineError as error:
            result = _batch_error(question, error)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def cmd_summary(args) -> int:
    from index.render import summary_text

    summary = _open(args).summary(args.article, sentences=args.sentences)
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.json else summary_text(summary))
    return 0


def cmd_sources(args) -> int:
    from dataclasses import asdict

    from index.render import sources_text

    articles = _open(args).articles()
    print(json.dumps([asdict(a) for a in articles], ensure_ascii=False) if args.json else sources_text(articles))
    return 0


def cmd_chat(args) -> int:
    from index.chat import run_chat

    run_chat(_open(args), sys.stdin, sys.stdout)
    return 0


def _rebuild(config, as_json: bool) -> None:
    from index.build import build_index

    report = build_index(config, progress=ProgressBar())
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(json.dumps(report.to_json()) if as_json else report.line())


def cmd_add(args) -> int:
    """Each URL: one line saying what became of it; failures on stderr, naming the URL and the reason."""
    from index.ingest import add_url, limits
    from index.web import Fetcher, FetchError

    config = _config(args)
    fetcher = Fetcher(limits(config))
    changed = failed = 0
    for url in args.urls:
        try:
            added = add_url(config, url, fetcher=fetcher)
        except FetchError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        print(added.line())
        changed += added.status in ("added", "updated")
    if changed and not args.no_build:
        _rebuild(config, as_json=False)
    return 2 if failed else 0


def cmd_refresh(args) -> int:
    from index.feeds import feed_urls, refresh

    config = _config(args)
    if not feed_urls(config):
        raise EngineError(f"No feeds to read: list RSS or Atom URLs in {config.seeds_dir / 'feeds.txt'} "
                          "or NEWSBOT_FEEDS.")
    report = refresh(config)
    for line in report.added:
        print(line)
    for failure in report.failures:
        print(f"warning: {failure}", file=sys.stderr)
    print(report.line())
    if not args.no_build:
        _rebuild(config, as_json=False)  # once, for every feed together
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    root.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = root.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        command = sub.add_parser(name, help=help_text)
        command.set_defaults(func=func)
        command.add_argument("--store", help="Chroma store folder (default .data/chroma or NEWSBOT_STORE)")
        return command

    build = add("build", cmd_build, "build or refresh the index from the seeds folder")
    build.add_argument("--seeds", help="articles folder (default seeds/ or NEWSBOT_SEEDS)")
    build.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    build.add_argument("--repair", action="store_true",
                       help="rebuild a damaged store from the seeds into a fresh one, without reading it")
    ask = add("ask", cmd_ask, "answer a question with cited passages ('-' reads one per line from stdin)")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--top-k", type=int, dest="top_k", help="at most this many citations (default 3)")
    written = ask.add_mutually_exclusive_group()
    written.add_argument("--llm", dest="llm", action="store_true", default=None,
                         help="write the answer with the configured LLM, checked against the quotes "
                              "(the default when NEWSBOT_LLM_BASE_URL is set)")
    written.add_argument("--no-llm", dest="llm", action="store_false",
                         help="quotes only, even with an LLM set")
    summary = add("summary", cmd_summary, "an extractive, cited summary of one article")
    summary.add_argument("article", nargs="?", help="id, title or part of a title (optional with one article)")
    summary.add_argument("--json", action="store_true")
    summary.add_argument("--sentences", type=int, default=3)
    sources = add("sources", cmd_sources, "list the indexed articles")
    sources.add_argument("--json", action="store_true")
    add("chat", cmd_chat, "console chat on stdin/stdout")
    add_urls = add("add", cmd_add, "fetch articles by URL into the seeds folder, then rebuild")
    add_urls.add_argument("urls", nargs="+", metavar="URL")
    add_urls.add_argument("--seeds", help="articles folder (default seeds/ or NEWSBOT_SEEDS)")
    add_urls.add_argument("--no-build", action="store_true", help="only write the article files")
    feeds = add("refresh", cmd_refresh, "read the feeds: add new articles, drop expired ones, rebuild once")
    feeds.add_argument("--seeds", help="articles folder (default seeds/ or NEWSBOT_SEEDS)")
    feeds.add_argument("--no-build", action="store_true", help="only write and remove the article files")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    limit_malloc_arenas()
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    else:  # an admin reads "warning: seeds/x.txt: empty file", not a log record
        handler = logging.StreamHandler()
        handler.setFormatter(_PlainFormatter("%(levelname)s: %(message)s"))
        logging.basicConfig(level=logging.WARNING, handlers=[handler])
    if getattr(args, "top_k", None) is not None and not 1 <= args.top_k <= MAX_TOP_K:
        print(f"error: --top-k must be between 1 and {MAX_TOP_K}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except EngineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the previous index is still in place", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head -1`): nothing left to say. Point stdout at /dev/null so the
        # interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
