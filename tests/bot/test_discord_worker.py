"""The engine worker: one thread, arrival order, a bounded queue, acknowledgements first."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.worker import ACK_PRIORITY_WAIT, Busy, EngineWorker


async def test_jobs_run_on_one_thread_in_arrival_order_and_overflow_is_busy():
    worker = EngineWorker(limit=5)
    release = threading.Event()
    seen: list[tuple[int, int]] = []

    def job(n: int) -> int:
        release.wait(5)
        seen.append((n, threading.get_ident()))
        return n * n

    try:
        futures = [worker.submit(job, n) for n in range(5)]
        with pytest.raises(Busy) as busy:
            worker.submit(job, 99)
        assert "try again in a moment" in str(busy.value)
        release.set()
        assert await asyncio.gather(*futures) == [0, 1, 4, 9, 16]
        assert [n for n, _ in seen] == [0, 1, 2, 3, 4]
        assert len({thread for _, thread in seen}) == 1 and seen[0][1] != threading.get_ident()
        assert worker.pending == 0
        assert await worker.submit(job, 6) == 36  # room again
    finally:
        worker.close()


async def test_a_job_yields_to_outstanding_acknowledgements_for_a_bounded_time():
    worker = EngineWorker(limit=5)
    try:
        worker.acknowledging()
        began = time.perf_counter()
        waited = await worker.submit(lambda: time.perf_counter() - began)
        assert ACK_PRIORITY_WAIT * 0.8 <= waited < ACK_PRIORITY_WAIT + 0.5
        worker.acknowledged()
        began = time.perf_counter()
        assert await worker.submit(lambda: time.perf_counter() - began) < ACK_PRIORITY_WAIT / 2
    finally:
        worker.close()


def test_a_rebuild_that_outlives_the_event_loop_ends_quietly(monkeypatch):
    """The bot stopped mid-/reindex: the build thread finishes after the loop has closed. Handing the
    result (or a progress step) to a closed loop is no error, and no traceback is printed."""
    from bot.worker import notify, run_low_priority

    errors: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    release, finished = threading.Event(), threading.Event()
    captured: dict = {}

    def build() -> str:
        release.wait(5)
        captured["progress"] = notify(captured["loop"], lambda: None)  # a progress step, loop gone
        finished.set()
        return "report"

    async def main() -> None:
        captured["loop"] = asyncio.get_running_loop()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(run_low_priority(build), 0.05)

    asyncio.run(main())
    release.set()
    assert finished.wait(5)
    time.sleep(0.2)  # the thread's last step: handing the result to the closed loop
    assert captured["progress"] is False
    assert errors == []
