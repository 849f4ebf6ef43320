"""Mentions and follow-ups: "@Bot how many drones?" is answered in a reply (and a thread); replies
to the bot's answers and messages in its threads are follow-ups that need no mention."""

from __future__ import annotations

import logging
import re
from collections import OrderedDict

import discord
from discord.ext import commands

from bot import llm_stream, respond
from bot.checks import cooldown_message
from bot.render import clip, render_error

log = logging.getLogger(__name__)

THREAD_NAME_LIMIT = 100
REMEMBERED_TURNS = 2000
EMPTY_QUESTION = "Ask me a question after the mention, for example: how many drones were launched?"


class Conversation(commands.Cog):
    def __init__(self, bot) -> None:
        self.bot = bot
        # Last turn per answer message and per thread, so a follow-up carries its context. In memory
        # only: after a restart the answer's own embed text stands in (see _context_from).
        self.turns: OrderedDict[int, str] = OrderedDict()
        self.threads: set[int] = set()

    def remember(self, key: int, turn: str) -> None:
        self.turns[key] = turn
        self.turns.move_to_end(key)
        while len(self.turns) > REMEMBERED_TURNS:
            self.turns.popitem(last=False)

    def _is_bot_thread(self, channel) -> bool:
        if not isinstance(channel, discord.Thread | discord.PartialMessageable):
            return False
        return channel.id in self.threads or getattr(channel, "owner_id", None) == self.bot.user.id

    def _context_from(self, reference: discord.MessageReference | None) -> tuple[bool, str | None]:
        """(is a reply to one of my answers, that answer's turn)."""
        if reference is None or reference.message_id is None:
            return False, None
        if reference.message_id in self.turns:
            return True, self.turns[reference.message_id]
        resolved = reference.resolved
        if isinstance(resolved, discord.Message) and resolved.author.id == self.bot.user.id:
            text = [resolved.content or ""]
            for embed in resolved.embeds:
                text += [embed.title or "", embed.description or ""]
            return True, "\n".join(t for t in text if t).strip() or None
        return False, None

    def question_of(self, message: discord.Message) -> str:
        me = self.bot.user.id
        return re.sub(rf"<@!?{me}>", " ", message.content).strip()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None or message.guild is None:
            return
        channel = message.channel
        allowed = self.bot.settings.channel_allowed(channel.id, getattr(channel, "parent_id", None))
        # Threads I started were allowed at the start, even if the cache no longer knows their parent.
        if not (allowed or channel.id in self.threads):
            return
        is_reply, context = self._context_from(message.reference)
        in_thread = self._is_bot_thread(channel)
        mentioned = self.bot.user in message.mentions
        if not (is_reply or in_thread or mentioned):
            return
        if context is None and in_thread:
            context = self.turns.get(channel.id)
        try:
            await self.answer(message, context, start_thread=mentioned and not (is_reply or in_thread))
        except Exception as error:  # noqa: BLE001 - the one error path: user sees a line, operator the log
            text = render_error(self.bot.describe_error(error))
            try:
                await message.reply(
                    text, mention_author=False, allowed_mentions=discord.AllowedMentions.none()
                )
            except discord.HTTPException:
                log.warning("Could not report an error in channel %s", channel.id)

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
        async with message.channel.typing():
            answer = await llm_stream.ask(self.bot, question, context, message.author.id, message.guild.id)
        replies = llm_stream.final_replies(answer)
        turn = f"{question}\n{answer.answer}"

        thread = None
        if start_thread and self.bot.settings.threads and isinstance(message.channel, discord.TextChannel):
            first = (await respond.reply(message, replies[:1]))[0]
            try:
                thread = await first.create_thread(
                    name=clip(" ".join(question.split()), THREAD_NAME_LIMIT), auto_archive_duration=1440
                )
            except discord.HTTPException:
                # Missing "Create Public Threads" must not cost the user the rest of the answer.
                log.warning("Could not start a thread in channel %s", message.channel.id)
            sent = [first] + await respond.send(thread or message.channel, replies[1:])
        else:
            sent = await respond.reply(message, replies)

        if thread is not None:
            self.threads.add(thread.id)
            self.remember(thread.id, turn)
        elif self._is_bot_thread(message.channel):
            self.remember(message.channel.id, turn)
        for part in sent:
            self.remember(part.id, turn)


async def setup(bot) -> None:
    await bot.add_cog(Conversation(bot))
