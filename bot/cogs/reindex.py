"""/reindex: rebuild the index while answers keep coming from the old one, then swap."""

from __future__ import annotations

import asyncio
import logging
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks
from bot.render import progress_line
from bot.worker import notify

log = logging.getLogger(__name__)

# Message edits are rate-limited (about 5 per 5 s per channel): one edit per interval at most.
PROGRESS_INTERVAL = 2.0


class ProgressMessage:
    """Takes progress calls from the build thread; edits the message at most every ``interval`` s."""

    def __init__(self, interaction: discord.Interaction, interval: float = PROGRESS_INTERVAL) -> None:
        self.interaction = interaction
        self.interval = interval
        self.loop = asyncio.get_running_loop()
        self.latest: tuple[str, int, int] | None = None
        self.changed = asyncio.Event()
        self.task = asyncio.create_task(self._run())

    def __call__(self, stage: str, done: int, total: int) -> None:
        # Called from the build thread: hand over the newest state only, never block the build.
        self.latest = (stage, done, total)
        notify(self.loop, self.changed.set)

    async def _run(self) -> None:
        last_edit = 0.0
        while True:
            await self.changed.wait()
            await asyncio.sleep(max(0.0, last_edit + self.interval - time.monotonic()))
            self.changed.clear()
            if self.latest is None:
                continue
            try:
                await self.interaction.edit_original_response(content=progress_line(*self.latest))
            except discord.HTTPException:
                log.warning("Could not update the reindex progress message")
            last_edit = time.monotonic()

    async def finish(self, text: str) -> None:
        self.task.cancel()
        try:
            await self.task
        except asyncio.CancelledError:
            pass
        await self.interaction.edit_original_response(content=text)


class Reindex(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="reindex", description="Rebuild the index from the article files.")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @checks.can_reindex()
    async def reindex(self, interaction: discord.Interaction) -> None:
        if self.bot.reindexing.locked():
            raise checks.Refused("A rebuild is already running; answers still come from the current index.")
        async with self.bot.reindexing:
            await interaction.response.send_message(
                "Rebuilding the index… answers keep coming from the current one until it is done.",
                allowed_mentions=discord.AllowedMentions.none(),
            )
            progress = ProgressMessage(interaction)
            try:
                report = await self.bot.rebuild(progress)
            except Exception:
                await progress.finish("The rebuild failed; answers still come from the previous index.")
                raise  # the one error handler tells the user why
            except BaseException:
                progress.task.cancel()  # shutting down: no message left to edit
                raise
            await progress.finish(f"Index rebuilt: {report.line()}")


async def setup(bot) -> None:
    await bot.add_cog(Reindex(bot))
