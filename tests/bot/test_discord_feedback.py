"""👍/👎 feedback: buttons on every answer, votes in SQLite that survive a restart, /stats, export."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time

import discord
from botdata import DRONES
from fake_discord import FakeDiscord, running_bot

from bot import create_bot
from bot.feedback import FeedbackStore
from bot.feedback.__main__ import main
from index.types import Answer, Citation

TIMEOUT = 30
MANAGER = discord.Permissions(manage_guild=True)


def answer_message(fake: FakeDiscord, iid: int) -> dict:
    return next(
        m for m in fake.messages.values() if m.get("interaction_token") == f"token-{iid}" and m["components"]
    )


def buttons(message: dict) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


async def votes_become(path, expected: list[int]) -> None:
    """The vote is stored just after the click is answered: wait for it before restarting."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with contextlib.closing(sqlite3.connect(path)) as db:
            if [v for (v,) in db.execute("SELECT vote FROM votes")] == expected:
                return
        await asyncio.sleep(0.02)
    raise AssertionError(f"votes never became {expected}")


def reply_to(fake: FakeDiscord, iid: int) -> dict:
    (callback,) = fake.requests_to("POST", rf"/interactions/{iid}/token-{iid}/callback")
    return callback.json


async def test_a_vote_is_recorded_survives_a_restart_and_shows_in_stats(
    fake, make_settings, recording_engine, tmp_path
):
    settings = make_settings(token="test-token")
    async with running_bot(create_bot(settings, engine=recording_engine), "test-token", TIMEOUT):
        asked = await fake.slash("ask", question=DRONES)
        await fake.wait_for(lambda: fake.interactions[asked].followups, TIMEOUT)
        message = answer_message(fake, asked)
        up, down = buttons(message)
        assert up.startswith("vote:up:") and down.startswith("vote:down:") and up[8:] == down[10:]
        click = await fake.click(int(message["id"]), up)
        await fake.wait_for(lambda: fake.interactions[click].callback, TIMEOUT)
        thanks = reply_to(fake, click)
        assert thanks["type"] == 4 and thanks["data"]["flags"] & 64 and "Thanks" in thanks["data"]["content"]
        await votes_become(settings.feedback_path, [1])

    # A new process: nothing in memory, the same database. The old message's button still works, and
    # the same member changing their mind replaces their vote.
    async with running_bot(create_bot(settings, engine=recording_engine), "test-token", TIMEOUT):
        click = await fake.click(int(message["id"]), down)
        await fake.wait_for(lambda: fake.interactions[click].callback, TIMEOUT)
        assert "Thanks for telling me" in reply_to(fake, click)["data"]["content"]
        await votes_become(settings.feedback_path, [-1])
        refused = await fake.slash("ask", question="What is the capital of Peru?")
        await fake.wait_for(lambda: fake.interactions[refused].followups, TIMEOUT)

        stats = await fake.slash("stats", user=fake.owner, permissions=MANAGER)
        await fake.wait_for(lambda: fake.interactions[stats].followups, TIMEOUT)
        assert reply_to(fake, stats)["data"]["flags"] & 64  # private to the manager
        (shown,) = fake.requests_to("POST", rf"/webhooks/\d+/token-{stats}")
        text = shown.json["embeds"][0]["description"]
        assert "**Answers:** 2 (of which refused: 1)" in text
        assert "👍 0 · 👎 1" in text
        assert f"👎 1 · 👍 0 — {DRONES}" in text

        member = await fake.slash("stats")  # no Manage Server
        await fake.wait_for(lambda: fake.interactions[member].callback, TIMEOUT)
        assert "Manage Server" in reply_to(fake, member)["data"]["content"]

    db = sqlite3.connect(settings.feedback_path)
    ((vote, user_hash),) = db.execute("SELECT vote, user_hash FROM votes").fetchall()
    assert vote == -1 and fake.alice["id"] not in user_hash
    assert fake.alice["id"].encode() not in settings.feedback_path.read_bytes()
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_a_mention_answer_has_the_buttons_too(fake, make_settings, recording_engine):
    bot = create_bot(make_settings(token="test-token", threads=False), engine=recording_engine)
    async with running_bot(bot, "test-token", TIMEOUT):
        await fake.send_message(f"<@{fake.app_id}> {DRONES}")
        await fake.wait_for(
            lambda: fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages"), TIMEOUT
        )
    (posted,) = fake.requests_to("POST", rf"/channels/{fake.channel_id}/messages")
    custom_ids = [c["custom_id"] for row in posted.json["components"] for c in row["components"]]
    assert [c.split(":")[1] for c in custom_ids] == ["up", "down"]


def test_export_writes_json_lines_that_import_back_unchanged(tmp_path, capsys):
    store = FeedbackStore(tmp_path / "a.sqlite3")
    quote = Citation(1, "drones", "Drone attack", "574 drones struck.", 10, 28, 0.9, "Attack", None)
    store.record_answer("a" * 32, Answer(DRONES, True, "“574 drones struck.” [1]", (quote,)), 1, 2, at=1000.0)
    store.record_answer("b" * 32, Answer("Peru?", False, "That is not in the articles.", ()), 1, 2, at=2000.0)
    voter, other = 987654321012345678, 876543210123456789  # Discord-sized user ids
    assert store.record_vote("a" * 32, voter, 1, at=1500.0)
    assert store.record_vote("a" * 32, other, -1, at=1600.0)
    assert not store.record_vote("c" * 32, voter, 1)  # an answer this database never saw
    store.close()

    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert main(["export", "--db", str(tmp_path / "a.sqlite3"), "--out", str(first)]) == 0
    records = [json.loads(line) for line in first.read_text().splitlines()]
    assert [(r["question"], r["answered"], r["up"], r["down"]) for r in records] == [
        (DRONES, True, 1, 1),
        ("Peru?", False, 0, 0),
    ]
    assert records[0]["citations"][0] == {
        "n": 1, "article": "drones", "title": "Drone attack",
        "start": 10, "end": 28, "quote": "574 drones struck.",
    }  # fmt: skip
    assert records[0]["created_at"] == "1970-01-01T00:16:40+00:00"
    assert str(voter) not in first.read_text() and str(other) not in first.read_text()  # hashes only

    assert main(["import", str(first), "--db", str(tmp_path / "b.sqlite3")]) == 0
    assert main(["export", "--db", str(tmp_path / "b.sqlite3"), "--out", str(second)]) == 0
    assert second.read_text() == first.read_text()
    assert "2 answers exported" in capsys.readouterr().err


def test_export_of_a_missing_database_says_so_in_one_line(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert capsys.readouterr().err.strip() == f"No feedback database at {tmp_path / 'none.sqlite3'}."
