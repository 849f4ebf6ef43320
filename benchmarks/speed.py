"""Speed: ask latency, build throughput against the bare model, no-change rebuild, cold start, memory,
and how latency and memory grow with the corpus (1x, 4x, 16x).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.data import REPO, SeedArticle
from benchmarks.stores import CACHE, config_for, write_seeds
from index.build import build_index
from index.config import EngineConfig

log = logging.getLogger(__name__)


def percentiles(values: list[float]) -> dict:
    a = np.asarray(values)
    return {"n": len(a), "p50_ms": float(np.percentile(a, 50)), "p95_ms": float(np.percentile(a, 95)),
            "p99_ms": float(np.percentile(a, 99)), "mean_ms": float(a.mean())}


def ask_latency(engine, questions: list[str]) -> dict:
    """engine.ask one question at a time (batch mode: no waiting between questions), real model."""
    engine.ask(questions[0])  # warm-up: first-call allocations are cold start, measured apart
    totals, parts = [], {}
    for question in questions:
        began = time.perf_counter()
        answer = engine.ask(question)
        totals.append((time.perf_counter() - began) * 1000)
        for key, value in answer.timings_ms.items():
            parts.setdefault(key, []).append(value)
    out = percentiles(totals)
    out["median_parts_ms"] = {k: float(np.median(v)) for k, v in parts.items()}
    return out


def build_throughput(articles: list[SeedArticle], model) -> dict:
    """A fresh build of ``articles`` beside the bare model embedding the same sentence texts."""
    from index.articles import load_articles

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        config = EngineConfig(seeds_dir=Path(tmp) / "seeds", store_dir=Path(tmp) / "store")
        write_seeds(config.seeds_dir, articles)
        parsed, _ = load_articles(config.seeds_dir)
        texts = [a.quote(s) for a in parsed for s in a.sentences]
        model.embed(texts[:64])  # warm-up
        began = time.perf_counter()
        model.embed(texts)
        raw = time.perf_counter() - began
        report = build_index(config, model=model)
        began = time.perf_counter()
        again = build_index(config, model=model)
        rebuild = time.perf_counter() - began
        began = time.perf_counter()
        model.embed(texts)
        raw2 = time.perf_counter() - began
    raw_rate = len(texts) / ((raw + raw2) / 2)
    build_rate = report.chunks / report.seconds
    return {
        "articles": len(articles), "sentences": report.chunks,
        "build_s": report.seconds, "build_sentences_per_s": build_rate,
        "raw_model_sentences_per_s": raw_rate, "ratio": build_rate / raw_rate,
        "raw_runs_s": [raw, raw2],
        "no_change_rebuild_s": rebuild, "no_change_rebuild_embedded": again.embedded,
    }


def scaled_store(base: EngineConfig, extra: EngineConfig | None, factor: int) -> EngineConfig:
    """A store with ``factor`` times the base store's sentences: the base, then extra articles (FRANK,
    SummEval), then copies of the base under new article ids. Rows are copied with their vectors
    (the same text gives the same vector), straight into a Chroma generation the engine opens as usual.
    """
    from dataclasses import replace

    from index.store import (
        LAYOUT,
        collection_metadata,
        connect,
        drop_stale_generations,
        manifest_json,
        new_generation_name,
        open_current,
        remove_orphan_folders,
        version_of,
        write_pointer,
    )

    base_live = open_current(connect(base), base)
    base_rows = base_live.get(include=["embeddings", "documents", "metadatas"])
    target = factor * len(base_rows["ids"])
    config = config_for(f"scale-{factor}x-{target}")
    client = connect(config, create=True)
    try:
        if open_current(client, config).count() == target:
            return config
    except Exception:
        pass
    drop_stale_generations(client, config, keep=set())
    remove_orphan_folders(config)
    sources = [("", base_rows, base_live.manifest)]
    if extra is not None and factor > 1:
        extra_live = open_current(connect(extra), extra)
        sources.append(("", extra_live.get(include=["embeddings", "documents", "metadatas"]), extra_live.manifest))
    copy = 0
    while sum(len(r["ids"]) for _, r, _ in sources) < target:
        copy += 1
        sources.append((f"-copy{copy}", base_rows, base_live.manifest))
    name = new_generation_name(config)
    collection = client.create_collection(name, metadata=collection_metadata(), embedding_function=None)
    added = 0
    manifest = {}
    for suffix, rows, records in sources:
        renamed = {article: replace(record, version=version_of(article + suffix, record.digest))
                   for article, record in records.items()}
        for begin in range(0, len(rows["ids"]), 4000):
            take = min(4000, target - added)
            if take <= 0:
                break
            part = slice(begin, begin + take)
            ids = [hashlib.sha256((i + suffix).encode()).hexdigest()[:32] if suffix else i for i in rows["ids"][part]]
            metas = [{**m, "article": m["article"] + suffix, "version": renamed[m["article"]].version}
                     for m in rows["metadatas"][part]]
            collection.add(ids=ids, embeddings=rows["embeddings"][part], documents=rows["documents"][part],
                           metadatas=metas)
            for m in metas:
                record = renamed[m["article"][: len(m["article"]) - len(suffix)] if suffix else m["article"]]
                kept = manifest.get(m["article"])
                manifest[m["article"]] = replace(record, count=(kept.count if kept else 0) + 1)
            added += len(ids)
    write_pointer(client, config, {"layout": LAYOUT, "current": name, "manifest": manifest_json(manifest),
                                   "pending": "[]", "garbage": "[]", "dead": 0, "rows": added})
    return config


def probe(config: EngineConfig, questions: list[str], count: int) -> dict:
    """Cold start, latency and peak RSS measured in a fresh Python process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(questions, handle)
        path = handle.name
    try:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "benchmarks.probe", str(config.store_dir), path, str(count)],
                              capture_output=True, text=True, cwd=REPO, env=env, timeout=900)
        wall = time.perf_counter() - began
    finally:
        os.unlink(path)
    if done.returncode != 0:
        raise RuntimeError(f"probe failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = wall
    return result


def _count_rows(config: EngineConfig) -> range:
    from index.store import connect, open_current

    return range(open_current(connect(config), config).count())


def scaling(base: EngineConfig, extra: EngineConfig, questions: list[str], factors: tuple[int, ...],
            count: int) -> list[dict]:
    rows = []
    for factor in factors:
        began = time.perf_counter()
        config = base if factor == 1 else scaled_store(base, extra, factor)
        prepared = time.perf_counter() - began
        try:
            result = probe(config, questions, count)
        except RuntimeError as error:  # recorded, not fatal: "the engine cannot open this" is a result
            last = str(error).strip().splitlines()[-1]
            log.warning("scale %dx: %s", factor, last)
            result = {"error": last, "sentences": factor * len(_count_rows(base))}
        result["factor"] = factor
        result["prepare_s"] = prepared
        rows.append(result)
        log.info("scale %dx: %s", factor, result)
    return rows


__all__ = ["CACHE", "ask_latency", "build_throughput", "percentiles", "probe", "scaling", "scaled_store"]
