"""The scale-out path: the same build and ask against a real `chroma run` server on loopback."""

import dataclasses

import pytest
from support import SEED_ARTICLE, write_article

from index.build import build_index
from index.config import EngineConfig
from index.engine import Engine
from index.errors import StoreUnavailable

pytestmark = pytest.mark.server


@pytest.fixture
def server_config(chroma_server, tmp_path, request):
    host, port = chroma_server
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / SEED_ARTICLE.name).write_bytes(SEED_ARTICLE.read_bytes())
    # One collection prefix per test: the server is shared by the whole session.
    prefix = "t" + request.node.name.replace("_", "-")[:40].rstrip("-")
    return EngineConfig(seeds_dir=seeds, store_dir=tmp_path / "unused", chroma_host=host, chroma_port=port,
                        collection_prefix=prefix)


def test_build_and_ask_through_the_server(server_config, model):
    report = build_index(server_config, model=model)
    assert report.embedded == report.chunks > 30
    assert not server_config.store_dir.exists()  # nothing embedded on local disk
    engine = Engine.open(server_config, model=model)
    answer = engine.ask("How many drones were launched?")
    assert answer.answered and "574" in answer.citations[0].quote
    assert not engine.ask("Who won the 2022 World Cup?").answered


def test_incremental_rebuild_on_the_server(server_config, model):
    build_index(server_config, model=model)
    assert build_index(server_config, model=model).embedded == 0
    write_article(server_config.seeds_dir, "zoo.txt", "Zoo", ["The zoo welcomed twin pandas on Sunday."])
    report = build_index(server_config, model=model)
    assert (report.articles, report.embedded) == (2, 1)
    (server_config.seeds_dir / "zoo.txt").unlink()
    report = build_index(server_config, model=model)
    assert (report.articles, report.embedded, report.removed) == (1, 0, 1)
    assert [a.article for a in Engine.open(server_config, model=model).articles()] == [SEED_ARTICLE.stem]


def test_env_selects_the_server(chroma_server, monkeypatch):
    host, port = chroma_server
    monkeypatch.setenv("CHROMA_HOST", host)
    monkeypatch.setenv("CHROMA_PORT", str(port))
    config = EngineConfig.from_env()
    assert (config.chroma_host, config.chroma_port) == (host, port)


def test_an_unreachable_server_is_a_clear_error(server_config, model):
    from support import free_port

    dead = dataclasses.replace(server_config, chroma_port=free_port())
    with pytest.raises(StoreUnavailable, match="cannot be reached: start the server, or unset CHROMA_HOST"):
        Engine.open(dead, model=model)


def test_large_corpus_path_queries_the_server_and_agrees(server_config, model):
    """Above `exact_search_rows` dense candidates come from a Chroma query, not the in-memory scan."""
    from index.ranking import Settings, dense_top

    build_index(server_config, model=model)
    scan = Engine.open(server_config, model=model)
    served = Engine.open(server_config, model=model, settings=Settings(exact_search_rows=0))
    vector = model.embed(["How many drones were launched?"])[0]
    by_query = dense_top(served.corpus, served.collection, vector, 10, served.settings.exact_search_rows)
    by_scan = dense_top(scan.corpus, scan.collection, vector, 10, scan.settings.exact_search_rows)
    assert set(by_query.tolist()) == set(by_scan.tolist())
    for question in ("How many drones were launched?", "What did Lavrov call the deployment of European troops?"):
        assert served.ask(question).citations[0].quote == scan.ask(question).citations[0].quote
