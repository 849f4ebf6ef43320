"""`python -m bot`: the Discord bot, or the console chat when DISCORD_TOKEN is not set."""

from __future__ import annotations

import asyncio
import logging
import os
import sys

import discord

from bot.client import NewsBot, create_bot, open_engine
from bot.settings import Settings, SettingsError
from index.errors import EngineError
from index.runtime import limit_malloc_arenas

log = logging.getLogger(__name__)


async def _run(bot: NewsBot, token: str) -> None:
    async with bot:
        await bot.start(token)


def main() -> int:
    limit_malloc_arenas()
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = Settings.from_env()
    except (SettingsError, EngineError) as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    try:
        engine = open_engine(settings.engine)
    except EngineError as error:
        print(f"Cannot open the index: {error}", file=sys.stderr)
        return 1

    if settings.token is None:
        print("DISCORD_TOKEN is not set: starting the console chat instead.", file=sys.stderr)
        from index.chat import run_chat

        run_chat(engine, sys.stdin, sys.stdout)
        return 0

    bot = create_bot(settings, engine=engine)
    try:
        asyncio.run(_run(bot, settings.token))
    except discord.LoginFailure:
        print(
            "Discord rejected DISCORD_TOKEN: copy the bot token again from the developer portal.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "Enable the Message Content intent for the bot in the developer portal, "
            "or set DISCORD_MENTIONS=off to use slash commands only.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
