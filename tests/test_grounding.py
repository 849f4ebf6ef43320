"""The grounding check on its own: sentence splitting, markers, and which facts must be in the quotes."""

import pytest

from index.grounding import (
    Checker,
    check_sentence,
    claimed_facts,
    is_refusal,
    markers,
    quote_facts,
    split_sentences,
    strip_reasoning,
)
from index.types import Citation

QUOTE = ("As diplomatic efforts falter, Russia unleashed one of its largest aerial assaults in weeks. "
         "Ukraine’s military reported that 574 drones and 40 missiles struck western regions overnight, "
         "killing at least one person and injuring 15.")
OTHER = "The U.S. envoy met officials in Kyiv on 24 February 2025, and 1,200 troops were mentioned."
QUOTES = {1: quote_facts(QUOTE), 2: quote_facts(OTHER)}


def verdict(sentence: str):
    result = check_sentence(sentence, QUOTES)
    return result.supported, result.reason


def test_split_keeps_markers_with_their_sentence_and_skips_abbreviations():
    text = ("Russia launched 574 drones [1]. It fired 40 missiles. [1][2] The U.S. envoy met Mr. Smith in "
            "Kyiv [2]\n- a list item [2]")
    assert split_sentences(text) == [
        "Russia launched 574 drones [1].",
        "It fired 40 missiles. [1][2]",
        "The U.S. envoy met Mr. Smith in Kyiv [2]",
        "- a list item [2]",
    ]


def test_markers_after_a_closing_bracket_stay_with_their_sentence():
    assert split_sentences("It took 6 years.) [1]. Next [2].") == ["It took 6 years.) [1].", "Next [2]."]
    assert split_sentences("He said “go.” [1]\n[2]") == ["He said “go.” [1] [2]"]


def test_marker_forms():
    assert markers("a [1] b [2, 3] c [4][5] d [6-8]") == (1, 2, 3, 4, 5, 6, 7, 8)
    assert markers("no markers, only (1) and 1.") == ()


@pytest.mark.parametrize("sentence", [
    "Russia launched 574 drones and 40 missiles [1].",
    "Ukraine's military said 574 drones struck [1].",  # possessive on either side
    "The drones numbered 574, and missiles 40 [1].",  # "574," is 574
    "About 1200 troops were mentioned [2].",  # thousands separator in the quote only
    "The U.S. envoy was in Kyiv in February 2025 [2].",
    "Officials met in Kyiv on Feb. 24, 2025 [2].",  # a month abbreviation
    "The US envoy met officials [2].",  # dots inside an acronym
    "Russia launched five hundred seventy-four drones [1].",  # number words are not read
    "It was a large attack; 574 drones came, and 2025 saw talks [1][2].",  # each fact in one cited quote
])
def test_supported(sentence):
    assert verdict(sentence) == (True, None)


@pytest.mark.parametrize(("sentence", "reason"), [
    ("Russia launched 600 drones [1].", "“600” is not in [1]"),
    ("Russia launched 5740 drones [1].", "“5740” is not in [1]"),  # a number is a whole token
    ("Putin ordered 574 drones [1].", "“Putin” is not in [1]"),  # a name at the start is still a name
    ("The attack came in March [1].", "“March” is not in [1]"),
    ("The envoy met officials in Kyiv [1].", "“Kyiv” is not in [1]"),  # it is in [2], which is not cited
    ("Russia launched 574 drones [3].", "cites [3], which was not given"),
    ("Russia launched 574 drones.", "cites no quote"),
])
def test_dropped(sentence, reason):
    assert verdict(sentence) == (False, reason)


def test_sentence_openers_are_not_names_but_honorifics_do_not_hide_one():
    facts = [f[1] for f in claimed_facts("According to Mr. Zelensky, the 40 missiles hit [1].")]
    assert facts == ["40", "Zelensky"]
    assert [f[1] for f in claimed_facts("Several officials told The Times: “We saw it” [1].")] == ["Times"]
    assert [f[1] for f in claimed_facts("Officials in the US said so [1].")] == ["US"]  # an acronym, not "us"


def test_refusals_and_reasoning_blocks():
    assert is_refusal("The quotes do not answer this.")
    assert is_refusal("I don't know.")
    assert not is_refusal("Russia launched 574 drones [1].")
    assert strip_reasoning("<think>maybe 600?</think>\nRussia launched 574 drones [1].") == \
        "Russia launched 574 drones [1]."
    assert strip_reasoning("<think>still thinking") == ""  # an unfinished block shows nothing


def test_checker_uses_citation_numbers():
    citation = Citation(n=3, article="a", title="t", quote=QUOTE, start=0, end=len(QUOTE), score=1.0)
    (sentence,) = Checker([citation]).check(["Russia launched 574 drones [3]."])
    assert sentence.supported and sentence.citations == (3,)
