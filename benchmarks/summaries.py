"""Extractive summaries against reference summaries: the engine, Lead-3 and plain centrality.

ROUGE is rouge-score 0.1.2 with the Porter stemmer; sentences are joined by newlines for ROUGE-Lsum. With
several references (SummEval's 11) a summary's score is the mean F1 over them.
"""

from __future__ import annotations

import re
import statistics

import numpy as np

from benchmarks.data import SummaryCase
from index.articles import is_heading

METRICS = ("rouge1", "rouge2", "rougeLsum")
# What a summary sentence must never be: a heading, a byline/dateline/credit, or a photo caption.
_BYLINE = re.compile(
    r"^(by\s+\S+(\s+\S+){0,4}\s*(\.|$)|published:|updated:|last updated|daily mail reporter|"
    r"for mailonline|follow\s+@|scroll down|click here|photo|picture|image|credit|\(cnn\)\s*$)",
    re.I,
)
_TERMINAL = ".!?\"'”’)…"


def not_prose(sentence: str) -> str | None:
    """Why ``sentence`` would be a bad summary sentence, or None. Captions end without punctuation."""
    text = sentence.strip()
    if is_heading(text):
        return "heading"
    if _BYLINE.match(text):
        return "byline"
    if text[-1] not in _TERMINAL or re.match(r"^[A-Z][\w' -]{0,30}:\s", text) and text[-1] != ".":
        return "caption"
    return None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def lead3(corpus, first: int, stop: int) -> list[int]:
    return list(range(first, min(first + 3, stop)))


def centrality(corpus, first: int, stop: int) -> list[int]:
    vectors = corpus.vectors[first:stop]
    centroid = vectors.mean(axis=0)
    scores = vectors @ (centroid / max(np.linalg.norm(centroid), 1e-12))
    return sorted(first + i for i in np.argsort(-scores)[:3])


def evaluate(engine, cases: list[SummaryCase], systems=("engine", "lead3", "centrality")) -> dict:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    corpus = engine.corpus
    wanted = systems
    systems = {
        "engine": lambda a: [c.quote for c in engine.summary(a, sentences=3).citations],
        "lead3": lambda a: [corpus.texts[r] for r in lead3(corpus, *_span(corpus, a))],
        "centrality": lambda a: [corpus.texts[r] for r in centrality(corpus, *_span(corpus, a))],
    }
    systems = {k: v for k, v in systems.items() if k in wanted}
    scores: dict[tuple[str, str], list[dict]] = {}
    bad: dict[str, list[dict]] = {name: [] for name in systems}
    lengths: dict[str, list[int]] = {name: [] for name in systems}
    for case in cases:
        references = ["\n".join(_sentences(r)) for r in case.references]
        for name, system in systems.items():
            picked = system(case.id)
            lengths[name].append(sum(len(s) for s in picked))
            for sentence in picked:
                reason = not_prose(sentence)
                if reason:
                    bad[name].append({"article": case.id, "reason": reason, "sentence": sentence})
            candidate = "\n".join(picked)
            per_ref = [scorer.score(ref, candidate) for ref in references]
            scores.setdefault((case.dataset, name), []).append(
                {m: statistics.fmean(s[m].fmeasure for s in per_ref) for m in METRICS})
    out: dict = {}
    for (dataset, name), rows in scores.items():
        out.setdefault(dataset, {})[name] = {
            "articles": len(rows),
            **{m: statistics.fmean(r[m] for r in rows) for m in METRICS},
        }
    for name in systems:
        out.setdefault("bad_sentences", {})[name] = {"count": len(bad[name]), "examples": bad[name][:5]}
        out.setdefault("median_summary_chars", {})[name] = statistics.median(lengths[name])
    return out


def _span(corpus, article_id: str) -> tuple[int, int]:
    rows = corpus.articles[article_id]
    return rows.first, rows.stop
