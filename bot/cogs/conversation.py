"""Mentions and follow-ups: "@Bot how many drones?" is answered in a reply (and a thread); replies
to the bot's answers and messages in its threads are follow-ups that need no mention."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict

import discord
from discord.ext import commands

from bot import delivery, llm_stream
from bot.checks import cooldown_message, plain_question
from bot.cogs.feedback import feedback_view
from bot.render import Reply, clip, render_error
from bot.worker import Busy

log = logging.getLogger(__name__)

THREAD_NAME_LIMIT = 100
REMEMBERED_TURNS = 2000
HISTORY_LOOKBACK = 20
# Discord shows "typing…" for about 10 s, or until the bot posts in the channel.
TYPING_REFRESH = 8.0
TYPING_AFTER_POST = 1.0
EMPTY_QUESTION = "Ask me a question after the mention, for example: how many drones were launched?"


class Waiting:
    """One typing indicator per channel while any question there waits, however many do: a storm of
    mentions costs one typing call per refresh, not one per question. Also one sender at a time per
    channel: discord.py learns the channel's rate limit from each reply's headers and waits for it,
    where concurrent sends would all run into 429s (which Discord counts against the bot)."""

    def __init__(self) -> None:
        self.count: dict[int, int] = {}
        self.keepers: dict[int, asyncio.Task] = {}
        self.events: dict[int, asyncio.Event] = {}
        self.senders: dict[int, asyncio.Lock] = {}

    def sender(self, channel) -> asyncio.Lock:
        """Held while posting an answer there (only inside ``__call__`` for that channel)."""
        return self.senders[channel.id]

    @contextlib.asynccontextmanager
    async def __call__(self, channel):
        key = channel.id
        self.count[key] = self.count.get(key, 0) + 1
        if key not in self.keepers:
            self.events[key] = asyncio.Event()
            self.senders[key] = asyncio.Lock()
            self.keepers[key] = asyncio.create_task(self._keep(channel, self.events[key]))
        try:
            yield
        finally:
            self.count[key] -= 1
            if not self.count[key]:
                del self.count[key], self.events[key], self.senders[key]
                self.keepers.pop(key).cancel()

    def posted(self, channel) -> None:
        """A message of mine went out there, which ends Discord's typing indicator: renew it."""
        event = self.events.get(channel.id)
        if event is not None:
            event.set()

    async def _keep(self, channel, posted: asyncio.Event) -> None:
        while True:
            try:
                await channel.typing()
            except discord.HTTPException:
                log.debug("Could not show typing in channel %s", channel.id)
            posted.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(TYPING_REFRESH):
                    await posted.wait()
            await asyncio.sleep(TYPING_AFTER_POST if posted.is_set() else 0)


class Conversation(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        # Last turn per answer message and per thread, so a follow-up carries its context. In memory
        # only: after a restart the answer's own embed text stands in (see _context_from).
        self.turns: OrderedDict[int, str] = OrderedDict()
        self.threads: set[int] = set()
        self.waiting = Waiting()

    def remember(self, key: int, turn: str) -> None:
        self.turns[key] = turn
        self.turns.move_to_end(key)
        while len(self.turns) > REMEMBERED_TURNS:
            self.turns.popitem(last=False)

    def _is_bot_thread(self, channel) -> bool:
        if not isinstance(channel, discord.Thread | discord.PartialMessageable):
            return False
        return channel.id in self.threads or getattr(channel, "owner_id", None) == self.bot.user.id

    def _turn_of(self, message: discord.Message) -> str | None:
        """A turn rebuilt from one of my answers as Discord shows it: the embed title is the question."""
        text = [message.content or ""]
        for embed in message.embeds:
            text += [embed.title or "", embed.description or ""]
        return "\n".join(t for t in text if t).strip() or None

    async def _context_from(
        self, channel, reference: discord.MessageReference | None
    ) -> tuple[bool, str | None]:
        """(is a reply to one of my answers, that answer's turn). After a restart the memory is empty:
        the referenced message itself, from the gateway or fetched, stands in."""
        if reference is None or reference.message_id is None:
            return False, None
        if reference.message_id in self.turns:
            return True, self.turns[reference.message_id]
        resolved = reference.resolved
        if not isinstance(resolved, discord.Message) and reference.channel_id == channel.id:
            try:
                resolved = await channel.fetch_message(reference.message_id)
            except discord.HTTPException:
                resolved = None
        if isinstance(resolved, discord.Message) and resolved.author.id == self.bot.user.id:
            return True, self._turn_of(resolved)
        return False, None

    async def _thread_context(self, thread) -> str | None:
        """The previous turn of a thread of mine, from memory or else from the thread's history: my
        latest answer in it, or the answer that started it (a thread shares its starter's id)."""
        if thread.id in self.turns:
            return self.turns[thread.id]
        try:
            async for earlier in thread.history(limit=HISTORY_LOOKBACK):
                if earlier.author.id == self.bot.user.id and earlier.embeds:
                    return self._turn_of(earlier)
            parent = getattr(thread, "parent", None)
            if parent is not None:
                return self._turn_of(await parent.fetch_message(thread.id))
        except discord.HTTPException:
            log.info("Could not read the history of thread %s for a follow-up's context", thread.id)
        return None

    def question_of(self, message: discord.Message) -> str:
        names = {u.id: u.display_name for u in message.mentions}
        names |= {r.id: r.name for r in message.role_mentions}
        names |= {c.id: c.name for c in message.channel_mentions}
        return plain_question(message.content, me=self.bot.user.id, name=names.get)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None or message.guild is None:
            return
        channel = message.channel
        allowed = self.bot.settings.channel_allowed(channel.id, getattr(channel, "parent_id", None))
        # Threads I started were allowed at the start, even if the cache no longer knows their parent.
        if not (allowed or channel.id in self.threads):
            return
        in_thread = self._is_bot_thread(channel)
        mentioned = self.bot.user in message.mentions
        if not (message.reference or in_thread or mentioned):
            return  # plain chatter: no Discord call at all
        is_reply, context = await self._context_from(channel, message.reference)
        if not (is_reply or in_thread or mentioned):
            return
        if context is None and in_thread:
            context = await self._thread_context(channel)
        try:
            await self.answer(message, context, start_thread=mentioned and not (is_reply or in_thread))
        except Exception as error:  # noqa: BLE001 - the one error path: user sees a line, operator the log
            text = render_error(self.bot.describe_error(error))
            try:
                await delivery.send(message.channel, [Reply(content=text)], reference=message.to_reference())
            except (discord.HTTPException, delivery.GaveUp):
                log.warning("Could not report an error in channel %s", channel.id)

    async def _send_answer(
        self, message: discord.Message, question: str, replies, start_thread: bool, view: discord.ui.View
    ):
        reference = {"reference": message.to_reference(fail_if_not_exists=False), "mention_author": False}
        thread = None
        if start_thread and self.bot.settings.threads and isinstance(message.channel, discord.TextChannel):
            only = {"view": view} if len(replies) == 1 else {}
            first = (await delivery.send(message.channel, replies[:1], **only, **reference))[0]
            self.waiting.posted(message.channel)
            try:
                thread = await first.create_thread(
                    name=clip(" ".join(question.split()), THREAD_NAME_LIMIT), auto_archive_duration=1440
                )
            except discord.HTTPException:
                # Missing "Create Public Threads" must not cost the user the rest of the answer.
                log.warning("Could not start a thread in channel %s", message.channel.id)
            sent = [first] + await delivery.send(thread or message.channel, replies[1:], view=view)
        else:
            sent = await delivery.send(message.channel, replies, view=view, **reference)
        self.waiting.posted(message.channel)
        return sent, thread

    async def answer(self, message: discord.Message, context: str | None, *, start_thread: bool) -> None:
        question = self.question_of(message)
        if not question:
            await message.reply(
                EMPTY_QUESTION, mention_author=False, allowed_mentions=discord.AllowedMentions.none()
            )
            return
        retry_after = self.bot.cooldowns.hit(message.author.id)
        if retry_after:
            await message.reply(
                cooldown_message(retry_after),
                mention_author=False,
                allowed_mentions=discord.AllowedMentions.none(),
            )
            return
        try:
            pending = self.bot.submit_ask(question, context)
        except Busy as busy:
            await message.reply(
                str(busy), mention_author=False, allowed_mentions=discord.AllowedMentions.none()
            )
            return
        # Typing shows while the question waits for the engine and while its answer waits behind
        # the channel's rate limit.
        async with self.waiting(message.channel):
            answer = await llm_stream.ask(
                self.bot, question, context, message.author.id, message.guild.id, quotes=pending
            )
            replies = llm_stream.final_replies(answer)
            answer_id = await self.bot.remember_answer(answer, message.guild.id, message.channel.id)
            async with self.waiting.sender(message.channel):
                sent, thread = await self._send_answer(
                    message, question, replies, start_thread, feedback_view(answer_id)
                )
        turn = f"{question}\n{answer.answer}"

        if thread is not None:
            self.threads.add(thread.id)
            self.remember(thread.id, turn)
        elif self._is_bot_thread(message.channel):
            self.remember(message.channel.id, turn)
        for part in sent:
            self.remember(part.id, turn)


async def setup(bot) -> None:
    await bot.add_cog(Conversation(bot))
