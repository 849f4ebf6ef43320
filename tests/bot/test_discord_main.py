"""`python -m bot`: configuration errors, building a missing index, the console fallback without a token."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from botdata import REPO, SEED

from bot.__main__ import main


def test_a_malformed_variable_stops_start_up_naming_it(monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_COOLDOWN_SECONDS", "soon")
    assert main() == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "Configuration error: DISCORD_COOLDOWN_SECONDS must be a number of seconds between 0 and 3600, "
        "not 'soon'."
    )


def test_without_a_token_it_builds_the_missing_index_and_falls_back_to_the_console_chat(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    shutil.copy(SEED, seeds / SEED.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_", "CHROMA_"))}
    env.update(
        NEWSBOT_SEEDS=str(seeds),
        NEWSBOT_STORE=str(tmp_path / "store"),
        PYTHONPATH=str(REPO),
        ANONYMIZED_TELEMETRY="False",
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="How many drones were launched?\n/quit\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "DISCORD_TOKEN is not set: starting the console chat instead." in done.stderr
    assert "No index yet: building one from" in done.stderr and "index built: 1 articles" in done.stderr
    assert "Building the index: embed" in done.stderr
    assert "574" in done.stdout
    assert (tmp_path / "store").is_dir()
