"""Newer first, when the question asks for the latest: "what's the latest on the ceasefire?".

Only passages whose scores are close to the best one trade places, and only dated ones among
themselves (an undated passage keeps its place): a clearly better match is never pushed down for being
older, and questions that do not ask for the latest keep the ranking as it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TypeVar

from index.dates import parse_date

# A passage is "close" when its score's log-odds are within this of the best one's. Scores are the
# ranking's probabilities, which saturate near 1, so closeness is measured on log-odds. On the dated test
# articles (tests/dated_articles.py) answers to the same question from different articles trail the best
# by 0.6-2.8, a clearly better match (the port authority's current chair) leads by 4.3.
CLOSE = 3.0
_LATEST = re.compile(
    r"\b(latest|newest|most recent|recently|right now|now|current|currently|today|these days|so far|"
    r"as it stands|up to date|update)\b", re.I)

Hit = TypeVar("Hit")


def wants_latest(question: str) -> bool:
    return bool(_LATEST.search(question))


def prefer_newer(question: str, hits: Sequence[Hit], corpus, close: float = CLOSE) -> list[Hit]:
    """``hits`` (best first, each with ``.row`` and ``.score``, a probability) with the newer of close ones
    first."""
    hits = list(hits)
    if len(hits) < 2 or not wants_latest(question):
        return hits
    best = log_odds(hits[0].score)
    group = 0
    while group < len(hits) and log_odds(hits[group].score) >= best - close:
        group += 1
    days = [_published(corpus, hit.row) for hit in hits[:group]]
    dated = [i for i, day in enumerate(days) if day is not None]
    # sorted() is stable: passages of one day keep their order.
    newest_first = sorted(dated, key=lambda i: days[i], reverse=True)
    for slot, i in zip(dated, [hits[i] for i in newest_first], strict=True):
        hits[slot] = i
    return hits


def log_odds(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _published(corpus, row: int):
    article = corpus.articles[corpus.article_ids[corpus.article_of_row[row]]]
    return parse_date(article.published)
