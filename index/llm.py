"""The language model behind written answers, built from settings. The one place to swap it.

Any OpenAI-compatible server works through llama-index's ``OpenAILike`` (Ollama, a llama.cpp server,
vLLM, OpenAI itself). To use another llama-index LLM class instead, return it from ``build_llm``: the
composer only calls ``chat`` and ``stream_chat`` with ``ChatMessage`` lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.config import EngineConfig

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

# Room for three short cited sentences (and a reasoning model's preamble) and no more: a longer reply is
# not the shape asked for, and every extra token is waiting time on a slow server.
MAX_TOKENS = 400
# Without a key the server is one of the admin's own (Ollama, llama.cpp): send a placeholder rather than
# let the OpenAI client fall back to OPENAI_API_KEY, which must never reach a server it was not meant for.
NO_KEY = "no-key"


def build_llm(config: EngineConfig) -> LLM:
    from llama_index.core.bridge.pydantic import Field
    from llama_index.llms.openai_like import OpenAILike

    class KeyQuietOpenAILike(OpenAILike):
        # llama-index's OpenAI classes put the key in their repr and serialisation; a logged or dumped
        # LLM must not carry it.
        api_key: str | None = Field(default=None, exclude=True, repr=False)

    return KeyQuietOpenAILike(
        model=config.llm_model,
        api_base=config.llm_base_url,
        api_key=config.llm_api_key or NO_KEY,
        is_chat_model=True,
        temperature=0.0,
        max_tokens=MAX_TOKENS,
        timeout=config.llm_timeout,
        # A retry would double the wait of someone watching a "thinking…" message; the quotes are the
        # fallback instead.
        max_retries=0,
    )
