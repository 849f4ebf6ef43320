"""The engine's ranking as a llama-index retriever (index/llama_retriever.py): verbatim passages with
their offsets, usable by llama-index's own query engine."""

from __future__ import annotations

import pytest
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import NodeWithScore, QueryBundle
from support import SEED_ARTICLE

from index.llama_retriever import PassageRetriever

QUESTION = "How many drones were launched?"


@pytest.fixture(scope="module")
def retriever(seed_engine):
    return PassageRetriever(seed_engine, top_k=3)


def test_nodes_are_verbatim_passages_with_offsets(retriever, seed_engine):
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    nodes = retriever.retrieve(QUESTION)
    assert 1 <= len(nodes) <= 3
    for found in nodes:
        assert isinstance(found, NodeWithScore)
        meta = found.node.metadata
        assert meta["article"] == "russia-rejects-european-troops"
        assert text[meta["start"]:meta["end"]] == found.node.get_content()
        assert 0.0 <= found.score <= 1.0
    assert "574 drones" in nodes[0].node.get_content()
    # The node scores are the engine's own ranking, best first.
    ranked = seed_engine.rank(QUESTION)[:3]
    assert [n.score for n in nodes] == pytest.approx([r.score for r in ranked])
    assert len({n.node.node_id for n in nodes}) == len(nodes)


def test_top_k_and_query_bundles(seed_engine):
    nodes = PassageRetriever(seed_engine, top_k=1).retrieve(QueryBundle(query_str=QUESTION))
    assert len(nodes) == 1 and "574 drones" in nodes[0].node.get_content()


def test_it_plugs_into_a_llama_index_query_engine(retriever):
    query_engine = RetrieverQueryEngine.from_args(retriever, llm=MockLLM())
    response = query_engine.query(QUESTION)
    expected = [n.node.node_id for n in retriever.retrieve(QUESTION)]
    assert [n.node.node_id for n in response.source_nodes] == expected
    assert "574 drones" in response.source_nodes[0].node.get_content()


def test_answering_never_imports_llama_index():
    # The retriever is an extra for llama-index users; the engine, CLI and console stay without it.
    import subprocess
    import sys

    code = ("import sys, index.engine, index.cli, index.chat, index.render\n"
            "print(sorted({n.split('.')[0] for n in sys.modules if n.startswith(('llama_index', 'discord'))}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
