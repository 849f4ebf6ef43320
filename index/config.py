"""Engine settings: one frozen dataclass, read once from the environment (and `.env`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from index.articles import MAX_ARTICLE_BYTES
from index.errors import EngineError

MAX_QUESTION_CHARS = 2000
MAX_TOP_K = 20


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise EngineError(f"{name} must be a whole number from {low:,} to {high:,}, not {raw!r}.")
    return value


def _number(name: str, default: float, *, positive: bool = False) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or (positive and value == 0):
        raise EngineError(f"{name} must be a number {'above' if positive else 'of'} 0"
                          f"{'' if positive else ' or more'}, not {raw!r}.")
    return value


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise EngineError(f"{name} must be 1 or 0, not {raw!r}.")


def _seconds(name: str, default: float) -> float:
    value = _number(name, default, positive=True)
    if value > 600:
        raise EngineError(f"{name} must be a number of seconds above 0 and at most 600, not {value:g}.")
    return value


def _llm_settings() -> dict:
    """NEWSBOT_LLM_*: all unset means no LLM at all; a half-set group fails naming what is missing."""
    base_url = os.environ.get("NEWSBOT_LLM_BASE_URL", "").strip() or None
    model = os.environ.get("NEWSBOT_LLM_MODEL", "").strip() or None
    api_key = os.environ.get("NEWSBOT_LLM_API_KEY", "").strip() or None
    timeout = _seconds("NEWSBOT_LLM_TIMEOUT", EngineConfig.llm_timeout)
    if base_url is None:
        for name, value in (("NEWSBOT_LLM_MODEL", model), ("NEWSBOT_LLM_API_KEY", api_key)):
            if value is not None:
                raise EngineError(f"{name} is set but NEWSBOT_LLM_BASE_URL is not: set both, or neither.")
        return {"llm_timeout": timeout}
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        # Never echo the value: a URL can carry credentials.
        raise EngineError("NEWSBOT_LLM_BASE_URL must be an http:// or https:// URL, "
                          "for example http://127.0.0.1:11434/v1.")
    if model is None:
        raise EngineError("NEWSBOT_LLM_BASE_URL is set but NEWSBOT_LLM_MODEL is not: name the model to use.")
    return {"llm_base_url": base_url, "llm_model": model, "llm_api_key": api_key, "llm_timeout": timeout}


@dataclass(frozen=True)
class EngineConfig:
    seeds_dir: Path = Path("seeds")
    store_dir: Path = Path(".data/chroma")
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection_prefix: str = "articles"
    top_k: int = 3
    # Articles from the web (index/web.py, index/ingest.py, index/feeds.py).
    feeds: tuple[str, ...] | None = None  # NEWSBOT_FEEDS; None: the lines of <seeds>/feeds.txt
    allow_private_urls: bool = False
    fetch_timeout: float = 10.0
    fetch_max_mb: float = 5.0
    feed_max_new: int = 10  # new articles per feed per refresh
    max_age_days: float = 30.0  # feed articles older than this are removed at the next refresh; 0: never
    refresh_minutes: float = 0.0  # the bot's feed refresh loop; 0 is off

    @property
    def feeds_state(self) -> Path:
        """Conditional-GET validators and the entries already seen, per feed."""
        return self.store_dir / "feeds.json"

    max_article_bytes: int = MAX_ARTICLE_BYTES
    # An OpenAI-compatible endpoint for written answers; None keeps answers extractive (quotes only).
    llm_base_url: str | None = None
    llm_model: str | None = None
    # repr=False keeps the key out of logs, tracebacks and reprs.
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 20.0

    @property
    def llm_enabled(self) -> bool:
        return self.llm_base_url is not None and self.llm_model is not None

    @classmethod
    def from_env(cls, **overrides) -> EngineConfig:
        """Reads NEWSBOT_SEEDS, NEWSBOT_STORE, CHROMA_HOST, CHROMA_PORT, NEWSBOT_COLLECTION, NEWSBOT_TOP_K,
        NEWSBOT_MAX_ARTICLE_BYTES; for articles from the web NEWSBOT_FEEDS, NEWSBOT_ALLOW_PRIVATE_URLS,
        NEWSBOT_FETCH_TIMEOUT, NEWSBOT_FETCH_MAX_MB, NEWSBOT_FEED_MAX_NEW, NEWSBOT_MAX_AGE_DAYS,
        NEWSBOT_REFRESH_MINUTES; for written answers NEWSBOT_LLM_BASE_URL, NEWSBOT_LLM_MODEL,
        NEWSBOT_LLM_API_KEY, NEWSBOT_LLM_TIMEOUT. Raises EngineError naming a malformed one."""
        from dotenv import find_dotenv, load_dotenv

        # The .env of the folder the command runs in (the repo root for `make run`), not of this file.
        load_dotenv(find_dotenv(usecwd=True), override=False)
        config = cls(
            seeds_dir=Path(os.environ.get("NEWSBOT_SEEDS") or cls.seeds_dir),
            store_dir=Path(os.environ.get("NEWSBOT_STORE") or cls.store_dir),
            chroma_host=os.environ.get("CHROMA_HOST") or None,
            chroma_port=_int("CHROMA_PORT", cls.chroma_port, 1, 65535),
            collection_prefix=os.environ.get("NEWSBOT_COLLECTION") or cls.collection_prefix,
            top_k=_int("NEWSBOT_TOP_K", cls.top_k, 1, MAX_TOP_K),
            # Up to 1 GB: past that one file would not fit in the memory a build has anyway.
            max_article_bytes=_int("NEWSBOT_MAX_ARTICLE_BYTES", MAX_ARTICLE_BYTES, 1, 1 << 30),
            feeds=tuple(os.environ["NEWSBOT_FEEDS"].replace(",", " ").split())
            if os.environ.get("NEWSBOT_FEEDS", "").strip() else None,
            allow_private_urls=_flag("NEWSBOT_ALLOW_PRIVATE_URLS"),
            fetch_timeout=_number("NEWSBOT_FETCH_TIMEOUT", cls.fetch_timeout, positive=True),
            fetch_max_mb=_number("NEWSBOT_FETCH_MAX_MB", cls.fetch_max_mb, positive=True),
            feed_max_new=_int("NEWSBOT_FEED_MAX_NEW", cls.feed_max_new, 1, 1000),
            max_age_days=_number("NEWSBOT_MAX_AGE_DAYS", cls.max_age_days),
            refresh_minutes=_number("NEWSBOT_REFRESH_MINUTES", cls.refresh_minutes),
            **_llm_settings(),
        )
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(config, **overrides) if overrides else config
