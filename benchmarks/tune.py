"""Parameter sweeps on the TUNING half only: ``python -m benchmarks.tune [name=v1,v2 ...]``.

Each question's BM25 and vector candidates are memoised (they do not depend on the scoring knobs), so a
setting costs only the fusion and scoring. Prints answer@1/@3, article hit@1, median quote length and the
answered/refused rates of the refusal rule for every setting tried.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
from dataclasses import asdict, replace

from benchmarks import answers, data
from benchmarks.stores import ensure_store
from benchmarks.vectors import CachedModel
from index.retrieval import Params, Retriever


class MemoRetriever(Retriever):
    """The real Retriever with its candidate look-ups memoised per question."""

    dense_memo: dict = {}

    def dense_candidates(self, vector, k):
        key = (id(self.corpus), vector.tobytes(), k)
        if key not in self.dense_memo:
            self.dense_memo[key] = super().dense_candidates(vector, k)
        return self.dense_memo[key]

    def lexical_candidates(self, words, k):
        key = (id(self.corpus), tuple(words), k)
        if key not in self.dense_memo:
            self.dense_memo[key] = super().lexical_candidates(words, k)
        return self.dense_memo[key]


def memoise_corpus(corpus) -> None:
    lexical, words = corpus.lexical, corpus.words
    lex_memo, word_memo = {}, {}

    def memo_lexical(text, k):
        if (text, k) not in lex_memo:
            lex_memo[(text, k)] = lexical(text, k)
        return lex_memo[(text, k)]

    def memo_words(text):
        if text not in word_memo:
            word_memo[text] = words(text)
        return word_memo[text]

    corpus.lexical, corpus.words = memo_lexical, memo_words


class Tuner:
    def __init__(self, split: str = "tuning") -> None:
        from index.embedding import load_model
        from index.engine import Engine

        self.cached = CachedModel(load_model())
        articles, self.questions = data.squad(split)
        self.engine = Engine.open(ensure_store(f"squad-{split}", articles), model=self.cached)
        memoise_corpus(self.engine.corpus)
        kept = {a.id for a in articles[0::2]}
        half = ensure_store(f"squad-{split}-half", articles[0::2], derive_from=f"squad-{split}")
        self.half = Engine.open(half, model=self.cached)
        memoise_corpus(self.half.corpus)
        self.inside = [q for q in self.questions if q.article in kept]
        self.outside = [q for q in self.questions if q.article not in kept]

    def use(self, engine, params: Params) -> None:
        r = engine.retriever
        engine.retriever = MemoRetriever(engine.corpus, r.collection, r.model, params)

    def run(self, params: Params, refusal: bool = True) -> dict:
        self.use(self.engine, params)
        out, _ = answers.evaluate_engine(self.engine, self.questions)
        if refusal:
            self.use(self.half, params)
            inside = [h for h in (self.half.retriever.search(q.text, k=1) for q in self.inside)]
            outside = [h for h in (self.half.retriever.search(q.text, k=1) for q in self.outside)]
            sup = self.half.retriever.supports
            out["in_answered"] = sum(bool(h) and sup(h[0]) for h in inside) / len(inside)
            out["off_refused"] = 1 - sum(bool(h) and sup(h[0]) for h in outside) / len(outside)
        self.cached.save()
        return out


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.WARNING)
    grid = {}
    for arg in argv:
        name, _, values = arg.partition("=")
        grid[name] = [(v == "1" if isinstance(getattr(Params(), name), bool) else type(getattr(Params(), name))(v)) for v in values.split(",")]
    tuner = Tuner()
    base = Params()
    for combo in itertools.product(*grid.values()) if grid else [()]:
        params = replace(base, **dict(zip(grid, combo, strict=True)))
        out = tuner.run(params)
        changed = {k: v for k, v in asdict(params).items() if v != getattr(base, k)}
        print(json.dumps({"changed": changed, **{k: round(v, 4) if isinstance(v, float) else v
                                                  for k, v in out.items()}}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])


def thresholds(params: Params, min_answered: float = 0.97) -> None:
    """Grid over the refusal thresholds on the tuning half: the most off-topic refusals that keep
    ``min_answered`` of in-store questions answered (hits do not depend on the thresholds)."""
    tuner = Tuner()
    tuner.use(tuner.half, params)
    inside = [next(iter(tuner.half.retriever.search(q.text, k=1)), None) for q in tuner.inside]
    outside = [next(iter(tuner.half.retriever.search(q.text, k=1)), None) for q in tuner.outside]
    rows = []
    for strong in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 1.1):
        for min_dense in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
            for min_cov in [x / 100 for x in range(20, 80, 5)]:
                r = Retriever(tuner.half.corpus, None, None,
                              replace(params, strong_dense=strong, min_dense=min_dense, min_coverage=min_cov))
                answered = sum(bool(h) and r.supports(h) for h in inside) / len(inside)
                refused = 1 - sum(bool(h) and r.supports(h) for h in outside) / len(outside)
                rows.append((refused, answered, strong, min_dense, min_cov))
    ok = sorted((r for r in rows if r[1] >= min_answered), reverse=True)[:15]
    for r in ok:
        print(json.dumps({"off_refused": round(r[0], 4), "in_answered": round(r[1], 4), "strong_dense": r[2],
                          "min_dense": r[3], "min_coverage": r[4]}))
