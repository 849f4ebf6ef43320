"""Extractive summaries: central, early, non-redundant sentences, returned in article order."""

from __future__ import annotations

import re

import numpy as np

from index.corpus import Corpus

# Scoring knobs, tuned on the FRANK validation half (benchmarks/README.bench.md has the figures).
CENTRALITY_WEIGHT = 1.0
POSITION_WEIGHT = 1.0
POSITION_DECAY = 0.5  # position bonus = POSITION_WEIGHT / (1 + index) ** POSITION_DECAY
REDUNDANCY_WEIGHT = 0.6
MIN_CHARS = 40
# Bylines, datelines, captions and credits are never summary sentences.
_NOT_PROSE = re.compile(
    r"^(by\s+[A-Z]|photo|image|picture|caption|credit|copyright|©|\(cnn\)\s*$|updated|published|follow\s+@|"
    r"click\s+here|read\s+more|scroll\s+down|last\s+updated|daily\s+mail\s+reporter)",
    re.I,
)
# Photo captions run on without a full stop ("Flying high: Half of the kite took to the sky").
_TERMINAL = ".!?\"'”’)…"
_LABEL = re.compile(r"^[A-Z][\w'’ -]{0,30}:\s")


def eligible(text: str) -> bool:
    stripped = text.strip()
    return (
        len(stripped) >= MIN_CHARS
        and not _NOT_PROSE.match(stripped)
        and stripped[-1] in _TERMINAL
        and not (_LABEL.match(stripped) and stripped[-1] != ".")
    )


def pick_sentences(corpus: Corpus, first: int, stop: int, count: int) -> list[tuple[int, float]]:
    rows = [r for r in range(first, stop) if eligible(corpus.texts[r])] or list(range(first, stop))
    vectors = corpus.vectors[rows]
    centroid = vectors.mean(axis=0)
    centroid /= max(np.linalg.norm(centroid), 1e-12)
    centrality = vectors @ centroid
    positions = np.array([r - first for r in rows], dtype=np.float64)
    relevance = CENTRALITY_WEIGHT * centrality + POSITION_WEIGHT / (1.0 + positions) ** POSITION_DECAY
    chosen: list[int] = []
    scores: dict[int, float] = {}
    while len(chosen) < min(count, len(rows)):
        best, best_score = -1, -np.inf
        for i in range(len(rows)):
            if i in scores:
                continue
            redundancy = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            score = relevance[i] - REDUNDANCY_WEIGHT * redundancy
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
        scores[best] = float(relevance[best])
    return sorted((rows[i], scores[i]) for i in chosen)
