"""Feedback on answers, kept in SQLite next to the index (stdlib ``sqlite3``, WAL).

What is stored, per answer: a random answer id, the question as asked, whether it was answered, the
citations (article, title, offsets, quote), the server and channel ids and the time. Per vote: the
answer id, +1 or -1, the time, and a salted SHA-256 of the voter's user id, never the id itself (the
salt is made once per database and kept in it, so one person's votes can be told apart, e.g. a changed
vote replaces the earlier one, but not traced to an account without the database).

    python -m bot.feedback export [--db PATH] [--out FILE]   # JSON lines, one answer per line
    python -m bot.feedback import FILE [--db PATH]            # the reverse, into an empty database
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index.types import Answer

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    citations TEXT NOT NULL,
    guild_id INTEGER,
    channel_id INTEGER,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_time ON answers (guild_id, created_at);
CREATE TABLE IF NOT EXISTS votes (
    answer_id TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at REAL NOT NULL,
    PRIMARY KEY (answer_id, user_hash)
);
"""
WORST_SHOWN = 5


@dataclass(frozen=True)
class Stats:
    answers: int
    refusals: int
    up: int
    down: int
    worst: tuple[tuple[str, int, int], ...]  # (question, up, down), most disliked first


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def _seconds(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


class FeedbackStore:
    """Thread-safe: the bot calls it from one database thread, the CLI from its main thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
        (self._salt,) = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def user_hash(self, user_id: int) -> str:
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()

    def record_answer(
        self,
        answer_id: str,
        answer: Answer,
        guild_id: int | None,
        channel_id: int | None,
        at: float | None = None,
    ) -> None:
        citations = [
            {
                "n": c.n,
                "article": c.article,
                "title": c.title,
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
            }
            for c in answer.citations
        ]
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    answer.question,
                    int(answer.answered),
                    json.dumps(citations, ensure_ascii=False),
                    guild_id,
                    channel_id,
                    time.time() if at is None else at,
                ),
            )

    def record_vote(self, answer_id: str, user_id: int, vote: int, at: float | None = None) -> bool:
        """A member's vote (+1/-1) on an answer; a second click replaces the first. False when the
        answer is unknown (recorded by another database)."""
        with self._lock:
            if self._db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            self._db.execute(
                "INSERT OR REPLACE INTO votes VALUES (?, ?, ?, ?)",
                (answer_id, self.user_hash(user_id), vote, time.time() if at is None else at),
            )
        return True

    def stats(self, guild_id: int | None, days: float = 7, now: float | None = None) -> Stats:
        since = (time.time() if now is None else now) - days * 86400
        with self._lock:
            answers, refusals = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(1 - answered), 0) FROM answers"
                " WHERE guild_id IS ? AND created_at >= ?",
                (guild_id, since),
            ).fetchone()
            up, down = self._db.execute(
                "SELECT COALESCE(SUM(v.vote = 1), 0), COALESCE(SUM(v.vote = -1), 0) FROM votes v"
                " JOIN answers a ON a.id = v.answer_id WHERE a.guild_id IS ? AND a.created_at >= ?",
                (guild_id, since),
            ).fetchone()
            worst = self._db.execute(
                "SELECT a.question, SUM(v.vote = 1) AS up, SUM(v.vote = -1) AS down FROM votes v"
                " JOIN answers a ON a.id = v.answer_id WHERE a.guild_id IS ? AND a.created_at >= ?"
                " GROUP BY lower(trim(a.question)) HAVING down > 0"
                " ORDER BY SUM(v.vote) ASC, down DESC, MAX(a.created_at) DESC LIMIT ?",
                (guild_id, since, WORST_SHOWN),
            ).fetchall()
        return Stats(answers, refusals, up, down, tuple((q, int(u), int(d)) for q, u, d in worst))

    # ------------------------------------------------------------------ offline evaluation

    def export(self) -> Iterator[dict]:
        """One record per answer, oldest first, with its votes (hashed voters only)."""
        with self._lock:
            answers = self._db.execute("SELECT * FROM answers ORDER BY created_at, id").fetchall()
            votes = self._db.execute(
                "SELECT answer_id, user_hash, vote, voted_at FROM votes ORDER BY voted_at, user_hash"
            ).fetchall()
        by_answer: dict[str, list[dict]] = {}
        for answer_id, user_hash, vote, voted_at in votes:
            by_answer.setdefault(answer_id, []).append(
                {"user_hash": user_hash, "vote": vote, "voted_at": _iso(voted_at)}
            )
        for answer_id, question, answered, citations, guild_id, channel_id, created_at in answers:
            these = by_answer.get(answer_id, [])
            yield {
                "answer_id": answer_id,
                "question": question,
                "answered": bool(answered),
                "citations": json.loads(citations),
                "guild_id": guild_id,
                "channel_id": channel_id,
                "created_at": _iso(created_at),
                "up": sum(1 for v in these if v["vote"] == 1),
                "down": sum(1 for v in these if v["vote"] == -1),
                "votes": these,
            }

    def load(self, records: Iterable[dict]) -> int:
        """Writes exported records back (hashes as they are: they stay comparable only with this
        database's salt if it was the exporting one). Returns how many answers were loaded."""
        count = 0
        with self._lock:
            for r in records:
                self._db.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        r["answer_id"],
                        r["question"],
                        int(r["answered"]),
                        json.dumps(r["citations"], ensure_ascii=False),
                        r["guild_id"],
                        r["channel_id"],
                        _seconds(r["created_at"]),
                    ),
                )
                for v in r["votes"]:
                    self._db.execute(
                        "INSERT OR REPLACE INTO votes VALUES (?, ?, ?, ?)",
                        (r["answer_id"], v["user_hash"], v["vote"], _seconds(v["voted_at"])),
                    )
                count += 1
        return count
