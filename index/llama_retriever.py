"""The engine's ranking as a llama-index ``BaseRetriever``, so llama-index users can plug it into their own
query engines. Each node is one verbatim passage with its article offsets; its score is the engine's
probability that the passage answers. Kept apart so answering never imports llama-index.

    retriever = PassageRetriever(Engine.open(), top_k=3)
    query_engine = RetrieverQueryEngine.from_args(retriever, llm=your_llm)
"""

from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.engine import Engine


class PassageRetriever(BaseRetriever):
    def __init__(self, engine: Engine, top_k: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self.top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        nodes = []
        for n, ranked in enumerate(self.engine.rank(query_bundle.query_str)[: self.top_k], 1):
            citation = self.engine.citation(n, ranked.rows, ranked.score)
            node = TextNode(
                id_=f"{citation.article}:{citation.start}-{citation.end}",
                text=citation.quote,
                metadata={"article": citation.article, "title": citation.title, "start": citation.start,
                          "end": citation.end, "section": citation.section or "", "url": citation.url or ""},
            )
            nodes.append(NodeWithScore(node=node, score=ranked.score))
        return nodes
