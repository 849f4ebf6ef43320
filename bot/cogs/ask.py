"""/ask: a question answered with verbatim, numbered quotes (privately with ``private:true``)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, delivery, llm_stream
from index.config import MAX_QUESTION_CHARS


class Ask(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask a question about the indexed news articles.")
    @app_commands.describe(
        question="For example: How many drones were launched?",
        private="Only you see the answer (default: everyone in the channel does)",
    )
    @checks.cooldown()
    @checks.allowed_channel()
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        private: bool = False,
    ) -> None:
        # Checked before the defer, so a mistake is told privately; after a public defer it could not be.
        question = checks.slash_question(interaction, question)
        # Queued before the defer and without an await in between: the place is reserved, or the user
        # is told "busy" at once, privately.
        pending = self.bot.submit_ask(question)
        await delivery.acknowledge(interaction, private=private)
        await llm_stream.answer_interaction(interaction, self.bot, question, pending)


async def setup(bot) -> None:
    await bot.add_cog(Ask(bot))
