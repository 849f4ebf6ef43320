"""Question vectors computed once per text and kept on disk, so quality runs do not re-embed questions.

The wrapper has the model's ``embed`` and ``token_states``, so the engine runs unchanged on top of it.
Latency is always measured with the bare model (see ``speed.py``), never through this cache.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from benchmarks.stores import CACHE
from index.embedding import DIMENSION


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedModel:
    def __init__(self, model, path: Path | None = None) -> None:
        self.model = model
        self.path = path or CACHE / "question-vectors.npz"
        self.vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if self.path.exists():
            stored = np.load(self.path)
            self.vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    def embed(self, texts: list[str], **kwargs) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self.vectors]
        if missing:
            fresh = self.model.embed([texts[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                self.vectors[keys[i]] = vector
            self._dirty = True
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys])

    def token_states(self, texts: list[str]):
        """The model's word-piece states, not cached: without them the engine's alignment stage (realign)
        would not run, and the quality figures would be another engine's."""
        return self.model.token_states(texts)

    def save(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self.vectors))
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=np.stack(list(self.vectors.values())))
        tmp.replace(self.path)
        self._dirty = False
