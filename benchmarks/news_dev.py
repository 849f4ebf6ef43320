"""A second set of questions as people ask them, written for this project: 109 questions (60 paraphrases,
19 follow-ups, 24 near misses, 6 off-topic) about 12 FRANK CNN/DailyMail *validation* articles that the
news_qa tuning set does not use. Tuning material, like news_qa's: it was written without looking at the
engine's answers, to show how far rules read off the 180 tuning questions carry to new articles and new
wording. An answerable question's ``expect`` holds its ``answer`` as well.

Only the questions and the articles' titles live here (``news_dev/``); the article text is FRANK's, read
from ``../shared/data/summarization/`` and written at run time, never copied into the repository.

python -m benchmarks.news_dev [--misses]      the engine and the v0.1 engine, per kind
python -m benchmarks --news-qa dev            the same set in the full benchmark's news_qa section
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import news_qa
from benchmarks.data import DATA

FOLDER = Path(__file__).parent / "news_dev"
QUESTIONS = FOLDER / "questions.jsonl"
TITLES = FOLDER / "titles.json"
FRANK = DATA / "summarization" / "frank_cnndm_xsum_500.jsonl"


def materialize(cache: Path) -> Path:
    """Writes the questions and their articles (title line, blank line, FRANK's article text verbatim) to
    ``cache/news-dev/`` in the layout news_qa.load reads, and returns the questions' path there. Fails when
    an ``expect`` or ``answer`` string is not in its article: the set would measure nothing."""
    titles = json.loads(TITLES.read_text(encoding="utf-8"))
    texts = {}
    with FRANK.open(encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            if row["id"] in titles:
                texts[row["id"]] = row["article"]
    missing = sorted(set(titles) - set(texts))
    if missing:
        raise ValueError(f"{FRANK}: no article {', '.join(missing)}")
    folder = cache / "news-dev"
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    for article_id, title in titles.items():
        text = f"{title}\n\n{texts[article_id]}"
        (folder / "articles" / f"{article_id}.txt").write_text(text, encoding="utf-8")
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    for q in questions:
        text = texts.get(q["article_id"], "")
        for wanted in [*q["expect"], *([q["answer"]] if q["answer"] else [])]:
            if wanted not in text:
                raise ValueError(f"{QUESTIONS}: {q['id']}: {wanted!r} is not in its article")
    path = folder / "dev.jsonl"
    path.write_text(QUESTIONS.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def main() -> None:
    import argparse
    import logging

    from benchmarks.stores import CACHE, ensure_store
    from index.engine import Engine

    parser = argparse.ArgumentParser(prog="python -m benchmarks.news_dev",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the engine's misses")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    articles, questions = news_qa.load(materialize(CACHE))
    engine = Engine.open(ensure_store(news_qa.store_name(articles), articles))
    result, records = news_qa.evaluate(engine, questions)
    v01, _ = news_qa.evaluate_v01(engine, questions)
    print(json.dumps({"engine": result, "v01": v01}, indent=1))
    if args.misses:
        news_qa.print_misses(records)


if __name__ == "__main__":
    main()
