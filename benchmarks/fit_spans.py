"""Fit the learned short-answer chooser (``index/span_scorer.py``) on the SQuAD tuning half only.

python -m benchmarks.fit_spans [--check]

- Examples: every SQuAD tuning-half question asked of the engine, with the candidates of its first quote
  (the quote the chooser will see when it serves) and the token F1 of each against the gold answers. A
  question whose best candidate reaches F1 0.5 is a training example; its best candidates share the
  target.
- Model: a log-linear model over a quote's candidates (softmax), fitted on questions like those the chooser
  answers ("what", "how" and those with no wh-word, that want no kind of answer but a thing), L2 1e-3, 300
  Adam steps.
- ``--check``: 2-fold cross-validation by article. For "what" questions that no reading rule answers, it
  prints the short-answer F1 gained over quoting the passage (per question of the whole half, SQuAD
  normalisation) at each pair of thresholds, which is how ``COVERED_AT`` and ``SHOW_AT`` were chosen.

Writes the weights to index/data/span-weights.json.
"""

from __future__ import annotations

import argparse
import json
import logging

import numpy as np

from benchmarks import data
from benchmarks.squad_metrics import f1_score
from benchmarks.stores import ensure_store
from index import span_scorer
from index.engine import Engine
from index.short_answer import question_words

TRAINED_ON = ("what", "how", "other")  # the wh-words the chooser is fitted on (see span_scorer.wh_word)


def trained_on(record: dict) -> bool:
    """Questions like those the chooser sees: no kind of answer wanted but a thing (a "what year" is
    answered by the date rules, and taught the model that a date answers "what": --check 3.49 → 3.63 pt)."""
    return record["wh"] in TRAINED_ON and record["wants"] in (None, "thing")


def examples() -> tuple[list[dict], int]:
    """One record per question with a quote: its candidates, their F1s, the quote's F1, and whether the
    chooser would be asked (no rule's span, no question about what was said)."""
    articles, questions = data.squad("tuning")
    engine = Engine.open(ensure_store("squad-tuning", articles))
    covered_at, span_scorer.COVERED_AT = span_scorer.COVERED_AT, 2.0  # the rules alone, as before the chooser
    out = []
    try:
        for question in questions:
            answer = engine.ask(question.text, llm=False)
            if not answer.answered or not answer.citations:
                continue
            quote = answer.citations[0].quote
            query = engine.analyse(question.text)
            found = span_scorer.features(query.text, question_words(query), quote)
            if not found:
                continue
            best = [max(f1_score(quote[a:b], gold) for gold in question.answers) for (a, b), _ in found]
            out.append(dict(article=question.article, wh=span_scorer.wh_word(query.text), wants=query.wants,
                            features=[f for _, f in found], f1s=best,
                            covered=span_scorer.covered(query.text, quote),
                            quote_f1=max(f1_score(quote, gold) for gold in question.answers),
                            eligible=answer.short_answer is None
                            and not span_scorer.asks_for_a_clause(query.text)))
    finally:
        span_scorer.COVERED_AT = covered_at
    return out, len(questions)


def fit(records: list[dict], l2: float = 1e-3, steps: int = 300, rate: float = 0.1) -> dict[str, float]:
    """Softmax regression over each record's candidates, full batch, Adam."""
    vocabulary: dict[str, int] = {}
    index, row, value, target, starts = [], [], [], [], []
    for record in records:
        best = max(record["f1s"])
        if best < 0.5:
            continue
        starts.append(len(target))
        tops = [i for i, f1 in enumerate(record["f1s"]) if f1 >= best - 1e-9]
        for i, features in enumerate(record["features"]):
            for name, x in features.items():
                index.append(vocabulary.setdefault(name, len(vocabulary)))
                row.append(len(target))
                value.append(x)
            target.append(1.0 / len(tops) if i in tops else 0.0)
    index, row, value, target, starts = map(np.array, (index, row, value, target, starts))
    group = np.zeros(len(target), dtype=int)
    group[starts[1:]] = 1
    group = np.cumsum(group)
    w, m, v = np.zeros(len(vocabulary)), np.zeros(len(vocabulary)), np.zeros(len(vocabulary))
    for t in range(1, steps + 1):
        score = np.bincount(row, weights=w[index] * value, minlength=len(target))
        e = np.exp(score - np.maximum.reduceat(score, starts)[group])
        p = e / np.add.reduceat(e, starts)[group]
        grad = np.bincount(index, weights=(p - target)[row] * value, minlength=len(w)) / len(starts) + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return {name: round(float(w[i]), 4) for name, i in sorted(vocabulary.items()) if abs(w[i]) >= 1e-4}


def _best(model: dict[str, float], record: dict) -> tuple[int, float]:
    shares = span_scorer.probabilities(record["features"], model)
    best = max(range(len(shares)), key=shares.__getitem__)  # the first of equals, as argmax
    return best, shares[best]


def check(records: list[dict], total: int) -> None:
    articles = sorted({r["article"] for r in records})
    fold = {a: i % 2 for i, a in enumerate(articles)}
    results = []
    for k in (0, 1):
        model = fit([r for r in records if fold[r["article"]] != k and trained_on(r)])
        for r in records:
            if fold[r["article"]] == k and r["eligible"]:
                i, p = _best(model, r)
                results.append((r["wh"], r["f1s"][i], p, r["quote_f1"], r["covered"]))
    chosen = [x for x in results if x[0] == "what"]
    print(f"'what' questions no rule answers (none about what was said): {len(chosen)}. Shown, their F1, "
          "F1 gained over the quote "
          "(points, per question of the half), by the quote's share of the question's words and probability:")
    for words in (0.0, 0.5, 0.6, 0.7, 0.8):
        cells = []
        for at in (0.0, 0.2, 0.3, 0.4):
            shown = [(f1, quoted) for _, f1, p, quoted, c in chosen if p >= at and c >= words]
            gain = sum(f1 - quoted for f1, quoted in shown) / total
            mean = sum(f1 for f1, _ in shown) / max(len(shown), 1)
            cells.append(f"p ≥ {at:.1f}: {len(shown)}, {mean:.2f}, {gain * 100:+.2f}")
        print(f"words ≥ {words:.1f} | " + " | ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="2-fold cross-validation by article first")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    records, total = examples()
    print(f"{len(records)} questions with a quote, of {total}")
    if args.check:
        check(records, total)
    model = fit([r for r in records if trained_on(r)])
    span_scorer.WEIGHTS.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(model)} weights → {span_scorer.WEIGHTS}")


if __name__ == "__main__":
    main()
