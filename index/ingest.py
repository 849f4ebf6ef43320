"""Articles from the web: fetch a page, extract its text and metadata, write it into the seeds folder.

The file is ``<slug of the title>-<8 hex of the canonical URL's hash>.md`` with front matter, so the same
article added twice finds its file again (a no-op when nothing changed, an in-place update when its text
did). trafilatura only parses what index/web.py fetched; it never fetches anything itself.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from index.articles import front_matter, parse_article
from index.config import EngineConfig
from index.dates import parse_date
from index.web import Fetcher, FetchError, Limits

log = logging.getLogger(__name__)

# Below this many words a page is a paywall, a cookie wall or a teaser, not an article to quote from.
MIN_WORDS = 80
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|at_medium|at_campaign|cmpid)$", re.I)


def limits(config: EngineConfig) -> Limits:
    return Limits(timeout=config.fetch_timeout, max_bytes=int(config.fetch_max_mb * 1024 * 1024),
                  allow_private=config.allow_private_urls)


def canonical_url(url: str) -> str:
    """The form two links to one article share: no fragment, no tracking parameters, lower-case host."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(scheme)
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, default) else f"{host}:{port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in pairs if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def url_key(url: str) -> str:
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:8]


def slug(title: str, limit: int = 60) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0]
    return words or "article"


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str
    url: str  # canonical
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None  # the site's name


def _one_line(value: str | None) -> str | None:
    value = re.sub(r"\s+", " ", value or "").strip()
    return value or None


def extract(html: bytes | str, url: str) -> Extracted:
    """Text and metadata of the article in ``html`` fetched from ``url``; FetchError when there is none."""
    import trafilatura

    # Its complaints about a page's markup would be extra lines beside the one this function raises.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
        # Only dates the page states as its own (meta tags, JSON-LD, the article's markup): the
        # extensive search would take any date in the text, such as a copyright year.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise FetchError(url, "no article text found in the page", permanent=True)
    title = _one_line(document.title)
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]  # the headline again, as the first line of the text
    words = sum(len(line.split()) for line in lines)
    if words < MIN_WORDS:
        raise FetchError(url, f"only {words} words of text: a paywall, a login or cookie wall, or not an "
                              "article", permanent=True)
    # The page's own canonical URL, when it names one on the same kind of scheme, else where it was fetched.
    stated = document.url if document.url and urlsplit(document.url).scheme in ("http", "https") else url
    published = parse_date(document.date)
    return Extracted(
        title=title or lines[0][:120],
        text="\n\n".join(lines),
        url=canonical_url(stated),
        author=_one_line(document.author),
        published=published.isoformat() if published else None,
        source=_one_line(document.sitename) or (urlsplit(stated).hostname or None),
    )


@dataclass(frozen=True)
class Added:
    status: str  # "added", "updated", "unchanged", or "present" (a hand-placed file has that URL)
    path: Path
    title: str
    url: str
    published: str | None = None
    source: str | None = None

    def line(self) -> str:
        when = ", ".join(p for p in (self.source, self.published) if p)
        return f"{self.status}: {self.path.name} — {self.title}" + (f" ({when})" if when else "")


@dataclass
class Known:
    """The articles already in the seeds folder, by canonical URL and by feed GUID."""

    by_url: dict[str, Path]
    by_guid: dict[str, Path]

    @classmethod
    def scan(cls, seeds_dir: Path) -> Known:
        known = cls({}, {})
        if not seeds_dir.is_dir():
            return known
        for path in sorted(seeds_dir.iterdir()):
            if path.suffix.lower() != ".md" or path.name.startswith("."):
                continue
            meta = read_meta(path)
            if meta.get("url"):
                known.by_url[canonical_url(meta["url"])] = path
            if meta.get("guid"):
                known.by_guid[meta["guid"]] = path
        return known


def read_meta(path: Path) -> dict[str, str]:
    try:
        head = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return front_matter(head)


def render(article: Extracted, *, feed: str | None, guid: str | None, fetched: str) -> str:
    fields = [("title", article.title), ("url", article.url), ("published", article.published),
              ("source", article.source), ("author", article.author), ("feed", feed), ("guid", guid),
              ("fetched", fetched)]
    head = "\n".join(f"{key}: {_one_line(value)}" for key, value in fields if _one_line(value))
    return f"---\n{head}\n---\n{article.text}\n"


def _write_atomic(path: Path, text: str) -> None:
    # A dot-file is never read as an article, so a crash mid-write leaves nothing half-written behind.
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def save(seeds_dir: Path, article: Extracted, *, feed: str | None = None, guid: str | None = None,
         today: date | None = None) -> Added:
    """Writes ``article`` into ``seeds_dir``: a new file, the same file updated, or nothing."""
    key = url_key(article.url)
    existing = sorted(seeds_dir.glob(f"*-{key}.md")) if seeds_dir.is_dir() else []
    info = dict(title=article.title, url=article.url, published=article.published, source=article.source)
    if not existing:
        hand_placed = Known.scan(seeds_dir).by_url.get(article.url)
        if hand_placed is not None:
            return Added("present", hand_placed, **info)
    path = existing[0] if existing else seeds_dir / f"{slug(article.title)}-{key}.md"
    old = read_meta(path) if existing else {}
    # An article added by hand and later seen in a feed (or the other way round) keeps what it was.
    text = render(article, feed=old.get("feed", feed) if existing else feed,
                  guid=old.get("guid", guid) if existing else guid,
                  fetched=old.get("fetched") or (today or date.today()).isoformat())
    if not parse_article(path, text).sentences:
        raise FetchError(article.url, "no sentences found in the article text", permanent=True)
    if existing:
        if path.read_text(encoding="utf-8") == text:
            return Added("unchanged", path, **info)
        _write_atomic(path, text)
        return Added("updated", path, **info)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, text)
    return Added("added", path, **info)


def fetch_article(fetcher: Fetcher, url: str) -> Extracted:
    response = fetcher.get(url)
    if response.content_type not in HTML_TYPES:
        raise FetchError(url, f"not a web page ({response.content_type})", permanent=True)
    body: bytes | str = response.body
    if response.charset:
        try:
            body = response.body.decode(response.charset, "replace")
        except LookupError:
            pass  # an unknown charset name: trafilatura detects the encoding itself
    return extract(body, response.url)


def add_url(config: EngineConfig, url: str, *, fetcher: Fetcher | None = None, feed: str | None = None,
            guid: str | None = None, fallback_published: str | None = None,
            today: date | None = None) -> Added:
    """Fetches ``url`` and saves its article. Raises FetchError (nothing written) when that fails."""
    fetcher = fetcher or Fetcher(limits(config))
    article = fetch_article(fetcher, url.strip())
    if article.published is None and fallback_published:
        article = replace(article, published=fallback_published)
    added = save(config.seeds_dir, article, feed=feed, guid=guid, today=today)
    log.info("%s", added.line())
    return added
