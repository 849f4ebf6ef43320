"""/ask: a question answered with verbatim, numbered quotes."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, llm_stream
from index.config import MAX_QUESTION_CHARS


class Ask(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask a question about the indexed news articles.")
    @app_commands.describe(question="For example: How many drones were launched?")
    @checks.cooldown()
    @checks.allowed_channel()
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        await interaction.response.defer(thinking=True)
        await llm_stream.answer_interaction(interaction, self.bot, question)


async def setup(bot) -> None:
    await bot.add_cog(Ask(bot))
