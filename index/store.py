"""Chroma access: an embedded store on disk, or a Chroma server (`chroma run`) when CHROMA_HOST is set.

Each build writes a new collection ("generation") and then flips one pointer, kept in the metadata of a
small registry collection, so readers only ever see a finished index.
"""

from __future__ import annotations

import logging
import time

from index.config import EngineConfig
from index.embedding import DIMENSION, MODEL_NAME
from index.errors import IndexMissing, ModelMismatch, StoreUnavailable
from index.faults import GuardedCollection, check_database, guard

log = logging.getLogger(__name__)

REGISTRY_SUFFIX = "-registry"
# Chroma (sqlite underneath) refuses a single get of ~80,000 rows ("too many SQL variables").
PAGE_SIZE = 2000


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
        return chromadb.PersistentClient(path=str(config.store_dir), settings=settings)


def registry_name(config: EngineConfig) -> str:
    return config.collection_prefix + REGISTRY_SUFFIX


def generation_prefix(config: EngineConfig) -> str:
    return config.collection_prefix + "-g"


def read_pointer(client, config: EngineConfig) -> dict:
    """The registry metadata: {"current": name, "previous": name, ...} or {} when never built."""
    try:
        registry = client.get_collection(registry_name(config))
    except Exception as error:
        if is_not_found(error):
            return {}
        raise
    return dict(registry.metadata or {})


def is_not_found(error: BaseException) -> bool:
    """Chroma's "no such collection" (NotFoundError now, a ValueError in older clients)."""
    return type(error).__name__ == "NotFoundError" or "does not exist" in str(error)


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
            "rebuild it with `python -m index build`."
        )


def open_current(client, config: EngineConfig):
    """The collection readers should use; IndexMissing when none was ever finished."""
    with guard(config):
        pointer = read_pointer(client, config)
    name = pointer.get("current")
    if not name:
        raise IndexMissing("There is no index yet: build it with `python -m index build`.")
    try:
        with guard(config):
            collection = client.get_collection(name)
    except StoreUnavailable:
        raise
    except Exception:
        raise IndexMissing("The index is missing its data: rebuild it with `python -m index build`.") from None
    check_model(dict(collection.metadata or {}))
    return GuardedCollection(collection, config)


def drop_stale_generations(client, config: EngineConfig, keep: set[str]) -> int:
    """Deletes generations not in ``keep`` (leftovers of crashed builds, or older than the previous)."""
    dropped = 0
    prefix = generation_prefix(config)
    for collection in client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if name.startswith(prefix) and name not in keep:
            try:
                client.delete_collection(name)
                dropped += 1
            except Exception:
                log.warning("could not delete stale collection %s", name, exc_info=True)
    return dropped


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
