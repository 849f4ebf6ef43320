"""Fit the ranking scorer's weights and the answer threshold on the tuning material only.

python -m benchmarks.fit_ranker [--squad N]

- Ranking: a listwise logistic model. For each tuning question, every passage the engine scores is a
  row of features; the weights maximise the softmax probability of the passages that hold the answer
  (news_qa tuning paraphrases and follow-ups, and N SQuAD questions from the even-position articles).
- Answering: the best passage's probability at which the engine answers, chosen on news_qa tuning so
  that answered answerable questions and refused near misses and off-topic questions are both high.

It prints the weights to paste into index/ranking.py (SCORER) and the threshold (ANSWER_AT).
"""

from __future__ import annotations

import argparse
import json
import random

import numpy as np

from benchmarks import data, news_qa
from benchmarks.data import normalize
from benchmarks.stores import ensure_store
from index.engine import Engine
from index.followup import previous_turn
from index.ranking import FEATURES, candidate_passages, find_candidates


def passage_rows(engine: Engine, question: str, context: str | None):
    """Every scored passage of a question: (features matrix, passage texts, article ids)."""
    turn = previous_turn(context)
    query = engine.analyse(question, turn)
    candidates = find_candidates(engine.corpus, engine.collection, engine.embedder, query, turn,
                                 engine.settings, {})
    matrix, texts, articles = [], [], []
    corpus = engine.corpus
    for row, options in candidate_passages(corpus, query, candidates, engine.settings):
        for rows, evidence in options:
            matrix.append([evidence[f] for f in FEATURES])
            texts.append(normalize(" ".join(corpus.texts[r] for r in rows)))
            articles.append(corpus.article_ids[corpus.article_of_row[row]])
    return np.array(matrix), texts, articles


def groups_news(engine: Engine, questions: list[dict]):
    by_id = {q["id"]: q for q in questions}
    out = []
    for q in questions:
        if not q["answerable"]:
            continue
        context = None
        if q["after"]:
            prev = engine.ask(by_id[q["after"]]["q"])
            context = f"{prev.question}\n{prev.answer}"
        x, texts, articles = passage_rows(engine, q["q"], context)
        expect = [normalize(e) for e in q["expect"]]
        y = np.array([a == q["article_id"] and any(e in t for e in expect) for t, a in zip(texts, articles)])
        out.append((x, y))
    return out


def groups_squad(engine: Engine, questions) -> list:
    out = []
    for q in questions:
        x, texts, articles = passage_rows(engine, q.text, None)
        answers = [normalize(a) for a in q.answers]
        y = np.array([a == q.article and any(s in t for s in answers) for t, a in zip(texts, articles)])
        out.append((x, y))
    return out


def fit(groups, l2: float = 0.01, steps: int = 600, rate: float = 0.5, weight=None) -> np.ndarray:
    """Listwise softmax regression: maximise Σ log Σ_pos softmax(Xw). Returns w (no bias: softmax ignores it)."""
    groups = [(x, y) for x, y in groups if len(x) and y.any()]
    weight = weight or [1.0] * len(groups)
    w = np.zeros(groups[0][0].shape[1])
    mean = np.concatenate([x for x, _ in groups]).mean(axis=0)
    scale = np.concatenate([x for x, _ in groups]).std(axis=0) + 1e-6
    for _ in range(steps):
        grad = np.zeros_like(w)
        for (x, y), g in zip(groups, weight, strict=True):
            z = ((x - mean) / scale) @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            q = p * y
            q /= q.sum()
            grad += g * ((x - mean) / scale).T @ (q - p)
        w += rate * (grad / sum(weight) - l2 * w)
    return w / scale  # back to raw feature units


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--squad", type=int, default=800, help="SQuAD tuning questions to fit on")
    parser.add_argument("--news-weight", type=float, default=4.0, help="weight of a news_qa question")
    args = parser.parse_args()
    articles, questions = news_qa.load()
    news_engine = Engine.open(ensure_store("news-qa-tuning", articles))
    groups = groups_news(news_engine, questions)
    weights = [args.news_weight] * len(groups)
    if args.squad:
        s_articles, s_questions = data.squad("tuning")
        s_engine = Engine.open(ensure_store("squad-tuning", s_articles), model=news_engine.embedder)
        sample = random.Random(1).sample(s_questions, args.squad)
        squad_groups = groups_squad(s_engine, sample)
        groups += squad_groups
        weights += [1.0] * len(squad_groups)
    kept = [(g, w) for g, w in zip(groups, weights, strict=True) if len(g[0]) and g[1].any()]
    w = fit([g for g, _ in kept], weight=[w for _, w in kept])
    print(json.dumps({f: round(float(v), 3) for f, v in zip(FEATURES, w, strict=True)}))


if __name__ == "__main__":
    main()
