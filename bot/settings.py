"""Bot settings: one frozen dataclass, read once from the environment (and `.env`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.config import EngineConfig

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_dotenv_loaded = False


class SettingsError(ValueError):
    """A variable is malformed; the message names it and is safe to print."""


def _load_dotenv_once() -> None:
    global _dotenv_loaded
    if not _dotenv_loaded:
        from dotenv import find_dotenv, load_dotenv

        # `.env` of the working directory (where `make run` starts), never one found by walking up from
        # this file; real environment variables win, so a deployment can override a checked-out file.
        load_dotenv(find_dotenv(usecwd=True), override=False)
        _dotenv_loaded = True


def _text(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _snowflake(env: Mapping[str, str], name: str) -> int | None:
    raw = _text(env, name)
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) <= 0:
        raise SettingsError(f"{name} must be a Discord id (digits only), not {raw!r}.")
    return int(raw)


def _snowflakes(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = _text(env, name)
    if raw is None:
        return frozenset()
    ids = set()
    for part in raw.replace(";", ",").replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or int(part) <= 0:
            raise SettingsError(f"{name} must be comma-separated Discord channel ids, not {raw!r}.")
        ids.add(int(part))
    return frozenset(ids)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = _text(env, name)
    if raw is None:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise SettingsError(f"{name} must be on or off (true/false, 1/0, yes/no), not {raw!r}.")


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _text(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise SettingsError(f"{name} must be a number of seconds between 0 and 3600, not {raw!r}.")
    return value


def _path(env: Mapping[str, str], name: str) -> Path | None:
    raw = _text(env, name)
    return Path(raw) if raw else None


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _text(env, name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise SettingsError(f"{name} must be a whole number between 1 and 100000, not {raw!r}.")
    return int(raw)


def _per_minute(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _text(env, name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise SettingsError(f"{name} must be a whole number of requests per minute from 1 to 10000, "
                            f"not {raw!r}.")
    return int(raw)


@dataclass(frozen=True)
class Settings:
    # repr=False keeps the token out of logs, tracebacks and reprs.
    token: str | None = field(default=None, repr=False)
    guild_id: int | None = None
    allowed_channels: frozenset[int] = frozenset()  # empty: every channel the bot can see
    cooldown_seconds: float = 5.0
    threads: bool = True
    mentions: bool = True
    # Questions waiting for the engine at most; one more is told "busy, try again in a moment".
    queue_limit: int = 500
    # Written answers (NEWSBOT_LLM_*) per member and per server per minute; past either, quotes only.
    llm_per_user_per_minute: int = 4
    llm_per_guild_per_minute: int = 30
    engine: EngineConfig = field(default_factory=EngineConfig)
    # The feedback database; None: feedback.sqlite3 beside the index's folder (.data/ by default).
    feedback_db: Path | None = None
    # Not from the environment: tests shorten it so a fake gateway with one guild is ready at once.
    guild_ready_timeout: float = 2.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Reads DISCORD_TOKEN, DISCORD_GUILD_ID, DISCORD_ALLOWED_CHANNELS, DISCORD_COOLDOWN_SECONDS,
        DISCORD_THREADS, DISCORD_MENTIONS, DISCORD_QUEUE_LIMIT, DISCORD_FEEDBACK_DB,
        DISCORD_LLM_PER_USER_PER_MINUTE, DISCORD_LLM_PER_GUILD_PER_MINUTE and the engine's variables.
        Raises SettingsError naming a malformed variable. ``environ`` (tests) replaces the process
        environment and `.env`."""
        if environ is None:
            _load_dotenv_once()
            environ = os.environ
        settings = cls(
            token=_text(environ, "DISCORD_TOKEN"),
            guild_id=_snowflake(environ, "DISCORD_GUILD_ID"),
            allowed_channels=_snowflakes(environ, "DISCORD_ALLOWED_CHANNELS"),
            cooldown_seconds=_seconds(environ, "DISCORD_COOLDOWN_SECONDS", cls.cooldown_seconds),
            threads=_flag(environ, "DISCORD_THREADS", cls.threads),
            mentions=_flag(environ, "DISCORD_MENTIONS", cls.mentions),
            queue_limit=_count(environ, "DISCORD_QUEUE_LIMIT", cls.queue_limit),
            feedback_db=_path(environ, "DISCORD_FEEDBACK_DB"),
            llm_per_user_per_minute=_per_minute(environ, "DISCORD_LLM_PER_USER_PER_MINUTE",
                                                cls.llm_per_user_per_minute),
            llm_per_guild_per_minute=_per_minute(environ, "DISCORD_LLM_PER_GUILD_PER_MINUTE",
                                                 cls.llm_per_guild_per_minute),
            engine=EngineConfig.from_env(),
        )
        return replace(settings, **overrides) if overrides else settings

    @property
    def feedback_path(self) -> Path:
        return self.feedback_db or self.engine.store_dir.parent / "feedback.sqlite3"

    def channel_allowed(self, channel_id: int | None, parent_id: int | None = None) -> bool:
        """A thread counts as its parent channel, so follow-ups work wherever the question was allowed."""
        if not self.allowed_channels:
            return True
        return channel_id in self.allowed_channels or parent_id in self.allowed_channels
