"""What the grounding check catches, without any model: python -m benchmarks.grounding [--questions N]

For N SQuAD v1.1 held-out questions (default 500, a fixed random sample) that the engine answers, the first
sentence of its first quote, cited [1], stands in for a written answer, and is altered the ways a model
gets things wrong:

- faithful: the sentence as the quote has it (should be kept: a drop here is a false alarm);
- number changed: one number in it plus one (should be dropped);
- name swapped: one capitalised word replaced by a capitalised word from another article (dropped);
- unknown citation: cited [9], a quote that was not given (dropped);
- negated: "not" inserted after the first is/was/are/were/has/had (the check's blind spot: it reads
  numbers and names, not meaning, so this is expected to be kept; the figure shows how often).

Results go to benchmarks/results/grounding.json and .md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from benchmarks import data
from benchmarks.stores import ensure_store

RESULTS = Path(__file__).resolve().parent / "results"
_AUX = re.compile(r"\b(is|was|are|were|has|had)\b")


def first_sentence(quote: str) -> str:
    from index.grounding import split_sentences

    return split_sentences(quote)[0].rstrip(".!?")


def variants(sentence: str, foreign_names: list[str], rng: random.Random) -> dict[str, str | None]:
    numbers = list(re.finditer(r"\d+", sentence))
    number = None
    if numbers:
        m = rng.choice(numbers)
        number = sentence[: m.start()] + str(int(m.group()) + 1) + sentence[m.end():]
    words = [m for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", sentence) if m.start() > 0]  # not the opener
    swapped = None
    if words and foreign_names:
        m = rng.choice(words)
        swapped = sentence[: m.start()] + rng.choice(foreign_names) + sentence[m.end():]
    negated = _AUX.sub(lambda m: m.group() + " not", sentence, count=1) if _AUX.search(sentence) else None
    return {"faithful": sentence, "number changed": number, "name swapped": swapped,
            "unknown citation": sentence, "negated": negated}


def evaluate(engine, questions: list[data.Question], seed: int = 0) -> dict:
    from index.grounding import Checker, quote_facts
    from index.stopwords import STOPWORDS

    rng = random.Random(seed)
    # Capitalised words that are not stopwords ("During", "Between" open sentences; they are no names).
    corpus_names = sorted({w for t in engine.corpus.texts for w in re.findall(r"\b[A-Z][a-z]{3,}\b", t)
                           if w.casefold() not in STOPWORDS})
    kept = {k: [0, 0] for k in ("faithful", "number changed", "name swapped", "unknown citation", "negated")}
    for q in questions:
        answer = engine.ask(q.text, llm=False)
        if not answer.answered:
            continue
        quote = answer.citations[0].quote
        facts = quote_facts(quote)
        sample = rng.sample(corpus_names, min(50, len(corpus_names)))
        foreign = [n for n in sample if n.casefold() not in facts.words]
        checker = Checker(answer.citations[:1])
        for kind, text in variants(first_sentence(quote), foreign, rng).items():
            if text is None:
                continue
            marker = "[9]" if kind == "unknown citation" else "[1]"
            verdict = checker.check([f"{text} {marker}."])[0]
            kept[kind][0] += verdict.supported
            kept[kind][1] += 1
    return {kind: {"cases": n, "kept": k / n if n else None} for kind, (k, n) in kept.items()}


def markdown(result: dict) -> str:
    lines = ["# The grounding check on altered quote sentences (no model involved)", "",
             f"Run {result['started']}; {result['questions']} SQuAD v1.1 held-out questions, "
             f"{result['answered']} answered by the engine.", "",
             "| written sentence | cases | kept | should be |", "|---|---|---|---|"]
    expected = {"faithful": "kept", "number changed": "dropped", "name swapped": "dropped",
                "unknown citation": "dropped", "negated": "dropped (not detectable by this check)"}
    for kind, row in result["variants"].items():
        share = "–" if row["kept"] is None else f"{row['kept']:.3f}"
        lines.append(f"| {kind} | {row['cases']} | {share} | {expected[kind]} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from index.engine import Engine

    parser = argparse.ArgumentParser(prog="python -m benchmarks.grounding",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=500)
    args = parser.parse_args(argv)
    articles, questions = data.squad("heldout")
    asked = random.Random(0).sample(questions, min(args.questions, len(questions)))
    engine = Engine.open(ensure_store("squad-heldout", articles))
    result = {"started": time.strftime("%Y-%m-%d %H:%M"), "questions": len(asked)}
    result["variants"] = evaluate(engine, asked)
    result["answered"] = result["variants"]["faithful"]["cases"]
    (RESULTS / "grounding.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "grounding.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
