"""Console chat: the same questions and commands as the bot, on stdin/stdout (also from a pipe)."""

from __future__ import annotations

import logging
from typing import TextIO

from index.engine import Engine
from index.errors import EngineError
from index.render import answer_text, sources_text, summary_text
from index.types import Answer

log = logging.getLogger(__name__)

HELP = """Type a question about the articles, or a command. A question that leans on the last answer
("how old is he?", "where was that?") is a follow-up to it, as in a bot thread.
  /summary [article]  a cited summary of an article (title, part of a title, or id)
  /sources            the indexed articles
  /new                forget the last answer: the next question starts a new conversation
  /help               this help
  /quit               leave (Ctrl-D works too)"""


class Conversation:
    """The console's one thread: each answer is the previous turn of the next question."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.previous: Answer | None = None

    def respond(self, line: str) -> str | None:
        """The reply to one input line; None means quit."""
        text = line.strip()
        command, _, rest = text.partition(" ")
        if command in ("/quit", "/exit"):
            return None
        if command == "/help":
            return HELP
        if command == "/sources":
            return sources_text(self.engine.articles())
        if command == "/summary":
            return summary_text(self.engine.summary(rest.strip() or None))
        if command == "/new":
            self.previous = None
            return "New conversation: the next question does not follow the last answer."
        if text.startswith("/"):
            return f"Unknown command {command}. " + HELP
        answer = self.engine.ask(text, context=self.previous)
        if answer.answered:
            self.previous = answer  # a refusal leaves the thread where it was
        return answer_text(answer)


def run_chat(engine: Engine, stdin: TextIO, stdout: TextIO) -> None:
    interactive = stdin.isatty()
    conversation = Conversation(engine)
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
            reply = conversation.respond(line)
        except EngineError as error:
            reply = f"Sorry: {error}"
        except Exception:
            log.exception("chat failed on a question")
            reply = "Sorry: something went wrong answering that; the details are in the log."
        if reply is None:
            break
        stdout.write(reply + "\n\n")
        stdout.flush()
