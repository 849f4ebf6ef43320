"""`python -m index add` and `refresh` end to end in subprocesses, against the local news site."""

from __future__ import annotations

import json
import socket

import pytest
from test_cli import run
from web_site import FERRY



def test_add_refresh_then_dates_in_ask_json_and_sources(site, tmp_path):
    env = {"NEWSBOT_SEEDS": str(tmp_path / "seeds"), "NEWSBOT_STORE": str(tmp_path / "store"),
           "NEWSBOT_ALLOW_PRIVATE_URLS": "1"}
    result = run("add", site.base + FERRY, site.base + "/bridge", "--no-build", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("added: ") for line in lines)
    assert "Port authority approves night ferry service (The Coastal Herald, 2025-08-28)" in lines[0]
    assert not (tmp_path / "store").exists()  # --no-build only writes the files

    # One good URL (unchanged) and one that fails: one line each, exit 2, nothing rebuilt.
    result = run("add", site.base + FERRY, site.base + "/paywall", env=env)
    assert result.returncode == 2
    assert result.stdout.startswith("unchanged: ")
    (error,) = result.stderr.strip().splitlines()
    assert error.startswith(f"error: {site.base}/paywall: only ") and "paywall" in error
    assert not (tmp_path / "store").exists()

    # The feeds (dated 2025, so the age cut-off is set far back) and one rebuild for all of it.
    env["NEWSBOT_FEEDS"] = f"{site.base}/rss.xml {site.base}/atom.xml"
    env["NEWSBOT_MAX_AGE_DAYS"] = "100000"
    result = run("refresh", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert sum(line.startswith("added: ") for line in out) == 5
    assert "2 feeds (0 not modified): 5 added" in result.stdout
    assert out[-1].startswith("7 articles, ") and "embedded" in out[-1]

    result = run("ask", "How much silt will be removed from the harbour?", "--json", env=env)
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)["citations"][0]
    assert "80,000 cubic metres of silt" in first["quote"]
    assert (first["published"], first["source"]) == ("2025-09-11", "The Coastal Herald")
    assert first["url"] == site.base + "/feed/dredging"

    result = run("ask", "How many crew members will the night ferry hire?", "--json", env=env)
    first = json.loads(result.stdout)["citations"][0]
    assert "eleven crew members" in first["quote"] and first["published"] == "2025-08-28"

    result = run("sources", "--json", env=env)
    bridge = [a for a in json.loads(result.stdout) if a["title"].startswith("Bridge repairs")]
    assert [(a["published"], a["source"]) for a in bridge] == [("2025-09-10", "Valley Times")]


def test_add_refuses_a_loopback_url_by_default_before_connecting(tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/news"
        result = run("add", url, env={"NEWSBOT_SEEDS": str(tmp_path / "seeds")})
        assert result.returncode == 2 and result.stdout == ""
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"error: {url}: 127.0.0.1 resolves to a loopback or private address")
        with pytest.raises(BlockingIOError):
            listener.accept()  # no connection was ever made
    assert not (tmp_path / "seeds").exists()


def test_refresh_without_feeds_says_so(tmp_path):
    result = run("refresh", env={"NEWSBOT_SEEDS": str(tmp_path / "seeds")})
    assert result.returncode == 2 and "No feeds to read" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
