"""/sources: the indexed articles with their size and when they were last indexed."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, delivery
from bot.render import render_sources


class Sources(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="sources", description="List the indexed articles.")
    @checks.allowed_channel()
    async def sources(self, interaction: discord.Interaction) -> None:
        pending = self.bot.worker.submit(self.bot.engine.articles)
        await delivery.acknowledge(interaction, private=False)
        self.bot.articles = await pending
        await delivery.followup(interaction, render_sources(self.bot.articles))


async def setup(bot) -> None:
    await bot.add_cog(Sources(bot))
