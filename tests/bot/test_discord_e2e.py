"""End to end: the real bot from ``create_bot`` (real discord.py, real engine and index) over real sockets
to a fake Discord API on 127.0.0.1 (gateway websocket + REST)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import shutil
import threading

import discord
import pytest
from botdata import DRONES, SEED_TITLE
from fake_discord import FakeDiscord, running_bot

from bot import create_bot
from bot.render import CONTENT_LIMIT, DESCRIPTION_LIMIT, EMBEDS_PER_MESSAGE, MESSAGE_EMBED_TOTAL
from index.types import Answer, Citation

TIMEOUT = 30
DISCORD_ACK_DEADLINE = 3.0  # Discord drops an interaction not acknowledged within 3 s
MESSAGE_CONTENT = 1 << 15


@pytest.fixture
async def live(request, fake, make_settings, recording_engine):
    marker = request.node.get_closest_marker("bot_settings")
    settings = make_settings(token="test-token", **(marker.kwargs if marker else {}))
    bot = create_bot(settings, engine=recording_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        yield bot


def followups(fake: FakeDiscord, interaction_id: int):
    return [r.json for r in fake.requests_to("POST", rf"/webhooks/\d+/token-{interaction_id}")]


def channel_posts(fake: FakeDiscord, channel_id: int):
    return [r.json for r in fake.requests_to("POST", rf"/channels/{channel_id}/messages")]


def description(payload) -> str:
    return "\n".join(e.get("description") or "" for e in payload.get("embeds") or [])


def assert_within_limits(payload: dict) -> None:
    assert len(payload.get("content") or "") <= CONTENT_LIMIT
    embeds = payload.get("embeds") or []
    assert len(embeds) <= EMBEDS_PER_MESSAGE
    total = 0
    for embed in embeds:
        assert len(embed.get("description") or "") <= DESCRIPTION_LIMIT
        assert len(embed.get("fields") or []) <= 25
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += len((embed.get("footer") or {}).get("text") or "")
    assert total <= MESSAGE_EMBED_TOTAL


async def test_connects_identifies_and_syncs_commands_with_options(fake, live):
    (identify,) = fake.identifies
    assert identify["token"] == "test-token"
    assert identify["intents"] & MESSAGE_CONTENT
    (sync,) = fake.requests_to("PUT", r"/applications/\d+/commands")
    commands = {c["name"]: c for c in sync.json}
    assert set(commands) == {"ask", "summary", "sources", "help", "reindex", "add", "stats"}
    question, private = commands["ask"]["options"]
    assert (question["name"], question["type"], question["required"], question["max_length"]) == (
        "question",
        3,
        True,
        2000,
    )
    assert (private["name"], private["type"], private.get("required", False)) == ("private", 5, False)
    assert commands["summary"]["options"][0]["autocomplete"] is True
    assert (
        int(commands["reindex"]["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    )
    assert live.get_guild(fake.guild_id).member_count == 4
    assert fake.unhandled == []


@pytest.mark.bot_settings(mentions=False)
async def test_without_mention_handling_the_privileged_intent_is_not_requested(fake, live):
    assert not fake.identifies[0]["intents"] & MESSAGE_CONTENT
    await fake.send_message(f"<@{fake.app_id}> {DRONES}")
    iid = await fake.slash("ask", question=DRONES)  # slash commands still work
    await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
    assert channel_posts(fake, fake.channel_id) == []


async def test_commands_sync_to_the_configured_guild(fake, make_settings, recording_engine):
    bot = create_bot(make_settings(token="test-token", guild_id=fake.guild_id), engine=recording_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        assert fake.synced_scopes == [str(fake.guild_id)]
        assert fake.requests_to("PUT", rf"/applications/\d+/guilds/{fake.guild_id}/commands")


async def test_ask_is_deferred_in_time_then_followed_up_with_a_cited_answer(fake, live):
    iid = await fake.slash("ask", question=DRONES)
    await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
    times = fake.interactions[iid]
    assert times.callback_type == 5  # deferred "thinking…"
    assert times.callback - times.dispatched < DISCORD_ACK_DEADLINE
    assert times.callback <= times.followups[0]
    (answer,) = followups(fake, iid)
    text = description(answer)
    assert "574 drones" in text and "[1]" in text and f"**[1]** {SEED_TITLE}" in text
    assert answer["embeds"][0]["title"] == DRONES
    assert fake.unhandled == []


async def test_mention_is_answered_in_a_reply_and_a_thread_follow_up_carries_context(
    fake, live, recording_engine
):
    question = await fake.send_message(f"<@{fake.app_id}> how many drones were launched?")
    await fake.wait_for(lambda: fake.threads, TIMEOUT)
    (reply,) = channel_posts(fake, fake.channel_id)
    assert str(reply["message_reference"]["message_id"]) == question["id"]
    assert reply["allowed_mentions"]["replied_user"] is False
    assert "574 drones" in description(reply)
    (thread_id,) = fake.threads
    assert fake.threads[thread_id]["name"] == "how many drones were launched?"

    await fake.send_message("and how many missiles?", channel_id=thread_id)
    await fake.wait_for(lambda: channel_posts(fake, thread_id), TIMEOUT)
    (follow_up,) = channel_posts(fake, thread_id)
    assert "40 missiles" in description(follow_up)
    asked, context = recording_engine.calls[-1]
    assert asked == "and how many missiles?"
    assert context.startswith("how many drones were launched?\n") and "574" in context
    # The bot's own echoed messages were ignored: exactly two questions reached the engine.
    assert len(recording_engine.calls) == 2


async def test_other_mentions_in_a_question_are_not_read_as_words(fake, live, recording_engine):
    alice, owner = fake.alice["id"], fake.owner["id"]
    await fake.send_message(f"<@{owner}> <@{fake.app_id}> how many drones were launched?")
    await fake.wait_for(lambda: fake.threads, TIMEOUT)
    (reply,) = channel_posts(fake, fake.channel_id)
    assert "574 drones" in description(reply)
    (thread_id,) = fake.threads
    assert fake.threads[thread_id]["name"] == "how many drones were launched?"
    await fake.send_message(f"and what did <@{owner}> say about missiles?", channel_id=thread_id)
    await fake.wait_for(lambda: len(recording_engine.calls) == 2, TIMEOUT)

    iid = await fake.slash("ask", question=f"<@{alice}> how many drones were launched?")
    await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
    assert "574 drones" in description(followups(fake, iid)[0])
    asked = [question for question, _ in recording_engine.calls]
    assert asked == [
        "how many drones were launched?",
        "and what did owner say about missiles?",
        "how many drones were launched?",
    ]


async def test_reply_to_an_answer_is_a_follow_up_without_mention(fake, live, recording_engine):
    await fake.send_message(f"<@{fake.app_id}> how many drones were launched?")
    await fake.wait_for(lambda: fake.threads, TIMEOUT)
    answer_id = next(
        int(m["id"])
        for m in fake.messages.values()
        if m["author"]["id"] == str(fake.app_id) and m["channel_id"] == str(fake.channel_id)
    )
    await fake.send_message("what about missiles?", reply_to=answer_id)
    await fake.wait_for(lambda: len(channel_posts(fake, fake.channel_id)) == 2, TIMEOUT)
    assert recording_engine.calls[-1][0] == "what about missiles?"
    assert "574" in recording_engine.calls[-1][1]
    assert len(fake.threads) == 1  # a follow-up reply does not start another thread


async def test_after_a_restart_follow_ups_get_the_previous_turn_from_discord(
    fake, make_settings, recording_engine
):
    settings = make_settings(token="test-token")
    async with running_bot(create_bot(settings, engine=recording_engine), "test-token", TIMEOUT):
        await fake.send_message(f"<@{fake.app_id}> how many drones were launched?")
        await fake.wait_for(lambda: fake.threads, TIMEOUT)
    (thread_id,) = fake.threads
    (answer,) = [m for m in fake.messages.values() if m["author"]["id"] == str(fake.app_id)]

    # A new bot process: no turns in memory. The thread is known from GUILD_CREATE; its previous turn
    # comes from the answer that started it, fetched from Discord.
    async with running_bot(create_bot(settings, engine=recording_engine), "test-token", TIMEOUT):
        await fake.send_message("and how many missiles?", channel_id=thread_id)
        await fake.wait_for(lambda: channel_posts(fake, thread_id), TIMEOUT)
        asked, context = recording_engine.calls[-1]
        assert asked == "and how many missiles?"
        assert context.startswith("how many drones were launched?\n") and "574" in context
        assert fake.requests_to("GET", rf"/channels/{fake.channel_id}/messages/{answer['id']}")

        # A reply whose referenced message Discord left out: fetched, and its turn used.
        await fake.send_message("what about missiles?", reply_to=int(answer["id"]), resolve_reference=False)
        await fake.wait_for(lambda: len(recording_engine.calls) == 3, TIMEOUT)
        asked, context = recording_engine.calls[-1]
        assert asked == "what about missiles?" and "574" in context


async def test_sources_are_paged_with_buttons_that_work_after_a_restart(
    fake, make_settings, recording_engine
):
    from index.types import ArticleInfo

    many = [ArticleInfo(f"a{n:02d}", f"Article {n:02d}", 3, "2026-11-28T11:10:20+00:00") for n in range(23)]
    recording_engine.articles = lambda: many
    settings = make_settings(token="test-token")
    async with running_bot(create_bot(settings, engine=recording_engine), "test-token", TIMEOUT):
        iid = await fake.slash("sources")
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
    (first,) = followups(fake, iid)
    assert first["embeds"][0]["footer"]["text"] == "page 1 of 3"
    assert description(first).count("chunks") == 10 and "Article 00" in description(first)
    prev, nxt = first["components"][0]["components"]
    assert prev["disabled"] and not nxt.get("disabled")
    message = next(
        m for m in fake.messages.values() if m.get("interaction_token") == f"token-{iid}" and m["components"]
    )

    async with running_bot(create_bot(settings, engine=recording_engine), "test-token", TIMEOUT):
        click = await fake.click(int(message["id"]), nxt["custom_id"])
        await fake.wait_for(lambda: fake.interactions[click].callback, TIMEOUT)
    (update,) = fake.requests_to("POST", rf"/interactions/{click}/token-{click}/callback")
    assert update.json["type"] == 7  # the message itself turns the page
    page = update.json["data"]
    assert page["embeds"][0]["footer"]["text"] == "page 2 of 3"
    assert (
        "Article 10" in page["embeds"][0]["description"]
        and "Article 00" not in page["embeds"][0]["description"]
    )
    assert not page["components"][0]["components"][0].get("disabled")


async def test_a_ten_thousand_character_answer_is_split_within_limits(fake, live, recording_engine):
    sentence = (
        "Ukraine’s military reported that 574 drones and 40 missiles struck western regions overnight. "
    )
    quote = Citation(
        1, "russia-rejects-european-troops", SEED_TITLE, "Strikes were reported.", 3709, 3847, 0.9
    )
    recording_engine.overrides["long answer please"] = Answer(
        "long answer please", True, sentence * 110, (quote,)
    )
    assert len(sentence * 110) > 10_000
    iid = await fake.slash("ask", question="long answer please")
    await fake.wait_for(lambda: len(fake.interactions[iid].followups) >= 3, TIMEOUT)
    await asyncio.sleep(0.2)  # let any further part arrive before counting
    parts = followups(fake, iid)
    for part in parts:
        assert_within_limits(part)
    assert "".join(description(p) for p in parts).count("574 drones") == 110


async def test_everyone_in_a_question_pings_nobody(fake, live):
    await fake.send_message(f"<@{fake.app_id}> @everyone how many drones were launched?")
    iid = await fake.slash("ask", question="@everyone how many drones were launched?")
    await fake.wait_for(lambda: fake.threads and fake.interactions[iid].followups, TIMEOUT)
    sent = fake.sent_messages()
    assert len(sent) >= 2
    for payload in (r.json for r in sent):
        assert payload["allowed_mentions"]["parse"] == []
        assert "@everyone" not in (payload.get("content") or "")
        for embed in payload.get("embeds") or []:
            assert "@everyone" not in (embed.get("title") or "") + (embed.get("description") or "")


async def test_reindex_is_refused_without_manage_server(fake, live, recording_engine):
    engine_before = live.engine
    iid = await fake.slash("reindex")
    await fake.wait_for(lambda: fake.interactions[iid].callback, TIMEOUT)
    (callback,) = fake.requests_to("POST", rf"/interactions/{iid}/token-{iid}/callback")
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] & 64  # ephemeral
    assert "Manage Server" in callback.json["data"]["content"]
    assert live.engine is engine_before


async def test_survives_a_dropped_gateway_connection_by_resuming(fake, live):
    await fake.drop_connection(code=4000)
    await fake.wait_for(lambda: fake.resumes, TIMEOUT)
    await fake.wait_connected(TIMEOUT)
    assert fake.resumes[0]["token"] == "test-token" and fake.resumes[0]["session_id"] == "session-1"
    iid = await fake.slash("ask", question=DRONES)
    await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
    assert "574" in description(followups(fake, iid)[0])


async def test_survives_a_refused_resume_by_identifying_again(fake, live):
    fake.reject_resume = True
    await fake.drop_connection(code=4000)
    await fake.wait_for(lambda: len(fake.identifies) == 2, TIMEOUT)
    await fake.wait_connected(TIMEOUT)
    fake.reject_resume = False
    iid = await fake.slash("ask", question=DRONES)
    await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
    assert "574" in description(followups(fake, iid)[0])


async def test_the_token_is_never_logged(fake, make_settings, recording_engine, caplog):
    caplog.set_level(logging.DEBUG)
    bot = create_bot(make_settings(token="test-token-secret"), engine=recording_engine)
    async with running_bot(bot, "test-token-secret", TIMEOUT):
        iid = await fake.slash("ask", question=DRONES)
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
    assert fake.identifies[0]["token"] == "test-token-secret"
    assert caplog.records and "test-token-secret" not in caplog.text
    assert "test-token-secret" not in repr(bot.settings)


async def test_reindex_by_the_owner_keeps_answering_then_swaps_in_the_new_index(
    fake, make_settings, engine_config, model, tmp_path, monkeypatch
):
    import bot.rebuild
    from index.engine import Engine

    # The real build (in its child process), held at its start until the test has seen an answer
    # served meanwhile.
    started, release = threading.Event(), threading.Event()
    real_build = bot.rebuild.build_in_process

    def held_build(*args, **kwargs):
        started.set()
        release.wait(TIMEOUT)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(bot.rebuild, "build_in_process", held_build)

    # A private copy of the index, plus one new article, so the rebuild has real work to do.
    shutil.copytree(engine_config.seeds_dir, tmp_path / "seeds")
    shutil.copytree(engine_config.store_dir, tmp_path / "store")
    (tmp_path / "seeds" / "bridge.txt").write_text(
        "New bridge opens\nThe new river bridge opened to traffic on Monday after three years of work.\n",
        encoding="utf-8",
    )
    config = dataclasses.replace(engine_config, seeds_dir=tmp_path / "seeds", store_dir=tmp_path / "store")
    bot = create_bot(
        make_settings(token="test-token", engine=config), engine=Engine.open(config, model=model)
    )
    async with running_bot(bot, "test-token", TIMEOUT):
        old_engine = bot.engine
        reindex = await fake.slash("reindex", user=fake.owner)
        assert await asyncio.to_thread(started.wait, TIMEOUT)
        ask = await fake.slash("ask", question=DRONES)
        await fake.wait_for(lambda: fake.interactions[ask].followups, TIMEOUT)
        edits = lambda: [  # noqa: E731
            r.json["content"]
            for r in fake.requests_to("PATCH", rf"/webhooks/\d+/token-{reindex}/messages/@original")
        ]
        # Answered from the old index while the rebuild was still running.
        assert not any(e.startswith("Index rebuilt") for e in edits())
        assert bot.engine is old_engine
        assert "574" in description(followups(fake, ask)[0])

        release.set()
        await fake.wait_for(lambda: any(e.startswith("Index rebuilt") for e in edits()), TIMEOUT)
        assert edits()[-1].startswith("Index rebuilt: 3 articles, 48 chunks: 1 embedded, 47 skipped")
        assert all(e.startswith("Rebuilding the index… ") for e in edits()[:-1])
        (first,) = fake.requests_to("POST", rf"/interactions/{reindex}/token-{reindex}/callback")
        assert first.json["type"] == 4 and not first.json["data"].get("flags", 0) & 64
        assert bot.engine is not old_engine
        assert {a.article for a in bot.articles} == {
            "bridge",
            "harbour-festival",
            "russia-rejects-european-troops",
        }
        bridge = await fake.slash("ask", question="When did the new river bridge open?")
        await fake.wait_for(lambda: fake.interactions[bridge].followups, TIMEOUT)
        assert "opened to traffic on Monday" in description(followups(fake, bridge)[0])
