"""Console chat: the same questions and commands as the bot, on stdin/stdout (also from a pipe)."""

from __future__ import annotations

import logging
from typing import TextIO

from index.engine import Engine
from index.errors import EngineError
from index.render import answer_text, sources_text, summary_text

log = logging.getLogger(__name__)

HELP = """Type a question about the articles, or a command:
  /summary [article]  a cited summary of an article (title, part of a title, or id)
  /sources            the indexed articles
  /help               this help
  /quit               leave (Ctrl-D works too)"""


def respond(engine: Engine, line: str) -> str | None:
    """The reply to one input line; None means quit."""
    text = line.strip()
    command, _, rest = text.partition(" ")
    if command in ("/quit", "/exit"):
        return None
    if command == "/help":
        return HELP
    if command == "/sources":
        return sources_text(engine.articles())
    if command == "/summary":
        return summary_text(engine.summary(rest.strip() or None))
    if text.startswith("/"):
        return f"Unknown command {command}. " + HELP
    return answer_text(engine.ask(text))


def run_chat(engine: Engine, stdin: TextIO, stdout: TextIO) -> None:
    interactive = stdin.isatty()
    count = len(engine.articles())
    stdout.write(f"Ask about {count} indexed article(s). /help lists the commands, /quit leaves.\n")
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        if not line.strip():
            continue
        try:
            reply = respond(engine, line)
        except EngineError as error:
            reply = f"Sorry: {error}"
        except Exception:
            log.exception("chat failed on a question")
            reply = "Sorry: something went wrong answering that; the details are in the log."
        if reply is None:
            break
        stdout.write(reply + "\n\n")
        stdout.flush()
