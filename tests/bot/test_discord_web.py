"""/add and the feed refresh loop end to end: the real bot over real sockets to the fake Discord API, the
articles fetched from the local news site (tests/web_site.py), both on 127.0.0.1."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace

import discord
import pytest
from botdata import SEED
from fake_discord import FakeDiscord, running_bot
from web_site import FERRY  # tests/, on the path through its conftest.py

from bot import create_bot
from index.build import build_index
from index.config import EngineConfig
from index.engine import Engine

TIMEOUT = 60
MANAGER = discord.Permissions(manage_guild=True, send_messages=True, view_channel=True)


@pytest.fixture
def web_config(tmp_path, model) -> EngineConfig:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    # Private addresses allowed on purpose: the news site is on loopback.
    config = EngineConfig(seeds_dir=seeds, store_dir=tmp_path / "store", allow_private_urls=True,
                          max_age_days=0)
    build_index(config, model=model)
    return config


def make_bot(make_settings, config, model):
    engine = Engine.open(config, model=model)
    return create_bot(make_settings(token="test-token", engine=config), engine=engine)


def followups(fake: FakeDiscord, interaction_id: int):
    return [r.json for r in fake.requests_to("POST", rf"/webhooks/\d+/token-{interaction_id}")]


async def test_add_answers_with_title_and_date_then_quotes_show_site_and_date(
        fake, site, web_config, make_settings, model):
    bot = make_bot(make_settings, web_config, model)
    async with running_bot(bot, "test-token", TIMEOUT):
        before = bot.engine
        iid = await fake.slash("add", url=site.base + FERRY, permissions=MANAGER)
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
        assert fake.interactions[iid].callback_type == 5  # deferred first: fetching and rebuilding take time
        (reply,) = followups(fake, iid)
        assert reply["content"].startswith(
            "Added: **Port authority approves night ferry service** · The Coastal Herald · 28 Aug 2025")
        assert reply["allowed_mentions"]["parse"] == []
        assert bot.engine is not before  # swapped in, as /reindex does
        assert len(bot.articles) == 2

        iid = await fake.slash("ask", question="How many crew members will the night ferry hire?")
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
        (answer,) = followups(fake, iid)
        text = answer["embeds"][0]["description"]
        assert "eleven crew members" in text
        header = "**[1]** Port authority approves night ferry service · The Coastal Herald · 28 Aug 2025"
        assert header in text

        iid = await fake.slash("sources")
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
        assert "The Coastal Herald · 28 Aug 2025" in followups(fake, iid)[0]["embeds"][0]["description"]

        # Adding it again changes nothing and says so.
        engine = bot.engine
        iid = await fake.slash("add", url=site.base + FERRY, permissions=MANAGER)
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
        assert followups(fake, iid)[0]["content"].startswith("Already indexed, unchanged: ")
        assert bot.engine is engine
    assert fake.unhandled == []


async def test_add_needs_manage_server_and_fetches_nothing_without_it(fake, site, web_config, make_settings,
                                                                      model):
    bot = make_bot(make_settings, web_config, model)
    async with running_bot(bot, "test-token", TIMEOUT):
        iid = await fake.slash("add", url=site.base + FERRY)
        await fake.wait_for(lambda: fake.interactions[iid].callback, TIMEOUT)
        (callback,) = fake.requests_to("POST", rf"/interactions/{iid}/token-{iid}/callback")
        assert callback.json["data"]["flags"] & 64 and "Manage Server" in callback.json["data"]["content"]
    assert site.requests == []


async def test_add_of_a_paywall_stub_says_why_in_one_line(fake, site, web_config, make_settings, model):
    bot = make_bot(make_settings, web_config, model)
    async with running_bot(bot, "test-token", TIMEOUT):
        engine = bot.engine
        iid = await fake.slash("add", url=site.base + "/paywall", permissions=MANAGER)
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
        (reply,) = followups(fake, iid)
        assert reply["content"].startswith(f"{site.base}/paywall: only ") and "\n" not in reply["content"]
        assert bot.engine is engine
    assert sorted(p.name for p in web_config.seeds_dir.iterdir()) == [SEED.name]


async def test_refresh_loop_adds_feed_articles_and_swaps_the_index(
        fake, site, web_config, make_settings, model, caplog):
    (web_config.seeds_dir / "feeds.txt").write_text(f"{site.base}/atom.xml\n", encoding="utf-8")
    config = replace(web_config, refresh_minutes=60)  # the first refresh runs at start; the next in an hour
    bot = make_bot(make_settings, config, model)
    caplog.set_level(logging.INFO, logger="bot.cogs.add")
    async with running_bot(bot, "test-token", TIMEOUT):
        refresher = bot.get_cog("FeedRefresh")
        await fake.wait_for(lambda: refresher.refreshes, TIMEOUT)
        assert len(bot.articles) == 3  # the seed and the feed's two articles
        iid = await fake.slash("ask", question="When will free school meals start for primary pupils?")
        await fake.wait_for(lambda: fake.interactions[iid].followups, TIMEOUT)
        text = followups(fake, iid)[0]["embeds"][0]["description"]
        assert "free hot lunch from January" in text and "The Coastal Herald · 8 Sep 2025" in text
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.cogs.add"]
    assert lines == ["Feed refresh: 1 feeds (0 not modified): 2 added, 0 updated, 0 already present, "
                     "0 too old, 0 removed, 0 failed"]
