"""A small news site on 127.0.0.1 for the web tests: pages in tests/web_pages, feeds, robots.txt.

It records every request (path and headers) and the most requests it ever served at once, so tests can
check conditional GETs, the User-Agent, one-request-per-host and that nothing was fetched at all.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).parent / "web_pages"
FERRY = "/news/2025/08/28/night-ferry-approved"  # a story the site serves, used across the web tests

STORIES = {
    "dredging": ("Harbour dredging to begin next week", "2025-09-11", "Jonas Weber", [
        "Dredging of the inner harbour will begin on Monday and last about six weeks, the port authority "
        "said, "
        "so that the larger ferries ordered last year can berth at low tide.",
        "Two dredgers will work in shifts around the clock. The authority said noise would be kept below the "
        "limits set by the council and that no work would be done on Sundays.",
        "About 80,000 cubic metres of silt will be removed and taken to a licensed site on the mainland, "
        "where it will be tested before it is used to rebuild the dunes south of the town.",
        "Fishing boats will use the outer quay while the work goes on. The fishermen's association said it "
        "had agreed to the move after the authority promised free berths during the works.",
    ]),
    "market": ("Fish market moves to the old customs house", "2025-09-09", "Jonas Weber", [
        "The fish market will move into the old customs house on the quay in October, the council said, "
        "ending years of complaints about the tents that have housed it since the fire of 2021.",
        "The building has been restored at a cost of 3.4 million euros, most of it paid by a regional fund "
        "for historic harbour buildings. Stalls will rent for the same price as before.",
        "Traders welcomed the move but asked for more cold storage. The council said two walk-in freezers "
        "would be installed before the market opens and a third next year if they are full.",
        "The market will open at six in the morning from Tuesday to Saturday, as it does now, and will "
        "also open on the first Sunday of each month for a food fair.",
    ]),
    "regatta": ("Regatta draws record entries", "2025-07-01", "Jonas Weber", [
        "A record 212 boats entered this year's summer regatta, the sailing club said on Tuesday, "
        "beating the previous record of 187 set two years ago by a wide margin.",
        "The club said good weather forecasts and a new class for small family boats explained the rise. "
        "Races will run over three days on the bay, with the final on Sunday afternoon.",
        "The harbour will be closed to other traffic during the races, and the ferry to the islands will "
        "leave from the outer quay for the three days, the port authority said.",
    ]),
    "meals": ("Free school meals for every primary pupil from January", "2025-09-08", "Aisha Rahman", [
        "Every primary school pupil in the city will get a free hot lunch from January, the council decided "
        "on Monday, after a two-year trial in four schools showed better attendance.",
        "The plan will cost 6.2 million euros a year. The council will pay for it by delaying the new sports "
        "hall by two years and by a small rise in the tourist tax on hotel nights.",
        "Kitchens in eleven schools will need new equipment. Schools without kitchens will get meals cooked "
        "in a central kitchen in the old bus depot and delivered warm each morning.",
        "Parents' groups welcomed the decision, and the teachers' union said hungry children could not learn "
        "and that the trial had made that plain to everyone who visited the schools.",
    ]),
}

ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


class NewsSite:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.robots = ROBOTS
        self.overrides: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.slow_seconds = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> NewsSite:
        self.thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # -- content -------------------------------------------------------------------------------------

    def page(self, name: str) -> bytes:
        return (PAGES / name).read_text(encoding="utf-8").replace("PORT", str(self.port)).encode("utf-8")

    def story(self, slug: str) -> bytes:
        title, published, author, paragraphs = STORIES[slug]
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        html = (PAGES / "story.html").read_text(encoding="utf-8")
        for key, value in (("TITLE", title), ("DATE", published), ("AUTHOR", author), ("SLUG", slug),
                           ("SITE", "The Coastal Herald"), ("BODY", body), ("PORT", str(self.port))):
            html = html.replace(key, value)
        return html.encode("utf-8")

    def respond(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        route = path.split("?", 1)[0]
        if route in self.overrides:
            return self.overrides[route]
        html = {"Content-Type": "text/html; charset=utf-8"}
        if route == "/robots.txt":
            if self.robots is None:
                return 404, {}, b"not found"
            return 200, {"Content-Type": "text/plain"}, self.robots.encode()
        if route in ("/news/2025/08/28/night-ferry-approved", "/jsonld"):
            return 200, html, self.page("jsonld-newsarticle.html")
        if route == "/city/library-hours":
            return 200, html, self.page("opengraph-only.html")
        if route == "/bridge":
            return 200, html, self.page("cluttered.html")
        if route in ("/paywall", "/private/story"):
            return 200, html, self.page("paywall.html" if route == "/paywall" else "cluttered.html")
        if route.startswith("/feed/") and route[6:] in STORIES:
            return 200, html, self.story(route[6:])
        if route == "/rss.xml":
            etag = '"rss-v1"'
            if headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": etag}, self.page("rss.xml")
        if route == "/atom.xml":
            modified = formatdate(1757322000, usegmt=True)  # 2025-09-08 09:00 UTC
            if headers.get("If-Modified-Since") == modified:
                return 304, {"Last-Modified": modified}, b""
            atom = {"Content-Type": "application/atom+xml", "Last-Modified": modified}
            return 200, atom, self.page("atom.xml")
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                headers = dict(self.headers.items())
                with site._lock:
                    site.requests.append(Request(self.path, headers))
                    site.in_flight += 1
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                try:
                    if site.slow_seconds and self.path.startswith("/feed/"):
                        time.sleep(site.slow_seconds)
                    status, extra, body = site.respond(self.path, headers)
                finally:
                    # Before answering: a client holding its per-host turn until the answer has come
                    # can only send its next request after this.
                    with site._lock:
                        site.in_flight -= 1
                try:
                    if self.path == "/huge-stream":
                        self._stream_huge()
                        return
                    self.send_response(status)
                    for key, value in extra.items():
                        self.send_header(key, value)
                    if status != 304:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading at its size limit

            def _stream_huge(self) -> None:
                # No Content-Length: the limit must be enforced while reading. Bounded: 6 MB at most.
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"filler words " * 5000 + b"</p>\n"
                for _ in range(6 * 1024 * 1024 // len(chunk) + 1):
                    self.wfile.write(chunk)

            def log_message(self, *args) -> None:
                pass

        return Handler
