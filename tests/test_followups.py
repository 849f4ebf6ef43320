"""Follow-ups: ``ask(question, context=previous turn)`` with the turn as an Answer or as the bot's
"question\\nanswer text", and no drag toward the previous turn after a change of topic
(index/followup.py, index/engine.py)."""

from __future__ import annotations

import pytest

from index.engine import NOT_IN_ARTICLES, refused
from index.followup import carried_over, goes_on, previous_turn
from index.types import Answer, Citation, Span

FIRE = "leeds-warehouse-fire"
SEED_ID = "russia-rejects-european-troops"


def as_text(answer: Answer) -> str:
    """What the bot keeps per thread: the question, a newline, the answer text."""
    return f"{answer.question}\n{answer.answer}"


def first(answer: Answer):
    return (answer.citations[0].article, answer.citations[0].start) if answer.citations else None


# -- previous_turn -------------------------------------------------------------------------------------


def test_previous_turn_reads_the_composers_text():
    text = "Who did police arrest?\nDaniel Whitcombe [1]: “Officers arrested Daniel Whitcombe at home.” [1]"
    turn = previous_turn(text)
    assert turn.subject == "Daniel Whitcombe" and turn.text == text and turn.article is None
    with_more = text + " See also [2], [3]."
    assert previous_turn(with_more).subject == "Daniel Whitcombe"


def test_previous_turn_without_a_short_answer_has_no_subject():
    turn = previous_turn("Why?\n“Because the talks failed.” [1]")
    assert turn.subject is None and turn.text.startswith("Why?")
    assert previous_turn("That is not in the articles.").subject is None


@pytest.mark.parametrize("context", [None, "", "  \n "])
def test_no_previous_turn(context):
    assert previous_turn(context) is None


def test_previous_turn_from_an_answer():
    quote = "Officers arrested Daniel Whitcombe at his home."
    citation = Citation(1, FIRE, "Fire", quote, 100, 100 + len(quote), 0.9)
    answer = Answer("Who did police arrest?", True, "…", (citation,), short_answer=Span("Daniel Whitcombe", 118, 134))
    turn = previous_turn(answer)
    assert (turn.subject, turn.article) == ("Daniel Whitcombe", FIRE)
    assert turn.text == "Who did police arrest?\n…"
    refused = Answer("Who won?", False, NOT_IN_ARTICLES, (), (citation,))
    assert previous_turn(refused).article is None and previous_turn(refused).subject is None


def test_the_engines_own_answer_text_round_trips(two_article_engine):
    answer = two_article_engine.ask("Who did police arrest?")
    assert answer.short_answer is not None
    assert previous_turn(as_text(answer)).subject == answer.short_answer.text
    assert previous_turn(answer).subject == answer.short_answer.text
    assert previous_turn(answer).article == answer.citations[0].article


# -- follow-ups through the engine ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def arrest(two_article_engine):
    answer = two_article_engine.ask("Who did police arrest?")
    assert answer.answered and answer.citations[0].article == FIRE, answer
    assert answer.short_answer.text == "Daniel Whitcombe"
    return answer


@pytest.fixture(scope="module")
def missiles(two_article_engine):
    answer = two_article_engine.ask("How many missiles struck western regions?")
    assert answer.answered and answer.citations[0].article == SEED_ID, answer
    return answer


@pytest.mark.parametrize("as_string", [False, True], ids=["Answer", "text"])
@pytest.mark.parametrize("question,expected", [
    ("how old is he?", "34"),
    ("where was he arrested?", "Bradford"),
    ("when is he due in court?", "Friday"),
])
def test_a_follow_up_is_answered_from_the_previous_turns_article(two_article_engine, arrest, as_string,
                                                                 question, expected):
    answer = two_article_engine.ask(question, context=as_text(arrest) if as_string else arrest)
    assert answer.answered, answer
    assert answer.citations[0].article == FIRE
    assert answer.short_answer is not None and answer.short_answer.text == expected


@pytest.mark.parametrize("as_string", [False, True], ids=["Answer", "text"])
@pytest.mark.parametrize("asked_first, place", [
    ("What proposal did Lavrov push for?", "Istanbul"),
    # Hunder's words are the turn's quote; the article's best place elsewhere is "U.S.".
    ("What did Hunder say about Russia?", "Ukraine"),
    # The regex type check misses a place after "before"; the tagger's span is the evidence.
    ("When is Whitcombe due in court?", "Leeds Magistrates' Court"),
])
def test_a_follow_up_that_names_nothing_asks_about_the_turns_own_quote(two_article_engine, as_string,
                                                                       asked_first, place):
    # "where was that?" names nothing but its kind: the place is the one the previous answer quoted,
    # not the best place elsewhere in the article ("U.S." for the first).
    turn = two_article_engine.ask(asked_first)
    assert turn.answered and place in turn.citations[0].quote, turn
    answer = two_article_engine.ask("where was that?", context=as_text(turn) if as_string else turn)
    assert answer.answered and answer.citations[0].quote == turn.citations[0].quote
    assert answer.short_answer is not None and answer.short_answer.text == place


@pytest.mark.parametrize("question", ["where?", "in what place?"])
def test_a_follow_up_of_only_its_kind_of_answer_leans_on_the_turn(two_article_engine, question):
    # No pronoun and no pointer, but nothing to ask about either: it can only mean the previous answer.
    turn = two_article_engine.ask("When is Whitcombe due in court?")
    answer = two_article_engine.ask(question, context=turn)
    assert answer.answered and answer.citations[0].quote == turn.citations[0].quote
    assert answer.short_answer is not None and answer.short_answer.text == "Leeds Magistrates' Court"


def test_the_context_is_what_answers_the_follow_up(two_article_engine, arrest):
    # Alone, "he" is nobody: whatever the engine does, it must not find Whitcombe's age by chance.
    alone = two_article_engine.ask("how old is he?")
    assert not (alone.short_answer and alone.short_answer.text == "34")


@pytest.mark.parametrize("question", ["what did they say?", "when did it happen?", "who did they arrest?"])
def test_a_turn_without_a_short_answer_still_sets_the_article(two_article_engine, question):
    # Only the turn's text is known here (no subject to add to the search, no article id): the article
    # must come from the quote the turn carries, not from the words of the follow-up.
    context = ("Tell me about the warehouse fire\n“Police in Leeds have arrested a man after a fire destroyed a "
               "furniture warehouse on the edge of the city on Tuesday night.” [1]")
    assert previous_turn(context).subject is None
    answer = two_article_engine.ask(question, context=context)
    assert answer.answered and answer.citations[0].article == FIRE


def test_both_forms_of_the_previous_turn_give_the_same_answer(seed_engine):
    turn = seed_engine.ask("Who is Russia's foreign minister?")
    assert turn.short_answer.text == "Sergei Lavrov"
    by_answer = seed_engine.ask("what did he call it?", context=turn)
    by_text = seed_engine.ask("what did he call it?", context=as_text(turn))
    assert by_answer.answered and "foreign intervention" in by_answer.citations[0].quote
    assert [c.quote for c in by_answer.citations] == [c.quote for c in by_text.citations]


def test_where_was_that_reads_the_description_the_turn_gave(seed_engine):
    # "that" is "head of the American Chamber of Commerce" (7 words): a description joins the search, so
    # the place beside it ("... Commerce in Ukraine") answers, not the "U.S." earlier in the sentence.
    turn = seed_engine.ask("Who is Andy Hunder?")
    assert turn.short_answer.text == "head of the American Chamber of Commerce"
    for context in (turn, as_text(turn)):
        assert seed_engine.ask("where was that?", context=context).short_answer.text == "Ukraine"


def test_a_bare_why_asks_about_the_turns_own_quote(seed_engine):
    # The turn's quote tells why (a facility linked to a U.S. company was among the targets) without a word
    # of reason; asked alone inside the article, "why?" had found Trump's "How did that work out?".
    first = seed_engine.ask("who heads the american chamber of commerce in ukraine?")
    turn = seed_engine.ask("what did he criticise?", context=first)
    assert turn.citations[0].quote.startswith("Among the targets was a facility")
    for context in (turn, as_text(turn)):
        answer = seed_engine.ask("why?", context=context)
        assert answer.answered and answer.citations[0].quote.startswith("Among the targets was a facility")


def test_a_longer_follow_up_cites_the_right_sentence(seed_engine):
    turn = seed_engine.ask("Who is Russia's foreign minister?")
    for context in (turn, as_text(turn)):
        answer = seed_engine.ask("what did he call the deployment of European troops?", context=context)
        assert answer.answered
        assert any("foreign intervention" in c.quote for c in answer.citations)


# refers_back() allows at most three content words; "call", "deployment", "european", "troops" are four,
# so the turn (Lavrov) is dropped, and the lede ("Russia ... rejecting the idea of European troops") is [1]
# with Lavrov's "foreign intervention" sentence [2], the same order as asked alone.
def test_a_longer_follow_up_cites_the_right_sentence_first(seed_engine):
    turn = seed_engine.ask("Who is Russia's foreign minister?")
    answer = seed_engine.ask("what did he call the deployment of European troops?", context=turn)
    assert "foreign intervention" in answer.citations[0].quote


# -- changes of topic ----------------------------------------------------------------------------------


@pytest.mark.parametrize("as_string", [False, True], ids=["Answer", "text"])
@pytest.mark.parametrize("question,after", [
    ("What did Lavrov call the deployment of European troops?", "arrest"),
    ("Who is Russia's foreign minister?", "arrest"),
    ("What happened to gasoline prices in Russia?", "arrest"),
    ("How long did firefighters take to control the fire?", "missiles"),
    ("Where is Whitcombe due to appear?", "missiles"),
])
def test_a_question_that_stands_alone_is_not_dragged_to_the_previous_turn(two_article_engine, request,
                                                                          as_string, question, after):
    turn = request.getfixturevalue(after)
    alone = two_article_engine.ask(question)
    assert alone.answered
    asked_after = two_article_engine.ask(question, context=as_text(turn) if as_string else turn)
    assert asked_after.answered and first(asked_after) == first(alone)


@pytest.mark.parametrize("as_string", [False, True], ids=["Answer", "text"])
@pytest.mark.parametrize("question,after,article,expected", [
    # "he" and "they" lean on the turn, but the turn's article holds none of the question's own words.
    ("what did he call the deployment of European troops?", "arrest", SEED_ID, "European troops"),
    ("how many drones did they fire at western regions?", "arrest", SEED_ID, "574"),
    ("when is he due in court?", "missiles", FIRE, "Friday"),
    # A word the articles never use is the question's own too ("hurl").
    ("how many drones did they hurl?", "arrest", SEED_ID, "574"),
])
def test_a_question_with_a_pronoun_about_another_article_is_asked_there(two_article_engine, request,
                                                                        as_string, question, after,
                                                                        article, expected):
    turn = request.getfixturevalue(after)
    alone = two_article_engine.ask(question)
    assert alone.answered and alone.citations[0].article == article
    asked_after = two_article_engine.ask(question, context=as_text(turn) if as_string else turn)
    assert asked_after.answered and first(asked_after) == first(alone)
    assert expected in asked_after.citations[0].quote


def test_a_question_that_stands_alone_after_a_turn_prefers_the_turns_article(two_article_engine, arrest,
                                                                             monkeypatch):
    import index.engine

    seen = []
    real = index.engine.prefer_turn_article

    def spy(corpus, ranked, article, **kw):
        seen.append(corpus.article_ids[article])
        return real(corpus, ranked, article, **kw)

    monkeypatch.setattr(index.engine, "prefer_turn_article", spy)
    two_article_engine.ask("How many missiles struck western regions?", context=arrest)
    two_article_engine.ask("How many missiles struck western regions?")  # no turn, nothing to prefer
    assert seen == [FIRE]


def test_a_question_that_goes_on_from_its_turn_stays_with_it(two_article_engine, arrest):
    # Opened on "and", the question continues the turn: searched inside its article whatever its words.
    assert goes_on("and how many drones did they launch?") and goes_on("So what did he get?")
    assert not goes_on("how many drones did they launch?") and not goes_on("Android phones?")
    answer = two_article_engine.ask("and how many drones did they launch?", context=arrest)
    assert not answer.citations or answer.citations[0].article == FIRE


# "the" is in question._ANAPHORA, so these count as leaning on the previous turn: they are searched only
# inside that turn's article, and answerable(follow_up=True) skips the probability threshold.
def test_a_short_question_with_the_is_not_dragged_either(two_article_engine, missiles):
    question = "How much damage did the fire cause?"
    alone = two_article_engine.ask(question)
    assert alone.answered and alone.citations[0].article == FIRE
    after = two_article_engine.ask(question, context=missiles)
    assert after.answered and first(after) == first(alone)


@pytest.mark.parametrize("as_string", [False, True], ids=["Answer", "text"])
@pytest.mark.parametrize("follow_up", ["where was that?", "how many were there?", "how old is he?"])
def test_a_follow_up_to_an_off_topic_refusal_asks_about_nothing_the_articles_hold(two_article_engine,
                                                                                  as_string, follow_up):
    turn = two_article_engine.ask("Who won the 2022 World Cup?")
    assert not turn.answered and not turn.related
    answer = two_article_engine.ask(follow_up, context=as_text(turn) if as_string else turn)
    assert not answer.answered and answer.answer == NOT_IN_ARTICLES


@pytest.mark.parametrize("as_string", [False, True], ids=["Answer", "text"])
def test_a_refusal_beside_an_article_is_still_a_turn(two_article_engine, as_string):
    # Refused, but with the passage about Whitcombe as the closest: "he" is still Whitcombe.
    turn = two_article_engine.ask("How much was Whitcombe paid at the warehouse?")
    assert not turn.answered and turn.related
    answer = two_article_engine.ask("how old is he?", context=as_text(turn) if as_string else turn)
    assert answer.answered and answer.short_answer.text == "34"


def test_a_refusal_is_told_in_each_form_of_the_turn():
    assert refused(Answer("Who won?", False, NOT_IN_ARTICLES, ()))
    assert refused(f"Who won?\n{NOT_IN_ARTICLES}")
    # As the bot rebuilds it from its message after a restart.
    assert refused(f"Who won?\n{NOT_IN_ARTICLES}\n\n**Closest passages (not an answer)**\n> …")
    assert not refused("Who did police arrest?\nDaniel Whitcombe [1]: “Officers arrested …” [1]")


@pytest.mark.parametrize("question", ["Who won the 2022 World Cup?", "When did the Titanic sink?",
                                      "What is the capital of France?"])
def test_off_topic_questions_stay_refused_after_a_turn(seed_engine, question):
    turn = seed_engine.ask("Who is Russia's foreign minister?")
    assert not seed_engine.ask(question).answered
    answer = seed_engine.ask(question, context=turn)
    assert not answer.answered and answer.answer == NOT_IN_ARTICLES


# -- "what about X?" ---------------------------------------------------------------------------------

NAMES = frozenset({"pacquiao", "mike", "tindall", "floyd", "russia"})


@pytest.mark.parametrize("question,previous,expected", [
    # The previous question's name swapped for the new one.
    ("what about floyd?", "how many situps does pacquiao do a day in camp",
     "how many situps does floyd do a day in camp"),
    ("and what about Nicky Robinson", "where did mike tindall's horse finish?",
     "where did Nicky Robinson's horse finish?"),
    # A year for a year.
    ("how about in 2019?", "how many homes were built in 2015?", "how many homes were built in 2019?"),
    # No name to swap: the new words are added.
    ("what about the warehouse?", "how long did the fire burn?", "how long did the fire burn the warehouse?"),
    # Other things counted: what the count counts is swapped, not the name ("and" alone says the same).
    ("what about missiles?", "how many drones did russia send?", "how many missiles did russia send?"),
    ("and the missiles", "how many drones did russia send?", "how many missiles did russia send?"),
    ("what about his trainer?", "how many situps does pacquiao do?", "how many situps does his trainer do?"),
    ("and floyd?", "how old is pacquiao?", "how old is floyd?"),
])
def test_what_about_asks_the_previous_question_of_something_else(question, previous, expected):
    assert carried_over(question, previous, NAMES) == expected


# "and where was that?" asks a question of its own.
@pytest.mark.parametrize("question", ["what is this about?", "who is floyd?", "what about?",
                                      "and where was that?"])
def test_other_questions_carry_nothing_over(question):
    assert carried_over(question, "how many situps does pacquiao do?", NAMES) is None


def test_and_x_only_swaps():
    # "who is the captain the boss?" would say nothing: with no name, year or count to swap, "and X?" is
    # asked as it is.
    assert carried_over("and the boss", "who is the captain?", NAMES) is None
    assert carried_over("what about the boss", "who is the captain?", NAMES) == "who is the captain the boss?"


@pytest.mark.parametrize("follow_up", ["and missiles?", "what about the missiles",
                                       "ok and what about missiles?"])
def test_and_x_counts_something_else_as_the_turn_counted(seed_engine, follow_up):
    turn = seed_engine.ask("how many drones did russia send")
    assert turn.short_answer is not None and turn.short_answer.text == "574", turn
    answer = seed_engine.ask(follow_up, context=turn)
    assert answer.short_answer is not None and answer.short_answer.text == "40", answer


def test_what_about_reads_the_turns_question_with_the_articles_names(two_article_engine):
    turn = two_article_engine.ask("How old is Whitcombe?")
    assert turn.answered and turn.short_answer.text == "34", turn
    query = two_article_engine.analyse("what about Hunder?", previous_turn(as_text(turn)))
    assert query.text == "How old is Hunder?" and query.wants == "age"
