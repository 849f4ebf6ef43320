"""Process-wide settings for the entry points (CLI, bot), applied before any worker thread starts."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_ARENA_MAX = -8


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """glibc gives each thread (onnxruntime, Chroma, to_thread workers) its own malloc arena; capping them
    cut the serving RSS by ~50 MB on the SQuAD store (435 → 383 MB) at no measurable speed cost."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        return bool(ctypes.CDLL(name).mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        log.debug("mallopt unavailable; malloc arenas left as they are")
        return False
