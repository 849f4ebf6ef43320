"""Follow-ups: what a question that leans on its previous turn ("how old is he?") takes from that turn.

The previous turn is either the :class:`Answer` itself (the console chat and library users keep it) or the
text the bot keeps per thread, ``"question\\nanswer text"``, which is what survives in Discord's own
message history after a restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.types import Answer

# The composer writes an answer with a short answer as "<short answer> [1]: “<quote>” [1]".
_SHORT = re.compile(r"^(?P<short>[^\n\[“]{1,160}?) \[1\]: “", re.M)


@dataclass(frozen=True)
class Turn:
    text: str  # the previous question and answer, for finding the article when it is not known
    subject: str | None = None  # the previous short answer: who or what "he", "it", "that" most likely is
    article: str | None = None  # the article the previous answer quoted, when known


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
