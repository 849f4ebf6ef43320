"""The benchmark harness end to end on a 2-article slice: real build, real engine, real baselines.

The figures themselves come from `python -m benchmarks`; this only proves the harness runs and scores.
"""

from __future__ import annotations

import pytest

from benchmarks import answers, data, report, summaries
from benchmarks.stores import write_seeds

pytestmark = pytest.mark.skipif(not (data.DATA / "squad" / "dev-v1.1.json").exists(),
                                reason="../shared/data is not present")


def test_harness_scores_a_two_article_slice(tmp_path, model):
    from index.build import build_index
    from index.config import EngineConfig
    from index.engine import Engine

    articles, questions = data.squad("heldout")
    sliced = [data.SeedArticle(a.id, a.title, a.paragraphs[:2]) for a in articles[:2]]
    text = {a.id: "\n".join(a.paragraphs) for a in sliced}
    asked = [q for q in questions if q.article in text and any(x in text[q.article] for x in q.answers)][:40]
    config = EngineConfig(seeds_dir=tmp_path / "seeds", store_dir=tmp_path / "store")
    write_seeds(config.seeds_dir, sliced)
    build_index(config, model=model)
    engine = Engine.open(config, model=model)

    engine_result, records = answers.evaluate_engine(engine, asked)
    baselines = answers.evaluate_baselines(engine.corpus, asked, model.embed([q.text for q in asked]))
    assert len(records) == engine_result["questions"] == len(asked) >= 20
    assert engine_result["answer@3"] > 0.6  # two articles: retrieval is easy, a broken scorer is not
    assert engine_result["article@1"] > 0.9
    assert engine_result["answer@1"] <= engine_result["answer@3"]
    assert set(baselines) == {"bm25", "dense", "rrf"}
    assert engine_result["answer@1"] > max(b["answer@1"] for b in baselines.values())

    answered = {"articles": 2, "sentences": len(engine.corpus), "questions": len(asked),
                "systems": {"engine": engine_result, **baselines}}
    table = report.markdown({"split": "heldout", "quick": True, "started": "now", "seconds": 1.0,
                             "answers": answered})
    assert "| **engine** |" in table and "RRF(BM25, dense)" in table


def test_bad_summary_sentences_are_recognised():
    assert summaries.not_prose("Scroll down for video") is not None
    assert summaries.not_prose("By Daily Mail Reporter") is not None
    caption = "Flying high: Half of the kite took to the sky in Chongqing last Saturday"
    assert summaries.not_prose(caption) is not None
    assert summaries.not_prose("The kite weighs 200 kilograms and needs three flyers to fly it.") is None
    assert data.contains_answer("It won in  October 1973.", ("october 1973",))
