"""Shared fixtures: every test runs with paths and env in tmp_path, and only loopback connections."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess

import pytest

from support import SEED_ARTICLE, free_port

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths and the like never leave the machine
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name that would need DNS


def _guarded(real):
    def connect(self, address):
        if not _is_loopback(address):
            raise AssertionError(f"test tried to connect to non-loopback address {address!r}")
        return real(self, address)

    return connect


@pytest.fixture(autouse=True, scope="session")
def loopback_only():
    """Fails any test that opens a connection off this machine."""
    socket.socket.connect = _guarded(_real_connect)
    socket.socket.connect_ex = _guarded(_real_connect_ex)
    yield
    socket.socket.connect = _real_connect
    socket.socket.connect_ex = _real_connect_ex


ENV_VARS = ("NEWSBOT_SEEDS", "NEWSBOT_STORE", "CHROMA_HOST", "CHROMA_PORT", "NEWSBOT_COLLECTION",
            "NEWSBOT_TOP_K", "NEWSBOT_MAX_ARTICLE_BYTES", "DISCORD_TOKEN", "DISCORD_GUILD_ID", "OPENAI_API_KEY",
            # issue 11: articles from the web
            "NEWSBOT_FEEDS", "NEWSBOT_ALLOW_PRIVATE_URLS", "NEWSBOT_FETCH_TIMEOUT", "NEWSBOT_FETCH_MAX_MB",
            "NEWSBOT_FEED_MAX_NEW", "NEWSBOT_MAX_AGE_DAYS", "NEWSBOT_REFRESH_MINUTES",
            # issue 10: written answers
            "NEWSBOT_LLM_BASE_URL", "NEWSBOT_LLM_MODEL", "NEWSBOT_LLM_API_KEY", "NEWSBOT_LLM_TIMEOUT")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Paths and env point into tmp_path; the developer's .env and .data are never read."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEWSBOT_SEEDS", str(tmp_path / "seeds"))
    monkeypatch.setenv("NEWSBOT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def model():
    from index.embedding import load_model

    return load_model()


def _built_store(tmp_path_factory, name: str, model, *articles):
    """The seed article plus ``articles`` ((file name, title, paragraphs...) each), built into a store."""
    from index.build import build_index
    from index.config import EngineConfig
    from support import write_article

    root = tmp_path_factory.mktemp(name)
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEED_ARTICLE, seeds)
    for file_name, *text in articles:
        write_article(seeds, file_name, *text)
    config = EngineConfig(seeds_dir=seeds, store_dir=root / "store")
    build_index(config, model=model)
    return config


@pytest.fixture(scope="session")
def build_store(tmp_path_factory, model):
    """For a module's own small corpus: build_store(name, (file name, title, paragraphs), ...)."""
    return lambda name, *articles: _built_store(tmp_path_factory, name, model, *articles)


@pytest.fixture(scope="session")
def article_engine(build_store, model):
    """An engine over the seed article and one article written for a test: article_engine(name, (title,
    paragraphs)), the article saved as "<name>.txt"."""
    from index.engine import Engine

    return lambda name, article: Engine.open(build_store(name, (f"{name}.txt", *article)), model=model)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, model):
    """The real seed article, built once into a store shared read-only by the tests."""
    return _built_store(tmp_path_factory, "seed", model)


@pytest.fixture(scope="session")
def seed_engine(seed_store, model):
    from index.engine import Engine

    return Engine.open(seed_store, model=model)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` on a free loopback port for the session; stopped at the end."""
    from support import start_chroma

    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    process = start_chroma(data, port, data.parent / "chroma-server.log")
    yield "127.0.0.1", port
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


# A second, small article beside the seed one: follow-ups and changes of topic need two articles to tell
# "searched inside the previous turn's article" from "searched everywhere". Written for these tests.
FIRE_ARTICLE = (
    "Man arrested after warehouse fire in Leeds",
    [
        "Police in Leeds have arrested a man after a fire destroyed a furniture warehouse on the edge of the "
        "city on Tuesday night.",
        "Officers arrested Daniel Whitcombe at his home in Bradford hours after the blaze, West Yorkshire "
        "Police said. Whitcombe, 34, is a former employee of the warehouse.",
        "Firefighters spent nine hours bringing the fire under control. No one was hurt, but the owners put "
        "the damage at £2 million.",
        "Whitcombe is due to appear before Leeds Magistrates' Court on Friday.",
        "Neighbours said fire crews had made 12 call-outs to the same industrial estate this year.",
    ],
)


@pytest.fixture(scope="session")
def two_article_store(tmp_path_factory, model):
    """The seed article and FIRE_ARTICLE, built once (about 50 sentences) and shared read-only."""
    return _built_store(tmp_path_factory, "two-articles", model, ("leeds-warehouse-fire.txt", *FIRE_ARTICLE))


@pytest.fixture(scope="session")
def two_article_engine(two_article_store, model):
    from index.engine import Engine

    return Engine.open(two_article_store, model=model)


@pytest.fixture(scope="module")
def stub():
    """The scripted OpenAI-compatible server on loopback (tests/llm_stub.py), one per test module."""
    from llm_stub import StubLLM

    server = StubLLM().start()
    yield server
    server.stop()


@pytest.fixture
def site():
    """The local news site on loopback (tests/web_site.py), one per test."""
    from web_site import NewsSite

    server = NewsSite().start()
    yield server
    server.close()
