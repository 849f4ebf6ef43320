"""Sending rendered replies: every send pings nobody, multi-part answers go out in order."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.render import Reply


def _kwargs(reply: Reply) -> dict:
    kwargs = reply.kwargs()
    if kwargs["content"] is None:
        del kwargs["content"]
    return kwargs


async def followup(interaction: discord.Interaction, replies: Sequence[Reply]) -> list[discord.Message]:
    """Answers a deferred interaction: the first part replaces the "thinking…" message."""
    return [await interaction.followup.send(wait=True, **_kwargs(reply)) for reply in replies]


async def respond(
    interaction: discord.Interaction, replies: Sequence[Reply], *, ephemeral: bool = False
) -> None:
    """Answers an interaction that was not deferred."""
    first, *rest = replies
    await interaction.response.send_message(ephemeral=ephemeral, **_kwargs(first))
    for reply in rest:
        await interaction.followup.send(ephemeral=ephemeral, **_kwargs(reply))


async def send(channel: discord.abc.Messageable, replies: Sequence[Reply]) -> list[discord.Message]:
    return [await channel.send(**_kwargs(reply)) for reply in replies]


async def reply(message: discord.Message, replies: Sequence[Reply]) -> list[discord.Message]:
    """Replies to ``message`` without pinging its author; later parts follow in the same channel."""
    first, *rest = replies
    sent = [await message.reply(mention_author=False, **_kwargs(first))]
    return sent + await send(message.channel, rest)
