"""Discord markup in a question is read as the words a person sees, never as raw ids."""

from __future__ import annotations

import pytest

from bot.checks import plain_question
from index.errors import BadQuestion

ME, SAM, MODS, NEWS = 1000, 2000, 3000, 4000
NAMES = {SAM: "Sam Jones", MODS: "mods", NEWS: "news"}.get


@pytest.mark.parametrize(
    "typed, read",
    [
        # Mentions that address someone go, whoever they are and however many.
        (f"<@{SAM}> <@{ME}> how many ppl were hurt?", "how many ppl were hurt?"),
        (f"<@!{SAM}>, how many ppl were hurt? <@{SAM}>", "how many ppl were hurt?"),
        (f"<@&{MODS}> <@{SAM}>: who is repping him in court?", "who is repping him in court?"),
        (f"@everyone who got arrested <@{ME}>", "who got arrested"),
        (f"how many <@{ME}> drones were launched?", "how many drones were launched?"),
        # Inside the question a mention is the name Discord shows; unknown ones go.
        (f"what did <@{SAM}> say about <#{NEWS}>?", "what did Sam Jones say about news?"),
        ("who <@999> is he", "who is he"),
        # Custom emoji go; a timestamp is its date; one beyond the calendar stays as typed.
        ("who won <:fire:123456> <a:party:42>", "who won"),
        ("what happened on <t:1764460800:D>?", "what happened on 30 November 2025?"),
        ("when <t:99999999999999:R>", "when <t:99999999999999:R>"),
        (f"<@{ME}>", ""),
        ("plain   words\nstay", "plain words stay"),
    ],
)
def test_plain_question(typed, read):
    assert plain_question(typed, me=ME, name=NAMES) == read


def test_without_names_every_mention_goes():
    assert plain_question(f"did <@{SAM}> see <#{NEWS}>") == "did see"


def test_a_question_of_mentions_alone_is_empty_and_refused_before_the_engine():
    from bot.checks import valid_question

    with pytest.raises(BadQuestion):
        valid_question(plain_question(f"<@{SAM}> <@&{MODS}>", me=ME))
