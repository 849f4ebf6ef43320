"""Engine settings: one frozen dataclass, read once from the environment (and `.env`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

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


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 600:
        raise EngineError(f"{name} must be a number of seconds above 0 and at most 600, not {raw!r}.")
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
        """Reads NEWSBOT_SEEDS, NEWSBOT_STORE, CHROMA_HOST, CHROMA_PORT, NEWSBOT_COLLECTION, NEWSBOT_TOP_K and
        NEWSBOT_LLM_BASE_URL, NEWSBOT_LLM_MODEL, NEWSBOT_LLM_API_KEY, NEWSBOT_LLM_TIMEOUT."""
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
            **_llm_settings(),
        )
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(config, **overrides) if overrides else config
