"""The learned short-answer chooser for "what" questions no reading rule answers (index/span_scorer.py) and
its fitting (benchmarks/fit_spans.py)."""

from __future__ import annotations

import pytest

from benchmarks.fit_spans import fit
from index import span_scorer
from index.question import analyse
from index.short_answer import question_words, short_answer
from index.tagger import tagged
from index.types import Citation


def _short(question: str, quote: str):
    span = short_answer(analyse(question), Citation(1, "a", "A", quote, 1000, 1000 + len(quote), 0.9))
    if span is not None:
        assert quote[span.start - 1000:span.end - 1000] == span.text
    return span and span.text


CHEMISTS = ("What did European chemists make that could be used in warfare?",
            "By the 1870s, European chemists made new explosives that could be used in warfare.")
LAWYER = ("what does his lawyer reckon is behind all the offending?",
          "His solicitor, Liam O'Donnell, told the court that social work reports 'finally give some "
          "indication that the accused is getting it in terms of his offending.")


def test_a_what_question_no_rule_answers_takes_the_models_best_phrase(monkeypatch):
    assert _short(*CHEMISTS) == "new explosives"
    monkeypatch.setattr(span_scorer, "COVERED_AT", 2.0)  # the reading rules alone
    assert _short(*CHEMISTS) is None


def test_a_paraphrase_gets_no_learned_answer_however_sure_the_model_is():
    """SQuAD taught the model; on a question that shares a quarter of its words with the quote it is sure
    and wrong, so the quote alone answers."""
    question, quote = LAWYER
    query = analyse(question)
    best = span_scorer.scored(query.text, question_words(query), quote)[0]
    assert quote[best[1]:best[2]] == "Liam O'Donnell" and best[0] >= span_scorer.SHOW_AT
    assert span_scorer.covered(query.text, quote) < span_scorer.COVERED_AT
    assert _short(question, quote) is None


def test_an_unsure_model_gives_no_answer(monkeypatch):
    monkeypatch.setattr(span_scorer, "SHOW_AT", 0.99)
    assert _short(*CHEMISTS) is None


def test_the_question_words_count_as_the_question_spells_them():
    asked = "What did the mayor open on Saturday?"
    assert span_scorer.covered(asked, "The mayor opened a new library on Saturday.") == pytest.approx(2 / 3)
    assert span_scorer.covered(asked, "The Mayor spoke.") == pytest.approx(1 / 3)
    assert span_scorer.covered("what is it?", "Anything.") == 0.0  # no word of its own


def test_candidates_are_noun_phrases_their_heads_before_of_and_their_lists():
    quote = "Mueller approved a sequence of mission types, and Apollo 11 carried Armstrong and Aldrin."
    doc = tagged(quote)
    found = {doc[a:b].text for a, b in span_scorer.candidates(doc)}
    assert {"a sequence of mission types", "a sequence", "mission types", "Armstrong and Aldrin",
            "Apollo 11", "Mueller"} <= found
    assert "approved" not in found and "carried Armstrong" not in found


def test_the_shipped_weights_describe_the_features_the_code_computes():
    """A feature renamed in span_scorer.features without a refit would silently weigh nothing."""
    question, quote = CHEMISTS
    query = analyse(question)
    names = {name for _, f in span_scorer.features(query.text, question_words(query), quote) for name in f}
    weights = span_scorer.weights()
    assert len(names & weights.keys()) / len(names) > 0.8


def test_fit_prefers_what_the_best_candidates_share_and_skips_questions_no_candidate_answers():
    records = [dict(features=[{"good": 1, "bias": 1}, {"bad": 1, "bias": 1}, {"bad": 1, "long": 1}],
                    f1s=[1.0, 0.0, 0.4]) for _ in range(5)]
    # No candidate reaches F1 0.5 here: were it a target, "bad" would win.
    records += [dict(features=[{"good": 1}, {"bad": 1}], f1s=[0.0, 0.4]) for _ in range(20)]
    model = fit(records, steps=100)
    assert model.get("good", 0.0) > 0 > model.get("bad", 0.0)


def test_a_question_about_what_was_said_gets_no_learned_answer(monkeypatch):
    question = "What did the American Chamber of Commerce say?"
    quote = ("Among the targets was a facility linked to a major U.S. electronics company, prompting sharp "
             "criticism from Andy Hunder, head of the American Chamber of Commerce in Ukraine.")
    assert span_scorer.asks_for_a_clause(question)
    assert _short(question, quote) is None
    monkeypatch.setattr(span_scorer, "asks_for_a_clause", lambda text: False)
    assert _short(question, quote) is not None  # what the model would have said ("Ukraine")


def test_the_reading_rules_come_before_the_model():
    """"What prices ...?" names the kind of thing asked: the rule for that reads "gasoline prices"; the
    model, asked first, had said "Russia"."""
    quote = "These strikes have driven gasoline prices in Russia to record highs, adding pressure on Moscow."
    assert _short("what prices hit record highs", quote) == "gasoline prices"
