"""/help: what the bot does and how to talk to it."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import respond
from bot.render import render_help


class Help(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="How to use this bot.")
    async def help(self, interaction: discord.Interaction) -> None:
        settings = self.bot.settings
        replies = render_help(mentions=settings.mentions, threads=settings.threads)
        await respond.respond(interaction, replies, ephemeral=True)


async def setup(bot) -> None:
    await bot.add_cog(Help(bot))
