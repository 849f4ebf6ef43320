"""/reindex's build, in a child process.

Measured (benchmarks/bot_load.py, 500 /ask beside a /reindex): with the build on a thread of the bot's
own process, even at nice +10, the event loop stalled for 3.2 s (gateway heartbeats 3.3 s apart) and
almost no interaction was acknowledged within Discord's 3 s: tokenizing, scoring and writing to Chroma
hold the GIL in long stretches that no thread priority can interrupt. A process has its own GIL.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

from index.config import EngineConfig
from index.types import BuildReport

BUILD_NICENESS = 10  # answers and the event loop keep the CPU; the rebuild takes what is left

Progress = Callable[[str, int, int], None]


def _child(config: EngineConfig, conn) -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, 0, BUILD_NICENESS)
    except OSError:
        pass  # already nicer than that
    try:
        from index.build import build_index
        from index.runtime import limit_malloc_arenas

        limit_malloc_arenas()
        report = build_index(config, lambda stage, done, total: conn.send(("progress", stage, done, total)))
        conn.send(("done", report))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        conn.send(("error", error))
    finally:
        conn.close()


def build_in_process(config: EngineConfig, progress: Progress | None = None) -> BuildReport:
    """Builds the index in a child process and returns its report, or raises its error (an
    EngineError keeps its message). Blocking: call it from a thread."""
    context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(config, sender), name="newsbot-rebuild", daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            try:
                kind, *rest = receiver.recv()
            except EOFError:
                child.join(5)
                raise RuntimeError(f"The rebuild process stopped (exit code {child.exitcode}).") from None
            if kind == "progress":
                if progress is not None:
                    progress(*rest)
            elif kind == "done":
                return rest[0]
            else:
                raise rest[0]
    finally:
        receiver.close()
        child.join(10)
        if child.is_alive():
            child.terminate()
