"""The composer, the last stage: the answer's text and its short answer, from the cited passages."""

from __future__ import annotations

from index.question import Query
from index.short_answer import short_answer
from index.types import Answer, Citation


def compose_answer(question: str, query: Query, citations: tuple[Citation, ...]) -> Answer:
    span = short_answer(query, citations[0])
    answer = f"“{citations[0].quote}” [1]"
    if span is not None:
        answer = f"{span.text} [1]: {answer}"
    if len(citations) > 1:
        answer += " See also " + ", ".join(f"[{c.n}]" for c in citations[1:]) + "."
    return Answer(question, True, answer, citations, (), short_answer=span)


def compose_refusal(question: str, text: str, related: tuple[Citation, ...]) -> Answer:
    return Answer(question, False, text, (), related)
