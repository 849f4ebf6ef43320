"""The Discord client: a ``commands.Bot`` given its settings and engine, with one cog per feature."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import Cooldowns, Refused, cooldown_message
from bot.render import render_error
from bot.settings import Settings
from index.errors import EngineError, IndexMissing, StoreUnavailable
from index.types import Answer, ArticleInfo, BuildReport, Summary

if TYPE_CHECKING:
    from index.config import EngineConfig
    from index.engine import Engine

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.summary", "bot.cogs.sources", "bot.cogs.help", "bot.cogs.reindex",
              "bot.cogs.add")
CONVERSATION = "bot.cogs.conversation"
GENERIC_ERROR = "Something went wrong on my side; the operator has been told. Please try again later."

Progress = Callable[[str, int, int], None]


class NewsTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await self.client.on_app_command_error(interaction, error)


class NewsBot(commands.Bot):
    def __init__(self, settings: Settings, engine: Engine) -> None:
        intents = discord.Intents.default()
        # Message content is privileged: ask for it only when mentions and follow-ups need it.
        intents.message_content = settings.mentions
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=settings.guild_ready_timeout,
            tree_cls=NewsTree,
        )
        self.settings = settings
        self.engine = engine
        self.articles: list[ArticleInfo] = []
        self.cooldowns = Cooldowns(settings.cooldown_seconds)
        self.reindexing = asyncio.Lock()

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.mentions:
            await self.load_extension(CONVERSATION)
        await self.refresh_articles()
        await self.sync_commands()

    async def sync_commands(self) -> list[app_commands.AppCommand]:
        if self.settings.guild_id:
            # A guild sync shows up at once; global commands can take a while to reach clients.
            guild = discord.Object(id=self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to guild %s", len(synced), self.settings.guild_id)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d global commands", len(synced))
        return synced

    async def on_ready(self) -> None:
        log.info(
            "Connected as %s (%s) to %d servers", self.user, getattr(self.user, "id", "?"), len(self.guilds)
        )

    async def on_message(self, message: discord.Message, /) -> None:
        # No prefix commands: mentions are questions, handled by the conversation cog.
        return

    # ------------------------------------------------------------------ engine, off the event loop

    async def ask(self, question: str, context: str | None = None) -> Answer:
        engine = self.engine  # a /reindex swap mid-call must not mix two engines
        # Quotes only: written answers go through bot/llm_stream.py, which keeps the request budget.
        return await asyncio.to_thread(engine.ask, question, context, llm=False)

    async def summary(self, article: str | None) -> Summary:
        engine = self.engine
        return await asyncio.to_thread(engine.summary, article)

    async def refresh_articles(self) -> list[ArticleInfo]:
        engine = self.engine
        self.articles = await asyncio.to_thread(engine.articles)
        return self.articles

    async def rebuild(self, progress: Progress | None = None) -> BuildReport:
        """Builds beside the live index (answers keep coming from the old one), then swaps engines."""
        from index.build import build_index
        from index.engine import Engine

        config = self.settings.engine
        report = await asyncio.to_thread(build_index, config, progress)
        self.engine = await asyncio.to_thread(Engine.open, config)
        await self.refresh_articles()
        log.info("Reindexed: %s", report.line())
        return report

    # ------------------------------------------------------------------ the one error handler

    def describe_error(self, error: BaseException) -> str:
        """The short text a user sees for ``error``; unknown errors are logged for the operator."""
        if isinstance(error, (app_commands.CommandInvokeError, commands.CommandInvokeError)):
            error = error.original
        if isinstance(error, StoreUnavailable):
            # A store fault is the operator's to fix: the log gets the same line the user sees.
            log.error("%s", error)
            return str(error)
        if isinstance(error, EngineError | Refused):
            return str(error)
        if isinstance(error, app_commands.CommandOnCooldown):
            return cooldown_message(error.retry_after)
        if isinstance(error, app_commands.NoPrivateMessage):
            return "This command only works in a server."
        if isinstance(error, app_commands.CheckFailure):
            return "You can't use this command here."
        log.exception("Unexpected error while answering", exc_info=error)
        return GENERIC_ERROR

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        text = render_error(self.describe_error(error))
        try:
            if interaction.response.is_done():
                await interaction.followup.send(
                    text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
                )
            else:
                await interaction.response.send_message(
                    text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
                )
        except discord.HTTPException:
            log.warning("Could not tell the user about an error (interaction %s)", interaction.id)


def _progress_logger() -> Progress:
    last: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        # A line per stage and per tenth, not per item: a large rebuild would flood the log.
        step = total // 10 if total >= 10 else 1
        if stage not in last or done >= total or done - last[stage] >= step:
            last[stage] = done
            log.info("Building the index: %s %d/%d", stage, done, total)

    return progress


def open_engine(config: EngineConfig) -> Engine:
    """Opens the index, first building it from the seeds when there is none. Blocking."""
    from index.engine import Engine

    try:
        return Engine.open(config)
    except IndexMissing:
        from index.build import build_index

        log.info("No index yet: building one from %s", config.seeds_dir)
        build_index(config, _progress_logger())  # logs its own summary line
        return Engine.open(config)


def create_bot(settings: Settings | None = None, *, engine: Engine | None = None) -> NewsBot:
    """The configured bot, not connected. Opens (or builds) the index unless ``engine`` is given."""
    settings = settings or Settings.from_env()
    return NewsBot(settings, engine if engine is not None else open_engine(settings.engine))
