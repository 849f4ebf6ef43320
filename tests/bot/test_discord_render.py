"""Rendering and splitting: every message fits Discord's limits, quotes stay whole and inert."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import discord
import pytest

from bot.render import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    MESSAGE_EMBED_TOTAL,
    Reply,
    clean,
    limit_problems,
    pack,
    render_answer,
    render_help,
    render_sources,
    render_summary,
    source_blocks,
    split_content,
    split_text,
)
from index.types import Answer, ArticleInfo, Citation, Span, Summary


def cite(
    n: int, quote: str, *, title: str = "Drone attack", url: str | None = None, section: str | None = None
):
    return Citation(n, "drones", title, quote, 0, len(quote), 0.9, section, url)


def descriptions(replies: list[Reply]) -> str:
    return "\n\n".join(e.description or "" for r in replies for e in r.embeds)


def assert_sendable(replies: list[Reply]) -> None:
    assert replies
    for reply in replies:
        assert limit_problems(reply) == [], limit_problems(reply)
        assert sum(len(e) for e in reply.embeds) <= MESSAGE_EMBED_TOTAL


SENTENCE = "Ukraine's military reported that 574 drones and 40 missiles struck western regions overnight. "


def test_short_answer_has_markers_numbered_sources_section_and_link():
    answer = Answer(
        "How many drones?",
        True,
        "“574 drones and 40 missiles struck.” [1] See also [2].",
        (
            cite(1, "574 drones and 40 missiles struck.", section="Massive Attack", url="https://ex.com/a_b"),
            cite(2, "Poland scrambled jets.", title="Poland responds"),
        ),
    )
    replies = render_answer(answer)
    assert len(replies) == 1
    embed = replies[0].embeds[0]
    assert embed.title == "How many drones?"
    text = embed.description
    # No short answer from the engine: the first quote leads, once, then where it is from.
    assert text.startswith(
        "> 574 drones and 40 missiles struck.\n— **[1]** Drone attack · *Massive Attack* · "
        "[link](<https://ex.com/a_b>)"
    )
    assert text.count("574 drones") == 1
    assert "**[2]** Poland responds\n> Poland scrambled jets." in text
    assert text.index("**[1]**") < text.index("**Also in the articles**") < text.index("**[2]**")
    assert_sendable(replies)


def test_the_short_answer_leads_in_bold_above_its_quote():
    quote = "Russia launched 574 drones and 40 missiles at western Ukraine overnight."
    answer = Answer(
        "How many drones?",
        True,
        f"“{quote}” [1]",
        (cite(1, quote, section="Massive Attack"),),
        short_answer=Span("574 drones", 16, 26),
    )
    text = render_answer(answer)[0].embeds[0].description
    assert text.startswith("**574 drones**\n\n> Russia launched 574 drones")
    assert text.count("Russia launched") == 1
    assert "Also in the articles" not in text


def test_unanswered_says_so_and_labels_related_passages_as_not_an_answer():
    answer = Answer("Capital of Peru?", False, "That is not in the articles.", (), (cite(1, "Lima is far."),))
    embed = render_answer(answer)[0].embeds[0]
    assert embed.description.startswith("That is not in the articles.")
    assert "Closest passages (not an answer)" in embed.description
    assert "**[1]** Drone attack\n> Lima is far." in embed.description
    off_topic = Answer("Capital of Peru?", False, "That is not in the articles.", ())
    assert render_answer(off_topic)[0].embeds[0].description == "That is not in the articles."
    assert embed.colour != render_answer(Answer("q", True, "a [1]", (cite(1, "a"),)))[0].embeds[0].colour


def test_ten_thousand_character_answer_is_split_at_sentence_boundaries_within_limits():
    body = (SENTENCE * 110).strip()
    assert len(body) > 10_000
    # Answer text that is not just the quote (as a generated answer would be) is shown, split.
    answer = Answer("q", True, body + " [1]", (cite(1, "Strikes were reported."),))
    replies = render_answer(answer)
    assert len(replies) >= 3
    assert_sendable(replies)
    for reply in replies:
        for embed in reply.embeds:
            assert len(embed.description) <= DESCRIPTION_LIMIT
            # Each part ends at a sentence end (or a source), never mid-sentence.
            assert re.search(
                r"(overnight\.|\[1\]|\*\*Sources\*\*|Strikes were reported\.)$", embed.description
            )
    # Nothing lost: every sentence is sent exactly once.
    assert descriptions(replies).count("574 drones") == 110
    assert replies[-1].embeds[0].footer.text.endswith(f"part {len(replies)} of {len(replies)}")


def test_many_long_citations_are_never_cut_inside_a_quote():
    quotes = [f"Quote {n}: " + "word " * 150 + f"end of quote {n}." for n in range(1, 31)]
    answer = Answer("q", True, "Answer [1].", tuple(cite(n, q) for n, q in enumerate(quotes, 1)))
    replies = render_answer(answer)
    assert_sendable(replies)
    text = descriptions(replies)
    for n, quote in enumerate(quotes, 1):
        # The whole quote sits in one embed: find it with its header in a single description.
        holder = [e.description for r in replies for e in r.embeds if f"**[{n}]**" in e.description]
        assert len(holder) == 1 and clean(quote) in holder[0]
    assert text.count("**[") == 30


def test_markdown_and_mentions_in_quotes_are_escaped():
    quote = "He said **never** _ever_ ~~x~~ `code` ||spoiler|| to @everyone and @here."
    embed = render_answer(Answer("q", True, "a [1]", (cite(1, quote, title="A *bold* title"),)))[0].embeds[0]
    assert "\\*\\*never\\*\\*" in embed.description
    assert "\\_ever\\_" in embed.description and "\\|\\|spoiler\\|\\|" in embed.description
    assert "@everyone" not in embed.description and "@\u200beveryone" in embed.description
    assert "A \\*bold\\* title" in embed.description


def test_multiline_quote_stays_one_quote_block():
    embed = render_answer(Answer("q", True, "a [1]", (cite(1, "line one\nline two"),)))[0].embeds[0]
    assert "> line one\n> line two" in embed.description


def test_quote_longer_than_an_embed_is_cut_only_at_sentences_and_stays_quoted():
    quote = ("A long sentence about drones and missiles that keeps going. " * 90).strip()
    blocks = source_blocks(cite(1, quote))
    assert len(blocks) >= 2
    assert all(len(b) <= DESCRIPTION_LIMIT for b in blocks)
    assert blocks[0].startswith("**[1]**")
    for block in blocks:
        quoted = block.split("\n", 1)[1] if block.startswith("**[1]**") else block
        assert all(line.startswith("> ") for line in quoted.splitlines())
        assert quoted.rstrip().endswith("going.")


def test_echoed_question_with_everyone_is_inert_and_title_clipped():
    replies = render_answer(Answer("@everyone " + "why? " * 200, False, "That is not in the articles.", ()))
    title = replies[0].embeds[0].title
    assert len(title) <= 256 and "@everyone" not in title
    assert replies[0].kwargs()["allowed_mentions"].to_dict()["parse"] == []


def test_split_text_prefers_paragraphs_then_sentences_then_words():
    assert split_text("One. Two.\n\nThree.", 100) == ["One. Two.", "Three."]
    assert split_text("First sentence here. Second one here.", 25) == [
        "First sentence here.",
        "Second one here.",
    ]
    assert split_text("Markers stay. [1] With sentences. [2]", 20) == [
        "Markers stay. [1]",
        "With sentences. [2]",
    ]
    words = split_text("x" * 10 + " " + "y" * 10, 12)
    assert words == ["x" * 10, "y" * 10]
    assert all(len(p) <= 7 for p in split_text("z" * 20, 7))


def test_split_content_respects_the_2000_limit():
    parts = split_content(SENTENCE * 60)
    assert len(parts) > 1 and all(len(p) <= CONTENT_LIMIT for p in parts)
    assert "".join(parts).count("574") == 60


def test_pack_refuses_an_oversized_block():
    with pytest.raises(ValueError):
        pack(["x" * 11], 10)


def test_summary_links_the_article_and_cites_each_sentence():
    summary = Summary(
        "drones", "Drone *attack*", "One. [1] Two. [2]", (cite(1, "One."), cite(2, "Two.")), "https://e.x/a"
    )
    embed = render_summary(summary)[0].embeds[0]
    assert embed.url == "https://e.x/a" and embed.title == "Summary: Drone \\*attack\\*"
    assert "**[2]**" in embed.description


def test_sources_are_paged_ten_per_page_each_with_its_own_indexed_time():
    infos = [
        ArticleInfo(f"a{n:02d}", f"Title {n:02d}", n, f"2026-11-{1 + n % 28:02d}T11:10:20+00:00")
        for n in range(48)
    ]
    pages = [render_sources(infos, page) for page in range(5)]
    for reply in pages:
        assert_sendable([reply])
    texts = [r.embeds[0].description for r in pages]
    assert [t.count("chunks") for t in texts] == [10, 10, 10, 10, 8]
    seventh = int(datetime(2026, 11, 8, 11, 10, 20, tzinfo=UTC).timestamp())
    assert f"**Title 07**\n`a07` · 7 chunks · indexed <t:{seventh}:f>" in texts[0]
    assert len(set(re.findall(r"<t:\d+:f>", texts[0]))) == 10  # each line its own time
    assert pages[4].embeds[0].footer.text == "page 5 of 5"
    assert pages[0].embeds[0].title == "Indexed articles (48)"
    assert render_sources(infos, 99).embeds[0].footer.text == "page 5 of 5"
    assert render_sources([]).embeds[0].description == "No articles are indexed yet."


def test_help_mentions_threads_only_when_enabled():
    with_threads = render_help(mentions=True, threads=True)[0].embeds[0].description
    without = render_help(mentions=False, threads=False)[0].embeds[0].description
    assert "/ask" in with_threads and "thread" in with_threads
    assert "mention me" not in without and "/reindex" in without


def test_limit_problems_detects_oversized_messages():
    big = discord.Embed(description="x" * 4000)
    assert limit_problems(Reply(content="x" * 2001))
    assert limit_problems(Reply(embeds=(big, big)))
    assert limit_problems(Reply(embeds=(discord.Embed(description="x" * 4097),)))
    assert limit_problems(Reply(content="ok")) == []
