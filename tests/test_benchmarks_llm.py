"""The written-answer benchmark harness on the seed article with the echoing stub (no model: the figures
only prove the harness counts and scores; `python -m benchmarks.llm` against a real server makes them)."""

from __future__ import annotations

import dataclasses

from llm_stub import Echo, Reply, Status, StubLLM

from benchmarks import llm as bench
from index.composer import LlmComposer
from index.engine import Engine


def test_harness_counts_outcomes_and_scores(seed_engine):
    stub = StubLLM().start()
    try:
        stub.default = Echo()
        config = dataclasses.replace(seed_engine.config, llm_base_url=stub.base_url, llm_model="echo",
                                     llm_timeout=2.0)
        engine = Engine(config, seed_engine.corpus, seed_engine.embedder, seed_engine.collection,
                    composer=LlmComposer.from_config(config))
        cases = [bench.Case("How many drones were launched?", ("574 drones",)),
                 bench.Case("How many drones were launched?", ("574 drones",)),
                 bench.Case("How many drones were launched?", ("574 drones",)),
                 bench.Case("Who won the 2022 World Cup?", ("Argentina",))]
        stub.then(Echo(), Reply("Ukraine’s military reported 574 drones [1]. Putin was pleased [1]."), Status(429))
        result = bench.evaluate(engine, cases)
    finally:
        stub.stop()
    assert (result["questions"], result["answered"]) == (4, 3)
    assert result["kept_whole"] == result["kept_in_part"] == result["fallen_back"] == 1 / 3
    assert result["fallback_reasons"] == {"rate_limited": 1}
    assert 0 < result["f1_written"] <= 1 and result["f1_extractive"] is not None
    table = bench.markdown({"label": "stub", "model": "echo", "stub": True, "started": "now", "seconds": 1.0,
                            "data": {"seed": result}})
    assert "no model" in table and "| seed | 4 | 3 |" in table


def test_f1():
    assert bench.f1("Russia launched 574 drones [1].", ("574 drones",)) == 2 * (2 / 4 * 1) / (2 / 4 + 1)
    assert bench.f1("nothing", ("574 drones",)) == 0.0


def test_off_without_a_server(capsys):
    assert bench.main([]) == 0
    assert capsys.readouterr().out.startswith("Skipped: set NEWSBOT_LLM_BASE_URL")


def test_grounding_harness_on_the_seed_article(seed_engine):
    from benchmarks import data, grounding

    # A quote with names past its first word, so that one can be swapped.
    asked = [data.Question("q1", "seed", "What did Lavrov call the deployment of European troops?",
                           ("foreign intervention",))]
    result = grounding.evaluate(seed_engine, asked)
    assert result["faithful"] == {"cases": 1, "kept": 1.0}
    assert result["unknown citation"] == {"cases": 1, "kept": 0.0}
    assert result["name swapped"] == {"cases": 1, "kept": 0.0}
    # Lavrov's sentence has a "would": negation (the check's blind spot) keeps it whole.
    assert result["negated"] == {"cases": 1, "kept": 1.0}
