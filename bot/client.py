"""The Discord client: a ``commands.Bot`` given its settings and engine, with one cog per feature."""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot import delivery
from bot import rebuild as rebuild_module
from bot.checks import Cooldowns, Refused, cooldown_message
from bot.feedback import FeedbackStore
from bot.render import render_error
from bot.settings import Settings
from bot.worker import Busy, EngineWorker, run_low_priority
from index.errors import EngineError, IndexMissing, StoreUnavailable
from index.types import Answer, ArticleInfo, BuildReport, Summary

if TYPE_CHECKING:
    from index.config import EngineConfig
    from index.engine import Engine

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.summary",
    "bot.cogs.sources",
    "bot.cogs.help",
    "bot.cogs.reindex",
    "bot.cogs.add",
    "bot.cogs.feedback",
)
CONVERSATION = "bot.cogs.conversation"
GENERIC_ERROR = "Something went wrong on my side; the operator has been told. Please try again later."

Progress = Callable[[str, int, int], None]
T = TypeVar("T")


def _yield_between_gateway_events() -> None:
    """Makes discord.py's gateway reader let the event loop run after each event it handles.

    When events arrive faster than they are handled, aiohttp hands the next one over without
    suspending, so discord.py parses a whole burst (500 INTERACTION_CREATE: about a second of CPU)
    before any interaction's task runs: every acknowledgement waited for the last event, and a 2,000
    burst missed Discord's 3 s. One ``sleep(0)`` per event lets each interaction's task reach its
    acknowledgement in between. Patched once on the class: the reader is created inside discord.py."""
    socket = discord.gateway.DiscordWebSocket
    if getattr(socket.received_message, "_yields", False):
        return
    handle = socket.received_message

    async def received_message(self, msg, /) -> None:
        await handle(self, msg)
        await asyncio.sleep(0)

    received_message._yields = True
    socket.received_message = received_message


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
        _yield_between_gateway_events()
        self.settings = settings
        self.engine = engine
        self.articles: list[ArticleInfo] = []
        self.cooldowns = Cooldowns(settings.cooldown_seconds)
        self.reindexing = asyncio.Lock()
        self.worker = EngineWorker(settings.queue_limit)
        self.feedback: FeedbackStore | None = None  # opened in setup_hook: no file is written before start
        # SQLite calls are quick but blocking: one thread of their own, never the engine's or the loop.
        self._feedback_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feedback")

    async def setup_hook(self) -> None:
        self.feedback = await self.feedback_call(FeedbackStore, self.settings.feedback_path)
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

    # ------------------------------------------------------------------ engine, on its one worker thread

    def submit_ask(self, question: str, context: str | None = None) -> asyncio.Future[Answer]:
        """Queues a question at once (raises Busy when the queue is full); await the result later."""
        engine = self.engine  # a /reindex swap mid-call must not mix two engines
        # Quotes only: written answers go through bot/llm_stream.py, which keeps the request budget.
        return self.worker.submit(functools.partial(engine.ask, question, context, llm=False))

    async def ask(self, question: str, context: str | None = None) -> Answer:
        return await self.submit_ask(question, context)

    def submit_summary(self, article: str | None) -> asyncio.Future[Summary]:
        engine = self.engine
        return self.worker.submit(engine.summary, article)

    async def summary(self, article: str | None) -> Summary:
        return await self.submit_summary(article)

    async def refresh_articles(self) -> list[ArticleInfo]:
        engine = self.engine
        self.articles = await self.worker.submit(engine.articles)
        return self.articles

    async def rebuild(self, progress: Progress | None = None) -> BuildReport:
        """Builds beside the live index (answers keep coming from the old one), then swaps engines.
        The build runs in a child process (see bot/rebuild.py), not on the engine worker: it takes
        seconds to minutes and questions must not queue behind it. Opening the new index is short and
        runs on a low-priority thread of this process."""
        from index.engine import Engine

        config = self.settings.engine
        report = await run_low_priority(rebuild_module.build_in_process, config, progress)
        engine = await run_low_priority(Engine.open, config)
        await run_low_priority(engine.warm)  # so that the first question after the swap does not wait
        self.engine = engine
        await self.refresh_articles()
        log.info("Reindexed: %s", report.line())
        return report

    async def feedback_call(self, fn: Callable[..., T], *args) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._feedback_thread, fn, *args)

    async def remember_answer(self, answer: Answer, guild_id: int | None, channel_id: int | None) -> str:
        """Records the answer for feedback (before it is sent, so a quick click finds it); its id."""
        answer_id = uuid.uuid4().hex
        try:
            await self.feedback_call(self.feedback.record_answer, answer_id, answer, guild_id, channel_id)
        except Exception:  # noqa: BLE001 - feedback is secondary: the answer still goes out
            log.exception("Could not record answer %s for feedback", answer_id)
        return answer_id

    # ------------------------------------------------------------------ the one error handler

    def describe_error(self, error: BaseException) -> str:
        """The short text a user sees for ``error``; unknown errors are logged for the operator."""
        if isinstance(error, (app_commands.CommandInvokeError, commands.CommandInvokeError)):
            error = error.original
        if isinstance(error, StoreUnavailable):
            # A store fault is the operator's to fix: the log gets the same line the user sees.
            log.error("%s", error)
            return str(error)
        if isinstance(error, EngineError | Refused | Busy):
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
        await delivery.send_error(interaction, render_error(self.describe_error(error)))

    async def close(self) -> None:
        await super().close()
        self.worker.close()
        if self.feedback is not None:
            await self.feedback_call(self.feedback.close)
        self._feedback_thread.shutdown(wait=False)


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
    """Opens the index, first building it from the seeds when there is none, and warms it. Blocking."""
    from index.engine import Engine

    try:
        engine = Engine.open(config)
    except IndexMissing:
        from index.build import build_index

        log.info("No index yet: building one from %s", config.seeds_dir)
        build_index(config, _progress_logger())  # logs its own summary line
        engine = Engine.open(config)
    log.info("Ready to answer: warmed up in %.2f s", engine.warm())
    return engine


def create_bot(settings: Settings | None = None, *, engine: Engine | None = None) -> NewsBot:
    """The configured bot, not connected. Opens (or builds) the index unless ``engine`` is given."""
    settings = settings or Settings.from_env()
    return NewsBot(settings, engine if engine is not None else open_engine(settings.engine))
