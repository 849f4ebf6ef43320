"""Written answers end to end: the real engine and index, llama-index's OpenAILike client, and a scripted
OpenAI-compatible stub server on 127.0.0.1 (tests/llm_stub.py; no model, so no quality is measured here).

For every scripted reply, with and without streaming, the tests check what the user would see (the
answer text and, while streaming, every text shown) and the composer and fallback reason."""

from __future__ import annotations

import dataclasses
import time

import pytest
from llm_stub import Raw, Reply, Status
from support import SEED_ARTICLE

from index.composer import LlmComposer
from index.config import EngineConfig
from index.engine import NOT_IN_ARTICLES, Engine
from index.errors import EngineError, LlmOff

QUESTION = "How many drones were launched?"
TIMEOUT = 0.5  # seconds: short, so the slow-reply cases stay fast
FAITHFUL = ("Ukraine’s military reported 574 drones and 40 missiles at western regions overnight [1]. "
            "At least one person was killed and 15 were injured [1].")
FIRST = "Ukraine’s military reported 574 drones and 40 missiles at western regions overnight [1]."


@pytest.fixture
def llm(stub, seed_engine) -> Engine:
    """The seed engine's index with a composer pointed at the stub."""
    stub.script.clear()
    stub.requests.clear()
    config = dataclasses.replace(seed_engine.config, llm_base_url=stub.base_url, llm_model="stub-model",
                                 llm_api_key="sk-test-key", llm_timeout=TIMEOUT)
    return Engine(config, seed_engine.corpus, seed_engine.embedder, seed_engine.collection,
                    composer=LlmComposer.from_config(config))


def extractive(seed_engine):
    return seed_engine.ask(QUESTION)


# (name, scripted reply, composer, fallback_reason, what the user reads as the answer: None = the quotes)
CASES = [
    ("faithful", Reply(FAITHFUL), "llm", None, FAITHFUL),
    ("invented number", Reply("Russia launched 600 drones [1]."), "quotes", "nothing_supported", None),
    ("invented number beside a faithful sentence",
     Reply(FIRST + " It was the largest attack since 2022 [1]."), "llm", None, FIRST),
    ("citation never given", Reply("Ukraine’s military reported 574 drones [2]."), "quotes", "nothing_supported", None),
    ("sentence with no citation",
     Reply(FIRST + " This was the largest attack of the war."), "llm", None, FIRST),
    ("no citation anywhere", Reply("Ukraine’s military reported 574 drones."), "quotes", "wrong_shape", None),
    ("model says it does not know", Reply("I don't know."), "quotes", "model_refused", None),
    ("model gives the refusal sentence",
     Reply("The quotes do not answer this."), "quotes", "model_refused", None),
    ("slow reply", Reply(FAITHFUL, delay=TIMEOUT * 3), "quotes", "timeout", None),
    ("429", Status(429, "Rate limit reached"), "quotes", "rate_limited", None),
    ("500", Status(500, "Internal error"), "quotes", "http_error", None),
    ("malformed JSON", Raw('{"id": "chatcmpl-1", "choices": [{"mess'), "quotes", "bad_response", None),
    ("empty reply", Reply(""), "quotes", "wrong_shape", None),
]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
@pytest.mark.parametrize(("name", "reply", "composer", "reason", "shown"), CASES, ids=[c[0] for c in CASES])
def test_what_the_user_sees(llm, stub, seed_engine, name, reply, composer, reason, shown, stream):
    stub.then(reply)
    seen: list[str] = []
    began = time.monotonic()
    answer = llm.ask(QUESTION, on_text=seen.append if stream else None)
    assert time.monotonic() - began < TIMEOUT + 2  # a slow model never holds the answer much past the timeout
    quotes = extractive(seed_engine)
    assert (answer.composer, answer.fallback_reason) == (composer, reason)
    assert answer.answer == (shown if shown is not None else quotes.answer)
    # The sources are the engine's verbatim quotes whatever the model wrote.
    assert answer.citations == quotes.citations and answer.answered
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)
    (request,) = stub.requests
    assert request.json.get("stream", False) is stream
    # Streaming shows checked sentences only, never a dropped one; a written answer ends as streamed.
    dropped = [s.text for s in answer.sentences if not s.supported]
    assert not any(d in shown_text for d in dropped for shown_text in seen)
    if stream and composer == "llm":
        assert seen[-1] == answer.answer
    if not stream:
        assert seen == []


def test_written_answer_json_lists_each_sentence_with_its_citations(llm, stub):
    stub.then(Reply(FIRST + " Putin ordered it [1]."))
    data = llm.ask(QUESTION).to_json()
    assert data["composer"] == "llm" and data["fallback_reason"] is None
    assert data["answer"] == FIRST
    assert data["sentences"] == [
        {"text": FIRST, "citations": [1], "supported": True, "reason": None},
        {"text": "Putin ordered it [1].", "citations": [1], "supported": False,
         "reason": "“Putin” is not in [1]"},
    ]
    assert data["timings_ms"]["llm"] > 0


def test_prompt_carries_the_numbered_quotes_and_the_key_goes_only_where_configured(llm, stub, seed_engine,
                                                                                  monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-leak")
    stub.then(Reply(FAITHFUL))
    llm.ask(QUESTION)
    (request,) = stub.requests
    assert request.json["model"] == "stub-model" and request.json["temperature"] == 0
    system, user = request.json["messages"]
    quote = extractive(seed_engine).citations[0].quote
    assert f"[1] “{quote}”" in user["content"] and QUESTION in user["content"]
    assert request.headers["Authorization"] == "Bearer sk-test-key"
    assert "sk-test-key" not in repr(llm.composer) + repr(llm.config) + repr(llm.composer.llm)


def test_without_a_key_openai_api_key_is_not_sent_to_the_configured_server(stub, seed_engine, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-leak")
    stub.script.clear()
    stub.requests.clear()
    config = dataclasses.replace(seed_engine.config, llm_base_url=stub.base_url, llm_model="m",
                                 llm_timeout=TIMEOUT)
    engine = Engine(config, seed_engine.corpus, seed_engine.embedder, seed_engine.collection,
                    composer=LlmComposer.from_config(config))
    stub.then(Reply(FAITHFUL))
    engine.ask(QUESTION)
    assert "sk-must-not-leak" not in stub.requests[0].headers.get("Authorization", "")


def test_an_engine_refusal_is_never_sent_to_the_model(llm, stub):
    stub.then(Reply("Argentina won the 2022 World Cup [1]."))
    answer = llm.ask("Who won the 2022 World Cup?", llm=True)
    assert (answer.answered, answer.answer, answer.composer, answer.fallback_reason) == (
        False, NOT_IN_ARTICLES, "quotes", None)
    assert stub.requests == []


def test_no_llm_keeps_quotes_and_calls_nothing(llm, stub, seed_engine):
    answer = llm.ask(QUESTION, llm=False)
    assert answer == dataclasses.replace(extractive(seed_engine), timings_ms=answer.timings_ms)
    assert stub.requests == []


def test_streaming_that_outlasts_the_timeout_falls_back(llm, stub):
    # Every chunk arrives well within the read timeout, the whole reply does not.
    stub.then(Reply(FAITHFUL, chunk_delay=TIMEOUT / 5))
    seen: list[str] = []
    answer = llm.ask(QUESTION, on_text=seen.append)
    assert (answer.composer, answer.fallback_reason) == ("quotes", "timeout")
    assert all(s == FIRST for s in seen)  # at most the first sentence, checked, was shown meanwhile


def test_markers_after_the_full_stop_are_streamed_with_their_sentence(llm, stub):
    text = FAITHFUL.replace(" [1].", ". [1]")
    cut = text.index("[1]") + 2  # "…overnight. [1" arrives, then "] At least…"
    stub.then(Reply(text, chunks=(text[:cut], text[cut:cut + 5], text[cut + 5:])))
    seen: list[str] = []
    answer = llm.ask(QUESTION, on_text=seen.append)
    assert answer.composer == "llm" and answer.answer == FAITHFUL.replace(" [1].", ". [1]")
    assert seen[0] == FIRST.replace(" [1].", ". [1]")  # shown before the reply ended, with its marker


def test_reasoning_block_is_neither_shown_nor_checked(llm, stub):
    stub.then(Reply("<think>Maybe 600 drones? Putin?</think> " + FAITHFUL))
    seen: list[str] = []
    answer = llm.ask(QUESTION, on_text=seen.append)
    assert answer.composer == "llm" and answer.answer == FAITHFUL
    assert not any("600" in s or "think" in s for s in seen)


def test_unset_means_quotes_only(seed_store, seed_engine):
    assert seed_engine.composer is None
    answer = seed_engine.ask(QUESTION)
    assert (answer.composer, answer.fallback_reason, answer.sentences) == ("quotes", None, ())
    with pytest.raises(LlmOff, match="NEWSBOT_LLM_BASE_URL"):
        seed_engine.ask(QUESTION, llm=True)


# ------------------------------------------------------------------------------------------ settings


def test_settings_from_env(monkeypatch):
    monkeypatch.setenv("NEWSBOT_LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("NEWSBOT_LLM_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("NEWSBOT_LLM_API_KEY", "sk-secret")
    monkeypatch.setenv("NEWSBOT_LLM_TIMEOUT", "7.5")
    config = EngineConfig.from_env()
    assert (config.llm_base_url, config.llm_model, config.llm_api_key, config.llm_timeout) == (
        "http://127.0.0.1:11434/v1", "qwen2.5:7b", "sk-secret", 7.5)
    assert config.llm_enabled and "sk-secret" not in repr(config)


def test_settings_unset_by_default():
    config = EngineConfig.from_env()
    assert not config.llm_enabled and config.llm_timeout == 20.0


@pytest.mark.parametrize(("env", "named"), [
    ({"NEWSBOT_LLM_BASE_URL": "http://127.0.0.1:1/v1"}, "NEWSBOT_LLM_MODEL"),
    ({"NEWSBOT_LLM_MODEL": "m"}, "NEWSBOT_LLM_BASE_URL"),
    ({"NEWSBOT_LLM_API_KEY": "sk-x"}, "NEWSBOT_LLM_BASE_URL"),
    ({"NEWSBOT_LLM_BASE_URL": "127.0.0.1:11434", "NEWSBOT_LLM_MODEL": "m"}, "NEWSBOT_LLM_BASE_URL"),
    ({"NEWSBOT_LLM_TIMEOUT": "soon"}, "NEWSBOT_LLM_TIMEOUT"),
    ({"NEWSBOT_LLM_TIMEOUT": "0"}, "NEWSBOT_LLM_TIMEOUT"),
])
def test_bad_settings_fail_naming_the_variable(monkeypatch, env, named):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(EngineError, match=named) as error:
        EngineConfig.from_env()
    assert "sk-x" not in str(error.value)


def test_unset_loads_no_llm_client():
    import subprocess
    import sys

    code = ("import sys\nfrom index.config import EngineConfig\nfrom index import engine, cli, chat\n"
            "assert engine._composer(EngineConfig.from_env()) is None\n"
            "print(sorted(n for n in sys.modules\n"
            "             if n.startswith(('openai', 'llama_index.llms', 'index.composer'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
