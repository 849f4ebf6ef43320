"""Written answers against the extractive engine: python -m benchmarks.llm [--squad N] [--label TEXT]

Off by default: it runs only when NEWSBOT_LLM_BASE_URL (and NEWSBOT_LLM_MODEL) point at a model server,
and asks that server one question at a time. On news_qa (the 120 answerable questions; it is a tuning set)
and N SQuAD v1.1 held-out questions (default 200, a fixed random sample) it reports, over the questions
the engine answers (the model is never asked about the others):

- the share of written answers kept whole, kept in part (some sentences dropped by the grounding check)
  and fallen back to quotes, with the fallback reasons;
- short-answer F1 (SQuAD's token F1, best over the gold answers) of the written answers and of the
  extractive engine on the same questions: the engine's short answer when it has one, else its first quote;
  and of what the user reads (the written answer, or the quotes after a fallback).

Results go to benchmarks/results/llm.json and llm.md. Figures from the test stub (tests/llm_stub.py) are
no quality figures: the stub is not a model; ``--label`` names the server in the report.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import string
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks import data
from benchmarks.stores import ensure_store

log = logging.getLogger("benchmarks.llm")
RESULTS = Path(__file__).resolve().parent / "results"
NEWS_QA = data.DATA / "news_qa"


@dataclass(frozen=True)
class Case:
    question: str
    answers: tuple[str, ...]
    context: str | None = None


def news_qa() -> tuple[list[data.SeedArticle], list[Case]]:
    articles = []
    for path in sorted((NEWS_QA / "articles").glob("*.txt")):
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        paragraphs = tuple(p.strip() for p in text.strip().split("\n") if p.strip())
        articles.append(data.SeedArticle(path.stem, title.strip(), paragraphs))
    rows = [json.loads(line) for line in (NEWS_QA / "news_qa_tuning.jsonl").read_text().splitlines() if line]
    by_id = {r["id"]: r for r in rows}
    cases = []
    for r in rows:
        if not r["answerable"]:
            continue
        before = by_id.get(r["after"]) if r.get("after") else None
        # As the bot does it: the previous question and its answer are the follow-up's context.
        context = f"{before['q']}\n{before['answer']}" if before else None
        cases.append(Case(r["q"], (r["answer"], *r["expect"]), context))
    return articles, cases


def squad(n: int) -> tuple[list[data.SeedArticle], list[Case]]:
    articles, questions = data.squad("heldout")
    picked = random.Random(0).sample(questions, min(n, len(questions)))
    return articles, [Case(q.text, q.answers) for q in picked]


# --------------------------------------------------------------------------------------- scoring


def _tokens(text: str) -> list[str]:
    text = text.casefold()
    text = "".join(ch for ch in text if ch not in set(string.punctuation) | {"“", "”", "‘", "’"})
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return text.split()


def f1(prediction: str, golds: tuple[str, ...]) -> float:
    """SQuAD's token F1, best over the gold answers."""
    best = 0.0
    predicted = _tokens(re.sub(r"\[\d+(?:\s*,\s*\d+)*\]", " ", prediction))
    for gold in golds:
        truth = _tokens(gold)
        common = sum((Counter(predicted) & Counter(truth)).values())
        if common:
            precision, recall = common / len(predicted), common / len(truth)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def extractive_text(answer) -> str:
    short = getattr(answer, "short_answer", None)
    return short.text if short is not None else answer.citations[0].quote


def evaluate(engine, cases: list[Case]) -> dict:
    rows = []
    began = time.perf_counter()
    for case in cases:
        quotes = engine.ask(case.question, case.context, llm=False)
        if not quotes.answered:
            rows.append({"answered": False})
            continue
        written = engine.compose(quotes, True, case.context)
        kept = [s for s in written.sentences if s.supported]
        if written.composer == "llm":
            outcome = "whole" if len(kept) == len(written.sentences) else "part"
        else:
            outcome = "fallback"
        rows.append({
            "answered": True, "outcome": outcome, "reason": written.fallback_reason,
            "llm_ms": written.timings_ms.get("llm", 0.0),
            "f1_extractive": f1(extractive_text(quotes), case.answers),
            "f1_written": f1(written.answer, case.answers) if outcome != "fallback" else None,
            "f1_seen": f1(written.answer if outcome != "fallback" else extractive_text(quotes), case.answers),
        })
    answered = [r for r in rows if r["answered"]]
    written = [r for r in answered if r["f1_written"] is not None]
    n = len(answered) or 1

    def mean(values):
        values = list(values)
        return sum(values) / len(values) if values else None

    latencies = sorted(r["llm_ms"] for r in answered)
    return {
        "questions": len(cases), "answered": len(answered),
        "kept_whole": sum(r["outcome"] == "whole" for r in answered) / n,
        "kept_in_part": sum(r["outcome"] == "part" for r in answered) / n,
        "fallen_back": sum(r["outcome"] == "fallback" for r in answered) / n,
        "fallback_reasons": dict(Counter(r["reason"] for r in answered if r["outcome"] == "fallback")),
        "f1_written": mean(r["f1_written"] for r in written),
        "f1_extractive_same_questions": mean(r["f1_extractive"] for r in written),
        "f1_seen": mean(r["f1_seen"] for r in answered),
        "f1_extractive": mean(r["f1_extractive"] for r in answered),
        "llm_ms_p50": latencies[len(latencies) // 2] if latencies else None,
        "seconds": time.perf_counter() - began,
    }


def markdown(result: dict) -> str:
    def f(value, digits=3):
        return "–" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)

    lines = [f"# Written answers: {result['label']}", "",
             f"Run {result['started']} in {result['seconds']:.0f} s; model `{result['model']}`.", ""]
    if result["stub"]:
        lines += ["**These figures come from the test stub, which is no model: they show the harness "
                  "works, not how good written answers are.**", ""]
    lines += ["| data | questions | engine answered | kept whole | kept in part | fallen back "
              "| fallback reasons | F1 written | F1 extractive, same questions "
              "| F1 as read (written or quotes) | F1 extractive, all | LLM p50 ms |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in result["data"].items():
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(r["fallback_reasons"].items())) or "–"
        lines.append(f"| {name} | {r['questions']} | {r['answered']} | {f(r['kept_whole'])} | "
                     f"{f(r['kept_in_part'])} | {f(r['fallen_back'])} | {reasons} | {f(r['f1_written'])} | "
                     f"{f(r['f1_extractive_same_questions'])} | {f(r['f1_seen'])} | "
                     f"{f(r['f1_extractive'])} | "
                     f"{f(r['llm_ms_p50'], 0)} |")
    lines += ["", "Shares are over the questions the engine answered (the model is never asked about the "
              "others). F1 is SQuAD's token F1 against the gold short answers; the extractive side is the "
              "engine's short answer when it has one, else its first quote (a long quote scores a low F1 "
              "even when it holds the answer)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.llm", description=__doc__.split("\n\n")[0])
    parser.add_argument("--squad", type=int, default=200, help="SQuAD held-out questions (default 200)")
    parser.add_argument("--label", default=None, help="the server's name in the report (default: the model)")
    parser.add_argument("--stub", action="store_true",
                        help="run against the test stub (tests/llm_stub.py, echoing quote [1]; no model) to "
                             "check the harness; its figures are marked as no quality figures")
    parser.add_argument("--out", help="path prefix for .json and .md (default benchmarks/results/llm, or "
                                      "llm-stub with --stub, so stub figures never pass for a model's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stub = None
    if args.stub:
        sys.path.insert(0, str(data.REPO / "tests"))
        from llm_stub import Echo, StubLLM

        stub = StubLLM().start()
        stub.default = Echo()
        os.environ.update(NEWSBOT_LLM_BASE_URL=stub.base_url, NEWSBOT_LLM_MODEL="stub-echo",
                          NEWSBOT_LLM_TIMEOUT="5")
        os.environ.pop("NEWSBOT_LLM_API_KEY", None)
        args.label = args.label or "test stub (echoes the first sentence of quote [1]; no model)"
    try:
        return _run(args)
    finally:
        if stub is not None:
            stub.stop()


def _run(args) -> int:
    from index.config import EngineConfig
    from index.engine import Engine
    from index.errors import EngineError

    try:
        settings = EngineConfig.from_env()
    except EngineError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not settings.llm_enabled:
        print("Skipped: set NEWSBOT_LLM_BASE_URL and NEWSBOT_LLM_MODEL to benchmark written answers.")
        return 0
    started, began = time.strftime("%Y-%m-%d %H:%M"), time.perf_counter()
    result = {"label": args.label or settings.llm_model, "model": settings.llm_model, "stub": args.stub,
              "started": started, "data": {}}
    for name, (articles, cases) in {"news_qa (tuning set)": news_qa(),
                                    f"SQuAD held-out ({args.squad} q)": squad(args.squad)}.items():
        store = ensure_store("llm-news-qa" if name.startswith("news") else "squad-heldout", articles)
        config = replace(store, llm_base_url=settings.llm_base_url, llm_model=settings.llm_model,
                         llm_api_key=settings.llm_api_key, llm_timeout=settings.llm_timeout)
        engine = Engine.open(config)
        result["data"][name] = evaluate(engine, cases)
        log.info("%s: %s", name, result["data"][name])
    result["seconds"] = time.perf_counter() - began
    out = Path(args.out) if args.out else RESULTS / ("llm-stub" if args.stub else "llm")
    out.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
