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
    score: float
    section: str | None = None
    url: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    answer: str
    citations: tuple[Citation, ...]
    # When unanswered: the closest passages, offered as "related", never as the answer.
    related: tuple[Citation, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "related": [c.to_json() for c in self.related],
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
