"""Each stage of the answer pipeline on its own: question analysis, spelling, answer-type evidence,
candidates, passages, the scorer and answerability (index/question.py, spelling.py, answer_types.py,
ranking.py). The whole engine is exercised in test_short_answer.py, test_refusals.py and test_followups.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from index.answer_types import type_evidence
from index.followup import Turn
from index.question import (
    KNOWN_WORDS,
    SHORT_FORMS,
    SYNONYMS,
    analyse,
    answer_type,
    called_kind,
    focus_words,
    is_english,
    is_summary_request,
    kind_words,
    named_kind,
    refers_back,
    respelled,
    unwrapped,
    word_groups,
)
from index.ranking import (
    ANSWER_AT,
    COUNT_COVERAGE,
    SCORER,
    LinearScorer,
    Ranked,
    Settings,
    answerable,
    close_passages,
    find_candidates,
    kind_pattern,
    alignment,
    passages,
    prefer_turn_article,
    realign,
    score_passages,
    strays_from,
)
from index.letters import fold
from index.spelling import Speller

# -- question analysis -------------------------------------------------------------------------------


@pytest.mark.parametrize("question,wants", [
    ("How many people were injured in the attack?", "number"),
    ("how much did the repairs cost?", "number"),
    ("How old is the suspect?", "age"),
    ("What age was she when she died?", "age"),
    ("Where did Hamilton come in the race?", "rank"),
    ("where did the team finish in the league?", "rank"),
    ("How long did the trial last?", "duration"),
    ("When did the attack happen?", "date"),
    ("What year did the war end?", "date"),
    ("Who is Russia's foreign minister?", "person"),
    ("whose car was it?", "person"),
    ("Where did Trump and Putin hold a summit?", "place"),
    ("Which city hosted the talks?", "place"),
    ("Which company's factory got hit?", "org"),
    ("What was the name of the ship?", "name"),
    ("Why did Russia reject the plan?", "reason"),
    ("Tell me about Lavrov", None),
    # The first wh-phrase decides, whatever comes later in the question.
    ("where was he when he said that", "place"),
    ("When did the man who led the talks resign?", "date"),
    ("Who said where the summit would be?", "person"),
    # A question that opens with an auxiliary asks yes or no: a later wh-word starts a clause.
    ("did he get hurt when his boat went over?", "yes/no"),
    ("did she plead guilty?", "yes/no"),
    # ... unless it asks whether anyone was: then who, and how many, is the answer people want.
    ("so was anyone hurt where the drone fell?", "any"),
    ("were any cops injured?", "any"),
    ("where are the mclarens starting", "rank"),
    ("where did britain place overall?", "rank"),
    ("What rank does Doctor Who hold in a list of the 100 Greatest Kids' TV Shows?", "rank"),
    # A rank in the armed forces or the police is a title: "Lt Colonel", not "9th".
    ("what rank does pacquiao hold in the army?", "thing"),
    ("where did the talks take place?", "place"),
    ("what was the name of the person who died?", "person"),
    ("whats the guard's name?", "person"),
    ("whats the name of the ship", "name"),
    # Up to two modifiers before a noun for people; none of them a verb or an article.
    ("which nba player got hurt?", "person"),
    ("which top saddam-era guy died?", "person"),
    ("what did the man say?", None),
    # "what <noun>" asks for a thing of that kind: a name only where the quote says it is one.
    ("what movie gave them the idea?", "thing"),
    # What something is called, even where a "who" or "which" later in it reads otherwise.
    ("What was the naval base called?", "called"),
    ("What did Luther call the consecrated bread and wine?", "called"),
    ("What is Doctor Who's space ship called?", "called"),
    # "who is <name>?" asks what the person is; "who is responsible?" still asks for someone.
    ("Who is Andy Hunder?", "description"),
    ("whos zelenskyy", "description"),
    ("who is responsible?", "person"),
    ("who is the head of the chamber?", "person"),
    # A "who" that asks for a team or a firm wants an organisation.
    ("who was the first team to beat them?", "org"),
    # A noun for people that only qualifies another asks for that other: a coach company is a company.
    ("which coach company did city hire for the trip?", "org"),
    ("which players union spoke out?", "org"),
    # "what kind of X" asks which sort of X, even where "which type" also reads as "which <noun>".
    ("what kind of patients is it meant for", "sort"),
    ("Which type of climate allowed the forest to spread?", "sort"),
    ("Time and space are examples of what type of resource?", "sort"),
    # The value of a quantity is a number: "what was the final score?", "what was Fresno's population?".
    ("what was Fresno's population in 2010?", "number"),
    ("What was Peyton Manning's passer rating for the season?", "number"),
    ("What is the record number of touchdowns Cam Newton has had?", "number"),
    # A "when" after the question's own wh-word opens a clause: it asks no date.
    ("What basin was formed when the Andes Mountains rose?", "thing"),
    ("Where was the meeting held when the owners voted?", "place"),
    ("How and when did the plague enter Europe?", "date"),
    ("and when did he die?", "date"),
    # ... but not a comparison made in one.
    ("What is the comparison in price between private schools and public ones?", None),
    # Chat spellings read as articles spell them: "wat" is "what", a "celeb" a person; a capital "K" is no
    # chat form.
    ("wat were the cops on their way to see when it kicked off", None),
    ("which celeb was first to come out for labour", "person"),
    # A temperature and a share are numbers; what something was nicknamed or dubbed is what it is called.
    ("how hot is it over there at the moment", "number"),
    ("whats obamas fake follower % by comparison", "number"),
    ("what have her aides nicknamed the campaign van", "called"),
    ("what did they dub the van", "called"),
    # Family words and everyday people are people: "whats the mums name" asks for a person.
    ("whats the mums name", "person"),
    ("which jockey has got ppl betting on sam", "person"),
    # Plural kinds of date ask for dates too.
    ("what hours does he have to stay home", "date"),
    ("what time zone is tokyo in", "thing"),  # a time zone is no time
    # A nickname is what something is called.
    ("what nickname did the nyt give him", "called"),
    ("What is the nickname for ABC's logo from the 2000 campaign?", "called"),
    # "call for" is a demand, not a name.
    ("After rejecting compulsory confession, what did Luther call for?", None),
    ("What was media day called for Super Bowl 50?", "called"),
    # "in what X" asks for an X as "what X" does.
    ("In what compound is oxygen part of a ring arrangement?", "thing"),
    ("By what means is bulk oxygen shipped?", "thing"),
    # So is another name, asked for even as a yes/no question.
    ("What is another name for State Route 168?", "called"),
    ("By what other name was the Gate known?", "called"),
    ("is there another name for the septum ring?", "called"),
    ("Were the other names released?", "yes/no"),
    # A "who" after the question's own wh-word opens a relative clause; "Doctor Who" is a name, and "the
    # name of the player who ..." still asks for a person.
    ("what's the guy who threw the punch been charged with", None),
    ("What would someone who is civilly disobedient do in court?", None),
    ("What was the focus of Season 20 of Doctor Who?", None),
    ("What is the last name of the player who scored a 2-yard touchdown?", "person"),
    ("who was the guy who died in the row", "person"),
    ("Between what years did the uprisings last?", "date"),
    ("What was the date of the first episode?", "date"),
    ("How much time was left in the quarter?", "duration"),
    # A position one finishes in is a rank; one plays is a role.
    ("what position did hamilton finish in?", "rank"),
    ("and overall what position did the uk get", "rank"),
    # A "when" clause before the question proper asks no date.
    ("When UPT bought ABC, what was the merged company called?", "called"),
    ("when he was arrested, where was he?", "place"),
    ("What northern province in France has a large protestant population?", "place"),
    ("which cities did he visit", "place"),
    # "states" after a word before it is a verb; "what" before a preposition has no noun.
    ("What theorem states that every even number is a sum of two primes?", "thing"),
    ("Colonies were a sign of what amongst European countries?", None),
    # A kind of organisation after words that say which, or in the plural; a group or a body is none.
    ("What French animation studio did ABC purchase in 1993?", "org"),
    ("In 1949, ABC had less coverage than what competing networks?", "org"),
    ("What religious group operates private schools?", "thing"),
    # A decade, century or season is a date.
    ("In what decade did ABC finish transitioning to color?", "date"),
    ("For which TV season did color first become a dominant format?", "date"),
    ("When, if ever, will he return?", "date"),
    ("What position does Von Miller play?", "thing"),
    ("Which K was first?", "name"),
])
def test_answer_type_follows_the_first_wh_phrase(question, wants):
    assert answer_type(question) == wants


def test_who_is_a_lower_case_name_asks_what_they_are_when_the_articles_write_it_as_a_name():
    names = frozenset({"andy", "hunder"})
    assert answer_type("who is andy hunder?", names) == "description"
    assert answer_type("who is andy hunder?") == "person"


def test_what_is_a_names_job_is_read_as_who_is_it():
    from index.question import analyse

    names = frozenset({"andy", "hunder"})
    assert analyse("whats andy hunder's role", names=names).text == "who is andy hunder?"
    assert analyse("What was Houghton's job?").text == "who was Houghton?"
    assert analyse("What position did Lavrov hold?").text == "who was Lavrov?"
    # Not a name, or a post somewhere in particular: the question stays as asked.
    assert analyse("what is the company's role?").text == "what is the company's role?"
    held_there = "What position did Tesla hold in the Central Telegraph Office?"
    assert analyse(held_there).text == held_there
    assert answer_type("who is playing tonight?", names) == "person"


def test_answer_type_reads_curly_apostrophes_like_straight_ones():
    assert answer_type("What’s his name?") == answer_type("What's his name?") == "person"


@pytest.mark.parametrize("question", [
    "how old is he?", "where was that?", "what did he call it?", "when did he tell reporters that?",
    "why did they do that?",
    # A closing "one" stands for what the turn named.
    "which famous leaders had one?", "and who got the second one",
    # Only the kind of answer wanted, nothing it is about.
    "over what time span?", "how long?", "when?",
])
def test_pronoun_questions_refer_back(question):
    assert refers_back(question)


@pytest.mark.parametrize("question", [
    "Who is Russia's foreign minister?", "How many drones were launched?",
    "What did Lavrov call the deployment of European troops?", "Who wrote Pride and Prejudice?", "",
])
def test_questions_that_stand_alone_do_not_refer_back(question):
    assert not refers_back(question)


def test_a_follow_up_searches_with_the_turns_name_but_not_its_count():
    assert "whitcombe" in analyse("how old is he?", subject="Daniel Whitcombe").search_text
    # "where was that?" after "one person" died asks where it happened.
    for count in ("one person", "No serious injuries", "at least 15"):
        assert analyse("where was that?", subject=count).search_text == analyse("where was that?").search_text
    # Nor a day or a sum: "that" after "February 3, 1959" is what happened then, and the words of the
    # date pulled the place asked for to "McLean", the name beside it.
    for day_or_sum in ("February 3, 1959", "on Friday", "in 2009", "£25,000", "$1.2 million"):
        assert analyse("where was that?", subject=day_or_sum).search_text == \
            analyse("where was that?").search_text, day_or_sum


# "the" is in question._ANAPHORA, so any question with "the" and at most three content words counts as
# leaning on the previous turn; the engine then searches only that turn's article (test_followups.py).
@pytest.mark.parametrize("question", [
    "Who won the 2022 World Cup?", "When did the Titanic sink?", "How much damage did the fire cause?",
])
def test_a_definite_article_is_no_pointer_to_the_previous_turn(question):
    assert not refers_back(question)


@pytest.mark.parametrize("question", [
    "what is this about?", "What's this article about?", "tl;dr", "TLDR", "give me the gist",
    "summarize", "Give me a summary", "what's the story?", "key points please", "whats this about",
    "what's going on here?",
])
def test_summary_requests_are_recognised(question):
    assert is_summary_request(question)


@pytest.mark.parametrize("question", [
    "What happened to gasoline prices in Russia?", "What is the capital of France?",
    "What is Lavrov's position about troops?", "How many drones were launched?", "Who summarised the talks?",
    # About one thing in the article, not the whole of it.
    "what's this about greece having a backup currency plan?", "what happened to the boat?",
])
def test_ordinary_questions_are_no_summary_requests(question):
    assert not is_summary_request(question)


def test_what_happened_with_a_question_mark_is_a_summary_request():
    assert is_summary_request("what happened")  # matches today
    assert is_summary_request("what happened?")


@pytest.mark.parametrize("question", [
    "¿Cuántos drones lanzó Rusia?",
    "¿Quién es el ministro de exteriores de Rusia?",
    "Combien de personnes ont été blessées ?",
    "Qui est le ministre des affaires étrangères ?",
    "Wie viele Menschen wurden verletzt?",
    "Wer ist der russische Außenminister?",
    "Quanti droni ha lanciato la Russia?",
    "Сколько дронов запустила Россия?",
    "俄罗斯发射了多少架无人机？",
    "ロシアは何機のドローンを発射しましたか",
])
def test_questions_in_other_languages_are_not_english(question):
    assert not is_english(question)


# One foreign function word against one word that is also English ("a" is French and Portuguese "has"/
# "the"; "was" is German "what") counts as English, and common French function words ("de", "la", "elle",
# "a") are missing from question._FOREIGN.
@pytest.mark.parametrize("question", [
    "Combien de drones la Russie a-t-elle lancés ?",
    "Où a eu lieu l'attaque ?",
    "Was hat Lawrow gesagt?",
    "Quantos drones a Rússia lançou?",
])
def test_short_foreign_questions_with_an_english_looking_word_are_not_english(question):
    assert not is_english(question)


@pytest.mark.parametrize("question", [
    "What did Lavrov say?", "Did Zelenskyy meet Putin in Istanbul?",
    "What did Andy Hunder say about American business?", "How many ppl were hurt?",
    "Who is Volodymyr Zelenskyy?", "Was the summit in Alaska?", "Où? I mean where did they meet?",
])
def test_english_questions_with_names_are_english(question):
    assert is_english(question)


def test_short_forms_and_synonyms_join_the_word_groups():
    groups = word_groups("how many ppl got hurt")
    assert any(g[0] == "people" for g in groups) and "ppl" not in {w for g in groups for w in g}
    hurt = next(g for g in groups if g[0] == "hurt")
    assert "injured" in hurt and "wounded" in hurt  # the word first, then what news prose says instead
    groups = word_groups("what did the govt tell journos")
    assert ("government",) in groups and ("journalists",) in groups
    # A short form of several words becomes one group per word; a possessive is the word itself.
    assert ("prime",) in word_groups("the pm") and ("minister",) in word_groups("the pm")
    assert ("times",) in word_groups("what did the nyt call him")  # a newspaper by its initials
    assert word_groups("Russia's")[0][0] == "russia"
    assert word_groups("What’s")[0][0] == word_groups("What's")[0][0]
    # A country by its other everyday names: "america" is the US in news prose.
    america = next(g for g in word_groups("is the uk doing better than america?") if g[0] == "america")
    assert "us" in america and "american" in america
    # Chat fillers say nothing about the question: a passage holding "exactly" is no closer to it.
    words = {g[0] for g in word_groups("what exactly is she charged with, like, rn")}
    assert "charged" in words and not words & {"exactly", "like", "rn"}
    # A plural takes its singular's synonyms.
    assert "vehicle" in next(g for g in word_groups("how many cars") if g[0] == "cars")
    # "what date" asks for a date; a passage about dates ("50 First Dates") is no closer to it.
    assert [g[0] for g in word_groups("what date is polling day?")] == ["what", "is", "polling", "day"]
    # "did he make it?" asks whether he survived ("later died"); "make it to the final" is another idiom.
    assert "died" in word_groups("did he make it?")[-1]
    assert [g[0] for g in word_groups("did they make it to the final?")][2:4] == ["make", "it"]
    assert "started" in word_groups("how did the scandal first come out?")[-1]
    assert "extradited" in word_groups("how long til he gets sent back to utah?")[5]
    assert [g[0] for g in word_groups("another indyref?")] == ["another", "independence", "referendum"]
    # Chat forms and idioms in the words articles use.
    assert [g[0] for g in word_groups("who's the bookies fav")][-1] == "favourite"
    assert "images" in word_groups("how many pics")[-1]
    # Sport counts games as "appearances"; a film's "director" directed it.
    assert "appearances" in word_groups("how many games did he play")[2]
    assert "director" in word_groups("who directed it")[1]
    assert "sacked" in {g[0] for g in word_groups("who got the boot at the ecb?")}
    assert "arrived" in {g[0] for g in word_groups("how late did they roll up")} | {
        w for g in word_groups("how late did they roll up") for w in g}
    # "set city back" is what it costs, the words between kept; "go down" at the end is what happened,
    # while "prices went down in may" keeps its words.
    assert [g[0] for g in word_groups("how much is this gonna set city back")][-2:] == ["cost", "city"]
    assert "happen" in {g[0] for g in word_groups("what time did it all go down?")}
    assert "went" in {g[0] for g in word_groups("when did prices went down in may")}
    assert "pay" in {g[0] for g in word_groups("how much did he fork out for it")}
    # Who won is who defeated the other ("Denver Broncos defeated the Carolina Panthers").
    assert "defeated" in next(g for g in word_groups("who won super bowl 50?") if g[0] == "won")
    # A club's "boss" is its manager; what a couple "tracked down" they found ("one of 102 found by retired
    # couple Brian and Charlotte Smith"); "when he passed" is when he died, while a bill that passes lives.
    assert "boss" in next(g for g in word_groups("who's the qpr manager") if g[0] == "manager")
    assert "found" in {g[0] for g in word_groups("how many has that retired couple tracked down")}
    assert "died" in {g[0] for g in word_groups("how old was stan freberg when he passed")}
    assert "pass" in {g[0] for g in word_groups("did the bill pass?")}
    # A reward for catching someone is the bounty on his head ("had a $10m bounty on his head").
    reward = next(g for g in word_groups("how much was the reward for catching him") if g[0] == "reward")
    assert "bounty" in reward


def test_a_yes_no_question_is_also_searched_by_the_opposite_a_no_would_say():
    # "did he own up to it?" is answered by "he denied owning the device"; a question that is no yes/no
    # question keeps its words ("who won?" is not answered by who lost).
    assert "denied" in next(g for g in analyse("did he own up to it?").groups if g[0] == "admit")
    assert "lost" in next(g for g in analyse("did he win his appeal?").groups if g[0] == "win")
    assert "lost" not in next(g for g in analyse("who won the appeal?").groups if g[0] == "won")


def test_an_irregular_verb_is_searched_in_its_other_forms():
    # "what did trump write?": the article says "Trump wrote"; the BM25 stemmer reads "injured" and
    # "injuring" alike, but not "write" and "wrote".
    write = next(g for g in word_groups("what did trump write") if g[0] == "write")
    assert "wrote" in write and "written" in write
    # Light verbs are idioms more than the question's verb: "take place" is not searched as "took".
    assert next(g for g in word_groups("where did it take place") if g[0] == "take") == ("take",)


def test_an_irregular_verb_finds_the_passage_that_tells_it_in_the_past(seed_engine):
    answer = seed_engine.ask("what did trump write")
    assert answer.answered and "Trump wrote" in answer.citations[0].quote, answer


def test_every_short_form_and_synonym_is_lower_case_words():
    # word_groups looks words up lower-cased: an upper-case key would never be found.
    for table in (SHORT_FORMS, SYNONYMS):
        for key, value in table.items():
            assert key == key.lower() and value == value.lower() and value.strip(), key


@pytest.mark.parametrize("question,focus", [
    ("How many drones were launched?", ("drones",)),
    ("how many tanks has Russia lost?", ("tanks",)),
    # Money is the kind of answer an amount gives ("£5 billion"), like "people" for a count.
    ("How much money did they raise?", ()),
    ("and how much cash is in that fund", ()),
    ("How many people were injured?", ()),  # "people" names the kind of answer, not what it is about
    ("Who is Russia's foreign minister?", ()),
    ("Which group put out the statement?", ()),  # only "how many/much" is followed reliably by a noun
    ("how much worse off are divorced ppl?", ()),  # a comparative says how much, not what is counted
    ("how much prize money did the horse win?", ()),  # "prize" only qualifies the kind of answer
])
def test_focus_is_what_a_how_many_question_counts(question, focus):
    assert focus_words(question) == focus


def test_analyse_ties_the_stages_together():
    query = analyse("How many ppl did the missles hit?", speller=Speller(["The missiles hit homes."]).correct)
    assert query.wants == "number" and not query.summary
    assert "people" in query.search_text.split() and "missiles" in query.search_text.split()
    assert [g[0] for g in query.focus] == ["people"]  # what is counted, in the corpus's words
    leaning = analyse("how old is he?", subject="Daniel Whitcombe")
    assert leaning.refers_back and "whitcombe" in leaning.search_text.split()
    assert "whitcombe" not in analyse("how old is Lavrov?", subject="Daniel Whitcombe").search_text
    # A previous answer that is a clause (a reason) says no one "they" could be: its words would only pull
    # the search back to the passage that gave it.
    clause = "coaches they laid on for free were delayed and missed the kick-off"
    assert "delayed" not in analyse("when do they get the refund", subject=clause).search_text.split()


# -- spelling ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def speller():
    return Speller(["Russia fired 40 missiles and 574 drones at western regions.",
                    "Lavrov rejected the idea of European troops in Ukraine."])


@pytest.mark.parametrize("typed,meant", [("missles", "missiles"), ("tropps", "troops"), ("lavrv", "lavrov"),
                                         ("regons", "regions")])
def test_speller_corrects_a_typo_to_the_corpus_word(speller, typed, meant):
    assert speller.correct(typed) == meant


@pytest.mark.parametrize("word", ["missiles", "missile", "houses", "whether", "probably", "fires", "drone"])
def test_speller_leaves_real_words_alone(speller, word):
    assert speller.correct(word) == word


def test_speller_prefers_a_word_with_the_typos_first_letter_and_a_meaning():
    # Each typo is one edit from two words; the more frequent one had won.
    speller = Speller(["The ruling came as the train was pulling into the station, and being late, "
                       "he was ruling out a ruling. Being a witness to the beating, being there."])
    assert speller.correct("puling") == "pulling"  # not "ruling": typing seldom misses the first letter
    assert speller.correct("beaing") == "beating"  # not "being", a stopword that searches for nothing
    # Where no word of the articles keeps the first letter, the common English words are asked too.
    assert Speller(["Brad played for Wasps."]).correct("abrad") == "abroad"


def test_accented_letters_are_read_as_plain_ones(two_article_engine):
    # People type "beyonce" for "Beyoncé": the question, the speller's vocabulary and BM25 read plain letters,
    # one character for one so that offsets into the quote still hold.
    assert fold("Beyoncé, Möngke, Øresund") == "Beyonce, Mongke, Øresund"
    assert len(fold("naïve café ﬁ İ")) == len("naïve café ﬁ İ")
    assert analyse("Who did Beyoncé sing with?").groups == analyse("who did beyonce sing with").groups
    assert "mongke" in Speller(["Möngke Khan died in 1259."]).vocabulary
    corpus = two_article_engine.corpus
    assert corpus.words("Möngke Khan") == corpus.words("mongke khan")


def test_speller_corrects_a_four_letter_word_only_by_the_letter_it_dropped():
    speller = Speller(["Bueno scored five goals on loan at Derby with a trick shot.",
                       "The robot drones and the match were in the news; Matt and the Spurs."])
    assert speller.correct("gols") == "goals" and speller.correct("trck") == "trick"
    # Any other edit is too loose at four letters ("math" → "matt"), and "math" is a word anyway: the
    # embedding tokenizer's whole words count as English where symspellpy's list lacks them.
    assert speller.correct("math") == "math" and speller.correct("mtch") == "match"
    assert speller.correct("mtat") == "mtat"  # one swap from "matt"
    # A word its correction starts with is clipped, not misspelt.
    assert speller.correct("robo") == "robo"
    # No common-English fallback at four letters: no article word is one letter longer.
    assert speller.correct("brnx") == "brnx"


def test_speller_falls_back_on_common_english_words(speller):
    # No word of the articles is one edit from "injred" or "peple": the common English word meant is (BM25
    # then stems "injured" as it stems the article's "injuring").
    assert speller.correct("injred") == "injured" and speller.correct("peple") == "people"
    # A word the question's tables know is no typo: "repping" would be read as "ripping".
    assert Speller([], known=KNOWN_WORDS).correct("repping") == "repping"


@pytest.mark.parametrize("asked,meant", [
    ("hey bot, can you tell me how many people were hurt? thanks", "how many people were hurt?"),
    ("Do you know who won???", "who won?"),
    ("so i was wondering where it happened", "where it happened"),
    ("ok, could u tell me did anyone die?!", "did anyone die?"),
    ("I’d like to know what’s next lol", "what’s next"),
    ("who won? :) thanks lol", "who won?"),  # peeled until nothing more comes off
    ("so then what town did it happen in?", "what town did it happen in?"),
    # Chat decoration: a smiley or emoji after it, bold or a quote mark around it.
    ("how many were hurt? 🤔", "how many were hurt?"),
    ("hey :) who won?", "who won?"),
    ("**how many were hurt?**", "how many were hurt?"),
    ("> how many were hurt? :(", "how many were hurt?"),
    ("_____ Helps the biosphere from UV.", "_____ Helps the biosphere from UV."),
    ("what does :-) mean?", "what does :-) mean?"),
    # A word that only carries on ("and", "btw") or says where to look ("according to the article"), before
    # a question word; "and X?" stays a follow-up, and whose claim is asked about stays.
    ("btw, can you tell me who won?", "who won?"),
    ("according to the article, how many were hurt?", "how many were hurt?"),
    ("and how old is he?", "how old is he?"),
    ("and missiles?", "and missiles?"),
    ("according to brown has sturgeon been clear?", "according to brown has sturgeon been clear?"),
    # "# of" / "number of" opening a question with no question word of its own asks how many.
    ("# of ppl hurt?", "how many ppl hurt?"),
    ("The number of colonists fell after what year?", "The number of colonists fell after what year?"),
    # So does "X's age?" or "age of X?" ask how old X is; with a question word it stays as asked.
    ("chris copeland's age?", "how old is chris copeland?"),
    ("copeland age", "how old is copeland?"),
    ("age of the suspect?", "how old is the suspect?"),
    ("what was the age of the suspect?", "what was the age of the suspect?"),
    # A sentence before it that tells nothing of what is asked; one that does stays.
    ("i just read the news. how many were hurt?", "how many were hurt?"),
    ("Quick question: who won?", "who won?"),
    ("Lavrov spoke today. what did he say?", "Lavrov spoke today. what did he say?"),
    # Nothing around the question: as asked, a closing "?" kept as typed.
    ("how many drones did russia send", "how many drones did russia send"),
    ("Was the U.S.?", "Was the U.S.?"),
    ("do you know the way?", "do you know the way?"),  # a request only before a question word
    ("thanks", "thanks"),
])
def test_a_question_is_read_without_what_it_is_wrapped_in(asked, meant):
    assert unwrapped(asked) == meant
    assert unwrapped(meant) == meant  # read again, nothing more comes off
    assert analyse(asked).text == meant


def test_a_misspelt_word_is_corrected_in_the_question_text_itself(speller):
    # The embedding and the short-answer rules read the text, not only BM25's words.
    assert analyse("Which hosptal did the missles hit?", speller=speller.correct).text == \
        "Which hospital did the missiles hit?"
    # A contraction, another form of a word and an accented name stay as typed; a possessive is corrected.
    assert respelled("weren't they Grammys for Beyoncé? steawrt's", speller.correct) == \
        "weren't they Grammys for Beyoncé? stewart's"


def test_speller_leaves_short_and_far_words_alone(speller):
    assert speller.correct("msl") == "msl"  # too short to correct safely
    assert speller.correct("mssls") == "mssls"  # two edits from anything


# -- answer-type evidence ------------------------------------------------------------------------------


@pytest.mark.parametrize("wants,text", [
    ("number", "Ukraine said 574 drones struck overnight."),
    ("number", "Three people were hurt."),
    ("age", "Whitcombe, 34, is a former employee."),
    ("age", "The 22-year-old was detained."),
    ("date", "Lavrov spoke on Thursday."),
    ("date", "The talks were held in 2022."),
    ("duration", "Firefighters spent nine hours at the scene."),
    ("rank", "She finished 3rd in the final."),
    ("person", "Officers arrested Daniel Whitcombe at home."),
    ("place", "He was detained at his home in Bradford."),
    # A country is a place without "in" or "at" before it.
    ("place", "The table says Norway followed by Sweden are the best-off countries."),
    ("age", "Freberg has died. He was 88."),
    ("org", "West Yorkshire Police said so."),
])
def test_type_evidence_finds_the_wanted_kind(wants, text):
    assert type_evidence(wants, text, set()) == (1.0, 0.0)


@pytest.mark.parametrize("wants,text", [
    ("number", "Russia rejected the idea outright."),
    ("date", "Russia rejected the idea outright."),
    ("age", "Whitcombe is a former employee."),
    ("person", "the talks stalled and nobody said why."),
    ("place", "The report says Harvard Business School drew up the table."),
])
def test_type_evidence_reports_the_wanted_kind_missing(wants, text):
    assert type_evidence(wants, text, set()) == (0.0, 1.0)


def test_a_name_the_question_already_gives_is_no_answer_to_it():
    text = "the plan was rejected by Lavrov yesterday."
    assert type_evidence("person", text, set()) == (1.0, 0.0)
    assert type_evidence("person", text, {"lavrov"}) == (0.0, 1.0)


@pytest.mark.parametrize("wants", [None, "reason", "sort", "any", "thing", "called", "description", "yes/no"])
def test_type_evidence_is_neutral_when_no_type_is_wanted(wants):
    assert type_evidence(wants, "Anything at all, 574 of it.", set()) == (0.0, 0.0)


# -- candidates, passages, scores ----------------------------------------------------------------------


def candidates_for(engine, question, turn=None):
    query = engine.analyse(question, turn)
    found = find_candidates(engine.corpus, engine.collection, engine.embedder, query, turn, engine.settings, {})
    return query, found


def test_candidates_carry_consistent_evidence(seed_engine):
    corpus = seed_engine.corpus
    _, found = candidates_for(seed_engine, "How many drones were launched?")
    assert len(found.rows) and list(found.rows) == sorted(set(found.rows.tolist()))
    assert np.allclose(found.dense, corpus.vectors[found.rows] @ found.vector, atol=1e-5)
    assert found.lexical.max() == pytest.approx(1.0) and found.lexical.min() >= 0
    assert found.context_article is None


def test_a_leaning_question_is_searched_inside_the_previous_turns_article(two_article_engine):
    corpus = two_article_engine.corpus
    fire = corpus.articles["leeds-warehouse-fire"]
    turn = Turn("Who did police arrest?\nDaniel Whitcombe", "Daniel Whitcombe", "leeds-warehouse-fire")
    _, found = candidates_for(two_article_engine, "how old is he?", turn)
    assert found.context_article == corpus.article_ids.index("leeds-warehouse-fire")
    assert set(found.rows.tolist()) == set(range(fire.first, fire.stop))
    # A question that stands on its own ignores the turn.
    _, alone = candidates_for(two_article_engine, "What did Lavrov call European troops?", turn)
    assert alone.context_article is None
    assert {corpus.article_ids[a] for a in corpus.article_of_row[alone.rows]} == set(corpus.articles)


def assert_one_paragraph_run(corpus, rows):
    assert list(rows) == list(range(rows[0], rows[-1] + 1)), rows
    assert len({int(corpus.article_of_row[r]) for r in rows}) == 1, rows
    assert len({int(corpus.paragraphs[r]) for r in rows}) == 1, rows


@pytest.mark.parametrize("max_chars", [420, 150])
def test_passages_stay_in_one_paragraph_of_one_article_and_fit_the_limit(two_article_engine, max_chars):
    corpus = two_article_engine.corpus
    settings = Settings(max_quote_chars=max_chars)
    multi = 0
    for row in range(len(corpus)):
        options = passages(corpus, row, settings)
        assert options and len(set(options)) == len(options)
        for rows in options:
            assert row in rows and len(rows) <= settings.quote_sentences
            assert_one_paragraph_run(corpus, rows)
            if len(rows) > 1:
                multi += 1
                assert corpus.ends[rows[-1]] - corpus.starts[rows[0]] <= max_chars
            else:
                assert rows == (row,)
    assert multi, "no two-sentence passage at all: the test would prove nothing"


def test_a_passage_never_joins_the_last_sentence_of_one_article_to_the_next(two_article_engine):
    corpus = two_article_engine.corpus
    settings = Settings(max_quote_chars=10_000)
    for info in corpus.articles.values():
        for edge in (info.first, info.stop - 1):
            for rows in passages(corpus, edge, settings):
                assert info.first <= rows[0] and rows[-1] < info.stop


@pytest.mark.parametrize("question", ["How many drones were launched?", "Who is Russia's foreign minister?",
                                      "What happened to gasoline prices in Russia?", "Who won the World Cup?"])
def test_scored_passages_are_sorted_probabilities_that_never_overlap(seed_engine, question):
    query, found = candidates_for(seed_engine, question)
    ranked = score_passages(seed_engine.corpus, query, found, seed_engine.settings)
    assert ranked
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    used = [row for r in ranked for row in r.rows]
    assert len(used) == len(set(used))
    for r in ranked:
        assert r.row in r.rows
        assert_one_paragraph_run(seed_engine.corpus, r.rows)
        assert r.score == pytest.approx(SCORER(r.features))


def test_no_candidate_is_lost_while_one_of_its_passages_is_free(seed_engine):
    """A candidate sentence whose best passage overlaps a better one is placed by another of its passages
    when one does not overlap, not dropped."""
    from index.ranking import candidate_passages

    for question in ("How many drones were launched?", "Who is Russia's foreign minister?",
                     "What happened to gasoline prices in Russia?", "Why is Trump angry?"):
        query, found = candidates_for(seed_engine, question)
        ranked = score_passages(seed_engine.corpus, query, found, seed_engine.settings)
        placed = {r.row for r in ranked}
        used = {row for r in ranked for row in r.rows}
        for row, options in candidate_passages(seed_engine.corpus, query, found, seed_engine.settings):
            assert row in placed or all(used & set(rows) for rows, _ in options), (question, row)


def test_the_right_passage_outscores_an_off_topic_best(seed_engine):
    corpus = seed_engine.corpus
    query, found = candidates_for(seed_engine, "How many drones were launched?")
    best = score_passages(corpus, query, found, seed_engine.settings)[0]
    assert "574 drones" in " ".join(corpus.texts[r] for r in best.rows)
    query, found = candidates_for(seed_engine, "Who won the 2022 World Cup?")
    assert score_passages(corpus, query, found, seed_engine.settings)[0].score < best.score


def test_engine_rank_is_the_same_pipeline(seed_engine):
    query, found = candidates_for(seed_engine, "How many drones were launched?")
    by_stage = realign(seed_engine.corpus, seed_engine.embedder, query,
                       score_passages(seed_engine.corpus, query, found, seed_engine.settings))
    by_engine = seed_engine.rank("How many drones were launched?")
    assert [(r.rows, round(r.score, 9)) for r in by_engine] == [(r.rows, round(r.score, 9)) for r in by_stage]


def test_no_candidates_score_nothing(seed_engine):
    query, found = candidates_for(seed_engine, "How many drones were launched?")
    empty = type(found)(found.rows[:0], found.dense[:0], found.lexical[:0], found.vector)
    assert score_passages(seed_engine.corpus, query, empty, seed_engine.settings) == []


# -- token alignment -----------------------------------------------------------------------------------


def test_alignment_meets_the_questions_words_in_other_words(model):
    question, hurt, elsewhere = model.token_states([
        "how many ppl were hurt?", "Fifteen people were injured in the blast.",
        "The blast happened at night in a quiet town."])
    assert alignment(question, hurt[0]) > alignment(question, elsewhere[0]) + 0.05


def test_alignment_reads_only_the_words_that_carry_the_question():
    up, side = np.eye(2, dtype=np.float32)
    # "the" and "?" match the passage perfectly, "lawyer" not at all: only "lawyer" counts.
    question = (np.stack([up, side, up]), ("the", "lawyer", "?"))
    assert alignment(question, np.stack([up])) == pytest.approx(0.0)
    assert alignment(question, np.stack([side])) == pytest.approx(1.0)
    assert alignment((np.stack([up]), ("the",)), np.stack([up])) == pytest.approx(1.0)  # nothing else to read
    assert alignment(question, np.zeros((0, 2), np.float32)) == 0.0


class _Aligner:
    """An embedder whose word-piece states make the passage that holds ``text`` align with the question
    and every other passage not at all."""

    def __init__(self, text: str) -> None:
        self.text = text

    def token_states(self, texts):
        up, side = np.eye(2, dtype=np.float32)
        question, *passages = texts
        return [(np.stack([up]), ("lawyer",))] + [
            (np.stack([up if self.text in text else side]), ("x",)) for text in passages]


def _rows_of(corpus, article_index):
    info = corpus.articles[corpus.article_ids[article_index]]
    return list(range(info.first, info.stop))


def test_realign_puts_a_close_passage_that_aligns_better_first_and_places_keep_their_probability(
        two_article_engine):
    corpus = two_article_engine.corpus
    seed = next(i for i in range(len(corpus.article_ids)) if corpus.article_ids[i].startswith("russia"))
    a, b, c = _rows_of(corpus, seed)[:3]
    query = analyse("who is his lawyer?")
    ranked = [Ranked((a,), a, 0.9, {}), Ranked((b,), b, 0.85, {}), Ranked((c,), c, 0.5, {})]
    moved = realign(corpus, _Aligner(corpus.texts[b]), query, ranked)
    assert [r.rows for r in moved] == [(b,), (a,), (c,)]
    assert [r.score for r in moved] == [0.9, 0.85, 0.5]
    # No re-ordering: a runner-up far below the best, one the best's article does not hold, one that lacks
    # the kind of answer the best has, or an embedder with no word-piece states.
    far = [ranked[0], Ranked((b,), b, 0.2, {})]
    assert realign(corpus, _Aligner(corpus.texts[b]), query, far) == far
    other = _rows_of(corpus, 1 - seed)[0]
    elsewhere = [ranked[0], Ranked((other,), other, 0.85, {})]
    assert realign(corpus, _Aligner(corpus.texts[other]), query, elsewhere) == elsewhere
    typed = [Ranked((a,), a, 0.9, {"type_missing": 0.0}), Ranked((b,), b, 0.85, {"type_missing": 1.0})]
    assert realign(corpus, _Aligner(corpus.texts[b]), query, typed) == typed
    assert realign(corpus, object(), query, ranked) == ranked
    # An order that stands is the ranking itself, so the engine can tell that realign() moved nothing.
    assert realign(corpus, _Aligner(corpus.texts[a]), query, ranked) is ranked


def test_a_close_passage_of_the_turns_article_comes_first_and_places_keep_their_probability(
        two_article_engine):
    corpus = two_article_engine.corpus
    seed = next(i for i in range(len(corpus.article_ids)) if corpus.article_ids[i].startswith("russia"))
    a, b = _rows_of(corpus, seed)[:2]
    fire = _rows_of(corpus, 1 - seed)[0]
    ranked = [Ranked((a,), a, 0.9, {}), Ranked((b,), b, 0.85, {}), Ranked((fire,), fire, 0.8, {})]
    moved = prefer_turn_article(corpus, ranked, 1 - seed)
    assert [r.rows for r in moved] == [(fire,), (a,), (b,)]
    assert [r.score for r in moved] == [0.9, 0.85, 0.8]
    # Too far below the best (log-odds 2.2 against 0.2), or the turn's article already first: as it was.
    far = [ranked[0], ranked[1], Ranked((fire,), fire, 0.5, {})]
    assert prefer_turn_article(corpus, far, 1 - seed) is far
    assert prefer_turn_article(corpus, ranked, seed) is ranked


def test_a_question_strays_from_an_article_that_holds_too_little_of_its_words(two_article_engine):
    corpus = two_article_engine.corpus
    seed = next(i for i in range(len(corpus.article_ids)) if corpus.article_ids[i].startswith("russia"))
    drones = analyse("how many drones struck their western regions?")
    assert strays_from(corpus, drones, 1 - seed) and not strays_from(corpus, drones, seed)
    # One word of its own is too little to tell: "how old is he?" stays with any turn.
    assert not strays_from(corpus, analyse("how old is he?"), 1 - seed)


def test_a_passage_realigned_first_without_the_answer_wanted_gives_way_to_the_scorers_first(
        seed_engine, monkeypatch):
    import index.engine

    def swapped(corpus, embedder, query, ranked):
        return [ranked[1], ranked[0], *ranked[2:]]

    monkeypatch.setattr(index.engine, "realign", swapped)
    answer = seed_engine.ask("How many people were injured in the attack?")
    assert answer.answered and answer.short_answer.text == "15"


# -- the scorer ----------------------------------------------------------------------------------------


def test_linear_scorer_is_a_monotone_probability():
    scorer = LinearScorer({"up": 2.0, "down": -1.5}, bias=-1.0)
    ups = [scorer({"up": x}) for x in np.linspace(-3, 3, 13)]
    assert all(a < b for a, b in zip(ups, ups[1:], strict=False))
    downs = [scorer({"down": x}) for x in np.linspace(-3, 3, 13)]
    assert all(a > b for a, b in zip(downs, downs[1:], strict=False))
    assert scorer({}) == pytest.approx(1 / (1 + np.exp(1.0)))
    assert scorer({"unused": 100.0}) == scorer({})  # features without a weight do nothing
    assert 0.0 <= scorer({"up": -1e9}) < 1e-6 and 1 - 1e-6 < scorer({"up": 1e9}) <= 1.0  # no overflow


def test_the_fitted_scorer_rewards_evidence():
    base = {name: 0.5 for name in SCORER.weights} | {"type_found": 0.0, "type_missing": 0.0}
    for name in ("dense", "passage_dense", "coverage"):
        assert SCORER(base | {name: 0.9}) > SCORER(base)
    assert SCORER(base | {"type_found": 1.0}) > SCORER(base) > SCORER(base | {"type_missing": 1.0})


# -- answerability -------------------------------------------------------------------------------------


def ranked(score, **features):
    return Ranked((0,), 0, score, {"focus": 1.0, "type_missing": 0.0} | features)


def test_answerable_at_the_threshold_and_not_below():
    assert answerable([ranked(ANSWER_AT)])
    assert not answerable([ranked(ANSWER_AT - 1e-6)])
    assert answerable([ranked(0.3)], answer_at=0.25) and not answerable([ranked(0.3)], answer_at=0.35)
    assert not answerable([])
    # Only the best passage decides.
    assert answerable([ranked(0.9), ranked(0.01)]) and not answerable([ranked(0.1), ranked(0.9)])


def test_a_missing_span_or_focus_refuses_even_a_confident_passage():
    assert not answerable([ranked(0.99)], span_missing=True)
    assert not answerable([ranked(0.99, focus=0.0)])
    assert not answerable([ranked(0.99, focus=0.0)], follow_up=True)


def test_a_count_needs_most_of_the_questions_words_beside_it():
    assert answerable([ranked(0.99, coverage=COUNT_COVERAGE)], counts=True)
    assert not answerable([ranked(0.99, coverage=COUNT_COVERAGE - 0.01)], counts=True)
    assert answerable([ranked(0.99, coverage=COUNT_COVERAGE - 0.01)])  # only counts need it
    # "how many were hurt?" after a turn leans on that turn's words, not its own.
    assert answerable([ranked(0.05, coverage=0.1)], follow_up=True, counts=True)


def test_a_year_the_article_never_names_refuses_all_but_a_follow_up():
    assert not answerable([ranked(0.99)], other_year=True)
    assert answerable([ranked(0.99)], other_year=True, follow_up=True)


def test_a_follow_up_needs_the_type_not_the_threshold():
    assert answerable([ranked(0.05)], follow_up=True)
    assert not answerable([ranked(0.99)], follow_up=True, span_missing=True)
    # The tagger's span outranks the regex type check: a span of the wanted kind was found.
    assert answerable([ranked(0.05, type_missing=1.0)], follow_up=True, span_missing=False)


def test_close_passages_only_when_close():
    found = [ranked(0.6), ranked(0.3), ranked(0.25), ranked(0.05)]
    assert close_passages(found) == found[:2]
    assert close_passages(found, limit=3) == found[:3]
    assert close_passages(found, close_at=0.5) == found[:1]
    assert close_passages([ranked(0.05)]) == [] and close_passages([]) == []


def test_kind_words_name_what_a_question_asks_the_name_of():
    # The kind of thing named is what its answer may carry ("the Green Brain Project"), in articles' words.
    assert kind_words("what's the project called") == {"project"}
    assert kind_words("What was the name of the Marco Polo episode?") == {"marco", "polo", "episode"}
    assert kind_words("which unis are behind it?") == {"universities"}
    assert called_kind("what is the name of his sailboat?") == "sailboat"
    assert called_kind("whats the guard's name") is None and called_kind("who won?") is None
    assert named_kind("which hospital were they taken to?") == "hospital"
    assert named_kind("which nursing home is trying it?") == "home"  # one word may describe the kind
    assert named_kind("what's the project called") == "project" and named_kind("which team won?") is None


def test_a_passage_naming_the_kind_asked_for_is_evidence():
    pattern = kind_pattern("what's the project called")
    assert pattern.search("The brain is being built by the Green Brain Project, a collaboration.")
    assert not pattern.search("Current projects include navigation using the GB models.")
    assert kind_pattern("who won the race?") is None
    # A kind of place whose names carry its noun counts after "which" as well.
    hospital = kind_pattern("which hospital were copeland and his wife taken to?")
    assert hospital.search("Copeland and his wife were both listed in stable condition at Bellevue Hospital.")
    assert not hospital.search("They were taken to hospital after the attack.")
    # ... when the noun ends its phrase: "what court case" asks about a case.
    assert kind_pattern("What court case desegregated schools?") is None


@pytest.mark.parametrize("word, other", [("criticised", "criticized"), ("organizations", "organisations"),
                                         ("analysed", "analyzed")])
def test_either_spelling_of_ise_and_ize_is_searched(word, other):
    from index.question import word_groups

    (group,) = word_groups(word)
    assert other in group


@pytest.mark.parametrize("word", ["promised", "surprised", "raised", "seized", "advertised"])
def test_words_that_only_end_like_ise_keep_their_one_spelling(word):
    from index.question import word_groups

    (group,) = word_groups(word)
    assert not any(w != word and w.replace("z", "s") == word.replace("z", "s") for w in group)
