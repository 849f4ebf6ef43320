"""Written answers in Discord: a request budget that protects the LLM key, and streaming into the reply.

The engine's composer (index/composer.py) does the writing and the checking; this module only decides
whether a question may use the model (per-guild and per-user requests per minute), shows the checked
text as it grows by editing the deferred reply at most once a second, and then shows the final answer
with its sources. Sources are always the engine's verbatim quotes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import replace

import discord

from bot import delivery
from bot.cogs.feedback import feedback_view
from bot.render import (
    ANSWERED_COLOUR,
    DESCRIPTION_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    Reply,
    clean,
    clip,
    render_answer,
)
from index.types import Answer

log = logging.getLogger(__name__)

EDIT_INTERVAL = 1.0  # seconds between two edits of the same message: Discord rate-limits edits
BUDGET = "budget"  # fallback_reason when the budget, not the model, kept the quotes
WRITTEN_FOOTER = "Written by a language model from the sources below; every sentence was checked against " \
                 "the quote it cites. Quotes are verbatim from the articles."
DRAFT_FOOTER = "Writing… each sentence shows once it has been checked against its quote."


class Budget:
    """Requests per minute, per guild and per user, over a sliding 60-second window."""

    WINDOW = 60.0

    def __init__(self, per_user: int, per_guild: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_user = per_user
        self.per_guild = per_guild
        self.clock = clock
        self._users: dict[int, deque[float]] = {}
        self._guilds: dict[int, deque[float]] = {}

    def _recent(self, table: dict[int, deque[float]], key: int, now: float) -> deque[float]:
        times = table.setdefault(key, deque())
        while times and now - times[0] >= self.WINDOW:
            times.popleft()
        return times

    def take(self, user_id: int, guild_id: int | None) -> bool:
        """Records one request and returns True when both budgets allow it; records nothing otherwise."""
        now = self.clock()
        user = self._recent(self._users, user_id, now)
        guild = self._recent(self._guilds, guild_id, now) if guild_id is not None else None
        if len(user) >= self.per_user or (guild is not None and len(guild) >= self.per_guild):
            return False
        user.append(now)
        if guild is not None:
            guild.append(now)
        if len(self._users) > 10_000:  # forget idle members rather than grow without bound
            self._users = {k: v for k, v in self._users.items() if v and now - v[-1] < self.WINDOW}
        return True


def budget_of(bot) -> Budget:
    """The bot's budget, made on first use from its settings (no change to the Bot class needed)."""
    budget = getattr(bot, "llm_budget", None)
    if budget is None:
        settings = bot.settings
        budget = Budget(settings.llm_per_user_per_minute, settings.llm_per_guild_per_minute)
        bot.llm_budget = budget
    return budget


async def ask(bot, question: str, context: str | None, user_id: int, guild_id: int | None,
              on_text: Callable[[str], None] | None = None,
              quotes: Awaitable[Answer] | None = None) -> Answer:
    """The engine's answer, written by the model when one is configured and the budget allows.

    ``quotes`` is the quotes-only answer already queued on the engine worker (bot.submit_ask), when the
    caller reserved its place before acknowledging. ``on_text`` is called on the event loop with the
    checked text as it streams in. Writing runs on a thread of its own, not on the engine worker: it
    waits seconds for the model, and other questions must not queue behind it."""
    engine = bot.engine  # a /reindex swap mid-call must not mix two engines
    answer = await (quotes if quotes is not None else bot.ask(question, context))
    # A refusal stands and costs no budget; without an LLM the quotes are the answer, as ever.
    if not answer.answered or getattr(engine, "composer", None) is None:
        return answer
    if not budget_of(bot).take(user_id, guild_id):
        return replace(answer, fallback_reason=BUDGET)
    bridge = None
    if on_text is not None:
        loop = asyncio.get_running_loop()

        def bridge(text: str) -> None:  # called on the engine's thread
            loop.call_soon_threadsafe(on_text, text)

    return await asyncio.to_thread(engine.compose, answer, True, context, bridge)


class Throttled:
    """Shows the latest text through ``edit``, never twice within ``interval`` seconds; texts that
    arrive in between are coalesced into the next edit."""

    def __init__(self, edit: Callable[[str], Awaitable[object]], interval: float = EDIT_INTERVAL) -> None:
        self.edit = edit
        self.interval = interval
        self.latest: str | None = None
        self.shown: str | None = None
        self.last_edit = float("-inf")
        self.edits = 0
        self._wake = asyncio.Event()
        self._closing = asyncio.Event()
        self._task: asyncio.Task | None = None

    def push(self, text: str) -> None:
        self.latest = text
        self._wake.set()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._closing.is_set():
                return
            delay = self.last_edit + self.interval - time.monotonic()
            if delay > 0:
                try:
                    await asyncio.wait_for(self._closing.wait(), delay)
                    return  # the final answer replaces this draft anyway
                except TimeoutError:
                    pass
            text = self.latest
            if text is None or text == self.shown:
                continue
            try:
                await self.edit(text)
            except discord.HTTPException as error:
                log.warning("Could not update a streamed answer (HTTP %s)", error.status)
            self.shown, self.last_edit, self.edits = text, time.monotonic(), self.edits + 1

    async def close(self) -> None:
        """Stops streaming without cutting an edit short, then waits until the next edit is allowed, so
        the final one keeps the pace too."""
        self._closing.set()
        self._wake.set()
        if self._task is not None:
            await self._task
        await asyncio.sleep(max(0.0, self.last_edit + self.interval - time.monotonic()))


def draft_reply(question: str, text: str) -> Reply:
    embed = discord.Embed(
        title=clip(clean(question.strip()) or "Answer", TITLE_LIMIT),
        description=clip(clean(text) + " …", DESCRIPTION_LIMIT),
        colour=ANSWERED_COLOUR,
    )
    embed.set_footer(text=DRAFT_FOOTER)
    return Reply(embeds=(embed,))


def final_replies(answer: Answer) -> list[Reply]:
    """The rendered answer, its footer saying who wrote it or why the quotes stand alone."""
    from index.composer import fallback_text

    replies = render_answer(answer)
    if answer.composer == "llm":
        note = WRITTEN_FOOTER
    elif answer.fallback_reason == BUDGET:
        note = "Written answers are paused for a minute (request budget); here are the quotes."
    elif answer.fallback_reason:
        note = fallback_text(answer.fallback_reason)
    else:
        return replies
    for reply in replies:
        for embed in reply.embeds:
            # Keep the renderer's own footer ("part 2 of 3", "Quotes are verbatim…") after the note.
            rest = embed.footer.text if embed.footer and embed.footer.text else ""
            if answer.composer == "llm" and rest.startswith("Quotes are verbatim"):
                rest = rest.removeprefix("Quotes are verbatim from the articles.").lstrip(" ·")
            embed.set_footer(text=clip(" · ".join(p for p in (note, rest) if p), FOOTER_LIMIT))
    return replies


async def answer_interaction(
    interaction: discord.Interaction, bot, question: str, quotes: Awaitable[Answer]
) -> Answer:
    """/ask after its acknowledgement: streams checked sentences into the deferred reply, then the
    final answer with its sources (further parts as follow-ups, 👍/👎 on the last), delivered through
    bot/delivery.py (retries, and the channel when the interaction is gone)."""
    async def show_draft(text: str) -> None:
        await interaction.edit_original_response(**_kwargs(draft_reply(question, text)))

    drafts = Throttled(show_draft)
    # No drafts into a reply Discord no longer knows: the answer will go to the channel.
    push = drafts.push if "ack_failed" not in interaction.extras else None
    try:
        answer = await ask(bot, question, None, interaction.user.id, interaction.guild_id, push, quotes)
    finally:
        await drafts.close()
    replies = final_replies(answer)
    answer_id = await bot.remember_answer(answer, interaction.guild_id, interaction.channel_id)
    view = feedback_view(answer_id)
    if not drafts.edits:
        await delivery.followup(interaction, replies, view=view)
        return answer
    # The deferred reply already shows the draft: it becomes the first part, the rest follow.
    first, *rest = replies
    try:
        await interaction.edit_original_response(**_kwargs(first), **({} if rest else {"view": view}))
    except discord.HTTPException:
        await delivery.followup(interaction, replies, view=view)
        return answer
    if rest:
        await delivery.followup(interaction, rest, view=view)
    return answer


def _kwargs(reply: Reply) -> dict:
    kwargs = reply.kwargs()
    kwargs["content"] = kwargs["content"] or None  # clears a draft's content, if it had any
    return kwargs
