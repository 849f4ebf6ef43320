"""Hybrid sentence retrieval: BM25 and MiniLM vectors (from Chroma), fused, then scored in context.

Every knob lives in :class:`Params` so the benchmark harness can sweep them on the tuning half.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from index.corpus import Corpus


@dataclass(frozen=True)
class Params:
    candidates: int = 50  # from each of BM25 and the vector store
    dense_weight: float = 1.0
    lexical_weight: float = 0.5  # BM25 divided by the query's best BM25 score
    context_weight: float = 0.1  # how much a sentence's neighbours' relevance lifts it
    context_query_weight: float = 0.5  # a follow-up's previous turn, relative to the question
    # Refusal: answered when the fused evidence clears this line (calibrated on the tuning half).
    min_dense: float = 0.30
    min_coverage: float = 0.35
    strong_dense: float = 0.55
    short_quote_chars: int = 60  # a sentence shorter than this is quoted with its neighbour
    max_quote_chars: int = 300
    # A quote grows by its more relevant paragraph neighbour(s) while it stays within max_quote_chars.
    quote_sentences: int = 1
    article_weight: float = 0.0  # lift by the best evidence elsewhere in the same article
    title_weight: float = 0.0  # lift when the question names the article's title words


@dataclass(frozen=True)
class Hit:
    row: int
    score: float
    dense: float
    lexical: float
    coverage: float
    quote_rows: tuple[int, ...]


class Retriever:
    def __init__(self, corpus: Corpus, collection, model, params: Params | None = None) -> None:
        self.corpus = corpus
        self.collection = collection
        self.model = model
        self.params = params or Params()

    def query_vector(self, question: str, context: str | None) -> np.ndarray:
        texts = [question] if not context else [question, context]
        vectors = self.model.embed(texts)
        vector = vectors[0]
        if context:
            vector = vector + self.params.context_query_weight * vectors[1]
            vector = vector / max(np.linalg.norm(vector), 1e-12)
        return vector

    def dense_candidates(self, vector: np.ndarray, k: int) -> np.ndarray:
        result = self.collection.query(query_embeddings=[vector], n_results=min(k, len(self.corpus)),
                                       include=["distances"])
        rows = self.corpus.row_of_id
        return np.array([rows[i] for i in result["ids"][0] if i in rows], dtype=np.int64)

    def coverage(self, question_words: list[str], rows: tuple[int, ...]) -> float:
        """IDF-weighted share of the question's words found in the quoted rows.

        A word the corpus has never seen weighs the most: "World Cup" against an article about Ukraine.
        """
        if not question_words:
            return 0.0
        corpus = self.corpus
        present = frozenset().union(*(corpus.row_terms[r] for r in rows))
        unseen = float(corpus.idf.max(initial=1.0))
        total = found = 0.0
        for word in question_words:
            term = corpus.vocab.get(word)
            weight = unseen if term is None else float(corpus.idf[term])
            total += weight
            found += weight if term in present else 0.0
        return found / total if total else 0.0

    def _same_passage(self, a: int, b: int) -> bool:
        corpus = self.corpus
        return (0 <= b < len(corpus) and corpus.article_of_row[a] == corpus.article_of_row[b]
                and corpus.paragraphs[a] == corpus.paragraphs[b])

    def quote_rows(self, row: int, relevance=None) -> tuple[int, ...]:
        """The best sentence, with its paragraph neighbour when it is too short to stand alone.

        With ``relevance`` (row -> score) and quote_sentences > 1, the quote grows by the more relevant
        neighbour, one sentence at a time, while it fits in max_quote_chars.
        """
        corpus, params = self.corpus, self.params
        if relevance is not None and params.quote_sentences > 1:
            first = last = row
            while last - first + 1 < params.quote_sentences:
                options = [n for n in (first - 1, last + 1) if self._same_passage(row, n)
                           and corpus.ends[max(last, n)] - corpus.starts[min(first, n)] <= params.max_quote_chars]
                if not options:
                    break
                n = max(options, key=relevance)
                first, last = min(first, n), max(last, n)
            if first != last or corpus.ends[row] - corpus.starts[row] >= params.short_quote_chars:
                return tuple(range(first, last + 1))
        if corpus.ends[row] - corpus.starts[row] >= params.short_quote_chars:
            return (row,)
        for neighbour in (row + 1, row - 1):
            if (
                0 <= neighbour < len(corpus)
                and corpus.article_of_row[neighbour] == corpus.article_of_row[row]
                and corpus.paragraphs[neighbour] == corpus.paragraphs[row]
            ):
                first, last = sorted((row, neighbour))
                if corpus.ends[last] - corpus.starts[first] <= params.max_quote_chars:
                    return (first, last)
        return (row,)

    def search(self, question: str, context: str | None = None, k: int = 3,
               timings: dict | None = None) -> list[Hit]:
        timings = {} if timings is None else timings
        corpus, params = self.corpus, self.params
        if not len(corpus):
            return []
        began = time.perf_counter()
        vector = self.query_vector(question, context)
        timings["embed"] = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        dense_rows = self.dense_candidates(vector, params.candidates)
        timings["vector"] = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        lexical_query = question if not context else f"{question} {context}"
        lexical_rows, lexical_scores = corpus.lexical(lexical_query, params.candidates)
        timings["bm25"] = (time.perf_counter() - began) * 1000
        began = time.perf_counter()

        candidates = np.union1d(dense_rows, lexical_rows)
        dense = corpus.vectors[candidates] @ vector
        lexical = np.zeros(len(candidates))
        if len(lexical_rows):
            lexical[np.searchsorted(candidates, lexical_rows)] = lexical_scores / lexical_scores.max()
        base = params.dense_weight * dense + params.lexical_weight * lexical
        # A sentence whose neighbours are also relevant sits in the passage that answers.
        lifted = base.copy()
        if params.context_weight:
            position = {int(r): i for i, r in enumerate(candidates)}
            for i, row in enumerate(candidates):
                neighbours = [position.get(int(n)) for n in (row - 1, row + 1)]
                scores = [base[j] for j in neighbours
                          if j is not None and corpus.paragraphs[candidates[j]] == corpus.paragraphs[row]
                          and corpus.article_of_row[candidates[j]] == corpus.article_of_row[row]]
                if scores:
                    lifted[i] += params.context_weight * max(scores)
        if params.article_weight:
            articles = corpus.article_of_row[candidates]
            best = {}
            for a, b in zip(articles.tolist(), base.tolist(), strict=True):
                best[a] = max(best.get(a, -np.inf), b)
            lifted += params.article_weight * np.array([best[a] for a in articles.tolist()])
        if params.title_weight:
            lifted += params.title_weight * self._title_match(corpus.words(question),
                                                              corpus.article_of_row[candidates])
        lexical_by_row = dict(zip(lexical_rows.tolist(), lexical_scores.tolist(), strict=True))
        # A follow-up ("when did he say that?") is judged with the turn it follows.
        question_words = corpus.words(question if not context else f"{question} {context}")
        base_by_row = dict(zip(candidates.tolist(), base.tolist(), strict=True))

        def relevance(row: int) -> float:
            # Neighbours outside the candidates are scored on their vector alone.
            found = base_by_row.get(row)
            return found if found is not None else params.dense_weight * float(corpus.vectors[row] @ vector)

        order = np.argsort(-lifted)
        hits: list[Hit] = []
        used: set[int] = set()
        for i in order:
            row = int(candidates[i])
            rows = self.quote_rows(row, relevance)
            if used.intersection(rows):
                continue
            used.update(rows)
            hits.append(Hit(row, float(lifted[i]), float(dense[i]), lexical_by_row.get(row, 0.0),
                            self.coverage(question_words, rows), rows))
            if len(hits) >= k:
                break
        timings["fuse"] = (time.perf_counter() - began) * 1000
        return hits

    def _title_match(self, question_words: list[str], article_rows: np.ndarray) -> np.ndarray:
        """Share of each article's title words that the question uses (0 when the title has none)."""
        corpus = self.corpus
        if not hasattr(self, "_title_words"):
            self._title_words = [frozenset(corpus.words(corpus.articles[a].title)) for a in corpus.article_ids]
        asked = set(question_words)
        share = [len(t & asked) / len(t) if t else 0.0 for t in self._title_words]
        return np.array(share)[article_rows]

    def supports(self, hit: Hit) -> bool:
        """Whether the best hit is evidence enough to answer rather than say "not in the articles"."""
        params = self.params
        if hit.dense >= params.strong_dense:
            return True
        return hit.dense >= params.min_dense and hit.coverage >= params.min_coverage
