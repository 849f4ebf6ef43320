"""Rebuilds the index from the seeds folder: only new or changed articles are embedded.

The new index is written aside as a fresh Chroma collection; unchanged articles' vectors are copied
over from the current one, then one pointer write switches readers to it. A crash or Ctrl-C before
that write leaves the previous index answering; the half-built collection is dropped by the next build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from index.articles import Article, load_articles
from index.config import EngineConfig
from index.errors import EngineError, ModelMismatch, NoArticles
from index.faults import guard
from index.types import BuildReport
from index.store import (
    check_model,
    collection_metadata,
    connect,
    drop_stale_generations,
    new_generation_name,
    read_all,
    read_pointer,
    write_pointer,
)

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
COPY_BATCH = 2000
LOCK_NAME = ".build.lock"
WRITE_CHUNK = 256


def node_id(article: Article, start: int, end: int) -> str:
    """Stable across rebuilds: the same article text gives the same ids."""
    key = f"{article.id}\0{article.digest}\0{start}\0{end}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def sentence_nodes(article: Article, indexed_at: str):
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
                metadata={
                    "article": article.id,
                    "title": article.title,
                    "section": sentence.section or "",
                    "start": sentence.start,
                    "end": sentence.end,
                    "paragraph": sentence.paragraph,
                    "position": position,
                    "gap_after": gap_after,
                    "article_digest": article.digest,
                    "url": article.url or "",
                    "indexed_at": indexed_at,
                },
            )
        )
    return nodes


@dataclass(frozen=True)
class Plan:
    current: str | None
    reused: dict[str, tuple[str, int]]  # article id -> (digest, nodes), copied from the current collection
    embed: list[Article]
    removed: list[str]
    reused_chunks: int
    old_chunks: int


def _old_articles(client, current: str, pointer: dict) -> dict[str, tuple[str, int]]:
    """article id -> (digest, node count) of the current index, from the manifest kept in the pointer."""
    collection = client.get_collection(current)
    check_model(dict(collection.metadata or {}))
    if "manifest" in pointer:
        return {article: (digest, count) for article, (digest, count) in json.loads(pointer["manifest"]).items()}
    old: dict[str, tuple[str, int]] = {}
    for meta in read_all(collection, ["metadatas"])["metadatas"]:
        digest, count = old.get(meta["article"], (meta["article_digest"], 0))
        old[meta["article"]] = (digest, count + 1)
    return old


def _plan(client, config: EngineConfig, articles: list[Article]) -> Plan:
    pointer = read_pointer(client, config)
    current = pointer.get("current") or None
    old: dict[str, tuple[str, int]] = {}
    if current:
        try:
            old = _old_articles(client, current, pointer)
        except ModelMismatch:
            log.info("current index used another embedding model: everything is re-embedded")
        except Exception:
            log.warning("current index %s is unreadable: everything is re-embedded", current, exc_info=True)
    by_id = {a.id: a for a in articles}
    reuse = [a.id for a in articles if a.id in old and old[a.id][0] == a.digest]
    embed = [a for a in articles if a.id not in reuse]
    removed = [article_id for article_id in old if article_id not in by_id]
    reused = {a: old[a] for a in reuse}
    reused_chunks = sum(count for _, count in reused.values())
    return Plan(current, reused, embed, removed, reused_chunks, sum(count for _, count in old.values()))


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


def _copy_vectors(source, target, article_ids: list[str], progress: Progress | None, total: int) -> int:
    copied = 0
    for begin in range(0, len(article_ids), 200):
        rows = read_all(source, ["embeddings", "documents", "metadatas"],
                        where={"article": {"$in": article_ids[begin : begin + 200]}})
        for offset in range(0, len(rows["ids"]), COPY_BATCH):
            part = slice(offset, offset + COPY_BATCH)
            target.add(
                ids=rows["ids"][part],
                embeddings=rows["embeddings"][part],
                documents=rows["documents"][part],
                metadatas=rows["metadatas"][part],
            )
            copied += len(rows["ids"][part])
            if progress:
                progress("copy", copied, total)
    return copied


def _embed_and_store(model, store, nodes, progress: Progress | None, done: int, total: int) -> None:
    """Embeds all new sentences in one length-sorted stream; finished ones are written to Chroma on a
    second thread while the model keeps going, so the writes hide behind the embedding."""

    def write(batch) -> int:
        store.add(batch)
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
            for collection in client.list_collections():
                name = collection if isinstance(collection, str) else collection.name
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
        plan = _plan(client, config, articles)
        chunks = plan.reused_chunks + sum(len(a.sentences) for a in plan.embed)
        if plan.current and not plan.embed and not plan.removed:
            return BuildReport(len(articles), chunks, 0, plan.reused_chunks, 0,
                               time.perf_counter() - began, tuple(warnings))

        name = new_generation_name(config)
        # Leftovers of crashed builds go first; the previous generation stays for in-flight readers.
        drop_stale_generations(client, config, keep={plan.current} if plan.current else set())
        target = client.create_collection(name, metadata=collection_metadata(), embedding_function=None)
        try:
            if plan.reused:
                _copy_vectors(client.get_collection(plan.current), target, list(plan.reused), progress, chunks)
            model = model or load_model()
            store = ChromaVectorStore(chroma_collection=target)
            indexed_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            nodes = [node for article in plan.embed for node in sentence_nodes(article, indexed_at)]
            _embed_and_store(model, store, nodes, progress, plan.reused_chunks, chunks)
        except BaseException:
            # Includes KeyboardInterrupt: the pointer was not touched, so the old index still answers.
            with contextlib.suppress(Exception):
                client.delete_collection(name)
            raise
        manifest = {a.id: (a.digest, len(a.sentences)) for a in plan.embed}
        manifest.update({article: old for article, old in plan.reused.items()})
        pointer = {"current": name, "manifest": json.dumps(manifest)}
        if plan.current:
            pointer["previous"] = plan.current
        write_pointer(client, config, pointer)
        drop_stale_generations(client, config, keep={name, plan.current})
    seconds = time.perf_counter() - began
    report = BuildReport(
        articles=len(articles),
        chunks=chunks,
        embedded=len(nodes),
        skipped=plan.reused_chunks,
        removed=plan.old_chunks - plan.reused_chunks,
        seconds=seconds,
        warnings=tuple(warnings),
    )
    log.info("index built: %s", report.line())
    return report
