"""/sources: the indexed articles, 10 per page, each with its size and when it was indexed."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from bot import checks, delivery
from bot.render import render_sources, source_pages


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"sources:(?P<way>prev|next):(?P<page>\d{1,4})"
):
    """Turns to ``page``. The page is in the custom_id and the list comes from the bot's cache, so the
    buttons work on any /sources message, after a restart too, and answer Discord at once."""

    def __init__(self, way: str, page: int, *, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                label="◀ Previous" if way == "prev" else "Next ▶",
                custom_id=f"sources:{way}:{page}",
                disabled=disabled,
            )
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> PageButton:
        return cls(match["way"], int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        articles = interaction.client.articles
        reply = render_sources(articles, self.page)
        await interaction.response.edit_message(
            embeds=list(reply.embeds), view=pager(self.page, source_pages(len(articles)))
        )


def pager(page: int, pages: int) -> discord.ui.View | None:
    if pages <= 1:
        return None
    page = min(max(page, 0), pages - 1)
    view = discord.ui.View(timeout=None)
    view.add_item(PageButton("prev", max(page - 1, 0), disabled=page == 0))
    view.add_item(PageButton("next", min(page + 1, pages - 1), disabled=page == pages - 1))
    return view


class Sources(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot

    @app_commands.command(name="sources", description="List the indexed articles.")
    @checks.allowed_channel()
    async def sources(self, interaction: discord.Interaction) -> None:
        pending = self.bot.worker.submit(self.bot.engine.articles)
        await delivery.acknowledge(interaction, private=False)
        self.bot.articles = await pending
        view = pager(0, source_pages(len(self.bot.articles)))
        await delivery.followup(interaction, [render_sources(self.bot.articles)], view=view)


async def setup(bot) -> None:
    bot.add_dynamic_items(PageButton)
    await bot.add_cog(Sources(bot))
