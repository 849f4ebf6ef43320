"""Small immutable results the engine hands to its clients (CLI, console chat, Discord bot)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """One verbatim quote: ``article_text[start:end] == quote`` where article_text is the whole file."""

    n: int
    article: str
    title: str
    quote: str
    start: int
    end: int
    # The probability (0-1) that the passage answers the question; None in a summary, where nothing was asked.
    score: float | None
    section: str | None = None
    url: str | None = None
    published: str | None = None  # as the article states it, usually YYYY-MM-DD
    source: str | None = None  # the site's name

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Span:
    """A short answer inside the first citation's quote: ``article_text[start:end] == text``."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of a written answer and the quotes (citation numbers) it cites. ``supported`` is the
    grounding check's verdict; ``reason`` says why a sentence was dropped (None when supported)."""

    text: str
    citations: tuple[int, ...]
    supported: bool = True
    reason: str | None = None

    def to_json(self) -> dict:
        return {"text": self.text, "citations": list(self.citations), "supported": self.supported,
                "reason": self.reason}


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    answer: str
    citations: tuple[Citation, ...]
    # When unanswered: the closest passages, only when they are close; never for off-topic questions.
    related: tuple[Citation, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    # The direct answer ("574 drones and 40 missiles"), a span of citations[0].quote; None when no span
    # is confident, and the quote alone is the answer.
    short_answer: Span | None = None
    # "llm": ``answer`` is a written answer, each sentence checked against the quotes it cites. "quotes":
    # the extractive answer; ``fallback_reason`` says why when a written answer was asked for.
    composer: str = "quotes"
    fallback_reason: str | None = None
    # Every sentence the model wrote, with its citations and verdict; ``answer`` holds only the supported
    # ones. Empty when no model was asked.
    sentences: tuple[AnswerSentence, ...] = ()

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "related": [c.to_json() for c in self.related],
            "short_answer": self.short_answer.to_json() if self.short_answer else None,
            "composer": self.composer,
            "fallback_reason": self.fallback_reason,
            "sentences": [s.to_json() for s in self.sentences],
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True)
class Summary:
    article: str
    title: str
    summary: str
    citations: tuple[Citation, ...]
    url: str | None = None

    def to_json(self) -> dict:
        return {
            "article": self.article,
            "title": self.title,
            "summary": self.summary,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True)
class ArticleInfo:
    article: str
    title: str
    chunks: int
    indexed_at: str
    url: str | None = None
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class BuildReport:
    articles: int
    chunks: int
    embedded: int
    skipped: int
    removed: int
    seconds: float
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "articles": self.articles,
            "chunks": self.chunks,
            "embedded": self.embedded,
            "skipped": self.skipped,
            "removed": self.removed,
            "seconds": round(self.seconds, 3),
        }

    def line(self) -> str:
        return (
            f"{self.articles} articles, {self.chunks} chunks: {self.embedded} embedded, "
            f"{self.skipped} skipped, {self.removed} removed in {self.seconds:.1f} s"
        )
