"""Engine settings: one frozen dataclass, read once from the environment (and `.env`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from index.errors import EngineError

MAX_QUESTION_CHARS = 2000


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise EngineError(f"{name} must be a whole number, not {raw!r}.") from None


@dataclass(frozen=True)
class EngineConfig:
    seeds_dir: Path = Path("seeds")
    store_dir: Path = Path(".data/chroma")
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection_prefix: str = "articles"
    top_k: int = 3

    @classmethod
    def from_env(cls, **overrides) -> EngineConfig:
        """Reads NEWSBOT_SEEDS, NEWSBOT_STORE, CHROMA_HOST, CHROMA_PORT, NEWSBOT_COLLECTION, NEWSBOT_TOP_K."""
        from dotenv import find_dotenv, load_dotenv

        # The .env of the folder the command runs in (the repo root for `make run`), not of this file.
        load_dotenv(find_dotenv(usecwd=True), override=False)
        config = cls(
            seeds_dir=Path(os.environ.get("NEWSBOT_SEEDS") or cls.seeds_dir),
            store_dir=Path(os.environ.get("NEWSBOT_STORE") or cls.store_dir),
            chroma_host=os.environ.get("CHROMA_HOST") or None,
            chroma_port=_int("CHROMA_PORT", cls.chroma_port),
            collection_prefix=os.environ.get("NEWSBOT_COLLECTION") or cls.collection_prefix,
            top_k=_int("NEWSBOT_TOP_K", cls.top_k),
        )
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(config, **overrides) if overrides else config
