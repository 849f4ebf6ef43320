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

import hashlib
import json
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.data import DATA, SeedArticle, normalize
from benchmarks.squad_metrics import exact_match, f1_score

NEWS_QA = DATA / "news_qa"
TUNING = NEWS_QA / "news_qa_tuning.jsonl"
KINDS = ("paraphrase", "follow_up", "near_miss", "off_topic")
ASKED = ("paraphrase", "follow_up")
FIELDS = ("id", "article_id", "q", "expect", "answer", "answerable", "kind", "after")
V01_NOT_IN_ARTICLES = "That is not in the articles."


def load(path: Path | None = None) -> tuple[list[SeedArticle], list[dict]]:
    """The questions of ``path`` (jsonl) and the articles in the ``articles/`` folder beside it."""
    path = Path(path or TUNING)
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            question = json.loads(line)
            missing = [k for k in FIELDS if k not in question]
        except (json.JSONDecodeError, TypeError) as error:
            raise ValueError(f"{path}:{n}: not a JSON object ({error})") from None
        if missing:
            raise ValueError(f"{path}:{n}: a news_qa question needs {', '.join(missing)}")
        questions.append(question)
    folder = path.parent / "articles"
    if not folder.is_dir():
        raise ValueError(f"{path}: no articles/ folder beside it")
    articles = []
    for file in sorted(folder.glob("*.txt")):
        title, _, body = file.read_text(encoding="utf-8").partition("\n")
        articles.append(SeedArticle(file.stem, title.strip(), tuple(body.strip("\n").split("\n"))))
    return articles, questions


def label(path: Path | None) -> str:
    """How a run names its data: "tuning" for the tuning file (it is what the engine was tuned on)."""
    path = Path(path or TUNING)
    return "tuning" if path.resolve() == TUNING.resolve() else path.stem


def store_name(articles: list[SeedArticle]) -> str:
    """One cached store per article set, so another file of the same kind never reuses a stale store."""
    digest = hashlib.sha1("\n".join(a.id + "\0" + a.file_text() for a in articles).encode()).hexdigest()
    return f"news-qa-{digest[:12]}"


@dataclass(frozen=True)
class Reply:
    """What a system gave for one question: answered or not, its quotes (article id, text) best first, the
    short answer (None when it has none) and the text the bot would keep as the next turn's context."""

    answered: bool
    quotes: tuple[tuple[str, str], ...]
    short: str | None
    text: str
    related: str = ""  # on a refusal, the closest passage shown, if any (for reading the misses)


def _hit(quote: tuple[str, str], q: dict) -> bool:
    article, text = quote
    if article != q["article_id"]:
        return False
    text = normalize(text)
    return any(normalize(e) in text for e in q["expect"])


def _ask_all(questions: list[dict], reply) -> list[dict]:
    """Asks every question through ``reply(question record, previous Reply | None)``; a follow-up gets the
    reply to the question it follows (asked first, and alone when it is not in ``questions``)."""
    by_id = {q["id"]: q for q in questions}
    replies: dict[str, Reply] = {}
    records = []
    for q in sorted(questions, key=lambda q: q["after"] is not None):
        previous = None
        if q["after"]:
            previous = replies.get(q["after"])
            if previous is None:
                previous = reply(by_id[q["after"]], None)
        got = reply(q, previous)
        replies[q["id"]] = got
        quotes = got.quotes if got.answered else ()
        record = {"id": q["id"], "kind": q["kind"], "q": q["q"], "answered": got.answered,
                  "a1": bool(quotes) and _hit(quotes[0], q), "a3": any(_hit(c, q) for c in quotes[:3])}
        if q["answerable"]:
            # A refusal answers nothing: its prediction is empty and scores 0.
            predicted = (got.short if got.short is not None else quotes[0][1]) if quotes else ""
            record.update(short=predicted, has_short=bool(quotes) and got.short is not None,
                          f1=f1_score(predicted, q["answer"]), em=exact_match(predicted, q["answer"]),
                          quote=quotes[0][1] if quotes else got.related)
        records.append(record)
    return records


def summarise(records: list[dict], *, refusals: bool = True) -> dict:
    """Figures per kind. Without ``refusals`` (a bare ranker), only answer@1 and answer@3."""
    kinds = defaultdict(list)
    for r in records:
        kinds[r["kind"]].append(r)
    result: dict = {"questions": len(records)}
    for kind in KINDS:
        rs = kinds.get(kind, [])
        if not rs:
            continue
        n = len(rs)
        if kind in ASKED:
            row = {"n": n, "answer@1": sum(r["a1"] for r in rs) / n, "answer@3": sum(r["a3"] for r in rs) / n}
            if refusals:
                shorts = [r for r in rs if r["has_short"]]
                row.update(answered=sum(r["answered"] for r in rs) / n,
                           short_f1=sum(r["f1"] for r in rs) / n, short_em=sum(r["em"] for r in rs) / n,
                           short_coverage=len(shorts) / n,
                           short_f1_where_given=(sum(r["f1"] for r in shorts) / len(shorts)) if shorts else None)
            result[kind] = row
        elif refusals:
            result[kind] = {"n": n, "refused": sum(not r["answered"] for r in rs) / n}
    return result


def _timed(questions: list[dict], reply) -> tuple[dict, list[dict]]:
    """Every question asked through ``reply``: the figures per kind (with the seconds taken) and the records."""
    began = time.perf_counter()
    records = _ask_all(questions, reply)
    result = summarise(records)
    result["seconds"] = round(time.perf_counter() - began, 2)
    return result, records


def evaluate(engine, questions: list[dict]) -> tuple[dict, list[dict]]:
    """This engine, asked as the bot asks it: a follow-up's context is "previous question\nprevious answer"."""

    def reply(q: dict, previous: Reply | None) -> Reply:
        answer = engine.ask(q["q"], context=previous.text if previous else None)
        return Reply(answer.answered, tuple((c.article, c.quote) for c in answer.citations),
                     answer.short_answer.text if answer.short_answer else None,
                     f"{answer.question}\n{answer.answer}", answer.related[0].quote if answer.related else "")

    return _timed(questions, reply)


_LONG_WORD = re.compile(r"[a-z]{5,}")
# Each paraphrase asked again otherwise: one typo in its longest word (its middle letter dropped, or swapped
# with the next), wrapped in a greeting, a request and thanks, as people write in a chat, or asked in a
# thread whose previous turn was about another article ("what's he accused of back in utah" after a
# question about immigration figures: a change of topic, whatever its "he").
VARIANTS = ("drop", "swap", "wrapped", "after_other")


def asked_otherwise(question: str, how: str) -> str | None:
    """The question as ``how`` (one of VARIANTS) asks it: "drop" → "which hosptal …", "swap" → "which
    hosptial …" (None when it has no lower-case word of 5 letters or more), "wrapped" → "hey, can you tell
    me which hospital …? thanks"."""
    if how == "wrapped":
        return f"hey, can you tell me {question.rstrip(' ?')}? thanks"
    words = _LONG_WORD.findall(question)
    if not words:
        return None
    word = max(words, key=len)
    i = len(word) // 2
    typo = word[:i] + word[i + 1:] if how == "drop" else word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return question.replace(word, typo, 1)


def other_turns(engine, asked: list[dict]) -> dict[str, str]:
    """Per article of ``asked``: the turn a thread about another article would hold before its questions,
    the next article's first paraphrase and the engine's answer to it, as the bot keeps them."""
    articles = sorted({q["article_id"] for q in asked})
    first = {}
    for q in asked:
        first.setdefault(q["article_id"], q["q"])
    turns = {}
    for i, article in enumerate(articles):
        other = articles[(i + 1) % len(articles)]
        answer = engine.ask(first[other])
        turns[article] = f"{answer.question}\n{answer.answer}"
    return turns


def evaluate_variants(engine, questions: list[dict], records: list[dict]) -> dict:
    """Each paraphrase asked again each way of VARIANTS (alone, but for "after_other", asked after a turn
    about another article when there are two articles or more): answer@1, and how many of those the engine
    got right as asked (``records``, from evaluate) it loses that way."""
    right = {r["id"] for r in records if r["a1"]}
    asked = [q for q in questions if q["kind"] == "paraphrase"]
    out: dict = {"n": len(asked), "right_as_asked": sum(q["id"] in right for q in asked)}
    turns = other_turns(engine, asked) if len({q["article_id"] for q in asked}) > 1 else {}
    for how in VARIANTS:
        hits = lost = 0
        for q in asked:
            if how == "after_other":
                answer = engine.ask(q["q"], context=turns.get(q["article_id"]))
            else:
                answer = engine.ask(asked_otherwise(q["q"], how) or q["q"])
            hit = answer.answered and bool(answer.citations) and _hit(
                (answer.citations[0].article, answer.citations[0].quote), q)
            hits += hit
            lost += q["id"] in right and not hit
        out[how] = {"answer@1": hits / len(asked) if asked else None, "lost": lost}
    return out


def evaluate_v01(engine, questions: list[dict]) -> tuple[dict, list[dict]]:
    """The frozen v0.1 engine (fa95d6a) over the same corpus, asked the same way. It answers with hit 1 when
    its refusal rule supports it, cites the later hits that it also supports, has no short answer (its
    quote is the answer), and took a follow-up's previous turn as a context string."""
    from benchmarks.baseline_v01 import open_baseline

    retriever = open_baseline(engine)

    def reply(q: dict, previous: Reply | None) -> Reply:
        question = q["q"]
        hits = retriever.search(question, previous.text if previous else None, k=3)
        if not hits or not retriever.supports(hits[0]):
            return Reply(False, (), None, f"{question}\n{V01_NOT_IN_ARTICLES}")
        kept = [hits[0]] + [h for h in hits[1:] if retriever.supports(h)]
        cites = [engine.citation(n, h.quote_rows, h.dense) for n, h in enumerate(kept, 1)]
        text = f"“{cites[0].quote}” [1]"
        if len(cites) > 1:
            text += " See also " + ", ".join(f"[{c.n}]" for c in cites[1:]) + "."
        return Reply(True, tuple((c.article, c.quote) for c in cites), None, f"{question}\n{text}")

    return _timed(questions, reply)


def evaluate_rankers(engine, questions: list[dict], articles: list[SeedArticle] | None = None, model=None,
                     llama_cache: Path | None = None) -> dict[str, dict]:
    """BM25 and dense MiniLM sentences (and, with ``articles``, llama-index's default pipeline) as bare
    rankers: each question alone (a ranker keeps no turn), answer@1 and answer@3 of its top texts."""
    from benchmarks.answers import baseline_rankings, llama_default_retriever

    corpus = engine.corpus
    vectors = engine.embedder.embed([q["q"] for q in questions])

    def sentences(rows):
        return tuple((corpus.article_ids[corpus.article_of_row[r]], corpus.texts[r]) for r in rows[:3])

    rankings = {q["id"]: baseline_rankings(corpus, q["q"], v) for q, v in zip(questions, vectors, strict=True)}
    out = {}
    for name in ("bm25", "dense"):
        records = _ask_all(questions, lambda q, _previous, name=name:
                           Reply(True, sentences(rankings[q["id"]][name]), None, q["q"]))
        out[name] = summarise(records, refusals=False)
    if articles is not None:
        from benchmarks.stores import CACHE

        retriever, chunk_chars = llama_default_retriever(articles, model or engine.embedder,
                                                         llama_cache or CACHE / "llama-default")

        def llama_reply(q: dict, _previous) -> Reply:
            nodes = retriever.retrieve(q["q"])
            return Reply(True, tuple((n.node.metadata.get("article"), n.node.get_content()) for n in nodes),
                         None, q["q"])

        out["llama_default"] = summarise(_ask_all(questions, llama_reply), refusals=False)
        out["llama_default"]["note"] = "answer@3 is over its 2 retrieved chunks (similarity_top_k=2)"
        out["llama_default"]["median_chunk_chars"] = statistics.median(chunk_chars)
    return out


def main() -> None:  # python -m benchmarks.news_qa: the tuning set against the engine, with the misses
    import argparse
    import logging

    from benchmarks.stores import ensure_store
    from index.engine import Engine

    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("path", nargs="?", type=Path, default=TUNING, help="questions (jsonl), articles/ beside it")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    articles, questions = load(args.path)
    engine = Engine.open(ensure_store(store_name(articles), articles))
    result, records = evaluate(engine, questions)
    print(json.dumps(result, indent=1))
    print("asked otherwise:", json.dumps(evaluate_variants(engine, questions, records)))
    if args.misses:
        print_misses(records)


def print_misses(records: list[dict]) -> None:
    """Each answerable question whose quote 1 misses, and each near miss or off-topic question answered."""
    for r in records:
        bad = (r["kind"] in ASKED and not r["a1"]) or (r["kind"] in ("near_miss", "off_topic") and r["answered"])
        if bad:
            print(f"\n[{r['id']} {r['kind']} answered={r['answered']}] {r['q']}\n   -> {r.get('quote', '')[:200]}")


if __name__ == "__main__":
    main()
