"""Seed folders and Chroma stores built through the project's own build, cached between runs.

A store lives in ``$BENCH_CACHE/<name>/`` (default ``/tmp/bench-cache``). Re-running a benchmark rewrites
the same seed files, so the build is a no-change rebuild and nothing is embedded twice.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from benchmarks.data import SeedArticle
from index.build import build_index
from index.config import EngineConfig

log = logging.getLogger(__name__)

CACHE = Path(os.environ.get("BENCH_CACHE", "/tmp/bench-cache"))


def write_seeds(folder: Path, articles: list[SeedArticle]) -> None:
    """Makes ``folder`` hold exactly these articles; unchanged files are left untouched."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {f"{a.id}.txt": a.file_text() for a in articles}
    for path in folder.iterdir():
        if path.name not in wanted:
            path.unlink()
    for name, text in wanted.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def config_for(name: str) -> EngineConfig:
    root = CACHE / name
    return EngineConfig(seeds_dir=root / "seeds", store_dir=root / "store")


def ensure_store(name: str, articles: list[SeedArticle], *, derive_from: str | None = None) -> EngineConfig:
    """Builds (or refreshes) the store ``name`` holding ``articles``.

    With ``derive_from``, a missing store starts as a copy of that one, so articles it already holds are
    copied over by the build rather than embedded again.
    """
    config = config_for(name)
    key = (name, tuple((a.id, hash(a.file_text())) for a in articles))
    if _ENSURED.get(name) == key:
        return config  # already built from these very articles in this process
    if derive_from and not config.store_dir.exists():
        source = config_for(derive_from).store_dir
        if source.exists():
            shutil.copytree(source, config.store_dir, ignore=shutil.ignore_patterns(".build.lock"))
    write_seeds(config.seeds_dir, articles)
    began = time.perf_counter()
    report = build_index(config)
    log.info("store %s: %s (%.1f s)", name, report.line(), time.perf_counter() - began)
    _ENSURED[name] = key
    return config


_ENSURED: dict[str, tuple] = {}
