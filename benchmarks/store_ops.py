"""Store operations: `python -m benchmarks.store_ops` writes benchmarks/results/store.json and store.md.

- Build: a fresh `python -m index build` of the 48 SQuAD v1.1 dev articles (both halves) in its own
  process: seconds and peak RSS (VmHWM).
- Serve: that store opened and asked in a fresh process (benchmarks.probe): open seconds, peak RSS.
- Add one article to a ~29k-sentence store: the 48 articles three times over (copies under new ids; their
  vectors come from the first build through a cache, since the same text gives the same vector), then the
  seed article is added and removed again by `python -m index build` in a fresh process, three times:
  wall seconds (imports and model load included) and the build's own seconds. Then the time to open that
  store for an ask.

The stores live under ``$BENCH_CACHE/store-ops`` (default /tmp/bench-cache); the 48-article store is
rebuilt from scratch on every run (its build is what is measured), the 29k one is reused when present.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks import data
from benchmarks.data import SeedArticle
from benchmarks.speed import probe
from benchmarks.stores import CACHE, write_seeds
from index.config import EngineConfig

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
SEED = REPO / "seeds" / "russia-rejects-european-troops.txt"
COPIES = 3

# Runs the real CLI in this process, then reports its peak resident memory on the last stderr line.
_MEASURED = """
import json, sys
from pathlib import Path
from index.cli import main
code = main(sys.argv[1:])
hwm = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
print(json.dumps({"peak_rss_mb": hwm / 1024}), file=sys.stderr)
sys.exit(code)
"""


def cli(config: EngineConfig, *args: str) -> dict:
    env = {**os.environ, "NEWSBOT_SEEDS": str(config.seeds_dir), "NEWSBOT_STORE": str(config.store_dir),
           "PYTHONPATH": str(REPO)}
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=3600)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{args}: {done.stderr[-2000:]}")
    result = json.loads(done.stderr.strip().splitlines()[-1])
    result["wall_s"] = wall
    if "--json" in args:
        result["report"] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class ReusedVectorsModel:
    """The real model behind a text -> vector cache, for building copies of articles already embedded."""

    def __init__(self, vectors: dict[str, np.ndarray], model) -> None:
        self.vectors = vectors
        self.model = model

    def embed_stream(self, texts: list[str], batch_size: int = 256):
        missing = sorted({t for t in texts if t not in self.vectors})
        if missing:
            for indexes, vectors in self.model.embed_stream(missing):
                for i, vector in zip(indexes, vectors, strict=True):
                    self.vectors[missing[i]] = vector
        for begin in range(0, len(texts), batch_size):
            indexes = list(range(begin, min(begin + batch_size, len(texts))))
            yield indexes, np.stack([self.vectors[texts[i]] for i in indexes])


def squad48() -> tuple[list[SeedArticle], list[str]]:
    tuning, q1 = data.squad("tuning")
    heldout, q2 = data.squad("heldout")
    return tuning + heldout, [q.text for q in q1[:150] + q2[:150]]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from index.build import build_index
    from index.embedding import load_model
    from index.store import connect, open_current, read_all

    root = CACHE / "store-ops"
    articles, questions = squad48()
    base = EngineConfig(seeds_dir=root / "squad48" / "seeds", store_dir=root / "squad48" / "store")
    shutil.rmtree(base.store_dir, ignore_errors=True)
    write_seeds(base.seeds_dir, articles)
    built = cli(base, "build", "--json")
    log.info("48 articles built: %s", built)
    served = probe(base, questions, 200)
    log.info("48 articles served: %s", served)

    big = EngineConfig(seeds_dir=root / "squad29k" / "seeds", store_dir=root / "squad29k" / "store")
    copies = [SeedArticle(f"{a.id}-copy{n}", a.title, a.paragraphs) for n in range(1, COPIES) for a in articles]
    write_seeds(big.seeds_dir, articles + copies)
    began = time.perf_counter()
    rows = read_all(open_current(connect(base), base), ["documents", "embeddings"])
    cache = {text: np.asarray(vector, dtype=np.float32) for text, vector in zip(rows["documents"], rows["embeddings"],
                                                                              strict=True)}
    del rows
    prepared = build_index(big, model=ReusedVectorsModel(cache, load_model()))
    del cache
    log.info("29k store: %s (%.0f s)", prepared.line(), time.perf_counter() - began)

    added, removed = [], []
    for _ in range(3):
        shutil.copy(SEED, big.seeds_dir / SEED.name)
        added.append(cli(big, "build", "--json"))
        (big.seeds_dir / SEED.name).unlink()
        removed.append(cli(big, "build", "--json"))
    log.info("add one article: %s; remove it: %s", added, removed)
    opened = probe(big, questions, 50)
    log.info("29k served: %s", opened)

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r["report"][key] if key in r.get("report", {}) else r[key] for r in runs)

    result = {
        "started": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "build48": {"sentences": built["report"]["chunks"], "seconds": built["report"]["seconds"],
                    "wall_s": built["wall_s"], "peak_rss_mb": built["peak_rss_mb"]},
        "serve48": {k: served[k] for k in ("sentences", "open_s", "p50_ms", "peak_rss_mb")},
        "store29k": {"sentences": prepared.chunks},
        "add_one": {"sentences": added[0]["report"]["embedded"], "build_s": median(added, "seconds"),
                    "wall_s": median(added, "wall_s"), "peak_rss_mb": median(added, "peak_rss_mb"),
                    "runs": [r["report"]["seconds"] for r in added]},
        "remove_one": {"build_s": median(removed, "seconds"), "wall_s": median(removed, "wall_s")},
        "serve29k": {k: opened[k] for k in ("sentences", "open_s", "p50_ms", "peak_rss_mb")},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "store.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "store.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


def markdown(r: dict) -> str:
    b, s, a, rm, big = r["build48"], r["serve48"], r["add_one"], r["remove_one"], r["serve29k"]
    return "\n".join([
        f"### Store operations (`python -m benchmarks.store_ops`, run {r['started']} UTC)",
        "",
        "| measure | figure | target |",
        "|---|---|---|",
        f"| add one article ({a['sentences']} sentences) to a {r['store29k']['sentences']:,}-sentence store "
        f"| {a['build_s']:.2f} s build, {a['wall_s']:.2f} s `python -m index build` wall (median of 3) | <= 5 s |",
        f"| remove that article again | {rm['build_s']:.2f} s build, {rm['wall_s']:.2f} s wall | |",
        f"| build the 48 SQuAD articles ({b['sentences']:,} sentences), fresh store | {b['seconds']:.0f} s, "
        f"peak RSS {b['peak_rss_mb']:.0f} MB | <= 500 MB |",
        f"| serve them (fresh process) | open {s['open_s']:.2f} s, peak RSS {s['peak_rss_mb']:.0f} MB | |",
        f"| open the {big['sentences']:,}-sentence store for an ask | {big['open_s']:.2f} s, peak RSS "
        f"{big['peak_rss_mb']:.0f} MB | <= 3 s |",
        f"| peak RSS of the add-one-article build | {a['peak_rss_mb']:.0f} MB | |",
        "",
    ])


if __name__ == "__main__":
    main()
