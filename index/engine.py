"""The engine clients use: open the current index once, then ask questions and request summaries."""

from __future__ import annotations

import logging
import re
import time

from index.config import MAX_QUESTION_CHARS, EngineConfig
from index.corpus import Corpus
from index.errors import BadQuestion, IndexMissing, LlmOff, UnknownArticle
from index.retrieval import Hit, Params, Retriever
from index.store import connect, open_current
from index.types import Answer, ArticleInfo, Citation, Summary

log = logging.getLogger(__name__)

NOT_IN_ARTICLES = "That is not in the articles."
LLM_OFF = "Written answers are off: set NEWSBOT_LLM_BASE_URL and NEWSBOT_LLM_MODEL to turn them on."


def _composer(config: EngineConfig):
    if not config.llm_enabled:
        return None  # no LLM import, no client: quotes only, as without the setting
    from index.composer import LlmComposer

    return LlmComposer.from_config(config)


def check_question(question: str) -> str:
    question = (question or "").strip()
    if not question:
        raise BadQuestion("Ask a question: the text was empty.")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"That question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}.")
    return question


class Engine:
    def __init__(self, config: EngineConfig, corpus: Corpus, retriever: Retriever, composer=None) -> None:
        self.config = config
        self.corpus = corpus
        self.retriever = retriever
        self.composer = composer  # an LlmComposer when an LLM is configured (index/composer.py)

    @classmethod
    def open(cls, config: EngineConfig | None = None, *, model=None, params: Params | None = None) -> Engine:
        from index.embedding import load_model

        config = config or EngineConfig.from_env()
        began = time.perf_counter()
        client = connect(config)
        collection = open_current(client, config)
        corpus = Corpus(collection)
        if not len(corpus):
            raise IndexMissing("The index is empty: add articles to the seeds folder and rebuild it.")
        retriever = Retriever(corpus, collection, model or load_model(), params)
        log.info("index opened: %d articles, %d sentences in %.2f s", len(corpus.articles), len(corpus),
                 time.perf_counter() - began)
        return cls(config, corpus, retriever, _composer(config))

    # -- answers ---------------------------------------------------------------------------------

    def citation(self, n: int, rows: tuple[int, ...], score: float) -> Citation:
        corpus = self.corpus
        first, last = rows[0], rows[-1]
        quote = "".join(corpus.texts[r] + (corpus.gaps[r] if r != last else "") for r in range(first, last + 1))
        article = corpus.articles[corpus.article_ids[corpus.article_of_row[first]]]
        return Citation(
            n=n,
            article=article.id,
            title=article.title,
            quote=quote,
            start=int(corpus.starts[first]),
            end=int(corpus.ends[last]),
            score=round(score, 4),
            section=corpus.sections[first],
            url=article.url,
        )

    def ask(self, question: str, context: str | None = None, top_k: int | None = None, *,
            llm: bool | None = None, on_text=None) -> Answer:
        """``llm``: None writes the answer with the configured LLM if there is one; False keeps quotes.
        ``on_text`` receives the checked written text as it streams in (see LlmComposer.compose)."""
        question = check_question(question)
        began = time.perf_counter()
        timings: dict[str, float] = {}
        hits: list[Hit] = self.retriever.search(question, context, k=top_k or self.config.top_k,
                                                timings=timings)
        if not hits or not self.retriever.supports(hits[0]):
            related = tuple(self.citation(n, h.quote_rows, h.dense) for n, h in enumerate(hits[:2], 1))
            timings["total"] = (time.perf_counter() - began) * 1000
            return Answer(question, False, NOT_IN_ARTICLES, (), related, timings)
        # Later hits are cited only when they too are evidence, never as filler.
        kept = [hits[0]] + [h for h in hits[1:] if self.retriever.supports(h)]
        citations = tuple(self.citation(n, h.quote_rows, h.dense) for n, h in enumerate(kept, 1))
        answer = f"“{citations[0].quote}” [1]"
        if len(citations) > 1:
            answer += " See also " + ", ".join(f"[{c.n}]" for c in citations[1:]) + "."
        timings["total"] = (time.perf_counter() - began) * 1000
        return self.compose(Answer(question, True, answer, citations, (), timings), llm, context, on_text)

    def compose(self, answer: Answer, llm: bool | None = None, context: str | None = None,
                on_text=None) -> Answer:
        """The composer stage, last in ask(): never called on an unanswered Answer."""
        if llm is False or (llm is None and self.composer is None):
            return answer
        if self.composer is None:
            raise LlmOff(LLM_OFF)
        return self.composer.compose(answer, context=context, on_text=on_text)

    # -- articles --------------------------------------------------------------------------------

    def articles(self) -> list[ArticleInfo]:
        return [
            ArticleInfo(a.id, a.title, a.stop - a.first, a.indexed_at, a.url)
            for a in sorted(self.corpus.articles.values(), key=lambda a: a.title.lower())
        ]

    def resolve_article(self, article: str | None) -> str:
        """An article id from an id, a title, or a unique part of a title."""
        articles = self.corpus.articles
        if not article or not article.strip():
            if len(articles) == 1:
                return next(iter(articles))
            raise UnknownArticle(f"Name an article: {len(articles)} are indexed (see /sources).")
        wanted = article.strip()
        if wanted in articles:
            return wanted
        folded = re.sub(r"\s+", " ", wanted).casefold()
        exact = [a.id for a in articles.values() if a.title.casefold() == folded]
        if exact:
            return exact[0]
        partial = [a.id for a in articles.values() if folded in a.title.casefold() or folded in a.id.casefold()]
        if len(partial) == 1:
            return partial[0]
        if partial:
            raise UnknownArticle(f"“{wanted}” matches {len(partial)} articles; give more of the title.")
        raise UnknownArticle(f"No indexed article matches “{wanted}”.")

    def summary(self, article: str | None = None, sentences: int = 3) -> Summary:
        from index.summarize import pick_sentences

        if sentences < 1 or sentences > 10:
            raise BadQuestion("A summary has between 1 and 10 sentences.")
        article_id = self.resolve_article(article)
        rows = self.corpus.articles[article_id]
        picked = pick_sentences(self.corpus, rows.first, rows.stop, sentences)
        citations = tuple(self.citation(n, (row,), score) for n, (row, score) in enumerate(picked, 1))
        text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
        return Summary(article_id, rows.title, text, citations, rows.url)
