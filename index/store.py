"""Chroma access: an embedded store on disk, or a Chroma server (`chroma run`) when CHROMA_HOST is set.

Layout (``LAYOUT``): one live collection holds a row per sentence, tagged with its article *version* (a
hash of the article id and its text). Which versions make up the index is the *manifest*, kept with the
per-article fields (title, url, published, source, author, indexed_at) in the metadata of a small registry
collection: the *pointer*. A build adds the rows of new versions beside the old ones, then one pointer
write switches readers to the new manifest; rows of versions outside the manifest are invisible to
readers and deleted after the switch. So a crash at any point leaves the last good index answering, and
a rebuild does work in proportion to the articles that changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass

from index.config import EngineConfig
from index.embedding import DIMENSION, MODEL_NAME
from index.errors import IndexMissing, ModelMismatch, StoreUnavailable
from index.faults import DATABASE, GuardedCollection, check_database, guard

log = logging.getLogger(__name__)

LAYOUT = 2
REGISTRY_SUFFIX = "-registry"
# Chroma (sqlite underneath) refuses a single get of ~80,000 rows ("too many SQL variables").
PAGE_SIZE = 2000
# Values per `$in` filter: well under sqlite's limit on variables in one statement.
IN_BATCH = 500
_SEGMENT_FOLDER = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REBUILD = "rebuild it with `python -m index build`"


def connect(config: EngineConfig, *, create: bool = False):
    """A Chroma client; a store fault raises its one-line StoreUnavailable error, never a traceback."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if not config.chroma_host and not create and not config.store_dir.exists():
        raise IndexMissing("There is no index yet: build it with `python -m index build`.")
    check_database(config)
    with guard(config):
        if config.chroma_host:
            client = chromadb.HttpClient(host=config.chroma_host, port=config.chroma_port, settings=settings)
            client.heartbeat()
            return client
        config.store_dir.mkdir(parents=True, exist_ok=True)
        _forget_cached_system(str(config.store_dir))
        return chromadb.PersistentClient(path=str(config.store_dir), settings=settings)


def _forget_cached_system(path: str) -> None:
    """Chroma keeps one system per store path per process and never notices rows another process (a
    CLI build beside the bot) added to a collection it has read: its next read fails with "Error finding
    id". Every connect gets a fresh system instead (~20 ms); objects made from the old one keep it."""
    from chromadb.api.shared_system_client import SharedSystemClient

    with SharedSystemClient._refcount_lock:
        SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)


def registry_name(config: EngineConfig) -> str:
    return config.collection_prefix + REGISTRY_SUFFIX


def generation_prefix(config: EngineConfig) -> str:
    return config.collection_prefix + "-g"


def is_not_found(error: BaseException) -> bool:
    """Chroma's "no such collection" (NotFoundError now, a ValueError in older clients)."""
    return type(error).__name__ == "NotFoundError" or "does not exist" in str(error)


def read_pointer(client, config: EngineConfig) -> dict:
    """The registry metadata ({} when never built): "layout", "current" (the live collection's name),
    "manifest" (JSON: article id -> record), "pending" and "garbage" (JSON lists of versions a build
    added or replaced, deleted by the next build if a crash left them), "dead" (rows deleted from the
    live collection since it was created) and "rows"."""
    try:
        registry = client.get_collection(registry_name(config))
    except Exception as error:
        if is_not_found(error):
            return {}
        raise
    return dict(registry.metadata or {})


def write_pointer(client, config: EngineConfig, pointer: dict) -> None:
    registry = client.get_or_create_collection(registry_name(config), metadata={"current": ""})
    # One modify call replaces the whole metadata: the switch is a single write.
    registry.modify(metadata=pointer)


def new_generation_name(config: EngineConfig) -> str:
    return f"{generation_prefix(config)}{time.time_ns()}"


def collection_metadata() -> dict:
    return {
        "hnsw:space": "cosine",
        "embed_model": MODEL_NAME,
        "embed_dimension": DIMENSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def check_model(metadata: dict) -> None:
    model = metadata.get("embed_model")
    dimension = metadata.get("embed_dimension")
    if model != MODEL_NAME or dimension != DIMENSION:
        raise ModelMismatch(
            f"The index was built with embedding model {model!r} ({dimension} dims), not {MODEL_NAME!r}: "
            f"{REBUILD}."
        )


def version_of(article_id: str, digest: str) -> str:
    """One article's text at one time: its rows carry this tag, the manifest lists the live ones."""
    return hashlib.sha256(f"{article_id}\0{digest}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class ArticleRecord:
    """What is stored once per article (never on its sentence rows)."""

    version: str
    digest: str
    count: int
    title: str
    indexed_at: str
    url: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None

    def to_json(self) -> list:
        return [self.version, self.digest, self.count, self.title, self.indexed_at, self.url, self.published,
                self.source, self.author]

    @classmethod
    def from_json(cls, row: list) -> ArticleRecord:
        return cls(*row)


def manifest_of(pointer: dict) -> dict[str, ArticleRecord]:
    return {article: ArticleRecord.from_json(row) for article, row in json.loads(pointer["manifest"]).items()}


def manifest_json(manifest: dict[str, ArticleRecord]) -> str:
    return json.dumps({article: record.to_json() for article, record in sorted(manifest.items())},
                      ensure_ascii=False, separators=(",", ":"))


class LiveCollection(GuardedCollection):
    """The live collection as readers see it: its rows, and the manifest saying which of them count."""

    def __init__(self, collection, config: EngineConfig, manifest: dict[str, ArticleRecord]) -> None:
        super().__init__(collection, config)
        self.manifest = manifest

    def refresh(self) -> None:
        """Points this object at the index as the pointer names it now (after a build switched it)."""
        fresh = open_current(connect(self._config), self._config)
        self._collection, self.manifest = fresh.raw, fresh.manifest


def open_current(client, config: EngineConfig) -> LiveCollection:
    """The collection readers should use; IndexMissing when none was ever finished, or when the store
    was built by an older version of this program (its rows are laid out differently)."""
    with guard(config):
        pointer = read_pointer(client, config)
    name = pointer.get("current")
    if not name:
        raise IndexMissing("There is no index yet: build it with `python -m index build`.")
    if pointer.get("layout") != LAYOUT:
        raise IndexMissing(f"The index was built by an older version of newsbot: {REBUILD}.")
    try:
        with guard(config):
            collection = client.get_collection(name)
    except StoreUnavailable:
        raise
    except Exception:
        raise IndexMissing(f"The index is missing its data: {REBUILD}.") from None
    check_model(dict(collection.metadata or {}))
    return LiveCollection(collection, config, manifest_of(pointer))


def collection_names(client) -> list[str]:
    return [c if isinstance(c, str) else c.name for c in client.list_collections()]


def drop_stale_generations(client, config: EngineConfig, keep: set[str]) -> int:
    """Deletes this index's collections not in ``keep`` (leftovers of crashed or superseded builds)."""
    dropped = 0
    prefix = generation_prefix(config)
    for name in collection_names(client):
        if name.startswith(prefix) and name not in keep:
            client.delete_collection(name)
            dropped += 1
    return dropped


def delete_versions(collection, versions) -> None:
    """Deletes the rows of these article versions, through Chroma's API."""
    versions = sorted(versions)
    for begin in range(0, len(versions), IN_BATCH):
        collection.delete(where={"version": {"$in": versions[begin : begin + IN_BATCH]}})


def remove_orphan_folders(config: EngineConfig) -> int:
    """Removes segment folders that Chroma no longer references.

    Chroma deletes a collection's records but leaves its vector segment's folder on disk (one per
    superseded or crashed build). The folders still referenced are the segment ids in Chroma's own
    database, read here without writing to it; only folders named like a segment id and absent from it
    are removed. Embedded store only; run under the build lock, after Chroma's own deletes.
    """
    if config.chroma_host:
        return 0
    path = config.store_dir / DATABASE
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            referenced = {row[0] for row in connection.execute("SELECT id FROM segments")}
        finally:
            connection.close()
    except sqlite3.Error:
        log.warning("could not read which segment folders Chroma uses; none removed", exc_info=True)
        return 0
    removed = 0
    for folder in config.store_dir.iterdir():
        if folder.is_dir() and _SEGMENT_FOLDER.match(folder.name) and folder.name not in referenced:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    if removed:
        log.info("removed %d segment folders Chroma no longer uses", removed)
    return removed


def iter_pages(collection, include: list[str], where: dict | None = None):
    """The rows of ``collection`` (matching ``where``), one page of at most PAGE_SIZE at a time."""
    offset = 0
    while True:
        page = collection.get(include=include, where=where, limit=PAGE_SIZE, offset=offset)
        yield page
        if len(page["ids"]) < PAGE_SIZE:
            return
        offset += PAGE_SIZE


def read_all(collection, include: list[str], where: dict | None = None) -> dict[str, list]:
    """Every row of ``collection`` (matching ``where``), fetched page by page."""
    merged: dict[str, list] = {"ids": [], **{key: [] for key in include}}
    for page in iter_pages(collection, include, where):
        for key in merged:
            merged[key].extend(page[key])
    return merged
