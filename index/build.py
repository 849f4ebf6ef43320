"""Rebuilds the index from the seeds folder, in time proportional to what changed.

New or changed articles are embedded and their rows added to the live collection beside the old ones;
one pointer write then switches readers to the new manifest, and only after it are the replaced rows
deleted (see index/store.py). A crash or Ctrl-C before the switch leaves the previous index answering;
the rows it left behind are listed in the pointer and deleted by the next build. Deleted rows still take
room in Chroma's vector index, so once they pass a share of the live rows the live rows are copied into
a fresh collection (no re-embedding) and the old one is deleted: the store stays near the size of a
fresh build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from index.articles import Article, load_articles
from index.config import EngineConfig
from index.errors import DiskFull, EngineError, ModelMismatch, NoArticles
from index.faults import describe, free_bytes, guard, is_store_error
from index.store import (
    LAYOUT,
    ArticleRecord,
    check_model,
    collection_metadata,
    collection_names,
    connect,
    delete_versions,
    is_not_found,
    drop_stale_generations,
    iter_pages,
    manifest_json,
    manifest_of,
    new_generation_name,
    read_pointer,
    remove_orphan_folders,
    version_of,
    write_pointer,
)
from index.runtime import limit_heap_growth
from index.types import BuildReport

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
COPY_BATCH = 2000
LOCK_NAME = ".build.lock"
WRITE_CHUNK = 256
# Compact when rows deleted since the live collection was made pass this share of its live rows. A deleted
# row costs Chroma ~4x a live one until compaction (its log entries, full-text tombstones, its slot in the
# vector index), so 5 % keeps the store within ~1.2x a fresh build; the copy's cost (proportional to the
# store) is paid once per that much change.
COMPACT_SHARE = 0.05
# Disk a row takes in an embedded store (sqlite rows, log, full-text index, vector index): 8.0 KB measured
# on the seed article's 44 rows x 13; doubled for headroom. A build that would not fit stops before writing,
# since rows half-written to a full disk leave Chroma unable to read the live collection until space is
# freed.
ROW_BYTES = 16 * 1024
VERSIONS_PER_READ = 100


def node_id(article: Article, start: int, end: int) -> str:
    """Stable across rebuilds: the same article text gives the same ids."""
    key = f"{article.id}\0{article.digest}\0{start}\0{end}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def sentence_nodes(article: Article, version: str):
    from llama_index.core.schema import TextNode

    nodes = []
    for position, sentence in enumerate(article.sentences):
        following = article.sentences[position + 1] if position + 1 < len(article.sentences) else None
        # What lies between this sentence and the next one of its paragraph, so that a quote of
        # several sentences can be rebuilt verbatim from the stored rows.
        same_paragraph = following is not None and following.paragraph == sentence.paragraph
        gap_after = article.text[sentence.end : following.start] if same_paragraph else ""
        nodes.append(
            TextNode(
                id_=node_id(article, sentence.start, sentence.end),
                text=article.quote(sentence),
                # Sentence-level fields only: the article's own (title, url, ...) live once in the manifest.
                metadata={
                    "article": article.id,
                    "version": version,
                    "section": sentence.section or "",
                    "start": sentence.start,
                    "end": sentence.end,
                    "paragraph": sentence.paragraph,
                    "position": position,
                    "gap_after": gap_after,
                },
            )
        )
    return nodes


@contextlib.contextmanager
def _build_lock(config: EngineConfig) -> Iterator[None]:
    """One build at a time per embedded store (a Chroma server relies on the operator)."""
    if config.chroma_host:
        yield
        return
    import fcntl

    with guard(config):  # a read-only or full disk fails here, before any work
        config.store_dir.mkdir(parents=True, exist_ok=True)
        handle = open(config.store_dir / LOCK_NAME, "w")  # noqa: SIM115 - closed below
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise EngineError("Another build is already running on this index; try again when it ends.") from None
        yield


def _embed_and_store(model, store, nodes, progress: Progress | None, done: int, total: int) -> None:
    """Embeds all new sentences in one length-sorted stream; finished ones are written to Chroma on a
    second thread while the model keeps going, so the writes hide behind the embedding."""

    def write(batch) -> int:
        store.add(batch)
        for node in batch:  # a vector as a Python list is ~10 KB: let written ones go
            node.embedding = None
        return len(batch)

    with ThreadPoolExecutor(max_workers=1) as writer:
        writes = []
        ready = []
        for indexes, vectors in model.embed_stream([node.text for node in nodes]):
            for i, vector in zip(indexes, vectors, strict=True):
                nodes[i].embedding = vector.tolist()
                ready.append(nodes[i])
            if len(ready) >= WRITE_CHUNK:
                writes.append(writer.submit(write, ready))
                ready = []
            while writes and writes[0].done():
                done += writes.pop(0).result()
                if progress:
                    progress("embed", done, total)
        if ready:
            writes.append(writer.submit(write, ready))
        for future in writes:
            done += future.result()
            if progress:
                progress("embed", done, total)


def build_index(config: EngineConfig, progress: Progress | None = None, *, model=None,
                repair: bool = False) -> BuildReport:
    """Builds or refreshes the index; returns the counts. Raises NoArticles when nothing is usable, and a
    one-line StoreUnavailable error on a store fault. ``repair`` rebuilds from scratch into a fresh store
    (see :func:`repair_store`) instead of reading the current one."""
    if repair:
        return repair_store(config, progress, model=model)
    with guard(config):
        return _build(config, progress, model)


def repair_store(config: EngineConfig, progress: Progress | None = None, *, model=None) -> BuildReport:
    """Rebuilds a damaged store from the seeds without reading it.

    Embedded: the new store is built in ``<store>.repair`` beside the damaged one and swapped in by two
    renames; the damaged one is then deleted. Until the swap the damaged store is left as it was. A Chroma
    server: this index's collections are deleted through Chroma's API, then built again.
    """
    if config.chroma_host:
        with guard(config):
            client = connect(config, create=True)
            prefix = config.collection_prefix + "-"
            for name in collection_names(client):
                if name.startswith(prefix):
                    client.delete_collection(name)
            return _build(config, progress, model)
    store = config.store_dir
    fresh = store.with_name(store.name + ".repair")
    damaged = store.with_name(store.name + ".damaged")
    with guard(config):
        for leftover in (fresh, damaged):  # a repair that crashed earlier
            shutil.rmtree(leftover, ignore_errors=True)
        with _build_lock(config):
            report = _build(replace(config, store_dir=fresh), progress, model)
            (fresh / LOCK_NAME).unlink(missing_ok=True)
            if store.exists():
                store.rename(damaged)
            fresh.rename(store)
        shutil.rmtree(damaged, ignore_errors=True)
    log.info("store repaired: %s", report.line())
    return report


def _live(client, config: EngineConfig, pointer: dict):
    """The live collection and its manifest when a build can add to it; (None, {}) when the next build
    must start a fresh collection (first build, another model, an older layout, missing data)."""
    name = pointer.get("current")
    if not name:
        return None, {}
    if pointer.get("layout") != LAYOUT:
        log.warning("the index was built by an older version of newsbot: rebuilding it in the current layout")
        return None, {}
    try:
        collection = client.get_collection(name)
        check_model(dict(collection.metadata or {}))
        return collection, manifest_of(pointer)
    except ModelMismatch:
        log.warning("the index was built with another embedding model: everything is embedded again")
    except Exception as error:
        if not is_not_found(error):
            raise
        log.warning("the live collection %s is missing: everything is embedded again", name)
    return None, {}


def _leftovers(pointer: dict, manifest: dict[str, ArticleRecord]) -> set[str]:
    """Versions a crashed or interrupted build left in the live collection, outside the manifest."""
    listed = set(json.loads(pointer.get("pending") or "[]")) | set(json.loads(pointer.get("garbage") or "[]"))
    return listed - {record.version for record in manifest.values()}


def _after_switch(step: str, action: Callable[[], object], config: EngineConfig) -> None:
    """Clean-up after the pointer write: the new index is live already, so a failure here is a warning
    (the next build retries it), not a failed build."""
    try:
        action()
    except Exception as error:
        if not is_store_error(error):
            raise
        log.warning("%s failed (the new index is live; the next build retries): %s", step,
                    describe(error, config))


def vacuum(config: EngineConfig) -> None:
    """Chroma's own `chroma vacuum`: gives the pages freed by deleted rows back to the file system."""
    if config.chroma_host:
        return
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "vacuum", "--path", str(config.store_dir), "--force", "--timeout", "60"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        log.warning("chroma vacuum failed: %s", (done.stderr or done.stdout).strip()[-300:])


def _compact(client, config: EngineConfig, live, pointer: dict, manifest: dict[str, ArticleRecord],
             progress: Progress | None) -> str:
    """Copies the live rows (vectors included) into a fresh collection and switches to it."""
    target = client.create_collection(new_generation_name(config), metadata=collection_metadata(),
                                      embedding_function=None)
    total = sum(record.count for record in manifest.values())
    copied = 0
    # A crash or failure here leaves the copy as a collection that is not the live one: the next build
    # deletes it (deleting it now could block forever after a failed write).
    versions = sorted(record.version for record in manifest.values())
    for begin in range(0, len(versions), VERSIONS_PER_READ):
        where = {"version": {"$in": versions[begin : begin + VERSIONS_PER_READ]}}
        for page in iter_pages(live, ["embeddings", "documents", "metadatas"], where):
            if page["ids"]:
                target.add(ids=page["ids"], embeddings=page["embeddings"], documents=page["documents"],
                           metadatas=page["metadatas"])
            copied += len(page["ids"])
            if progress:
                progress("compact", copied, total)
    write_pointer(client, config, {**pointer, "current": target.name, "dead": 0, "garbage": "[]",
                                   "pending": "[]"})
    log.info("store compacted: %d rows copied into %s", copied, target.name)
    return target.name


def _has_space(config: EngineConfig, rows: int) -> bool:
    return config.chroma_host is not None or free_bytes(config) >= rows * ROW_BYTES


def _check_space(config: EngineConfig, rows: int) -> None:
    if not _has_space(config, rows):
        need, free = rows * ROW_BYTES / 1e6, free_bytes(config) / 1e6
        raise DiskFull(f"The disk holding the index store at {config.store_dir} has {free:.1f} MB free and "
                       f"{rows:,} new passages need about {need:.1f} MB: free some space, then run "
                       "`python -m index build` again; the previous index is still in place.")


def _build(config: EngineConfig, progress: Progress | None, model) -> BuildReport:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from index.embedding import load_model

    began = time.perf_counter()
    articles, warnings = load_articles(config.seeds_dir, config.max_article_bytes)
    for warning in warnings:  # once, here: the CLI shows them through its log handler, the bot logs them
        log.warning("%s", warning)
    if not articles:
        detail = f" ({'; '.join(warnings)})" if warnings else ""
        raise NoArticles(f"No readable article in {config.seeds_dir}{detail}.")
    with _build_lock(config):
        client = connect(config, create=True)
        pointer = read_pointer(client, config)
        live, old = _live(client, config, pointer)
        # What crashed builds left: rows outside the manifest, collections and folders nothing uses.
        leftovers = _leftovers(pointer, old) if live is not None else set()
        if leftovers:
            delete_versions(live, leftovers)
            pointer = {**pointer, "pending": "[]", "garbage": "[]"}
            write_pointer(client, config, pointer)
        drop_stale_generations(client, config, keep={live.name} if live is not None else set())
        remove_orphan_folders(config)

        indexed_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        manifest: dict[str, ArticleRecord] = {}
        embed: list[Article] = []
        for article in articles:
            version = version_of(article.id, article.digest)
            previous = old.get(article.id)
            if previous is not None and previous.version == version:
                manifest[article.id] = previous
                continue
            embed.append(article)
            manifest[article.id] = ArticleRecord(
                version, article.digest, len(article.sentences), article.title, indexed_at, article.url,
                article.published, article.source, article.author)
        replaced = {r.version: r.count for a, r in old.items() if manifest.get(a) is None
                    or manifest[a].version != r.version}
        chunks = sum(record.count for record in manifest.values())
        reused = chunks - sum(len(a.sentences) for a in embed)
        if live is not None and not embed and not replaced:
            seconds = time.perf_counter() - began
            return BuildReport(len(articles), chunks, 0, reused, 0, seconds, tuple(warnings))

        _check_space(config, sum(len(a.sentences) for a in embed))
        fresh = live is None
        target = live if not fresh else client.create_collection(
            new_generation_name(config), metadata=collection_metadata(), embedding_function=None)
        adding = {manifest[a.id].version for a in embed}
        if not fresh:  # recorded first, so a crash mid-way leaves rows the next build knows to delete
            pointer = {**pointer, "pending": json.dumps(sorted(adding))}
            write_pointer(client, config, pointer)
        nodes = []
        limit_heap_growth()
        try:
            model = model or load_model()
            nodes = [node for a in embed for node in sentence_nodes(a, manifest[a.id].version)]
            store = ChromaVectorStore(chroma_collection=target)
            _embed_and_store(model, store, nodes, progress, reused, chunks)
        except BaseException:
            # Includes KeyboardInterrupt: the pointer still names the old manifest, which still answers.
            # What was written is left for the next build to delete (pending versions, or a collection
            # that is not the live one): after a failed write Chroma can block forever on a delete.
            raise
        dead = 0 if fresh else int(pointer.get("dead", 0)) + sum(replaced.values())
        pointer = {"layout": LAYOUT, "current": target.name, "manifest": manifest_json(manifest),
                   "pending": "[]", "garbage": json.dumps(sorted(replaced)), "dead": dead, "rows": chunks}
        write_pointer(client, config, pointer)  # the switch

        def collect() -> None:
            if fresh:
                drop_stale_generations(client, config, keep={target.name})
            else:
                delete_versions(target, replaced)
                write_pointer(client, config, {**pointer, "garbage": "[]"})
            remove_orphan_folders(config)

        _after_switch("deleting the replaced rows", collect, config)
        if not fresh and dead > COMPACT_SHARE * max(chunks, 1) and _has_space(config, chunks):
            def compact() -> None:
                current = _compact(client, config, target, {**pointer, "garbage": "[]"}, manifest, progress)
                drop_stale_generations(client, config, keep={current})
                remove_orphan_folders(config)
                vacuum(config)

            _after_switch("compacting the store", compact, config)
    report = BuildReport(
        articles=len(articles),
        chunks=chunks,
        embedded=len(nodes),
        skipped=reused,
        removed=sum(replaced.values()),
        seconds=time.perf_counter() - began,
        warnings=tuple(warnings),
    )
    log.info("index built: %s", report.line())
    return report
