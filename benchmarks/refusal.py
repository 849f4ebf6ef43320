"""Refusals: off-topic questions against a store without their articles, and SQuAD v2.0 unanswerables.

Hits do not depend on the refusal thresholds, so each question is searched once and the thresholds are
swept over the stored hits with ``Retriever.supports`` itself (a Retriever per setting, same corpus).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from benchmarks.data import Question
from index.retrieval import Retriever

SEED_CHECKS = (
    ("Who won the 2022 World Cup?", False, None),
    ("How many drones were launched?", True, "574"),
)


def top_hits(engine, questions: list[Question]) -> list:
    return [next(iter(engine.retriever.search(q.text, k=1)), None) for q in questions]


def answered_rate(engine, hits: list, params=None) -> float:
    retriever = engine.retriever
    if params is not None:
        retriever = Retriever(engine.corpus, engine.retriever.collection, engine.retriever.model, params)
    return sum(h is not None and retriever.supports(h) for h in hits) / max(len(hits), 1)


def sweep_settings(params) -> list[tuple[str, object]]:
    """One curve per knob, every other knob as shipped; the shipped point is on every curve."""
    settings = []
    for value in np.round(np.arange(0.3, 1.001, 0.02), 3):
        settings.append(("min_evidence", replace(params, min_evidence=float(value))))
    for value in np.round(np.arange(0.0, 1.001, 0.05), 3):
        settings.append(("min_coverage", replace(params, min_coverage=float(value))))
    for value in np.round(np.arange(0.0, 0.801, 0.05), 3):
        settings.append(("min_dense", replace(params, min_dense=float(value))))
    for value in np.round(np.arange(0.3, 1.001, 0.05), 3):
        settings.append(("strong_dense", replace(params, strong_dense=float(value))))
    return settings


def sweep(engine, answerable_hits: list, refuse_hits: list) -> list[dict]:
    rows = []
    for knob, params in sweep_settings(engine.retriever.params):
        rows.append({
            "knob": knob,
            "value": getattr(params, knob),
            "answered": answered_rate(engine, answerable_hits, params),
            "refused": 1 - answered_rate(engine, refuse_hits, params),
        })
    return rows


def shipped_point(engine, answerable_hits: list, refuse_hits: list) -> dict:
    p = engine.retriever.params
    return {
        "min_dense": p.min_dense, "min_coverage": p.min_coverage, "strong_dense": p.strong_dense,
        "min_evidence": p.min_evidence, "evidence_coverage_weight": p.evidence_coverage_weight,
        "answered": answered_rate(engine, answerable_hits),
        "refused": 1 - answered_rate(engine, refuse_hits),
    }


def seed_checks(engine) -> list[dict]:
    out = []
    for question, should_answer, must_contain in SEED_CHECKS:
        answer = engine.ask(question)
        quote = answer.citations[0].quote if answer.citations else ""
        ok = answer.answered == should_answer and (must_contain is None or must_contain in quote)
        out.append({"question": question, "answered": answer.answered, "expected_answered": should_answer,
                    "quote": quote, "ok": ok})
    return out
