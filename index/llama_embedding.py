"""The MiniLM model as a llama-index ``BaseEmbedding``, kept apart so answering never imports llama-index."""

from __future__ import annotations

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.embedding import BATCH_SIZE, MODEL_NAME, MiniLM, load_model


class MiniLMEmbedding(BaseEmbedding):
    """llama-index adapter around :class:`MiniLM`."""

    _model: MiniLM = PrivateAttr()

    def __init__(self, model: MiniLM | None = None, **kwargs) -> None:
        super().__init__(model_name=MODEL_NAME, embed_batch_size=BATCH_SIZE, **kwargs)
        self._model = model or load_model()

    @classmethod
    def class_name(cls) -> str:
        return "MiniLMEmbedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.embed([query])[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.embed([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.embed(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)
