"""Engine settings: one frozen dataclass, read once from the environment (and `.env`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

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


@dataclass(frozen=True)
class EngineConfig:
    seeds_dir: Path = Path("seeds")
    store_dir: Path = Path(".data/chroma")
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection_prefix: str = "articles"
    top_k: int = 3
    max_article_bytes: int = MAX_ARTICLE_BYTES

    @classmethod
    def from_env(cls, **overrides) -> EngineConfig:
        """Reads NEWSBOT_SEEDS, NEWSBOT_STORE, CHROMA_HOST, CHROMA_PORT, NEWSBOT_COLLECTION, NEWSBOT_TOP_K,
        NEWSBOT_MAX_ARTICLE_BYTES; raises EngineError naming a malformed one."""
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
        )
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(config, **overrides) if overrides else config
