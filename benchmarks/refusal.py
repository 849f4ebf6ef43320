"""Refusals: off-topic questions against a store without their articles, and SQuAD v2.0 unanswerables.

The ranking does not depend on the answer threshold, so each question is ranked once and the threshold
(index.ranking.ANSWER_AT) is swept over the best passage's probability.
"""

from __future__ import annotations

import math

import numpy as np

from benchmarks.data import Question
from index import ranking

SEED_CHECKS = (
    ("Who won the 2022 World Cup?", False, None),
    ("How many drones were launched?", True, "574"),
)


def top_scores(engine, questions: list[Question]) -> list[float]:
    """The best passage's probability for each question (0 when nothing was found)."""
    out = []
    for q in questions:
        ranked = engine.rank(q.text)
        out.append(ranked[0].score if ranked else 0.0)
    return out


def asked_scores(engine, questions: list[Question], scores: list[float] | None = None) -> list[float]:
    """The same, as the engine decides when asked: 0 where ``Engine.ask`` refuses a passage that clears
    the threshold because it lacks the wanted kind of answer or the thing counted (the span and focus checks
    of index.ranking.answerable), so a sweep over the threshold shows the refusals users see. ``scores``:
    top_scores() of these questions when already measured (ranking them again cost the quick run 8 s)."""
    out = []
    for q, score in zip(questions, top_scores(engine, questions) if scores is None else scores, strict=True):
        if score >= ranking.ANSWER_AT and not engine.ask(q.text, llm=False).answered:
            score = 0.0
        out.append(score)
    return out


def v01_scores(engine, questions: list[Question]) -> tuple[list[float], float]:
    """The frozen v0.1 engine's evidence for each question's best hit, as one number its refusal rule
    thresholds, and that threshold: it answered when dense >= strong_dense (scored 10 here), or when
    dense >= min_dense and dense + w x coverage >= min_evidence (min_coverage is 0)."""
    from benchmarks.baseline_v01 import open_baseline

    retriever = open_baseline(engine)
    p = retriever.params
    out = []
    for q in questions:
        hits = retriever.search(q.text, k=1)
        if not hits:
            out.append(-10.0)
            continue
        hit = hits[0]
        if hit.dense >= p.strong_dense:
            out.append(10.0)
        elif hit.dense >= p.min_dense and hit.coverage >= p.min_coverage:
            out.append(hit.dense + p.evidence_coverage_weight * hit.coverage)
        else:
            out.append(-10.0)
        assert (out[-1] >= p.min_evidence) == retriever.supports(hit)
    return out, p.min_evidence


def answered_rate(scores: list[float], answer_at: float | None = None) -> float:
    answer_at = ranking.ANSWER_AT if answer_at is None else answer_at
    return sum(s >= answer_at for s in scores) / max(len(scores), 1)


def sweep(answerable_scores: list[float], refuse_scores: list[float]) -> list[dict]:
    return [{"knob": "answer_at", "value": float(t), "answered": answered_rate(answerable_scores, t),
             "refused": 1 - answered_rate(refuse_scores, t)}
            for t in np.round(np.arange(0.0, 1.001, 0.02), 3)]


def shipped_point(answerable_scores: list[float], refuse_scores: list[float]) -> dict:
    return {"answer_at": ranking.ANSWER_AT, "answered": answered_rate(answerable_scores),
            "refused": 1 - answered_rate(refuse_scores)}


def at_answered(answerable_scores: list[float], refuse_scores: list[float], answered: float = 0.90) -> dict:
    """The highest threshold at which at least ``answered`` of the answerable questions are answered, and
    the share of the others refused there (the issue's "impossible refused at answerable answered ≥ 0.90").
    Exact over the scores rather than read off the sweep's 0.02 grid."""
    ranked = sorted(answerable_scores, reverse=True)
    if not ranked:
        return {"answer_at": None, "answered": 0.0, "refused": 0.0, "target_answered": answered}
    threshold = ranked[max(math.ceil(answered * len(ranked)) - 1, 0)]
    return {"answer_at": float(threshold), "answered": answered_rate(answerable_scores, threshold),
            "refused": 1 - answered_rate(refuse_scores, threshold), "target_answered": answered}


def seed_checks(engine) -> list[dict]:
    out = []
    for question, should_answer, must_contain in SEED_CHECKS:
        answer = engine.ask(question)
        quote = answer.citations[0].quote if answer.citations else ""
        ok = answer.answered == should_answer and (must_contain is None or must_contain in quote)
        out.append({"question": question, "answered": answer.answered, "expected_answered": should_answer,
                    "quote": quote, "ok": ok})
    return out
