"""/add: one article by its URL (Manage Server); and, when NEWSBOT_REFRESH_MINUTES is set, the feeds
read every that many minutes. Both write into the seeds folder and swap in the rebuilt index the way
/reindex does, one at a time (they share the bot's rebuild lock)."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, delivery
from bot.render import CONTENT_LIMIT, Reply, clean, clip
from index.dates import byline

log = logging.getLogger(__name__)

_SAID = {
    "added": "Added",
    "updated": "Updated (its text had changed)",
    "unchanged": "Already indexed, unchanged",
    "present": "Already indexed (a file placed by hand has this URL)",
}


def can_add():
    """Like /reindex: Manage Server, the server owner or the application's owner, checked at run time
    too because server admins can override default permissions per command."""

    async def predicate(interaction: discord.Interaction) -> bool:
        user = interaction.user
        if interaction.guild is not None and interaction.guild.owner_id == user.id:
            return True
        if interaction.permissions.manage_guild or await interaction.client.is_owner(user):
            return True
        raise checks.Refused("Only members with the Manage Server permission can add articles.")

    return app_commands.check(predicate)


def added_text(added) -> str:
    dated = byline(added.source, added.published) or "no date given"
    text = f"{_SAID[added.status]}: **{clean(added.title)}** · {clean(dated)}\n<{added.url}>"
    return clip(text, CONTENT_LIMIT)


class Add(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="add", description="Add a news article by its URL.")
    @app_commands.describe(url="The article's address, for example https://example.org/news/story")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @can_add()
    async def add(self, interaction: discord.Interaction, url: app_commands.Range[str, 1, 2000]) -> None:
        from index.ingest import add_url

        if self.bot.reindexing.locked():
            raise checks.Refused("A rebuild is running; add the article again when it is done.")
        # Through delivery: an error after this public defer is then public too (never flagged private,
        # which Discord would ignore), and the reply is retried like an answer.
        await delivery.acknowledge(interaction, private=False)
        async with self.bot.reindexing:
            added = await asyncio.to_thread(add_url, self.bot.settings.engine, url)
            if added.status in ("added", "updated"):
                await self.bot.rebuild()
        await delivery.followup(interaction, [Reply(content=added_text(added))])


class FeedRefresh(commands.Cog):
    """Reads the feeds at start and then every ``minutes``; one log line per refresh."""

    def __init__(self, bot, minutes: float) -> None:
        self.bot = bot
        self.minutes = minutes
        self.task: asyncio.Task | None = None
        self.refreshes = 0

    async def cog_load(self) -> None:
        self.task = asyncio.create_task(self._run())

    async def cog_unload(self) -> None:
        if self.task:
            self.task.cancel()

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                await self.refresh_once()
            except Exception:
                log.exception("Feed refresh failed; the current index keeps answering")
            await asyncio.sleep(self.minutes * 60)

    async def refresh_once(self):
        from index.feeds import refresh

        async with self.bot.reindexing:
            report = await asyncio.to_thread(refresh, self.bot.settings.engine)
            if report.changed:
                await self.bot.rebuild()
        self.refreshes += 1
        log.info("Feed refresh: %s", report.line())
        return report


async def setup(bot) -> None:
    await bot.add_cog(Add(bot))
    minutes = bot.settings.engine.refresh_minutes
    if minutes > 0:
        await bot.add_cog(FeedRefresh(bot, minutes))
