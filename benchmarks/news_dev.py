"""Questions as people ask them, written for this project about FRANK CNN/DailyMail *validation* articles
that the news_qa tuning set does not use. Each set was written without looking at the engine's answers.

- ``dev``: tuning material, like news_qa's: rules may be read off its misses.
- ``check``: 110 questions about 12 other articles, measured only, never read for rules, so that it shows
  how far rules read off the tuning questions carry to new articles and new wording.

An answerable question's ``expect`` holds its ``answer`` as well. Only the questions and the articles'
titles live here (``news_dev/<set>.jsonl``, ``news_dev/<set>-titles.json``); the article text is FRANK's,
read from ``../shared/data/summarization/`` and written at run time, never copied into the repository.

python -m benchmarks.news_dev [--set dev|check] [--misses]    the engine and the v0.1 engine, per kind, in
                                                              benchmarks/results/news-<set>.json
python -m benchmarks --news-qa dev|check                        the full benchmark's news_qa section on it
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import news_qa
from benchmarks.data import DATA, engine_commit

FOLDER = Path(__file__).parent / "news_dev"
SETS = ("dev", "check")
FRANK = DATA / "summarization" / "frank_cnndm_xsum_500.jsonl"
RESULTS = Path(__file__).resolve().parent / "results"


def questions_path(name: str) -> Path:
    return FOLDER / f"{name}.jsonl"


def materialize(cache: Path, name: str = "dev") -> Path:
    """Writes the set's questions and articles (title line, blank line, FRANK's article text verbatim) to
    ``cache/news-<name>/`` in the layout news_qa.load reads, and returns the questions' path there. Fails
    when an ``expect`` or ``answer`` string is not in its article: the set would measure nothing."""
    titles = json.loads((FOLDER / f"{name}-titles.json").read_text(encoding="utf-8"))
    texts = {}
    with FRANK.open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            if row["id"] in titles:
                texts[row["id"]] = row["article"]
    missing = sorted(set(titles) - set(texts))
    if missing:
        raise ValueError(f"{FRANK}: no article {', '.join(missing)}")
    folder = cache / f"news-{name}"
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    for article_id, title in titles.items():
        text = f"{title}\n\n{texts[article_id]}"
        (folder / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
    source = questions_path(name).read_text(encoding="utf-8")
    for q in (json.loads(line) for line in source.splitlines() if line.strip()):
        text = texts.get(q["article_id"], "")
        for wanted in [*q["expect"], *([q["answer"]] if q["answer"] else [])]:
            if wanted not in text:
                raise ValueError(f"{questions_path(name)}: {q['id']}: {wanted!r} is not in its article")
    path = folder / f"{name}.jsonl"
    path.write_text(source, encoding="utf-8")
    return path


def main() -> None:
    import argparse
    import logging

    from benchmarks.stores import CACHE, ensure_store
    from index.engine import Engine

    parser = argparse.ArgumentParser(prog="python -m benchmarks.news_dev",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=SETS, default="dev")
    parser.add_argument("--misses", action="store_true", help="list the engine's misses")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    articles, questions = news_qa.load(materialize(CACHE, args.set))
    engine = Engine.open(ensure_store(news_qa.store_name(articles), articles))
    result, records = news_qa.evaluate(engine, questions)
    v01, _ = news_qa.evaluate_v01(engine, questions)
    variants = news_qa.evaluate_variants(engine, questions, records)  # typos, a chat wrapper
    out = {"set": args.set, "articles": len(articles), "questions": len(questions),
           "engine_commit": engine_commit(), "engine": result, "v01": v01, "variants": variants}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"news-{args.set}.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    if args.misses:
        news_qa.print_misses(records)


if __name__ == "__main__":
    main()
