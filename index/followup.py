"""Follow-ups: what a question that leans on its previous turn ("how old is he?") takes from that turn.

The previous turn is either the :class:`Answer` itself (the console chat and library users keep it) or the
text the bot keeps per thread, ``"question\\nanswer text"``, which is what survives in Discord's own
message history after a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.question import YEAR as _YEAR
from index.types import Answer

# The composer writes an answer with a short answer as "<short answer> [1]: “<quote>” [1]".
_SHORT = re.compile(r"^(?P<short>[^\n\[“]{1,160}?) \[1\]: “", re.M)


@dataclass(frozen=True)
class Turn:
    text: str  # the previous question and answer, for finding the article when it is not known
    subject: str | None = None  # the previous short answer: who or what "he", "it", "that" most likely is
    article: str | None = None  # the article the previous answer quoted, when known

    @property
    def question(self) -> str:
        return self.text.split("\n", 1)[0]


# "what about floyd?", "and how about in 2019?": the previous question, asked of something else.
_WHAT_ABOUT = re.compile(r"^\W*(?:(?:and|so|ok|okay|but)\W+)?(?:what|how) about\s+(?P<other>[^?]+?)\W*$",
                         re.I)
_TOKEN = re.compile(r"[\w'’-]+")


def carried_over(question: str, previous: str, names: frozenset[str]) -> str | None:
    """The question "what about X?" asks after ``previous``: that question with its name, or its year,
    swapped for X ("how many situps does pacquiao do?" then "what about floyd?" asks how many Floyd
    does), or with X added when it names neither. ``names``: the words the articles write as names,
    lower-cased. None for any other question."""
    match = _WHAT_ABOUT.match(question)
    if match is None or not previous.strip():
        return None
    other = match.group("other").strip()
    if _YEAR.search(other) and _YEAR.search(previous):
        return _YEAR.sub(_YEAR.search(other).group(0), previous, count=1)
    tokens = list(_TOKEN.finditer(previous))
    named = [i for i, t in enumerate(tokens) if t.group(0).lower().removesuffix("'s") in names]
    if not named:
        return f"{previous.rstrip(' ?')} {other}?"
    first = last = named[0]
    while last + 1 in named:
        last += 1  # "mike tindall": the whole name
    possessive = re.search(r"['’]s$", tokens[last].group(0))  # "mike tindall's horse"
    return (previous[:tokens[first].start()] + other + (possessive.group(0) if possessive else "")
            + previous[tokens[last].end():])


def previous_turn(context: str | Answer | None) -> Turn | None:
    if context is None:
        return None
    if isinstance(context, Answer):
        article = context.citations[0].article if context.answered and context.citations else None
        subject = context.short_answer.text if context.short_answer else None
        return Turn(f"{context.question}\n{context.answer}", subject, article)
    text = context.strip()
    if not text:
        return None
    match = _SHORT.search(text)
    return Turn(text, match.group("short").strip() if match else None)
