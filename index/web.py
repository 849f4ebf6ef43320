"""Fetching pages and feeds politely and safely: the only module of the engine that opens a connection.

- A User-Agent naming the project; robots.txt obeyed (read once per host and process).
- A timeout for the whole fetch and a size limit (10 s, 5 MB by default), checked while reading.
- One request at a time per host, across threads (the bot's refresh loop and /add share the process).
- Only http(s). A host that resolves to a loopback, private, link-local or otherwise non-public address
  is refused before any connection (server-side request forgery), unless private URLs are allowed on
  purpose. The check is repeated on the address actually connected to, for every redirect too, so a
  name that changes its answer between the check and the connection gains nothing.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

from index.errors import EngineError

log = logging.getLogger(__name__)

ROBOTS_AGENT = "newsbot"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsbot")
    except PackageNotFoundError:
        return "0"


USER_AGENT = f"{ROBOTS_AGENT}/{_version()} (a Discord bot that answers questions about news articles)"
MAX_REDIRECTS = 5
_READ_CHUNK = 64 * 1024


class FetchError(EngineError):
    """One line naming the URL and why it was not fetched. ``permanent``: retrying later won't help."""

    def __init__(self, url: str, reason: str, *, permanent: bool = False, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.permanent = permanent
        self.status = status  # the HTTP status when the server answered with an error


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    allow_private: bool = False


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional GET whose copy is still current
    headers: Message = field(repr=False)
    body: bytes = field(repr=False)

    @property
    def content_type(self) -> str:
        return (self.headers.get_content_type() or "").lower()

    @property
    def charset(self) -> str | None:
        return self.headers.get_content_charset()


class _Refused(OSError):
    """Raised inside a connection attempt; unwrapped into a FetchError by the fetcher."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int, allow_private: bool) -> list[tuple]:
    """getaddrinfo results for ``host``; raises _Refused when any of them is not a public address."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise _Refused(f"host {host} not found ({error.strerror or error})") from None
    if not allow_private:
        for info in infos:
            address = info[4][0]
            if not _public(address):
                raise _Refused(f"{host} resolves to a loopback or private address ({address}); "
                               "set NEWSBOT_ALLOW_PRIVATE_URLS=1 to allow it")
    return infos


def _connect_checked(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, *,
                     allow_private: bool):
    """socket.create_connection, but only to addresses that passed the check."""
    host, port = address
    last: OSError | None = None
    for family, kind, proto, _, sockaddr in resolve_checked(host, port, allow_private):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last or OSError(f"cannot connect to {host}")


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, allow_private: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_connect_checked, allow_private=allow_private)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, allow_private: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_connect_checked, allow_private=allow_private)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def http_open(self, req):
        return self.do_open(functools.partial(_HTTPConnection, allow_private=self.allow_private), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__(context=ssl.create_default_context())
        self.allow_private = allow_private

    def https_open(self, req):
        return self.do_open(functools.partial(_HTTPSConnection, allow_private=self.allow_private), req,
                            context=self._context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        newurl = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            fp.close()
            raise FetchError(req.full_url, f"redirected to a non-http(s) URL ({newurl[:200]})",
                             permanent=True)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_host_locks: dict[str, threading.Lock] = {}
_host_locks_guard = threading.Lock()


def _host_lock(netloc: str) -> threading.Lock:
    with _host_locks_guard:
        return _host_locks.setdefault(netloc.lower(), threading.Lock())


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; raises FetchError for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(url, "not a valid URL", permanent=True) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(url, "only http and https URLs can be fetched", permanent=True)
    if not parts.hostname:
        raise FetchError(url, "the URL has no host", permanent=True)
    if parts.username or parts.password:
        raise FetchError(url, "URLs with a user name or password are not fetched", permanent=True)
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


class Fetcher:
    """Fetches http(s) URLs within ``limits``. Safe to share between threads."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        allow = self.limits.allow_private
        # No proxy from the environment: the address check must see the real destination.
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), _HTTPHandler(allow), _HTTPSHandler(allow), _Redirects())
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """The page at ``url``. Raises FetchError (one line: URL and reason) on any failure."""
        scheme, host, port = check_url(url)
        try:
            # Before anything is sent, robots.txt included.
            resolve_checked(host, port, self.limits.allow_private)
        except _Refused as error:
            raise FetchError(url, str(error), permanent=True) from None
        origin = f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"
        with _host_lock(f"{host}:{port}"):
            self._check_robots(origin, url)
            return self._request(url, headers or {})

    def _check_robots(self, origin: str, url: str) -> None:
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._robots[origin] = self._read_robots(origin)
        if isinstance(rules, str):
            raise FetchError(url, rules)
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(url, "disallowed by the site's robots.txt", permanent=True)

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        """The parsed rules, or the reason (a string) they could not be read: no fetch then."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            response = self._request(origin + "/robots.txt", {})
            lines = response.body.decode("utf-8", "replace").splitlines()  # rules are ASCII
            parser.parse(lines)
        except FetchError as error:
            status = error.status
            if status in (401, 403):
                parser.disallow_all = True
            elif status is not None and 400 <= status < 500:
                parser.allow_all = True  # no robots.txt: everything allowed
            else:
                return f"robots.txt could not be read ({error.reason})"
        return parser

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        limits = self.limits
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
        deadline = time.monotonic() + limits.timeout
        try:
            raw = self._opener.open(request, timeout=limits.timeout)
        except urllib.error.HTTPError as error:
            with error:
                if error.code == 304:
                    return Response(url, 304, error.headers, b"")
                raise FetchError(url, f"HTTP {error.code} {error.reason}", permanent=error.code in (404, 410),
                                 status=error.code) from None
        except urllib.error.URLError as error:
            raise FetchError(url, _reason(error.reason, limits.timeout),
                             permanent=isinstance(error.reason, _Refused)) from None
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(url, _reason(error, limits.timeout)) from None
        with raw:
            declared = raw.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(url, f"{int(declared):,} bytes, over the {_size(limits.max_bytes)} limit",
                                 permanent=True)
            chunks, total = [], 0
            try:
                while True:
                    if time.monotonic() > deadline:
                        raise FetchError(url, f"not complete within {limits.timeout:g} s")
                    chunk = raw.read1(_READ_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > limits.max_bytes:
                        raise FetchError(url, f"over the {_size(limits.max_bytes)} limit", permanent=True)
                    chunks.append(chunk)
            except (OSError, http.client.HTTPException) as error:
                raise FetchError(url, _reason(error, limits.timeout)) from None
            body = b"".join(chunks)
            encoding = (raw.headers.get("Content-Encoding") or "identity").strip().lower()
            if encoding not in ("identity", ""):
                body = _decompress(url, body, encoding, limits.max_bytes)
            return Response(raw.geturl(), raw.status, raw.headers, body)


def _decompress(url: str, body: bytes, encoding: str, limit: int) -> bytes:
    """We ask for no compression, but some servers send it anyway; the size limit holds unpacked too."""
    import zlib

    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(url, f"unsupported Content-Encoding {encoding!r}", permanent=True)
    try:
        unpacker = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
        data = unpacker.decompress(body, limit + 1)
    except zlib.error as error:
        raise FetchError(url, f"broken {encoding} body ({error})") from None
    if len(data) > limit or unpacker.unconsumed_tail:
        raise FetchError(url, f"over the {_size(limit)} limit once uncompressed", permanent=True)
    return data


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def _reason(error, timeout: float) -> str:
    if isinstance(error, _Refused):
        return str(error)
    if isinstance(error, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLError):
        return f"TLS error ({error.reason or error})"
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    return str(error) or type(error).__name__
