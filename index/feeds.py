"""Following RSS/Atom feeds: new entries are added the way `add` adds a URL, old feed articles expire.

Feeds are the URLs in NEWSBOT_FEEDS, or the lines of ``<seeds>/feeds.txt`` (``#`` starts a comment).
Each refresh asks every feed with its last ETag / Last-Modified (a 304 costs nothing more), adds at most
``feed_max_new`` new articles per feed, skips entries already present (by canonical URL or GUID) or
already tried, and removes the feed articles older than ``max_age_days``. Files placed by hand, or added
with `add`, are never removed: only those whose front matter names the feed they came from.
"""

from __future__ import annotations

import calendar
import io
import json
import logging
import os
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

from index.articles import FEEDS_FILE
from index.config import EngineConfig
from index.dates import parse_date
from index.ingest import Known, canonical_url, fetch_article, limits, read_meta, save
from index.web import Fetcher, FetchError

log = logging.getLogger(__name__)

# Entries remembered per feed, so an article that expired or failed for good is not fetched again.
SEEN_PER_FEED = 2000
# A feed full of pages that cannot be added (paywalls, robots.txt) costs at most this many fetches.
ATTEMPTS_PER_NEW = 3


@dataclass
class RefreshReport:
    feeds: int = 0
    not_modified: int = 0
    added: list[str] = field(default_factory=list)  # one line per article
    updated: int = 0
    present: int = 0
    too_old: int = 0
    removed: list[str] = field(default_factory=list)  # file names
    failures: list[str] = field(default_factory=list)  # "URL: reason", one per failed fetch

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def line(self) -> str:
        return (f"{self.feeds} feeds ({self.not_modified} not modified): {len(self.added)} added, "
                f"{self.updated} updated, {self.present} already present, {self.too_old} too old, "
                f"{len(self.removed)} removed, {len(self.failures)} failed")


def feed_urls(config: EngineConfig) -> list[str]:
    if config.feeds is not None:
        return list(config.feeds)
    path = config.seeds_dir / FEEDS_FILE
    if not path.is_file():
        return []
    urls = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            urls.append(line)
    return urls


def _load_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_state(path: Path, state: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def _entry_day(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        moment = entry.get(key)
        if moment:
            return datetime.fromtimestamp(calendar.timegm(moment), tz=UTC).date()
    return None


def _conditional_headers(saved: dict) -> dict[str, str]:
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"}
    if saved.get("etag"):
        headers["If-None-Match"] = saved["etag"]
    if saved.get("modified"):
        headers["If-Modified-Since"] = saved["modified"]
    return headers


def refresh(config: EngineConfig, *, fetcher: Fetcher | None = None,
            today: date | None = None) -> RefreshReport:
    """Reads every feed once, adds new articles, removes expired feed articles. Does not rebuild."""
    import feedparser

    today = today or datetime.now(UTC).date()
    cutoff = today - timedelta(days=config.max_age_days) if config.max_age_days else None
    fetcher = fetcher or Fetcher(limits(config))
    state = _load_state(config.feeds_state)
    feeds_state = state.setdefault("feeds", {})
    report = RefreshReport()
    known = Known.scan(config.seeds_dir)
    for feed_url in feed_urls(config):
        report.feeds += 1
        saved = feeds_state.setdefault(feed_url, {})
        try:
            response = fetcher.get(feed_url, _conditional_headers(saved))
        except FetchError as error:
            report.failures.append(str(error))
            log.warning("feed %s", error)
            continue
        if response.status == 304:
            report.not_modified += 1
            continue
        # A stream, never bytes or a string: feedparser opens those as a local file name, or fetches them
        # as a URL, when they look like one.
        parsed = feedparser.parse(io.BytesIO(response.body), response_headers=dict(response.headers.items()))
        if parsed.bozo and not parsed.entries:
            report.failures.append(f"{feed_url}: not an RSS or Atom feed")
            continue
        # Validators only once the body was read as a feed, so a broken response is asked for again.
        saved["etag"] = response.headers.get("ETag")
        saved["modified"] = response.headers.get("Last-Modified")
        _read_entries(config, fetcher, response.url, parsed.entries, saved, known, cutoff, today, report,
                      feed_url)
    if cutoff is not None:
        _expire(config.seeds_dir, cutoff, report)
    _save_state(config.feeds_state, state)
    log.info("feeds refreshed: %s", report.line())
    return report


def _read_entries(config, fetcher, base, entries, saved, known, cutoff, today, report, feed_url) -> None:
    seen = saved.setdefault("seen", [])
    seen_set = set(seen)
    # Newest first: with a cap on new articles per refresh, the newest are the ones worth having.
    dated = sorted(entries, key=lambda e: _entry_day(e) or date.min, reverse=True)
    new = attempts = 0
    for entry in dated:
        if new >= config.feed_max_new or attempts >= config.feed_max_new * ATTEMPTS_PER_NEW:
            break
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        link = urljoin(base, link)  # some feeds give links relative to themselves
        guid = (entry.get("id") or "").strip() or canonical_url(link)
        if guid in seen_set or guid in known.by_guid or canonical_url(link) in known.by_url:
            report.present += guid not in seen_set
            continue
        day = _entry_day(entry)
        if cutoff is not None and day is not None and day < cutoff:
            report.too_old += 1
            continue
        attempts += 1
        try:
            article = fetch_article(fetcher, link)
            if article.published is None and day is not None:
                article = replace(article, published=day.isoformat())
            published = parse_date(article.published)
            if cutoff is not None and published is not None and published < cutoff:
                # The page's own date is older than the feed said: not worth adding only to expire.
                report.too_old += 1
                seen.append(guid)
                seen_set.add(guid)
                continue
            added = save(config.seeds_dir, article, feed=feed_url, guid=guid, today=today)
        except FetchError as error:
            report.failures.append(str(error))
            log.warning("feed entry %s", error)
            if error.permanent:
                seen.append(guid)
                seen_set.add(guid)
            continue
        seen.append(guid)
        seen_set.add(guid)
        known.by_guid[guid] = added.path
        known.by_url[added.url] = added.path
        if added.status == "added":
            new += 1
            report.added.append(added.line())
        elif added.status == "updated":
            report.updated += 1
        else:
            report.present += 1
    del seen[:-SEEN_PER_FEED]


def _expire(seeds_dir: Path, cutoff: date, report: RefreshReport) -> None:
    if not seeds_dir.is_dir():
        return
    for path in sorted(seeds_dir.glob("*.md")):
        meta = read_meta(path)
        if not meta.get("feed"):
            continue  # placed by hand or added with `add`: never removed
        day = parse_date(meta.get("published")) or parse_date(meta.get("fetched"))
        if day is not None and day < cutoff:
            path.unlink(missing_ok=True)
            report.removed.append(path.name)
            log.info("expired feed article %s (%s)", path.name, day.isoformat())
