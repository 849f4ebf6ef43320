"""Articles from the web, against a news site of our own on 127.0.0.1 (tests/web_site.py).

Private addresses are allowed on purpose in these tests (the site is on loopback), except in the tests
that check the refusal, which is the default. Every request goes to 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import replace
from datetime import date

import pytest
from web_site import FERRY, STORIES

from index.articles import read_article
from index.config import EngineConfig
from index.feeds import refresh
from index.ingest import add_url, canonical_url, url_key
from index.web import USER_AGENT, Fetcher, FetchError, Limits



@pytest.fixture
def config(tmp_path) -> EngineConfig:
    return EngineConfig(seeds_dir=tmp_path / "seeds", store_dir=tmp_path / "store", allow_private_urls=True)


def seeds(config) -> list[str]:
    return sorted(p.name for p in config.seeds_dir.iterdir()) if config.seeds_dir.exists() else []


# -- extraction: every field, or its absence ---------------------------------------------------------


def test_json_ld_news_article_every_field(site, config):
    added = add_url(config, site.base + FERRY)
    assert added.status == "added"
    url = site.base + FERRY
    assert added.path.name == f"port-authority-approves-night-ferry-service-{url_key(url)}.md"
    article = read_article(added.path)
    assert article.title == "Port authority approves night ferry service"
    assert article.url == url
    assert article.published == "2025-08-28"
    assert article.source == "The Coastal Herald"
    assert article.author == "Maria Okafor"
    assert "eleven crew members for the night crossings" in article.text
    # The headline is the title, not a quoted sentence; navigation and the footer are not text.
    assert not any("Port authority approves" in article.quote(s) for s in article.sentences)
    assert "Weather" not in article.text and "All rights reserved" not in article.text
    (page,) = [r for r in site.requests if r.path == FERRY]
    assert page.headers["User-Agent"] == USER_AGENT and USER_AGENT.startswith("newsbot/")
    assert site.paths() == ["/robots.txt", FERRY]


def test_open_graph_only_page_without_author(site, config):
    added = add_url(config, site.base + "/city/library-hours?utm_source=rss#top")
    article = read_article(added.path)
    assert article.title == "City library extends its opening hours into the evening"
    assert article.url == site.base + "/city/library-hours"  # og:url without its tracking parameter
    assert article.published == "2025-09-02" and article.source == "Riverside Daily"
    assert article.author is None and "author:" not in article.text
    assert "open until nine in the evening on weekdays" in article.text


def test_cookie_banner_and_related_links_are_left_out(site, config):
    added = add_url(config, site.base + "/bridge")
    article = read_article(added.path)
    assert article.title == "Bridge repairs to close northern crossing for three weeks"
    assert article.author == "Peter Novak"
    assert (article.published, article.source) == ("2025-09-10", "Valley Times")
    assert article.url == site.base + "/bridge"  # no canonical link: the URL it was fetched from
    assert "expansion joints" in article.text
    clutters = ("cookies", "Accept all", "Related stories", "cycle lanes", "newsletter", "Privacy policy")
    for clutter in clutters:
        assert clutter not in article.text


def test_paywall_stub_is_refused_with_one_line_and_nothing_written(site, config):
    with pytest.raises(FetchError) as caught:
        add_url(config, site.base + "/paywall")
    message = str(caught.value)
    assert message.startswith(site.base + "/paywall: ") and "paywall" in message and "\n" not in message
    assert seeds(config) == []


def test_not_a_web_page_and_missing_page(site, config):
    site.overrides["/report.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
    with pytest.raises(FetchError, match=r"report\.pdf: not a web page \(application/pdf\)"):
        add_url(config, site.base + "/report.pdf")
    with pytest.raises(FetchError, match=r"/gone: HTTP 404"):
        add_url(config, site.base + "/gone")
    assert seeds(config) == []


# -- the same article twice, and updates -------------------------------------------------------------


def test_same_article_twice_is_a_no_op_and_changed_text_is_updated_in_place(site, config):
    first = add_url(config, site.base + FERRY)
    before = first.path.read_bytes()
    again = add_url(config, site.base + FERRY + "?utm_campaign=x")
    assert again.status == "unchanged" and again.path == first.path and first.path.read_bytes() == before
    page = site.page("jsonld-newsarticle.html").replace(b"eleven crew members", b"fourteen crew members")
    site.overrides[FERRY] = (200, {"Content-Type": "text/html; charset=utf-8"}, page)
    updated = add_url(config, site.base + FERRY)
    assert updated.status == "updated" and updated.path == first.path
    assert "fourteen crew members" in first.path.read_text() and seeds(config) == [first.path.name]


# -- being a good citizen ----------------------------------------------------------------------------


def test_robots_txt_disallow_is_obeyed(site, config):
    with pytest.raises(FetchError, match="robots.txt"):
        add_url(config, site.base + "/private/story")
    assert site.paths() == ["/robots.txt"]  # the page itself was never asked for
    site.robots = "User-agent: newsbot\nDisallow: /\n"
    with pytest.raises(FetchError, match="robots.txt"):
        add_url(config, site.base + "/bridge")
    assert seeds(config) == []


def test_missing_robots_txt_allows_everything(site, config):
    site.robots = None
    assert add_url(config, site.base + "/bridge").status == "added"


@pytest.fixture
def listener():
    """A loopback port that accepts nothing by itself: any connection to it would be queued."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def assert_no_connection(listener) -> None:
    with pytest.raises(BlockingIOError):
        listener.accept()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
def test_private_addresses_are_refused_by_default_before_any_connection(listener, host, tmp_path):
    port = listener.getsockname()[1]
    config = EngineConfig(seeds_dir=tmp_path / "seeds", store_dir=tmp_path / "store")  # the default
    url = f"http://{host}:{port}/news"
    with pytest.raises(FetchError) as caught:
        add_url(config, url)
    assert "loopback or private address" in str(caught.value)
    assert "NEWSBOT_ALLOW_PRIVATE_URLS" in str(caught.value)
    assert caught.value.url == url
    assert_no_connection(listener)
    assert not (tmp_path / "seeds").exists()


@pytest.mark.parametrize("url,reason", [
    ("http://10.1.2.3/news", "private address (10.1.2.3)"),
    ("http://192.168.0.10/news", "private address (192.168.0.10)"),
    ("http://169.254.169.254/latest/meta-data", "private address (169.254.169.254)"),
    ("http://[::1]/news", "private address (::1)"),
    ("http://0.0.0.0/", "private address (0.0.0.0)"),
    ("file:///etc/passwd", "only http and https"),
    ("ftp://127.0.0.1/news", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("http://user:secret@127.0.0.1/", "user name or password"),
    ("https:///nohost", "no host"),
])
def test_refused_urls_never_connect(url, reason):
    # The test guard (conftest.py) fails any connection off loopback: none is attempted here.
    with pytest.raises(FetchError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        Fetcher(Limits()).get(url)


def test_redirect_to_another_scheme_is_refused(site, config):
    for target in ("file:///etc/passwd", "ftp://127.0.0.1/news"):
        site.overrides["/moved"] = (302, {"Location": target}, b"")
        with pytest.raises(FetchError, match=f"/moved: redirected to a non-http.s. URL .{target}"):
            add_url(config, site.base + "/moved")


def test_every_connection_is_checked_not_only_the_first_url(listener):
    # Redirects, and names that resolve differently by the time of connecting, go through the same
    # guard when the socket is opened (a public first hop cannot be served offline, so it is called
    # directly here).
    from index.web import _connect_checked, _Refused

    with pytest.raises(_Refused, match="loopback"):
        _connect_checked(("127.0.0.1", listener.getsockname()[1]), 1.0, allow_private=False)
    assert_no_connection(listener)


def test_page_over_the_size_limit_is_refused(site, config):
    big = b"<html><body><p>" + b"word " * 200 + b"</p>" + b"x" * (5 * 1024 * 1024) + b"</body></html>"
    site.overrides["/huge"] = (200, {"Content-Type": "text/html"}, big)
    with pytest.raises(FetchError, match=r"/huge: [\d,]+ bytes, over the 5 MB limit"):
        add_url(config, site.base + "/huge")
    # Without a Content-Length the limit holds while reading.
    with pytest.raises(FetchError, match=r"/huge-stream: over the 5 MB limit"):
        add_url(config, site.base + "/huge-stream")
    # The limit is a setting.
    with pytest.raises(FetchError, match="over the 2,000 bytes limit"):
        Fetcher(Limits(max_bytes=2000, allow_private=True)).get(site.base + "/bridge")
    assert seeds(config) == []


def test_compressed_pages_are_unpacked_within_the_size_limit(site, config):
    import gzip

    page = gzip.compress(site.page("cluttered.html"))
    site.overrides["/bridge.gz"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, page)
    assert read_article(add_url(config, site.base + "/bridge.gz").path).author == "Peter Novak"
    bomb = gzip.compress(b"<p>" + b" " * (6 * 1024 * 1024) + b"</p>")
    assert len(bomb) < 50_000
    site.overrides["/bomb"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    with pytest.raises(FetchError, match="over the 5 MB limit once uncompressed"):
        add_url(config, site.base + "/bomb")


def test_timeout(site):
    site.slow_seconds = 1.5
    with pytest.raises(FetchError, match=r"no answer within 0\.3 s"):
        Fetcher(Limits(timeout=0.3, allow_private=True)).get(site.base + "/feed/market")


def test_one_request_at_a_time_per_host(site):
    site.slow_seconds = 0.2
    errors = []

    def fetch(slug):
        try:
            Fetcher(Limits(allow_private=True)).get(f"{site.base}/feed/{slug}")
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=fetch, args=(slug,)) for slug in STORIES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == [] and len([p for p in site.paths() if p.startswith("/feed/")]) == len(STORIES)
    assert site.max_in_flight == 1


# -- feeds ------------------------------------------------------------------------------------------

TODAY = date(2025, 9, 12)


def write_feeds(config, site, *paths):
    config.seeds_dir.mkdir(parents=True, exist_ok=True)
    lines = ["# local test feeds", *(site.base + p for p in paths), ""]
    (config.seeds_dir / "feeds.txt").write_text("\n".join(lines), encoding="utf-8")


def test_refresh_adds_new_entries_then_asks_conditionally(site, config):
    write_feeds(config, site, "/rss.xml", "/atom.xml")
    report = refresh(config, today=TODAY)
    assert report.feeds == 2 and report.failures == []
    assert len(report.added) == 4 and report.too_old == 1  # the July regatta is past the 30-day cut-off
    by_title = {read_article(config.seeds_dir / name).title: config.seeds_dir / name
                for name in seeds(config) if name != "feeds.txt"}
    assert set(by_title) == {STORIES[s][0] for s in ("dredging", "market", "meals")} | {
        "City library extends its opening hours into the evening"}
    dredging = read_article(by_title[STORIES["dredging"][0]])
    assert dredging.url == site.base + "/feed/dredging" and dredging.published == "2025-09-11"
    assert "feed: " + site.base + "/rss.xml" in dredging.text and "guid: herald-1001" in dredging.text
    assert "/feed/regatta" not in site.paths()

    before = len(site.requests)
    again = refresh(config, today=TODAY)
    assert again.not_modified == 2 and again.added == [] and not again.changed
    rss, atom = [r for r in site.requests[before:] if r.path != "/robots.txt"]
    assert rss.headers["If-None-Match"] == '"rss-v1"'
    assert atom.headers["If-Modified-Since"].endswith("GMT")


def test_dedup_across_add_and_refresh_by_url_and_guid(site, config):
    hand = add_url(config, site.base + "/city/library-hours?utm_source=newsletter")
    write_feeds(config, site, "/atom.xml", "/rss.xml")
    report = refresh(config, today=TODAY)
    assert site.paths().count("/city/library-hours?utm_source=newsletter") == 1
    assert not any(p.startswith("/city/library-hours") for p in site.paths()[2:])  # not fetched again
    assert report.present == 1 and "feed:" not in hand.path.read_text()  # stays a hand-added article
    # The feed now links entry herald-1001 elsewhere: the GUID still marks it as present.
    config.feeds_state.unlink()
    rss = site.page("rss.xml").replace(b"/feed/dredging?utm_source=rss", b"/feed/dredging-moved")
    site.overrides["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss)
    before = set(seeds(config))
    report = refresh(config, today=TODAY)
    assert report.added == [] and set(seeds(config)) == before
    assert "/feed/dredging-moved" not in site.paths()


def test_at_most_n_new_articles_per_feed_newest_first(site, config):
    write_feeds(config, site, "/rss.xml", "/atom.xml")
    report = refresh(replace(config, feed_max_new=1), today=TODAY)
    assert len(report.added) == 2
    titles = {read_article(config.seeds_dir / n).title for n in seeds(config) if n != "feeds.txt"}
    assert titles == {STORIES["dredging"][0], STORIES["meals"][0]}


def test_age_cut_off_removes_feed_articles_only(site, config, tmp_path):
    hand_added = add_url(config, site.base + FERRY)  # 2025-08-28: older than any, but not from a feed
    (config.seeds_dir / "hand-placed.txt").write_text("A hand-placed article\nIt has one sentence.\n")
    write_feeds(config, site, "/rss.xml", "/atom.xml")
    refresh(config, today=TODAY)
    later = refresh(config, today=date(2025, 10, 10))  # cut-off: 2025-09-10
    assert later.not_modified == 2
    # Published 09-09, 09-08 and 09-02; the dredging story (09-11) stays.
    assert sorted(n.split("-")[0] for n in later.removed) == ["city", "fish", "free"]
    left = seeds(config)
    assert hand_added.path.name in left and "hand-placed.txt" in left and "feeds.txt" in left
    assert any(n.startswith("harbour-dredging") for n in left)
    # A removed article is not fetched again, even when the feed is read in full once more.
    state = config.feeds_state.read_text()
    config.feeds_state.write_text(state.replace('"rss-v1"', '"old"'))
    before = len(site.requests)
    again = refresh(config, today=date(2025, 10, 10))
    assert again.added == [] and not any(p.startswith("/feed/") for p in site.paths()[before:])


def test_failed_feed_is_one_line_and_the_others_go_on(site, config):
    site.overrides["/broken.xml"] = (200, {"Content-Type": "text/html"}, b"<html><body>no feed</body></html>")
    write_feeds(config, site, "/missing.xml", "/broken.xml", "/atom.xml")
    report = refresh(config, today=TODAY)
    assert report.failures == [f"{site.base}/missing.xml: HTTP 404 Not Found",
                               f"{site.base}/broken.xml: not an RSS or Atom feed"]
    assert len(report.added) == 2


def test_a_feed_body_naming_a_local_file_is_not_read_as_that_file(site, config, tmp_path):
    local = tmp_path / "local-feed.xml"
    local.write_bytes(site.page("rss.xml"))
    site.overrides["/evil.xml"] = (200, {"Content-Type": "application/rss+xml"}, str(local).encode())
    write_feeds(config, site, "/evil.xml")
    report = refresh(config, today=TODAY)
    assert report.failures == [f"{site.base}/evil.xml: not an RSS or Atom feed"] and report.added == []


def test_feeds_from_the_environment_replace_the_file(monkeypatch, site, tmp_path):
    monkeypatch.setenv("NEWSBOT_FEEDS", f"{site.base}/rss.xml, {site.base}/atom.xml")
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("NEWSBOT_FEED_MAX_NEW", "1")
    from index.feeds import feed_urls

    config = EngineConfig.from_env()
    assert feed_urls(config) == [f"{site.base}/rss.xml", f"{site.base}/atom.xml"]
    assert config.allow_private_urls and config.feed_max_new == 1


def test_canonical_url():
    assert canonical_url("HTTPS://News.Example.org:443/a/b?utm_source=x&id=3#frag") == "https://news.example.org/a/b?id=3"
    assert canonical_url("http://example.org") == "http://example.org/"
