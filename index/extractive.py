"""The extractive composer (composer="quotes"), the default last stage: the answer text from the cited
passages, short answer first. index/composer.py is the optional written-answer composer on top of it."""

from __future__ import annotations

from index.types import Answer, Citation, Span


def compose_answer(question: str, citations: tuple[Citation, ...], span: Span | None) -> Answer:
    """The short answer (when there is one) first, then the first quote, then pointers to the others."""
    answer = f"“{citations[0].quote}” [1]"
    if span is not None:
        answer = f"{span.text} [1]: {answer}"
    if len(citations) > 1:
        answer += " See also " + ", ".join(f"[{c.n}]" for c in citations[1:]) + "."
    return Answer(question, True, answer, citations, (), short_answer=span)


def compose_refusal(question: str, text: str, related: tuple[Citation, ...]) -> Answer:
    return Answer(question, False, text, (), related)
