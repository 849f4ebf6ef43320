"""All engine work on one dedicated thread, in arrival order, behind a bounded queue.

Why one thread: ``engine.ask`` is CPU work that holds the GIL for much of its ~10 ms. With a pool of
threads answering a burst at once, the event loop waited for the GIL so long that acknowledgements
(Discord allows 3 s) and gateway heartbeats went out late. One worker leaves the loop a free core.
Why bounded: a question that would wait longer than anyone cares is better told "busy" at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_MESSAGE = "I'm busy with a lot of questions right now; please try again in a moment."

# Opening a rebuilt index runs beside the worker at this niceness, so answers keep the CPU.
BUILD_NICENESS = 10
# While acknowledgements are outstanding the worker waits up to this long before each job: the event
# loop then has the GIL to itself for the acks (3 s deadline), and answers (no deadline) come after.
ACK_PRIORITY_WAIT = 0.1


class Busy(Exception):
    """The queue is full; ``str(error)`` is the polite message for the user."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


class EngineWorker:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pending = 0  # queued or running; touched only on the event loop
        self.unacknowledged = 0  # interactions whose acknowledgement is not sent yet (event loop only)
        self._acks_sent = threading.Event()
        self._acks_sent.set()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")

    def acknowledging(self) -> None:
        """An acknowledgement is about to be sent: jobs yield to it (see ACK_PRIORITY_WAIT)."""
        self.unacknowledged += 1
        self._acks_sent.clear()

    def acknowledged(self) -> None:
        self.unacknowledged -= 1
        if not self.unacknowledged:
            self._acks_sent.set()

    def _yielding(self, fn: Callable[..., T], *args: Any) -> T:
        self._acks_sent.wait(ACK_PRIORITY_WAIT)
        return fn(*args)

    def submit(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Queues ``fn(*args)`` at once, or raises Busy. Synchronous on purpose: a caller reserves its
        place before awaiting anything (the acknowledgement), so no await can let the queue overfill."""
        if self.pending >= self.limit:
            raise Busy()
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self._yielding, fn, *args)
        self.pending += 1
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: asyncio.Future) -> None:
        self.pending -= 1
        if future.cancelled():
            return
        # Mark the exception retrieved: a caller that already gave up must not cause a warning.
        future.exception()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def notify(loop: asyncio.AbstractEventLoop, callback: Callable[[], Any]) -> bool:
    """Schedules ``callback`` on ``loop`` from another thread. False when the loop has closed: the bot is
    shutting down (say, mid-/reindex) and nobody waits for the news any more, which is no error."""
    try:
        loop.call_soon_threadsafe(callback)
    except RuntimeError:
        return False
    return True


async def run_low_priority(fn: Callable[..., T], *args: Any) -> T:
    """Runs ``fn(*args)`` on a fresh thread at lower CPU priority (Linux nice is per thread, and the
    threads it starts inherit it). A fresh thread, because a thread cannot be made nicer and back."""
    result: dict[str, Any] = {}
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def run() -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BUILD_NICENESS)
        except (AttributeError, OSError):
            log.debug("Could not lower the rebuild's CPU priority")
        try:
            result["value"] = fn(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the awaiting coroutine
            result["error"] = error
        notify(loop, lambda: done.done() or done.set_result(None))

    threading.Thread(target=run, name="rebuild", daemon=True).start()
    await done
    if "error" in result:
        raise result["error"]
    return result["value"]
