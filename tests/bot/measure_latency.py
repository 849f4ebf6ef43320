"""Latency of /ask through the real bot and the fake Discord API on loopback (not collected by pytest).

    python tests/bot/measure_latency.py [--runs 50] [--rate 1]

Builds a throwaway index from the seed article, connects the real bot from ``create_bot`` to the fake,
then sends /ask interactions at ``--rate`` questions per second (one at a time) and prints the median
(and p90) milliseconds from INTERACTION_CREATE leaving the fake to (a) the deferred acknowledgement and
(b) the answer follow-up, beside ``engine.ask`` alone on the same questions. Target: the follow-up's
median within 20 ms of the engine's.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

from botdata import SEED  # noqa: E402
from fake_discord import FakeDiscord, running_bot  # noqa: E402

from benchmarks.bot_load import QUESTIONS  # noqa: E402  (the same questions as the load benchmark)
from bot import create_bot  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.build import build_index  # noqa: E402
from index.config import EngineConfig  # noqa: E402
from index.engine import Engine  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(runs: int, rate: float, root: Path) -> None:
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    config = EngineConfig(seeds_dir=seeds, store_dir=root / "store")
    build_index(config)
    engine = Engine.open(config)
    fake = await FakeDiscord().start()
    try:
        settings = Settings(token="test-token", cooldown_seconds=0, engine=config, guild_ready_timeout=0.1)
        async with running_bot(create_bot(settings, engine=engine), "test-token"):
            for i in range(5):  # warm-up: first calls pay for lazy imports and connection set-up
                iid = await fake.slash("ask", question=QUESTIONS[i % len(QUESTIONS)])
                await fake.wait_for(lambda iid=iid: fake.interactions[iid].followups)
            ack, answer, engine_ms = [], [], []
            for i in range(runs):
                began = time.perf_counter()
                iid = await fake.slash("ask", question=QUESTIONS[i % len(QUESTIONS)])
                await fake.wait_for(lambda iid=iid: fake.interactions[iid].followups)
                await asyncio.sleep(max(0.0, began + 1 / rate - time.perf_counter()))
                times = fake.interactions[iid]
                ack.append((times.callback - times.dispatched) * 1000)
                answer.append((times.followups[0] - times.dispatched) * 1000)
    finally:
        await fake.close()
    # Engine time alone, measured the same way the bot calls it, for comparison.
    for i in range(runs):
        began = time.perf_counter()
        engine.ask(QUESTIONS[i % len(QUESTIONS)])
        engine_ms.append((time.perf_counter() - began) * 1000)
    print(f"/ask over the fake Discord API, {runs} interactions at {rate:g}/s (after 5 warm-up):")
    for label, values in (
        ("INTERACTION_CREATE -> deferred ack", ack),
        ("INTERACTION_CREATE -> answer", answer),
    ):
        median, p90 = statistics.median(values), percentile(values, 0.9)
        print(f"  {label:36}: median {median:7.2f} ms, p90 {p90:7.2f} ms")
    print(f"  {'engine.ask alone (same questions)':36}: median {statistics.median(engine_ms):7.2f} ms")
    gap = statistics.median(answer) - statistics.median(engine_ms)
    print(f"  follow-up median - engine median: {gap:.2f} ms ({'within' if gap <= 20 else 'over'} 20 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rate", type=float, default=1.0, help="questions per second")
    args = parser.parse_args()
    if args.runs < 50:
        parser.error("--runs must be at least 50 for a meaningful median")
    with tempfile.TemporaryDirectory(prefix="newsbot-latency-") as tmp:
        asyncio.run(measure(args.runs, args.rate, Path(tmp)))


if __name__ == "__main__":
    main()
