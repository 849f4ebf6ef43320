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
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+")
HEADING_MAX_CHARS = 90
HEADING_MAX_WORDS = 14
# A title is shown beside every quote and stored once per article; longer ones are cut with a warning.
TITLE_MAX_CHARS = 300
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# A file where more than this share of the characters are control or private-use characters (or U+FFFD)
# is binary or garbage, not an article: it would be indexed as passages nobody can read.
MAX_NON_TEXT_SHARE = 0.10
_NON_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")


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
    warnings: tuple[str, ...] = ()  # what was changed while reading it (a title cut short)

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


def cut_title(title: str) -> str:
    """``title`` cut to TITLE_MAX_CHARS at a word boundary, with an ellipsis."""
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[: TITLE_MAX_CHARS - 1]
    space = cut.rfind(" ")
    if space > TITLE_MAX_CHARS // 2:  # a word boundary not too far back; else cut inside the word
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def parse_article(path: Path, text: str) -> Article:
    is_markdown = path.suffix.lower() == ".md"
    meta, body_start = _front_matter(text) if is_markdown else ({}, 0)
    title = meta.get("title")
    notes: list[str] = []
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
                # The first line of a .txt file (or a leading "# Title") is the title, never quoted...
                title = title or content
                if not (len(content) > TITLE_MAX_CHARS and not is_markdown):
                    continue
                # ... unless it is far too long for a title: then it is prose and indexed as such.
                notes.append(f"{path.name}: the first line is {len(content):,} characters, too long for a "
                             "title; it is indexed as text too")
        seen_title_line = True
        if heading_match or is_heading(content):
            section = content
            continue
        for s, e in split_sentences(text, content_start, end):
            sentences.append(Sentence(s, e, paragraph, section))
        paragraph += 1
    digest = hashlib.sha256((PARSER_VERSION + "\0" + text).encode("utf-8")).hexdigest()
    title = " ".join((title or "").replace("\ufeff", "").split())
    if len(title) > TITLE_MAX_CHARS:
        notes.append(f"{path.name}: title cut from {len(title):,} to {TITLE_MAX_CHARS} characters")
        title = cut_title(title)
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
        warnings=tuple(notes),
    )


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Raises ValueError with a message naming the file when it cannot be used."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ValueError(f"{path.name}: skipped, {size:,} bytes is over the limit of {max_bytes:,} "
                             "(NEWSBOT_MAX_ARTICLE_BYTES)")
        raw = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: not valid UTF-8 text") from None
    if not text.strip():
        raise ValueError(f"{path.name}: empty file")
    visible = max(len(text) - sum(text.count(space) for space in " \t\n\r\f\v"), 1)
    junk = len(_NON_TEXT.findall(text))
    if junk > MAX_NON_TEXT_SHARE * visible:
        raise ValueError(f"{path.name}: skipped, {min(junk / visible, 1):.0%} of its characters are control "
                         "or non-text characters")
    article = parse_article(path, text)
    if not article.sentences:
        raise ValueError(f"{path.name}: no sentences found (only a title or headings)")
    return article


def load_articles(seeds_dir: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[list[Article], list[str]]:
    """All usable articles in ``seeds_dir`` (sorted by id) and one warning per file skipped or changed.
    The caller reports the warnings (once)."""
    articles: list[Article] = []
    warnings: list[str] = []
    if not seeds_dir.is_dir():
        return [], [f"seeds folder {seeds_dir} does not exist"]
    seen: dict[str, Path] = {}
    for path in sorted(seeds_dir.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in SUFFIXES or path.name == FEEDS_FILE:
            continue
        if path.is_symlink() and not path.exists():
            warnings.append(f"{path.name}: skipped, a broken symbolic link or a symbolic-link loop")
            continue
        if not path.is_file():
            continue
        if path.stem in seen:
            warnings.append(f"{path.name}: skipped, {seen[path.stem].name} has the same article id")
            continue
        try:
            article = read_article(path, max_bytes)
        except ValueError as error:
            warnings.append(str(error))
            continue
        seen[path.stem] = path
        articles.append(article)
        warnings.extend(article.warnings)
    return articles, warnings
