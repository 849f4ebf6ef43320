"""Answer quality on SQuAD v1.1: the engine against sentence baselines and llama-index's default pipeline.

answer@k: a gold answer (case-folded, white space collapsed) is inside one of the first k quotes.
The engine is scored on its top hits whether or not it would refuse; its refusal rate on these
answerable questions is reported beside them.
"""

from __future__ import annotations

import hashlib
import statistics
import time

import numpy as np

from benchmarks.data import Question, contains_answer
from benchmarks.squad_metrics import best, exact_match, f1_score

RRF_K = 60
POOL = 100


def _summary(records: list[dict]) -> dict:
    n = len(records)
    out = {
        "questions": n,
        "answer@1": sum(r["a1"] for r in records) / n,
        "answer@3": sum(r["a3"] for r in records) / n,
        "article@1": sum(r["art1"] for r in records) / n,
        "median_quote_chars": statistics.median(r["chars"] for r in records),
    }
    if "answered" in records[0]:
        out["refused"] = 1 - sum(r["answered"] for r in records) / n
    return out


def evaluate_engine(engine, questions: list[Question]) -> tuple[dict, list[dict]]:
    """The engine's public ranking (Engine.rank), scored on its top passages whether or not it answers."""
    from index.ranking import answerable

    corpus = engine.corpus
    records = []
    began = time.perf_counter()
    for q in questions:
        ranked = engine.rank(q.text)[:3]
        quotes = [engine.citation(n, r.rows, r.score).quote for n, r in enumerate(ranked, 1)]
        article = corpus.article_ids[corpus.article_of_row[ranked[0].row]] if ranked else None
        records.append({
            "a1": bool(quotes) and contains_answer(quotes[0], q.answers),
            "a3": any(contains_answer(t, q.answers) for t in quotes),
            "art1": article == q.article,
            "chars": len(quotes[0]) if quotes else 0,
            "answered": answerable(ranked),
        })
    result = _summary(records)
    result["seconds"] = time.perf_counter() - began
    return result, records


def evaluate_v01(engine, questions: list[Question]) -> dict:
    """The frozen v0.1 retriever (fa95d6a) over the same corpus, scored like the engine: its top 3 quotes
    whether or not it answers, its refusal rule beside them, and its quote 1 as its (only) answer text."""
    from benchmarks.baseline_v01 import open_baseline

    retriever = open_baseline(engine)
    corpus = engine.corpus
    records, f1s, ems = [], [], []
    began = time.perf_counter()
    for q in questions:
        hits = retriever.search(q.text, k=3)
        quotes = [engine.citation(n, h.quote_rows, h.dense).quote for n, h in enumerate(hits, 1)]
        answered = bool(hits) and retriever.supports(hits[0])
        records.append({
            "a1": bool(quotes) and contains_answer(quotes[0], q.answers),
            "a3": any(contains_answer(t, q.answers) for t in quotes),
            "art1": bool(hits) and corpus.article_ids[corpus.article_of_row[hits[0].row]] == q.article,
            "chars": len(quotes[0]) if quotes else 0,
            "answered": answered,
        })
        predicted = quotes[0] if answered else ""
        f1s.append(best(f1_score, predicted, q.answers))
        ems.append(best(exact_match, predicted, q.answers))
    result = _summary(records)
    result["quote_em"], result["quote_f1"] = sum(ems) / len(ems), sum(f1s) / len(f1s)
    result["seconds"] = time.perf_counter() - began
    return result


def short_answers(engine, questions: list[Question]) -> dict:
    """Short-answer EM/F1 (SQuAD normalisation, best over the gold answers) of ``Engine.ask``.

    The prediction is ``Answer.short_answer``, or quote 1 when there is none, or nothing on a refusal.
    Reported over all questions, and apart for the questions with a short answer (coverage = their share);
    quote 1 alone is scored beside it, as what a quote-only answer gets."""
    n = len(questions)
    em = f1 = quote_em = quote_f1 = 0.0
    given_em = given_f1 = 0.0
    given = answered = 0
    began = time.perf_counter()
    for q in questions:
        answer = engine.ask(q.text)
        quote = answer.citations[0].quote if answer.answered and answer.citations else ""
        short = answer.short_answer.text if answer.answered and answer.short_answer else None
        predicted = short if short is not None else quote
        e, f = best(exact_match, predicted, q.answers), best(f1_score, predicted, q.answers)
        em, f1 = em + e, f1 + f
        quote_em += best(exact_match, quote, q.answers)
        quote_f1 += best(f1_score, quote, q.answers)
        answered += bool(quote)
        if short is not None:
            given += 1
            given_em, given_f1 = given_em + e, given_f1 + f
    return {"questions": n, "em": em / n, "f1": f1 / n, "coverage": given / n, "answered": answered / n,
            "em_where_given": given_em / given if given else None,
            "f1_where_given": given_f1 / given if given else None,
            "quote_em": quote_em / n, "quote_f1": quote_f1 / n,
            "ms_per_question": (time.perf_counter() - began) * 1000 / max(n, 1)}


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part])]


def baseline_rankings(corpus, question: str, vector: np.ndarray) -> dict[str, list[int]]:
    """Top sentence rows of BM25, dense MiniLM and their reciprocal-rank fusion (k=60)."""
    lexical_rows, _ = corpus.lexical(question, POOL)
    dense_rows = _top(corpus.vectors @ vector, POOL)
    fused: dict[int, float] = {}
    for ranking in (lexical_rows, dense_rows):
        for rank, row in enumerate(ranking.tolist()):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    rrf = sorted(fused, key=lambda r: -fused[r])
    return {"bm25": lexical_rows.tolist(), "dense": dense_rows.tolist(), "rrf": rrf}


def evaluate_baselines(corpus, questions: list[Question], vectors: np.ndarray) -> dict[str, dict]:
    records: dict[str, list[dict]] = {"bm25": [], "dense": [], "rrf": []}
    for q, vector in zip(questions, vectors, strict=True):
        for name, rows in baseline_rankings(corpus, q.text, vector).items():
            quotes = [corpus.texts[r] for r in rows[:3]]
            article = corpus.article_ids[corpus.article_of_row[rows[0]]] if rows else None
            records[name].append({
                "a1": bool(quotes) and contains_answer(quotes[0], q.answers),
                "a3": any(contains_answer(t, q.answers) for t in quotes),
                "art1": article == q.article,
                "chars": len(quotes[0]) if quotes else 0,
            })
    return {name: _summary(rs) for name, rs in records.items()}


def llama_default_retriever(articles, model, cache_dir):
    """llama-index out of the box: VectorStoreIndex, default SentenceSplitter, similarity_top_k=2.

    Our MiniLM is passed as embed_model and a MockLLM as llm, so nothing can reach OpenAI; only
    retrieval runs. The built index is persisted in ``cache_dir``, under a key of the articles' text.
    """
    from llama_index.core import (
        Document,
        Settings,
        StorageContext,
        VectorStoreIndex,
        load_index_from_storage,
    )
    from llama_index.core.llms import MockLLM

    from index.llama_embedding import MiniLMEmbedding

    embed_model = MiniLMEmbedding(model)
    Settings.llm = MockLLM()
    Settings.embed_model = embed_model
    key = hashlib.sha1("\0".join(a.id + "\n" + "\n".join(a.paragraphs) for a in articles).encode()).hexdigest()
    folder = cache_dir / key[:12]
    if (folder / "docstore.json").exists():
        storage = StorageContext.from_defaults(persist_dir=str(folder))
        index = load_index_from_storage(storage, embed_model=embed_model)
    else:
        documents = [Document(text="\n".join(a.paragraphs), metadata={"article": a.id}, id_=a.id)
                     for a in articles]
        index = VectorStoreIndex.from_documents(documents, embed_model=embed_model)
        index.storage_context.persist(persist_dir=str(folder))
    chunk_chars = [len(node.get_content()) for node in index.docstore.docs.values()]
    return index.as_retriever(similarity_top_k=2), chunk_chars


def evaluate_llama_default(articles, questions: list[Question], model, cache_dir) -> dict:
    retriever, chunk_chars = llama_default_retriever(articles, model, cache_dir)
    records = []
    for q in questions:
        nodes = retriever.retrieve(q.text)
        texts = [n.node.get_content() for n in nodes]
        records.append({
            "a1": bool(texts) and contains_answer(texts[0], q.answers),
            "a3": any(contains_answer(t, q.answers) for t in texts),  # only 2 chunks are retrieved
            "art1": bool(nodes) and nodes[0].node.metadata.get("article") == q.article,
            "chars": len(texts[0]) if texts else 0,
        })
    result = _summary(records)
    result["chunks"] = len(chunk_chars)
    result["median_chunk_chars"] = statistics.median(chunk_chars)
    result["note"] = "answer@3 is over its 2 retrieved chunks (similarity_top_k=2)"
    return result
