"""Shared fixtures for the Discord front end: one real index per session, built from real articles."""

from __future__ import annotations

import shutil
import threading

import pytest
from botdata import HARBOUR, SEED

from bot.client import NewsBot
from bot.settings import Settings
from index.build import build_index
from index.config import EngineConfig
from index.engine import Engine


def pytest_configure(config):
    config.addinivalue_line("markers", "bot_settings(**fields): Settings fields for the bot under test")


@pytest.fixture(scope="session")
def engine_config(tmp_path_factory, model) -> EngineConfig:
    root = tmp_path_factory.mktemp("newsbot")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    (seeds / "harbour-festival.md").write_text(HARBOUR, encoding="utf-8")
    config = EngineConfig(seeds_dir=seeds, store_dir=root / "store")
    build_index(config, model=model)
    return config


@pytest.fixture(scope="session")
def engine(engine_config, model) -> Engine:
    return Engine.open(engine_config, model=model)


class RecordingEngine:
    """The real engine, recording what the bot asked it: lets tests see the follow-up context.
    ``overrides`` maps a question to an Answer or an exception, for answers the articles can't yield."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.calls: list[tuple[str, str | None]] = []
        self.overrides: dict[str, object] = {}
        self._lock = threading.Lock()

    def ask(self, question, context=None, **kwargs):
        with self._lock:
            self.calls.append((question, context))
        override = self.overrides.get(question)
        if isinstance(override, BaseException):
            raise override
        return override if override is not None else self.engine.ask(question, context, **kwargs)

    def __getattr__(self, name):
        return getattr(self.engine, name)


@pytest.fixture
def recording_engine(engine) -> RecordingEngine:
    return RecordingEngine(engine)


@pytest.fixture
def make_settings(engine_config, tmp_path):
    def make(**fields) -> Settings:
        values = {
            "token": None,
            "cooldown_seconds": 0.0,
            "engine": engine_config,
            "guild_ready_timeout": 0.1,
            "feedback_db": tmp_path / "feedback.sqlite3",
        }
        values.update(fields)
        return Settings(**values)

    return make


@pytest.fixture
def simcord_bot(request, make_settings, recording_engine) -> NewsBot:
    marker = request.node.get_closest_marker("bot_settings")
    return NewsBot(make_settings(**(marker.kwargs if marker else {})), recording_engine)


@pytest.fixture
async def fake():
    """The local fake Discord API (gateway + REST on loopback), one per test."""
    from fake_discord import FakeDiscord

    server = await FakeDiscord().start()
    try:
        yield server
    finally:
        await server.close()
