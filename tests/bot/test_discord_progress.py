"""/reindex progress: calls from the build thread are coalesced into few, rate-limit-friendly edits."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.cogs.reindex import ProgressMessage


class RecordingInteraction:
    """Just the one method ProgressMessage uses; records when each edit would reach Discord."""

    def __init__(self) -> None:
        self.edits: list[tuple[float, str]] = []

    async def edit_original_response(self, *, content: str) -> None:
        self.edits.append((time.monotonic(), content))


async def test_progress_edits_are_throttled_and_end_with_the_latest_state():
    interaction = RecordingInteraction()
    progress = ProgressMessage(interaction, interval=0.2)

    def build() -> None:
        for done in range(1, 201):
            progress("embed", done, 200)
            time.sleep(0.0035)

    worker = threading.Thread(target=build)
    worker.start()
    await asyncio.to_thread(worker.join, 10)
    await asyncio.sleep(0.3)  # the last coalesced update lands
    await progress.finish("Index rebuilt: done")

    times = [t for t, _ in interaction.edits]
    texts = [c for _, c in interaction.edits]
    assert 2 <= len(texts) <= 8  # ~0.7 s of progress at one edit per 0.2 s, not 200 edits
    assert all(b - a >= 0.19 for a, b in zip(times[:-2], times[1:-1], strict=False))
    assert texts[-2] == "Rebuilding the index… embed: 200/200 (100%)"
    assert texts[-1] == "Index rebuilt: done"
    assert progress.task.done()
