"""python -m benchmarks [--quick] [--split tuning|heldout] [--only answers,refusal,summaries,speed]"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path

from benchmarks import answers, data, refusal, report, speed, summaries
from benchmarks.stores import CACHE, ensure_store
from benchmarks.vectors import CachedModel
from index import ranking

log = logging.getLogger("benchmarks")
RESULTS = Path(__file__).resolve().parent / "results"
SECTIONS = ("answers", "refusal", "summaries", "speed")


def sample(items: list, n: int | None, seed: int = 0) -> list:
    if n is None or n >= len(items):
        return items
    return random.Random(seed).sample(items, n)


def run_answers(args, model, engine_open) -> dict:
    articles, questions = data.squad(args.split)
    config = ensure_store(f"squad-{args.split}", articles)
    asked = sample(questions, args.questions)
    engine = engine_open(config)
    cached = engine.embedder
    vectors = cached.embed([q.text for q in asked])
    systems = {}
    systems["engine"], _ = answers.evaluate_engine(engine, asked)
    log.info("engine: %s", systems["engine"])
    systems.update(answers.evaluate_baselines(engine.corpus, asked, vectors))
    log.info("baselines done")
    if not args.no_llama:
        systems["llama_default"] = answers.evaluate_llama_default(
            articles, asked, model, CACHE / f"llama-default-{args.split}")
        log.info("llama-index default done")
    note = "" if len(asked) == len(questions) else f" (a random sample of {len(asked):,} of {len(questions):,})"
    return {"articles": len(articles), "sentences": len(engine.corpus), "questions": len(asked),
            "sample_note": note, "systems": systems}


def run_refusal(args, engine_open) -> dict:
    articles, questions = data.squad(args.split)
    ensure_store(f"squad-{args.split}", articles)
    kept = articles[0::2]
    kept_ids = {a.id for a in kept}
    half = ensure_store(f"squad-{args.split}-half", kept, derive_from=f"squad-{args.split}")
    engine = engine_open(half)
    inside = sample([q for q in questions if q.article in kept_ids], args.refusal_questions)
    outside = sample([q for q in questions if q.article not in kept_ids], args.refusal_questions)
    in_hits, out_hits = refusal.top_scores(engine, inside), refusal.top_scores(engine, outside)
    shipped = refusal.shipped_point(in_hits, out_hits)
    off_topic = {"store_articles": len(kept), "absent_articles": len(articles) - len(kept),
                 "answer_questions": len(inside), "refuse_questions": len(outside),
                 "answered": shipped["answered"], "refused": shipped["refused"], "shipped": shipped,
                 "sweep": refusal.sweep(in_hits, out_hits)}
    log.info("off-topic: answered %.3f refused %.3f", shipped["answered"], shipped["refused"])
    v2_articles, v2_questions = data.squad(args.split, "2.0")
    v2_engine = engine_open(ensure_store(f"squad2-{args.split}", v2_articles))
    v2_questions = sample(v2_questions, args.v2_questions)
    ok = [q for q in v2_questions if not q.impossible]
    bad = [q for q in v2_questions if q.impossible]
    ok_hits, bad_hits = refusal.top_scores(v2_engine, ok), refusal.top_scores(v2_engine, bad)
    squad2 = {"articles": len(v2_articles), "answerable": len(ok), "impossible": len(bad),
              "shipped": refusal.shipped_point(ok_hits, bad_hits),
              "sweep": refusal.sweep(ok_hits, bad_hits)}
    log.info("squad2: %s", squad2["shipped"])
    seed_engine = engine_open(ensure_store("seed", _seed_articles()))
    return {"off_topic": off_topic, "squad2": squad2, "seed_checks": refusal.seed_checks(seed_engine),
            "shipped_params": {"answer_at": ranking.ANSWER_AT}}


def _seed_articles() -> list[data.SeedArticle]:
    out = []
    for path in sorted((data.REPO / "seeds").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out.append(data.SeedArticle(path.stem, lines[0], tuple(lines[1:])))
    return out


def run_summaries(args, engine_open) -> dict:
    frank_articles, frank_cases = data.frank_cnndm(args.split)
    se_articles, se_cases = data.summeval(args.split)
    engine = engine_open(ensure_store(f"summaries-{args.split}", frank_articles + se_articles))
    if args.summary_articles:
        frank_cases, se_cases = frank_cases[: args.summary_articles], se_cases[: args.summary_articles // 2]
    return summaries.evaluate(engine, frank_cases + se_cases)


def run_speed(args, model) -> dict:
    from index.build import build_index
    from index.engine import Engine

    articles, questions = data.squad(args.split)
    config = ensure_store(f"squad-{args.split}", articles)
    texts = [q.text for q in sample(questions, args.latency_questions, seed=1)]
    engine = Engine.open(config, model=model)
    latency = speed.ask_latency(engine, texts)
    log.info("latency: %s", latency)
    # Side by side: the same engine with a one-thread onnxruntime session for the question embedding,
    # when the model still takes a thread count (it runs one intra-op thread by default since then).
    import inspect

    from index.embedding import MiniLM

    latency_one_thread = None
    if "threads" in inspect.signature(MiniLM).parameters:
        single = Engine.open(config, model=MiniLM(threads=1))
        latency_one_thread = speed.ask_latency(single, texts)
        del single
        log.info("latency, 1-thread model: %s", latency_one_thread)
    began = time.perf_counter()
    again = build_index(config, model=model)
    rebuild = {"sentences": again.chunks, "seconds": time.perf_counter() - began, "embedded": again.embedded}
    build = speed.build_throughput(articles[1 : 1 + args.build_articles], model)
    log.info("build: %s", build)
    serve = speed.probe(config, texts[:300], 300)
    log.info("serve: %s", serve)
    frank, _ = data.frank_cnndm(args.split)
    se, _ = data.summeval(args.split)
    extra = ensure_store(f"summaries-{args.split}", frank + se)
    factors = (4,) if args.quick else (4, 16)
    scale = [{**serve, "factor": 1, "prepare_s": 0.0}] + speed.scaling(config, extra, texts[:300], factors, 300)
    ok = [row for row in scale if "error" not in row]
    first, last = ok[0], ok[-1]
    growth = (f"From {first['sentences']:,} to {last['sentences']:,} sentences "
              f"({last['sentences'] / first['sentences']:.1f}x): p50 {first['p50_ms']:.1f} → {last['p50_ms']:.1f} ms "
              f"({last['p50_ms'] / first['p50_ms']:.2f}x), peak RSS {first['peak_rss_mb']:.0f} → "
              f"{last['peak_rss_mb']:.0f} MB ({(last['peak_rss_mb'] - first['peak_rss_mb']) / (last['sentences'] - first['sentences']) * 1000:.1f} MB "
              f"per 1,000 extra sentences), open {first['open_s']:.2f} → {last['open_s']:.2f} s.")
    for row in scale:
        if "error" in row:
            growth += f" At {row['factor']}x ({row['sentences']:,} sentences) the engine does not open: {row['error']}"
    return {"latency": latency, "latency_one_thread": latency_one_thread, "build": build,
            "store_rebuild": rebuild, "serve": serve, "scaling": scale, "growth": growth}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="subsample questions, skip the 16x corpus")
    parser.add_argument("--split", choices=data.SPLITS, default="heldout")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ",".join(SECTIONS))
    parser.add_argument("--no-llama", action="store_true", help="skip the llama-index default baseline")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    args = parser.parse_args(argv)
    args.questions = 500 if args.quick else None
    args.refusal_questions = 300 if args.quick else None
    args.v2_questions = 600 if args.quick else None
    args.latency_questions = 500 if args.quick else 2000
    args.summary_articles = 60 if args.quick else None
    args.build_articles = 1 if args.quick else 4
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("chromadb", "httpx", "bm25s", "llama_index"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")

    from index.embedding import load_model
    from index.engine import Engine

    began = time.perf_counter()
    model = load_model()
    cached = CachedModel(model)

    def engine_open(config):
        return Engine.open(config, model=cached)

    result = {"split": args.split, "quick": args.quick, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
              "params": _params()}
    if args.quick:
        result["note"] = ("Quick run: 500 sampled SQuAD questions, 300 per refusal side, 600 SQuAD v2.0 "
                          "questions, the first 60 FRANK and 30 SummEval articles, 500 latency questions, "
                          "a 1-article build sample, no 16x corpus.")
    try:
        if "answers" in sections:
            result["answers"] = run_answers(args, model, engine_open)
        if "refusal" in sections:
            result["refusal"] = run_refusal(args, engine_open)
        if "summaries" in sections:
            result["summaries"] = run_summaries(args, engine_open)
    finally:
        cached.save()
    if "speed" in sections:
        result["speed"] = run_speed(args, model)
    result["seconds"] = time.perf_counter() - began
    args.out.mkdir(parents=True, exist_ok=True)
    name = "latest" if args.split == "heldout" else "tuning"
    (args.out / f"{name}.json").write_text(json.dumps(result, indent=1, default=float) + "\n")
    (args.out / f"{name}.md").write_text(report.markdown(result))
    report.plot(result, args.out / f"{name}.png")
    print(report.markdown(result))
    return 0


def _params() -> dict:
    from dataclasses import asdict

    from index import summarize

    return {"ranking": {**asdict(ranking.Settings()), "weights": ranking.SCORER.weights,
                        "bias": ranking.SCORER.bias, "answer_at": ranking.ANSWER_AT,
                        "close_at": ranking.CLOSE_AT},
            "summary": {k: getattr(summarize, k) for k in dir(summarize) if k.isupper() and not k.startswith("_")
                        and isinstance(getattr(summarize, k), (int, float))}}


if __name__ == "__main__":
    raise SystemExit(main())
