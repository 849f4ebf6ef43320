import json
import random
import re

import pytest
from support import SEED_ARTICLE, SHARED_DATA

from index.build import build_index
from index.config import EngineConfig
from index.engine import NOT_IN_ARTICLES, Engine
from index.errors import BadQuestion, UnknownArticle

OFF_TOPIC = [
    "Who won the 2022 World Cup?",
    "What is the capital of France?",
    "How do I bake sourdough bread?",
    "What is the boiling point of water at sea level?",
    "Who wrote Pride and Prejudice?",
    "How many moons does Jupiter have?",
    "What is the best programming language for beginners?",
    "When did the Titanic sink?",
    "Which team won the NBA championship in 2019?",
    "What is the recommended dose of ibuprofen for adults?",
]

ON_TOPIC = {
    "How many drones were launched?": "574",
    "How many missiles struck western regions?": "40 missiles",
    "What did Lavrov call the deployment of European troops?": "foreign intervention",
    "What happened to gasoline prices in Russia?": "gasoline prices",
    # What someone wrote is what they said: Trump's post, not a spokesperson who "said" something.
    "what did trump say?": "Trump wrote",
    # A feeling as news names it: his "frustration" (was refused).
    "why is trump angry?": "frustration",
}


def assert_cited_correctly(answer, texts):
    for citation in answer.citations + answer.related:
        text = texts[citation.article]
        assert text[citation.start : citation.end] == citation.quote
        assert citation.quote.strip() == citation.quote and citation.quote
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


@pytest.mark.parametrize("question,expected", ON_TOPIC.items())
def test_seed_questions_are_answered_with_the_right_quote(seed_engine, question, expected):
    answer = seed_engine.ask(question)
    assert answer.answered, answer
    assert expected in answer.citations[0].quote
    assert_cited_correctly(answer, {"russia-rejects-european-troops": SEED_ARTICLE.read_text(encoding="utf-8")})


def test_an_ambiguous_question_still_cites_the_answer(seed_engine):
    # The article has two Trump/Putin summit sentences and nothing in the question tells them apart;
    # the right one must be among the cited passages (held-out answer@3 is 0.93, answer@1 0.85).
    answer = seed_engine.ask("Where did Trump and Putin hold a summit?")
    assert answer.answered
    assert any("Alaska" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_are_refused(seed_engine, question):
    answer = seed_engine.ask(question)
    assert not answer.answered
    assert answer.answer == NOT_IN_ARTICLES and answer.citations == ()
    assert_cited_correctly(answer, {"russia-rejects-european-troops": SEED_ARTICLE.read_text(encoding="utf-8")})


def test_answer_json_contract(seed_engine):
    data = seed_engine.ask("How many drones were launched?").to_json()
    assert {"question", "answered", "answer", "citations", "timings_ms"} <= set(data)
    assert set(data["citations"][0]) >= {"n", "article", "title", "quote", "start", "end", "score"}
    json.dumps(data)


def test_follow_up_uses_the_previous_turn(seed_engine):
    first = seed_engine.ask("What did Zelenskyy say about meeting Putin?")
    assert first.answered
    follow = seed_engine.ask("When did he tell reporters that?", context=first.question)
    assert follow.answered and "told reporters" in " ".join(c.quote for c in follow.citations)


@pytest.mark.parametrize("question", ["", "   \n\t", "x" * 2001])
def test_bad_questions_are_refused_with_a_clear_message(seed_engine, question):
    with pytest.raises(BadQuestion) as error:
        seed_engine.ask(question)
    assert len(str(error.value)) < 120


def test_summary_is_cited_in_article_order_without_headings(seed_engine):
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    summary = seed_engine.summary(sentences=4)
    assert summary.article == "russia-rejects-european-troops" and len(summary.citations) == 4
    starts = [c.start for c in summary.citations]
    assert starts == sorted(starts)
    for citation in summary.citations:
        assert text[citation.start : citation.end] == citation.quote
        assert citation.quote.endswith((".", "!", "?", "”", "\""))
        assert f"{citation.quote} [{citation.n}]" in summary.summary
    assert seed_engine.summary("European Troops").article == summary.article  # part of the title


def test_unknown_article_is_a_clear_error(seed_engine):
    with pytest.raises(UnknownArticle, match="No indexed article matches"):
        seed_engine.summary("The Moon landing")


@pytest.fixture(scope="module")
def squad_engine(tmp_path_factory, model):
    """One SQuAD v1.1 dev article from the tuning half (position 0), built through the real pipeline."""
    if not (SHARED_DATA / "squad" / "dev-v1.1.json").exists():
        pytest.skip(f"evaluation data not found at {SHARED_DATA} (CI lays ../shared beside the clone)")
    data = json.loads((SHARED_DATA / "squad" / "dev-v1.1.json").read_text(encoding="utf-8"))["data"][0]
    root = tmp_path_factory.mktemp("squad")
    (root / "seeds").mkdir()
    text = data["title"].replace("_", " ") + "\n" + "\n".join(p["context"] for p in data["paragraphs"]) + "\n"
    (root / "seeds" / f"{data['title']}.txt").write_text(text, encoding="utf-8")
    config = EngineConfig(seeds_dir=root / "seeds", store_dir=root / "store")
    build_index(config, model=model)
    questions = [qa["question"] for p in data["paragraphs"] for qa in p["qas"]]
    return Engine.open(config, model=model), {data["title"]: text}, questions


def test_every_quote_is_verbatim_over_many_questions(squad_engine):
    engine, texts, questions = squad_engine
    rng = random.Random(7)
    asked = rng.sample(questions, 250)
    # Noisy variants too: the offsets must hold whatever the question.
    asked += [" ".join(rng.sample(q.split(), len(q.split()))) for q in asked[:50]]
    answered = 0
    for question in asked:
        answer = engine.ask(question)
        answered += answer.answered
        assert_cited_correctly(answer, texts)
        assert all(len(c.quote) <= 600 for c in answer.citations)
    assert answered >= 0.8 * len(asked)


def test_a_best_passage_that_opens_with_he_takes_its_name_from_the_sentence_before(seed_engine):
    """"He blamed former President Joe Biden ..." names no one else; the close runner-up just before it
    says who "he" is ("Trump took to his Truth Social platform"). A runner-up elsewhere is not used."""
    from index.ranking import Ranked

    corpus = seed_engine.corpus
    he = next(r for r in range(len(corpus)) if corpus.texts[r].startswith("He blamed former President"))
    query = seed_engine.analyse("Who blamed former President Joe Biden for tying Ukraine's hands?")
    ranked = [Ranked((he,), he, 0.9, {}), Ranked((he - 1,), he - 1, 0.8, {})]
    _, citation, span = seed_engine._first_with_span(query, ranked, True, False)
    assert citation.start == int(corpus.starts[he - 1]) and span is not None and span.text == "Trump"
    elsewhere = [Ranked((he,), he, 0.9, {}), Ranked((he - 3,), he - 3, 0.8, {})]
    _, citation, span = seed_engine._first_with_span(query, elsewhere, True, False)
    assert citation.start == int(corpus.starts[he]) and span is None


def test_a_warmed_engine_builds_nothing_more_for_its_first_question(seed_store, model, monkeypatch):
    from index import spelling
    from index.engine import Engine

    engine = Engine.open(seed_store, model=model)  # a fresh engine: the shared one is warm by now
    assert not engine.warmed
    assert engine.warm() >= 0.0 and engine.warmed

    def no_more_building(*args, **kwargs):
        raise AssertionError("built on the first question")

    monkeypatch.setattr(spelling.Speller, "__init__", no_more_building)
    answer = engine.ask("How many drones did Russia launch?")
    assert answer.answered and "574" in answer.short_answer.text
