"""A small OpenAI-compatible chat server on 127.0.0.1 that returns scripted replies.

It stands in for a model server (Ollama, llama.cpp, vLLM, OpenAI) the tests cannot run: it is no model,
so nothing measured against it says anything about answer quality. It serves ``POST
/v1/chat/completions`` with and without ``"stream": true`` (server-sent events, one chunk per word), and
records every request so tests can assert on what was sent.

It runs its own event loop on a thread, because the engine calls the model synchronously.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Reply:
    """A completion whose message content is ``text``; ``delay`` seconds before the first byte, and
    ``chunk_delay`` seconds between streamed chunks."""

    text: str
    delay: float = 0.0
    chunk_delay: float = 0.0
    # Streamed exactly in these pieces (they must add up to ``text``); by default one chunk per word.
    chunks: tuple[str, ...] = ()


@dataclass
class Echo:
    """Copies the first sentence of quote [1] from the prompt and cites it: a reply that passes the check
    on any question, for running the benchmark harness end to end. Not a model, not a quality figure."""

    def text(self, body: dict) -> str:
        prompt = body["messages"][-1]["content"]
        match = re.search(r"^\[1\] “(.*?)”$", prompt, re.MULTILINE)
        if match is None:
            return "The quotes do not answer this."
        first = re.split(r"(?<=[.!?])\s+", match.group(1))[0].rstrip(".!?")
        return f"{first} [1]."


@dataclass
class Status:
    """An HTTP error as OpenAI sends it."""

    status: int
    message: str = "scripted error"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Raw:
    """A 200 response with this body as it is (malformed JSON, a body without choices…)."""

    body: str
    content_type: str = "application/json"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    json: dict


class StubLLM:
    def __init__(self) -> None:
        self.script: list[Reply | Echo | Status | Raw] = []
        self.default: Reply | Echo | Status | Raw = Reply("The quotes do not answer this.")
        self.requests: list[Received] = []
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def then(self, *replies: Reply | Echo | Status | Raw) -> StubLLM:
        """Queues replies, one per request; when they run out, ``default`` answers."""
        self.script.extend(replies)
        return self

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> StubLLM:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._start())
            ready.set()
            self._loop.run_forever()
            # A scripted slow reply may still be sleeping: end it rather than leave it pending.
            pending = asyncio.all_tasks(self._loop)
            for task in pending:
                task.cancel()
            self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=run, name="stub-llm", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("stub LLM server did not start")
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    # ------------------------------------------------------------------ serving

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(Received(request.path, dict(request.headers), body))
        step = self.script.pop(0) if self.script else self.default
        if isinstance(step, Status):
            error = {"error": {"message": step.message, "type": "scripted", "code": step.status}}
            return web.json_response(error, status=step.status, headers=step.headers)
        if isinstance(step, Raw) and not body.get("stream"):
            return web.Response(text=step.body, content_type=step.content_type)
        if isinstance(step, Raw):  # a streamed reply whose event data is the raw body
            response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
            await response.prepare(request)
            await response.write(f"data: {step.body}\n\n".encode())
            await response.write_eof()
            return response
        if isinstance(step, Echo):
            step = Reply(step.text(body))
        await asyncio.sleep(step.delay)
        if not body.get("stream"):
            return web.json_response(_completion(body, step.text))
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        words = step.text.split(" ")
        pieces = step.chunks or [word if i == 0 else " " + word for i, word in enumerate(words)]
        assert "".join(pieces) == step.text, "scripted chunks must add up to the text"
        for piece in pieces:
            await response.write(f"data: {json.dumps(_chunk(body, piece))}\n\n".encode())
            if step.chunk_delay:
                await asyncio.sleep(step.chunk_delay)
        await response.write(f"data: {json.dumps(_chunk(body, None, finish='stop'))}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


def _completion(body: dict, text: str) -> dict:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(body: dict, piece: str | None, finish: str | None = None) -> dict:
    delta = {} if piece is None else {"role": "assistant", "content": piece}
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
