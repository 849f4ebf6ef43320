"""Store faults, each turned into one line that names the problem and the way out.

Everything that touches Chroma runs inside :func:`guard`: an error raised by Chroma, sqlite, httpx or the
OS becomes a :class:`StoreUnavailable` subclass whose message the CLI prints and the bot shows and logs.
Chroma's Rust core reports a damaged database by panicking (``pyo3_runtime.PanicException``, a
BaseException) after printing a backtrace to fd 2, so the embedded database is checked with SQLite's own
``quick_check`` before Chroma opens it, and a panic that still gets through is caught here.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import sqlite3
import traceback
from collections.abc import Iterator
from pathlib import Path

from index.errors import (
    DiskFull,
    EngineError,
    StoreCorrupt,
    StoreReadOnly,
    StoreUnavailable,
    StoreUnreachable,
)

log = logging.getLogger(__name__)

DATABASE = "chroma.sqlite3"
_STORE_MODULES = ("chromadb", "httpx", "httpcore", "sqlite3", "pyo3_runtime")
_FULL = ("disk is full", "no space left", "file too large", "quota exceeded")
_READ_ONLY = ("readonly database", "read-only file system", "permission denied", "read only")
_DAMAGED = ("malformed", "not a database", "corrupt", "panicexception", "failed to receive response")
_UNREACHABLE = ("could not connect", "connection refused", "connecterror", "connecttimeout", "readerror",
                "remoteprotocolerror", "readtimeout", "server disconnected", "name or service not known")


# Below this much free space, a store error is reported as a full disk.
LOW_SPACE = 16 * 1024 * 1024


def free_bytes(config) -> int:
    """Free space on the embedded store's file system (its nearest existing folder); huge when unknown."""
    import shutil

    folder = Path(config.store_dir).absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 1 << 62


def where(config) -> str:
    return f"the Chroma server at {config.chroma_host}:{config.chroma_port}" if config.chroma_host \
        else f"the index store at {config.store_dir}"


def _chain(error: BaseException) -> list[BaseException]:
    seen = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def is_store_error(error: BaseException) -> bool:
    """Raised by the store (Chroma, its Rust core, sqlite, httpx, the OS), not by a bug of ours."""
    for item in _chain(error):
        if isinstance(item, OSError | sqlite3.Error):
            return True
        if type(item).__module__.split(".")[0] in _STORE_MODULES:
            return True
        frames = traceback.extract_tb(item.__traceback__)
        if frames and any(f"{name}/" in frames[-1].filename for name in ("chromadb", "httpx", "httpcore")):
            return True
    return False


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:120] if text else type(error).__name__


def describe(error: BaseException, config) -> StoreUnavailable:
    """The one-line error for a store fault."""
    chain = _chain(error)
    text = " ".join(f"{type(e).__name__} {e}" for e in chain).lower()
    codes = {getattr(e, "errno", None) for e in chain}
    place = where(config)
    subject = place[0].upper() + place[1:]  # the same place, opening a sentence
    rebuild = "run `python -m index build` again; the previous index is still in place"
    full = f"The disk holding {place} is full: free some space, then {rebuild}."
    if codes & {errno.ENOSPC, errno.EDQUOT, errno.EFBIG} or any(word in text for word in _FULL):
        return DiskFull(full)
    if "disk i/o error" in text or errno.EIO in codes:
        return DiskFull(f"Writing to {place} failed (disk I/O error): check the disk has space and works, "
                        f"then {rebuild}.")
    if codes & {errno.EROFS, errno.EACCES, errno.EPERM} or any(word in text for word in _READ_ONLY):
        return StoreReadOnly(
            f"{subject} is read-only (Chroma writes to it even to answer): make it "
            "writable for this user, or point NEWSBOT_STORE at a writable folder.")
    if not config.chroma_host and free_bytes(config) < LOW_SPACE:
        # Chroma reports a read that needed to write (applying its log) as some internal error; the
        # cause is the full disk, and freeing space is the way out.
        return DiskFull(full)
    if config.chroma_host and any(word in text for word in _UNREACHABLE):
        return StoreUnreachable(
            f"{subject} cannot be reached: start the server, or unset CHROMA_HOST to use "
            "the embedded store.")
    repair = "run `python -m index build --repair` to rebuild it from the seeds folder"
    if not config.chroma_host:
        repair += f" (or delete {config.store_dir} and run `python -m index build`)"
    if any(word in text for word in _DAMAGED):
        return StoreCorrupt(f"{subject} is damaged ({_short(chain[-1])}): {repair}.")
    return StoreUnavailable(f"{subject} cannot be used ({_short(chain[-1])}): {repair}.")


@contextlib.contextmanager
def guard(config) -> Iterator[None]:
    """Turns a store fault raised inside the block into its one-line error; anything else passes."""
    try:
        yield
    except EngineError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:  # PanicException derives from BaseException, not Exception
        if not is_store_error(error):
            raise
        fault = describe(error, config)
        log.debug("store fault: %s", fault, exc_info=error)
        raise fault from None


def check_database(config) -> None:
    """SQLite's quick_check on the embedded store's database, before Chroma's Rust core reads it (a
    damaged page makes that core panic and print a backtrace rather than raise)."""
    path = Path(config.store_dir) / DATABASE
    if config.chroma_host or not path.is_file():
        return
    try:
        if path.stat().st_size < 100:  # shorter than SQLite's header: truncated
            raise sqlite3.DatabaseError("file is not a database (truncated)")
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            result = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        message = str(error).lower()
        if "malformed" in message or "not a database" in message or "truncated" in message:
            log.debug("quick_check of %s: %s", path, error)
            raise describe(sqlite3.DatabaseError("database disk image is malformed"), config) from None
        return  # locked, unreadable and the like: Chroma's own open reports those
    if result != "ok":
        log.debug("quick_check of %s: %s", path, result)
        raise describe(sqlite3.DatabaseError("database disk image is malformed"), config)


class GuardedCollection:
    """A Chroma collection whose calls report store faults as one-line errors (a query at ask time
    against a stopped server, a page read from a damaged database)."""

    def __init__(self, collection, config) -> None:
        self._collection = collection
        self._config = config

    @property
    def raw(self):
        return self._collection

    def __getattr__(self, name):
        attribute = getattr(self._collection, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            with guard(self._config):
                return attribute(*args, **kwargs)

        return call
