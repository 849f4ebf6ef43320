"""Run in a fresh process: cold start to first answer (open, warm, ask), then serving latency and peak
memory.

``python -m benchmarks.probe STORE_DIR QUESTIONS_FILE N`` prints one JSON line. Peak RSS is VmHWM from
/proc (the high-water mark of resident memory over the process's life, model and index included).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    store_dir, questions_file, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    from index.runtime import limit_malloc_arenas

    limit_malloc_arenas()  # as `python -m index` and `python -m bot` start, so memory is the product's
    from index.config import EngineConfig
    from index.engine import Engine

    imported = time.perf_counter()
    engine = Engine.open(EngineConfig(seeds_dir=store_dir.parent / "seeds", store_dir=store_dir))
    opened = time.perf_counter()
    engine.warm()  # as the bot does before it answers
    warmed = time.perf_counter()
    engine.ask(questions[0])
    first = time.perf_counter()
    latencies = []
    for question in (questions * (count // max(len(questions), 1) + 1))[:count]:
        began = time.perf_counter()
        engine.ask(question)
        latencies.append((time.perf_counter() - began) * 1000)
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(json.dumps({
        "sentences": len(engine.corpus),
        "articles": len(engine.corpus.articles),
        "import_s": imported - STARTED,
        "open_s": opened - imported,
        "warm_s": warmed - opened,
        "first_answer_s": first - warmed,
        "cold_start_s": first - STARTED,
        "asks": len(latencies),
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
        "peak_rss_mb": _status_mb("VmHWM"),
        "rss_mb": _status_mb("VmRSS"),
    }))


if __name__ == "__main__":
    main()
