"""The Discord bot under a burst of /ask, on a quiet machine and beside CPU hogs and a /reindex.

    python -m benchmarks.bot_load [--bursts 500,1000,2000] [--runs 1] [--modes quiet,busy] [--hogs 2]
    python -m benchmarks.bot_load --faults    # 429s, 5xx, a late ack, an expired token, in real time

The real bot from ``create_bot()`` runs in its own process (as in production) against the fake Discord API
of ``tests/bot/fake_discord.py`` in this one: a 1 s heartbeat, the 3 s acknowledgement rule (404 10062
after it), a 5 messages per 5 s channel limit. Each burst is N interactions from N distinct users,
dispatched as fast as the gateway takes them. "busy" adds ``--hogs`` CPU-bound processes (each stops
by itself after ``--hog-seconds``) and a ``/reindex`` that embeds 4 SQuAD articles, both started just
before the burst. Writes ``benchmarks/results/bot_load.md`` and ``.json``.

Per burst: acknowledged within 1 s and 3 s; told "busy" (the bounded queue's overflow); lost (neither
answered, nor told busy, nor told in the channel); acknowledgement p50 / max; when the last answer
arrived; the bot's event-loop stall (a 50 ms timer's worst lateness, measured in the bot process); the
longest gap between gateway heartbeats during the burst.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
QUESTIONS = (
    "How many drones were launched?",
    "What did Lavrov say about European troops?",
    "Who did Trump blame?",
    "What is the capital of Peru?",
    "Where did Trump and Putin meet?",
)
HOG = "import sys, time\nend = time.time() + float(sys.argv[1])\nwhile time.time() < end:\n    pass\n"
SETTLE_SECONDS = 120  # a burst that has not settled by then counts what is missing as lost
EPHEMERAL = 64


# --------------------------------------------------------------------------------------- the bot side


def serve(port: int, seeds: Path, store: Path) -> None:
    """The bot process: the real bot pointed at the fake; prints its loop-stall figures on SIGTERM."""
    import logging

    import discord
    import yarl

    from bot import create_bot
    from bot.settings import Settings
    from index.config import EngineConfig
    from index.runtime import limit_malloc_arenas

    limit_malloc_arenas()
    logging.basicConfig(level=logging.ERROR, format="bot: %(levelname)s %(name)s: %(message)s")
    discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/")
    settings = Settings(
        token="bench-token",
        cooldown_seconds=0,
        engine=EngineConfig(seeds_dir=seeds, store_dir=store),
        guild_ready_timeout=0.1,
    )
    bot = create_bot(settings)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        stalls: list[float] = []

        async def watch() -> None:
            while True:
                began = loop.time()
                await asyncio.sleep(0.05)
                stalls.append(loop.time() - began - 0.05)

        runner = asyncio.create_task(bot.start("bench-token"))
        watcher = asyncio.create_task(watch())
        await stop.wait()
        watcher.cancel()
        await bot.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await runner
        print(json.dumps({"loop_stall_max": max(stalls, default=0.0)}), flush=True)

    asyncio.run(main())


# --------------------------------------------------------------------------------------- the driver


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _extra_articles(count: int) -> list[tuple[str, str]]:
    from benchmarks.data import squad

    articles, _ = squad("heldout")
    return [(a.id, a.file_text()) for a in articles[:count]]


class ServedBot:
    """The real bot in its own process (``--serve``) on a copy of the base index, against a fake Discord
    in this process. ``output`` is the bot's stdout, once it has stopped."""

    def __init__(self, fake, seeds: Path) -> None:
        self.fake = fake
        self.seeds = seeds
        self.output = b""


@contextlib.asynccontextmanager
async def served_bot(base: Path, work: Path):
    from fake_discord import FakeDiscord

    seeds, store = work / "seeds", work / "store"
    shutil.copytree(base / "seeds", seeds)
    shutil.copytree(base / "store", store)
    fake = await FakeDiscord(heartbeat_ms=1000).start()
    env = {**os.environ, "PYTHONPATH": str(REPO), "ANONYMIZED_TELEMETRY": "False"}
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.bot_load", "--serve", str(fake.port), str(seeds), str(store),
        stdout=asyncio.subprocess.PIPE, env=env, cwd=work,
    )  # fmt: skip
    served = ServedBot(fake, seeds)
    try:
        await fake.wait_for(lambda: "ask" in fake.commands and fake.heartbeats, 180)
        yield served
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        try:
            served.output, _ = await asyncio.wait_for(bot.communicate(), 60)
        except TimeoutError:
            bot.kill()
        await fake.close()


async def run_burst(n: int, busy: bool, base: Path, work: Path, hogs: int, hog_seconds: float) -> dict:
    hog_procs: list[subprocess.Popen] = []
    async with served_bot(base, work) as served:
        fake, seeds = served.fake, served.seeds
        try:
            await asyncio.sleep(1.5)
            if busy:
                hog_procs = [subprocess.Popen([sys.executable, "-c", HOG, str(hog_seconds)]) for _ in range(hogs)]
                for article_id, text in _extra_articles(4):
                    (seeds / f"{article_id}.txt").write_text(text, encoding="utf-8")
                await fake.slash("reindex", user=fake.owner)
                await asyncio.sleep(1.0)  # the rebuild is embedding when the burst arrives
            load = os.getloadavg()[0]
            began = time.perf_counter()
            burst = []
            for i in range(n):
                burst.append(
                    await fake.slash("ask", question=QUESTIONS[i % len(QUESTIONS)], user=fake.user(f"user{i}"))
                )
                # The fake's REST side shares this loop: let it take acknowledgements while the burst goes
                # out, as Discord's would, or their arrival times would measure the burst, not the bot.
                await asyncio.sleep(0)
            dispatched = time.perf_counter() - began

            def settled(iid: int) -> bool:
                t = fake.interactions[iid]
                return bool(t.followups) or t.callback_type == 4 or told(iid)

            told_users: set[str] = set()

            def told(iid: int) -> bool:
                return fake.interactions[iid].user_id in told_users

            deadline = time.perf_counter() + SETTLE_SECONDS
            while time.perf_counter() < deadline:
                told_users = {
                    u
                    for r in fake.requests_to("POST", r"/channels/\d+/messages")
                    if r.status == 200
                    for u in map(str, (r.json.get("allowed_mentions") or {}).get("users", []))
                }
                if all(settled(i) for i in burst):
                    break
                await asyncio.sleep(0.25)
            ended = time.perf_counter()
        finally:
            for hog in hog_procs:
                hog.kill()
    out = served.output

    times = [fake.interactions[i] for i in burst]
    acks = [t.callback - t.dispatched for t in times if t.callback is not None]
    busy_told = sum(1 for t in times if t.callback_type == 4 and t.callback_flags & EPHEMERAL)
    answered = [t for t in times if t.followups]
    lost = sum(1 for i in burst if not settled(i))
    beats = [b for b in fake.heartbeats if began <= b <= ended]
    beats = [began] + beats + [ended]
    stats = {}
    for line in out.decode().splitlines():
        with contextlib.suppress(ValueError):
            stats = json.loads(line)
    return {
        "burst": n,
        "machine": f"busy ({hogs} CPU hogs + /reindex)" if busy else "quiet",
        "load_avg_1m": round(load, 2),
        "dispatch_s": round(dispatched, 3),
        "acked_1s": sum(1 for a in acks if a <= 1.0) / n,
        "acked_3s": sum(1 for a in acks if a <= 3.0) / n,
        "rejected_10062": sum(1 for t in times if any(code == 10062 for _, code in t.rejected)),
        "answered": len(answered),
        "busy": busy_told,
        "told_in_channel": sum(1 for i in burst if told(i) and not fake.interactions[i].followups),
        "lost": lost,
        "ack_p50_s": statistics.median(acks) if acks else float("nan"),
        "ack_max_s": max(acks, default=float("nan")),
        "last_answer_s": max((t.followups[0] - began for t in answered), default=float("nan")),
        "loop_stall_max_s": stats.get("loop_stall_max", float("nan")),
        "heartbeat_gap_max_s": max(b - a for a, b in zip(beats, beats[1:], strict=False)),
    }


FAULTS = (
    # (name, what the fake does to that one /ask)
    ("429 with Via (Retry-After 2 s) x2", {"inject": (429, 2, True)}),
    ("429 without Via (Retry-After 2 s) x2", {"inject": (429, 2, False)}),
    ("500 x2", {"inject": (500, 2, True)}),
    ("500 x10", {"inject": (500, 10, True)}),
    ("late acknowledgement (404 10062)", {"ack_deadline": 0.0}),
    ("expired token (401 50027)", {"token_lifetime": 0.0}),
)


async def run_faults(base: Path, work: Path) -> list[dict]:
    """Each fault on one /ask, in real time: when the asker got the answer, or was told in the channel."""
    rows = []
    async with served_bot(base, work) as served:
        fake = served.fake
        for i, (name, fault) in enumerate(FAULTS):
            fake.ack_deadline, fake.token_lifetime = (
                fault.get("ack_deadline", 3.0),
                fault.get("token_lifetime", 900.0),
            )
            if "inject" in fault:
                status, times, via = fault["inject"]
                fake.inject("POST", r"/webhooks/\d+/token-\d+", status, times, retry_after=2.0, via=via)
            user = fake.user(f"asker{i}")
            iid = await fake.slash("ask", question=QUESTIONS[0], user=user)

            def posts(user_id: str = user["id"]) -> list:
                return [
                    r
                    for r in fake.requests_to("POST", r"/channels/\d+/messages")
                    if r.status == 200
                    and user_id in map(str, (r.json.get("allowed_mentions") or {}).get("users", []))
                ]

            await fake.wait_for(lambda iid=iid, posts=posts: fake.interactions[iid].followups or posts(), 120)
            times_ = fake.interactions[iid]
            if times_.followups:
                outcome, at = "answer delivered", times_.followups[0]
            else:
                (post,) = posts()[:1]
                has_answer = "574" in json.dumps(post.json.get("embeds") or [])
                outcome, at = ("answer in the channel" if has_answer else "apology in the channel"), post.at
            rows.append({"fault": name, "outcome": outcome, "seconds": round(at - times_.dispatched, 2)})
            print(f"| {name} | {outcome} | {at - times_.dispatched:.1f} |", flush=True)
            fake.faults.clear()
    return rows


def build_base(root: Path) -> Path:
    from index.build import build_index
    from index.config import EngineConfig

    base = root / "base"
    shutil.copytree(REPO / "seeds", base / "seeds")
    build_index(EngineConfig(seeds_dir=base / "seeds", store_dir=base / "store"))
    return base


def table(rows: list[dict]) -> str:
    lines = [
        "| burst | machine | load avg | acked ≤ 1 s | acked ≤ 3 s | answered | told busy | lost "
        "| ack p50 / max (s) | last answer (s) | loop stall max (s) | heartbeat gap max (s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['burst']:,} | {r['machine']} | {r['load_avg_1m']:.1f} | {100 * r['acked_1s']:.1f} % "
            f"| {100 * r['acked_3s']:.1f} % | {r['answered']:,} | {r['busy']:,} | {r['lost']} "
            f"| {r['ack_p50_s']:.2f} / {r['ack_max_s']:.2f} "
            f"| {r['last_answer_s']:.1f} | {r['loop_stall_max_s']:.2f} | {r['heartbeat_gap_max_s']:.2f} |"
        )
    return "\n".join(lines)


async def drive(args) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsbot-load-") as tmp:
        root = Path(tmp)
        base = await asyncio.to_thread(build_base, root)
        if args.faults:
            return await run_faults(base, root / "faults")
        for mode in args.modes:
            for n in args.bursts:
                for run in range(args.runs):
                    work = root / f"{mode}-{n}-{run}"
                    row = await run_burst(n, mode == "busy", base, work, args.hogs, args.hog_seconds)
                    row["run"] = run + 1
                    print(table([row]).splitlines()[-1], flush=True)
                    rows.append(row)
                    shutil.rmtree(work, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", nargs=3, metavar=("PORT", "SEEDS", "STORE"), help=argparse.SUPPRESS)
    parser.add_argument("--bursts", default="500,1000,2000")
    parser.add_argument("--modes", default="quiet,busy")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--hogs", type=int, default=2)
    parser.add_argument("--hog-seconds", type=float, default=60.0)
    parser.add_argument(
        "--faults", action="store_true", help="instead: each Discord fault on one /ask, in real time"
    )
    args = parser.parse_args()
    if args.serve:
        port, seeds, store = args.serve
        serve(int(port), Path(seeds), Path(store))
        return
    args.bursts = [int(b) for b in args.bursts.split(",")]
    args.modes = [m for m in args.modes.split(",") if m]
    if not set(args.modes) <= {"quiet", "busy"} or args.runs < 1 or args.hogs < 0:
        parser.error("--modes takes quiet and/or busy; --runs >= 1; --hogs >= 0")
    sys.path.insert(0, str(REPO / "tests" / "bot"))
    began = time.time()
    rows = asyncio.run(drive(args))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.faults:
        lines = ["| fault on the follow-up | outcome | seconds after the /ask |", "|---|---|---|"]
        lines += [f"| {r['fault']} | {r['outcome']} | {r['seconds']:.1f} |" for r in rows]
        text = (
            f"# Bot faults\n\n`python -m benchmarks.bot_load --faults`, run {stamp}, real time (no sped-up "
            "clock): one /ask per fault through the fake Discord API.\n\n" + "\n".join(lines) + "\n"
        )
        (RESULTS / "bot_faults.md").write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS / 'bot_faults.md'}")
        return
    header = (
        f"# Bot under load\n\n`python -m benchmarks.bot_load --bursts {','.join(map(str, args.bursts))} "
        f"--modes {','.join(args.modes)} --runs {args.runs} --hogs {args.hogs}`, run {stamp} on "
        f"{os.cpu_count()} cores in {time.time() - began:.0f} s. Queue limit 500 (the default): the "
        "overflow is told busy at once. The machine is shared: 'load avg' is the 1-minute load average "
        "when the burst began (2 cores; other people's work included).\n\n"
    )
    (RESULTS / "bot_load.md").write_text(header + table(rows) + "\n", encoding="utf-8")
    (RESULTS / "bot_load.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'bot_load.md'}")


if __name__ == "__main__":
    main()
