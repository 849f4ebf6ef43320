"""Plain-text rendering of answers and summaries for the terminal (the bot renders its own embeds)."""

from __future__ import annotations

from index.dates import byline
from index.types import Answer, ArticleInfo, Citation, Summary


def citation_lines(citation: Citation) -> list[str]:
    where = citation.title + (f" — {citation.section}" if citation.section else "")
    dated = byline(citation.source, citation.published)  # issue 11
    where += f" · {dated}" if dated else ""
    lines = [f"  [{citation.n}] {where} (chars {citation.start}–{citation.end})", f"      “{citation.quote}”"]
    if citation.url:
        lines.append(f"      {citation.url}")
    return lines


def answer_text(answer: Answer) -> str:
    """The short answer (or the written answer) first, then the quote once, then the other sources."""
    if answer.composer == "llm":
        lines = [answer.answer,
                 "(Written by a language model; every sentence was checked against the quotes it cites.)"]
    elif answer.answered and answer.citations and not answer.answer.startswith(answer.citations[0].quote[:20]):
        lines = []
        if answer.short_answer is not None:
            lines.append(f"Answer: {answer.short_answer.text} [1]")
        elif not answer.answer.startswith("“"):
            lines.append(answer.answer)  # a summary or another composed text: as written
    else:
        lines = [answer.answer]
    if answer.composer != "llm" and answer.fallback_reason:
        from index.composer import fallback_text

        lines.append(f"({fallback_text(answer.fallback_reason)})")
    if answer.citations:
        lines.append("Sources:")
        for citation in answer.citations:
            lines.extend(citation_lines(citation))
    elif answer.related:
        lines.append("Closest passages (not an answer):")
        for citation in answer.related:
            lines.extend(citation_lines(citation))
    return "\n".join(lines)


def summary_text(summary: Summary) -> str:
    lines = [f"Summary of “{summary.title}”:", summary.summary, "Sources:"]
    for citation in summary.citations:
        lines.extend(citation_lines(citation))
    return "\n".join(lines)


def sources_text(articles: list[ArticleInfo]) -> str:
    lines = [f"{len(articles)} article(s) indexed:"]
    for info in articles:
        dated = byline(info.source, info.published)  # issue 11
        dated = f" ({dated})" if dated else ""
        lines.append(f"  {info.title} [{info.article}]{dated} — {info.chunks} passages, indexed {info.indexed_at}")
    return "\n".join(lines)
