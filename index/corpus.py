"""The served index held in memory: sentence rows loaded once from Chroma, plus a BM25 index over them.

Rows are ordered by (article, position) so a sentence's neighbours are the rows beside it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from index.stopwords import STOPWORDS
from index.embedding import DIMENSION
from index.errors import StoreUnavailable
from index.letters import fold
from index.store import iter_pages

log = logging.getLogger(__name__)

_STOPWORDS = sorted(STOPWORDS)


@dataclass(frozen=True)
class ArticleRows:
    """One article of the index: its own fields (stored once per article) and its rows [first, stop)."""

    id: str
    title: str
    url: str | None
    indexed_at: str
    first: int
    stop: int
    published: str | None = None
    source: str | None = None
    author: str | None = None


READ_ATTEMPTS = 3


def _read_rows(collection) -> tuple[list[tuple], list[np.ndarray]]:
    """The rows of the manifest's versions, as small tuples, and their vectors page by page."""
    live = {record.version: article for article, record in collection.manifest.items()}
    # Kept per row as a small tuple while paging, so the full Chroma metadata (with llama-index's
    # serialised node) never sits in memory for the whole corpus at once.
    records = []
    vectors = []
    for page in iter_pages(collection, ["documents", "metadatas", "embeddings"]):
        keep = []
        for i, (node_id, text, meta) in enumerate(zip(page["ids"], page["documents"], page["metadatas"],
                                                      strict=True)):
            if live.get(meta.get("version")) != meta["article"]:
                continue  # a version outside the manifest: a build in progress, or a crashed one's rows
            keep.append(i)
            records.append((meta["article"], meta["position"], node_id, text, meta["start"], meta["end"],
                            meta["paragraph"], meta.get("section") or None, meta.get("gap_after", " ")))
        if keep:
            page_vectors = np.asarray(page["embeddings"], dtype=np.float32).reshape(-1, DIMENSION)
            vectors.append(page_vectors if len(keep) == len(page_vectors) else page_vectors[keep])
    return records, vectors


class Corpus:
    def __init__(self, collection) -> None:
        """``collection`` is the live collection from :func:`index.store.open_current`: its rows, and the
        manifest naming the article versions that make up the index (rows of other versions, left by a
        build in progress or a crashed one, are skipped)."""
        for attempt in range(READ_ATTEMPTS):
            try:
                records, vectors = _read_rows(collection)
                complete = len(records) == sum(r.count for r in collection.manifest.values())
            except StoreUnavailable:
                if attempt + 1 == READ_ATTEMPTS:
                    raise
                complete = False
            if complete or attempt + 1 == READ_ATTEMPTS:
                break
            # A build switched the index or deleted replaced rows while the pages were read (row offsets
            # moved): read the new index from the start.
            log.info("the index changed while it was read; reading it again")
            collection.refresh()
        if not complete:
            log.warning("the index kept changing while it was read; serving the %d rows read", len(records))
        manifest = collection.manifest
        order = sorted(range(len(records)), key=lambda i: records[i][:2])
        self.vectors = np.concatenate(vectors)[order] if records else np.zeros((0, DIMENSION), np.float32)
        rows = [records[i] for i in order]
        del records
        self.ids = [r[2] for r in rows]
        self.texts = [r[3] for r in rows]
        self.starts = np.array([r[4] for r in rows], dtype=np.int64)
        self.ends = np.array([r[5] for r in rows], dtype=np.int64)
        self.paragraphs = np.array([r[6] for r in rows], dtype=np.int64)
        self.sections = [r[7] for r in rows]
        self.gaps = [r[8] for r in rows]
        self.row_of_id = {node_id: row for row, node_id in enumerate(self.ids)}
        self.articles: dict[str, ArticleRows] = {}
        article_index = []
        bounds: dict[str, list[int]] = {}
        for row, record in enumerate(rows):
            article_id = record[0]
            if article_id not in bounds:
                bounds[article_id] = [row, row]
            bounds[article_id][1] = row + 1
            article_index.append(len(bounds) - 1)
        for article_id, (first, stop) in bounds.items():
            info = manifest[article_id]
            self.articles[article_id] = ArticleRows(article_id, info.title, info.url, info.indexed_at, first,
                                                    stop, info.published, info.source, info.author)
        self.article_ids = list(self.articles)
        self.article_of_row = np.array(article_index, dtype=np.int64)
        self._build_lexical()

    def __len__(self) -> int:
        return len(self.ids)

    def _build_lexical(self) -> None:
        import bm25s
        import Stemmer

        # bm25s sets its own logger to DEBUG on import, which would print through our handlers.
        logging.getLogger("bm25s").setLevel(logging.WARNING)

        self.stemmer = Stemmer.Stemmer("english")
        plain = [fold(text) for text in self.texts]
        tokens = bm25s.tokenize(plain, stopwords=_STOPWORDS, stemmer=self.stemmer, show_progress=False)
        self.bm25 = bm25s.BM25()
        self.bm25.index(tokens, show_progress=False)
        self.vocab = tokens.vocab
        # Document frequencies for question-coverage checks (how much of the question a passage holds).
        df = np.zeros(len(self.vocab), dtype=np.int64)
        for doc in tokens.ids:
            df[list(set(doc))] += 1
        self.idf = np.log((len(self.texts) + 1) / (df + 0.5))
        self.row_terms = [frozenset(doc) for doc in tokens.ids]
        self._article_terms: dict[int, frozenset[int]] = {}

    def article_terms(self, article: int) -> frozenset[int]:
        """The BM25 term ids of one article (by its index in ``article_ids``), for whole-article coverage."""
        found = self._article_terms.get(article)
        if found is None:
            info = self.articles[self.article_ids[article]]
            found = self._article_terms[article] = frozenset().union(
                *(self.row_terms[r] for r in range(info.first, info.stop)))
        return found

    def words(self, text: str) -> list[str]:
        """The stemmed, stopword-free words of ``text``, as BM25 sees them."""
        import bm25s

        tokens = bm25s.tokenize(fold(text), stopwords=_STOPWORDS, stemmer=self.stemmer, return_ids=False,
                                show_progress=False)
        return tokens[0]

    def lexical(self, text: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """BM25 top-k rows and scores, best first; empty when no word of the text is in the corpus."""
        return self.lexical_words(self.words(text), k)

    def lexical_words(self, words: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The same for words already tokenised by :meth:`words`."""
        known = [w for w in words if w in self.vocab]
        if not known or not len(self):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        scores = self.bm25.get_scores(known)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        top = top[scores[top] > 0]
        return top.astype(np.int64), scores[top].astype(np.float64)
