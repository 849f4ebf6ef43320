"""The shared evaluation data, split into a tuning half and a held-out half, and written as seed files.

Splits (DEVELOPERS.md): SQuAD articles at even positions in the file are the tuning half, odd positions
held out; FRANK rows with ``frank_split == "validation"`` tune, ``"test"`` is held out. SummEval has no
split of its own, so it follows the SQuAD rule (even positions tune, odd positions are held out).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SPLITS = ("tuning", "heldout")


@dataclass(frozen=True)
class Question:
    id: str
    article: str  # seed article id
    text: str
    answers: tuple[str, ...]
    impossible: bool = False


@dataclass(frozen=True)
class SeedArticle:
    id: str
    title: str
    paragraphs: tuple[str, ...]

    def file_text(self) -> str:
        return self.title + "\n" + "\n".join(self.paragraphs) + "\n"


@dataclass(frozen=True)
class SummaryCase:
    id: str  # seed article id
    dataset: str  # "frank-cnndm" or "summeval"
    references: tuple[str, ...]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _keep(position: int, split: str) -> bool:
    return (position % 2 == 0) == (split == "tuning")


def squad(split: str, version: str = "1.1") -> tuple[list[SeedArticle], list[Question]]:
    """One article per title (its paragraphs one per line) and every question about it."""
    path = DATA / "squad" / f"dev-v{version}.json"
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    prefix = "squad" if version == "1.1" else "squad2"
    articles, questions = [], []
    for position, entry in enumerate(data):
        if not _keep(position, split):
            continue
        article_id = f"{prefix}-{position:02d}-{_slug(entry['title'])}"
        paragraphs = tuple(_one_line(p["context"]) for p in entry["paragraphs"])
        articles.append(SeedArticle(article_id, entry["title"].replace("_", " "), paragraphs))
        for paragraph in entry["paragraphs"]:
            for qa in paragraph["qas"]:
                answers = tuple(dict.fromkeys(_one_line(a["text"]) for a in qa.get("answers", [])))
                impossible = bool(qa.get("is_impossible", False))
                if not answers and not impossible:
                    continue
                questions.append(Question(qa["id"], article_id, _one_line(qa["question"]), answers, impossible))
    return articles, questions


def frank_cnndm(split: str) -> tuple[list[SeedArticle], list[SummaryCase]]:
    """FRANK CNN/DailyMail articles; one sentence of FRANK's split copy per line (captions stay apart)."""
    wanted = "validation" if split == "tuning" else "test"
    articles, cases = [], []
    path = DATA / "summarization" / "frank_cnndm_xsum_500.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["dataset"] != "cnndm" or row["frank_split"] != wanted:
            continue
        article_id = f"frank-{row['id'][:16]}"
        lines = tuple(s for s in (_one_line(s) for s in row["article_sentences"]) if s)
        articles.append(SeedArticle(article_id, f"CNN/DailyMail {row['id'][:12]}", lines))
        cases.append(SummaryCase(article_id, "frank-cnndm", (row["reference"],)))
    return articles, cases


def summeval(split: str) -> tuple[list[SeedArticle], list[SummaryCase]]:
    articles, cases = [], []
    path = DATA / "summarization" / "summeval_cnndm100_multiref.jsonl"
    for position, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not _keep(position, split):
            continue
        row = json.loads(line)
        article_id = f"summeval-{position:03d}"
        articles.append(SeedArticle(article_id, f"SummEval {row['id'][-12:]}", (_one_line(row["article"]),)))
        cases.append(SummaryCase(article_id, "summeval", tuple(row["references"])))
    return articles, cases


def normalize(text: str) -> str:
    """For "the quote contains a gold answer": case-folded, white space collapsed."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def contains_answer(passage: str, answers: tuple[str, ...]) -> bool:
    folded = normalize(passage)
    return any(normalize(a) in folded for a in answers)


def engine_commit() -> str | None:
    """The commit measured (with "-dirty" when the work tree has changes), for the results to name."""
    import subprocess

    try:
        return subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=12"], cwd=REPO,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
