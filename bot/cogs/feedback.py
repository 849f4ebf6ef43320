"""👍/👎 on every answer (buttons that keep working after a restart) and /stats for server managers."""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, delivery
from bot.render import render_stats

log = logging.getLogger(__name__)

THANKS = {1: "Thanks! Glad it helped.", -1: "Thanks for telling me; this helps improve the answers."}


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"vote:(?P<vote>up|down):(?P<answer>[0-9a-f]{32})"
):
    """The answer id and the vote live in the custom_id, so a button works on any answer the bot ever
    sent, across restarts, without keeping views in memory."""

    def __init__(self, vote: str, answer_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji="👍" if vote == "up" else "👎",
                custom_id=f"vote:{vote}:{answer_id}",
            )
        )
        self.vote = 1 if vote == "up" else -1
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> VoteButton:
        return cls(match["vote"], match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        # Acknowledged first (Discord allows 3 s), then stored.
        await interaction.response.send_message(
            THANKS[self.vote], ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
        bot = interaction.client
        try:
            kept = await bot.feedback_call(
                bot.feedback.record_vote, self.answer_id, interaction.user.id, self.vote
            )
        except Exception:  # noqa: BLE001 - the operator hears of it; the user already has their reply
            log.exception("Could not record a vote on answer %s", self.answer_id)
            return
        if not kept:
            log.info("Vote on answer %s not kept: the feedback database does not know it", self.answer_id)


def feedback_view(answer_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(VoteButton("up", answer_id))
    view.add_item(VoteButton("down", answer_id))
    return view


class Feedback(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="stats", description="Answers, refusals and votes of the last 7 days.")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @checks.manager("Only members with the Manage Server permission can see the statistics.")
    async def stats(self, interaction: discord.Interaction) -> None:
        await delivery.acknowledge(interaction, private=True)
        stats = await self.bot.feedback_call(self.bot.feedback.stats, interaction.guild_id)
        await delivery.followup(interaction, render_stats(stats))


async def setup(bot) -> None:
    bot.add_dynamic_items(VoteButton)
    await bot.add_cog(Feedback(bot))
