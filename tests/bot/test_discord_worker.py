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
