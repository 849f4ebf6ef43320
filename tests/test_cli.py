"""The CLI end to end, in subprocesses, as an admin or a script would run it."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from support import SEED_ARTICLE

TIMEOUT = 120


def run(*args, stdin=None, env=None):
    return subprocess.run([sys.executable, "-m", "index", *args], input=stdin, capture_output=True, text=True,
                          timeout=TIMEOUT, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    (root / "seeds").mkdir()
    shutil.copy(SEED_ARTICLE, root / "seeds")
    env = {"NEWSBOT_SEEDS": str(root / "seeds"), "NEWSBOT_STORE": str(root / "store")}
    result = run("build", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return env, json.loads(result.stdout)


def test_build_json_line(built):
    _, report = built
    assert set(report) == {"articles", "chunks", "embedded", "skipped", "removed", "seconds"}
    assert report["articles"] == 1 and report["embedded"] == report["chunks"] > 30


def test_rebuild_text_line_reports_nothing_embedded(built):
    env, _ = built
    result = run("build", env=env)
    assert result.returncode == 0
    assert "0 embedded" in result.stdout and "1 articles" in result.stdout


def test_ask_json(built):
    env, _ = built
    result = run("ask", "How many drones were launched?", "--json", "--top-k", "2", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answered"] is True and "574" in data["citations"][0]["quote"]
    assert len(data["citations"]) <= 2
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    for c in data["citations"]:
        assert text[c["start"] : c["end"]] == c["quote"]
    assert data["timings_ms"]["total"] > 0
    assert result.stderr == ""


def test_ask_text_and_refusal(built):
    env, _ = built
    result = run("ask", "Who won the 2022 World Cup?", env=env)
    assert result.returncode == 0
    assert result.stdout.startswith("That is not in the articles.")


def test_batch_mode_one_json_line_per_input_line(built):
    env, _ = built
    questions = "How many drones were launched?\n\nWho won the 2022 World Cup?\n   \n" + "x" * 2001 + "\n"
    result = run("ask", "-", stdin=questions, env=env)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["answered"] for line in lines] == [True, False, False, False, False]
    assert [line["error"] is None for line in lines] == [True, False, True, False, False]
    assert "empty" in lines[1]["error"] and "empty" in lines[3]["error"]
    assert "limit is 2,000" in lines[4]["error"]
    assert len({tuple(line) for line in lines}) == 1  # every line has the same keys, in the same order


def test_batch_mode_survives_undecodable_bytes(built):
    env, _ = built
    stdin = b"\xff\xfe drones?\nHow many drones were launched?\n"
    result = subprocess.run([sys.executable, "-m", "index", "ask", "-"], input=stdin, capture_output=True,
                            timeout=TIMEOUT, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(lines) == 2 and lines[1]["answered"]


def test_summary_json(built):
    env, _ = built
    result = run("summary", "--json", "--sentences", "2", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"article", "title", "summary", "citations"} and len(data["citations"]) == 2


def test_sources(built):
    env, _ = built
    result = run("sources", env=env)
    assert result.returncode == 0 and "russia-rejects-european-troops" in result.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (("ask", ""), "empty"),
        (("ask", "   "), "empty"),
        (("ask", "y" * 2001), "limit is 2,000"),
        (("summary", "Moon landing"), "No indexed article matches"),
        (("ask", "How?", "--top-k", "0"), "--top-k"),
    ],
)
def test_bad_input_exits_2_with_one_line(built, args, message):
    env, _ = built
    result = run(*args, env=env)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_missing_index_exits_2_and_writes_nothing(tmp_path):
    store = tmp_path / "no-store"
    result = run("ask", "How many drones?", env={"NEWSBOT_STORE": str(store)})
    assert result.returncode == 2 and "no index yet" in result.stderr
    assert "Traceback" not in result.stderr
    assert not store.exists()


def test_empty_seeds_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", env={"NEWSBOT_SEEDS": str(tmp_path / "empty"), "NEWSBOT_STORE": str(tmp_path / "s")})
    assert result.returncode == 2 and "No readable article" in result.stderr
    assert not (tmp_path / "s").exists()


def test_each_seed_warning_is_printed_once(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED_ARTICLE, seeds)
    (seeds / "empty.txt").write_text("  \n", encoding="utf-8")
    result = run("build", env={"NEWSBOT_SEEDS": str(seeds), "NEWSBOT_STORE": str(tmp_path / "s")})
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == ["warning: empty.txt: empty file"]


def test_a_bad_setting_exits_2_naming_it(tmp_path):
    result = run("ask", "How?", env={"NEWSBOT_TOP_K": "0"})
    assert result.returncode == 2 and "NEWSBOT_TOP_K" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreadable_store_exits_2(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run("ask", "How many drones?", env={"NEWSBOT_STORE": str(store)})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_chat_keeps_the_last_answer_as_the_previous_turn(built):
    # The console is one thread, as in the bot: "where was that?" follows the answer before it; /new
    # forgets that answer, and the same question alone is about nothing.
    env, _ = built
    script = "What did Hunder say about Russia?\nwhere was that?\n/new\nwhere was that?\n"
    result = run("chat", stdin=script, env=env)
    assert result.returncode == 0, result.stderr
    replies = result.stdout.split("\n\n")
    follow_up = next(r for r in replies if r.startswith("Answer: "))
    assert follow_up.startswith("Answer: Ukraine [1]"), result.stdout
    assert "New conversation" in result.stdout
    assert result.stdout.rstrip().endswith("That is not in the articles.")


def test_chat_over_a_pipe(built):
    env, _ = built
    script = "/help\nHow many drones were launched?\n/summary\n/sources\n/nonsense\n/quit\nnever asked\n"
    result = run("chat", stdin=script, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/summary [article]" in out and "574" in out and "Summary of" in out
    assert "Unknown command /nonsense" in out and "never asked" not in out
