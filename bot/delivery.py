"""Getting an answer to the person who asked, whatever Discord does meanwhile.

discord.py retries a 429 only when it carries a ``Via`` header (one from Cloudflare has none) and gives
up on 5xx after five tries (~25 s), and an interaction token dies after 15 minutes. Here a follow-up is
retried on 429 (honouring Retry-After) and 5xx with bounded backoff until a deadline; if it still cannot
go out, the answer (or, for a private one, an apology) is posted in the channel, mentioning the asker
for that one message. Every loss is one log line with the interaction id, never the token.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import discord

from bot.render import Reply

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long one answer may keep trying its follow-up before the channel fallback: well inside the
# "thinking…" patience of a person, and of the 60 s the fault tests allow.
DELIVERY_SECONDS = 40.0
FALLBACK_SECONDS = 15.0
TOKEN_LIFETIME = 15 * 60.0
TOKEN_MARGIN = 30.0  # a follow-up started this close to the token's end would race it
BACKOFF_FIRST, BACKOFF_CAP = 1.0, 8.0
PRIVATE_APOLOGY = (
    "I could not deliver your private answer (Discord did not accept it in time); please ask again."
)


class GaveUp(Exception):
    """A send could not succeed before its deadline; ``str`` says why, without the token."""


def _why(error: BaseException) -> str:
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status} (code {error.code})"
    return type(error).__name__


def retry_after(error: discord.HTTPException) -> float | None:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None) or {}
    raw = headers.get("Retry-After")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


async def retrying(send: Callable[[], Awaitable[T]], deadline: float) -> T:
    """``send()`` until it succeeds, retrying 429 and 5xx until ``deadline`` (loop time)."""
    loop = asyncio.get_running_loop()
    backoff = BACKOFF_FIRST
    while True:
        left = deadline - loop.time()
        if left <= 0:
            raise GaveUp("deadline passed")
        try:
            async with asyncio.timeout(left):
                return await send()
        except TimeoutError:
            raise GaveUp("deadline passed while retrying") from None
        except discord.HTTPException as error:
            if error.status == 429:
                wait = retry_after(error) or backoff
            elif error.status >= 500:
                wait = backoff
            else:
                raise GaveUp(_why(error)) from error
            backoff = min(backoff * 2, BACKOFF_CAP)
            if loop.time() + wait >= deadline:
                raise GaveUp(f"{_why(error)}, retries ran out") from error
            await asyncio.sleep(wait)


def _kwargs(reply: Reply) -> dict:
    kwargs = reply.kwargs()
    if kwargs["content"] is None:
        del kwargs["content"]
    return kwargs


def token_deadline(interaction: discord.Interaction) -> float:
    """Loop time after which this interaction's token can no longer be trusted. Counted from when the
    bot acknowledged it (within seconds of its creation), not from the snowflake: clocks differ."""
    loop = asyncio.get_running_loop()
    received = interaction.extras.get("received", loop.time())
    return received + TOKEN_LIFETIME - TOKEN_MARGIN


async def acknowledge(interaction: discord.Interaction, *, private: bool) -> bool:
    """Defers with "thinking…" (ephemeral when ``private``); False when Discord no longer knows the
    interaction (acknowledged later than its 3 s), so the answer must go to the channel instead."""
    interaction.extras["private"] = private
    interaction.extras["received"] = asyncio.get_running_loop().time()
    worker = getattr(interaction.client, "worker", None)
    if worker is not None:
        worker.acknowledging()
    try:
        await interaction.response.defer(thinking=True, ephemeral=private)
    except discord.HTTPException as error:
        interaction.extras["ack_failed"] = _why(error)
        return False
    finally:
        if worker is not None:
            worker.acknowledged()
    return True


async def followup(
    interaction: discord.Interaction,
    replies: Sequence[Reply],
    *,
    view: discord.ui.View | None = None,
    ephemeral: bool | None = None,
) -> list[discord.Message]:
    """Answers a deferred interaction: the first part replaces "thinking…", the last carries ``view``.
    Falls back to the channel when the follow-up cannot go out; raises nothing for delivery faults.
    Visibility is the defer's (``ephemeral`` only for follow-ups to a message, not to a defer)."""
    private = bool(interaction.extras.get("private")) if ephemeral is None else ephemeral
    sent: list[discord.Message] = []
    reason = interaction.extras.get("ack_failed")
    if reason is None:
        loop = asyncio.get_running_loop()
        deadline = min(loop.time() + DELIVERY_SECONDS, token_deadline(interaction))
        try:
            for i, reply in enumerate(replies):
                extra = {"view": view} if view is not None and i == len(replies) - 1 else {}
                sent.append(
                    await retrying(
                        lambda reply=reply, extra=extra: interaction.followup.send(
                            wait=True, ephemeral=private, **_kwargs(reply), **extra
                        ),
                        deadline,
                    )
                )
            return sent
        except GaveUp as error:
            reason = str(error)
    rest = replies[len(sent) :]
    return sent + await channel_fallback(interaction, rest, reason, view=view)


class _Backlog:
    """Answers waiting to be posted in one channel because their interaction failed. One sender at a
    time (the channel takes 5 messages per 5 s); when more than BATCH_AFTER wait, the next message
    mentions all of them at once with an apology instead of queueing answers for minutes."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.waiting: dict[int, discord.abc.User] = {}  # interaction id -> asker
        self.told: set[int] = set()


_backlogs: dict[int, _Backlog] = {}
BATCH_AFTER = 3
MENTIONS_PER_APOLOGY = 50
BATCH_APOLOGY = "sorry, I could not answer in time (Discord was busy); please ask again."


async def channel_fallback(
    interaction: discord.Interaction,
    replies: Sequence[Reply],
    reason: str,
    *,
    view: discord.ui.View | None = None,
) -> list[discord.Message]:
    channel = interaction.channel
    key = getattr(channel, "id", 0)
    backlog = _backlogs.setdefault(key, _Backlog())
    backlog.waiting[interaction.id] = interaction.user
    try:
        async with backlog.lock:
            if interaction.id in backlog.told:
                backlog.told.discard(interaction.id)
                _log_told(interaction, reason)
                return []
            if len(backlog.waiting) > BATCH_AFTER:
                return await _combined_apology(interaction, backlog, reason)
            return await _post_answer(interaction, replies, reason, view=view)
    finally:
        backlog.waiting.pop(interaction.id, None)
        if not backlog.waiting and not backlog.lock.locked() and _backlogs.get(key) is backlog:
            del _backlogs[key]


async def _combined_apology(interaction: discord.Interaction, backlog: _Backlog, reason: str) -> list:
    ids = list(backlog.waiting)[:MENTIONS_PER_APOLOGY]
    users = {backlog.waiting[i].id: backlog.waiting[i] for i in ids}
    content = " ".join(u.mention for u in users.values()) + " " + BATCH_APOLOGY
    mention = discord.AllowedMentions(everyone=False, roles=False, users=list(users.values()))
    deadline = asyncio.get_running_loop().time() + FALLBACK_SECONDS
    try:
        sent = await retrying(
            lambda: interaction.channel.send(content=content, allowed_mentions=mention), deadline
        )
    except GaveUp as error:
        log.error(
            "Interaction %s: answer lost (follow-up: %s; channel post: %s)", interaction.id, reason, error
        )
        return []
    backlog.told.update(i for i in ids if i != interaction.id)
    _log_told(interaction, reason)
    return [sent]


def _log_told(interaction: discord.Interaction, reason: str) -> None:
    log.warning(
        "Interaction %s: follow-up failed (%s); asker told in a combined apology in channel %s",
        interaction.id, reason, getattr(interaction.channel, "id", "?"),
    )  # fmt: skip


async def _post_answer(
    interaction: discord.Interaction,
    replies: Sequence[Reply],
    reason: str,
    *,
    view: discord.ui.View | None = None,
) -> list[discord.Message]:
    """The answer (an apology if it was private) in the channel, pinging only the asker, once."""
    private = bool(interaction.extras.get("private"))
    user = interaction.user
    channel = interaction.channel
    mention = discord.AllowedMentions(everyone=False, roles=False, users=[user], replied_user=False)
    if private:
        replies = [Reply(content=PRIVATE_APOLOGY)]
    sent: list[discord.Message] = []
    deadline = asyncio.get_running_loop().time() + FALLBACK_SECONDS
    try:
        if channel is None:
            raise GaveUp("no channel to post in")
        for i, reply in enumerate(replies):
            kwargs = _kwargs(reply)
            if i == 0:
                # Only the first message pings, and only the asker.
                kwargs["content"] = f"{user.mention} {kwargs.get('content') or ''}".rstrip()
                kwargs["allowed_mentions"] = mention
            if view is not None and i == len(replies) - 1 and not private:
                kwargs["view"] = view
            sent.append(await retrying(lambda kwargs=kwargs: channel.send(**kwargs), deadline))
    except GaveUp as error:
        log.error(
            "Interaction %s: answer lost (follow-up: %s; channel post: %s)", interaction.id, reason, error
        )
        return sent
    log.warning(
        "Interaction %s: follow-up failed (%s); %s posted in channel %s",
        interaction.id,
        reason,
        "apology" if private else "answer",
        getattr(channel, "id", "?"),
    )
    return sent


async def send_error(interaction: discord.Interaction, text: str) -> None:
    """An error for the user: private when nothing was sent yet or the defer was private; after a
    public defer it can only be public (Discord gives the first follow-up the defer's visibility)."""
    plain = discord.AllowedMentions.none()
    if not interaction.response.is_done():
        try:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=plain)
        except discord.HTTPException as error:
            # Too late for Discord (10062): the channel is the only way left to tell them.
            await channel_fallback(interaction, [Reply(content=text)], _why(error))
        return
    # A response that was a message, not our defer, lets the error be private.
    deferred = "private" in interaction.extras
    await followup(interaction, [Reply(content=text)], ephemeral=None if deferred else True)


async def send(
    channel: discord.abc.Messageable,
    replies: Sequence[Reply],
    *,
    view: discord.ui.View | None = None,
    **first,
) -> list[discord.Message]:
    """Channel messages in order, each retried on 429/5xx; ``first`` goes with the first one only
    (a reference for a reply), ``view`` with the last."""
    deadline = asyncio.get_running_loop().time() + DELIVERY_SECONDS
    sent = []
    for i, reply in enumerate(replies):
        kwargs = {**_kwargs(reply), **(first if i == 0 else {})}
        if view is not None and i == len(replies) - 1:
            kwargs["view"] = view
        sent.append(await retrying(lambda kwargs=kwargs: channel.send(**kwargs), deadline))
    return sent
