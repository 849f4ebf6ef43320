"""The cited-answer engine: builds a Chroma index from articles and answers with verbatim quotes.

This package never imports discord; the bot in ``bot/`` is one of its clients.
"""

from index.config import EngineConfig
from index.errors import EngineError
from index.types import Answer, ArticleInfo, BuildReport, Citation, Summary

__all__ = [
    "Answer",
    "ArticleInfo",
    "BuildReport",
    "Citation",
    "EngineConfig",
    "EngineError",
    "Summary",
]
