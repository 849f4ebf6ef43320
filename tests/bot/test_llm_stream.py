"""Written answers in Discord: the real bot over real sockets to the fake Discord API, the real engine, and
the scripted OpenAI-compatible stub (tests/llm_stub.py: no model, so nothing here measures quality)."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest
from botdata import DRONES, SEED_TITLE
from fake_discord import FakeDiscord, running_bot
from llm_stub import Reply, Status

from bot import create_bot
from bot.llm_stream import DRAFT_FOOTER, EDIT_INTERVAL, WRITTEN_FOOTER, Budget, Throttled
from bot.settings import Settings, SettingsError
from index.composer import LlmComposer
from index.engine import Engine

TIMEOUT = 30
S1 = "Ukraine’s military reported 574 drones and 40 missiles at western regions overnight [1]."
S2 = "Putin ordered the attack [1]."  # "Putin" is in no quote: dropped, never shown
S3 = "At least one person was killed and 15 were injured [1]."
WRITTEN = f"{S1} {S3}"


@pytest.fixture
def llm_engine(engine, stub) -> Engine:
    stub.script.clear()
    stub.requests.clear()
    config = dataclasses.replace(engine.config, llm_base_url=stub.base_url, llm_model="stub",
                                 llm_timeout=10.0)
    return Engine(config, engine.corpus, engine.embedder, engine.collection,
                  composer=LlmComposer.from_config(config))


def originals(fake: FakeDiscord, iid: int):
    return fake.requests_to("PATCH", rf"/webhooks/\d+/token-{iid}/messages/@original")


def final(fake: FakeDiscord, iid: int):
    """The answer's first message as it finally reads: the first follow-up, or else (after drafts were
    streamed into the deferred reply) the last edit of that reply, once it is no longer a draft."""
    posts = fake.requests_to("POST", rf"/webhooks/\d+/token-{iid}")
    edits = [r for r in originals(fake, iid) if footer(r.json) != DRAFT_FOOTER]
    return edits[-1].json if edits else posts[0].json if posts else None


def description(payload) -> str:
    return "\n".join(e.get("description") or "" for e in payload.get("embeds") or [])


def footer(payload) -> str:
    return " ".join((e.get("footer") or {}).get("text") or "" for e in payload.get("embeds") or [])


async def test_streams_checked_sentences_at_most_once_a_second_then_the_answer_with_sources(
    fake, make_settings, llm_engine, stub
):
    # About 3 s of tokens: long enough for several drafts.
    stub.then(Reply(f"{S1} {S2} {S3}", chunk_delay=0.12))
    bot = create_bot(make_settings(token="test-token"), engine=llm_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        iid = await fake.slash("ask", question=DRONES)
        await fake.wait_for(lambda: any(WRITTEN_FOOTER in footer(r.json) for r in originals(fake, iid)),
                            TIMEOUT)
    edits = originals(fake, iid)
    drafts, final = edits[:-1], edits[-1]
    assert drafts, "nothing was streamed"
    gaps = [b.at - a.at for a, b in zip(edits, edits[1:], strict=False)]
    assert all(gap >= EDIT_INTERVAL for gap in gaps), gaps
    for draft in drafts:
        assert footer(draft.json) == DRAFT_FOOTER
        assert description(draft.json).startswith(S1)
    # The dropped sentence never reached Discord, in a draft or in the answer.
    assert not any("Putin" in str(r.json) for r in fake.requests)
    text = description(final.json)
    assert text.startswith(WRITTEN)
    assert "**Sources**" in text and f"**[1]** {SEED_TITLE}" in text
    quote = llm_engine.ask(DRONES, llm=False).citations[0].quote
    assert "574 drones and 40 missiles struck western regions overnight" in quote
    assert "574 drones and 40 missiles struck western regions overnight" in text  # the verbatim quote
    assert footer(final.json).startswith(WRITTEN_FOOTER)
    assert fake.requests_to("POST", rf"/webhooks/\d+/token-{iid}") == []  # one part: no extra follow-up
    assert fake.unhandled == []


async def test_fallback_shows_the_quotes_and_why(fake, make_settings, llm_engine, stub):
    stub.then(Status(500))
    bot = create_bot(make_settings(token="test-token"), engine=llm_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        iid = await fake.slash("ask", question=DRONES)
        answer = await fake.wait_for(lambda: final(fake, iid), TIMEOUT)
    assert originals(fake, iid) == []  # nothing was streamed
    # The quotes as the engine gives them: no written sentence, the verbatim quote.
    # Answer first: the short answer, then the quote once (a block quote).
    assert "574 drones" in description(answer) and "> Ukraine’s military reported" in description(answer)
    assert footer(answer).startswith("No written answer: the language model server returned an error.")


async def test_budget_per_user_keeps_quotes_past_the_limit(fake, make_settings, llm_engine, stub):
    stub.then(Reply(WRITTEN), Reply(WRITTEN))
    settings = make_settings(token="test-token", llm_per_user_per_minute=1)
    bot = create_bot(settings, engine=llm_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        first = await fake.slash("ask", question=DRONES)
        written = await fake.wait_for(lambda: final(fake, first), TIMEOUT)
        second = await fake.slash("ask", question=DRONES)
        quotes = await fake.wait_for(lambda: final(fake, second), TIMEOUT)
    assert description(written).startswith(S1)
    assert "> Ukraine’s military reported" in description(quotes) and "request budget" in footer(quotes)
    assert len(stub.requests) == 1


async def test_mentions_are_budgeted_too(fake, make_settings, llm_engine, stub):
    stub.then(Reply(WRITTEN))
    bot = create_bot(make_settings(token="test-token", llm_per_guild_per_minute=1), engine=llm_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        await fake.send_message(f"<@{fake.app_id}> how many drones were launched?")
        await fake.wait_for(lambda: fake.threads, TIMEOUT)
        iid = await fake.slash("ask", question=DRONES, user=fake.owner)  # another member, same server
        slash = await fake.wait_for(lambda: final(fake, iid), TIMEOUT)
    (reply,) = fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages")
    assert description(reply.json).startswith(S1)
    assert "request budget" in footer(slash)
    assert len(stub.requests) == 1


# ------------------------------------------------------------------------------------------ parts


def test_budget_window_per_user_and_per_guild():
    now = [0.0]
    budget = Budget(per_user=2, per_guild=3, clock=lambda: now[0])
    assert budget.take(1, 10) and budget.take(1, 10)
    assert not budget.take(1, 10)  # user 1 spent
    assert budget.take(2, 10)  # guild 10 now spent (3)
    assert not budget.take(3, 10)
    assert budget.take(3, 11)  # another server
    now[0] = 59.9
    assert not budget.take(1, 12)
    now[0] = 60.0  # the first two requests left the window
    assert budget.take(1, 10)


async def test_throttled_coalesces_and_keeps_the_pace():
    sent: list[tuple[float, str]] = []

    async def edit(text):
        sent.append((time.monotonic(), text))

    throttled = Throttled(edit, interval=0.2)
    for i in range(12):
        throttled.push(f"text {i}")
        await asyncio.sleep(0.05)
    await throttled.close()
    closed = time.monotonic()
    assert 2 <= len(sent) <= 5
    assert all(b[0] - a[0] >= 0.2 for a, b in zip(sent, sent[1:], strict=False))
    assert closed - sent[-1][0] >= 0.2  # the final edit after close keeps the pace too
    assert sent[0][1] == "text 0"


@pytest.mark.parametrize("name", ["DISCORD_LLM_PER_USER_PER_MINUTE", "DISCORD_LLM_PER_GUILD_PER_MINUTE"])
def test_budget_settings(name, engine_config, monkeypatch):
    assert Settings.from_env({name: "7"}).__getattribute__(
        "llm_per_user_per_minute" if "USER" in name else "llm_per_guild_per_minute") == 7
    for bad in ("0", "many", "-1"):
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: bad})


async def test_refused_questions_cost_no_budget_and_never_reach_the_model(
    fake, make_settings, llm_engine, stub
):
    stub.then(Reply(WRITTEN))
    bot = create_bot(make_settings(token="test-token", llm_per_user_per_minute=1), engine=llm_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        refused = await fake.slash("ask", question="Who won the 2022 World Cup?")
        await fake.wait_for(lambda: final(fake, refused), TIMEOUT)
        iid = await fake.slash("ask", question=DRONES)
        answer = await fake.wait_for(lambda: final(fake, iid), TIMEOUT)
    assert description(answer).startswith(S1)
    assert len(stub.requests) == 1
