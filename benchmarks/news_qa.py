"""Questions as people ask them (../shared/data/news_qa): paraphrases, follow-ups, near misses, off-topic.

Scoring, per kind:
- answer@k: the engine answered, and one of its first k quotes comes from the question's article and holds
  one of the question's ``expect`` strings (case-folded);
- answered: the share of answerable questions the engine answered at all;
- refused: the share of near misses (on topic, not in the article) and off-topic questions refused;
- short-answer token F1 (SQuAD normalisation) of ``short_answer`` (or quote 1 when there is none)
  against ``answer``.

A follow-up is asked with the previous turn as context, the way the bot passes it: the previous question
and the engine's own answer to it.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

from benchmarks.data import DATA, SeedArticle, normalize
from benchmarks.squad_metrics import f1_score

NEWS_QA = DATA / "news_qa"
KINDS = ("paraphrase", "follow_up", "near_miss", "off_topic")


def load(path=None) -> tuple[list[SeedArticle], list[dict]]:
    path = path or NEWS_QA / "news_qa_tuning.jsonl"
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder = path.parent / "articles"
    articles = []
    for file in sorted(folder.glob("*.txt")):
        title, _, body = file.read_text(encoding="utf-8").partition("\n")
        articles.append(SeedArticle(file.stem, title.strip(), tuple(body.strip("\n").split("\n"))))
    return articles, questions


def _hit(citation, q: dict) -> bool:
    if citation.article != q["article_id"]:
        return False
    quote = normalize(citation.quote)
    return any(normalize(e) in quote for e in q["expect"])


def evaluate(engine, questions: list[dict], *, follow_context: bool = True) -> tuple[dict, list[dict]]:
    by_id = {q["id"]: q for q in questions}
    answers = {}
    records = []
    began = time.perf_counter()
    # Questions a follow-up depends on are asked first, so their answers can serve as context.
    order = sorted(questions, key=lambda q: q["after"] is not None)
    for q in order:
        context = None
        if follow_context and q["after"]:
            prev = answers.get(q["after"])
            if prev is None:
                prev = engine.ask(by_id[q["after"]]["q"])
            context = f"{prev.question}\n{prev.answer}"
        answer = engine.ask(q["q"], context=context)
        answers[q["id"]] = answer
        cites = answer.citations if answer.answered else ()
        record = {"id": q["id"], "kind": q["kind"], "q": q["q"], "answered": answer.answered,
                  "a1": bool(cites) and _hit(cites[0], q), "a3": any(_hit(c, q) for c in cites[:3])}
        if q["answerable"]:
            short = answer.short_answer.text if answer.short_answer else (cites[0].quote if cites else "")
            record["short"] = short
            record["f1"] = max(f1_score(short, q["answer"]), 0.0) if cites else 0.0
            record["quote"] = cites[0].quote if cites else (answer.related[0].quote if answer.related else "")
        records.append(record)
    seconds = time.perf_counter() - began
    result: dict = {"questions": len(records), "seconds": round(seconds, 2)}
    kinds = defaultdict(list)
    for r in records:
        kinds[r["kind"]].append(r)
    for kind in KINDS:
        rs = kinds.get(kind, [])
        if not rs:
            continue
        n = len(rs)
        if kind in ("paraphrase", "follow_up"):
            result[kind] = {"n": n, "answer@1": sum(r["a1"] for r in rs) / n,
                            "answer@3": sum(r["a3"] for r in rs) / n,
                            "answered": sum(r["answered"] for r in rs) / n,
                            "short_f1": sum(r["f1"] for r in rs) / n}
        else:
            result[kind] = {"n": n, "refused": sum(not r["answered"] for r in rs) / n}
    return result, records


def main() -> None:  # python -m benchmarks.news_qa: the tuning set against the engine, with the misses
    import argparse
    import logging

    from benchmarks.stores import ensure_store
    from index.engine import Engine

    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    articles, questions = load()
    engine = Engine.open(ensure_store("news-qa-tuning", articles))
    result, records = evaluate(engine, questions)
    print(json.dumps(result, indent=1))
    if args.misses:
        for r in records:
            bad = (r["kind"] in ("paraphrase", "follow_up") and not r["a1"]) or (
                r["kind"] in ("near_miss", "off_topic") and r["answered"])
            if bad:
                print(f"\n[{r['id']} {r['kind']} answered={r['answered']}] {r['q']}\n   -> {r.get('quote', '')[:200]}")


if __name__ == "__main__":
    main()
