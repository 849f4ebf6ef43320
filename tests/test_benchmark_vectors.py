"""The benchmarks' question-vector cache (benchmarks/vectors.py) runs the engine the bare model runs."""

from __future__ import annotations


def test_the_question_vector_cache_runs_the_same_engine_as_the_bare_model(tmp_path, model, seed_store):
    from benchmarks.vectors import CachedModel
    from index.engine import Engine

    cached = CachedModel(model, tmp_path / "vectors.npz")
    assert cached.token_states(["Who is Lavrov?"])[0][1] == model.token_states(["Who is Lavrov?"])[0][1]
    question = "what did he call the deployment of European troops?"
    bare = Engine.open(seed_store, model=model).rank(question)
    through_cache = Engine.open(seed_store, model=cached).rank(question)
    assert [r.rows for r in through_cache] == [r.rows for r in bare]
