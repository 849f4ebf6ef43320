"""Discord misbehaving: 429s with and without ``Via``, 5xx runs, a late acknowledgement, an expired token.
Each ends with the answer delivered or the asker told, within 60 s; and errors stay private when they
can, and never go out private after a public defer.

discord.py's own retry sleeps and the bot's delivery deadlines run on a clock sped up ``SPEED`` times
(every sleep and deadline scaled alike), so a 60 s story takes a few seconds here."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
import types

import discord
import pytest
from botdata import DRONES
from fake_discord import FakeDiscord, running_bot

from bot import create_bot, delivery
from index.errors import UnknownArticle

TIMEOUT = 30
SPEED = 10.0
WITHIN = 60.0  # seconds of Discord time in which the asker gets the answer or an apology
EPHEMERAL = 64
FOLLOWUP = r"/webhooks/\d+/token-\d+"


def _scaled_asyncio():
    real_sleep = asyncio.sleep
    proxy = types.SimpleNamespace(**{k: getattr(asyncio, k) for k in dir(asyncio) if not k.startswith("__")})
    proxy.sleep = lambda delay, *args, **kwargs: real_sleep(delay / SPEED, *args, **kwargs)
    return proxy


@pytest.fixture
def fast_clock(monkeypatch):
    """discord.py's retry sleeps and the bot's deadlines and backoff, all SPEED times faster."""
    monkeypatch.setattr(discord.webhook.async_, "asyncio", _scaled_asyncio())
    monkeypatch.setattr(discord.http, "asyncio", _scaled_asyncio())
    monkeypatch.setattr(delivery, "asyncio", _scaled_asyncio())
    for name in ("DELIVERY_SECONDS", "FALLBACK_SECONDS", "BACKOFF_FIRST", "BACKOFF_CAP"):
        monkeypatch.setattr(delivery, name, getattr(delivery, name) / SPEED)


@pytest.fixture
async def live(request, fake, make_settings, recording_engine):
    marker = request.node.get_closest_marker("bot_settings")
    bot = create_bot(
        make_settings(token="test-token", **(marker.kwargs if marker else {})), engine=recording_engine
    )
    async with running_bot(bot, "test-token", TIMEOUT):
        yield bot


def delivered(fake: FakeDiscord, iid: int) -> bool:
    return bool(fake.interactions[iid].followups)


def told_in_channel(fake: FakeDiscord, iid: int) -> list[dict]:
    """Accepted channel messages that mention the asker, allowed to ping only them."""
    user = fake.interactions[iid].user_id
    return [
        r.json
        for r in fake.requests_to("POST", r"/channels/\d+/messages")
        if r.status == 200
        and (r.json.get("content") or "").startswith(f"<@{user}>")
        and [str(u) for u in r.json["allowed_mentions"].get("users", [])] == [user]
    ]


async def outcome(fake: FakeDiscord, iid: int) -> tuple[str, float]:
    """("answered" | "told", seconds of Discord time from the interaction to that)."""
    await fake.wait_for(lambda: delivered(fake, iid) or told_in_channel(fake, iid), TIMEOUT)
    times = fake.interactions[iid]
    if times.followups:
        return "answered", (times.followups[0] - times.dispatched) * SPEED
    at = max(r.at for r in fake.requests_to("POST", r"/channels/\d+/messages"))
    return "told", (at - times.dispatched) * SPEED


async def logged(caplog, timeout: float = TIMEOUT) -> list[logging.LogRecord]:
    """The delivery log lines; the bot writes its line just after Discord accepted the post."""
    deadline = time.monotonic() + timeout
    while not (records := [r for r in caplog.records if r.name == "bot.delivery"]):
        assert time.monotonic() < deadline, "no delivery log line"
        await asyncio.sleep(0.01)
    return records


def description(payload) -> str:
    return "\n".join(e.get("description") or "" for e in payload.get("embeds") or [])


@pytest.mark.parametrize("via", [True, False], ids=["429-with-Via", "429-without-Via"])
async def test_a_rate_limited_follow_up_is_retried_after_retry_after(fake, live, fast_clock, via):
    fake.inject("POST", FOLLOWUP, 429, times=2, retry_after=2.0, via=via)
    iid = await fake.slash("ask", question=DRONES)
    kind, seconds = await outcome(fake, iid)
    assert kind == "answered" and seconds < WITHIN
    attempts = fake.requests_to("POST", rf"/webhooks/\d+/token-{iid}")
    assert [r.status for r in attempts] == [429, 429, 200]
    # Retry-After was honoured: 2 s (of Discord time) between attempts.
    assert (attempts[1].at - attempts[0].at) * SPEED >= 1.9
    assert "574" in description(attempts[-1].json)


async def test_two_server_errors_are_retried_and_the_answer_arrives(fake, live, fast_clock):
    fake.inject("POST", FOLLOWUP, 500, times=2)
    iid = await fake.slash("ask", question=DRONES)
    kind, seconds = await outcome(fake, iid)
    assert kind == "answered" and seconds < WITHIN
    assert [r.status for r in fake.requests_to("POST", rf"/webhooks/\d+/token-{iid}")] == [500, 500, 200]


async def test_ten_server_errors_end_with_the_answer_in_the_channel_mentioning_only_the_asker(
    fake, live, fast_clock, caplog
):
    fake.inject("POST", FOLLOWUP, 500, times=10)
    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        iid = await fake.slash("ask", question=DRONES)
        kind, seconds = await outcome(fake, iid)
    assert kind == "told" and seconds < WITHIN
    (posted,) = told_in_channel(fake, iid)
    assert "574" in description(posted)  # the answer itself, not just an apology
    assert posted["allowed_mentions"]["parse"] == []
    (line,) = await logged(caplog)
    assert str(iid) in line.getMessage() and "token-" not in caplog.text


async def test_a_late_acknowledgement_still_gets_the_answer_to_the_asker(fake, live, fast_clock, caplog):
    fake.ack_deadline = 0.0  # every defer arrives "too late": Discord answers 404 (10062)
    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        iid = await fake.slash("ask", question=DRONES)
        kind, seconds = await outcome(fake, iid)
    assert fake.interactions[iid].rejected[0][1] == 10062
    assert kind == "told" and seconds < WITHIN
    assert "574" in description(told_in_channel(fake, iid)[0])
    await logged(caplog)
    assert "10062" in caplog.text and str(iid) in caplog.text and "token-" not in caplog.text


async def test_an_expired_token_sends_a_private_answer_as_an_apology_not_in_public(fake, live, fast_clock):
    fake.token_lifetime = 0.0  # the follow-up finds the 15-minute token already dead (401, 50027)
    iid = await fake.slash("ask", question=DRONES, private=True)
    kind, seconds = await outcome(fake, iid)
    assert kind == "told" and seconds < WITHIN
    (posted,) = told_in_channel(fake, iid)
    # The mention is a random snowflake id that can hold the digits "574" itself.
    shown = re.sub(r"<@!?\d+>", "", posted.get("content") or "") + description(posted)
    assert "574" not in shown
    assert "private answer" in posted["content"]


# ----------------------------------------------------------------------------------------- privacy


def callback(fake: FakeDiscord, iid: int) -> dict:
    (first,) = fake.requests_to("POST", rf"/interactions/{iid}/token-{iid}/callback")
    return first.json


def followup_flags(fake: FakeDiscord, iid: int) -> list[int]:
    return [int(r.json.get("flags") or 0) for r in fake.requests_to("POST", rf"/webhooks/\d+/token-{iid}")]


async def test_a_blank_question_is_told_privately_before_any_defer(fake, live, recording_engine):
    iid = await fake.slash("ask", question="   ")
    await fake.wait_for(lambda: fake.interactions[iid].callback, TIMEOUT)
    first = callback(fake, iid)
    assert first["type"] == 4 and first["data"]["flags"] & EPHEMERAL
    assert first["data"]["content"] == "Ask a question: the text was empty."
    assert recording_engine.calls == []


async def test_an_unknown_article_is_told_privately_before_any_defer(fake, live):
    iid = await fake.slash("summary", article="no such article")
    await fake.wait_for(lambda: fake.interactions[iid].callback, TIMEOUT)
    first = callback(fake, iid)
    assert first["type"] == 4 and first["data"]["flags"] & EPHEMERAL
    assert first["data"]["content"].startswith("No indexed article matches")


async def test_private_ask_defers_ephemeral_and_answers_privately(fake, live):
    iid = await fake.slash("ask", question=DRONES, private=True)
    await fake.wait_for(lambda: delivered(fake, iid), TIMEOUT)
    first = callback(fake, iid)
    assert first["type"] == 5 and first["data"]["flags"] & EPHEMERAL
    assert all(flags & EPHEMERAL for flags in followup_flags(fake, iid))


async def test_an_error_after_a_public_defer_is_not_marked_private(fake, live, recording_engine):
    recording_engine.overrides["which article?"] = UnknownArticle("“which” matches 2 articles.")
    iid = await fake.slash("ask", question="which article?")
    await fake.wait_for(lambda: delivered(fake, iid), TIMEOUT)
    first = callback(fake, iid)
    assert first["type"] == 5 and not (first.get("data") or {}).get("flags", 0) & EPHEMERAL
    (error,) = fake.requests_to("POST", rf"/webhooks/\d+/token-{iid}")
    assert error.json["content"] == "“which” matches 2 articles."
    assert followup_flags(fake, iid) == [0]


@pytest.mark.bot_settings(queue_limit=1)
async def test_a_full_queue_is_told_busy_at_once_and_privately(fake, live, recording_engine):
    release = threading.Event()
    real_ask = recording_engine.ask

    def held(question, context=None, **kwargs):
        release.wait(TIMEOUT)
        return real_ask(DRONES, context, **kwargs)

    recording_engine.ask = held
    try:
        first = await fake.slash("ask", question="first")
        await fake.wait_for(lambda: fake.interactions[first].callback, TIMEOUT)
        began = time.perf_counter()
        second = await fake.slash("ask", question="second")
        await fake.wait_for(lambda: fake.interactions[second].callback, TIMEOUT)
        assert fake.interactions[second].callback - began < 1.0
        busy = callback(fake, second)
        assert busy["type"] == 4 and busy["data"]["flags"] & EPHEMERAL
        assert "try again in a moment" in busy["data"]["content"]
    finally:
        release.set()
    await fake.wait_for(lambda: delivered(fake, first), TIMEOUT)
