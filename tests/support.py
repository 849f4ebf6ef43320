"""Plain helpers and paths shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_ARTICLE = REPO / "seeds" / "russia-rejects-european-troops.txt"
SHARED_DATA = REPO.parent / "shared" / "data"


def write_article(folder: Path, name: str, title: str, paragraphs: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(title + "\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_chroma(path: Path, port: int, log_path: Path | None = None) -> subprocess.Popen:
    """A real `chroma run` serving ``path`` on loopback ``port``, returned once it listens; fails the test
    if it exits or does not listen within 30 s. Its output goes to ``log_path`` (quoted on an early exit)."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.fail(f"the chroma CLI is missing next to {sys.executable}")
    with open(log_path or os.devnull, "wb") as log_file:
        process = subprocess.Popen(
            [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log_file, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("chroma run exited early" + (f": {log_path.read_text()[-2000:]}" if log_path else ""))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("chroma run did not listen within 30 s")
