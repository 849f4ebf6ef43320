"""python -m benchmarks [--quick] [--split tuning|heldout] [--news-qa PATH] [--only news_qa,answers,refusal,summaries,speed]"""

from __future__ import annotations

import argparse
import json
import logging
import random
import time
from pathlib import Path

from benchmarks import answers, data, news_dev, news_qa, refusal, report, speed, summaries
from benchmarks.stores import CACHE, ensure_store
from benchmarks.vectors import CachedModel
from index import ranking

log = logging.getLogger("benchmarks")
RESULTS = Path(__file__).resolve().parent / "results"
SECTIONS = ("news_qa", "answers", "refusal", "summaries", "speed")


def sample(items: list, n: int | None, seed: int = 0) -> list:
    if n is None or n >= len(items):
        return items
    return random.Random(seed).sample(items, n)


def squad_slice(args, version: str = "1.1") -> tuple[str, list[data.SeedArticle], list[data.Question]]:
    """The SQuAD store's name, articles and questions: all of the split, or its first articles in a quick run
    (whole articles, so every question's article is in the store)."""
    articles, questions = data.squad(args.split, version)
    limit = args.squad_articles if version == "1.1" else args.squad2_articles
    name = f"squad-{args.split}" if version == "1.1" else f"squad2-{args.split}"
    if limit is not None and limit < len(articles):
        articles = articles[:limit]
        kept = {a.id for a in articles}
        questions = [q for q in questions if q.article in kept]
        name += f"-first{limit}"
    return name, articles, questions


def run_news_qa(args, model, engine_open) -> dict:
    articles, questions = news_qa.load(args.news_qa)
    engine = engine_open(ensure_store(news_qa.store_name(articles), articles))
    systems = {}
    systems["engine"], records = news_qa.evaluate(engine, questions)
    log.info("news_qa engine: %s", systems["engine"])
    variants = news_qa.evaluate_variants(engine, questions, records)
    log.info("news_qa engine, paraphrases asked otherwise: %s", variants)
    systems["v01"], _ = news_qa.evaluate_v01(engine, questions)
    log.info("news_qa v0.1: %s", systems["v01"])
    systems.update(news_qa.evaluate_rankers(engine, questions, None if args.no_llama else articles, model,
                                            CACHE / "llama-default"))
    return {"data": news_qa.label(args.news_qa), "path": str(args.news_qa), "articles": len(articles),
            "questions": len(questions), "systems": systems, "variants": variants}


def run_answers(args, model, engine_open) -> dict:
    name, articles, questions = squad_slice(args)
    config = ensure_store(name, articles)
    asked = sample(questions, args.questions)
    engine = engine_open(config)
    cached = engine.embedder
    vectors = cached.embed([q.text for q in asked])
    systems = {}
    systems["engine"], _ = answers.evaluate_engine(engine, asked)
    log.info("engine: %s", systems["engine"])
    systems["v01"] = answers.evaluate_v01(engine, asked)
    log.info("v0.1: %s", systems["v01"])
    systems.update(answers.evaluate_baselines(engine.corpus, asked, vectors))
    log.info("baselines done")
    if not args.no_llama:
        systems["llama_default"] = answers.evaluate_llama_default(articles, asked, model, CACHE / "llama-default")
        log.info("llama-index default done")
    short = answers.short_answers(engine, asked)
    log.info("short answers: %s", short)
    note = "" if len(asked) == len(questions) else f" (a random sample of {len(asked):,} of {len(questions):,})"
    return {"articles": len(articles), "sentences": len(engine.corpus), "questions": len(asked),
            "sample_note": note, "systems": systems, "short_answers": short}


def run_refusal(args, engine_open) -> dict:
    name, articles, questions = squad_slice(args)
    ensure_store(name, articles)
    kept = articles[0::2]
    kept_ids = {a.id for a in kept}
    half = ensure_store(f"{name}-half", kept, derive_from=name)
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
    (v01_in, v01_at), (v01_out, _) = refusal.v01_scores(engine, inside), refusal.v01_scores(engine, outside)
    off_topic["v01"] = {"answered": refusal.answered_rate(v01_in, v01_at),
                        "refused": 1 - refusal.answered_rate(v01_out, v01_at)}
    v2_name, v2_articles, v2_questions = squad_slice(args, "2.0")
    v2_engine = engine_open(ensure_store(v2_name, v2_articles))
    v2_questions = sample(v2_questions, args.v2_questions)
    ok = [q for q in v2_questions if not q.impossible]
    bad = [q for q in v2_questions if q.impossible]
    ok_hits, bad_hits = refusal.top_scores(v2_engine, ok), refusal.top_scores(v2_engine, bad)
    squad2 = {"articles": len(v2_articles), "answerable": len(ok), "impossible": len(bad),
              "shipped": refusal.shipped_point(ok_hits, bad_hits),
              "at_answered_090": refusal.at_answered(ok_hits, bad_hits, 0.90),
              "v01": _v01_squad2(v2_engine, ok, bad),
              "sweep": refusal.sweep(ok_hits, bad_hits)}
    ok_asked = refusal.asked_scores(v2_engine, ok, ok_hits)
    bad_asked = refusal.asked_scores(v2_engine, bad, bad_hits)
    squad2["as_asked"] = {"shipped": refusal.shipped_point(ok_asked, bad_asked),
                          "at_answered_090": refusal.at_answered(ok_asked, bad_asked, 0.90)}
    log.info("squad2: %s", squad2["shipped"])
    seed_engine = engine_open(ensure_store("seed", _seed_articles()))
    return {"off_topic": off_topic, "squad2": squad2, "seed_checks": refusal.seed_checks(seed_engine),
            "shipped_params": {"answer_at": ranking.ANSWER_AT}}


def _v01_squad2(engine, ok, bad) -> dict:
    (ok_scores, answer_at), (bad_scores, _) = refusal.v01_scores(engine, ok), refusal.v01_scores(engine, bad)
    return {"shipped": {"min_evidence": answer_at, "answered": refusal.answered_rate(ok_scores, answer_at),
                        "refused": 1 - refusal.answered_rate(bad_scores, answer_at)},
            "at_answered_090": refusal.at_answered(ok_scores, bad_scores, 0.90)}


def _seed_articles() -> list[data.SeedArticle]:
    out = []
    for path in sorted((data.REPO / "seeds").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out.append(data.SeedArticle(path.stem, lines[0], tuple(lines[1:])))
    return out


def run_summaries(args, engine_open) -> dict:
    frank_articles, frank_cases = data.frank_cnndm(args.split)
    se_articles, se_cases = data.summeval(args.split)
    name = f"summaries-{args.split}"
    if args.summary_articles:
        # Only the summarised articles go in the store: a quick run does not embed the rest.
        frank_articles, frank_cases = frank_articles[: args.summary_articles], frank_cases[: args.summary_articles]
        se_articles, se_cases = se_articles[: args.summary_articles // 2], se_cases[: args.summary_articles // 2]
        name += f"-first{args.summary_articles}"
    engine = engine_open(ensure_store(name, frank_articles + se_articles))
    return summaries.evaluate(engine, frank_cases + se_cases)


def run_speed(args, model) -> dict:
    from index.build import build_index
    from index.engine import Engine

    name, articles, questions = squad_slice(args)
    config = ensure_store(name, articles)
    texts = [q.text for q in sample(questions, args.latency_questions, seed=1)]
    engine = Engine.open(config, model=model)
    latency = speed.ask_latency(engine, texts)
    log.info("latency: %s", latency)
    # Side by side: the same engine with a one-thread onnxruntime session for the question embedding,
    # when the model still takes a thread count (it runs one intra-op thread by default since then).
    import inspect

    from index.embedding import MiniLM

    latency_one_thread = None
    if not args.quick and "threads" in inspect.signature(MiniLM).parameters:
        single = Engine.open(config, model=MiniLM(threads=1))
        latency_one_thread = speed.ask_latency(single, texts)
        del single
        log.info("latency, 1-thread model: %s", latency_one_thread)
    began = time.perf_counter()
    again = build_index(config, model=model)
    rebuild = {"sentences": again.chunks, "seconds": time.perf_counter() - began, "embedded": again.embedded}
    build = speed.build_throughput(articles[1 : 1 + args.build_articles], model)
    log.info("build: %s", build)
    serve = speed.probe(config, texts[:args.probe_questions], args.probe_questions)
    log.info("serve: %s", serve)
    scale = [{**serve, "factor": 1, "prepare_s": 0.0}]
    if not args.quick:  # the 4x and 16x stores take minutes to fill on a cold cache
        frank, _ = data.frank_cnndm(args.split)
        se, _ = data.summeval(args.split)
        extra = ensure_store(f"summaries-{args.split}", frank + se)
        scale += speed.scaling(config, extra, texts[:300], (4, 16), 300)
    return {"latency": latency, "latency_one_thread": latency_one_thread, "build": build,
            "store_rebuild": rebuild, "serve": serve, "scaling": scale, "growth": _growth(scale)}


def _growth(scale: list[dict]) -> str | None:
    ok = [row for row in scale if "error" not in row]
    if len(ok) < 2:
        return None
    first, last = ok[0], ok[-1]
    growth = (f"From {first['sentences']:,} to {last['sentences']:,} sentences "
              f"({last['sentences'] / first['sentences']:.1f}x): p50 {first['p50_ms']:.1f} → {last['p50_ms']:.1f} ms "
              f"({last['p50_ms'] / first['p50_ms']:.2f}x), peak RSS {first['peak_rss_mb']:.0f} → "
              f"{last['peak_rss_mb']:.0f} MB ({(last['peak_rss_mb'] - first['peak_rss_mb']) / (last['sentences'] - first['sentences']) * 1000:.1f} MB "
              f"per 1,000 extra sentences), open {first['open_s']:.2f} → {last['open_s']:.2f} s.")
    for row in scale:
        if "error" in row:
            growth += f" At {row['factor']}x ({row['sentences']:,} sentences) the engine does not open: {row['error']}"
    return growth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="the first SQuAD articles, fewer questions, no scaling (<= 3 min on a cold cache)")
    parser.add_argument("--news-qa", type=Path, default=news_qa.TUNING, metavar="PATH",
                        help="news_qa questions (jsonl) with their articles/ folder beside it, or 'dev' / 'check' "
                             "for a set in benchmarks/news_dev (default: the tuning set)")
    parser.add_argument("--split", choices=data.SPLITS, default="heldout")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ",".join(SECTIONS))
    parser.add_argument("--no-llama", action="store_true", help="skip the llama-index default baseline")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    args = parser.parse_args(argv)
    if str(args.news_qa) in news_dev.SETS:
        args.news_qa = news_dev.materialize(CACHE, str(args.news_qa))
    if not args.news_qa.is_file():
        parser.error(f"--news-qa: no such file: {args.news_qa}")
    try:
        news_qa.load(args.news_qa)
    except ValueError as error:
        parser.error(f"--news-qa: {error}")
    # Quick-run sizes: a cold cache embeds every store, so the stores are cut, not only the questions.
    args.squad_articles = 6 if args.quick else None
    args.squad2_articles = 4 if args.quick else None
    args.questions = 300 if args.quick else None
    args.refusal_questions = 150 if args.quick else None
    args.v2_questions = 400 if args.quick else None
    args.latency_questions = 200 if args.quick else 2000
    args.probe_questions = 100 if args.quick else 300
    args.summary_articles = 20 if args.quick else None
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
              "params": _params(), "engine_commit": data.engine_commit()}
    if args.quick:
        result["note"] = (f"Quick run: the first {args.squad_articles} SQuAD v1.1 articles of the split "
                          f"(up to {args.questions} questions, {args.refusal_questions} per off-topic side), "
                          f"the first {args.squad2_articles} SQuAD v2.0 articles (up to {args.v2_questions} "
                          f"questions), the first {args.summary_articles} FRANK and {args.summary_articles // 2} "
                          f"SummEval articles, {args.latency_questions} latency questions on the small SQuAD "
                          f"store, a {args.build_articles}-article build sample, no 4x/16x corpus.")
    try:
        if "news_qa" in sections:
            result["news_qa"] = run_news_qa(args, model, engine_open)
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
    result["targets"] = report.targets(result)
    args.out.mkdir(parents=True, exist_ok=True)
    # A quick run never overwrites the full run's figures.
    name = ("latest" if args.split == "heldout" else "tuning") + ("-quick" if args.quick else "")
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
