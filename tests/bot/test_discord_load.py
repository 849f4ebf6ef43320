"""Load: a burst of /ask from 100 users at once, and a storm of mentions in one rate-limited channel,
through the real bot and the fake Discord API (3 s acknowledgement rule, 1 s heartbeats, channel limit).
Larger bursts, a busy machine and figures: ``python -m benchmarks.bot_load``."""

from __future__ import annotations

from fake_discord import FakeDiscord, running_bot

from bot import create_bot

TIMEOUT = 60
QUESTIONS = (
    "How many drones were launched?",
    "What did Lavrov say about European troops?",
    "Who did Trump blame?",
    "What is the capital of Peru?",
    "How many visitors did the harbour festival draw?",
)


async def test_a_burst_of_100_asks_is_acknowledged_in_time_and_all_answered(
    make_settings, recording_engine
):
    fake = await FakeDiscord(heartbeat_ms=1000).start()
    try:
        bot = create_bot(make_settings(token="test-token"), engine=recording_engine)
        async with running_bot(bot, "test-token", TIMEOUT):
            await fake.wait_for(lambda: len(fake.heartbeats) >= 1, TIMEOUT)
            burst = [
                await fake.slash("ask", question=QUESTIONS[i % len(QUESTIONS)], user=fake.user(f"user{i}"))
                for i in range(100)
            ]
            began = fake.heartbeats[-1]
            await fake.wait_for(lambda: all(fake.interactions[i].followups for i in burst), TIMEOUT)
            ended = fake.requests[-1].at
    finally:
        await fake.close()
    times = [fake.interactions[i] for i in burst]
    assert not [t.rejected for t in times if t.rejected]  # no 10062: none acknowledged too late
    acks = sorted(t.callback - t.dispatched for t in times)
    # Discord's rule is 3 s; the bot aims at 1 s (benchmarks/bot_load.py measures 500 at once). Some
    # slack above that for a loaded CI machine, where this fake shares the bot's process.
    assert acks[len(acks) // 2] < 0.5 and acks[-1] < 1.5, acks[-10:]
    assert all(t.callback_type == 5 for t in times)
    assert len(recording_engine.calls) == 100
    # Heartbeats kept coming while the burst was answered: the event loop was never stalled.
    beats = [b for b in fake.heartbeats if b >= began] + [ended]
    assert max(b - a for a, b in zip(beats, beats[1:], strict=False)) <= 1.5


async def test_a_mention_storm_in_one_channel_shows_typing_and_answers_everyone(
    make_settings, recording_engine
):
    # Discord's 5 messages per 5 s, five times faster, so 20 answers need ~4 s instead of ~20.
    fake = await FakeDiscord(channel_limit=(5, 1.0)).start()
    try:
        bot = create_bot(make_settings(token="test-token", threads=False), engine=recording_engine)
        async with running_bot(bot, "test-token", TIMEOUT):
            asked = [
                await fake.send_message(f"<@{fake.app_id}> {QUESTIONS[i % 5]}", author=fake.user(f"u{i}"))
                for i in range(20)
            ]
            answered = lambda: {  # noqa: E731
                str(r.json["message_reference"]["message_id"])
                for r in fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages")
                if r.status == 200
            }
            await fake.wait_for(lambda: len(answered()) == 20, TIMEOUT)
    finally:
        await fake.close()
    assert answered() == {m["id"] for m in asked}
    limited = [r for r in fake.requests_to("POST", r"/channels/\d+/messages") if r.status == 429]
    posts = [r.at for r in fake.requests_to("POST", r"/channels/\d+/messages") if r.status == 200]
    typing = [r.at for r in fake.requests_to("POST", rf"/channels/{fake.channel_id}/typing")]
    # The last ones waited behind the channel limit; typing was renewed while they did, and it was
    # one indicator for the channel, not one per question.
    assert posts[-1] - posts[0] >= 2.5
    assert any(posts[0] < t < posts[-1] for t in typing)
    assert len(typing) < 20
    assert len(limited) <= 1  # one sender per channel: discord.py paced it by the rate-limit headers
