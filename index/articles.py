"""Reads articles from the seeds folder: `.txt` (first line = title) and `.md` (optional front matter).

Offsets everywhere are into the whole file decoded as UTF-8, so ``text[start:end]`` is the quote.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from index.sentences import split_sentences

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
# The list of feeds may sit in the seeds folder (index/feeds.py); it is not an article.
FEEDS_FILE = "feeds.txt"
# Bumped when parsing changes, so a rebuild re-embeds articles whose sentences may now differ.
PARSER_VERSION = "1"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+")
HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 14


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    section: str | None


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    sentences: tuple[Sentence, ...]
    path: Path
    digest: str
    url: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None

    def quote(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]


def is_heading(line: str) -> bool:
    """A short line without final punctuation inside the text: "Moscow's Hardline Stance"."""
    stripped = line.strip()
    if not stripped or len(stripped) > HEADING_MAX_CHARS or len(stripped.split()) > HEADING_MAX_WORDS:
        return False
    return stripped[-1] not in ".!?…:;,\"'”’)]"


def front_matter(text: str) -> dict[str, str]:
    """The front matter fields of a `.md` file's text (lower-case keys); empty when it has none."""
    return _front_matter(text)[0]


def _front_matter(text: str) -> tuple[dict[str, str], int]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, match.end()


def _lines(text: str, begin: int):
    """Yields (start, end) of each non-empty line from ``begin``, without its line break."""
    for match in re.finditer(r"[^\r\n]+", text[begin:]):
        yield begin + match.start(), begin + match.end()


def parse_article(path: Path, text: str) -> Article:
    is_markdown = path.suffix.lower() == ".md"
    meta, body_start = _front_matter(text) if is_markdown else ({}, 0)
    title = meta.get("title")
    sentences: list[Sentence] = []
    section: str | None = None
    paragraph = 0
    seen_title_line = False
    for start, end in _lines(text, body_start):
        line = text[start:end]
        if not line.strip():
            continue
        content_start = start
        heading_match = _MD_HEADING.match(line) if is_markdown else None
        if heading_match:
            content_start = start + heading_match.end()
        content = text[content_start:end].strip()
        if not seen_title_line and not (is_markdown and not heading_match and title):
            seen_title_line = True
            if not is_markdown or heading_match:
                # The first line of a .txt file (or a leading "# Title") is the title, never quoted.
                title = title or content
                continue
        seen_title_line = True
        if heading_match or is_heading(content):
            section = content
            continue
        for s, e in split_sentences(text, content_start, end):
            sentences.append(Sentence(s, e, paragraph, section))
        paragraph += 1
    digest = hashlib.sha256((PARSER_VERSION + "\0" + text).encode("utf-8")).hexdigest()
    return Article(
        id=path.stem,
        title=title or path.stem.replace("-", " ").replace("_", " "),
        text=text,
        sentences=tuple(sentences),
        path=path,
        digest=digest,
        url=meta.get("url"),
        published=meta.get("published"),
        source=meta.get("source"),
        author=meta.get("author"),
    )


def read_article(path: Path) -> Article:
    """Raises ValueError with a message naming the file when it cannot be used."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: not valid UTF-8 text") from None
    if not text.strip():
        raise ValueError(f"{path.name}: empty file")
    article = parse_article(path, text)
    if not article.sentences:
        raise ValueError(f"{path.name}: no sentences found (only a title or headings)")
    return article


def load_articles(seeds_dir: Path) -> tuple[list[Article], list[str]]:
    """All usable articles in ``seeds_dir`` (sorted by id) and one warning per file skipped."""
    articles: list[Article] = []
    warnings: list[str] = []
    if not seeds_dir.is_dir():
        return [], [f"seeds folder {seeds_dir} does not exist"]
    seen: dict[str, Path] = {}
    for path in sorted(seeds_dir.iterdir()):
        if (path.name.startswith(".") or path.suffix.lower() not in SUFFIXES or not path.is_file()
                or path.name == FEEDS_FILE):
            continue
        if path.stem in seen:
            warnings.append(f"{path.name}: skipped, {seen[path.stem].name} has the same article id")
            continue
        try:
            article = read_article(path)
        except ValueError as error:
            warnings.append(str(error))
            continue
        seen[path.stem] = path
        articles.append(article)
    for warning in warnings:
        log.warning("%s", warning)
    return articles, warnings
