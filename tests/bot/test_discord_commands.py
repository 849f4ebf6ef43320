"""Slash commands, autocomplete, permissions and mentions through discord.py's real command tree (simcord),
answered by the real engine over a real index."""

from __future__ import annotations

import logging

import discord
import pytest
from botdata import DRONES, HARBOUR_TITLE, SEED_TITLE
from discord import app_commands

from bot.checks import Refused
from bot.client import GENERIC_ERROR
from bot.render import limit_problems
from index.types import Answer, Citation


def world(env):
    guild = env.create_guild()
    channel = guild.create_text_channel("news")
    alice = guild.add_member(env.create_user("alice"))
    return guild, channel, alice


def sent(result):
    """What the user sees: the message that replaced "thinking…", then any further follow-ups."""
    return ([result.response] if result.response is not None else []) + result.followups


def bot_replies(channel, bot, to):
    return [
        m
        for m in channel.history()
        if m.author.id == bot.user.id and m.reference and m.reference.message_id == to.id
    ]


def text_of(message) -> str:
    return "\n".join([message.content or ""] + [f"{e.title}\n{e.description}" for e in message.embeds])


async def test_commands_are_synced_with_options(simcord_env, simcord_bot):
    guild, channel, alice = world(simcord_env)
    assert set(alice.available_commands(channel)) == {"ask", "summary", "sources", "help"}
    synced = {c.name: c for c in await simcord_bot.tree.fetch_commands()}
    assert set(synced) == {"ask", "summary", "sources", "help", "reindex", "add", "stats"}
    question = synced["ask"].options[0]
    assert (question.name, question.required, question.max_length) == ("question", True, 2000)
    article = synced["summary"].options[0]
    assert article.name == "article" and article.autocomplete and not article.required
    assert synced["reindex"].default_member_permissions == discord.Permissions(manage_guild=True)


async def test_ask_defers_then_answers_with_cited_quote(simcord_env, recording_engine):
    guild, channel, alice = world(simcord_env)
    result = await alice.slash(channel, "ask", question=DRONES)
    callbacks = [r.json for r in simcord_env.http_requests if r.path.endswith("/callback")]
    assert (
        callbacks and callbacks[0]["type"] == discord.InteractionResponseType.deferred_channel_message.value
    )
    (answer,) = sent(result)
    embed = answer.embeds[0]
    assert embed.title == DRONES
    assert "574 drones" in embed.description and "[1]" in embed.description
    assert f"**[1]** {SEED_TITLE}" in embed.description
    assert recording_engine.calls == [(DRONES, None)]


async def test_ask_outside_the_articles_says_so_plainly(simcord_env):
    guild, channel, alice = world(simcord_env)
    result = await alice.slash(channel, "ask", question="What is the capital of Peru?")
    embed = sent(result)[0].embeds[0]
    assert embed.description.startswith("That is not in the articles.")
    assert "verbatim" not in (embed.footer.text or "")


async def test_summary_autocompletes_titles_and_links_the_article(simcord_env):
    guild, channel, alice = world(simcord_env)
    choices = await alice.autocomplete(channel, "summary", "article", "harb")
    assert choices == [{"name": HARBOUR_TITLE, "value": "harbour-festival"}]
    everything = await alice.autocomplete(channel, "summary", "article", "")
    assert {c["value"] for c in everything} == {"harbour-festival", "russia-rejects-european-troops"}

    result = await alice.slash(channel, "summary", article="harbour-festival")
    embed = sent(result)[0].embeds[0]
    assert embed.url == "https://example.org/news/harbour_festival"
    assert embed.title == "Summary: Harbour \\*festival\\* draws record crowds"
    assert "12,000 visitors" in embed.description
    assert "[link](<https://example.org/news/harbour_festival>)" in embed.description


async def test_unknown_article_gets_the_engine_message(simcord_env):
    guild, channel, alice = world(simcord_env)
    result = await alice.slash(channel, "summary", article="no such article")
    assert "No indexed article matches" in text_of(sent(result)[0])
    assert [type(e).__name__ for e in simcord_env.errors] == ["CommandInvokeError"]


async def test_sources_lists_indexed_articles(simcord_env):
    guild, channel, alice = world(simcord_env)
    result = await alice.slash(channel, "sources")
    description = sent(result)[0].embeds[0].description
    assert "Indexed articles (2)" == sent(result)[0].embeds[0].title
    assert "44 chunks" in description and "indexed <t:" in description


async def test_help_is_ephemeral(simcord_env):
    guild, channel, alice = world(simcord_env)
    result = await alice.slash(channel, "help")
    assert result.ephemeral and "/ask" in result.response.embeds[0].description


@pytest.mark.bot_settings(cooldown_seconds=30)
async def test_cooldown_answers_with_a_friendly_ephemeral_message(simcord_env):
    guild, channel, alice = world(simcord_env)
    bob = guild.add_member(simcord_env.create_user("bob"))
    assert sent(await alice.slash(channel, "ask", question=DRONES))
    second = await alice.slash(channel, "ask", question=DRONES)
    assert second.ephemeral and second.response.content.startswith("Easy there")
    assert not second.followups
    assert (
        "574" in sent(await bob.slash(channel, "ask", question=DRONES))[0].embeds[0].description
    )  # per user
    await simcord_env.advance_time(31)
    assert "574" in sent(await alice.slash(channel, "ask", question=DRONES))[0].embeds[0].description
    assert [type(e) for e in simcord_env.errors] == [app_commands.CommandOnCooldown]


async def test_reindex_is_hidden_from_members_and_refused_when_an_admin_unhides_it(simcord_env, simcord_bot):
    guild, channel, alice = world(simcord_env)
    assert "reindex" not in alice.available_commands(channel)
    synced = {c.name: c for c in await simcord_bot.tree.fetch_commands()}
    guild.set_command_permissions(synced["reindex"], {alice: True})
    result = await alice.slash(channel, "reindex")
    assert result.ephemeral and "Manage Server" in result.response.content
    assert [type(e) for e in simcord_env.errors] == [Refused]


# The build runs in a child process (real seconds, not simcord's virtual time).
@pytest.mark.simcord(settle_timeout=60)
async def test_reindex_by_a_manager_reports_progress_and_swaps_the_engine(simcord_env, simcord_bot):
    guild, channel, alice = world(simcord_env)
    managers = guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
    manager = guild.add_member(simcord_env.create_user("manager"), roles=[managers])
    old_engine = simcord_bot.engine
    result = await manager.slash(channel, "reindex")
    assert not result.ephemeral
    assert result.response.content.startswith("Index rebuilt: 2 articles, 47 chunks")
    assert simcord_bot.engine is not old_engine
    assert simcord_bot.engine.warmed  # the first question after the swap waits for no word lists
    after = await alice.slash(channel, "ask", question=DRONES)
    assert "574" in sent(after)[0].embeds[0].description


@pytest.mark.bot_settings(allowed_channels=frozenset({1}))
async def test_commands_and_mentions_outside_allowed_channels_are_refused(simcord_env, simcord_bot):
    guild, channel, alice = world(simcord_env)
    result = await alice.slash(channel, "ask", question=DRONES)
    assert result.ephemeral and result.response.content == "I only answer in <#1>."
    await alice.send(channel, f"{simcord_bot.user.mention} {DRONES}")
    assert channel.last_message.author.id == alice.id  # no reply
    assert [type(e) for e in simcord_env.errors] == [Refused]


async def test_mention_is_answered_in_a_reply_that_starts_a_thread(
    simcord_env, simcord_bot, recording_engine
):
    guild, channel, alice = world(simcord_env)
    question = await alice.send(channel, f"{simcord_bot.user.mention} how many drones were launched?")
    (reply,) = bot_replies(channel, simcord_bot, question)
    assert "574 drones" in reply.embeds[0].description
    (thread,) = channel.threads
    assert thread.name == "how many drones were launched?"

    await alice.send(thread, "and how many missiles?")
    follow_up = thread.last_message
    assert follow_up.author.id == simcord_bot.user.id and "40 missiles" in follow_up.embeds[0].description
    assert recording_engine.calls[0] == ("how many drones were launched?", None)
    asked, context = recording_engine.calls[1]
    assert asked == "and how many missiles?"
    assert context.startswith("how many drones were launched?\n") and "574" in context


@pytest.mark.bot_settings(threads=False)
async def test_reply_to_an_answer_is_a_follow_up_without_mention(simcord_env, simcord_bot, recording_engine):
    guild, channel, alice = world(simcord_env)
    question = await alice.send(channel, f"<@{simcord_bot.user.id}> how many drones were launched?")
    (answer,) = bot_replies(channel, simcord_bot, question)
    assert not channel.threads
    await alice.send(channel, "and missiles?", reply_to=answer)
    assert channel.last_message.author.id == simcord_bot.user.id
    assert recording_engine.calls[1][0] == "and missiles?" and "574" in recording_engine.calls[1][1]
    await alice.send(channel, "unrelated chatter without a mention")
    assert len(recording_engine.calls) == 2


async def test_other_bots_and_plain_chatter_are_ignored(simcord_env, simcord_bot, recording_engine):
    guild, channel, alice = world(simcord_env)
    other = guild.add_member(simcord_env.create_user("otherbot", bot=True))
    await other.send(channel, f"{simcord_bot.user.mention} {DRONES}")
    await alice.send(channel, DRONES)
    assert recording_engine.calls == []
    assert channel.last_message.author.id == alice.id


async def test_everyone_in_a_question_pings_nobody(simcord_env, simcord_bot):
    guild, channel, alice = world(simcord_env)
    await alice.send(channel, f"{simcord_bot.user.mention} @everyone how many drones were launched?")
    await alice.slash(channel, "ask", question="@everyone how many drones were launched?")
    sends = [
        r for r in simcord_env.http_requests if r.method in ("POST", "PATCH") and isinstance(r.json, dict)
    ]
    with_content = [r for r in sends if "content" in r.json or "embeds" in r.json]
    assert len(with_content) >= 2
    for request in with_content:
        assert request.json["allowed_mentions"]["parse"] == [], request


async def test_unknown_errors_are_logged_and_answered_generically(simcord_env, recording_engine, caplog):
    guild, channel, alice = world(simcord_env)
    recording_engine.overrides["boom"] = RuntimeError("disk on fire at /secret/path")
    with caplog.at_level(logging.ERROR, logger="bot.client"):
        result = await alice.slash(channel, "ask", question="boom")
    assert sent(result)[0].content == GENERIC_ERROR
    assert "secret" not in sent(result)[0].content
    assert "Unexpected error" in caplog.text and "disk on fire" in caplog.text
    assert len(simcord_env.errors) == 1


async def test_a_huge_answer_is_split_into_sendable_messages(simcord_env, recording_engine):
    guild, channel, alice = world(simcord_env)
    sentence = (
        "Ukraine’s military reported that 574 drones and 40 missiles struck western regions overnight. "
    )
    quote = Citation(1, "russia-rejects-european-troops", SEED_TITLE, "Strikes were reported.", 0, 10, 0.9)
    recording_engine.overrides["long"] = Answer("long", True, sentence * 110, (quote,))
    result = await alice.slash(channel, "ask", question="long")
    parts = sent(result)
    assert len(parts) >= 3
    total = "".join(f.embeds[0].description for f in parts)
    assert total.count("574 drones") == 110
    for followup in parts:
        assert len(followup.embeds[0].description) <= 4096


@pytest.mark.bot_settings(mentions=False)
async def test_without_mention_handling_no_message_content_intent(simcord_env, simcord_bot, recording_engine):
    assert not simcord_bot.intents.message_content
    assert "Conversation" not in simcord_bot.cogs
    guild, channel, alice = world(simcord_env)
    await alice.send(channel, f"{simcord_bot.user.mention} {DRONES}")
    assert recording_engine.calls == []


def test_render_limit_helper_is_used_on_real_answers(engine):
    from bot.render import render_answer

    for reply in render_answer(engine.ask(DRONES)):
        assert limit_problems(reply) == []


# The build runs in a child process (real seconds, not simcord's virtual time).
@pytest.mark.simcord(settle_timeout=60)
async def test_a_failed_reindex_says_why_and_keeps_the_old_index(
    simcord_env, simcord_bot, engine_config, tmp_path
):
    import dataclasses

    empty = tmp_path / "no-articles"
    empty.mkdir()
    simcord_bot.settings = dataclasses.replace(
        simcord_bot.settings, engine=dataclasses.replace(engine_config, seeds_dir=empty)
    )
    guild, channel, alice = world(simcord_env)
    old_engine = simcord_bot.engine
    owner = guild.add_member(guild.owner)
    result = await owner.slash(channel, "reindex")
    assert result.response.content == "The rebuild failed; answers still come from the previous index."
    (why,) = result.followups
    assert why.ephemeral and why.content.startswith("No readable article in")
    assert simcord_bot.engine is old_engine
    assert "574" in sent(await alice.slash(channel, "ask", question=DRONES))[0].embeds[0].description
    assert [type(e).__name__ for e in simcord_env.errors] == ["CommandInvokeError"]


async def test_a_bare_mention_gets_a_hint_and_no_engine_call(simcord_env, simcord_bot, recording_engine):
    guild, channel, alice = world(simcord_env)
    question = await alice.send(channel, f"{simcord_bot.user.mention}   ")
    (reply,) = bot_replies(channel, simcord_bot, question)
    assert reply.content.startswith("Ask me a question after the mention")
    assert recording_engine.calls == [] and not channel.threads
