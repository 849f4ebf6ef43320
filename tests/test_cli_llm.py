"""`ask --llm` / `--no-llm` end to end: the CLI in a subprocess, the stub model server in this process."""

import json

from llm_stub import Reply
from test_cli import built, run  # noqa: F401 - the module-scoped built index is shared

FAITHFUL = "Ukraine’s military reported 574 drones and 40 missiles [1]."


def llm_env(env, stub, **extra):
    return {**env, "NEWSBOT_LLM_BASE_URL": stub.base_url, "NEWSBOT_LLM_MODEL": "stub",
            "NEWSBOT_LLM_API_KEY": "sk-cli-secret", "NEWSBOT_LLM_TIMEOUT": "2", **extra}


def test_llm_without_settings_fails_fast_naming_them(built):  # noqa: F811
    env, _ = built
    result = run("ask", "How many drones were launched?", "--llm", env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: Written answers are off: set NEWSBOT_LLM_BASE_URL and NEWSBOT_LLM_MODEL to turn them on."]


def test_bad_setting_fails_fast(built):  # noqa: F811
    env, _ = built
    result = run("ask", "How many drones were launched?", env={**env, "NEWSBOT_LLM_BASE_URL": "http://127.0.0.1:1/v1"})
    assert result.returncode == 2
    assert "NEWSBOT_LLM_MODEL" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_written_answer_json_and_text(built, stub):  # noqa: F811
    env, _ = built
    stub.then(Reply(FAITHFUL), Reply(FAITHFUL))
    result = run("ask", "How many drones were launched?", "--json", env=llm_env(env, stub))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["composer"], data["fallback_reason"], data["answer"]) == ("llm", None, FAITHFUL)
    assert data["sentences"] == [{"text": FAITHFUL, "citations": [1], "supported": True, "reason": None}]
    assert "574" in data["citations"][0]["quote"]
    text = run("ask", "How many drones were launched?", env=llm_env(env, stub))
    assert text.stdout.startswith(FAITHFUL + "\n(Written by a language model")
    assert "Sources:" in text.stdout
    assert "sk-cli-secret" not in result.stdout + result.stderr + text.stdout + text.stderr


def test_no_llm_and_fallback(built, stub):  # noqa: F811
    env, _ = built
    stub.requests.clear()
    quotes = json.loads(run("ask", "How many drones were launched?", "--json", "--no-llm",
                            env=llm_env(env, stub)).stdout)
    assert (quotes["composer"], quotes["fallback_reason"], quotes["sentences"]) == ("quotes", None, [])
    assert stub.requests == []
    stub.then(Reply("Russia launched 999 drones [1]."))
    result = run("ask", "How many drones were launched?", env=llm_env(env, stub))
    assert result.returncode == 0
    assert ("\n(No written answer: no sentence of the written answer was supported by its quotes. Here are the "
            "quotes.)") in result.stdout
    assert quotes["citations"][0]["quote"] in result.stdout and "999" not in result.stdout
