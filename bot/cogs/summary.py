"""/summary: a short extractive summary of one article, with autocomplete over titles."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, delivery
from bot.render import clip, render_summary

CHOICES_LIMIT = 25
CHOICE_LIMIT = 100


class SummaryCog(commands.Cog, name="Summary"):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="summary", description="A short summary of an article, quoted from it.")
    @app_commands.describe(article="The article's title (start typing to pick one)")
    @checks.cooldown()
    @checks.allowed_channel()
    async def summary(self, interaction: discord.Interaction, article: str | None = None) -> None:
        checks.known_article(article, self.bot.articles)  # before the defer: a typo is told privately
        pending = self.bot.submit_summary(article)
        await delivery.acknowledge(interaction, private=False)
        await delivery.followup(interaction, render_summary(await pending))

    @summary.autocomplete("article")
    async def article_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice]:
        # Served from the cached list: autocomplete must answer within Discord's 3 s, no engine call.
        typed = current.strip().lower()
        matches = [a for a in self.bot.articles if typed in a.title.lower() or typed in a.article.lower()]
        matches.sort(key=lambda a: (not a.title.lower().startswith(typed), a.title.lower()))
        return [
            app_commands.Choice(name=clip(a.title, CHOICE_LIMIT), value=a.article[:CHOICE_LIMIT])
            for a in matches[:CHOICES_LIMIT]
        ]


async def setup(bot) -> None:
    await bot.add_cog(SummaryCog(bot))
