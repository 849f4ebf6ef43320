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


# "what about floyd?", "and how about in 2019?", "and missiles?": the previous question, asked of something
# else. "and X?" only when X is a few words that ask nothing of their own ("and where was that?" does).
_WHAT_ABOUT = re.compile(r"^\W*(?:(?:(?:and|so|ok|okay|but)\W+)?(?:what|how) about\s+(?P<other>[^?]+?)|"
                         r"and\s+(?P<short>(?!(?:what|whats|what's|who|whos|who's|whom|whose|where|wheres|"
                         r"where's|when|whens|when's|why|how|which|is|are|was|were|do|does|did|has|have|had|"
                         r"can|could|will|would|should|then|so|also)\b)[\w'’-]+(?:\s+[\w'’-]+){0,3}))\W*$",
                         re.I)
_TOKEN = re.compile(r"[\w'’-]+")
# "and who got the second one", "so what punishment did he get instead": a question that opens on a
# conjunction goes on from its turn, whatever its own words.
_GOES_ON = re.compile(r"^\W*(?:and|so|also|then|but)\b", re.I)
# "how many drones ...?": what a count counts, which "what about missiles?" swaps for other things counted
# (a plural, not "his trainer").
_COUNTED = re.compile(r"\bhow (?:many|much)\s+(?P<counted>[a-z][\w'’-]*)", re.I)
_PLURAL = re.compile(r"^(?!(?:his|her|their|its|my|our|your)\b)(?:[\w'’-]+\s+)*"
                     r"(?:[\w'’-]*[^s\W]s|people|ppl|men|women|children|kids|police)$", re.I)


def goes_on(question: str) -> bool:
    return _GOES_ON.match(question) is not None


def carried_over(question: str, previous: str, names: frozenset[str]) -> str | None:
    """The question "what about X?" asks after ``previous``: that question with its year, what it counts
    (for a plural X: "how many drones?" then "and missiles?") or its name swapped for X ("how many situps
    does pacquiao do?" then "what about floyd?" asks how many Floyd does), or with X added when it names
    none of them. "and X?" asks the same, but only as a swap. ``names``: the words the articles write as
    names, lower-cased. None for any other question."""
    match = _WHAT_ABOUT.match(question)
    if match is None or not previous.strip():
        return None
    other = (match.group("other") or match.group("short")).strip()
    swap_only = match.group("other") is None  # "and the boss?" added to "who is the captain?" says nothing
    if _YEAR.search(other) and _YEAR.search(previous):
        return _YEAR.sub(_YEAR.search(other).group(0), previous, count=1)
    counted = _COUNTED.search(previous)
    if counted and _PLURAL.search(other) and not {t.lower() for t in _TOKEN.findall(other)} & names:
        # "how many drones did russia send?" then "and missiles?" asks how many missiles Russia sent.
        other = re.sub(r"^(?:the|all the|all)\s+", "", other, flags=re.I)
        return previous[:counted.start("counted")] + other + previous[counted.end("counted"):]
    tokens = list(_TOKEN.finditer(previous))
    named = [i for i, t in enumerate(tokens) if t.group(0).lower().removesuffix("'s") in names]
    if not named:
        return None if swap_only else f"{previous.rstrip(' ?')} {other}?"
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
