"""The v0.1 engine's retriever (fa95d6a), frozen as a baseline for side-by-side benchmark runs.

Hybrid sentence retrieval: BM25 and MiniLM vectors, fused, then re-scored by question coverage; refusal by
``dense + 0.4 × coverage ≥ 0.66``. Not used by the engine; kept unchanged so its figures stay comparable.
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
    lexical_weight: float = 0.3  # BM25 divided by the query's best BM25 score
    context_weight: float = 0.0  # how much a sentence's neighbours' relevance lifts it
    context_query_weight: float = 0.5  # a follow-up's previous turn, relative to the question
    # Refusal: answered when the fused evidence clears this line (calibrated on the tuning half).
    min_dense: float = 0.35
    min_coverage: float = 0.0
    strong_dense: float = 0.70
    # ... and when dense + evidence_coverage_weight * coverage clears min_evidence (a linear rule
    # separates off-topic questions better than two separate thresholds on the tuning half).
    evidence_coverage_weight: float = 0.4
    min_evidence: float = 0.66
    short_quote_chars: int = 60  # a sentence shorter than this is quoted with its neighbour
    max_quote_chars: int = 420
    # A quote grows by its more relevant paragraph neighbour(s) while it stays within max_quote_chars.
    quote_sentences: int = 2
    # Second stage over the best `rerank` candidates, scored as the quote they would give.
    rerank: int = 30
    coverage_weight: float = 1.5  # IDF-weighted share of the question's words in the quote
    quote_dense_weight: float = 1.0  # cosine of the question with the quote's mean vector
    exact_search_rows: int = 50_000  # up to this many sentences, dense candidates by exact scan
    pick_window: bool = True  # rerank every window holding the sentence, not only the grown quote


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
        corpus = self.corpus
        if len(corpus) <= self.params.exact_search_rows:
            # The vectors are in memory already: an exact scan is faster than a Chroma query here.
            scores = corpus.vectors @ vector
            k = min(k, len(scores))
            return np.argpartition(-scores, k - 1)[:k].astype(np.int64)
        result = self.collection.query(query_embeddings=[vector], n_results=min(k, len(self.corpus)),
                                       include=["distances"])
        rows = self.corpus.row_of_id
        return np.array([rows[i] for i in result["ids"][0] if i in rows], dtype=np.int64)

    def lexical_candidates(self, words: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """BM25 candidates for already tokenised words (a hook the tuning harness memoises)."""
        return self.corpus.lexical_words(words, k)

    def _word_weights(self, question_words: list[str]) -> tuple[list[tuple[int, float]], float]:
        """The question's known term ids with their IDF weights, and the total weight, so that the
        coverage of many quotes costs one pass each. A word the corpus has never seen weighs the most
        ("World Cup" against an article about Ukraine)."""
        corpus = self.corpus
        unseen = float(corpus.idf.max(initial=1.0))
        known, total = [], 0.0
        for word in question_words:
            term = corpus.vocab.get(word)
            weight = unseen if term is None else float(corpus.idf[term])
            total += weight
            if term is not None:
                known.append((term, weight))
        return known, total

    def _coverage_of(self, weights, rows: tuple[int, ...]) -> float:
        """IDF-weighted share of the question's words found in the quoted rows, from _word_weights()."""
        known, total = weights
        if not total:
            return 0.0
        terms = [self.corpus.row_terms[r] for r in rows]
        return sum(w for t, w in known if any(t in row_terms for row_terms in terms)) / total

    def _quote_cosine(self, rows: tuple[int, ...], cosine) -> float:
        """Cosine of the question with the mean of the quote's (unit) sentence vectors."""
        vectors = self.corpus.vectors
        if len(rows) == 1:
            return cosine(rows[0])
        if len(rows) == 2:
            norm_sq = 2.0 + 2.0 * float(vectors[rows[0]] @ vectors[rows[1]])
        else:
            total = vectors[list(rows)].sum(axis=0)
            norm_sq = float(total @ total)
        return sum(cosine(r) for r in rows) / max(norm_sq, 1e-12) ** 0.5

    def _same_passage(self, a: int, b: int) -> bool:
        corpus = self.corpus
        return (0 <= b < len(corpus) and corpus.article_of_row[a] == corpus.article_of_row[b]
                and corpus.paragraphs[a] == corpus.paragraphs[b])

    def quote_options(self, row: int) -> list[tuple[int, ...]]:
        """Every run of up to quote_sentences paragraph sentences that holds ``row`` and fits the limit
        (the longest that fit; the sentence alone when nothing longer does)."""
        corpus, params = self.corpus, self.params
        for size in range(max(params.quote_sentences, 1), 1, -1):
            options = []
            for first in range(row - size + 1, row + 1):
                last = first + size - 1
                if (self._same_passage(row, first) and self._same_passage(row, last)
                        and corpus.ends[last] - corpus.starts[first] <= params.max_quote_chars):
                    options.append(tuple(range(first, last + 1)))
            if options:
                return options
        return [self.quote_rows(row)]

    def quote_rows(self, row: int, relevance=None) -> tuple[int, ...]:
        """The best sentence, with its paragraph neighbour when it is too short to stand alone.

        With ``relevance`` (row -> score) and quote_sentences > 1, the quote grows by the more relevant
        neighbour, one sentence at a time, while it fits in max_quote_chars.
        """
        corpus, params = self.corpus, self.params
        if relevance is not None and params.quote_sentences > 1:
            first = last = row
            while last - first + 1 < params.quote_sentences:
                options = [
                    n for n in (first - 1, last + 1)
                    if self._same_passage(row, n)
                    and corpus.ends[max(last, n)] - corpus.starts[min(first, n)] <= params.max_quote_chars
                ]
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
        # A follow-up ("when did he say that?") is searched and judged with the turn it follows.
        question_words = corpus.words(question if not context else f"{question} {context}")
        lexical_rows, lexical_scores = self.lexical_candidates(question_words, params.candidates)
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
        lexical_by_row = dict(zip(lexical_rows.tolist(), lexical_scores.tolist(), strict=True))
        base_by_row = dict(zip(candidates.tolist(), base.tolist(), strict=True))

        def relevance(row: int) -> float:
            # Neighbours outside the candidates are scored on their vector alone.
            found = base_by_row.get(row)
            return found if found is not None else params.dense_weight * float(corpus.vectors[row] @ vector)

        order = np.argsort(-lifted)
        dense_by_row = dict(zip(candidates.tolist(), dense.tolist(), strict=True))

        def cosine(row: int) -> float:
            found = dense_by_row.get(row)
            if found is None:
                found = dense_by_row[row] = float(corpus.vectors[row] @ vector)
            return found

        weights = self._word_weights(question_words)
        # A follow-up's quote is picked by its own words ("when did he tell reporters?"); the turn it
        # follows already steers the vector and the candidates.
        pick_weights = self._word_weights(corpus.words(question)) if context else weights
        head = []  # the best candidates, rescored as the quote each would give
        for i in order[: params.rerank]:
            options = self.quote_options(int(candidates[i])) if params.pick_window else [
                self.quote_rows(int(candidates[i]), relevance)]
            best = None
            for rows in options:
                cover = self._coverage_of(weights, rows)
                score = float(lifted[i]) + params.coverage_weight * self._coverage_of(pick_weights, rows)
                if params.quote_dense_weight:
                    score += params.quote_dense_weight * self._quote_cosine(rows, cosine)
                if best is None or score > best[0]:
                    best = (score, i, rows, cover)
            head.append(best)
        head.sort(key=lambda item: -item[0])

        def ranked():
            yield from head
            for i in order[params.rerank :]:
                rows = self.quote_rows(int(candidates[i]), relevance)
                yield float(lifted[i]), i, rows, None

        hits: list[Hit] = []
        used: set[int] = set()
        for score, i, rows, cover in ranked():
            row = int(candidates[i])
            if used.intersection(rows):
                continue
            used.update(rows)
            cover = self._coverage_of(weights, rows) if cover is None else cover
            hits.append(Hit(row, score, float(dense[i]), lexical_by_row.get(row, 0.0), cover, rows))
            if len(hits) >= k:
                break
        timings["fuse"] = (time.perf_counter() - began) * 1000
        return hits

    def supports(self, hit: Hit) -> bool:
        """Whether the best hit is evidence enough to answer rather than say "not in the articles"."""
        params = self.params
        if hit.dense >= params.strong_dense:
            return True
        return (hit.dense >= params.min_dense and hit.coverage >= params.min_coverage
                and hit.dense + params.evidence_coverage_weight * hit.coverage >= params.min_evidence)


def open_baseline(engine) -> Retriever:
    """The v0.1 retriever over an open engine's corpus and model."""
    return Retriever(engine.corpus, engine.collection, engine.embedder)
