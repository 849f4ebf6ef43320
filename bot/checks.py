"""App-command checks shared by the cogs; their failures carry a message safe to show the user."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

import discord
from discord import app_commands

from index.config import MAX_QUESTION_CHARS
from index.errors import BadQuestion, UnknownArticle
from index.types import ArticleInfo


class Refused(app_commands.CheckFailure):
    """A check said no; ``str(error)`` is the short, friendly reason shown to the user."""


class Cooldowns:
    """One per-user cooldown shared by /ask, /summary and mentions, so switching paths doesn't dodge it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._until: dict[int, float] = {}

    def hit(self, user_id: int) -> float:
        """Records a use and returns 0, or returns the seconds left without recording."""
        if self.seconds <= 0:
            return 0.0
        now = time.monotonic()
        until = self._until.get(user_id, 0.0)
        if now < until:
            return until - now
        if len(self._until) > 10_000:
            self._until = {uid: t for uid, t in self._until.items() if t > now}
        self._until[user_id] = now + self.seconds
        return 0.0


def valid_question(question: str) -> str:
    """The question stripped, or BadQuestion with the engine's wording. Checked in the bot so that the
    user hears about it before the interaction is deferred (the engine checks again)."""
    question = (question or "").strip()
    if not question:
        raise BadQuestion("Ask a question: the text was empty.")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(
            f"That question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}."
        )
    return question


# Discord's markup inside a message: mentions of a user, role or channel, @everyone/@here, custom
# emoji and timestamps.
_MARKUP = re.compile(
    r"<(?:@[!&]?|#)(?P<id>\d+)>|@(?:everyone|here)\b|<a?:\w+:\d+>|<t:(?P<time>-?\d{1,12})(?::[tTdDfFR])?>"
)
_ADDRESS = re.compile(r"(?:\s*(?:<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b)[\s,:;]*)+")


def plain_question(
    text: str, *, me: int | None = None, name: Callable[[int], str | None] | None = None
) -> str:
    """The question as words the engine can read. Mentions that address someone go: mine anywhere, and
    any that open or close the message ("<@Sam> <@Bot> how many ppl were hurt?"). A mention inside
    the question becomes the name Discord shows (``name(id)``, else it goes), custom emoji go, and a
    timestamp becomes its date. Read raw, a leading mention cost 13 of 73 news_qa paraphrases."""
    text = text or ""
    if me is not None:
        text = re.sub(rf"<@!?{me}>", " ", text)
    opening = _ADDRESS.match(text)
    if opening:
        text = text[opening.end() :]
    closing = re.search(rf"(?:{_ADDRESS.pattern})$", text)
    if closing and closing.start() > 0:
        text = text[: closing.start()]

    def words(markup: re.Match) -> str:
        if markup["id"]:
            return (name and name(int(markup["id"]))) or ""
        if markup["time"]:
            try:
                return f"{datetime.fromtimestamp(int(markup['time']), UTC):%-d %B %Y}"
            except (OverflowError, OSError, ValueError):  # beyond the calendar: leave it as typed
                return markup[0]
        return ""

    return " ".join(_MARKUP.sub(words, text).split())


def slash_question(interaction: discord.Interaction, question: str) -> str:
    """A slash command's question as plain words (``plain_question``), checked by ``valid_question``.
    Mentions typed into it are named from the cache: members only with the members intent, so most
    mentions of people simply go."""
    guild = interaction.guild

    def name(snowflake: int) -> str | None:
        if guild is None:
            return None
        found = guild.get_member(snowflake) or guild.get_role(snowflake)
        found = found or guild.get_channel_or_thread(snowflake)
        return getattr(found, "display_name", None) or getattr(found, "name", None)

    me = interaction.client.user.id if interaction.client.user else None
    return valid_question(plain_question(question, me=me, name=name))


def known_article(article: str | None, articles: list[ArticleInfo]) -> None:
    """Raises UnknownArticle when no cached article's id or title contains ``article``: the clear
    mistakes are told before the defer, privately. Ambiguity and the rest are the engine's to judge."""
    if not article or not article.strip() or not articles:
        return
    wanted = " ".join(article.split()).casefold()
    if not any(wanted in a.title.casefold() or wanted in a.article.casefold() for a in articles):
        raise UnknownArticle(f"No indexed article matches “{article.strip()}”.")


def cooldown_message(retry_after: float) -> str:
    return f"Easy there: you can ask again in {max(1, round(retry_after))} s."


def allowed_channel():
    async def predicate(interaction: discord.Interaction) -> bool:
        settings = interaction.client.settings
        parent_id = getattr(interaction.channel, "parent_id", None)
        if settings.channel_allowed(interaction.channel_id, parent_id):
            return True
        where = ", ".join(f"<#{cid}>" for cid in sorted(settings.allowed_channels))
        raise Refused(f"I only answer in {where}.")

    return app_commands.check(predicate)


def cooldown():
    async def predicate(interaction: discord.Interaction) -> bool:
        retry_after = interaction.client.cooldowns.hit(interaction.user.id)
        if retry_after:
            raise app_commands.CommandOnCooldown(
                app_commands.Cooldown(1, interaction.client.cooldowns.seconds), retry_after
            )
        return True

    return app_commands.check(predicate)


def can_reindex():
    return manager("Only members with the Manage Server permission can rebuild the index.")


def manager(refusal: str):
    """Manage Server, the server owner, or the application's owner. Checked at run time as well as
    through default permissions, because server admins can override the latter per command."""

    async def predicate(interaction: discord.Interaction) -> bool:
        user = interaction.user
        if interaction.guild is not None and interaction.guild.owner_id == user.id:
            return True
        if interaction.permissions.manage_guild:
            return True
        if await interaction.client.is_owner(user):
            return True
        raise Refused(refusal)

    return app_commands.check(predicate)
