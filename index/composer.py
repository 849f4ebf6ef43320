"""The composer stage: turns the engine's extractive Answer into a written one, or keeps the quotes.

The model gets the numbered quotes the engine already chose and writes a short answer citing them; the
grounding check (index/grounding.py) drops every sentence its quotes do not carry. What the user gets is
either the surviving sentences (``composer="llm"``) or the extractive answer unchanged
(``composer="quotes"``) with ``fallback_reason`` saying why. The citations, and so the sources shown, are
the engine's verbatim quotes either way. An unanswered question never reaches the model: the engine's
refusal stands.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from index import prompts
from index.config import EngineConfig
from index.grounding import Checker, is_refusal, split_sentences, strip_reasoning
from index.types import Answer, AnswerSentence

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

log = logging.getLogger(__name__)

# A reply longer than this ignored "one to three sentences": not the shape asked for.
MAX_REPLY_CHARS = 2000

# fallback_reason values (stable: scripts and the bot read them).
TIMEOUT = "timeout"
RATE_LIMITED = "rate_limited"
HTTP_ERROR = "http_error"
UNREACHABLE = "unreachable"
BAD_RESPONSE = "bad_response"  # the server's reply is not a chat completion (malformed JSON, no choices)
WRONG_SHAPE = "wrong_shape"  # a completion, but not a cited answer (empty, too long, no markers at all)
MODEL_REFUSED = "model_refused"  # the model declined although the engine found an answer
NOTHING_SUPPORTED = "nothing_supported"  # every sentence failed the grounding check
LLM_ERROR = "llm_error"  # anything else the LLM client raised (logged with its traceback)

# What a person reads about a fallback (CLI, console chat, Discord).
FALLBACK_TEXT = {
    TIMEOUT: "the language model took too long",
    RATE_LIMITED: "the language model is rate-limited",
    HTTP_ERROR: "the language model server returned an error",
    UNREACHABLE: "the language model server could not be reached",
    BAD_RESPONSE: "the language model server sent an unreadable reply",
    WRONG_SHAPE: "the language model did not write a cited answer",
    MODEL_REFUSED: "the language model declined to answer from these quotes",
    NOTHING_SUPPORTED: "no sentence of the written answer was supported by its quotes",
    LLM_ERROR: "the language model failed",
}


def fallback_text(reason: str) -> str:
    return f"No written answer: {FALLBACK_TEXT.get(reason, reason)}. Here are the quotes."

OnText = Callable[[str], None]


class Fallback(Exception):
    def __init__(self, reason: str, detail: str = "", sentences: list[AnswerSentence] | None = None) -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.sentences = sentences


def classify(error: BaseException) -> str:
    """The fallback reason for an exception from the LLM client."""
    import httpx
    import openai

    if isinstance(error, Fallback):
        return error.reason
    if isinstance(error, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        return TIMEOUT
    if isinstance(error, openai.RateLimitError):
        return RATE_LIMITED
    if isinstance(error, openai.APIStatusError | httpx.HTTPStatusError):
        return HTTP_ERROR
    if isinstance(error, openai.APIConnectionError | httpx.TransportError | ConnectionError):
        return UNREACHABLE
    # JSONDecodeError is a ValueError; a body without choices fails as Key/Index/Type/AttributeError.
    if isinstance(error, openai.APIResponseValidationError | ValueError | LookupError | TypeError
                  | AttributeError):
        return BAD_RESPONSE
    return LLM_ERROR


class LlmComposer:
    def __init__(self, llm: LLM, timeout: float) -> None:
        self.llm = llm
        self.timeout = timeout

    def __repr__(self) -> str:
        # Never the LLM's own repr: other llama-index LLM classes print their API key in it.
        return f"LlmComposer(model={getattr(self.llm, 'model', '?')!r}, timeout={self.timeout})"

    @classmethod
    def from_config(cls, config: EngineConfig) -> LlmComposer:
        from index.llm import build_llm

        return cls(build_llm(config), config.llm_timeout)

    def compose(self, answer: Answer, *, context: str | None = None, on_text: OnText | None = None) -> Answer:
        """The written, checked answer, or ``answer`` itself with composer "quotes" and the reason.

        ``on_text`` (optional) is called from this thread with the checked text so far, each time a
        sentence has arrived and passed the check; the model is then asked to stream."""
        if not answer.answered or not answer.citations:
            return answer
        began = time.perf_counter()
        checker = Checker(answer.citations)
        messages = self._messages(answer, context)
        checked: list[AnswerSentence] = []
        shown: list[str] = []

        def show(text: str) -> None:
            if on_text is not None and text and text != (shown[-1] if shown else None):
                shown.append(text)
                on_text(text)

        try:
            text = self._stream(messages, checker, checked, show) if on_text else self._complete(messages)
            checked = self._verdict(text, checker)
            show(" ".join(s.text for s in checked if s.supported))  # the last sentence, now complete
            reason = None
        except Exception as error:  # noqa: BLE001 - whatever the model or server does, the quotes remain
            reason = classify(error)
            if isinstance(error, Fallback) and error.sentences is not None:
                checked = error.sentences
            if reason == LLM_ERROR:
                log.exception("LLM call failed; answering with quotes")
            else:
                log.warning("Written answer unavailable (%s: %s); answering with quotes", reason, error)
        timings = {**answer.timings_ms, "llm": (time.perf_counter() - began) * 1000}
        kept = [s for s in checked if s.supported]
        if reason is None:
            log.info("Written answer: %d of %d sentences kept in %.0f ms", len(kept), len(checked),
                     timings["llm"])
            return replace(answer, answer=" ".join(s.text for s in kept), composer="llm",
                           fallback_reason=None, sentences=tuple(checked), timings_ms=timings)
        return replace(answer, composer="quotes", fallback_reason=reason, sentences=tuple(checked),
                       timings_ms=timings)

    # ---------------------------------------------------------------------------------------------

    @staticmethod
    def _messages(answer: Answer, context: str | None):
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role=role, content=content)
                for role, content in prompts.answer_messages(answer.question, answer.citations, context)]

    def _complete(self, messages) -> str:
        response = self.llm.chat(messages)
        content = response.message.content
        if not isinstance(content, str):
            raise Fallback(WRONG_SHAPE, "the reply has no text")
        if len(strip_reasoning(content)) > MAX_REPLY_CHARS:
            raise Fallback(WRONG_SHAPE, f"the reply is {len(content)} characters long")
        return content

    def _stream(self, messages, checker: Checker, checked: list[AnswerSentence], on_text: OnText) -> str:
        # httpx's timeout is per read; a server that trickles tokens must still end within the timeout.
        deadline = time.monotonic() + self.timeout
        text = ""
        stream = self.llm.stream_chat(messages)
        try:
            for chunk in stream:
                text += chunk.delta or ""
                if time.monotonic() > deadline:
                    raise Fallback(TIMEOUT, f"no complete reply within {self.timeout:g} s")
                if len(strip_reasoning(text)) > MAX_REPLY_CHARS:
                    raise Fallback(WRONG_SHAPE, f"the reply passed {MAX_REPLY_CHARS} characters")
                # The last piece may still grow (or gain its markers): only complete sentences are
                # checked, and only checked sentences are shown.
                pieces = split_sentences(strip_reasoning(text))
                # "…drones. [1" : the markers still arriving belong to the sentence before them.
                complete = pieces[:-2] if pieces and pieces[-1].startswith("[") else pieces[:-1]
                checked[len(checked):] = checker.check(complete[len(checked):])
                on_text(" ".join(s.text for s in checked if s.supported))
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        return text

    @staticmethod
    def _verdict(text: str, checker: Checker) -> list[AnswerSentence]:
        """Every sentence with its verdict; raises Fallback when none may be shown."""
        text = strip_reasoning(text)
        if not text:
            raise Fallback(WRONG_SHAPE, "the reply is empty")
        checked = checker.check(split_sentences(text))
        if any(s.supported for s in checked):
            return checked
        if is_refusal(text):
            raise Fallback(MODEL_REFUSED, "the model declined although the engine answered", checked)
        if not any(s.citations for s in checked):
            raise Fallback(WRONG_SHAPE, "no sentence cites a quote", checked)
        raise Fallback(NOTHING_SUPPORTED, "; ".join(s.reason or "" for s in checked), checked)
