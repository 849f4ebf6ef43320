"""Discord front end: relays questions to the engine in ``index/`` and renders its cited answers."""

from bot.client import NewsBot, create_bot, open_engine

__all__ = ["NewsBot", "create_bot", "open_engine"]
